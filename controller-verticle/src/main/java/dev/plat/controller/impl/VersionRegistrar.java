package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.ImageReference;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.FunctionVersion;
import dev.plat.controller.ImageCleaner;
import dev.plat.controller.Scheduler;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Registers a new version of a function (the end of a deploy, or a rollback): the version is added
 * to the function's kept versions (at most {@code kept}, the oldest drop out), the record is saved
 * durably and marked running, then the instances converge on it (a rolling update: the new ones
 * are ready before the old ones stop). Once saved, the images of the versions that dropped out are
 * removed, unless a kept version or the new one still runs the same image (a rollback reuses one).
 */
final class VersionRegistrar {
  private final Scheduler scheduler;
  private final Functions functions;
  private final Converger converger;
  private final PoolManager pool;
  private final ImageCleaner images;
  private final int kept;

  /**
   * @param pool when it has a container for the function's runtime, the new version's code is
   *             exported first (up to {@link BuildDoneHandler#POOL_WAIT_MS}); {@code null}: no pool
   * @param kept versions kept per function, at least 1
   */
  VersionRegistrar(Scheduler scheduler, Functions functions, Converger converger, PoolManager pool,
                   ImageCleaner images, int kept) {
    this.scheduler = scheduler;
    this.functions = functions;
    this.converger = converger;
    this.pool = pool;
    this.images = images;
    this.kept = kept;
  }

  /**
   * Saves {@code spec} (with its version, image and digest set) as the function's current and newest
   * version; {@code existing} is the function's state, {@code null} for a new function.
   *
   * @param origin {@link FunctionVersion#DEPLOY} or {@link FunctionVersion#rollbackOf}
   * @return the function's state once the registration is durable
   */
  Future<FunctionState> register(FunctionState existing, FunctionSpec spec, String origin) {
    List<FunctionVersion> history = new ArrayList<>();
    if (existing != null) {
      FunctionRecord old = existing.record();
      history.addAll(old.versions());
      if (history.isEmpty() && old.spec().image() != null) {
        // registered before versions were kept: its running version becomes the first one
        history.add(new FunctionVersion(old.spec(), old.spec().updatedAt(), FunctionVersion.DEPLOY));
      }
    }
    history.removeIf(v -> v.version() >= spec.version());
    history.add(new FunctionVersion(spec, scheduler.now(), origin));
    history.sort(Comparator.comparingLong(FunctionVersion::version));
    List<FunctionVersion> dropped = new ArrayList<>(history.subList(0, Math.max(0, history.size() - kept)));
    List<FunctionVersion> keep = history.subList(dropped.size(), history.size());
    FunctionRecord record = new FunctionRecord(spec, FunctionRecord.Desired.RUNNING, keep);
    return functions.save(record).onSuccess(fs -> {
      fs.clearFailures();
      fs.touch(scheduler.now());
      fs.scale(Math.max(fs.scale(), Converger.target(spec)));
      if (pool == null) {
        converger.converge(fs);
      } else {
        pool.ready(spec, BuildDoneHandler.POOL_WAIT_MS).onComplete(ar -> converger.converge(fs));
      }
      removeImages(spec.name(), dropped, keep);
    });
  }

  private void removeImages(String function, List<FunctionVersion> dropped, List<FunctionVersion> keep) {
    Set<String> inUse = new HashSet<>();
    keep.forEach(v -> inUse.add(v.image()));
    Set<String> removed = new HashSet<>();
    for (FunctionVersion v : dropped) {
      // the user's own image is theirs: Plat removes only the images it built
      boolean own = ImageReference.RUNTIME.equals(v.spec().runtime());
      if (v.image() != null && !own && !inUse.contains(v.image()) && removed.add(v.image())) {
        images.removeImage(function, v.image());
      }
    }
  }
}
