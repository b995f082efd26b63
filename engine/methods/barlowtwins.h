// Barlow Twins (Zbontar et al. 2021): two views through one encoder and projector; the cross-correlation matrix
// of the two views' batch-standardised embeddings is pushed towards the identity. The diagonal term makes the
// embedding invariant to the augmentations, the off-diagonal term decorrelates its dimensions (redundancy
// reduction), which on its own rules out collapse: no negatives, no predictor, no momentum encoder.
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/container/sequential.h>

namespace pretext::engine {

// C = z1ᵀ z2 / N of z1, z2 [N, D] standardised per dimension over the batch (equation 2; mean and biased
// variance, as the paper's affine-free BatchNorm). [D, D].
torch::Tensor barlowCrossCorrelation(const torch::Tensor &z1, const torch::Tensor &z2);
// Equation 1: Σ_i (1 − C_ii)² + λ Σ_{i≠j} C_ij².
torch::Tensor barlowLoss(const torch::Tensor &c, double lambda);

class BarlowTwins : public Method {
public:
    BarlowTwins(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "barlow"; }
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const override;

private:
    ViewPipeline m_views;
    Backbone m_encoder;
    torch::nn::Sequential m_projector{nullptr};
    double m_lambda;
};

} // namespace pretext::engine
