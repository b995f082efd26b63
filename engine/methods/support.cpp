// Helpers shared by the methods: the encoder, preview conversion, collapse figures, EMA targets.
#include "engine/methods/method.h"

#include "engine/augment/geometric.h"
#include "engine/augment/pipeline.h"
#include "engine/augment/pretext.h"
#include "engine/core/errors.h"
#include "engine/methods/losses.h"
#include "engine/train/runconfig.h"

#include <torch/nn/functional.h>

#include <chrono>
#include <cmath>

namespace pretext::engine {

std::vector<torch::Tensor> Method::trainableParameters()
{
    std::vector<torch::Tensor> out;
    for (auto &p : parameters())
        if (p.requires_grad()) out.push_back(p);
    return out;
}

BackboneOptions encoderOptions(const RunConfig &config, const MethodContext &context, int64_t imageSize)
{
    BackboneOptions o;
    o.kind = config.backbone;
    o.inChannels = context.inChannels;
    o.imageSize = imageSize > 0 ? imageSize : (config.augment.outputSize > 0 ? config.augment.outputSize : context.imageSize);
    return o;
}

Backbone makeEncoder(const RunConfig &config, const MethodContext &context, int64_t imageSize)
{
    return makeBackbone(encoderOptions(config, context, imageSize));
}

void fillMaskPreview(const ViewPipeline &views, const torch::Tensor &images, const torch::Tensor &pred,
                     const torch::Tensor &mask, int64_t patch, bool normPix, double maskRatio, int n, PreviewSnapshot &s)
{
    torch::NoGradGuard noGrad;
    n = static_cast<int>(std::min<int64_t>(n, images.size(0)));
    auto x = images.slice(0, 0, n).to(torch::kCPU, torch::kFloat);
    auto m = mask.slice(0, 0, n).to(torch::kCPU, torch::kFloat);
    auto p = pred.slice(0, 0, n).to(torch::kCPU, torch::kFloat);
    const int64_t c = x.size(1), h = x.size(2), w = x.size(3);
    auto target = patchify(x, patch);
    if (normPix) {
        // Back from per-patch normalised pixels, with the true patch's statistics (as MAE's figures do).
        auto mean = target.mean(-1, true), var = target.var(-1, /*unbiased=*/true, /*keepdim=*/true);
        p = p * (var + 1e-6).sqrt() + mean;
    }
    auto hidden = m.unsqueeze(-1);
    auto pasted = unpatchify(p * hidden + target * (1 - hidden), patch, c, h, w);
    auto &out = s.get<MaskPreview>();
    auto original = views.toDisplayUint8(x);
    out.original = toImageGrid(original);
    out.masked = toImageGrid(applyPatchMask(original, m, patch, 128));
    out.reconstruction = toImageGrid(views.toDisplayUint8(pasted));
    out.patch = static_cast<int>(patch);
    auto bytes = m.to(torch::kUInt8).contiguous();
    out.patchMask.assign(bytes.data_ptr<uint8_t>(), bytes.data_ptr<uint8_t>() + bytes.numel());
    out.maskRatio = maskRatio;
}

std::pair<torch::Tensor, torch::Tensor> makeTwoViews(const ViewPipeline &views, const torch::Tensor &images, Rng &rng,
                                                     bool wantPreview, StepOutput &out)
{
    const auto t0 = std::chrono::steady_clock::now();
    auto v1 = views.apply(images, rng, wantPreview ? &out.records1 : nullptr);
    auto v2 = views.apply(images, rng, wantPreview ? &out.records2 : nullptr);
    out.augmentSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return {v1, v2};
}

void fillPairsPreview(const ViewPipeline &views, const StepOutput &out, int n, double temperature, PreviewSnapshot &s)
{
    n = static_cast<int>(std::min<int64_t>(n, out.view1.size(0)));
    auto &p = s.get<PairsPreview>();
    p.view1 = toImageGrid(views.toDisplayUint8(out.view1.slice(0, 0, n)));
    p.view2 = toImageGrid(views.toDisplayUint8(out.view2.slice(0, 0, n)));
    p.records1.assign(out.records1.begin(), out.records1.begin() + std::min<size_t>(n, out.records1.size()));
    p.records2.assign(out.records2.begin(), out.records2.begin() + std::min<size_t>(n, out.records2.size()));
    p.similarity = toMatrix(pairSimilarity(out.z1.slice(0, 0, n), out.z2.slice(0, 0, n)));
    p.temperature = temperature;
}

double normalisedEmbeddingStd(const torch::Tensor &z)
{
    torch::NoGradGuard noGrad;
    auto zn = torch::nn::functional::normalize(z.detach().to(torch::kFloat),
                                               torch::nn::functional::NormalizeFuncOptions().dim(1));
    return zn.std(0).mean().item<double>();
}

CollapsePreview collapseStats(const torch::Tensor &z)
{
    torch::NoGradGuard noGrad;
    CollapsePreview c;
    auto zn = torch::nn::functional::normalize(z.detach().to(torch::kCPU, torch::kFloat),
                                               torch::nn::functional::NormalizeFuncOptions().dim(1));
    c.dim = static_cast<int>(zn.size(1));
    auto perDim = zn.std(0);
    c.embeddingStd = perDim.mean().item<double>();
    c.uniformStd = 1.0 / std::sqrt(static_cast<double>(c.dim));
    c.perDimStd.assign(perDim.data_ptr<float>(), perDim.data_ptr<float>() + perDim.numel());
    auto centred = zn - zn.mean(0, true);
    auto sv = at::linalg_svdvals(centred);
    const double total = sv.sum().item<double>();
    if (total > 1e-12) {
        auto p = sv / total;
        auto entropy = -(p * (p + 1e-12).log()).sum().item<double>();
        c.effectiveRank = std::exp(entropy);
    } else {
        c.effectiveRank = 1.0;
    }
    return c;
}

void emaUpdate(torch::nn::Module &target, const torch::nn::Module &online, double m)
{
    torch::NoGradGuard noGrad;
    auto tp = target.parameters(), op = online.parameters();
    for (size_t i = 0; i < tp.size(); ++i) tp[i].mul_(m).add_(op[i].detach(), 1.0 - m);
    auto tb = target.buffers(), ob = online.buffers();
    for (size_t i = 0; i < tb.size(); ++i) {
        if (tb[i].is_floating_point()) tb[i].mul_(m).add_(ob[i].detach(), 1.0 - m);
        else tb[i].copy_(ob[i]);
    }
}

void copyIntoTarget(torch::nn::Module &target, const torch::nn::Module &online)
{
    torch::NoGradGuard noGrad;
    auto tp = target.parameters(), op = online.parameters();
    TORCH_CHECK(tp.size() == op.size(), "copyIntoTarget: the target has another architecture");
    for (size_t i = 0; i < tp.size(); ++i) {
        tp[i].copy_(op[i]);
        tp[i].set_requires_grad(false);
    }
    auto tb = target.buffers(), ob = online.buffers();
    for (size_t i = 0; i < tb.size(); ++i) tb[i].copy_(ob[i]);
}

SpatialBackbone &spatialEncoder(const Backbone &encoder, const std::string &method, const std::string &predicts)
{
    auto *spatial = dynamic_cast<SpatialBackbone *>(encoder.get());
    if (!spatial)
        throw ConfigError("method " + method + " needs backbone = \"convnet\" (a feature map to predict " + predicts +
                          " from); got \"" + encoder->kind() + "\"");
    return *spatial;
}

void keepMaskedStep(StepOutput &out, const torch::Tensor &views, const torch::Tensor &pred, const torch::Tensor &mask)
{
    const int64_t k = std::min<int64_t>(views.size(0), 64);
    out.view1 = views.slice(0, 0, k).detach();
    out.extra["pred"] = pred.slice(0, 0, k).detach();
    out.extra["mask"] = mask.slice(0, 0, k);
}

void cropsAndFlipsOnly(json::Value &recipe, double cropScaleMin)
{
    recipe["augment.jitter"] = false;
    recipe["augment.grayscale"] = false;
    recipe["augment.blur"] = false;
    recipe["augment.crop_scale_min"] = cropScaleMin;
}

torch::Tensor fillPatches(const torch::Tensor &images, const torch::Tensor &mask, int64_t patch, const torch::Tensor &value)
{
    const int64_t h = images.size(2) / patch, w = images.size(3) / patch;
    auto pixels = mask.view({mask.size(0), 1, h, w})
                      .repeat_interleave(patch, 2)
                      .repeat_interleave(patch, 3)
                      .to(images.scalar_type());
    return images * (1 - pixels) + value.to(images.scalar_type()) * pixels;
}

json::Value shortRunRecipe(int64_t batch, double lr, int64_t epochs)
{
    json::Value r = json::Value::object();
    if (batch > 0) r["batch_size"] = batch;
    r["lr"] = lr;
    r["schedule"] = "cosine";
    r["warmup_steps"] = 100;
    r["epochs"] = epochs;
    return r;
}

double cosineMomentum(double base, int64_t step, int64_t totalSteps)
{
    const double k = static_cast<double>(step), K = static_cast<double>(std::max<int64_t>(1, totalSteps));
    return 1.0 - (1.0 - base) * (std::cos(M_PI * std::min(k, K) / K) + 1.0) / 2.0;
}

ImageGrid toImageGrid(const torch::Tensor &uint8Images)
{
    auto x = uint8Images.detach().to(torch::kCPU, torch::kByte).permute({0, 2, 3, 1}).contiguous();
    ImageGrid g;
    g.count = static_cast<int>(x.size(0));
    g.height = static_cast<int>(x.size(1));
    g.width = static_cast<int>(x.size(2));
    g.channels = static_cast<int>(x.size(3));
    g.pixels.assign(x.data_ptr<uint8_t>(), x.data_ptr<uint8_t>() + x.numel());
    return g;
}

ImageGrid toImageGrid(const torch::Tensor &images, const std::vector<double> &mean, const std::vector<double> &stddev)
{
    auto x = images.detach().to(torch::kCPU, torch::kFloat);
    const int64_t c = x.size(1);
    auto m = torch::tensor(mean.size() == static_cast<size_t>(c) ? mean : std::vector<double>(c, mean.empty() ? 0.0 : mean[0]),
                           torch::kFloat).view({1, c, 1, 1});
    auto s = torch::tensor(stddev.size() == static_cast<size_t>(c) ? stddev : std::vector<double>(c, stddev.empty() ? 1.0 : stddev[0]),
                           torch::kFloat).view({1, c, 1, 1});
    return toImageGrid((x * s + m).mul(255).round().clamp(0, 255).to(torch::kByte));
}

Matrix toMatrix(const torch::Tensor &m)
{
    auto x = m.detach().to(torch::kCPU, torch::kFloat).contiguous();
    Matrix out;
    out.rows = static_cast<int>(x.size(0));
    out.cols = static_cast<int>(x.dim() > 1 ? x.size(1) : 1);
    out.values.assign(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
    return out;
}

} // namespace pretext::engine
