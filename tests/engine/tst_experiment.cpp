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
};

QTEST_GUILESS_MAIN(TestExperiment)
#include "tst_experiment.moc"
