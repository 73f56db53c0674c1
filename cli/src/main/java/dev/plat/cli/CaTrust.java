package dev.plat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS trust for a gateway whose certificate no public CA signed (a self-signed set-up): the
 * certificates of a PEM file ({@code --ca-file}, {@code PLAT_CA_FILE}), trusted instead of the JDK's
 * CAs. Host names are still checked against the certificate.
 */
final class CaTrust {
  private CaTrust() {
  }

  /** An SSL context trusting the certificates in {@code pemFile}; a usage error when it holds none or cannot be read. */
  static SSLContext context(Path pemFile) {
    try (InputStream in = Files.newInputStream(pemFile)) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw CliException.usage("the CA file " + pemFile + " holds no PEM certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert : certs) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw CliException.usage("cannot read the CA file " + pemFile + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw CliException.usage("the CA file " + pemFile + " is not a PEM certificate file: " + e.getMessage());
    }
  }
}
