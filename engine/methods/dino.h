// DINO (Caron et al. 2021): self-distillation with no labels. A student network (encoder + DINO head) learns to
// match, on every other view, the output distribution of a teacher (an exponential moving average of the
// student) on a global view. The teacher's outputs are centred (a running mean subtracted) and sharpened (a low
// temperature): centring alone would flatten them to uniform, sharpening alone would make one prototype win for
// every image; together they avoid both collapses. Optional multi-crop: local views seen by the student only.
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/container/sequential.h>

#include <utility>
#include <vector>

namespace pretext::engine {

// DINO's projection head: a 3-layer MLP (GELU) to a bottleneck, L2-normalised, then a weight-normalised linear
// layer (no bias) to out_dim prototypes. The weight norm's gain is fixed at 1 (the paper's norm_last_layer), so
// the layer is x·(v/‖v‖)ᵀ: a cosine between the embedding and each prototype direction.
class DinoHeadImpl : public torch::nn::Module {
public:
    // batchNorm: BatchNorm after each hidden linear layer (the paper's code has it as use_bn_in_head).
    DinoHeadImpl(int64_t in, int64_t hidden, int64_t bottleneck, int64_t outDim, bool batchNorm);
    // Returns (bottleneck embedding before normalisation [B, bottleneck], prototype scores [B, outDim]).
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor &x);

private:
    torch::nn::Sequential m_mlp{nullptr};
    torch::Tensor m_prototypes; // v [outDim, bottleneck]: the direction of each prototype
};

class Dino : public Method {
public:
    Dino(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "dino"; }
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    // EMA of the teacher (cosine momentum from teacher_momentum to 1) and the centre's running mean.
    void afterStep(int64_t step, int64_t totalSteps) override;
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const override;

    // The teacher temperature after `step` steps: linear from warmupTemp to temp over warmupEpochs (fractional
    // epochs step / stepsPerEpoch), then constant (Caron et al. 2021, section 4 and appendix).
    static double teacherTemperatureAt(double warmupTemp, double temp, double warmupEpochs, int64_t step,
                                       int64_t stepsPerEpoch);
    double teacherTemperature() const;
    // DINO's multi-crop loss (Caron et al. 2021, algorithm 1, section 3.1): the mean over every pair (teacher on
    // global view j, student on another view v ≠ j) of H(softmax((t_j − c)/τt), softmax(s_v/τs)). students:
    // [B, K] scores of the two global views, then of the local views; teacher1/2 of the two global views.
    static torch::Tensor multiCropLoss(const std::vector<torch::Tensor> &students, const torch::Tensor &teacher1,
                                       const torch::Tensor &teacher2, const torch::Tensor &center, double studentTemp,
                                       double teacherTemp);
    // Prototype scores of normalised images by the student (teacher = false) or the teacher.
    torch::Tensor scores(const torch::Tensor &x, bool teacher);
    const torch::Tensor &center() const { return m_center; }
    // Side of the local crops: half the global side for the convolutional backbones (global pooling accepts any
    // size), the global side for vit-tiny (its position embeddings fix the number of patches).
    int64_t localCropSize() const { return m_localSize; }

private:
    MethodContext m_context;
    ViewPipeline m_views;
    ViewPipeline m_localViews;
    int64_t m_outDim;
    int64_t m_localCrops;
    int64_t m_localSize;
    double m_teacherTemp, m_warmupTeacherTemp, m_warmupEpochs, m_studentTemp;
    double m_centerMomentum, m_baseMomentum;
    bool m_centering;
    Backbone m_encoder, m_teacherEncoder;
    std::shared_ptr<DinoHeadImpl> m_head, m_teacherHead;
    torch::Tensor m_center;      // [1, outDim], a registered buffer: checkpoints carry it
    torch::Tensor m_batchCenter; // mean teacher output of the last training step, folded into m_center afterwards
};

} // namespace pretext::engine
