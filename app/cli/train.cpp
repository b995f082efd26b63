// pretext-cli train | resume | eval: headless runs with a progress bar on a terminal, plain lines otherwise.
#include "args.h"
#include "commands.h"

#include "engine/core/errors.h"
#include "engine/train/trainer.h"

#include <atomic>
#include <thread>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <unistd.h>

namespace pretext::cli {

using namespace engine;

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onSigint(int)
{
    g_interrupted = true;
    // A second Ctrl-C ends the process at once.
    std::signal(SIGINT, SIG_DFL);
}

std::string clock(double seconds)
{
    if (!(seconds >= 0) || seconds > 359999) return "--:--";
    const int s = static_cast<int>(seconds + 0.5);
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%02d:%02d", s / 60, s % 60);
    return buf;
}

// Prints progress: a redrawn bar on a terminal, a line every few seconds otherwise.
class ConsoleObserver : public TrainObserver {
public:
    ConsoleObserver() : m_tty(::isatty(STDERR_FILENO)) {}

    void onStarted(const RunInfo &info) override
    {
        m_info = info;
        std::fprintf(stderr, "%s %s on %s: %lld train / %lld test images, %lld steps (%lld per epoch), %s, %d threads\n",
                     info.startStep > 0 ? "resuming" : "training", info.config.method.c_str(), info.datasetName.c_str(),
                     static_cast<long long>(info.trainSize), static_cast<long long>(info.testSize),
                     static_cast<long long>(info.totalSteps), static_cast<long long>(info.stepsPerEpoch),
                     info.device.c_str(), info.threads);
        std::fprintf(stderr, "precision %s\n", info.precision.c_str());
        if (info.startStep > 0) std::fprintf(stderr, "continuing after step %lld\n", static_cast<long long>(info.startStep));
        std::fprintf(stderr, "run folder: %s\n", info.runDir.c_str());
    }

    void onStep(const StepMetrics &m) override
    {
        const auto now = std::chrono::steady_clock::now();
        const bool last = m.step == m.totalSteps;
        if (m_tty) {
            if (!last && now - m_lastPrint < std::chrono::milliseconds(100)) return;
            const int width = 24;
            const int filled = static_cast<int>(width * m.step / std::max<int64_t>(1, m.totalSteps));
            std::string bar(filled, '#');
            bar += std::string(width - filled, '.');
            std::fprintf(stderr, "\r[%s] %3d%% step %lld/%lld  epoch %lld/%d  loss %.4f  %.0f pairs/s  ETA %s ",
                         bar.c_str(), static_cast<int>(100 * m.step / std::max<int64_t>(1, m.totalSteps)),
                         static_cast<long long>(m.step), static_cast<long long>(m.totalSteps),
                         static_cast<long long>(m.epoch + 1), m_info.config.epochs, m.loss, m.pairsPerSecond,
                         clock(m.etaSeconds).c_str());
            m_dirty = true;
            if (last) newline();
        } else {
            if (!last && m.step != 1 && now - m_lastPrint < std::chrono::seconds(5)) return;
            std::fprintf(stderr, "step %lld/%lld epoch %lld loss %.4f lr %.3g %.0f pairs/s ETA %s\n",
                         static_cast<long long>(m.step), static_cast<long long>(m.totalSteps),
                         static_cast<long long>(m.epoch + 1), m.loss, m.lr, m.pairsPerSecond, clock(m.etaSeconds).c_str());
        }
        m_lastPrint = now;
    }

    void onEval(const EvalMetrics &e) override
    {
        newline();
        std::fprintf(stderr, "%s: linear probe %.2f%%, kNN %.2f%%\n",
                     e.randomInit ? "random-init baseline" : ("after epoch " + std::to_string(e.epoch)).c_str(),
                     100 * e.probeAcc, 100 * e.knnAcc);
    }

    void onMessage(const std::string &text) override
    {
        newline();
        std::fprintf(stderr, "%s…\n", text.c_str());
    }

    void newline()
    {
        if (m_dirty) std::fputc('\n', stderr);
        m_dirty = false;
    }

private:
    RunInfo m_info;
    bool m_tty;
    bool m_dirty = false;
    std::chrono::steady_clock::time_point m_lastPrint{};
};

const std::vector<FlagSpec> kTrainFlags = {
    {"config", "FILE.json", "run configuration (flags below override its fields)"},
    {"method", "NAME", "self-supervised method (simclr)"},
    {"backbone", "NAME", "convnet | resnet18 | vit-tiny"},
    {"dataset", "SPEC", "fashion-mnist, mnist:DIR, cifar10:DIR, cifar100:DIR, stl10:DIR, folder:DIR, shapes[:N]"},
    {"epochs", "N", "training epochs"},
    {"steps-per-epoch", "N", "limit the steps of each epoch (0 = a full pass)"},
    {"batch-size", "N", "images per batch (each gives two views)"},
    {"lr", "X", "learning rate"},
    {"optimizer", "NAME", "adam | sgd | lars"},
    {"temperature", "X", "NT-Xent temperature"},
    {"train-limit", "N", "use only the first N training images"},
    {"test-limit", "N", "use only the first N test images"},
    {"no-eval", "", "skip the random-init baseline and the per-epoch probe and kNN"},
    {"raw-probe", "", "offline probe on raw (not standardised) features, as the reference text's code"},
    {"seed", "N", "seed for weights, data order and augmentations"},
    {"threads", "N", "CPU threads (0 = all cores)"},
    {"device", "DEV", "cpu | cuda | cuda:N"},
    {"precision", "P", "auto | fp32 | bf16 (mixed precision; auto = bf16 where native)"},
    {"out", "DIR", "run folder to create (default runs/METHOD-DATASET-TIME)"},
    {"help", "", "show this help"},
};

// Integer flags are range-checked before narrowing, so 4294967297 cannot wrap into a valid value.
int intFlag(const Args &a, const char *name, long long fallback, long long lo, long long hi)
{
    const long long v = a.integer(name).value_or(fallback);
    if (v < lo || v > hi)
        throw ConfigError("--" + std::string(name) + " = " + std::to_string(v) + " is out of range; expected " +
                          std::to_string(lo) + " to " + std::to_string(hi));
    return static_cast<int>(v);
}

RunConfig configFromArgs(const Args &a)
{
    RunConfig c;
    if (auto path = a.value("config")) c = loadRunConfig(*path);
    if (auto v = a.value("method")) c.method = *v;
    if (auto v = a.value("backbone")) c.backbone = *v;
    if (auto v = a.value("dataset")) c.dataset = *v;
    if (a.has("epochs")) c.epochs = intFlag(a, "epochs", c.epochs, 1, 10000);
    if (auto v = a.integer("steps-per-epoch")) c.stepsPerEpoch = *v;
    if (a.has("batch-size")) c.batchSize = intFlag(a, "batch-size", c.batchSize, 2, 8192);
    if (auto v = a.number("lr")) c.lr = *v;
    if (auto v = a.value("optimizer")) c.optimizer = *v;
    if (auto v = a.number("temperature")) c.temperature = *v;
    if (auto v = a.integer("train-limit")) c.trainLimit = *v;
    if (auto v = a.integer("test-limit")) c.testLimit = *v;
    if (a.has("no-eval")) c.evalEachEpoch = false;
    if (a.has("raw-probe")) c.probeStandardize = false;
    if (auto v = a.integer("seed")) {
        if (*v < 0) throw ConfigError("--seed: expected a non-negative integer, got " + std::to_string(*v));
        c.seed = static_cast<uint64_t>(*v);
    }
    if (a.has("threads")) c.threads = intFlag(a, "threads", c.threads, 0, 1024);
    if (auto v = a.value("device")) c.device = *v;
    if (auto v = a.value("precision")) c.precision = *v;
    validate(c);
    return c;
}

std::string defaultOutDir(const RunConfig &c)
{
    char stamp[32];
    std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    std::string dataset = c.dataset;
    for (char &ch : dataset)
        if (ch == ':' || ch == '/') ch = '_';
    return "runs/" + c.method + "-" + dataset + "-" + stamp;
}

int runTrainer(Trainer &trainer)
{
    g_interrupted = false;
    std::signal(SIGINT, onSigint);
    TrainControl control;
    ConsoleObserver observer;
    // Ctrl-C can come during an evaluation, when no step reports for a while: a watcher turns it into a stop
    // request at once, and the engine stops (with a checkpoint) as soon as the current work ends.
    std::atomic<bool> done{false};
    std::thread watcher([&] {
        while (!done) {
            if (g_interrupted && !control.stopRequested()) {
                std::fprintf(stderr, "\ninterrupted: writing a checkpoint after the current step or evaluation "
                                     "(Ctrl-C again to quit at once)\n");
                control.requestInterrupt();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    TrainOutcome outcome;
    try {
        outcome = trainer.run(&observer, &control);
    } catch (...) {
        done = true;
        watcher.join();
        std::signal(SIGINT, SIG_DFL);
        throw;
    }
    done = true;
    watcher.join();
    observer.newline();
    std::signal(SIGINT, SIG_DFL);
    if (outcome == TrainOutcome::Interrupted) {
        std::fprintf(stderr, "checkpoint written; continue with: pretext-cli resume %s\n", trainer.info().runDir.c_str());
        return ExitInterrupted;
    }
    std::fprintf(stderr, "done: %s\n", trainer.info().runDir.c_str());
    return ExitOk;
}

} // namespace

int cmdTrain(int argc, char **argv)
{
    if (wantsHelp(argc, argv)) {
        std::cout << "Usage: pretext-cli train [--config FILE.json] [OPTIONS]\n\n"
                     "Trains a self-supervised model and writes a run folder (config.json, metrics.jsonl,\n"
                     "checkpoints/, snapshots/, report.html). Ctrl-C writes a checkpoint and exits 130.\n\n"
                  << formatFlags(kTrainFlags);
        return ExitOk;
    }
    Args args(argc, argv, 2, kTrainFlags);
    if (!args.positionals().empty()) throw ConfigError("train: unexpected argument '" + args.positionals()[0] + "'");
    RunConfig config = configFromArgs(args);
    Trainer trainer(config, args.value("out", defaultOutDir(config)));
    return runTrainer(trainer);
}

int cmdResume(int argc, char **argv)
{
    if (wantsHelp(argc, argv)) {
        std::cout << "Usage: pretext-cli resume RUN_DIR [--device DEV]\n\n"
                     "Continues an interrupted run from its latest checkpoint, with the same seed and data order.\n";
        return ExitOk;
    }
    Args args(argc, argv, 2, {{"device", "DEV", "train on this device instead of the run's own"}, {"help", "", "show this help"}});
    if (args.positionals().size() != 1) throw ConfigError("resume: expected exactly one RUN_DIR");
    auto trainer = Trainer::open(args.positionals()[0], Trainer::OpenMode::Resume, args.value("device", ""));
    if (trainer->completedSteps() >= trainer->info().totalSteps) {
        std::fprintf(stderr, "%s is already complete (%lld steps); nothing to resume\n",
                     args.positionals()[0].c_str(), static_cast<long long>(trainer->completedSteps()));
        return ExitOk;
    }
    return runTrainer(*trainer);
}

int cmdEval(int argc, char **argv)
{
    if (wantsHelp(argc, argv)) {
        std::cout << "Usage: pretext-cli eval RUN_DIR [--device DEV]\n\n"
                     "Linear probe (on frozen features) and weighted kNN on the run's latest checkpoint; prints the\n"
                     "accuracies and appends them to metrics.jsonl.\n";
        return ExitOk;
    }
    Args args(argc, argv, 2, {{"device", "DEV", "evaluate on this device (e.g. cpu for a run trained on cuda)"},
                              {"help", "", "show this help"}});
    if (args.positionals().size() != 1) throw ConfigError("eval: expected exactly one RUN_DIR");
    auto trainer = Trainer::open(args.positionals()[0], Trainer::OpenMode::Evaluate, args.value("device", ""));
    auto e = trainer->evaluate();
    std::printf("step %lld: linear probe %.2f%%, kNN %.2f%%\n", static_cast<long long>(e.step), 100 * e.probeAcc,
                100 * e.knnAcc);
    return ExitOk;
}

} // namespace pretext::cli
