// Builds the inspection values (engine/core/inspection.h) from tensors: the features of the first test images and
// the details of an offline probe's predictions. Used by the trainer after each evaluation and by
// `pretext-cli inspect` on a run folder's checkpoint.
#pragma once

#include "engine/core/inspection.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace pretext::engine {

// Which of `total` test images an inspection shows when it shows `count`: evenly spread over the split (all of them
// when count >= total), the same every time. Spread rather than the first ones: a folder dataset's test split is
// sorted by class, and its first images would all be of the first classes.
torch::Tensor inspectedRows(int64_t total, int64_t count);

// A FeatureSet from the features [n, D] of the test images `rows` (int64 [n], positions in the test split), whose
// labels [N] and uint8 images [N, C, H, W] are the whole split's.
FeatureSet makeFeatureSet(const torch::Tensor &features, const torch::Tensor &rows, const torch::Tensor &labels,
                          const torch::Tensor &images, const std::vector<std::string> &classNames);

// The probe's softmax `probabilities` [N, classes] against the true `labels` [N]: confusion, per-class recall and the
// `maxMistakes` most confident wrong predictions with their images (uint8 NCHW).
ProbeReport makeProbeReport(const torch::Tensor &probabilities, const torch::Tensor &labels,
                            const torch::Tensor &images, const std::vector<std::string> &classNames,
                            int maxMistakes = 32);

} // namespace pretext::engine
