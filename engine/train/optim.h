// Optimisers and the learning-rate schedule. LARS (You et al. 2017, as used by SimCLR) is SGD with momentum
// whose per-layer update is scaled by the trust ratio eta * ||w|| / ||g + wd w||; biases and normalisation
// parameters (1-d tensors) are excluded from both weight decay and the adaptation, as in the SimCLR paper.
#pragma once

#include <torch/optim/optimizer.h>
#include <torch/serialize/archive.h>

#include <memory>
#include <string>
#include <vector>

namespace pretext::engine {

struct RunConfig;

class Optimizer {
public:
    Optimizer(const RunConfig &config, const std::vector<torch::Tensor> &params);
    void zeroGrad();
    void step();
    void setLearningRate(double lr);
    void save(torch::serialize::OutputArchive &archive) const;
    void load(torch::serialize::InputArchive &archive);

private:
    std::string m_kind;
    double m_weightDecay = 0;
    double m_trustCoefficient = 0.001;
    std::unique_ptr<torch::optim::Optimizer> m_impl;
};

// Linear warm-up to baseLr over warmupSteps, then constant or cosine decay to 0 at totalSteps.
double scheduledLearningRate(const std::string &schedule, double baseLr, int64_t step, int64_t warmupSteps,
                             int64_t totalSteps);

} // namespace pretext::engine
