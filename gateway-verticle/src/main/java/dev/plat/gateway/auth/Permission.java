package dev.plat.gateway.auth;

/** What a route needs of the caller's role. */
public enum Permission {
  /** The management REST API, {@code /api/**}. */
  MANAGE,
  /** Invoking functions, {@code /function/**}. */
  INVOKE
}
