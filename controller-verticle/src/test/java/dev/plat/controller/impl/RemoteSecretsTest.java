package dev.plat.controller.impl;

import static dev.plat.controller.impl.HazelcastRegistryStoreTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.plat.cluster.Names;
import dev.plat.cluster.NodeInfo;
import dev.plat.cluster.SecretCipher;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.docker.ContainerSpec;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another node's secrets through its agent on the bus: only sealed values travel, that node writes the files. */
class RemoteSecretsTest {
  private final Vertx vertx = Vertx.vertx();
  private final SecretCipher cipher = SecretCipher.of(new byte[32]);

  @TempDir
  Path dataDir;

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  @Test
  void theAgentsNodeDecryptsAndWritesTheFilesAndTheirMountIsAllowed() throws Exception {
    FileSocketDirs dirs = new FileSocketDirs(vertx, dataDir.resolve("sockets"), () -> cipher);
    NodeAgent agent = new NodeAgent("n2", new FakeContainerEngine(), dirs, new FakeHealthProbe());
    await(agent.start(vertx));
    RemoteHost remote = new RemoteHost(vertx, new NodeInfo("n2", Set.of(), "127.0.0.1:1", "127.0.0.1:2", 0,
      dataDir.toString(), 0), 10_000);
    JsonObject sealed = new JsonObject().put("db", new JsonObject().put("password",
      cipher.seal("db", "password", "pw".getBytes(StandardCharsets.UTF_8))));

    String folder = await(remote.writeSecrets("abc", sealed));

    assertEquals(dataDir.resolve("sockets").resolve("abc.secrets").toString(), folder);
    assertEquals(remote.secretsFolder("abc"), folder);
    assertEquals("pw", Files.readString(Path.of(folder, "db", "password")));
    Instance instance = new Instance("abc", "app", 1, "f", "n2", remote.socket("abc"), FunctionSpec.Limits.DEFAULT);
    FunctionSpec spec = new FunctionSpec("app", "python-flask", 1, "img:1", null, Map.of(), null, null, null, null,
      false, null, null, 0, 0);
    ContainerSpec container = InstanceSpecs.container(spec, instance, remote.folder("abc"), folder, 1);
    assertEquals("n2", container.labels().get(Names.Label.NODE));
    assertNull(agent.refusal(container), "the secrets folder is under this node's socket folders");

    await(remote.delete("abc"));
    assertFalse(Files.exists(Path.of(folder)));
  }

  @Test
  void secretsInTheirOwnRootAreWrittenListedDeletedAndMayBeMountedAndSecretEnvOpensOnTheAgentsNode(
      @TempDir Path secretsParent) throws Exception {
    Path secretsRoot = secretsParent.resolve("plat-x");
    FileSocketDirs dirs = new FileSocketDirs(vertx, dataDir.resolve("sockets"), secretsRoot, () -> cipher);
    FakeContainerEngine fake = new FakeContainerEngine();
    NodeAgent agent = new NodeAgent("n2", new SecretEnvEngine(fake, vertx, () -> cipher), dirs, new FakeHealthProbe());
    await(agent.start(vertx));
    RemoteHost remote = new RemoteHost(vertx, new NodeInfo("n2", Set.of(), "127.0.0.1:1", "127.0.0.1:2", 0,
      dataDir.toString(), 0), 10_000);
    JsonObject sealed = new JsonObject().put("db", new JsonObject().put("password",
      cipher.seal("db", "password", "pw".getBytes(StandardCharsets.UTF_8))));

    String folder = await(remote.writeSecrets("abc", sealed));

    assertEquals(secretsRoot.resolve("abc.secrets").toString(), folder);
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
      Files.getPosixFilePermissions(secretsRoot)));
    assertEquals(Set.of("abc"), await(dirs.instances()));
    Instance instance = new Instance("abc", "app", 1, "f", "n2", remote.socket("abc"), FunctionSpec.Limits.DEFAULT);
    FunctionSpec spec = new FunctionSpec("app", "python-flask", 1, "img:1", null, Map.of(), null, null, null, null,
      false, null, null, 0, 0);
    ContainerSpec container = InstanceSpecs.container(spec, instance, remote.folder("abc"), folder, 1);
    assertNull(agent.refusal(container), "the secrets root is this node's");
    ContainerSpec elsewhere = container.toBuilder().bind(secretsParent.toString(), "/x", true).build();
    assertEquals("it mounts " + secretsParent + ", outside this node's socket and secrets folders",
      agent.refusal(elsewhere));

    JsonObject env = new JsonObject().put("DB_PASSWORD", new JsonObject().put("secret", "db").put("key", "password")
      .put("sealed", cipher.seal("db", "password", "pw".getBytes(StandardCharsets.UTF_8))));
    String id = await(remote.run(container, env));
    assertEquals("pw", fake.containers.get(id).spec.env().get("DB_PASSWORD"));

    await(remote.delete("abc"));
    assertFalse(Files.exists(Path.of(folder)));
    assertEquals(Set.of(), await(dirs.instances()));
  }

  @Test
  void aSecretsRootSomeoneElsePreparedIsRefused(@TempDir Path parent) throws Exception {
    Path target = Files.createDirectory(parent.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(parent.resolve("plat-x"), target);
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
      () -> SecretsRoot.prepare(link));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("not a folder"), e.getMessage());

    assertEquals(parent.resolve("sockets"), SecretsRoot.choose(java.util.List.of(parent), dataDir, parent.resolve("sockets")),
      "not a tmpfs: the fallback");
    org.junit.jupiter.api.Assumptions.assumeTrue(SecretsRoot.isMemory(Path.of("/dev/shm")), "/dev/shm is a tmpfs here");
    Path chosen = SecretsRoot.choose(java.util.List.of(parent, Path.of("/dev/shm")), dataDir, parent);
    assertEquals(Path.of("/dev/shm"), chosen.getParent());
    org.junit.jupiter.api.Assertions.assertTrue(chosen.getFileName().toString().matches("plat-[0-9a-f]{16}"), chosen.toString());
    assertEquals(chosen, SecretsRoot.choose(java.util.List.of(Path.of("/dev/shm")), dataDir.resolve("."), parent),
      "the same data folder, the same root");
  }
}
