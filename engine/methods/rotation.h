// Rotation prediction (Gidaris et al. 2018; reference text, "pretext tasks"): every image is turned by 0, 90, 180
// or 270 degrees and the network classifies which turn it sees. To do so it has to recognise the object's
// canonical orientation, which needs semantic features. Either all four turns of every image per step (the
// paper) or one random turn per image (the reference text's RotationTransform: four times the images per second).
// An MLP head (the default) keeps the encoder's last layer from specialising in orientation alone, as SimCLR's
// projection head does for its loss; crops and flips before the turn keep the task from being solved by where
// the pixels sit.
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/container/sequential.h>

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
    bool m_allFour;
    bool m_augment;
    bool m_wantFeatures;
    Backbone m_encoder;
    torch::nn::Sequential m_head{nullptr}; // features -> 4 logits: one linear layer, or an MLP
};

} // namespace pretext::engine
