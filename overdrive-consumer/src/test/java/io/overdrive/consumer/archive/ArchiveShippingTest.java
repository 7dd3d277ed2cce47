package io.overdrive.consumer.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.events.ArchiveFetcher;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.events.EventArchive;
import io.overdrive.events.EventJson;
import io.overdrive.storage.ObjectStore;
import io.overdrive.testing.S3Server;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer's archive leaves the pod: while it runs, finished parts are shipped to a real
 * S3-compatible server; at shutdown the part in hand is finished and shipped too, so nothing the
 * consumer archived stays behind on a disk the trainer cannot see.
 */
class ArchiveShippingTest {
  @TempDir Path local;
  @TempDir Path trainer;

  @Test
  void shipsFinishedPartsWhileRunningAndThePartInHandAtShutdown() throws Exception {
    try (S3Server s3 = new S3Server();
        ArchiveWriter writer =
            new ArchiveWriter(local, Duration.ofHours(1), 1L << 20, Clock.systemUTC())) {
      s3.createBucket("archive");
      ObjectStore store = s3.store("s3://archive/events");
      ArchiveShipping shipping = new ArchiveShipping(writer, store, Duration.ofMillis(100));
      shipping.start();

      writer.append(List.of(event("e1"), event("e2")));
      writer.roll();
      ObjectStore reader = s3.store("s3://archive/events");
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (reader.list("").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(reader.list("")).as("the finished part, shipped while running").hasSize(1);

      writer.append(List.of(event("e3")));
      shipping.stop();

      assertThat(shipping.isRunning()).isFalse();
      assertThat(EventArchive.eventFiles(local)).as("nothing left on the pod's disk").isEmpty();
      assertThat(ArchiveFetcher.fetch(reader, trainer)).isEqualTo(2);
      List<String> ids = new ArrayList<>();
      EventArchive.forEach(trainer, e -> ids.add(e.eventId()));
      assertThat(ids).containsExactlyInAnyOrder("e1", "e2", "e3");
      reader.close();
    }
  }

  private static io.overdrive.domain.Interaction event(String id) {
    return EventJson.parse(
        "{\"event_id\": \""
            + id
            + "\", \"user_id\": \"u1\", \"item_id\": \"i1\", \"type\": \"like\","
            + " \"timestamp\": \"2026-12-06T09:00:00Z\"}");
  }
}
