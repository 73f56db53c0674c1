package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plat secret create, update, ls and rm: the request each sends and what it prints (never a value). */
class SecretCommandTest {
  static final String SUMMARY = "{\"name\":\"db\",\"keys\":[\"password\",\"user\"],\"createdAt\":1,\"updatedAt\":2,"
    + "\"functions\":[\"app\"]}";
  @TempDir
  Path tmp;
  FakePlatServer server;
  CliRun cli;

  @BeforeEach
  void setUp() throws IOException {
    server = new FakePlatServer().json("POST", "/api/secrets", 201, SUMMARY)
      .json("PUT", "/api/secrets/db", 200, SUMMARY)
      .json("GET", "/api/secrets", 200, "{\"secrets\":[" + SUMMARY + "]}")
      .json("DELETE", "/api/secrets/db", 409, "{\"error\":\"secret 'db' is used by app\",\"code\":\"secret_in_use\"}");
    cli = CliRun.against(server.url(), tmp);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private JsonNode sent(String method, String path) {
    return JsonTrees.tryParse(server.requests(method, path).get(0).body());
  }

  private static JsonNode json(String text) {
    return JsonTrees.tryParse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void createSendsLiteralsAndFilesKeyedByFileName() throws IOException {
    Path file = tmp.resolve("password");
    Files.writeString(file, "pä55\n");

    CliRun.Result r = cli.run("secret", "create", "db", "--from-literal", "user=shop=1", "--from-file", file.toString());

    assertEquals(0, r.exit(), r.toString());
    assertEquals(json("{\"name\":\"db\",\"data\":{\"user\":\"shop=1\",\"password\":\"pä55\\n\"}}"),
      sent("POST", "/api/secrets"));
    assertEquals("application/json", server.requests("POST", "/api/secrets").get(0).header("Content-Type"));
    assertTrue(r.out().contains("Created secret db (keys: password, user)"), r.out());
    assertFalse(r.out().contains("shop=1") || r.out().contains("pä55"));
  }

  @Test
  void updatePutsTheNewValues() {
    CliRun.Result r = cli.run("secret", "update", "db", "--from-literal", "password=n3w", "-o", "json");

    assertEquals(0, r.exit(), r.toString());
    assertEquals(json("{\"data\":{\"password\":\"n3w\"}}"), sent("PUT", "/api/secrets/db"));
    assertEquals(json(SUMMARY), json(r.out()));
  }

  @Test
  void badValuesAreUsageErrorsBeforeAnyRequest() {
    assertEquals(2, cli.run("secret", "create", "db").exit());
    assertEquals(2, cli.run("secret", "create", "db", "--from-literal", "novalue").exit());
    assertEquals(2, cli.run("secret", "create", "db", "--from-literal", "k=1", "--from-literal", "k=2").exit());
    assertTrue(server.requests.isEmpty());
  }

  @Test
  void lsShowsKeysAndUsersAndRmInUseFails() {
    CliRun.Result ls = cli.run("secret", "ls");
    assertEquals(0, ls.exit(), ls.toString());
    assertTrue(ls.out().matches("(?s)NAME +KEYS +FUNCTIONS +UPDATED\ndb +password,user +app +1970-01-01T00:00:00.002Z\n"),
      ls.out());

    CliRun.Result rm = cli.run("secret", "rm", "db");
    assertEquals(1, rm.exit(), rm.toString());
    assertTrue(rm.err().contains("secret 'db' is used by app"), rm.toString());
  }

  @Test
  void aFileThatIsNotTextTravelsAsBase64ByteForByte() throws IOException {
    byte[] random = new byte[2048];
    new java.util.Random(11).nextBytes(random);
    random[0] = (byte) 0xff; // never UTF-8
    Path file = tmp.resolve("key.der");
    Files.write(file, random);

    CliRun.Result r = cli.run("secret", "create", "tls", "--from-file", file.toString(), "--from-literal", "user=ü");

    assertEquals(0, r.exit(), r.toString());
    JsonNode body = sent("POST", "/api/secrets");
    assertEquals("base64", body.path("encoding").asText());
    assertArrayEquals(random, java.util.Base64.getDecoder().decode(body.path("data").path("key.der").asText()));
    assertArrayEquals("ü".getBytes(StandardCharsets.UTF_8),
      java.util.Base64.getDecoder().decode(body.path("data").path("user").asText()));
  }

  @Test
  void aUsageErrorNeverEchoesALiteralValue() {
    // a value with a space given unquoted, a forgotten --from-literal, a mistyped option with its value
    CliRun.Result spaced = cli.run("secret", "create", "db", "--from-literal", "password=hunter2", "tail-of-it");
    CliRun.Result forgotten = cli.run("secret", "update", "db", "--from-literal", "user=shop", "password=hunter2");
    CliRun.Result mistyped = cli.run("secret", "create", "db", "--from-litteral=password=hunter2");

    for (CliRun.Result r : List.of(spaced, forgotten, mistyped)) {
      assertEquals(2, r.exit(), r.toString());
      String all = r.out() + r.err();
      assertFalse(all.contains("hunter2") || all.contains("tail-of-it"), all);
      assertTrue(r.err().startsWith("plat: "), r.err());
    }
    assertTrue(forgotten.err().contains("'password=***'"), forgotten.err());
    assertTrue(mistyped.err().contains("--from-litteral=password=***"), mistyped.err());
    assertTrue(server.requests.isEmpty());
  }

  @Test
  void redactsOnlyWhatMayBeAValue() {
    String[] args = {"secret", "create", "db", "--from-literal", "k=v4lue", "stray"};
    assertEquals("Unmatched argument at index 5: '***'; was 'k=***'",
      UsageErrors.redact("Unmatched argument at index 5: 'stray'; was 'k=v4lue'", args));
    assertEquals("Unknown option: '--bogus'", UsageErrors.redact("Unknown option: '--bogus'",
      new String[] {"ls", "--bogus"}));
  }
}
