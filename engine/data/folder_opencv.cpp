// Image folders: DIR/<class>/<image>, decoded with OpenCV. Built only with PRETEXT_WITH_OPENCV=ON; without it
// loadDataset() refuses `folder:DIR` with a ConfigError.
#include "engine/core/errors.h"
#include "engine/data/readers.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace pretext::engine::data {

namespace {

// Every 5th image of a class (in file-name order) is held out, so the split is the same on every run.
constexpr size_t kTestEvery = 5;

struct Entry {
    std::string path;
    int64_t label = 0;
};

// Files are chosen by extension so that stray notes, thumbnails databases or hidden files do not count as
// images; a file that claims to be an image but does not decode is an error, not skipped.
bool looksLikeImage(const fs::path &p)
{
    if (p.filename().string().rfind('.', 0) == 0) return false;
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    static const char *const known[] = { ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".ppm", ".pgm",
        ".pbm", ".pnm", ".jp2", ".exr", ".hdr" };
    return std::any_of(std::begin(known), std::end(known), [&](const char *k) { return ext == k; });
}

std::vector<std::string> sortedEntries(const std::string &dir, bool directories)
{
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto &p = it->path();
        const bool isDir = it->is_directory(ec);
        if (directories ? (isDir && p.filename().string().rfind('.', 0) != 0) : (!isDir && looksLikeImage(p)))
            names.push_back(p.filename().string());
    }
    if (ec) throw DataError("cannot list folder " + dir + ": " + ec.message());
    std::sort(names.begin(), names.end());
    return names;
}

// Decodes one image as RGB, resized to side x side, into out (HWC).
void decodeInto(const std::string &path, int side, uint8_t *out)
{
    cv::Mat bgr;
    try {
        bgr = cv::imread(path, cv::IMREAD_COLOR);
    } catch (const cv::Exception &e) {
        throw DataError("cannot decode image " + path + ": " + e.what());
    }
    if (bgr.empty()) throw DataError("cannot decode image " + path + " (unreadable or not an image OpenCV supports)");
    cv::Mat resized;
    // INTER_AREA averages the source pixels under each target pixel, which avoids aliasing when shrinking.
    if (bgr.rows != side || bgr.cols != side)
        cv::resize(bgr, resized, cv::Size(side, side), 0, 0, cv::INTER_AREA);
    else
        resized = bgr;
    cv::Mat rgb(side, side, CV_8UC3, out); // writes straight into the tensor's buffer
    cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
    if (rgb.data != out) throw DataError("internal error decoding " + path + ": OpenCV reallocated the output");
}

Dataset decodeAll(const std::vector<Entry> &entries, const std::vector<std::string> &classNames, int side,
    const std::string &name, int64_t limit)
{
    const int64_t n = limit > 0 ? std::min<int64_t>(limit, static_cast<int64_t>(entries.size()))
                                : static_cast<int64_t>(entries.size());
    auto hwc = torch::empty({ n, side, side, 3 }, torch::kUInt8);
    auto labels = torch::empty({ n }, torch::kLong);
    uint8_t *pixels = hwc.data_ptr<uint8_t>();
    int64_t *labelData = labels.data_ptr<int64_t>();
    const int64_t imageBytes = int64_t(side) * side * 3;
    // Decoding dominates; images are independent, and parallel_for rethrows the first DataError.
    at::parallel_for(0, n, 8, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            decodeInto(entries[size_t(i)].path, side, pixels + i * imageBytes);
            labelData[i] = entries[size_t(i)].label;
        }
    });
    Dataset d;
    d.name = name;
    d.classNames = classNames;
    d.images = hwc.permute({ 0, 3, 1, 2 }).contiguous();
    d.labels = labels;
    return d;
}

} // namespace

DatasetSplits loadImageFolder(const std::string &dir, const LoadOptions &options)
{
    requireDirectory(dir, "one sub-folder of images per class");
    const auto classNames = sortedEntries(dir, true);
    if (classNames.empty())
        throw DataError("image folder " + dir + " has no class sub-folders (expected DIR/<class>/<image files>)");
    std::vector<Entry> train, test;
    for (size_t c = 0; c < classNames.size(); ++c) {
        const std::string classDir = joinPath(dir, classNames[c]);
        const auto files = sortedEntries(classDir, false);
        if (files.empty()) throw DataError("class folder " + classDir + " has no images (.png, .jpg, .bmp, ...)");
        for (size_t i = 0; i < files.size(); ++i)
            ((i + 1) % kTestEvery == 0 ? test : train).push_back({ joinPath(classDir, files[i]), int64_t(c) });
    }
    DatasetSplits splits;
    splits.train = decodeAll(train, classNames, options.folderImageSize, "folder/train", options.limitTrain);
    splits.test = decodeAll(test, classNames, options.folderImageSize, "folder/test", options.limitTest);
    return splits;
}

} // namespace pretext::engine::data
