package io.overdrive.retrieval;

/** An item a retriever found, with its inner product with the query (cosine for unit vectors). */
public record ScoredItem(String itemId, float score) {}
