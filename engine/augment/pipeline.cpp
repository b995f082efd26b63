#include "engine/augment/pipeline.h"

#include "engine/augment/viewkernel.h"
#include "engine/core/errors.h"

#include <ATen/ATen.h>
#include <torch/nn/functional/upsampling.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pretext::engine {

using detail::kLumaB;
using detail::kLumaG;
using detail::kLumaR;

std::vector<float> gaussianKernel1d(int kernelSize, double sigma)
{
    std::vector<double> w(static_cast<size_t>(std::max(kernelSize, 1)));
    const double half = (static_cast<double>(w.size()) - 1.0) / 2.0;
    double sum = 0;
    for (size_t t = 0; t < w.size(); ++t) {
        const double x = (static_cast<double>(t) - half) / sigma;
        w[t] = std::exp(-0.5 * x * x);
        sum += w[t];
    }
    std::vector<float> out(w.size());
    for (size_t t = 0; t < w.size(); ++t)
        out[t] = static_cast<float>(w[t] / sum);
    return out;
}

namespace {

std::string shapeText(const torch::Tensor &t)
{
    std::string s = "[";
    for (int64_t d = 0; d < t.dim(); ++d)
        s += (d ? "," : "") + std::to_string(t.size(d));
    return s + "]";
}

void checkStats(const std::vector<double> &values, const char *what, bool positive)
{
    if (values.size() != 1 && values.size() != 3)
        throw ConfigError(std::string(what) + " has " + std::to_string(values.size()) + " values; expected 1 or 3");
    for (double v : values)
        if (!std::isfinite(v) || (positive && v <= 0))
            throw ConfigError(std::string(what) + " holds " + std::to_string(v)
                + (positive ? "; expected values greater than 0" : "; expected finite values"));
}

// ITU-R BT.601 luma of [B,3,H,W] as [B,1,H,W]; the same expression, in the same order, as the fused kernel.
torch::Tensor luma(const torch::Tensor &x)
{
    return (x.select(1, 0) * kLumaR + x.select(1, 1) * kLumaG + x.select(1, 2) * kLumaB).unsqueeze(1);
}

// One float per sample as a [n,1,1,1] tensor on `device`, for broadcasting per-sample parameters.
torch::Tensor perSample(const std::vector<float> &values, const torch::Device &device)
{
    return torch::tensor(values, torch::kFloat).view({ -1, 1, 1, 1 }).to(device);
}

// Runs fn on the samples listed in idx and writes the result back; the other samples are not touched, so an op
// that is not applied leaves them bitwise unchanged. The whole batch is passed without indexing when it is all.
template <class Fn> void onSubset(torch::Tensor &x, const std::vector<int64_t> &idx, Fn fn)
{
    if (idx.empty()) return;
    if (static_cast<int64_t>(idx.size()) == x.size(0)) {
        x = fn(x, idx);
        return;
    }
    auto index = torch::tensor(idx, torch::kLong).to(x.device());
    x.index_copy_(0, index, fn(x.index_select(0, index), idx).contiguous());
}

// Hue shift by `shift6` sixths of the circle (per sample, [n,1,1]) on [n,3,H,W] in [0, 1]; see the fused kernel
// for why this equals torchvision's RGB -> HSV -> RGB round trip.
torch::Tensor hueShift(const torch::Tensor &x, const torch::Tensor &shift6)
{
    auto r = x.select(1, 0), g = x.select(1, 1), b = x.select(1, 2);
    auto M = at::maximum(r, at::maximum(g, b));
    auto m = at::minimum(r, at::minimum(g, b));
    auto chroma = M - m;
    auto inv = at::reciprocal(at::where(chroma > 0, chroma, at::ones_like(chroma)));
    auto h = at::where(M == r, (g - b) * inv, at::where(M == g, (b - r) * inv + 2.0, (r - g) * inv + 4.0));
    h = h + shift6;
    h = at::where(h < 0, h + 6.0, h);
    h = at::where(h >= 6.0, h - 6.0, h);
    auto channel = [&](double n) {
        auto k = h + n;
        k = at::where(k >= 6.0, k - 6.0, k);
        return M - chroma * at::minimum(k, 4.0 - k).clamp(0, 1);
    };
    return at::stack({ channel(5.0), channel(3.0), channel(1.0) }, 1);
}

// value / 255 for every byte, computed by the same ATen division as the tensor-op path's images.to(float).div(255),
// so the fused kernel reproduces its bits (the "all ops off" pipeline returns exactly input / 255 on both paths).
struct ByteTable {
    at::Tensor table = at::arange(256, at::kFloat).div(255).contiguous();
    bool plainDivision = true; // whether float(v) / 255.0f rounds the same (then the kernel divides, vectorised)

    ByteTable()
    {
        const float *t = table.data_ptr<float>();
        for (int v = 0; v < 256; ++v)
            plainDivision = plainDivision && t[v] == static_cast<float>(v) / 255.0f;
    }
};

const ByteTable &byteTable()
{
    static const ByteTable table;
    return table;
}

} // namespace

ViewPipeline::ViewPipeline(AugmentConfig config, std::vector<double> datasetMean, std::vector<double> datasetStd)
    : m_config(std::move(config))
{
    validate(m_config);
    m_mean = m_config.mean.empty() ? std::move(datasetMean) : m_config.mean;
    m_std = m_config.stddev.empty() ? std::move(datasetStd) : m_config.stddev;
    if (m_config.normalize) {
        if (m_mean.empty() || m_std.empty())
            throw ConfigError("augment.normalize is on but no mean/stddev is known: set augment.mean and "
                              "augment.stddev, or give the dataset's statistics");
        checkStats(m_mean, "the normalisation mean", false);
        checkStats(m_std, "the normalisation standard deviation", true);
    }
}

std::vector<float> ViewPipeline::channelMean(int64_t channels) const
{
    if (!m_config.normalize) return {};
    if (m_mean.size() == 3 && channels != 3)
        throw ConfigError("augment.mean has 3 values but the images have " + std::to_string(channels) + " channel(s)");
    std::vector<float> out;
    for (int64_t c = 0; c < channels; ++c)
        out.push_back(static_cast<float>(m_mean[m_mean.size() == 1 ? 0 : c]));
    return out;
}

std::vector<float> ViewPipeline::channelStd(int64_t channels) const
{
    if (!m_config.normalize) return {};
    if (m_std.size() == 3 && channels != 3)
        throw ConfigError(
            "augment.stddev has 3 values but the images have " + std::to_string(channels) + " channel(s)");
    std::vector<float> out;
    for (int64_t c = 0; c < channels; ++c)
        out.push_back(static_cast<float>(m_std[m_std.size() == 1 ? 0 : c]));
    return out;
}

void ViewPipeline::checkImages(const torch::Tensor &images, bool views) const
{
    if (images.dim() != 4 || images.scalar_type() != torch::kByte || (images.size(1) != 1 && images.size(1) != 3)
        || images.size(2) < 1 || images.size(3) < 1)
        throw ConfigError("augment: expected uint8 images [B,C,H,W] with 1 or 3 channels, got "
            + std::string(c10::toString(images.scalar_type())) + " " + shapeText(images));
    const int64_t side = std::min(outputHeight(images.size(2)), outputWidth(images.size(3)));
    // Reflect padding needs the kernel radius to be smaller than the image.
    if (views && m_config.blur && m_config.blurKernel / 2 >= side)
        throw ConfigError("augment.blur_kernel = " + std::to_string(m_config.blurKernel) + " is too large for "
            + std::to_string(side) + "-pixel views; expected at most " + std::to_string(2 * side - 1));
}

std::vector<AugmentRecord> ViewPipeline::drawRecords(int64_t count, int64_t height, int64_t width, Rng &rng) const
{
    const AugmentConfig &c = m_config;
    std::vector<AugmentRecord> records(static_cast<size_t>(std::max<int64_t>(count, 0)));
    const double area = static_cast<double>(height) * static_cast<double>(width);
    const double logRatioMin = std::log(c.cropRatioMin), logRatioMax = std::log(c.cropRatioMax);
    const auto factorRange
        = [&](double strength) { return std::make_pair(std::max(0.0, 1.0 - strength), 1.0 + strength); };
    const auto [bLo, bHi] = factorRange(c.brightness);
    const auto [cLo, cHi] = factorRange(c.contrast);
    const auto [sLo, sHi] = factorRange(c.saturation);
    for (auto &r : records) {
        // A fixed block of draws per sample, taken whether or not an op is enabled: switching one op off in an
        // ablation then leaves every other op's parameters unchanged for the same seed. Only the crop, drawn
        // last, takes a variable number of draws (torchvision's retry loop).
        const bool flip = rng.uniform() < c.flipProb;
        const bool jitter = rng.uniform() < c.jitterProb;
        const double brightness = rng.uniform(bLo, bHi);
        const double contrast = rng.uniform(cLo, cHi);
        const double saturation = rng.uniform(sLo, sHi);
        const double hue = rng.uniform(-c.hue, c.hue);
        const bool gray = rng.uniform() < c.grayscaleProb;
        const bool blur = rng.uniform() < c.blurProb;
        const double sigma = rng.uniform(c.blurSigmaMin, c.blurSigmaMax);
        const bool solarize = rng.uniform() < c.solarizeProb;
        const bool crop = rng.uniform() < c.cropProb;

        r.flipped = c.flip && flip;
        r.jittered = c.jitter && jitter;
        if (r.jittered) {
            r.brightness = static_cast<float>(brightness);
            r.contrast = static_cast<float>(contrast);
            r.saturation = static_cast<float>(saturation);
            r.hue = static_cast<float>(hue);
        }
        r.grayscale = c.grayscale && gray;
        r.blurSigma = c.blur && blur && c.blurKernel > 1 ? static_cast<float>(sigma) : 0.0f;
        r.solarized = c.solarize && solarize;

        // RandomResizedCrop.get_params (torchvision): up to 10 tries of an area fraction in [scale_min, scale_max]
        // and a log-uniform aspect ratio; sides rounded half to even like Python's round(); then the centre crop of
        // the largest in-range aspect ratio.
        int64_t top = 0, left = 0, h = height, w = width;
        if (c.crop && crop) {
            bool found = false;
            for (int attempt = 0; attempt < 10 && !found; ++attempt) {
                const double target = area * rng.uniform(c.cropScaleMin, c.cropScaleMax);
                const double aspect = std::exp(rng.uniform(logRatioMin, logRatioMax));
                const auto cw = static_cast<int64_t>(std::nearbyint(std::sqrt(target * aspect)));
                const auto ch = static_cast<int64_t>(std::nearbyint(std::sqrt(target / aspect)));
                if (cw > 0 && cw <= width && ch > 0 && ch <= height) {
                    top = rng.integer(0, height - ch);
                    left = rng.integer(0, width - cw);
                    h = ch;
                    w = cw;
                    found = true;
                }
            }
            if (!found) {
                const double inRatio = static_cast<double>(width) / static_cast<double>(height);
                if (inRatio < c.cropRatioMin) {
                    w = width;
                    h = static_cast<int64_t>(std::nearbyint(static_cast<double>(w) / c.cropRatioMin));
                } else if (inRatio > c.cropRatioMax) {
                    h = height;
                    w = static_cast<int64_t>(std::nearbyint(static_cast<double>(h) * c.cropRatioMax));
                } else {
                    w = width;
                    h = height;
                }
                top = (height - h) / 2;
                left = (width - w) / 2;
            }
        }
        r.cropX = static_cast<float>(left);
        r.cropY = static_cast<float>(top);
        r.cropW = static_cast<float>(w);
        r.cropH = static_cast<float>(h);
    }
    return records;
}

torch::Tensor ViewPipeline::apply(const torch::Tensor &images, Rng &rng, std::vector<AugmentRecord> *records) const
{
    checkImages(images, true);
    auto drawn = drawRecords(images.size(0), images.size(2), images.size(3), rng);
    if (images.size(1) == 1) {
        // Saturation, hue and grayscale do nothing to gray images: record them as not applied.
        for (auto &r : drawn) {
            r.saturation = 1;
            r.hue = 0;
            r.grayscale = false;
        }
    }
    auto out = render(images, drawn);
    if (records) *records = std::move(drawn);
    return out;
}

torch::Tensor ViewPipeline::render(const torch::Tensor &images, const std::vector<AugmentRecord> &records) const
{
    checkImages(images, true);
    if (static_cast<int64_t>(records.size()) != images.size(0))
        throw std::invalid_argument("ViewPipeline::render: " + std::to_string(records.size()) + " records for "
            + std::to_string(images.size(0)) + " images");
    if (m_backend == Backend::Auto && images.device().is_cpu()) return renderFusedCpu(images, records);
    return renderTensorOps(images, records);
}

torch::Tensor ViewPipeline::renderFusedCpu(const torch::Tensor &images, const std::vector<AugmentRecord> &records) const
{
    const int64_t B = images.size(0), C = images.size(1), H = images.size(2), W = images.size(3);
    detail::ViewKernelSettings s;
    s.channels = C;
    s.inHeight = H;
    s.inWidth = W;
    s.outHeight = outputHeight(H);
    s.outWidth = outputWidth(W);
    s.brightness = m_config.brightness > 0;
    s.contrast = m_config.contrast > 0;
    s.saturation = m_config.saturation > 0;
    s.hue = m_config.hue > 0;
    s.blurKernel = m_config.blurKernel;
    s.solarizeThreshold = static_cast<float>(m_config.solarizeThreshold);
    s.normalize = m_config.normalize;
    const auto mean = channelMean(C), sd = channelStd(C);
    for (size_t c = 0; c < mean.size(); ++c) {
        s.mean[c] = mean[c];
        s.stddev[c] = sd[c];
    }
    s.byteToUnit = byteTable().table.data_ptr<float>();
    s.divideBytes = byteTable().plainDivision;
    auto src = images.contiguous();
    auto out = at::empty({ B, C, s.outHeight, s.outWidth }, images.options().dtype(at::kFloat));
    if (B > 0) detail::renderViewsCpu(src.data_ptr<uint8_t>(), out.data_ptr<float>(), B, records.data(), s);
    return out;
}

torch::Tensor ViewPipeline::renderTensorOps(
    const torch::Tensor &images, const std::vector<AugmentRecord> &records) const
{
    const int64_t B = images.size(0), C = images.size(1), H = images.size(2), W = images.size(3);
    const int64_t OH = outputHeight(H), OW = outputWidth(W);
    const auto device = images.device();
    auto x = images.to(torch::kFloat).div(255);

    // Crop + flip + resize as one affine sampling. A sample whose box is the whole image at the same size is not
    // resampled (bilinear sampling at exact pixel centres is the identity only up to rounding): copied, or flipped.
    std::vector<int64_t> resampled, flippedOnly;
    for (int64_t b = 0; b < B; ++b) {
        const auto &r = records[b];
        const bool identity = OH == H && OW == W && r.cropX == 0 && r.cropY == 0 && r.cropW == W && r.cropH == H;
        if (!identity)
            resampled.push_back(b);
        else if (r.flipped)
            flippedOnly.push_back(b);
    }
    const auto sample = [&](const torch::Tensor &xs, const std::vector<int64_t> &idx) {
        // affine_grid maps output coordinates in [-1, 1] to input coordinates: x_in = a * x_out + t with
        // a = +-w / W and t = (2 * left + w) / W - 1 (align_corners = false), the sign of a giving the flip.
        std::vector<float> theta;
        for (int64_t b : idx) {
            const auto &r = records[b];
            const double ax = (r.flipped ? -1.0 : 1.0) * r.cropW / W, tx = (2.0 * r.cropX + r.cropW) / W - 1.0;
            const double ay = static_cast<double>(r.cropH) / H, ty = (2.0 * r.cropY + r.cropH) / H - 1.0;
            theta.insert(theta.end(),
                { static_cast<float>(ax), 0.0f, static_cast<float>(tx), 0.0f, static_cast<float>(ay),
                    static_cast<float>(ty) });
        }
        const auto n = static_cast<int64_t>(idx.size());
        auto thetaT = torch::tensor(theta, torch::kFloat).view({ n, 2, 3 }).to(device);
        auto grid = at::affine_grid_generator(thetaT, { n, C, OH, OW }, false);
        // Border padding: a crop touching the image edge must not blend in black (PIL's resize does not either).
        return at::grid_sampler(xs, grid, /*bilinear*/ 0, /*border*/ 1, false);
    };
    torch::Tensor out;
    if (static_cast<int64_t>(resampled.size()) == B) {
        out = B > 0 ? sample(x, resampled) : at::empty({ 0, C, OH, OW }, x.options());
    } else {
        out = x.clone();
        onSubset(
            out, flippedOnly, [](const torch::Tensor &xs, const std::vector<int64_t> &) { return xs.flip({ 3 }); });
        onSubset(out, resampled, [&](const torch::Tensor &, const std::vector<int64_t> &idx) {
            auto index = torch::tensor(idx, torch::kLong).to(device);
            return sample(x.index_select(0, index), idx);
        });
    }

    // Colour jitter: brightness, contrast, saturation, hue (see the fused kernel for the order and formulas).
    std::vector<int64_t> jittered, grayed, blurred;
    bool anySolarized = false;
    for (int64_t b = 0; b < B; ++b) {
        if (records[b].jittered) jittered.push_back(b);
        if (records[b].grayscale && C == 3) grayed.push_back(b);
        if (records[b].blurSigma > 0 && m_config.blurKernel > 1) blurred.push_back(b);
        anySolarized = anySolarized || records[b].solarized;
    }
    const auto factors = [&](const std::vector<int64_t> &idx, float AugmentRecord::*field, bool complement) {
        std::vector<float> v;
        for (int64_t b : idx)
            v.push_back(complement ? 1.0f - records[b].*field : records[b].*field);
        return perSample(v, device);
    };
    onSubset(out, jittered, [&](torch::Tensor xs, const std::vector<int64_t> &idx) {
        if (m_config.brightness > 0) xs = (xs * factors(idx, &AugmentRecord::brightness, false)).clamp_(0, 1);
        if (m_config.contrast > 0) {
            auto mean = (C == 3 ? luma(xs) : xs).mean({ 1, 2, 3 }, true);
            auto offset = mean * factors(idx, &AugmentRecord::contrast, true);
            xs = (xs * factors(idx, &AugmentRecord::contrast, false) + offset).clamp_(0, 1);
        }
        if (C == 3 && m_config.saturation > 0) {
            auto gray = luma(xs) * factors(idx, &AugmentRecord::saturation, true);
            xs = (xs * factors(idx, &AugmentRecord::saturation, false) + gray).clamp_(0, 1);
        }
        if (C == 3 && m_config.hue > 0) {
            std::vector<float> shift;
            for (int64_t b : idx)
                shift.push_back(records[b].hue * 6.0f);
            xs = hueShift(xs, perSample(shift, device).view({ -1, 1, 1 }));
        }
        return xs;
    });
    onSubset(out, grayed, [&](const torch::Tensor &xs, const std::vector<int64_t> &) {
        return luma(xs).expand({ xs.size(0), 3, OH, OW }).contiguous();
    });

    // Gaussian blur with a per-sample sigma: a depthwise (grouped) separable convolution, one group per
    // (sample, channel), over a reflect-padded batch folded into the channel dimension.
    onSubset(out, blurred, [&](const torch::Tensor &xs, const std::vector<int64_t> &idx) {
        const int64_t n = xs.size(0), k = m_config.blurKernel, p = k / 2;
        std::vector<float> weights;
        for (int64_t b : idx) {
            const auto w = gaussianKernel1d(static_cast<int>(k), records[b].blurSigma);
            for (int64_t c = 0; c < C; ++c)
                weights.insert(weights.end(), w.begin(), w.end());
        }
        auto wT = torch::tensor(weights, torch::kFloat).to(device);
        auto padded = at::reflection_pad2d(xs.reshape({ 1, n * C, OH, OW }), { p, p, p, p });
        const std::vector<int64_t> one = { 1, 1 }, zero = { 0, 0 };
        auto vertical = at::conv2d(padded, wT.view({ n * C, 1, k, 1 }), at::Tensor(), one, zero, one, n * C);
        auto both = at::conv2d(vertical, wT.view({ n * C, 1, 1, k }), at::Tensor(), one, zero, one, n * C);
        return both.view({ n, C, OH, OW });
    });

    if (anySolarized) {
        // Per-sample threshold; 2 (above every value) for the samples not solarized keeps them unchanged.
        std::vector<float> thresholds;
        for (const auto &r : records)
            thresholds.push_back(r.solarized ? static_cast<float>(m_config.solarizeThreshold) : 2.0f);
        auto t = perSample(thresholds, device);
        out = at::where(out >= t, 1.0 - out, out);
    }
    if (m_config.normalize) {
        auto mean = torch::tensor(channelMean(C), torch::kFloat).view({ 1, C, 1, 1 }).to(device);
        auto sd = torch::tensor(channelStd(C), torch::kFloat).view({ 1, C, 1, 1 }).to(device);
        out = (out - mean) / sd;
    }
    return out;
}

torch::Tensor ViewPipeline::toDisplayUint8(const torch::Tensor &normalised) const
{
    auto x = normalised.to(torch::kFloat);
    if (m_config.normalize && x.dim() == 4) {
        const int64_t C = x.size(1);
        auto mean = torch::tensor(channelMean(C), torch::kFloat).view({ 1, C, 1, 1 }).to(x.device());
        auto sd = torch::tensor(channelStd(C), torch::kFloat).view({ 1, C, 1, 1 }).to(x.device());
        x = x * sd + mean;
    }
    return (x.clamp(0, 1) * 255.0).round().to(torch::kByte);
}

torch::Tensor ViewPipeline::normalizeOnly(const torch::Tensor &uint8Images) const
{
    checkImages(uint8Images, false);
    const int64_t C = uint8Images.size(1), H = uint8Images.size(2), W = uint8Images.size(3);
    auto x = uint8Images.to(torch::kFloat).div(255);
    const int64_t OH = outputHeight(H), OW = outputWidth(W);
    if (OH != H || OW != W) {
        if (OH <= H && OW <= W) {
            // Area averaging when shrinking: bilinear sampling would alias (it skips source pixels).
            x = at::adaptive_avg_pool2d(x, { OH, OW });
        } else {
            namespace F = torch::nn::functional;
            x = F::interpolate(x,
                F::InterpolateFuncOptions()
                    .size(std::vector<int64_t> { OH, OW })
                    .mode(torch::kBilinear)
                    .align_corners(false));
        }
    }
    if (m_config.normalize) {
        auto mean = torch::tensor(channelMean(C), torch::kFloat).view({ 1, C, 1, 1 }).to(x.device());
        auto sd = torch::tensor(channelStd(C), torch::kFloat).view({ 1, C, 1, 1 }).to(x.device());
        x = (x - mean) / sd;
    }
    return x;
}

} // namespace pretext::engine
