// Settings of the view-making augmentation pipeline (torch-free: part of RunConfig, edited in the dialog).
// Each field is described once in augmentSettings() (key, label, help, range, the op it belongs to); the JSON
// reader/writer and the dialog's augmentation page are produced from that table.
// Defaults follow the reference text's SimCLRAugmentation (RandomResizedCrop(0.2, 1), flip, ColorJitter
// (0.4, 0.4, 0.4, 0.1) with p = 0.8, RandomGrayscale(0.2), GaussianBlur(3)).
#pragma once

#include "engine/core/settings.h"
#include "engine/io/json.h"

#include <string>
#include <utility>
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

// An augmentation setting: its description (key inside "augment", label, help, range) and the op it belongs
// to: "crop", "flip", "jitter", "grayscale", "blur", "solarize" or "other". Within an op, the boolean whose key
// is the op's name switches the op on and off. The ranges describe the fields for editors and help; validate()
// checks the exact rules (odd blur kernels, min <= max, output size 0 or 8 to 512) with its own messages.
struct AugmentSetting {
    Setting setting;
    std::string op;
    bool list = false; // per-channel values (mean, stddev): a JSON array of numbers, not a single value
};

// Every augmentation setting, in JSON and dialog order.
const std::vector<AugmentSetting> &augmentSettings();
// A field's value by its key inside "augment" ("jitter_prob"); null for an unknown key.
json::Value augmentSettingValue(const AugmentConfig &config, const std::string &key);
// Sets a field without checking its range (validate() does); throws ConfigError for an unknown key or a value of
// the wrong JSON type, with the messages of augmentConfigFromJson().
void setAugmentSettingValue(
    AugmentConfig &config, const std::string &key, const json::Value &value, const std::string &path = "augment");

json::Value toJson(const AugmentConfig &config);
// Reads an "augment" object; missing fields keep their value in `base` (the defaults, or a method's recipe).
// Throws ConfigError naming the field (prefixed with `path`, e.g. "augment.jitter_prob") and the accepted range.
AugmentConfig augmentConfigFromJson(
    const json::Value &value, const std::string &path = "augment", const AugmentConfig &base = AugmentConfig {});
// Every out-of-range field as (key, message), in the table's order; the key is the message's field
// ("augment.blur_kernel"), as runconfig's validationProblems() names fields.
std::vector<std::pair<std::string, std::string>> augmentProblems(
    const AugmentConfig &config, const std::string &path = "augment");
// Throws ConfigError for the first out-of-range field.
void validate(const AugmentConfig &config, const std::string &path = "augment");

} // namespace pretext::engine
