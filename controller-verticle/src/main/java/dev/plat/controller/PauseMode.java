package dev.plat.controller;

import java.util.Locale;

/** How the controller pauses an idle instance and resumes it (setting {@code pauseMode}). */
public enum PauseMode {
  /** The freezer when dockerd runs on this host and the container's cgroup is writable; else {@link #DOCKER}. */
  AUTO,
  /** The Docker Engine API: {@code POST /containers/{id}/pause} and {@code /unpause}. */
  DOCKER,
  /**
   * The container's cgroup freezer, written directly (v1 {@code freezer.state}, v2
   * {@code cgroup.freeze}); a pause fails where that is not possible. Docker is not told: it lists
   * the container as running, so the controller thaws it before any stop or removal and on shutdown.
   */
  FREEZER;

  /** {@code auto}, {@code docker} or {@code freezer}, any case. */
  public static PauseMode of(String value) {
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("pauseMode must be auto, docker or freezer, got '" + value + "'");
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
