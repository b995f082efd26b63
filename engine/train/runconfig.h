// The full description of a training run: what the dialog edits, what config.json stores and what
// `pretext-cli train --config` reads. Torch-free, so the GUI can hold and edit it.
#pragma once

#include "engine/augment/augmentconfig.h"
#include "engine/io/json.h"

#include <cstdint>
#include <string>
#include <vector>

namespace pretext::engine {

struct RunConfig {
    // What to learn.
    std::string method = "simclr";    // see methodNames()
    std::string backbone = "convnet"; // convnet | resnet18 | vit-tiny
    std::string dataset = "fashion-mnist";
    int64_t trainLimit = 0; // use only the first N training images (0 = all)
    int64_t testLimit = 0;  // use only the first N test images (0 = all)

    // Optimisation (defaults: the reference text's SimCLR: Adam 3e-4, weight decay 1e-6, batch 256).
    int epochs = 3;
    int64_t stepsPerEpoch = 0; // 0 = one pass over the training set (drop_last)
    int batchSize = 256;
    std::string optimizer = "adam"; // adam | sgd | lars
    double lr = 3e-4;
    double weightDecay = 1e-6;
    double momentum = 0.9;  // sgd and lars
    std::string schedule = "constant"; // constant | cosine (cosine decays to 0 after the warm-up)
    int64_t warmupSteps = 0;

    // Method parameters.
    double temperature = 0.5;
    int projectionDim = 128;
    int projectionHidden = 256;
    int jigsawGrid = 3;          // jigsaw: tiles per side
    int jigsawPermutations = 30; // jigsaw: size of the permutation set (the classes); Noroozi & Favaro use 100-1000

    // Evaluation.
    bool onlineProbe = true;     // linear classifier trained alongside on detached features
    bool evalEachEpoch = true;   // offline probe + kNN at every epoch end (and the random-init baseline)
    int probeEpochs = 20;        // offline linear probe epochs on frozen features
    bool probeStandardize = true; // standardise frozen features before the offline probe (as MAE's affine-free BN)
    int knnK = 200;
    double knnTemperature = 0.1;
    int64_t evalTrainLimit = 0;  // features for the probe/kNN bank from the first N training images (0 = all)

    // Execution.
    uint64_t seed = 0;
    int threads = 0;              // 0 = all cores
    std::string device = "cpu";   // cpu | cuda | cuda:N
    // fp32 | bf16 (autocast mixed precision) | auto: bf16 on CUDA and on CPUs with native bf16 arithmetic
    // (AVX-512 BF16 or AMX), where it doubles a ConvNet's training throughput; fp32 elsewhere.
    std::string precision = "auto";
    int64_t checkpointEvery = 200; // steps between checkpoints (and one at every epoch end)
    double previewsPerSecond = 4;  // upper bound on preview snapshots sent to observers
    int previewSamples = 8;       // samples shown in the augmentation and similarity previews

    AugmentConfig augment;
};

// The accepted method names, in menu order.
std::vector<std::string> methodNames();
std::vector<std::string> backboneNames();

json::Value toJson(const RunConfig &config);
// Missing fields keep their defaults; unknown fields are errors. Throws ConfigError naming the field
// (e.g. "batch_size"), the bad value and the accepted range. `source` prefixes messages (a file name).
RunConfig runConfigFromJson(const json::Value &value, const std::string &source = "config");
RunConfig loadRunConfig(const std::string &path);
// Throws ConfigError for the first invalid field.
void validate(const RunConfig &config);

} // namespace pretext::engine
