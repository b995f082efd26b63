#include "engine/methods/supervised.h"

#include "engine/core/errors.h"
#include "engine/train/runconfig.h"

#include <torch/nn/functional.h>

#include <chrono>

namespace pretext::engine {

SupervisedMethod::SupervisedMethod(const RunConfig &config, const MethodContext &context)
    : m_views(config.augment, context.mean, context.stddev)
{
    m_encoder = register_module("encoder", makeEncoder(config, context));
    m_classifier = register_module("classifier", torch::nn::Linear(m_encoder->featureDim(), context.numClasses));
}

MethodInfo SupervisedMethod::describe()
{
    MethodInfo m;
    m.name = "supervised";
    m.title = "Supervised (labels)";
    m.family = MethodFamily::Supervised;
    m.summary = "the baseline: the same encoder trained on the labels with cross-entropy";
    m.description =
        "Not self-supervised: the encoder and a linear classifier learn the dataset's classes from its labels, on "
        "crops and flips of the images. This is what ImageNet pre-training is in the reference text's fifth "
        "exercise, and the yardstick of every method here: a self-supervised encoder learns without a single label "
        "and is judged by how close its linear probe comes to this one.";
    m.recipe = shortRunRecipe(128, 0.001, 3);
    cropsAndFlipsOnly(m.recipe, 0.4);
    return m;
}

StepOutput SupervisedMethod::step(const torch::Tensor &images, Rng &rng, bool)
{
    StepOutput out;
    if (!m_batchLabels.defined() || m_batchLabels.size(0) != images.size(0))
        throw ConfigError("method supervised needs the labels of every batch; this trainer gave none");
    const auto t0 = std::chrono::steady_clock::now();
    auto x = m_views.apply(images, rng).contiguous(torch::MemoryFormat::ChannelsLast);
    out.augmentSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto h = m_encoder->forward(x);
    auto logits = m_classifier->forward(h).to(torch::kFloat);
    out.loss = torch::nn::functional::cross_entropy(logits, m_batchLabels);
    out.features = h.detach().to(torch::kFloat);
    out.scalars.emplace_back("train_acc", logits.argmax(1).eq(m_batchLabels).to(torch::kFloat).mean().item<double>());
    return out;
}

torch::Tensor SupervisedMethod::evalInput(const torch::Tensor &images) const
{
    return m_views.normalizeOnly(images).contiguous(torch::MemoryFormat::ChannelsLast);
}

} // namespace pretext::engine
