package io.overdrive.ranking.hydrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Item;
import io.overdrive.interests.InterestTaxonomy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Remembered content features are the ones the derivation gives, per distinct content. */
class ContentFeaturesTest {
  private final InterestTaxonomy taxonomy = InterestTaxonomy.loadDefault();

  private static Item item(String id, String text, List<String> tags, List<String> media) {
    return new Item(id, "a", text, tags, media, null, null, null);
  }

  @Test
  void sameContentSameFeaturesWhateverTheItem() {
    ContentFeatures cache = new ContentFeatures(taxonomy);
    Item a = item("a", "new #PS5 unboxing", List.of("gaming", "tech"), List.of("Video"));
    // another post, equal content in new string and list instances (a new request's JSON)
    Item b =
        item(
            "b",
            new String("new #PS5 unboxing"),
            List.of(new String("gaming"), "tech"),
            List.of("Video"));
    ContentFeatures.Derived first = cache.of(a);
    ContentFeatures.Derived expected = ContentFeatures.derive(a, taxonomy);
    assertThat(first.interests().interests()).isEqualTo(expected.interests().interests());
    assertThat(first.interests().weights()).containsExactly(expected.interests().weights());
    assertThat(first.interests().interests()).contains("ps5", "gaming");
    assertThat(first.media()).isEqualTo(expected.media());
    assertThat(first.media().video()).isTrue();
    assertThat(cache.of(b)).isSameAs(first);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void differentContentIsDerivedOnItsOwn() {
    ContentFeatures cache = new ContentFeatures(taxonomy);
    ContentFeatures.Derived food = cache.of(item("a", "pasta #recipes", List.of(), List.of()));
    ContentFeatures.Derived games = cache.of(item("a", "speedrun", List.of("gaming"), List.of()));
    ContentFeatures.Derived none = cache.of(item("a", null, List.of(), List.of("image")));
    assertThat(food.interests().interests()).contains("food").doesNotContain("gaming");
    assertThat(games.interests().interests()).contains("gaming").doesNotContain("food");
    assertThat(none.interests().interests()).isEmpty();
    assertThat(none.media().image()).isTrue();
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void staysBounded() {
    ContentFeatures cache = new ContentFeatures(taxonomy);
    for (int i = 0; i < ContentFeatures.MAX_ENTRIES + 10; i++) {
      cache.of(item("x", "post number " + i, List.of(), List.of()));
    }
    assertThat(cache.size()).isLessThanOrEqualTo(ContentFeatures.MAX_ENTRIES);
    Item again = item("x", "post number 3 #food", List.of(), List.of());
    assertThat(cache.of(again).interests().interests()).contains("food");
  }
}
