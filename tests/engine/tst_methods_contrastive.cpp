// MoCo v2, SimSiam and Barlow Twins as a user relies on them: the queue keeps the newest keys in the right slots
// whatever the batch size, the key encoder follows the query encoder at the configured momentum, the losses are
// the papers', each method learns something on a tiny run and resumes exactly, SimSiam collapses when its
// stop-gradient is taken away (and not otherwise), and the previews each method declares are filled.
#include "tests/support.h"
#include "tests/engine/methodtests.h"
#include "engine/core/errors.h"
#include "engine/io/runfolder.h"
#include "engine/methods/barlowtwins.h"
#include "engine/methods/losses.h"
#include "engine/methods/moco.h"
#include "engine/methods/simsiam.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <QtTest>

#include <cmath>
#include <map>

using namespace pretext::engine;
using namespace pretext::tests;

namespace {

// A run small enough for two cores: procedurally drawn colour shapes, batch 16, the small ConvNet.
RunConfig tinyConfig(const std::string &method)
{
    RunConfig c = pretext::tests::tinyRunConfig(method);
    c.seed = 7;
    c.checkpointEvery = 2;
    // 40 keys at batch 16: the queue wraps around mid-batch on the third step.
    if (method == "moco") setSettingValue(c, "queue_size", json::Value(40));
    return c;
}

std::shared_ptr<MoCo> makeMoco(int64_t queueSize, double momentum = 0.99, int64_t dim = 4, bool symmetric = true)
{
    RunConfig c = defaultRunConfig("moco");
    setSettingValue(c, "symmetric_loss", json::Value(symmetric));
    setSettingValue(c, "queue_size", json::Value(queueSize));
    setSettingValue(c, "key_momentum", json::Value(momentum));
    setSettingValue(c, "projection_dim", json::Value(dim));
    setSettingValue(c, "projection_hidden", json::Value(8));
    torch::manual_seed(1);
    return std::make_shared<MoCo>(c, grayContext());
}

// Keys whose first coordinate names them (1, 2, 3, …), so a slot tells which key it holds.
torch::Tensor numberedKeys(int64_t first, int64_t count, int64_t dim)
{
    auto k = torch::zeros({count, dim});
    k.select(1, 0).copy_(torch::arange(first, first + count, torch::kFloat));
    return k;
}

// Collects every step's losses and method scalars, and keeps the latest preview.
struct Recorder : TrainObserver {
    bool previews = false;
    bool wantsPreviews() const override { return previews; }
    void onStep(const StepMetrics &m) override
    {
        losses.push_back(m.loss);
        for (const auto &[key, value] : m.scalars) scalars[key].push_back(value);
    }
    void onEval(const EvalMetrics &e) override { evals.push_back(e); }
    void onPreview(const PreviewSnapshot &s) override { last = s; }
    std::vector<double> losses;
    std::map<std::string, std::vector<double>> scalars;
    std::vector<EvalMetrics> evals;
    PreviewSnapshot last;
};

} // namespace

class TestMethodsContrastive : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void methodsDescribeThemselves_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("liveSetting");
        QTest::newRow("moco") << "moco" << "MoCo v2" << "temperature";
        QTest::newRow("simsiam") << "simsiam" << "SimSiam" << "";
        QTest::newRow("barlow") << "barlow" << "Barlow Twins" << "";
    }
    void methodsDescribeThemselves()
    {
        QFETCH(QString, name);
        QFETCH(QString, title);
        QFETCH(QString, liveSetting);
        const MethodInfo *m = findMethod(name.toStdString());
        QVERIFY(m);
        QCOMPARE(QString::fromStdString(m->title), title);
        QCOMPARE(QString::fromStdString(m->liveSetting), liveSetting);
        QVERIFY(!m->summary.empty() && m->description.size() > 200);
        QCOMPARE(m->previews.front(), PreviewKind::Pairs);
        QCOMPARE(m->previews.size(), size_t(2));
        for (const auto &s : m->settings) QVERIFY2(!s.help.empty(), s.key.c_str());
        // The defaults validate.
        validate(defaultRunConfig(name.toStdString()));
    }

    void mocoRejectsAQueueSmallerThanABatch()
    {
        RunConfig c = defaultRunConfig("moco");
        c.batchSize = 256;
        setSettingValue(c, "queue_size", json::Value(100));
        const auto problems = validationProblems(c);
        QCOMPARE(problems.size(), size_t(1));
        QCOMPARE(QString::fromStdString(problems[0].first), QString("queue_size"));
        const QString message = QString::fromStdString(problems[0].second);
        QVERIFY2(message.contains("queue_size = 100") && message.contains("batch_size = 256"), qPrintable(message));
        setSettingValue(c, "queue_size", json::Value(256));
        QVERIFY(validationProblems(c).empty());
    }

    void queueStartsWithRandomUnitKeys()
    {
        auto moco = makeMoco(10, 0.99, 4);
        QCOMPARE(moco->queueCapacity(), int64_t(10));
        QCOMPARE(moco->queue().sizes().vec(), (std::vector<int64_t>{4, 10}));
        QVERIFY(torch::allclose(moco->queue().norm(2, 0), torch::ones({10}), 1e-5, 1e-5));
        QCOMPARE(moco->queuePointer(), int64_t(0));
        QCOMPARE(moco->queueFilled(), int64_t(0)); // random keys are not counted
        QCOMPARE(moco->oldestKeyAge(), int64_t(0));
    }

    void queueWrapsAroundWhenKIsNotAMultipleOfB()
    {
        // K = 10, B = 4. Step 1 writes slots 0-3, step 2 slots 4-7, step 3 slots 8, 9 and then 0, 1.
        auto moco = makeMoco(10, 0.99, 4);
        moco->enqueue(numberedKeys(1, 4, 4), 1);
        QCOMPARE(moco->queuePointer(), int64_t(4));
        QCOMPARE(moco->queueFilled(), int64_t(4));
        QCOMPARE(moco->oldestKeyAge(), int64_t(0));
        moco->enqueue(numberedKeys(5, 4, 4), 2);
        QCOMPARE(moco->queuePointer(), int64_t(8));
        QCOMPARE(moco->queueFilled(), int64_t(8));
        QCOMPARE(moco->oldestKeyAge(), int64_t(1));
        moco->enqueue(numberedKeys(9, 4, 4), 3);
        QCOMPARE(moco->queuePointer(), int64_t(2));
        QCOMPARE(moco->queueFilled(), int64_t(10));
        // Keys 1 and 2 were overwritten by 11 and 12; the oldest left (3..8) are from step 1 and 2.
        auto names = moco->queue().select(0, 0).to(torch::kLong);
        std::vector<int64_t> expectNames = {11, 12, 3, 4, 5, 6, 7, 8, 9, 10};
        QCOMPARE(std::vector<int64_t>(names.data_ptr<int64_t>(), names.data_ptr<int64_t>() + 10), expectNames);
        auto steps = moco->queueSteps();
        std::vector<int64_t> expectSteps = {3, 3, 1, 1, 2, 2, 2, 2, 3, 3};
        QCOMPARE(std::vector<int64_t>(steps.data_ptr<int64_t>(), steps.data_ptr<int64_t>() + 10), expectSteps);
        QCOMPARE(moco->oldestKeyAge(), int64_t(2));
        // Step 4 overwrites slots 2-5: the step-1 keys are gone, the oldest is from step 2.
        moco->enqueue(numberedKeys(13, 4, 4), 4);
        QCOMPARE(moco->queuePointer(), int64_t(6));
        QCOMPARE(moco->oldestKeyAge(), int64_t(2));
        // A batch larger than the queue keeps its newest K keys, in order from the pointer.
        moco->enqueue(numberedKeys(100, 12, 4), 5);
        QCOMPARE(moco->queuePointer(), int64_t(6)); // (6 + 10) mod 10
        names = moco->queue().select(0, 0).to(torch::kLong);
        expectNames = {106, 107, 108, 109, 110, 111, 102, 103, 104, 105};
        QCOMPARE(std::vector<int64_t>(names.data_ptr<int64_t>(), names.data_ptr<int64_t>() + 10), expectNames);
        QCOMPARE(moco->oldestKeyAge(), int64_t(0));
    }

    void queuePointerArithmetic_data()
    {
        QTest::addColumn<int>("capacity");
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("pointer");
        QTest::addColumn<int>("filled");
        QTest::newRow("K multiple of B") << 16 << 4 << 5 << 4 << 16;
        QTest::newRow("K = B") << 16 << 16 << 3 << 0 << 16;
        QTest::newRow("7 / 3, filling") << 7 << 3 << 2 << 6 << 6;
        QTest::newRow("7 / 3, wrapped twice") << 7 << 3 << 5 << 1 << 7;
        QTest::newRow("4096 / 256, not full") << 4096 << 256 << 15 << 3840 << 3840;
        QTest::newRow("4000 / 256, wrapped") << 4000 << 256 << 17 << 352 << 4000;
    }
    void queuePointerArithmetic()
    {
        QFETCH(int, capacity);
        QFETCH(int, batch);
        QFETCH(int, steps);
        QFETCH(int, pointer);
        QFETCH(int, filled);
        auto moco = makeMoco(capacity, 0.99, 4);
        for (int s = 1; s <= steps; ++s) moco->enqueue(numberedKeys(s * 1000, batch, 4), s);
        QCOMPARE(moco->queuePointer(), int64_t(pointer));
        QCOMPARE(moco->queueFilled(), int64_t(filled));
        // The slot just before the pointer holds the last key of the last batch.
        const int64_t last = (pointer + capacity - 1) % capacity;
        QCOMPARE(moco->queue()[0][last].item<float>(), float(steps * 1000 + batch - 1));
        QCOMPARE(moco->queueSteps()[last].item<int64_t>(), int64_t(steps));
    }

    void keyEncoderFollowsAtTheMomentum()
    {
        auto moco = makeMoco(16, 0.9, 4);
        int64_t query = 0, key = 0;
        {
            torch::NoGradGuard noGrad;
            for (auto &p : moco->named_parameters()) {
                const bool isKey = p.key().rfind("key_", 0) == 0;
                p.value().fill_(isKey ? 0.0 : 1.0);
                (isKey ? key : query) += p.value().numel();
                QCOMPARE(p.value().requires_grad(), !isKey);
            }
            for (auto &b : moco->named_buffers())
                if (b.key().find("running_mean") != std::string::npos)
                    b.value().fill_(b.key().rfind("key_", 0) == 0 ? 0.0 : 2.0);
        }
        QCOMPARE(key, query);
        // The optimiser never sees the key network.
        int64_t trainable = 0;
        for (const auto &p : moco->trainableParameters()) trainable += p.numel();
        QCOMPARE(trainable, query);

        moco->afterStep(0, 10); // key ← 0.9·0 + 0.1·1
        for (const auto &p : moco->named_parameters())
            if (p.key().rfind("key_", 0) == 0)
                QVERIFY2(torch::allclose(p.value(), torch::full_like(p.value(), 0.1)), p.key().c_str());
        moco->afterStep(1, 10); // 0.9·0.1 + 0.1·1 = 0.19
        for (const auto &p : moco->named_parameters())
            if (p.key().rfind("key_", 0) == 0)
                QVERIFY2(torch::allclose(p.value(), torch::full_like(p.value(), 0.19)), p.key().c_str());
        for (const auto &b : moco->named_buffers())
            if (b.key().rfind("key_", 0) == 0 && b.key().find("running_mean") != std::string::npos)
                QVERIFY2(torch::allclose(b.value(), torch::full_like(b.value(), 0.38)), b.key().c_str()); // 2·0.19
        // No step ran, so nothing was enqueued.
        QCOMPARE(moco->queueFilled(), int64_t(0));
    }

    void mocoLossIsTheGoldenInfoNce_data()
    {
        QTest::addColumn<bool>("symmetric");
        QTest::newRow("one direction (MoCo v2)") << false;
        QTest::newRow("symmetric") << true;
    }
    void mocoLossIsTheGoldenInfoNce()
    {
        QFETCH(bool, symmetric);
        auto moco = makeMoco(64, 0.99, 16, symmetric);
        moco->train();
        auto images = randomImages(32);
        // The loss is mocoInfoNce of exactly the step's unit queries and keys and the queue (averaged over both
        // directions when symmetric).
        auto expected = [&](const StepOutput &out, double t) {
            auto loss = mocoInfoNce(out.z1, out.z2, moco->queue(), t).second;
            if (symmetric) loss = (loss + mocoInfoNce(out.extra.at("query2"), out.extra.at("key2"), moco->queue(), t).second) / 2;
            return loss.item<double>();
        };
        Rng rng(3);
        StepOutput out = moco->step(images, rng, true);
        QVERIFY(torch::allclose(out.z1.norm(2, 1), torch::ones({32}), 1e-5, 1e-5));
        QVERIFY(torch::allclose(out.z2.norm(2, 1), torch::ones({32}), 1e-5, 1e-5));
        QCOMPARE(out.loss.item<double>(), expected(out, 0.2));
        auto logits = mocoInfoNce(out.z1, out.z2, moco->queue(), 0.2).first;
        QVERIFY(torch::equal(out.extra.at("logits"), logits));
        QCOMPARE(out.extra.count("query2"), size_t(symmetric ? 1 : 0));
        std::map<std::string, double> scalars(out.scalars.begin(), out.scalars.end());
        QCOMPARE(scalars.at("queue_fill"), 0.0);
        QVERIFY(std::abs(scalars.at("positive_logit") - logits.select(1, 0).mean().item<double>()) < 1e-6);
        QVERIFY(std::abs(scalars.at("negative_logit") - logits.slice(1, 1).mean().item<double>()) < 1e-6);
        // The live temperature is the one the loss uses.
        moco->setTemperature(0.5);
        Rng again(3);
        out = moco->step(images, again, true);
        QCOMPARE(out.loss.item<double>(), expected(out, 0.5));
        // After the step, the keys of one view join the queue (one key per image), stamped step 1.
        moco->afterStep(0, 10);
        QCOMPARE(moco->queueFilled(), int64_t(32));
        QCOMPARE(moco->queuePointer(), int64_t(32));
        QVERIFY(torch::allclose(moco->queue().slice(1, 0, 32), out.z2.t()));
        QCOMPARE(moco->queueSteps()[31].item<int64_t>(), int64_t(1));
    }

    void barlowCorrelationOfIdenticalViewsHasUnitDiagonal()
    {
        torch::manual_seed(5);
        auto z = torch::randn({64, 32}) * 3 + 1;
        auto c = barlowCrossCorrelation(z, z);
        QCOMPARE(c.sizes().vec(), (std::vector<int64_t>{32, 32}));
        QVERIFY(torch::allclose(c.diagonal(), torch::ones({32}), 1e-4, 1e-4));
        QVERIFY(barlowLoss(c, 0.0).item<double>() < 1e-5);
        // Independent views: the diagonal is near 0 and the loss near D.
        auto independent = barlowCrossCorrelation(torch::randn({4096, 8}), torch::randn({4096, 8}));
        QVERIFY(independent.diagonal().abs().max().item<double>() < 0.1);
        QVERIFY(std::abs(barlowLoss(independent, 0.0).item<double>() - 8.0) < 1.0);
        // The off-diagonal term is λ Σ_{i≠j} C_ij².
        auto m = torch::tensor({{1.0, 0.5}, {-0.5, 1.0}});
        QVERIFY(std::abs(barlowLoss(m, 0.1).item<double>() - 0.05) < 1e-7);

        // Through the method: without augmentations both views are the same image, so C's diagonal is 1.
        RunConfig cfg = defaultRunConfig("barlow");
        cfg.augment.crop = cfg.augment.flip = cfg.augment.jitter = cfg.augment.grayscale = cfg.augment.blur = false;
        torch::manual_seed(1);
        BarlowTwins barlow(cfg, grayContext());
        barlow.train();
        auto images = randomImages(64);
        Rng rng(1);
        StepOutput out = barlow.step(images, rng, true);
        PreviewSnapshot s;
        barlow.fillPreview(out, 8, s);
        const auto *cp = s.find<CorrelationPreview>();
        QVERIFY(cp);
        QCOMPARE(cp->correlation.rows, 64);
        QVERIFY2(std::abs(cp->onDiagonal - 1.0) < 1e-3, qPrintable(QString::number(cp->onDiagonal)));
        for (int i = 0; i < 64; ++i) QVERIFY(std::abs(cp->correlation.at(i, i) - 1.0f) < 1e-3f);
        std::map<std::string, double> scalars(out.scalars.begin(), out.scalars.end());
        QCOMPARE(scalars.at("on_diagonal"), cp->onDiagonal);
        QCOMPARE(scalars.at("off_diagonal"), cp->offDiagonal);
    }

    void tinyRunLearns_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("moco") << "moco";
        QTest::newRow("simsiam") << "simsiam";
        QTest::newRow("barlow") << "barlow";
    }
    void tinyRunLearns()
    {
        // A tiny run cannot make the shapes classes separable yet (on shapes:320 every method, SimCLR included,
        // stays within noise of chance kNN for the first hundred steps: colour dominates the random features).
        // What it must do is learn its own task: the loss falls and the method's own figure of merit moves.
        QFETCH(QString, method);
        QTemporaryDir tmp;
        RunConfig c = tinyConfig(method.toStdString());
        c.dataset = "shapes:320";
        c.batchSize = 32;
        c.stepsPerEpoch = 10;
        c.epochs = 3;
        c.lr = 1e-3;
        c.checkpointEvery = 100;
        c.previewsPerSecond = 60;
        if (method == "moco") setSettingValue(c, "queue_size", json::Value(96));
        Recorder rec;
        rec.previews = true;
        Trainer t(c, (tmp.path() + "/run").toStdString());
        QCOMPARE(t.run(&rec), TrainOutcome::Finished);
        QCOMPARE(rec.losses.size(), size_t(30));
        for (double l : rec.losses) QVERIFY(std::isfinite(l));
        // MoCo's loss first rises as random negatives give way to real keys: compare after the queue filled.
        const size_t from = method == "moco" ? 3 : 0;
        const double early = mean(rec.losses, from, from + 5), late = mean(rec.losses, 25, 30);
        QVERIFY2(late < early, qPrintable(QString("loss %1 -> %2").arg(early).arg(late)));
        QCOMPARE(rec.evals.size(), size_t(4)); // random init + 3 epochs
        for (const auto &e : rec.evals) QVERIFY(e.knnAcc >= 0 && e.knnAcc <= 1 && e.probeAcc >= 0 && e.probeAcc <= 1);

        // Every declared preview kind arrives, and the method's scalars are logged every step.
        const MethodInfo *info = findMethod(method.toStdString());
        for (PreviewKind kind : info->previews) QVERIFY2(rec.last.has(kind), previewKindName(kind));
        const auto *pairs = rec.last.find<PairsPreview>();
        QCOMPARE(pairs->view1.count, 8);
        QCOMPARE(pairs->similarity.rows, 16);
        std::vector<std::string> keys;
        if (method == "moco") keys = {"queue_fill", "positive_logit", "negative_logit"};
        if (method == "simsiam") keys = {"embedding_std"};
        if (method == "barlow") keys = {"on_diagonal", "off_diagonal"};
        for (const auto &k : keys) QCOMPARE(rec.scalars[k].size(), size_t(30));
        int logged = 0;
        for (const auto &m : readMetrics(joinPath(t.info().runDir, runfolder::kMetrics)))
            if (m.contains("loss")) logged += m.contains(keys.front());
        QCOMPARE(logged, 30);

        if (method == "moco") {
            const auto *q = rec.last.find<QueuePreview>();
            QCOMPARE(q->capacity, int64_t(96));
            QCOMPARE(q->filled, int64_t(96));
            QCOMPARE(q->oldestAgeSteps, int64_t(2)); // 96 keys = 3 batches of 32: steps s-2, s-1, s
            QCOMPARE(q->positiveLogits.size(), size_t(8));
            QCOMPARE(q->negativeLogits.size(), size_t(8 * 96));
            QCOMPARE(rec.scalars["queue_fill"][0], 0.0);
            QCOMPARE(rec.scalars["queue_fill"][1], 32.0 / 96.0);
            QCOMPARE(rec.scalars["queue_fill"][29], 1.0);
            // The positive logit pulls away from the negatives.
            std::vector<double> gap;
            for (size_t i = 0; i < 30; ++i) gap.push_back(rec.scalars["positive_logit"][i] - rec.scalars["negative_logit"][i]);
            QVERIFY2(mean(gap, 25, 30) > mean(gap, 3, 8) + 0.3,
                     qPrintable(QString("gap %1 -> %2").arg(mean(gap, 3, 8)).arg(mean(gap, 25, 30))));
        }
        if (method == "simsiam") {
            const auto *col = rec.last.find<CollapsePreview>();
            QCOMPARE(col->dim, 2048);
            QVERIFY(col->effectiveRank > 1.5);
            // Not collapsing: the spread stays near that of uniformly spread embeddings.
            QVERIFY2(mean(rec.scalars["embedding_std"], 25, 30) > 0.5 * col->uniformStd,
                     qPrintable(QString::number(mean(rec.scalars["embedding_std"], 25, 30))));
        }
        if (method == "barlow") {
            const auto &on = rec.scalars["on_diagonal"];
            // The two views' embeddings agree more and more: the diagonal of C climbs from its first value.
            QVERIFY2(mean(on, 25, 30) > on[0] + 0.15,
                     qPrintable(QString("on-diagonal %1 -> %2").arg(on[0]).arg(mean(on, 25, 30))));
            const auto *cp = rec.last.find<CorrelationPreview>();
            QCOMPARE(cp->correlation.rows, 64);
            QVERIFY(cp->onDiagonal > cp->offDiagonal);
        }
    }

    void resumeContinuesExactly_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("moco") << "moco";
        QTest::newRow("simsiam") << "simsiam";
        QTest::newRow("barlow") << "barlow";
    }
    void resumeContinuesExactly()
    {
        QFETCH(QString, method);
        QTemporaryDir tmp;
        const RunConfig c = tinyConfig(method.toStdString());
        // Stopped mid-epoch, after the queue wrapped around (MoCo: 40 keys, 3 batches).
        const auto r = wholeAndResumed(c, tmp.path().toStdString(), 4);
        QCOMPARE(r.resumedFrom, int64_t(4));
        QCOMPARE(r.whole.size(), size_t(6));
        QCOMPARE(r.resumed, r.whole);
    }

    void simsiamCollapsesWithoutItsSafeguards_data()
    {
        QTest::addColumn<QString>("off");
        QTest::newRow("stop-gradient off") << "stop_gradient";
        QTest::newRow("predictor off") << "predictor";
    }
    void simsiamCollapsesWithoutItsSafeguards()
    {
        // The same tiny run with and without the stop-gradient (or the predictor): without it the embeddings of a
        // batch crowd into one point (their normalised std falls far below 1/sqrt(d)) and the loss sinks to -1;
        // with it they stay spread (section 4.1, Figure 2; Table 1).
        QFETCH(QString, off);
        std::map<bool, double> finalStd, finalLoss;
        for (bool safeguard : {true, false}) {
            QTemporaryDir tmp;
            RunConfig c = tinyConfig("simsiam");
            c.dataset = "shapes:320";
            c.batchSize = 32;
            c.stepsPerEpoch = 10;
            c.epochs = 4;
            c.evalEachEpoch = false;
            c.onlineProbe = false;
            setSettingValue(c, off.toStdString(), json::Value(safeguard));
            setSettingValue(c, "projection_dim", json::Value(64));
            setSettingValue(c, "predictor_hidden", json::Value(16));
            Recorder rec;
            Trainer t(c, (tmp.path() + "/run").toStdString());
            QCOMPARE(t.run(&rec), TrainOutcome::Finished);
            const auto &spread = rec.scalars["embedding_std"];
            QCOMPARE(spread.size(), size_t(40));
            finalStd[safeguard] = mean(spread, 35, 40);
            finalLoss[safeguard] = mean(rec.losses, 35, 40);
        }
        const double uniform = 1.0 / std::sqrt(64.0);
        const QString figures = QString("std with %1, without %2 (1/sqrt(d) = %3); loss with %4, without %5")
                                    .arg(finalStd[true]).arg(finalStd[false]).arg(uniform)
                                    .arg(finalLoss[true]).arg(finalLoss[false]);
        // Measured over seeds: about 0.35 (stop-gradient off) or 0.08 (predictor off) of 1/sqrt(d) without, 0.85
        // with; the loss about -0.95 without, -0.35 to -0.5 with.
        QVERIFY2(finalStd[false] < 0.5 * uniform, qPrintable(figures));
        QVERIFY2(finalStd[true] > 0.75 * uniform, qPrintable(figures));
        QVERIFY2(finalLoss[false] < -0.9, qPrintable(figures));
        QVERIFY2(finalLoss[true] > -0.8, qPrintable(figures));
    }
};

QTEST_GUILESS_MAIN(TestMethodsContrastive)
#include "tst_methods_contrastive.moc"
