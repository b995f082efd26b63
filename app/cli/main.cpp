// pretext-cli: headless training, evaluation, verification and benchmarks.
#include "commands.h"

#include "engine/core/compat.h"
#include "engine/core/errors.h"
#include "engine/core/version.h"

#include <cstring>
#include <iostream>
#include <string>

namespace {

const char *kUsage = R"(Usage: pretext-cli COMMAND [OPTIONS]

Self-supervised representation learning, headless.

Commands:
  train       train a model from --config FILE.json and/or flags into a run folder
  resume      continue an interrupted run: resume RUN_DIR
  eval        linear probe and kNN on a run's checkpoint: eval RUN_DIR
  verify      check the engine against golden vectors: verify [--golden FILE.json]
  bench       throughput, ours beside the PyTorch reference: bench [augment | train]
  runs        list the runs under a folder, their results and states: runs DIR [--json]
  inspect     embedding map (t-SNE, PCA), nearest neighbours and probe details of a run: inspect RUN_DIR
  export      a run's encoder for PyTorch (weights, model module, examples): export RUN_DIR --out DIR
  experiment  the reference text's exercises as folders of runs with a summary: experiment NAME --out DIR

Options:
  --help      show this help (also: COMMAND --help)
  --version   show versions
  --verbose   (before or after COMMAND) error messages keep the C++ detail: LibTorch's backtraces
              (also: PRETEXT_VERBOSE=1 in the environment)

Exit codes: 0 success, 1 verification failed or internal error, 2 bad usage or config, 3 bad data,
4 training diverged, 5 the run folder cannot be written, 130 interrupted.
)";

} // namespace

int main(int argc, char **argv)
{
    using namespace pretext;
    // --verbose is global: taken out of argv wherever it stands, so that no command sees it as its own flag.
    {
        int kept = 1;
        for (int i = 1; i < argc; ++i) {
            if (!std::strcmp(argv[i], "--verbose"))
                engine::setVerboseErrors(true);
            else
                argv[kept++] = argv[i];
        }
        argc = kept;
        argv[argc] = nullptr;
    }
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
        std::cout << kUsage;
        return argc < 2 ? engine::ExitUsage : engine::ExitOk;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::cout << engine::versionString() << "\n";
        return engine::ExitOk;
    }
    const std::string command = argv[1];
    try {
        if (command == "verify") return cli::cmdVerify(argc, argv);
        if (command == "train") return cli::cmdTrain(argc, argv);
        if (command == "resume") return cli::cmdResume(argc, argv);
        if (command == "eval") return cli::cmdEval(argc, argv);
        if (command == "bench") return cli::cmdBench(argc, argv);
        if (command == "runs") return cli::cmdRuns(argc, argv);
        if (command == "experiment") return cli::cmdExperiment(argc, argv);
        if (command == "inspect") return cli::cmdInspect(argc, argv);
        if (command == "export") return cli::cmdExport(argc, argv);
        std::cerr << "pretext-cli: unknown command '" << command << "'\n\n" << kUsage;
        return engine::ExitUsage;
    } catch (const engine::Error &e) {
        std::cerr << "pretext-cli " << command << ": " << engine::describeException(e) << "\n";
        return e.exitCode();
    } catch (const std::exception &e) {
        // LibTorch's errors carry a backtrace of C++ frames: shown with --verbose only.
        std::cerr << "pretext-cli " << command << ": internal error: " << engine::describeException(e)
                  << (engine::verboseErrors() ? "" : " (--verbose shows the C++ detail)") << "\n";
        return 1;
    }
}
