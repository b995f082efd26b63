// A run setting described once: key, label, help, type, default, range or choices, group. The config JSON
// reader/writer, validation and its messages, `pretext-cli train` flags and `--help`, and the new-run dialog's
// form rows are all produced from these descriptions (RunConfig's shared table and each method's own table).
// Torch-free: the GUI reads it.
#pragma once

#include "engine/core/text.h"
#include "engine/io/json.h"

#include <string>
#include <vector>

namespace pretext::engine {

enum class SettingType { Bool, Int, Real, Choice, Text };

// Dialog groups, in page order.
namespace settinggroup {
inline constexpr const char *kData = "Data";
inline constexpr const char *kMethod = "Method";
inline constexpr const char *kOptimisation = "Optimisation";
inline constexpr const char *kEvaluation = "Evaluation";
inline constexpr const char *kExecution = "Execution";
} // namespace settinggroup

struct Setting {
    std::string key;   // JSON key, e.g. "batch_size"; the CLI flag is the key with '-' for '_' (--batch-size)
    std::string label; // the dialog's form label, e.g. "Batch size"
    std::string help;  // one or two sentences: dialog tooltip and `--help` line
    SettingType type = SettingType::Real;
    json::Value defaultValue;
    double min = 0, max = 0;       // Int and Real: the accepted range, inclusive
    bool minExclusive = false;     // Real: the value must be greater than min (e.g. lr > 0)
    std::vector<std::string> choices; // Choice: accepted values, in menu order
    std::string group = settinggroup::kMethod;
    std::string special; // Int/Real: what the minimum means, shown instead of it (e.g. "all" for 0)
    int decimals = 4;    // Real: significant digits the dialog shows
    std::string metavar; // CLI value name; empty = derived from the type
    bool cliFlag = true; // offered as a `pretext-cli train` flag
    bool advanced = false; // the dialog shows it under "More settings"

    // Builders, so a table reads as one line per setting.
    static Setting boolean(std::string key, std::string label, bool def);
    static Setting integer(std::string key, std::string label, int64_t def, double min, double max);
    static Setting real(std::string key, std::string label, double def, double min, double max);
    static Setting choice(std::string key, std::string label, std::string def, std::vector<std::string> choices);
    static Setting text(std::string key, std::string label, std::string def);
    Setting &withHelp(std::string h) { help = std::move(h); return *this; }
    Setting &inGroup(std::string g) { group = std::move(g); return *this; }
    Setting &withSpecial(std::string s) { special = std::move(s); return *this; }
    Setting &withDecimals(int d) { decimals = d; return *this; }
    Setting &exclusiveMin() { minExclusive = true; return *this; }
    Setting &withMetavar(std::string m) { metavar = std::move(m); return *this; }
    Setting &noCliFlag() { cliFlag = false; return *this; }
    Setting &asAdvanced() { advanced = true; return *this; }

    std::string flag() const; // "batch-size"
    // "2 to 8192", "more than 0, at most 10", "one of: adam, sgd, lars", "true or false".
    // With a translator, in the reader's language (the dialog's placeholder and tooltip).
    std::string rangeText(const TextTranslator &translate = {}) const;
};

// Why `value` is not acceptable for `setting` ("batch_size = 0 is out of range; expected 2 to 8192"), or an
// empty string when it is. Checks the JSON type too ("batch_size: expected an integer, found a string").
std::string checkSetting(const Setting &setting, const json::Value &value, const TextTranslator &translate = {});
// Parses command-line text for a setting ("true"/"false"/"1"/"0" for Bool); throws ConfigError naming the flag.
json::Value parseSettingText(const Setting &setting, const std::string &text);
// The value as a person types it: 0.0003, 256, true, adam.
std::string formatSettingValue(const json::Value &value);
// Shortest text that reads back as the same double ("1.5", "0.0003", "600").
std::string formatNumber(double v);

const Setting *findSetting(const std::vector<Setting> &table, const std::string &key);
// The table's key closest to `key` within a few edits (a typo), or empty.
std::string closestKey(const std::vector<std::string> &keys, const std::string &key);

} // namespace pretext::engine
