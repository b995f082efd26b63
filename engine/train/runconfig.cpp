#include "engine/train/runconfig.h"

#include "engine/core/errors.h"
#include "engine/methods/catalog.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string_view>
#include <variant>

namespace pretext::engine {

std::vector<std::string> backboneNames()
{
    return {"convnet", "resnet18", "vit-tiny"};
}

namespace {

namespace g = settinggroup;
using Member = std::variant<std::string RunConfig::*, int RunConfig::*, int64_t RunConfig::*, double RunConfig::*,
                            bool RunConfig::*, uint64_t RunConfig::*>;

// A shared setting: its description and the RunConfig member it lives in. This table is the only place a shared
// setting is written down.
struct SharedSetting {
    Setting spec;
    Member member;
};

const std::vector<SharedSetting> &sharedTable()
{
    using C = RunConfig;
    using S = Setting;
    static const std::vector<SharedSetting> table = {
        {S::choice("method", "Method", "simclr", {}) // choices: the registry's, filled in by runSettings()
             .withHelp("The self-supervised method; its own settings follow it.").withMetavar("NAME").inGroup(g::kMethod),
         &C::method},
        {S::choice("backbone", "Backbone", "convnet", backboneNames())
             .withHelp("The encoder: the small ConvNet (CPU class demos), ResNet-18 with the CIFAR stem, or ViT-Tiny.")
             .withMetavar("NAME").inGroup(g::kMethod),
         &C::backbone},
        {S::text("dataset", "Dataset", "fashion-mnist")
             .withHelp("fashion-mnist, mnist:DIR, cifar10:DIR, cifar100:DIR, stl10:DIR, folder:DIR, shapes[:N]")
             .withMetavar("SPEC").inGroup(g::kData),
         &C::dataset},
        {S::integer("train_limit", "Training images", 0, 0, 1e9)
             .withHelp("Use only the first N training images (0 = all).").withSpecial("all").withMetavar("N")
             .inGroup(g::kData),
         &C::trainLimit},
        {S::integer("test_limit", "Test images", 0, 0, 1e9)
             .withHelp("Use only the first N test images (0 = all).").withSpecial("all").withMetavar("N")
             .inGroup(g::kData),
         &C::testLimit},
        {S::integer("epochs", "Epochs", 3, 1, 10000).withHelp("Passes over the training set.").withMetavar("N")
             .inGroup(g::kOptimisation),
         &C::epochs},
        {S::integer("steps_per_epoch", "Steps per epoch", 0, 0, 1e9)
             .withHelp("Limit the steps of each epoch (0 = a full pass over the training set).")
             .withSpecial("full pass").withMetavar("N").inGroup(g::kOptimisation),
         &C::stepsPerEpoch},
        {S::integer("batch_size", "Batch size", 256, 2, 8192)
             .withHelp("Images per batch; each gives the method's views (two for SimCLR: 2N views, 2N-2 negatives).")
             .withMetavar("N").inGroup(g::kOptimisation),
         &C::batchSize},
        {S::choice("optimizer", "Optimizer", "adam", {"adam", "sgd", "lars"})
             .withHelp("Adam (the reference text's), SGD with momentum, or LARS (layer-wise trust ratio, for big batches).")
             .withMetavar("NAME").inGroup(g::kOptimisation),
         &C::optimizer},
        {S::real("lr", "Learning rate", 3e-4, 0, 10).exclusiveMin().withDecimals(6)
             .withHelp("Base learning rate (the schedule scales it).").withMetavar("X").inGroup(g::kOptimisation),
         &C::lr},
        {S::real("weight_decay", "Weight decay", 1e-6, 0, 1).withDecimals(7)
             .withHelp("L2 penalty added to the gradients of the weights.")
             .withMetavar("X").inGroup(g::kOptimisation).asAdvanced(),
         &C::weightDecay},
        {S::real("momentum", "Momentum", 0.9, 0, 0.999).withDecimals(3)
             .withHelp("SGD and LARS momentum.").withMetavar("X").inGroup(g::kOptimisation).asAdvanced(),
         &C::momentum},
        {S::choice("schedule", "Schedule", "constant", {"constant", "cosine"})
             .withHelp("Learning-rate schedule after the warm-up: constant, or cosine decay to 0.").withMetavar("NAME")
             .inGroup(g::kOptimisation),
         &C::schedule},
        {S::integer("warmup_steps", "Warm-up steps", 0, 0, 1e9)
             .withHelp("Steps of linear learning-rate warm-up from 0.").withSpecial("none").withMetavar("N")
             .inGroup(g::kOptimisation).asAdvanced(),
         &C::warmupSteps},
        {S::boolean("online_probe", "Online probe", true)
             .withHelp("Train a linear classifier on detached features alongside, every step (its accuracy is live).")
             .inGroup(g::kEvaluation),
         &C::onlineProbe},
        {S::boolean("eval_each_epoch", "Evaluate each epoch", true)
             .withHelp("Offline linear probe and kNN at every epoch end, and the random-init baseline at the start.")
             .inGroup(g::kEvaluation),
         &C::evalEachEpoch},
        {S::integer("probe_epochs", "Probe epochs", 20, 1, 1000)
             .withHelp("Epochs of the offline linear probe on frozen features.").withMetavar("N").inGroup(g::kEvaluation),
         &C::probeEpochs},
        {S::boolean("probe_standardize", "Standardise probe features", true)
             .withHelp("Standardise frozen features before the offline probe (off: raw features, as the reference text).")
             .inGroup(g::kEvaluation),
         &C::probeStandardize},
        {S::integer("knn_k", "kNN neighbours", 200, 1, 10000)
             .withHelp("Neighbours of the weighted kNN classifier.").withMetavar("K").inGroup(g::kEvaluation).asAdvanced(),
         &C::knnK},
        {S::real("knn_temperature", "kNN temperature", 0.1, 0.001, 10).withDecimals(3)
             .withHelp("Temperature of the kNN vote weights exp(cos/T).").withMetavar("X").inGroup(g::kEvaluation)
             .asAdvanced(),
         &C::knnTemperature},
        {S::integer("eval_train_limit", "Probe training images", 0, 0, 1e9)
             .withHelp("Probe and kNN bank from the first N training images (0 = all).").withSpecial("all")
             .withMetavar("N").inGroup(g::kEvaluation),
         &C::evalTrainLimit},
        {S::integer("seed", "Seed", 0, 0, 9007199254740991.0)
             .withHelp("Seed for weights, data order and augmentations: the same seed gives the same run.")
             .withMetavar("N").inGroup(g::kExecution),
         &C::seed},
        {S::integer("threads", "Threads", 0, 0, 1024)
             .withHelp("CPU threads (0 = all cores).").withSpecial("all cores").withMetavar("N").inGroup(g::kExecution),
         &C::threads},
        {S::text("device", "Device", "cpu").withHelp("cpu, cuda or cuda:N.").withMetavar("DEV").inGroup(g::kExecution),
         &C::device},
        {S::choice("precision", "Precision", "auto", {"auto", "fp32", "bf16"})
             .withHelp("auto: bf16 mixed precision on CUDA and on CPUs with native bf16, fp32 elsewhere.")
             .withMetavar("P").inGroup(g::kExecution),
         &C::precision},
        {S::integer("checkpoint_every", "Checkpoint every", 200, 1, 1e9)
             .withHelp("Steps between checkpoints (one is also written at every epoch end and on stop).")
             .withMetavar("N").inGroup(g::kExecution).asAdvanced(),
         &C::checkpointEvery},
        {S::real("previews_per_second", "Previews per second", 4, 0, 60).withDecimals(2)
             .withHelp("Upper bound on live previews sent to the window (0 = none).").withMetavar("X")
             .inGroup(g::kExecution).asAdvanced(),
         &C::previewsPerSecond},
        {S::integer("preview_samples", "Preview samples", 8, 1, 64)
             .withHelp("Samples shown in the live views and the similarity matrix.").withMetavar("N")
             .inGroup(g::kExecution).asAdvanced(),
         &C::previewSamples},
    };
    return table;
}

const SharedSetting *findShared(const std::string &key)
{
    for (const auto &s : sharedTable())
        if (s.spec.key == key) return &s;
    return nullptr;
}

json::Value readMember(const RunConfig &c, const Member &m)
{
    return std::visit(
        [&](auto member) -> json::Value {
            const auto &v = c.*member;
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool>) return json::Value(v);
            else if constexpr (std::is_same_v<T, double>) return json::Value(v);
            else if constexpr (std::is_unsigned_v<T>) return json::Value(static_cast<uint64_t>(v)); // the seed, exactly
            else return json::Value(static_cast<int64_t>(v));
        },
        m);
}

void writeMember(RunConfig &c, const Member &m, const json::Value &v)
{
    std::visit(
        [&](auto member) {
            auto &out = c.*member;
            using T = std::decay_t<decltype(out)>;
            if constexpr (std::is_same_v<T, std::string>) out = v.asString();
            else if constexpr (std::is_same_v<T, bool>) out = v.asBool();
            else if constexpr (std::is_same_v<T, double>) out = v.asNumber();
            else if (v.isInteger()) {
                // Exactly (a seed past 2^53 too), clamped to the type: readers range-check first.
                const int64_t i = v.asInt64();
                if constexpr (std::is_unsigned_v<T>)
                    out = i < 0 ? T{} : static_cast<T>(std::min<uint64_t>(static_cast<uint64_t>(i), std::numeric_limits<T>::max()));
                else
                    out = static_cast<T>(std::clamp<int64_t>(i, std::numeric_limits<T>::lowest(), std::numeric_limits<T>::max()));
            } else {
                // Clamped to the type before narrowing (a double outside it would be undefined behaviour); readers
                // range-check first, so the clamped value is never one the table accepts silently.
                const double d = v.asNumber();
                const double lo = static_cast<double>(std::numeric_limits<T>::lowest());
                const double hi = static_cast<double>(std::numeric_limits<T>::max()) * (1.0 - 1e-15);
                out = std::isfinite(d) ? static_cast<T>(std::clamp(d, lo, hi)) : T{};
            }
        },
        m);
}

// Keys that configs written before the method registry held at the top level for every method; accepted and
// ignored when the run's method has no such setting.
bool isLegacyKey(const std::string &key)
{
    return key == "temperature" || key == "projection_dim" || key == "projection_hidden" || key == "jigsaw_grid" ||
           key == "jigsaw_permutations";
}

const MethodInfo &methodOrThrow(const std::string &name)
{
    if (const MethodInfo *m = findMethod(name)) return *m;
    std::string names;
    for (const auto &n : methodNames()) names += (names.empty() ? "" : ", ") + n;
    throw ConfigError("method = \"" + name + "\" is not accepted; expected one of: " + names);
}

// The method whose table holds `key`, other than `except`; nullptr when none.
const MethodInfo *methodWithSetting(const std::string &key, const std::string &except)
{
    for (const auto &m : methodCatalog())
        if (m.name != except && findSetting(m.settings, key)) return &m;
    return nullptr;
}

// Checks a value before it is stored (so 1e10 never narrows into an int): a wrong JSON type names the source
// ("cfg.json: field epochs: expected a number…"), a range problem reads as validate() words it.
void requireType(const Setting &s, const json::Value &v, const std::string &source)
{
    const std::string problem = checkSetting(s, v);
    if (problem.empty()) return;
    if (problem.rfind("field ", 0) == 0) throw ConfigError(source.empty() ? problem : source + ": " + problem);
    throw ConfigError(problem);
}

} // namespace

namespace {

// A method setting's value: the one set, else the default of the method's table; nullptr when the method has no
// such setting. Code may build a RunConfig and change `method` without filling methodSettings.
const json::Value *methodSetting(const RunConfig &c, const std::string &key)
{
    if (const json::Value *v = c.methodSettings.find(key)) return v;
    if (const MethodInfo *m = findMethod(c.method))
        if (const Setting *s = findSetting(m->settings, key)) return &s->defaultValue;
    return nullptr;
}

} // namespace

double RunConfig::real(const std::string &key) const
{
    const json::Value *v = methodSetting(*this, key);
    if (!v || !v->isNumber()) throw ConfigError("method " + method + " has no numeric setting " + key);
    return v->asNumber();
}

int64_t RunConfig::integer(const std::string &key) const
{
    const json::Value *v = methodSetting(*this, key);
    if (v && v->isInteger()) return v->asInt64();
    return static_cast<int64_t>(std::llround(real(key)));
}

bool RunConfig::flag(const std::string &key) const
{
    const json::Value *v = methodSetting(*this, key);
    if (!v || !v->isBool()) throw ConfigError("method " + method + " has no on/off setting " + key);
    return v->asBool();
}

std::string RunConfig::text(const std::string &key) const
{
    const json::Value *v = methodSetting(*this, key);
    if (!v || !v->isString()) throw ConfigError("method " + method + " has no text setting " + key);
    return v->asString();
}

const std::vector<Setting> &runSettings()
{
    // Rebuilt when the registry grows (tests and plug-ins register methods at run time).
    static std::vector<Setting> table;
    static size_t methodCount = static_cast<size_t>(-1);
    if (methodCount != methodCatalog().size()) {
        table.clear();
        for (const auto &s : sharedTable()) table.push_back(s.spec);
        table.front().choices = methodNames();
        std::string help = "The self-supervised method:";
        for (size_t i = 0; i < methodCatalog().size(); ++i)
            help += (i ? ", " : " ") + methodCatalog()[i].name + " (" + methodCatalog()[i].title + ")";
        table.front().help = help + ".";
        methodCount = methodCatalog().size();
    }
    return table;
}

std::vector<Setting> settingsFor(const std::string &method)
{
    std::vector<Setting> all = runSettings();
    if (const MethodInfo *m = findMethod(method)) all.insert(all.end(), m->settings.begin(), m->settings.end());
    return all;
}

namespace {
// "augment.crop_scale_min" names a field of the augmentation pipeline, as the dialog's rows and recipes do.
constexpr std::string_view kAugmentPrefix = "augment.";
bool isAugmentKey(const std::string &key) { return key.rfind(kAugmentPrefix, 0) == 0; }
} // namespace

json::Value settingValue(const RunConfig &c, const std::string &key)
{
    if (isAugmentKey(key)) return augmentSettingValue(c.augment, key.substr(kAugmentPrefix.size()));
    if (const SharedSetting *s = findShared(key)) return readMember(c, s->member);
    if (const json::Value *v = methodSetting(c, key)) return *v;
    return {};
}

void setSettingValue(RunConfig &c, const std::string &key, const json::Value &value)
{
    if (isAugmentKey(key)) {
        setAugmentSettingValue(c.augment, key.substr(kAugmentPrefix.size()), value, "augment");
        return;
    }
    if (const SharedSetting *s = findShared(key)) {
        const std::string problem = checkSetting(s->spec, value);
        // Type mismatches cannot be stored; range problems are kept for validate() to report.
        if (!problem.empty() && problem.find(" = ") == std::string::npos) throw ConfigError(problem);
        writeMember(c, s->member, value);
        return;
    }
    const MethodInfo &m = methodOrThrow(c.method);
    if (!findSetting(m.settings, key)) {
        if (const MethodInfo *other = methodWithSetting(key, m.name))
            throw ConfigError(key + " is a setting of method " + other->name + "; method " + m.name +
                              " does not use it");
        throw ConfigError("unknown setting " + key);
    }
    c.methodSettings[key] = value;
}

RunConfig defaultRunConfig(const std::string &method)
{
    RunConfig c;
    c.method = method;
    const MethodInfo &m = methodOrThrow(method);
    for (const auto &kv : m.recipe.asObject()) setSettingValue(c, kv.first, kv.second);
    c.methodSettings = json::Value::object();
    for (const auto &s : m.settings) c.methodSettings[s.key] = s.defaultValue;
    return c;
}

void selectMethod(RunConfig &c, const std::string &method)
{
    if (c.method == method) return;
    const MethodInfo &next = methodOrThrow(method);
    const MethodInfo *previous = findMethod(c.method);
    const RunConfig plain;
    // Shared settings still at the previous method's recipe value (or the plain default) follow the new recipe.
    std::vector<std::string> recipeKeys;
    if (previous)
        for (const auto &kv : previous->recipe.asObject()) recipeKeys.push_back(kv.first);
    for (const auto &kv : next.recipe.asObject()) recipeKeys.push_back(kv.first);
    for (const auto &key : recipeKeys) {
        const json::Value *was = previous ? previous->recipe.find(key) : nullptr;
        const json::Value oldDefault = was ? *was : settingValue(plain, key);
        if (json::dump(settingValue(c, key)) != json::dump(oldDefault)) continue; // edited: keep it
        const json::Value *now = next.recipe.find(key);
        setSettingValue(c, key, now ? *now : settingValue(plain, key));
    }
    json::Value settings = json::Value::object();
    for (const auto &s : next.settings) {
        const json::Value *kept = methodSetting(c, s.key);
        settings[s.key] = kept && checkSetting(s, *kept).empty() ? *kept : s.defaultValue;
    }
    c.method = method;
    c.methodSettings = settings;
}

json::Value toJson(const RunConfig &c)
{
    json::Value v = json::Value::object();
    for (const auto &s : sharedTable()) {
        v[s.spec.key] = readMember(c, s.member);
        if (s.spec.key == "backbone") {
            // The method's own settings follow method and backbone, in the method's table order.
            if (const MethodInfo *m = findMethod(c.method))
                for (const auto &ms : m->settings)
                    if (const json::Value *mv = methodSetting(c, ms.key)) v[ms.key] = *mv;
        }
    }
    v["augment"] = toJson(c.augment);
    return v;
}

RunConfig runConfigFromJson(const json::Value &value, const std::string &source)
{
    if (!value.isObject()) throw ConfigError(source + ": expected a JSON object");
    std::string method = "simclr";
    if (const json::Value *m = value.find("method")) {
        requireType(runSettings().front(), *m, source);
        if (!findMethod(m->asString())) methodOrThrow(m->asString());
        method = m->asString();
    }
    RunConfig c = defaultRunConfig(method);
    const MethodInfo &info = *findMethod(method);
    for (const auto &[key, v] : value.asObject()) {
        if (key == "method" || key == "versions" || key == "run_id") continue; // written for the record, ignored on input
        if (key == "augment") {
            c.augment = augmentConfigFromJson(v, "augment", c.augment); // over the recipe's
            continue;
        }
        if (const SharedSetting *s = findShared(key)) {
            requireType(s->spec, v, source);
            writeMember(c, s->member, v);
            continue;
        }
        if (const Setting *s = findSetting(info.settings, key)) {
            requireType(*s, v, source);
            c.methodSettings[key] = v;
            continue;
        }
        if (isLegacyKey(key)) continue;
        if (const MethodInfo *other = methodWithSetting(key, method))
            throw ConfigError(source + ": field \"" + key + "\" is a setting of method " + other->name + "; method " +
                              method + " does not use it");
        std::vector<std::string> known;
        for (const auto &s : settingsFor(method)) known.push_back(s.key);
        known.push_back("augment");
        const std::string hint = closestKey(known, key);
        std::string list;
        for (const auto &k : known) list += (list.empty() ? "" : ", ") + k;
        throw ConfigError(source + ": unknown field \"" + key + "\"" +
                          (hint.empty() ? "; accepted fields: " + list : " (did you mean \"" + hint + "\"?)"));
    }
    validate(c);
    return c;
}

RunConfig loadRunConfig(const std::string &path)
{
    json::Value v;
    try {
        v = json::parseFile(path);
    } catch (const std::exception &e) {
        throw ConfigError(e.what());
    }
    try {
        return runConfigFromJson(v, path);
    } catch (const ConfigError &e) {
        const std::string what = e.what();
        throw ConfigError(what.rfind(path, 0) == 0 ? what : path + ": " + what);
    }
}

std::vector<std::pair<std::string, std::string>> validationProblems(const RunConfig &c, const TextTranslator &translate)
{
    std::vector<std::pair<std::string, std::string>> problems;
    auto add = [&](const std::string &key, std::string message) {
        if (!message.empty()) problems.emplace_back(key, std::move(message));
    };
    const auto say = [&](const char *text, const std::vector<std::string> &args) {
        return fillText(translate ? translate(text) : std::string(text), args);
    };
    for (const auto &s : runSettings()) add(s.key, checkSetting(s, settingValue(c, s.key), translate));
    if (c.dataset.empty())
        add("dataset", say(PRETEXT_TEXT("engine", "dataset is empty; expected a spec such as fashion-mnist or shapes:2000"), {}));
    if (c.device != "cpu" && !(c.device == "cuda" || (c.device.rfind("cuda:", 0) == 0 && c.device.size() > 5 &&
                                                      c.device.find_first_not_of("0123456789", 5) == std::string::npos)))
        add("device", say(PRETEXT_TEXT("engine", "device = \"%1\" is not accepted; expected cpu, cuda or cuda:N"), {c.device}));
    const MethodInfo *m = findMethod(c.method);
    if (m) {
        for (const auto &s : m->settings) add(s.key, checkSetting(s, *methodSetting(c, s.key), translate));
        for (const auto &kv : c.methodSettings.asObject())
            if (!findSetting(m->settings, kv.first))
                add(kv.first, say(PRETEXT_TEXT("engine", "%1 is not a setting of method %2"), {kv.first, m->name}));
        if (!m->backbones.empty() &&
            std::find(m->backbones.begin(), m->backbones.end(), c.backbone) == m->backbones.end()) {
            std::string list;
            for (const auto &b : m->backbones) list += (list.empty() ? "" : ", ") + b;
            add("backbone", say(PRETEXT_TEXT("engine", "backbone = \"%1\" does not fit method %2; expected one of: %3"),
                                {c.backbone, m->name, list}));
        }
        if (problems.empty() && m->check) {
            for (auto &p : m->check(c)) add(p.first, p.second);
        }
    }
    for (auto &[key, message] : augmentProblems(c.augment, "augment")) add(key, std::move(message));
    return problems;
}

void validate(const RunConfig &c)
{
    const auto problems = validationProblems(c);
    if (!problems.empty()) throw ConfigError(problems.front().second);
}

} // namespace pretext::engine
