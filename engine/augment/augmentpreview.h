// A torch-free front for the new-run dialog's live augmentation preview: it loads a dataset spec once, keeps its
// first images, and renders SimCLR-style view pairs of a few of them with the engine's own ViewPipeline, fast
// enough (a few milliseconds for 8 samples) to run after every edit.
#pragma once

#include "engine/augment/augmentconfig.h"
#include "engine/core/types.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pretext::engine {

// What preview() produces: the chosen originals and their two views, denormalised for display, with what the
// pipeline did to each view.
struct PreviewResult {
    ImageGrid originals; // source images (the dataset's size)
    ImageGrid view1, view2; // augmented views (output_size, or the dataset's size)
    std::vector<AugmentRecord> records1, records2;
    std::vector<int> labels; // class index of each sample
    std::vector<int> indices; // which cached image each sample is
};

class AugmentPreviewer {
public:
    // How many training images are kept for previews: enough variety for "New samples", cheap to load.
    static constexpr int kCachedImages = 64;

    AugmentPreviewer();
    ~AugmentPreviewer();
    AugmentPreviewer(AugmentPreviewer &&) noexcept;
    AugmentPreviewer &operator=(AugmentPreviewer &&) noexcept;

    // Loads the first kCachedImages training images of `spec` (and one test image, so that a missing test file is
    // reported now rather than when training starts). Returns false without loading when `spec` is already the
    // loaded one. Throws the loader's ConfigError / DataError; the previous dataset is dropped then, so
    // hasDataset() is false until a spec loads, and the same spec is tried again on the next call.
    bool setDataset(const std::string &spec);
    bool hasDataset() const;
    // The spec of the loaded dataset; empty when none is loaded.
    const std::string &datasetSpec() const;

    // Facts about the loaded dataset (zero / empty when none is loaded).
    const std::vector<std::string> &classNames() const;
    int imageHeight() const;
    int imageWidth() const;
    int channels() const;
    int cachedCount() const;
    // Per-channel statistics of the cached images in [0, 1] units, used to normalise the views.
    const std::vector<double> &channelMean() const;
    const std::vector<double> &channelStd() const;

    // Two views each of `count` distinct cached images (clamped to 1..cachedCount()) picked by `seed`; the same
    // config and seed give the same pixels. Throws ConfigError for an invalid config, or when no dataset is loaded.
    PreviewResult preview(const AugmentConfig &config, int count, uint64_t seed) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace pretext::engine
