package dev.plat.builder.impl;

import java.util.Locale;

/** Where a build is. {@link #SUCCEEDED} and {@link #FAILED} are final. */
public enum BuildState {
  QUEUED, BUILDING, PUSHING, SUCCEEDED, FAILED;

  /** The name used in JSON, e.g. {@code building}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
