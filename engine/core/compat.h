// The few LibTorch calls whose API differs between 1.13 (Debian) and 2.x (CUDA servers), wrapped here.
#pragma once

#include "engine/core/describe.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <exception>
#include <mutex>
#include <string>

namespace pretext::engine {

// Mixed precision for the scope of the guard: bf16 autocast on the given device type; a no-op for fp32.
class AutocastGuard {
public:
    AutocastGuard(c10::DeviceType device, const std::string &precision);
    ~AutocastGuard();
    AutocastGuard(const AutocastGuard &) = delete;
    AutocastGuard &operator=(const AutocastGuard &) = delete;

private:
    c10::DeviceType m_device;
    bool m_active = false;
    bool m_previous = false;
};

// Plain fp32 for the scope of the guard even inside an AutocastGuard (e.g. a loss whose small terms bf16 would
// blur). The dispatch-key API behind it is version-specific, hence here.
class NoAutocastGuard {
public:
    NoAutocastGuard();
    ~NoAutocastGuard();
    NoAutocastGuard(const NoAutocastGuard &) = delete;
    NoAutocastGuard &operator=(const NoAutocastGuard &) = delete;

private:
    struct Impl;
    Impl *d;
};

// Resolves a precision setting ("auto", "fp32", "bf16") for a device type: "auto" is bf16 on CUDA and on CPUs
// that have native bf16 instructions, fp32 otherwise (emulated bf16 would be slower than fp32).
std::string resolvePrecision(const std::string &precision, c10::DeviceType device);
bool cpuHasNativeBf16();

// Sets LibTorch's intra-op thread count (0 = all cores) and returns the count in effect. OpenMP starts with
// one thread on some machines, so this is always called explicitly.
int setThreadCount(int threads);

// State of the default CPU generator (weights initialisation, randperm) for checkpoints.
at::Tensor cpuGeneratorState();
void setCpuGeneratorState(const at::Tensor &state);
// Held while a seed is set on the default CPU generator and weights are drawn from it: a run being set up on one
// thread and a run folder read for inspection on another would otherwise seed each other's weights.
std::mutex &globalGeneratorMutex();

// verboseErrors(), describeException(): engine/core/describe.h

} // namespace pretext::engine
