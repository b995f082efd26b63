#include "engine/methods/colorization.h"

#include "engine/augment/pretext.h"
#include "engine/core/errors.h"
#include "engine/train/runconfig.h"

#include <torch/nn/functional.h>

#include <chrono>

namespace pretext::engine {

ColorizationMethod::ColorizationMethod(const RunConfig &config, const MethodContext &context)
    : m_views(config.augment, context.mean, context.stddev), m_wantFeatures(context.wantFeatures)
{
    if (const std::string problem = colourProblem(describe(), config.dataset, context.inChannels); !problem.empty())
        throw ConfigError(problem);
    m_mean = m_views.channelMean(3);
    m_std = m_views.channelStd(3);
    if (!m_mean.empty()) {
        // Y is linear in R, G, B, so its mean is exact; its std is bounded by the weighted channel stds (equal when
        // the channels move together, as they nearly do in photos). Training and probes normalise the same way.
        m_lumaMean = 0.299 * m_mean[0] + 0.587 * m_mean[1] + 0.114 * m_mean[2];
        m_lumaStd = 0.299 * m_std[0] + 0.587 * m_std[1] + 0.114 * m_std[2];
    }
    MethodContext gray = context;
    gray.inChannels = 1;
    gray.mean = {m_lumaMean};
    gray.stddev = {m_lumaStd};
    m_encoder = register_module("encoder", makeEncoder(config, gray));
    m_spatial = &spatialEncoder(m_encoder, "colorization", "colours");
    const int64_t side = config.augment.outputSize > 0 ? config.augment.outputSize : context.imageSize;
    if (side % m_spatial->mapStride() != 0)
        throw ConfigError("method colorization: image size " + std::to_string(side) + " must be a multiple of " +
                          std::to_string(m_spatial->mapStride()) + "; set augment.output_size");
    // One linear map per feature-map cell to the 2 chroma values of each of the stride x stride pixels it covers
    // (SimMIM's pixel head). Chroma varies slowly across an image (JPEG keeps it at half resolution), so a coarse
    // map with a per-pixel linear read-out is enough.
    const int64_t stride = m_spatial->mapStride();
    m_head = register_module("colour_head", torch::nn::Conv2d(torch::nn::Conv2dOptions(
                                                m_spatial->mapChannels(), stride * stride * 2, 1)));
    // Zero chroma to start with: the untrained network paints gray, and the first loss is what guessing gray scores,
    // so any fall of the loss is colour learned.
    torch::NoGradGuard noGrad;
    m_head->weight.zero_();
    m_head->bias.zero_();
}

MethodInfo ColorizationMethod::describe()
{
    MethodInfo m;
    m.name = "colorization";
    m.title = "Colorization";
    m.family = MethodFamily::Pretext;
    m.summary = "see a gray picture and paint its colours back (colour datasets only)";
    m.description =
        "Colorization (Zhang et al. 2016): the network sees only the brightness of a picture and predicts its colours. "
        "To paint a banana yellow and the sky blue it has to recognise what is in the picture. Brightness and colour "
        "are split as in JPEG (YCbCr): the brightness Y goes in, the two colour channels come out, and the picture is "
        "rebuilt from the true brightness, so the loss measures colour only. Needs colour images (shapes, CIFAR, "
        "STL-10, a folder of photos): a gray dataset has no colour to predict. Watch the Colorization tab: early "
        "guesses are washed out, because averaging the possible colours (what a squared-error loss rewards) gives "
        "gray; Zhang et al. classify colours into bins for that reason.";
    m.backbones = {"convnet"};
    m.previews = {PreviewKind::Colorization};
    m.needsColour = true;
    m.recipe = shortRunRecipe(64, 0.002, 3); // shapes: about a minute on two cores; CIFAR-10: a few
    // Crops and flips keep the colours; jitter, grayscale and blur would change the very colours to be predicted.
    cropsAndFlipsOnly(m.recipe, 0.35);
    return m;
}

torch::Tensor ColorizationMethod::unitRgb(const torch::Tensor &views) const
{
    if (m_mean.empty()) return views;
    const auto opts = views.options();
    const auto mean = torch::tensor(m_mean, opts).view({1, 3, 1, 1}), std = torch::tensor(m_std, opts).view({1, 3, 1, 1});
    return (views * std + mean).clamp(0, 1);
}

torch::Tensor ColorizationMethod::encoderInput(const torch::Tensor &luma) const
{
    return ((luma - m_lumaMean) / m_lumaStd).contiguous(torch::MemoryFormat::ChannelsLast);
}

torch::Tensor ColorizationMethod::predictChroma(const torch::Tensor &luma)
{
    auto map = m_spatial->featureMap(encoderInput(luma));
    return torch::nn::functional::pixel_shuffle(m_head(map), m_spatial->mapStride());
}

StepOutput ColorizationMethod::step(const torch::Tensor &images, Rng &rng, bool wantPreview)
{
    StepOutput out;
    const auto t0 = std::chrono::steady_clock::now();
    auto x = m_views.apply(images, rng); // crops and flips (the recipe turns the colour changes off)
    const ColorizationBatch batch = colorizationBatch(unitRgb(x.to(torch::kFloat)));
    out.augmentSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    auto pred = predictChroma(batch.input).to(torch::kFloat);
    out.loss = torch::mse_loss(pred, batch.chroma);
    if (m_wantFeatures) {
        torch::NoGradGuard noGrad;
        out.features = m_encoder->forward(evalInput(images)).to(torch::kFloat);
    }
    if (wantPreview) {
        const int64_t k = std::min<int64_t>(x.size(0), 64);
        out.view1 = x.slice(0, 0, k).detach();
        out.extra["chroma"] = pred.slice(0, 0, k).detach();
    }
    return out;
}

torch::Tensor ColorizationMethod::evalInput(const torch::Tensor &images) const
{
    return encoderInput(colorizationBatch(unitRgb(m_views.normalizeOnly(images))).input);
}

void ColorizationMethod::fillPreview(const StepOutput &out, int n, PreviewSnapshot &s) const
{
    torch::NoGradGuard noGrad;
    n = static_cast<int>(std::min<int64_t>(n, out.view1.size(0)));
    const auto views = out.view1.slice(0, 0, n).to(torch::kCPU, torch::kFloat);
    const ColorizationBatch batch = colorizationBatch(unitRgb(views));
    const auto chroma = out.extra.at("chroma").slice(0, 0, n).to(torch::kCPU, torch::kFloat);
    const auto toBytes = [](const torch::Tensor &unit) {
        return unit.clamp(0, 1).mul(255).round().to(torch::kUInt8);
    };
    auto &p = s.get<ColorizationPreview>();
    p.gray = toImageGrid(toBytes(batch.input));
    p.prediction = toImageGrid(toBytes(yCbCrToRgb(batch.input, chroma)));
    p.truth = toImageGrid(m_views.toDisplayUint8(views));
}

} // namespace pretext::engine
