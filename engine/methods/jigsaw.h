// Jigsaw puzzles (Noroozi & Favaro 2016; reference text, "pretext tasks"): each image is cut into grid x grid
// tiles, shuffled by one permutation of a fixed set chosen for large Hamming distance, and the network names
// the permutation (its index in the set). Solving it needs to know what parts of objects look like and where
// they belong. Here the whole shuffled image goes through the encoder (the paper's siamese per-tile network is
// a refinement that also blocks low-level shortcuts across tile borders).
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/linear.h>

namespace pretext::engine {

class JigsawMethod : public Method {
public:
    JigsawMethod(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "jigsaw"; }
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const override;

private:
    ViewPipeline m_views;
    int m_grid;
    bool m_wantFeatures;
    std::vector<std::vector<int64_t>> m_permutations;
    Backbone m_encoder;
    torch::nn::Linear m_head{nullptr};
};

} // namespace pretext::engine
