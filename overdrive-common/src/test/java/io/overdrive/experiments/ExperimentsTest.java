package io.overdrive.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.experiments.Experiment.Variant;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.ranking.PipelineFixture;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentsTest {
  private static final RankingSettings BASE = RankingSettings.defaults();
  @TempDir Path dir;

  private static Experiment threeWay() {
    return new Experiment(
        "blend-2026-11",
        List.of(
            new Variant("control", 0.5, BASE),
            new Variant("fast", 0.3, BASE.withOverrides(Map.of("maturity_half_point", 5))),
            new Variant("slow", 0.2, BASE.withOverrides(Map.of("maturity_half_point", 80)))));
  }

  @Test
  void assignmentIsStableAcrossCallsAndInstances() {
    ExperimentAssigner a = new ExperimentAssigner(threeWay());
    ExperimentAssigner b = new ExperimentAssigner(threeWay());
    for (int i = 0; i < 1000; i++) {
      String user = "user-" + i;
      assertThat(a.assign(user).name())
          .isEqualTo(a.assign(user).name())
          .isEqualTo(b.assign(user).name());
    }
    // the bucket is a published function (FNV-1a 64 of "salt:user" mod 10000)
    assertThat(ExperimentAssigner.bucket("blend-2026-11:u1"))
        .isEqualTo(fnv1a64Mod("blend-2026-11:u1"));
  }

  @Test
  void theSplitMatchesTheTraffic() {
    ExperimentAssigner a = new ExperimentAssigner(threeWay());
    Map<String, Integer> counts = new HashMap<>();
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      counts.merge(a.assign("u" + i).name(), 1, Integer::sum);
    }
    assertThat(counts.get("control") / (double) n).isCloseTo(0.5, within(0.01));
    assertThat(counts.get("fast") / (double) n).isCloseTo(0.3, within(0.01));
    assertThat(counts.get("slow") / (double) n).isCloseTo(0.2, within(0.01));
  }

  @Test
  void aDifferentSaltReshufflesUsers() {
    Experiment salted = new Experiment("blend-2026-11", "rerun-2", threeWay().variants());
    ExperimentAssigner a = new ExperimentAssigner(threeWay());
    ExperimentAssigner b = new ExperimentAssigner(salted);
    int same = 0;
    for (int i = 0; i < 10_000; i++) {
      same += a.assign("u" + i).name().equals(b.assign("u" + i).name()) ? 1 : 0;
    }
    // independent draws agree with probability 0.5^2 + 0.3^2 + 0.2^2 = 0.38
    assertThat(same / 10_000.0).isCloseTo(0.38, within(0.03));
  }

  @Test
  void loadsYamlWithSettingsOverrides() throws Exception {
    Path file = dir.resolve("exp.yaml");
    Files.writeString(
        file,
        """
        name: maturity-curve
        variants:
          - name: control
            traffic: 0.5
          - name: fast_handover
            traffic: 0.5
            settings:
              maturity_half_point: 8
              freshness_half_life: PT6H
              cold_weights: {declared_interest: 0.7}
              exploration_share: 0
        """);
    Experiment e = Experiments.load(file, BASE);
    assertThat(e.name()).isEqualTo("maturity-curve");
    assertThat(e.variant("control").settings()).isEqualTo(BASE);
    RankingSettings fast = e.variant("fast_handover").settings();
    assertThat(fast.maturityHalfPoint()).isEqualTo(8);
    assertThat(fast.freshnessHalfLife()).isEqualTo(Duration.ofHours(6));
    assertThat(fast.coldWeights().get("declared_interest")).isEqualTo(0.7);
    assertThat(fast.coldWeights().get("quality")).isEqualTo(BASE.coldWeights().get("quality"));
    assertThat(fast.explorationShare()).isZero();
    assertThat(e.variant("fast_handover").overrides()).containsKey("maturity_half_point");
  }

  @Test
  void loadsJson() throws Exception {
    Path file = dir.resolve("exp.json");
    Files.writeString(
        file,
        """
        {"name": "caps", "salt": "caps-v2", "variants": [
          {"name": "control", "traffic": 0.9},
          {"name": "one_per_author", "traffic": 0.1, "settings": {"max_per_author": 1}}]}
        """);
    Experiment e = Experiments.load(file, BASE);
    assertThat(e.salt()).isEqualTo("caps-v2");
    assertThat(e.variant("one_per_author").settings().maxPerAuthor()).isEqualTo(1);
  }

  @Test
  void badFilesFailWithTheFileAndFieldNamed() throws Exception {
    assertThatThrownBy(
            () ->
                Experiments.load(
                    write("a.yaml", "name: x\nvariants:\n  - name: a\n    traffic: 0.6\n"), BASE))
        .hasMessageContaining("a.yaml")
        .hasMessageContaining("traffic must sum to 1");
    assertThatThrownBy(
            () ->
                Experiments.load(
                    write(
                        "b.yaml",
                        "name: x\nvariants:\n  - name: a\n    traffic: 1\n    settings: {maturity_half_pont: 3}\n"),
                    BASE))
        .hasMessageContaining("variants[0].settings.maturity_half_pont")
        .hasMessageContaining("unknown ranking setting");
    assertThatThrownBy(
            () ->
                Experiments.load(
                    write(
                        "c.json",
                        "{\"name\": \"x\", \"variants\": [{\"name\": \"a\", \"traffic\": 1, \"settings\": {\"mmr_lambda\": 3}}]}"),
                    BASE))
        .hasMessageContaining("variants[0].settings.mmr_lambda must be in [0, 1]");
    assertThatThrownBy(
            () ->
                Experiments.load(
                    write(
                        "d.json",
                        "{\"name\": \"x\", \"variants\": [{\"name\": \"a\", \"traffic\": 1, \"settings\": {\"cold_weights\": {\"vibes\": 1}}}]}"),
                    BASE))
        .hasMessageContaining("cold_weights.vibes: unknown signal");
    assertThatThrownBy(() -> Experiments.load(write("e.json", "{\"name\": "), BASE))
        .hasMessageContaining("e.json: not valid JSON");
    assertThatThrownBy(() -> Experiments.load(write("f.yaml", "name: x\nvarients: []\n"), BASE))
        .hasMessageContaining("varients: unknown field");
  }

  @Test
  void theVariantFlowsIntoTheRankingAndTheEvents() {
    PipelineFixture f = new PipelineFixture();
    ExperimentAssigner assigner = new ExperimentAssigner(threeWay());
    ForYouRanker ranker =
        new ForYouRanker(f.pipeline, assigner, Clock.fixed(PipelineFixture.NOW, ZoneOffset.UTC));
    for (int i = 0; i < 50; i++) {
      String user = "u" + i;
      RankResult r =
          ranker.rank(new RankRequest(user, List.of(PipelineFixture.item("x", "a", "food")), 5));
      assertThat(r.variant()).isEqualTo(assigner.assign(user).name());
      assertThat(r.experiment()).isEqualTo("blend-2026-11");
      Interaction untagged =
          Interaction.of("e" + i, user, "x", InteractionType.LIKE, PipelineFixture.NOW);
      assertThat(assigner.tag(untagged).experimentVariant()).isEqualTo(r.variant());
    }
    // a client's own tag wins
    Interaction tagged =
        Interaction.of("e", "u1", "x", InteractionType.LIKE, PipelineFixture.NOW)
            .withExperimentVariant("mine");
    assertThat(assigner.tag(tagged).experimentVariant()).isEqualTo("mine");
  }

  @Test
  void noExperimentMeansControl() {
    ExperimentAssigner none = ExperimentAssigner.none(BASE);
    assertThat(none.assign("anyone").name()).isEqualTo("control");
    assertThat(none.experiment().name()).isEqualTo("none");
  }

  private Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static int fnv1a64Mod(String key) {
    java.math.BigInteger h = new java.math.BigInteger("cbf29ce484222325", 16);
    java.math.BigInteger prime = new java.math.BigInteger("100000001b3", 16);
    java.math.BigInteger mask =
        java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE);
    for (byte b : key.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      h = h.xor(java.math.BigInteger.valueOf(b & 0xff)).multiply(prime).and(mask);
    }
    return h.mod(java.math.BigInteger.valueOf(10_000)).intValue();
  }
}
