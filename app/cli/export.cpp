// pretext-cli export: a run's encoder for PyTorch users (weights, a generated module, examples to check them by).
#include "args.h"
#include "commands.h"

#include "engine/core/errors.h"
#include "engine/io/runfolder.h"
#include "engine/io/torchexport.h"

#include <cstdio>
#include <iostream>

namespace pretext::cli {

using namespace engine;

namespace {

const std::vector<FlagSpec> kExportFlags = {
    {"out", "DIR", "the folder to write into (created; refused when it already holds files, unless --force)"},
    {"force", "", "write into a folder that already holds files, replacing the export's own files there"},
    {"random-init", "", "export the untrained encoder the run's seed builds, for comparison"},
    {"help", "", "show this help"},
};

std::string exportHelp()
{
    std::string files;
    for (const auto &f : torchExportFiles()) files += (files.empty() ? "" : ", ") + f;
    return "Usage: pretext-cli export RUN_DIR --out DIR [OPTIONS]\n\n"
           "Writes a run's trained encoder (its latest checkpoint; nothing is written into the run) for PyTorch:\n"
           "the weights as a state dict that torch.load reads, pretext_encoder.py with the same architecture and a\n"
           "load() helper, 32 test images as the encoder receives them with the workbench's features of them (so that\n"
           "the port can be checked in Python), a README with a snippet, and export.json.\n"
           "Files: " + files + ".\n\nExamples:\n"
           "  pretext-cli export runs/simclr --out export/simclr\n"
           "  cd export/simclr && python3 -c 'import pretext_encoder; print(pretext_encoder.load())'\n\nOptions:\n" +
           formatFlags(kExportFlags);
}

} // namespace

int cmdExport(int argc, char **argv)
{
    if (wantsHelp(argc, argv)) {
        std::cout << exportHelp();
        return ExitOk;
    }
    Args args(argc, argv, 2, kExportFlags);
    if (args.positionals().size() != 1) throw ConfigError("export: expected exactly one RUN_DIR");
    TorchExportOptions o;
    o.runDir = args.positionals()[0];
    o.outDir = args.value("out", "");
    if (o.outDir.empty()) throw ConfigError("export: expected --out DIR, the folder to write the export into");
    o.force = args.has("force");
    o.randomInit = args.has("random-init");
    const TorchExportResult r = exportForPyTorch(o);
    const std::string which = o.randomInit ? "untrained encoder" : "encoder at step " + std::to_string(r.step);
    std::printf("%s of %s (%s, %lld-dimensional features), input [N, %lld, %lld, %lld]:\n", which.c_str(),
                o.runDir.c_str(), r.backbone.c_str(), static_cast<long long>(r.featureDim),
                static_cast<long long>(r.inputShape[0]), static_cast<long long>(r.inputShape[1]),
                static_cast<long long>(r.inputShape[2]));
    for (const auto &f : r.files) std::printf("  %s\n", f.c_str());
    std::printf("the snippet in %s checks it in Python (features within %g of the workbench's)\n",
                joinPath(o.outDir, "README.md").c_str(), r.tolerance);
    return ExitOk;
}

} // namespace pretext::cli
