// Evaluation of representations: features of a frozen encoder (computed once, encoder in eval mode: see the
// reference notes on the text's evaluate_representations), an offline linear probe and weighted kNN.
#pragma once

#include <torch/types.h>

#include <functional>

namespace pretext::engine {

class Method;
struct Dataset;

// Features [N, D] (float, CPU) of `images` through the method's encoder in eval mode, in batches.
// Restores the encoder's training mode afterwards.
torch::Tensor extractFeatures(Method &method, const torch::Tensor &images, torch::Device device, int64_t batch = 512);

struct ProbeOptions {
    int epochs = 20;
    double lr = 1e-3;
    int64_t batchSize = 256;
    uint64_t seed = 0;
    bool standardize = true; // features scaled to zero mean, unit variance (training-set statistics) first
};

struct ProbeResult {
    double accuracy = 0;         // test accuracy in [0, 1]
    torch::Tensor probabilities; // [M, classes] softmax of the classifier on the test features
};
// Trains a linear classifier (Adam) on frozen features (standardised unless told otherwise) and applies it to the
// test features.
ProbeResult linearProbe(const torch::Tensor &trainFeatures, const torch::Tensor &trainLabels,
                        const torch::Tensor &testFeatures, const torch::Tensor &testLabels, int64_t numClasses,
                        const ProbeOptions &options);

// Trains a linear classifier (Adam) on frozen features (standardised unless told otherwise) and returns test accuracy in [0, 1].
double linearProbeAccuracy(const torch::Tensor &trainFeatures, const torch::Tensor &trainLabels,
                           const torch::Tensor &testFeatures, const torch::Tensor &testLabels, int64_t numClasses,
                           const ProbeOptions &options);

// Weighted kNN accuracy in [0, 1] of test features against the training bank.
double knnAccuracy(const torch::Tensor &trainFeatures, const torch::Tensor &trainLabels,
                   const torch::Tensor &testFeatures, const torch::Tensor &testLabels, int64_t k, double temperature,
                   int64_t numClasses);

} // namespace pretext::engine
