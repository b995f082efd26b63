// The full description of a training run: what the dialog edits, what config.json stores and what
// `pretext-cli train --config` reads. Torch-free, so the GUI can hold and edit it.
//
// Shared settings are typed members, each described once in runSettings() (key, label, help, range, group,
// and where it lives); a method's own settings (queue size, temperature, jigsaw grid…) live in
// `methodSettings`, described by the method's MethodInfo. JSON, validation, CLI flags and the dialog's rows are
// all produced from these descriptions.
#pragma once

#include "engine/augment/augmentconfig.h"
#include "engine/core/settings.h"
#include "engine/io/json.h"

#include <cstdint>
#include <string>
#include <vector>
#include <utility>

namespace pretext::engine {

struct RunConfig {
    // What to learn.
    std::string method = "simclr";    // a registered method: see methodCatalog()
    std::string backbone = "convnet"; // convnet | resnet18 | vit-tiny
    std::string dataset = "fashion-mnist";
    int64_t trainLimit = 0; // use only the first N training images (0 = all)
    int64_t testLimit = 0;  // use only the first N test images (0 = all)

    // Optimisation (defaults: the reference text's SimCLR: Adam 3e-4, weight decay 1e-6, batch 256).
    int epochs = 3;
    int64_t stepsPerEpoch = 0; // 0 = one pass over the training set (drop_last)
    int batchSize = 256;
    std::string optimizer = "adam"; // adam | sgd | lars
    double lr = 3e-4;
    double weightDecay = 1e-6;
    double momentum = 0.9;  // sgd and lars
    std::string schedule = "constant"; // constant | cosine (cosine decays to 0 after the warm-up)
    int64_t warmupSteps = 0;

    // Evaluation.
    bool onlineProbe = true;     // linear classifier trained alongside on detached features
    bool evalEachEpoch = true;   // offline probe + kNN at every epoch end (and the random-init baseline)
    int probeEpochs = 20;        // offline linear probe epochs on frozen features
    bool probeStandardize = true; // standardise frozen features before the offline probe (as MAE's affine-free BN)
    int knnK = 200;
    double knnTemperature = 0.1;
    int64_t evalTrainLimit = 0;  // features for the probe/kNN bank from the first N training images (0 = all)

    // Execution.
    uint64_t seed = 0;
    int threads = 0;              // 0 = all cores
    std::string device = "cpu";   // cpu | cuda | cuda:N
    // fp32 | bf16 (autocast mixed precision) | auto: bf16 on CUDA and on CPUs with native bf16 arithmetic
    // (AVX-512 BF16 or AMX), where it doubles a ConvNet's training throughput; fp32 elsewhere.
    std::string precision = "auto";
    int64_t checkpointEvery = 200; // steps between checkpoints (and one at every epoch end)
    double previewsPerSecond = 4;  // upper bound on preview snapshots sent to observers
    int previewSamples = 8;       // samples shown in the augmentation and similarity previews

    AugmentConfig augment;

    // The method's own settings, key -> value; a setting not in here has its default from the method's table.
    json::Value methodSettings = json::Value::object();

    // Typed access to a method setting; throws ConfigError when the method has no such setting.
    double real(const std::string &key) const;
    int64_t integer(const std::string &key) const;
    bool flag(const std::string &key) const;
    std::string text(const std::string &key) const;
};

std::vector<std::string> backboneNames();

// The shared settings, in form order (method settings are in the method's MethodInfo).
const std::vector<Setting> &runSettings();
// Every setting that applies to a run of `method`: the shared ones, then the method's own.
std::vector<Setting> settingsFor(const std::string &method);
// A setting's current value (shared, the method's, or an augmentation field named "augment.KEY"); null when the
// config has no such setting.
json::Value settingValue(const RunConfig &config, const std::string &key);
// Sets a shared, method or "augment.KEY" setting without validating it (validate() does); throws ConfigError for a
// key the run's method does not have.
void setSettingValue(RunConfig &config, const std::string &key, const json::Value &value);
// The defaults of a run of `method`: shared defaults, the method's recipe and its own settings' defaults.
RunConfig defaultRunConfig(const std::string &method = "simclr");
// Switches a config to another method: its own settings take the new method's defaults (a setting both methods
// have keeps its value), and shared settings still at the old method's recipe value take the new recipe's.
void selectMethod(RunConfig &config, const std::string &method);

json::Value toJson(const RunConfig &config);
// Missing fields keep their defaults; unknown fields are errors. Throws ConfigError naming the field
// (e.g. "batch_size"), the bad value and the accepted range. `source` prefixes messages (a file name).
RunConfig runConfigFromJson(const json::Value &value, const std::string &source = "config");
RunConfig loadRunConfig(const std::string &path);
// Throws ConfigError for the first invalid field.
void validate(const RunConfig &config);
// Every problem, as (key, message) pairs in form order; empty when valid. The dialog shows these inline.
// With a translator, the messages of single settings and of the shared checks are in the reader's language (the
// dialog); a method's own checks and the augmentations' stay English.
std::vector<std::pair<std::string, std::string>> validationProblems(const RunConfig &config,
                                                                    const TextTranslator &translate = {});

} // namespace pretext::engine
