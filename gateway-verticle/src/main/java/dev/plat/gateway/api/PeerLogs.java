package dev.plat.gateway.api;

import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.Names;
import dev.plat.docker.LogsOptions;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The log streams of one function's containers on the other nodes: a {@link Names.Internal#LOGS}
 * request to each node's proxy port, with the cluster secret. A node that cannot be reached or
 * refuses is left out (logged), so one dead node does not hide the others' logs.
 */
final class PeerLogs {
  private static final Logger LOG = Logger.getLogger(PeerLogs.class.getName());

  /** One node's answer: its stream (lines prefixed) and how many containers it covers. */
  record Answer(LogRelay.Source source, int containers) {
  }

  private final HttpClient client;
  private final ClusterSecret secret;
  private final Supplier<Collection<String>> peers;

  /**
   * @param peers the proxy ports ({@code host:port}) of the other nodes that may run instances
   */
  PeerLogs(HttpClient client, ClusterSecret secret, Supplier<Collection<String>> peers) {
    this.client = client;
    this.secret = secret;
    this.peers = peers;
  }

  Future<List<Answer>> open(String name, LogsOptions options) {
    Collection<String> addresses = peers.get();
    if (addresses.isEmpty() || secret == null) {
      return Future.succeededFuture(List.of());
    }
    String uri = Names.Internal.LOGS + "?function=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
      + "&tail=" + options.tail() + "&follow=" + options.follow() + "&timestamps=" + options.timestamps();
    List<Future<Answer>> answers = new ArrayList<>();
    for (String address : addresses) {
      answers.add(open(address, uri).recover(err -> {
        LOG.warning(() -> "logs of function " + name + " from node at " + address + " left out: " + err.getMessage());
        return Future.succeededFuture(null);
      }));
    }
    return Future.join(answers).map(all -> answers.stream().map(Future::result).filter(a -> a != null).toList());
  }

  private Future<Answer> open(String address, String uri) {
    int colon = address.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (RuntimeException e) {
      return Future.failedFuture("not host:port: " + address);
    }
    String host = address.substring(0, colon);
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port).setURI(uri)
      .putHeader(Names.Header.CLUSTER_AUTH, secret.headerValue());
    return client.request(request).compose(req -> req.send()).compose(this::accept);
  }

  private Future<Answer> accept(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      return response.body().transform(body -> Future.failedFuture("status " + response.statusCode()
        + (body.succeeded() ? ": " + body.result() : "")));
    }
    int containers;
    try {
      containers = Integer.parseInt(response.getHeader(Names.Header.LOG_SOURCES));
    } catch (RuntimeException e) {
      response.request().reset();
      return Future.failedFuture("no " + Names.Header.LOG_SOURCES + " header");
    }
    response.pause();
    LogRelay.Source source = new LogRelay.Source(null, false, response, () -> response.request().reset());
    return Future.succeededFuture(new Answer(source, containers));
  }
}
