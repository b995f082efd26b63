// Where the shipped data lives (sample configs, golden vectors, the PyTorch baseline scripts): in an installed tree
// beside the executable (<prefix>/bin/ -> <prefix>/share/pretext-workbench/), else in the source tree the binary was
// built from (a build-tree run). Nothing here depends on the build tree still existing.
#pragma once

#include <string>

namespace pretext::engine {

// <prefix>/share/pretext-workbench for an executable in <prefix>/bin (from /proc/self/exe); empty when the
// executable's path cannot be read. The folder need not exist (a build-tree run has none).
std::string installedDataDir();

// The first of <installedDataDir()>/installedPath and <source tree>/sourcePath that exists, as an absolute path;
// empty when neither does (e.g. an installed binary whose data was removed).
std::string findDataFile(const std::string &installedPath, const std::string &sourcePath);

} // namespace pretext::engine
