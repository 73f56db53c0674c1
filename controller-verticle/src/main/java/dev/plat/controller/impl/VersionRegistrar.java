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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Registers a new version of a function (the end of a deploy, or a rollback): the version is added
 * to the function's kept versions (at most {@code kept}, the oldest drop out, except a version a
 * traffic split serves), the split follows ({@link #carry}: a deploy moves the current version's share
 * to the new one; a rollback ends the split: its version takes all), the record is saved
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
    Map<Long, Integer> traffic = existing == null || !FunctionVersion.DEPLOY.equals(origin) ? Map.of()
      : carry(existing.record(), spec.version());
    // the oldest go past the kept count; a version the split still serves is never collected
    int excess = history.size() - kept;
    List<FunctionVersion> dropped = new ArrayList<>();
    for (FunctionVersion v : history) {
      if (dropped.size() >= excess) {
        break;
      }
      if (!traffic.containsKey(v.version()) && v.version() != spec.version()) {
        dropped.add(v);
      }
    }
    List<FunctionVersion> keep = new ArrayList<>(history);
    keep.removeAll(dropped);
    FunctionRecord record = new FunctionRecord(spec, FunctionRecord.Desired.RUNNING, keep, traffic);
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

  /**
   * The split after a deploy of {@code version}: the share the current version had goes to the new
   * one, the versions the split pins keep theirs (Knative's latest-revision target); no split stays none.
   */
  static Map<Long, Integer> carry(FunctionRecord old, long version) {
    if (old.traffic().isEmpty()) {
      return Map.of();
    }
    Map<Long, Integer> traffic = new TreeMap<>(old.traffic());
    Integer latest = traffic.remove(old.spec().version());
    if (latest != null) {
      traffic.put(version, latest);
    }
    return traffic.size() == 1 && traffic.containsKey(version) ? Map.of() : traffic;
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
