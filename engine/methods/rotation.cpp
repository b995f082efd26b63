#include "engine/methods/rotation.h"

#include "engine/augment/geometric.h"
#include "engine/core/errors.h"
#include "engine/train/runconfig.h"

#include <torch/nn/functional.h>

#include <chrono>

namespace pretext::engine {

RotationMethod::RotationMethod(const RunConfig &config, const MethodContext &context)
    : m_views(config.augment, context.mean, context.stddev)
{
    m_encoder = register_module("encoder", makeEncoder(config, context));
    m_head = register_module("rotation_head", torch::nn::Linear(m_encoder->featureDim(), 4));
}

MethodInfo RotationMethod::describe()
{
    MethodInfo m;
    m.name = "rotation";
    m.title = "Rotation prediction";
    m.family = MethodFamily::Pretext;
    m.summary = "predict by how many quarter turns each image was rotated (4-way classification)";
    m.description =
        "Rotation prediction (Gidaris et al. 2018) turns every image by 0, 90, 180 and 270 degrees and trains the "
        "encoder with a 4-way classifier to tell which. To know which way is up the network must recognise what "
        "the object is, so its features become useful for classification. Watch the Rotation tab: the network's "
        "guesses turn green as it learns.";
    m.previews = {PreviewKind::Rotation};
    return m;
}

StepOutput RotationMethod::step(const torch::Tensor &images, Rng &, bool wantPreview)
{
    StepOutput out;
    const auto t0 = std::chrono::steady_clock::now();
    if (images.size(2) != images.size(3))
        throw ConfigError("method rotation needs square images; this dataset's are " + std::to_string(images.size(2)) +
                          "x" + std::to_string(images.size(3)) + " (set augment.output_size)");
    auto x = m_views.normalizeOnly(images);
    const int64_t b = x.size(0);
    // All four rotations of every image, as in the paper: 4B inputs, labels k = 0..3 blockwise.
    auto inputs = torch::cat({x, rotate90(x, 1), rotate90(x, 2), rotate90(x, 3)});
    auto labels = torch::arange(4, torch::TensorOptions().dtype(torch::kLong).device(x.device())).repeat_interleave(b);
    out.augmentSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    auto h = m_encoder->forward(inputs.contiguous(torch::MemoryFormat::ChannelsLast));
    auto logits = m_head(h).to(torch::kFloat);
    out.loss = torch::nn::functional::cross_entropy(logits, labels);
    out.features = h.slice(0, 0, b).detach().to(torch::kFloat); // the upright copies, for the online probe
    if (wantPreview) {
        // Sample i is shown turned by k = i mod 4, with the network's guess for that copy.
        const int64_t n = std::min<int64_t>(b, 64);
        auto k = torch::arange(n, torch::kLong).remainder(4);
        auto rows = (k * b + torch::arange(n, torch::kLong)).to(x.device());
        out.view1 = inputs.index_select(0, rows).detach();
        out.taskPredictions = logits.index_select(0, rows).argmax(1).detach();
        out.taskLabels = k;
    }
    return out;
}

torch::Tensor RotationMethod::evalInput(const torch::Tensor &images) const
{
    return m_views.normalizeOnly(images).contiguous(torch::MemoryFormat::ChannelsLast);
}

void RotationMethod::fillPreview(const StepOutput &out, int n, PreviewSnapshot &s) const
{
    n = static_cast<int>(std::min<int64_t>(n, out.view1.size(0)));
    auto &r = s.get<RotationPreview>();
    r.rotated = toImageGrid(m_views.toDisplayUint8(out.view1.slice(0, 0, n)));
    auto pred = out.taskPredictions.slice(0, 0, n).to(torch::kCPU), applied = out.taskLabels.slice(0, 0, n).to(torch::kCPU);
    r.labels.assign(applied.data_ptr<int64_t>(), applied.data_ptr<int64_t>() + n);
    r.predictions.assign(pred.data_ptr<int64_t>(), pred.data_ptr<int64_t>() + n);
}

} // namespace pretext::engine
