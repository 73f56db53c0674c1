package dev.plat.controller;

import static dev.plat.docker.DockerTestSupport.await;

import dev.plat.docker.BuildOptions;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerTestSupport;
import dev.plat.docker.TarContext;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** Builds a python-flask function image from {@code runtimes/python-flask} and its template, labelled for the test run. */
final class FunctionImages {
  private static final Path RUNTIME = Path.of("..", "runtimes", "python-flask").toAbsolutePath().normalize();

  private FunctionImages() {
  }

  /** Builds {@code plat-test/<name>-<runId>:1}; @return the image name. */
  static String pythonHello(Vertx vertx, DockerClient docker, String name, String runId) throws IOException {
    DockerTestSupport.requireImage(vertx, docker, DockerTestSupport.PYTHON_BASE_IMAGE, Duration.ofMinutes(3));
    String image = "plat-test/" + name + "-" + runId + ":1";
    TarContext context = TarContext.create();
    try (Stream<Path> files = Files.list(RUNTIME)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        context.file(file.getFileName().toString(), Files.readAllBytes(file));
      }
    }
    context.file("function/handler.py", Files.readAllBytes(RUNTIME.resolve("template/handler.py")));
    BuildOptions options = BuildOptions.builder().tag(image).buildArg("BASE_IMAGE", DockerTestSupport.PYTHON_BASE_IMAGE)
      .labels(DockerTestSupport.testLabels(runId)).build();
    await(docker.buildImage(context.toStream(vertx, 64 * 1024), options, null), Duration.ofMinutes(3));
    return image;
  }
}
