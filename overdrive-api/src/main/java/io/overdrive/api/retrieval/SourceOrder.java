package io.overdrive.api.retrieval;

/**
 * The order of the For You candidate sources: retrieval first (it names the response's candidate
 * source), then the fresh items ({@code io.overdrive.api.catalogue}).
 */
public final class SourceOrder {
  public static final int RETRIEVAL = 100;
  public static final int FRESH = 200;

  private SourceOrder() {}
}
