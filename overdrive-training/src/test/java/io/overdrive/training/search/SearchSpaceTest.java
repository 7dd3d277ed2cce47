package io.overdrive.training.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.training.sequence.SequenceConfig;
import io.overdrive.training.sequence.SequenceSearchSpace;
import io.overdrive.training.twotower.TwoTowerConfig;
import io.overdrive.training.twotower.TwoTowerSearchSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
  /** MovieLens-100K's shape: 943 users with long histories, 1,349 items. */
  static final DataStats DENSE = new DataStats(943, 1349, 97_401, 62, 239, 646);

  /** Amazon Beauty's: 22,363 users, 12,101 items, under ten interactions per user. */
  static final DataStats SPARSE = new DataStats(22_363, 12_101, 153_776, 4, 13, 200);

  @Test
  void theRuleStartsFromSasRecsSettingsForTheDataShape() {
    SequenceConfig dense = SequenceSearchSpace.of(DENSE, FixedSettings.NONE).start();
    assertThat(dense.dropout()).isEqualTo(0.2f);
    assertThat(dense.maxLength()).isEqualTo(200);
    assertThat(dense.negatives()).isZero();
    SequenceConfig sparse = SequenceSearchSpace.of(SPARSE, FixedSettings.NONE).start();
    assertThat(sparse.dropout()).isEqualTo(0.5f);
    assertThat(sparse.maxLength()).isEqualTo(50);
    assertThat(sparse.negatives()).isZero(); // 12,101 items: a full softmax first
    SequenceConfig huge =
        SequenceSearchSpace.of(
                new DataStats(50_000, 60_000, 400_000, 5, 14, 300), FixedSettings.NONE)
            .start();
    assertThat(huge.negatives()).isEqualTo(SequenceConfig.SAMPLED_NEGATIVES);
  }

  @Test
  void regularisationIsOnlyTriedStrongerThanTheRules() {
    // successive halving judges early, when a weaker model leads before it over-fits
    SearchSpace<SequenceConfig> dense = SequenceSearchSpace.of(DENSE, FixedSettings.NONE);
    SearchSpace<SequenceConfig> sparse = SequenceSearchSpace.of(SPARSE, FixedSettings.NONE);
    for (SearchSpace<SequenceConfig> space : List.of(dense, sparse)) {
      for (SearchSpace.Candidate<SequenceConfig> c : space.candidates(16)) {
        assertThat(c.config().dropout()).isGreaterThanOrEqualTo(space.start().dropout());
      }
    }
    assertThat(sparse.candidates(16).stream().mapToInt(c -> c.config().dim()).max().orElseThrow())
        .isEqualTo(64);
  }

  @Test
  void candidatesAreTheStartThenSingleChangesInOrderThenPairs() {
    SearchSpace<SequenceConfig> space = SequenceSearchSpace.of(SPARSE, FixedSettings.NONE);
    assertThat(space.searched())
        .containsExactly("negatives", "dim", "dropout", "max length", "learning rate");
    List<SearchSpace.Candidate<SequenceConfig>> c = space.candidates(8);
    assertThat(c.stream().map(SearchSpace.Candidate::label))
        .startsWith(
            "rule",
            "2048 negatives",
            "dim 32",
            "dropout 0.7",
            "max length 200",
            "learning rate 0.003, warm-up 350 steps",
            "2048 negatives, dim 32");
    assertThat(c.get(3).config().dropout()).isEqualTo(0.7f);
    assertThat(c.get(3).config().maxLength()).isEqualTo(50); // one change at a time
    assertThat(c.get(6).config().negatives()).isEqualTo(2048);
    assertThat(c.get(6).config().dim()).isEqualTo(32);
    assertThat(space.size()).isEqualTo(1 + 5 + 10);
  }

  @Test
  void onALargeCatalogueTheNegativesComeFirstWhateverTheUsersLengths() {
    // long histories (MovieLens' rule) over 11,818 items: the full softmax is most of an epoch's
    // cost, so sampled negatives are the first alternative, as on sparse data
    DataStats longTail = new DataStats(4000, 11_818, 131_690, 23, 67, 598);
    SearchSpace<SequenceConfig> space = SequenceSearchSpace.of(longTail, FixedSettings.NONE);
    assertThat(space.start().dropout()).isEqualTo(0.2f);
    assertThat(space.start().negatives()).isZero();
    assertThat(space.searched())
        .containsExactly("negatives", "dropout", "max length", "dim", "learning rate");
    assertThat(space.candidates(2).get(1).config().negatives())
        .isEqualTo(SequenceConfig.SAMPLED_NEGATIVES);
    // MovieLens-100K's 1,349 items are too few to sample from: its order is unchanged
    assertThat(SequenceSearchSpace.of(DENSE, FixedSettings.NONE).searched())
        .containsExactly("dropout", "max length", "dim", "learning rate");
  }

  @Test
  void onlySampledNegativesAgainstAFullSoftmaxCountAsTheCheaperAlternative() {
    // what the search measures when the rule is too slow an epoch for any search
    DataStats longTail = new DataStats(4000, 11_818, 131_690, 23, 67, 598);
    assertThat(SequenceSearchSpace.of(longTail, FixedSettings.NONE).firstAlternativeCheaper())
        .isTrue();
    assertThat(SequenceSearchSpace.of(SPARSE, FixedSettings.NONE).firstAlternativeCheaper())
        .isTrue();
    // above 20,000 items the rule samples and the full softmax is the dearer alternative
    DataStats huge = new DataStats(50_000, 60_000, 400_000, 5, 14, 300);
    assertThat(SequenceSearchSpace.of(huge, FixedSettings.NONE).firstAlternativeCheaper())
        .isFalse();
    // nothing to sample from on MovieLens-100K; negatives fixed by a flag; the two-tower model's
    // alternative is the whole catalogue
    assertThat(SequenceSearchSpace.of(DENSE, FixedSettings.NONE).firstAlternativeCheaper())
        .isFalse();
    FixedSettings full =
        new FixedSettings(null, null, null, 0, null, null, null, null, null, null, null);
    assertThat(SequenceSearchSpace.of(longTail, full).firstAlternativeCheaper()).isFalse();
    assertThat(TwoTowerSearchSpace.of(longTail, FixedSettings.NONE).firstAlternativeCheaper())
        .isFalse();
  }

  @Test
  void blocksHeadsAndLabelSmoothingAreNotSearchedAndAFlagSetsThemInEveryCandidate() {
    // unset: the rule's 2 blocks, 1 head, plain cross-entropy, and the same space as before
    SearchSpace<SequenceConfig> plain = SequenceSearchSpace.of(DENSE, FixedSettings.NONE);
    assertThat(plain.start().blocks()).isEqualTo(2);
    assertThat(plain.start().heads()).isEqualTo(1);
    assertThat(plain.start().labelSmoothing()).isZero();
    FixedSettings fixed =
        new FixedSettings(null, null, null, null, null, null, null, null, 3, 4, 0.1f);
    SearchSpace<SequenceConfig> space = SequenceSearchSpace.of(DENSE, fixed);
    assertThat(space.searched()).isEqualTo(plain.searched());
    assertThat(space.size()).isEqualTo(plain.size());
    for (SearchSpace.Candidate<SequenceConfig> c : space.candidates(space.size())) {
      assertThat(c.config().blocks()).isEqualTo(3);
      assertThat(c.config().heads()).isEqualTo(4);
      assertThat(c.config().labelSmoothing()).isEqualTo(0.1f);
    }
  }

  @Test
  void aFixedFlagIsNotSearchedAndHoldsInEveryCandidate() {
    FixedSettings fixed =
        new FixedSettings(96, 0.3f, 20, null, 2e-3f, null, 0.07f, null, null, null, null);
    SearchSpace<SequenceConfig> space = SequenceSearchSpace.of(DENSE, fixed);
    assertThat(space.searched()).containsExactly("learning rate"); // its warm-up is still free
    for (SearchSpace.Candidate<SequenceConfig> c : space.candidates(8)) {
      assertThat(c.config().dim()).isEqualTo(96);
      assertThat(c.config().dropout()).isEqualTo(0.3f);
      assertThat(c.config().maxLength()).isEqualTo(20);
      assertThat(c.config().learningRate()).isEqualTo(2e-3f);
    }
    assertThat(space.candidates(8)).hasSize(2);
    assertThat(space.candidates(8).get(1).config().warmupSteps()).isPositive();

    SearchSpace<TwoTowerConfig> twoTower = TwoTowerSearchSpace.of(DENSE, fixed);
    assertThat(twoTower.searched()).containsExactly("negatives", "learning rate", "id dropout");
    assertThat(twoTower.start().temperature()).isEqualTo(0.07f);
    assertThat(twoTower.start().dim()).isEqualTo(96);
    assertThat(twoTower.start().hidden()).isEqualTo(192);
    // the sampled softmax with logQ first, the whole catalogue second (decision 0406)
    assertThat(twoTower.start().negatives()).isEqualTo(TwoTowerConfig.SAMPLED_NEGATIVES);
    assertThat(twoTower.candidates(8).get(1).config().negatives()).isZero();
  }

  @Test
  void aDimensionThatCannotMatterOnTheDataIsNotSearched() {
    // every sequence fits in 50 items, and 3,000 items are too few to sample from
    DataStats small = new DataStats(5000, 3000, 40_000, 6, 12, 45);
    SearchSpace<SequenceConfig> space = SequenceSearchSpace.of(small, FixedSettings.NONE);
    assertThat(space.searched()).containsExactly("dim", "dropout", "learning rate");
    assertThat(space.start().maxLength()).isEqualTo(50);
  }

  @Test
  void forksAreTheSingleChangesThatKeepTheParametersShapes() {
    // on MovieLens' shape: dropout and the learning rate; not the width or the maximum length,
    // which change the parameters' shapes (the catalogue is too small to sample from)
    SearchSpace<SequenceConfig> dense = SequenceSearchSpace.of(DENSE, FixedSettings.NONE);
    assertThat(dense.forks().stream().map(SearchSpace.Candidate::label))
        .containsExactly("dropout 0.5", "learning rate 0.003, warm-up 60 steps");
    for (SearchSpace.Candidate<SequenceConfig> c : dense.forks()) {
      assertThat(c.config().dim()).isEqualTo(dense.start().dim());
      assertThat(c.config().maxLength()).isEqualTo(dense.start().maxLength());
    }
    SearchSpace<TwoTowerConfig> towers = TwoTowerSearchSpace.of(DENSE, FixedSettings.NONE);
    assertThat(towers.forks()).hasSize(4);
    assertThat(towers.forks()).allMatch(c -> c.config().dim() == towers.start().dim());
  }
}
