// The method panels as a classroom sees them: MoCo's queue, the collapse monitor of BYOL / SimSiam / DINO and
// Barlow Twins' correlation matrix, each fed known values. The tests check what a viewer would notice: the fill
// text, where the histogram's bars and the positive markers are, the curves and their reference lines, the
// caption, that the picture is not blank at dock and presentation sizes, and what the exports contain.
// Set PRETEXT_SHOTS=<folder> to keep the rendered panels as PNGs for a look.
#include "widgets/collapsemonitor.h"
#include "widgets/panelexport.h"
#include "widgets/plotstyle.h"
#include "widgets/qcustomplotinclude.h"
#include "widgets/queueview.h"
#include "widgets/similarityheatmap.h"

#include <QDir>
#include <QLabel>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace pretext;
using namespace pretext::widgets;

namespace {

void showPanel(QWidget *w, QSize size)
{
    w->resize(size);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    if (auto *e = dynamic_cast<Exportable *>(w)) e->flushPendingUpdates();
}

QImage shot(QWidget *w, const QString &name = {})
{
    if (auto *e = dynamic_cast<Exportable *>(w)) e->flushPendingUpdates();
    const QImage image = w->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QString dir = qEnvironmentVariable("PRETEXT_SHOTS");
    if (!dir.isEmpty() && !name.isEmpty()) {
        QDir().mkpath(dir);
        image.save(QDir(dir).filePath(name + QStringLiteral(".png")));
    }
    return image;
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); ++y) {
        const QRgb *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            colours.insert(line[x]);
    }
    return colours.size();
}

bool near(QRgb a, const QColor &b, int tolerance = 40)
{
    return std::abs(qRed(a) - b.red()) + std::abs(qGreen(a) - b.green()) + std::abs(qBlue(a) - b.blue()) <= tolerance;
}

// Pixels of a colour in a column band [x - 1, x + 1] between y0 and y1 (logical pixels of a 1:1 grab).
int pixelsInColumn(const QImage &image, double x, int y0, int y1, const QColor &colour, int tolerance = 40)
{
    const double dpr = image.devicePixelRatio();
    int count = 0;
    for (int px = int(std::floor((x - 1) * dpr)); px <= int(std::ceil((x + 1) * dpr)); ++px) {
        if (px < 0 || px >= image.width()) continue;
        for (int py = int(y0 * dpr); py < int(y1 * dpr) && py < image.height(); ++py)
            if (near(image.pixel(px, py), colour, tolerance)) ++count;
    }
    return count;
}

bool visibleLabelSays(QWidget *panel, const QString &words)
{
    for (QLabel *label : panel->findChildren<QLabel *>())
        if (label->isVisible() && label->text().contains(words)) return true;
    return false;
}

engine::QueuePreview knownQueue()
{
    engine::QueuePreview q;
    q.capacity = 4096;
    q.filled = 4096;
    q.oldestAgeSteps = 512;
    q.temperature = 0.2;
    q.positiveLogits = { 6.1f, 7.7f };
    q.negativeLogits.assign(60, -1.2f);
    q.negativeLogits.insert(q.negativeLogits.end(), 40, 2.3f);
    return q;
}

// A BYOL-like run: std shrinking towards collapse, rank falling, momentum rising; no teacher.
engine::CollapsePreview byolPoint(int i, int dim = 128)
{
    engine::CollapsePreview c;
    c.dim = dim;
    c.uniformStd = 1.0 / std::sqrt(double(dim));
    c.embeddingStd = 0.08 - 0.005 * i;
    c.effectiveRank = 60 - 5 * i;
    c.targetMomentum = 0.99 + 0.001 * i;
    c.perDimStd.resize(size_t(dim));
    for (int d = 0; d < dim; ++d)
        c.perDimStd[size_t(d)] = d % 10 == 0 ? 0.0f : float(0.05 + 0.03 * std::sin(d * 0.3));
    return c;
}

engine::CollapsePreview dinoPoint(int i)
{
    engine::CollapsePreview c = byolPoint(i, 64);
    c.teacherEntropy = 3.5 - 0.2 * i;
    c.maxEntropy = std::log(64.0);
    c.centerNorm = 0.1 + 0.05 * i;
    return c;
}

// A D×D correlation: diagonal near 1, off-diagonal small, one strongly negative pair at (1, 3).
engine::CorrelationPreview knownCorrelation(int d = 8)
{
    engine::CorrelationPreview p;
    p.correlation.rows = p.correlation.cols = d;
    p.correlation.values.resize(size_t(d * d));
    for (int r = 0; r < d; ++r)
        for (int c = 0; c < d; ++c)
            p.correlation.values[size_t(r * d + c)] = r == c ? 0.93f : float(0.04 * std::cos(r * 1.3 + c));
    p.correlation.values[size_t(1 * d + 3)] = -0.8f;
    p.onDiagonal = 0.93;
    p.offDiagonal = 0.04;
    return p;
}

int csvRows(const QString &csv)
{
    return int(csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size());
}

} // namespace

class TestMethodViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void queueShowsFillAgeAndAnEmptyState()
    {
        QueueView view;
        showPanel(&view, QSize(480, 360));
        QVERIFY(!view.hasQueue());
        QVERIFY(visibleLabelSays(&view, QStringLiteral("first preview of a MoCo run")));
        QVERIFY(distinctColours(shot(&view, QStringLiteral("queue-empty"))) > 4); // words, not a blank box
        QVERIFY(!view.whatsThis().isEmpty());

        view.setQueue(knownQueue());
        QVERIFY(view.hasQueue());
        QCOMPARE(view.fillText(), QStringLiteral("4,096 / 4,096 keys"));
        QCOMPARE(view.ageText(), QStringLiteral("oldest key 512 steps old · τ 0.2"));
        QVERIFY(!visibleLabelSays(&view, QStringLiteral("first preview of a MoCo run")));

        engine::QueuePreview filling = knownQueue();
        filling.filled = 1024;
        filling.oldestAgeSteps = 7;
        view.setQueue(filling);
        QCOMPARE(view.fillText(), QStringLiteral("1,024 / 4,096 keys"));
        QVERIFY(view.ageText().startsWith(QStringLiteral("oldest key 7 steps old")));

        view.clear();
        QVERIFY(!view.hasQueue());
        QVERIFY(visibleLabelSays(&view, QStringLiteral("first preview of a MoCo run")));
    }

    void queueHistogramCountsKnownLogits()
    {
        QueueView view;
        view.setQueue(knownQueue());
        const QueueView::Histogram &h = view.histogram();
        // Logits span [-1.2, 7.7]: a round width of 0.5 gives about 30 bins at most, edges on multiples of 0.5.
        QCOMPARE(h.width, 0.5);
        QCOMPARE(h.lo, -1.5);
        QCOMPARE(h.total(), 100);
        QCOMPARE(h.counts[size_t(h.binOf(-1.2))], 60);
        QCOMPARE(h.counts[size_t(h.binOf(2.3))], 40);
        QCOMPARE(h.binOf(-1.2), 0);
        QCOMPARE(h.binOf(2.3), 7);
        // The positives are on the axis, in bins no negative fell into.
        QVERIFY(h.binOf(7.7) >= 0);
        QCOMPARE(h.counts[size_t(h.binOf(7.7))], 0);
        QVERIFY(view.plot()->xAxis->range().contains(7.7));
        QVERIFY(view.plot()->xAxis->range().contains(-1.2));
        QCOMPARE(view.caption(),
            QStringLiteral("positives mean 6.90 · negatives mean 0.20 · a positive beats 100% of the negatives"));

        // The maximum lands in the last bin (bins are half-open); non-finite values are left out.
        const QueueView::Histogram edge = QueueView::makeHistogram({ 0.f, 1.f, 2.f, NAN, INFINITY }, 0, 2, 4);
        QCOMPARE(edge.width, 0.5);
        QCOMPARE(edge.total(), 3);
        QCOMPARE(edge.counts.back(), 1);
    }

    void queueMarkersSitAtThePositiveLogits()
    {
        QueueView view;
        view.setQueue(knownQueue());
        showPanel(&view, QSize(600, 400));
        const QImage image = shot(&view, QStringLiteral("queue"));
        QCustomPlot *plot = view.plot();
        const QRect area = plot->axisRect()->rect().translated(plot->mapTo(&view, QPoint(0, 0)));
        const QPoint origin = plot->mapTo(&view, QPoint(0, 0));
        const QColor marker = PlotStyle::vermillion();
        for (double logit : { 6.1, 7.7 }) {
            const double x = origin.x() + plot->xAxis->coordToPixel(logit);
            // A vertical line from the axis up to the marker: most of the plot's height.
            QVERIFY2(pixelsInColumn(image, x, area.top(), area.bottom(), marker) > area.height() / 2,
                qPrintable(QStringLiteral("no marker line at logit %1").arg(logit)));
        }
        // Between the negatives and the positives there is neither a bar nor a marker.
        const double gap = origin.x() + plot->xAxis->coordToPixel(4.6);
        QCOMPARE(pixelsInColumn(image, gap, area.top(), area.bottom(), marker), 0);
        QCOMPARE(pixelsInColumn(image, gap, area.top(), area.bottom(), PlotStyle::skyBlue(), 10), 0);
        // The tallest bar (60 negatives at -1.2) is drawn, the 40 at 2.3 reach two thirds as high.
        auto barTop = [&](double logit) {
            const int x = int(std::lround((origin.x() + plot->xAxis->coordToPixel(logit)) * image.devicePixelRatio()));
            for (int y = int(area.top() * image.devicePixelRatio()); y < image.height(); ++y)
                if (near(image.pixel(x, y), PlotStyle::skyBlue(), 10)) return y / image.devicePixelRatio();
            return -1.0;
        };
        const double base = origin.y() + plot->yAxis->coordToPixel(0);
        const double tall = base - barTop(-1.2), short_ = base - barTop(2.3);
        QVERIFY(tall > 0 && short_ > 0);
        QVERIFY2(std::abs(short_ / tall - 40.0 / 60.0) < 0.05, qPrintable(QString::number(short_ / tall)));
    }

    void collapseCurvesFollowThePoints()
    {
        CollapseMonitor monitor;
        showPanel(&monitor, QSize(520, 460));
        QVERIFY(visibleLabelSays(&monitor, QStringLiteral("Signs of collapse appear")));
        QVERIFY(distinctColours(shot(&monitor, QStringLiteral("collapse-empty"))) > 4);
        QVERIFY(monitor.whatsThis().contains(QStringLiteral("collapse drives it to 0")));
        QVERIFY(monitor.whatsThis().contains(QStringLiteral("1</b>")));

        for (int i = 0; i < 10; ++i)
            monitor.addPoint(100 * (i + 1), byolPoint(i));
        monitor.flushPendingUpdates();
        QCOMPARE(monitor.pointCount(), 10);
        QCPGraph *std = monitor.graph(CollapseMonitor::Curve::EmbeddingStd);
        QCOMPARE(std->dataCount(), 10);
        QCOMPARE(std->data()->at(0)->key, 100.0);
        QCOMPARE(std->data()->at(9)->value, 0.08 - 0.005 * 9);
        QCOMPARE(monitor.graph(CollapseMonitor::Curve::EffectiveRank)->data()->at(3)->value, 45.0);
        QCOMPARE(monitor.graph(CollapseMonitor::Curve::TargetMomentum)->dataCount(), 10);
        QCOMPARE(monitor.graph(CollapseMonitor::Curve::TeacherEntropy)->dataCount(), 0);
        QVERIFY(monitor.isShown(CollapseMonitor::Curve::EmbeddingStd));
        QVERIFY(monitor.isShown(CollapseMonitor::Curve::TargetMomentum));
        QVERIFY(!monitor.isShown(CollapseMonitor::Curve::TeacherEntropy)); // BYOL has no teacher entropy

        // The dashed line is 1/√d; the rank axis starts at 0 and has room for the highest rank.
        QCOMPARE(monitor.uniformStdLine(), 1.0 / std::sqrt(128.0));
        QVERIFY(std::isnan(monitor.maxEntropyLine()));
        QCOMPARE(monitor.rankAxis()->range().lower, 0.0);
        QVERIFY(monitor.rankAxis()->range().upper >= 60);
        QCOMPARE(
            monitor.summary(), QStringLiteral("step 1,000: std 0.035 (1/√d 0.088) · effective rank 15.0 of d = 128"));
        QCOMPARE(monitor.latestPerDimStd().size(), size_t(128));

        const QImage image = shot(&monitor, QStringLiteral("collapse-byol"));
        QVERIFY(distinctColours(image) > 30);
        // The dashed 1/√d line is drawn at its value in the std plot.
        QCustomPlot *plot = monitor.plot();
        QCPAxisRect *stdRect = std->keyAxis()->axisRect();
        const QPoint origin = plot->mapTo(&monitor, QPoint(0, 0));
        const int lineY = origin.y() + int(std::lround(std->valueAxis()->coordToPixel(1.0 / std::sqrt(128.0))));
        int dark = 0;
        for (int x = stdRect->left() + 5; x < stdRect->right() - 5; ++x)
            for (int dy = -1; dy <= 1; ++dy)
                if (qGray(image.pixel(origin.x() + x, lineY + dy)) < 90) ++dark;
        QVERIFY2(dark > stdRect->width() / 4, qPrintable(QString::number(dark)));

        // Collapse shows in words too.
        engine::CollapsePreview collapsed = byolPoint(0);
        collapsed.embeddingStd = 0.001;
        collapsed.effectiveRank = 1.05;
        monitor.addPoint(1100, collapsed);
        monitor.flushPendingUpdates();
        QVERIFY(visibleLabelSays(&monitor, QStringLiteral("looks collapsed")));

        monitor.clear();
        monitor.flushPendingUpdates();
        QCOMPARE(monitor.pointCount(), 0);
        QCOMPARE(std->dataCount(), 0);
        QVERIFY(visibleLabelSays(&monitor, QStringLiteral("Signs of collapse appear")));
    }

    void collapseShowsDinoTeacherAndExportsCsv()
    {
        CollapseMonitor monitor;
        for (int i = 0; i < 5; ++i)
            monitor.addPoint(10 * i, dinoPoint(i));
        showPanel(&monitor, QSize(520, 520));
        QVERIFY(monitor.isShown(CollapseMonitor::Curve::TeacherEntropy));
        QVERIFY(monitor.isShown(CollapseMonitor::Curve::CenterNorm));
        QCOMPARE(monitor.graph(CollapseMonitor::Curve::TeacherEntropy)->dataCount(), 5);
        QCOMPARE(monitor.graph(CollapseMonitor::Curve::CenterNorm)->data()->at(2)->value, 0.2);
        QCOMPARE(monitor.maxEntropyLine(), std::log(64.0));
        QVERIFY(monitor.summary().endsWith(QStringLiteral("teacher entropy 2.70 of 4.16")));
        QVERIFY(distinctColours(shot(&monitor, QStringLiteral("collapse-dino"))) > 30);

        const QStringList lines = monitor.csv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 5);
        QCOMPARE(lines[0],
            QStringLiteral("step,dim,embedding_std,uniform_std,effective_rank,teacher_entropy,max_entropy,"
                           "center_norm,target_momentum"));
        const QStringList row = lines[3].split(QLatin1Char(','));
        QCOMPARE(row.size(), 9);
        QCOMPARE(row[0], QStringLiteral("20"));
        QCOMPARE(row[1], QStringLiteral("64"));
        QCOMPARE(row[4].toDouble(), 50.0);
        QCOMPARE(row[5].toDouble(), 3.1);
        QCOMPARE(row[7].toDouble(), 0.2);

        // A method without a teacher leaves those columns empty.
        CollapseMonitor simsiam;
        engine::CollapsePreview p = byolPoint(0);
        p.targetMomentum = -1;
        simsiam.addPoint(1, p);
        QVERIFY(simsiam.csv().endsWith(QStringLiteral(",,,,\n")));
        simsiam.flushPendingUpdates();
        QVERIFY(!simsiam.isShown(CollapseMonitor::Curve::TargetMomentum));
    }

    void correlationCaptionColoursAndHover()
    {
        SimilarityHeatmap view(SimilarityHeatmap::Mode::Correlation);
        showPanel(&view, QSize(480, 420));
        QVERIFY(visibleLabelSays(&view, QStringLiteral("Barlow Twins")));
        QVERIFY(view.whatsThis().contains(QStringLiteral("diagonal red")));
        QCOMPARE(view.exportName(), QStringLiteral("correlation"));

        view.setCorrelation(knownCorrelation());
        view.flushPendingUpdates();
        QCOMPARE(view.mode(), SimilarityHeatmap::Mode::Correlation);
        QCOMPARE(view.caption(), QStringLiteral("diagonal → 1 (mean 0.93), off-diagonal → 0 (mean |C| 0.04)"));
        QVERIFY(visibleLabelSays(&view, QStringLiteral("off-diagonal → 0 (mean |C| 0.04)")));
        QCOMPARE(view.size(), 8);
        QCOMPARE(view.sampleCount(), 0); // no view halves in a correlation matrix

        // Diverging colours fixed to [-1, 1]: the diagonal is red (not the grey of "left out"), -0.8 is blue.
        const QImage image = shot(&view, QStringLiteral("correlation"));
        auto colourAt = [&](int row, int col) {
            const QRect r = view.cellRect(row, col);
            return QColor(image.pixel(r.center() * image.devicePixelRatio()));
        };
        const QCPRange range(-1, 1);
        QCOMPARE(colourAt(2, 2).rgb(), QColor::fromRgb(PlotStyle::diverging().color(0.93, range)).rgb());
        QCOMPARE(colourAt(1, 3).rgb(), QColor::fromRgb(PlotStyle::diverging().color(-0.8, range)).rgb());
        QVERIFY(colourAt(2, 2).red() > colourAt(2, 2).blue() + 60);
        QVERIFY(colourAt(1, 3).blue() > colourAt(1, 3).red() + 60);

        // Hover gives C_ij of the cell under the pointer.
        const auto info = view.cellAt(view.cellRect(1, 3).center());
        QVERIFY(info);
        QCOMPARE(info->row, 1);
        QCOMPARE(info->col, 3);
        QCOMPARE(info->cosine, double(-0.8f));
        QVERIFY(!info->self);
        QVERIFY(
            view.describeCell(*info).startsWith(QStringLiteral("C(1, 3) = -0.800: feature 1 of view 1 vs feature 3")));
        QVERIFY(view.describeCell(*view.cell(2, 2)).contains(QStringLiteral("towards 1")));

        const QStringList csv = view.csv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(csv.size(), 1 + 8);
        QVERIFY(csv[0].startsWith(QStringLiteral("row,feature0,feature1")));
        QVERIFY(csv[2].startsWith(QStringLiteral("feature1,")));

        // The same panel type still shows SimCLR's similarities.
        SimilarityHeatmap similarity;
        QCOMPARE(similarity.mode(), SimilarityHeatmap::Mode::Similarity);
        QCOMPARE(similarity.exportName(), QStringLiteral("similarity"));
    }

    void panelsReadAtDockAndPresentationSizes_data()
    {
        QTest::addColumn<QString>("panel");
        QTest::newRow("queue") << "queue";
        QTest::newRow("collapse") << "collapse";
        QTest::newRow("correlation") << "correlation";
    }
    void panelsReadAtDockAndPresentationSizes()
    {
        QFETCH(QString, panel);
        std::unique_ptr<QWidget> widget;
        if (panel == QLatin1String("queue")) {
            auto *w = new QueueView;
            w->setQueue(knownQueue());
            widget.reset(w);
        } else if (panel == QLatin1String("collapse")) {
            auto *w = new CollapseMonitor;
            for (int i = 0; i < 6; ++i)
                w->addPoint(50 * i, dinoPoint(i));
            widget.reset(w);
        } else {
            auto *w = new SimilarityHeatmap(SimilarityHeatmap::Mode::Correlation);
            w->setCorrelation(knownCorrelation(32));
            widget.reset(w);
        }
        // A small dock.
        showPanel(widget.get(), QSize(300, 240));
        QVERIFY(distinctColours(shot(widget.get(), panel + QStringLiteral("-small"))) > 20);
        // Presentation mode: the application font 1.6 times larger reaches the plots.
        QFont big = widget->font();
        big.setPointSizeF(big.pointSizeF() * 1.6);
        widget->setFont(big);
        widget->resize(760, 560);
        const QImage image = shot(widget.get(), panel + QStringLiteral("-presentation"));
        QVERIFY(distinctColours(image) > 20);
        auto *plot = widget->findChild<QCustomPlot *>();
        QVERIFY(plot);
        QCOMPARE(plot->xAxis->tickLabelFont().pointSizeF(), big.pointSizeF());

        // Settled: fitting labels and ticks to the size does not keep replotting an idle panel.
        int replots = 0;
        connect(plot, &QCustomPlot::afterReplot, this, [&] { ++replots; });
        QTest::qWait(300);
        QVERIFY2(replots <= 3, qPrintable(QString::number(replots)));
    }

    void exportsWriteReadableFiles_data()
    {
        QTest::addColumn<QString>("panel");
        QTest::addColumn<int>("csvRows");
        QTest::newRow("queue") << "queue" << 1 + 4 + 2 + 100;
        QTest::newRow("collapse") << "collapse" << 1 + 3;
        QTest::newRow("correlation") << "correlation" << 1 + 8;
    }
    void exportsWriteReadableFiles()
    {
        QFETCH(QString, panel);
        QFETCH(int, csvRows);
        std::unique_ptr<QWidget> widget;
        if (panel == QLatin1String("queue")) {
            auto *w = new QueueView;
            w->setQueue(knownQueue());
            widget.reset(w);
        } else if (panel == QLatin1String("collapse")) {
            auto *w = new CollapseMonitor;
            for (int i = 0; i < 3; ++i)
                w->addPoint(i, byolPoint(i));
            widget.reset(w);
        } else {
            auto *w = new SimilarityHeatmap(SimilarityHeatmap::Mode::Correlation);
            w->setCorrelation(knownCorrelation());
            widget.reset(w);
        }
        showPanel(widget.get(), QSize(500, 360));
        auto *data = dynamic_cast<Exportable *>(widget.get());
        QVERIFY(data);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString png = dir.filePath(QStringLiteral("p.png"));
        const QString svg = dir.filePath(QStringLiteral("p.svg"));
        const QString pdf = dir.filePath(QStringLiteral("p.pdf"));
        const QString csv = dir.filePath(QStringLiteral("p.csv"));
        QVERIFY(exportPng(widget.get(), png));
        QVERIFY(exportSvg(widget.get(), svg));
        QVERIFY(exportPdf(widget.get(), pdf));
        QVERIFY(exportCsv(*data, csv));
        QVERIFY(!QImage(png).isNull());
        QVERIFY(QFileInfo(svg).size() > 1000);
        QVERIFY(QFileInfo(pdf).size() > 1000);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        QCOMPARE(::csvRows(QString::fromUtf8(file.readAll())), csvRows);
        std::unique_ptr<QMenu> menu(PanelExport::createMenu(widget.get(), data));
        QCOMPARE(menu->actions().last()->text(), QStringLiteral("What am I looking at?"));
    }
};

QTEST_MAIN(TestMethodViews)
#include "tst_methodviews.moc"
