package io.overdrive.catalogue;

import java.util.List;

/**
 * Standalone mode: catalogue changes are applied before the call returns, and the replica's own
 * fresh-item feed is brought up to date at once, so a posted item is in its index (and a taken-down
 * one out of it) when {@code POST /items} or {@code DELETE /items/{id}} answers.
 */
public final class InProcessCatalogueSink implements CatalogueSink {
  private final CatalogueIngestor ingestor;
  private final FreshItemFeed feed;

  public InProcessCatalogueSink(CatalogueIngestor ingestor, FreshItemFeed feed) {
    this.ingestor = ingestor;
    this.feed = feed;
  }

  @Override
  public Receipt items(List<ItemChange> changes) {
    ingestor.applyItems(changes);
    feed.poll();
    return new Receipt(changes.size(), false);
  }

  @Override
  public void users(List<UserChange> changes) {
    ingestor.applyUsers(changes);
  }

  @Override
  public String describe() {
    return "in-process";
  }
}
