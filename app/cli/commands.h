// pretext-cli subcommands. Each returns the process exit code; errors are thrown as engine::Error.
#pragma once

namespace pretext::cli {

int cmdVerify(int argc, char **argv);

} // namespace pretext::cli
