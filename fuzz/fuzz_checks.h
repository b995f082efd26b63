// The Torch side of the fuzz targets' shared code: one-thread Torch, the invariants of an accepted dataset, and the
// handling of a rejected input.
#pragma once

#include "fuzz/fuzz_common.h"

#include "engine/core/errors.h"
#include "engine/data/dataset.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace pretext::fuzz {

// One intra-op thread: inputs are tiny, and a thread pool only slows ASan down and makes runs less repeatable.
inline void initTorch()
{
    at::set_num_threads(1);
}

// PRETEXT_FUZZ_STRICT=1: an exception other than the engine's own (DataError, ConfigError...) is a finding too, since
// the loaders promise errors that name the file and the fault. Off by default: a std::exception is a rejection.
inline bool strict()
{
    static const bool on = [] {
        const char *v = std::getenv("PRETEXT_FUZZ_STRICT");
        return v && *v && *v != '0';
    }();
    return on;
}

inline void rejectedByOther(const std::exception &e)
{
    if (!strict()) return;
    std::fprintf(stderr, "PRETEXT_FUZZ_STRICT: not an engine::Error: %s\n", e.what());
    std::abort();
}

// What dataset.h promises of a loaded split: uint8 [N, C, H, W] contiguous images, int64 [N] labels in range,
// N <= the limit.
inline void checkDataset(const engine::Dataset &d, int64_t channels, int64_t limit)
{
    PRETEXT_FUZZ_CHECK(d.images.defined() && d.labels.defined());
    PRETEXT_FUZZ_CHECK(d.images.dim() == 4 && d.images.scalar_type() == at::kByte && d.images.is_contiguous());
    PRETEXT_FUZZ_CHECK(d.images.size(1) == channels);
    PRETEXT_FUZZ_CHECK(d.labels.dim() == 1 && d.labels.scalar_type() == at::kLong);
    PRETEXT_FUZZ_CHECK(d.labels.size(0) == d.images.size(0));
    PRETEXT_FUZZ_CHECK(limit <= 0 || d.size() <= limit);
    if (d.labels.numel() > 0) {
        PRETEXT_FUZZ_CHECK(d.labels.min().item<int64_t>() >= 0);
        PRETEXT_FUZZ_CHECK(d.labels.max().item<int64_t>() < d.numClasses());
    }
}

} // namespace pretext::fuzz

// The catch clauses every target ends with: the engine's errors and other exceptions are expected rejections.
#define PRETEXT_FUZZ_REJECTIONS                                                                                       \
    catch (const pretext::engine::Error &) {}                                                                         \
    catch (const std::exception &e) { pretext::fuzz::rejectedByOther(e); }
