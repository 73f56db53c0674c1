package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.controller.ContainerEngine;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.DockerNotFoundException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Remembering which images are present, and forgetting them when they are not. */
class PullingEngineTest {
  private static final String IMAGE = "127.0.0.1:5000/plat/hello@sha256:1";

  /** The images the fake dockerd has. */
  private final Set<String> images = new HashSet<>();
  private final List<String> calls = new ArrayList<>();
  /** A dockerd that cannot create a container of an image it lacks. */
  private final ContainerEngine engine = new ForwardingEngine(new FakeContainerEngine()) {
    @Override
    public Future<String> run(ContainerSpec spec) {
      return images.contains(spec.image()) ? super.run(spec)
        : Future.failedFuture(new DockerNotFoundException("No such image: " + spec.image()));
    }
  };
  private final PullingEngine pulling = new PullingEngine(engine, image -> {
    calls.add("inspect " + image);
    return images.contains(image) ? Future.succeededFuture() : Future.failedFuture(new DockerNotFoundException("no such image"));
  }, image -> {
    calls.add("pull " + image);
    images.add(image);
    return Future.succeededFuture();
  }, "node-a");

  private static ContainerSpec spec(String name) {
    return ContainerSpec.builder(IMAGE).name(name).build();
  }

  @Test
  void inspects_an_image_once_then_runs_straight_away() {
    images.add(IMAGE);
    assertTrue(pulling.run(spec("a")).succeeded());
    assertTrue(pulling.run(spec("b")).succeeded());
    assertEquals(List.of("inspect " + IMAGE), calls);
  }

  @Test
  void pulls_a_missing_image_and_remembers_it() {
    assertTrue(pulling.run(spec("a")).succeeded());
    assertTrue(pulling.run(spec("b")).succeeded());
    assertEquals(List.of("inspect " + IMAGE, "pull " + IMAGE), calls);
  }

  @Test
  void forgets_an_image_it_removes() {
    images.add(IMAGE);
    pulling.run(spec("a"));
    pulling.removeImage(IMAGE);
    images.remove(IMAGE);
    assertTrue(pulling.run(spec("b")).succeeded());
    assertEquals(List.of("inspect " + IMAGE, "inspect " + IMAGE, "pull " + IMAGE), calls);
  }

  @Test
  void pulls_again_when_a_run_says_the_image_is_gone() {
    images.add(IMAGE);
    pulling.run(spec("a"));
    images.remove(IMAGE);  // removed behind its back (the image cleaner)
    calls.clear();
    Future<String> started = pulling.run(spec("b"));
    assertTrue(started.succeeded(), String.valueOf(started.cause()));
    assertEquals(List.of("inspect " + IMAGE, "pull " + IMAGE), calls);
    assertTrue(pulling.knows(IMAGE));
  }

  @Test
  void fails_with_the_node_when_the_image_can_be_neither_found_nor_pulled() {
    PullingEngine offline = new PullingEngine(engine, image -> Future.failedFuture("absent"),
      image -> Future.failedFuture("registry unreachable"), "node-a");
    Future<String> started = offline.run(spec("a"));
    assertTrue(started.failed());
    assertTrue(started.cause().getMessage().contains("not on node node-a"), started.cause().getMessage());
    assertFalse(offline.knows(IMAGE));
  }
}
