package dev.plat.proxy.upstream;

/**
 * Why an upstream connection could not serve an exchange, in words a caller may read: the
 * message is the end of a sentence starting with the function's name ("function 'f' " + message),
 * never a Java class name. No stack trace is taken.
 */
public final class UpstreamFailure extends Exception {
  /** The process behind the socket is not the instance's own ({@link dev.plat.cluster.InstancePeer}). */
  public final boolean unverified;

  private UpstreamFailure(String message, boolean unverified) {
    super(message, null, false, false);
    this.unverified = unverified;
  }

  /** The function's answer broke HTTP/1.x: {@code what} says how. */
  static UpstreamFailure badResponse(String what) {
    return new UpstreamFailure(what, false);
  }

  /** The process at the other end of a new connection is not one of the instance's container. */
  public static UpstreamFailure unverified() {
    return new UpstreamFailure("is not served by its own instance: the process behind its socket is not in its container",
      true);
  }
}
