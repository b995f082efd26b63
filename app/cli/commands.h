// pretext-cli subcommands. Each returns the process exit code; errors are thrown as engine::Error.
#pragma once

#include "engine/train/runconfig.h"

#include <string>

namespace pretext::cli {

// `pretext-cli train --help`: every flag, produced from the settings tables and the method registry.
std::string trainHelp();
// The run configuration `train` would use for these arguments (argv[first..]); throws ConfigError.
engine::RunConfig trainConfigFromArgs(int argc, char **argv, int first = 2);

int cmdVerify(int argc, char **argv);
int cmdTrain(int argc, char **argv);
int cmdResume(int argc, char **argv);
int cmdEval(int argc, char **argv);
int cmdBench(int argc, char **argv);
int cmdRuns(int argc, char **argv);
int cmdExperiment(int argc, char **argv);
int cmdInspect(int argc, char **argv);
int cmdExport(int argc, char **argv);

} // namespace pretext::cli
