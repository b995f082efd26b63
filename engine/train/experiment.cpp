#include "engine/train/experiment.h"

#include "engine/core/errors.h"
#include "engine/eval/transfer.h"
#include "engine/io/runfolder.h"
#include "engine/io/runhistory.h"
#include "engine/io/svgchart.h"
#include "engine/methods/catalog.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

namespace pretext::engine {

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char *kSpecFile = "experiment.json";
constexpr const char *kResultsFile = "results.json";

const std::vector<double> kDefaultTemperatures = {0.05, 0.1, 0.2, 0.5, 1.0};
const std::vector<double> kDefaultFractions = {0.01, 0.1};

bool isGrayDataset(const std::string &spec)
{
    return spec.rfind("fashion-mnist", 0) == 0 || spec.rfind("mnist", 0) == 0;
}

// "1 %", "10 %", "2.5 %": a share of the labels, with a decimal only where it has one.
std::string percent(double fraction)
{
    const double p = 100 * fraction;
    return svg::number(p, std::fabs(p - std::round(p)) < 1e-9 ? 0 : 1) + " %";
}

// The base of every run of a preset: the method's own recipe on the dataset, sized for a lesson. Evaluation uses a
// bank of 10,000 training images and the whole test split: the same protocol for every row of a table.
RunConfig baseConfig(const std::string &method, const ExperimentOptions &o, int epochs, int64_t trainLimit,
                     int64_t stepsPerEpoch)
{
    RunConfig c = defaultRunConfig(method);
    c.dataset = o.dataset.empty() ? "fashion-mnist" : o.dataset;
    c.epochs = o.epochs > 0 ? o.epochs : epochs;
    c.trainLimit = o.trainLimit >= 0 ? o.trainLimit : trainLimit;
    c.stepsPerEpoch = o.stepsPerEpoch >= 0 ? o.stepsPerEpoch : stepsPerEpoch;
    c.evalTrainLimit = 10000;
    c.evalEachEpoch = true;
    c.seed = o.seed;
    c.threads = o.threads;
    if (!o.device.empty()) c.device = o.device;
    return c;
}

bool hasSetting(const std::string &method, const std::string &key)
{
    const MethodInfo *m = findMethod(method);
    if (!m) return false;
    for (const auto &s : m->settings)
        if (s.key == key) return true;
    return false;
}

std::string methodTitle(const std::string &method)
{
    const MethodInfo *m = findMethod(method);
    return m ? m->title : method;
}

void requireMethod(const std::string &method)
{
    if (!findMethod(method)) {
        std::string names;
        for (const auto &n : methodNames()) names += (names.empty() ? "" : ", ") + n;
        throw ConfigError("experiment: unknown method '" + method + "'; known: " + names);
    }
}

// A run id names a folder inside the experiment folder: one path component, nothing that could reach outside it.
void checkRunIds(const ExperimentSpec &spec, const std::string &source)
{
    std::vector<std::string> seen;
    for (const auto &r : spec.runs) {
        const bool plain = !r.id.empty() && r.id != "." && r.id != ".." &&
                           std::all_of(r.id.begin(), r.id.end(), [](char c) {
                               return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
                           });
        if (!plain)
            throw ConfigError(source + ": run id '" + r.id + "' is not a plain folder name (letters, digits, . _ -)");
        if (std::find(seen.begin(), seen.end(), r.id) != seen.end())
            throw ConfigError(source + ": two runs are called '" + r.id + "'; each run needs its own folder (two "
                                       "temperatures closer than 0.001?)");
        seen.push_back(r.id);
    }
}

// A CSV field: quoted when it holds a comma, a quote or a line break, quotes doubled.
std::string csvField(const std::string &text)
{
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// A measured value, or an empty cell when it was not measured (never -1, which a spreadsheet would plot).
std::string csvNumber(double value, int digits)
{
    return value >= 0 ? svg::number(value, digits) : std::string();
}

} // namespace

bool isGrayDatasetSpec(const std::string &spec)
{
    return isGrayDataset(spec);
}

const std::vector<ExperimentPreset> &experimentPresets()
{
    static const std::vector<ExperimentPreset> presets = {
        {"simclr-probe", "Exercise 1: SimCLR, then a linear probe",
         "train SimCLR and probe its encoder against the same network untrained"},
        {"ablation", "Exercise 2: which augmentations matter",
         "the same SimCLR run once with every augmentation and once per augmentation removed"},
        {"temperature", "Exercise 3: the temperature of the contrastive loss",
         "the same SimCLR run at each temperature of a list (default 0.05, 0.1, 0.2, 0.5, 1)"},
        {"byol-vs-simclr", "Exercise 4: BYOL against SimCLR in one setting",
         "both methods with the same backbone, epochs, batch and seed"},
        {"transfer", "Exercise 5: random-init, supervised and self-supervised pre-training on few labels",
         "each encoder probed and fine-tuned with 1 % and 10 % of the labels"},
    };
    return presets;
}

ExperimentSpec makeExperiment(const std::string &name, const ExperimentOptions &o)
{
    ExperimentSpec spec;
    spec.name = name;
    spec.options = o;
    const ExperimentPreset *preset = nullptr;
    for (const auto &p : experimentPresets())
        if (p.name == name) preset = &p;
    if (!preset) {
        std::string names;
        for (const auto &p : experimentPresets()) names += (names.empty() ? "" : ", ") + p.name;
        throw ConfigError("unknown experiment '" + name + "'; choose one of: " + names);
    }
    spec.title = preset->title;
    const std::string method = o.method.empty() ? "simclr" : o.method;
    requireMethod(method);
    if (name == "simclr-probe" && method != "simclr")
        spec.title = "Exercise 1: " + methodTitle(method) + ", then a linear probe";

    if (name == "simclr-probe") {
        // The method's full recipe (four passes of SimCLR over Fashion-MNIST, about 4 minutes on two cores).
        spec.question = "How much better than the same network untrained does " + methodTitle(method) +
                        "'s encoder classify, with only a linear classifier on top?";
        spec.variable = "run";
        ExperimentRunSpec r{"trained", methodTitle(method), 0, baseConfig(method, o, 0, 0, 0)};
        if (o.epochs <= 0) r.config.epochs = defaultRunConfig(method).epochs;
        spec.runs.push_back(r);
    } else if (name == "ablation") {
        spec.question = "Which augmentation does " + methodTitle(method) +
                        " need most? Each run removes one; the drop in linear-probe accuracy against the run with all "
                        "of them measures what it contributed.";
        spec.variable = "augmentation";
        // 5 runs (6 on colour data) of 2 passes over the 60,000 images: about 100 s each with their evaluations.
        // Shorter runs leave the encoder too close to its random start for the removals to differ clearly.
        const RunConfig base = baseConfig(method, o, 2, 0, 0);
        spec.runs.push_back({"all", "all on", 0, base});
        const AugmentConfig &a = base.augment;
        const std::vector<std::pair<std::string, bool>> ops = {
            {"crop", a.crop},       {"flip", a.flip},   {"jitter", a.jitter},
            {"grayscale", a.grayscale}, {"blur", a.blur}, {"solarize", a.solarize}};
        for (const auto &[op, on] : ops) {
            if (!on) continue;
            // Turning a gray picture gray changes nothing: no run to spend on it.
            if (op == "grayscale" && isGrayDataset(base.dataset)) continue;
            RunConfig c = base;
            setSettingValue(c, "augment." + op, false);
            spec.runs.push_back({"no-" + op, op + " removed", 0, c});
        }
    } else if (name == "temperature") {
        if (!hasSetting(method, "temperature"))
            throw ConfigError("experiment temperature: method " + method +
                              " has no temperature; choose a contrastive one (simclr, moco)");
        spec.question = "How does the temperature τ of the contrastive loss change what " + methodTitle(method) +
                        " learns?";
        spec.variable = "temperature τ";
        // 5 runs of 2 passes over the 60,000 images, as the ablation's.
        const RunConfig base = baseConfig(method, o, 2, 0, 0);
        for (double t : o.temperatures.empty() ? kDefaultTemperatures : o.temperatures) {
            if (!(t > 0)) throw ConfigError("experiment temperature: τ = " + svg::number(t, 3) + " must be above 0");
            RunConfig c = base;
            setSettingValue(c, "temperature", t);
            spec.runs.push_back({"tau-" + svg::number(t, 3), "τ = " + svg::number(t, t < 0.1 ? 3 : 2), t, c});
        }
    } else if (name == "byol-vs-simclr") {
        spec.question = "In one setting (backbone, epochs, batch, seed, augmentations), does BYOL, without negative "
                        "pairs, learn as well as SimCLR?";
        spec.variable = "method";
        // 3 passes over the 60,000 images each: about 2 (SimCLR) and 3 (BYOL) minutes.
        RunConfig simclr = baseConfig("simclr", o, 3, 0, 0);
        RunConfig byol = baseConfig("byol", o, 3, 0, 0);
        // The same setting: batch, optimiser, schedule and augmentations of SimCLR's recipe for both; each keeps
        // its own learning rate (BYOL's recipe), which the methods' authors tuned separately.
        byol.batchSize = simclr.batchSize;
        byol.augment = simclr.augment;
        byol.schedule = simclr.schedule;
        byol.warmupSteps = simclr.warmupSteps;
        spec.runs.push_back({"simclr", "SimCLR", 0, simclr});
        spec.runs.push_back({"byol", "BYOL", 0, byol});
    } else if (name == "transfer") {
        spec.question = "With few labels, how much does pre-training help, and does pre-training without labels "
                        "come close to pre-training with them?";
        spec.variable = "pre-training";
        spec.fractions = o.fractions.empty() ? kDefaultFractions : o.fractions;
        for (double f : spec.fractions)
            if (!(f > 0 && f <= 1))
                throw ConfigError("experiment transfer: label fraction " + svg::number(f, 4) +
                                  " is outside (0, 1]; e.g. 0.01 for 1 %");
        // Pre-training: 2 passes of the self-supervised method and 1 of the supervised one over the 60,000 images;
        // then each encoder (and the random-init one) is probed and fine-tuned on each share of the labels.
        spec.runs.push_back({"self-supervised", methodTitle(method), 0, baseConfig(method, o, 2, 0, 0)});
        spec.runs.push_back({"supervised", "supervised (every label)", 0, baseConfig("supervised", o, 1, 0, 0)});
    }
    for (auto &r : spec.runs) validate(r.config);
    checkRunIds(spec, "experiment " + name);
    return spec;
}

json::Value toJson(const ExperimentSpec &spec)
{
    json::Value v;
    v["preset"] = spec.name;
    v["title"] = spec.title;
    v["question"] = spec.question;
    v["variable"] = spec.variable;
    json::Value fractions = json::Value::array();
    for (double f : spec.fractions) fractions.push_back(f);
    v["fractions"] = fractions;
    json::Value runs = json::Value::array();
    for (const auto &r : spec.runs) {
        json::Value run;
        run["id"] = r.id;
        run["label"] = r.label;
        run["value"] = r.value;
        run["config"] = toJson(r.config);
        runs.push_back(run);
    }
    v["runs"] = runs;
    return v;
}

ExperimentSpec experimentSpecFromJson(const json::Value &v, const std::string &source)
{
    ExperimentSpec spec;
    try {
        spec.name = v.find("preset")->asString();
        spec.title = v.find("title")->asString();
        spec.question = v.find("question")->asString();
        spec.variable = v.find("variable")->asString();
        for (const auto &f : v.find("fractions")->asArray()) spec.fractions.push_back(f.asNumber());
        for (const auto &r : v.find("runs")->asArray()) {
            ExperimentRunSpec run;
            run.id = r.find("id")->asString();
            run.label = r.find("label")->asString();
            run.value = r.find("value")->asNumber();
            run.config = runConfigFromJson(*r.find("config"), source + ": run " + run.id);
            spec.runs.push_back(run);
        }
    } catch (const ConfigError &) {
        throw;
    } catch (const std::exception &e) {
        throw DataError(source + ": not an experiment description (" + e.what() + ")");
    }
    if (spec.runs.empty()) throw DataError(source + ": the experiment has no runs");
    checkRunIds(spec, source);
    return spec;
}

ExperimentSpec loadExperiment(const std::string &dir)
{
    const std::string path = joinPath(dir, kSpecFile);
    if (!pathExists(path)) throw ConfigError(dir + " is not an experiment folder (no " + kSpecFile + ")");
    json::Value v;
    try {
        v = json::parseFile(path);
    } catch (const std::exception &e) {
        throw DataError(e.what());
    }
    return experimentSpecFromJson(v, path);
}

namespace {

json::Value loadResults(const std::string &dir)
{
    const std::string path = joinPath(dir, kResultsFile);
    if (!pathExists(path)) return json::Value::object();
    try {
        json::Value v = json::parseFile(path);
        if (v.isObject()) return v;
    } catch (const std::exception &) {
    }
    // A damaged results file loses nothing that cannot be measured again: the runs redo their evaluations.
    return json::Value::object();
}

json::Value transferJson(const std::vector<ExperimentRow::Transfer> &list)
{
    json::Value a = json::Value::array();
    for (const auto &t : list) {
        json::Value v;
        v["fraction"] = t.fraction;
        v["labelled"] = t.labelled;
        v["probe_acc"] = t.probe;
        v["fine_tune_acc"] = t.fineTune;
        a.push_back(v);
    }
    return a;
}

std::vector<ExperimentRow::Transfer> transferFromJson(const json::Value *v)
{
    std::vector<ExperimentRow::Transfer> out;
    if (!v || !v->isArray()) return out;
    for (const auto &t : v->asArray()) {
        ExperimentRow::Transfer r;
        r.fraction = t.find("fraction")->asNumber();
        r.labelled = static_cast<int64_t>(t.find("labelled")->asNumber());
        r.probe = t.find("probe_acc")->asNumber();
        r.fineTune = t.find("fine_tune_acc")->asNumber();
        out.push_back(r);
    }
    return out;
}

json::Value rowJson(const ExperimentRow &r)
{
    json::Value v;
    v["state"] = r.state;
    if (!r.error.empty()) v["error"] = r.error;
    v["probe_acc"] = r.probe;
    v["knn_acc"] = r.knn;
    v["random_init_probe_acc"] = r.randomProbe;
    v["random_init_knn_acc"] = r.randomKnn;
    v["seconds"] = std::round(r.seconds * 10) / 10;
    if (!r.transfer.empty()) v["transfer"] = transferJson(r.transfer);
    if (!r.randomTransfer.empty()) v["random_init_transfer"] = transferJson(r.randomTransfer);
    return v;
}

double numberOr(const json::Value &v, const char *key, double fallback)
{
    const auto *x = v.find(key);
    return x && x->isNumber() ? x->asNumber() : fallback;
}

// The last evaluation of the trained encoder and the random-init baseline, from the run's metrics.
void readEvaluations(const std::string &runDir, ExperimentRow &row)
{
    for (const auto &line : readMetrics(joinPath(runDir, runfolder::kMetrics))) {
        if (!line.contains("probe_acc")) continue;
        if (line.contains("random_init")) {
            row.randomProbe = numberOr(line, "probe_acc", -1);
            row.randomKnn = numberOr(line, "knn_acc", -1);
        } else {
            row.probe = numberOr(line, "probe_acc", -1);
            row.knn = numberOr(line, "knn_acc", -1);
        }
    }
}

// Forwards a run's TrainObserver calls to the experiment's observer and turns its steps into the experiment's ETA.
class RunForwarder : public TrainObserver {
public:
    RunForwarder(ExperimentObserver *target, ExperimentProgress progress, double typicalRunSeconds)
        : m_target(target), m_progress(std::move(progress)), m_typical(typicalRunSeconds)
    {
    }
    bool wantsPreviews() const override { return m_target && m_target->wantsPreviews(); }
    bool wantsInspection() const override { return m_target && m_target->wantsInspection(); }
    void onStarted(const RunInfo &i) override
    {
        m_startStep = i.startStep;
        if (m_target) m_target->onStarted(i);
    }
    void onStep(const StepMetrics &m) override
    {
        if (!m_target) return;
        m_target->onStep(m);
        const auto now = Clock::now();
        if (now - m_lastProgress < std::chrono::seconds(1)) return;
        m_lastProgress = now;
        // This run's rest, then the runs after it at the typical length (this run's projected length until one
        // run has finished).
        // A resumed run's session covers only its rest: scale the session's pace to the whole run.
        const double done = static_cast<double>(std::max<int64_t>(1, m.step - m_startStep));
        const double thisRun = m.etaSeconds + m.secondsElapsed * static_cast<double>(m.totalSteps) / done *
                                                  static_cast<double>(m.step) / static_cast<double>(m.totalSteps);
        const double typical = m_typical > 0 ? m_typical : thisRun;
        const int after = m_progress.count - m_progress.index - 1;
        m_progress.etaSeconds = m.etaSeconds + typical * after;
        m_target->onExperimentProgress(m_progress);
    }
    void onEval(const EvalMetrics &e) override
    {
        if (m_target) m_target->onEval(e);
    }
    void onPreview(const PreviewSnapshot &s) override
    {
        if (m_target) m_target->onPreview(s);
    }
    void onMessage(const std::string &text) override
    {
        if (m_target) m_target->onMessage(text);
    }
    void onCheckpoint(const std::string &path, int64_t step) override
    {
        if (m_target) m_target->onCheckpoint(path, step);
    }
    void onInspection(const FeatureSet &f, const ProbeReport &p) override
    {
        if (m_target) m_target->onInspection(f, p);
    }

private:
    ExperimentObserver *m_target;
    ExperimentProgress m_progress;
    double m_typical;
    int64_t m_startStep = 0;
    Clock::time_point m_lastProgress = Clock::now() - std::chrono::hours(1);
};

// Removes the folder of a run that never reached its first checkpoint, once it is clear this experiment made it:
// no process holds it, it holds only what a run folder holds, and its config.json (if any) is this run's.
void removeUnstartedRun(const std::string &runDir, const RunConfig &config)
{
    if (isLocked(runDir)) throw ConfigError(runDir + " is in use by another training process; stop that one first");
    static const std::vector<std::string> runFiles = {runfolder::kConfig, runfolder::kMetrics, runfolder::kState,
                                                      runfolder::kCheckpoints, runfolder::kSnapshots, runfolder::kReport,
                                                      ".lock", "vocabulary.json"};
    for (const auto &entry : std::filesystem::directory_iterator(runDir)) {
        const std::string name = entry.path().filename().string();
        if (std::find(runFiles.begin(), runFiles.end(), name) == runFiles.end())
            throw ConfigError(runDir + " holds " + name + ", which no run writes; move it away so that the experiment "
                                       "can start this run again");
    }
    const std::string configPath = joinPath(runDir, runfolder::kConfig);
    if (pathExists(configPath)) {
        bool same = false;
        try {
            RunConfig c = loadRunConfig(configPath);
            c.threads = config.threads;
            c.device = config.device;
            same = json::dump(toJson(c)) == json::dump(toJson(config));
        } catch (const std::exception &) {
        }
        if (!same)
            throw ConfigError(runDir + " holds another run (its config.json is not this experiment's); move it away");
    }
    std::filesystem::remove_all(runDir);
}

void checkSameExperiment(const ExperimentSpec &stored, const ExperimentSpec &spec, const std::string &dir)
{
    const auto differ = [&](const std::string &what) {
        throw ConfigError(dir + " already holds the experiment '" + stored.name + "' with other settings (" + what +
                          "); resume it as it is (pretext-cli experiment --resume " + dir +
                          ") or choose a new folder");
    };
    if (stored.name != spec.name) differ("preset " + stored.name + ", not " + spec.name);
    if (stored.runs.size() != spec.runs.size())
        differ(std::to_string(stored.runs.size()) + " runs, not " + std::to_string(spec.runs.size()));
    for (size_t i = 0; i < spec.runs.size(); ++i) {
        if (stored.runs[i].id != spec.runs[i].id) differ("run " + stored.runs[i].id + ", not " + spec.runs[i].id);
        // Where it runs (threads, device) is not what it measures: a stopped experiment may go on elsewhere.
        RunConfig a = stored.runs[i].config, b = spec.runs[i].config;
        a.threads = b.threads;
        a.device = b.device;
        if (json::dump(toJson(a)) != json::dump(toJson(b))) differ("the settings of run " + spec.runs[i].id);
    }
    if (stored.fractions != spec.fractions) differ("the label fractions");
}

} // namespace

std::vector<ExperimentRow> experimentRows(const ExperimentSpec &spec, const std::string &dir)
{
    const json::Value results = loadResults(dir);
    std::vector<ExperimentRow> rows;
    for (const auto &r : spec.runs) {
        ExperimentRow row;
        row.id = r.id;
        row.label = r.label;
        row.value = r.value;
        if (const auto *v = results.find(r.id); v && v->isObject()) {
            const auto *state = v->find("state");
            row.state = state && state->isString() ? state->asString() : "finished";
            if (const auto *e = v->find("error"); e && e->isString()) row.error = e->asString();
            row.probe = numberOr(*v, "probe_acc", -1);
            row.knn = numberOr(*v, "knn_acc", -1);
            row.randomProbe = numberOr(*v, "random_init_probe_acc", -1);
            row.randomKnn = numberOr(*v, "random_init_knn_acc", -1);
            row.seconds = numberOr(*v, "seconds", 0);
            try {
                row.transfer = transferFromJson(v->find("transfer"));
                row.randomTransfer = transferFromJson(v->find("random_init_transfer"));
            } catch (const std::exception &) {
                row.transfer.clear();
                row.randomTransfer.clear();
            }
        } else {
            row.state = pathExists(joinPath(joinPath(dir, r.id), runfolder::kConfig)) ? "stopped" : "pending";
        }
        rows.push_back(row);
    }
    return rows;
}

ExperimentOutcome runExperiment(const ExperimentSpec &spec, const std::string &dir, ExperimentObserver *observer,
                                TrainControl *control)
{
    if (spec.runs.empty()) throw ConfigError("experiment " + spec.name + " has no runs");
    checkRunIds(spec, "experiment " + spec.name);
    const std::string specPath = joinPath(dir, kSpecFile);
    if (!pathExists(specPath) && std::filesystem::is_directory(dir) && !std::filesystem::is_empty(dir))
        throw ConfigError(dir + " already holds files and no experiment; choose a new or empty folder for it");
    makeDirs(dir);
    // One process per experiment folder: two would overwrite each other's results.
    RunFolderLock lock(dir);
    if (pathExists(specPath)) checkSameExperiment(loadExperiment(dir), spec, dir);
    else writeFileAtomically(specPath, json::dump(toJson(spec), 2) + "\n");

    json::Value results = loadResults(dir);
    const auto sessionStart = Clock::now();
    const int count = static_cast<int>(spec.runs.size());
    double doneSeconds = 0;
    int doneRuns = 0;
    const auto progressOf = [&](int i, bool skipped) {
        ExperimentProgress p;
        p.index = i;
        p.count = count;
        if (i < count) {
            p.id = spec.runs[static_cast<size_t>(i)].id;
            p.label = spec.runs[static_cast<size_t>(i)].label;
        }
        p.skipped = skipped;
        p.elapsedSeconds = std::chrono::duration<double>(Clock::now() - sessionStart).count();
        p.etaSeconds = doneRuns > 0 ? doneSeconds / doneRuns * (count - i) : -1;
        p.message = i < count ? "run " + std::to_string(i + 1) + " of " + std::to_string(count) + ": " + p.label +
                                    (skipped ? " (done earlier, kept)" : "")
                              : "all " + std::to_string(count) + " runs done";
        return p;
    };

    for (int i = 0; i < count; ++i) {
        const ExperimentRunSpec &run = spec.runs[static_cast<size_t>(i)];
        const std::string runDir = joinPath(dir, run.id);
        if (const auto *done = results.find(run.id); done && done->isObject()) {
            if (observer) observer->onExperimentProgress(progressOf(i, true));
            continue;
        }
        // A stop asked for between runs (or during the last run's transfer) ends the experiment here.
        if (control && control->stopRequested()) {
            writeExperimentSummary(spec, dir);
            return control->interruptRequested() ? ExperimentOutcome::Interrupted : ExperimentOutcome::Stopped;
        }
        ExperimentProgress progress = progressOf(i, false);
        if (observer) observer->onExperimentProgress(progress);
        const auto runStart = Clock::now();

        std::unique_ptr<Trainer> trainer;
        double earlierSeconds = 0; // training time of the sessions before this one (a resumed run)
        if (pathExists(joinPath(runDir, runfolder::kLatestCheckpoint))) {
            try {
                earlierSeconds = numberOr(json::parseFile(joinPath(runDir, runfolder::kState)), "elapsed_s", 0);
            } catch (const std::exception &) {
                // A run from before state.json: its earlier time is unknown.
            }
            trainer = Trainer::open(runDir, Trainer::OpenMode::Resume);
        } else {
            // Stopped before its first checkpoint: nothing was learned yet, so the run starts again. Only a folder
            // this experiment made is removed: its own run's config and nothing but run-folder files.
            if (pathExists(runDir)) removeUnstartedRun(runDir, run.config);
            trainer = std::make_unique<Trainer>(run.config, runDir);
        }
        RunForwarder forward(observer, progress, doneRuns > 0 ? doneSeconds / doneRuns : 0);
        ExperimentRow row;
        row.id = run.id;
        row.label = run.label;
        row.value = run.value;
        try {
            const TrainOutcome outcome = trainer->run(&forward, control);
            if (outcome != TrainOutcome::Finished) {
                writeExperimentSummary(spec, dir);
                return outcome == TrainOutcome::Stopped ? ExperimentOutcome::Stopped : ExperimentOutcome::Interrupted;
            }
            row.state = "finished";
            readEvaluations(runDir, row);
            for (double f : spec.fractions) {
                if (control && control->stopRequested()) break; // the run is kept; its transfer is redone on resume
                TransferOptions to;
                to.labelFraction = f;
                to.seed = run.config.seed;
                const auto say = [&](const std::string &what) {
                    if (observer) observer->onMessage("transfer to " + percent(f) + " of the labels: " + what);
                };
                say(run.label + ", linear probe and fine-tuning");
                const TransferResult t = trainer->transfer(to, false);
                row.transfer.push_back({f, t.labelled, t.probeAcc, t.fineTuneAcc});
                // The random-init row: the first run's network as its seed built it.
                if (i == 0) {
                    say("the random-init encoder, linear probe and fine-tuning");
                    const TransferResult r = trainer->transfer(to, true);
                    row.randomTransfer.push_back({f, r.labelled, r.probeAcc, r.fineTuneAcc});
                }
            }
        } catch (const DivergedError &e) {
            // One diverged setting (a very low temperature) is a result of the sweep, not the end of it.
            row.state = "diverged";
            row.error = e.what();
        }
        // Training time over all its sessions (state.json) plus what came after training in this one.
        const double session = std::chrono::duration<double>(Clock::now() - runStart).count();
        row.seconds = session;
        if (earlierSeconds > 0) row.seconds += earlierSeconds;
        if (control && control->stopRequested() && row.state == "finished" &&
            row.transfer.size() < spec.fractions.size()) {
            writeExperimentSummary(spec, dir);
            return control->interruptRequested() ? ExperimentOutcome::Interrupted : ExperimentOutcome::Stopped;
        }
        results[run.id] = rowJson(row);
        writeFileAtomically(joinPath(dir, kResultsFile), json::dump(results, 2) + "\n");
        writeExperimentSummary(spec, dir);
        doneSeconds += row.seconds;
        ++doneRuns;
    }
    if (observer) observer->onExperimentProgress(progressOf(count, false));
    return ExperimentOutcome::Finished;
}

namespace {

std::string pct(double v)
{
    return v >= 0 ? svg::number(100 * v, 1) + " %" : "–";
}

std::string minutesText(double seconds)
{
    const long s = std::lround(seconds);
    return std::to_string(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + std::to_string(s % 60);
}

bool finished(const ExperimentRow &r)
{
    return r.state == "finished" && r.probe >= 0;
}

// The explanation's sentences in the reader's language: a template is looked up (English without a translator),
// then filled. Every template is a whole sentence, so that a translation may order its parts as its language does.
class Sentences {
public:
    explicit Sentences(const TextTranslator &translate) : m_translate(translate) {}

    std::string operator()(const char *tmpl, const std::vector<std::string> &args = {}) const
    {
        return fillText(m_translate ? m_translate(tmpl) : std::string(tmpl), args);
    }

    // "+2.5 points": a difference of accuracies.
    std::string points(double delta) const
    {
        return (*this)(PRETEXT_TEXT("engine", "%1 points"),
                       {(delta >= 0 ? "+" : "−") + svg::number(std::fabs(100 * delta), 1)});
    }

    // "crop, flip, jitter": items in the reader's way of listing them.
    std::string list(const std::vector<std::string> &items) const
    {
        std::string out;
        for (const auto &item : items)
            out = out.empty() ? item : (*this)(PRETEXT_TEXT("engine", "%1, %2"), {out, item});
        return out;
    }

    // The augmentation an ablation run removed ("no-crop" → "crop").
    std::string removedAugmentation(const ExperimentRow &r) const
    {
        // The English name is the setting's key (augment.crop …), so the marked text doubles as the key.
        static const char *const names[] = {PRETEXT_TEXT("engine", "crop"),      PRETEXT_TEXT("engine", "flip"),
                                            PRETEXT_TEXT("engine", "jitter"),    PRETEXT_TEXT("engine", "grayscale"),
                                            PRETEXT_TEXT("engine", "blur"),      PRETEXT_TEXT("engine", "solarize")};
        const std::string op = r.id.substr(3);
        for (const char *name : names)
            if (op == name) return (*this)(name);
        return op;
    }

private:
    const TextTranslator &m_translate;
};

} // namespace

std::string explainExperiment(const ExperimentSpec &spec, const std::vector<ExperimentRow> &rows,
                              const TextTranslator &translate)
{
    const Sentences say(translate);
    std::vector<const ExperimentRow *> done;
    for (const auto &r : rows)
        if (finished(r)) done.push_back(&r);
    if (done.empty()) return say(PRETEXT_TEXT("engine", "No run has finished yet."));
    std::string o;
    const std::string noise = say(PRETEXT_TEXT("engine", "Runs this short move by about one point with another seed: "
                                                         "read differences smaller than that as no difference."));
    if (spec.name == "simclr-probe") {
        const auto &r = *done.front();
        if (r.randomProbe >= 0 && r.randomKnn >= 0)
            o += say(PRETEXT_TEXT("engine", "The trained encoder reaches %1 with a linear probe, against %2 for the "
                                            "same network as its seed initialised it (%3); the kNN classifier, which "
                                            "learns nothing itself, goes from %4 to %5. "),
                     {pct(r.probe), pct(r.randomProbe), say.points(r.probe - r.randomProbe), pct(r.randomKnn),
                      pct(r.knn)});
        else if (r.randomProbe >= 0)
            o += say(PRETEXT_TEXT("engine", "The trained encoder reaches %1 with a linear probe, against %2 for the "
                                            "same network as its seed initialised it (%3). "),
                     {pct(r.probe), pct(r.randomProbe), say.points(r.probe - r.randomProbe)});
        else if (r.randomKnn >= 0)
            o += say(PRETEXT_TEXT("engine", "The trained encoder reaches %1 with a linear probe; the kNN classifier, "
                                            "which learns nothing itself, goes from %2 to %3. "),
                     {pct(r.probe), pct(r.randomKnn), pct(r.knn)});
        else
            o += say(PRETEXT_TEXT("engine", "The trained encoder reaches %1 with a linear probe. "), {pct(r.probe)});
        o += say(PRETEXT_TEXT("engine", "The gain is what the method learned without a single label."));
    } else if (spec.name == "ablation") {
        const ExperimentRow *all = nullptr;
        for (const auto *r : done)
            if (r->id == "all") all = r;
        if (!all)
            return say(PRETEXT_TEXT("engine", "The run with every augmentation has not finished yet: it is what each "
                                              "removal is compared with."));
        std::vector<const ExperimentRow *> removed;
        for (const auto *r : done)
            if (r != all) removed.push_back(r);
        std::sort(removed.begin(), removed.end(),
                  [](const ExperimentRow *a, const ExperimentRow *b) { return a->probe < b->probe; });
        o += say(PRETEXT_TEXT("engine", "With every augmentation the linear probe reaches %1. "), {pct(all->probe)});
        if (!removed.empty() && all->probe - removed.front()->probe < 0.01) {
            std::vector<std::string> costs;
            for (const auto *r : removed)
                costs.push_back(say(PRETEXT_TEXT("engine", "%1 %2"),
                                    {say.removedAugmentation(*r), say.points(r->probe - all->probe)}));
            o += say(PRETEXT_TEXT("engine", "No removal cost more than a point (%1): in runs this short none of these "
                                            "augmentations made a difference the probe can tell from noise. Longer "
                                            "runs (--epochs) separate them. "),
                     {say.list(costs)});
        } else if (!removed.empty()) {
            const auto *worst = removed.front();
            if (removed.size() > 1) {
                std::vector<std::string> next;
                for (size_t i = 1; i < removed.size(); ++i)
                    next.push_back(say(PRETEXT_TEXT("engine", "%1 (%2)"), {say.removedAugmentation(*removed[i]),
                                                                          say.points(removed[i]->probe - all->probe)}));
                o += say(PRETEXT_TEXT("engine", "Removing %1 costs the most: %2 (%3); then %4. "),
                         {say.removedAugmentation(*worst), pct(worst->probe), say.points(worst->probe - all->probe),
                          say.list(next)});
            } else {
                o += say(PRETEXT_TEXT("engine", "Removing %1 costs the most: %2 (%3). "),
                         {say.removedAugmentation(*worst), pct(worst->probe), say.points(worst->probe - all->probe)});
            }
            o += say(PRETEXT_TEXT("engine", "An augmentation matters when, without it, the two views of an image share "
                                            "something easier to match than what the image shows: without crops both "
                                            "views keep the same framing, without colour changes the same colours. "));
        }
        if (isGrayDataset(spec.runs.front().config.dataset))
            o += say(PRETEXT_TEXT("engine", "Grayscale was not removed: on gray images it changes nothing (run the "
                                            "colour augmentations on shapes: --dataset shapes). "));
        o += noise;
    } else if (spec.name == "temperature") {
        const auto best = *std::max_element(done.begin(), done.end(), [](const auto *a, const auto *b) {
            return a->probe < b->probe;
        });
        const auto lowest = *std::min_element(done.begin(), done.end(), [](const auto *a, const auto *b) {
            return a->value < b->value;
        });
        const auto highest = *std::max_element(done.begin(), done.end(), [](const auto *a, const auto *b) {
            return a->value < b->value;
        });
        const auto tau = [](const ExperimentRow *r) { return svg::number(r->value, 3); };
        if (done.size() == 1) {
            o += say(PRETEXT_TEXT("engine", "Only τ = %1 has finished (%2 linear probe): the sweep compares once more "
                                            "runs are done. "),
                     {tau(best), pct(best->probe)});
        } else {
            int close = 0; // finished runs within a point of the best
            for (const auto *r : done) close += best->probe - r->probe < 0.01;
            if (close > 1)
                o += say(PRETEXT_TEXT("engine", "%1 temperatures are within a point of the best here, τ = %2 (%3 "
                                                "linear probe, %4 kNN): between them the probe cannot tell. "),
                         {std::to_string(close), tau(best), pct(best->probe), pct(best->knn)});
            else
                o += say(PRETEXT_TEXT("engine", "The best temperature here is τ = %1 (%2 linear probe, %3 kNN). "),
                         {tau(best), pct(best->probe), pct(best->knn)});
            const auto bestKnn = *std::max_element(done.begin(), done.end(), [](const auto *a, const auto *b) {
                return a->knn < b->knn;
            });
            o += say(PRETEXT_TEXT("engine", "τ = %1 gives %2 and τ = %3 gives %4. "),
                     {tau(lowest), pct(lowest->probe), tau(highest), pct(highest->probe)});
            o += say(PRETEXT_TEXT("engine", "kNN, which reads the neighbourhoods of the embedding directly, ranges "
                                            "from %1 at τ = %2 to %3 at τ = %4, best at τ = %5 (%6). "),
                     {pct(lowest->knn), tau(lowest), pct(highest->knn), tau(highest), tau(bestKnn), pct(bestKnn->knn)});
            o += say(PRETEXT_TEXT("engine", "What to look for: a low τ sharpens the softmax over the negatives, so the "
                                            "loss concentrates on the few hardest ones (often images of the same "
                                            "class, pushed apart) and training can become unstable; a high τ weighs "
                                            "every negative alike and the embeddings spread less over the sphere. "));
        }
        for (const auto &r : rows)
            if (r.state == "diverged")
                o += say(PRETEXT_TEXT("engine", "At %1 training diverged (non-finite loss). "), {say(r.label.c_str())});
        o += noise;
    } else if (spec.name == "byol-vs-simclr") {
        const ExperimentRow *s = nullptr, *b = nullptr;
        for (const auto *r : done) (r->id == "simclr" ? s : b) = r;
        if (s && b) {
            o += say(PRETEXT_TEXT("engine", "In the same setting SimCLR reaches %1 (kNN %2) and BYOL %3 (kNN %4), %5 "
                                            "for BYOL, in %6 and %7 (min:s). "),
                     {pct(s->probe), pct(s->knn), pct(b->probe), pct(b->knn), say.points(b->probe - s->probe),
                      minutesText(s->seconds), minutesText(b->seconds)});
            o += say(PRETEXT_TEXT("engine", "BYOL needs no negative pairs: a predictor on the online network and a "
                                            "slowly moving target network keep it from collapsing to a constant. "));
            if (b->probe < s->probe - 0.01)
                o += say(PRETEXT_TEXT("engine", "Its target changes slowly by design, so in short runs like these it "
                                                "tends to trail SimCLR; in the papers' long runs it overtakes it. "));
            else if (b->probe > s->probe + 0.01)
                o += say(PRETEXT_TEXT("engine", "Here it is ahead already: negatives are not needed to learn. "));
            else
                o += say(PRETEXT_TEXT("engine", "Here the two are within a point of each other. "));
        } else {
            o += say(PRETEXT_TEXT("engine", "One of the two runs has not finished yet. "));
        }
        o += noise;
    } else if (spec.name == "transfer") {
        const ExperimentRow *ssl = nullptr, *sup = nullptr;
        for (const auto *r : done) (r->id == "self-supervised" ? ssl : sup) = r;
        for (size_t f = 0; f < spec.fractions.size(); ++f) {
            const auto get = [&](const ExperimentRow *r, bool random) -> const ExperimentRow::Transfer * {
                if (!r) return nullptr;
                const auto &list = random ? r->randomTransfer : r->transfer;
                return f < list.size() ? &list[f] : nullptr;
            };
            const auto *rnd = get(ssl, true), *s = get(ssl, false), *p = get(sup, false);
            if (!rnd || !s) continue;
            if (p)
                o += say(PRETEXT_TEXT("engine", "With %1 of the labels (%2 images), a linear probe on the "
                                                "self-supervised encoder reaches %3 against %4 on the random-init one "
                                                "(%5) and %6 on the supervised one; fine-tuning the whole encoder "
                                                "gives %7, %8 and %9. "),
                         {percent(spec.fractions[f]), std::to_string(s->labelled), pct(s->probe), pct(rnd->probe),
                          say.points(s->probe - rnd->probe), pct(p->probe), pct(s->fineTune), pct(rnd->fineTune),
                          pct(p->fineTune)});
            else
                o += say(PRETEXT_TEXT("engine", "With %1 of the labels (%2 images), a linear probe on the "
                                                "self-supervised encoder reaches %3 against %4 on the random-init one "
                                                "(%5); fine-tuning the whole encoder gives %6, %7. "),
                         {percent(spec.fractions[f]), std::to_string(s->labelled), pct(s->probe), pct(rnd->probe),
                          say.points(s->probe - rnd->probe), pct(s->fineTune), pct(rnd->fineTune)});
            if (s->fineTune < s->probe - 0.01)
                o += say(PRETEXT_TEXT("engine", "Here fine-tuning the self-supervised encoder scores below its linear "
                                                "probe: a short fine-tuning of the whole encoder with a new classifier "
                                                "on few images can spoil what it learned before it adapts it (a lower "
                                                "encoder learning rate or more passes change that). "));
        }
        o += say(PRETEXT_TEXT("engine", "The supervised encoder learned from every label of the training set, as an "
                                        "ImageNet-pre-trained network did in the reference text: it is the upper "
                                        "reference, not a fair competitor. The self-supervised one saw the same "
                                        "images without labels; the fewer labels there are, the more its "
                                        "pre-training is worth against starting from random weights. "));
        o += noise;
    }
    return o;
}

std::string writeExperimentSummary(const ExperimentSpec &spec, const std::string &dir)
{
    const auto rows = experimentRows(spec, dir);
    std::ostringstream csv, md;
    svg::Chart chart;
    chart.title = spec.title;
    chart.yLabel = "test accuracy (%)";
    const auto value = [](double v) { return v >= 0 ? 100 * v : NAN; };
    md << "# " << spec.title << "\n\n" << spec.question << "\n\n";
    if (spec.fractions.empty()) {
        csv << "id,label," << (spec.name == "temperature" ? "temperature," : "")
            << "state,probe_acc,knn_acc,random_init_probe_acc,random_init_knn_acc,seconds\n";
        md << "| " << spec.variable << " | linear probe | kNN | random-init probe | random-init kNN | wall time (s) | "
              "state |\n|---|---|---|---|---|---|---|\n";
        svg::Series probe{"linear probe", {}}, knn{"kNN", {}}, rprobe{"random-init probe", {}, true};
        for (const auto &r : rows) {
            csv << csvField(r.id) << ',' << csvField(r.label) << ','
                << (spec.name == "temperature" ? svg::number(r.value, 4) + "," : "") << r.state << ','
                << csvNumber(r.probe, 4) << ',' << csvNumber(r.knn, 4) << ',' << csvNumber(r.randomProbe, 4) << ','
                << csvNumber(r.randomKnn, 4) << ',' << (r.seconds > 0 ? svg::number(r.seconds, 1) : "") << "\n";
            md << "| " << r.label << " | " << pct(r.probe) << " | " << pct(r.knn) << " | " << pct(r.randomProbe)
               << " | " << pct(r.randomKnn) << " | " << (r.seconds > 0 ? svg::number(r.seconds, 0) : "–") << " | "
               << r.state << " |\n";
            chart.categories.push_back(r.label);
            chart.x.push_back(r.value);
            probe.values.push_back(value(r.probe));
            knn.values.push_back(value(r.knn));
            rprobe.values.push_back(value(r.randomProbe));
        }
        chart.series = {probe, knn};
        if (spec.name == "temperature") {
            chart.series.push_back(rprobe);
            chart.xLabel = "temperature τ (log scale)";
            chart.logX = true;
        }
    } else {
        csv << "pre_training,label_fraction,labelled,probe_acc,fine_tune_acc\n";
        md << "| " << spec.variable << " | labels | images | linear probe | fine-tuned |\n|---|---|---|---|---|\n";
        // Rows: random-init (from the first run), then every run's own encoder.
        std::vector<std::pair<std::string, const std::vector<ExperimentRow::Transfer> *>> table;
        if (!rows.empty() && !rows.front().randomTransfer.empty())
            table.emplace_back("random init", &rows.front().randomTransfer);
        for (const auto &r : rows)
            if (!r.transfer.empty()) table.emplace_back(r.label, &r.transfer);
        for (double f : spec.fractions) {
            chart.categories.push_back(percent(f) + " labels\nlinear probe");
            chart.categories.push_back(percent(f) + " labels\nfine-tuned");
        }
        for (const auto &[label, list] : table) {
            svg::Series s{label, {}};
            for (double f : spec.fractions) {
                const ExperimentRow::Transfer *t = nullptr;
                for (const auto &x : *list)
                    if (std::fabs(x.fraction - f) < 1e-12) t = &x;
                s.values.push_back(t ? value(t->probe) : NAN);
                s.values.push_back(t ? value(t->fineTune) : NAN);
                if (!t) continue;
                csv << csvField(label) << ',' << svg::number(f, 4) << ',' << t->labelled << ','
                    << csvNumber(t->probe, 4) << ',' << csvNumber(t->fineTune, 4) << "\n";
                md << "| " << label << " | " << percent(f) << " | " << t->labelled << " | " << pct(t->probe) << " | "
                   << pct(t->fineTune) << " |\n";
            }
            chart.series.push_back(s);
        }
        md << "\n| run | state | wall time (s) |\n|---|---|---|\n";
        for (const auto &r : rows)
            md << "| " << r.label << " | " << r.state << " | " << (r.seconds > 0 ? svg::number(r.seconds, 0) : "–")
               << " |\n";
    }
    double total = 0;
    for (const auto &r : rows) total += r.seconds;
    md << "\n![" << spec.title << "](summary.svg)\n\n" << explainExperiment(spec, rows) << "\n\n";
    md << "Wall time of the runs: " << minutesText(total) << " (min:s). Each run is a run folder here: open it in the "
          "workbench, or compare them in its run library.\n";
    writeFileAtomically(joinPath(dir, "summary.csv"), csv.str());
    writeFileAtomically(joinPath(dir, "summary.svg"),
                        spec.name == "temperature" ? svg::lineChart(chart) : svg::barChart(chart));
    writeFileAtomically(joinPath(dir, "summary.md"), md.str());
    return md.str();
}

} // namespace pretext::engine
