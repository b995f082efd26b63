// Run configs: the input is a config file's text. json::parse() on it, then loadRunConfig() on the file (JSON,
// every setting's type and range, the method's own settings, the augmentations). Besides crashes and sanitizer
// reports, two round trips must hold:
//   - any JSON value that parses dumps (compact and indented) to text that parses to the same value;
//   - a config that loads is written by toJson() to JSON that loads again to the same config (config.json of a run
//     must always be readable by `pretext-cli train --config` and the dialog).
#include "fuzz/fuzz_checks.h"

#include "engine/io/json.h"
#include "engine/train/runconfig.h"

using namespace pretext;
using namespace pretext::engine;

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
        const std::string compact = json::dump(v);
        for (int indent : { -1, 2 }) {
            const std::string again = json::dump(json::parse(json::dump(v, indent), "dumped"));
            PRETEXT_FUZZ_CHECK(again == compact);
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
