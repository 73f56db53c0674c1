package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class GatewayCredentialsTest {
  private static final Predicate<String> KNOWN = "gw"::equals;

  @Test
  void aPrivateFunctionLosesEveryAccessTokenAndKeepsTheRestInOrder() {
    assertEquals("a=1&b=2;c=3", GatewayCredentials.query("a=1&access_token=x&b=2;c=3", false, KNOWN));
    assertEquals("a=1&&b", GatewayCredentials.query("a=1&access_token=gw&&b", false, KNOWN));
    assertEquals("z", GatewayCredentials.query("ACCESS%5Ftoken=x&z&access_token", false, KNOWN));
    assertNull(GatewayCredentials.query("access_token=x", false, KNOWN));
    assertEquals("my_access_token=x&access_tokens=y", GatewayCredentials.query("my_access_token=x&access_tokens=y", false, KNOWN));
  }

  @Test
  void aPublicFunctionLosesOnlyTheGatewaysTokens() {
    assertEquals("b=2", GatewayCredentials.query("access_token=gw&b=2", true, KNOWN));
    assertEquals("b=2", GatewayCredentials.query("b=2&access_token=%67w", true, KNOWN));
    assertEquals("b=2&access_token=own", GatewayCredentials.query("b=2&access_token=own", true, KNOWN));
  }

  @Test
  void aQueryWithoutAnyIsTheSameString() {
    String query = "q=access_token&x=%20";
    assertSame(query, GatewayCredentials.query(query, false, KNOWN));
    assertNull(GatewayCredentials.query(null, false, KNOWN));
  }

  @Test
  void authorizationIsStrippedOnPrivateFunctionsAndForTheGatewaysBearerTokensOnPublicOnes() {
    assertTrue(GatewayCredentials.stripsAuthorization("Basic dTpw", false, KNOWN));
    assertTrue(GatewayCredentials.stripsAuthorization("bearer  gw ", true, KNOWN));
    assertFalse(GatewayCredentials.stripsAuthorization("Bearer own", true, KNOWN));
    assertFalse(GatewayCredentials.stripsAuthorization("Basic Z3c=", true, KNOWN));
    assertFalse(GatewayCredentials.stripsAuthorization(null, false, KNOWN));
  }
}
