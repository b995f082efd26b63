// The self-distillation methods (BYOL, DINO) as a teacher relies on them: the EMA target is a real copy that only
// the moving average moves, the schedules give the paper's values, a tiny run learns, a resumed run continues
// exactly, and switching off the piece that prevents collapse (BYOL's predictor, DINO's centring) makes it collapse.
#include "tests/support.h"
#include "engine/core/rng.h"
#include "engine/data/dataset.h"
#include "engine/io/json.h"
#include "engine/io/runfolder.h"
#include "engine/methods/byol.h"
#include "engine/methods/dino.h"
#include "engine/methods/losses.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <QtTest>

#include <cmath>

using namespace pretext::engine;

namespace {

// A run small enough for two cores: procedurally drawn colour shapes, batch 16, the small ConvNet.
RunConfig tinyConfig(const std::string &method)
{
    RunConfig c = pretext::tests::tinyRunConfig(method);
    c.seed = 7;
    c.checkpointEvery = 2;
    c.evalEachEpoch = false;
    return c;
}

// The values of one metrics.jsonl key over the steps of a run.
std::vector<double> series(const std::string &runDir, const std::string &key)
{
    std::vector<double> out;
    for (const auto &v : readMetrics(joinPath(runDir, runfolder::kMetrics)))
        if (v.contains("loss"))
            if (const auto *x = v.find(key)) out.push_back(x->asNumber());
    return out;
}

double meanOf(const std::vector<double> &v, size_t from, size_t to)
{
    double s = 0;
    for (size_t i = from; i < to; ++i) s += v[i];
    return s / static_cast<double>(to - from);
}

std::string runOnce(const RunConfig &c, const QTemporaryDir &tmp, const char *name)
{
    const std::string dir = (tmp.path() + "/" + name).toStdString();
    Trainer t(c, dir);
    if (t.run() != TrainOutcome::Finished) throw std::runtime_error("the run did not finish");
    return dir;
}

MethodContext shapesContext()
{
    MethodContext x;
    x.inChannels = 3;
    x.imageSize = 32;
    x.mean = {0.5, 0.5, 0.5};
    x.stddev = {0.25, 0.25, 0.25};
    return x;
}

torch::Tensor someImages(int64_t n)
{
    return torch::randint(0, 256, {n, 3, 32, 32}, torch::kLong).to(torch::kByte);
}

bool sameTensors(const std::vector<torch::Tensor> &a, const std::vector<torch::Tensor> &b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!torch::equal(a[i], b[i])) return false;
    return true;
}

std::vector<torch::Tensor> cloneAll(const std::vector<torch::Tensor> &v)
{
    std::vector<torch::Tensor> out;
    for (const auto &t : v) out.push_back(t.detach().clone());
    return out;
}

// Parameters whose name starts with one of the prefixes (e.g. the target's), in registration order.
std::vector<torch::Tensor> paramsUnder(torch::nn::Module &m, const std::vector<std::string> &prefixes)
{
    std::vector<torch::Tensor> out;
    for (const auto &kv : m.named_parameters())
        for (const auto &p : prefixes)
            if (kv.key().rfind(p + ".", 0) == 0) out.push_back(kv.value());
    return out;
}

bool containsTensor(const std::vector<torch::Tensor> &set, const torch::Tensor &t)
{
    for (const auto &s : set)
        if (s.is_same(t)) return true;
    return false;
}

} // namespace

class TestMethodsDistill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void describedAndRegistered()
    {
        for (const char *name : {"byol", "dino"}) {
            const MethodInfo *m = findMethod(name);
            QVERIFY2(m, name);
            QCOMPARE(m->family, MethodFamily::SelfDistillation);
            QVERIFY(!m->summary.empty() && !m->description.empty());
            QCOMPARE(m->previews, (std::vector<PreviewKind>{PreviewKind::Pairs, PreviewKind::Collapse}));
        }
        QCOMPARE(findMethod("byol")->title, std::string("BYOL"));
        QCOMPARE(findMethod("dino")->title, std::string("DINO"));
        const RunConfig b = defaultRunConfig("byol"), d = defaultRunConfig("dino");
        QCOMPARE(b.real("target_momentum"), 0.9); // a short run's faster target
        QVERIFY(b.flag("predictor"));
        QVERIFY(d.flag("centering"));
        QCOMPARE(d.real("student_temperature"), 0.1);
        QCOMPARE(d.real("center_momentum"), 0.9);
    }

    // BYOL's τ = 1 − (1 − τ_base)(cos(πk/K) + 1)/2, by hand.
    void cosineMomentumSchedule()
    {
        QCOMPARE(cosineMomentum(0.99, 0, 100), 0.99);
        QVERIFY(std::abs(cosineMomentum(0.99, 50, 100) - 0.995) < 1e-12);       // cos(π/2) = 0
        QVERIFY(std::abs(cosineMomentum(0.996, 25, 100) - 0.99658578643762690) < 1e-12); // 1 − 0.004(1 + √½)/2
        QVERIFY(std::abs(cosineMomentum(0.9, 75, 100) - 0.98535533905932737) < 1e-12);   // 1 − 0.1(1 − √½)/2
        QCOMPARE(cosineMomentum(0.99, 100, 100), 1.0);
        QCOMPARE(cosineMomentum(0.99, 150, 100), 1.0); // past the end it stays at 1
    }

    // target ← m·target + (1 − m)·online for parameters and floating buffers; integer buffers are copied.
    void emaUpdateByHand()
    {
        torch::manual_seed(1);
        torch::nn::Sequential online(torch::nn::Linear(2, 1), torch::nn::BatchNorm1d(1));
        torch::nn::Sequential target(torch::nn::Linear(2, 1), torch::nn::BatchNorm1d(1));
        {
            torch::NoGradGuard g;
            auto o = online->parameters(), t = target->parameters();
            o[0].copy_(torch::tensor({{1.0f, 2.0f}}));
            o[1].copy_(torch::tensor({3.0f}));
            t[0].copy_(torch::tensor({{0.0f, -1.0f}}));
            t[1].copy_(torch::tensor({1.0f}));
            auto ob = online->buffers(), tb = target->buffers(); // running_mean, running_var, num_batches_tracked
            ob[0].fill_(0.5);
            ob[2].fill_(7);
        }
        emaUpdate(*target, *online, 0.9);
        auto t = target->parameters();
        QVERIFY(torch::allclose(t[0], torch::tensor({{0.1f, -0.7f}}))); // 0.9·0 + 0.1·1, 0.9·(−1) + 0.1·2
        QVERIFY(torch::allclose(t[1], torch::tensor({1.2f})));          // 0.9·1 + 0.1·3
        auto tb = target->buffers();
        QVERIFY(torch::allclose(tb[0], torch::tensor({0.05f})));
        QVERIFY(torch::allclose(tb[1], torch::tensor({1.0f}))); // both running variances were 1
        QCOMPARE(tb[2].item<int64_t>(), int64_t(7));
        // Momentum 1 leaves the target as it was; 0 makes it the online network.
        emaUpdate(*target, *online, 1.0);
        QVERIFY(torch::allclose(target->parameters()[1], torch::tensor({1.2f})));
        emaUpdate(*target, *online, 0.0);
        QVERIFY(torch::equal(target->parameters()[0], online->parameters()[0]));
    }

    void teacherTemperatureWarmup()
    {
        // 0.04 → 0.07 over 2 epochs of 10 steps: linear in fractional epochs, then constant.
        const double expected[][2] = {{0, 0.04}, {5, 0.0475}, {10, 0.055}, {15, 0.0625}, {20, 0.07}, {35, 0.07}};
        for (const auto &e : expected)
            QVERIFY2(std::abs(Dino::teacherTemperatureAt(0.04, 0.07, 2, static_cast<int64_t>(e[0]), 10) - e[1]) < 1e-12,
                     qPrintable(QString::number(e[0])));
        QCOMPARE(Dino::teacherTemperatureAt(0.04, 0.07, 0, 0, 10), 0.07); // no warm-up
        QVERIFY(std::abs(Dino::teacherTemperatureAt(0.04, 0.07, 0.5, 2, 10) - 0.052) < 1e-12);
    }

    // The multi-crop loss is the mean over every (teacher global view, other student view) pair; with the two global
    // views only it is the golden-checked dinoLoss.
    void multiCropLossAveragesEveryPair()
    {
        torch::manual_seed(2);
        const int64_t b = 3, k = 7;
        std::vector<torch::Tensor> students;
        for (int i = 0; i < 5; ++i) students.push_back(torch::randn({b, k}));
        auto t1 = torch::randn({b, k}), t2 = torch::randn({b, k}), c = torch::randn({1, k}) * 0.1;
        const double ts = 0.1, tt = 0.04;
        auto global = Dino::multiCropLoss({students[0], students[1]}, t1, t2, c, ts, tt);
        QVERIFY(torch::allclose(global, dinoLoss(students[0], students[1], t1, t2, c, ts, tt)));
        double sum = 0;
        int pairs = 0;
        const torch::Tensor teachers[2] = {t1, t2};
        for (int j = 0; j < 2; ++j)
            for (int v = 0; v < 5; ++v) {
                if (v == j) continue;
                auto q = torch::softmax((teachers[j] - c) / tt, -1);
                sum += (-q * torch::log_softmax(students[v] / ts, -1)).sum(-1).mean().item<double>();
                ++pairs;
            }
        QCOMPARE(pairs, 8); // 2 teacher views x 4 other views
        QVERIFY(std::abs(Dino::multiCropLoss(students, t1, t2, c, ts, tt).item<double>() - sum / pairs) < 1e-5);
    }

    // At step 0 the target computes the same function as the online network; the optimiser never touches it;
    // afterStep moves it by exactly the EMA.
    void byolTargetIsACopyMovedOnlyByEma()
    {
        torch::manual_seed(3);
        RunConfig c = defaultRunConfig("byol");
        setSettingValue(c, "target_momentum", json::Value(0.99));
        auto method = makeMethod(c, shapesContext());
        auto &byol = dynamic_cast<Byol &>(*method);
        const std::vector<std::string> targetNames = {"target_encoder", "target_projector"};
        const std::vector<std::string> onlineNames = {"encoder", "projector"};
        auto target = paramsUnder(byol, targetNames), online = paramsUnder(byol, onlineNames);
        QVERIFY(!target.empty());
        QCOMPARE(target.size(), online.size());
        for (const auto &p : target) QVERIFY(!p.requires_grad());
        auto trainable = byol.trainableParameters();
        for (const auto &p : target) QVERIFY(!containsTensor(trainable, p));
        for (const auto &p : online) QVERIFY(containsTensor(trainable, p));
        QVERIFY(containsTensor(trainable, paramsUnder(byol, {"predictor"}).front()));

        byol.eval();
        {
            torch::NoGradGuard g;
            auto x = torch::randn({4, 3, 32, 32});
            QVERIFY(torch::equal(byol.project(x, false), byol.project(x, true)));
        }
        byol.train();

        // One optimiser step: the online network moves, the target does not and has no gradient.
        const auto targetBefore = cloneAll(target), onlineBefore = cloneAll(online);
        torch::optim::Adam opt(trainable, torch::optim::AdamOptions(1e-3));
        Rng rng(5);
        byol.setProgress(0, 10, 5);
        auto out = byol.step(someImages(8), rng, false);
        opt.zero_grad();
        out.loss.backward();
        opt.step();
        for (const auto &p : target) QVERIFY(!p.grad().defined());
        QVERIFY(sameTensors(target, targetBefore));
        QVERIFY(!sameTensors(online, onlineBefore));
        // The after-step EMA with τ = cosineMomentum(0.99, 0, 10) = 0.99.
        byol.afterStep(0, 10);
        for (size_t i = 0; i < target.size(); ++i)
            QVERIFY(torch::allclose(target[i], 0.99 * targetBefore[i] + 0.01 * online[i], 1e-5, 1e-7));
        QCOMPARE(byol.targetMomentum(0, 10), 0.99);
    }

    void dinoTeacherIsACopyMovedOnlyByEma()
    {
        torch::manual_seed(4);
        RunConfig c = defaultRunConfig("dino");
        setSettingValue(c, "out_dim", json::Value(64));
        auto method = makeMethod(c, shapesContext());
        auto &dino = dynamic_cast<Dino &>(*method);
        auto teacher = paramsUnder(dino, {"teacher_encoder", "teacher_head"});
        auto student = paramsUnder(dino, {"encoder", "head"});
        QCOMPARE(teacher.size(), student.size());
        auto trainable = dino.trainableParameters();
        QCOMPARE(trainable.size(), student.size());
        for (const auto &p : teacher) QVERIFY(!containsTensor(trainable, p));
        dino.eval();
        {
            torch::NoGradGuard g;
            auto x = torch::randn({4, 3, 32, 32});
            QVERIFY(torch::equal(dino.scores(x, false), dino.scores(x, true)));
        }
        dino.train();
        const auto teacherBefore = cloneAll(teacher);
        torch::optim::Adam opt(trainable, torch::optim::AdamOptions(1e-3));
        Rng rng(6);
        dino.setProgress(0, 10, 5);
        auto out = dino.step(someImages(8), rng, false);
        opt.zero_grad();
        out.loss.backward();
        opt.step();
        QVERIFY(sameTensors(teacher, teacherBefore));
        QVERIFY(torch::equal(dino.center(), torch::zeros({1, 64})));
        dino.afterStep(0, 10);
        for (size_t i = 0; i < teacher.size(); ++i)
            QVERIFY(torch::allclose(teacher[i], 0.99 * teacherBefore[i] + 0.01 * student[i], 1e-5, 1e-7));
        // The centre moved to 0.1 × the batch mean of the teacher's outputs (momentum 0.9 from zero).
        QVERIFY(dino.center().abs().sum().item<double>() > 0);
    }

    // One training step with every backbone, and DINO with local crops (smaller for the convolutional backbones,
    // the global size for the ViT).
    void everyBackboneSteps_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("backbone");
        for (const char *m : {"byol", "dino"})
            for (const char *b : {"convnet", "resnet18", "vit-tiny"})
                QTest::newRow((std::string(m) + " " + b).c_str()) << m << b;
    }
    void everyBackboneSteps()
    {
        QFETCH(QString, method);
        QFETCH(QString, backbone);
        torch::manual_seed(5);
        RunConfig c = defaultRunConfig(method.toStdString());
        c.backbone = backbone.toStdString();
        if (method == "dino") {
            setSettingValue(c, "local_crops", json::Value(2));
            setSettingValue(c, "out_dim", json::Value(64));
        }
        auto m = makeMethod(c, shapesContext());
        if (method == "dino")
            QCOMPARE(dynamic_cast<Dino &>(*m).localCropSize(), int64_t(backbone == "vit-tiny" ? 32 : 16));
        torch::optim::Adam opt(m->trainableParameters(), torch::optim::AdamOptions(1e-3));
        Rng rng(1);
        m->setProgress(0, 2, 1);
        auto out = m->step(someImages(4), rng, true);
        QVERIFY(std::isfinite(out.loss.item<double>()));
        opt.zero_grad();
        out.loss.backward();
        opt.step();
        m->afterStep(0, 2);
        QCOMPARE(out.features.size(0), int64_t(4));
        QCOMPARE(out.features.size(1), m->encoder()->featureDim());
        PreviewSnapshot s;
        m->fillPreview(out, 4, s);
        QVERIFY(s.find<PairsPreview>());
        const auto *col = s.find<CollapsePreview>();
        QVERIFY(col);
        QVERIFY(col->targetMomentum >= c.real(method == "dino" ? "teacher_momentum" : "target_momentum")); // the schedule starts at the base
        if (method == "dino") QCOMPARE(col->maxEntropy, std::log(64.0));
    }

    void tinyRunLearns_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("byol") << "byol";
        QTest::newRow("dino") << "dino";
    }
    void tinyRunLearns()
    {
        QFETCH(QString, method);
        QTemporaryDir tmp;
        RunConfig c = tinyConfig(method.toStdString());
        c.epochs = 6;
        c.stepsPerEpoch = 0; // 5 steps per epoch
        const auto dir = runOnce(c, tmp, "run");
        const auto loss = series(dir, "loss");
        QCOMPARE(loss.size(), size_t(30));
        const double first = meanOf(loss, 0, 5), last = meanOf(loss, 25, 30);
        QVERIFY2(last < first, qPrintable(QString("loss %1 -> %2").arg(first).arg(last)));
        QCOMPARE(series(dir, "embedding_std").size(), size_t(30));
    }

    // N steps straight and N/2 + resume + N/2 give the same losses (the EMA target, the centre and the
    // schedules are all in the checkpoint or derived from the step).
    void resumeContinuesExactly_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<int>("localCrops");
        QTest::newRow("byol") << "byol" << 0;
        QTest::newRow("dino multi-crop") << "dino" << 2;
    }
    void resumeContinuesExactly()
    {
        QFETCH(QString, method);
        QFETCH(int, localCrops);
        RunConfig c = tinyConfig(method.toStdString());
        if (method == "dino") {
            setSettingValue(c, "local_crops", json::Value(localCrops));
            setSettingValue(c, "warmup_epochs", json::Value(1.5)); // the temperature schedule crosses the stop
        }
        QTemporaryDir tmp;
        const QString whole = tmp.path() + "/whole", parts = tmp.path() + "/parts";
        {
            Trainer t(c, whole.toStdString());
            t.run();
        }
        {
            struct StopAfter : TrainObserver {
                TrainControl *control = nullptr;
                void onStep(const StepMetrics &m) override
                {
                    if (m.step == 3) control->requestStop();
                }
            } stop;
            TrainControl control;
            stop.control = &control;
            Trainer t(c, parts.toStdString());
            QCOMPARE(t.run(&stop, &control), TrainOutcome::Stopped);
            QCOMPARE(t.completedSteps(), int64_t(3));
        }
        {
            auto t = Trainer::open(parts.toStdString());
            QCOMPARE(t->run(), TrainOutcome::Finished);
        }
        for (const char *key : {"loss", "embedding_std"}) {
            const auto a = series(whole.toStdString(), key), b = series(parts.toStdString(), key);
            QCOMPARE(a.size(), size_t(6));
            QCOMPARE(b.size(), size_t(6));
            for (size_t i = 0; i < a.size(); ++i) QCOMPARE(b[i], a[i]);
        }
    }

    // Without the predictor BYOL's online network can match the slow target by mapping everything to one point:
    // the spread of its normalised projections falls far below 1/sqrt(d); with the predictor it does not.
    void byolWithoutPredictorCollapses()
    {
        QTemporaryDir tmp;
        RunConfig on = tinyConfig("byol");
        on.epochs = 8;
        on.stepsPerEpoch = 0; // 40 steps
        // A faster target and a higher lr than the defaults, so that collapse completes within 40 steps: at the
        // default τ = 0.99 the spread only halves in that time (it keeps falling over longer runs).
        on.lr = 3e-3;
        setSettingValue(on, "target_momentum", json::Value(0.5));
        RunConfig off = on;
        setSettingValue(off, "predictor", json::Value(false));
        const auto a = series(runOnce(on, tmp, "on"), "embedding_std");
        const auto b = series(runOnce(off, tmp, "off"), "embedding_std");
        const double uniform = 1.0 / std::sqrt(128.0);
        const double withPredictor = meanOf(a, a.size() - 5, a.size()), without = meanOf(b, b.size() - 5, b.size());
        qInfo("BYOL embedding std after %zu steps: predictor on %.4f, off %.4f (1/sqrt(d) = %.4f)", a.size(),
              withPredictor, without, uniform);
        QVERIFY2(without < 0.15 * uniform, qPrintable(QString::number(without)));
        QVERIFY2(withPredictor > 0.6 * uniform, qPrintable(QString::number(withPredictor)));
        QVERIFY(without < 0.3 * b.front()); // it fell during the run, from a healthy start
    }

    // Sharpening without centring lets one prototype win for every image: the teacher's entropy falls toward 0.
    void dinoWithoutCenteringCollapses()
    {
        QTemporaryDir tmp;
        RunConfig on = tinyConfig("dino");
        on.epochs = 16;
        on.stepsPerEpoch = 0; // 80 steps
        on.lr = 3e-3;         // faster than the default, so that the collapse shows within 80 steps
        RunConfig off = on;
        setSettingValue(off, "centering", json::Value(false));
        const auto a = series(runOnce(on, tmp, "on"), "teacher_entropy");
        const auto b = series(runOnce(off, tmp, "off"), "teacher_entropy");
        const double withCentre = meanOf(a, a.size() - 5, a.size()), without = meanOf(b, b.size() - 5, b.size());
        qInfo("DINO teacher entropy after %zu steps: centring on %.4f, off %.4f (max log K = %.4f)", a.size(),
              withCentre, without, std::log(1024.0));
        // Toward 0, not toward the maximum: one prototype takes every image.
        QVERIFY2(without < 1.5, qPrintable(QString::number(without)));
        QVERIFY(without < 0.4 * meanOf(b, 0, 5));
        // With centring the teacher stays confident but varied: far from 0 and below the uniform log K.
        QVERIFY2(withCentre > 3 * without, qPrintable(QString::number(withCentre)));
        QVERIFY(withCentre < std::log(1024.0) - 0.5);
    }
};

QTEST_GUILESS_MAIN(TestMethodsDistill)
#include "tst_methods_distill.moc"
