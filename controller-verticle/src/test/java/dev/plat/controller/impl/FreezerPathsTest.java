package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.controller.impl.FreezerPaths.Kind;
import dev.plat.controller.impl.FreezerPaths.Target;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreezerPathsTest {
  private static final String ID = "6def0ecbe9c798faa7099490d3572b8332500ba16cd23968e0c795fc00fb7e57";

  /** This machine: cgroup v1 hierarchies under a tmpfs, plus the v2 one on /sys/fs/cgroup/unified. */
  private static final String HYBRID_MOUNTS = String.join("\n",
    "24 1 0:22 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw",
    "25 24 0:23 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
    "26 25 0:24 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw,nsdelegate",
    "30 25 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
    "33 25 0:31 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer");
  private static final String HYBRID_CGROUP = String.join("\n",
    "9:name=systemd:/docker/" + ID,
    "6:freezer:/docker/" + ID,
    "1:cpu:/docker/" + ID,
    "0::/docker/" + ID, "");

  @Test
  void onAHybridHostTheV1FreezerComesBeforeTheUnifiedHierarchy() {
    List<Target> found = FreezerPaths.candidates(HYBRID_CGROUP, HYBRID_MOUNTS, ID);
    assertEquals(List.of(
      new Target(Kind.V1, Path.of("/sys/fs/cgroup/freezer/docker/" + ID + "/freezer.state")),
      new Target(Kind.V2, Path.of("/sys/fs/cgroup/unified/docker/" + ID + "/cgroup.freeze"))), found);
  }

  @Test
  void onAPureV2HostWithTheSystemdDriverItIsCgroupFreezeOfTheScope() {
    String mounts = "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate\n";
    String cgroup = "0::/system.slice/docker-" + ID + ".scope\n";
    assertEquals(List.of(new Target(Kind.V2, Path.of("/sys/fs/cgroup/system.slice/docker-" + ID + ".scope/cgroup.freeze"))),
      FreezerPaths.candidates(cgroup, mounts, ID));
  }

  @Test
  void aMountOfASubtreeMapsTheCgroupPathUnderItsRoot() {
    String mounts = "40 25 0:31 /docker /mnt/freezer rw - cgroup cgroup rw,freezer\n"
      + "41 25 0:31 /other /mnt/elsewhere rw - cgroup cgroup rw,freezer\n";
    assertEquals(List.of(new Target(Kind.V1, Path.of("/mnt/freezer/" + ID + "/freezer.state"))),
      FreezerPaths.candidates("6:freezer:/docker/" + ID + "\n", mounts, ID));
  }

  @Test
  void aCgroupPathWithoutTheContainerIdIsNotTaken() {
    // the pid is another process here: the controller runs in its own pid namespace, or dockerd is remote
    String cgroup = "6:freezer:/user.slice\n0::/user.slice/session-1.scope\n";
    assertTrue(FreezerPaths.candidates(cgroup, HYBRID_MOUNTS, ID).isEmpty());
    assertTrue(FreezerPaths.candidates(HYBRID_CGROUP, HYBRID_MOUNTS, "").isEmpty());
  }

  @Test
  void noFreezerMountMeansNoCandidate() {
    String mounts = "30 25 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n";
    assertTrue(FreezerPaths.candidates(HYBRID_CGROUP, mounts, ID).isEmpty());
  }

  @Test
  void escapedSpacesInAMountPointAreDecoded() {
    String mounts = "33 25 0:31 / /cg\\040root/freezer rw - cgroup cgroup rw,freezer\n";
    assertEquals(Path.of("/cg root/freezer/docker/" + ID + "/freezer.state"),
      FreezerPaths.candidates("6:freezer:/docker/" + ID, mounts, ID).get(0).file());
    assertEquals("a\\b", FreezerPaths.unescape("a\\134b"));
  }
}
