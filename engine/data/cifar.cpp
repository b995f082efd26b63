// The fixed-record binary formats: CIFAR-10 and CIFAR-100 "binary version"
// (https://www.cs.toronto.edu/~kriz/cifar.html) and STL-10's binary files (https://cs.stanford.edu/~acoates/stl10/).
// Whole files are read into one buffer and split into images and labels with tensor views.
#include "engine/core/errors.h"
#include "engine/data/readers.h"

#include <ATen/ATen.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace pretext::engine::data {

namespace {

constexpr int64_t kCifarSide = 32;
constexpr int64_t kCifarPixels = 3 * kCifarSide * kCifarSide;
constexpr int64_t kStlSide = 96;
constexpr int64_t kStlPixels = 3 * kStlSide * kStlSide;

int64_t fileSize(const std::string &path)
{
    requireFile(path);
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) throw DataError("cannot read the size of file " + path + ": " + ec.message());
    if (size == 0) throw DataError("file " + path + " is empty");
    return static_cast<int64_t>(size);
}

// The files live in DIR itself or, when DIR is where the official archive was unpacked, in its top folder.
std::string locate(
    const std::string &dir, const std::string &archiveFolder, const std::string &probe, const std::string &what)
{
    requireDirectory(dir, what);
    std::error_code ec;
    if (!fs::exists(joinPath(dir, probe), ec) && fs::exists(joinPath(joinPath(dir, archiveFolder), probe), ec))
        return joinPath(dir, archiveFolder);
    return dir;
}

// A file of fixed-size records as a [records, recordBytes] view; maxRecords > 0 reads only that many.
torch::Tensor readRecordFile(
    const std::string &path, int64_t recordBytes, const std::string &layout, int64_t maxRecords)
{
    const int64_t size = fileSize(path);
    if (size % recordBytes != 0)
        throw DataError("file " + path + ": size " + std::to_string(size) + " bytes is not a multiple of the "
            + std::to_string(recordBytes) + "-byte record (" + layout + "): truncated at record "
            + std::to_string(size / recordBytes + 1) + ", or not the binary version of the data set");
    const int64_t records = size / recordBytes;
    const int64_t keep = maxRecords > 0 ? std::min(maxRecords, records) : records;
    return readWholeFile(path, keep * recordBytes).view({ keep, recordBytes });
}

// CIFAR records: labelBytes label bytes, then 3x32x32 pixels in CHW order, which is already our layout.
Dataset loadCifarSplit(const std::vector<std::string> &files, int64_t labelBytes, int64_t labelColumn,
    const std::vector<std::string> &classNames, const std::string &name, int64_t limit, int64_t alreadyLoaded)
{
    // Every file must be there even when the limit means that only the first is read.
    for (const auto &f : files)
        requireFile(f);
    // What will be kept, from the files' sizes, against the data-set limit before any of it is read (a sparse file
    // can claim terabytes it does not hold on disk).
    {
        int64_t records = 0;
        for (const auto &f : files) {
            std::error_code ec;
            const auto size = fs::file_size(f, ec);
            if (!ec) records += static_cast<int64_t>(size) / (labelBytes + kCifarPixels);
        }
        const int64_t keep = limit > 0 ? std::min(limit, records) : records;
        requireWithinDatasetLimit("file " + files.front() + (files.size() > 1 ? " and the other batches" : ""),
            std::to_string(keep) + " images of 3x32x32", keep * (kCifarPixels + 8), alreadyLoaded);
    }
    const std::string layout
        = labelBytes == 1 ? "1 label byte + 3072 pixel bytes" : "coarse and fine label bytes + 3072 pixel bytes";
    std::vector<torch::Tensor> images, labels;
    int64_t have = 0;
    for (const auto &f : files) {
        if (limit > 0 && have >= limit) break;
        const auto records = readRecordFile(f, labelBytes + kCifarPixels, layout, limit > 0 ? limit - have : 0);
        const auto fileLabels = records.select(1, labelColumn);
        checkLabelRange(fileLabels, 0, static_cast<int64_t>(classNames.size()) - 1, f);
        labels.push_back(fileLabels);
        images.push_back(records.slice(1, labelBytes));
        have += records.size(0);
    }
    Dataset d;
    d.name = name;
    d.classNames = classNames;
    d.images = torch::cat(images).view({ -1, 3, kCifarSide, kCifarSide });
    d.labels = torch::cat(labels).to(torch::kLong);
    return d;
}

Dataset loadStlSplit(const std::string &dir, const std::string &prefix, const std::vector<std::string> &classNames,
    const std::string &name, int64_t limit, int64_t alreadyLoaded)
{
    const std::string xPath = joinPath(dir, prefix + "_X.bin");
    const std::string yPath = joinPath(dir, prefix + "_y.bin");
    const int64_t xSize = fileSize(xPath);
    const int64_t ySize = fileSize(yPath);
    if (xSize % kStlPixels != 0)
        throw DataError("file " + xPath + ": size " + std::to_string(xSize) + " bytes is not a multiple of the "
            + std::to_string(kStlPixels) + "-byte image (3x96x96): truncated at image "
            + std::to_string(xSize / kStlPixels + 1));
    const int64_t n = xSize / kStlPixels;
    if (ySize != n)
        throw DataError("image and label counts differ: file " + xPath + " holds " + std::to_string(n)
            + " images but file " + yPath + " holds " + std::to_string(ySize) + " labels");
    const int64_t keep = limit > 0 ? std::min(limit, n) : n;
    // Read, then transposed into a copy: twice the images at the peak.
    requireWithinDatasetLimit("file " + xPath, std::to_string(keep) + " images of 3x96x96", keep * (2 * kStlPixels + 8),
        alreadyLoaded);
    const auto rawLabels = readWholeFile(yPath, keep);
    checkLabelRange(rawLabels, 1, static_cast<int64_t>(classNames.size()), yPath);
    Dataset d;
    d.name = name;
    d.classNames = classNames;
    d.labels = rawLabels.to(torch::kLong) - 1; // STL-10 numbers its classes from 1
    // Each channel is stored column-major (MATLAB order), so swap H and W to get row-major CHW.
    d.images
        = readWholeFile(xPath, keep * kStlPixels).view({ keep, 3, kStlSide, kStlSide }).transpose(2, 3).contiguous();
    return d;
}

} // namespace

DatasetSplits loadCifar10(const std::string &dir, const LoadOptions &options)
{
    const std::string root = locate(dir, "cifar-10-batches-bin", "data_batch_1.bin",
        "CIFAR-10 binary files data_batch_1..5.bin and test_batch.bin");
    static const std::vector<std::string> defaults
        = { "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck" };
    const auto names = readClassNames(joinPath(root, "batches.meta.txt"), 10, defaults);
    std::vector<std::string> trainFiles;
    for (int i = 1; i <= 5; ++i)
        trainFiles.push_back(joinPath(root, "data_batch_" + std::to_string(i) + ".bin"));
    DatasetSplits splits;
    splits.train = loadCifarSplit(trainFiles, 1, 0, names, "cifar10/train", options.limitTrain, 0);
    splits.test = loadCifarSplit({ joinPath(root, "test_batch.bin") }, 1, 0, names, "cifar10/test", options.limitTest,
        datasetBytes(splits.train));
    return splits;
}

DatasetSplits loadCifar100(const std::string &dir, const LoadOptions &options)
{
    const std::string root
        = locate(dir, "cifar-100-binary", "train.bin", "CIFAR-100 binary files train.bin and test.bin");
    std::vector<std::string> defaults;
    for (int i = 0; i < 100; ++i)
        defaults.push_back("class " + std::to_string(i));
    const auto names = readClassNames(joinPath(root, "fine_label_names.txt"), 100, defaults);
    // Column 0 holds the coarse (20 superclass) label, column 1 the fine label we train on.
    DatasetSplits splits;
    splits.train
        = loadCifarSplit({ joinPath(root, "train.bin") }, 2, 1, names, "cifar100/train", options.limitTrain, 0);
    splits.test = loadCifarSplit({ joinPath(root, "test.bin") }, 2, 1, names, "cifar100/test", options.limitTest,
        datasetBytes(splits.train));
    return splits;
}

DatasetSplits loadStl10(const std::string &dir, const LoadOptions &options)
{
    const std::string root = locate(
        dir, "stl10_binary", "train_X.bin", "STL-10 binary files train_X.bin, train_y.bin, test_X.bin and test_y.bin");
    static const std::vector<std::string> defaults
        = { "airplane", "bird", "car", "cat", "deer", "dog", "horse", "monkey", "ship", "truck" };
    const auto names = readClassNames(joinPath(root, "class_names.txt"), 10, defaults);
    DatasetSplits splits;
    splits.train = loadStlSplit(root, "train", names, "stl10/train", options.limitTrain, 0);
    splits.test = loadStlSplit(root, "test", names, "stl10/test", options.limitTest, datasetBytes(splits.train));
    return splits;
}

} // namespace pretext::engine::data
