package io.overdrive.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  private static final List<String> ITEMS = List.of("a", "b", "c", "d");

  @TempDir Path root;

  @Test
  void hasNoModelUntilOneIsPublishedThenLoadsIt() {
    try (ModelRegistry r = new ModelRegistry(root)) {
      assertThat(r.refresh()).isFalse();
      assertThat(r.current()).isEmpty();
      assertThat(r.currentVersion()).isEmpty();

      ModelFixtures.publish(root, "v1", ITEMS, 1);

      assertThat(r.refresh()).isTrue();
      assertThat(r.currentVersion()).isEqualTo("v1");
      assertThat(r.refresh()).as("same version, nothing to do").isFalse();
    }
  }

  @Test
  void swapsToANewVersionAndTellsListeners() {
    ModelFixtures.publish(root, "v1", ITEMS, 1);
    try (ModelRegistry r = new ModelRegistry(root)) {
      r.refresh();
      List<String> swapped = new CopyOnWriteArrayList<>();
      r.onSwap(m -> swapped.add(m.version()));
      LoadedModel before = r.current().orElseThrow();

      ModelFixtures.publish(root, "v2", List.of("a", "e"), 2);
      r.refresh();

      assertThat(r.currentVersion()).isEqualTo("v2");
      assertThat(r.current().orElseThrow().itemIds()).containsExactly("a", "e");
      assertThat(swapped).containsExactly("v1", "v2");
      assertThat(before.version()).as("a holder of the old model keeps it whole").isEqualTo("v1");
      assertThat(before.itemIds()).containsExactly("a", "b", "c", "d");
    }
  }

  @Test
  void keepsTheCurrentModelWhenANewVersionIsBroken() throws IOException {
    ModelFixtures.publish(root, "v1", ITEMS, 1);
    try (ModelRegistry r = new ModelRegistry(root)) {
      r.refresh();
      Path v2 = ModelFixtures.write(root, "v2", ITEMS, 2, true, true);
      Files.delete(v2.resolve(ModelDirectory.SEQUENCE_PARAMS));
      ModelDirectory.publish(root, "v2");

      assertThat(r.refresh()).isFalse();
      assertThat(r.currentVersion()).isEqualTo("v1");

      ModelFixtures.publish(root, "v3", ITEMS, 3);
      assertThat(r.refresh()).isTrue();
      assertThat(r.currentVersion()).isEqualTo("v3");
    }
  }

  @Test
  void pollsLatestInTheBackground() throws InterruptedException {
    try (ModelRegistry r = ModelRegistry.watching(root, Duration.ofMillis(20))) {
      ModelFixtures.publish(root, "v1", ITEMS, 1);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (r.current().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(r.currentVersion()).isEqualTo("v1");
    }
  }

  @Test
  void readersNeverSeeAHalfLoadedModelDuringSwaps() throws Exception {
    ModelFixtures.publish(root, "v0", ITEMS, 0);
    List<String> published = new CopyOnWriteArrayList<>(List.of("v0"));
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try (ModelRegistry r = ModelRegistry.watching(root, Duration.ofMillis(1))) {
      List<Thread> readers = new ArrayList<>();
      long end = System.nanoTime() + 1_500_000_000L;
      // readers run until the writer is done: at least 1.5 s and a few swaps, however loaded the
      // machine (a time limit alone saw only 3 versions on a busy build machine)
      AtomicBoolean swapping = new AtomicBoolean(true);
      for (int t = 0; t < 3; t++) {
        Thread reader =
            new Thread(
                () -> {
                  while (swapping.get()) {
                    try {
                      LoadedModel m = r.current().orElseThrow();
                      assertThat(published).contains(m.version());
                      float[] q = m.sequence().orElseThrow().encode(new int[] {0, 1, 2});
                      assertThat(q).isNotNull();
                      assertThat(m.itemIds()).hasSize(ITEMS.size());
                    } catch (Throwable e) {
                      failures.add(e);
                    }
                  }
                });
        reader.start();
        readers.add(reader);
      }
      for (int v = 1; v <= 5 || System.nanoTime() < end; v++) {
        published.add("v" + v);
        ModelFixtures.publish(root, "v" + v, ITEMS, v);
        Thread.sleep(15);
      }
      swapping.set(false);
      for (Thread t : readers) {
        t.join();
      }
      assertThat(published.size()).isGreaterThan(3);
    }
    assertThat(failures).isEmpty();
  }
}
