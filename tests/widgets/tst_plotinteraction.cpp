// The plots as a teacher uses them with a mouse: a right-click on a data point (not only on a panel's margin)
// opens the panel's menu naming that point; live edits leave labelled markers; the similarity panel keeps the
// step-0 matrix for a before/after comparison and draws the separation of positives from negatives over time.
#include "widgets/lossplot.h"
#include "widgets/panelexport.h"
#include "widgets/panelplot.h"
#include "widgets/probeplot.h"
#include "widgets/qcustomplotinclude.h"
#include "widgets/similarityheatmap.h"

#include <QMenu>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <cmath>

using namespace pretext;
using namespace pretext::widgets;

namespace {

void showPanel(QWidget *w)
{
    w->resize(640, 420);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    if (auto *e = dynamic_cast<Exportable *>(w)) e->flushPendingUpdates();
}

// 2N×2N with positives at `positive`, negatives near 0, self 1.
engine::Matrix pairs(int n, float positive)
{
    engine::Matrix m;
    m.rows = m.cols = 2 * n;
    m.values.assign(size_t(4 * n * n), 0.0f);
    for (int r = 0; r < 2 * n; ++r)
        for (int c = 0; c < 2 * n; ++c)
            m.values[size_t(r) * 2 * n + c] = r == c ? 1.0f : c == (r + n) % (2 * n) ? positive : 0.05f * float((r + c) % 3);
    return m;
}

QStringList actionTexts(QMenu *menu)
{
    QStringList texts;
    for (QAction *a : menu->actions())
        texts << a->text();
    return texts;
}

void closeMenu(QMenu *menu)
{
    if (menu) menu->close();
    QCoreApplication::processEvents();
}

} // namespace

class TestPlotInteraction : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lossContextMenuOpensOnADataPoint()
    {
        LossPlot loss;
        for (int s = 1; s <= 200; ++s)
            loss.addPoint(s, 5.0 - s * 0.01);
        showPanel(&loss);
        QCustomPlot *plot = loss.plot();
        const QPoint at(int(plot->xAxis->coordToPixel(120)), int(plot->yAxis->coordToPixel(5.0 - 1.2)));
        QVERIFY(plot->axisRect()->rect().contains(at));
        QTest::mouseClick(plot, Qt::RightButton, Qt::NoModifier, at);
        QTRY_VERIFY(loss.lastContextMenu() && loss.lastContextMenu()->isVisible());
        QMenu *menu = loss.lastContextMenu();
        const QStringList texts = actionTexts(menu);
        QVERIFY2(texts.first().startsWith(QStringLiteral("step 120: loss 3.8")), qPrintable(texts.join(" | ")));
        QVERIFY(texts.contains(QStringLiteral("Export as PNG…")));
        QVERIFY(texts.contains(QStringLiteral("Export data as CSV…")));
        closeMenu(menu);
    }

    void probeContextMenuOpensOnAMarker()
    {
        ProbePlot probe;
        engine::EvalMetrics base;
        base.randomInit = true;
        base.probeAcc = 0.44;
        base.knnAcc = 0.40;
        probe.addEval(base);
        for (int s = 0; s <= 400; s += 4)
            probe.addOnlineProbe(s, 0.1 + s / 1000.0);
        engine::EvalMetrics epoch;
        epoch.step = 390;
        epoch.epoch = 0;
        epoch.probeAcc = 0.71;
        epoch.knnAcc = 0.69;
        probe.addEval(epoch);
        showPanel(&probe);
        QCustomPlot *plot = probe.plot();
        const QPoint at(int(plot->xAxis->coordToPixel(390)), int(plot->yAxis->coordToPixel(71)));
        QTest::mouseClick(plot, Qt::RightButton, Qt::NoModifier, at);
        QTRY_VERIFY(probe.lastContextMenu() && probe.lastContextMenu()->isVisible());
        const QStringList texts = actionTexts(probe.lastContextMenu());
        QVERIFY2(texts.first().contains(QStringLiteral("linear probe: 71.0% (random init 44.0%)")), qPrintable(texts.join(" | ")));
        QVERIFY(texts.contains(QStringLiteral("Export as SVG…")));
        closeMenu(probe.lastContextMenu());

        // On the online probe's line: the step and its value, against chance only.
        probe.setChanceLevel(0.1);
        probe.flushPendingUpdates();
        const QPoint online(int(plot->xAxis->coordToPixel(200)), int(plot->yAxis->coordToPixel(30)));
        QTest::mouseClick(plot, Qt::RightButton, Qt::NoModifier, online);
        QTRY_VERIFY(probe.lastContextMenu() && probe.lastContextMenu()->isVisible());
        const QString first = actionTexts(probe.lastContextMenu()).first();
        QVERIFY2(first.startsWith(QStringLiteral("step 200")) && first.contains(QStringLiteral("(chance 10.0%)")), qPrintable(first));
        QVERIFY(!first.contains(QStringLiteral("random init")));
        closeMenu(probe.lastContextMenu());
    }

    void heatmapContextMenuOpensOnACell()
    {
        SimilarityHeatmap heat;
        heat.setSimilarity(pairs(4, 0.8f), 0.5, 0);
        showPanel(&heat);
        const QRect cell = heat.cellRect(1, 5); // view 1 #1 vs view 2 #1: a positive pair
        QVERIFY(!cell.isEmpty());
        QCustomPlot *plot = heat.plot();
        QTest::mouseClick(plot, Qt::RightButton, Qt::NoModifier, plot->mapFrom(&heat, cell.center()));
        QTRY_VERIFY(heat.lastContextMenu() && heat.lastContextMenu()->isVisible());
        const QStringList texts = actionTexts(heat.lastContextMenu());
        QVERIFY2(texts.first().startsWith(QStringLiteral("view 1 #1 vs view 2 #1 (positive pair)")), qPrintable(texts.join(" | ")));
        QVERIFY(texts.first().contains(QStringLiteral("cosine similarity: 0.800")));
        QVERIFY(texts.contains(QStringLiteral("Export as PDF…")));
        closeMenu(heat.lastContextMenu());
    }

    void editMarkersAreLabelledOnBothPlots()
    {
        LossPlot loss;
        ProbePlot probe;
        for (int s = 1; s <= 100; ++s) {
            loss.addPoint(s, 4.9);
            probe.addOnlineProbe(s, 0.2);
        }
        loss.addEditMarker(60, QStringLiteral("τ 0.5 → 0.2"));
        probe.addEditMarker(60, QStringLiteral("τ 0.5 → 0.2"));
        showPanel(&loss);
        QCOMPARE(loss.editMarkerCount(), 1);
        QCOMPARE(loss.editMarkerLabel(0), QStringLiteral("τ 0.5 → 0.2"));
        QCOMPARE(probe.editMarkerCount(), 1);
        // The marker is drawn: the column of the edit has the marker's dashes where the plot is otherwise empty.
        auto *panel = static_cast<PanelPlot *>(loss.plot());
        QCOMPARE(panel->keyMarkerKey(0), 60.0);
        loss.clear();
        QCOMPARE(loss.editMarkerCount(), 0);
    }

    void lossPictureLeavesTheControlsOut()
    {
        // An exported loss picture is the plot only: the smoothing slider and check boxes mean nothing on a slide.
        LossPlot loss;
        for (int s = 1; s <= 50; ++s)
            loss.addPoint(s, 3.0 - s * 0.01);
        showPanel(&loss);
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("loss.png"));
        QVERIFY(exportPng(&loss, path));
        const QImage image(path);
        QCOMPARE(image.size() / image.devicePixelRatio(), loss.plot()->size());
        QVERIFY(image.height() < loss.height());
    }

    void saveDialogsStartInTheRunFolder()
    {
        QTemporaryDir run;
        PanelExport::setDefaultDirectory(run.path());
        QCOMPARE(PanelExport::defaultDirectory(), run.path());
        PanelExport::setDefaultDirectory(QString());
        QVERIFY(PanelExport::defaultDirectory() != run.path());
    }

    void heatmapKeepsStepZeroAndTheSeparationCurve()
    {
        SimilarityHeatmap heat;
        heat.setSimilarity(pairs(4, 0.3f), 0.5, 0);
        heat.setSimilarity(pairs(4, 0.6f), 0.5, 50);
        heat.setSimilarity(pairs(4, 0.9f), 0.5, 100);
        showPanel(&heat);
        QCOMPARE(heat.referenceStep(), qint64(0));
        // The live matrix is drawn; the curve has one point per preview and climbs as the positives light up.
        QVERIFY(std::abs(heat.similarity().at(0, 4) - 0.9f) < 1e-6);
        QCOMPARE(int(heat.trend().size()), 3);
        QVERIFY(heat.trend()[0].gap < heat.trend()[1].gap && heat.trend()[1].gap < heat.trend()[2].gap);
        QCOMPARE(heat.trendPlot()->graph(0)->dataCount(), 3);
        QVERIFY(heat.trendPlot()->isVisible());
        // Step 0 swaps the untrained matrix in, and back.
        auto *button = heat.findChild<QToolButton *>(QStringLiteral("showStep0"));
        QVERIFY(button && button->isEnabled());
        button->click();
        QVERIFY(heat.showsReference());
        QVERIFY(std::abs(heat.similarity().at(0, 4) - 0.3f) < 1e-6);
        button->click();
        QVERIFY(!heat.showsReference());
        QVERIFY(std::abs(heat.similarity().at(0, 4) - 0.9f) < 1e-6);
        heat.clear();
        QVERIFY(heat.trend().empty());
        QCOMPARE(heat.referenceStep(), qint64(-1));
    }
};

QTEST_MAIN(TestPlotInteraction)
#include "tst_plotinteraction.moc"
