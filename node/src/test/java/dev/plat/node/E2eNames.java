package dev.plat.node;

import java.util.UUID;

/** Function names no other test (or run) uses: {@code e2e-<8 hex>}. */
final class E2eNames {
  private E2eNames() {
  }

  static String fresh() {
    return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
