// The fused CPU renderer of ViewPipeline. Why it exists: on a CPU the tensor-op path makes ~40 passes over the
// batch (affine_grid, grid_sample, each colour op, padding, two convolutions, normalisation), each one streaming
// the whole batch through memory, and cannot reach the product's target of 20x the reference text's torchvision
// pipeline. Here each image is rendered start to finish while it sits in the cache (3 x 32 x 32 floats = 12 KiB).
// The formulas mirror ViewPipeline::renderTensorOps line by line; keep the two in step.
#include "engine/augment/viewkernel.h"

#include "engine/augment/pipeline.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <thread>

// The per-pixel loops are written to be vectorised (no calls, selects instead of branches). GCC vectorises them
// only at -O3 (at -O2 its "very cheap" cost model refuses loops that need a scalar epilogue) and, for the selects,
// without -ftrapping-math (which only concerns floating-point exception flags, never values); ask for that here
// rather than in the build files. Other compilers vectorise at their default level.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3", "no-trapping-math")
#endif

namespace pretext::engine::detail {

double sourceCoordinate(int64_t i, int64_t outSize, int64_t inSize, double start, double length, bool flip)
{
    // align_corners = false: output pixel centre (i + 0.5) / outSize maps to the same fraction of the crop.
    const double scale = length / static_cast<double>(outSize);
    const double centre = (static_cast<double>(i) + 0.5) * scale;
    const double x = flip ? start + length - centre - 0.5 : start + centre - 0.5;
    return std::clamp(x, 0.0, static_cast<double>(inSize - 1));
}

namespace {

// By value, unlike std::max / std::min (whose references keep GCC from vectorising the hue loop).
inline float maxf(float a, float b)
{
    return a > b ? a : b;
}
inline float minf(float a, float b)
{
    return a < b ? a : b;
}

inline float clamp01(float v)
{
    v = v < 0.0f ? 0.0f : v;
    return v > 1.0f ? 1.0f : v;
}

// Bilinear taps of one axis: value = w0 * in[i0] + w1 * in[i1].
struct AxisTaps {
    std::vector<int32_t> i0, i1;
    std::vector<float> w0, w1;

    void build(int64_t outSize, int64_t inSize, double start, double length, bool flip)
    {
        i0.resize(outSize);
        i1.resize(outSize);
        w0.resize(outSize);
        w1.resize(outSize);
        for (int64_t i = 0; i < outSize; ++i) {
            const double x = sourceCoordinate(i, outSize, inSize, start, length, flip);
            const double f = std::floor(x);
            i0[i] = static_cast<int32_t>(f);
            i1[i] = static_cast<int32_t>(std::min<int64_t>(i0[i] + 1, inSize - 1));
            w1[i] = static_cast<float>(x - f);
            w0[i] = 1.0f - w1[i]; // exactly 1 at integer coordinates: an identity crop copies bits
        }
    }
};

struct Scratch {
    AxisTaps xTaps, yTaps;
    std::vector<float> source; // source rows as floats in [0, 1]
    std::vector<float> rows; // vertically resampled rows, per channel
    std::vector<float> plane; // blur: vertical pass output of one channel
    std::vector<float> padded; // blur: one reflect-padded row
    std::vector<float> kernel;
};

// Bilinear resampling of the crop box, separably: bytes -> [0, 1] floats for the source rows the taps touch,
// the vertical taps (unit stride, vectorised), then the horizontal taps (a gather per output pixel).
void resample(const uint8_t *src, float *dst, const AugmentRecord &r, const ViewKernelSettings &s, Scratch &sc)
{
    const int64_t C = s.channels, H = s.inHeight, W = s.inWidth, OH = s.outHeight, OW = s.outWidth;
    sc.xTaps.build(OW, W, r.cropX, r.cropW, r.flipped);
    sc.yTaps.build(OH, H, r.cropY, r.cropH, false);
    // Only rows yLo..yHi are read (min / max rather than first / last: replayed records may hold any box).
    const int64_t yLo = *std::min_element(sc.yTaps.i0.begin(), sc.yTaps.i0.end());
    const int64_t yHi = *std::max_element(sc.yTaps.i1.begin(), sc.yTaps.i1.end()), rows = yHi - yLo + 1;
    sc.source.resize(static_cast<size_t>(C * rows * W));
    sc.rows.resize(static_cast<size_t>(C * OH * W));
    for (int64_t c = 0; c < C; ++c) {
        const uint8_t *in = src + (c * H + yLo) * W;
        float *out = sc.source.data() + c * rows * W;
        if (s.divideBytes) {
            for (int64_t i = 0; i < rows * W; ++i)
                out[i] = static_cast<float>(in[i]) / 255.0f;
        } else {
            for (int64_t i = 0; i < rows * W; ++i)
                out[i] = s.byteToUnit[in[i]];
        }
        for (int64_t v = 0; v < OH; ++v) {
            const float *top = sc.source.data() + (c * rows + (sc.yTaps.i0[v] - yLo)) * W;
            const float *bottom = sc.source.data() + (c * rows + (sc.yTaps.i1[v] - yLo)) * W;
            const float b0 = sc.yTaps.w0[v], b1 = sc.yTaps.w1[v];
            float *o = sc.rows.data() + (c * OH + v) * W;
            for (int64_t x = 0; x < W; ++x)
                o[x] = top[x] * b0 + bottom[x] * b1;
        }
    }
    const int32_t *x0 = sc.xTaps.i0.data(), *x1 = sc.xTaps.i1.data();
    const float *a0 = sc.xTaps.w0.data(), *a1 = sc.xTaps.w1.data();
    for (int64_t row = 0; row < C * OH; ++row) {
        const float *in = sc.rows.data() + row * W;
        float *out = dst + row * OW;
        for (int64_t u = 0; u < OW; ++u)
            out[u] = in[x0[u]] * a0[u] + in[x1[u]] * a1[u];
    }
}

float lumaMean(const float *x, int64_t n, int64_t channels)
{
    // Eight float lanes, summed at the end: vectorisable, and a shorter rounding chain than one running sum.
    float acc[8] = { 0, 0, 0, 0, 0, 0, 0, 0 };
    int64_t i = 0;
    if (channels == 3) {
        const float *g = x + n, *b = x + 2 * n;
        for (; i + 8 <= n; i += 8)
            for (int k = 0; k < 8; ++k)
                acc[k] += x[i + k] * kLumaR + g[i + k] * kLumaG + b[i + k] * kLumaB;
        for (; i < n; ++i)
            acc[0] += x[i] * kLumaR + g[i] * kLumaG + b[i] * kLumaB;
    } else {
        for (; i + 8 <= n; i += 8)
            for (int k = 0; k < 8; ++k)
                acc[k] += x[i + k];
        for (; i < n; ++i)
            acc[0] += x[i];
    }
    double sum = 0;
    for (float a : acc)
        sum += a;
    return static_cast<float>(sum / static_cast<double>(n));
}

// Colour jitter in the fixed order brightness, contrast, saturation, hue (torchvision draws a random order per
// image; a fixed one keeps the record simple to read and the ablation of one factor clean). Each stage is
// torchvision's tensor formula, including its clamp to [0, 1] after every stage.
void colourJitter(float *x, int64_t n, const AugmentRecord &r, const ViewKernelSettings &s)
{
    const int64_t C = s.channels;
    if (s.brightness) {
        const float f = r.brightness;
        for (int64_t i = 0; i < C * n; ++i)
            x[i] = clamp01(x[i] * f);
    }
    if (s.contrast) {
        // Blend toward the mean of the grayscale image (torchvision adjust_contrast).
        const float f = r.contrast;
        const float offset = lumaMean(x, n, C) * (1.0f - f);
        for (int64_t i = 0; i < C * n; ++i)
            x[i] = clamp01(x[i] * f + offset);
    }
    if (C != 3) return; // saturation and hue are the identity on gray images (as in torchvision)
    float *R = x, *G = x + n, *B = x + 2 * n;
    if (s.saturation) {
        const float f = r.saturation, g = 1.0f - f;
        for (int64_t i = 0; i < n; ++i) {
            const float gray = (R[i] * kLumaR + G[i] * kLumaG + B[i] * kLumaB) * g;
            R[i] = clamp01(R[i] * f + gray);
            G[i] = clamp01(G[i] * f + gray);
            B[i] = clamp01(B[i] * f + gray);
        }
    }
    if (s.hue) {
        // torchvision's adjust_hue shifts H in HSV and converts back. In HSV the shift keeps the largest channel
        // M and the chroma M - m; only which channel is which and the middle value change. So compute the
        // hexagonal hue h in [0, 6), shift it, and evaluate HSV->RGB directly as M - C * clamp(min(k, 4 - k), 0, 1)
        // with k = (n + h) mod 6, n = 5, 3, 1 for R, G, B: the same function without the S and V round trip.
        const float shift = r.hue * 6.0f;
        for (int64_t i = 0; i < n; ++i) {
            // Branch-free (every candidate computed, then selected) so that the loop vectorises.
            const float red = R[i], green = G[i], blue = B[i];
            const float M = maxf(red, maxf(green, blue));
            const float m = minf(red, minf(green, blue));
            const float chroma = M - m;
            const float inv = 1.0f / (chroma > 0.0f ? chroma : 1.0f); // chroma 0: every channel is M anyway
            const float hRed = (green - blue) * inv, hGreen = (blue - red) * inv + 2.0f;
            const float hBlue = (red - green) * inv + 4.0f;
            const bool isRed = M == red, isGreen = M == green;
            const float hGreenBlue = isGreen ? hGreen : hBlue;
            float h = (isRed ? hRed : hGreenBlue) + shift;
            const float up = h + 6.0f, down = h - 6.0f;
            h = h < 0.0f ? up : h;
            h = h >= 6.0f ? down : h;
            const float kr0 = h + 5.0f, kg0 = h + 3.0f, kb0 = h + 1.0f;
            const float kr1 = kr0 - 6.0f, kg1 = kg0 - 6.0f, kb1 = kb0 - 6.0f;
            const float kr = kr0 >= 6.0f ? kr1 : kr0, kg = kg0 >= 6.0f ? kg1 : kg0, kb = kb0 >= 6.0f ? kb1 : kb0;
            R[i] = M - chroma * clamp01(minf(kr, 4.0f - kr));
            G[i] = M - chroma * clamp01(minf(kg, 4.0f - kg));
            B[i] = M - chroma * clamp01(minf(kb, 4.0f - kb));
        }
    }
}

void grayscale(float *x, int64_t n)
{
    float *R = x, *G = x + n, *B = x + 2 * n;
    for (int64_t i = 0; i < n; ++i) {
        const float gray = R[i] * kLumaR + G[i] * kLumaG + B[i] * kLumaB;
        R[i] = gray;
        G[i] = gray;
        B[i] = gray;
    }
}

inline int64_t reflect(int64_t i, int64_t n)
{
    return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i);
}

// Separable Gaussian blur with reflect padding (torchvision's GaussianBlur pads with "reflect"): a vertical
// pass into a scratch plane, then a horizontal pass over one padded row at a time.
void blur(float *x, const AugmentRecord &r, const ViewKernelSettings &s, Scratch &sc)
{
    const int64_t OH = s.outHeight, OW = s.outWidth, k = s.blurKernel, p = k / 2;
    const float *w = sc.kernel.data();
    sc.plane.resize(static_cast<size_t>(OH * OW));
    sc.padded.resize(static_cast<size_t>(OW + 2 * p));
    float *tmp = sc.plane.data(), *row = sc.padded.data();
    for (int64_t c = 0; c < s.channels; ++c) {
        float *img = x + c * OH * OW;
        for (int64_t v = 0; v < OH; ++v) {
            float *out = tmp + v * OW;
            const float *in = img + reflect(v - p, OH) * OW;
            for (int64_t u = 0; u < OW; ++u)
                out[u] = w[0] * in[u];
            for (int64_t t = 1; t < k; ++t) {
                in = img + reflect(v + t - p, OH) * OW;
                const float wt = w[t];
                for (int64_t u = 0; u < OW; ++u)
                    out[u] += wt * in[u];
            }
        }
        for (int64_t v = 0; v < OH; ++v) {
            const float *in = tmp + v * OW;
            std::copy(in, in + OW, row + p);
            for (int64_t q = 1; q <= p; ++q) {
                row[p - q] = in[q];
                row[p + OW - 1 + q] = in[OW - 1 - q];
            }
            float *out = img + v * OW;
            for (int64_t u = 0; u < OW; ++u)
                out[u] = w[0] * row[u];
            for (int64_t t = 1; t < k; ++t) {
                const float wt = w[t];
                const float *shifted = row + t;
                for (int64_t u = 0; u < OW; ++u)
                    out[u] += wt * shifted[u];
            }
        }
    }
}

void solarizeAndNormalize(float *x, int64_t n, const AugmentRecord &r, const ViewKernelSettings &s)
{
    if (!r.solarized && !s.normalize) return;
    // A threshold above every value turns solarize off without a branch in the loop (values are <= 1).
    const float threshold = r.solarized ? s.solarizeThreshold : 2.0f;
    for (int64_t c = 0; c < s.channels; ++c) {
        float *p = x + c * n;
        const float mean = s.normalize ? s.mean[c] : 0.0f, sd = s.normalize ? s.stddev[c] : 1.0f;
        if (s.normalize) {
            for (int64_t i = 0; i < n; ++i) {
                const float v = p[i], flipped = 1.0f - v;
                p[i] = ((v >= threshold ? flipped : v) - mean) / sd;
            }
        } else {
            for (int64_t i = 0; i < n; ++i) {
                const float v = p[i], flipped = 1.0f - v;
                p[i] = v >= threshold ? flipped : v;
            }
        }
    }
}

} // namespace

void renderViewsCpu(
    const uint8_t *src, float *dst, int64_t batch, const AugmentRecord *records, const ViewKernelSettings &s)
{
    const int64_t inStride = s.channels * s.inHeight * s.inWidth;
    const int64_t n = s.outHeight * s.outWidth, outStride = s.channels * n;
    const auto renderRange = [&](int64_t begin, int64_t end) {
        Scratch scratch;
        for (int64_t b = begin; b < end; ++b) {
            const AugmentRecord &r = records[b];
            float *x = dst + b * outStride;
            resample(src + b * inStride, x, r, s, scratch);
            if (r.jittered) colourJitter(x, n, r, s);
            if (r.grayscale && s.channels == 3) grayscale(x, n);
            if (r.blurSigma > 0 && s.blurKernel > 1) {
                scratch.kernel = gaussianKernel1d(s.blurKernel, r.blurSigma);
                blur(x, r, s, scratch);
            }
            solarizeAndNormalize(x, n, r, s);
        }
    };
    // Split the batch over torch's intra-op thread count (torch::set_num_threads). Not at::parallel_for: with
    // LibTorch's OpenMP backend that is a header template whose "#pragma omp parallel" only takes effect in code
    // compiled with -fopenmp, which the engine is not, so it would run on one thread. Starting a thread costs
    // ~20 us against ~3 ms for a 256-image batch. Threads take chunks of 8 images from a shared counter, so one
    // that shares its core with another process (the GUI, a compiler) does not hold the others up.
    constexpr int64_t kChunk = 8;
    const int64_t workers = std::max<int64_t>(1, std::min<int64_t>(at::get_num_threads(), batch / (2 * kChunk)));
    if (workers == 1) {
        renderRange(0, batch);
        return;
    }
    std::atomic<int64_t> next { 0 };
    std::atomic<bool> failed { false };
    std::vector<std::exception_ptr> errors(static_cast<size_t>(workers));
    const auto work = [&](int64_t w) {
        try {
            for (int64_t begin = next.fetch_add(kChunk); begin < batch && !failed; begin = next.fetch_add(kChunk))
                renderRange(begin, std::min(batch, begin + kChunk));
        } catch (...) {
            errors[w] = std::current_exception();
            failed = true;
        }
    };
    std::vector<std::thread> threads;
    for (int64_t w = 1; w < workers; ++w)
        threads.emplace_back(work, w);
    work(0);
    for (auto &t : threads)
        t.join();
    for (const auto &e : errors)
        if (e) std::rethrow_exception(e);
}

} // namespace pretext::engine::detail
