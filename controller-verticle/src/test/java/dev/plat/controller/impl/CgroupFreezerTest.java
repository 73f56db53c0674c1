package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.controller.impl.FreezerPaths.Kind;
import dev.plat.controller.impl.FreezerPaths.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The freezer's file protocol against a folder laid out like /proc and a cgroup hierarchy. */
class CgroupFreezerTest {
  private static final String ID = "abc123def456";

  @TempDir
  Path tmp;

  /** A v1 freezer hierarchy mounted at tmp/freezer, holding the container's cgroup; pid 42 runs in it. */
  private Path v1() throws IOException {
    Path cgroup = Files.createDirectories(tmp.resolve("freezer/docker/" + ID));
    Files.writeString(cgroup.resolve("freezer.state"), "THAWED\n");
    proc("6:freezer:/docker/" + ID + "\n", "33 25 0:31 / " + tmp.resolve("freezer") + " rw - cgroup cgroup rw,freezer\n");
    return cgroup;
  }

  private void proc(String cgroup, String mountinfo) throws IOException {
    Files.createDirectories(tmp.resolve("proc/42"));
    Files.createDirectories(tmp.resolve("proc/self"));
    Files.writeString(tmp.resolve("proc/42/cgroup"), cgroup);
    Files.writeString(tmp.resolve("proc/self/mountinfo"), mountinfo);
  }

  @Test
  void locatesFreezesAndThawsAV1Cgroup() throws IOException {
    Path cgroup = v1();
    CgroupFreezer freezer = new CgroupFreezer(tmp.resolve("proc"));
    Target target = freezer.locate(ID, 42).orElseThrow();
    assertEquals(new Target(Kind.V1, cgroup.resolve("freezer.state")), target);
    assertFalse(freezer.frozen(target));

    freezer.freeze(target);
    assertEquals("FROZEN", Files.readString(target.file()));
    assertTrue(freezer.frozen(target));

    freezer.thaw(target);
    assertEquals("THAWED", Files.readString(target.file()));
    assertFalse(freezer.frozen(target));
  }

  @Test
  void locatesFreezesAndThawsAV2Cgroup() throws IOException {
    Path cgroup = Files.createDirectories(tmp.resolve("unified/system.slice/docker-" + ID + ".scope"));
    Files.writeString(cgroup.resolve("cgroup.freeze"), "0\n");
    Files.writeString(cgroup.resolve("cgroup.events"), "populated 1\nfrozen 1\n");
    proc("0::/system.slice/docker-" + ID + ".scope\n", "35 24 0:30 / " + tmp.resolve("unified") + " rw - cgroup2 cgroup2 rw\n");
    CgroupFreezer freezer = new CgroupFreezer(tmp.resolve("proc"));
    Target target = freezer.locate(ID, 42).orElseThrow();
    assertEquals(Kind.V2, target.kind());

    freezer.freeze(target);
    assertEquals("1", Files.readString(target.file()));
    assertTrue(freezer.frozen(target));
    freezer.thaw(target);
    assertEquals("0", Files.readString(target.file()));
  }

  @Test
  void nothingIsLocatedForANonRunningContainerAPidNotHereOrAMissingControlFile() throws IOException {
    Path cgroup = v1();
    CgroupFreezer freezer = new CgroupFreezer(tmp.resolve("proc"));
    assertEquals(Optional.empty(), freezer.locate(ID, 0));
    assertEquals(Optional.empty(), freezer.locate(ID, 77));
    assertEquals(Optional.empty(), freezer.locate("another-container", 42));
    Files.delete(cgroup.resolve("freezer.state"));
    assertEquals(Optional.empty(), freezer.locate(ID, 42));
  }

  @Test
  void aCgroupThatNeverReportsFrozenIsThawedAgainAndTheFreezeFails() throws IOException {
    Path cgroup = Files.createDirectories(tmp.resolve("unified/c-" + ID));
    Files.writeString(cgroup.resolve("cgroup.freeze"), "0");
    Files.writeString(cgroup.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
    Target target = new Target(Kind.V2, cgroup.resolve("cgroup.freeze"));
    CgroupFreezer freezer = new CgroupFreezer(tmp.resolve("proc"), 50);
    try {
      freezer.freeze(target);
      throw new AssertionError("the freeze should have failed");
    } catch (IOException expected) {
      assertTrue(expected.getMessage().contains("not frozen"), expected.getMessage());
    }
    assertEquals("0", Files.readString(target.file()), "thawed again");
  }
}
