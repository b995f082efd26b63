// What the inspection views show of a trained (or untrained) encoder: its features of test images, and the
// details of an offline linear probe. Plain value types (no Torch, no Qt), filled by the engine after an evaluation
// during training (TrainObserver::onInspection) or from a run folder's checkpoint (engine/eval/inspect.h).
#pragma once

#include "engine/core/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace pretext::engine {

// Encoder features of test images spread evenly over the test split (the same images every time, so that maps of a
// run, and of runs on one dataset, can be compared).
struct FeatureSet {
    int64_t step = 0;
    int64_t epoch = 0;
    bool randomInit = false;     // features of the untrained encoder (the run's seed decides its weights)
    Matrix features;             // n x D, as the probe sees them (before standardisation)
    std::vector<int> labels;     // n class indices
    std::vector<int64_t> indices; // n positions in the test split
    ImageGrid images;            // the n test images, for thumbnails and neighbour grids
    std::vector<std::string> classNames;

    int size() const { return features.rows; }
};

// An offline linear probe looked at closely: per class, confused with what, and its surest mistakes.
struct ProbeReport {
    int64_t step = 0;
    bool randomInit = false;
    double accuracy = -1;             // in [0, 1]; -1 when not measured
    int classes = 0;
    std::vector<std::string> classNames;
    std::vector<int64_t> confusion;   // classes x classes, row = true class, column = predicted class (counts)
    std::vector<double> perClassAccuracy; // recall of each class, -1 for a class absent from the test set
    struct Mistake {
        int64_t index = 0;     // position in the test split
        int label = 0;         // true class
        int predicted = 0;     // the probe's class
        float confidence = 0;  // the probe's softmax probability of `predicted`
    };
    std::vector<Mistake> mistakes; // the most confident wrong predictions, most confident first (at most 32)
    ImageGrid mistakeImages;       // their images, in the same order

    bool empty() const { return classes == 0; }
};

} // namespace pretext::engine
