// Experiments, inspection and transfer as a class relies on them: a preset's runs produce a summary that states
// what they measured, an experiment stopped between runs resumes without redoing the finished ones, the
// inspection values describe the probe's predictions exactly, the supervised baseline learns from labels, and the
// labelled subset of the transfer exercise is the share of every class it claims.
#include "tests/support.h"

#include "engine/core/errors.h"
#include "engine/eval/inspect.h"
#include "engine/eval/transfer.h"
#include "engine/io/json.h"
#include "engine/io/runfolder.h"
#include "engine/io/svgchart.h"
#include "engine/train/experiment.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

using namespace pretext::engine;

namespace {

using pretext::tests::tinyExperiment;

std::string readFile(const std::string &path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A finished row of an experiment table, as experimentRows() reads it from results.json.
ExperimentRow doneRow(const std::string &id, const std::string &label, double probe, double knn,
                      double randomProbe = -1, double randomKnn = -1)
{
    ExperimentRow r;
    r.id = id;
    r.label = label;
    r.state = "finished";
    r.probe = probe;
    r.knn = knn;
    r.randomProbe = randomProbe;
    r.randomKnn = randomKnn;
    r.seconds = 100;
    return r;
}

struct ExplanationCase {
    const char *tag;
    ExperimentSpec spec;
    std::vector<ExperimentRow> rows;
};

// Representative tables for every branch of explainExperiment (its English is what summary.md holds).
std::vector<ExplanationCase> explanationCases()
{
    std::vector<ExplanationCase> cases;
    const auto probe = makeExperiment("simclr-probe");
    ExperimentRow stopped = doneRow("trained", "SimCLR", -1, -1);
    stopped.state = "stopped";
    cases.push_back({"nothing finished", probe, {stopped}});
    cases.push_back({"probe with baseline", probe, {doneRow("trained", "SimCLR", 0.7345, 0.7012, 0.5121, 0.4555)}});
    cases.push_back({"probe alone", probe, {doneRow("trained", "SimCLR", 0.7345, 0.7012)}});
    cases.push_back({"probe, random probe only", probe, {doneRow("trained", "SimCLR", 0.7345, 0.7012, 0.5121)}});
    cases.push_back({"probe, random kNN only", probe, {doneRow("trained", "SimCLR", 0.7345, 0.7012, -1, 0.4555)}});

    ExperimentOptions colour;
    colour.dataset = "shapes";
    const auto grayAblation = makeExperiment("ablation");
    const auto colourAblation = makeExperiment("ablation", colour);
    cases.push_back({"ablation without its reference", grayAblation, {doneRow("no-crop", "crop removed", 0.6, 0.6)}});
    cases.push_back({"ablation, reference alone", grayAblation, {doneRow("all", "all on", 0.8, 0.78)}});
    cases.push_back({"ablation, no removal matters", grayAblation,
                     {doneRow("all", "all on", 0.8, 0.78), doneRow("no-crop", "crop removed", 0.795, 0.77),
                      doneRow("no-flip", "flip removed", 0.802, 0.79),
                      doneRow("no-jitter", "jitter removed", 0.8, 0.79),
                      doneRow("no-blur", "blur removed", 0.797, 0.79)}});
    cases.push_back({"ablation, one removal", colourAblation,
                     {doneRow("all", "all on", 0.8, 0.78), doneRow("no-grayscale", "grayscale removed", 0.71, 0.7)}});
    cases.push_back({"ablation, ranked removals", colourAblation,
                     {doneRow("all", "all on", 0.8, 0.78), doneRow("no-crop", "crop removed", 0.62, 0.6),
                      doneRow("no-flip", "flip removed", 0.805, 0.79),
                      doneRow("no-jitter", "jitter removed", 0.74, 0.7),
                      doneRow("no-grayscale", "grayscale removed", 0.77, 0.7),
                      doneRow("no-blur", "blur removed", 0.79, 0.79),
                      doneRow("no-solarize", "solarize removed", 0.783, 0.79)}});

    const auto sweep = makeExperiment("temperature");
    const auto tau = [](double t, double probe, double knn) {
        ExperimentRow r = doneRow("tau-" + svg::number(t, 3), "τ = " + svg::number(t, t < 0.1 ? 3 : 2), probe, knn,
                                  0.3, 0.35);
        r.value = t;
        return r;
    };
    ExperimentRow pending = tau(0.5, -1, -1);
    pending.state = "pending";
    cases.push_back({"temperature, one done", sweep, {tau(0.1, 0.71, 0.69), pending}});
    cases.push_back({"temperature, a tie", sweep,
                     {tau(0.05, 0.7, 0.72), tau(0.1, 0.705, 0.7), tau(0.2, 0.71, 0.69), tau(0.5, 0.65, 0.6),
                      tau(1.0, 0.6, 0.55)}});
    ExperimentRow diverged = tau(0.05, -1, -1);
    diverged.state = "diverged";
    cases.push_back({"temperature, a clear best and a divergence", sweep,
                     {diverged, tau(0.1, 0.66, 0.7), tau(0.2, 0.74, 0.69), tau(0.5, 0.65, 0.6)}});

    const auto versus = makeExperiment("byol-vs-simclr");
    const auto pair = [](double simclr, double byol) {
        ExperimentRow s = doneRow("simclr", "SimCLR", simclr, simclr - 0.02);
        ExperimentRow b = doneRow("byol", "BYOL", byol, byol - 0.03);
        s.seconds = 121.4;
        b.seconds = 185.6;
        return std::vector<ExperimentRow>{s, b};
    };
    cases.push_back({"byol trails", versus, pair(0.75, 0.7)});
    cases.push_back({"byol ahead", versus, pair(0.75, 0.78)});
    cases.push_back({"byol level", versus, pair(0.75, 0.755)});
    cases.push_back({"byol pending", versus, {pair(0.75, 0.7).front()}});

    const auto transfer = makeExperiment("transfer");
    ExperimentRow ssl = doneRow("self-supervised", "SimCLR", 0.72, 0.7);
    ExperimentRow sup = doneRow("supervised", "supervised (every label)", 0.85, 0.84);
    ssl.transfer = {{0.01, 600, 0.55, 0.5}, {0.1, 6000, 0.68, 0.71}};
    ssl.randomTransfer = {{0.01, 600, 0.31, 0.4}, {0.1, 6000, 0.42, 0.6}};
    sup.transfer = {{0.01, 600, 0.8, 0.81}, {0.1, 6000, 0.84, 0.86}};
    cases.push_back({"transfer", transfer, {ssl, sup}});
    ExperimentRow shortSsl = ssl;
    shortSsl.randomTransfer.pop_back();
    cases.push_back({"transfer without the supervised run", transfer, {shortSsl}});
    return cases;
}

// Stops the experiment when its `stopAt`-th run starts (0-based): between runs, as a teacher's Stop would.
class StopBetweenRuns : public ExperimentObserver {
public:
    StopBetweenRuns(TrainControl &control, int stopAt) : m_control(control), m_stopAt(stopAt) {}
    void onExperimentProgress(const ExperimentProgress &p) override
    {
        progress.push_back(p);
        if (p.index == m_stopAt && !p.skipped) m_control.requestStop();
    }
    void onStarted(const RunInfo &info) override { started.push_back(info.runDir); }
    std::vector<ExperimentProgress> progress;
    std::vector<std::string> started;

private:
    TrainControl &m_control;
    int m_stopAt;
};

struct Collect : ExperimentObserver {
    void onExperimentProgress(const ExperimentProgress &p) override { progress.push_back(p); }
    void onStarted(const RunInfo &info) override { started.push_back(info.runDir); }
    std::vector<ExperimentProgress> progress;
    std::vector<std::string> started;
};

} // namespace

class TestExperiment : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void presetsDescribeTheirRuns()
    {
        // The ablation removes each augmentation that is on, and skips grayscale on gray data (it changes nothing).
        ExperimentOptions gray;
        const auto ablation = makeExperiment("ablation", gray);
        QCOMPARE(ablation.runs.front().id, std::string("all"));
        std::vector<std::string> ids;
        for (const auto &r : ablation.runs) ids.push_back(r.id);
        QVERIFY(std::find(ids.begin(), ids.end(), "no-crop") != ids.end());
        QVERIFY(std::find(ids.begin(), ids.end(), "no-grayscale") == ids.end());
        for (const auto &r : ablation.runs)
            if (r.id == "no-crop") QVERIFY(!r.config.augment.crop && r.config.augment.flip);
        ExperimentOptions colour;
        colour.dataset = "shapes";
        const auto colourAblation = makeExperiment("ablation", colour);
        bool hasGray = false;
        for (const auto &r : colourAblation.runs) hasGray |= r.id == "no-grayscale";
        QVERIFY(hasGray);

        // The sweep: one run per temperature, with that temperature; everything else the same.
        ExperimentOptions o;
        o.temperatures = {0.1, 0.7};
        const auto sweep = makeExperiment("temperature", o);
        QCOMPARE(sweep.runs.size(), size_t(2));
        QCOMPARE(sweep.runs[1].config.real("temperature"), 0.7);
        QCOMPARE(sweep.runs[1].value, 0.7);
        QCOMPARE(sweep.runs[0].config.batchSize, sweep.runs[1].config.batchSize);

        // BYOL against SimCLR in one setting: the same batch, epochs, seed and augmentations.
        const auto versus = makeExperiment("byol-vs-simclr");
        QCOMPARE(versus.runs.size(), size_t(2));
        QCOMPARE(versus.runs[0].config.batchSize, versus.runs[1].config.batchSize);
        QCOMPARE(versus.runs[0].config.epochs, versus.runs[1].config.epochs);
        QCOMPARE(json::dump(toJson(versus.runs[0].config.augment)), json::dump(toJson(versus.runs[1].config.augment)));

        // Errors name what is wrong and what would be accepted.
        try {
            makeExperiment("sweep");
            QFAIL("an unknown preset was accepted");
        } catch (const ConfigError &e) {
            QVERIFY(std::string(e.what()).find("temperature") != std::string::npos);
        }
        ExperimentOptions byol;
        byol.method = "byol";
        QVERIFY_THROWS_EXCEPTION(ConfigError, makeExperiment("temperature", byol));
        ExperimentOptions badFraction;
        badFraction.fractions = {1.5};
        QVERIFY_THROWS_EXCEPTION(ConfigError, makeExperiment("transfer", badFraction));
        // The spec survives its JSON (experiment.json), so a resumed experiment runs what was asked.
        const auto back = experimentSpecFromJson(toJson(sweep), "test");
        QCOMPARE(json::dump(toJson(back)), json::dump(toJson(sweep)));
    }

    void stoppedBetweenRunsResumesWithoutRedoing()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/sweep";
        ExperimentOptions o;
        o.temperatures = {0.2, 0.5};
        const auto spec = tinyExperiment("temperature", o);

        TrainControl control;
        StopBetweenRuns first(control, 1);
        QCOMPARE(runExperiment(spec, dir, &first, &control), ExperimentOutcome::Stopped);
        auto rows = experimentRows(spec, dir);
        QCOMPARE(rows[0].state, std::string("finished"));
        QVERIFY(rows[0].probe >= 0 && rows[0].knn >= 0 && rows[0].randomProbe >= 0);
        QVERIFY(rows[0].seconds > 0);
        QVERIFY(rows[1].state != "finished");
        // The summary already shows the finished run.
        QVERIFY(readFile(dir + "/summary.md").find("τ = 0.20") != std::string::npos);

        // Continued: the finished run is kept (not started again), the second one runs.
        const auto kept = readFile(dir + "/tau-0.200/metrics.jsonl");
        Collect second;
        QCOMPARE(runExperiment(loadExperiment(dir), dir, &second, nullptr), ExperimentOutcome::Finished);
        QCOMPARE(second.started.size(), size_t(1));
        QVERIFY(second.started[0].find("tau-0.500") != std::string::npos);
        QVERIFY(second.progress.front().skipped);
        QCOMPARE(second.progress.front().count, 2);
        QCOMPARE(readFile(dir + "/tau-0.200/metrics.jsonl"), kept);
        rows = experimentRows(spec, dir);
        QCOMPARE(rows[1].state, std::string("finished"));

        // The summary: one CSV row per run with the metrics the runs logged, a chart, and an explanation naming
        // the best temperature.
        const auto csv = readFile(dir + "/summary.csv");
        QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), 3L);
        QVERIFY(csv.find("tau-0.500,") != std::string::npos);
        QVERIFY(readFile(dir + "/summary.svg").find("<polyline") != std::string::npos);
        const auto md = readFile(dir + "/summary.md");
        QVERIFY(md.find("The best temperature here is τ = ") != std::string::npos);
        double lastProbe = -1;
        for (const auto &line : readMetrics(dir + "/tau-0.500/metrics.jsonl"))
            if (line.contains("probe_acc") && !line.contains("random_init")) lastProbe = line.find("probe_acc")->asNumber();
        QCOMPARE(rows[1].probe, lastProbe);

        // Another experiment in the same folder is refused with the reason, nothing is overwritten.
        try {
            runExperiment(tinyExperiment("ablation"), dir);
            QFAIL("a different experiment was run into the same folder");
        } catch (const ConfigError &e) {
            QVERIFY(std::string(e.what()).find("already holds the experiment 'temperature'") != std::string::npos);
        }
    }

    void stoppedMidRunResumesThatRun()
    {
        // Stopped inside a run (after a checkpoint): continued, that run resumes from its checkpoint.
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/versus";
        auto spec = tinyExperiment("byol-vs-simclr");
        for (auto &r : spec.runs) {
            r.config.stepsPerEpoch = 4;
            r.config.checkpointEvery = 2;
        }
        struct StopAtStep : ExperimentObserver {
            TrainControl *control = nullptr;
            void onStep(const StepMetrics &m) override
            {
                if (m.step == 2) control->requestStop();
            }
        } stop;
        TrainControl control;
        stop.control = &control;
        QCOMPARE(runExperiment(spec, dir, &stop, &control), ExperimentOutcome::Stopped);
        QCOMPARE(experimentRows(spec, dir)[0].state, std::string("stopped"));
        Collect again;
        QCOMPARE(runExperiment(spec, dir, &again, nullptr), ExperimentOutcome::Finished);
        QCOMPARE(again.started.size(), size_t(2));
        // The first run went on from step 2: its log has each of the 4 steps once.
        int steps = 0;
        for (const auto &line : readMetrics(dir + "/simclr/metrics.jsonl")) steps += line.contains("loss");
        QCOMPARE(steps, 4);
        const auto md = readFile(dir + "/summary.md");
        QVERIFY(md.find("In the same setting SimCLR reaches") != std::string::npos);
    }

    void transferExperimentHasEveryRow()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/transfer";
        ExperimentOptions o;
        o.fractions = {0.25};
        auto spec = tinyExperiment("transfer", o);
        QCOMPARE(runExperiment(spec, dir), ExperimentOutcome::Finished);
        const auto rows = experimentRows(spec, dir);
        QCOMPARE(rows.size(), size_t(2));
        QCOMPARE(rows[0].transfer.size(), size_t(1));
        QCOMPARE(rows[0].randomTransfer.size(), size_t(1)); // the random-init row comes from the first run's seed
        QCOMPARE(rows[1].transfer.size(), size_t(1));
        QCOMPARE(rows[0].transfer[0].labelled, int64_t(20)); // a quarter of 8 images of each of 10 classes
        for (const auto *t : {&rows[0].transfer[0], &rows[0].randomTransfer[0], &rows[1].transfer[0]}) {
            QVERIFY(t->probe >= 0 && t->probe <= 1);
            QVERIFY(t->fineTune >= 0 && t->fineTune <= 1);
        }
        const auto csv = readFile(dir + "/summary.csv");
        QVERIFY(csv.find("\nrandom init,0.2500,20,") != std::string::npos);
        QVERIFY(csv.find("\nsupervised (every label),0.2500,20,") != std::string::npos);
    }

    void foldersItDidNotMakeAreLeftAlone()
    {
        QTemporaryDir tmp;
        const auto spec = tinyExperiment("byol-vs-simclr");
        // A folder that holds something else is no place for an experiment.
        const std::string busy = tmp.path().toStdString() + "/busy";
        std::filesystem::create_directories(busy);
        std::ofstream(busy + "/thesis.tex") << "keep me";
        try {
            runExperiment(spec, busy);
            QFAIL("an experiment was started in a folder holding other files");
        } catch (const ConfigError &e) {
            QVERIFY(std::string(e.what()).find("already holds files and no experiment") != std::string::npos);
        }
        QVERIFY(std::filesystem::exists(busy + "/thesis.tex"));
        // A run folder without checkpoint is started again only when it is the experiment's own: a file no run writes
        // stops the experiment with the reason, and nothing is removed.
        const std::string dir = tmp.path().toStdString() + "/versus";
        TrainControl control;
        control.requestStop();
        QCOMPARE(runExperiment(spec, dir, nullptr, &control), ExperimentOutcome::Stopped);
        std::filesystem::create_directories(dir + "/simclr");
        std::ofstream(dir + "/simclr/notes.txt") << "mine";
        try {
            runExperiment(spec, dir);
            QFAIL("a folder holding a user's file was replaced");
        } catch (const ConfigError &e) {
            QVERIFY(std::string(e.what()).find("holds notes.txt, which no run writes") != std::string::npos);
        }
        QVERIFY(std::filesystem::exists(dir + "/simclr/notes.txt"));
        // Run ids that would reach outside the folder, or two runs in one folder, are refused.
        ExperimentSpec bad = spec;
        bad.runs[1].id = "..";
        QVERIFY_THROWS_EXCEPTION(ConfigError, experimentSpecFromJson(toJson(bad), "test"));
        bad.runs[1].id = bad.runs[0].id;
        QVERIFY_THROWS_EXCEPTION(ConfigError, experimentSpecFromJson(toJson(bad), "test"));
    }

    void transferLeavesTheEncoderAsItWas()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/run";
        {
            Trainer t(pretext::tests::tinyRunConfig(), dir);
            QCOMPARE(t.run(), TrainOutcome::Finished);
        }
        auto t = Trainer::open(dir, Trainer::OpenMode::Inspect);
        const FeatureSet before = t->features(16), untrainedBefore = t->features(16, true);
        TransferOptions o;
        o.labelFraction = 0.5;
        o.probeEpochs = 2;
        o.fineTuneImages = 200;
        const TransferResult r = t->transfer(o), u = t->transfer(o, true);
        QVERIFY(r.labelled > 0 && r.fineTuneEpochs >= 5);
        QVERIFY(r.probeAcc >= 0 && r.fineTuneAcc >= 0 && u.fineTuneAcc >= 0);
        QCOMPARE(t->features(16).features.values, before.features.values);
        QCOMPARE(t->features(16, true).features.values, untrainedBefore.features.values);
    }

    void inspectedImagesAreSpreadOverTheSplit()
    {
        // Spread, not the first ones: a folder dataset's test split is sorted by class.
        QCOMPARE(inspectedRows(10, 4).sizes()[0], 4);
        const auto r = inspectedRows(10, 4);
        QCOMPARE(std::vector<int64_t>(r.data_ptr<int64_t>(), r.data_ptr<int64_t>() + 4), (std::vector<int64_t>{0, 2, 5, 7}));
        QCOMPARE(inspectedRows(3, 10).sizes()[0], 3);
        auto sorted = torch::arange(100, torch::kLong).floor_divide(10); // 10 classes, 10 images each, in order
        auto images = torch::zeros({100, 1, 2, 2}, torch::kUInt8);
        const auto rows = inspectedRows(100, 20);
        const FeatureSet fs = makeFeatureSet(torch::zeros({20, 3}), rows, sorted, images, {});
        QCOMPARE(std::set<int>(fs.labels.begin(), fs.labels.end()).size(), size_t(10));
        QCOMPARE(fs.indices[1], int64_t(5));
    }

    void labelledSubsetIsBalanced()
    {
        // 100 images of each of 10 classes: 10 % is 10 of each, different seeds draw different images.
        auto labels = torch::arange(1000, torch::kLong).remainder(10);
        const auto a = labelledSubset(labels, 0.1, 10, 1), b = labelledSubset(labels, 0.1, 10, 2);
        QCOMPARE(a.size(), size_t(100));
        std::vector<int> perClass(10, 0);
        for (auto i : a) ++perClass[static_cast<size_t>(labels[i].item<int64_t>())];
        for (int c : perClass) QCOMPARE(c, 10);
        QVERIFY(a != b);
        // A class with fewer images than 1/fraction still gets one.
        auto rare = torch::cat({torch::zeros({200}, torch::kLong), torch::ones({3}, torch::kLong)});
        const auto r = labelledSubset(rare, 0.01, 2, 0);
        QCOMPARE(r.size(), size_t(3));
        QVERIFY_THROWS_EXCEPTION(ConfigError, labelledSubset(labels, 0, 10, 0));
    }

    void probeReportDescribesThePredictions()
    {
        // 3 classes, 5 images: confusion, per-class recall and the surest mistake first.
        auto probs = torch::tensor({0.9f, 0.05f, 0.05f,  // 0 -> 0
                                    0.2f, 0.7f, 0.1f,    // 0 -> 1 (0.7)
                                    0.1f, 0.8f, 0.1f,    // 1 -> 1
                                    0.05f, 0.05f, 0.9f,  // 1 -> 2 (0.9)
                                    0.1f, 0.1f, 0.8f})   // 2 -> 2
                         .reshape({5, 3});
        auto labels = torch::tensor({0, 0, 1, 1, 2}, torch::kLong);
        auto images = torch::arange(5, torch::kUInt8).reshape({5, 1, 1, 1}).expand({5, 1, 2, 2}).contiguous();
        const auto r = makeProbeReport(probs, labels, images, {"a", "b", "c"});
        QCOMPARE(r.classes, 3);
        QCOMPARE(r.accuracy, 3.0 / 5.0);
        QCOMPARE(r.confusion, (std::vector<int64_t>{1, 1, 0, 0, 1, 1, 0, 0, 1}));
        QCOMPARE(r.perClassAccuracy, (std::vector<double>{0.5, 0.5, 1.0}));
        QCOMPARE(r.mistakes.size(), size_t(2));
        QCOMPARE(r.mistakes[0].index, int64_t(3));
        QCOMPARE(r.mistakes[0].predicted, 2);
        QCOMPARE(r.mistakes[0].confidence, 0.9f);
        QCOMPARE(r.mistakes[1].index, int64_t(1));
        QCOMPARE(r.mistakeImages.count, 2);
        QCOMPARE(int(r.mistakeImages.image(0)[0]), 3); // the image of test image 3
    }

    void inspectionOfARunFolder()
    {
        // A finished run opened read-only: features of the first test images (the same images for the trained
        // and the untrained encoder, different features), a probe report, nothing written into the folder.
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/run";
        auto c = pretext::tests::tinyRunConfig();
        {
            Trainer t(c, dir);
            QCOMPARE(t.run(), TrainOutcome::Finished);
        }
        const auto state = json::parseFile(joinPath(dir, runfolder::kState));
        QCOMPARE(state.find("state")->asString(), std::string("finished"));
        QCOMPARE(state.find("step")->asNumber(), 6.0);
        QVERIFY(state.find("elapsed_s")->asNumber() > 0);
        const auto before = readFile(joinPath(dir, runfolder::kMetrics));
        auto t = Trainer::open(dir, Trainer::OpenMode::Inspect);
        const FeatureSet trained = t->features(12), untrained = t->features(12, true);
        QCOMPARE(trained.size(), 12);
        QCOMPARE(trained.labels, untrained.labels);
        QCOMPARE(trained.images.count, 12);
        QCOMPARE(t->features(1000).size(), 16); // no more than the test split holds
        QVERIFY(untrained.randomInit && !trained.randomInit);
        QCOMPARE(trained.step, int64_t(6));
        QVERIFY(trained.features.values != untrained.features.values);
        const ProbeReport r = t->probeReport();
        QCOMPARE(r.classes, 10);
        int64_t total = 0;
        for (auto n : r.confusion) total += n;
        QCOMPARE(total, int64_t(16)); // shapes:80 keeps a fifth for testing
        QCOMPARE(readFile(joinPath(dir, runfolder::kMetrics)), before);
        // Read-only means no training.
        QVERIFY_THROWS_EXCEPTION(ConfigError, t->run());
    }

    void supervisedBaselineLearnsFromLabels()
    {
        // The supervised baseline reads the labels: its training accuracy climbs far above chance (10 %) in 64 steps.
        QTemporaryDir tmp;
        auto c = pretext::tests::tinyRunConfig("supervised");
        c.dataset = "fashion-mnist";
        c.trainLimit = 1024;
        c.testLimit = 100;
        c.batchSize = 32;
        c.epochs = 2;
        c.stepsPerEpoch = 0;
        c.lr = 2e-3;
        c.evalEachEpoch = false;
        Trainer t(c, tmp.path().toStdString() + "/sup");
        QCOMPARE(t.run(), TrainOutcome::Finished);
        double late = 0;
        int n = 0;
        const auto lines = readMetrics(tmp.path().toStdString() + "/sup/metrics.jsonl");
        for (size_t i = lines.size() - 10; i < lines.size(); ++i) {
            late += lines[i].find("train_acc")->asNumber();
            ++n;
        }
        QVERIFY2(late / n > 0.3, qPrintable(QString("train accuracy %1").arg(late / n)));
    }

    // summary.md's paragraph in English, branch by branch (the interface translates the same sentences).
    void explanationInEnglish_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("expected");
        const auto cases = explanationCases();
        const std::vector<const char *> expected = {
            "No run has finished yet.",
            "The trained encoder reaches 73.5 % with a linear probe, against 51.2 % for the same network as its "
                "seed initialised it (+22.2 points); the kNN classifier, which learns nothing itself, goes from 45.6 "
                "% to 70.1 %. The gain is what the method learned without a single label.",
            "The trained encoder reaches 73.5 % with a linear probe. The gain is what the method learned without "
                "a single label.",
            "The trained encoder reaches 73.5 % with a linear probe, against 51.2 % for the same network as its "
                "seed initialised it (+22.2 points). The gain is what the method learned without a single label.",
            "The trained encoder reaches 73.5 % with a linear probe; the kNN classifier, which learns nothing "
                "itself, goes from 45.6 % to 70.1 %. The gain is what the method learned without a single label.",
            "The run with every augmentation has not finished yet: it is what each removal is compared with.",
            "With every augmentation the linear probe reaches 80.0 %. Grayscale was not removed: on gray images "
                "it changes nothing (run the colour augmentations on shapes: --dataset shapes). Runs this short move "
                "by about one point with another seed: read differences smaller than that as no difference.",
            "With every augmentation the linear probe reaches 80.0 %. No removal cost more than a point (crop "
                "−0.5 points, blur −0.3 points, jitter +0.0 points, flip +0.2 points): in runs this short none of "
                "these augmentations made a difference the probe can tell from noise. Longer runs (--epochs) separate "
                "them. Grayscale was not removed: on gray images it changes nothing (run the colour augmentations on "
                "shapes: --dataset shapes). Runs this short move by about one point with another seed: read "
                "differences smaller than that as no difference.",
            "With every augmentation the linear probe reaches 80.0 %. Removing grayscale costs the most: 71.0 % "
                "(−9.0 points). An augmentation matters when, without it, the two views of an image share something "
                "easier to match than what the image shows: without crops both views keep the same framing, without "
                "colour changes the same colours. Runs this short move by about one point with another seed: read "
                "differences smaller than that as no difference.",
            "With every augmentation the linear probe reaches 80.0 %. Removing crop costs the most: 62.0 % (−18.0 "
                "points); then jitter (−6.0 points), grayscale (−3.0 points), solarize (−1.7 points), blur (−1.0 "
                "points), flip (+0.5 points). An augmentation matters when, without it, the two views of an image "
                "share something easier to match than what the image shows: without crops both views keep the same "
                "framing, without colour changes the same colours. Runs this short move by about one point with "
                "another seed: read differences smaller than that as no difference.",
            "Only τ = 0.100 has finished (71.0 % linear probe): the sweep compares once more runs are done. Runs "
                "this short move by about one point with another seed: read differences smaller than that as no "
                "difference.",
            "2 temperatures are within a point of the best here, τ = 0.200 (71.0 % linear probe, 69.0 % kNN): "
                "between them the probe cannot tell. τ = 0.050 gives 70.0 % and τ = 1.000 gives 60.0 %. kNN, which "
                "reads the neighbourhoods of the embedding directly, ranges from 72.0 % at τ = 0.050 to 55.0 % at τ = "
                "1.000, best at τ = 0.050 (72.0 %). What to look for: a low τ sharpens the softmax over the "
                "negatives, so the loss concentrates on the few hardest ones (often images of the same class, pushed "
                "apart) and training can become unstable; a high τ weighs every negative alike and the embeddings "
                "spread less over the sphere. Runs this short move by about one point with another seed: read "
                "differences smaller than that as no difference.",
            "The best temperature here is τ = 0.200 (74.0 % linear probe, 69.0 % kNN). τ = 0.100 gives 66.0 % and "
                "τ = 0.500 gives 65.0 %. kNN, which reads the neighbourhoods of the embedding directly, ranges from "
                "70.0 % at τ = 0.100 to 60.0 % at τ = 0.500, best at τ = 0.100 (70.0 %). What to look for: a low τ "
                "sharpens the softmax over the negatives, so the loss concentrates on the few hardest ones (often "
                "images of the same class, pushed apart) and training can become unstable; a high τ weighs every "
                "negative alike and the embeddings spread less over the sphere. At τ = 0.050 training diverged "
                "(non-finite loss). Runs this short move by about one point with another seed: read differences "
                "smaller than that as no difference.",
            "In the same setting SimCLR reaches 75.0 % (kNN 73.0 %) and BYOL 70.0 % (kNN 67.0 %), −5.0 points for "
                "BYOL, in 2:01 and 3:06 (min:s). BYOL needs no negative pairs: a predictor on the online network and "
                "a slowly moving target network keep it from collapsing to a constant. Its target changes slowly by "
                "design, so in short runs like these it tends to trail SimCLR; in the papers' long runs it overtakes "
                "it. Runs this short move by about one point with another seed: read differences smaller than that as "
                "no difference.",
            "In the same setting SimCLR reaches 75.0 % (kNN 73.0 %) and BYOL 78.0 % (kNN 75.0 %), +3.0 points for "
                "BYOL, in 2:01 and 3:06 (min:s). BYOL needs no negative pairs: a predictor on the online network and "
                "a slowly moving target network keep it from collapsing to a constant. Here it is ahead already: "
                "negatives are not needed to learn. Runs this short move by about one point with another seed: read "
                "differences smaller than that as no difference.",
            "In the same setting SimCLR reaches 75.0 % (kNN 73.0 %) and BYOL 75.5 % (kNN 72.5 %), +0.5 points for "
                "BYOL, in 2:01 and 3:06 (min:s). BYOL needs no negative pairs: a predictor on the online network and "
                "a slowly moving target network keep it from collapsing to a constant. Here the two are within a "
                "point of each other. Runs this short move by about one point with another seed: read differences "
                "smaller than that as no difference.",
            "One of the two runs has not finished yet. Runs this short move by about one point with another seed: "
                "read differences smaller than that as no difference.",
            "With 1 % of the labels (600 images), a linear probe on the self-supervised encoder reaches 55.0 % "
                "against 31.0 % on the random-init one (+24.0 points) and 80.0 % on the supervised one; fine-tuning "
                "the whole encoder gives 50.0 %, 40.0 % and 81.0 %. Here fine-tuning the self-supervised encoder "
                "scores below its linear probe: a short fine-tuning of the whole encoder with a new classifier on few "
                "images can spoil what it learned before it adapts it (a lower encoder learning rate or more passes "
                "change that). With 10 % of the labels (6000 images), a linear probe on the self-supervised encoder "
                "reaches 68.0 % against 42.0 % on the random-init one (+26.0 points) and 84.0 % on the supervised "
                "one; fine-tuning the whole encoder gives 71.0 %, 60.0 % and 86.0 %. The supervised encoder learned "
                "from every label of the training set, as an ImageNet-pre-trained network did in the reference text: "
                "it is the upper reference, not a fair competitor. The self-supervised one saw the same images "
                "without labels; the fewer labels there are, the more its pre-training is worth against starting from "
                "random weights. Runs this short move by about one point with another seed: read differences smaller "
                "than that as no difference.",
            "With 1 % of the labels (600 images), a linear probe on the self-supervised encoder reaches 55.0 % "
                "against 31.0 % on the random-init one (+24.0 points); fine-tuning the whole encoder gives 50.0 %, "
                "40.0 %. Here fine-tuning the self-supervised encoder scores below its linear probe: a short "
                "fine-tuning of the whole encoder with a new classifier on few images can spoil what it learned "
                "before it adapts it (a lower encoder learning rate or more passes change that). The supervised "
                "encoder learned from every label of the training set, as an ImageNet-pre-trained network did in the "
                "reference text: it is the upper reference, not a fair competitor. The self-supervised one saw the "
                "same images without labels; the fewer labels there are, the more its pre-training is worth against "
                "starting from random weights. Runs this short move by about one point with another seed: read "
                "differences smaller than that as no difference.",
        };
        QCOMPARE(expected.size(), cases.size());
        for (size_t i = 0; i < cases.size(); ++i)
            QTest::newRow(cases[i].tag) << int(i) << QString::fromUtf8(expected[i]);
    }
    void explanationInEnglish()
    {
        QFETCH(int, index);
        QFETCH(QString, expected);
        const auto c = explanationCases()[size_t(index)];
        QCOMPARE(QString::fromStdString(explainExperiment(c.spec, c.rows)), expected);
    }

    // The explanation's templates are filled as QString::arg fills them: any order, a placeholder more than once,
    // and an inserted value is not read as a template again.
    void templatesAreFilledLikeArg()
    {
        QCOMPARE(fillText("%2 before %1, %2 again", {"a", "b"}), std::string("b before a, b again"));
        QCOMPARE(fillText("%1 %", {"%2"}), std::string("%2 %"));
        QCOMPARE(fillText("%1 and %3", {"x"}), std::string("x and %3"));
        QCOMPARE(fillText("100%", {}), std::string("100%"));
    }
};

QTEST_GUILESS_MAIN(TestExperiment)
#include "tst_experiment.moc"
