package io.overdrive.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.model.ModelDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemEmbeddingFilesTest {
  @TempDir Path root;

  @Test
  void publishedVersionReadsBackExactlyAndLatestPointsAtIt() {
    ModelVersions dir = new ModelVersions(root);
    assertThat(dir.latestVersion()).isEmpty();
    ItemEmbeddings e = new SyntheticEmbeddings(8, 3, 0.2, 1).items("20261127T061500Z-3f2a1c", 300);

    dir.publish(e);

    assertThat(dir.latestVersion()).contains("20261127T061500Z-3f2a1c");
    ItemEmbeddings back = dir.itemEmbeddings("20261127T061500Z-3f2a1c");
    assertThat(back.ids()).isEqualTo(e.ids());
    assertThat(back.vectors()).isEqualTo(e.vectors());
    assertThat(back.dimension()).isEqualTo(8);
    assertThat(back.modelVersion()).isEqualTo("20261127T061500Z-3f2a1c");
  }

  @Test
  void vectorFileIsLittleEndianRowMajor() throws IOException {
    ItemEmbeddings e = new ItemEmbeddings("v", 2, List.of("a", "b"), new float[] {1, 2, 3, 4.5f});
    ItemEmbeddingFiles.write(root.resolve("v"), e);
    ByteBuffer b =
        ByteBuffer.wrap(
                Files.readAllBytes(root.resolve("v").resolve(ModelDirectory.ITEM_EMBEDDINGS)))
            .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.remaining()).isEqualTo(16);
    assertThat(b.getFloat(12)).isEqualTo(4.5f);
    assertThat(Files.readAllLines(root.resolve("v").resolve(ModelDirectory.ITEM_IDS)))
        .containsExactly("a", "b");
  }

  @Test
  void truncatedVectorFileIsRejectedWithTheFileNamed() throws IOException {
    ItemEmbeddings e = new SyntheticEmbeddings(8, 3, 0.2, 1).items("v", 10);
    ItemEmbeddingFiles.write(root.resolve("v"), e);
    Path f = root.resolve("v").resolve(ModelDirectory.ITEM_EMBEDDINGS);
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 4));

    assertThatThrownBy(() -> ItemEmbeddingFiles.read(root.resolve("v")))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining(ModelDirectory.ITEM_EMBEDDINGS)
        .hasMessageContaining("need 320");
  }

  @Test
  void duplicateIdsAreRejected() {
    assertThatThrownBy(() -> new ItemEmbeddings("v", 1, List.of("a", "a"), new float[2]))
        .hasMessageContaining("appears twice");
  }
}
