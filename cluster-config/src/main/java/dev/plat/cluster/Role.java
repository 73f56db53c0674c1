package dev.plat.cluster;

import java.util.Locale;

/** A role a node can play; a node runs any non-empty set of them (default: all). */
public enum Role {
  GATEWAY, CONTROLLER, PROXY, BUILDER;

  /** The role as written in configuration: lower case, e.g. {@code gateway}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role whose {@link #id()} is {@code id}, or {@code null} when there is none. */
  public static Role of(String id) {
    for (Role role : values()) {
      if (role.id().equals(id)) {
        return role;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return id();
  }
}
