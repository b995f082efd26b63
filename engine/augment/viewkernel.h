// Internal to engine/augment: the fused CPU implementation of ViewPipeline. One pass per image over data that
// stays in the L1/L2 cache, parallel over the batch. It computes what the tensor-op path computes (same formulas,
// same order of operations where it matters), so the two agree to float rounding.
#pragma once

#include "engine/core/types.h"

#include <cstdint>
#include <vector>

namespace pretext::engine::detail {

// ITU-R BT.601 luma, as PIL's convert("L") and the reference text's RandomGrayscale use it.
constexpr float kLumaR = 0.299f, kLumaG = 0.587f, kLumaB = 0.114f;

struct ViewKernelSettings {
    int64_t channels = 3, inHeight = 0, inWidth = 0, outHeight = 0, outWidth = 0;
    // Colour-jitter stages switched on by the config (strength > 0); torchvision skips a stage whose strength is 0.
    bool brightness = false, contrast = false, saturation = false, hue = false;
    int blurKernel = 1;
    float solarizeThreshold = 0.5f;
    bool normalize = false;
    float mean[3] = { 0, 0, 0 }, stddev[3] = { 1, 1, 1 };
    const float *byteToUnit = nullptr; // 256 entries: value / 255, computed by ATen so both paths round alike
    bool divideBytes = false; // true when float(v) / 255.0f gives byteToUnit's bits (vectorises)
};

// src: uint8 [B,C,inH,inW] contiguous; dst: float [B,C,outH,outW] contiguous; records: B entries.
void renderViewsCpu(
    const uint8_t *src, float *dst, int64_t batch, const AugmentRecord *records, const ViewKernelSettings &settings);

// Source coordinate (in input pixels, align_corners = false) sampled by output index `i` along one axis, for a
// crop [start, start + length) of an axis of `inSize` pixels resized to `outSize`; clipped to [0, inSize - 1]
// (grid_sample's border padding).
double sourceCoordinate(int64_t i, int64_t outSize, int64_t inSize, double start, double length, bool flip);

} // namespace pretext::engine::detail
