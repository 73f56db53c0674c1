package dev.plat.proxy.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void keepsASaneIdAndReplacesOthers() {
    RequestIds ids = new RequestIds();
    assertEquals("abc-123", ids.keepOrNew("abc-123"));
    String fresh = ids.keepOrNew(null);
    assertNotEquals(fresh, ids.keepOrNew(null));
    assertNotEquals("bad id", ids.keepOrNew("bad id"));
    assertNotEquals("x".repeat(129), ids.keepOrNew("x".repeat(129)));
    assertTrue(RequestIds.isSane(fresh), fresh);
  }

  @Test
  void twoProxiesNeverGenerateTheSameId() {
    assertNotEquals(new RequestIds().keepOrNew(null), new RequestIds().keepOrNew(null));
  }
}
