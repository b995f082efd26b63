// The supervised baseline: the same encoder trained on the labels with cross-entropy, on crops and flips of the
// images. It is what a self-supervised method is measured against (the reference text's fifth exercise compares
// random-init, supervised and self-supervised pre-training), and the only method that reads the labels.
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/linear.h>

namespace pretext::engine {

class SupervisedMethod : public Method {
public:
    SupervisedMethod(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "supervised"; }
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    void fillPreview(const StepOutput &, int, PreviewSnapshot &) const override {}

private:
    ViewPipeline m_views;
    Backbone m_encoder;
    torch::nn::Linear m_classifier{nullptr};
};

} // namespace pretext::engine
