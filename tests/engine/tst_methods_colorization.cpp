// Colorization as a user relies on it: the YCbCr split keeps brightness exact (a round trip through Y, Cb, Cr gives
// the colour back), a gray dataset is refused with a message that names it, the preview's truth is the input and
// its gray column the input's luma, a tiny run learns colours that follow the content (sky over grass) far better
// than guessing gray, and a resumed run continues exactly.
#include "tests/support.h"
#include "tests/engine/methodtests.h"
#include "engine/augment/pretext.h"
#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/io/runfolder.h"
#include "engine/io/snapshotio.h"
#include "engine/methods/colorization.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace pretext::engine;
using namespace pretext::tests;

namespace {

// A method built directly on 3-channel 32x32 images.
MethodContext colourContext()
{
    MethodContext x;
    x.inChannels = 3;
    x.imageSize = 32;
    x.mean = {0.5, 0.4, 0.3};
    x.stddev = {0.25, 0.2, 0.3};
    x.wantFeatures = false;
    return x;
}

RunConfig colourRunConfig()
{
    RunConfig c = tinyRunConfig("colorization");
    c.trainLimit = 80;
    c.testLimit = 16;
    c.seed = 7;
    c.checkpointEvery = 2;
    return c;
}

// A CIFAR-10 binary set (5 training files of 64 images, a test file of 16) of sky over grass: 32x32, the horizon
// at a random row in 8..24, the sky (0.35, 0.55, 0.95) and the grass (0.25, 0.65, 0.2) each times its own random
// brightness in 0.5..1, with a little noise.
bool writeSkyOverGrass(const QString &dir)
{
    std::mt19937 gen(3);
    std::uniform_int_distribution<int> horizon(8, 24), noise(-8, 8);
    std::uniform_real_distribution<double> brightness(0.5, 1.0);
    const double sky[3] = {0.35, 0.55, 0.95}, grass[3] = {0.25, 0.65, 0.2};
    auto file = [&](const QString &name, int n) {
        QByteArray out;
        for (int i = 0; i < n; ++i) {
            out.append(char(i % 10));
            const int h = horizon(gen);
            const double top = brightness(gen), bottom = brightness(gen);
            for (int ch = 0; ch < 3; ++ch)
                for (int y = 0; y < 32; ++y)
                    for (int x = 0; x < 32; ++x) {
                        const double v = y < h ? sky[ch] * top : grass[ch] * bottom;
                        out.append(char(std::clamp(int(std::lround(v * 255)) + noise(gen), 0, 255)));
                    }
        }
        QFile f(dir + "/" + name);
        return f.open(QIODevice::WriteOnly) && f.write(out) == out.size();
    };
    for (int b = 1; b <= 5; ++b)
        if (!file(QString("data_batch_%1.bin").arg(b), 64)) return false;
    return file("test_batch.bin", 16);
}

} // namespace

class TestMethodsColorization : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void chromaRoundTripIsExact_data()
    {
        QTest::addColumn<float>("r");
        QTest::addColumn<float>("g");
        QTest::addColumn<float>("b");
        QTest::addColumn<float>("y");
        QTest::addColumn<float>("cb");
        QTest::addColumn<float>("cr");
        // Y, Cb and Cr of JPEG's full-range BT.601: the primaries sit at the ends of the chroma axes they drive.
        QTest::newRow("red") << 1.f << 0.f << 0.f << 0.299f << -0.168736f << 0.5f;
        QTest::newRow("green") << 0.f << 1.f << 0.f << 0.587f << -0.331264f << -0.418688f;
        QTest::newRow("blue") << 0.f << 0.f << 1.f << 0.114f << 0.5f << -0.081312f;
        QTest::newRow("gray") << 0.4f << 0.4f << 0.4f << 0.4f << 0.f << 0.f;
        QTest::newRow("white") << 1.f << 1.f << 1.f << 1.f << 0.f << 0.f;
        QTest::newRow("orange") << 1.f << 0.6f << 0.1f << 0.6626f << -0.317494f << 0.240656f;
    }
    void chromaRoundTripIsExact()
    {
        QFETCH(float, r);
        QFETCH(float, g);
        QFETCH(float, b);
        QFETCH(float, y);
        QFETCH(float, cb);
        QFETCH(float, cr);
        const auto rgb = torch::tensor({r, g, b}).view({1, 3, 1, 1}).expand({1, 3, 2, 2}).contiguous();
        const auto ycc = rgbToYCbCr(rgb);
        QVERIFY(std::abs(ycc[0][0][0][0].item<float>() - y) < 1e-4);
        QVERIFY(std::abs(ycc[0][1][0][0].item<float>() - cb) < 1e-4);
        QVERIFY(std::abs(ycc[0][2][0][0].item<float>() - cr) < 1e-4);
        const auto back = yCbCrToRgb(ycc.narrow(1, 0, 1), ycc.narrow(1, 1, 2));
        QVERIFY2((back - rgb).abs().max().item<float>() < 1e-5, qPrintable(QString::number((back - rgb).abs().max().item<float>())));
        // The batch the method trains on holds the same split.
        const auto bytes = (rgb * 255).round().to(torch::kByte);
        const auto batch = colorizationBatch(bytes);
        const auto expected = rgbToYCbCr(bytes.to(torch::kFloat) / 255);
        QVERIFY((batch.input - expected.narrow(1, 0, 1)).abs().max().item<float>() < 1e-6);
        QVERIFY((batch.chroma - expected.narrow(1, 1, 2)).abs().max().item<float>() < 1e-6);
    }

    void grayDatasetIsRefusedByName()
    {
        RunConfig c = defaultRunConfig("colorization");
        c.dataset = "fashion-mnist";
        try {
            ColorizationMethod m(c, grayContext());
            QFAIL("a gray dataset was accepted");
        } catch (const ConfigError &e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains("fashion-mnist has 1 channel") && message.contains("no colour to predict") &&
                         message.contains("choose a colour dataset"),
                     e.what());
        }
        // And at run start, through the trainer (the CLI and the window show this message).
        if (!QFileInfo::exists(QString::fromLatin1(kFashionMnistDir))) return;
        QTemporaryDir tmp;
        c.trainLimit = 64;
        c.testLimit = 16;
        try {
            Trainer t(c, (tmp.path() + "/run").toStdString());
            QFAIL("the trainer accepted a gray dataset");
        } catch (const ConfigError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("fashion-mnist has 1 channel"), e.what());
        }
    }

    void previewShowsTheInputAndItsLuma()
    {
        RunConfig c = defaultRunConfig("colorization");
        c.augment.crop = false;
        c.augment.flip = false;
        torch::manual_seed(3);
        ColorizationMethod m(c, colourContext());
        torch::manual_seed(4);
        const auto images = torch::randint(0, 256, {3, 3, 32, 32}, torch::kByte);
        Rng rng(5);
        const auto out = m.step(images, rng, true);
        PreviewSnapshot s;
        m.fillPreview(out, 3, s);
        const auto *p = s.find<ColorizationPreview>();
        QVERIFY(p);
        QCOMPARE(p->truth.count, 3);
        QCOMPARE(p->gray.channels, 1);
        QCOMPARE(p->prediction.channels, 3);
        const auto hwc = images.permute({0, 2, 3, 1}).contiguous();
        const std::vector<uint8_t> expected(hwc.data_ptr<uint8_t>(), hwc.data_ptr<uint8_t>() + hwc.numel());
        QCOMPARE(p->truth.pixels, expected);
        int worst = 0;
        for (size_t i = 0; i < p->gray.pixels.size(); ++i) {
            const uint8_t *rgb = &expected[3 * i];
            const double y = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
            worst = std::max(worst, std::abs(int(p->gray.pixels[i]) - int(std::lround(y))));
        }
        QVERIFY2(worst <= 1, qPrintable(QString("gray differs from the luma by %1").arg(worst)));
        // The untrained network guesses no colour (its head starts at zero): the prediction is the gray input.
        int far = 0;
        for (size_t i = 0; i < p->gray.pixels.size(); ++i) {
            const uint8_t *rgb = &p->prediction.pixels[3 * i];
            far += std::abs(int(rgb[0]) - int(rgb[2])) + std::abs(int(rgb[1]) - int(p->gray.pixels[i])) > 1 ? 1 : 0;
        }
        QVERIFY2(far == 0, qPrintable(QString("%1 pixels coloured").arg(far)));
    }

    void evaluationSeesTheLuma()
    {
        RunConfig c = defaultRunConfig("colorization");
        torch::manual_seed(3);
        ColorizationMethod m(c, colourContext());
        torch::manual_seed(6);
        const auto images = torch::randint(0, 256, {2, 3, 32, 32}, torch::kByte);
        const auto x = m.evalInput(images);
        QCOMPARE(x.sizes().vec(), (std::vector<int64_t>{2, 1, 32, 32}));
        // Two images with the same luma and other colours look the same to the probe.
        const auto gray = colorizationBatch(images).input;
        const auto grayRgb = (gray * 255).round().clamp(0, 255).to(torch::kByte).expand({2, 3, 32, 32}).contiguous();
        const auto y = m.evalInput(grayRgb);
        QVERIFY((x - y).abs().max().item<float>() < 0.05);
        QVERIFY(m.encoder()->forward(x).size(0) == 2);
    }

    void tinyRunLearnsTheColours()
    {
        // Colours that follow the content, as in photos: blue sky over green grass, the horizon anywhere between
        // rows 8 and 24, each half at its own brightness. (The shapes set paints every shape and background a random
        // colour on purpose, so from brightness alone there is next to nothing to learn there: a run on it scores
        // about what guessing gray does.) The same run without learning (lr 1e-7) sees the same batches from the same
        // start, so the ratio of their losses is the colour learned; the untrained head guesses gray.
        QTemporaryDir data;
        QVERIFY(writeSkyOverGrass(data.path()));
        QTemporaryDir tmp;
        RunConfig c = colourRunConfig();
        c.dataset = "cifar10:" + data.path().toStdString();
        c.trainLimit = 0;
        c.batchSize = 32;
        c.stepsPerEpoch = 10;
        c.epochs = 4;
        c.lr = 3e-3;
        c.evalEachEpoch = false;
        c.checkpointEvery = 100;
        Trainer t(c, (tmp.path() + "/run").toStdString());
        QCOMPARE(t.run(), TrainOutcome::Finished);
        c.lr = 1e-7;
        Trainer still(c, (tmp.path() + "/still").toStdString());
        QCOMPARE(still.run(), TrainOutcome::Finished);
        const auto losses = lossesOf(t.info().runDir), gray = lossesOf(still.info().runDir);
        QCOMPARE(losses.size(), size_t(40));
        QCOMPARE(losses.front(), gray.front()); // the same first batch, and both guess gray
        const double learned = mean(losses, 30, 40), guessed = mean(gray, 30, 40);
        qInfo("colour loss over the last 10 steps: %.5f, guessing gray: %.5f", learned, guessed);
        QVERIFY2(learned < 0.5 * guessed, qPrintable(QString("loss %1 against %2 guessing gray").arg(learned).arg(guessed)));
        // The run folder holds the panel's material and a picture of the prediction.
        const std::string snapshots = t.info().runDir + "/" + runfolder::kSnapshots;
        const auto snap = loadSnapshot(snapshots + "/latest.json");
        const auto *p = snap.find<ColorizationPreview>();
        QVERIFY(p);
        QVERIFY(!p->prediction.empty());
        QCOMPARE(p->gray.count, p->truth.count);
        QVERIFY(!QDir(QString::fromStdString(snapshots)).entryList({"*-colorization.png"}).isEmpty());
    }

    void resumeContinuesExactly()
    {
        QTemporaryDir tmp;
        const auto r = wholeAndResumed(colourRunConfig(), tmp.path().toStdString(), 4);
        QCOMPARE(r.resumedFrom, int64_t(4));
        QCOMPARE(r.whole.size(), size_t(6));
        QCOMPARE(r.resumed, r.whole);
    }
};

QTEST_GUILESS_MAIN(TestMethodsColorization)
#include "tst_methods_colorization.moc"
