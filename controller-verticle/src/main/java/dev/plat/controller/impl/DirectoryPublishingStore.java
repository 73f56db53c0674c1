package dev.plat.controller.impl;

import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.api.TrafficSplit;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.RegistryStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A registry store that, after each load and durable save, mirrors the registry into the
 * replicated {@link FunctionDirectory} (public flag, hosts, current version and traffic split), so
 * every gateway can route public URLs and skip auth for public functions, and every proxy split a
 * function's invocations among its versions, without asking the controller.
 */
final class DirectoryPublishingStore implements RegistryStore {
  private final RegistryStore store;
  private final FunctionDirectory directory;
  private final String baseDomain;
  private final Set<String> published = new HashSet<>();

  public DirectoryPublishingStore(RegistryStore store, FunctionDirectory directory, String baseDomain) {
    this.store = store;
    this.directory = directory;
    this.baseDomain = baseDomain;
  }

  @Override
  public Future<List<FunctionRecord>> load() {
    return store.load().compose(records -> publish(records).map(records));
  }

  @Override
  public Future<Void> save(List<FunctionRecord> records) {
    return store.save(records).compose(v -> publish(records));
  }

  private Future<Void> publish(List<FunctionRecord> records) {
    List<Future<Void>> writes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (FunctionRecord record : records) {
      names.add(record.name());
      long current = record.spec().version();
      FunctionDirectory.Entry entry = FunctionDirectory.Entry.of(record.spec(), baseDomain).withTraffic(current,
        record.traffic().isEmpty() ? null : new TrafficSplit(record.name(), current, record.traffic()));
      if (!entry.equals(directory.byName(record.name()))) {
        writes.add(directory.put(entry));
      }
    }
    for (String gone : published) {
      if (!names.contains(gone)) {
        writes.add(directory.remove(gone));
      }
    }
    published.clear();
    published.addAll(names);
    return Future.all(writes).mapEmpty();
  }
}
