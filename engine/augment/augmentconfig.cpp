#include "engine/augment/augmentconfig.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace pretext::engine {

namespace {

// One JSON key and the member it maps to; exactly one of the member pointers is set. A single table drives
// writing, reading and the "did you mean" hint, so a new field cannot be forgotten in one of them.
struct Field {
    const char *key;
    bool AugmentConfig::*boolean = nullptr;
    double AugmentConfig::*number = nullptr;
    int AugmentConfig::*integer = nullptr;
    std::vector<double> AugmentConfig::*list = nullptr;
};

const std::vector<Field> &fields()
{
    using C = AugmentConfig;
    static const std::vector<Field> table = {
        { "output_size", nullptr, nullptr, &C::outputSize },
        { "crop", &C::crop },
        { "crop_prob", nullptr, &C::cropProb },
        { "crop_scale_min", nullptr, &C::cropScaleMin },
        { "crop_scale_max", nullptr, &C::cropScaleMax },
        { "crop_ratio_min", nullptr, &C::cropRatioMin },
        { "crop_ratio_max", nullptr, &C::cropRatioMax },
        { "flip", &C::flip },
        { "flip_prob", nullptr, &C::flipProb },
        { "jitter", &C::jitter },
        { "jitter_prob", nullptr, &C::jitterProb },
        { "brightness", nullptr, &C::brightness },
        { "contrast", nullptr, &C::contrast },
        { "saturation", nullptr, &C::saturation },
        { "hue", nullptr, &C::hue },
        { "grayscale", &C::grayscale },
        { "grayscale_prob", nullptr, &C::grayscaleProb },
        { "blur", &C::blur },
        { "blur_prob", nullptr, &C::blurProb },
        { "blur_kernel", nullptr, nullptr, &C::blurKernel },
        { "blur_sigma_min", nullptr, &C::blurSigmaMin },
        { "blur_sigma_max", nullptr, &C::blurSigmaMax },
        { "solarize", &C::solarize },
        { "solarize_prob", nullptr, &C::solarizeProb },
        { "solarize_threshold", nullptr, &C::solarizeThreshold },
        { "normalize", &C::normalize },
        { "mean", nullptr, nullptr, nullptr, &C::mean },
        { "stddev", nullptr, nullptr, nullptr, &C::stddev },
    };
    return table;
}

// Shortest text that reads back as the same double, so messages show "1.5", not "1.5000000000000000".
std::string formatNumber(double v)
{
    char buf[40];
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", v); // 600, not 6e+02
        return buf;
    }
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

size_t editDistance(const std::string &a, const std::string &b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({ row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1) });
            diagonal = above;
        }
    }
    return row[b.size()];
}

// "a number", "an array": json::Value::typeName with its article.
std::string typeWithArticle(json::Value::Type t)
{
    const std::string name = json::Value::typeName(t);
    return (name[0] == 'a' || name[0] == 'o' ? "an " : "a ") + name;
}

[[noreturn]] void outOfRange(const std::string &name, double value, const std::string &expected)
{
    throw ConfigError(name + " = " + formatNumber(value) + " is out of range; expected " + expected);
}

// The comparisons are written so that NaN fails them (a struct filled from code may hold one).
void checkProbability(const std::string &path, const char *key, double v)
{
    if (!(v >= 0.0 && v <= 1.0)) outOfRange(path + "." + key, v, "0 to 1");
}

void checkMinMax(const std::string &path, const char *minKey, double minV, const char *maxKey, double maxV,
    const std::string &rangeText, double upper)
{
    const auto inRange = [&](double v) { return v > 0.0 && v <= upper && std::isfinite(v); };
    if (!inRange(minV)) outOfRange(path + "." + minKey, minV, rangeText);
    if (!inRange(maxV)) outOfRange(path + "." + maxKey, maxV, rangeText);
    if (!(minV <= maxV))
        outOfRange(path + "." + minKey, minV, "at most " + path + "." + maxKey + " (" + formatNumber(maxV) + ")");
}

void checkNonNegative(const std::string &path, const char *key, double v)
{
    if (!(v >= 0.0 && std::isfinite(v))) outOfRange(path + "." + key, v, "0 or more");
}

void checkList(const std::string &path, const char *key, const std::vector<double> &values, bool positive)
{
    const std::string name = path + "." + key;
    if (values.size() != 0 && values.size() != 1 && values.size() != 3)
        throw ConfigError(name + " has " + std::to_string(values.size())
            + " values; expected none (the dataset's statistics), 1 or 3");
    for (size_t i = 0; i < values.size(); ++i) {
        const std::string item = name + "[" + std::to_string(i) + "]";
        if (positive && !(values[i] > 0.0 && std::isfinite(values[i]))) outOfRange(item, values[i], "greater than 0");
        if (!std::isfinite(values[i])) outOfRange(item, values[i], "a finite number");
    }
}

} // namespace

json::Value toJson(const AugmentConfig &config)
{
    json::Value out = json::Value::object();
    for (const auto &f : fields()) {
        if (f.boolean)
            out[f.key] = config.*f.boolean;
        else if (f.number)
            out[f.key] = config.*f.number;
        else if (f.integer)
            out[f.key] = config.*f.integer;
        else {
            json::Value list = json::Value::array();
            for (double v : config.*f.list)
                list.push_back(v);
            out[f.key] = list;
        }
    }
    return out;
}

AugmentConfig augmentConfigFromJson(const json::Value &value, const std::string &path)
{
    if (!value.isObject()) throw ConfigError(path + ": expected an object, found " + typeWithArticle(value.type()));
    AugmentConfig config;
    for (const auto &[key, v] : value.asObject()) {
        const auto &table = fields();
        auto it = std::find_if(table.begin(), table.end(), [&](const Field &f) { return key == f.key; });
        if (it == table.end()) {
            // Suggest the closest known key: a typo in a hand-written config should not cost a search.
            const Field *best = nullptr;
            size_t bestDistance = 4; // more edits than this is not a typo
            for (const auto &f : table) {
                const size_t d = editDistance(key, f.key);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = &f;
                }
            }
            throw ConfigError(path + ": unknown key \"" + key + "\""
                + (best ? std::string(" (did you mean \"") + best->key + "\"?)" : std::string()));
        }
        const std::string name = path + "." + key;
        const auto typeMismatch = [&](json::Value::Type want, const json::Value &got) {
            return ConfigError(name + ": expected " + typeWithArticle(want) + ", found " + typeWithArticle(got.type()));
        };
        if (it->boolean) {
            if (!v.isBool()) throw typeMismatch(json::Value::Type::Bool, v);
            config.*it->boolean = v.asBool();
        } else if (it->number) {
            if (!v.isNumber()) throw typeMismatch(json::Value::Type::Number, v);
            config.*it->number = v.asNumber();
        } else if (it->integer) {
            if (!v.isNumber()) throw typeMismatch(json::Value::Type::Number, v);
            const double d = v.asNumber();
            if (d != std::floor(d) || std::fabs(d) > 1e9)
                throw ConfigError(name + " = " + formatNumber(d) + " is not an integer");
            config.*it->integer = static_cast<int>(d);
        } else {
            if (!v.isArray()) throw typeMismatch(json::Value::Type::Array, v);
            std::vector<double> list;
            for (size_t i = 0; i < v.asArray().size(); ++i) {
                const auto &item = v.asArray()[i];
                if (!item.isNumber())
                    throw ConfigError(
                        name + "[" + std::to_string(i) + "]: expected a number, found " + typeWithArticle(item.type()));
                list.push_back(item.asNumber());
            }
            config.*it->list = std::move(list);
        }
    }
    validate(config, path);
    return config;
}

void validate(const AugmentConfig &c, const std::string &path)
{
    if (c.outputSize != 0 && (c.outputSize < 8 || c.outputSize > 512))
        outOfRange(path + ".output_size", c.outputSize, "0 (the dataset's image size) or 8 to 512");

    checkProbability(path, "crop_prob", c.cropProb);
    checkMinMax(
        path, "crop_scale_min", c.cropScaleMin, "crop_scale_max", c.cropScaleMax, "greater than 0 and at most 1", 1.0);
    checkMinMax(path, "crop_ratio_min", c.cropRatioMin, "crop_ratio_max", c.cropRatioMax, "greater than 0", HUGE_VAL);

    checkProbability(path, "flip_prob", c.flipProb);

    checkProbability(path, "jitter_prob", c.jitterProb);
    checkNonNegative(path, "brightness", c.brightness);
    checkNonNegative(path, "contrast", c.contrast);
    checkNonNegative(path, "saturation", c.saturation);
    // torchvision's ColorJitter bounds hue to [0, 0.5]: a shift of half the hue circle either way covers it.
    if (!(c.hue >= 0.0 && c.hue <= 0.5)) outOfRange(path + ".hue", c.hue, "0 to 0.5");

    checkProbability(path, "grayscale_prob", c.grayscaleProb);

    checkProbability(path, "blur_prob", c.blurProb);
    if (c.blurKernel < 1 || c.blurKernel > 31 || c.blurKernel % 2 == 0)
        outOfRange(path + ".blur_kernel", c.blurKernel, "an odd number from 1 to 31");
    checkMinMax(path, "blur_sigma_min", c.blurSigmaMin, "blur_sigma_max", c.blurSigmaMax, "greater than 0", HUGE_VAL);

    checkProbability(path, "solarize_prob", c.solarizeProb);
    checkProbability(path, "solarize_threshold", c.solarizeThreshold);

    checkList(path, "mean", c.mean, false);
    checkList(path, "stddev", c.stddev, true);
}

} // namespace pretext::engine
