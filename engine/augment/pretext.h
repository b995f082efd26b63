// Batched inputs and labels of the pretext tasks of the reference text (section 2.1) and of masked image
// modeling: rotation prediction, jigsaw puzzles, patch masks (MAE / SimMIM / BEiT) and colorization.
// Every random choice is drawn from the host Rng, so a seed reproduces a batch exactly.
#pragma once

#include "engine/core/rng.h"

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace pretext::engine {

// ---- rotation (Gidaris et al. 2018) ----

struct RotationBatch {
    torch::Tensor images; // [B,C,H,W], same dtype and device as the input
    torch::Tensor labels; // [B] int64: the sample was rotated by labels[b] * 90 degrees counter-clockwise
};

// Rotates each sample by k * 90 degrees, k uniform in 0..3 per sample. Images must be square (ConfigError
// otherwise: a quarter turn would change the batch's shape).
RotationBatch rotationBatch(const torch::Tensor &images, Rng &rng);

// ---- jigsaw (Noroozi & Favaro 2016) ----

using Permutation = std::vector<int64_t>;

// `count` distinct permutations of grid*grid tiles chosen for a large minimum pairwise Hamming distance: the
// identity first (so class 0 is the unshuffled image, which makes previews readable), then greedily the
// candidate farthest (max-min Hamming distance) from those chosen so far, ties broken at random from `seed`.
// Candidates: all (grid^2)! permutations for grid <= 3 (362,880 for 3x3: 100 of them in ~70 ms, minimum distance
// 6), else 20,000 random ones. Noroozi & Favaro pick by the largest *average* distance; max-min is what guarantees the
// minimum. Deterministic for a seed. Throws ConfigError unless 2 <= grid <= 8 and 1 <= count <= min((grid^2)!, pool).
std::vector<Permutation> makePermutationSet(int grid, int count, uint64_t seed);

// Smallest Hamming distance between two permutations of the set (0 for fewer than two).
int minimumHammingDistance(const std::vector<Permutation> &set);

struct JigsawBatch {
    torch::Tensor images; // [B,C,g*th,g*tw]: centre-cropped to multiples of grid, then shuffled
    torch::Tensor labels; // [B] int64: index into the permutation set
    std::vector<Permutation> permutations; // the permutation applied to each sample (= set[labels[b]])
};

// Output tile i (row-major) of sample b is input tile perm[i] of that sample, perm = permSet[labels[b]]; the same
// semantics as jigsawShuffle, for the whole batch in one gather. H and W are first centre-cropped to multiples of
// grid. Labels are uniform over the set.
JigsawBatch jigsawBatch(const torch::Tensor &images, int grid, const std::vector<Permutation> &permSet, Rng &rng);

// ---- masking (MAE: He et al. 2022; BEiT: Bao et al. 2022; SimMIM) ----

// [B, numPatches] float on the CPU, 1 = masked: exactly round(ratio * numPatches) patches per sample, chosen
// uniformly without replacement (MAE's random masking).
torch::Tensor randomPatchMask(int64_t batch, int64_t numPatches, double ratio, Rng &rng);

// [B, gridH * gridW] float on the CPU, 1 = masked, row-major: BEiT's block-wise masking (rectangles of at least
// 4 patches with aspect ratio in [0.3, 1/0.3], never overshooting the target) until exactly round(ratio * N)
// patches are masked. Where BEiT would stop short (no rectangle fits the few patches left), the remainder is
// masked patch by patch at random, so the count is always exact.
torch::Tensor blockPatchMask(int64_t batch, int64_t gridH, int64_t gridW, double ratio, Rng &rng);

// Replaces the masked patches of images [B,C,H,W] (mask [B, (H/patch)(W/patch)], 1 = masked, patches row-major
// as in patchify) by `fill`, for display and for convolutional MIM (SimMIM-style). Keeps dtype and device.
torch::Tensor applyPatchMask(const torch::Tensor &images, const torch::Tensor &mask, int64_t patch, double fill = 0.0);

// ---- colorization (Zhang et al. 2016) ----

struct ColorizationBatch {
    torch::Tensor input; // [B,1,H,W] float in [0, 1]: BT.601 luma of the target
    torch::Tensor target; // [B,3,H,W] float in [0, 1]: the colour image
    torch::Tensor chroma; // [B,2,H,W] float in [-0.5, 0.5]: its Cb and Cr (rgbToYCbCr), what a network predicts
};

// From RGB [B,3,H,W]: uint8, or float in [0, 1] (e.g. denormalised augmented views). The target is RGB in [0, 1]
// and its chroma rather than the paper's quantised ab colour bins: a regression target that a small network and a
// classroom can read directly. ConfigError for 1-channel data.
ColorizationBatch colorizationBatch(const torch::Tensor &rgb);

// Full-range BT.601 YCbCr (JPEG's): Y = 0.299 R + 0.587 G + 0.114 B in [0, 1], Cb = (B - Y) / 1.772 and
// Cr = (R - Y) / 1.402 in [-0.5, 0.5]. Brightness and colour are separate channels, so a colorization network is
// given Y and predicts only (Cb, Cr). rgb: float [B,3,H,W] -> [B,3,H,W] (Y, Cb, Cr).
torch::Tensor rgbToYCbCr(const torch::Tensor &rgb);
// The exact inverse: luma [B,1,H,W] and chroma [B,2,H,W] (Cb, Cr) -> RGB [B,3,H,W], not clamped.
torch::Tensor yCbCrToRgb(const torch::Tensor &luma, const torch::Tensor &chroma);

} // namespace pretext::engine
