// Plain value types that cross from the engine to the GUI and to files. No Torch, no Qt: the engine fills
// them on its thread, the GUI copies them across the thread boundary.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace pretext::engine {

// A batch of small images as 8-bit pixels, row-major, channels interleaved (HWC) per image, so that the GUI
// can wrap each one in a QImage without conversion. channels is 1 (gray) or 3 (RGB).
struct ImageGrid {
    int count = 0;
    int height = 0;
    int width = 0;
    int channels = 0;
    std::vector<uint8_t> pixels; // count * height * width * channels

    size_t imageBytes() const { return static_cast<size_t>(height) * width * channels; }
    const uint8_t *image(int i) const { return pixels.data() + static_cast<size_t>(i) * imageBytes(); }
    bool empty() const { return count == 0; }
};

// A dense float matrix, row-major.
struct Matrix {
    int rows = 0;
    int cols = 0;
    std::vector<float> values;

    float at(int r, int c) const { return values[static_cast<size_t>(r) * cols + c]; }
    bool empty() const { return rows == 0 || cols == 0; }
};

// What one augmentation pipeline did to one sample. Coordinates are in source-image pixels.
struct AugmentRecord {
    float cropX = 0, cropY = 0, cropW = 0, cropH = 0; // crop box taken from the source image
    bool flipped = false;
    bool jittered = false;
    float brightness = 1, contrast = 1, saturation = 1, hue = 0; // jitter factors (1 / 0 = unchanged)
    bool grayscale = false;
    float blurSigma = 0; // 0 = not blurred
    bool solarized = false;
};

// Metrics of one optimisation step, sent every step.
struct StepMetrics {
    int64_t step = 0;       // global step, 1-based after the first update
    int64_t epoch = 0;      // 0-based epoch the step belongs to
    int64_t totalSteps = 0; // planned steps for the whole run
    double loss = 0;
    double lr = 0;          // the learning rate of this step (schedule applied)
    double baseLr = 0;      // the schedule's base rate, which the live lr edit changes
    double temperature = 0;
    double pairsPerSecond = 0;
    double secondsElapsed = 0;
    double etaSeconds = 0;
    double onlineProbeAcc = -1; // online linear probe accuracy on this batch, -1 when not measured
    // Method-specific figures of this step (e.g. "embedding_std", "queue_fill"), also in metrics.jsonl.
    std::vector<std::pair<std::string, double>> scalars;
    // Where the step's time went (seconds; on CUDA, host-side launch times only).
    double augmentSeconds = 0, forwardSeconds = 0, backwardSeconds = 0, optimizerSeconds = 0, probeSeconds = 0,
           dataSeconds = 0;
};

// Evaluation results at an epoch boundary (or on demand).
struct EvalMetrics {
    int64_t step = 0;
    int64_t epoch = 0;
    double probeAcc = -1;   // offline linear probe on frozen features, test split, in [0, 1]
    double knnAcc = -1;     // weighted kNN, test split, in [0, 1]
    bool randomInit = false; // true for the baseline measured on the untrained encoder
};

} // namespace pretext::engine
