#include "engine/core/settings.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace pretext::engine {

Setting Setting::boolean(std::string key, std::string label, bool def)
{
    Setting s;
    s.key = std::move(key);
    s.label = std::move(label);
    s.type = SettingType::Bool;
    s.defaultValue = def;
    return s;
}

Setting Setting::integer(std::string key, std::string label, int64_t def, double min, double max)
{
    Setting s;
    s.key = std::move(key);
    s.label = std::move(label);
    s.type = SettingType::Int;
    s.defaultValue = def;
    s.min = min;
    s.max = max;
    return s;
}

Setting Setting::real(std::string key, std::string label, double def, double min, double max)
{
    Setting s;
    s.key = std::move(key);
    s.label = std::move(label);
    s.type = SettingType::Real;
    s.defaultValue = def;
    s.min = min;
    s.max = max;
    return s;
}

Setting Setting::choice(std::string key, std::string label, std::string def, std::vector<std::string> choices)
{
    Setting s;
    s.key = std::move(key);
    s.label = std::move(label);
    s.type = SettingType::Choice;
    s.defaultValue = std::move(def);
    s.choices = std::move(choices);
    return s;
}

Setting Setting::text(std::string key, std::string label, std::string def)
{
    Setting s;
    s.key = std::move(key);
    s.label = std::move(label);
    s.type = SettingType::Text;
    s.defaultValue = std::move(def);
    return s;
}

std::string Setting::flag() const
{
    std::string f = key;
    std::replace(f.begin(), f.end(), '_', '-');
    return f;
}

namespace {

std::string joined(const std::vector<std::string> &v)
{
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
    return s;
}

// The template in the reader's language (English without a translator).
std::string tr(const TextTranslator &translate, const char *text)
{
    return translate ? translate(text) : std::string(text);
}

std::string typeWithArticle(json::Value::Type t, const TextTranslator &translate)
{
    switch (t) {
    case json::Value::Type::Null: return tr(translate, PRETEXT_TEXT("engine", "a null"));
    case json::Value::Type::Bool: return tr(translate, PRETEXT_TEXT("engine", "a boolean"));
    case json::Value::Type::Number: return tr(translate, PRETEXT_TEXT("engine", "a number"));
    case json::Value::Type::String: return tr(translate, PRETEXT_TEXT("engine", "a string"));
    case json::Value::Type::Array: return tr(translate, PRETEXT_TEXT("engine", "an array"));
    case json::Value::Type::Object: return tr(translate, PRETEXT_TEXT("engine", "an object"));
    }
    return "?";
}

} // namespace

std::string formatNumber(double v)
{
    // to_chars, not snprintf: the text must not follow LC_NUMERIC, which a GUI sets from the desktop (a German one
    // would show 0,001 in the dialog while config.json says 0.001).
    char buf[40];
    if (v == std::floor(v) && std::fabs(v) < 1e15) // 600, not 6e+02
        return std::string(buf, std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 0).ptr);
    for (int precision = 1; precision <= 17; ++precision) {
        char *end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, precision).ptr;
        double back = 0;
        std::from_chars(buf, end, back);
        if (back == v || precision == 17) return std::string(buf, end);
    }
    return {};
}

std::string Setting::rangeText(const TextTranslator &translate) const
{
    switch (type) {
    case SettingType::Bool: return tr(translate, PRETEXT_TEXT("engine", "true or false"));
    case SettingType::Choice: return fillText(tr(translate, PRETEXT_TEXT("engine", "one of: %1")), {joined(choices)});
    case SettingType::Text:
        return choices.empty() ? tr(translate, PRETEXT_TEXT("engine", "text"))
                               : fillText(tr(translate, PRETEXT_TEXT("engine", "e.g. %1")), {joined(choices)});
    case SettingType::Int:
    case SettingType::Real:
        if (minExclusive)
            return fillText(tr(translate, PRETEXT_TEXT("engine", "more than %1, at most %2")),
                            {formatNumber(min), formatNumber(max)});
        return fillText(tr(translate, PRETEXT_TEXT("engine", "%1 to %2")), {formatNumber(min), formatNumber(max)});
    }
    return {};
}

std::string checkSetting(const Setting &s, const json::Value &v, const TextTranslator &translate)
{
    const auto say = [&](const char *text, const std::vector<std::string> &args) {
        return fillText(tr(translate, text), args);
    };
    switch (s.type) {
    case SettingType::Bool:
        if (!v.isBool())
            return say(PRETEXT_TEXT("engine", "field %1: expected true or false, found %2"),
                       {s.key, typeWithArticle(v.type(), translate)});
        return {};
    case SettingType::Choice:
    case SettingType::Text:
        if (!v.isString())
            return say(PRETEXT_TEXT("engine", "field %1: expected a string, found %2"),
                       {s.key, typeWithArticle(v.type(), translate)});
        if (s.type == SettingType::Choice &&
            std::find(s.choices.begin(), s.choices.end(), v.asString()) == s.choices.end())
            return say(PRETEXT_TEXT("engine", "%1 = \"%2\" is not accepted; expected %3"),
                       {s.key, v.asString(), s.rangeText(translate)});
        return {};
    case SettingType::Int:
    case SettingType::Real: {
        if (!v.isNumber())
            return say(PRETEXT_TEXT("engine", "field %1: expected a number, found %2"),
                       {s.key, typeWithArticle(v.type(), translate)});
        const double d = v.asNumber();
        if (s.type == SettingType::Int && std::isfinite(d) && d != std::floor(d))
            return say(PRETEXT_TEXT("engine", "field %1: expected an integer, found %2"), {s.key, formatNumber(d)});
        const bool low = s.minExclusive ? !(d > s.min) : !(d >= s.min);
        if (low || !(d <= s.max))
            return say(PRETEXT_TEXT("engine", "%1 = %2 is out of range; expected %3"),
                       {s.key, formatNumber(d), s.rangeText(translate)});
        return {};
    }
    }
    return {};
}

json::Value parseSettingText(const Setting &s, const std::string &text)
{
    const std::string flag = "--" + s.flag();
    switch (s.type) {
    case SettingType::Bool:
        if (text == "true" || text == "1" || text == "on" || text == "yes") return true;
        if (text == "false" || text == "0" || text == "off" || text == "no") return false;
        throw ConfigError(flag + ": expected true or false, got '" + text + "'");
    case SettingType::Choice:
    case SettingType::Text: return text;
    case SettingType::Int: {
        char *end = nullptr;
        const long long r = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0') throw ConfigError(flag + ": expected an integer, got '" + text + "'");
        return static_cast<double>(r);
    }
    case SettingType::Real: {
        double r = 0;
        // from_chars refuses a leading '+' (strtod took it); "+-5" stays refused.
        const bool plus = !text.empty() && text[0] == '+';
        const char *first = text.data() + plus;
        const auto [end, error] = std::from_chars(first, text.data() + text.size(), r);
        if (text.empty() || (plus && text.size() > 1 && text[1] == '-') || error != std::errc()
            || end != text.data() + text.size())
            throw ConfigError(flag + ": expected a number, got '" + text + "'");
        return r;
    }
    }
    return {};
}

std::string formatSettingValue(const json::Value &v)
{
    if (v.isBool()) return v.asBool() ? "true" : "false";
    if (v.isNumber()) return formatNumber(v.asNumber());
    if (v.isString()) return v.asString();
    return json::dump(v);
}

const Setting *findSetting(const std::vector<Setting> &table, const std::string &key)
{
    for (const auto &s : table)
        if (s.key == key) return &s;
    return nullptr;
}

namespace {
size_t editDistance(const std::string &a, const std::string &b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}
} // namespace

std::string closestKey(const std::vector<std::string> &keys, const std::string &key)
{
    std::string best;
    size_t bestDistance = 4; // more edits than this is not a typo
    for (const auto &k : keys) {
        const size_t d = editDistance(key, k);
        if (d < bestDistance) {
            bestDistance = d;
            best = k;
        }
    }
    return best;
}

} // namespace pretext::engine
