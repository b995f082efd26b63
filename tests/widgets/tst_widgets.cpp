// The panel widgets as a classroom sees them: each one fed known data renders a non-blank picture, hover and
// tooltips report the right numbers, and every export writes a file another program can open.
#include "widgets/augmentationview.h"
#include "widgets/colorizationview.h"
#include "widgets/jigsawview.h"
#include "widgets/lossplot.h"
#include "widgets/maskview.h"
#include "widgets/panelexport.h"
#include "widgets/docktitlebar.h"

#include <QApplication>
#include <QDockWidget>
#include <QToolButton>
#include <QHelpEvent>
#include <QToolTip>
#include "widgets/plotstyle.h"
#include "widgets/probeplot.h"
#include "widgets/qcustomplotinclude.h"
#include "widgets/rotationview.h"
#include "widgets/similarityheatmap.h"
#include "widgets/themedicon.h"
#include "widgets/tokenview.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QMenu>
#include <QSet>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QtTest>

#include <cmath>

using namespace pretext;
using namespace pretext::widgets;

namespace {

const QSize kPanelSize(600, 400);

void showPanel(QWidget *w, QSize size = kPanelSize)
{
    w->resize(size);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    if (auto *e = dynamic_cast<Exportable *>(w)) e->flushPendingUpdates();
}

struct Coverage {
    int distinctColours = 0;
    double nonBackground = 0; // fraction of pixels that differ from the most common colour
};

Coverage coverage(QWidget *w)
{
    const QImage image = w->grab().toImage().convertToFormat(QImage::Format_RGB32);
    QHash<QRgb, int> counts;
    for (int y = 0; y < image.height(); ++y) {
        const QRgb *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            ++counts[line[x]];
    }
    int most = 0;
    for (int c : counts)
        most = std::max(most, c);
    Coverage result;
    result.distinctColours = counts.size();
    result.nonBackground = 1.0 - double(most) / (image.width() * image.height());
    return result;
}

// A 2N×2N matrix with bright positive pairs: s(i, i+N) = 0.8 + 0.01·i, others small and distinct.
engine::Matrix similarityMatrix(int n)
{
    engine::Matrix m;
    m.rows = m.cols = 2 * n;
    m.values.resize(size_t(4 * n * n));
    for (int r = 0; r < 2 * n; ++r) {
        for (int c = 0; c < 2 * n; ++c) {
            float v;
            if (r == c)
                v = 1.0f;
            else if (c == (r + n) % (2 * n))
                v = 0.8f + 0.01f * (r % n);
            else
                v = 0.05f * float(std::sin(r * 1.7 + c * 0.9));
            m.values[size_t(r) * 2 * n + c] = v;
        }
    }
    return m;
}

engine::ImageGrid checkerboard(int count, int size, int channels, int cell, uint8_t a, uint8_t b)
{
    engine::ImageGrid g;
    g.count = count;
    g.height = g.width = size;
    g.channels = channels;
    g.pixels.resize(size_t(count) * size * size * channels);
    for (int i = 0; i < count; ++i) {
        for (int y = 0; y < size; ++y) {
            for (int x = 0; x < size; ++x) {
                const uint8_t v = ((x / cell + y / cell + i) % 2) ? a : b;
                for (int c = 0; c < channels; ++c)
                    g.pixels[((size_t(i) * size + y) * size + x) * channels + c] = uint8_t(v + c * 20);
            }
        }
    }
    return g;
}

// Gray ramp images (distinct value per pixel) so that moved tiles are detectable.
engine::ImageGrid ramp(int count, int size)
{
    engine::ImageGrid g;
    g.count = count;
    g.height = g.width = size;
    g.channels = 1;
    g.pixels.resize(size_t(count) * size * size);
    for (int i = 0; i < count; ++i)
        for (int p = 0; p < size * size; ++p)
            g.pixels[size_t(i) * size * size + p] = uint8_t((p * 7 + i * 13) % 251);
    return g;
}

// Two 8×8 grey samples in 4×4 patches (2 × 2 per image). Sample 0 hides patches 0 and 2, and its reconstruction
// is 51 grey levels too bright on patch 2 (row 1, column 0): MSE (51/255)² = 0.04 there, 0 everywhere else.
struct MaskData {
    engine::ImageGrid original, masked, reconstruction;
    std::vector<uint8_t> patchMask { 1, 0, 1, 0, 0, 1, 1, 1 };
};
MaskData maskData()
{
    const int size = 8, patch = 4;
    MaskData d;
    d.original.count = 2;
    d.original.width = d.original.height = size;
    d.original.channels = 1;
    d.original.pixels.resize(size_t(2) * size * size);
    for (int i = 0; i < 2; ++i)
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x)
                d.original.pixels[(size_t(i) * size + y) * size + x] = uint8_t(40 + 20 * ((x + y + i) % 4));
    d.masked = d.original;
    d.reconstruction = d.original;
    for (int i = 0; i < 2; ++i) {
        for (int p = 0; p < 4; ++p) {
            for (int y = 0; y < patch; ++y) {
                for (int x = 0; x < patch; ++x) {
                    const size_t idx = (size_t(i) * size + (p / 2) * patch + y) * size + (p % 2) * patch + x;
                    if (d.patchMask[size_t(i) * 4 + p]) d.masked.pixels[idx] = 128;
                    if (i == 0 && p == 2) d.reconstruction.pixels[idx] = uint8_t(d.original.pixels[idx] + 51);
                }
            }
        }
    }
    return d;
}

// Two 8×8 samples in 4×4 patches (2 × 2 per image), a vocabulary of 8 tokens; each token map patch is a flat grey.
// Sample 0 hides patches 0 and 1: token 1 guessed right, token 2 guessed as 5 (wrong). Sample 1 hides patch 3,
// token 6, guessed right.
engine::TokenPreview tokenData()
{
    engine::TokenPreview t;
    const MaskData m = maskData();
    t.original = m.original;
    t.patch = 4;
    t.vocabulary = 8;
    t.patchMask = { 1, 1, 0, 0, 0, 0, 0, 1 };
    t.tokens = { 1, 2, 3, 4, 0, 0, 7, 6 };
    t.predictions = { 1, 5, -1, -1, -1, -1, -1, 6 };
    t.tokenMap = m.original;
    t.predictedMap = m.original;
    for (int i = 0; i < 2; ++i)
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x) {
                const size_t p = size_t(i) * 4 + (y / 4) * 2 + x / 4, idx = (size_t(i) * 8 + y) * 8 + x;
                const int shown = t.predictions[p] >= 0 ? t.predictions[p] : t.tokens[p];
                t.tokenMap.pixels[idx] = uint8_t(30 * t.tokens[p]);
                t.predictedMap.pixels[idx] = uint8_t(30 * shown);
            }
    return t;
}

int csvRows(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return -1;
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts).size();
}

QByteArray head(const QString &path, int bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.read(bytes);
}

} // namespace

class TestWidgets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The toolbar asks for its icons at every state change: the same file and colours give the same icon (rendered
    // once, so QPixmapCache is not filled with copies), other colours (a theme switch) another, drawn in them.
    void themedIconsAreMadeOncePerColours()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("square.svg"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"(<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">)"
                R"(<rect x="0" y="0" width="16" height="16" fill="currentColor"/></svg>)");
        f.close();
        QPalette light, dark;
        light.setColor(QPalette::WindowText, Qt::black);
        dark.setColor(QPalette::WindowText, Qt::white);
        const QIcon a = widgets::themedIcon(path, light), b = widgets::themedIcon(path, light);
        const QIcon c = widgets::themedIcon(path, dark);
        QCOMPARE(a.cacheKey(), b.cacheKey());
        QVERIFY(c.cacheKey() != a.cacheKey());
        QCOMPARE(a.pixmap(16, 16).toImage().pixelColor(8, 8), QColor(Qt::black));
        QCOMPARE(c.pixmap(16, 16).toImage().pixelColor(8, 8), QColor(Qt::white));
    }

    void heatmapCellAtReportsCosineAndSoftmax()
    {
        const int n = 4;
        const double tau = 0.5;
        const engine::Matrix m = similarityMatrix(n);
        SimilarityHeatmap heat;
        heat.setSimilarity(m, tau);
        showPanel(&heat);
        QCOMPARE(heat.size(), 2 * n);
        QCOMPARE(heat.sampleCount(), n);

        const QRect rect = heat.cellRect(1, n + 1);
        QVERIFY(!rect.isEmpty());
        QVERIFY(heat.rect().contains(rect));
        const auto info = heat.cellAt(rect.center());
        QVERIFY(info.has_value());
        QCOMPARE(info->row, 1);
        QCOMPARE(info->col, n + 1);
        QVERIFY(info->positive);
        QVERIFY(!info->self);
        QCOMPARE(info->cosine, double(m.at(1, n + 1)));

        // NT-Xent's softmax over row 1 without its own column, by hand.
        double denominator = 0;
        for (int k = 0; k < 2 * n; ++k) {
            if (k != 1) denominator += std::exp(m.at(1, k) / tau);
        }
        const double expected = std::exp(m.at(1, n + 1) / tau) / denominator;
        QVERIFY2(std::abs(info->probability - expected) < 1e-9,
            qPrintable(QStringLiteral("%1 vs %2").arg(info->probability).arg(expected)));

        // The pixel under the cell has the gradient's colour for that cosine: the map is where cellAt says.
        const QImage shot = heat.grab().toImage();
        const QColor drawn = shot.pixelColor(rect.center() * heat.devicePixelRatioF());
        const QColor wanted = QColor::fromRgb(SimilarityHeatmap::gradient().color(info->cosine, QCPRange(-1, 1)));
        QVERIFY2(std::abs(drawn.red() - wanted.red()) + std::abs(drawn.green() - wanted.green())
                    + std::abs(drawn.blue() - wanted.blue())
                < 12,
            qPrintable(drawn.name() + QStringLiteral(" vs ") + wanted.name()));

        // Self cells are flagged and left out of the softmax; negatives are neither.
        const auto self = heat.cellAt(heat.cellRect(2, 2).center());
        QVERIFY(self && self->self && !self->positive);
        QCOMPARE(self->probability, 0.0);
        const auto negative = heat.cellAt(heat.cellRect(0, 1).center());
        QVERIFY(negative && !negative->self && !negative->positive);
        QVERIFY(heat.describeCell(*info).contains(QStringLiteral("view 1 #1 vs view 2 #1 (positive pair)")));
        QVERIFY(!heat.cellAt(QPoint(1, 1)).has_value());

        // A lower temperature sharpens the softmax: the positive gets more of its row.
        heat.setTemperature(0.1);
        QVERIFY(heat.cellAt(rect.center())->probability > expected);
    }

    void heatmapPutsItsTrendBesideTheMatrixInAWidePanel()
    {
        // A projector's short, wide panel: the caption and the pos - neg trend move beside the matrix, which then
        // gets most of the height instead of a third of it.
        const int n = 8;
        SimilarityHeatmap heat;
        QFont big = heat.font();
        big.setPointSizeF(big.pointSizeF() * 1.5);
        heat.setFont(big);
        heat.setSimilarity(similarityMatrix(n), 0.5, 0);
        heat.setSimilarity(similarityMatrix(n), 0.5, 10);
        showPanel(&heat, QSize(500, 280));
        QVERIFY(heat.isSideBySide());
        QTest::qWait(20);
        const int side = heat.cellRect(0, 0).width() * 2 * n;
        QVERIFY2(side > 280 / 2, qPrintable(QString::number(side)));

        heat.resize(420, 600);
        QTest::qWait(20);
        QVERIFY(!heat.isSideBySide());
        QVERIFY(heat.cellRect(0, 0).width() * 2 * n > 420 / 3);
    }

    void heatmapCaptionAndTrendStayReadableWhenNarrow()
    {
        // Presentation fonts in a narrow side column: the caption wraps between figures, never inside one
        // ("negatives" above "0.12", "NT-" above "Xent"), and the short pos − neg curve has two tick labels.
        SimilarityHeatmap heat;
        QFont big = heat.font();
        big.setPointSizeF(big.pointSizeF() * 1.5);
        heat.setFont(big);
        heat.setSimilarity(similarityMatrix(8), 0.5, 0);
        for (int step = 1; step <= 40; ++step) {
            engine::Matrix m = similarityMatrix(8);
            for (float &v : m.values) v *= 0.5f + step / 80.0f;
            heat.setSimilarity(m, 0.5, step);
        }
        showPanel(&heat, QSize(600, 280));
        QLabel *caption = nullptr;
        for (QLabel *l : heat.findChildren<QLabel *>())
            if (l->text().contains(QStringLiteral("Xent"))) caption = l;
        QVERIFY(caption);
        for (int width : { 90, 120, 160, 220 }) {
            QTextDocument doc;
            doc.setDefaultFont(caption->font());
            doc.setHtml(caption->text());
            doc.setTextWidth(width);
            for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
                for (int i = 0; i < b.layout()->lineCount(); ++i) {
                    const QTextLine line = b.layout()->lineAt(i);
                    const QString text = b.text().mid(line.textStart(), line.textLength()).trimmed();
                    QVERIFY2(!text.isEmpty() && !text.front().isDigit() && !text.startsWith(QStringLiteral("Xent"))
                                 && !text.startsWith(QStringLiteral("(left")) && !text.startsWith(QStringLiteral("pair")),
                             qPrintable(QStringLiteral("width %1, line \"%2\"").arg(width).arg(text)));
                }
            }
        }
        // Under the matrix too (a taller panel), and with the top label inside the plot, not cut by its edge.
        for (const QSize size : { QSize(600, 280), QSize(540, 380) }) {
            heat.resize(size);
            QTest::qWait(20);
            QCustomPlot *trend = heat.trendPlot();
            trend->replot();
            QCOMPARE(trend->yAxis->tickVector().size(), 2);
            const double top = trend->yAxis->coordToPixel(trend->yAxis->tickVector().last());
            const double halfLabel = QFontMetrics(trend->yAxis->tickLabelFont()).height() / 2.0;
            QVERIFY2(top - halfLabel >= 0, qPrintable(QStringLiteral("%1 − %2").arg(top).arg(halfLabel)));
        }
    }

    void shortPanelsKeepLegendsReadableAndOffTheCurves()
    {
        // A 1024×768 projector: the probe panel is wide and short. Its legend sits beside the plot at the panel's
        // own font size (two lines per entry), not shrunk to a size no class can read.
        ProbePlot probe;
        probe.setChanceLevel(0.1);
        engine::EvalMetrics base;
        base.randomInit = true;
        base.probeAcc = 0.441;
        base.knnAcc = 0.629;
        probe.addEval(base);
        for (int s = 1; s <= 40; ++s) {
            probe.addOnlineProbe(s, 0.1 + 0.3 * s / 40.0);
            probe.addLearningRate(s, 3e-4);
        }
        engine::EvalMetrics epoch;
        epoch.step = 39;
        epoch.probeAcc = 0.7;
        epoch.knnAcc = 0.67;
        probe.addEval(epoch);
        showPanel(&probe, QSize(480, 230));
        QCOMPARE(probe.plot()->legend->itemCount(), 6);
        QVERIFY2(probe.plot()->legend->font().pointSizeF() >= probe.font().pointSizeF() * 0.95,
                 qPrintable(QString::number(probe.plot()->legend->font().pointSizeF())));
        QVERIFY(probe.plot()->rect().contains(probe.plot()->legend->outerRect()));
        // The learning-rate axis names its power of ten once, in its title, and its ticks are short numbers: on
        // every tick, "3.0×10⁻⁴" took the width the curves need.
        probe.plot()->replot();
        QCOMPARE(probe.plot()->yAxis2->label(), QStringLiteral("learning rate (×10⁻⁴)"));
        for (const QString &label : probe.plot()->yAxis2->tickVectorLabels())
            QVERIFY2(label.size() <= 3, qPrintable(label));
        // In presentation fonts the title would be longer than the axis: it is shortened, not cut.
        QFont big = probe.font();
        big.setPointSizeF(big.pointSizeF() * 1.5);
        probe.setFont(big);
        probe.resize(430, 200);
        probe.flushPendingUpdates();
        probe.flushPendingUpdates(); // the second pass sees the new layout's axis height
        QVERIFY2(QFontMetrics(probe.plot()->yAxis2->labelFont()).horizontalAdvance(probe.plot()->yAxis2->label())
                     <= probe.plot()->axisRect()->height(),
                 qPrintable(probe.plot()->yAxis2->label()));

        // A short loss panel in presentation mode: the legend is one row in the corner, not a box over the
        // curve's end.
        LossPlot loss;
        big = loss.font();
        big.setPointSizeF(big.pointSizeF() * 1.5);
        loss.setFont(big);
        for (int s = 1; s <= 40; ++s) loss.addPoint(s, 6.0 - std::log(double(s)) * 0.25);
        showPanel(&loss, QSize(600, 190));
        loss.flushPendingUpdates();
        const QRect legend = loss.plot()->legend->outerRect();
        QVERIFY2(legend.height() < 2 * QFontMetrics(loss.plot()->legend->font()).height(),
                 qPrintable(QString::number(legend.height())));
        const QPointF end(loss.plot()->xAxis->coordToPixel(40), loss.plot()->yAxis->coordToPixel(6.0 - std::log(40.0) * 0.25));
        QVERIFY(!legend.contains(end.toPoint()));
        // Two steps after the start the curve's end is still high: it passes under the legend, not behind it.
        LossPlot early;
        early.setFont(big);
        early.addPoint(1, 6.0);
        early.addPoint(2, 5.86);
        showPanel(&early, QSize(520, 190));
        early.flushPendingUpdates();
        early.flushPendingUpdates(); // the second pass knows where the legend was laid out
        const QRect box = early.plot()->legend->outerRect();
        for (double step : { 1.0, 2.0 })
            for (QCPGraph *g : { early.plot()->graph(0), early.plot()->graph(1) }) {
                const double v = g->data()->findBegin(step, false)->value;
                const QPoint p(int(early.plot()->xAxis->coordToPixel(step)), int(early.plot()->yAxis->coordToPixel(v)));
                QVERIFY2(!box.contains(p), qPrintable(QStringLiteral("step %1 at %2,%3 under the legend").arg(step).arg(p.x()).arg(p.y())));
            }
        // Its loss axis has no more tick labels than fit one above the other.
        loss.plot()->replot();
        const QVector<double> ticks = loss.plot()->yAxis->tickVector();
        const double lineHeight = QFontMetrics(loss.plot()->yAxis->tickLabelFont()).height();
        for (int i = 1; i < ticks.size(); ++i)
            QVERIFY2(std::abs(loss.plot()->yAxis->coordToPixel(ticks[i]) - loss.plot()->yAxis->coordToPixel(ticks[i - 1]))
                         >= lineHeight,
                     qPrintable(QStringLiteral("%1 ticks in %2 px").arg(ticks.size()).arg(loss.plot()->axisRect()->height())));
    }

    void heatmapMeansAndRender()
    {
        const int n = 6;
        SimilarityHeatmap heat;
        heat.setSimilarity(similarityMatrix(n), 0.5);
        showPanel(&heat);
        const auto means = heat.pairMeans();
        QVERIFY(std::abs(means.positive - (0.8 + 0.01 * 2.5)) < 1e-6);
        QVERIFY(std::abs(means.negative) < 0.05);
        QVERIFY(heat.caption().startsWith(QStringLiteral("positives 0.83 · negatives ")));
        QVERIFY(std::isfinite(heat.ntXentLoss()));
        const Coverage c = coverage(&heat);
        QVERIFY2(c.distinctColours > 20, qPrintable(QString::number(c.distinctColours)));
        QVERIFY(c.nonBackground > 0.2);

        // Non-square input is refused without crashing, and says so.
        engine::Matrix bad;
        bad.rows = 2;
        bad.cols = 3;
        bad.values.assign(6, 0.f);
        heat.setSimilarity(bad, 0.5);
        QCOMPARE(heat.size(), 0);
        QVERIFY(!heat.cellAt(QPoint(300, 200)).has_value());
    }

    void lossSmoothingIsDebiasedEma()
    {
        LossPlot loss;
        QCOMPARE(loss.smoothing(), 0.9);
        loss.setSmoothing(0.5);
        loss.addPoint(1, 1.0);
        loss.addPoint(2, 2.0);
        loss.addPoint(3, 3.0);
        // last = 0.5·last + 0.5·x; shown = last / (1 − 0.5^n)
        const std::vector<double> expected { 1.0, 1.25 / 0.75, 2.125 / 0.875 };
        QCOMPARE(loss.smoothedValues().size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i)
            QVERIFY(std::abs(loss.smoothedValues()[i] - expected[i]) < 1e-12);

        loss.setSmoothing(0);
        QCOMPARE(loss.smoothedValues(), (std::vector<double> { 1, 2, 3 }));

        // Incremental and batch smoothing agree, and a NaN passes through without poisoning later values.
        loss.setSmoothing(0.9);
        loss.clear();
        std::vector<double> raw;
        for (int i = 0; i < 200; ++i) {
            const double v = i == 50 ? std::nan("") : 3 * std::exp(-i / 60.0) + 0.1 * std::sin(i);
            raw.push_back(v);
            loss.addPoint(i, v);
        }
        const std::vector<double> batch = LossPlot::smooth(raw, 0.9);
        QVERIFY(std::isnan(loss.smoothedValues()[50]));
        for (size_t i = 0; i < raw.size(); ++i) {
            if (i != 50) QVERIFY(std::abs(loss.smoothedValues()[i] - batch[i]) < 1e-9);
        }
        QVERIFY(std::isfinite(loss.smoothedValues().back()));
        QCOMPARE(loss.csv().split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 201);
    }

    void lossCoalescesReplotsAndHandles100kPoints()
    {
        LossPlot loss;
        showPanel(&loss);
        QTest::qWait(60);
        int replots = 0;
        connect(loss.plot(), &QCustomPlot::afterReplot, this, [&replots] { ++replots; });
        QElapsedTimer timer;
        timer.start();
        for (int i = 1; i <= 100000; ++i)
            loss.addPoint(i, 2.0 + std::exp(-i / 20000.0) + 0.05 * std::sin(i * 0.37));
        QCOMPARE(replots, 0); // nothing replotted synchronously inside the burst
        QTRY_COMPARE_WITH_TIMEOUT(replots, 1, 1000);
        QTest::qWait(80);
        QCOMPARE(replots, 1); // the whole burst became one replot
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(loss.pointCount(), 100000);
        // Auto-follow showed everything.
        QVERIFY(loss.plot()->xAxis->range().contains(1) && loss.plot()->xAxis->range().contains(100000));
        QVERIFY(coverage(&loss).distinctColours > 10);
    }

    void lossZoomStopsFollowingUntilReset()
    {
        LossPlot loss;
        showPanel(&loss);
        for (int i = 1; i <= 100; ++i)
            loss.addPoint(i, 1.0 / i);
        loss.flushPendingUpdates();
        QVERIFY(loss.autoFollow());
        loss.plot()->xAxis->setRange(10, 20); // what a wheel zoom does
        QVERIFY(!loss.autoFollow());
        loss.addPoint(101, 0.5);
        loss.flushPendingUpdates();
        QCOMPARE(loss.plot()->xAxis->range().lower, 10.0);
        loss.resetView();
        loss.flushPendingUpdates();
        QVERIFY(loss.autoFollow());
        QVERIFY(loss.plot()->xAxis->range().contains(101));

        loss.setLogScale(true);
        QCOMPARE(loss.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(loss.autoFollow()); // switching the scale is not a user zoom
        loss.flushPendingUpdates();
        QVERIFY(loss.plot()->yAxis->range().lower > 0);
    }

    void probeCurvesAreComparedOnlyWithTheirOwnProtocol()
    {
        // The classroom's first minute: a random-init linear probe of 44 %, a kNN of 40 %, and an online probe
        // that starts at chance. No curve may be drawn against a line that another protocol measured.
        ProbePlot probe;
        probe.setChanceLevel(0.1);
        engine::EvalMetrics base;
        base.randomInit = true;
        base.probeAcc = 0.601;
        base.knnAcc = 0.55;
        probe.addEval(base);
        for (int s = 0; s <= 1000; s += 10) {
            probe.addOnlineProbe(s, 0.1 + 0.3 * s / 1000.0);
            probe.addLearningRate(s, 3e-4 * (1 - s / 1000.0));
        }
        engine::EvalMetrics epoch;
        epoch.step = 500;
        epoch.probeAcc = 0.7;
        epoch.knnAcc = 0.68;
        probe.addEval(epoch);
        showPanel(&probe);

        using S = ProbePlot::Series;
        // Linear-probe markers: against the random-init encoder's linear probe, drawn dashed in their colour.
        const auto linear = probe.baselineFor(S::LinearProbe);
        QVERIFY(linear.has_value());
        QCOMPARE(linear->protocol, QStringLiteral("random init, linear probe"));
        QVERIFY(std::abs(linear->percent - 60.1) < 1e-9);
        QCPGraph *linearLine = probe.baselineGraph(S::LinearProbe);
        QVERIFY(linearLine);
        QCOMPARE(linearLine->pen().style(), Qt::DashLine);
        QCOMPARE(linearLine->pen().color(), probe.seriesGraph(S::LinearProbe)->pen().color());
        QVERIFY(linearLine->dataCount() >= 2);
        for (int i = 0; i < linearLine->dataCount(); ++i)
            QVERIFY(std::abs(linearLine->data()->at(i)->value - 60.1) < 1e-9);
        QVERIFY(linearLine->name().contains(QStringLiteral("60.1%")));
        // kNN markers: against the random-init kNN, not the linear probe's value.
        const auto knn = probe.baselineFor(S::Knn);
        QVERIFY(knn.has_value());
        QCOMPARE(knn->protocol, QStringLiteral("random init, kNN"));
        QVERIFY(std::abs(knn->percent - 55.0) < 1e-9);
        QCPGraph *knnLine = probe.baselineGraph(S::Knn);
        QVERIFY(knnLine && knnLine != linearLine);
        QVERIFY(std::abs(knnLine->data()->at(0)->value - 55.0) < 1e-9);
        QCOMPARE(knnLine->pen().color(), probe.seriesGraph(S::Knn)->pen().color());
        // The online probe is trained from scratch during the run: chance, never a random-init probe value.
        const auto online = probe.baselineFor(S::OnlineProbe);
        QVERIFY(online.has_value());
        QCOMPARE(online->protocol, QStringLiteral("chance"));
        QVERIFY(std::abs(online->percent - 10.0) < 1e-9);
        QCPGraph *chance = probe.baselineGraph(S::OnlineProbe);
        QVERIFY(chance && chance != linearLine && chance != knnLine);
        QVERIFY(std::abs(chance->data()->at(0)->value - 10.0) < 1e-9);
        // Labels live in the legend, never on the plot where a curve could run through them.
        for (int i = 0; i < probe.plot()->itemCount(); ++i)
            QVERIFY(!qobject_cast<QCPItemText *>(probe.plot()->item(i)));
        QStringList legend;
        for (int i = 0; i < probe.plot()->legend->itemCount(); ++i)
            if (auto *item = qobject_cast<QCPPlottableLegendItem *>(probe.plot()->legend->item(i)))
                legend << item->plottable()->name();
        QVERIFY2(legend.contains(QStringLiteral("random init, linear probe 60.1%")), qPrintable(legend.join(", ")));
        QVERIFY(legend.contains(QStringLiteral("random init, kNN 55.0%")));
        QVERIFY(legend.contains(QStringLiteral("chance 10.0%")));
        // The help text says the same: markers against their own dashed line, the online probe against chance.
        QVERIFY(probe.whatsThis().contains(QStringLiteral("never compared with the dashed random-init lines")));
        QVERIFY(std::abs(*probe.baseline() - 60.1) < 1e-9);
        // Every curve says which protocol it is; the epoch-end markers start at their own random-init value.
        QStringList names;
        for (int i = 0; i < probe.plot()->graphCount(); ++i) names << probe.plot()->graph(i)->name();
        QVERIFY2(names.contains(QStringLiteral("online probe (augmented views)")), qPrintable(names.join(", ")));
        QVERIFY(names.contains(QStringLiteral("linear probe (clean images)")));
        QVERIFY(names.contains(QStringLiteral("kNN (clean images)")));
        for (S series : { S::LinearProbe, S::Knn }) {
            QCPGraph *g = probe.seriesGraph(series);
            QCOMPARE(g->dataCount(), 2);
            QCOMPARE(g->data()->at(0)->key, 0.0);
            QVERIFY(std::abs(g->data()->at(0)->value - probe.baselineFor(series)->percent) < 1e-9);
        }
        QCOMPARE(probe.plot()->yAxis->range().lower, 0.0);
        QCOMPARE(probe.plot()->yAxis->range().upper, 100.0);
        QVERIFY(probe.plot()->yAxis2->visible()); // learning rate axis
        QCOMPARE(probe.onlineCount(), 101);
        QCOMPARE(probe.evalCount(), 1);

        const Coverage c = coverage(&probe);
        QVERIFY(c.distinctColours > 20);
        QVERIFY(c.nonBackground > 0.05);
        // random init (probe + kNN), 101 online, 1 probe, 1 kNN, 101 lr, header
        QCOMPARE(probe.csv().split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 1 + 2 + 101 + 2 + 101);

        probe.clear();
        QVERIFY(!probe.baseline().has_value());
        QVERIFY(!probe.baselineGraph(S::LinearProbe));
        QVERIFY(!probe.baselineGraph(S::Knn));
        QCOMPARE(linearLine->dataCount(), 0);
        QCOMPARE(knnLine->dataCount(), 0);
    }

    void emptyProbePlotHasAReadableAxis()
    {
        // Before any data the x axis spans most of the panel and its labels do not overlap.
        ProbePlot probe;
        showPanel(&probe);
        const QRect axis = probe.plot()->axisRect()->rect();
        QVERIFY2(axis.width() > probe.width() / 2, qPrintable(QString::number(axis.width())));
        QVERIFY(axis.height() > probe.height() / 2);
    }

    void augmentationDescribesCropAndFlip()
    {
        const int n = 3;
        const engine::ImageGrid originals = checkerboard(n, 28, 1, 4, 30, 220);
        const engine::ImageGrid v1 = checkerboard(n, 24, 3, 3, 10, 200);
        const engine::ImageGrid v2 = checkerboard(n, 24, 3, 6, 60, 160);
        std::vector<engine::AugmentRecord> r1(n), r2(n);
        r1[0].cropX = 2;
        r1[0].cropY = 3;
        r1[0].cropW = 20;
        r1[0].cropH = 18;
        r1[0].flipped = true;
        r1[0].jittered = true;
        r1[0].brightness = 1.2f;
        r1[0].hue = -0.05f;
        r2[0].cropX = 0;
        r2[0].cropY = 0;
        r2[0].cropW = 28;
        r2[0].cropH = 28;
        r2[0].grayscale = true;
        r2[0].blurSigma = 1.5f;

        AugmentationView view;
        view.setPairs(originals, v1, v2, r1, r2);
        showPanel(&view);
        QCOMPARE(view.sampleCount(), n);
        const QString text = view.describe(0);
        QVERIFY2(text.contains(QStringLiteral("crop: 20 × 18 px at (2, 3)")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("flip: yes")));
        QVERIFY(text.contains(QStringLiteral("flip: no")));
        QVERIFY(text.contains(QStringLiteral("brightness ×1.20")));
        QVERIFY(text.contains(QStringLiteral("σ = 1.50")));
        QVERIFY(view.describe(n).isEmpty());

        for (int i = 0; i < n; ++i)
            QCOMPARE(view.sampleAt(view.sampleRect(i).center()), i);
        QCOMPARE(view.sampleAt(QPoint(-5, -5)), -1);
        QVERIFY(view.pixelScale() >= 2);
        QVERIFY(!view.insetRect(0).isEmpty());

        // Nearest-neighbour: inside view 1 of sample 0 only the checkerboard's two colours appear, and each
        // source pixel covers pixelScale() screen pixels.
        const QImage shot = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
        const QRectF image = view.imageRect(0, 0);
        QCOMPARE(image.width(), 24 * view.pixelScale());
        const double dpr = view.devicePixelRatioF();
        QSet<QRgb> colours;
        const QRect inner = QRectF(image.topLeft() * dpr, image.size() * dpr).toAlignedRect().adjusted(1, 1, -1, -1);
        for (int y = inner.top(); y <= inner.bottom(); ++y)
            for (int x = inner.left(); x <= inner.right(); ++x)
                colours.insert(shot.pixel(x, y));
        QVERIFY2(colours.size() == 2, qPrintable(QString::number(colours.size())));

        const Coverage c = coverage(&view);
        QVERIFY(c.nonBackground > 0.1);
        QCOMPARE(view.csv().split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 1 + 2 * n);
    }

    void captionWrapBreaksAtSpacesAndElidesOnlyTheLastRow()
    {
        const QFontMetricsF fm(QApplication::font());
        const QString text = QStringLiteral("#3 1: crop 41% flip jitter gray blur solar");
        const double narrow = fm.horizontalAdvance(text) * 0.45;
        const QStringList three = SampleGridView::wrapCaption(text, fm, narrow, 3);
        QVERIFY2(three.size() >= 2, qPrintable(three.join(QLatin1Char('|'))));
        QCOMPARE(three.join(QLatin1Char(' ')), text); // every word is there, nothing elided
        for (const QString &line : three) QVERIFY(fm.horizontalAdvance(line) <= narrow + 0.5);
        const QStringList one = SampleGridView::wrapCaption(text, fm, narrow, 1);
        QCOMPARE(one.size(), 1);
        QVERIFY(one.front().endsWith(QChar(0x2026)));
        QCOMPARE(SampleGridView::wrapCaption(text, fm, fm.horizontalAdvance(text) + 1, 3), QStringList { text });
    }

    void augmentationPanelStaysLegibleAtPresentationSize()
    {
        // The 1280x720 presentation layout gives the views panel about 700 x 300 pixels at 1.5x fonts: eight
        // pairs would be 28-pixel thumbnails with captions cut after "crop 41". Fewer pairs are shown, at least
        // twice their size, every caption word readable, and the header says how many.
        const int n = 8;
        std::vector<engine::AugmentRecord> records(n);
        for (auto &r : records) {
            r.cropX = 3;
            r.cropY = 3;
            r.cropW = 18;
            r.cropH = 18; // 41 % of 28 x 28
            r.flipped = r.jittered = r.grayscale = r.solarized = true;
            r.blurSigma = 1.0f;
        }
        AugmentationView view;
        view.setPairs(checkerboard(n, 28, 1, 4, 30, 220), checkerboard(n, 24, 1, 3, 10, 200),
            checkerboard(n, 24, 1, 6, 60, 160), records, records);
        const QFont normal = view.font();
        QFont big = normal;
        big.setPointSizeF(normal.pointSizeF() * 1.5);
        view.setFont(big);
        showPanel(&view, QSize(700, 300));
        const int shown = view.shownCount();
        QVERIFY2(shown >= 2 && shown < n, qPrintable(QString::number(shown)));
        QVERIFY2(view.pixelScale() >= SampleGridView::kLegibleScale, qPrintable(QString::number(view.pixelScale())));
        const QFontMetricsF fm(view.font());
        for (int i = 0; i < shown; ++i) {
            const QString caption = QStringLiteral("#%1 1: crop 41% flip jitter gray blur solar").arg(i);
            const QStringList lines
                = SampleGridView::wrapCaption(caption, fm, view.sampleRect(i).width(), view.captionRows());
            QCOMPARE(lines.join(QLatin1Char(' ')), caption);
        }
        QVERIFY(view.sampleRect(shown).isEmpty());
        QCOMPARE(view.sampleAt(view.sampleRect(shown - 1).center()), shown - 1);
        QVERIFY(view.grab().toImage().width() > 0);

        // A panel with room shows every pair, captions on one row.
        view.setFont(normal);
        view.resize(1400, 700);
        QCOMPARE(view.shownCount(), n);
        QCOMPARE(view.captionRows(), 1);
    }

    void rotationMarksRightAndWrong()
    {
        RotationView view;
        view.setSamples(ramp(4, 16), { 0, 1, 2, 3 }, { 0, 3, 2, -1 });
        showPanel(&view);
        QCOMPARE(view.sampleCount(), 4);
        QCOMPARE(view.predictedCount(), 3);
        QCOMPARE(view.correctCount(), 2);
        QVERIFY(view.describe(1).contains(QStringLiteral("turned by 90°")));
        QVERIFY(view.describe(1).contains(QStringLiteral("guessed 270° (k = 3): wrong")));
        QVERIFY(view.describe(3).contains(QStringLiteral("not guessed")));
        QVERIFY(coverage(&view).nonBackground > 0.1);
        QCOMPARE(view.sampleAt(view.sampleRect(2).center()), 2);
    }

    void jigsawReassemblesWithThePrediction()
    {
        const int size = 12;
        const int grid = 3;
        const engine::ImageGrid original = ramp(2, size);
        const std::vector<std::vector<int>> perms { { 0, 1, 2, 3, 4, 5, 6, 7, 8 }, { 8, 7, 6, 5, 4, 3, 2, 1, 0 },
            { 1, 0, 2, 4, 3, 5, 7, 6, 8 } };
        const std::vector<int> labels { 2, 1 };
        // Shuffled position j holds original tile perm[j].
        engine::ImageGrid shuffled = original;
        const int t = size / grid;
        for (int i = 0; i < 2; ++i) {
            for (int j = 0; j < grid * grid; ++j) {
                const int src = perms[labels[i]][j];
                for (int y = 0; y < t; ++y)
                    for (int x = 0; x < t; ++x)
                        shuffled.pixels[i * size * size + ((j / grid) * t + y) * size + (j % grid) * t + x]
                            = original.pixels[i * size * size + ((src / grid) * t + y) * size + (src % grid) * t + x];
            }
        }
        JigsawView view;
        view.setSamples(original, shuffled, grid, perms, { 2, 0 }, labels);
        showPanel(&view);
        QCOMPARE(view.correctCount(), 1);
        const QImage back = view.reassembled(0).convertToFormat(QImage::Format_Grayscale8);
        const QImage want = SampleGridView::toImage(original, 0);
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x)
                QCOMPARE(qGray(back.pixel(x, y)), qGray(want.pixel(x, y)));
        QVERIFY(view.reassembled(1).convertToFormat(QImage::Format_Grayscale8) != SampleGridView::toImage(original, 1));
        QVERIFY(view.describe(0).contains(QStringLiteral("right")));
        QVERIFY(view.describe(1).contains(QStringLiteral("wrong")));
        QVERIFY(coverage(&view).nonBackground > 0.1);
    }

    void maskFindsHiddenPatchesAndError()
    {
        const int size = 16, patch = 4;
        const engine::ImageGrid original = ramp(2, size);
        engine::ImageGrid masked = original;
        engine::ImageGrid recon = original;
        // Hide patches 0, 5 and 10 of image 0 with a flat grey; the reconstruction is off by 51 there.
        for (int p : { 0, 5, 10 }) {
            for (int y = 0; y < patch; ++y) {
                for (int x = 0; x < patch; ++x) {
                    const size_t idx = size_t((p / 4) * patch + y) * size + (p % 4) * patch + x;
                    masked.pixels[idx] = 128;
                    recon.pixels[idx] = uint8_t(std::min(255, original.pixels[idx] + 51));
                }
            }
        }
        MaskView view;
        view.setSamples(original, masked, recon, patch);
        showPanel(&view);
        QCOMPARE(view.patchesPerImage(), 16);
        QCOMPARE(view.maskedPatches(0), 3);
        QVERIFY(view.isMasked(0, 5) && !view.isMasked(0, 1));
        QCOMPARE(view.maskedPatches(1), 0);
        QVERIFY(view.maskedError(0) > 0.03 && view.maskedError(0) <= 0.04 + 1e-9);
        QCOMPARE(view.visibleError(0), 0.0);
        QVERIFY(view.describe(0).contains(QStringLiteral("3 of 16 patches")));

        // An explicit mask wins over the inference.
        std::vector<uint8_t> mask(32, 0);
        mask[1] = 1;
        view.setSamples(original, masked, recon, patch, mask);
        QCOMPARE(view.maskedPatches(0), 1);
        QVERIFY(coverage(&view).nonBackground > 0.1);
    }

    void colorizationShowsEachSamplesColourError()
    {
        // Sample 0: red, guessed gray on the same brightness; sample 1: blue, guessed exactly.
        auto grid = [](int channels, std::initializer_list<int> a, std::initializer_list<int> b) {
            engine::ImageGrid g;
            g.count = 2;
            g.width = g.height = 4;
            g.channels = channels;
            for (const auto &colour : { a, b })
                for (int p = 0; p < 16; ++p)
                    for (int v : colour) g.pixels.push_back(uint8_t(v));
            return g;
        };
        engine::ColorizationPreview preview;
        preview.gray = grid(1, { 76 }, { 29 });
        preview.prediction = grid(3, { 76, 76, 76 }, { 0, 0, 255 });
        preview.truth = grid(3, { 255, 0, 0 }, { 0, 0, 255 });
        ColorizationView view;
        view.setPreview(preview);
        showPanel(&view);
        QCOMPARE(view.sampleCount(), 2);
        // Red's chroma is (Cb, Cr) = (-0.1687, 0.5); gray's is 0: error (0.1687² + 0.5²) / 2 = 0.1392.
        QVERIFY2(std::abs(view.colourError(0) - 0.139236) < 1e-4, qPrintable(QString::number(view.colourError(0))));
        QCOMPARE(view.colourError(0), view.grayGuessError(0));
        QVERIFY(view.vividness(0) < 1e-9);
        QCOMPARE(view.colourError(1), 0.0);
        QVERIFY(std::abs(view.vividness(1) - 1.0) < 1e-12);
        QVERIFY2(view.describe(0).contains(QStringLiteral("colour error: 0.1392")), qPrintable(view.describe(0)));
        const QStringList rows = view.csv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0], QStringLiteral("sample,colour_mse,gray_guess_mse,vividness"));
        QVERIFY2(rows[1].startsWith(QStringLiteral("0,0.13923")), qPrintable(rows[1]));
        QCOMPARE(rows[2], QStringLiteral("1,0,0.128306,1"));
        // In the picture: the gray guess, the red truth, the exact blue guess.
        const QImage shot = view.grab().toImage();
        const qreal dpr = shot.devicePixelRatio();
        auto pixel = [&](int sample, int image) {
            const QPointF c = view.imageRect(sample, image).center() * dpr;
            return QColor(shot.pixel(c.toPoint()));
        };
        QCOMPARE(pixel(0, 0), QColor(76, 76, 76));
        QCOMPARE(pixel(0, 1), QColor(76, 76, 76));
        QCOMPARE(pixel(0, 2), QColor(255, 0, 0));
        QCOMPARE(pixel(1, 1), QColor(0, 0, 255));
        view.clear();
        QCOMPARE(view.sampleCount(), 0);
        QVERIFY(std::isnan(view.meanColourError()));
    }

    void maskErrorMapShowsEachPatchsError()
    {
        const MaskData d = maskData();
        MaskView view;
        view.setSamples(d.original, d.masked, d.reconstruction, 4, d.patchMask);
        QCOMPARE(view.patchColumns(), 2);
        QCOMPARE(view.patchesPerImage(), 4);
        QCOMPARE(view.maskedPatches(0), 2);
        QCOMPARE(view.maskedPatches(1), 3);
        QVERIFY(view.isMasked(0, 2) && !view.isMasked(0, 1));
        QVERIFY2(std::abs(view.patchError(0, 2) - 0.04) < 1e-12, qPrintable(QString::number(view.patchError(0, 2))));
        QCOMPARE(view.patchError(0, 0), 0.0);
        QCOMPARE(view.patchError(1, 2), 0.0);
        QVERIFY(std::isnan(view.patchError(0, 4)));
        QVERIFY(std::abs(view.maskedError(0) - 0.02) < 1e-12); // two hidden patches, one of them wrong
        QCOMPARE(view.visibleError(0), 0.0);
        QCOMPARE(view.maskedError(1), 0.0);
        QCOMPARE(view.errorScaleMax(), 0.05);
        QVERIFY2(view.describe(0).contains(QStringLiteral("worst hidden patch: (1, 0)")), qPrintable(view.describe(0)));

        // The engine's value type gives the same panel.
        engine::MaskPreview preview;
        preview.original = d.original;
        preview.masked = d.masked;
        preview.reconstruction = d.reconstruction;
        preview.patch = 4;
        preview.patchMask = d.patchMask;
        MaskView fromPreview;
        fromPreview.setPreview(preview);
        QCOMPARE(fromPreview.maskedPatches(1), 3);
        QCOMPARE(fromPreview.patchError(0, 2), view.patchError(0, 2));

        // In the picture: the wrong patch bright on the error map, an exact hidden one dark, a visible one faded;
        // hidden patches of the masked input grey.
        showPanel(&view, QSize(900, 400));
        QCOMPARE(view.shownCount(), 2);
        const QImage shot = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
        const double dpr = shot.devicePixelRatio();
        auto grey = [&](int image, int patch) {
            const QRectF r = view.patchRectInWidget(0, image, patch);
            return qGray(shot.pixel((r.center() * dpr).toPoint()));
        };
        const int wrong = grey(3, 2), exact = grey(3, 0), visible = grey(3, 1);
        QVERIFY2(wrong > exact + 100, qPrintable(QStringLiteral("wrong %1, exact %2").arg(wrong).arg(exact)));
        QVERIFY2(visible > exact + 60, qPrintable(QStringLiteral("visible %1, exact %2").arg(visible).arg(exact)));
        QVERIFY2(std::abs(grey(1, 0) - 150) <= 25, qPrintable(QString::number(grey(1, 0))));
        // The colour scale is drawn once above the samples: its bright end (viridis yellow) is there.
        bool scaleEnd = false;
        for (int y = 0; y < int(view.sampleRect(0).top() * dpr) && !scaleEnd; ++y)
            for (int x = 0; x < shot.width() && !scaleEnd; ++x)
                scaleEnd = qRed(shot.pixel(x, y)) > 220 && qGreen(shot.pixel(x, y)) > 200 && qBlue(shot.pixel(x, y)) < 90;
        QVERIFY(scaleEnd);
        QVERIFY(coverage(&view).nonBackground > 0.1);
    }

    void maskTooltipNamesTheHoveredPatch()
    {
        const MaskData d = maskData();
        MaskView view;
        view.setSamples(d.original, d.masked, d.reconstruction, 4, d.patchMask);
        showPanel(&view, QSize(900, 400));

        // Any of the four images names the same patch.
        for (int image = 0; image < 4; ++image) {
            const MaskView::PatchHit hit = view.patchAt(view.patchRectInWidget(0, image, 2).center().toPoint());
            QCOMPARE(hit.sample, 0);
            QCOMPARE(hit.patch, 2);
            QCOMPARE(hit.image, image);
        }
        const MaskView::PatchHit other = view.patchAt(view.patchRectInWidget(1, 0, 3).center().toPoint());
        QCOMPARE(other.sample, 1);
        QCOMPARE(other.patch, 3);
        QVERIFY(!view.patchAt(QPoint(1, 1)).isValid());
        QVERIFY(!view.patchAt(view.sampleRect(0).bottomLeft() + QPoint(2, -2)).isValid()); // the caption

        const QString wrong = view.patchToolTip(0, 2);
        QVERIFY2(wrong.startsWith(QStringLiteral("patch (1, 0), hidden: MSE 0.0400")), qPrintable(wrong));
        const QString seen = view.patchToolTip(0, 1);
        QVERIFY2(seen.startsWith(QStringLiteral("patch (0, 1), visible: MSE 0.0000")), qPrintable(seen));

        // The tooltip the class sees when the mouse rests on the error map's wrong patch.
        const QPoint pos = view.patchRectInWidget(0, 3, 2).center().toPoint();
        QHelpEvent help(QEvent::ToolTip, pos, view.mapToGlobal(pos));
        QApplication::sendEvent(&view, &help);
        QTRY_COMPARE(QToolTip::text(), wrong);
        // Over the caption it is the sample's summary.
        const QPoint caption = view.sampleRect(0).bottomLeft() + QPoint(view.sampleRect(0).width() / 2, -4);
        QHelpEvent help2(QEvent::ToolTip, caption, view.mapToGlobal(caption));
        QApplication::sendEvent(&view, &help2);
        QTRY_COMPARE(QToolTip::text(), view.describe(0));
        QToolTip::hideText();
    }

    void maskCsvHasEveryPatchsError()
    {
        const MaskData d = maskData();
        MaskView view;
        view.setSamples(d.original, d.masked, d.reconstruction, 4, d.patchMask);
        const QStringList lines = view.csv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 2 * 4);
        QCOMPARE(lines[0],
            QStringLiteral("sample,patch,row,column,hidden,mse,sample_hidden_patches,sample_mse_masked,sample_mse_visible"));
        QCOMPARE(lines[1 + 2], QStringLiteral("0,2,1,0,1,0.04,2,0.02,0"));
        QCOMPARE(lines[1 + 1], QStringLiteral("0,1,0,1,0,0,2,0.02,0"));
        QCOMPARE(lines[1 + 4 + 3], QStringLiteral("1,3,1,1,1,0,3,0,0"));
    }

    void tokensMarkRightAndWrongGuesses()
    {
        TokenView view;
        view.setPreview(tokenData());
        showPanel(&view, QSize(700, 400));
        QCOMPARE(view.sampleCount(), 2);
        QCOMPARE(view.predictedCount(), 3);
        QCOMPARE(view.correctCount(), 2);
        QCOMPARE(view.correctCount(0), 1);
        QCOMPARE(view.prediction(0, 2), -1); // visible: nothing predicted
        const QImage shot = view.grab().toImage();
        // Blue (right) and orange (wrong) outline pixels inside each patch of the guesses image.
        auto marks = [&](int sample, int patch, const QColor &colour) {
            const QRect r = view.patchRectInWidget(sample, 2, patch).toAlignedRect() & shot.rect();
            int n = 0;
            for (int y = r.top(); y <= r.bottom(); ++y)
                for (int x = r.left(); x <= r.right(); ++x) {
                    const QColor c = shot.pixelColor(x, y);
                    n += std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green())
                            + std::abs(c.blue() - colour.blue()) < 40;
                }
            return n;
        };
        QVERIFY(marks(0, 0, PlotStyle::correct()) > 8);
        QCOMPARE(marks(0, 0, PlotStyle::wrong()), 0);
        QVERIFY(marks(0, 1, PlotStyle::wrong()) > 8);
        QCOMPARE(marks(0, 1, PlotStyle::correct()), 0);
        QVERIFY(marks(1, 3, PlotStyle::correct()) > 8);
        for (int p : { 2, 3 }) // visible patches carry no mark
            QVERIFY(marks(0, p, PlotStyle::correct()) + marks(0, p, PlotStyle::wrong()) == 0);
        // A solid outline has more coloured pixels than a dashed one of the same size: not colour alone.
        QVERIFY(marks(0, 0, PlotStyle::correct()) > marks(0, 1, PlotStyle::wrong()));
        QVERIFY(view.headerText().contains(QStringLiteral("2 of 3 hidden tokens right")));
        QVERIFY(view.describe(0).contains(QStringLiteral("1 of 2 hidden tokens named right")));
    }

    void tokensTooltipNamesTrueAndPredictedToken()
    {
        TokenView view;
        view.setPreview(tokenData());
        showPanel(&view, QSize(700, 400));
        for (int image = 0; image < 3; ++image) {
            const TokenView::PatchHit hit = view.patchAt(view.patchRectInWidget(0, image, 1).center().toPoint());
            QCOMPARE(hit.sample, 0);
            QCOMPARE(hit.patch, 1);
            QCOMPARE(hit.image, image);
        }
        const QString wrong = view.patchToolTip(0, 1);
        QVERIFY2(wrong.startsWith(QStringLiteral("patch (0, 1), hidden: true token 2, predicted token 5 ✗ wrong")),
            qPrintable(wrong));
        QVERIFY(view.patchToolTip(1, 3).startsWith(QStringLiteral("patch (1, 1), hidden: true token 6, predicted token 6 ✓ right")));
        QVERIFY(view.patchToolTip(0, 2).startsWith(QStringLiteral("patch (1, 0), visible: token 3")));
        const QPoint pos = view.patchRectInWidget(0, 2, 1).center().toPoint();
        QHelpEvent help(QEvent::ToolTip, pos, view.mapToGlobal(pos));
        QApplication::sendEvent(&view, &help);
        QTRY_COMPARE(QToolTip::text(), wrong);
        QToolTip::hideText();
    }

    void tokensCsvHasEveryPatch()
    {
        TokenView view;
        view.setPreview(tokenData());
        const QStringList lines = view.csv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 2 * 4);
        QCOMPARE(lines[0], QStringLiteral("sample,patch,row,column,hidden,token,predicted_token,correct"));
        QCOMPARE(lines[1], QStringLiteral("0,0,0,0,1,1,1,1"));
        QCOMPARE(lines[2], QStringLiteral("0,1,0,1,1,2,5,0"));
        QCOMPARE(lines[3], QStringLiteral("0,2,1,0,0,3,,"));
        QCOMPARE(lines[8], QStringLiteral("1,3,1,1,1,6,6,1"));
        QCOMPARE(view.exportName(), QStringLiteral("visual-tokens"));
        view.clear();
        QCOMPARE(view.sampleCount(), 0);
    }

    void exportsWriteReadableFiles_data()
    {
        QTest::addColumn<QString>("panel");
        QTest::addColumn<int>("csvRows");
        QTest::newRow("heatmap") << "heatmap" << 1 + 8;
        QTest::newRow("loss") << "loss" << 1 + 50;
        QTest::newRow("probe") << "probe" << 1 + 1 + 20;
        QTest::newRow("augmentation") << "augmentation" << 1 + 2 * 2;
        QTest::newRow("mask") << "mask" << 1 + 2 * 4;
    }
    void exportsWriteReadableFiles()
    {
        QFETCH(QString, panel);
        QFETCH(int, csvRows);
        std::unique_ptr<QWidget> widget;
        if (panel == QLatin1String("heatmap")) {
            auto *w = new SimilarityHeatmap;
            w->setSimilarity(similarityMatrix(4), 0.5);
            widget.reset(w);
        } else if (panel == QLatin1String("loss")) {
            auto *w = new LossPlot;
            for (int i = 1; i <= 50; ++i)
                w->addPoint(i, 5.0 / i);
            widget.reset(w);
        } else if (panel == QLatin1String("probe")) {
            auto *w = new ProbePlot;
            engine::EvalMetrics base;
            base.randomInit = true;
            base.probeAcc = 0.6;
            w->addEval(base);
            for (int i = 0; i < 20; ++i)
                w->addOnlineProbe(i * 10, 0.5 + i * 0.01);
            widget.reset(w);
        } else if (panel == QLatin1String("mask")) {
            const MaskData d = maskData();
            auto *w = new MaskView;
            w->setSamples(d.original, d.masked, d.reconstruction, 4, d.patchMask);
            widget.reset(w);
        } else {
            auto *w = new AugmentationView;
            w->setPairs(checkerboard(2, 28, 1, 4, 0, 255), checkerboard(2, 20, 1, 2, 0, 255),
                checkerboard(2, 20, 1, 5, 0, 255), std::vector<engine::AugmentRecord>(2),
                std::vector<engine::AugmentRecord>(2));
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

        const QImage image(png);
        QVERIFY(!image.isNull());
        // The loss picture is its plot only (the smoothing slider row stays out); the others are the whole panel.
        const QSize shown = panel == QLatin1String("loss") ? static_cast<LossPlot *>(widget.get())->plot()->size()
                                                           : QSize(500, 360);
        QCOMPARE(image.size(), shown * widget->devicePixelRatioF());
        const QByteArray svgHead = head(svg, 4096);
        QVERIFY(svgHead.startsWith("<?xml") || svgHead.contains("<svg"));
        QVERIFY(QFileInfo(svg).size() > 1000);
        QVERIFY(head(pdf, 4).startsWith("%PDF"));
        QVERIFY(QFileInfo(pdf).size() > 1000);
        QCOMPARE(::csvRows(csv), csvRows);
        QVERIFY(!exportPng(widget.get(), dir.filePath(QStringLiteral("missing/dir/p.png"))));
    }

    void contextMenuOffersExportsAndExplanation()
    {
        LossPlot loss;
        QVERIFY(!loss.whatsThis().isEmpty());
        std::unique_ptr<QMenu> menu(PanelExport::createMenu(&loss, &loss));
        QStringList texts;
        for (QAction *a : menu->actions())
            texts << a->text();
        QVERIFY(texts.contains(QStringLiteral("Export as PNG…")));
        QVERIFY(texts.contains(QStringLiteral("Export as SVG…")));
        QVERIFY(texts.contains(QStringLiteral("Export as PDF…")));
        QVERIFY(texts.contains(QStringLiteral("Export data as CSV…")));
        QVERIFY(texts.contains(QStringLiteral("What am I looking at?")));

        // The dock title bar names the panel and explains it with the panel's own whatsThis.
        QDockWidget dock(QStringLiteral("Loss"));
        ProbePlot probe;
        bool asked = false;
        DockTitleBar title(&dock, [&] {
            asked = true;
            return probe.whatsThis();
        });
        QCOMPARE(title.title(), QStringLiteral("Loss"));
        dock.setWindowTitle(QStringLiteral("Loss curve"));
        QCOMPARE(title.title(), QStringLiteral("Loss curve"));
        auto *help = title.findChild<QToolButton *>();
        QVERIFY(help && help->text() == QStringLiteral("?"));
        help->click();
        QVERIFY(asked);
        QVERIFY(!probe.whatsThis().isEmpty());
    }

    void fontChangeScalesPlotText()
    {
        LossPlot loss;
        SimilarityHeatmap heat;
        heat.setSimilarity(similarityMatrix(4), 0.5);
        QFont big = loss.font();
        big.setPointSizeF(22);
        loss.setFont(big);
        heat.setFont(big);
        QCOMPARE(loss.plot()->xAxis->tickLabelFont().pointSizeF(), 22.0);
        QCOMPARE(loss.plot()->yAxis->labelFont().pointSizeF(), 22.0);
        QCOMPARE(loss.plot()->legend->font().pointSizeF(), 22.0);
        QCOMPARE(heat.plot()->xAxis->tickLabelFont().pointSizeF(), 22.0);

        // Bigger captions shrink the image cells rather than overflow them.
        RotationView view;
        view.setSamples(ramp(8, 16), { 0, 1, 2, 3, 0, 1, 2, 3 }, {});
        showPanel(&view);
        const double before = view.pixelScale();
        view.setFont(big);
        QVERIFY(view.pixelScale() < before);
    }
};

QTEST_MAIN(TestWidgets)
#include "tst_widgets.moc"
