package io.overdrive.api.demo;

import io.overdrive.api.config.OverdriveProperties;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.Item;
import io.overdrive.events.EventIngestor;
import io.overdrive.events.InterestHistory;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.store.FeatureStore;
import io.overdrive.synthetic.SyntheticWorld;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * With {@code overdrive.demo-data=true} (what {@code bin/start} sets), loads a synthetic world: a
 * catalogue of items, users with signup interests, and the history of the first half of the users,
 * so both cold-start and personalised feeds can be tried at once.
 */
@Component
public class DemoData {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);
  private final OverdriveProperties props;
  private final FeatureStore store;
  private final EventIngestor ingestor;
  private final InterestHistory history;
  private final RecentCatalogue catalogue;
  private volatile List<DemoUser> users = List.of();

  /** A demo user and whether they have a history (the others are cold starts). */
  public record DemoUser(String id, boolean history) {}

  public DemoData(
      OverdriveProperties props,
      FeatureStore store,
      EventIngestor ingestor,
      InterestHistory history,
      RecentCatalogue catalogue) {
    this.props = props;
    this.history = history;
    this.catalogue = catalogue;
    this.store = store;
    this.ingestor = ingestor;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void load() {
    if (!props.demoData()) {
      return;
    }
    SyntheticWorld world = SyntheticWorld.generate(SyntheticWorld.Config.small());
    store.putItems(world.catalogue());
    catalogue.add(world.catalogue().stream().map(Item::id).toList());
    world.users().forEach(u -> store.putProfile(u.profile()));
    int half = world.users().size() / 2;
    // in time order, as a live stream would have brought it
    List<Interaction> events =
        world.interactions().stream()
            .filter(e -> Integer.parseInt(e.userId().substring(1)) < half)
            .sorted(java.util.Comparator.comparing(Interaction::timestamp))
            .toList();
    users =
        world.users().stream()
            .map(u -> new DemoUser(u.id(), Integer.parseInt(u.id().substring(1)) < half))
            .toList();
    for (int i = 0; i < events.size(); i += 200) {
      ingestor.ingest(events.subList(i, Math.min(events.size(), i + 200)));
      // the snapshots a consumer would have taken along the way (the User page's "over time")
      history.drain();
    }
    log.info(
        "Demo data: {} items (i0..i{}), {} users (u0..u{}); u0..u{} have {} events of history,"
            + " the others only signup interests",
        world.items().size(),
        world.items().size() - 1,
        world.users().size(),
        world.users().size() - 1,
        half - 1,
        events.size());
  }

  /** The demo users once loaded (empty without demo data): the console offers them to pick. */
  public List<DemoUser> users() {
    return users;
  }
}
