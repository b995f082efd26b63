// How much memory a run will take at its peak, estimated before it starts from its configuration, the data set's
// size and the model's parameter count, so that a run that cannot fit is refused with a sentence instead of being
// killed by the kernel's out-of-memory handler half-way through its first step. Torch-free.
//
// The model (calibrated on CPU runs, see memoryestimate.cpp): the data set's uint8 images held in memory, the
// parameters (the method's networks and the trainer's untrained copy) with the gradients and optimiser state of the
// trainable ones, the activations a training step keeps for its backward pass (per sample and view, by backbone,
// times batch_size times the method's views), evaluation buffers and LibTorch's own footprint.
#pragma once

#include "engine/train/runconfig.h"

#include <cstdint>
#include <string>

namespace pretext::engine {

// What the estimate needs of the loaded data set (both splits after train_limit / test_limit).
struct DatasetShape {
    int64_t trainCount = 0;
    int64_t testCount = 0;
    int64_t channels = 1;
    int64_t height = 28;
    int64_t width = 28;
};

struct MemoryEstimate {
    int64_t datasetBytes = 0;    // uint8 images and int64 labels of both splits, and the set-up's statistics pass
    int64_t parameterBytes = 0;  // weights (method + untrained copy), gradients, optimiser state
    int64_t activationBytes = 0; // what one training step keeps for backward, at its peak
    int64_t evaluationBytes = 0; // features of the probe and kNN bank, kNN similarity chunks
    int64_t runtimeBytes = 0;    // LibTorch, the process and the augmentation buffers
    double views = 2;            // full-size views per image that carry gradients (DINO's local crops by area)
    int64_t viewSide = 28;       // side of those views (augment.output_size, else the data set's height)
    bool onAccelerator = false;  // device is CUDA: activations and parameters are in the GPU's memory

    // The peak in the computer's (host) memory: everything on a CPU run; data set, evaluation and runtime on CUDA.
    int64_t hostBytes() const;
    // The peak in the GPU's memory on CUDA (the training copy of the data set, parameters, activations); 0 on CPU.
    int64_t deviceBytes() const;
    int64_t totalBytes() const;
};

// parameterCount: every parameter of the method (its encoder, heads, EMA targets: method->parameters());
// trainableCount: those the optimiser updates (method->trainableParameters()); -1 = all of them.
MemoryEstimate estimateRunMemory(const RunConfig &config, const DatasetShape &data, int64_t parameterCount,
                                 int64_t trainableCount = -1);

// MemAvailable of /proc/meminfo in bytes: what can be allocated without swapping; 0 when it cannot be read.
int64_t availableMemoryBytes();

// An upper bound on a run's estimated host memory from the environment's PRETEXT_MAX_RUN_MB; 0 = none. Throws
// ConfigError when the variable is set to something other than a positive whole number.
int64_t runMemoryLimitBytes();

struct MemoryVerdict {
    enum Level { Ok, Warn, Refuse };
    Level level = Ok;
    // Empty for Ok; otherwise names the estimate, the available memory and the setting to lower.
    std::string message;
};

// Ok; Warn when the estimate is above 50 % of the available memory; Refuse above 90 % of it, or above limitBytes
// (> 0). availableBytes <= 0 (unknown) judges by limitBytes alone.
MemoryVerdict assessRunMemory(const MemoryEstimate &estimate, const RunConfig &config, int64_t availableBytes,
                              int64_t limitBytes = 0);

// "1.5 GB", "120 MB": sizes in the verdict's messages.
std::string memoryText(int64_t bytes);

} // namespace pretext::engine
