// Settings of the view-making augmentation pipeline (torch-free: part of RunConfig, edited in the dialog).
// Defaults follow the reference text's SimCLRAugmentation (RandomResizedCrop(0.2, 1), flip, ColorJitter
// (0.4, 0.4, 0.4, 0.1) with p = 0.8, RandomGrayscale(0.2), GaussianBlur(3)).
#pragma once

#include "engine/io/json.h"

#include <string>
#include <vector>

namespace pretext::engine {

struct AugmentConfig {
    int outputSize = 0; // side of the produced views; 0 = the dataset's image size

    bool crop = true;
    double cropProb = 1.0;
    double cropScaleMin = 0.2, cropScaleMax = 1.0;
    double cropRatioMin = 3.0 / 4.0, cropRatioMax = 4.0 / 3.0;

    bool flip = true;
    double flipProb = 0.5;

    bool jitter = true;
    double jitterProb = 0.8;
    double brightness = 0.4, contrast = 0.4, saturation = 0.4, hue = 0.1;

    bool grayscale = true;
    double grayscaleProb = 0.2;

    bool blur = true;
    double blurProb = 1.0;
    int blurKernel = 3;
    double blurSigmaMin = 0.1, blurSigmaMax = 2.0;

    bool solarize = false;
    double solarizeProb = 0.2;
    double solarizeThreshold = 0.5;

    bool normalize = true;
    std::vector<double> mean; // per channel; empty = the dataset's own statistics
    std::vector<double> stddev;
};

json::Value toJson(const AugmentConfig &config);
// Reads an "augment" object; missing fields keep their defaults. Throws ConfigError naming the field
// (prefixed with `path`, e.g. "augment.jitter_prob") and the accepted range.
AugmentConfig augmentConfigFromJson(const json::Value &value, const std::string &path = "augment");
// Throws ConfigError for the first out-of-range field.
void validate(const AugmentConfig &config, const std::string &path = "augment");

} // namespace pretext::engine
