#include "engine/train/memoryestimate.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

namespace pretext::engine {

namespace {

constexpr int64_t kMB = int64_t(1) << 20;
constexpr double kFloat = 4.0;

// Calibrated with pretext-cli train (simclr, 2 steps, --no-eval) on a 2-core CPU against /usr/bin/time -v's maximum
// resident set size, fp32 and bf16, convnet / resnet18 / vit-tiny on shapes (32 px) and convnet on Fashion-MNIST,
// batch 32 to 1024: the estimate is 1.1 to 1.5 times the measured peak (on the high side by design).
// The feature maps counted below are those autograd keeps; kSavedFactor scales them to what was measured.
constexpr double kSavedFactor = 1.0;
// A run's footprint besides its tensors: LibTorch's code and thread pools, oneDNN's caches, the process. On CUDA the
// driver's context and the CUDA libraries' host memory come on top (not calibrated: a generous guess).
constexpr int64_t kRuntimeBytes = 150 * kMB;
constexpr int64_t kCudaRuntimeBytes = 1024 * kMB;
// Per parameter, besides the weights, gradients and optimiser state: a checkpoint serialises the weights and the
// optimiser state into an archive and then into a buffer before writing (measured: about 14 floats per parameter
// in all with Adam).
constexpr double kCheckpointCopies = 3.0;

// A method setting, or `fallback` when the method does not have it.
double methodReal(const RunConfig &c, const char *key, double fallback)
{
    try {
        return c.real(key);
    } catch (const std::exception &) {
        return fallback;
    }
}

bool methodFlag(const RunConfig &c, const char *key, bool fallback)
{
    try {
        return c.flag(key);
    } catch (const std::exception &) {
        return fallback;
    }
}

// Elements a ViT keeps per sample for backward: per block the LayerNorm inputs and outputs, q k v, their contiguous
// copies for the matmuls, the attention probabilities (heads x T x T), the attention output and its projection, and
// the MLP's 4D hidden layer before and after GELU: about 20 T D + 2 H T^2.
double vitElements(double tokens, double dim, double depth, double heads)
{
    return depth * (20.0 * tokens * dim + 2.0 * heads * tokens * tokens) + 2.0 * tokens * dim;
}

// Elements kept per sample of one view of side `side` (height x width) through the backbone, and the largest single
// map (the backward pass holds its gradient and the gradient of its input at once).
struct Activation {
    double saved = 0;
    double largest = 0;
};

Activation backboneActivation(const RunConfig &c, double channels, double height, double width, int64_t vitPatch)
{
    const double a = height * width;
    Activation act;
    if (c.backbone == "resnet18") {
        // CIFAR stem at full resolution, then 4 stages of 2 BasicBlocks (64, 128, 256, 512 channels; stride 1, 2, 2,
        // 2). Autograd keeps about 2 maps of a conv-BN-ReLU unit's output size (the conv output BN reads, the ReLU
        // output), 3 per BasicBlock (conv outputs and the ReLU after the sum; BN in place of the first ReLU's input)
        // and 1 more for a downsampling shortcut.
        double saved = channels * a + 2 * 64 * a;
        double scale = 1.0;
        for (int stage = 0; stage < 4; ++stage) {
            const double map = double(64 << stage) * a * scale;
            saved += 2 * 3 * map + (stage > 0 ? map : 0);
            scale /= 4;
        }
        act.saved = saved;
        act.largest = 64 * a;
    } else if (c.backbone == "vit-tiny") {
        const double tokens = std::floor(height / double(vitPatch)) * std::floor(width / double(vitPatch)) + 1;
        act.saved = channels * a + vitElements(tokens, 192, 12, 3);
        act.largest = std::max(4 * tokens * 192, 3 * tokens * tokens);
    } else {
        // convnet: conv-BN-ReLU (in place) blocks of 32, 64, 128 channels with 2x2 max-pooling after the first two.
        // conv out + BN out per block, pooled outputs and their int64 indices (two floats each).
        const double b1 = 32 * a, b2 = 64 * a / 4, b3 = 128 * a / 16;
        act.saved = channels * a + 2 * b1 + b1 / 4 * 3 + 2 * b2 + b2 / 4 * 3 + 2 * b3;
        act.largest = b1;
    }
    return act;
}

} // namespace

int64_t MemoryEstimate::hostBytes() const
{
    if (!onAccelerator) return totalBytes();
    return datasetBytes + evaluationBytes + runtimeBytes;
}

int64_t MemoryEstimate::deviceBytes() const
{
    if (!onAccelerator) return 0;
    return parameterBytes + activationBytes + datasetBytes;
}

int64_t MemoryEstimate::totalBytes() const
{
    return datasetBytes + parameterBytes + activationBytes + evaluationBytes + runtimeBytes;
}

MemoryEstimate estimateRunMemory(const RunConfig &c, const DatasetShape &data, int64_t parameterCount,
                                 int64_t trainableCount)
{
    MemoryEstimate e;
    e.onAccelerator = c.device.rfind("cuda", 0) == 0;
    const int64_t trainable = trainableCount >= 0 ? trainableCount : parameterCount;
    const double channels = double(std::max<int64_t>(1, data.channels));
    const double side = c.augment.outputSize > 0 ? double(c.augment.outputSize) : double(std::max<int64_t>(1, data.height));
    const double sideW = c.augment.outputSize > 0 ? side : double(std::max<int64_t>(1, data.width));
    e.viewSide = static_cast<int64_t>(side);
    const double batch = double(std::max(1, c.batchSize));

    // The data set: uint8 images and int64 labels of both splits; the set-up's channel statistics read up to 10000
    // images as float64 once.
    const double pixels = channels * double(data.height) * double(data.width);
    const double images = double(data.trainCount + data.testCount);
    e.datasetBytes = static_cast<int64_t>(images * (pixels + 8) +
                                          double(std::min<int64_t>(data.trainCount, 10000)) * pixels * 8);

    // Parameters: the method's (all of them) and the trainer's untrained copy; gradients of the trainable ones;
    // Adam keeps two moments, SGD and LARS one momentum buffer; checkpoints copy weights and state while writing.
    // bf16 autocast adds cast copies of the weights.
    const double optimiserStates = c.optimizer == "adam" ? 2.0 : (c.momentum > 0 ? 1.0 : 0.0);
    double paramElements = 2.0 * double(parameterCount) + (1.0 + optimiserStates) * double(trainable) +
                           kCheckpointCopies * (double(parameterCount) + optimiserStates * double(trainable));
    if (c.precision == "bf16") paramElements += 0.5 * double(parameterCount);
    e.parameterBytes = static_cast<int64_t>(paramElements * kFloat);

    // Views per image that go through the encoder with gradients, by method (see engine/methods/*.cpp step()).
    const std::string &m = c.method;
    double views = 1.0;          // full-size views with gradients
    double extraElements = 0.0;  // per sample: decoders and heads beyond the backbone
    int64_t vitPatch = 4;
    if (m == "simclr" || m == "byol" || m == "simsiam" || m == "barlow") {
        views = 2.0;
    } else if (m == "moco") {
        views = methodFlag(c, "symmetric_loss", true) ? 2.0 : 1.0;
    } else if (m == "dino") {
        // Two global views; each local crop is half the side (the same side on a ViT): a quarter of a view.
        const double locals = methodReal(c, "local_crops", 0);
        views = 2.0 + locals * (c.backbone == "vit-tiny" ? 1.0 : 0.25);
    } else if (m == "rotation") {
        views = methodFlag(c, "all_rotations", false) ? 4.0 : 1.0;
    } else if (m == "jigsaw") {
        // Tiles of about the image's area, enlarged by the tile scale.
        const double scale = methodReal(c, "jigsaw_tile_scale", 1);
        views = methodFlag(c, "jigsaw_tiles", true) ? std::max(1.0, scale * scale) : 1.0;
    } else if (m == "colorization" || m == "simplemim" || m == "beit") {
        // The encoder's feature map, then a head back to pixels (or tokens) at full resolution.
        views = 1.5;
    } else if (m == "mae") {
        vitPatch = std::max<int64_t>(1, static_cast<int64_t>(methodReal(c, "patch_size", 4)));
    }

    Activation act;
    if (m == "mae") {
        // The encoder sees the visible patches only; the decoder every patch at its own width and depth.
        const double patches = std::floor(side / double(vitPatch)) * std::floor(sideW / double(vitPatch));
        const double visible = std::ceil(patches * (1.0 - methodReal(c, "mask_ratio", 0.75))) + 1;
        act.saved = channels * side * sideW + vitElements(visible, 192, 12, 3) +
                    vitElements(patches + 1, methodReal(c, "decoder_dim", 128), methodReal(c, "decoder_depth", 2), 4) +
                    3 * patches * double(vitPatch * vitPatch) * channels;
        act.largest = std::max(4 * (patches + 1) * 192, 3 * (patches + 1) * (patches + 1));
    } else {
        act = backboneActivation(c, channels, side, sideW, vitPatch);
        act.saved += extraElements;
    }
    e.views = views;
    const double bytesPerElement = c.precision == "bf16" ? 0.6 * kFloat : kFloat;
    // Saved maps of every view, the backward pass's two largest gradients of one pass, and the augmented views
    // themselves (float, plus the pipeline's intermediate copy).
    const double perSample = kSavedFactor * views * act.saved + 2.0 * views * act.largest +
                             3.0 * views * channels * side * sideW;
    e.activationBytes = static_cast<int64_t>(perSample * batch * bytesPerElement);

    // Evaluation: features of the bank and the queries (at most 512-d), the kNN's similarity chunk of 1024
    // queries against the bank (and its exp), and a forward pass of 256 images without gradients.
    const double bank = double(c.evalTrainLimit > 0 ? std::min(c.evalTrainLimit, data.trainCount) : data.trainCount);
    const double featureDim = c.backbone == "resnet18" ? 512 : (c.backbone == "vit-tiny" ? 192 : 128);
    double eval = (bank + double(data.testCount)) * featureDim * kFloat;
    if (c.evalEachEpoch) eval += 2.0 * 1024.0 * bank * kFloat;
    const Activation evalPass = backboneActivation(c, channels, double(data.height), double(data.width), vitPatch);
    eval += 2.0 * evalPass.largest * std::min(256.0, double(data.testCount + data.trainCount)) * kFloat;
    e.evaluationBytes = static_cast<int64_t>(eval);

    e.runtimeBytes = kRuntimeBytes + (e.onAccelerator ? kCudaRuntimeBytes : 0);
    return e;
}

int64_t availableMemoryBytes()
{
    std::ifstream in("/proc/meminfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("MemAvailable:", 0) != 0) continue;
        std::istringstream fields(line.substr(13));
        long long kb = 0;
        std::string unit;
        if (fields >> kb >> unit && kb > 0) return static_cast<int64_t>(kb) * 1024;
        return 0;
    }
    return 0;
}

int64_t runMemoryLimitBytes()
{
    const char *v = std::getenv("PRETEXT_MAX_RUN_MB");
    if (!v || !*v) return 0;
    errno = 0;
    char *end = nullptr;
    const long long mb = std::strtoll(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || mb < 1)
        throw ConfigError(std::string("PRETEXT_MAX_RUN_MB = '") + v +
                          "' is not accepted; expected a whole number of megabytes, 1 or more");
    return mb > std::numeric_limits<int64_t>::max() / kMB ? std::numeric_limits<int64_t>::max() : mb * kMB;
}

std::string memoryText(int64_t bytes)
{
    char buf[64];
    if (bytes >= (int64_t(1) << 30))
        std::snprintf(buf, sizeof buf, "%.1f GB", double(bytes) / double(int64_t(1) << 30));
    else
        std::snprintf(buf, sizeof buf, "%.0f MB", double(bytes) / double(kMB));
    return buf;
}

MemoryVerdict assessRunMemory(const MemoryEstimate &e, const RunConfig &c, int64_t availableBytes, int64_t limitBytes)
{
    MemoryVerdict v;
    const int64_t need = e.hostBytes();
    const bool overLimit = limitBytes > 0 && need > limitBytes;
    const bool known = availableBytes > 0;
    if (!overLimit && (!known || need <= availableBytes / 2)) return v;
    v.level = overLimit || (known && double(need) > 0.9 * double(availableBytes)) ? MemoryVerdict::Refuse
                                                                                  : MemoryVerdict::Warn;

    // The part that dominates names the setting that lowers it.
    std::string advice;
    if (e.activationBytes >= e.datasetBytes && e.activationBytes >= e.parameterBytes) {
        advice = "lower batch_size (now " + std::to_string(c.batchSize) + ")";
        if (e.viewSide > 32) advice += " or augment.output_size (views of " + std::to_string(e.viewSide) + " px)";
        if (c.backbone != "convnet") advice += ", or use backbone convnet";
    } else if (e.datasetBytes >= e.parameterBytes) {
        advice = "lower train_limit and test_limit (the data set takes " + memoryText(e.datasetBytes) + ")";
    } else {
        advice = "use a smaller backbone or projection (the parameters and their optimiser state take " +
                 memoryText(e.parameterBytes) + ")";
    }
    std::string msg = "this run needs about " + memoryText(need) + " of memory (data set " +
                      memoryText(e.datasetBytes) + ", activations of batch_size " + std::to_string(c.batchSize) +
                      " x " + (std::abs(e.views - std::round(e.views)) < 1e-9 ? std::to_string(int(std::round(e.views)))
                                                                             : std::to_string(e.views).substr(0, 4)) +
                      " views " + memoryText(e.activationBytes) + ", parameters " + memoryText(e.parameterBytes) + ")";
    if (overLimit)
        msg += ", above the limit of " + memoryText(limitBytes) + " (PRETEXT_MAX_RUN_MB)";
    if (known) msg += std::string(overLimit ? "; " : ", ") + memoryText(availableBytes) + " is available";
    msg += v.level == MemoryVerdict::Refuse ? "; " + advice : " (the computer may swap); to be safe, " + advice;
    v.message = msg;
    return v;
}

} // namespace pretext::engine
