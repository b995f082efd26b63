// Colorization (Zhang et al. 2016), one of the reference text's pretext tasks: the network is given the brightness of
// an image and predicts its colours. Colours are split as BT.601 YCbCr does: the encoder sees the luma Y, a
// one-layer head on its feature map predicts the two chroma channels (Cb, Cr), and the picture is rebuilt from the
// true Y and the predicted chroma, so brightness is exact and the loss (mean squared error on the chroma) counts
// colour only. Zhang et al. classify over quantised ab bins instead, because plain L2 regression settles on the
// mean of the plausible colours, which is washed out: the desaturated pictures this method shows early on.
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/conv.h>

namespace pretext::engine {

class ColorizationMethod : public Method {
public:
    // Throws ConfigError for 1-channel data (colourProblem(): the dataset named, what to choose instead).
    ColorizationMethod(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "colorization"; }
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    Backbone encoder() const override { return m_encoder; }
    // The luma of the images, normalised as in training: the probes see what the encoder was trained on.
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const override;

    // Predicted chroma [B,2,H,W] (Cb, Cr) of luma [B,1,H,W] in [0, 1].
    torch::Tensor predictChroma(const torch::Tensor &luma);

private:
    // Luma in [0, 1] -> the encoder's input (normalised with the luma's mean and std, channels-last).
    torch::Tensor encoderInput(const torch::Tensor &luma) const;
    // The pipeline's normalised RGB views -> RGB in [0, 1].
    torch::Tensor unitRgb(const torch::Tensor &views) const;

    ViewPipeline m_views;
    std::vector<float> m_mean, m_std; // the pipeline's per-channel normalisation; empty when it has none
    double m_lumaMean = 0, m_lumaStd = 1;
    bool m_wantFeatures;
    Backbone m_encoder;
    SpatialBackbone *m_spatial = nullptr;
    torch::nn::Conv2d m_head{nullptr};
};

} // namespace pretext::engine
