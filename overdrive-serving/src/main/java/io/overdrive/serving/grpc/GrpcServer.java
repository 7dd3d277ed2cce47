package io.overdrive.serving.grpc;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.overdrive.proto.v1.RankingServiceGrpc;
import io.overdrive.proto.v1.RetrievalServiceGrpc;
import io.overdrive.serving.faiss.FaissLibrary;
import io.overdrive.serving.index.LiveIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The node's gRPC server (Netty): the retrieval and ranking services, the standard health service
 * and server reflection. Calls run on a fixed pool ({@link #callPool}) whose threads use one OpenMP
 * thread each, except the two hot unary calls: a Search runs on the I/O thread that read it, and
 * ForYou's callbacks run there too while its ranking runs on the pool ({@link RankingGrpcService}
 * hands it over once). Health reports NOT_SERVING for the node and the RetrievalService until the
 * first index is installed.
 *
 * <p>Why: grpc-java hands each callback of a call (the method's lookup and start, the message and
 * the half-close, the close) to the call's executor through a serializing queue, and a pool thread
 * has to be woken for each batch of them that finds it idle: about three wake-ups per unary call on
 * a pool, where one is needed (docs/benchmarks.md, "The tenth round"). Nothing that can block runs
 * on an I/O thread.
 */
public final class GrpcServer implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);
  static final String RETRIEVAL = RetrievalServiceGrpc.SERVICE_NAME;
  static final String RANKING = RankingServiceGrpc.SERVICE_NAME;

  private final int port;
  private final ExecutorService executor;
  private final int threads;
  private final List<BindableService> services;
  private final HealthStatusManager health = new HealthStatusManager();
  private Server server;
  private EventLoopGroup boss;
  private EventLoopGroup workers;

  /** The pool calls run on: {@code threads} threads, each using one OpenMP thread. */
  public static ExecutorService callPool(int threads) {
    return Executors.newFixedThreadPool(threads, FaissLibrary.threadFactory("grpc-call", 1));
  }

  /**
   * A server on {@code port} (0: any free one) whose calls run on {@code calls} (a {@link
   * #callPool}, the one the services that hand work over use too); {@link #stop} shuts it down.
   */
  public GrpcServer(
      int port, ExecutorService calls, LiveIndex index, List<BindableService> services) {
    this.port = port;
    this.executor = calls;
    this.threads =
        calls instanceof ThreadPoolExecutor pool
            ? pool.getMaximumPoolSize()
            : Runtime.getRuntime().availableProcessors();
    this.services = List.copyOf(services);
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
    health.setStatus(RETRIEVAL, ServingStatus.NOT_SERVING);
    health.setStatus(RANKING, ServingStatus.SERVING);
    index.onInstall(
        g -> {
          health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
          health.setStatus(RETRIEVAL, ServingStatus.SERVING);
        });
    if (index.ready()) {
      health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
      health.setStatus(RETRIEVAL, ServingStatus.SERVING);
    }
  }

  @Override
  public void start() {
    // Linux's native epoll where it loads (fewer system calls and copies per call than NIO)
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    boss = new MultiThreadIoEventLoopGroup(1, FaissLibrary.threadFactory("grpc-accept", 1), io);
    // one event loop per core at most: they never block, and the call pool may be larger
    int loops = Math.min(threads, Runtime.getRuntime().availableProcessors());
    workers = new MultiThreadIoEventLoopGroup(loops, FaissLibrary.threadFactory("grpc-io", 1), io);
    NettyServerBuilder b =
        NettyServerBuilder.forPort(port)
            .channelType(channel)
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            // a call's first step (finding its method) runs on the I/O thread that read its
            // headers; the supplier then names where the rest runs: each hand-off to a pool thread
            // is a wake-up, and on a busy host a woken thread may wait a millisecond for a CPU
            .executor(MoreExecutors.directExecutor())
            .callExecutor(
                new ServerCallExecutorSupplier() {
                  @Override
                  public <ReqT, RespT> Executor getExecutor(
                      ServerCall<ReqT, RespT> call, Metadata headers) {
                    return onIoThread(call.getMethodDescriptor().getFullMethodName())
                        ? null
                        : executor;
                  }
                })
            .maxInboundMessageSize(64 << 20)
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .addService(ProtoReflectionService.newInstance());
    services.forEach(b::addService);
    try {
      server = b.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for gRPC on port " + port, e);
    }
    log.info(
        "gRPC listening on port {} ({} call threads, {} transport)",
        server.getPort(),
        threads,
        epoll ? "epoll" : "NIO");
  }

  /**
   * The calls whose callbacks run on the I/O thread that read them: a Search (well under a
   * millisecond, never blocking: no hand-off at all) and ForYou, whose service reads the request
   * there and hands the ranking (which waits for Redis) to the call pool itself, once; everything
   * else (BatchSearch, Upsert, Delete, Info, health, reflection) runs on the call pool.
   */
  static boolean onIoThread(String fullMethodName) {
    return fullMethodName.equals(RetrievalServiceGrpc.getSearchMethod().getFullMethodName())
        || fullMethodName.equals(RankingServiceGrpc.getForYouMethod().getFullMethodName());
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getPort();
  }

  @Override
  public void stop() {
    if (server == null) {
      return;
    }
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    executor.shutdown();
    boss.shutdownGracefully();
    workers.shutdownGracefully();
  }

  @Override
  public boolean isRunning() {
    return server != null && !server.isShutdown();
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 1024;
  }
}
