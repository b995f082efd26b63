// pretext-cli bench train: end-to-end SimCLR training throughput (data, augmentation, forward, backward, step)
// of our engine beside the reference text's PyTorch code, same model, batch and threads, in one run; with and
// without a preview observer; where the step time goes; peak resident memory. With --methods/--method mae, the
// same for MAE beside a PyTorch MAE of the same sizes and loss (tools/reference_mae_bench.py).
#include "args.h"
#include "bench_reference.h"
#include "bench_train.h"

#include "engine/core/compat.h"
#include "engine/core/errors.h"
#include "engine/methods/catalog.h"
#include "engine/models/backbones.h"
#include "engine/train/trainer.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

namespace pretext::cli {

using namespace engine;

namespace {

struct Totals {
    int64_t steps = 0;
    double seconds = 0, data = 0, augment = 0, forward = 0, backward = 0, optimizer = 0, probe = 0;
    int previews = 0;
    double firstLoss = NAN, lastLoss = NAN; // of the timed steps
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
        if (totals.steps == 1) totals.firstLoss = m.loss;
        totals.lastLoss = m.loss;
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

// Lowers the peak-RSS mark to the current RSS (Linux 4.0+), so that a run after others reports its own peak.
bool resetPeakRss()
{
    std::ofstream f("/proc/self/clear_refs");
    f << "5";
    f.flush();
    return static_cast<bool>(f);
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

// MAE beside tools/reference_mae_bench.py: the method's own recipe (crops and flips, its settings), same batch,
// threads and steps; steps/s, images/s, peak RSS and the losses of the first and last timed step of both.
void runMaeComparison(const Args &a, int64_t steps, int64_t warmup, int threads, bool afterOtherRuns)
{
    RunConfig m = defaultRunConfig("mae");
    if (auto b = a.integer("batch-size")) m.batchSize = static_cast<int>(*b);
    m.threads = threads;
    m.precision = a.value("precision", "auto");
    m.onlineProbe = false;
    validate(m);
    const BackboneOptions vit; // ViT-Tiny's sizes
    const int64_t patch = m.integer("patch_size"), grid = vit.imageSize / patch, patches = grid * grid;
    const int64_t hidden = std::llround(m.real("mask_ratio") * static_cast<double>(patches));
    std::printf("%sMAE, Fashion-MNIST 28x28, ViT-Tiny (%lld-d, %lld blocks, %lld heads) encodes the %lld visible of "
                "%lld %lldx%lld patches\n+ a class token; decoder %lld blocks x %lld; MSE on the %lld hidden "
                "patches%s\n"
                "batch %d, %d thread%s, %lld timed steps after %lld warm-up, precision %s (ours; the reference runs "
                "fp32)\n",
                afterOtherRuns ? "\n" : "", static_cast<long long>(vit.vitDim), static_cast<long long>(vit.vitDepth),
                static_cast<long long>(vit.vitHeads), static_cast<long long>(patches - hidden),
                static_cast<long long>(patches), static_cast<long long>(patch), static_cast<long long>(patch),
                static_cast<long long>(m.integer("decoder_depth")), static_cast<long long>(m.integer("decoder_dim")),
                static_cast<long long>(hidden), m.flag("norm_pix_loss") ? " against per-patch normalised pixels" : "",
                m.batchSize, threads, threads == 1 ? "" : "s", static_cast<long long>(steps),
                static_cast<long long>(warmup), resolvePrecision(m.precision, c10::DeviceType::CPU).c_str());
    std::fflush(stdout);

    // The peak must be this run's, not that of the SimCLR runs before it.
    const bool ownPeak = !afterOtherRuns || resetPeakRss();
    const OurResult ours = runOurs(m, steps, warmup, false);
    const double rss = peakRssMb();

    ReferenceRun ref;
    if (a.has("no-reference")) {
        ref.why = "skipped (--no-reference)";
    } else {
        std::ostringstream ratio, cropMin, lr;
        ratio << m.real("mask_ratio");
        cropMin << m.augment.cropScaleMin;
        lr << m.lr;
        ref = runReferenceScript(a.value("python", "/usr/bin/python3"), findReferenceScript("reference_mae_bench.py"),
                                 {"--steps", std::to_string(steps), "--warmup", std::to_string(warmup), "--threads",
                                  std::to_string(threads), "--batch", std::to_string(m.batchSize), "--mask-ratio",
                                  ratio.str(), "--patch", std::to_string(patch), "--dim", std::to_string(vit.vitDim),
                                  "--depth", std::to_string(vit.vitDepth), "--heads", std::to_string(vit.vitHeads),
                                  "--decoder-dim", std::to_string(m.integer("decoder_dim")), "--decoder-depth",
                                  std::to_string(m.integer("decoder_depth")), "--norm-pix-loss",
                                  m.flag("norm_pix_loss") ? "1" : "0", "--crop-scale-min", cropMin.str(), "--lr",
                                  lr.str(), "--lr-warmup-steps", std::to_string(m.warmupSteps), "--schedule",
                                  m.schedule});
        if (ref.ran && !ref.number("steps_per_s")) ref.why = "the baseline printed no reference_steps_per_s line";
    }
    const auto refSteps = ref.number("steps_per_s"), refImages = ref.number("images_per_s");
    const auto refRss = ref.number("peak_rss_mb");
    const double ourSteps = static_cast<double>(ours.totals.steps) / ours.totals.seconds;

    std::printf("\n%-34s %10s %10s %14s\n", "MAE training, end to end", "steps/s", "images/s", "peak memory");
    std::printf("%-34s %10.2f %10.0f %11.0f MB%s\n", "ours", ourSteps, ours.pairsPerSecond, rss,
                ownPeak ? "" : "   (includes the runs before)");
    if (refSteps && refImages) {
        std::printf("%-34s %10.2f %10.0f %11.0f MB\n", "reference (PyTorch, fp32)", *refSteps, *refImages,
                    refRss.value_or(0));
        const double r = ours.pairsPerSecond / *refImages;
        char memory[32] = "";
        if (refRss && *refRss > 0) std::snprintf(memory, sizeof memory, "%.2fx", rss / *refRss);
        std::printf("%-34s %9.2fx %10s %14s   (target >= 1.5x: %s)\n", "ours / reference", r, "", memory,
                    r >= 1.5 ? "met" : "not met");
        std::printf("loss at the first and last timed step: ours %.3f -> %.3f, reference %.3f -> %.3f%s\n",
                    ours.totals.firstLoss, ours.totals.lastLoss, ref.number("loss_first").value_or(NAN),
                    ref.number("loss_last").value_or(NAN),
                    ref.values.count("data") && ref.values.at("data") != "fashion-mnist"
                        ? " (the reference trained on random images: no Fashion-MNIST)"
                        : "");
    } else {
        std::printf("%-34s %s%s\n", "reference (PyTorch, fp32)", a.has("no-reference") ? "" : "not measured: ",
                    ref.why.c_str());
        std::printf("loss at the first and last timed step: ours %.3f -> %.3f\n", ours.totals.firstLoss,
                    ours.totals.lastLoss);
    }
    std::fflush(stdout);
}

} // namespace

int runTrainBench(int argc, char **argv)
{
    const std::vector<FlagSpec> specs = {
        {"steps", "N", "timed steps (default 20)"},
        {"warmup", "N", "untimed steps first (default 3)"},
        {"threads", "N", "threads for both (default: all cores)"},
        {"batch-size", "N", "batch size (default 256; MAE's own default 128)"},
        {"precision", "P", "auto | fp32 | bf16 for ours (default auto: bf16 where the CPU has it natively)"},
        {"no-reference", "", "skip the PyTorch references"},
        {"python", "PATH", "interpreter of the PyTorch references (default /usr/bin/python3)"},
        {"methods", "LIST", "also time these methods (comma-separated, or all) beside SimCLR, same data and batch"},
        {"method", "M", "same as --methods M; with mae, MAE beside the same model in PyTorch (mae alone: only that)"},
        {"help", "", "show this help"},
    };
    if (wantsHelp(argc, argv, 3)) {
        std::cout << "Usage: pretext-cli bench train [OPTIONS]\n\nSimCLR on Fashion-MNIST, small ConvNet: "
                     "end-to-end pairs/s, ours beside the reference\ntext's PyTorch code "
                     "(tools/reference_simclr_bench.py), step-time breakdown and peak memory.\n"
                     "With --methods, the throughput of each registered method beside SimCLR's.\n"
                     "With --method mae, MAE (ViT-Tiny) steps/s, images/s and peak memory beside the same model and\n"
                     "loss in PyTorch (tools/reference_mae_bench.py) and the ratio.\n\n"
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
    const std::string python = a.value("python", "/usr/bin/python3");

    if (a.has("method") && a.has("methods")) throw ConfigError("--method is --methods under another name; give one");
    std::vector<std::string> names;
    if (auto list = a.value("methods") ? a.value("methods") : a.value("method")) {
        if (*list == "all") names = methodNames();
        else
            for (size_t start = 0; start <= list->size();) {
                const size_t comma = std::min(list->find(',', start), list->size());
                if (comma > start) names.push_back(list->substr(start, comma - start));
                start = comma + 1;
            }
        for (const auto &name : names)
            if (!findMethod(name)) {
                std::string known;
                for (const auto &n : methodNames()) known += (known.empty() ? "" : ", ") + n;
                throw ConfigError(std::string(a.has("method") ? "--method" : "--methods") + ": no method named " +
                                  name + "; expected all or a list of: " + known);
            }
    }
    const bool withMae = std::find(names.begin(), names.end(), "mae") != names.end();
    if (withMae && names.size() == 1) {
        runMaeComparison(a, steps, warmup, threads, false);
        return ExitOk;
    }

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
        const std::string script = findReferenceScript("reference_simclr_bench.py");
        std::string cmd = shellQuoted(python) + " " + shellQuoted(script) + " " + std::to_string(steps) + " " +
                          std::to_string(warmup) + " " + std::to_string(threads) + " " + std::to_string(c.batchSize) +
                          " 2>&1";
        if (script.empty()) {
            reference = "not measured: tools/reference_simclr_bench.py was not found";
        } else if (FILE *p = popen(cmd.c_str(), "r")) {
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

    if (!names.empty()) {
        std::printf("\n%-14s %-24s %12s %12s\n", "method", "", "images/s", "vs SimCLR");
        for (const auto &name : names) {
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
    if (withMae) runMaeComparison(a, steps, warmup, threads, true);
    return ExitOk;
}

} // namespace pretext::cli
