package io.overdrive.bench.stream;

import java.util.concurrent.CountDownLatch;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker (KRaft, Kafka's own server code via spring-kafka-test) in a
 * process of its own, for the benchmarks: {@code java -cp ... StandaloneKafkaBroker [port]} prints
 * {@code BOOTSTRAP host:port} once it accepts clients and runs until killed.
 */
public final class StandaloneKafkaBroker {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
    if (port > 0) {
      broker.kafkaPorts(port);
    }
    broker.brokerProperty("auto.create.topics.enable", "true");
    broker.brokerProperty("num.partitions", "6");
    broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
    broker.afterPropertiesSet();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
    System.out.println("BOOTSTRAP " + broker.getBrokersAsString());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
