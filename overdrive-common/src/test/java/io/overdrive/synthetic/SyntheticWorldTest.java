package io.overdrive.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventJson;
import io.overdrive.synthetic.SyntheticWorld.SyntheticItem;
import io.overdrive.synthetic.SyntheticWorld.SyntheticUser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticWorldTest {
  @TempDir Path dir;

  private final SyntheticWorld world = SyntheticWorld.generate(SyntheticWorld.Config.small());

  @Test
  void theSameSeedGivesTheSameWorldAndEvents() {
    SyntheticWorld again = SyntheticWorld.generate(SyntheticWorld.Config.small());
    assertThat(again.catalogue()).isEqualTo(world.catalogue());
    assertThat(again.interactions()).isEqualTo(world.interactions());
    SyntheticWorld other = SyntheticWorld.generate(SyntheticWorld.Config.small().withSeed(7));
    assertThat(other.interactions()).isNotEqualTo(world.interactions());
    // one user's events can be drawn alone and are the same as in the whole stream
    SyntheticUser u = world.users().get(17);
    assertThat(world.interactions(u))
        .isEqualTo(world.interactions().stream().filter(e -> e.userId().equals(u.id())).toList());
  }

  @Test
  void usersEngageMoreWithTheirTrueInterests() {
    long onTopic = 0;
    long onTopicEngaged = 0;
    long offTopic = 0;
    long offTopicEngaged = 0;
    for (Interaction e : world.interactions()) {
      boolean relevant = world.relevant(world.user(e.userId()), e.itemId());
      if (e.type() == InteractionType.IMPRESSION) {
        if (relevant) {
          onTopic++;
        } else {
          offTopic++;
        }
      } else if (e.type() == InteractionType.VIEW) {
        if (relevant) {
          onTopicEngaged++;
        } else {
          offTopicEngaged++;
        }
      }
    }
    double onRate = onTopicEngaged / (double) onTopic;
    double offRate = offTopicEngaged / (double) offTopic;
    assertThat(onRate).isGreaterThan(3 * offRate);
  }

  @Test
  void everyKindOfInteractionOccurs() {
    Map<InteractionType, Integer> counts = new EnumMap<>(InteractionType.class);
    world.interactions().forEach(e -> counts.merge(e.type(), 1, Integer::sum));
    assertThat(counts.keySet()).containsExactlyInAnyOrder(InteractionType.values());
    assertThat(world.interactions()).hasSize(world.users().size() * world.config().eventsPerUser());
  }

  @Test
  void seriesAreFollowedInOrder() {
    int next = 0;
    int engagedViews = 0;
    for (SyntheticUser u : world.users()) {
      List<Interaction> es = world.interactions(u);
      String lastViewed = null;
      for (Interaction e : es) {
        if (e.type() == InteractionType.IMPRESSION && lastViewed != null) {
          SyntheticItem prev = world.item(lastViewed);
          SyntheticItem cur = world.item(e.itemId());
          if (cur.series() == prev.series() && cur.index() == prev.index() + 1) {
            next++;
          }
          lastViewed = null;
        }
        if (e.type() == InteractionType.VIEW) {
          lastViewed = e.itemId();
          engagedViews++;
        }
      }
    }
    // after a view, the next item continues the series about as often as the follow rate says
    // (less at the end of a series)
    double rate = next / (double) engagedViews;
    assertThat(rate).isBetween(0.25, world.config().seriesFollowRate() + 0.05);
  }

  @Test
  void writesTheArchiveFormatAndTheTruth() throws Exception {
    long events = world.writeTo(dir);
    assertThat(events).isEqualTo(world.interactions().size());
    List<String> eventLines = Files.readAllLines(dir.resolve("events.jsonl"));
    assertThat(eventLines).hasSize((int) events);
    assertThat(EventJson.parse(eventLines.get(0))).isEqualTo(world.interactions().get(0));
    List<String> items = Files.readAllLines(dir.resolve("items.jsonl"));
    assertThat(CatalogueJson.parseItem(items.get(3))).isEqualTo(world.items().get(3).item());
    List<String> users = Files.readAllLines(dir.resolve("users.jsonl"));
    assertThat(CatalogueJson.parseUser(users.get(5)).interests())
        .isEqualTo(world.users().get(5).profile().interests());
    assertThat(Files.readAllLines(dir.resolve("truth_users.jsonl")).get(0))
        .contains("true_interests");
    assertThat(Files.readAllLines(dir.resolve("truth_items.jsonl")).get(0)).contains("\"topic\"");
  }

  @Test
  void theCommandLineWritesAWorldAndSaysWhat() throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    try {
      GenerateWorld.main(
          new String[] {
            "--users",
            "20",
            "--items",
            "300",
            "--events-per-user",
            "10",
            "--seed",
            "3",
            "--gzip",
            "--out",
            dir.resolve("w").toString()
          });
    } finally {
      System.setOut(out);
    }
    assertThat(captured.toString()).contains("\"users\": 20").contains("\"events\": 200");
    assertThat(dir.resolve("w/events.jsonl.gz")).exists();
    assertThat(Files.readAllLines(dir.resolve("w/items.jsonl"))).hasSize(300);
  }
}
