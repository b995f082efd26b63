// The window in front of a class: it fits a 1280×720 screen and a 1024×768 projector, at first start and in
// presentation mode; live edits of lr and τ leave labelled markers on the loss and probe plots; Enter in a live
// editor hands the keys back to the run; every shortcut is on the Help → Shortcuts sheet and in its tooltip.
#include "tests/support.h"
#include "ui/experimentsummary.h"
#include "ui/inspectpanel.h"
#include "ui/mainwindow.h"

#include "engine/methods/catalog.h"
#include "engine/train/experiment.h"

#include "widgets/augmentationview.h"
#include "widgets/lossplot.h"
#include "widgets/probeplot.h"
#include "widgets/similarityheatmap.h"

#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QScreen>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

#include <cstdio>

using namespace pretext;
using State = ui::TrainingController::State;

namespace {

engine::RunConfig tinyConfig(int epochs, int steps)
{
    engine::RunConfig c = pretext::tests::tinyRunConfig();
    c.epochs = epochs;
    c.stepsPerEpoch = steps;
    c.evalEachEpoch = false;
    c.previewsPerSecond = 50;
    return c;
}

// Everything the class must see lies inside the screen's available area.
void verifyInside(const ui::MainWindow &window, const QRect &avail, const char *what)
{
    const QRect frame = window.frameGeometry();
    QVERIFY2(avail.contains(frame), qPrintable(QStringLiteral("%1: window %2,%3 %4×%5 outside %6×%7")
                                                   .arg(QLatin1String(what))
                                                   .arg(frame.x()).arg(frame.y()).arg(frame.width()).arg(frame.height())
                                                   .arg(avail.width()).arg(avail.height())));
    for (QWidget *w : { static_cast<QWidget *>(window.statusBar()), static_cast<QWidget *>(window.probePlot()),
                        static_cast<QWidget *>(window.lossPlot()), static_cast<QWidget *>(window.heatmap()) }) {
        if (!w->isVisible()) continue;
        const QRect r(w->mapToGlobal(QPoint(0, 0)), w->size());
        QVERIFY2(avail.contains(r), qPrintable(QStringLiteral("%1: %2 at %3,%4 %5×%6 outside the screen")
                                                   .arg(QLatin1String(what), w->metaObject()->className())
                                                   .arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())));
        if (w == window.statusBar()) continue; // one line high by design
        QVERIFY2(w->width() >= 120 && w->height() >= 60, qPrintable(QStringLiteral("%1: %2 squeezed to %3×%4")
                                                                        .arg(QLatin1String(what), w->metaObject()->className())
                                                                        .arg(w->width()).arg(w->height())));
    }
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("PretextTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
        qputenv("PRETEXT_NO_DIALOGS", "1");
        QVERIFY2(QGuiApplication::screens().size() >= 2, "the offscreen configuration with two screens was not read");
    }

    void cleanup() { QSettings().clear(); }

    void windowFitsSmallScreens_data()
    {
        QTest::addColumn<int>("screenIndex");
        QTest::addColumn<bool>("presentation");
        QTest::newRow("1280x720") << 0 << false;
        QTest::newRow("1280x720 presentation") << 0 << true;
        QTest::newRow("1024x768") << 1 << false;
        QTest::newRow("1024x768 presentation") << 1 << true;
    }

    void windowFitsSmallScreens()
    {
        QFETCH(int, screenIndex);
        QFETCH(bool, presentation);
        QScreen *screen = QGuiApplication::screens().at(screenIndex);
        const QRect avail = screen->availableGeometry();
        ui::MainWindow window;
        window.setScreen(screen);
        window.move(avail.topLeft());
        window.fitToScreen(screen);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.screen(), screen);
        verifyInside(window, avail, "first start");
        if (presentation) {
            window.setPresentationMode(true);
            QTest::qWait(50); // the refit runs once the larger fonts are laid out
            QCoreApplication::processEvents();
            verifyInside(window, avail, "presentation mode");
            window.setPresentationMode(false);
        }
        // The layout's default size is larger than both screens: it was shrunk, not kept at 1500×940.
        QVERIFY(window.width() < 1500);
    }

    // An experiment from the window: its runs one after the other, shown live like a single run, the summary
    // window filled with the finished runs, and the inspection panel fed by each run's evaluations.
    void experimentRunsInTheWindowWithItsSummary()
    {
        QTemporaryDir tmp;
        engine::ExperimentOptions o;
        o.temperatures = {0.2, 0.5};
        engine::ExperimentSpec spec = pretext::tests::tinyExperiment("temperature", o);
        for (auto &r : spec.runs) r.config.previewsPerSecond = 50;
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QStringList started;
        connect(window.controller(), &ui::TrainingController::started, this,
                [&](const engine::RunInfo &info) { started << QString::fromStdString(info.runDir); });
        int features = 0;
        connect(window.controller(), &ui::TrainingController::inspected, this,
                [&](const engine::FeatureSet &f, const engine::ProbeReport &) { features += f.size() > 0; });
        const QString dir = tmp.path() + "/sweep";
        window.startExperiment(spec, dir);
        QVERIFY(window.experimentSummary() && window.experimentSummary()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(window.controller()->state() == State::Idle && started.size() == 2, 120000);
        QVERIFY(started[0].endsWith("tau-0.200") && started[1].endsWith("tau-0.500"));
        QCOMPARE(features, 4); // random-init and trained evaluation of each run
        QTRY_COMPARE(window.experimentSummary()->table()->rowCount(), 2);
        const auto rows = engine::experimentRows(spec, dir.toStdString());
        QCOMPARE(rows[0].state, std::string("finished"));
        QCOMPARE(rows[1].state, std::string("finished"));
        QVERIFY2(window.activityShown().contains("Experiment finished"), qPrintable(window.activityShown()));
        QVERIFY(QFile::exists(dir + "/summary.md"));

        // A finished run opened afterwards: the inspection panel reads its checkpoint once it is shown.
        QVERIFY(window.openRun(dir + "/tau-0.500"));
        window.inspectPanel()->clear();
        window.inspectRunFolder(dir + "/tau-0.500");
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("inspectDock"));
        QVERIFY(dock);
        dock->show();
        dock->raise();
        QTRY_VERIFY_WITH_TIMEOUT(window.inspectPanel()->hasMap(false), 60000);
    }

    void evaluationFiguresSurviveANarrowStatusBar()
    {
        // A 1024×768 projector in presentation mode: the run's figures take most of the status bar and the
        // message beside them is cut; the probe and kNN figures are what must stay.
        QScreen *screen = QGuiApplication::screens().at(1);
        ui::MainWindow window;
        window.setScreen(screen);
        window.move(screen->availableGeometry().topLeft());
        window.fitToScreen(screen);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setPresentationMode(true);
        engine::RunInfo info;
        info.config = ui::MainWindow::classroomDemoConfig();
        info.runDir = "/tmp/pretext-shots.0r5Lib/run-1024x768-presentation";
        info.device = "CPU";
        info.threads = 2;
        info.precision = "bf16";
        info.totalSteps = 390;
        Q_EMIT window.controller()->started(info);
        engine::StepMetrics m;
        m.step = 39;
        m.totalSteps = 390;
        m.pairsPerSecond = 393;
        m.etaSeconds = 229;
        Q_EMIT window.controller()->stepFinished(m);
        engine::EvalMetrics e;
        e.step = 39;
        e.epoch = 1;
        e.probeAcc = 0.698;
        e.knnAcc = 0.674;
        Q_EMIT window.controller()->evaluated(e);
        QTest::qWait(100);
        QCoreApplication::processEvents();
        const QString shown = window.activityShown();
        QVERIFY2(shown.contains(QChar(0x2026)), qPrintable(shown)); // it was cut
        QVERIFY2(shown.contains(QStringLiteral("69.8%")) && shown.contains(QStringLiteral("67.4%")), qPrintable(shown));
        window.setPresentationMode(false);
    }

    void editMarkersAppearAfterALiveEdit()
    {
        QTemporaryDir tmp;
        ui::MainWindow window;
        window.setPendingConfig(tinyConfig(100, 3));
        window.setNextRunDir(tmp.path() + QStringLiteral("/run"));
        window.show();
        QSignalSpy steps(window.controller(), &ui::TrainingController::stepFinished);
        window.startRun();
        window.controller()->pause();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), State::Paused, 30000);
        window.controller()->singleStep();
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 1, 20000);
        QTRY_COMPARE(window.lossPlot()->pointCount(), 1);
        QCOMPARE(window.lossPlot()->editMarkerCount(), 0);

        // The teacher types a new τ and a new lr; the next step applies them.
        auto *tau = window.findChild<QDoubleSpinBox *>(QStringLiteral("liveTemperature"));
        auto *lr = window.findChild<QDoubleSpinBox *>(QStringLiteral("liveLr"));
        QVERIFY(tau && lr);
        tau->setValue(0.3);
        lr->setValue(0.001);
        window.controller()->singleStep();
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 2, 20000);
        QTRY_COMPARE(window.lossPlot()->pointCount(), 2);
        QTRY_COMPARE(window.lossPlot()->editMarkerCount(), 2);
        QStringList labels { window.lossPlot()->editMarkerLabel(0), window.lossPlot()->editMarkerLabel(1) };
        labels.sort();
        // "lr <old> → 0.001" and "τ <old> → 0.3", the old values being the method's recipe.
        QVERIFY2(labels.at(0).startsWith(QStringLiteral("lr ")) && labels.at(0).endsWith(QStringLiteral(" → 0.001")),
                 qPrintable(labels.join(" | ")));
        QVERIFY2(labels.at(1).startsWith(QStringLiteral("τ ")) && labels.at(1).endsWith(QStringLiteral(" → 0.3")),
                 qPrintable(labels.join(" | ")));
        QCOMPARE(window.probePlot()->editMarkerCount(), 2);
        // A step without an edit adds none.
        window.controller()->singleStep();
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 3, 20000);
        QTRY_COMPARE(window.lossPlot()->pointCount(), 3);
        QCOMPARE(window.lossPlot()->editMarkerCount(), 2);

        // Stopping leaves no stale "Stopping…" and no ETA behind.
        QSignalSpy finished(window.controller(), &ui::TrainingController::finished);
        window.controller()->stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QTRY_COMPARE(window.controller()->state(), State::Idle);
        QVERIFY2(!window.statusText().contains(QStringLiteral("ETA")), qPrintable(window.statusText()));
        QVERIFY(window.statusText().contains(QStringLiteral("stopped")));

        // Reopened, the folder's metrics bring the same markers back.
        ui::MainWindow again;
        QVERIFY(again.openRun(tmp.path() + QStringLiteral("/run")));
        QCOMPARE(again.lossPlot()->editMarkerCount(), 2);
        QVERIFY(again.windowTitle().endsWith(QStringLiteral("run")));
    }

    void enterInALiveEditorReturnsTheKeys()
    {
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        auto *lr = window.findChild<QDoubleSpinBox *>(QStringLiteral("liveLr"));
        lr->setFocus();
        QTRY_VERIFY(lr->hasFocus());
        lr->selectAll();
        QTest::keyClicks(lr, QStringLiteral("0.002"));
        QTest::keyClick(lr, Qt::Key_Return);
        QTRY_VERIFY(!lr->hasFocus());
        QVERIFY(std::abs(window.pendingConfig().lr - 0.002) < 1e-12);
    }

    void everyShortcutIsListedAndInItsTooltip()
    {
        ui::MainWindow window;
        const QStringList sheet = window.shortcutList();
        for (const QString &wanted : { QStringLiteral("Start\tF5"), QStringLiteral("Pause\tSpace"),
                                       QStringLiteral("Step\tN"), QStringLiteral("Slow motion\tM"),
                                       QStringLiteral("Keyboard shortcuts\tF1"), QStringLiteral("Export panel\tCtrl+E"),
                                       QStringLiteral("New augmentations\tA") })
            QVERIFY2(sheet.contains(wanted), qPrintable(wanted + QStringLiteral(" missing from: ") + sheet.join(" | ")));
        for (QAction *a : window.findChildren<QAction *>()) {
            if (a->shortcut().isEmpty() || a->text().isEmpty()) continue;
            QVERIFY2(a->toolTip().contains(a->shortcut().toString(QKeySequence::NativeText)), qPrintable(a->toolTip()));
        }
    }

    void newViewsKeySaysNewMasksForMaskedModeling()
    {
        // A masked-modelling method has no augmented pairs: the A key draws a new mask, and says so.
        const engine::MethodInfo *masking = nullptr;
        for (const engine::MethodInfo &m : engine::methodCatalog()) {
            const auto has = [&](engine::PreviewKind k) {
                return std::find(m.previews.begin(), m.previews.end(), k) != m.previews.end();
            };
            if (has(engine::PreviewKind::Mask) && !has(engine::PreviewKind::Pairs)) masking = &m;
        }
        if (!masking) QSKIP("no masked-modelling method registered");
        ui::MainWindow window;
        auto *button = window.findChild<QToolButton *>(QStringLiteral("newViewsButton"));
        QVERIFY(button);
        window.setPendingConfig(engine::defaultRunConfig(masking->name));
        QCOMPARE(button->defaultAction()->text().remove(QLatin1Char('&')), QStringLiteral("New masks"));
        QVERIFY2(button->toolTip().startsWith(QStringLiteral("Draw a new mask on the same preview images"))
                     && button->toolTip().contains(QStringLiteral("(A)")),
                 qPrintable(button->toolTip()));
        QVERIFY(window.shortcutList().contains(QStringLiteral("New masks\tA")));
        window.setPendingConfig(engine::defaultRunConfig("simclr"));
        QCOMPARE(button->defaultAction()->text().remove(QLatin1Char('&')), QStringLiteral("New augmentations"));
        QVERIFY2(button->toolTip().contains(QStringLiteral("augmentations")), qPrintable(button->toolTip()));
    }

    void newAugmentationsKeyRedrawsTheViewsAndTheirStep0Matrix()
    {
        QTemporaryDir tmp;
        ui::MainWindow window;
        window.setPendingConfig(tinyConfig(100, 3));
        window.setNextRunDir(tmp.path() + QStringLiteral("/run"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QSignalSpy steps(window.controller(), &ui::TrainingController::stepFinished);
        window.startRun();
        window.controller()->pause();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), State::Paused, 30000);
        // The untrained network's preview arrives before the first step.
        QTRY_VERIFY_WITH_TIMEOUT(window.heatmap()->size() > 0 && window.augmentationView()->sampleCount() > 0, 20000);
        const QString views = window.augmentationView()->describe(0);
        const engine::Matrix step0 = window.heatmap()->referenceSimilarity();
        QCOMPARE(step0.values, window.heatmap()->liveSimilarity().values);

        // A: new augmentations of the same images, at once, while paused.
        auto *button = window.findChild<QToolButton *>(QStringLiteral("newViewsButton"));
        QVERIFY(button && button->isVisible() && button->isEnabled());
        QVERIFY2(button->toolTip().contains(QStringLiteral("(A)")), qPrintable(button->toolTip()));
        QTest::keyClick(&window, Qt::Key_A);
        QTRY_VERIFY_WITH_TIMEOUT(window.augmentationView()->describe(0) != views, 20000);
        QCOMPARE(steps.count(), 0);
        // The step-0 matrix is that of the new views: still untrained, it is the live one, and not the old one.
        QTRY_VERIFY(window.heatmap()->referenceSimilarity().values != step0.values);
        QCOMPARE(window.heatmap()->referenceSimilarity().values, window.heatmap()->liveSimilarity().values);
        window.controller()->stopAndWait();
    }

    void slowMotionStepsOnItsOwn()
    {
        QTemporaryDir tmp;
        ui::MainWindow window;
        window.setPendingConfig(tinyConfig(100, 3));
        window.setNextRunDir(tmp.path() + QStringLiteral("/run"));
        QSignalSpy steps(window.controller(), &ui::TrainingController::stepFinished);
        window.setSlowMotionSeconds(1);
        window.startRun();
        window.setSlowMotion(true);
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), State::Paused, 30000);
        const int before = steps.count();
        QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= before + 2, 10000);
        // One step per tick: not running freely in between.
        QTest::qWait(300);
        QVERIFY(steps.count() <= before + 3);
        window.setSlowMotion(false);
        QVERIFY(!window.slowMotion());
        window.controller()->stopAndWait();
    }
};

int main(int argc, char **argv)
{
    // Two small offscreen screens side by side: a 1280×720 laptop and a 1024×768 projector.
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("screens.json"));
    QFile f(config);
    if (!f.open(QIODevice::WriteOnly)) return 1;
    f.write(R"({"screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 720, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "projector", "x": 1280, "y": 0, "width": 1024, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    ]})");
    f.close();
    qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + config.toLocal8Bit());
    QApplication app(argc, argv);
    ui::registerMetaTypes();
    TestMainWindow test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mainwindow.moc"
