#include "engine/core/compat.h"

#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>
#include <ATen/Parallel.h>
#include <torch/version.h>

#include <c10/util/Exception.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define PRETEXT_AUTOCAST_BY_DEVICE 1
#endif

#include <c10/core/impl/LocalDispatchKeySet.h>

namespace pretext::engine {

struct NoAutocastGuard::Impl {
    c10::impl::ExcludeDispatchKeyGuard guard{c10::autocast_dispatch_keyset};
};

NoAutocastGuard::NoAutocastGuard() : d(new Impl) {}

NoAutocastGuard::~NoAutocastGuard()
{
    delete d;
}

AutocastGuard::AutocastGuard(c10::DeviceType device, const std::string &precision) : m_device(device)
{
    if (precision != "bf16") return;
    m_active = true;
#ifdef PRETEXT_AUTOCAST_BY_DEVICE
    m_previous = at::autocast::is_autocast_enabled(device);
    at::autocast::set_autocast_dtype(device, at::kBFloat16);
    at::autocast::set_autocast_enabled(device, true);
#else
    if (device == c10::DeviceType::CUDA) {
        m_previous = at::autocast::is_enabled();
        at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
        at::autocast::set_enabled(true);
    } else {
        m_previous = at::autocast::is_cpu_enabled();
        at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
        at::autocast::set_cpu_enabled(true);
    }
#endif
}

AutocastGuard::~AutocastGuard()
{
    if (!m_active) return;
#ifdef PRETEXT_AUTOCAST_BY_DEVICE
    at::autocast::set_autocast_enabled(m_device, m_previous);
#else
    if (m_device == c10::DeviceType::CUDA) at::autocast::set_enabled(m_previous);
    else at::autocast::set_cpu_enabled(m_previous);
#endif
    at::autocast::clear_cache();
}

bool cpuHasNativeBf16()
{
    static const bool has = [] {
        std::ifstream in("/proc/cpuinfo");
        std::string line;
        while (std::getline(in, line))
            if (line.rfind("flags", 0) == 0)
                return line.find(" avx512_bf16") != std::string::npos || line.find(" amx_bf16") != std::string::npos;
        return false;
    }();
    return has;
}

std::string resolvePrecision(const std::string &precision, c10::DeviceType device)
{
    if (precision != "auto") return precision;
    if (device == c10::DeviceType::CUDA) return "bf16";
    return cpuHasNativeBf16() ? "bf16" : "fp32";
}

int setThreadCount(int threads)
{
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(threads);
    return at::get_num_threads();
}

std::mutex &globalGeneratorMutex()
{
    static std::mutex m;
    return m;
}

at::Tensor cpuGeneratorState()
{
    auto gen = at::detail::getDefaultCPUGenerator();
    return gen.get_state();
}

void setCpuGeneratorState(const at::Tensor &state)
{
    auto gen = at::detail::getDefaultCPUGenerator();
    gen.set_state(state);
}

namespace {

std::atomic<bool> &verboseFlag()
{
    static std::atomic<bool> flag{[] {
        const char *v = std::getenv("PRETEXT_VERBOSE");
        return v && *v && std::strcmp(v, "0") != 0 && std::strcmp(v, "false") != 0;
    }()};
    return flag;
}

// Cuts what a message carries of a C++ backtrace: LibTorch's "Exception raised from ... (most recent call first):"
// header and the "frame #N: ..." lines after it.
std::string withoutBacktrace(const std::string &text)
{
    std::string out;
    std::istringstream in(text);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        const auto start = line.find_first_not_of(" \t");
        const std::string trimmed = start == std::string::npos ? std::string() : line.substr(start);
        if (trimmed.rfind("frame #", 0) == 0 || trimmed.rfind("Exception raised from ", 0) == 0) continue;
        if (!first) out += '\n';
        out += line;
        first = false;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

} // namespace

bool verboseErrors()
{
    return verboseFlag().load();
}

void setVerboseErrors(bool verbose)
{
    verboseFlag().store(verbose);
}

std::string describeException(const std::exception &e, bool verbose)
{
    if (verbose) return e.what();
    if (const auto *c10Error = dynamic_cast<const c10::Error *>(&e))
        return withoutBacktrace(c10Error->what_without_backtrace());
    return withoutBacktrace(e.what());
}

} // namespace pretext::engine
