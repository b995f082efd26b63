// Exact geometric transforms of the pretext tasks (rotation, jigsaw) and of masked image modeling (patchify),
// on single images [C,H,W] or batches [B,C,H,W]. Checked against the golden vectors.
#pragma once

#include <torch/types.h>

#include <vector>

namespace pretext::engine {

// Rotation by k * 90 degrees counter-clockwise over the last two dims (torch.rot90 semantics).
torch::Tensor rotate90(const torch::Tensor &img, int64_t k);

// Jigsaw: output tile i (row-major over a grid x grid layout) is input tile perm[i]. H and W must be
// multiples of grid (callers crop first).
torch::Tensor jigsawShuffle(const torch::Tensor &img, int64_t grid, const std::vector<int64_t> &perm);

// [B,C,H,W] -> [B, (H/p)(W/p), p*p*C]: patches row-major, inside a patch (row, col, channel).
torch::Tensor patchify(const torch::Tensor &imgs, int64_t patch);
// Inverse of patchify for an image of size h x w.
torch::Tensor unpatchify(const torch::Tensor &patches, int64_t patch, int64_t channels, int64_t height, int64_t width);

} // namespace pretext::engine
