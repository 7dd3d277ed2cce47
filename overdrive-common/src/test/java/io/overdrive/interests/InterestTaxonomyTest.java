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
}
