package dev.plat.gateway.api;

import dev.plat.cluster.api.PlatError;
import java.util.regex.Pattern;

/** Build ids in paths: anything but a plain token cannot name a build. */
final class BuildIds {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private BuildIds() {
  }

  /** {@code id}, or a 404 {@code build_not_found} when it cannot be a build id. */
  static String require(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw PlatError.notFound("build_not_found", "no build '" + id + "'");
    }
    return id;
  }
}
