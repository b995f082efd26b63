// The reference text's five exercises as experiment presets: a folder of runs made from one base setting, run one
// after the other, and a summary (CSV, an SVG chart and a Markdown page with a generated explanation of what the
// table shows). An experiment can be stopped and resumed: finished runs are not redone, a stopped one resumes
// from its checkpoint. Torch-free header: the GUI's controller runs experiments on its engine thread.
//
// Folder:  DIR/experiment.json   what was asked (preset, options, every run's id, label and config)
//          DIR/results.json      what is done: each finished run's figures (written atomically after each run)
//          DIR/<run id>/         an ordinary run folder
//          DIR/summary.csv, summary.svg, summary.md
#pragma once

#include "engine/core/text.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <string>
#include <vector>

namespace pretext::engine {

// What a user may change of a preset; an unset field keeps the preset's value, chosen so that the whole experiment
// fits a lesson (at most 10 minutes on two cores).
struct ExperimentOptions {
    std::string dataset;              // e.g. "shapes" for the colour augmentations; empty = fashion-mnist
    std::string method;               // ablation and temperature: the contrastive method; empty = simclr
    int epochs = 0;                   // 0 = the preset's
    int64_t trainLimit = -1;          // -1 = the preset's, 0 = all
    int64_t stepsPerEpoch = -1;       // -1 = the preset's, 0 = a full pass
    std::vector<double> temperatures; // temperature sweep; empty = 0.05, 0.1, 0.2, 0.5, 1.0
    std::vector<double> fractions;    // transfer: shares of labelled images; empty = 0.01, 0.1
    uint64_t seed = 0;
    int threads = 0;
    std::string device;               // empty = cpu
};

struct ExperimentRunSpec {
    std::string id;      // folder name inside the experiment folder, e.g. "no-crop"
    std::string label;   // the table's row, e.g. "crop removed"
    double value = 0;    // the swept value (temperature), 0 when none
    RunConfig config;
};

struct ExperimentSpec {
    std::string name;     // preset name: simclr-probe, ablation, temperature, byol-vs-simclr, transfer
    std::string title;    // e.g. "Exercise 2: which augmentations matter"
    std::string question; // what the experiment asks, one sentence
    std::string variable; // the table's first column, e.g. "augmentation"
    std::vector<ExperimentRunSpec> runs;
    std::vector<double> fractions; // transfer only: the labelled shares evaluated after pre-training
    ExperimentOptions options;
};

struct ExperimentPreset {
    std::string name, title, summary; // summary: one line for menus and --help
};
const std::vector<ExperimentPreset> &experimentPresets();
// Whether a dataset spec names gray images (mnist, fashion-mnist): the ablation leaves grayscale out on them.
bool isGrayDatasetSpec(const std::string &spec);
// The preset `name` with `options` applied; throws ConfigError naming the presets for an unknown one, and for
// options that do not fit (e.g. a temperature sweep for a method without a temperature).
ExperimentSpec makeExperiment(const std::string &name, const ExperimentOptions &options = {});

// One finished (or stopped) run of an experiment, as the summary tables show it.
struct ExperimentRow {
    std::string id, label;
    double value = 0;
    std::string state;                // finished | stopped | pending | failed
    std::string error;                // failed only
    double probe = -1, knn = -1;      // the last evaluation of the trained encoder
    double randomProbe = -1, randomKnn = -1; // the same protocol on the untrained encoder
    double seconds = 0;               // wall time of the run, evaluations included
    // Transfer: per fraction (in spec.fractions order), for the trained encoder and for the untrained one.
    struct Transfer {
        double fraction = 0;
        int64_t labelled = 0;
        double probe = -1, fineTune = -1;
    };
    std::vector<Transfer> transfer, randomTransfer;
};

struct ExperimentProgress {
    int index = 0;            // 0-based index of the run now starting (== count when all are done)
    int count = 0;
    std::string id, label;
    bool skipped = false;     // finished earlier: not redone
    double elapsedSeconds = 0; // this session
    double etaSeconds = -1;   // the rest of the experiment, from the runs done so far; -1 = not known yet
    std::string message;      // e.g. "run 3 of 6: crop removed"
};

// Receives the experiment's progress and, between its calls, every TrainObserver call of the run in progress.
class ExperimentObserver : public TrainObserver {
public:
    virtual void onExperimentProgress(const ExperimentProgress &) {}
};

enum class ExperimentOutcome { Finished, Stopped, Interrupted };

// Runs `spec` in `dir`, or continues it when dir already holds it (the runs already done are kept; a spec that does
// not match the folder's is refused, naming the difference). Writes the summary after every run. The control
// (optional) stops, pauses and steps the run in progress. Throws ConfigError / DataError / DivergedError.
ExperimentOutcome runExperiment(const ExperimentSpec &spec, const std::string &dir,
                                ExperimentObserver *observer = nullptr, TrainControl *control = nullptr);
// The spec stored in an experiment folder (to resume it with the options it was started with).
ExperimentSpec loadExperiment(const std::string &dir);
// The rows of an experiment folder as they stand.
std::vector<ExperimentRow> experimentRows(const ExperimentSpec &spec, const std::string &dir);
// Rewrites summary.csv, summary.svg and summary.md of `dir`; returns the Markdown.
std::string writeExperimentSummary(const ExperimentSpec &spec, const std::string &dir);
// The generated explanation of what the rows show (a paragraph of the summary): English, or through `translate`
// (its templates are marked PRETEXT_TEXT("engine", …), the context the interface translates engine texts in).
std::string explainExperiment(const ExperimentSpec &spec, const std::vector<ExperimentRow> &rows,
                              const TextTranslator &translate = {});

json::Value toJson(const ExperimentSpec &spec);
ExperimentSpec experimentSpecFromJson(const json::Value &value, const std::string &source);

} // namespace pretext::engine
