// k-means clustering (Lloyd 1982) with k-means++ seeding (Arthur & Vassilvitskii 2007), on the CPU. BEiT's visual
// vocabulary is k-means over image patches here, where the paper uses a pretrained dVAE's codebook; the clustering is
// kept separate so that other code (e.g. clustering probes of features) can reuse it.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <functional>

namespace pretext::engine {

struct KMeansOptions {
    int64_t clusters = 64;
    int64_t maxIterations = 30; // Lloyd iterations at most; it stops earlier once no assignment changes
    uint64_t seed = 0;          // decides the k-means++ seeding, the only random choice
};

struct KMeansResult {
    torch::Tensor centroids;   // [K, D] float
    torch::Tensor assignments; // [N] int64: index of each point's nearest centroid
    int64_t iterations = 0;    // Lloyd iterations run
    bool converged = false;    // the last iteration changed no assignment
    double inertia = 0;        // sum of squared distances of the points to their centroids
};

// Clusters points [N, D] (any float dtype and device; computed in float32 on the CPU) into options.clusters groups.
// Deterministic for a seed (and a thread count). A cluster that empties is moved onto the point farthest from its
// centroid. `progress(iteration, maxIterations)` is called before each Lloyd iteration (1-based).
// Throws std::invalid_argument unless 1 <= clusters <= N and maxIterations >= 1.
KMeansResult kmeans(const torch::Tensor &points, const KMeansOptions &options,
                    const std::function<void(int64_t, int64_t)> &progress = {});

// Index of the nearest centroid [K, D] (squared Euclidean distance, the lowest index on ties) of every point [N, D]:
// [N] int64 on the points' device.
torch::Tensor nearestCentroid(const torch::Tensor &points, const torch::Tensor &centroids);

} // namespace pretext::engine
