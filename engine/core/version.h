#pragma once

#include <string>

namespace pretext::engine {

// "pretext-cli 0.1.0 (LibTorch 1.13.1, CPU, OpenCV yes)": for --version and config.json.
std::string versionString();
std::string libtorchVersion();
bool cudaAvailable();

} // namespace pretext::engine
