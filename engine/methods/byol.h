// BYOL (Grill et al. 2020): an online network (encoder, projector, predictor) learns to predict, from one view,
// the projection a slowly moving target network (an exponential moving average of the online encoder and
// projector) gives for the other view. No negatives: the predictor and the EMA target keep it from collapsing.
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/container/sequential.h>

namespace pretext::engine {

class Byol : public Method {
public:
    Byol(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "byol"; }
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    // target ← τ·target + (1 − τ)·online, τ on BYOL's cosine schedule from target_momentum to 1.
    void afterStep(int64_t step, int64_t totalSteps) override;
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const override;

    // The projection of normalised images by the online network (target = false) or the target (true).
    torch::Tensor project(const torch::Tensor &x, bool target);
    // τ of the EMA update that follows step `step` of `totalSteps`.
    double targetMomentum(int64_t step, int64_t totalSteps) const;
    bool hasPredictor() const { return !m_predictor.is_empty(); }

private:
    MethodContext m_context;
    ViewPipeline m_views;
    double m_baseMomentum;
    Backbone m_encoder, m_targetEncoder;
    torch::nn::Sequential m_projector{nullptr}, m_predictor{nullptr}, m_targetProjector{nullptr};
};

} // namespace pretext::engine
