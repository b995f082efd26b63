#include "engine/methods/simclr.h"

#include "engine/methods/losses.h"
#include "engine/train/runconfig.h"

#include <chrono>

namespace pretext::engine {

SimClr::SimClr(const RunConfig &config, const MethodContext &context)
    : m_context(context),
      m_views(config.augment, context.mean, context.stddev),
      m_temperature(config.temperature)
{
    m_encoder = register_module("encoder", makeEncoder(config, context));
    m_projector = register_module("projector", makeProjectionHead(m_encoder->featureDim(), config.projectionHidden,
                                                                  config.projectionDim));
}

StepOutput SimClr::step(const torch::Tensor &images, Rng &rng, bool wantPreview)
{
    StepOutput out;
    auto *r1 = wantPreview ? &out.records1 : nullptr;
    auto *r2 = wantPreview ? &out.records2 : nullptr;
    const auto t0 = std::chrono::steady_clock::now();
    auto v1 = m_views.apply(images, rng, r1);
    auto v2 = m_views.apply(images, rng, r2);
    out.augmentSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const int64_t b = images.size(0);
    // One forward over both views halves the kernel launches; BatchNorm statistics are then shared by the
    // 2B views, like SimCLR's global BN. Channels-last is oneDNN's fast layout for these convolutions.
    auto h = m_encoder->forward(torch::cat({v1, v2}).contiguous(torch::MemoryFormat::ChannelsLast));
    auto z = m_projector->forward(h).to(torch::kFloat);
    auto z1 = z.slice(0, 0, b), z2 = z.slice(0, b);
    out.loss = ntXentLoss(z1, z2, m_temperature);
    out.features = h.slice(0, 0, b).detach().to(torch::kFloat);
    if (wantPreview) {
        out.view1 = v1.detach();
        out.view2 = v2.detach();
        out.z1 = z1.detach();
        out.z2 = z2.detach();
    }
    return out;
}

torch::Tensor SimClr::evalInput(const torch::Tensor &images) const
{
    return m_views.normalizeOnly(images).contiguous(torch::MemoryFormat::ChannelsLast);
}

void SimClr::fillPreview(const StepOutput &out, int n, PreviewSnapshot &s) const
{
    n = static_cast<int>(std::min<int64_t>(n, out.view1.size(0)));
    s.view1 = toImageGrid(m_views.toDisplayUint8(out.view1.slice(0, 0, n)));
    s.view2 = toImageGrid(m_views.toDisplayUint8(out.view2.slice(0, 0, n)));
    s.records1.assign(out.records1.begin(), out.records1.begin() + std::min<size_t>(n, out.records1.size()));
    s.records2.assign(out.records2.begin(), out.records2.begin() + std::min<size_t>(n, out.records2.size()));
    s.similarity = toMatrix(pairSimilarity(out.z1.slice(0, 0, n), out.z2.slice(0, 0, n)));
    s.temperature = m_temperature;
}

} // namespace pretext::engine
