// Run configs: the input is a config file's text. json::parse() on it, then loadRunConfig() on the file (JSON,
// every setting's type and range, the method's own settings, the augmentations). Besides crashes and sanitizer
// reports, two round trips must hold:
//   - any JSON value that parses dumps (compact and indented) to text that parses to the same value (numbers equal as
//     doubles: "111111111111111111.5" is the double 111111111111111104, which dumps as an integer, so only from the
//     second generation on must the dumped text stay the same);
//   - a config that loads is written by toJson() to JSON that loads again to the same config (config.json of a run
//     must always be readable by `pretext-cli train --config` and the dialog).
#include "fuzz/fuzz_checks.h"

#include "engine/io/json.h"
#include "engine/train/runconfig.h"

using namespace pretext;
using namespace pretext::engine;

namespace {

bool sameValue(const json::Value &a, const json::Value &b)
{
    if (a.type() != b.type()) return false;
    switch (a.type()) {
    case json::Value::Type::Null: return true;
    case json::Value::Type::Bool: return a.asBool() == b.asBool();
    case json::Value::Type::Number: return a.asNumber() == b.asNumber();
    case json::Value::Type::String: return a.asString() == b.asString();
    case json::Value::Type::Array: {
        const auto &x = a.asArray(), &y = b.asArray();
        if (x.size() != y.size()) return false;
        for (size_t i = 0; i < x.size(); ++i)
            if (!sameValue(x[i], y[i])) return false;
        return true;
    }
    case json::Value::Type::Object: {
        const auto &x = a.asObject(), &y = b.asObject();
        if (x.size() != y.size()) return false;
        for (size_t i = 0; i < x.size(); ++i)
            if (x[i].first != y[i].first || !sameValue(x[i].second, y[i].second)) return false;
        return true;
    }
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::initTorch();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    bool isJson = false;
    try {
        const json::Value v = json::parse(text, "input");
        isJson = true;
        const json::Value once = json::parse(json::dump(v), "dumped");
        PRETEXT_FUZZ_CHECK(sameValue(v, once));
        const std::string compact = json::dump(once);
        for (int indent : { -1, 2 }) {
            const json::Value twice = json::parse(json::dump(once, indent), "dumped twice");
            PRETEXT_FUZZ_CHECK(sameValue(once, twice));
            PRETEXT_FUZZ_CHECK(json::dump(twice) == compact);
        }
    }
    PRETEXT_FUZZ_REJECTIONS

    const std::string path = fuzz::tempDir() + "/config.json";
    fuzz::writeFile(path, text);
    try {
        const RunConfig config = loadRunConfig(path);
        PRETEXT_FUZZ_CHECK(isJson);
        PRETEXT_FUZZ_CHECK(validationProblems(config).empty());
        const std::string written = json::dump(toJson(config), 2);
        const RunConfig back = runConfigFromJson(json::parse(written, "written"), "written");
        PRETEXT_FUZZ_CHECK(json::dump(toJson(back), 2) == written);
    }
    PRETEXT_FUZZ_REJECTIONS
    return 0;
}
