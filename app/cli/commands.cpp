#include "commands.h"

#include "args.h"

#include "engine/core/datapaths.h"
#include "engine/core/errors.h"
#include "engine/io/golden.h"

#include <cstdio>
#include <iostream>

namespace pretext::cli {

using engine::ConfigError;

int cmdVerify(int argc, char **argv)
{
    const std::vector<FlagSpec> specs = {
        {"golden", "FILE.json", "golden vectors (format pretext-golden/1; default: the installed golden.json)"},
        {"help", "", "show this help"}};
    if (wantsHelp(argc, argv)) {
        std::cout << "Usage: pretext-cli verify [--golden FILE.json]\n\n"
                     "Evaluates every case whose op the engine implements; prints one line per case with its\n"
                     "maximum absolute error. Exits 1 on any mismatch.\n\n"
                  << formatFlags(specs);
        return 0;
    }
    Args args(argc, argv, 2, specs);
    // The shipped golden file: <prefix>/share/pretext-workbench/golden.json, or tests/data/ of a build-tree run.
    const std::string path =
        args.value("golden").value_or(engine::findDataFile("golden.json", "tests/data/golden.json"));
    if (path.empty()) throw ConfigError("verify: no installed golden.json was found; give --golden FILE.json");
    if (!args.has("golden")) std::printf("golden vectors: %s\n", path.c_str());
    auto report = engine::verifyGolden(path);
    for (const auto &c : report.cases) {
        if (!c.implemented) continue;
        std::printf("%-4s %-28s %-16s max abs error %.3g%s%s\n", c.passed ? "ok" : "FAIL", c.name.c_str(),
                    c.op.c_str(), c.maxAbsError, c.detail.empty() ? "" : "  ", c.detail.c_str());
    }
    std::printf("%d of %d cases passed", report.evaluated() - report.failures(), report.evaluated());
    if (!report.unimplementedOps.empty()) {
        std::printf("; ops not implemented yet:");
        for (const auto &op : report.unimplementedOps) std::printf(" %s", op.c_str());
    }
    std::printf("\n");
    return report.failures() == 0 && report.evaluated() > 0 ? 0 : 1;
}

} // namespace pretext::cli
