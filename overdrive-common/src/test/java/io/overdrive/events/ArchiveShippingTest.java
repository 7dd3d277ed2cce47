package io.overdrive.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Interaction;
import io.overdrive.storage.ObjectStore;
import io.overdrive.testing.MutableClock;
import io.overdrive.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumers' archive parts travel to object storage and back to the trainer's directory, against a
 * real S3-compatible server: no shared volume between consumers and the trainer (decision 0304).
 */
class ArchiveShippingTest {
  static S3Server server;

  @TempDir Path consumerA;
  @TempDir Path consumerB;
  @TempDir Path trainer;

  @BeforeAll
  static void start() {
    server = new S3Server();
    server.createBucket("archive");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void finishedPartsOfEveryConsumerReachTheTrainerOnceAndInProgressOnesWait() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-06T09:00:00Z"));
    try (ObjectStore store = server.store("s3://archive/events");
        ArchiveWriter a = new ArchiveWriter(consumerA, Duration.ofMinutes(10), 1L << 20, clock);
        ArchiveWriter b = new ArchiveWriter(consumerB, Duration.ofMinutes(10), 1L << 20, clock)) {
      ArchiveShipper shipA = new ArchiveShipper(store, consumerA);
      ArchiveShipper shipB = new ArchiveShipper(store, consumerB);
      a.append(events("a", 0, 50, clock.instant()));
      b.append(events("b", 0, 30, clock.instant()));

      assertThat(shipA.shipFinished()).as("the open part is still being written").isZero();

      a.roll();
      b.roll();
      a.append(events("a", 50, 10, clock.instant()));
      assertThat(shipA.shipFinished()).isEqualTo(1);
      assertThat(shipB.shipFinished()).isEqualTo(1);
      assertThat(EventArchive.eventFiles(consumerA)).as("shipped parts leave the pod").isEmpty();

      assertThat(ArchiveFetcher.fetch(store, trainer)).isEqualTo(2);
      List<String> ids = new ArrayList<>();
      EventArchive.forEach(trainer, e -> ids.add(e.eventId()));
      assertThat(ids).hasSize(80).contains("a-0", "a-49", "b-29").doesNotContain("a-50");
      assertThat(
              Files.walk(trainer)
                  .filter(Files::isRegularFile)
                  .map(p -> trainer.relativize(p).toString()))
          .allMatch(p -> p.startsWith("2026-12-06/09/events-"));

      a.roll();
      assertThat(shipA.shipFinished()).isEqualTo(1);
      assertThat(ArchiveFetcher.fetch(store, trainer)).as("only the new part").isEqualTo(1);
      ids.clear();
      EventArchive.forEach(trainer, e -> ids.add(e.eventId()));
      assertThat(ids).hasSize(90).contains("a-59");
    }
  }

  private static List<Interaction> events(String user, int from, int n, Instant at) {
    List<Interaction> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(
          EventJson.parse(
              "{\"event_id\": \""
                  + user
                  + "-"
                  + i
                  + "\", \"user_id\": \""
                  + user
                  + "\", \"item_id\": \"i"
                  + i
                  + "\", \"type\": \"like\", \"timestamp\": \""
                  + at
                  + "\"}"));
    }
    return out;
  }
}
