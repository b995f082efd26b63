#include "engine/methods/jigsaw.h"

#include "engine/augment/pretext.h"
#include "engine/train/runconfig.h"

#include <torch/nn/functional.h>

#include <chrono>

namespace pretext::engine {

namespace {

// The largest centred square whose side is a multiple of the grid: the encoder always sees that size.
int64_t croppedSide(int64_t side, int grid)
{
    return side - side % grid;
}

torch::Tensor centreCrop(const torch::Tensor &x, int grid)
{
    const int64_t h = croppedSide(x.size(2), grid), w = croppedSide(x.size(3), grid);
    const int64_t top = (x.size(2) - h) / 2, left = (x.size(3) - w) / 2;
    return x.slice(2, top, top + h).slice(3, left, left + w);
}

} // namespace

JigsawMethod::JigsawMethod(const RunConfig &config, const MethodContext &context)
    : m_views(config.augment, context.mean, context.stddev), m_grid(config.jigsawGrid), m_wantFeatures(context.wantFeatures),
      m_permutations(makePermutationSet(config.jigsawGrid, config.jigsawPermutations, config.seed))
{
    const int64_t side = config.augment.outputSize > 0 ? config.augment.outputSize : context.imageSize;
    m_encoder = register_module("encoder", makeEncoder(config, context, croppedSide(side, m_grid)));
    m_head = register_module("jigsaw_head",
                             torch::nn::Linear(m_encoder->featureDim(), static_cast<int64_t>(m_permutations.size())));
}

StepOutput JigsawMethod::step(const torch::Tensor &images, Rng &rng, bool wantPreview)
{
    StepOutput out;
    const auto t0 = std::chrono::steady_clock::now();
    auto x = m_views.normalizeOnly(images);
    auto puzzle = jigsawBatch(x, m_grid, m_permutations, rng);
    auto labels = puzzle.labels.to(x.device());
    out.augmentSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    auto logits = m_head(m_encoder->forward(puzzle.images.contiguous(torch::MemoryFormat::ChannelsLast))).to(torch::kFloat);
    out.loss = torch::nn::functional::cross_entropy(logits, labels);
    // The online probe reads the encoder on the unshuffled images, which is what evaluation uses too. That is
    // an extra forward pass (no gradients), so it is skipped when no online probe runs.
    if (m_wantFeatures) {
        torch::NoGradGuard noGrad;
        out.features = m_encoder->forward(evalInput(images)).to(torch::kFloat);
    }
    if (wantPreview) {
        out.view1 = puzzle.images.detach();
        out.view2 = centreCrop(x, m_grid).detach();
        out.taskPredictions = logits.argmax(1).detach();
        out.taskLabels = labels;
    }
    return out;
}

torch::Tensor JigsawMethod::evalInput(const torch::Tensor &images) const
{
    return centreCrop(m_views.normalizeOnly(images), m_grid).contiguous(torch::MemoryFormat::ChannelsLast);
}

void JigsawMethod::fillPreview(const StepOutput &out, int n, PreviewSnapshot &s) const
{
    n = static_cast<int>(std::min<int64_t>(n, out.view1.size(0)));
    s.jigsaw.shuffled = toImageGrid(m_views.toDisplayUint8(out.view1.slice(0, 0, n)));
    s.jigsaw.original = toImageGrid(m_views.toDisplayUint8(out.view2.slice(0, 0, n)));
    s.jigsaw.grid = m_grid;
    s.jigsaw.permutations.clear();
    for (const auto &p : m_permutations) s.jigsaw.permutations.emplace_back(p.begin(), p.end());
    auto pred = out.taskPredictions.slice(0, 0, n).to(torch::kCPU), applied = out.taskLabels.slice(0, 0, n).to(torch::kCPU);
    s.jigsaw.labels.assign(applied.data_ptr<int64_t>(), applied.data_ptr<int64_t>() + n);
    s.jigsaw.predictions.assign(pred.data_ptr<int64_t>(), pred.data_ptr<int64_t>() + n);
}

} // namespace pretext::engine
