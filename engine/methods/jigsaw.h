// Jigsaw puzzles (Noroozi & Favaro 2016; reference text, "pretext tasks"): each image is cut into grid x grid
// tiles, shuffled by one permutation of a fixed set chosen for large Hamming distance, and the network names
// the permutation (its index in the set). Solving it needs to know what parts of objects look like and where
// they belong. By default each tile goes through the encoder on its own (the paper's context-free network): a
// random crop inside each tile's cell leaves a gap between neighbours, so edge continuity gives nothing away,
// and the head reads the tiles' features in their shuffled order. `jigsaw_tiles` off feeds the whole shuffled
// image to the encoder instead (cheaper, but the encoder then learns to spot tile borders).
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/container/sequential.h>
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
    bool m_tiles;
    int64_t m_tileScale;
    double m_tileJitter;
    double m_tileFraction;
    bool m_augment;
    bool m_wantFeatures;
    std::vector<std::vector<int64_t>> m_permutations;
    Backbone m_encoder;
    torch::nn::Linear m_head{nullptr};         // whole-image mode: encoder features -> permutation
    torch::nn::Sequential m_tileHead{nullptr}; // tile mode: concatenated tile features -> permutation
};

} // namespace pretext::engine
