// The experiment dialog and the experiment summary as a teacher uses them. The dialog offers the options that apply
// to the chosen preset, shows the runs makeExperiment() makes of them as they are typed, names a bad value and keeps
// Start disabled, and returns the spec its table shows. The summary shows a real (tiny) experiment folder: the rows
// and accuracies of experimentRows(), the engine's chart and explanation, and the progress while it runs.
#include "tests/support.h"
#include "engine/io/json.h"
#include "engine/methods/catalog.h"
#include "engine/train/experiment.h"
#include "ui/experimentdialog.h"
#include "ui/experimentsummary.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <set>

using namespace pretext;
using ui::ExperimentDialog;
using ui::ExperimentSummary;

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

using pretext::tests::tinyExperiment;

QString percent(double v)
{
    return v >= 0 ? QString::number(100 * v, 'f', 1) : QStringLiteral("–");
}

QStringList column(const QTableWidget *table, int col)
{
    QStringList out;
    for (int r = 0; r < table->rowCount(); ++r)
        out << table->item(r, col)->text();
    return out;
}

// The letter after a single '&', or a null QChar.
QChar mnemonic(const QString &text)
{
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&')) continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toUpper();
    }
    return {};
}

void saveShot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("PRETEXT_SCREENSHOTS");
    QCoreApplication::processEvents(); // the layout follows the last edit before the picture is taken
    if (!dir.isEmpty()) QVERIFY(w->grab().save(QDir(dir).filePath(name + QStringLiteral(".png"))));
}

// Distinct colours in a widget's picture: a blank or half-drawn panel has very few.
int colourCount(QWidget *w)
{
    const QImage image = w->grab().toImage();
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

} // namespace

class TestExperimentUi : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    engine::ExperimentSpec m_sweep, m_transfer;
    QString m_sweepDir, m_transferDir;

    // A dialog whose folder is fresh (the default one may exist on a developer's machine).
    void prepare(ExperimentDialog &dialog, const QString &preset)
    {
        dialog.setFolder(m_tmp.filePath(QStringLiteral("new-experiment")));
        dialog.setPreset(preset);
        QCOMPARE(dialog.preset(), preset);
    }

    QLineEdit *temperatures(ExperimentDialog &dialog)
    {
        return qobject_cast<QLineEdit *>(dialog.field(QStringLiteral("temperatures")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // Two real, tiny experiments the summary tests read: a temperature sweep and the transfer exercise.
        engine::ExperimentOptions o;
        o.temperatures = { 0.2, 0.5 };
        m_sweep = tinyExperiment("temperature", o);
        m_sweepDir = m_tmp.filePath(QStringLiteral("sweep"));
        QCOMPARE(engine::runExperiment(m_sweep, m_sweepDir.toStdString()), engine::ExperimentOutcome::Finished);
        engine::ExperimentOptions t;
        t.fractions = { 0.25 };
        m_transfer = tinyExperiment("transfer", t);
        m_transferDir = m_tmp.filePath(QStringLiteral("transfer"));
        QCOMPARE(engine::runExperiment(m_transfer, m_transferDir.toStdString()), engine::ExperimentOutcome::Finished);
    }

    // ---- the dialog --------------------------------------------------------------------------------------------

    void everyPresetIsListed()
    {
        ExperimentDialog dialog;
        auto *list = dialog.findChild<QListWidget *>(QStringLiteral("presets"));
        QVERIFY(list);
        QCOMPARE(list->count(), int(engine::experimentPresets().size()));
        for (const auto &p : engine::experimentPresets()) {
            dialog.setPreset(qs(p.name));
            QCOMPARE(dialog.preset(), qs(p.name));
            QCOMPARE(list->currentItem()->toolTip(), qs(p.summary));
            QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("title"))->text(), qs(p.title));
        }
        // The default folder follows the preset, under the run library's folder.
        ExperimentDialog fresh;
        fresh.setPreset(QStringLiteral("ablation"));
        QVERIFY(fresh.folder().contains(QStringLiteral("/experiment-ablation-")));
        QCOMPARE(fresh.folder(), fresh.defaultFolder());
    }

    void temperatureShowsOneRowPerValue()
    {
        ExperimentDialog dialog;
        prepare(dialog, QStringLiteral("temperature"));
        dialog.show();
        QVERIFY(temperatures(dialog)->isVisible());
        QVERIFY(!dialog.field(QStringLiteral("fractions"))->isVisible());
        temperatures(dialog)->clear();
        QTest::keyClicks(temperatures(dialog), QStringLiteral("0.1, 0.3"));
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
        QTableWidget *runs = dialog.runsTable();
        QCOMPARE(runs->rowCount(), 2);
        const QStringList labels = column(runs, 1);
        QVERIFY2(labels[0].startsWith(QStringLiteral("τ = 0.1")), qPrintable(labels[0]));
        QVERIFY2(labels[1].startsWith(QStringLiteral("τ = 0.3")), qPrintable(labels[1]));
        // The column of what varies names τ in every row.
        for (const QString &cell : column(runs, runs->columnCount() - 1))
            QVERIFY2(cell.contains(QStringLiteral("τ = ")), qPrintable(cell));
        QVERIFY(dialog.runsSummary()->text().contains(QStringLiteral("2 runs")));
        const auto spec = dialog.spec();
        QCOMPARE(spec.runs.size(), size_t(2));
        QCOMPARE(spec.runs[0].config.real("temperature"), 0.1);
        QCOMPARE(spec.runs[1].config.real("temperature"), 0.3);
        QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("startButton"))->isEnabled());
    }

    void badTemperatureListIsNamed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("named");
        QTest::newRow("letter") << QStringLiteral("0.1, x") << QStringLiteral("'x'");
        QTest::newRow("incomplete exponent") << QStringLiteral("0.1, 1e") << QStringLiteral("'1e'");
        QTest::newRow("not finite") << QStringLiteral("nan, 0.2") << QStringLiteral("'nan'");
        QTest::newRow("zero") << QStringLiteral("0, 0.5") << QStringLiteral("above 0"); // the engine's message
    }

    void badTemperatureListIsNamed()
    {
        QFETCH(QString, text);
        QFETCH(QString, named);
        ExperimentDialog dialog;
        prepare(dialog, QStringLiteral("temperature"));
        dialog.show();
        temperatures(dialog)->setText(text);
        QVERIFY(!dialog.isValid());
        QVERIFY2(dialog.errorText().contains(named), qPrintable(dialog.errorText()));
        auto *error = dialog.findChild<QLabel *>(QStringLiteral("errorLabel"));
        QVERIFY(error->isVisible());
        QVERIFY(error->text().contains(named));
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("startButton"))->isEnabled());
        // Enter does not start it either.
        QTest::keyClick(temperatures(dialog), Qt::Key_Return);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        // Mended, it is accepted again.
        temperatures(dialog)->setText(QStringLiteral("0.1, 0.5"));
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
        QVERIFY(!error->isVisible());
    }

    void byolVsSimclrHasTwoRows()
    {
        ExperimentDialog dialog;
        prepare(dialog, QStringLiteral("byol-vs-simclr"));
        dialog.show();
        QCOMPARE(dialog.runsTable()->rowCount(), 2);
        QCOMPARE(column(dialog.runsTable(), 0), QStringList({ QStringLiteral("simclr"), QStringLiteral("byol") }));
        // The label column names the methods; the method column would repeat it.
        QCOMPARE(column(dialog.runsTable(), 1),
            QStringList({ qs(engine::findMethod("simclr")->title), qs(engine::findMethod("byol")->title) }));
        QVERIFY(dialog.runsTable()->isColumnHidden(2));
        QVERIFY(column(dialog.runsTable(), 5).join(QLatin1Char(' ')).contains(QStringLiteral("lr = ")));
        // Both methods are the point: there is no method to choose.
        QVERIFY(!dialog.field(QStringLiteral("method"))->isVisible());
        QVERIFY(dialog.isValid());
    }

    void switchingPresetHidesFieldsThatDoNotApply()
    {
        ExperimentDialog dialog;
        prepare(dialog, QStringLiteral("temperature"));
        dialog.show();
        const auto shown = [&](const char *key) { return dialog.field(QLatin1String(key))->isVisible(); };
        QVERIFY(shown("temperatures") && shown("method") && !shown("fractions"));
        dialog.setPreset(QStringLiteral("transfer"));
        QVERIFY(!shown("temperatures") && shown("method") && shown("fractions"));
        dialog.setPreset(QStringLiteral("ablation"));
        QVERIFY(!shown("temperatures") && shown("method") && !shown("fractions"));
        dialog.setPreset(QStringLiteral("byol-vs-simclr"));
        QVERIFY(!shown("temperatures") && !shown("method") && !shown("fractions"));
        for (const char *key : { "dataset", "epochs", "seed", "threads", "folder" })
            QVERIFY2(shown(key), key);
        // A hidden field does not reach the spec: a bad temperature list does not block another preset.
        dialog.setPreset(QStringLiteral("temperature"));
        temperatures(dialog)->setText(QStringLiteral("x"));
        QVERIFY(!dialog.isValid());
        dialog.setPreset(QStringLiteral("ablation"));
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
    }

    void specIsWhatTheTableShows_data()
    {
        QTest::addColumn<QString>("preset");
        for (const auto &p : engine::experimentPresets())
            QTest::newRow(p.name.c_str()) << qs(p.name);
    }

    void specIsWhatTheTableShows()
    {
        QFETCH(QString, preset);
        ExperimentDialog dialog;
        prepare(dialog, preset);
        qobject_cast<QComboBox *>(dialog.field(QStringLiteral("dataset")))->setEditText(QStringLiteral("shapes:200"));
        qobject_cast<QSpinBox *>(dialog.field(QStringLiteral("epochs")))->setValue(3);
        qobject_cast<QSpinBox *>(dialog.field(QStringLiteral("seed")))->setValue(7);
        qobject_cast<QSpinBox *>(dialog.field(QStringLiteral("steps_per_epoch")))->setValue(4);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
        const auto spec = dialog.spec();
        QCOMPARE(qs(spec.name), preset);
        QTableWidget *runs = dialog.runsTable();
        QCOMPARE(runs->rowCount(), int(spec.runs.size()));
        for (int r = 0; r < runs->rowCount(); ++r) {
            const auto &run = spec.runs[size_t(r)];
            QCOMPARE(runs->item(r, 0)->text(), qs(run.id));
            QCOMPARE(runs->item(r, 1)->text(), qs(run.label));
            QCOMPARE(runs->item(r, 2)->text(), qs(engine::findMethod(run.config.method)->title));
            QCOMPARE(runs->item(r, 3)->text(), QStringLiteral("3"));
            QCOMPARE(run.config.epochs, 3);
            QCOMPARE(run.config.seed, uint64_t(7));
            QCOMPARE(run.config.dataset, std::string("shapes:200"));
            // 4 steps of the run's batch, fewer when the 200 images do not fill them.
            QCOMPARE(runs->item(r, 4)->text(),
                QLocale().toString(qlonglong(std::min<int64_t>(200, 4 * run.config.batchSize))));
        }
        // The same options make the same experiment as the engine makes them.
        engine::ExperimentOptions o = spec.options;
        QCOMPARE(engine::json::dump(engine::toJson(engine::makeExperiment(spec.name, o))),
            engine::json::dump(engine::toJson(spec)));
    }

    void fractionsAcceptPercentages()
    {
        ExperimentDialog dialog;
        prepare(dialog, QStringLiteral("transfer"));
        qobject_cast<QLineEdit *>(dialog.field(QStringLiteral("fractions")))->setText(QStringLiteral("1 %, 0.5"));
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.spec().fractions, std::vector<double>({ 0.01, 0.5 }));
        QVERIFY(dialog.runsSummary()->text().contains(QStringLiteral("1 %")));
        qobject_cast<QLineEdit *>(dialog.field(QStringLiteral("fractions")))->setText(QStringLiteral("1.5"));
        QVERIFY(!dialog.isValid());
        QVERIFY2(dialog.errorText().contains(QStringLiteral("1.5")), qPrintable(dialog.errorText()));
    }

    void methodsThatCannotRunAreRefused()
    {
        ExperimentDialog dialog;
        prepare(dialog, QStringLiteral("temperature"));
        auto *method = qobject_cast<QComboBox *>(dialog.field(QStringLiteral("method")));
        // The supervised baseline is not offered: it is the transfer preset's reference, not a method to study.
        for (int i = 0; i < method->count(); ++i)
            QVERIFY(engine::findMethod(method->itemData(i).toString().toStdString())->family
                != engine::MethodFamily::Supervised);
        QCOMPARE(method->count(), int(engine::methodCatalog().size()) - 1);
        // A method without a temperature cannot be swept: the engine's message, Start disabled.
        method->setCurrentIndex(method->findData(QStringLiteral("byol")));
        QVERIFY(!dialog.isValid());
        QVERIFY2(dialog.errorText().contains(QStringLiteral("temperature")), qPrintable(dialog.errorText()));
        // A method that learns from colour is refused on gray images, and accepted on colour ones.
        dialog.setPreset(QStringLiteral("ablation"));
        method->setCurrentIndex(method->findData(QStringLiteral("colorization")));
        QVERIFY(method->currentIndex() >= 0);
        QVERIFY(!dialog.isValid());
        qobject_cast<QComboBox *>(dialog.field(QStringLiteral("dataset")))->setEditText(QStringLiteral("shapes"));
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
    }

    void folderThatHoldsAnExperimentIsRefused()
    {
        ExperimentDialog dialog;
        prepare(dialog, QStringLiteral("temperature"));
        QVERIFY(dialog.isValid());
        dialog.setFolder(m_sweepDir);
        QVERIFY(!dialog.isValid());
        QVERIFY2(
            dialog.errorText().contains(QStringLiteral("already holds an experiment")), qPrintable(dialog.errorText()));
        dialog.setFolder(QString()); // back to the automatic default
        QCOMPARE(dialog.folder(), dialog.defaultFolder());
    }

    void keyboard()
    {
        // Every labelled field has a buddy and a mnemonic of its own; Enter starts, Esc cancels.
        ExperimentDialog dialog;
        prepare(dialog, QStringLiteral("temperature"));
        dialog.show();
        std::set<QChar> letters;
        for (const auto *label : dialog.findChildren<QLabel *>()) {
            if (!label->buddy()) continue;
            const QChar c = mnemonic(label->text());
            QVERIFY2(!c.isNull(), qPrintable(label->text()));
            QVERIFY2(letters.insert(c).second, qPrintable(label->text()));
            QVERIFY(label->buddy()->focusPolicy() & Qt::TabFocus);
        }
        for (const auto *button : dialog.findChildren<QAbstractButton *>()) {
            const QChar c = mnemonic(button->text());
            if (!c.isNull()) QVERIFY2(letters.insert(c).second, qPrintable(button->text()));
        }
        QVERIFY(letters.size() >= 12);

        // Tab walks the preset list, then every field in form order, then the buttons.
        dialog.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        dialog.findChild<QListWidget *>(QStringLiteral("presets"))->setFocus();
        QStringList visited;
        for (int i = 0; i < 30 && QApplication::focusWidget(); ++i) {
            visited << QApplication::focusWidget()->objectName();
            if (visited.back() == QLatin1String("startButton")) break;
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        }
        QStringList expected = { QStringLiteral("presets"), QStringLiteral("dataset"), QStringLiteral("method"),
            QStringLiteral("temperatures"), QStringLiteral("epochs"), QStringLiteral("train_limit"),
            QStringLiteral("steps_per_epoch"), QStringLiteral("seed"), QStringLiteral("threads"),
            QStringLiteral("folder"), QStringLiteral("folderBrowse"), QStringLiteral("runs"),
            QStringLiteral("startButton") };
        QStringList reached;
        for (const QString &name : visited)
            if (expected.contains(name)) reached << name;
        QCOMPARE(reached, expected);

        QTest::keyClick(temperatures(dialog), Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());

        ExperimentDialog other;
        prepare(other, QStringLiteral("ablation"));
        other.show();
        QTest::keyClick(other.field(QStringLiteral("epochs")), Qt::Key_Escape);
        QCOMPARE(other.result(), int(QDialog::Rejected));
        QVERIFY(!other.isVisible());
    }

    void existingExperimentIsLoaded()
    {
        const auto loaded = ExperimentDialog::openExistingExperiment(nullptr, m_sweepDir);
        QVERIFY(loaded);
        QCOMPARE(loaded->second, m_sweepDir);
        QCOMPARE(engine::json::dump(engine::toJson(loaded->first)), engine::json::dump(engine::toJson(m_sweep)));

        // A folder that is not an experiment is explained, and nothing is returned.
        QString shown;
        QTimer::singleShot(0, this, [&shown] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box) return;
            shown = box->text() + QLatin1Char('\n') + box->informativeText();
            box->accept();
        });
        QVERIFY(!ExperimentDialog::openExistingExperiment(nullptr, m_tmp.path()));
        QVERIFY2(shown.contains(QStringLiteral("experiment.json")), qPrintable(shown));
    }

    void dialogScreenshot()
    {
        ExperimentDialog dialog;
        prepare(dialog, QStringLiteral("ablation"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(colourCount(&dialog) > 20);
        saveShot(&dialog, QStringLiteral("experiment-dialog-ablation"));
        dialog.setPreset(QStringLiteral("temperature"));
        temperatures(dialog)->setText(QStringLiteral("0.1, x"));
        saveShot(&dialog, QStringLiteral("experiment-dialog-error"));
        dialog.setPreset(QStringLiteral("transfer"));
        saveShot(&dialog, QStringLiteral("experiment-dialog-transfer"));
        dialog.setPreset(QStringLiteral("byol-vs-simclr"));
        saveShot(&dialog, QStringLiteral("experiment-dialog-byol-vs-simclr"));
    }

    // ---- the summary -------------------------------------------------------------------------------------------

    void summaryShowsTheRows()
    {
        ExperimentSummary summary;
        summary.setExperiment(m_sweep, m_sweepDir);
        const auto rows = engine::experimentRows(m_sweep, m_sweepDir.toStdString());
        QTableWidget *table = summary.table();
        QCOMPARE(table->rowCount(), int(rows.size()));
        QCOMPARE(table->columnCount(), 6);
        for (int r = 0; r < table->rowCount(); ++r) {
            const auto &row = rows[size_t(r)];
            QVERIFY(row.probe >= 0 && row.knn >= 0 && row.randomProbe >= 0);
            QCOMPARE(table->item(r, 0)->text(), qs(row.label));
            QCOMPARE(table->item(r, 1)->text(), percent(row.probe));
            QCOMPARE(table->item(r, 2)->text(), percent(row.knn));
            QCOMPARE(table->item(r, 3)->text(), percent(row.randomProbe));
            QCOMPARE(table->item(r, 4)->text(), QString::number(row.seconds, 'f', row.seconds < 10 ? 1 : 0));
            QCOMPARE(table->item(r, 5)->text(), QStringLiteral("finished"));
        }
        QVERIFY(summary.hasChart());
        QVERIFY(summary.explanation().contains(QStringLiteral("The best temperature here is τ")));
        QCOMPARE(summary.explanation(), qs(engine::explainExperiment(m_sweep, rows)));
        // The export is the engine's file; the clipboard's Markdown has a line per row.
        QFile csv(m_sweepDir + QStringLiteral("/summary.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(summary.csv(), QString::fromUtf8(csv.readAll()));
        QCOMPARE(summary.exportName(), QStringLiteral("experiment-temperature"));
        QCOMPARE(summary.markdown().count(QLatin1Char('\n')), 2 + table->rowCount());
        QVERIFY(summary.markdown().contains(QStringLiteral("| ") + percent(rows[0].probe) + QStringLiteral(" |")));
        // Opened after the fact, the bar says every run is done.
        QCOMPARE(summary.progressBar()->value(), 2);
        QCOMPARE(summary.progressBar()->maximum(), 2);

        summary.show();
        QVERIFY(QTest::qWaitForWindowExposed(&summary));
        QVERIFY(colourCount(summary.exportWidget()) > 20); // the chart is drawn
        saveShot(&summary, QStringLiteral("experiment-summary-temperature"));

        ExperimentSummary loaded;
        QString error;
        QVERIFY2(loaded.loadFolder(m_sweepDir, &error), qPrintable(error));
        QCOMPARE(loaded.table()->rowCount(), 2);
        QVERIFY(!loaded.loadFolder(m_tmp.path(), &error));
        QVERIFY(error.contains(QStringLiteral("experiment.json")));
    }

    void transferSummaryHasARowPerEncoderAndShare()
    {
        ExperimentSummary summary;
        summary.setExperiment(m_transfer, m_transferDir);
        const auto rows = engine::experimentRows(m_transfer, m_transferDir.toStdString());
        QTableWidget *table = summary.table();
        // random init, then the self-supervised and the supervised encoder, each with 25 % of the labels.
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("random init"));
        QCOMPARE(table->item(1, 0)->text(), qs(rows[0].label));
        QCOMPARE(table->item(2, 0)->text(), qs(rows[1].label));
        const engine::ExperimentRow::Transfer *expected[]
            = { &rows[0].randomTransfer[0], &rows[0].transfer[0], &rows[1].transfer[0] };
        for (int r = 0; r < 3; ++r) {
            QCOMPARE(table->item(r, 1)->text(), QStringLiteral("25 %"));
            QCOMPARE(table->item(r, 2)->text(), QString::number(expected[r]->labelled));
            QCOMPARE(table->item(r, 3)->text(), percent(expected[r]->probe));
            QCOMPARE(table->item(r, 4)->text(), percent(expected[r]->fineTune));
        }
        QVERIFY(
            summary.explanation().contains(QStringLiteral("a linear probe on the self-supervised encoder reaches")));
        QVERIFY(summary.hasChart());
        summary.show();
        QVERIFY(QTest::qWaitForWindowExposed(&summary));
        saveShot(&summary, QStringLiteral("experiment-summary-transfer"));
    }

    void progressUpdatesBarAndLabel()
    {
        // A folder that has not run yet: every row pending, no chart.
        engine::ExperimentOptions o;
        o.temperatures = { 0.1, 0.2, 0.5 };
        const auto spec = tinyExperiment("temperature", o);
        const QString dir = m_tmp.filePath(QStringLiteral("not-yet"));
        ExperimentSummary summary;
        summary.setExperiment(spec, dir);
        QCOMPARE(summary.table()->rowCount(), 3);
        QCOMPARE(column(summary.table(), 5), QStringList(3, QStringLiteral("pending")));
        QVERIFY(!summary.hasChart());
        QCOMPARE(summary.explanation(), qs(engine::explainExperiment(spec, summary.rows())));

        engine::ExperimentProgress p;
        p.index = 1;
        p.count = 3;
        p.id = spec.runs[1].id;
        p.label = spec.runs[1].label;
        p.etaSeconds = 75;
        summary.setProgress(p);
        QCOMPARE(summary.progressBar()->maximum(), 3);
        QCOMPARE(summary.progressBar()->value(), 1);
        QCOMPARE(summary.progressLabel()->text(), QStringLiteral("Run 2 of 3: ") + qs(spec.runs[1].label));
        QVERIFY2(
            summary.timeLabel()->text().contains(QStringLiteral("01:15")), qPrintable(summary.timeLabel()->text()));
        QCOMPARE(summary.table()->item(1, 5)->text(), QStringLiteral("running"));
        QCOMPARE(summary.table()->item(0, 5)->text(), QStringLiteral("pending"));
        summary.show();
        QVERIFY(QTest::qWaitForWindowExposed(&summary));
        saveShot(&summary, QStringLiteral("experiment-summary-running"));

        p.index = 2;
        p.label = spec.runs[2].label;
        p.etaSeconds = -1;
        summary.setProgress(p);
        QCOMPARE(summary.progressBar()->value(), 2);
        QVERIFY(summary.progressLabel()->text().startsWith(QStringLiteral("Run 3 of 3")));
        QCOMPARE(summary.table()->item(2, 5)->text(), QStringLiteral("running"));
        QCOMPARE(summary.table()->item(1, 5)->text(), QStringLiteral("pending"));

        p.index = 3;
        p.elapsedSeconds = 130;
        summary.setProgress(p);
        QCOMPARE(summary.progressBar()->value(), 3);
        QCOMPARE(summary.progressLabel()->text(), QStringLiteral("All 3 runs done."));
        QVERIFY(summary.timeLabel()->text().contains(QStringLiteral("02:10")));
    }

    void refreshFollowsTheFolder()
    {
        // The summary watches results.json: a run finishing in the folder shows without a call.
        const auto spec = tinyExperiment("simclr-probe");
        const QString dir = m_tmp.filePath(QStringLiteral("probe"));
        QVERIFY(QDir().mkpath(dir));
        ExperimentSummary summary;
        summary.setExperiment(spec, dir);
        QCOMPARE(column(summary.table(), 5), QStringList({ QStringLiteral("pending") }));
        QCOMPARE(engine::runExperiment(spec, dir.toStdString()), engine::ExperimentOutcome::Finished);
        QTRY_COMPARE(column(summary.table(), 5), QStringList({ QStringLiteral("finished") }));
        QVERIFY(summary.hasChart());
        QVERIFY(summary.explanation().contains(QStringLiteral("The trained encoder reaches")));
        const auto rows = engine::experimentRows(spec, dir.toStdString());
        QCOMPARE(summary.table()->item(0, 1)->text(), percent(rows[0].probe));
    }
};

QTEST_MAIN(TestExperimentUi)
#include "tst_experimentui.moc"
