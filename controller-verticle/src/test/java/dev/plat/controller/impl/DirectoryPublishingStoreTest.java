package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.FunctionRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectoryPublishingStoreTest {
  private final MemoryRegistryStore files = new MemoryRegistryStore();
  private final FunctionDirectory directory = FunctionDirectory.inMemory();
  private final DirectoryPublishingStore store = new DirectoryPublishingStore(files, directory, "platform.test");

  private static FunctionRecord record(String name, boolean isPublic, String project, String service, List<String> domains) {
    FunctionSpec spec = new FunctionSpec(name, "python-flask", 1, "img", "sha256:x", Map.of(), null, null,
      project, service, isPublic, null, domains, 1, 1);
    return new FunctionRecord(spec, FunctionRecord.Desired.RUNNING);
  }

  @Test
  void aSavedFunctionIsFoundByItsPublicHostsAndDomainsWithItsPublicFlag() {
    store.save(List.of(record("cart", true, "shop", "cart", List.of("cart.example.com"))));
    assertEquals(1, files.saves);
    for (String host : List.of("shop-cart.platform.test", "shop-cart.localhost", "cart.example.com")) {
      assertEquals("cart", directory.byHost(host).name(), host);
    }
    assertTrue(directory.byName("cart").isPublic());
  }

  @Test
  void aRemovedOrChangedFunctionLeavesNoStaleEntry() {
    store.save(List.of(record("cart", false, "shop", "cart", List.of()), record("hello", true, null, null, List.of())));
    store.save(List.of(record("cart", false, "shop", "basket", List.of())));
    assertNull(directory.byName("hello"));
    assertNull(directory.byHost("shop-cart.platform.test"));
    assertEquals("cart", directory.byHost("shop-basket.platform.test").name());
  }

  @Test
  void loadingPublishesWhatIsOnDisk() {
    files.saved = List.of(record("hello", true, null, null, List.of()));
    store.load();
    assertTrue(directory.byName("hello").isPublic());
  }
}
