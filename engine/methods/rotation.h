// Rotation prediction (Gidaris et al. 2018; reference text, "pretext tasks"): every image is shown in all four
// rotations (0, 90, 180, 270 degrees) and the network classifies which one it sees. To do so it has to
// recognise the object's canonical orientation, which needs semantic features.
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/linear.h>

namespace pretext::engine {

class RotationMethod : public Method {
public:
    RotationMethod(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "rotation"; }
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const override;

private:
    ViewPipeline m_views; // for normalisation and display only: the rotations are the task
    Backbone m_encoder;
    torch::nn::Linear m_head{nullptr};
};

} // namespace pretext::engine
