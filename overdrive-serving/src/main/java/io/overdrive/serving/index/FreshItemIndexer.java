package io.overdrive.serving.index;

import io.overdrive.catalogue.FreshItem;
import io.overdrive.catalogue.FreshItemFeed;
import io.overdrive.catalogue.FreshItemVectors;
import io.overdrive.model.TwoTowerModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's index current with the catalogue (decision 0305): each fresh item the node's
 * {@link FreshItemFeed} hears of is embedded from its content by the served version's item tower
 * and upserted, as a gRPC {@code Upsert} would; each takedown is deleted (and, as every delete,
 * carried to later versions). A new model version's index gets the fresh items it does not know,
 * re-embedded with its own tower, when it is installed. Every serving replica does this for itself,
 * so replicas started later, or restarted, converge on the same index.
 */
public final class FreshItemIndexer implements FreshItemFeed.Listener {
  private static final Logger log = LoggerFactory.getLogger(FreshItemIndexer.class);

  private final LiveIndex live;
  private final FreshItemFeed feed;

  /** Ids this indexer upserted into the served generation (the rest are the model's own). */
  private final Set<String> upserted = new HashSet<>();

  /** The generation the install listener has prepared (the others' items wait for theirs). */
  private LiveIndex.Generation prepared;

  private boolean noTowerLogged;

  public FreshItemIndexer(LiveIndex live, FreshItemFeed feed) {
    this.live = live;
    this.feed = feed;
  }

  /** Starts listening to the feed and to index installs. */
  public FreshItemIndexer attach() {
    live.onInstall(this::installed);
    feed.addListener(this);
    return this;
  }

  @Override
  public synchronized void arrived(List<FreshItem> items) {
    live.current().ifPresent(g -> index(g, items));
  }

  @Override
  public synchronized void takenDown(Collection<String> itemIds) {
    if (live.ready()) {
      live.delete(itemIds);
      upserted.removeAll(itemIds);
    }
  }

  private synchronized void installed(LiveIndex.Generation g) {
    upserted.clear();
    prepared = g;
    int n = index(g, feed.items());
    List<String> gone = new ArrayList<>();
    for (String id : feed.recentTakedowns()) {
      if (g.index().contains(id)) {
        gone.add(id);
      }
    }
    if (!gone.isEmpty()) {
      live.delete(gone);
    }
    log.info(
        "model {}: {} fresh items embedded, {} taken-down items removed",
        g.modelVersion(),
        n,
        gone.size());
  }

  private int index(LiveIndex.Generation g, List<FreshItem> items) {
    TwoTowerModel towers = g.userTower();
    if (towers == null) {
      if (!noTowerLogged) {
        log.info("model {} has no item tower: fresh items are not indexed", g.modelVersion());
        noTowerLogged = true;
      }
      return 0;
    }
    if (g != prepared) {
      return 0; // the install listener has not run for this generation yet; it will index them
    }
    Map<String, float[]> vectors =
        FreshItemVectors.embed(
            towers, items, id -> g.index().contains(id) && !upserted.contains(id));
    if (vectors.isEmpty()) {
      return 0;
    }
    List<ItemVector> batch = new ArrayList<>(vectors.size());
    vectors.forEach((id, v) -> batch.add(new ItemVector(id, v)));
    try {
      live.upsert(batch, g.modelVersion());
      upserted.addAll(vectors.keySet());
    } catch (ModelVersionMismatchException | IndexNotReadyException swapped) {
      return 0; // a new version is being installed; its install indexes the fresh items
    }
    return vectors.size();
  }
}
