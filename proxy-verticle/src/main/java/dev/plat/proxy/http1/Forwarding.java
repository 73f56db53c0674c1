package dev.plat.proxy.http1;

import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.Names;
import java.nio.charset.StandardCharsets;

/**
 * The marks a request carries to another node's proxy port, encoded once: {@link
 * Names.Header#FORWARDED_BY} with this node's id and {@link Names.Header#CLUSTER_AUTH} with the
 * cluster secret (none when this node has no secret: the other node then answers 401).
 */
public final class Forwarding {
  public final String nodeId;
  /** The header lines, each ending in CRLF. */
  public final byte[] headerLines;
  private final ClusterSecret secret;

  public Forwarding(String nodeId, ClusterSecret secret) {
    this.nodeId = nodeId;
    this.secret = secret;
    String lines = Names.Header.FORWARDED_BY + ": " + nodeId + "\r\n"
      + (secret == null ? "" : Names.Header.CLUSTER_AUTH + ": " + secret.headerValue() + "\r\n");
    this.headerLines = lines.getBytes(StandardCharsets.US_ASCII);
  }

  /** Sets the marks in {@code headers} (a request to another node's proxy port that Vert.x encodes). */
  public void set(io.vertx.core.MultiMap headers) {
    headers.set(Names.Header.FORWARDED_BY, nodeId);
    if (secret != null) {
      headers.set(Names.Header.CLUSTER_AUTH, secret.headerValue());
    }
  }

  /** Masked: the secret is never logged. */
  @Override
  public String toString() {
    return "Forwarding[" + nodeId + "]";
  }
}
