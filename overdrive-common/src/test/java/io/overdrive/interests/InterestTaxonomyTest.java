package io.overdrive.interests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterestTaxonomyTest {
  private final InterestTaxonomy taxonomy = InterestTaxonomy.loadDefault();

  @Test
  void spellingsOfOneInterestMeet() {
    assertThat(taxonomy.canonical("sci-fi")).isEqualTo("sci_fi");
    assertThat(taxonomy.canonical("sci_fi")).isEqualTo("sci_fi");
    assertThat(taxonomy.canonical("scifi")).isEqualTo("sci_fi");
    assertThat(taxonomy.canonical("#SciFi")).isEqualTo("sci_fi");
  }

  @Test
  void groupingsAndSynonyms() {
    assertThat(taxonomy.canonical("#PS5")).isEqualTo("ps5");
    assertThat(taxonomy.parents("ps5")).containsExactly("gaming");
    assertThat(taxonomy.canonical("videogames")).isEqualTo("gaming");
  }

  @Test
  void unknownTagIsAnInterestOfItsOwn() {
    assertThat(taxonomy.canonical("#Knitting-Club")).isEqualTo("knitting_club");
    assertThat(taxonomy.isKnown("knitting_club")).isFalse();
  }

  @Test
  void bioWordsMapToInterests() {
    assertThat(taxonomy.interestsForBioWord("Gamer")).contains("gaming");
    assertThat(taxonomy.canonicalAll(List.of("gym", "#workout", "fitness")))
        .containsExactly("fitness");
  }

  @Test
  void groupingsAreTransitiveNearestFirst() {
    assertThat(taxonomy.ancestors("running"))
        .containsExactly(
            new InterestTaxonomy.Ancestor("fitness", 1),
            new InterestTaxonomy.Ancestor("health", 2));
    assertThat(taxonomy.expand("#Marathon")).containsExactly("running", "fitness", "health");
    assertThat(taxonomy.expand("#knitting")).containsExactly("knitting");
    assertThat(taxonomy.expand("#!!")).isEmpty();
  }

  @Test
  void normalisationFoldsAccentsAndSeparatorsWithoutRegex() {
    assertThat(InterestTaxonomy.normalize("  #Café-Crème!! ")).isEqualTo("cafe_creme");
    assertThat(InterestTaxonomy.normalize("##__Sci   Fi__")).isEqualTo("sci_fi");
    assertThat(InterestTaxonomy.normalize("東京")).isEqualTo("東京");
    assertThat(InterestTaxonomy.normalize("")).isEmpty();
    assertThat(InterestTaxonomy.normalize(null)).isEmpty();
    // cached answers equal fresh ones
    assertThat(taxonomy.canonical("#PlayStation5")).isEqualTo("ps5");
    assertThat(taxonomy.canonical("#PlayStation5")).isEqualTo("ps5");
  }

  @Test
  void aCycleInTheFileCannotLoop() {
    var root =
        new tools.jackson.databind.json.JsonMapper()
            .readTree(
                "{\"interests\": {\"a\": {\"parents\": [\"b\"]}, \"b\": {\"parents\": [\"a\"]}}}");
    InterestTaxonomy cyclic = InterestTaxonomy.parse(root, "test");
    assertThat(cyclic.ancestors("a"))
        .extracting(InterestTaxonomy.Ancestor::interest)
        .containsExactly("b");
  }

  @Test
  void aFileWithoutInterestsIsRejectedWithItsName() {
    var root = new tools.jackson.databind.json.JsonMapper().readTree("{\"topics\": {}}");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> InterestTaxonomy.parse(root, "my.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("my.json")
        .hasMessageContaining("interests");
  }
}
