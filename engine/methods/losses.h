// The self-supervised objectives of the reference text, as plain tensor functions (checked against the golden
// vectors by `pretext-cli verify`).
#pragma once

#include <torch/types.h>

#include <utility>

namespace pretext::engine {

// SimCLR's NT-Xent (Chen et al. 2020, eq. 1): 2B anchors, the positive is the other view of the same
// sample, the 2B-2 other samples are negatives, self-similarity excluded; mean over all 2B anchors.
torch::Tensor ntXentLoss(const torch::Tensor &z1, const torch::Tensor &z2, double temperature);

// The 2B x 2B cosine-similarity matrix of the two views (rows 0..B-1 view 1, B..2B-1 view 2).
torch::Tensor pairSimilarity(const torch::Tensor &z1, const torch::Tensor &z2);

// MoCo's InfoNCE (He et al. 2020): q, k [N,C] and queue [C,K] L2-normalised. Returns (logits [N,1+K], loss).
std::pair<torch::Tensor, torch::Tensor> mocoInfoNce(const torch::Tensor &q, const torch::Tensor &k,
                                                    const torch::Tensor &queue, double temperature);

// BYOL's regression loss (Grill et al. 2020): 2 - 2 cos(p, z), mean over N. One direction.
torch::Tensor byolRegressionLoss(const torch::Tensor &p, const torch::Tensor &z);

// DINO (Caron et al. 2021) with two global views: cross-entropy between the centred, sharpened teacher
// softmax of view j and the student log-softmax of view i, averaged over i != j and the batch.
torch::Tensor dinoLoss(const torch::Tensor &student1, const torch::Tensor &student2, const torch::Tensor &teacher1,
                       const torch::Tensor &teacher2, const torch::Tensor &center, double studentTemp,
                       double teacherTemp);

// MAE's reconstruction loss (He et al. 2022): per-patch MSE over masked patches only (mask 1 = masked);
// with normPix the target is normalised per patch by its mean and unbiased variance (+1e-6).
torch::Tensor maeLoss(const torch::Tensor &pred, const torch::Tensor &target, const torch::Tensor &mask,
                      bool normPix);

} // namespace pretext::engine
