#include "engine/core/faults.h"

#include "engine/core/errors.h"

#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <optional>

namespace pretext::engine::faults {

namespace {

std::mutex g_mutex;
std::optional<Fault> g_fault; // empty until first use: then the environment's (or none)
int64_t g_seen = 0;           // matching writes so far

void loadFromEnvironment()
{
    if (g_fault) return;
    const char *spec = std::getenv("PRETEXT_FAULT");
    g_fault = spec && *spec ? parseFault(spec) : Fault{};
}

} // namespace

Fault parseFault(const std::string &spec)
{
    Fault f;
    const auto first = spec.find(':');
    const std::string kind = spec.substr(0, first);
    if (kind == "enospc") f.error = ENOSPC;
    else if (kind == "eio") f.error = EIO;
    else if (kind == "erofs") f.error = EROFS;
    else
        throw ConfigError("PRETEXT_FAULT = \"" + spec + "\": unknown fault \"" + kind +
                          "\"; expected enospc, eio or erofs, optionally followed by :PATH_PART[:SKIP]");
    if (first == std::string::npos) return f;
    const auto second = spec.find(':', first + 1);
    f.match = spec.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
    if (second != std::string::npos) {
        const std::string skip = spec.substr(second + 1);
        char *end = nullptr;
        errno = 0;
        const long long n = std::strtoll(skip.c_str(), &end, 10);
        if (skip.empty() || *end != '\0' || errno != 0 || n < 0)
            throw ConfigError("PRETEXT_FAULT = \"" + spec + "\": SKIP must be a whole number of writes >= 0, got \"" +
                              skip + "\"");
        f.skip = n;
    }
    return f;
}

void inject(const Fault &fault)
{
    std::lock_guard<std::mutex> lock(g_mutex);
    g_fault = fault;
    g_seen = 0;
}

void clear()
{
    inject(Fault{});
}

namespace {

// The errno a write of `path` fails with; `count` counts it as one of the SKIP writes that succeed.
int faultFor(const std::string &path, bool count)
{
    std::lock_guard<std::mutex> lock(g_mutex);
    loadFromEnvironment();
    if (g_fault->error == 0) return 0;
    if (!g_fault->match.empty() && path.find(g_fault->match) == std::string::npos) return 0;
    const bool skipped = g_seen < g_fault->skip;
    if (count) ++g_seen;
    return skipped ? 0 : g_fault->error;
}

} // namespace

int beforeWrite(const std::string &path)
{
    return faultFor(path, true);
}

int peek(const std::string &path)
{
    return faultFor(path, false);
}

} // namespace pretext::engine::faults
