#include "engine/train/runconfig.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace pretext::engine {

std::vector<std::string> methodNames()
{
    return {"simclr", "rotation", "jigsaw"};
}

std::vector<std::string> backboneNames()
{
    return {"convnet", "resnet18", "vit-tiny"};
}

namespace {

std::string joined(const std::vector<std::string> &v)
{
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
    return s;
}

std::string num(double v)
{
    std::ostringstream o;
    o << v;
    return o.str();
}

void checkRange(const char *field, double v, double lo, double hi)
{
    if (!(v >= lo && v <= hi))
        throw ConfigError(std::string(field) + " = " + num(v) + " is out of range; expected " + num(lo) + " to " +
                          num(hi));
}

void checkOneOf(const char *field, const std::string &v, const std::vector<std::string> &allowed)
{
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
        throw ConfigError(std::string(field) + " = \"" + v + "\" is not accepted; expected one of: " + joined(allowed));
}

// Reads fields from a JSON object, remembering which ones were consumed, so unknown keys can be reported.
class Reader {
public:
    Reader(const json::Value &v, std::string source) : m_v(v), m_source(std::move(source))
    {
        if (!v.isObject()) throw ConfigError(m_source + ": expected a JSON object");
    }

    template <typename T>
    void get(const char *key, T &out)
    {
        m_known.push_back(key);
        const json::Value *f = m_v.find(key);
        if (!f) return;
        try {
            if constexpr (std::is_same_v<T, bool>) {
                out = f->asBool();
            } else if constexpr (std::is_same_v<T, std::string>) {
                out = f->asString();
            } else if constexpr (std::is_integral_v<T>) {
                double d = f->asNumber();
                if (d != std::floor(d)) throw std::runtime_error("expected an integer, found " + num(d));
                if (std::is_unsigned_v<T> && d < 0) throw std::runtime_error("expected a non-negative integer");
                out = static_cast<T>(d);
            } else {
                out = f->asNumber();
            }
        } catch (const ConfigError &) {
            throw;
        } catch (const std::exception &e) {
            throw ConfigError(m_source + ": field " + key + ": " + e.what());
        }
    }

    const json::Value *raw(const char *key)
    {
        m_known.push_back(key);
        return m_v.find(key);
    }

    void rejectUnknown() const
    {
        for (const auto &kv : m_v.asObject())
            if (std::find(m_known.begin(), m_known.end(), kv.first) == m_known.end())
                throw ConfigError(m_source + ": unknown field \"" + kv.first + "\"; accepted fields: " + joined(m_known));
    }

private:
    const json::Value &m_v;
    std::string m_source;
    std::vector<std::string> m_known;
};

} // namespace

json::Value toJson(const RunConfig &c)
{
    json::Value v;
    v["method"] = c.method;
    v["backbone"] = c.backbone;
    v["dataset"] = c.dataset;
    v["train_limit"] = c.trainLimit;
    v["test_limit"] = c.testLimit;
    v["epochs"] = c.epochs;
    v["steps_per_epoch"] = c.stepsPerEpoch;
    v["batch_size"] = c.batchSize;
    v["optimizer"] = c.optimizer;
    v["lr"] = c.lr;
    v["weight_decay"] = c.weightDecay;
    v["momentum"] = c.momentum;
    v["schedule"] = c.schedule;
    v["warmup_steps"] = c.warmupSteps;
    v["temperature"] = c.temperature;
    v["projection_dim"] = c.projectionDim;
    v["projection_hidden"] = c.projectionHidden;
    v["jigsaw_grid"] = c.jigsawGrid;
    v["jigsaw_permutations"] = c.jigsawPermutations;
    v["online_probe"] = c.onlineProbe;
    v["eval_each_epoch"] = c.evalEachEpoch;
    v["probe_epochs"] = c.probeEpochs;
    v["probe_standardize"] = c.probeStandardize;
    v["knn_k"] = c.knnK;
    v["knn_temperature"] = c.knnTemperature;
    v["eval_train_limit"] = c.evalTrainLimit;
    v["seed"] = c.seed;
    v["threads"] = c.threads;
    v["device"] = c.device;
    v["precision"] = c.precision;
    v["checkpoint_every"] = c.checkpointEvery;
    v["previews_per_second"] = c.previewsPerSecond;
    v["preview_samples"] = c.previewSamples;
    v["augment"] = toJson(c.augment);
    return v;
}

RunConfig runConfigFromJson(const json::Value &value, const std::string &source)
{
    RunConfig c;
    Reader r(value, source);
    r.get("method", c.method);
    r.get("backbone", c.backbone);
    r.get("dataset", c.dataset);
    r.get("train_limit", c.trainLimit);
    r.get("test_limit", c.testLimit);
    r.get("epochs", c.epochs);
    r.get("steps_per_epoch", c.stepsPerEpoch);
    r.get("batch_size", c.batchSize);
    r.get("optimizer", c.optimizer);
    r.get("lr", c.lr);
    r.get("weight_decay", c.weightDecay);
    r.get("momentum", c.momentum);
    r.get("schedule", c.schedule);
    r.get("warmup_steps", c.warmupSteps);
    r.get("temperature", c.temperature);
    r.get("projection_dim", c.projectionDim);
    r.get("projection_hidden", c.projectionHidden);
    r.get("jigsaw_grid", c.jigsawGrid);
    r.get("jigsaw_permutations", c.jigsawPermutations);
    r.get("online_probe", c.onlineProbe);
    r.get("eval_each_epoch", c.evalEachEpoch);
    r.get("probe_epochs", c.probeEpochs);
    r.get("probe_standardize", c.probeStandardize);
    r.get("knn_k", c.knnK);
    r.get("knn_temperature", c.knnTemperature);
    r.get("eval_train_limit", c.evalTrainLimit);
    r.get("seed", c.seed);
    r.get("threads", c.threads);
    r.get("device", c.device);
    r.get("precision", c.precision);
    r.get("checkpoint_every", c.checkpointEvery);
    r.get("previews_per_second", c.previewsPerSecond);
    r.get("preview_samples", c.previewSamples);
    // Written by the engine for the record; accepted and ignored on input.
    r.raw("versions");
    if (const json::Value *aug = r.raw("augment")) c.augment = augmentConfigFromJson(*aug, "augment");
    r.rejectUnknown();
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

void validate(const RunConfig &c)
{
    checkOneOf("method", c.method, methodNames());
    checkOneOf("backbone", c.backbone, backboneNames());
    if (c.dataset.empty()) throw ConfigError("dataset is empty; expected a spec such as fashion-mnist or shapes:2000");
    checkRange("train_limit", static_cast<double>(c.trainLimit), 0, 1e9);
    checkRange("test_limit", static_cast<double>(c.testLimit), 0, 1e9);
    checkRange("epochs", c.epochs, 1, 10000);
    checkRange("steps_per_epoch", static_cast<double>(c.stepsPerEpoch), 0, 1e9);
    checkRange("batch_size", c.batchSize, 2, 8192);
    checkOneOf("optimizer", c.optimizer, {"adam", "sgd", "lars"});
    if (!(c.lr > 0 && c.lr <= 10)) throw ConfigError("lr = " + num(c.lr) + " is out of range; expected more than 0, at most 10");
    checkRange("weight_decay", c.weightDecay, 0, 1);
    checkRange("momentum", c.momentum, 0, 0.999);
    checkOneOf("schedule", c.schedule, {"constant", "cosine"});
    checkRange("warmup_steps", static_cast<double>(c.warmupSteps), 0, 1e9);
    checkRange("temperature", c.temperature, 0.01, 10);
    checkRange("projection_dim", c.projectionDim, 2, 8192);
    checkRange("projection_hidden", c.projectionHidden, 2, 16384);
    checkRange("jigsaw_grid", c.jigsawGrid, 2, 4);
    checkRange("jigsaw_permutations", c.jigsawPermutations, 2, c.jigsawGrid == 2 ? 24 : 1000);
    checkRange("probe_epochs", c.probeEpochs, 1, 1000);
    checkRange("knn_k", c.knnK, 1, 10000);
    checkRange("knn_temperature", c.knnTemperature, 0.001, 10);
    checkRange("eval_train_limit", static_cast<double>(c.evalTrainLimit), 0, 1e9);
    checkRange("threads", c.threads, 0, 1024);
    if (c.device != "cpu" && c.device.rfind("cuda", 0) != 0)
        throw ConfigError("device = \"" + c.device + "\" is not accepted; expected cpu, cuda or cuda:N");
    checkOneOf("precision", c.precision, {"auto", "fp32", "bf16"});
    checkRange("checkpoint_every", static_cast<double>(c.checkpointEvery), 1, 1e9);
    checkRange("previews_per_second", c.previewsPerSecond, 0, 60);
    checkRange("preview_samples", c.previewSamples, 1, 64);
    validate(c.augment, "augment");
}

} // namespace pretext::engine
