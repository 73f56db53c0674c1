/**
 * Plat's asynchronous Docker Engine API client, on the Vert.x {@code HttpClient}.
 *
 * <p>{@link dev.plat.docker.DockerClient} is the contract, created with
 * {@link dev.plat.docker.DockerClient#create(io.vertx.core.Vertx, dev.plat.docker.DockerClientOptions)};
 * it talks to dockerd over its unix socket or {@code tcp://} ({@code DOCKER_HOST}, read through
 * {@link dev.plat.docker.DockerClientOptions#fromEnvironment(java.util.Map)}). Inputs are records
 * such as {@link dev.plat.docker.ContainerSpec} and {@link dev.plat.docker.BuildOptions}; answers
 * are records such as {@link dev.plat.docker.ContainerInfo}; streams are
 * {@link dev.plat.docker.LogStream} (back-pressured frames), progress handlers
 * ({@link dev.plat.docker.BuildEvent}, {@link dev.plat.docker.PushEvent}) and the self-healing
 * {@link dev.plat.docker.EventSubscription}. Failures are {@link dev.plat.docker.DockerException}s.
 *
 * <p>The implementation lives in {@code dev.plat.docker.impl} and is not part of the contract.
 */
package dev.plat.docker;
