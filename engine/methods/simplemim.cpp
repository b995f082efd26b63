#include "engine/methods/simplemim.h"

#include "engine/augment/geometric.h"
#include "engine/augment/pretext.h"
#include "engine/core/errors.h"
#include "engine/methods/losses.h"
#include "engine/train/runconfig.h"

#include <torch/nn/functional.h>

#include <chrono>

namespace pretext::engine {

SimpleMimMethod::SimpleMimMethod(const RunConfig &config, const MethodContext &context)
    : m_views(config.augment, context.mean, context.stddev), m_patch(config.integer("patch_size")),
      m_maskRatio(config.real("mask_ratio")), m_blockMask(config.text("mask_shape") == "block"),
      m_wantFeatures(context.wantFeatures)
{
    m_encoder = register_module("encoder", makeEncoder(config, context));
    m_spatial = &spatialEncoder(m_encoder, "simplemim", "pixels");
    const int64_t side = config.augment.outputSize > 0 ? config.augment.outputSize : context.imageSize;
    if (side % m_patch != 0 || side % m_spatial->mapStride() != 0)
        throw ConfigError("method simplemim: image size " + std::to_string(side) + " must be a multiple of patch_size (" +
                          std::to_string(m_patch) + ") and of 4; set augment.output_size or patch_size");
    m_maskValue = register_parameter("mask_value", torch::zeros({1, context.inChannels, 1, 1}));
    // SimMIM's prediction head: one linear map per feature-map cell to the stride x stride pixels it covers.
    const int64_t stride = m_spatial->mapStride();
    m_head = register_module("mim_head", torch::nn::Conv2d(torch::nn::Conv2dOptions(
                                             m_spatial->mapChannels(), stride * stride * context.inChannels, 1)));
}

MethodInfo SimpleMimMethod::describe()
{
    MethodInfo m;
    m.name = "simplemim";
    m.title = "SimpleMIM (masked modeling, ConvNet)";
    m.family = MethodFamily::Masked;
    m.summary = "hide patches behind a learned mask value and predict their pixels from a ConvNet's feature map";
    m.description =
        "Masked image modeling on a convolutional network, as SimMIM (Xie et al. 2022) does it: the hidden patches are "
        "replaced by a learned mask value before the encoder, a one-layer head predicts every pixel from the encoder's "
        "feature map, and the loss counts the hidden patches only. This is the reference text's SimpleMIM with its "
        "mistakes fixed: its code never hides anything from the encoder. Watch the Masked patches tab.";
    m.settings = {
        maskRatioSetting(0.5, "SimMIM hides 60 % of larger patches"),
        patchSizeSetting(2, "it must divide the image size (28 for Fashion-MNIST: 2, 4, 7 or 14)"),
        maskShapeSetting("random"),
    };
    m.backbones = {"convnet"};
    m.previews = {PreviewKind::Mask};
    m.recipe = shortRunRecipe(128, 0.001, 3);
    cropsAndFlipsOnly(m.recipe, 0.35);
    return m;
}

torch::Tensor SimpleMimMethod::maskInput(const torch::Tensor &images, const torch::Tensor &mask) const
{
    return fillPatches(images, mask, m_patch, m_maskValue);
}

torch::Tensor SimpleMimMethod::reconstruct(const torch::Tensor &maskedImages)
{
    auto map = m_spatial->featureMap(maskedImages.contiguous(torch::MemoryFormat::ChannelsLast));
    return torch::nn::functional::pixel_shuffle(m_head(map), m_spatial->mapStride());
}

StepOutput SimpleMimMethod::step(const torch::Tensor &images, Rng &rng, bool wantPreview)
{
    StepOutput out;
    const auto t0 = std::chrono::steady_clock::now();
    auto x = m_views.apply(images, rng);
    const int64_t b = x.size(0), gh = x.size(2) / m_patch, gw = x.size(3) / m_patch;
    auto mask = (m_blockMask ? blockPatchMask(b, gh, gw, m_maskRatio, rng) : randomPatchMask(b, gh * gw, m_maskRatio, rng))
                    .to(x.device());
    out.augmentSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    auto pred = patchify(reconstruct(maskInput(x, mask)).to(torch::kFloat), m_patch);
    out.loss = maeLoss(pred, patchify(x.to(torch::kFloat), m_patch), mask, false);
    if (m_wantFeatures) {
        torch::NoGradGuard noGrad;
        out.features = m_encoder->forward(evalInput(images)).to(torch::kFloat);
    }
    if (wantPreview) keepMaskedStep(out, x, pred, mask);
    return out;
}

torch::Tensor SimpleMimMethod::evalInput(const torch::Tensor &images) const
{
    return m_views.normalizeOnly(images).contiguous(torch::MemoryFormat::ChannelsLast);
}

void SimpleMimMethod::fillPreview(const StepOutput &out, int n, PreviewSnapshot &s) const
{
    fillMaskPreview(m_views, out.view1, out.extra.at("pred"), out.extra.at("mask"), m_patch, false, m_maskRatio, n, s);
}

} // namespace pretext::engine
