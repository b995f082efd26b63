// SimSiam (Chen & He 2021, "Exploring simple Siamese representation learning"): two views through one encoder
// and projector; a small predictor maps one view's projection onto the other's, whose gradient is stopped.
// No negatives, no momentum encoder: the stop-gradient (with the predictor) is what keeps the embeddings from
// collapsing to a constant, and turning either off shows the collapse.
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/container/sequential.h>

namespace pretext::engine {

// The MLP heads of SimSiam and Barlow Twins (their papers' ImageNet heads, sizes configurable): `layers` - 1
// times Linear-BN-ReLU (no bias before a BN), then a last Linear.
torch::nn::Sequential makeBatchNormMlp(int64_t in, int64_t hidden, int64_t out, int layers);

// SimSiam's D(p, z) = −cos(p, z), mean over the batch.
torch::Tensor negativeCosine(const torch::Tensor &p, const torch::Tensor &z);

class SimSiam : public Method {
public:
    SimSiam(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "simsiam"; }
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const override;

private:
    ViewPipeline m_views;
    Backbone m_encoder;
    torch::nn::Sequential m_projector{nullptr}, m_predictor{nullptr}; // predictor: null when turned off
    bool m_stopGradient;
};

} // namespace pretext::engine
