package dev.plat.cluster;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the process at the other end of a connected unix socket is one of an instance's own.
 *
 * <p>An instance's socket folder is writable by its code, so the path {@code fn.sock} proves
 * nothing: the code can replace it with a link to the host's {@code docker.sock} or to another
 * instance's socket, or bind it elsewhere. The kernel's answer cannot be faked: the peer's
 * credentials ({@code SO_PEERCRED}, taken when the server called {@code listen}) name its process,
 * and that process's {@code /proc/<pid>/cgroup} must name the instance's container id. A process
 * in a container cannot move itself to another cgroup (its cgroup file system is read-only), so a
 * process of dockerd, of the host or of another container does not pass.
 *
 * <p>Checked once per new connection (a {@code getsockopt} and a read of a small procfs file,
 * which never waits on a disk), never per request.
 */
public final class InstancePeer {
  private InstancePeer() {
  }

  /**
   * Whether {@code channel} (connected) has a process of container {@code containerId} at its
   * other end. False for a channel whose credentials cannot be read (a transport other than
   * epoll): the check fails closed.
   */
  public static boolean belongsTo(Channel channel, String containerId) {
    if (!(channel instanceof EpollDomainSocketChannel domain) || containerId == null || containerId.isBlank()) {
      return false;
    }
    try {
      PeerCredentials peer = domain.peerCredentials();
      return peer.pid() > 0 && inContainer(Files.readString(Path.of("/proc", Integer.toString(peer.pid()), "cgroup")),
        containerId);
    } catch (IOException | RuntimeException e) {
      return false;  // no such process any more, or no credentials
    }
  }

  /** Whether a {@code /proc/<pid>/cgroup} text puts the process in container {@code containerId}'s cgroup. */
  static boolean inContainer(String procCgroup, String containerId) {
    for (String line : procCgroup.split("\n")) {
      String[] f = line.strip().split(":", 3);
      if (f.length == 3 && containsWord(f[2], containerId)) {
        return true;
      }
    }
    return false;
  }

  /** {@code id} in {@code path} as a whole 64-hex word (not a prefix of a longer id). */
  private static boolean containsWord(String path, String id) {
    for (int at = path.indexOf(id); at >= 0; at = path.indexOf(id, at + 1)) {
      int end = at + id.length();
      boolean startOk = at == 0 || !isHex(path.charAt(at - 1));
      boolean endOk = end == path.length() || !isHex(path.charAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
