#include "engine/core/datapaths.h"

#include <filesystem>
#include <system_error>

// Both are set on this file alone by packaging/CMakeLists.txt (from GNUInstallDirs), so that changing them
// recompiles one file. The defaults are those of a standard prefix.
#ifndef PRETEXT_DATA_FROM_BIN
#define PRETEXT_DATA_FROM_BIN "../share/pretext-workbench"
#endif

namespace pretext::engine {

namespace fs = std::filesystem;

std::string installedDataDir()
{
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    fs::path dir = (exe.parent_path() / PRETEXT_DATA_FROM_BIN).lexically_normal();
    if (!dir.has_filename()) dir = dir.parent_path(); // no trailing separator
    return dir.string();
}

std::string findDataFile(const std::string &installedPath, const std::string &sourcePath)
{
    std::error_code ec;
    const std::string installed = installedDataDir();
    if (!installed.empty()) {
        const fs::path p = fs::path(installed) / installedPath;
        if (fs::exists(p, ec)) return p.string();
    }
#ifdef PRETEXT_SOURCE_DIR
    const fs::path p = fs::path(PRETEXT_SOURCE_DIR) / sourcePath;
    if (fs::exists(p, ec)) return p.lexically_normal().string();
#endif
    return {};
}

} // namespace pretext::engine
