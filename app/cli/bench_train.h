#pragma once

namespace pretext::cli {

// pretext-cli bench train [OPTIONS]; argv[2] is "train".
int runTrainBench(int argc, char **argv);

} // namespace pretext::cli
