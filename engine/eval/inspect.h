// Builds the inspection values (engine/core/inspection.h) from tensors: the features of the first test images and
// the details of an offline probe's predictions. Used by the trainer after each evaluation and by
// `pretext-cli inspect` on a run folder's checkpoint.
#pragma once

#include "engine/core/inspection.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace pretext::engine {

// The first `count` rows of `features` [N, D] with their labels [N] and uint8 images [N, C, H, W] (NCHW).
FeatureSet makeFeatureSet(const torch::Tensor &features, const torch::Tensor &labels, const torch::Tensor &images,
                          const std::vector<std::string> &classNames, int64_t count);

// The probe's softmax `probabilities` [N, classes] against the true `labels` [N]: confusion, per-class recall and the
// `maxMistakes` most confident wrong predictions with their images (uint8 NCHW).
ProbeReport makeProbeReport(const torch::Tensor &probabilities, const torch::Tensor &labels,
                            const torch::Tensor &images, const std::vector<std::string> &classNames,
                            int maxMistakes = 32);

} // namespace pretext::engine
