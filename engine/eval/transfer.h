// Transfer to a small labelled subset (the reference text's fifth exercise): a class-balanced share of the training
// labels, a linear probe on the frozen encoder and a fine-tuning of the whole encoder, both scored on the test split.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace pretext::engine {

class Method;

struct TransferOptions {
    double labelFraction = 0.01; // share of the training images whose labels are used
    int probeEpochs = 100;       // linear probe on frozen features of the labelled images
    // Fine-tuning sees about this many images in all (epochs = budget / labelled, at least 5, at most 200), so a
    // 1 % subset gets many short epochs and a 10 % subset fewer long ones.
    int64_t fineTuneImages = 60000;
    double encoderLr = 3e-4;     // Adam, encoder
    double headLr = 1e-3;        // Adam, the new linear classifier
    int64_t batchSize = 128;
    uint64_t seed = 0;
    bool standardize = true;     // of the probe's features (as the offline probe)
};

struct TransferResult {
    double labelFraction = 0;
    int64_t labelled = 0;     // images whose labels were used
    double probeAcc = -1;     // linear probe on the frozen encoder, test accuracy in [0, 1]
    double fineTuneAcc = -1;  // encoder and classifier trained together, test accuracy in [0, 1]
    int fineTuneEpochs = 0;
    double seconds = 0;
};

// round(fraction * N) indices (at least one per class present), the same share of every class, drawn with `seed`.
std::vector<int64_t> labelledSubset(const torch::Tensor &labels, double fraction, int64_t numClasses, uint64_t seed);

// Probes and fine-tunes `method`'s encoder on the labelled subset of (trainImages, trainLabels) (uint8 NCHW, int64)
// and scores both on the test split. The encoder's weights are restored afterwards.
TransferResult transferToSubset(Method &method, const torch::Tensor &trainImages, const torch::Tensor &trainLabels,
                                const torch::Tensor &testImages, const torch::Tensor &testLabels, int64_t numClasses,
                                const TransferOptions &options, torch::Device device);

} // namespace pretext::engine
