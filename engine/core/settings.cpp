#include "engine/core/settings.h"

#include "engine/core/errors.h"
#include "engine/core/numbertext.h"

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

// A number for a message, exactly: an integer as its digits (9007199254740993, never rounded to a double; 1e10 as
// 10000000000), any other number as the user wrote it (1e30, 9007199254740990.5), else as formatNumber writes it.
std::string numberAsWritten(const json::Value &v)
{
    if (v.isInteger()) return std::to_string(v.asInt64());
    if (!v.numberText().empty()) return v.numberText();
    return formatNumber(v.asNumber());
}

// Exact comparisons of an integer with a table's bound (a double; int64 holds [-2^63, 2^63)).
bool integerAbove(int64_t i, double bound)
{
    if (std::isnan(bound)) return false;
    if (bound >= 9223372036854775808.0) return false;
    if (bound < -9223372036854775808.0) return true;
    return i > static_cast<int64_t>(std::floor(bound));
}
bool integerBelow(int64_t i, double bound)
{
    if (std::isnan(bound)) return false;
    if (bound >= 9223372036854775808.0) return true;
    if (bound <= -9223372036854775808.0) return false;
    return i < static_cast<int64_t>(std::ceil(bound));
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
        bool low = false, high = false;
        if (s.type == SettingType::Int && v.isInteger()) {
            // Exactly: 9007199254740993 must not pass for 9007199254740992.
            low = s.minExclusive ? !integerAbove(v.asInt64(), s.min) : integerBelow(v.asInt64(), s.min);
            high = integerAbove(v.asInt64(), s.max);
        } else if (s.type == SettingType::Int && std::isfinite(d) && std::fabs(d) < 9223372036854775808.0) {
            return say(PRETEXT_TEXT("engine", "field %1: expected an integer, found %2"), {s.key, numberAsWritten(v)});
        } else {
            low = s.minExclusive ? !(d > s.min) : !(d >= s.min);
            high = !(d <= s.max);
        }
        if (low || high)
            return say(PRETEXT_TEXT("engine", "%1 = %2 is out of range; expected %3"),
                       {s.key, numberAsWritten(v), s.rangeText(translate)});
        return {};
    }
    }
    return {};
}

std::optional<double> parseDecimal(std::string_view text)
{
    // from_chars refuses a leading '+' (strtod took it); "+-5" stays refused.
    const bool plus = !text.empty() && text[0] == '+';
    if (text.empty() || (plus && text.size() > 1 && text[1] == '-')) return std::nullopt;
    double r = 0;
    const auto [end, error] = std::from_chars(text.data() + plus, text.data() + text.size(), r);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return r;
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
        // Read exactly, through the JSON reader: a seed past 2^53 is range-checked, and echoed, as typed.
        // An optional sign and digits, as strtoll took them; leading zeros are dropped (JSON refuses them).
        const size_t sign = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
        if (text.size() == sign || text.find_first_not_of("0123456789", sign) != std::string::npos)
            throw ConfigError(flag + ": expected an integer, got '" + text + "'");
        const size_t digits = std::min(text.find_first_not_of('0', sign), text.size() - 1);
        return json::parse((text[0] == '-' ? "-" : "") + text.substr(digits), flag);
    }
    case SettingType::Real:
        if (const auto r = parseDecimal(text)) return *r;
        throw ConfigError(flag + ": expected a number, got '" + text + "'");
    }
    return {};
}

std::string formatSettingValue(const json::Value &v)
{
    if (v.isBool()) return v.asBool() ? "true" : "false";
    if (v.isInteger()) return std::to_string(v.asInt64());
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
