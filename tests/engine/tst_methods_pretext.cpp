// The pretext tasks as a user relies on them: rotation shows each image turned by the quarter turns its label says,
// in both of its modes, and crops and flips it first by default; jigsaw's tile mode gives its head one encoder
// feature vector per tile, in shuffled order; both tasks are learned in a tiny run (the loss falls well below
// chance) and resume exactly.
#include "tests/support.h"
#include "tests/engine/methodtests.h"
#include "engine/augment/geometric.h"
#include "engine/io/runfolder.h"
#include "engine/methods/jigsaw.h"
#include "engine/methods/rotation.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>

using namespace pretext::engine;
using namespace pretext::tests;

namespace {

// The configuration of one mode of a pretext method: rotation's all_rotations, jigsaw's jigsaw_tiles.
RunConfig modeConfig(const QString &method, bool mode)
{
    RunConfig c = pretext::tests::tinyRunConfig(method.toStdString());
    c.seed = 5;
    c.checkpointEvery = 2;
    setSettingValue(c, method == "rotation" ? "all_rotations" : "jigsaw_tiles", json::Value(mode));
    if (method == "jigsaw") {
        setSettingValue(c, "jigsaw_grid", json::Value(2));
        setSettingValue(c, "jigsaw_permutations", json::Value(8));
    }
    return c;
}

} // namespace

class TestMethodsPretext : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void rotationPreviewShowsTheTurnItsLabelSays_data()
    {
        QTest::addColumn<bool>("allFour");
        QTest::newRow("one random turn per image") << false;
        QTest::newRow("all four turns") << true;
    }
    void rotationPreviewShowsTheTurnItsLabelSays()
    {
        QFETCH(bool, allFour);
        RunConfig c = defaultRunConfig("rotation");
        setSettingValue(c, "all_rotations", json::Value(allFour));
        setSettingValue(c, "rotation_augment", json::Value(false)); // plain turns, comparable pixel for pixel
        torch::manual_seed(3);
        RotationMethod m(c, grayContext());
        Rng rng(9);
        const auto images = randomImages(16);
        const auto out = m.step(images, rng, true);
        const auto upright = m.evalInput(images);
        QCOMPARE(out.features.size(0), int64_t(16)); // the online probe reads one feature row per image
        std::vector<int> counts(4, 0);
        for (int64_t i = 0; i < out.view1.size(0); ++i) {
            const int64_t k = out.taskLabels[i].item<int64_t>();
            QVERIFY(k >= 0 && k < 4);
            ++counts[static_cast<size_t>(k)];
            // Preview row i is image (i mod 16) turned by its label's quarter turns.
            QVERIFY(torch::allclose(out.view1[i], rotate90(upright.narrow(0, i % 16, 1), k)[0]));
        }
        if (allFour) {
            for (int k = 0; k < 4; ++k) QCOMPARE(counts[k], 4);
        } else {
            QCOMPARE(out.view1.size(0), int64_t(16));
            QVERIFY(*std::max_element(counts.begin(), counts.end()) < 16); // turns are drawn per image
        }

        // With augmentation on (the default), the turned views are crops and flips of the images, not the plain
        // images: the task cannot be read off where the pixels sit.
        setSettingValue(c, "rotation_augment", json::Value(true));
        torch::manual_seed(3);
        RotationMethod augmented(c, grayContext());
        Rng again(9);
        const auto aug = augmented.step(images, again, true);
        int plain = 0;
        for (int64_t i = 0; i < aug.view1.size(0); ++i)
            plain += torch::allclose(aug.view1[i], rotate90(upright.narrow(0, i % 16, 1), aug.taskLabels[i].item<int64_t>())[0]);
        QVERIFY2(plain < aug.view1.size(0) / 2, qPrintable(QString("%1 plain turns").arg(plain)));
    }

    void jigsawTileModeReadsEveryTileInOrder()
    {
        // Tile mode: the head sees one encoder feature vector per tile, concatenated in the shuffled order;
        // whole-image mode: one feature vector of the shuffled picture.
        for (bool tiles : {true, false}) {
            RunConfig c = defaultRunConfig("jigsaw");
            setSettingValue(c, "jigsaw_grid", json::Value(2));
            setSettingValue(c, "jigsaw_permutations", json::Value(24));
            setSettingValue(c, "jigsaw_tiles", json::Value(tiles));
            torch::manual_seed(3);
            JigsawMethod m(c, grayContext());
            const int64_t d = m.encoder()->featureDim();
            std::map<std::string, std::vector<int64_t>> shapes;
            for (const auto &p : m.named_parameters()) shapes[p.key()] = p.value().sizes().vec();
            if (tiles) {
                QCOMPARE(shapes.at("jigsaw_tile_head.0.weight"), (std::vector<int64_t>{512, 4 * d}));
                QCOMPARE(shapes.at("jigsaw_tile_head.2.weight"), (std::vector<int64_t>{24, 512}));
                QVERIFY(!shapes.count("jigsaw_head.weight"));
            } else {
                QCOMPARE(shapes.at("jigsaw_head.weight"), (std::vector<int64_t>{24, d}));
            }
            Rng rng(2);
            const auto images = randomImages(8);
            const auto out = m.step(images, rng, true);
            QVERIFY(std::isfinite(out.loss.item<double>()));
            QCOMPARE(out.features.size(0), int64_t(8));
            QCOMPARE(out.view1.sizes().vec(), (std::vector<int64_t>{8, 1, 28, 28})); // the shuffled picture, shown
        }
    }

    void tinyRunLearnsItsTask_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<bool>("mode");
        QTest::addColumn<double>("chance"); // cross-entropy of a uniform guess: log(classes)
        QTest::newRow("rotation, one turn per image") << "rotation" << false << std::log(4.0);
        QTest::newRow("rotation, all four turns") << "rotation" << true << std::log(4.0);
        QTest::newRow("jigsaw, tiles") << "jigsaw" << true << std::log(8.0);
        QTest::newRow("jigsaw, whole picture") << "jigsaw" << false << std::log(8.0);
    }
    void tinyRunLearnsItsTask()
    {
        QFETCH(QString, method);
        QFETCH(bool, mode);
        QFETCH(double, chance);
        QTemporaryDir tmp;
        RunConfig c = modeConfig(method, mode);
        // Fashion-MNIST (installed by the setup): clothes have an upright pose and distinct parts, which the
        // generated shapes (circles, squares, stars) often lack.
        c.dataset = "fashion-mnist";
        c.trainLimit = 640;
        c.testLimit = 64;
        c.batchSize = 32;
        c.stepsPerEpoch = 20;
        c.epochs = 3;
        c.lr = 2e-3;
        c.evalEachEpoch = false;
        c.checkpointEvery = 100;
        Trainer t(c, (tmp.path() + "/run").toStdString());
        QCOMPARE(t.run(), TrainOutcome::Finished);
        const auto losses = lossesOf(t.info().runDir);
        QCOMPARE(losses.size(), size_t(60));
        const double early = mean(losses, 0, 3), late = mean(losses, 50, 60);
        const QString figures = QString("loss %1 -> %2, chance %3").arg(early).arg(late).arg(chance);
        QVERIFY2(std::abs(early - chance) < 0.35 * chance, qPrintable(figures)); // starts near a guess
        QVERIFY2(late < 0.85 * chance, qPrintable(figures));                      // ends well below it
    }

    void resumeContinuesExactly_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<bool>("mode");
        QTest::newRow("rotation, one turn per image") << "rotation" << false;
        QTest::newRow("jigsaw, tiles") << "jigsaw" << true;
    }
    void resumeContinuesExactly()
    {
        QFETCH(QString, method);
        QFETCH(bool, mode);
        QTemporaryDir tmp;
        const RunConfig c = modeConfig(method, mode);
        const auto r = wholeAndResumed(c, tmp.path().toStdString(), 4);
        QCOMPARE(r.resumedFrom, int64_t(4));
        QCOMPARE(r.whole.size(), size_t(6));
        QCOMPARE(r.resumed, r.whole);
    }
};

QTEST_GUILESS_MAIN(TestMethodsPretext)
#include "tst_methods_pretext.moc"
