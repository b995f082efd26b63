// MAE (He et al. 2022; reference text, "masked modeling"): the image is cut into patches, a random 75 % of them
// are hidden, the ViT encoder sees the visible patches only, and a light transformer decoder, given the encoded
// visible patches and a shared mask token at every hidden position, predicts the hidden patches' pixels. The loss
// is the mean squared error over the hidden patches only, optionally against per-patch normalised pixels.
// Probes read the encoder's mean-pooled patch tokens of the whole, unmasked image.
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

namespace pretext::engine {

class MaeMethod : public Method {
public:
    MaeMethod(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "mae"; }
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const override;

    // The encoder's tokens [B, 1 + visible, D] for normalised images [B,C,H,W] and a mask [B, N] (1 = hidden,
    // the same count in every row): only the visible patches are embedded and encoded.
    torch::Tensor encodeVisible(const torch::Tensor &images, const torch::Tensor &mask);
    // Pixel predictions [B, N, patch*patch*C] for every patch from the encoded visible tokens.
    torch::Tensor decode(const torch::Tensor &latent, const torch::Tensor &mask);
    int64_t patchSize() const { return m_patch; }

private:
    ViewPipeline m_views;
    int64_t m_patch, m_channels;
    double m_maskRatio;
    bool m_normPix;
    bool m_wantFeatures;
    Backbone m_encoder;
    TokenBackbone *m_tokens = nullptr;
    torch::nn::Linear m_decoderEmbed{nullptr}, m_decoderPred{nullptr};
    torch::Tensor m_maskToken, m_decoderPos;
    torch::nn::Sequential m_decoderBlocks{nullptr};
    torch::nn::LayerNorm m_decoderNorm{nullptr};
};

} // namespace pretext::engine
