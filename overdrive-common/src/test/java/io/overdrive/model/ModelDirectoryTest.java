package io.overdrive.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
  @TempDir Path root;

  @Test
  void latestIsEmptyUntilAVersionIsPublished() throws IOException {
    assertThat(ModelDirectory.latest(root)).isEmpty();
    ModelFixtures.write(root, "v1", List.of("a", "b"), 1, true, true);
    assertThat(ModelDirectory.latest(root)).isEmpty();

    ModelDirectory.publish(root, "v1");

    assertThat(ModelDirectory.latest(root)).contains("v1");
    assertThat(Files.exists(root.resolve("LATEST.tmp"))).isFalse();
  }

  @Test
  void refusesToPublishAnIncompleteVersion() throws IOException {
    Files.createDirectories(root.resolve("v2"));
    assertThatThrownBy(() -> ModelDirectory.publish(root, "v2"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("manifest.json");
    assertThatThrownBy(() -> ModelDirectory.publish(root, "../elsewhere"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void latestMustNameAVersionNotAPath() throws IOException {
    Files.writeString(root.resolve("LATEST"), "../../etc\n");
    assertThatThrownBy(() -> ModelDirectory.latest(root)).isInstanceOf(IOException.class);
  }

  @Test
  void embeddingsMustHoldExactlyRowsTimesDim() throws IOException {
    Path f = root.resolve("e.f32");
    ModelDirectory.writeEmbeddings(f, new float[] {1, 2, 3, 4, 5, 6});
    assertThat(ModelDirectory.readEmbeddings(f, 3, 2)).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(Files.size(f)).isEqualTo(24);
    assertThatThrownBy(() -> ModelDirectory.readEmbeddings(f, 4, 2))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("4 x 2");
  }

  @Test
  void loadsEveryPartOfAVersion() throws IOException {
    LoadedModel m = ModelFixtures.publish(root, "v1", List.of("x", "y", "z"), 3);
    assertThat(m.version()).isEqualTo("v1");
    assertThat(m.itemIds()).containsExactly("x", "y", "z");
    assertThat(m.itemIndex("y")).isEqualTo(1);
    assertThat(m.itemIndex("nope")).isEqualTo(-1);
    assertThat(m.twoTower()).isPresent();
    assertThat(m.sequence()).isPresent();
    assertThat(m.sequence().get().itemCount()).isEqualTo(3);
    assertThat(LoadedModel.loadLatest(root).map(LoadedModel::version)).contains("v1");
  }

  @Test
  void aVersionWhoseFilesDisagreeWithItsManifestDoesNotLoad() throws IOException {
    Path dir = ModelFixtures.write(root, "v1", List.of("x", "y", "z"), 3, true, true);
    ModelDirectory.writeItemIds(dir.resolve(ModelDirectory.ITEM_IDS), List.of("x", "y"));
    assertThatThrownBy(() -> LoadedModel.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("item_ids.txt has 2 ids");
  }
}
