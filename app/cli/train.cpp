// pretext-cli train | resume | eval: headless runs with a progress bar on a terminal, plain lines otherwise.
#include "args.h"
#include "commands.h"
#include "console.h"

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

} // namespace

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

namespace {

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
    TrainControl control;
    ConsoleObserver observer;
    TrainOutcome outcome = TrainOutcome::Finished;
    runInterruptibly(control, [&] { outcome = trainer.run(&observer, &control); });
    observer.newline();
    if (outcome == TrainOutcome::Interrupted) {
        std::fprintf(stderr, "checkpoint written; continue with: pretext-cli resume %s\n", trainer.info().runDir.c_str());
        return ExitInterrupted;
    }
    std::fprintf(stderr, "done: %s\n", trainer.info().runDir.c_str());
    return ExitOk;
}

} // namespace

RunConfig trainConfigFromArgs(int argc, char **argv, int first)
{
    Args args(argc, argv, first, trainFlags());
    return configFromArgs(args);
}

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
        std::cout << "Usage: pretext-cli resume RUN_DIR [--device DEV] [--lr X]\n\n"
                     "Continues an interrupted run from its latest checkpoint, with the same seed and data order.\n"
                     "The checkpoint is verified first (this run's, undamaged, finite weights). A run stopped before\n"
                     "its first checkpoint starts again from step 0. After a divergence, --lr continues from the\n"
                     "last checkpoint with finite weights at a lower learning rate (recorded in metrics.jsonl).\n";
        return ExitOk;
    }
    Args args(argc, argv, 2,
              {{"device", "DEV", "train on this device instead of the run's own"},
               {"lr", "X", "continue with this base learning rate (recorded as lr_edit in metrics.jsonl)"},
               {"help", "", "show this help"}});
    if (args.positionals().size() != 1) throw ConfigError("resume: expected exactly one RUN_DIR");
    auto trainer = Trainer::open(args.positionals()[0], Trainer::OpenMode::Resume, args.value("device", ""));
    if (auto lr = args.number("lr")) trainer->setLearningRate(*lr);
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
    if (!trainer->writesResults())
        std::fprintf(stderr, "%s is read-only: the result was not appended to metrics.jsonl\n",
                     args.positionals()[0].c_str());
    return ExitOk;
}

} // namespace pretext::cli
