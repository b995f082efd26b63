#include "engine/eval/probe.h"

#include "engine/core/compat.h"
#include "engine/eval/knn.h"
#include "engine/methods/method.h"

#include <torch/nn/functional.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

namespace pretext::engine {

torch::Tensor extractFeatures(Method &method, const torch::Tensor &images, torch::Device device, int64_t batch)
{
    torch::NoGradGuard noGrad;
    auto encoder = method.encoder();
    const bool wasTraining = encoder->is_training();
    encoder->eval();
    std::vector<torch::Tensor> chunks;
    for (int64_t start = 0; start < images.size(0); start += batch) {
        auto x = method.evalInput(images.slice(0, start, start + batch).to(device));
        chunks.push_back(encoder->forward(x).to(torch::kCPU, torch::kFloat));
    }
    encoder->train(wasTraining);
    if (chunks.empty()) return torch::empty({0, encoder->featureDim()});
    return torch::cat(chunks);
}

ProbeResult linearProbe(const torch::Tensor &trainFeatures, const torch::Tensor &trainLabels,
                        const torch::Tensor &testFeatures, const torch::Tensor &testLabels, int64_t numClasses,
                        const ProbeOptions &options)
{
    // Standardising the features (statistics of the training set) makes one learning rate work for every
    // encoder, trained or random; it is the affine-free BatchNorm that MAE puts before its linear probe.
    auto xtr = trainFeatures, xte = testFeatures;
    if (options.standardize) {
        auto mean = trainFeatures.mean(0, true);
        auto sd = trainFeatures.std(0, true, true) + 1e-6;
        xtr = (trainFeatures - mean) / sd;
        xte = (testFeatures - mean) / sd;
    }
    auto ytr = trainLabels.to(torch::kLong), yte = testLabels.to(torch::kLong);

    // Seed the classifier's initialisation without disturbing the global generator the training relies on.
    torch::nn::Linear clf{nullptr};
    {
        std::lock_guard<std::mutex> seeding(globalGeneratorMutex());
        const auto savedState = cpuGeneratorState();
        torch::manual_seed(options.seed);
        clf = torch::nn::Linear(xtr.size(1), numClasses);
        setCpuGeneratorState(savedState);
    }
    torch::optim::Adam opt(clf->parameters(), torch::optim::AdamOptions(options.lr));
    auto gen = at::detail::createCPUGenerator(options.seed);
    const int64_t n = xtr.size(0);
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        auto perm = torch::randperm(n, gen, torch::kLong);
        for (int64_t i = 0; i < n; i += options.batchSize) {
            auto idx = perm.slice(0, i, i + options.batchSize);
            auto loss = torch::nn::functional::cross_entropy(clf(xtr.index_select(0, idx)), ytr.index_select(0, idx));
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
    }
    torch::NoGradGuard noGrad;
    ProbeResult result;
    result.probabilities = torch::softmax(clf(xte), 1);
    if (xte.size(0) > 0)
        result.accuracy = result.probabilities.argmax(1).eq(yte).to(torch::kDouble).mean().item<double>();
    return result;
}

double linearProbeAccuracy(const torch::Tensor &trainFeatures, const torch::Tensor &trainLabels,
                           const torch::Tensor &testFeatures, const torch::Tensor &testLabels, int64_t numClasses,
                           const ProbeOptions &options)
{
    return linearProbe(trainFeatures, trainLabels, testFeatures, testLabels, numClasses, options).accuracy;
}

double knnAccuracy(const torch::Tensor &trainFeatures, const torch::Tensor &trainLabels,
                   const torch::Tensor &testFeatures, const torch::Tensor &testLabels, int64_t k, double temperature,
                   int64_t numClasses)
{
    if (testFeatures.size(0) == 0) return 0.0;
    auto pred = knnPredict(trainFeatures, trainLabels, testFeatures, k, temperature, numClasses);
    return pred.eq(testLabels.to(torch::kLong)).to(torch::kDouble).mean().item<double>();
}

} // namespace pretext::engine
