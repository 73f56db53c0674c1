package dev.plat.cluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Self-signed certificates for TLS tests, made at test time by the system's {@code openssl} (an
 * EC P-256 key, valid two days, for {@code localhost} and {@code 127.0.0.1}).
 */
public final class TestCertificates {
  private TestCertificates() {
  }

  /** A certificate and its key, PEM files. */
  public record Pair(Path cert, Path key) {
  }

  /**
   * Writes {@code cert.pem} and {@code key.pem} (PKCS#8) into {@code dir}, for subject {@code CN=cn},
   * valid for {@code localhost}, {@code 127.0.0.1} and {@code dnsNames}.
   */
  public static Pair selfSigned(Path dir, String cn, String... dnsNames) {
    try {
      Files.createDirectories(dir);
      Path cert = dir.resolve("cert.pem");
      Path key = dir.resolve("key.pem");
      Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2",
        "-subj", "/CN=" + cn, "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"
          + java.util.Arrays.stream(dnsNames).map(n -> ",DNS:" + n).collect(java.util.stream.Collectors.joining()))
        .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("openssl failed: " + output);
      }
      return new Pair(cert, key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
