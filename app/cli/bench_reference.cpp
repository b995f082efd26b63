#include "bench_reference.h"

#include "engine/core/datapaths.h"

#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace pretext::cli {

namespace fs = std::filesystem;

std::optional<double> ReferenceRun::number(const std::string &key) const
{
    auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    char *end = nullptr;
    const double v = std::strtod(it->second.c_str(), &end);
    if (end == it->second.c_str()) return std::nullopt;
    return v;
}

std::string findReferenceScript(const std::string &fileName)
{
    const std::string relative = "tools/" + fileName;
    // Installed (<prefix>/share/pretext-workbench/tools/) first, then the source tree of a build-tree run.
    std::string found = engine::findDataFile(relative, relative);
    if (!found.empty()) return found;
    std::error_code ec;
    const fs::path here = fs::current_path(ec) / relative;
    return !ec && fs::exists(here, ec) ? here.string() : std::string();
}

ReferenceRun runReferenceScript(const std::string &python, const std::string &script,
                                const std::vector<std::string> &args)
{
    ReferenceRun r;
    std::error_code ec;
    if (!fs::exists(python, ec)) {
        r.why = python + " not found (the baseline needs Debian's python3 with python3-torch; give --python PATH)";
        return r;
    }
    if (script.empty() || !fs::exists(script, ec)) {
        r.why = "the baseline script " + (script.empty() ? std::string("in tools/") : script) + " was not found";
        return r;
    }
    std::string cmd = shellQuoted(python) + " " + shellQuoted(script);
    for (const auto &a : args)
        cmd += " " + shellQuoted(a);
    cmd += " 2>&1";
    std::fflush(stdout);
    FILE *pipe = popen(cmd.c_str(), "r");
    if (!pipe) {
        r.why = "could not start " + python + ": " + std::strerror(errno);
        return r;
    }
    const std::string unavailable = "reference_unavailable: ", prefix = "reference_";
    std::string lastLine;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe)) {
        std::string line(buf);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
            line.pop_back();
        if (!line.empty()) lastLine = line;
        if (line.rfind(unavailable, 0) == 0) {
            r.unavailable = line.substr(unavailable.size());
        } else if (line.rfind(prefix, 0) == 0) {
            const size_t space = line.find(' ');
            if (space != std::string::npos)
                r.values[line.substr(prefix.size(), space - prefix.size())] = line.substr(space + 1);
        }
    }
    const int status = pclose(pipe);
    r.ran = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!r.unavailable.empty())
        r.why = r.unavailable;
    else if (!r.ran)
        r.why = "the baseline exited with status " +
                std::to_string(status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : status) +
                (lastLine.empty() ? std::string() : ": " + lastLine);
    return r;
}

} // namespace pretext::cli
