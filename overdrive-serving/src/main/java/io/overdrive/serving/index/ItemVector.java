package io.overdrive.serving.index;

/** An item and its embedding, as an Upsert brings it. */
public record ItemVector(String itemId, float[] vector) {}
