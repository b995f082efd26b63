// pretext-cli bench [augment | train]: throughput figures, ours beside the PyTorch reference, in one run.
#include "bench.h"
#include "bench_train.h"
#include "commands.h"

#include "engine/core/errors.h"

#include <iostream>
#include <string>

namespace pretext::cli {

int cmdBench(int argc, char **argv)
{
    const std::string what = argc > 2 ? argv[2] : "";
    if (what == "augment") return runAugmentBench(argc, argv);
    if (what == "train") return runTrainBench(argc, argv);
    if (what.empty()) {
        std::cout << "== augmentation ==\n" << std::flush;
        char *augArgv[] = {argv[0], argv[1], const_cast<char *>("augment")};
        int rc = runAugmentBench(3, augArgv);
        std::cout << "\n== training ==\n" << std::flush;
        char *trainArgv[] = {argv[0], argv[1], const_cast<char *>("train")};
        return rc | runTrainBench(3, trainArgv);
    }
    if (what == "--help" || what == "-h") {
        std::cout << "Usage: pretext-cli bench [augment | train] [OPTIONS]\n\n"
                     "  augment   SimCLR two-view augmentation pairs/s, ours vs the reference's torchvision pipeline\n"
                     "  train     end-to-end SimCLR training pairs/s vs the reference's PyTorch code, step-time\n"
                     "            breakdown, preview-observer overhead, peak memory\n"
                     "With no argument, both. `pretext-cli bench augment --help` lists its options.\n";
        return engine::ExitOk;
    }
    throw engine::ConfigError("bench: unknown benchmark '" + what + "'; expected augment or train");
}

} // namespace pretext::cli
