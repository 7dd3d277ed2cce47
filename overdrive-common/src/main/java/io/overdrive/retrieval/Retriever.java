package io.overdrive.retrieval;

import java.util.List;
import java.util.Set;

/**
 * The retrieval port: the k items whose embeddings have the largest inner product with a query.
 * Adapters: {@link ExactRetriever} (in-process, exact), the serving node's ANN indexes (FAISS,
 * jvector) and the API's gRPC client of the serving node.
 */
public interface Retriever {

  /**
   * The top {@code k} items by inner product with {@code query}, best first, never one of {@code
   * excluded}; fewer when fewer items qualify.
   *
   * @throws io.overdrive.domain.InvalidInputException when the query's dimension is wrong or k is
   *     not positive
   * @throws RetrievalException when the retriever cannot answer now
   */
  List<ScoredItem> search(float[] query, int k, Set<String> excluded);

  /**
   * Searches with the user's embedding computed where the item embeddings live (a remote serving
   * node). In-process retrievers have no user tower of their own and refuse.
   */
  default List<ScoredItem> searchForUser(String userId, int k, Set<String> excluded) {
    throw new RetrievalException(
        "no_user_embedding", "this retriever cannot embed user " + userId + " itself");
  }

  /** Dimension of the item embeddings, or 0 when none are loaded. */
  int dimension();

  /** Number of searchable items. */
  long size();

  /** Version of the model whose item embeddings are searched, or "" when none. */
  String modelVersion();
}
