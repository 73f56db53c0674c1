package dev.plat.gateway.auth;

import java.util.Locale;

/**
 * The role a bearer token grants.
 *
 * <table>
 *   <caption>permissions</caption>
 *   <tr><th>role</th><th>{@link Permission#MANAGE} ({@code /api/**})</th><th>{@link Permission#INVOKE} ({@code /function/**})</th></tr>
 *   <tr><td>admin</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>deployer</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>invoker</td><td>no</td><td>yes</td></tr>
 * </table>
 */
public enum ApiRole {
  ADMIN, DEPLOYER, INVOKER;

  /** Whether this role may use routes needing {@code permission}. */
  public boolean allows(Permission permission) {
    return switch (this) {
      case ADMIN, DEPLOYER -> true;
      case INVOKER -> permission == Permission.INVOKE;
    };
  }

  /** The role's name as configured: {@code admin}, {@code deployer}, {@code invoker}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for an unknown role name */
  public static ApiRole of(String id) {
    for (ApiRole role : values()) {
      if (role.id().equals(id)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role '" + id + "', expected admin, deployer or invoker");
  }
}
