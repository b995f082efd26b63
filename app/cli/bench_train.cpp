// pretext-cli bench train: end-to-end SimCLR training throughput (data, augmentation, forward, backward, step)
// of our engine beside the reference text's PyTorch code, same model, batch and threads, in one run; with and
// without a preview observer; where the step time goes; peak resident memory.
#include "args.h"
#include "bench_train.h"

#include "engine/core/compat.h"
#include "engine/core/errors.h"
#include "engine/methods/catalog.h"
#include "engine/train/trainer.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <unistd.h>

namespace pretext::cli {

using namespace engine;

namespace {

struct Totals {
    int64_t steps = 0;
    double seconds = 0, data = 0, augment = 0, forward = 0, backward = 0, optimizer = 0, probe = 0;
    int previews = 0;
};

// Times the steps after the warm-up from wall clock (so everything between steps counts too) and sums the
// engine's per-phase timings.
class BenchObserver : public TrainObserver {
public:
    BenchObserver(int64_t warmup, bool previews) : m_warmup(warmup), m_previews(previews) {}
    bool wantsPreviews() const override { return m_previews; }
    void onStep(const StepMetrics &m) override
    {
        const auto now = std::chrono::steady_clock::now();
        if (m.step == m_warmup) m_start = now;
        if (m.step <= m_warmup) return;
        ++totals.steps;
        totals.seconds = std::chrono::duration<double>(now - m_start).count();
        totals.data += m.dataSeconds;
        totals.augment += m.augmentSeconds;
        totals.forward += m.forwardSeconds;
        totals.backward += m.backwardSeconds;
        totals.optimizer += m.optimizerSeconds;
        totals.probe += m.probeSeconds;
    }
    void onPreview(const PreviewSnapshot &) override { ++totals.previews; }
    Totals totals;

private:
    int64_t m_warmup;
    bool m_previews;
    std::chrono::steady_clock::time_point m_start;
};

double peakRssMb()
{
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return static_cast<double>(r.ru_maxrss) / 1024.0;
}

std::string tempDir()
{
    char templ[] = "/tmp/pretext-bench-XXXXXX";
    if (!mkdtemp(templ)) throw Error("cannot create a temporary folder for the benchmark run");
    return templ;
}

struct OurResult {
    double pairsPerSecond = 0;
    Totals totals;
};

OurResult runOurs(const RunConfig &base, int64_t steps, int64_t warmup, bool previews)
{
    RunConfig c = base;
    c.epochs = 1;
    c.stepsPerEpoch = warmup + steps;
    c.evalEachEpoch = false;
    c.checkpointEvery = 1000000;
    const std::string dir = tempDir();
    Trainer trainer(c, dir);
    BenchObserver observer(warmup, previews);
    trainer.run(&observer);
    OurResult r;
    r.totals = observer.totals;
    r.pairsPerSecond = static_cast<double>(observer.totals.steps * c.batchSize) / observer.totals.seconds;
    std::string rm = "rm -rf '" + dir + "'";
    if (std::system(rm.c_str()) != 0) std::fprintf(stderr, "note: could not remove %s\n", dir.c_str());
    return r;
}

} // namespace

int runTrainBench(int argc, char **argv)
{
    const std::vector<FlagSpec> specs = {
        {"steps", "N", "timed steps (default 20)"},
        {"warmup", "N", "untimed steps first (default 3)"},
        {"threads", "N", "threads for both (default: all cores)"},
        {"batch-size", "N", "batch size (default 256)"},
        {"precision", "P", "auto | fp32 | bf16 for ours (default auto: bf16 where the CPU has it natively)"},
        {"no-reference", "", "skip the PyTorch reference"},
        {"methods", "LIST", "also time these methods (comma-separated, or all) beside SimCLR, same data and batch"},
        {"help", "", "show this help"},
    };
    if (wantsHelp(argc, argv, 3)) {
        std::cout << "Usage: pretext-cli bench train [OPTIONS]\n\nSimCLR on Fashion-MNIST, small ConvNet: "
                     "end-to-end pairs/s, ours beside the reference\ntext's PyTorch code "
                     "(tools/reference_simclr_bench.py), step-time breakdown and peak memory.\n"
                     "With --methods, the throughput of each registered method beside SimCLR's.\n\n"
                  << formatFlags(specs);
        return ExitOk;
    }
    Args a(argc, argv, 3, specs);
    const int64_t steps = a.integer("steps").value_or(20), warmup = a.integer("warmup").value_or(3);
    const int threads = static_cast<int>(a.integer("threads").value_or(static_cast<long long>(sysconf(_SC_NPROCESSORS_ONLN))));
    RunConfig c;
    c.batchSize = static_cast<int>(a.integer("batch-size").value_or(256));
    c.threads = threads;
    c.precision = a.value("precision", "auto");
    // The reference's augmentation for 28x28 gray: crop, flip, jitter(0.4, 0.4) p=0.8, blur 3; no grayscale.
    c.augment.grayscale = false;
    c.augment.saturation = 0;
    c.augment.hue = 0;
    c.augment.mean = {0.286};
    c.augment.stddev = {0.353};
    c.onlineProbe = false;
    validate(c);
    if (steps < 1 || warmup < 1) throw ConfigError("--steps and --warmup must be at least 1");

    std::printf("SimCLR, Fashion-MNIST 28x28, small ConvNet, batch %d, %d threads, %lld timed steps after %lld warm-up, "
                "precision %s (ours; the reference runs fp32)\n",
                c.batchSize, threads, static_cast<long long>(steps), static_cast<long long>(warmup),
                resolvePrecision(c.precision, c10::DeviceType::CPU).c_str());
    std::fflush(stdout);
    OurResult plain = runOurs(c, steps, warmup, false);
    const double rss = peakRssMb();
    c.previewsPerSecond = 4;
    OurResult observed = runOurs(c, steps, warmup, true);

    std::string reference = "(skipped)";
    double refPairs = 0;
    if (!a.has("no-reference")) {
        std::string script = std::string(PRETEXT_SOURCE_DIR) + "/tools/reference_simclr_bench.py";
        std::string cmd = "/usr/bin/python3 '" + script + "' " + std::to_string(steps) + " " + std::to_string(warmup) + " " +
                          std::to_string(threads) + " " + std::to_string(c.batchSize) + " 2>&1";
        if (FILE *p = popen(cmd.c_str(), "r")) {
            char line[512];
            std::string all;
            while (std::fgets(line, sizeof line, p)) all += line;
            const int rc = pclose(p);
            auto pos = all.find("pairs_per_s=");
            if (rc == 0 && pos != std::string::npos) {
                refPairs = std::atof(all.c_str() + pos + 12);
                reference = all.substr(all.find("reference"));
                if (!reference.empty() && reference.back() == '\n') reference.pop_back();
            } else {
                reference = "could not run (needs python3-torch, python3-torchvision): " + all.substr(0, 300);
            }
        }
    }

    const Totals &t = plain.totals;
    const double phases = t.data + t.augment + t.forward + t.backward + t.optimizer + t.probe;
    auto pct = [&](double v) { return 100.0 * v / phases; };
    std::printf("\n%-34s %10s\n", "end-to-end throughput", "pairs/s");
    std::printf("%-34s %10.0f\n", "ours (no observer)", plain.pairsPerSecond);
    std::printf("%-34s %10.0f   (%d previews at <= 4/s; %.1f%% of the plain figure)\n", "ours (with preview observer)",
                observed.pairsPerSecond, observed.totals.previews, 100 * observed.pairsPerSecond / plain.pairsPerSecond);
    if (refPairs > 0) std::printf("%-34s %10.0f\n%-34s %10.2fx\n", "reference (PyTorch, seed code)", refPairs, "ours / reference",
                                  plain.pairsPerSecond / refPairs);
    std::printf("reference output: %s\n", reference.c_str());
    std::printf("\nwhere our step time goes: augmentation %.0f%%, forward %.0f%%, backward %.0f%%, optimizer %.0f%%, "
                "batch gather %.0f%%, online probe %.0f%%  (%.1f ms per step)\n",
                pct(t.augment), pct(t.forward), pct(t.backward), pct(t.optimizer), pct(t.data), pct(t.probe),
                1000 * t.seconds / static_cast<double>(t.steps));
    std::printf("peak resident memory of our Fashion-MNIST run: %.0f MB\n", rss);

    if (auto list = a.value("methods")) {
        std::vector<std::string> names;
        if (*list == "all") names = methodNames();
        else
            for (size_t start = 0; start <= list->size();) {
                const size_t comma = std::min(list->find(',', start), list->size());
                if (comma > start) names.push_back(list->substr(start, comma - start));
                start = comma + 1;
            }
        std::printf("\n%-14s %-24s %12s %12s\n", "method", "", "images/s", "vs SimCLR");
        for (const auto &name : names) {
            if (!findMethod(name)) {
                std::string known;
                for (const auto &n : methodNames()) known += (known.empty() ? "" : ", ") + n;
                throw ConfigError("--methods: no method named " + name + "; expected all or a list of: " + known);
            }
            // The method's own settings and recipe, on the same data, batch, threads and precision as SimCLR above.
            RunConfig m = defaultRunConfig(name);
            m.batchSize = c.batchSize;
            m.threads = c.threads;
            m.precision = c.precision;
            m.augment = c.augment;
            m.onlineProbe = false;
            m.lr = c.lr;
            const double ips = name == "simclr" ? plain.pairsPerSecond : runOurs(m, steps, warmup, false).pairsPerSecond;
            std::printf("%-14s %-24s %12.0f %11.2fx\n", name.c_str(), ("(" + findMethod(name)->title + ")").c_str(), ips,
                        ips / plain.pairsPerSecond);
            std::fflush(stdout);
        }
    }
    return ExitOk;
}

} // namespace pretext::cli
