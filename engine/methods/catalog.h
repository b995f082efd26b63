// The method registry: every method describes itself (name, family, a paragraph for the dialog, its own
// settings, the preview kinds it produces, its recipe). CLI help, config validation, the dialog's method list and
// tooltips and the window's panels read this; the trainer and the window know no method by name.
// Torch-free: the GUI includes it. Adding a method: its file pair plus one line in methods/registry.cpp.
#pragma once

#include "engine/core/previews.h"
#include "engine/core/settings.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pretext::engine {

class Method;
struct MethodContext;
struct RunConfig;

// Supervised: the baseline every self-supervised method is measured against (it learns from the labels).
enum class MethodFamily { Pretext, Contrastive, SelfDistillation, Masked, Supervised };
// "pretext task", "contrastive", "self-distillation", "masked modeling", "supervised baseline"
const char *familyName(MethodFamily family);

struct MethodInfo {
    std::string name;        // config value and CLI name, e.g. "moco"
    std::string title;       // shown in menus, e.g. "MoCo v2"
    MethodFamily family = MethodFamily::Contrastive;
    std::string summary;     // one line: CLI help and the method menu's tooltip
    std::string description; // one paragraph for the dialog: what it learns and what to watch
    std::vector<Setting> settings;     // the method's own settings (JSON keys at the top level of config.json)
    std::vector<PreviewKind> previews; // what it produces, in the order the views dock shows them
    std::vector<std::string> backbones; // backbones it fits; empty = all
    // Shared settings this method's recipe sets differently from RunConfig's defaults (e.g. {"lr": 0.001}):
    // applied when a config names the method and leaves them out.
    json::Value recipe = json::Value::object();
    std::string liveSetting; // key of the setting the toolbar edits live (e.g. "temperature"); empty = none
    // The method learns from colour (colorization predicts it from gray): a 1-channel dataset (MNIST, Fashion-MNIST)
    // is refused when the run starts, and the new-run dialog does not offer the method for one.
    bool needsColour = false;
    // Checks that involve several settings (e.g. the queue must hold a whole batch), as (key, message) pairs;
    // called once every single setting is in range.
    std::function<std::vector<std::pair<std::string, std::string>>(const RunConfig &)> check;
};

using MethodFactory = std::function<std::shared_ptr<Method>(const RunConfig &, const MethodContext &)>;

// Every registered method, in menu order.
const std::vector<MethodInfo> &methodCatalog();
std::vector<std::string> methodNames();
// nullptr when no method of that name is registered.
const MethodInfo *findMethod(const std::string &name);
// Adds a method at run time (tests; plug-ins). Replaces one of the same name.
void registerMethod(MethodInfo info, MethodFactory factory);
// The factory of a registered method; throws ConfigError naming the known methods.
const MethodFactory &methodFactory(const std::string &name);

// Why `method` cannot train on `dataset` (its spec) whose images have `channels` channels, in words for a teacher
// (the dataset named, what to choose instead); empty when it can. The run's refusal and the dialog both show it.
std::string colourProblem(const MethodInfo &method, const std::string &dataset, int64_t channels);

// Settings shared by several methods, described once here and included in their tables.
Setting temperatureSetting(double def);
// Masked modeling: the share of patches hidden (`note` ends the help, e.g. "MAE: 0.75"), the patch side in pixels
// (from `min`; `divides` names the sizes that fit the usual images), random or block-wise masks.
Setting maskRatioSetting(double def, const std::string &note);
Setting patchSizeSetting(int64_t min, const std::string &divides);
Setting maskShapeSetting(const std::string &def);
Setting projectionDimSetting(int64_t def);
Setting projectionHiddenSetting(int64_t def);

} // namespace pretext::engine
