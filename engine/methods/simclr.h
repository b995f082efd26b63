// SimCLR (Chen et al. 2020): two augmented views per image, encoder + MLP projection head, NT-Xent loss
// with temperature over the 2B views of the batch (reference text, section "SimCLR").
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/container/sequential.h>

namespace pretext::engine {

class SimClr : public Method {
public:
    SimClr(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "simclr"; }
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    double temperature() const override { return m_temperature; }
    void setTemperature(double t) override { m_temperature = t; }
    void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const override;

private:
    MethodContext m_context;
    ViewPipeline m_views;
    Backbone m_encoder;
    torch::nn::Sequential m_projector{nullptr};
    double m_temperature;
};

} // namespace pretext::engine
