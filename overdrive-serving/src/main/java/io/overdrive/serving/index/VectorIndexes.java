package io.overdrive.serving.index;

import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.serving.faiss.FaissIndex;
import io.overdrive.serving.jvector.JVectorIndex;
import java.io.IOException;
import java.nio.file.Path;

/** Builds and loads the index of a spec's backend: the one switch over backends. */
public final class VectorIndexes {
  private VectorIndexes() {}

  public static VectorIndex build(IndexSpec spec, ItemEmbeddings embeddings) {
    return switch (spec.backend()) {
      case FAISS -> FaissIndex.build(embeddings, spec);
      case JVECTOR -> JVectorIndex.build(embeddings, spec);
      case EXACT -> new ExactIndex(embeddings);
    };
  }

  public static VectorIndex load(IndexSpec spec, Path dir) throws IOException {
    return switch (spec.backend()) {
      case FAISS -> FaissIndex.load(dir, spec);
      case JVECTOR -> JVectorIndex.load(dir, spec);
      case EXACT -> ExactIndex.load(dir);
    };
  }
}
