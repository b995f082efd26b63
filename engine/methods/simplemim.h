// SimpleMIM: the reference text's simplified masked image modeling, done as SimMIM (Xie et al. 2022) does it on a
// convolutional encoder. Hidden patches are replaced by a learned mask value before the encoder (the text's code
// never applies its mask), a one-layer head predicts every pixel from the encoder's feature map, and the loss is
// the mean squared error over the hidden patches only (the text averages over every pixel).
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/conv.h>

namespace pretext::engine {

class SimpleMimMethod : public Method {
public:
    SimpleMimMethod(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "simplemim"; }
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const override;

    // Normalised images [B,C,H,W] with the hidden patches (mask [B, N], 1 = hidden) replaced by the learned value.
    torch::Tensor maskInput(const torch::Tensor &images, const torch::Tensor &mask) const;
    // Pixel predictions [B,C,H,W] for a (masked) input.
    torch::Tensor reconstruct(const torch::Tensor &maskedImages);

private:
    ViewPipeline m_views;
    int64_t m_patch;
    double m_maskRatio;
    bool m_blockMask;
    bool m_wantFeatures;
    Backbone m_encoder;
    SpatialBackbone *m_spatial = nullptr;
    torch::Tensor m_maskValue; // [1, C, 1, 1], learned
    torch::nn::Conv2d m_head{nullptr};
};

} // namespace pretext::engine
