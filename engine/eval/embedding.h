// Maps of a representation and neighbours in it: PCA, t-SNE (Barnes–Hut) and cosine nearest neighbours.
// Torch-free header (the GUI computes maps on a worker thread through it); the implementation uses LibTorch for the
// dense linear algebra and plain C++ for the Barnes–Hut tree.
#pragma once

#include "engine/core/types.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace pretext::engine {

// Two coordinates per point, row-major: x0, y0, x1, y1, …
using MapPoints = std::vector<float>;

struct PcaMap {
    MapPoints points;             // the features' projections on the first two principal axes (centred data)
    double explained[2] = {0, 0}; // share of the total variance along each axis, in [0, 1]
};
// Principal components of the rows of `features` (n x D, n >= 2). Throws ConfigError for fewer than 2 rows or no
// columns. Each axis is signed so that its largest loading is positive: the same data never gives a mirrored map.
PcaMap pcaMap(const Matrix &features);

struct TsneOptions {
    double perplexity = 30;   // effective number of neighbours, 2 .. (n - 1) / 3
    int iterations = 750;     // gradient steps (the first 250, or a third when fewer, with early exaggeration 12)
    double theta = 0.5;       // Barnes–Hut accuracy: 0 = exact, larger = faster and coarser
    uint64_t seed = 0;        // for the random start when `init` is not used
    // Optional start (n points, else ignored): the previous map, so that a new one morphs from it. A map of RMS radius
    // 1 or more is continued without early exaggeration (it keeps its layout and scale); a smaller one is only a
    // layout hint and gets the full schedule.
    MapPoints init;
    int threads = 0;          // 0 = LibTorch's current setting (of the calling thread); restored afterwards
    // Called every 10 iterations and after the last, from the computing thread; return false to stop early (the map so
    // far is returned).
    std::function<bool(int iteration, int total)> progress;
};
// t-SNE (van der Maaten 2014) of the rows of `features`: Gaussian affinities over the 3·perplexity nearest
// neighbours, Barnes–Hut repulsion. Throws ConfigError when the perplexity does not fit n (names both), for fewer
// than 5 points or fewer than 1 iteration. The same options give the same map whatever the thread count.
MapPoints tsneMap(const Matrix &features, const TsneOptions &options);

struct Neighbour {
    int index = 0;         // row of the bank
    float similarity = 0;  // cosine similarity to the query
};
// The k rows of `bank` most cosine-similar to row `query` of the same bank, the query itself excluded, best first.
// k is clamped to rows - 1; throws ConfigError for a query outside the bank.
std::vector<Neighbour> nearestNeighbours(const Matrix &bank, int query, int k);
// The same for several queries at once (one matrix product).
std::vector<std::vector<Neighbour>> nearestNeighbours(const Matrix &bank, const std::vector<int> &queries, int k);

// How well a 2-D map keeps classes together: the mean share of each point's k nearest points in the map (Euclidean)
// that have its label. 1 = every neighbourhood is pure; about 1 / classes for a random map. k is clamped to n - 1;
// throws ConfigError unless there is one label per point, n >= 2 and k >= 1.
double mapNeighbourPurity(const MapPoints &points, const std::vector<int> &labels, int k);

} // namespace pretext::engine
