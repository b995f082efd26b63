// The training engine as a user of pretext-cli or the GUI relies on it: a run folder with the promised files,
// a resumed run that continues exactly where it stopped, probes that see structure, config errors that name
// the field and the accepted range, and controls that do what they say.
#include "tests/support.h"
#include "engine/core/errors.h"
#include "engine/eval/probe.h"
#include "engine/io/json.h"
#include "engine/io/runfolder.h"
#include "engine/io/snapshotio.h"
#include "engine/models/backbones.h"
#include "engine/train/optim.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <algorithm>
#include <torch/torch.h>

#include <QImage>
#include <QtTest>

#include <mutex>
#include <thread>

using namespace pretext::engine;

namespace {

// A run small enough for two cores: 64 procedurally drawn colour shapes, batch 16, the small ConvNet.
RunConfig tinyConfig(const std::string &method = "simclr")
{
    RunConfig c = pretext::tests::tinyRunConfig(method);
    c.seed = 7;
    c.checkpointEvery = 2;
    return c;
}

std::vector<double> lossesOf(const QString &runDir)
{
    std::vector<double> losses;
    for (const auto &v : readMetrics(joinPath(runDir.toStdString(), runfolder::kMetrics)))
        if (const auto *l = v.find("loss")) losses.push_back(l->asNumber());
    return losses;
}

// Keeps the latest preview snapshot.
struct LastPreview : TrainObserver {
    bool wantsPreviews() const override { return true; }
    void onPreview(const PreviewSnapshot &s) override { last = s; }
    PreviewSnapshot last;
};

// Everything the engine reports, in order: "step N", "random-init" or "eval N", and the previews.
struct Recorder : TrainObserver {
    bool wantsPreviews() const override { return true; }
    void onStep(const StepMetrics &m) override
    {
        std::lock_guard<std::mutex> lock(mutex);
        events.push_back("step " + std::to_string(m.step));
    }
    void onEval(const EvalMetrics &e) override
    {
        std::lock_guard<std::mutex> lock(mutex);
        events.push_back(e.randomInit ? "random-init" : "eval " + std::to_string(e.step));
        evals.push_back(e);
    }
    void onPreview(const PreviewSnapshot &s) override
    {
        std::lock_guard<std::mutex> lock(mutex);
        previews.push_back(s);
    }
    size_t previewCount()
    {
        std::lock_guard<std::mutex> lock(mutex);
        return previews.size();
    }
    // Steps seen so far, safe to ask while run() goes on in another thread (Trainer::completedSteps() is not).
    size_t stepCount()
    {
        std::lock_guard<std::mutex> lock(mutex);
        return size_t(std::count_if(events.begin(), events.end(), [](const std::string &e) { return e.rfind("step ", 0) == 0; }));
    }
    std::mutex mutex;
    std::vector<std::string> events;
    std::vector<EvalMetrics> evals;
    std::vector<PreviewSnapshot> previews;
};

class StopAfter : public TrainObserver {
public:
    StopAfter(TrainControl &control, int64_t step) : m_control(control), m_step(step) {}
    void onStep(const StepMetrics &m) override
    {
        steps.push_back(m.step);
        if (m.step == m_step) m_control.requestStop();
    }
    std::vector<int64_t> steps;

private:
    TrainControl &m_control;
    int64_t m_step;
};

} // namespace

class TestTrain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void runFolderHasEverything()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/run";
        {
            Trainer trainer(tinyConfig(), dir.toStdString());
            QCOMPARE(trainer.info().totalSteps, int64_t(6));
            QCOMPARE(trainer.run(), TrainOutcome::Finished);
        }

        auto config = json::parseFile((dir + "/config.json").toStdString());
        QCOMPARE(config["dataset"].asString(), std::string("shapes:80"));
        QCOMPARE(config["seed"].asNumber(), 7.0);
        QVERIFY(config["versions"]["libtorch"].isString());

        const auto metrics = readMetrics((dir + "/metrics.jsonl").toStdString());
        int steps = 0, evals = 0, randomInit = 0;
        for (const auto &m : metrics) {
            if (m.contains("loss")) {
                ++steps;
                for (const char *key : {"step", "epoch", "lr", "pairs_per_s"}) QVERIFY2(m.contains(key), key);
                QVERIFY(std::isfinite(m.find("loss")->asNumber()));
            }
            if (m.contains("probe_acc")) {
                ++evals;
                QVERIFY(m.contains("knn_acc"));
                randomInit += m.contains("random_init");
            }
        }
        QCOMPARE(steps, 6);
        QCOMPARE(evals, 3); // the random-init baseline and one per epoch
        QCOMPARE(randomInit, 1);
        QVERIFY(QFile::exists(dir + "/checkpoints/latest.pt"));
        QVERIFY(!QFile::exists(dir + "/checkpoints/latest.pt.tmp"));
        QVERIFY(QFile::exists(dir + "/report.html"));
        for (const char *shot : {"step-000003-view1.png", "step-000003-similarity.png", "step-000006-view2.png"}) {
            QImage img(dir + "/snapshots/" + shot);
            QVERIFY2(!img.isNull(), shot);
            QVERIFY(img.width() > 32);
        }
        // A second run cannot overwrite the first one.
        QVERIFY_THROWS_EXCEPTION(ConfigError, Trainer(tinyConfig(), dir.toStdString()));
        // Nor can two trainers work in one folder at once.
        auto holder = Trainer::open(dir.toStdString(), Trainer::OpenMode::Evaluate);
        try {
            Trainer::open(dir.toStdString(), Trainer::OpenMode::Resume);
            QFAIL("a second trainer opened a folder in use");
        } catch (const ConfigError &e) {
            QVERIFY2(QString(e.what()).contains("in use by another training process"), e.what());
        }
    }

    void resumeContinuesExactly()
    {
        QTemporaryDir tmp;
        const QString whole = tmp.path() + "/whole", parts = tmp.path() + "/parts";
        {
            Trainer t(tinyConfig(), whole.toStdString());
            t.run();
        }
        {
            Trainer t(tinyConfig(), parts.toStdString());
            TrainControl control;
            StopAfter stop(control, 4); // mid-epoch, past an interval checkpoint
            QCOMPARE(t.run(&stop, &control), TrainOutcome::Stopped);
            QCOMPARE(t.completedSteps(), int64_t(4));
        }
        {
            auto t = Trainer::open(parts.toStdString());
            QCOMPARE(t->info().startStep, int64_t(4));
            QCOMPARE(t->run(), TrainOutcome::Finished);
        }
        const auto a = lossesOf(whole), b = lossesOf(parts);
        QCOMPARE(a.size(), size_t(6));
        QCOMPARE(b.size(), size_t(6));
        for (size_t i = 0; i < a.size(); ++i) QCOMPARE(b[i], a[i]);
    }

    void randomInitBaselineWaitsForTheFirstEpochEnd()
    {
        // The baseline of the untrained network, measured the old way: before any step, by the same protocol.
        QTemporaryDir tmp;
        EvalMetrics before;
        {
            Trainer fresh(tinyConfig(), (tmp.path() + "/before").toStdString());
            before = fresh.evaluate();
        }
        // Training starts at once; the baseline comes at the first epoch end, before that epoch's evaluation, and
        // is the same measurement, logged at step 0.
        const QString whole = tmp.path() + "/whole";
        Recorder r;
        {
            Trainer t(tinyConfig(), whole.toStdString());
            QCOMPARE(t.run(&r), TrainOutcome::Finished);
        }
        const std::vector<std::string> expected {"step 1", "step 2", "step 3", "random-init", "eval 3",
                                                 "step 4", "step 5", "step 6", "eval 6"};
        QCOMPARE(r.events, expected);
        const EvalMetrics &base = r.evals.at(0);
        QVERIFY(base.randomInit);
        QCOMPARE(base.step, int64_t(0));
        QCOMPARE(base.probeAcc, before.probeAcc);
        QCOMPARE(base.knnAcc, before.knnAcc);
        bool logged = false;
        for (const auto &m : readMetrics(joinPath(whole.toStdString(), runfolder::kMetrics)))
            if (m.contains("random_init")) {
                logged = true;
                QCOMPARE(m.find("step")->asNumber(), 0.0);
                QCOMPARE(m.find("probe_acc")->asNumber(), before.probeAcc);
            }
        QVERIFY(logged);

        // Stopped before the first epoch end and resumed: the untrained network is rebuilt from the seed, the
        // baseline is the same, and the losses are those of the uninterrupted run.
        const QString parts = tmp.path() + "/parts";
        {
            Trainer t(tinyConfig(), parts.toStdString());
            TrainControl control;
            StopAfter stop(control, 2);
            QCOMPARE(t.run(&stop, &control), TrainOutcome::Stopped);
        }
        Recorder resumed;
        {
            auto t = Trainer::open(parts.toStdString());
            QCOMPARE(t->run(&resumed), TrainOutcome::Finished);
        }
        QCOMPARE(resumed.events.front(), std::string("step 3"));
        QCOMPARE(resumed.events.at(1), std::string("random-init"));
        QCOMPARE(resumed.evals.at(0).probeAcc, before.probeAcc);
        QCOMPARE(resumed.evals.at(0).knnAcc, before.knnAcc);
        QCOMPARE(lossesOf(parts), lossesOf(whole));
        // The resumed run's first preview still carries the untrained network's matrix of the same views.
        const auto *first = r.previews.front().find<PairsPreview>();
        const auto *again = resumed.previews.front().find<PairsPreview>();
        QVERIFY(first && again);
        QCOMPARE(r.previews.front().step, int64_t(0));
        QCOMPARE(again->untrainedSimilarity.values, first->similarity.values);
        QVERIFY(again->similarity.values != first->similarity.values); // trained for two steps
    }

    void newViewsRedrawTheAugmentationsAndTheirStep0Matrix()
    {
        QTemporaryDir tmp;
        RunConfig c = tinyConfig();
        c.evalEachEpoch = false;
        c.previewsPerSecond = 60;
        Trainer t(c, (tmp.path() + "/run").toStdString());
        TrainControl control;
        control.pause();
        Recorder r;
        std::thread worker([&] { t.run(&r, &control); });
        auto waitFor = [&](size_t n) {
            for (int i = 0; i < 1000 && r.previewCount() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
            return r.previewCount() >= n;
        };
        QVERIFY(waitFor(1)); // the step-0 preview
        // Asked for while paused: shown at once, without a step.
        control.requestNewViews();
        QVERIFY(waitFor(2));
        QCOMPARE(r.stepCount(), size_t(0));
        control.singleStep();
        for (int i = 0; i < 1000 && r.stepCount() < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        control.resume();
        worker.join();

        const auto *p0 = r.previews.at(0).find<PairsPreview>();
        const auto *p1 = r.previews.at(1).find<PairsPreview>();
        QVERIFY(p0 && p1);
        // The same images with other augmentations.
        QCOMPARE(r.previews.at(1).originals.pixels, r.previews.at(0).originals.pixels);
        QVERIFY(p1->view1.pixels != p0->view1.pixels);
        // Still untrained: its live matrix is its step-0 matrix, and that matrix is of the new views.
        QCOMPARE(p1->untrainedSimilarity.values, p1->similarity.values);
        QCOMPARE(p0->untrainedSimilarity.values, p0->similarity.values);
        QVERIFY(p1->untrainedSimilarity.values != p0->untrainedSimilarity.values);
        // Every later preview shows the new views, compared with their own step-0 matrix.
        const PreviewSnapshot &last = r.previews.back();
        QVERIFY(last.step > 0);
        QCOMPARE(last.find<PairsPreview>()->view1.pixels, p1->view1.pixels);
        QCOMPARE(last.find<PairsPreview>()->untrainedSimilarity.values, p1->similarity.values);

        // Previews never touch the training: the losses are those of a run without previews.
        Trainer plain(c, (tmp.path() + "/plain").toStdString());
        plain.run();
        QCOMPARE(lossesOf(tmp.path() + "/run"), lossesOf(tmp.path() + "/plain"));
    }

    void pauseAndSingleStep()
    {
        QTemporaryDir tmp;
        RunConfig c = tinyConfig();
        c.evalEachEpoch = false;
        Trainer t(c, (tmp.path() + "/run").toStdString());
        TrainControl control;
        control.pause();
        Recorder observer; // counts steps safely while the run goes on in the worker thread
        std::thread worker([&] { t.run(&observer, &control); });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        QCOMPARE(observer.stepCount(), size_t(0)); // paused before the first step
        control.singleStep();
        for (int i = 0; i < 200 && observer.stepCount() < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        QCOMPARE(observer.stepCount(), size_t(1)); // exactly one
        control.setLearningRate(0.01);
        control.resume();
        worker.join();
        QCOMPARE(t.completedSteps(), int64_t(6));
        // The live edit is applied at the next step and recorded.
        bool edited = false;
        for (const auto &m : readMetrics(joinPath(t.info().runDir, runfolder::kMetrics)))
            if (m.contains("lr_edit")) {
                edited = true;
                QCOMPARE(m.find("step")->asNumber(), 2.0);
                QCOMPARE(m.find("lr")->asNumber(), 0.01);
            }
        QVERIFY(edited);
    }

    void backbonesMatchTheirContracts_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("featureDim");
        QTest::newRow("convnet gray") << "convnet" << 1 << 28 << 128;
        QTest::newRow("resnet18 rgb") << "resnet18" << 3 << 32 << 512;
        QTest::newRow("vit-tiny rgb") << "vit-tiny" << 3 << 32 << 192;
    }
    void backbonesMatchTheirContracts()
    {
        QFETCH(QString, kind);
        QFETCH(int, channels);
        QFETCH(int, size);
        QFETCH(int, featureDim);
        BackboneOptions o;
        o.kind = kind.toStdString();
        o.inChannels = channels;
        o.imageSize = size;
        auto net = makeBackbone(o);
        QCOMPARE(net->featureDim(), int64_t(featureDim));
        auto y = net->forward(torch::randn({2, channels, size, size}));
        QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{2, featureDim}));
        QVERIFY(torch::isfinite(y).all().item<bool>());
        if (kind == "resnet18") {
            // The CIFAR stem keeps the resolution: the first convolution is 3x3 with stride 1.
            auto first = net->named_parameters().begin()->value();
            QCOMPARE(first.sizes().vec(), (std::vector<int64_t>{64, channels, 3, 3}));
        }
        if (kind == "vit-tiny") {
            o.imageSize = 30; // not a multiple of the patch size
            QVERIFY_THROWS_EXCEPTION(ConfigError, makeBackbone(o));
        }
    }

    void optimisersAndSchedule_data()
    {
        QTest::addColumn<QString>("optimizer");
        QTest::addColumn<double>("lr");
        QTest::newRow("adam") << "adam" << 1e-3;
        QTest::newRow("sgd") << "sgd" << 0.05;
        QTest::newRow("lars") << "lars" << 1.0;
    }
    void optimisersAndSchedule()
    {
        QFETCH(QString, optimizer);
        QFETCH(double, lr);
        QTemporaryDir tmp;
        RunConfig c = tinyConfig();
        c.optimizer = optimizer.toStdString();
        c.lr = lr;
        c.schedule = "cosine";
        c.warmupSteps = 2;
        c.evalEachEpoch = false;
        Trainer t(c, (tmp.path() + "/run").toStdString());
        QCOMPARE(t.run(), TrainOutcome::Finished);
        std::vector<double> lrs;
        for (const auto &m : readMetrics(joinPath(t.info().runDir, runfolder::kMetrics)))
            if (m.contains("loss")) {
                QVERIFY(std::isfinite(m.find("loss")->asNumber()));
                lrs.push_back(m.find("lr")->asNumber());
            }
        QCOMPARE(lrs.size(), size_t(6));
        // Linear warm-up to lr over two steps, then a cosine decay towards zero.
        QCOMPARE(lrs[0], lr * 0.5);
        QCOMPARE(lrs[1], lr);
        QCOMPARE(lrs[2], lr); // the cosine starts at the top
        for (size_t i = 3; i < lrs.size(); ++i) QVERIFY(lrs[i] < lrs[i - 1]);
        QCOMPARE(scheduledLearningRate("cosine", lr, 6, 2, 6), 0.0);
    }

    void rotationMethodPredictsAngles()
    {
        QTemporaryDir tmp;
        RunConfig c = tinyConfig("rotation");
        setSettingValue(c, "all_rotations", json::Value(true)); // the paper's mode: sample i shows turn i mod 4
        c.evalEachEpoch = false;
        c.previewsPerSecond = 60;
        LastPreview observer;
        Trainer t(c, (tmp.path() + "/run").toStdString());
        QCOMPARE(t.run(&observer), TrainOutcome::Finished);
        QVERIFY(observer.last.find<RotationPreview>());
        QVERIFY(!observer.last.find<PairsPreview>()); // rotation declares its own view only
        const auto &r = *observer.last.find<RotationPreview>();
        QCOMPARE(r.rotated.count, 8);
        QCOMPARE(r.labels.size(), size_t(8));
        for (int i = 0; i < 8; ++i) {
            QCOMPARE(r.labels[i], i % 4); // sample i is shown turned by (i mod 4) * 90 degrees
            QVERIFY(r.predictions[i] >= 0 && r.predictions[i] < 4);
        }
        for (const auto &m : readMetrics(joinPath(t.info().runDir, runfolder::kMetrics)))
            if (m.contains("loss")) QVERIFY(std::isfinite(m.find("loss")->asNumber()));
    }

    void jigsawMethodNamesPermutations()
    {
        QTemporaryDir tmp;
        RunConfig c = tinyConfig("jigsaw");
        setSettingValue(c, "jigsaw_grid", 3); // the classic 3x3 puzzle: 32 px images are cropped to 30
        setSettingValue(c, "jigsaw_permutations", 10);
        c.evalEachEpoch = true;
        c.previewsPerSecond = 60;
        LastPreview observer;
        Trainer t(c, (tmp.path() + "/run").toStdString());
        QCOMPARE(t.run(&observer), TrainOutcome::Finished);
        QVERIFY(observer.last.find<JigsawPreview>());
        const auto &j = *observer.last.find<JigsawPreview>();
        QCOMPARE(j.grid, 3);
        QCOMPARE(j.permutations.size(), size_t(10));
        QCOMPARE(j.shuffled.count, 8);
        QCOMPARE(j.shuffled.width, 30); // 32 cropped to a multiple of the grid
        QCOMPARE(j.original.width, 30);
        for (size_t i = 0; i < j.labels.size(); ++i) {
            QVERIFY(j.labels[i] >= 0 && j.labels[i] < 10);
            QVERIFY(j.predictions[i] >= 0 && j.predictions[i] < 10);
        }
    }

    void probeAndKnnSeeStructure()
    {
        // Ten well separated Gaussian clusters in 16-d: both evaluations must be far above chance (10%).
        torch::manual_seed(3);
        auto centres = torch::randn({10, 16}) * 4;
        auto ytr = torch::randint(0, 10, {1000}, torch::kLong), yte = torch::randint(0, 10, {300}, torch::kLong);
        auto xtr = centres.index_select(0, ytr) + torch::randn({1000, 16});
        auto xte = centres.index_select(0, yte) + torch::randn({300, 16});
        ProbeOptions po;
        po.epochs = 100;
        QVERIFY(linearProbeAccuracy(xtr, ytr, xte, yte, 10, po) > 0.9);
        QVERIFY(knnAccuracy(xtr, ytr, xte, yte, 20, 0.1, 10) > 0.9);
        // Pure noise features: near chance.
        QVERIFY(knnAccuracy(torch::randn({1000, 16}), ytr, torch::randn({300, 16}), yte, 20, 0.1, 10) < 0.25);
    }

    void configValidation_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("batch too small") << R"({"batch_size": 1})" << "batch_size = 1 is out of range; expected 2 to 8192";
        QTest::newRow("too large for an int") << R"({"batch_size": 1e10})"
                                              << "batch_size = 10000000000 is out of range; expected 2 to 8192";
        QTest::newRow("epochs zero") << R"({"epochs": 0})" << "epochs = 0 is out of range; expected 1 to 10000";
        QTest::newRow("negative lr") << R"({"lr": -0.1})" << "lr = -0.1 is out of range; expected more than 0, at most 10";
        QTest::newRow("unknown method") << R"({"method": "simsiam2"})"
                                        << "method = \"simsiam2\" is not accepted; expected one of: simclr, ";
        QTest::newRow("setting of another method")
            << R"({"method": "simclr", "queue_size": 4096})"
            << "cfg.json: field \"queue_size\" is a setting of method moco; method simclr does not use it";
        QTest::newRow("jigsaw set larger than the grid allows")
            << R"({"method": "jigsaw", "jigsaw_grid": 2, "jigsaw_permutations": 30})"
            << "jigsaw_permutations = 30 is out of range; a 2x2 grid has only 24 permutations";
        QTest::newRow("unknown backbone") << R"({"backbone": "vgg"})"
                                          << "backbone = \"vgg\" is not accepted; expected one of: convnet, resnet18, vit-tiny";
        QTest::newRow("temperature") << R"({"temperature": 0})" << "temperature = 0 is out of range; expected 0.01 to 10";
        QTest::newRow("optimizer") << R"({"optimizer": "adagrad"})"
                                   << "optimizer = \"adagrad\" is not accepted; expected one of: adam, sgd, lars";
        QTest::newRow("device") << R"({"device": "tpu"})" << "device = \"tpu\" is not accepted; expected cpu, cuda or cuda:N";
        QTest::newRow("wrong type") << R"({"epochs": "three"})" << "cfg.json: field epochs: expected a number, found a string";
        QTest::newRow("fraction") << R"({"batch_size": 12.5})" << "cfg.json: field batch_size: expected an integer, found 12.5";
        QTest::newRow("unknown field") << R"({"epoch": 3})" << "cfg.json: unknown field \"epoch\"";
        QTest::newRow("precision") << R"({"precision": "fp8"})"
                                   << "precision = \"fp8\" is not accepted; expected one of: auto, fp32, bf16";
    }
    void configValidation()
    {
        QFETCH(QString, json);
        QFETCH(QString, message);
        try {
            runConfigFromJson(json::parse(json.toStdString()), "cfg.json");
            QFAIL("an invalid config was accepted");
        } catch (const ConfigError &e) {
            QVERIFY2(QString(e.what()).startsWith(message), e.what());
        }
    }

    void snapshotsRoundTripAndRejectDamage()
    {
        PreviewSnapshot s;
        s.step = 12;
        s.method = "moco";
        PairsPreview p;
        p.temperature = 0.5;
        p.view1.count = 1;
        p.view1.height = p.view1.width = 2;
        p.view1.channels = 1;
        p.view1.pixels = {0, 64, 128, 255};
        p.similarity.rows = p.similarity.cols = 2;
        p.similarity.values = {1.0f, 0.25f, 0.25f, 1.0f};
        p.records1.resize(1);
        p.records1[0].flipped = true;
        QueuePreview q;
        q.capacity = 4096;
        q.filled = 1000;
        q.oldestAgeSteps = 7;
        q.positiveLogits = {5.5f};
        q.negativeLogits = {0.5f, -1.25f};
        CollapsePreview c;
        c.dim = 128;
        c.embeddingStd = 0.03;
        c.perDimStd = {0.1f, 0.2f};
        s.items = {p, q, c};
        const auto back = snapshotFromJson(json::parse(json::dump(toJson(s))), "x.json");
        QCOMPARE(back.step, int64_t(12));
        QCOMPARE(back.items.size(), size_t(3));
        QVERIFY(back.find<PairsPreview>());
        QCOMPARE(back.find<PairsPreview>()->view1.pixels, p.view1.pixels);
        QCOMPARE(back.find<PairsPreview>()->similarity.values, p.similarity.values);
        QVERIFY(back.find<PairsPreview>()->records1.at(0).flipped);
        QCOMPARE(back.find<QueuePreview>()->filled, int64_t(1000));
        QCOMPARE(back.find<QueuePreview>()->oldestAgeSteps, int64_t(7));
        QCOMPARE(back.find<QueuePreview>()->negativeLogits, q.negativeLogits);
        QCOMPARE(back.find<CollapsePreview>()->dim, 128);
        QCOMPARE(back.find<CollapsePreview>()->perDimStd, c.perDimStd);
        QVERIFY(!back.find<RotationPreview>());

        // A snapshot written before typed previews (format 1) still opens: its pairs come back.
        const auto old = snapshotFromJson(json::parse(R"({"format": "pretext-snapshot/1", "step": 3, "method": "simclr",
            "temperature": 0.5, "view1": {"count": 1, "height": 1, "width": 1, "channels": 1, "pixels": [9]},
            "view2": {"count": 1, "height": 1, "width": 1, "channels": 1, "pixels": [8]},
            "similarity": {"rows": 1, "cols": 1, "values": [1]}})"), "old.json");
        QVERIFY(old.find<PairsPreview>());
        QCOMPARE(old.find<PairsPreview>()->view2.pixels, std::vector<uint8_t>{8});

        for (const char *bad : {R"({"format": "pretext-snapshot/2"})", R"({"format": "other"})",
                                R"({"format": "pretext-snapshot/2", "step": 1, "method": "simclr", "items": [{"kind": "pairs",
                                    "view1": {"count": 1, "height": 2, "width": 2, "channels": 1, "pixels": [1]}}]})"}) {
            try {
                snapshotFromJson(json::parse(bad), "latest.json");
                QFAIL(bad);
            } catch (const DataError &e) {
                QVERIFY2(QString(e.what()).startsWith("latest.json: "), e.what());
            }
        }
    }

    void sampleConfigsAreValid()
    {
        const QDir samples(QStringLiteral(PRETEXT_TEST_DATA "/../../samples"));
        const auto files = samples.entryList({"*.json"});
        QVERIFY(files.size() >= 3);
        for (const QString &f : files) {
            try {
                loadRunConfig(samples.filePath(f).toStdString());
            } catch (const ConfigError &e) {
                QFAIL(qPrintable(f + ": " + e.what()));
            }
        }
    }

    void configRoundTrip()
    {
        RunConfig c = tinyConfig();
        c.lr = 0.123;
        c.augment.jitterProb = 0.25;
        RunConfig back = runConfigFromJson(toJson(c));
        QCOMPARE(json::dump(toJson(back)), json::dump(toJson(c)));
    }

    void divergenceKeepsLastGoodCheckpoint()
    {
        QTemporaryDir tmp;
        RunConfig c = tinyConfig();
        c.evalEachEpoch = false;
        // A normalisation this extreme overflows float32: the loss becomes non-finite at once.
        c.augment.mean = {0.5};
        c.augment.stddev = {1e-38};
        {
            Trainer t(c, (tmp.path() + "/run").toStdString());
            try {
                t.run();
                QFAIL("a non-finite loss did not stop the run");
            } catch (const DivergedError &e) {
                QVERIFY2(QString(e.what()).contains("diverged at step 1"), e.what());
                QCOMPARE(e.exitCode(), 4);
            }
        }
        // Only the checkpoint written at the start (step 0, finite weights) is there to resume from.
        QVERIFY(QFile::exists(tmp.path() + "/run/checkpoints/latest.pt"));
        QCOMPARE(Trainer::open((tmp.path() + "/run").toStdString(), Trainer::OpenMode::Evaluate)->completedSteps(),
                 int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestTrain)
#include "tst_train.moc"
