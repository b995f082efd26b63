// One embedding map computed off the GUI thread: what the inspection panel and the run comparison both run on their
// worker threads. Torch-free (the maps are engine/eval/embedding.h's).
#pragma once

#include "engine/core/inspection.h"
#include "engine/eval/embedding.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>

namespace pretext::ui {

struct MapRequest {
    bool pca = false;       // PCA, else t-SNE
    int perplexity = 30;    // t-SNE only
    uint64_t seed = 0;      // t-SNE's random start when init is empty
    engine::MapPoints init; // t-SNE: the previous map, to morph from it
    int threads = 0;        // 0 = all cores
    int purityK = 10;       // neighbours per point of the purity figure
};

struct MapResult {
    int id = 0; // the caller's job id
    engine::MapPoints points;
    double seconds = 0;
    double purity = -1;
    double explained[2] = { 0, 0 }; // PCA's variance shares
    bool cancelled = false;
    QString error; // a sentence in place of the map
};

// Computes the map of `features` (on the calling thread). `cancel` stops a t-SNE early (the result says so);
// `progress(iteration, total)` is called at most every 100 ms. Errors come back in MapResult::error, never thrown.
MapResult computeMap(const engine::FeatureSet &features, const MapRequest &request, const std::atomic<bool> &cancel,
                     const std::function<void(int iteration, int total)> &progress);

} // namespace pretext::ui
