// pretext-cli experiment: the reference text's exercises as folders of runs with a summary.
#include "args.h"
#include "commands.h"
#include "console.h"

#include "engine/core/errors.h"
#include "engine/io/runfolder.h"
#include "engine/train/experiment.h"

#include <cstdio>
#include <iostream>
#include <sstream>

namespace pretext::cli {

using namespace engine;

namespace {

const std::vector<FlagSpec> kExperimentFlags = {
    {"out", "DIR", "experiment folder (created; an existing one of the same experiment is continued)"},
    {"resume", "DIR", "continue the experiment in DIR with the settings it was started with"},
    {"dataset", "SPEC", "dataset of every run (default fashion-mnist; shapes:20000 with --epochs 3 for the colour augmentations)"},
    {"method", "NAME", "ablation, temperature, transfer, simclr-probe: the self-supervised method (default simclr)"},
    {"epochs", "N", "epochs of every run (default: the preset's)"},
    {"train-limit", "N", "training images of every run (0 = all; default: the preset's)"},
    {"steps-per-epoch", "N", "steps per epoch (0 = a full pass; default: the preset's)"},
    {"temperatures", "LIST", "temperature: the values of τ, comma-separated (default 0.05,0.1,0.2,0.5,1)"},
    {"fractions", "LIST", "transfer: the shares of labelled images, comma-separated (default 0.01,0.1)"},
    {"seed", "N", "seed of every run (default 0)"},
    {"threads", "N", "CPU threads (default: all cores)"},
    {"device", "DEV", "cpu, cuda or cuda:N"},
    {"list", "", "list the presets"},
    {"help", "", "show this help"},
};

std::string experimentHelp()
{
    std::ostringstream o;
    o << "Usage: pretext-cli experiment NAME --out DIR [OPTIONS]\n"
         "       pretext-cli experiment --resume DIR\n\n"
         "Runs one of the reference text's exercises as a folder of runs, one after the other, and writes\n"
         "summary.csv, summary.svg and summary.md (the table and what it shows). Stopped (Ctrl-C) and started\n"
         "again, it keeps the runs already done and resumes the one in progress from its checkpoint. Each preset's\n"
         "defaults fit a lesson: at most about 10 minutes on two cores.\n\nPresets:\n";
    for (const auto &p : experimentPresets()) o << "  " << p.name << std::string(16 - p.name.size(), ' ') << p.summary << "\n";
    o << "\nOptions:\n" << formatFlags(kExperimentFlags);
    return o.str();
}

std::vector<double> numberList(const std::string &flag, const std::string &text)
{
    std::vector<double> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        try {
            size_t used = 0;
            const double v = std::stod(item, &used);
            if (used != item.size()) throw std::invalid_argument(item);
            out.push_back(v);
        } catch (const std::exception &) {
            throw ConfigError("--" + flag + ": expected comma-separated numbers such as 0.1,0.2, got '" + text + "'");
        }
    }
    if (out.empty()) throw ConfigError("--" + flag + ": expected at least one number");
    return out;
}

} // namespace

int cmdExperiment(int argc, char **argv)
{
    if (wantsHelp(argc, argv)) {
        std::cout << experimentHelp();
        return ExitOk;
    }
    Args args(argc, argv, 2, kExperimentFlags);
    if (args.has("list")) {
        for (const auto &p : experimentPresets()) std::cout << p.name << "\t" << p.title << "\n";
        return ExitOk;
    }
    ExperimentSpec spec;
    std::string dir;
    if (const auto resume = args.value("resume")) {
        if (!args.positionals().empty())
            throw ConfigError("experiment --resume DIR takes no preset name: the folder knows its experiment");
        dir = *resume;
        spec = loadExperiment(dir);
    } else {
        if (args.positionals().size() != 1)
            throw ConfigError("experiment: expected one preset name (see pretext-cli experiment --list)");
        ExperimentOptions o;
        o.dataset = args.value("dataset", "");
        o.method = args.value("method", "");
        if (auto v = args.integer("epochs")) o.epochs = static_cast<int>(*v);
        if (auto v = args.integer("train-limit")) o.trainLimit = *v;
        if (auto v = args.integer("steps-per-epoch")) o.stepsPerEpoch = *v;
        if (auto v = args.value("temperatures")) o.temperatures = numberList("temperatures", *v);
        if (auto v = args.value("fractions")) o.fractions = numberList("fractions", *v);
        if (auto v = args.integer("seed")) o.seed = static_cast<uint64_t>(*v);
        if (auto v = args.integer("threads")) o.threads = static_cast<int>(*v);
        o.device = args.value("device", "");
        spec = makeExperiment(args.positionals()[0], o);
        dir = args.value("out", "runs/experiment-" + spec.name);
    }
    std::fprintf(stderr, "%s: %zu runs in %s\n", spec.title.c_str(), spec.runs.size(), dir.c_str());
    TrainControl control;
    ConsoleObserver observer;
    ExperimentOutcome outcome = ExperimentOutcome::Finished;
    runInterruptibly(control, [&] { outcome = runExperiment(spec, dir, &observer, &control); });
    observer.newline();
    if (outcome != ExperimentOutcome::Finished) {
        std::fprintf(stderr, "stopped; the runs done are kept. Continue with: pretext-cli experiment --resume %s\n",
                     dir.c_str());
        return ExitInterrupted;
    }
    std::cout << writeExperimentSummary(spec, dir);
    std::fprintf(stderr, "summary: %s\n", joinPath(dir, "summary.md").c_str());
    return ExitOk;
}

} // namespace pretext::cli
