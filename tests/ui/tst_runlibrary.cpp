// The run library and the comparison: one row per run (damaged ones marked, with their error), sorting by probe,
// the filter, an empty folder's hint, opening and comparing from the keyboard; the comparison's curves hold every
// logged point on both x axes and its legend names each run by the settings that differ; File → Run library….
#include "tests/support.h"
#include "ui/mainwindow.h"
#include "ui/runcompare.h"
#include "ui/runlibrary.h"

#include "engine/io/json.h"
#include "engine/io/runfolder.h"
#include "engine/train/runconfig.h"

#include <QAction>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "widgets/qcustomplotinclude.h"

using namespace pretext;
using namespace pretext::ui;

namespace {

void writeText(const std::string &path, const std::string &text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// A finished run as the trainer leaves it: `steps` step lines (elapsed_s = 2 s a step), an evaluation after every
// third step ending at `probe`, the random-init baseline, and state.json.
void writeRun(const std::string &dir, engine::RunConfig config, int steps, double probe)
{
    config.epochs = steps / 3;
    config.stepsPerEpoch = 3;
    engine::makeDirs(dir);
    writeText(engine::joinPath(dir, engine::runfolder::kConfig), engine::json::dump(engine::toJson(config), 2));
    std::string metrics;
    for (int step = 1; step <= steps; ++step) {
        engine::json::Value line;
        line["step"] = step;
        line["epoch"] = (step - 1) / 3;
        line["loss"] = 4.0 / step;
        line["lr"] = config.lr;
        line["pairs_per_s"] = 100.0;
        line["elapsed_s"] = 2.0 * step;
        line["online_probe_acc"] = 0.1;
        metrics += engine::json::dump(line) + "\n";
        if (step % 3 == 0) {
            if (step == 3) metrics += R"({"step":0,"epoch":0,"probe_acc":0.2,"knn_acc":0.15,"random_init":true})" "\n";
            const double acc = probe - 0.01 * (steps - step);
            metrics += engine::json::dump(engine::json::Value(engine::json::Value::Object{
                           { "step", step }, { "epoch", step / 3 }, { "probe_acc", acc }, { "knn_acc", acc - 0.05 } }))
                       + "\n";
        }
    }
    writeText(engine::joinPath(dir, engine::runfolder::kMetrics), metrics);
    writeText(engine::joinPath(dir, engine::runfolder::kState),
              R"({"state": "finished", "step": )" + std::to_string(steps) + R"(, "total_steps": )" + std::to_string(steps)
                  + R"(, "elapsed_s": )" + std::to_string(2 * steps) + R"(, "started": "2026-12-06T14:40:00Z"})");
}

engine::RunConfig withTemperature(double t)
{
    engine::RunConfig c = tests::tinyRunConfig("simclr");
    engine::setSettingValue(c, "temperature", t);
    return c;
}

// Four folders: two SimCLR runs of a temperature sweep (6 and 9 steps), a BYOL run and a damaged folder.
void writeLibrary(const QString &root)
{
    const std::string r = root.toStdString();
    writeRun(r + "/sweep/tau-0.2", withTemperature(0.2), 6, 0.60);
    writeRun(r + "/sweep/tau-0.5", withTemperature(0.5), 9, 0.70);
    writeRun(r + "/byol-run", tests::tinyRunConfig("byol"), 6, 0.50);
    engine::makeDirs(r + "/broken");
    writeText(r + "/broken/config.json", "{ not json");
}

int rowOf(const RunLibrary &library, const QString &folderName)
{
    for (int row = 0; row < library.proxy()->rowCount(); ++row)
        if (library.proxy()->index(row, RunLibraryModel::Folder).data().toString() == folderName) return row;
    return -1;
}

} // namespace

class TestRunLibrary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("PretextTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_runlibrary"));
        QSettings().clear();
    }
    void cleanup() { QSettings().clear(); }

    void rowsOnePerRunDamagedMarked()
    {
        QTemporaryDir tmp;
        writeLibrary(tmp.path());
        RunLibrary library;
        library.setFolder(tmp.path());
        QCOMPARE(library.model()->rowCount(), 4);
        QVERIFY(library.emptyText().isEmpty());
        const int broken = rowOf(library, QStringLiteral("broken"));
        QVERIFY(broken >= 0);
        const QModelIndex state = library.proxy()->index(broken, RunLibraryModel::State);
        QCOMPARE(state.data().toString(), QStringLiteral("damaged"));
        QVERIFY(state.data(Qt::ToolTipRole).toString().contains(QStringLiteral("config.json")));
        QVERIFY(!library.proxy()->index(broken, RunLibraryModel::Method).data(Qt::DecorationRole).isNull());
        QVERIFY(library.proxy()->index(broken, RunLibraryModel::Method).data(Qt::ForegroundRole).isValid());
        const int good = rowOf(library, QStringLiteral("sweep/tau-0.5"));
        QCOMPARE(library.proxy()->index(good, RunLibraryModel::Probe).data().toString(), QStringLiteral("70.0 %"));
        QCOMPARE(library.proxy()->index(good, RunLibraryModel::State).data().toString(), QStringLiteral("finished"));
        QCOMPARE(library.proxy()->index(good, RunLibraryModel::Steps).data().toString(), QStringLiteral("9 / 9"));
        QVERIFY(library.proxy()->index(good, RunLibraryModel::Method).data(Qt::DecorationRole).isNull());
        QVERIFY(library.proxy()->index(good, RunLibraryModel::Probe).data(Qt::ToolTipRole).toString().contains(QStringLiteral("20.0 %")));
    }

    void sortsByProbe()
    {
        QTemporaryDir tmp;
        writeLibrary(tmp.path());
        RunLibrary library;
        library.setFolder(tmp.path());
        library.view()->sortByColumn(RunLibraryModel::Probe, Qt::DescendingOrder);
        QStringList order;
        for (int row = 0; row < library.proxy()->rowCount(); ++row)
            order << library.proxy()->index(row, RunLibraryModel::Folder).data().toString();
        // Best first; a damaged run has no accuracy and goes last.
        QCOMPARE(order, QStringList({ "sweep/tau-0.5", "sweep/tau-0.2", "byol-run", "broken" }));
        library.view()->sortByColumn(RunLibraryModel::Probe, Qt::AscendingOrder);
        QCOMPARE(library.proxy()->index(0, RunLibraryModel::Folder).data().toString(), QStringLiteral("broken"));
    }

    void filterMatchesMethodDatasetFolderState_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("rows");
        QTest::newRow("none") << QString() << 4;
        QTest::newRow("method") << QStringLiteral("BYOL") << 1;
        QTest::newRow("folder") << QStringLiteral("sweep") << 2;
        QTest::newRow("dataset") << QStringLiteral("shapes") << 3;
        QTest::newRow("state") << QStringLiteral("damaged") << 1;
        QTest::newRow("backbone") << QStringLiteral("convnet") << 3;
        QTest::newRow("nothing") << QStringLiteral("dino") << 0;
    }

    void filterMatchesMethodDatasetFolderState()
    {
        QFETCH(QString, text);
        QFETCH(int, rows);
        QTemporaryDir tmp;
        writeLibrary(tmp.path());
        RunLibrary library;
        library.setFolder(tmp.path());
        // Typed into the filter box, as a user does.
        auto *edit = library.findChild<QLineEdit *>(QStringLiteral("libraryFilter"));
        QVERIFY(edit);
        edit->setText(text);
        QCOMPARE(library.proxy()->rowCount(), rows);
        if (rows == 0) QVERIFY(library.emptyText().contains(text));
        else QVERIFY(library.emptyText().isEmpty());
    }

    void emptyFolderSaysHowToStart()
    {
        QTemporaryDir tmp;
        RunLibrary library;
        library.setFolder(tmp.path());
        QCOMPARE(library.model()->rowCount(), 0);
        QVERIFY(library.emptyText().contains(QStringLiteral("No runs under")));
        QVERIFY(library.emptyText().contains(QStringLiteral("Ctrl+N")));
        library.setFolder(tmp.path() + QStringLiteral("/missing"));
        QVERIFY(library.emptyText().contains(QStringLiteral("missing")));
    }

    void enterOpensAndCompareSendsTheSelection()
    {
        QTemporaryDir tmp;
        writeLibrary(tmp.path());
        RunLibrary library;
        library.setFolder(tmp.path());
        library.show();
        library.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&library));
        QSignalSpy opened(&library, &RunLibrary::openRun);
        QSignalSpy compared(&library, &RunLibrary::compareRuns);
        const int row = rowOf(library, QStringLiteral("byol-run"));
        library.view()->setFocus();
        library.view()->setCurrentIndex(library.proxy()->index(row, 0));
        QTest::keyClick(library.view(), Qt::Key_Return);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).toString(), tmp.path() + QStringLiteral("/byol-run"));

        auto *compare = library.findChild<QPushButton *>();
        for (QPushButton *b : library.findChildren<QPushButton *>())
            if (b->text().remove(QLatin1Char('&')) == QStringLiteral("Compare")) compare = b;
        QVERIFY(!compare->isEnabled()); // one run selected
        const QItemSelection both(library.proxy()->index(rowOf(library, QStringLiteral("sweep/tau-0.2")), 0),
                                  library.proxy()->index(rowOf(library, QStringLiteral("sweep/tau-0.2")), 0));
        library.view()->selectionModel()->select(both, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        library.view()->selectionModel()->select(library.proxy()->index(rowOf(library, QStringLiteral("sweep/tau-0.5")), 0),
                                                 QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QVERIFY(compare->isEnabled());
        QTest::keyClick(library.view(), Qt::Key_C, Qt::AltModifier);
        QTRY_COMPARE(compared.count(), 1); // a mnemonic animates the click first
        QStringList dirs = compared.at(0).at(0).toStringList();
        dirs.sort();
        QCOMPARE(dirs, QStringList({ tmp.path() + QStringLiteral("/sweep/tau-0.2"), tmp.path() + QStringLiteral("/sweep/tau-0.5") }));
        // A refresh keeps the selection, so that Compare can follow.
        library.refresh();
        QCOMPARE(library.selectedDirs().size(), 2);
    }

    void compareOverlaysTheCurves()
    {
        QTemporaryDir tmp;
        writeLibrary(tmp.path());
        RunCompare compare;
        compare.setRunDirs({ tmp.path() + QStringLiteral("/sweep/tau-0.2"), tmp.path() + QStringLiteral("/sweep/tau-0.5") });
        QCOMPARE(compare.runCount(), 2);
        // τ and the length (2 and 3 epochs) differ; the rest is the same.
        QCOMPARE(compare.labels(), QStringList({ QStringLiteral("simclr τ=0.2 epochs=2"), QStringLiteral("simclr τ=0.5 epochs=3") }));
        // Step axis: every logged step and evaluation.
        QCOMPARE(compare.lossGraph(0)->dataCount(), 6);
        QCOMPARE(compare.lossGraph(1)->dataCount(), 9);
        QCOMPARE(compare.probeGraph(0)->dataCount(), 2);
        QCOMPARE(compare.probeGraph(1)->dataCount(), 3);
        QCOMPARE(compare.knnGraph(1)->dataCount(), 3);
        QCOMPARE(compare.randomInitProbeGraph(0)->data()->at(0)->value, 20.0);
        QVERIFY(compare.randomInitProbeGraph(0)->pen().style() == Qt::DashLine);
        QCOMPARE(compare.probeGraph(1)->data()->at(2)->key, 9.0);
        QCOMPARE(compare.probeGraph(1)->data()->at(2)->value, 70.0);
        QVERIFY(compare.lossGraph(0)->pen().color() != compare.lossGraph(1)->pen().color());
        // Wall time: the same points at their elapsed seconds.
        compare.setXAxis(RunCompare::XAxis::WallTime);
        QCOMPARE(compare.lossGraph(1)->dataCount(), 9);
        QCOMPARE(compare.lossGraph(1)->data()->at(8)->key, 18.0);
        QCOMPARE(compare.probeGraph(1)->data()->at(2)->key, 18.0);
        // Raw loss when smoothing is off.
        compare.setSmoothing(false);
        QCOMPARE(compare.lossGraph(0)->data()->at(1)->value, 2.0);

        // The legends name the runs by what differs.
        QStringList legend;
        for (int i = 0; i < compare.lossPlot()->legend->itemCount(); ++i)
            if (auto *item = qobject_cast<QCPPlottableLegendItem *>(compare.lossPlot()->legend->item(i)))
                legend << item->plottable()->name();
        QCOMPARE(legend, compare.labels());
        QVERIFY(!compare.accuracyPlot()->legend->visible()); // one legend for both plots: a run keeps its colour

        // Final metrics: one row per run.
        QCOMPARE(compare.metricsTable()->rowCount(), 2);
        QCOMPARE(compare.metricsTable()->item(1, 0)->text(), QStringLiteral("simclr τ=0.5 epochs=3"));
        QCOMPARE(compare.metricsTable()->item(1, 1)->text(), QStringLiteral("70.0 %"));
        QCOMPARE(compare.metricsTable()->item(1, 3)->text(), QStringLiteral("20.0 %"));

        // Exportable: the curves in long form, or the table.
        const QStringList curveRows = compare.csv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(curveRows.front(), QStringLiteral("run,series,step,elapsed_s,value"));
        QCOMPARE(curveRows.filter(QStringLiteral("simclr τ=0.5 epochs=3,loss,")).size(), 9);
        QCOMPARE(compare.exportName(), QStringLiteral("run-comparison"));
        compare.tabs()->setCurrentWidget(compare.metricsTable());
        const QStringList tableRows = compare.csv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(tableRows.size(), 3);
        QVERIFY2(tableRows[2].startsWith(QStringLiteral("simclr τ=0.5 epochs=3,tau-0.5,0.7,")), qPrintable(tableRows[2]));
        QCOMPARE(compare.exportName(), QStringLiteral("run-comparison-metrics"));
    }

    void differentMethodsAreNamedByMethod()
    {
        QTemporaryDir tmp;
        writeLibrary(tmp.path());
        RunCompare compare;
        compare.setRunDirs({ tmp.path() + QStringLiteral("/sweep/tau-0.2"), tmp.path() + QStringLiteral("/byol-run") });
        QVERIFY(compare.labels()[0].startsWith(QStringLiteral("simclr")));
        QVERIFY(compare.labels()[1].startsWith(QStringLiteral("byol")));
        QVERIFY(!compare.labels()[0].contains(QStringLiteral("τ"))); // SimCLR's own setting, not a difference
    }

    void mainWindowOpensTheLibrary()
    {
        QTemporaryDir tmp;
        writeLibrary(tmp.path());
        QSettings().setValue(QStringLiteral("runsFolder"), tmp.path());
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAction *action = nullptr;
        for (QAction *a : window.actions())
            if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_L)) action = a;
        QVERIFY(action);
        QVERIFY(window.shortcutList().join(QLatin1Char('\n')).contains(QStringLiteral("Run library")));
        action->trigger();
        RunLibrary *library = window.runLibrary();
        QVERIFY(library);
        QVERIFY(library->isVisible());
        QVERIFY(library->isWindow());
        QCOMPARE(library->folder(), tmp.path());
        QCOMPARE(library->model()->rowCount(), 4);
        // Compare opens a window of its own.
        Q_EMIT library->compareRuns({ tmp.path() + QStringLiteral("/sweep/tau-0.2"), tmp.path() + QStringLiteral("/byol-run") });
        const auto compares = window.findChildren<RunCompare *>();
        QCOMPARE(compares.size(), 1);
        QVERIFY(compares.front()->isWindow());
        QCOMPARE(compares.front()->runCount(), 2);
        // Opening a run from the library shows it in the window.
        Q_EMIT library->openRun(tmp.path() + QStringLiteral("/sweep/tau-0.5"));
        QCOMPARE(window.currentRunDir(), tmp.path() + QStringLiteral("/sweep/tau-0.5"));
        QCOMPARE(window.lossPlot()->pointCount(), 9);
        compares.front()->close();
        library->close();
    }
};

QTEST_MAIN(TestRunLibrary)
#include "tst_runlibrary.moc"
