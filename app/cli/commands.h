// pretext-cli subcommands. Each returns the process exit code; errors are thrown as engine::Error.
#pragma once

namespace pretext::cli {

int cmdVerify(int argc, char **argv);
int cmdTrain(int argc, char **argv);
int cmdResume(int argc, char **argv);
int cmdEval(int argc, char **argv);
int cmdBench(int argc, char **argv);

} // namespace pretext::cli
