#include "engine/methods/mae.h"

#include "engine/augment/geometric.h"
#include "engine/augment/pretext.h"
#include "engine/core/errors.h"
#include "engine/methods/losses.h"
#include "engine/train/runconfig.h"

#include <torch/nn/init.h>

#include <chrono>
#include <cmath>

namespace pretext::engine {

namespace {

// Fixed 2-D sine-cosine positional embedding of a grid x grid patch grid, [1, grid*grid, dim] (MAE's decoder):
// half the channels encode the row, half the column, each as sin/cos at geometric frequencies.
torch::Tensor sincosPositions(int64_t grid, int64_t dim)
{
    const int64_t quarter = dim / 4;
    auto omega = torch::arange(quarter, torch::kFloat) / static_cast<double>(std::max<int64_t>(quarter, 1));
    omega = 1.0 / torch::pow(10000.0, omega);
    auto pos = torch::arange(grid, torch::kFloat);
    auto rows = pos.repeat_interleave(grid), cols = pos.repeat({grid});
    auto encode = [&](const torch::Tensor &p) {
        auto angles = p.unsqueeze(1) * omega.unsqueeze(0);
        return torch::cat({angles.sin(), angles.cos()}, 1);
    };
    auto out = torch::zeros({grid * grid, dim});
    out.slice(1, 0, 4 * quarter).copy_(torch::cat({encode(rows), encode(cols)}, 1));
    return out.unsqueeze(0);
}

} // namespace

MaeMethod::MaeMethod(const RunConfig &config, const MethodContext &context)
    : m_views(config.augment, context.mean, context.stddev), m_patch(config.integer("patch_size")),
      m_channels(context.inChannels), m_maskRatio(config.real("mask_ratio")), m_normPix(config.flag("norm_pix_loss")),
      m_wantFeatures(context.wantFeatures)
{
    BackboneOptions o = encoderOptions(config, context);
    if (o.kind != "vit-tiny")
        throw ConfigError("method mae needs backbone = \"vit-tiny\" (its encoder skips the hidden patches); got \"" +
                          o.kind + "\"");
    o.vitPatch = m_patch;
    o.vitMeanPool = true;
    m_encoder = register_module("encoder", makeBackbone(o));
    m_tokens = dynamic_cast<TokenBackbone *>(m_encoder.get());
    const int64_t dim = config.integer("decoder_dim"), grid = o.imageSize / m_patch;
    m_decoderEmbed = register_module("decoder_embed", torch::nn::Linear(m_encoder->featureDim(), dim));
    m_maskToken = register_parameter("mask_token", torch::zeros({1, 1, dim}));
    torch::nn::init::normal_(m_maskToken, 0.0, 0.02);
    m_decoderPos = register_buffer("decoder_pos_embed", sincosPositions(grid, dim));
    m_decoderBlocks = register_module("decoder_blocks", makeTransformerBlocks(config.integer("decoder_depth"), dim, 4));
    m_decoderNorm = register_module("decoder_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-6)));
    m_decoderPred = register_module("decoder_pred", torch::nn::Linear(dim, m_patch * m_patch * m_channels));
}

MethodInfo MaeMethod::describe()
{
    MethodInfo m;
    m.name = "mae";
    m.title = "MAE (masked autoencoder)";
    m.family = MethodFamily::Masked;
    m.summary = "hide most patches of each image and reconstruct their pixels from the visible ones (ViT)";
    m.description =
        "Masked autoencoders (He et al. 2022) cut each image into patches and hide a random 75 % of them. The ViT "
        "encoder sees only the visible patches; a small decoder gets their encodings plus a shared mask token at "
        "every hidden position and predicts the hidden pixels. The loss counts the hidden patches only. To fill a "
        "hole the encoder must know what objects look like. Watch the Masked patches tab: the reconstructions "
        "sharpen as it learns. Probes read the mean of the encoder's patch tokens of the whole image.";
    m.settings = {
        maskRatioSetting(0.75, "MAE hides 75 %"),
        patchSizeSetting(2, "it must divide the image size (28 for Fashion-MNIST: 2, 4, 7 or 14)"),
        Setting::boolean("norm_pix_loss", "Normalised pixel targets", true)
            .withHelp("Predict each hidden patch's pixels after subtracting the patch's mean and dividing by its standard "
                      "deviation (MAE's better-representation variant). The panel shows the prediction rescaled with the "
                      "true patch's mean and deviation."),
        Setting::integer("decoder_depth", "Decoder depth", 2, 1, 16)
            .withHelp("Transformer blocks of the decoder (MAE: 8 at width 512 for ImageNet; light for small images).")
            .withMetavar("N")
            .asAdvanced(),
        Setting::integer("decoder_dim", "Decoder width", 128, 16, 1024)
            .withHelp("Width of the decoder's tokens; a multiple of 4 (its 4 attention heads).")
            .withMetavar("N")
            .asAdvanced(),
    };
    m.backbones = {"vit-tiny"};
    m.previews = {PreviewKind::Mask};
    // ViT-Tiny is heavy for two CPU cores (about 120 images/s for MAE's masked step, a third of that for a full,
    // unmasked pass): the default run is 150 steps of 128 images, a third of Fashion-MNIST in about three minutes,
    // and the probes train on 10,000 images' features. Raise steps_per_epoch and epochs for better features.
    m.recipe = shortRunRecipe(128, 0.0005, 1);
    m.recipe["steps_per_epoch"] = 150;
    m.recipe["warmup_steps"] = 30;
    m.recipe["eval_train_limit"] = 10000;
    m.recipe["backbone"] = "vit-tiny";
    m.recipe["weight_decay"] = 0.0;
    cropsAndFlipsOnly(m.recipe, 0.35); // MAE's augmentation
    m.check = [](const RunConfig &c) {
        std::vector<std::pair<std::string, std::string>> problems;
        if (c.integer("decoder_dim") % 4 != 0)
            problems.emplace_back("decoder_dim", "decoder_dim = " + std::to_string(c.integer("decoder_dim")) +
                                                     " is not accepted; expected a multiple of 4 (4 attention heads)");
        return problems;
    };
    return m;
}

torch::Tensor MaeMethod::encodeVisible(const torch::Tensor &images, const torch::Tensor &mask)
{
    const int64_t b = mask.size(0), n = mask.size(1);
    const int64_t visible = n - static_cast<int64_t>(std::llround(mask[0].sum().item<double>()));
    // Visible patches first, each row in patch order (a stable sort of the 0/1 mask).
    auto order = std::get<1>(torch::sort(mask, /*stable=*/true, /*dim=*/1, /*descending=*/false));
    auto keep = order.slice(1, 0, visible);
    auto tokens = m_tokens->embedPatches(images);
    auto kept = tokens.gather(1, keep.unsqueeze(-1).expand({b, visible, tokens.size(2)}));
    return m_tokens->encodeTokens(kept);
}

torch::Tensor MaeMethod::decode(const torch::Tensor &latent, const torch::Tensor &mask)
{
    const int64_t b = mask.size(0), n = mask.size(1);
    // The residual stream stays fp32 under bf16 autocast, as in the encoder (LayerNorm wants its weights' type).
    auto x = m_decoderEmbed(latent).to(torch::kFloat);
    const int64_t visible = x.size(1) - 1, dim = x.size(2);
    auto order = std::get<1>(torch::sort(mask, /*stable=*/true, /*dim=*/1, /*descending=*/false));
    auto keep = order.slice(1, 0, visible).unsqueeze(-1).expand({b, visible, dim});
    // Every position starts as the mask token; the visible ones get their encodings back in place.
    auto full = m_maskToken.expand({b, n, dim}).scatter(1, keep, x.slice(1, 1)) + m_decoderPos;
    auto y = m_decoderNorm(m_decoderBlocks->forward(torch::cat({x.slice(1, 0, 1), full}, 1)));
    return m_decoderPred(y.slice(1, 1));
}

StepOutput MaeMethod::step(const torch::Tensor &images, Rng &rng, bool wantPreview)
{
    StepOutput out;
    const auto t0 = std::chrono::steady_clock::now();
    auto x = m_views.apply(images, rng);
    const int64_t b = x.size(0), n = m_tokens->numPatches();
    auto mask = randomPatchMask(b, n, m_maskRatio, rng).to(x.device());
    out.augmentSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    auto pred = decode(encodeVisible(x, mask), mask).to(torch::kFloat);
    auto target = patchify(x.to(torch::kFloat), m_patch);
    out.loss = maeLoss(pred, target, mask, m_normPix);
    if (m_wantFeatures) {
        // The online probe reads the whole, unmasked image, as evaluation does. A full ViT pass costs about four
        // times the masked one, so it reads the first 64 images of the batch only.
        torch::NoGradGuard noGrad;
        const int64_t k = std::min<int64_t>(b, 64);
        out.features = m_encoder->forward(evalInput(images.slice(0, 0, k))).to(torch::kFloat);
    }
    if (wantPreview) keepMaskedStep(out, x, pred, mask);
    return out;
}

torch::Tensor MaeMethod::evalInput(const torch::Tensor &images) const
{
    return m_views.normalizeOnly(images);
}

void MaeMethod::fillPreview(const StepOutput &out, int n, PreviewSnapshot &s) const
{
    fillMaskPreview(m_views, out.view1, out.extra.at("pred"), out.extra.at("mask"), m_patch, m_normPix, m_maskRatio, n, s);
}

} // namespace pretext::engine
