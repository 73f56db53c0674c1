package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.plat.docker.ImageInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The key under which an export's dependencies are reused: the image's layers under the code layer. */
class ExportLayersTest {
  private static ImageInfo image(String... layers) {
    return ImageInfo.fromJson(new JsonObject().put("Id", "sha256:i")
      .put("RootFS", new JsonObject().put("Type", "layers").put("Layers", new JsonArray(java.util.List.of((Object[]) layers)))));
  }

  @Test
  void aCodeOnlyChangeKeepsTheKeyAndAnyLowerLayerChangesIt() {
    String v1 = DockerPoolBackend.layersUnderCode(image("base", "runtime", "deps", "code-1"));
    assertEquals("base,runtime,deps", v1);
    assertEquals(v1, DockerPoolBackend.layersUnderCode(image("base", "runtime", "deps", "code-2")));
    assertNotEquals(v1, DockerPoolBackend.layersUnderCode(image("base", "runtime", "deps-2", "code-2")));
    assertNotEquals(v1, DockerPoolBackend.layersUnderCode(image("base-2", "runtime", "deps", "code-1")));
  }

  @Test
  void anImageWithOneLayerOrNoLayerListHasNoKey() {
    assertNull(DockerPoolBackend.layersUnderCode(image("only")));
    assertNull(DockerPoolBackend.layersUnderCode(ImageInfo.fromJson(new JsonObject().put("Id", "sha256:i"))));
  }
}
