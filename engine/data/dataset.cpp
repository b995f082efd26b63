// Spec parsing and dispatch to the per-format loaders in engine/data/, plus channel statistics.
#include "engine/data/dataset.h"

#include "engine/core/errors.h"
#include "engine/data/readers.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace pretext::engine {

namespace {

constexpr int64_t kDefaultShapesCount = 2000;
constexpr int64_t kMaxShapesCount = 1000000;
constexpr int64_t kStatsImages = 10000;

const std::vector<std::string> &fashionMnistClassNames()
{
    static const std::vector<std::string> names
        = { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };
    return names;
}

const std::vector<std::string> &mnistClassNames()
{
    static const std::vector<std::string> names = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
    return names;
}

[[noreturn]] void badSpec(const std::string &spec, const std::string &why)
{
    std::string help;
    const std::string lines = datasetSpecHelp();
    size_t start = 0;
    while (start < lines.size()) {
        const size_t end = lines.find('\n', start);
        help += "\n  " + lines.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    throw ConfigError("dataset spec '" + spec + "': " + why + "; accepted forms:" + help);
}

int64_t parseShapesCount(const std::string &spec, const std::string &arg)
{
    const bool digits = !arg.empty() && arg.size() <= 7
        && std::all_of(arg.begin(), arg.end(), [](char c) { return c >= '0' && c <= '9'; });
    const int64_t n = digits ? std::stoll(arg) : 0;
    if (n < 1 || n > kMaxShapesCount)
        badSpec(spec, "N must be a whole number from 1 to " + std::to_string(kMaxShapesCount) + ", got '" + arg + "'");
    return n;
}

void validateOptions(const LoadOptions &options)
{
    if (options.limitTrain < 0)
        throw ConfigError("limitTrain must be >= 0 (0 = all), got " + std::to_string(options.limitTrain));
    if (options.limitTest < 0)
        throw ConfigError("limitTest must be >= 0 (0 = all), got " + std::to_string(options.limitTest));
    if (options.folderImageSize < 4 || options.folderImageSize > 1024)
        throw ConfigError("folderImageSize must be in 4..1024 pixels, got " + std::to_string(options.folderImageSize));
}

} // namespace

std::string datasetSpecHelp()
{
    return "fashion-mnist        Fashion-MNIST: gzipped IDX files in /usr/share/datasets/fashion-mnist\n"
           "fashion-mnist:DIR    Fashion-MNIST IDX files (plain or .gz) in DIR\n"
           "mnist:DIR            MNIST IDX files (plain or .gz) in DIR\n"
           "cifar10:DIR          CIFAR-10 binary version: data_batch_1..5.bin, test_batch.bin in DIR\n"
           "cifar100:DIR         CIFAR-100 binary version: train.bin, test.bin in DIR (fine labels)\n"
           "stl10:DIR            STL-10 binary: train_X.bin, train_y.bin, test_X.bin, test_y.bin in DIR\n"
           "folder:DIR           one sub-folder of images per class in DIR (builds with OpenCV only)\n"
           "shapes               procedural colour shapes, 10 classes, 2000 train + 400 test images\n"
           "shapes:N             procedural colour shapes, N train + N/5 test images";
}

bool imageFolderSupported()
{
#ifdef PRETEXT_HAVE_OPENCV
    return true;
#else
    return false;
#endif
}

DatasetSplits loadDataset(const std::string &spec, const LoadOptions &options)
{
    validateOptions(options);
    const size_t colon = spec.find(':');
    const std::string kind = spec.substr(0, colon);
    const bool hasArg = colon != std::string::npos;
    const std::string arg = hasArg ? spec.substr(colon + 1) : std::string();
    if (kind.empty()) badSpec(spec, "the dataset kind is missing");

    auto requireDir = [&]() {
        if (arg.empty()) badSpec(spec, "'" + kind + "' needs a directory: " + kind + ":DIR");
        return arg;
    };

    DatasetSplits splits;
    if (kind == "fashion-mnist") {
        const std::string dir = hasArg ? requireDir() : std::string(kFashionMnistDir);
        if (!hasArg) {
            std::error_code ec;
            if (!std::filesystem::is_directory(dir, ec))
                throw DataError("Fashion-MNIST is not installed: " + dir
                    + " does not exist (install Debian's dataset-fashion-mnist, or use fashion-mnist:DIR)");
        }
        splits = data::loadIdx(dir, "fashion-mnist", fashionMnistClassNames(), options);
    } else if (kind == "mnist") {
        splits = data::loadIdx(requireDir(), "mnist", mnistClassNames(), options);
    } else if (kind == "cifar10") {
        splits = data::loadCifar10(requireDir(), options);
    } else if (kind == "cifar100") {
        splits = data::loadCifar100(requireDir(), options);
    } else if (kind == "stl10") {
        splits = data::loadStl10(requireDir(), options);
    } else if (kind == "folder") {
        const std::string dir = requireDir();
#ifdef PRETEXT_HAVE_OPENCV
        splits = data::loadImageFolder(dir, options);
#else
        throw ConfigError("dataset spec '" + spec
            + "': this build has no image-folder support (rebuild with PRETEXT_WITH_OPENCV=ON)");
#endif
    } else if (kind == "shapes") {
        splits = data::loadShapes(hasArg ? parseShapesCount(spec, arg) : kDefaultShapesCount, options);
    } else {
        badSpec(spec, "unknown dataset kind '" + kind + "'");
    }
    // Loaders may already stop early; this makes the limits hold for every one of them.
    data::keepFirst(splits.train, options.limitTrain);
    data::keepFirst(splits.test, options.limitTest);
    return splits;
}

ChannelStats channelStats(const Dataset &d)
{
    if (d.size() == 0) throw DataError("dataset '" + d.name + "' has no images to compute channel statistics from");
    torch::NoGradGuard noGrad;
    const int64_t n = std::min(d.size(), kStatsImages);
    const int64_t c = d.channels();
    const int64_t pixels = d.height() * d.width();
    // Sum in double over chunks of about 4M values: exact for uint8 input and bounded in memory even for STL-10.
    const int64_t chunk = std::max<int64_t>(1, (int64_t(1) << 22) / std::max<int64_t>(1, c * pixels));
    auto sum = torch::zeros({ c }, torch::kDouble);
    auto sumSq = torch::zeros({ c }, torch::kDouble);
    for (int64_t start = 0; start < n; start += chunk) {
        const auto x = d.images.slice(0, start, std::min(n, start + chunk)).to(torch::kDouble);
        sum += x.sum({ 0, 2, 3 });
        sumSq += x.square().sum({ 0, 2, 3 });
    }
    const double count = static_cast<double>(n * pixels);
    const auto mean = sum / count;
    const auto var = (sumSq / count - mean.square()).clamp_min(0.0);
    const auto meanAcc = mean.accessor<double, 1>();
    const auto varAcc = var.accessor<double, 1>();
    ChannelStats stats;
    for (int64_t i = 0; i < c; ++i) {
        stats.mean.push_back(meanAcc[i] / 255.0);
        // Floored so that normalising a constant channel gives zeros instead of NaN.
        stats.stddev.push_back(std::max(std::sqrt(varAcc[i]) / 255.0, 1e-6));
    }
    return stats;
}

} // namespace pretext::engine
