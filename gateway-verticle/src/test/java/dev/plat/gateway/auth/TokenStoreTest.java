package dev.plat.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigException;
import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenStoreTest {
  private final TokenStore tokens = new TokenStore("root", List.of("d1:deployer", "i:1:invoker"));

  @Test
  void theAuthTokenIsAdminAndTheOthersHaveTheirRoles() {
    assertEquals(Optional.of(ApiRole.ADMIN), tokens.roleOf("root"));
    assertEquals(Optional.of(ApiRole.DEPLOYER), tokens.roleOf("d1"));
    assertEquals(Optional.of(ApiRole.INVOKER), tokens.roleOf("i:1"), "the role is after the last colon");
  }

  @Test
  void unknownEmptyOrPrefixTokensHaveNoRole() {
    assertEquals(Optional.empty(), tokens.roleOf("roo"));
    assertEquals(Optional.empty(), tokens.roleOf("root "));
    assertEquals(Optional.empty(), tokens.roleOf(""));
    assertEquals(Optional.empty(), tokens.roleOf(null));
    assertEquals(Optional.empty(), tokens.roleOf("d1:deployer"));
  }

  @Test
  void rolesAllowTheirRoutes() {
    assertTrue(ApiRole.ADMIN.allows(Permission.MANAGE) && ApiRole.ADMIN.allows(Permission.INVOKE));
    assertTrue(ApiRole.DEPLOYER.allows(Permission.MANAGE) && ApiRole.DEPLOYER.allows(Permission.INVOKE));
    assertFalse(ApiRole.INVOKER.allows(Permission.MANAGE));
    assertTrue(ApiRole.INVOKER.allows(Permission.INVOKE));
  }

  @Test
  void readsTokensFromTheConfigurationAndRejectsBadOnes() {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.AUTH_TOKEN, "a", ConfigKey.TOKENS, "b:deployer, c:invoker"));
    TokenStore store = TokenStore.from(config);
    assertEquals(Optional.of(ApiRole.ADMIN), store.roleOf("a"));
    assertEquals(Optional.of(ApiRole.INVOKER), store.roleOf("c"));
    assertTrue(config.toJson().getValue("tokens").toString().contains("***"), "tokens are masked");

    assertThrows(ConfigException.class, () -> PlatConfig.of(Map.of(ConfigKey.TOKENS, "b:root")));
    assertThrows(ConfigException.class, () -> PlatConfig.of(Map.of(ConfigKey.TOKENS, "nocolon")));
    assertThrows(ConfigException.class, () -> PlatConfig.of(Map.of(ConfigKey.TOKENS, "x:admin,x:invoker")));
  }
}
