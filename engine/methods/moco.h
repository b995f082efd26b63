// MoCo v2 (He et al. 2020, "Momentum Contrast"; Chen et al. 2020, "Improved baselines"): a query encoder with an
// MLP head is trained with InfoNCE against one positive key (the other view, from a momentum-updated copy of the
// network) and K negative keys kept in a queue of earlier batches. The queue decouples the number of negatives
// from the batch size; the slowly moving key encoder keeps the queued keys consistent with each other.
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/container/sequential.h>

namespace pretext::engine {

class MoCo : public Method {
public:
    MoCo(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "moco"; }
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    // Momentum update of the key network, then the step's keys join the queue.
    void afterStep(int64_t step, int64_t totalSteps) override;
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    double temperature() const override { return m_temperature; }
    void setTemperature(double t) override { m_temperature = t; }
    void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const override;

    // ---- the queue (public for the preview and the tests) ----
    // Writes L2-normalised keys [B, dim] at the pointer, wrapping around the end: when K - ptr < B the first
    // K - ptr keys fill the end of the queue and the rest its start. Each written slot records `step` (the
    // 1-based step that enqueued it). Only the newest K keys are kept when B > K.
    void enqueue(const torch::Tensor &keys, int64_t step);
    int64_t queueCapacity() const { return m_queue.size(1); }
    int64_t queuePointer() const;
    // Slots holding real keys (the queue starts full of random unit vectors, as in the paper's code).
    int64_t queueFilled() const;
    // Steps between the newest and the oldest real key: how stale the oldest negative is. 0 when empty.
    int64_t oldestKeyAge() const;
    const torch::Tensor &queue() const { return m_queue; }         // [dim, K]
    const torch::Tensor &queueSteps() const { return m_queueStep; } // [K], -1 = a random initial key

private:
    torch::Tensor encodeQueries(const torch::Tensor &views, int64_t groups);
    torch::Tensor encodeKeys(const torch::Tensor &views, int64_t groups, Rng &rng);

    ViewPipeline m_views;
    Backbone m_encoder, m_keyEncoder;
    torch::nn::Sequential m_projector{nullptr}, m_keyProjector{nullptr};
    torch::Tensor m_queue, m_queuePtr, m_queueStep; // buffers, so checkpoints carry them
    torch::Tensor m_pendingKeys;                    // this step's keys, enqueued in afterStep
    double m_temperature;
    double m_keyMomentum;
    bool m_symmetric;
};

} // namespace pretext::engine
