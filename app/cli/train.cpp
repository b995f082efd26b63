// pretext-cli train | resume | eval: headless runs with a progress bar on a terminal, plain lines otherwise.
#include "args.h"
#include "commands.h"

#include "engine/core/errors.h"
#include "engine/methods/catalog.h"
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

// Flags that are not settings, and the released switches kept as aliases of settings.
const std::vector<FlagSpec> kFixedTrainFlags = {
    {"config", "FILE.json", "run configuration (flags override its fields)"},
    {"out", "DIR", "run folder to create (default runs/METHOD-DATASET-TIME)"},
    {"no-eval", "", "same as --eval-each-epoch false: no random-init baseline, no per-epoch probe and kNN"},
    {"raw-probe", "", "same as --probe-standardize false: probe raw features, as the reference text's code"},
    {"help", "", "show this help"},
};

std::string metavarOf(const Setting &s)
{
    if (!s.metavar.empty()) return s.metavar;
    switch (s.type) {
    case SettingType::Bool: return "true|false";
    case SettingType::Int: return "N";
    case SettingType::Real: return "X";
    default: return "VALUE";
    }
}

FlagSpec flagFor(const Setting &s)
{
    std::string help = s.help;
    if (s.type == SettingType::Choice) help += " (" + s.rangeText() + ")";
    else if (s.type != SettingType::Text && s.type != SettingType::Bool) help += " [" + s.rangeText() + "]";
    help += " default: " + formatSettingValue(s.defaultValue);
    return {s.flag(), metavarOf(s), help};
}

// Every flag `train` accepts: the fixed ones, every shared setting, and every setting of every method.
std::vector<FlagSpec> trainFlags()
{
    std::vector<FlagSpec> flags = kFixedTrainFlags;
    auto add = [&](const Setting &s) {
        if (!s.cliFlag) return;
        for (const auto &f : flags)
            if (f.name == s.flag()) return;
        flags.push_back(flagFor(s));
    };
    for (const auto &s : runSettings()) add(s);
    for (const auto &m : methodCatalog())
        for (const auto &s : m.settings) add(s);
    return flags;
}

std::string trainHelp()
{
    std::string out = "Usage: pretext-cli train [--config FILE.json] [OPTIONS]\n\n"
                      "Trains a self-supervised model and writes a run folder (config.json, metrics.jsonl,\n"
                      "checkpoints/, snapshots/, report.html). Ctrl-C writes a checkpoint and exits 130.\n\n";
    out += formatFlags(kFixedTrainFlags);
    for (const char *group : {settinggroup::kMethod, settinggroup::kData, settinggroup::kOptimisation,
                              settinggroup::kEvaluation, settinggroup::kExecution}) {
        std::vector<FlagSpec> flags;
        for (const auto &s : runSettings())
            if (s.group == group && s.cliFlag) flags.push_back(flagFor(s));
        out += std::string("\n") + group + ":\n" + formatFlags(flags);
    }
    out += "\nMethods and their own settings (a method's recipe may change the defaults above):\n";
    for (const auto &m : methodCatalog()) {
        out += "\n  " + m.name + " — " + m.title + " (" + familyName(m.family) + "): " + m.summary + "\n";
        std::vector<FlagSpec> flags;
        for (const auto &s : m.settings)
            if (s.cliFlag) flags.push_back(flagFor(s));
        if (!m.recipe.asObject().empty()) {
            std::string recipe;
            for (const auto &kv : m.recipe.asObject())
                recipe += (recipe.empty() ? "" : ", ") + kv.first + " " + formatSettingValue(kv.second);
            out += "    recipe: " + recipe + "\n";
        }
        if (!flags.empty()) out += formatFlags(flags);
    }
    return out;
}

RunConfig configFromArgs(const Args &a)
{
    RunConfig c;
    if (auto path = a.value("config")) c = loadRunConfig(*path);
    else c = defaultRunConfig("simclr");
    if (auto v = a.value("method")) {
        const Setting *spec = findSetting(runSettings(), "method");
        const std::string problem = checkSetting(*spec, json::Value(*v));
        if (!problem.empty()) throw ConfigError("--method: " + problem);
        selectMethod(c, *v);
    }
    // Every other setting flag, in table order; a method's setting is refused for a method without it.
    for (const auto &s : settingsFor(c.method)) {
        if (s.key == "method" || !a.has(s.flag())) continue;
        const json::Value v = parseSettingText(s, *a.value(s.flag()));
        const std::string problem = checkSetting(s, v);
        if (problem.rfind(s.key + " = ", 0) == 0) throw ConfigError("--" + s.flag() + problem.substr(s.key.size()));
        if (!problem.empty()) throw ConfigError("--" + s.flag() + ": " + problem);
        setSettingValue(c, s.key, v);
    }
    for (const auto &m : methodCatalog())
        for (const auto &s : m.settings)
            if (a.has(s.flag()) && !findSetting(settingsFor(c.method), s.key))
                throw ConfigError("--" + s.flag() + " is a setting of method " + m.name + "; this run's method is " +
                                  c.method);
    if (a.has("no-eval")) c.evalEachEpoch = false;
    if (a.has("raw-probe")) c.probeStandardize = false;
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
        std::cout << trainHelp();
        return ExitOk;
    }
    Args args(argc, argv, 2, trainFlags());
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
