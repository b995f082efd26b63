// The training controller as the window uses it: the engine on its own thread, steered by pause, single step,
// resume and stop, reporting through queued signals; closing mid-run leaves a checkpoint.
#include "tests/support.h"
#include "ui/mainwindow.h"
#include "ui/trainingcontroller.h"

#include "engine/core/faults.h"
#include "engine/io/runfolder.h"

#include "widgets/lossplot.h"
#include "widgets/probeplot.h"
#include "widgets/similarityheatmap.h"

#include <QtTest>

using namespace pretext;
using State = ui::TrainingController::State;

namespace {

engine::RunConfig tinyConfig(int epochs = 2, int steps = 3)
{
    engine::RunConfig c = pretext::tests::tinyRunConfig();
    c.epochs = epochs;
    c.stepsPerEpoch = steps;
    c.previewsPerSecond = 50;
    return c;
}

} // namespace

class TestController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("PretextTests"));
        QSettings().clear();
        qputenv("PRETEXT_NO_DIALOGS", "1");
    }

    void classroomDemoMatchesItsSampleFile()
    {
        // The window's ready-to-start demo and samples/classroom-fashion-mnist.json describe the same run.
        const auto sample = engine::loadRunConfig(PRETEXT_TEST_DATA "/../../samples/classroom-fashion-mnist.json");
        QCOMPARE(QString::fromStdString(engine::json::dump(engine::toJson(ui::MainWindow::classroomDemoConfig()), 2)),
                 QString::fromStdString(engine::json::dump(engine::toJson(sample), 2)));
    }

    void runsToTheEnd()
    {
        QTemporaryDir tmp;
        ui::TrainingController controller;
        QSignalSpy steps(&controller, &ui::TrainingController::stepFinished);
        QSignalSpy evals(&controller, &ui::TrainingController::evaluated);
        QSignalSpy previews(&controller, &ui::TrainingController::previewReady);
        QSignalSpy finished(&controller, &ui::TrainingController::finished);
        controller.start(tinyConfig(), tmp.path() + "/run");
        QVERIFY(controller.isActive());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(finished.first().first().toString(), QStringLiteral("finished"));
        QCOMPARE(steps.count(), 6);
        QCOMPARE(evals.count(), 3);
        QVERIFY(previews.count() >= 1);
        const auto snap = previews.last().first().value<engine::PreviewSnapshot>();
        const auto *pairs = snap.find<engine::PairsPreview>();
        QVERIFY(pairs);
        QCOMPARE(pairs->similarity.rows, 16); // 2N with N = 8 preview samples
        QVERIFY(!pairs->view1.empty());
        // SimCLR declares pairs only: no rotation or jigsaw previews are made for it.
        QVERIFY(!snap.find<engine::RotationPreview>());
        QVERIFY(!snap.find<engine::JigsawPreview>());
        QTRY_COMPARE(controller.state(), State::Idle);
    }

    void livePreviewsShowTheSameFixedBatch()
    {
        // The similarity matrix can only visibly sharpen if every preview shows the same images with the same
        // augmentations: the first preview is the untrained network at step 0, later ones differ only in the
        // network.
        QTemporaryDir tmp;
        ui::TrainingController controller;
        QSignalSpy previews(&controller, &ui::TrainingController::previewReady);
        QSignalSpy finished(&controller, &ui::TrainingController::finished);
        engine::RunConfig c = tinyConfig(2, 4);
        c.evalEachEpoch = false;
        c.lr = 0.01;
        controller.start(c, tmp.path() + "/run");
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QVERIFY(previews.count() >= 3);
        const auto first = previews.first().first().value<engine::PreviewSnapshot>();
        const auto last = previews.last().first().value<engine::PreviewSnapshot>();
        QCOMPARE(first.step, int64_t(0));
        QVERIFY(last.step > 0);
        QVERIFY(!first.originals.empty());
        for (int i = 1; i < previews.count(); ++i) {
            const auto snap = previews.at(i).first().value<engine::PreviewSnapshot>();
            QVERIFY(snap.originals.pixels == first.originals.pixels);
            const auto *p = snap.find<engine::PairsPreview>();
            QVERIFY(p);
            QVERIFY(p->view1.pixels == first.find<engine::PairsPreview>()->view1.pixels);
            QVERIFY(p->view2.pixels == first.find<engine::PairsPreview>()->view2.pixels);
        }
        // What changed is the network: the matrices of step 0 and of the last preview differ.
        QVERIFY(last.find<engine::PairsPreview>()->similarity.values != first.find<engine::PairsPreview>()->similarity.values);
    }

    void pauseStepResumeStop()
    {
        QTemporaryDir tmp;
        ui::TrainingController controller;
        QSignalSpy steps(&controller, &ui::TrainingController::stepFinished);
        QSignalSpy finished(&controller, &ui::TrainingController::finished);
        engine::RunConfig c = tinyConfig(50, 3);
        c.evalEachEpoch = false;
        controller.start(c, tmp.path() + "/run");
        controller.pause(); // before the first step: nothing runs
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Paused, 30000);
        QTest::qWait(300);
        QCOMPARE(steps.count(), 0);

        controller.singleStep();
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 1, 10000);
        QTest::qWait(300);
        QCOMPARE(steps.count(), 1); // exactly one
        QCOMPARE(steps.first().first().value<engine::StepMetrics>().step, int64_t(1));

        controller.singleStep();
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 2, 10000);

        controller.resume();
        QCOMPARE(controller.state(), State::Running);
        QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 5, 20000);
        controller.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QCOMPARE(finished.first().first().toString(), QStringLiteral("stopped"));
        QVERIFY(QFile::exists(tmp.path() + "/run/checkpoints/latest.pt"));
        QTRY_COMPARE(controller.state(), State::Idle);
    }

    void badDatasetFailsWithTheLoadersMessage()
    {
        QTemporaryDir tmp;
        ui::TrainingController controller;
        QSignalSpy failed(&controller, &ui::TrainingController::failed);
        engine::RunConfig c = tinyConfig();
        c.dataset = "cifar10:/nonexistent/cifar";
        controller.start(c, tmp.path() + "/run");
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QVERIFY2(failed.first().first().toString().contains("/nonexistent/cifar"), qPrintable(failed.first().first().toString()));
        QTRY_COMPARE(controller.state(), State::Idle);
    }

    // A full disk mid-run: the window is told in one sentence (no crash), the controller is idle again, and the
    // run can be resumed from the checkpoint that was intact.
    void fullDiskFailsWithAMessage()
    {
        QTemporaryDir tmp;
        ui::TrainingController controller;
        QSignalSpy failed(&controller, &ui::TrainingController::failed);
        engine::faults::inject(engine::faults::parseFault("enospc:latest.pt:1"));
        controller.start(tinyConfig(), tmp.path() + "/run");
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
        engine::faults::clear();
        const QString error = failed.first().first().toString();
        QVERIFY2(error.startsWith("disk full: could not write " + tmp.path() + "/run/checkpoints/latest.pt"), qPrintable(error));
        QVERIFY2(error.contains("the checkpoint of step 0"), qPrintable(error));
        QTRY_COMPARE(controller.state(), State::Idle);
        QVERIFY(QFile::exists(tmp.path() + "/run/checkpoints/latest.pt"));
    }

    void closingTheWindowLeavesACheckpoint()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/run";
        {
            ui::MainWindow window;
            engine::RunConfig c = tinyConfig(100, 3);
            c.evalEachEpoch = false;
            window.setPendingConfig(c);
            window.setNextRunDir(dir);
            window.show();
            window.startRun();
            QSignalSpy steps(window.controller(), &ui::TrainingController::stepFinished);
            QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 2, 30000);
            // Panels received live data.
            QTRY_VERIFY(window.lossPlot()->pointCount() >= 1);
            QTRY_VERIFY(window.heatmap()->size() > 0);
            QVERIFY(window.statusText().contains("pairs/s"));
            window.close();
            QVERIFY(!window.controller()->isActive());
        }
        QVERIFY(QFile::exists(dir + "/checkpoints/latest.pt"));

        // Opening the folder brings the curves back and offers Resume.
        ui::MainWindow again;
        QVERIFY(again.openRun(dir));
        QVERIFY(again.lossPlot()->pointCount() >= 2);
        QVERIFY(again.heatmap()->size() > 0);
        QSignalSpy started(again.controller(), &ui::TrainingController::started);
        again.resumeOpenedRun();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 30000);
        QVERIFY(started.first().first().value<engine::RunInfo>().startStep >= 2);
        again.controller()->stopAndWait();
    }
};

QTEST_MAIN(TestController)
#include "tst_controller.moc"
