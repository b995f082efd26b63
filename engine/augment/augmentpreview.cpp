#include "engine/augment/augmentpreview.h"

#include "engine/augment/pipeline.h"
#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/data/dataset.h"
#include "engine/methods/method.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <numeric>

namespace pretext::engine {

struct AugmentPreviewer::Impl {
    std::string spec;
    torch::Tensor images; // uint8 [N,C,H,W], N <= kCachedImages
    std::vector<int> labels;
    std::vector<std::string> classNames;
    ChannelStats stats;

    void clear() { *this = Impl(); }
};

AugmentPreviewer::AugmentPreviewer()
    : m_impl(std::make_unique<Impl>())
{ }
AugmentPreviewer::~AugmentPreviewer() = default;
AugmentPreviewer::AugmentPreviewer(AugmentPreviewer &&) noexcept = default;
AugmentPreviewer &AugmentPreviewer::operator=(AugmentPreviewer &&) noexcept = default;

bool AugmentPreviewer::setDataset(const std::string &spec)
{
    if (hasDataset() && spec == m_impl->spec) return false;
    m_impl->clear();

    LoadOptions options;
    options.limitTrain = kCachedImages;
    options.limitTest = 1;
    DatasetSplits splits = loadDataset(spec, options);
    if (splits.train.size() == 0) throw DataError("dataset '" + spec + "' has no training images");

    Impl loaded;
    loaded.spec = spec;
    loaded.images = splits.train.images.contiguous();
    const auto labels = splits.train.labels.to(torch::kLong).contiguous();
    const int64_t *l = labels.data_ptr<int64_t>();
    loaded.labels.assign(l, l + labels.numel());
    loaded.classNames = splits.train.classNames;
    loaded.stats = channelStats(splits.train);
    *m_impl = std::move(loaded);
    return true;
}

bool AugmentPreviewer::hasDataset() const
{
    return m_impl->images.defined();
}

const std::string &AugmentPreviewer::datasetSpec() const
{
    return m_impl->spec;
}

const std::vector<std::string> &AugmentPreviewer::classNames() const
{
    return m_impl->classNames;
}

int AugmentPreviewer::imageHeight() const
{
    return hasDataset() ? static_cast<int>(m_impl->images.size(2)) : 0;
}

int AugmentPreviewer::imageWidth() const
{
    return hasDataset() ? static_cast<int>(m_impl->images.size(3)) : 0;
}

int AugmentPreviewer::channels() const
{
    return hasDataset() ? static_cast<int>(m_impl->images.size(1)) : 0;
}

int AugmentPreviewer::cachedCount() const
{
    return hasDataset() ? static_cast<int>(m_impl->images.size(0)) : 0;
}

const std::vector<double> &AugmentPreviewer::channelMean() const
{
    return m_impl->stats.mean;
}

const std::vector<double> &AugmentPreviewer::channelStd() const
{
    return m_impl->stats.stddev;
}

PreviewResult AugmentPreviewer::preview(const AugmentConfig &config, int count, uint64_t seed) const
{
    if (!hasDataset()) throw ConfigError("no dataset is loaded for the augmentation preview");
    torch::NoGradGuard noGrad;
    const ViewPipeline pipeline(config, m_impl->stats.mean, m_impl->stats.stddev);

    Rng rng(seed);
    // The samples are picked before any view is drawn, so that editing the augmentations keeps the same images
    // on screen and only what is done to them changes.
    const int n = std::clamp(count, 1, cachedCount());
    std::vector<int64_t> order(static_cast<size_t>(cachedCount()));
    std::iota(order.begin(), order.end(), 0);
    for (int i = 0; i < n; ++i)
        std::swap(order[static_cast<size_t>(i)],
            order[static_cast<size_t>(rng.integer(i, static_cast<int64_t>(order.size()) - 1))]);
    order.resize(static_cast<size_t>(n));

    const auto batch = m_impl->images.index_select(0, torch::tensor(order, torch::kLong)).contiguous();
    PreviewResult result;
    const auto view1 = pipeline.apply(batch, rng, &result.records1);
    const auto view2 = pipeline.apply(batch, rng, &result.records2);
    result.originals = toImageGrid(batch);
    result.view1 = toImageGrid(pipeline.toDisplayUint8(view1));
    result.view2 = toImageGrid(pipeline.toDisplayUint8(view2));
    for (int64_t index : order) {
        result.indices.push_back(static_cast<int>(index));
        result.labels.push_back(m_impl->labels[static_cast<size_t>(index)]);
    }
    return result;
}

} // namespace pretext::engine
