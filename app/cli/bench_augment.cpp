#include "bench.h"

#include "args.h"
#include "bench_reference.h"

#include "engine/augment/pipeline.h"
#include "engine/core/errors.h"
#include "engine/core/rng.h"

#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace pretext::cli {

using engine::ConfigError;

namespace {

// The reference text's SimCLRAugmentation normalises with CIFAR-10's statistics.
const std::vector<double> kCifarMean = { 0.4914, 0.4822, 0.4465 };
const std::vector<double> kCifarStd = { 0.2470, 0.2435, 0.2616 };

struct Measurement {
    double pairsPerSecond = 0;
    int64_t pairs = 0;
    double seconds = 0;
};

// Two views per image per iteration, as a SimCLR step makes them; a few warm-up iterations first (allocator,
// thread pool, caches), then iterations until `seconds` have passed.
Measurement measure(
    const engine::ViewPipeline &pipeline, const torch::Tensor &images, int threads, double seconds, int warmup)
{
    at::set_num_threads(threads);
    engine::Rng rng(1);
    for (int i = 0; i < warmup; ++i) {
        pipeline.apply(images, rng);
        pipeline.apply(images, rng);
    }
    using Clock = std::chrono::steady_clock;
    Measurement m;
    const auto start = Clock::now();
    do {
        auto v1 = pipeline.apply(images, rng);
        auto v2 = pipeline.apply(images, rng);
        m.pairs += images.size(0);
        m.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    } while (m.seconds < seconds);
    m.pairsPerSecond = static_cast<double>(m.pairs) / m.seconds;
    return m;
}

struct Reference {
    bool ok = false;
    double pairsPerSecond = 0;
    std::string why; // when !ok
};

Reference runReference(const std::string &python, const std::string &script, double seconds, int size)
{
    Reference ref;
    std::ostringstream secondsText;
    secondsText << seconds;
    const ReferenceRun run
        = runReferenceScript(python, script, { "--seconds", secondsText.str(), "--size", std::to_string(size) });
    ref.pairsPerSecond = run.number("pairs_per_s").value_or(0);
    ref.ok = ref.pairsPerSecond > 0;
    if (!ref.ok) {
        if (!run.unavailable.empty())
            ref.why = run.unavailable + " (install python3-torch and python3-torchvision)";
        else if (script.empty())
            ref.why = "tools/reference_augment_bench.py not found (give --reference-script FILE)";
        else
            ref.why = run.why.empty() ? "the baseline printed no reference_pairs_per_s line" : run.why;
    }
    return ref;
}

} // namespace

int runAugmentBench(int argc, char **argv)
{
    int first = 1;
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]) == "augment") {
            first = i + 1;
            break;
        }
    const std::vector<FlagSpec> specs = { { "batch", "N", "images per batch (default 256)" },
        { "seconds", "S", "timed seconds per measurement (default 3)" },
        { "threads", "N", "threads of the first measurement (default 1, as the reference); the second uses all cores" },
        { "size", "N", "image side (default 32, CIFAR-10)" }, { "warmup", "N", "warm-up iterations (default 3)" },
        { "tensor-ops", "", "also measure the device-generic tensor-op path (what runs on a GPU)" },
        { "no-reference", "", "skip the torchvision baseline" },
        { "python", "PATH", "interpreter of the baseline (default /usr/bin/python3)" },
        { "reference-script", "FILE", "baseline script (default: tools/reference_augment_bench.py)" },
        { "help", "", "show this help" } };
    for (int i = first; i < argc; ++i)
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            std::cout
                << "Usage: pretext-cli bench augment [OPTIONS]\n\n"
                   "Measures SimCLR two-view augmentation pairs/s of the engine's ViewPipeline (the reference\n"
                   "text's recipe: RandomResizedCrop(scale 0.2-1), flip, ColorJitter(0.4,0.4,0.4,0.1) p=0.8,\n"
                   "RandomGrayscale p=0.2, GaussianBlur(3), Normalize) on random uint8 RGB batches, and the same\n"
                   "recipe in torchvision on PIL images (one thread), and prints the ratio.\n\n"
                << formatFlags(specs);
            return 0;
        }
    Args args(argc, argv, first, specs);
    if (!args.positionals().empty())
        throw ConfigError("bench augment: unexpected argument '" + args.positionals()[0] + "'");
    const long long batch = args.integer("batch").value_or(256);
    const double seconds = args.number("seconds").value_or(3.0);
    const long long threads = args.integer("threads").value_or(1);
    const long long size = args.integer("size").value_or(32);
    const long long warmup = args.integer("warmup").value_or(3);
    if (batch < 1 || batch > 65536)
        throw ConfigError("--batch = " + std::to_string(batch) + " is out of range; expected 1 to 65536");
    if (!(seconds > 0 && seconds <= 3600))
        throw ConfigError("--seconds is out of range; expected more than 0, at most 3600");
    if (threads < 1 || threads > 1024)
        throw ConfigError("--threads = " + std::to_string(threads) + " is out of range; expected 1 to 1024");
    if (size < 8 || size > 512)
        throw ConfigError("--size = " + std::to_string(size) + " is out of range; expected 8 to 512");
    if (warmup < 0 || warmup > 1000)
        throw ConfigError("--warmup = " + std::to_string(warmup) + " is out of range; expected 0 to 1000");

    engine::AugmentConfig config; // defaults = the reference text's SimCLRAugmentation
    config.outputSize = static_cast<int>(size);
    engine::ViewPipeline pipeline(config, kCifarMean, kCifarStd);

    engine::Rng dataRng(7);
    auto images = torch::empty({ batch, 3, size, size }, torch::kByte);
    auto *p = images.data_ptr<uint8_t>();
    for (int64_t i = 0; i < images.numel(); ++i)
        p[i] = static_cast<uint8_t>(dataRng.next() >> 56);

    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<int> threadCounts = { static_cast<int>(threads) };
    if (cores != threads) threadCounts.push_back(cores);

    std::printf("SimCLR two-view augmentation, %lldx%lld RGB uint8, batch %lld, %.1f s per measurement\n", size, size,
        batch, seconds);
    struct Row {
        std::string what;
        int threads;
        double pairsPerSecond;
    };
    std::vector<Row> ours;
    std::vector<std::pair<engine::ViewPipeline::Backend, std::string>> backends
        = { { engine::ViewPipeline::Backend::Auto, "ViewPipeline (fused CPU pass)" } };
    if (args.has("tensor-ops"))
        backends.push_back({ engine::ViewPipeline::Backend::TensorOps, "ViewPipeline (tensor ops)" });
    for (const auto &[backend, name] : backends) {
        pipeline.setBackend(backend);
        for (int t : threadCounts) {
            const auto m = measure(pipeline, images, t, seconds, static_cast<int>(warmup));
            std::printf("  ours       %2d thread%s  %-34s %10.1f pairs/s\n", t, t == 1 ? " " : "s", name.c_str(),
                m.pairsPerSecond);
            std::fflush(stdout);
            ours.push_back({ name, t, m.pairsPerSecond });
        }
    }

    if (args.has("no-reference")) {
        std::printf("  reference  skipped (--no-reference)\n");
        return 0;
    }
    const auto script = args.value("reference-script").value_or(findReferenceScript("reference_augment_bench.py"));
    const auto ref = runReference(args.value("python", "/usr/bin/python3"), script, seconds, static_cast<int>(size));
    if (!ref.ok) {
        std::printf("  reference  not measured: %s\n", ref.why.c_str());
        return 0;
    }
    std::printf("  reference   1 thread   %-34s %10.1f pairs/s\n", "torchvision on PIL (python3)", ref.pairsPerSecond);
    for (const auto &row : ours)
        std::printf("  ratio      %2d thread%s  %-34s %9.1fx the reference\n", row.threads,
            row.threads == 1 ? " " : "s", row.what.c_str(), row.pairsPerSecond / ref.pairsPerSecond);
    return 0;
}

} // namespace pretext::cli
