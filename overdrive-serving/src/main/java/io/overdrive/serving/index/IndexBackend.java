package io.overdrive.serving.index;

/** Which library answers searches. */
public enum IndexBackend {
  /** FAISS through the JavaCPP binding: the production backend. */
  FAISS,
  /** jvector's HNSW-like graph, pure Java: where libfaiss is not installed (a Mac laptop). */
  JVECTOR,
  /** The exact scan of overdrive-common: small catalogues and tests. */
  EXACT;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
