#include "engine/augment/augmentconfig.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <variant>

namespace pretext::engine {

namespace {

using C = AugmentConfig;
using Member = std::variant<bool C::*, double C::*, int C::*, std::vector<double> C::*>;

// One setting: its description and the member it lives in. This table is the only place an augmentation field is
// written down: JSON writing and reading, the "did you mean" hint, augmentSettings() and the dialog follow it.
struct Field {
    AugmentSetting info;
    Member member;
    const std::string &key() const { return info.setting.key; }
};

Field field(Setting s, const char *op, Member member)
{
    s.group = "Augmentation";
    return { { std::move(s), op, std::holds_alternative<std::vector<double> C::*>(member) }, member };
}

Field probability(const char *key, const char *op, double def, double C::*member)
{
    return field(Setting::real(key, "Probability", def, 0, 1)
                     .withDecimals(2)
                     .withHelp("Probability that a view gets this augmentation (0 = never, 1 = always)."),
        op, member);
}

// A list of per-channel values; its default is the empty list (the dataset's own statistics).
Setting channelList(const char *key, const char *label, const char *help)
{
    Setting s = Setting::real(key, label, 0, 0, 0).withHelp(help).noCliFlag();
    s.defaultValue = json::Value::array();
    return s;
}

const std::vector<Field> &fields()
{
    using S = Setting;
    // Help texts explain each field to a student; the defaults are the reference text's SimCLRAugmentation.
    static const std::vector<Field> table = {
        field(S::integer("output_size", "Output size", 0, 0, 512)
                  .withSpecial("dataset size")
                  .withHelp("Side in pixels of the views the network sees: 0 = the dataset's own size, else 8 to 512. "
                            "Crops are resized to it."),
            "other", &C::outputSize),

        field(S::boolean("crop", "Crop (random resized crop)", true)
                  .withHelp("Cut a random box out of the image and resize it to the output size: the views then show "
                            "different parts of the object, the strongest single augmentation for SimCLR."),
            "crop", &C::crop),
        probability("crop_prob", "crop", 1.0, &C::cropProb),
        field(S::real("crop_scale_min", "Smallest area", 0.2, 0, 1)
                  .exclusiveMin()
                  .withDecimals(3)
                  .withHelp("Smallest crop, as a fraction of the image area (SimCLR: 0.08; 0.2 for small images)."),
            "crop", &C::cropScaleMin),
        field(S::real("crop_scale_max", "Largest area", 1.0, 0, 1)
                  .exclusiveMin()
                  .withDecimals(3)
                  .withHelp("Largest crop, as a fraction of the image area."),
            "crop", &C::cropScaleMax),
        field(S::real("crop_ratio_min", "Narrowest shape", 3.0 / 4.0, 0, 100)
                  .exclusiveMin()
                  .withDecimals(3)
                  .withHelp("Narrowest crop, as width / height (3/4 in torchvision)."),
            "crop", &C::cropRatioMin),
        field(S::real("crop_ratio_max", "Widest shape", 4.0 / 3.0, 0, 100)
                  .exclusiveMin()
                  .withDecimals(3)
                  .withHelp("Widest crop, as width / height (4/3 in torchvision)."),
            "crop", &C::cropRatioMax),

        field(S::boolean("flip", "Flip (horizontal)", true)
                  .withHelp("Mirror the view left-right: a picture of a shoe is still a shoe."),
            "flip", &C::flip),
        probability("flip_prob", "flip", 0.5, &C::flipProb),

        field(S::boolean("jitter", "Colour jitter", true)
                  .withHelp("Randomly change brightness, contrast, saturation and hue: without it SimCLR can match "
                            "views by their colour histogram alone (Chen et al. 2020, section 3)."),
            "jitter", &C::jitter),
        probability("jitter_prob", "jitter", 0.8, &C::jitterProb),
        field(S::real("brightness", "Brightness", 0.4, 0, 10)
                  .withDecimals(2)
                  .withHelp("Brightness factor drawn from [1 - b, 1 + b] (0 = unchanged)."),
            "jitter", &C::brightness),
        field(S::real("contrast", "Contrast", 0.4, 0, 10)
                  .withDecimals(2)
                  .withHelp("Contrast factor drawn from [1 - c, 1 + c] (0 = unchanged)."),
            "jitter", &C::contrast),
        field(S::real("saturation", "Saturation", 0.4, 0, 10)
                  .withDecimals(2)
                  .withHelp("Saturation factor drawn from [1 - s, 1 + s] (0 = unchanged; no effect on gray images)."),
            "jitter", &C::saturation),
        field(S::real("hue", "Hue", 0.1, 0, 0.5)
                  .withDecimals(3)
                  .withHelp("Hue shift drawn from [-h, h] of the colour circle (0 to 0.5; no effect on gray images)."),
            "jitter", &C::hue),

        field(S::boolean("grayscale", "Grayscale", true)
                  .withHelp("Drop the colour: forces the network to recognise shapes, not just colour histograms."),
            "grayscale", &C::grayscale),
        probability("grayscale_prob", "grayscale", 0.2, &C::grayscaleProb),

        field(S::boolean("blur", "Gaussian blur", true)
                  .withHelp("Blur the view with a Gaussian of random width: the network cannot rely on fine texture."),
            "blur", &C::blur),
        probability("blur_prob", "blur", 1.0, &C::blurProb),
        field(S::integer("blur_kernel", "Kernel", 3, 1, 31)
                  .withHelp("Kernel side in pixels: an odd number from 1 to 31."),
            "blur", &C::blurKernel),
        field(S::real("blur_sigma_min", "Smallest σ", 0.1, 0, 100)
                  .exclusiveMin()
                  .withDecimals(2)
                  .withHelp("Smallest blur width σ, in pixels."),
            "blur", &C::blurSigmaMin),
        field(S::real("blur_sigma_max", "Largest σ", 2.0, 0, 100)
                  .exclusiveMin()
                  .withDecimals(2)
                  .withHelp("Largest blur width σ, in pixels."),
            "blur", &C::blurSigmaMax),

        field(S::boolean("solarize", "Solarize", false)
                  .withHelp("Invert every pixel brighter than the threshold (used by BYOL for its second view)."),
            "solarize", &C::solarize),
        probability("solarize_prob", "solarize", 0.2, &C::solarizeProb),
        field(S::real("solarize_threshold", "Threshold", 0.5, 0, 1)
                  .withDecimals(2)
                  .withHelp("Pixels above this brightness (0 to 1) are inverted."),
            "solarize", &C::solarizeThreshold),

        field(S::boolean("normalize", "Normalise (dataset mean / std)", true)
                  .withHelp("Subtract the per-channel mean and divide by the standard deviation before the network "
                            "sees the views (the preview shows them un-normalised)."),
            "other", &C::normalize),
        field(channelList("mean", "Mean", "Per-channel means to subtract (1 or 3 values); empty = the dataset's own."),
            "other", &C::mean),
        field(channelList("stddev", "Standard deviation",
                  "Per-channel standard deviations to divide by (1 or 3 values, each above 0); empty = the dataset's "
                  "own."),
            "other", &C::stddev),
    };
    return table;
}

const Field *findField(const std::string &key)
{
    for (const auto &f : fields())
        if (f.key() == key) return &f;
    return nullptr;
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

const std::vector<AugmentSetting> &augmentSettings()
{
    static const std::vector<AugmentSetting> table = [] {
        std::vector<AugmentSetting> out;
        for (const auto &f : fields())
            out.push_back(f.info);
        return out;
    }();
    return table;
}

json::Value augmentSettingValue(const AugmentConfig &config, const std::string &key)
{
    const Field *f = findField(key);
    if (!f) return {};
    return std::visit(
        [&](auto member) -> json::Value {
            const auto &v = config.*member;
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::vector<double>>) {
                json::Value list = json::Value::array();
                for (double x : v)
                    list.push_back(x);
                return list;
            } else {
                return json::Value(v);
            }
        },
        f->member);
}

void setAugmentSettingValue(
    AugmentConfig &config, const std::string &key, const json::Value &v, const std::string &path)
{
    const Field *f = findField(key);
    if (!f) {
        // Suggest the closest known key: a typo in a hand-written config should not cost a search.
        std::vector<std::string> keys;
        for (const auto &known : fields())
            keys.push_back(known.key());
        const std::string best = closestKey(keys, key);
        throw ConfigError(
            path + ": unknown key \"" + key + "\"" + (best.empty() ? "" : " (did you mean \"" + best + "\"?)"));
    }
    const std::string name = path + "." + key;
    const auto typeMismatch = [&](json::Value::Type want, const json::Value &got) {
        return ConfigError(name + ": expected " + typeWithArticle(want) + ", found " + typeWithArticle(got.type()));
    };
    std::visit(
        [&](auto member) {
            auto &out = config.*member;
            using T = std::decay_t<decltype(out)>;
            if constexpr (std::is_same_v<T, bool>) {
                if (!v.isBool()) throw typeMismatch(json::Value::Type::Bool, v);
                out = v.asBool();
            } else if constexpr (std::is_same_v<T, double>) {
                if (!v.isNumber()) throw typeMismatch(json::Value::Type::Number, v);
                out = v.asNumber();
            } else if constexpr (std::is_same_v<T, int>) {
                if (!v.isNumber()) throw typeMismatch(json::Value::Type::Number, v);
                const double d = v.asNumber();
                if (d != std::floor(d) || std::fabs(d) > 1e9)
                    throw ConfigError(name + " = " + formatNumber(d) + " is not an integer");
                out = static_cast<int>(d);
            } else {
                if (!v.isArray()) throw typeMismatch(json::Value::Type::Array, v);
                std::vector<double> list;
                for (size_t i = 0; i < v.asArray().size(); ++i) {
                    const auto &item = v.asArray()[i];
                    if (!item.isNumber())
                        throw ConfigError(name + "[" + std::to_string(i) + "]: expected a number, found "
                            + typeWithArticle(item.type()));
                    list.push_back(item.asNumber());
                }
                out = std::move(list);
            }
        },
        f->member);
}

json::Value toJson(const AugmentConfig &config)
{
    json::Value out = json::Value::object();
    for (const auto &f : fields())
        out[f.key()] = augmentSettingValue(config, f.key());
    return out;
}

AugmentConfig augmentConfigFromJson(const json::Value &value, const std::string &path, const AugmentConfig &base)
{
    if (!value.isObject()) throw ConfigError(path + ": expected an object, found " + typeWithArticle(value.type()));
    AugmentConfig config = base;
    for (const auto &[key, v] : value.asObject())
        setAugmentSettingValue(config, key, v, path);
    validate(config, path);
    return config;
}

std::vector<std::pair<std::string, std::string>> augmentProblems(const AugmentConfig &c, const std::string &path)
{
    // Each check throws the message of its first problem; every check runs, so every problem is reported. The key
    // is the field the message starts with ("augment.crop_scale_max = 2 is…", "augment.mean[1] = …" → augment.mean).
    std::vector<std::pair<std::string, std::string>> problems;
    const auto collect = [&](const char *, const auto &check) {
        try {
            check();
        } catch (const ConfigError &e) {
            const std::string what = e.what();
            problems.emplace_back(what.substr(0, what.find_first_not_of(
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")), what);
        }
    };
    collect("output_size", [&] {
        if (c.outputSize != 0 && (c.outputSize < 8 || c.outputSize > 512))
            outOfRange(path + ".output_size", c.outputSize, "0 (the dataset's image size) or 8 to 512");
    });

    collect("crop_prob", [&] { checkProbability(path, "crop_prob", c.cropProb); });
    collect("crop_scale_min", [&] {
        checkMinMax(path, "crop_scale_min", c.cropScaleMin, "crop_scale_max", c.cropScaleMax,
            "greater than 0 and at most 1", 1.0);
    });
    collect("crop_ratio_min", [&] {
        checkMinMax(path, "crop_ratio_min", c.cropRatioMin, "crop_ratio_max", c.cropRatioMax, "greater than 0", HUGE_VAL);
    });

    collect("flip_prob", [&] { checkProbability(path, "flip_prob", c.flipProb); });

    collect("jitter_prob", [&] { checkProbability(path, "jitter_prob", c.jitterProb); });
    collect("brightness", [&] { checkNonNegative(path, "brightness", c.brightness); });
    collect("contrast", [&] { checkNonNegative(path, "contrast", c.contrast); });
    collect("saturation", [&] { checkNonNegative(path, "saturation", c.saturation); });
    // torchvision's ColorJitter bounds hue to [0, 0.5]: a shift of half the hue circle either way covers it.
    collect("hue", [&] {
        if (!(c.hue >= 0.0 && c.hue <= 0.5)) outOfRange(path + ".hue", c.hue, "0 to 0.5");
    });

    collect("grayscale_prob", [&] { checkProbability(path, "grayscale_prob", c.grayscaleProb); });

    collect("blur_prob", [&] { checkProbability(path, "blur_prob", c.blurProb); });
    collect("blur_kernel", [&] {
        if (c.blurKernel < 1 || c.blurKernel > 31 || c.blurKernel % 2 == 0)
            outOfRange(path + ".blur_kernel", c.blurKernel, "an odd number from 1 to 31");
    });
    collect("blur_sigma_min", [&] {
        checkMinMax(path, "blur_sigma_min", c.blurSigmaMin, "blur_sigma_max", c.blurSigmaMax, "greater than 0", HUGE_VAL);
    });

    collect("solarize_prob", [&] { checkProbability(path, "solarize_prob", c.solarizeProb); });
    collect("solarize_threshold", [&] { checkProbability(path, "solarize_threshold", c.solarizeThreshold); });

    collect("mean", [&] { checkList(path, "mean", c.mean, false); });
    collect("stddev", [&] { checkList(path, "stddev", c.stddev, true); });
    return problems;
}

void validate(const AugmentConfig &c, const std::string &path)
{
    const auto problems = augmentProblems(c, path);
    if (!problems.empty()) throw ConfigError(problems.front().second);
}

} // namespace pretext::engine
