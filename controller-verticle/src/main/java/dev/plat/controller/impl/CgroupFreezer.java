package dev.plat.controller.impl;

import dev.plat.controller.impl.FreezerPaths.Kind;
import dev.plat.controller.impl.FreezerPaths.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Freezes and thaws a container's processes through its cgroup freezer files. Every method does
 * blocking file IO: call it from a worker, never from an event loop.
 */
final class CgroupFreezer {
  /** How long a freeze may stay in {@code FREEZING} before it is undone and reported as failed. */
  static final long FREEZE_TIMEOUT_MS = 2_000;

  private final Path proc;
  private final long freezeTimeoutMs;

  /** @param proc the proc file system: {@code /proc}, or a folder laid out like it in tests */
  public CgroupFreezer(Path proc) {
    this(proc, FREEZE_TIMEOUT_MS);
  }

  CgroupFreezer(Path proc, long freezeTimeoutMs) {
    this.proc = proc;
    this.freezeTimeoutMs = freezeTimeoutMs;
  }

  /**
   * The writable freezer of the container whose main process is {@code pid} (host pid namespace);
   * empty when there is none this process may write (no such pid here, another namespace, no permission).
   */
  public Optional<Target> locate(String containerId, long pid) throws IOException {
    if (pid <= 0) {
      return Optional.empty();
    }
    String cgroup;
    try {
      cgroup = Files.readString(proc.resolve(pid + "/cgroup"), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    String mountinfo = Files.readString(proc.resolve("self/mountinfo"), StandardCharsets.UTF_8);
    return FreezerPaths.candidates(cgroup, mountinfo, containerId).stream()
      .filter(t -> Files.isRegularFile(t.file()) && Files.isWritable(t.file()))
      .findFirst();
  }

  /** Freezes the cgroup; returns once every process in it is frozen, or undoes the freeze and fails. */
  public void freeze(Target target) throws IOException {
    write(target, target.kind().frozen);
    long deadline = System.nanoTime() + freezeTimeoutMs * 1_000_000;
    while (!settled(target)) {
      if (System.nanoTime() > deadline) {
        write(target, target.kind().thawed);
        throw new IOException("cgroup " + target.file().getParent() + " not frozen within " + freezeTimeoutMs + " ms");
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        write(target, target.kind().thawed);
        throw new IOException("interrupted while freezing", e);
      }
    }
  }

  /** Thaws the cgroup; its processes run again when this returns. */
  public void thaw(Target target) throws IOException {
    write(target, target.kind().thawed);
  }

  /** Whether the cgroup is frozen or being frozen. */
  public boolean frozen(Target target) throws IOException {
    String state = Files.readString(target.file(), StandardCharsets.US_ASCII).strip();
    return target.kind() == Kind.V1 ? !state.equals(Kind.V1.thawed) : state.equals(Kind.V2.frozen);
  }

  /** v1: {@code freezer.state} reads FROZEN; v2: {@code cgroup.events} says {@code frozen 1}. */
  private static boolean settled(Target target) throws IOException {
    if (target.kind() == Kind.V1) {
      return Files.readString(target.file(), StandardCharsets.US_ASCII).strip().equals(Kind.V1.frozen);
    }
    Path events = target.file().resolveSibling("cgroup.events");
    return Files.readAllLines(events, StandardCharsets.US_ASCII).stream().anyMatch(l -> l.strip().equals("frozen 1"));
  }

  private static void write(Target target, String value) throws IOException {
    Files.writeString(target.file(), value, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
      StandardOpenOption.TRUNCATE_EXISTING);
  }
}
