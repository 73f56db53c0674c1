package dev.plat.controller.impl;

import static dev.plat.controller.impl.HazelcastRegistryStoreTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.SecretCipher;
import dev.plat.controller.ContainerEngine;
import io.vertx.core.Future;
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

/**
 * When the controller stops, its secrets root (a temporary folder standing in for the tmpfs) keeps
 * the folders of the instances still running and loses the others, then goes itself once empty;
 * links planted anywhere are removed, never followed.
 */
class SecretsReleaseTest {
  private final Vertx vertx = Vertx.vertx();
  private final SecretCipher cipher = SecretCipher.of(new byte[32]);

  @TempDir
  Path tmp;

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  private FileSocketDirs dirs(Path root) {
    return new FileSocketDirs(vertx, tmp.resolve("sockets"), root, () -> cipher);
  }

  private JsonObject sealed(String value) {
    return new JsonObject().put("db", new JsonObject().put("password",
      cipher.seal("db", "password", value.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void theFoldersOfRunningInstancesStayTheOthersGoThenTheEmptyRoot() throws Exception {
    Path root = tmp.resolve("shm").resolve("plat-x");
    FileSocketDirs before = dirs(root);
    await(before.writeSecrets("a", sealed("pa")));
    await(before.writeSecrets("b", sealed("pb")));
    // a controller started again on the same data folder: it did not write these itself
    FileSocketDirs after = dirs(root);

    await(after.releaseSecrets(id -> id.equals("a")));

    assertEquals("pa", Files.readString(root.resolve("a.secrets/db/password")), "a's instance still runs");
    assertFalse(Files.exists(root.resolve("b.secrets")), "b has no container any more");
    await(after.releaseSecrets(id -> false));
    assertFalse(Files.exists(root), "the empty root goes");
    assertTrue(Files.isDirectory(tmp.resolve("shm")), "its parent stays");
  }

  @Test
  void theRootGoesWhenTheLastInstanceWasDeletedBeforeTheStop() throws Exception {
    Path root = tmp.resolve("plat-x");
    FileSocketDirs dirs = dirs(root);
    await(dirs.writeSecrets("a", sealed("pa")));
    await(dirs.delete("a"));
    assertTrue(Files.isDirectory(root), "the root stays while the node runs");

    await(dirs.releaseSecrets(id -> false));

    assertFalse(Files.exists(root));
  }

  @Test
  void aFolderThisProcessWroteAndDidNotDeleteStaysItsContainerMayBeBeingMade() throws Exception {
    Path root = tmp.resolve("plat-x");
    FileSocketDirs dirs = dirs(root);
    await(dirs.writeSecrets("starting", sealed("p")));

    await(dirs.releaseSecrets(id -> false));

    assertEquals("p", Files.readString(root.resolve("starting.secrets/db/password")));
  }

  @Test
  void theContainersOfThisNodeAreTheInstancesInUse() throws Exception {
    Path root = tmp.resolve("plat-x");
    FileSocketDirs before = dirs(root);
    await(before.writeSecrets("mine", sealed("p1")));
    await(before.writeSecrets("elsewhere", sealed("p2")));
    await(before.writeSecrets("gone", sealed("p3")));
    FakeContainerEngine engine = new FakeContainerEngine();
    engine.existing(Map.of(Names.Label.NODE, "n1", Names.Label.INSTANCE, "mine"), false);
    engine.existing(Map.of(Names.Label.NODE, "n2", Names.Label.INSTANCE, "elsewhere"), true);

    await(ControllerParts.releaseSecrets(engine, dirs(root), "n1"));

    assertEquals(Set.of("mine.secrets"), names(root), "a stopped container of this node may start again");
  }

  @Test
  void whenTheContainersCannotBeListedEveryFolderStays() throws Exception {
    Path root = tmp.resolve("plat-x");
    await(dirs(root).writeSecrets("a", sealed("p")));
    ContainerEngine engine = (ContainerEngine) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> Future.failedFuture("dockerd does not answer"));

    await(ControllerParts.releaseSecrets(engine, dirs(root), "n1"));

    assertEquals(Set.of("a.secrets"), names(root));
  }

  @Test
  void linksInTheRootAreRemovedNeverFollowed() throws Exception {
    Path root = tmp.resolve("plat-x");
    FileSocketDirs dirs = dirs(root);
    await(dirs.writeSecrets("a", sealed("p")));
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Path precious = Files.writeString(outside.resolve("precious"), "keep");
    Files.createDirectories(outside.resolve("x.secrets/db"));
    Files.writeString(outside.resolve("x.secrets/db/password"), "keep");
    Files.createSymbolicLink(root.resolve("linked.secrets"), outside);
    Files.createSymbolicLink(root.resolve("a.secrets/db/file-link"), precious);
    Files.createSymbolicLink(root.resolve("a.secrets/dir-link"), outside);
    Files.createDirectories(root.resolve("b.secrets/deep"));
    Files.createSymbolicLink(root.resolve("b.secrets/deep/up"), tmp);

    await(dirs(root).releaseSecrets(id -> false));

    assertFalse(Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertEquals("keep", Files.readString(precious));
    assertEquals("keep", Files.readString(outside.resolve("x.secrets/db/password")));
    assertEquals(Set.of("precious", "x.secrets"), names(outside));
    assertTrue(Files.isDirectory(tmp), "the link up to the temporary folder was not followed");
  }

  @Test
  void aRootThatIsALinkOrAnotherUsersFolderIsLeftAlone() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside/x.secrets"));
    Files.writeString(outside.resolve("f"), "keep");
    Path root = Files.createSymbolicLink(tmp.resolve("plat-x"), tmp.resolve("outside"));

    await(dirs(root).releaseSecrets(id -> false));
    await(dirs(root).delete("x"));

    assertEquals("keep", Files.readString(outside.resolve("f")));
    assertTrue(Files.isSymbolicLink(root));
  }

  @Test
  void anotherUsersRootIsLeftAlone() throws Exception {
    Path root = tmp.resolve("plat-x");
    await(dirs(root).writeSecrets("a", sealed("p")));
    java.nio.file.attribute.UserPrincipal other;
    try {
      other = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.setOwner(root, other);
    } catch (java.io.IOException notPossible) {
      org.junit.jupiter.api.Assumptions.abort("cannot give a folder to another user here: " + notPossible);
      return;
    }

    await(dirs(root).releaseSecrets(id -> false));
    await(dirs(root).delete("a"));

    assertEquals("p", Files.readString(root.resolve("a.secrets/db/password")));
  }

  @Test
  void otherEntriesOfTheRootStayAndSoDoesTheRoot() throws Exception {
    Path root = tmp.resolve("plat-x");
    await(dirs(root).writeSecrets("a", sealed("p")));
    Files.writeString(root.resolve("notes"), "x");

    await(dirs(root).releaseSecrets(id -> false));

    assertEquals(Set.of("notes"), names(root));
  }

  @Test
  void withoutATmpfsTheSocketsRootNeverGoes() throws Exception {
    Path sockets = tmp.resolve("sockets");
    FileSocketDirs dirs = new FileSocketDirs(vertx, sockets, () -> cipher);
    await(dirs.writeSecrets("a", sealed("p")));
    await(dirs.create("b"));

    await(new FileSocketDirs(vertx, sockets, () -> cipher).releaseSecrets(id -> false));

    assertEquals(Set.of("b"), names(sockets), "a's secrets gone, b's socket folder and the root stay");
  }

  private static Set<String> names(Path folder) throws Exception {
    try (var list = Files.list(folder)) {
      return list.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
    }
  }
}
