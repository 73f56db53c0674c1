package dev.plat.cluster.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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

  /** A client TLS context that trusts only the PEM certificate {@code cert} (host names still checked). */
  public static SSLContext trusting(Path cert) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("trusted", read(cert));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The base64 SHA-256 of the certificate's SubjectPublicKeyInfo: the pin Chromium's
   * {@code --ignore-certificate-errors-spki-list} takes to trust this one certificate.
   */
  public static String spkiSha256(Path cert) {
    try {
      byte[] spki = read(cert).getPublicKey().getEncoded();
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Certificate read(Path pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
