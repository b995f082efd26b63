// Weighted k-nearest-neighbour classification of embeddings (Wu et al. 2018, InstDisc): cosine similarity,
// the top-k neighbours vote for their label with weight exp(sim / temperature).
#pragma once

#include <torch/types.h>

namespace pretext::engine {

// bank [N,D] with bankLabels [N] (int64), queries [M,D] -> predicted labels [M] (int64).
// Queries are processed in chunks so that memory stays bounded for large test sets.
torch::Tensor knnPredict(const torch::Tensor &bank, const torch::Tensor &bankLabels, const torch::Tensor &queries,
                         int64_t k, double temperature, int64_t numClasses);

} // namespace pretext::engine
