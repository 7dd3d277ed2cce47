package io.overdrive.serving.grpc;

import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.overdrive.proto.v1.RankingServiceGrpc;
import io.overdrive.proto.v1.RetrievalServiceGrpc;
import io.overdrive.serving.OverdriveServingApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A serving node on random ports with a real Netty gRPC server, and a channel to it. */
final class TestNode implements AutoCloseable {
  final ConfigurableApplicationContext context;
  final ManagedChannel channel;

  private TestNode(ConfigurableApplicationContext context) {
    this.context = context;
    int port = context.getBean(GrpcServer.class).port();
    this.channel = NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }

  static TestNode start(
      Path modelDir, Path indexDir, String backend, String factory, String... extra) {
    // command-line arguments: they outrank application.yml (builder properties would not)
    List<String> props = new ArrayList<>();
    props.add("overdrive.grpc-port=0");
    props.add("server.port=0");
    props.add("overdrive.model-dir=" + modelDir);
    if (indexDir != null) {
      props.add("overdrive.index-dir=" + indexDir);
    }
    props.add("overdrive.index-backend=" + backend);
    props.add("overdrive.index-factory=" + factory);
    props.add("overdrive.model-poll-interval=100ms");
    props.add("overdrive.call-threads=4");
    props.addAll(List.of(extra));
    return new TestNode(
        new SpringApplicationBuilder(OverdriveServingApplication.class)
            .run(props.stream().map(p -> "--" + p).toArray(String[]::new)));
  }

  RetrievalServiceGrpc.RetrievalServiceBlockingStub retrieval() {
    return RetrievalServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  RankingServiceGrpc.RankingServiceBlockingStub ranking() {
    return RankingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  ServingStatus health(String service) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  void awaitServing() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> health("") == ServingStatus.SERVING);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    context.close();
  }
}
