package dev.plat.builder.impl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A runtime as its {@code runtime.json} describes it.
 *
 * @param name         folder name, e.g. {@code python-flask}
 * @param dir          the runtime's folder: its files become the root of the build context
 * @param handler      the file the zip must hold at its root, e.g. {@code handler.py}
 * @param alternatives other files accepted instead of the handler, e.g. {@code app.py}
 * @param baseImage    the {@code BASE_IMAGE} build argument to pass, or {@code null} for the Dockerfile's default
 */
public record Runtime(String name, Path dir, String handler, List<String> alternatives, String baseImage) {

  public Runtime {
    alternatives = List.copyOf(alternatives);
  }

  /** The handler first, then the alternatives. */
  public List<String> entryPoints() {
    List<String> all = new ArrayList<>();
    all.add(handler);
    all.addAll(alternatives);
    return all;
  }
}
