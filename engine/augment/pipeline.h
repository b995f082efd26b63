// The view-making augmentation pipeline of the contrastive and self-distillation methods (SimCLR, MoCo v2,
// BYOL, DINO): torchvision's SimCLR recipe (Chen et al. 2020, appendix A) applied to a whole uint8 batch at once.
#pragma once

#include "engine/augment/augmentconfig.h"
#include "engine/core/rng.h"
#include "engine/core/types.h"

#include <torch/types.h>

#include <vector>

namespace pretext::engine {

// Makes augmented views of a batch. Every random parameter is drawn from the host Rng (one AugmentRecord per
// sample), so a seed reproduces the views exactly and a resumed run continues the same stream; the tensors
// then only apply what the records say. Samples an op is not applied to are bitwise unchanged by that op.
//
// Per view, in torchvision's order: random resized crop (scale, ratio; 10 attempts, then the centre-crop
// fallback) + horizontal flip + resize to the output size as one affine sampling (bilinear, align_corners =
// false, border padding); colour jitter with probability jitter_prob, its stages in the fixed order brightness,
// contrast, saturation, hue (torchvision shuffles the order per image; a fixed order keeps records readable and
// single-factor ablations clean), each clamped to [0, 1] as torchvision does, only brightness and contrast on
// 1-channel images; random grayscale (BT.601 luma); Gaussian blur with a per-sample sigma (reflect padding);
// solarize (BYOL); normalise with the per-channel mean and standard deviation.
class ViewPipeline {
public:
    // Which implementation renders the views. Auto uses one fused pass per image (a cache-resident loop, parallel
    // over the batch) for CPU tensors and batched tensor ops on other devices; TensorOps forces the tensor-op path
    // everywhere (the two agree to float rounding; a test pins that).
    enum class Backend { Auto, TensorOps };

    // datasetMean / datasetStd: per-channel statistics of the dataset in [0, 1] units (1 or 3 values), used when
    // config.mean / config.stddev are empty. Throws ConfigError for an invalid config, or when normalisation is
    // on and no statistics are known.
    explicit ViewPipeline(
        AugmentConfig config, std::vector<double> datasetMean = {}, std::vector<double> datasetStd = {});

    // images: uint8 [B,C,H,W] (C = 1 or 3) on any device. Returns float [B,C,S,S] normalised on the same device,
    // S = output_size, or H x W when output_size is 0. Fills *records (one per sample) when given.
    torch::Tensor apply(const torch::Tensor &images, Rng &rng, std::vector<AugmentRecord> *records = nullptr) const;

    // The two halves of apply(): draw the parameters of `count` views of HxW images (the only use of the Rng),
    // then render given parameters (e.g. to replay a preview, or to compare the backends).
    std::vector<AugmentRecord> drawRecords(int64_t count, int64_t height, int64_t width, Rng &rng) const;
    torch::Tensor render(const torch::Tensor &images, const std::vector<AugmentRecord> &records) const;

    // Undoes the normalisation of apply()'s output for display: uint8 [B,C,S,S], clamped, rounded.
    torch::Tensor toDisplayUint8(const torch::Tensor &normalised) const;

    // The evaluation transform of probes and kNN: uint8 -> float in [0, 1], resized to output_size when that is
    // set and differs (area averaging when shrinking, bilinear when enlarging), then normalised like apply().
    torch::Tensor normalizeOnly(const torch::Tensor &uint8Images) const;

    const AugmentConfig &config() const { return m_config; }
    void setBackend(Backend backend) { m_backend = backend; }
    Backend backend() const { return m_backend; }

    // Output side for an input side: output_size, or the input's own size when output_size is 0.
    int64_t outputHeight(int64_t inputHeight) const
    {
        return m_config.outputSize > 0 ? m_config.outputSize : inputHeight;
    }
    int64_t outputWidth(int64_t inputWidth) const { return m_config.outputSize > 0 ? m_config.outputSize : inputWidth; }

    // The per-channel mean and standard deviation used for `channels` channels (empty when normalisation is off).
    // Throws ConfigError when 3 values are configured for 1-channel images.
    std::vector<float> channelMean(int64_t channels) const;
    std::vector<float> channelStd(int64_t channels) const;

private:
    torch::Tensor renderTensorOps(const torch::Tensor &images, const std::vector<AugmentRecord> &records) const;
    torch::Tensor renderFusedCpu(const torch::Tensor &images, const std::vector<AugmentRecord> &records) const;
    void checkImages(const torch::Tensor &images, bool views) const;

    AugmentConfig m_config;
    std::vector<double> m_mean, m_std; // resolved: config values, else the dataset's
    Backend m_backend = Backend::Auto;
};

// The Gaussian kernel of torchvision's GaussianBlur: exp(-x^2 / (2 sigma^2)) at x = -(k-1)/2 .. (k-1)/2,
// normalised to sum 1.
std::vector<float> gaussianKernel1d(int kernelSize, double sigma);

} // namespace pretext::engine
