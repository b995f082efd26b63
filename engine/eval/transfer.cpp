#include "engine/eval/transfer.h"

#include "engine/core/compat.h"
#include "engine/core/errors.h"
#include "engine/eval/probe.h"
#include "engine/methods/method.h"

#include <torch/nn/functional.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

namespace pretext::engine {

std::vector<int64_t> labelledSubset(const torch::Tensor &labels, double fraction, int64_t numClasses, uint64_t seed)
{
    if (!(fraction > 0 && fraction <= 1))
        throw ConfigError("label fraction " + std::to_string(fraction) + " is outside (0, 1]; e.g. 0.01 for 1 %");
    auto y = labels.to(torch::kCPU, torch::kLong).contiguous();
    const auto *p = y.data_ptr<int64_t>();
    std::vector<std::vector<int64_t>> byClass(static_cast<size_t>(std::max<int64_t>(numClasses, 1)));
    for (int64_t i = 0; i < y.size(0); ++i)
        if (p[i] >= 0 && p[i] < numClasses) byClass[static_cast<size_t>(p[i])].push_back(i);
    std::mt19937_64 gen(seed);
    std::vector<int64_t> out;
    for (auto &members : byClass) {
        if (members.empty()) continue;
        std::shuffle(members.begin(), members.end(), gen);
        const auto take = std::max<int64_t>(1, std::llround(fraction * static_cast<double>(members.size())));
        out.insert(out.end(), members.begin(), members.begin() + std::min<int64_t>(take, members.size()));
    }
    std::sort(out.begin(), out.end());
    return out;
}

namespace {

double accuracyOf(Backbone &encoder, torch::nn::Linear &head, Method &method, const torch::Tensor &images,
                  const torch::Tensor &labels, torch::Device device)
{
    torch::NoGradGuard noGrad;
    encoder->eval();
    int64_t right = 0;
    for (int64_t i = 0; i < images.size(0); i += 512) {
        auto x = method.evalInput(images.slice(0, i, i + 512).to(device));
        auto pred = head->forward(encoder->forward(x).to(torch::kFloat)).argmax(1).to(torch::kCPU);
        right += pred.eq(labels.slice(0, i, i + 512).to(torch::kLong)).sum().item<int64_t>();
    }
    return images.size(0) > 0 ? static_cast<double>(right) / static_cast<double>(images.size(0)) : 0.0;
}

} // namespace

TransferResult transferToSubset(Method &method, const torch::Tensor &trainImages, const torch::Tensor &trainLabels,
                                const torch::Tensor &testImages, const torch::Tensor &testLabels, int64_t numClasses,
                                const TransferOptions &o, torch::Device device)
{
    const auto t0 = std::chrono::steady_clock::now();
    TransferResult r;
    r.labelFraction = o.labelFraction;
    const auto subset = labelledSubset(trainLabels, o.labelFraction, numClasses, o.seed);
    r.labelled = static_cast<int64_t>(subset.size());
    if (r.labelled == 0)
        throw DataError("transfer: no training image has a label in 0.." + std::to_string(numClasses - 1) +
                        ", so there is no labelled subset to learn from");
    auto idx = torch::tensor(subset, torch::kLong);
    auto xs = trainImages.to(torch::kCPU).index_select(0, idx);
    auto ys = trainLabels.to(torch::kCPU, torch::kLong).index_select(0, idx);

    // Linear probe on the frozen encoder.
    auto ftr = extractFeatures(method, xs, device);
    auto fte = extractFeatures(method, testImages, device);
    ProbeOptions po;
    po.epochs = o.probeEpochs;
    po.seed = o.seed;
    po.standardize = o.standardize;
    po.batchSize = std::min<int64_t>(po.batchSize, std::max<int64_t>(16, r.labelled / 4));
    r.probeAcc = linearProbe(ftr, ys, fte, testLabels, numClasses, po).accuracy;

    // Fine-tuning: the encoder and a new linear classifier, with random flips; the weights are put back after.
    Backbone encoder = method.encoder();
    const bool wasTraining = encoder->is_training();
    std::vector<torch::Tensor> saved;
    {
        torch::NoGradGuard noGrad;
        for (const auto &t : encoder->parameters()) saved.push_back(t.detach().clone());
        for (const auto &t : encoder->buffers()) saved.push_back(t.detach().clone());
    }
    std::vector<bool> requiresGrad;
    for (auto &p : encoder->parameters()) {
        requiresGrad.push_back(p.requires_grad());
        p.set_requires_grad(true);
    }
    torch::nn::Linear head{nullptr};
    {
        // The classifier's weights from the seed, the default generator put back at once.
        std::lock_guard<std::mutex> seeding(globalGeneratorMutex());
        const auto savedGenerator = cpuGeneratorState();
        torch::manual_seed(o.seed);
        head = torch::nn::Linear(encoder->featureDim(), numClasses);
        setCpuGeneratorState(savedGenerator);
    }
    head->to(device);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(encoder->parameters(), std::make_unique<torch::optim::AdamOptions>(o.encoderLr));
    groups.emplace_back(head->parameters(), std::make_unique<torch::optim::AdamOptions>(o.headLr));
    torch::optim::Adam opt(groups, torch::optim::AdamOptions(o.headLr));
    const int64_t n = xs.size(0);
    r.fineTuneEpochs = static_cast<int>(std::clamp<int64_t>(o.fineTuneImages / std::max<int64_t>(n, 1), 5, 200));
    const int64_t batch = std::min<int64_t>(o.batchSize, n);
    auto gen = at::detail::createCPUGenerator(o.seed);
    encoder->train();
    for (int epoch = 0; epoch < r.fineTuneEpochs; ++epoch) {
        auto perm = torch::randperm(n, gen, torch::kLong);
        for (int64_t i = 0; i + batch <= n; i += batch) {
            auto b = perm.slice(0, i, i + batch);
            auto x = method.evalInput(xs.index_select(0, b).to(device));
            auto flip = torch::rand({batch, 1, 1, 1}, gen).lt(0.5).to(device);
            x = torch::where(flip, x.flip({3}), x);
            auto loss = torch::nn::functional::cross_entropy(head->forward(encoder->forward(x).to(torch::kFloat)),
                                                             ys.index_select(0, b).to(device));
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
    }
    r.fineTuneAcc = accuracyOf(encoder, head, method, testImages, testLabels, device);
    {
        torch::NoGradGuard noGrad;
        size_t k = 0;
        for (auto &t : encoder->parameters()) t.copy_(saved[k++]);
        for (auto &t : encoder->buffers()) t.copy_(saved[k++]);
        size_t j = 0;
        for (auto &p : encoder->parameters()) p.set_requires_grad(requiresGrad[j++]);
    }
    encoder->train(wasTraining);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

} // namespace pretext::engine
