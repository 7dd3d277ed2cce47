package io.overdrive.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceModelTest {
  @TempDir Path root;

  private SequenceModel model() throws IOException {
    List<String> ids = IntStream.range(0, 30).mapToObj(i -> "i" + i).toList();
    return ModelFixtures.publish(root, "v1", ids, 7).sequence().orElseThrow();
  }

  @Test
  void looksOnlyAtTheLastMaxLengthItems() throws IOException {
    SequenceModel m = model();
    int max = m.settings().maxLength();
    int[] longHistory = IntStream.range(0, max + 7).map(i -> i % 30).toArray();
    int[] tail = Arrays.copyOfRange(longHistory, 7, longHistory.length);
    assertThat(m.encode(longHistory)).containsExactly(m.encode(tail));
  }

  @Test
  void theOrderOfTheHistoryMatters() throws IOException {
    SequenceModel m = model();
    float[] a = m.encode(new int[] {1, 2, 3});
    float[] b = m.encode(new int[] {3, 2, 1});
    assertThat(a).isNotEqualTo(b);
    assertThat(a).hasSize(m.settings().dim());
  }

  @Test
  void anEmptyHistoryHasNoState() throws IOException {
    assertThat(model().encode(new int[0])).isNull();
  }

  @Test
  void itemsOutsideTheVocabularyAreRejected() throws IOException {
    SequenceModel m = model();
    assertThatThrownBy(() -> m.encode(new int[] {1, 30}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scoresAreInnerProductsWithTheItemsEmbeddingRow() throws IOException {
    SequenceModel m = model();
    float[] state = m.encode(new int[] {4, 5});
    float[] e = m.itemEmbedding(9);
    double dot = 0;
    for (int k = 0; k < e.length; k++) {
      dot += state[k] * e[k];
    }
    assertThat((double) m.score(state, 9))
        .isCloseTo(dot, org.assertj.core.data.Offset.offset(1e-5));
  }
}
