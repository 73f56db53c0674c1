package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code plat deploy [DIR]}: zips the folder, uploads it with its manifest, follows the build and
 * waits until the new version is ready. With {@code --watch} it then deploys again on every saved
 * change of the folder ({@link FolderWatch}) until interrupted; the platform keeps serving the
 * running version until the new one is ready (a rolling update), and a failed build leaves it so.
 */
@Command(name = "deploy", description = "Build and deploy the function in DIR (default: the current folder).")
final class DeployCommand implements Callable<Integer> {
  @ParentCommand
  PlatCommand plat;

  @Parameters(paramLabel = "DIR", defaultValue = ".", description = "Function folder with a plat.json.")
  String dir;

  @Option(names = "--name", paramLabel = "NAME", description = "Function name (overrides plat.json).")
  String name;

  @Option(names = "--runtime", paramLabel = "RUNTIME", description = "Runtime (overrides plat.json).")
  String runtime;

  @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Environment variable; repeatable.")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(names = "--public", negatable = true, description = "Invoking needs no token.")
  Boolean isPublic;

  @Option(names = "--min", paramLabel = "N", description = "Minimum instances (0 allows scale to zero).")
  Integer min;

  @Option(names = "--max", paramLabel = "N", description = "Maximum instances.")
  Integer max;

  @Option(names = "--project", paramLabel = "PROJECT", description = "Project, for the public URL {project}-{service}.")
  String project;

  @Option(names = "--service", paramLabel = "SERVICE", description = "Service name within the project.")
  String service;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for the build and for readiness (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--image", paramLabel = "REGISTRY/REPO:TAG",
      description = "Run this image (it speaks the runtime contract) instead of building DIR; overrides plat.json's image.")
  String image;

  @Option(names = {"-w", "--watch"},
      description = "Then deploy again on every saved change of DIR (honouring .platignore) until Ctrl-C.")
  boolean watch;

  /** How long the folder must stay quiet before a change is deployed: one save, one deploy. */
  static final Duration QUIET = Duration.ofMillis(50);

  @Override
  public Integer call() throws IOException {
    CliContext ctx = plat.context();
    Path folder = ctx.resolve(dir);
    if (!Files.isDirectory(folder)) {
      throw CliException.failed(folder + " is not a folder");
    }
    Manifest manifest = Manifest.read(folder).set("image", image);
    if (manifest.image() != null) {
      if (watch) {
        throw CliException.usage("--watch rebuilds DIR; it does not apply to a deploy of an image");
      }
      deployImage(manifest);
      return ExitCode.OK;
    }
    if (watch) {
      return watch(folder);
    }
    deploy(folder);
    return ExitCode.OK;
  }

  /**
   * Deploys, then again on each change until the thread is interrupted (Ctrl-C ends the JVM);
   * a failed deploy is reported and the watch goes on.
   */
  private int watch(Path folder) throws IOException {
    CliContext ctx = plat.context();
    try (FolderWatch changes = FolderWatch.open(folder)) {
      deployWatched(folder, System.nanoTime(), "first deploy");
      while (!Thread.currentThread().isInterrupted()) {
        ctx.err().println("Watching " + folder + " for changes (Ctrl-C to stop)");
        FolderWatch.Change change = changes.next(QUIET);
        deployWatched(folder, change.firstSeenNanos(), String.join(", ", change.paths()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCode.OK;
  }

  private void deployWatched(Path folder, long seenNanos, String why) throws IOException {
    CliContext ctx = plat.context();
    ctx.err().println("Deploying (" + why + ")");
    try {
      long version = deploy(folder);
      ctx.err().printf("v%d ready %.2f s after the change%n", version, (System.nanoTime() - seenNanos) / 1e9);
    } catch (CliException | IOException | java.io.UncheckedIOException e) {
      ctx.err().println("Deploy failed: " + e.getMessage() + " (the running version keeps serving)");
    }
  }

  /** One deploy of the folder, to ready; its version. */
  private long deploy(Path folder) throws IOException {
    CliContext ctx = plat.context();
    Manifest manifest = Manifest.read(folder).set("name", name).set("runtime", runtime)
      .set("project", project).set("service", service).setPublic(isPublic).setScaling(min, max);
    env.forEach(manifest::setEnv);
    manifest.validate();

    Path zip = Files.createTempFile("plat-deploy-", ".zip");
    try {
      FunctionZipper.Result packed = FunctionZipper.zip(folder, zip);
      if (!packed.skipped().isEmpty()) {
        ctx.err().println("Skipped symbolic links: " + String.join(", ", packed.skipped()));
      }
      JsonNode accepted = upload(manifest, zip, packed);
      String buildId = accepted.path("buildId").asText();
      long version = accepted.path("version").asLong();
      ctx.err().println("Building " + manifest.name() + " v" + version + " (build " + buildId + ")");
      DeployFollower watcher = new DeployFollower(plat.api(), ctx.err(), Duration.ofSeconds(timeoutSeconds));
      watcher.awaitBuild(buildId);
      JsonNode fn = watcher.awaitReady(manifest.name(), version);
      if (plat.json()) {
        ctx.out().println(JsonTrees.pretty(fn));
      } else {
        ctx.out().println("Deployed " + manifest.name() + " v" + version + ": " + UrlCommand.urlOf(plat.api(), fn));
      }
      return version;
    } finally {
      Files.deleteIfExists(zip);
    }
  }

  /** A deploy of the user's own image: nothing is built; the gateway pulls it and pins its digest. */
  private void deployImage(Manifest manifest) {
    CliContext ctx = plat.context();
    manifest.set("name", name).set("project", project).set("service", service).setPublic(isPublic)
      .setScaling(min, max);
    env.forEach(manifest::setEnv);
    if (manifest.name() == null || manifest.name().isBlank()) {
      throw CliException.failed("no function name: set \"name\" in " + Manifest.FILE + " or pass --name");
    }
    Manifest.requireValidName(manifest.name());
    ObjectNode spec = manifest.toJson();
    spec.remove("runtime");
    ObjectNode body = JsonTrees.object();
    body.set("spec", spec);
    ctx.err().println("Pulling " + manifest.image() + " for " + manifest.name());
    JsonNode accepted = plat.api().call(plat.api().request(ApiPaths.FUNCTIONS)
      .header("Content-Type", "application/json").POST(RequestBody.text(JsonTrees.compactAscii(body))));
    long version = accepted.path("version").asLong();
    ctx.err().println("Registered " + manifest.name() + " v" + version + " (" + accepted.path("image").asText()
      + "@" + accepted.path("digest").asText() + ")");
    JsonNode fn = new DeployFollower(plat.api(), ctx.err(), Duration.ofSeconds(timeoutSeconds))
      .awaitReady(manifest.name(), version);
    if (plat.json()) {
      ctx.out().println(JsonTrees.pretty(fn));
    } else {
      ctx.out().println("Deployed " + manifest.name() + " v" + version + ": " + UrlCommand.urlOf(plat.api(), fn));
    }
  }

  private JsonNode upload(Manifest manifest, Path zip, FunctionZipper.Result packed) {
    CliContext ctx = plat.context();
    UploadProgress progress = new UploadProgress(ctx.err(), ctx.interactive(), packed.bytes());
    progress.start(manifest.name() + ": " + packed.entries().size() + " files");
    RequestBody body = RequestBody.stream(packed.bytes(), () -> {
      try {
        return new CountingInputStream(Files.newInputStream(zip), progress);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try {
      JsonNode accepted = plat.api().call(plat.api().request(ApiPaths.deploy(manifest.name(), manifest.runtime()))
        .header("Content-Type", "application/zip")
        .header(ApiPaths.SPEC_HEADER, JsonTrees.compactAscii(manifest.spec()))
        .POST(body));
      progress.finish();
      return accepted;
    } catch (RuntimeException e) {
      progress.abort();
      throw e;
    }
  }
}
