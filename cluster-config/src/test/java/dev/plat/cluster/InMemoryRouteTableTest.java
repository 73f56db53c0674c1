package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemoryRouteTableTest extends RouteTableContract {
  private Vertx vertx;
  private RouteTable table;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.table = RouteTable.inMemory();
  }

  @Override
  protected Vertx vertx() {
    return vertx;
  }

  @Override
  protected RouteTable table() {
    return table;
  }

  @Test
  void aListenerRegisteredOutsideVertxRunsOnTheWritersThread() {
    List<Thread> threads = new ArrayList<>();
    table.onChange(() -> threads.add(Thread.currentThread()));
    table.put(route("fn", "i-1", "n1"));
    assertEquals(List.of(Thread.currentThread()), threads);
  }
}
