#include "engine/train/optim.h"

#include "engine/train/runconfig.h"

#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>

#include <cmath>

namespace pretext::engine {

namespace optim = torch::optim;

Optimizer::Optimizer(const RunConfig &config, const std::vector<torch::Tensor> &params)
    : m_kind(config.optimizer), m_weightDecay(config.weightDecay)
{
    if (m_kind == "adam") {
        m_impl = std::make_unique<optim::Adam>(params, optim::AdamOptions(config.lr).weight_decay(config.weightDecay));
        return;
    }
    // SGD and LARS: weight decay only on weights, not on biases and normalisation parameters.
    std::vector<torch::Tensor> weights, others;
    for (const auto &p : params) (p.dim() > 1 ? weights : others).push_back(p);
    const bool lars = m_kind == "lars";
    std::vector<optim::OptimizerParamGroup> groups;
    // For LARS the decay is folded into the gradient before the trust ratio, so SGD itself gets none.
    groups.emplace_back(weights, std::make_unique<optim::SGDOptions>(
                                     optim::SGDOptions(config.lr).momentum(config.momentum).weight_decay(lars ? 0.0 : config.weightDecay)));
    groups.emplace_back(others, std::make_unique<optim::SGDOptions>(optim::SGDOptions(config.lr).momentum(config.momentum)));
    m_impl = std::make_unique<optim::SGD>(groups, optim::SGDOptions(config.lr).momentum(config.momentum));
}

void Optimizer::zeroGrad()
{
    m_impl->zero_grad();
}

void Optimizer::step()
{
    if (m_kind == "lars") {
        torch::NoGradGuard noGrad;
        for (auto &p : m_impl->param_groups().front().params()) {
            if (!p.grad().defined()) continue;
            auto g = p.grad();
            if (m_weightDecay > 0) g.add_(p, m_weightDecay);
            const double wn = p.norm().item<double>(), gn = g.norm().item<double>();
            if (wn > 0 && gn > 0) g.mul_(m_trustCoefficient * wn / gn);
        }
    }
    m_impl->step();
}

void Optimizer::setLearningRate(double lr)
{
    for (auto &group : m_impl->param_groups()) group.options().set_lr(lr);
}

void Optimizer::save(torch::serialize::OutputArchive &archive) const
{
    m_impl->save(archive);
}

void Optimizer::load(torch::serialize::InputArchive &archive)
{
    m_impl->load(archive);
}

double scheduledLearningRate(const std::string &schedule, double baseLr, int64_t step, int64_t warmupSteps,
                             int64_t totalSteps)
{
    if (warmupSteps > 0 && step < warmupSteps) return baseLr * static_cast<double>(step + 1) / warmupSteps;
    if (schedule != "cosine" || totalSteps <= warmupSteps) return baseLr;
    const double progress = static_cast<double>(step - warmupSteps) / static_cast<double>(totalSteps - warmupSteps);
    return baseLr * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
}

} // namespace pretext::engine
