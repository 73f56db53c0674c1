package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plat} against an https gateway with a self-signed certificate: --ca-file and PLAT_CA_FILE. */
class CaFileTest {
  @TempDir
  Path tmp;
  private FakePlatServer server;
  private Path cert;

  @BeforeEach
  void start() throws Exception {
    cert = tmp.resolve("cert.pem");
    Path key = tmp.resolve("key.pem");
    Path p12 = tmp.resolve("server.p12");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
      key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    openssl("pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(), "-out", p12.toString(),
      "-passout", "pass:test");
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, "test".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "test".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    server = new FakePlatServer(tls).json("GET", "/api/functions", 200, "{\"functions\":[]}");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static void openssl(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "openssl";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }

  @Test
  void refusesAnUnknownCertificateAndSaysHowToTrustIt() {
    CliRun.Result result = CliRun.against(server.url(), tmp).run("ls");
    assertEquals(3, result.exit(), result::toString);
    assertTrue(result.err().contains("--ca-file"), result::toString);
    assertEquals(0, server.requests.size());
  }

  @Test
  void trustsTheCertificateOfTheCaFileFlag() {
    CliRun.Result result = CliRun.against(server.url(), tmp).run("--ca-file", cert.toString(), "ls");
    assertEquals(0, result.exit(), result::toString);
    assertEquals(1, server.requests("GET", "/api/functions").size());
  }

  @Test
  void trustsTheCertificateOfPlatCaFile() {
    CliRun run = CliRun.against(server.url(), tmp);
    run.env.put("PLAT_CA_FILE", cert.toString());
    CliRun.Result result = run.run("ls");
    assertEquals(0, result.exit(), result::toString);
    // the JDK HttpClient path (methods HttpURLConnection refuses) trusts it too
    server.json("PATCH", "/function/f", 200, "{}");
    assertEquals(0, run.run("invoke", "-X", "PATCH", "f").exit());
  }
}
