// Datasets held in memory as uint8 image tensors with labels and class names, loaded from a spec string:
//   fashion-mnist | fashion-mnist:DIR | mnist:DIR | cifar10:DIR | cifar100:DIR | stl10:DIR | folder:DIR
//   | shapes | shapes:N
// Loaders validate everything they read and throw DataError naming the file and what is wrong, and
// ConfigError for a malformed spec. Never a silent partial load.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace pretext::engine {

struct Dataset {
    torch::Tensor images; // uint8 [N, C, H, W], contiguous, CPU
    torch::Tensor labels; // int64 [N]
    std::vector<std::string> classNames;
    std::string name;     // e.g. "fashion-mnist/train"

    int64_t size() const { return images.defined() ? images.size(0) : 0; }
    int64_t channels() const { return images.size(1); }
    int64_t height() const { return images.size(2); }
    int64_t width() const { return images.size(3); }
    int64_t numClasses() const { return static_cast<int64_t>(classNames.size()); }
};

struct DatasetSplits {
    Dataset train;
    Dataset test;
};

struct LoadOptions {
    int64_t limitTrain = 0;  // keep only the first N training images (0 = all)
    int64_t limitTest = 0;   // keep only the first N test images (0 = all)
    int folderImageSize = 32; // image folders: every image is resized to this square size
};

// Default directory of Debian's dataset-fashion-mnist package.
inline constexpr const char *kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

DatasetSplits loadDataset(const std::string &spec, const LoadOptions &options = {});

// One line per accepted spec form, for --help and error messages.
std::string datasetSpecHelp();

// False when the engine was built without OpenCV (PRETEXT_WITH_OPENCV=OFF): `folder:DIR` is then refused.
bool imageFolderSupported();

// Per-channel statistics of pixel values scaled to [0, 1], which augmentations normalise with.
struct ChannelStats {
    std::vector<double> mean;
    std::vector<double> stddev; // population standard deviation, floored at 1e-6 so that dividing by it is safe
};

// Computed on at most the first 10000 images: enough for stable statistics, cheap for large sets.
ChannelStats channelStats(const Dataset &d);

} // namespace pretext::engine
