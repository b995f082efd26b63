#include "widgets/probedetails.h"

#include "widgets/imagegridview.h"
#include "widgets/panelexport.h"
#include "widgets/panelplot.h"
#include "widgets/plotstyle.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTextStream>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pretext::widgets {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Beyond this many classes the cells are too small for numbers at any usual panel size: hover still gives them.
constexpr int kMaxNumberedClasses = 30;

QString percent(double fraction)
{
    return QStringLiteral("%1 %").arg(fraction * 100, 0, 'f', 1);
}

bool confusionValid(const engine::ProbeReport &r)
{
    return r.classes > 0 && r.confusion.size() == size_t(r.classes) * size_t(r.classes);
}
} // namespace

ProbeDetails::ProbeDetails(QWidget *parent)
    : QWidget(parent)
{
    QPalette pal = palette();
    pal.setColor(QPalette::Window, PlotStyle::background());
    pal.setColor(QPalette::WindowText, PlotStyle::text());
    setPalette(pal);
    setAutoFillBackground(true);

    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("probeDetailsHeader"));
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::RichText);

    // The confusion matrix: column = what the probe said, row = the truth, row 0 at the top as a matrix is read.
    m_confusion = new PanelPlot(this);
    m_confusion->setObjectName(QStringLiteral("confusionMatrix"));
    m_confusion->setMinimumSize(220, 200);
    m_confusion->setMouseTracking(true);
    m_map = new QCPColorMap(m_confusion->xAxis, m_confusion->yAxis);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);
    m_map->setGradient(PlotStyle::viridis());
    m_map->setDataRange(QCPRange(0, 1));
    m_scale = new QCPColorScale(m_confusion);
    m_confusion->plotLayout()->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_map->setColorScale(m_scale);
    m_scale->setGradient(PlotStyle::viridis());
    m_scale->setDataRange(QCPRange(0, 1));
    auto scaleTicks = QSharedPointer<QCPAxisTickerText>::create();
    scaleTicks->addTick(0, QStringLiteral("0 %"));
    scaleTicks->addTick(0.5, QStringLiteral("50 %"));
    scaleTicks->addTick(1, QStringLiteral("100 %"));
    m_scale->axis()->setTicker(scaleTicks);
    m_scale->axis()->setLabel(tr("share of the true class"));
    PanelPlot::styleAxis(m_scale->axis());
    auto *group = new QCPMarginGroup(m_confusion);
    m_confusion->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    for (QCPAxis *axis : { m_confusion->xAxis, m_confusion->yAxis }) {
        axis->grid()->setVisible(false);
        axis->setSubTicks(false);
        axis->setTickLength(0, 4);
        axis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    }
    m_confusion->xAxis->setTickLabelRotation(40);
    m_confusion->xAxis->setLabel(tr("predicted class"));
    m_confusion->yAxis->setLabel(tr("true class"));
    m_confusion->yAxis->setRangeReversed(true);
    connect(m_confusion, &QCustomPlot::mouseMove, this, &ProbeDetails::onConfusionMouseMove);
    connect(m_confusion, &QCustomPlot::afterLayout, this, &ProbeDetails::updateCellTexts);

    // Accuracy per class, class 0 at the top like the matrix's rows beside it.
    m_bars = new PanelPlot(this);
    m_bars->setObjectName(QStringLiteral("classAccuracy"));
    m_bars->setMinimumSize(180, 160);
    m_barsData = new QCPBars(m_bars->yAxis, m_bars->xAxis);
    m_barsData->setWidth(0.7);
    m_barsData->setPen(Qt::NoPen);
    m_barsData->setBrush(PlotStyle::blue());
    m_bars->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    m_bars->yAxis->setRangeReversed(true);
    m_bars->yAxis->grid()->setVisible(false);
    m_bars->yAxis->setSubTicks(false);
    m_bars->xAxis->setRange(0, 100);
    auto fixed = QSharedPointer<QCPAxisTickerFixed>::create();
    fixed->setTickStep(25);
    fixed->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    m_bars->xAxis->setTicker(fixed);
    m_bars->xAxis->setLabel(tr("accuracy (%)"));
    // The overall accuracy as a dashed line over the bars, its value written beside it.
    m_overallLine = new QCPItemStraightLine(m_bars);
    m_overallLine->setPen(QPen(PlotStyle::text(), 1.5, Qt::DashLine));
    m_overallLine->setSelectable(false);
    for (QCPItemPosition *p : { m_overallLine->point1, m_overallLine->point2 })
        p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_overallText = new QCPItemText(m_bars);
    m_overallText->setColor(PlotStyle::text());
    m_overallText->setBrush(QColor(255, 255, 255, 230));
    m_overallText->setPadding(QMargins(3, 1, 3, 1));
    m_overallText->setSelectable(false);
    m_overallText->position->setTypeY(QCPItemPosition::ptAxisRectRatio);

    m_mistakes = new ImageGridView(this);
    m_mistakes->setObjectName(QStringLiteral("probeMistakes"));
    m_mistakes->setExportName(QStringLiteral("probe-mistakes"));
    m_mistakes->setEmptyText(tr("No mistakes to show yet."));
    m_mistakes->setCsvHeader({ QStringLiteral("rank"), QStringLiteral("test_index"), QStringLiteral("true_label"),
        QStringLiteral("true_class"), QStringLiteral("predicted_label"), QStringLiteral("predicted_class"),
        QStringLiteral("confidence") });

    for (PanelPlot *plot : { m_confusion, m_bars })
        connect(plot, &PanelPlot::contextMenuRequestedAt, this,
            [this, plot](const QPoint &, const QPoint &globalPos) { showMenu(plot, globalPos); });

    auto *top = new QWidget;
    auto *row = new QHBoxLayout(top);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);
    row->addWidget(m_confusion, 3);
    row->addWidget(m_bars, 2);
    auto *split = new QSplitter(Qt::Vertical);
    m_split = split;
    split->setChildrenCollapsible(false);
    split->addWidget(top);
    split->addWidget(m_mistakes);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(4);
    layout->addWidget(m_header);
    layout->addWidget(split, 1);

    rebuild();
}

void ProbeDetails::setReport(const engine::ProbeReport &report)
{
    m_report = report;
    rebuild();
}

void ProbeDetails::clear()
{
    setReport({});
}

std::vector<double> ProbeDetails::accuracyFromConfusion(const std::vector<int64_t> &confusion, int classes)
{
    std::vector<double> out;
    if (classes <= 0 || confusion.size() != size_t(classes) * size_t(classes)) return out;
    out.resize(size_t(classes), -1);
    for (int r = 0; r < classes; ++r) {
        int64_t total = 0;
        for (int c = 0; c < classes; ++c)
            total += confusion[size_t(r * classes + c)];
        if (total > 0) out[size_t(r)] = double(confusion[size_t(r * classes + r)]) / double(total);
    }
    return out;
}

QCustomPlot *ProbeDetails::confusionPlot() const
{
    return m_confusion;
}

QCustomPlot *ProbeDetails::accuracyPlot() const
{
    return m_bars;
}

QString ProbeDetails::className(int cls) const
{
    if (cls >= 0 && cls < int(m_report.classNames.size()) && !m_report.classNames[size_t(cls)].empty())
        return QString::fromStdString(m_report.classNames[size_t(cls)]);
    return tr("class %1").arg(cls);
}

int64_t ProbeDetails::count(int trueClass, int predicted) const
{
    const int n = m_report.classes;
    if (!confusionValid(m_report) || trueClass < 0 || predicted < 0 || trueClass >= n || predicted >= n) return 0;
    return m_report.confusion[size_t(trueClass * n + predicted)];
}

QString ProbeDetails::accuracyLabel(int cls) const
{
    if (cls < 0 || cls >= int(m_accuracy.size())) return {};
    return m_accuracy[size_t(cls)] < 0 ? tr("no test images") : percent(m_accuracy[size_t(cls)]);
}

QString ProbeDetails::cellText(int trueClass, int predicted) const
{
    const size_t i = size_t(trueClass * m_report.classes + predicted);
    if (!m_cellTextsShown || i >= m_cellTexts.size()) return {};
    return m_cellTexts[i]->text();
}

QString ProbeDetails::describeCell(int trueClass, int predicted) const
{
    const int n = m_report.classes;
    if (trueClass < 0 || predicted < 0 || trueClass >= n || predicted >= n) return {};
    int64_t total = 0;
    for (int c = 0; c < n; ++c)
        total += count(trueClass, c);
    const int64_t k = count(trueClass, predicted);
    const QString share = total > 0 ? percent(double(k) / double(total)) : QStringLiteral("–");
    if (trueClass == predicted)
        return tr("True class %1, predicted %1: right.\n%2 of the %3 test images of %1 (%4).")
            .arg(className(trueClass))
            .arg(k)
            .arg(total)
            .arg(share);
    return tr("True class %1, predicted %2: wrong.\n%3 of the %4 test images of %1 (%5) were taken for %2.")
        .arg(className(trueClass), className(predicted))
        .arg(k)
        .arg(total)
        .arg(share);
}

QString ProbeDetails::headerText() const
{
    if (m_report.empty()) return tr("No probe details yet: they appear after the first evaluation of a run.");
    int64_t total = 0;
    for (int64_t c : m_report.confusion)
        total += c;
    const QString who = m_report.randomInit ? tr("<b>Random init</b> (the untrained encoder)")
                                            : tr("<b>Step %1</b>").arg(QLocale().toString(qlonglong(m_report.step)));
    QString text = tr("%1: the linear probe").arg(who);
    if (m_report.accuracy >= 0)
        text += tr(" gets <b>%1</b> of %2 test images right (chance: %3).")
                    .arg(percent(m_report.accuracy))
                    .arg(QLocale().toString(qlonglong(total)))
                    .arg(percent(1.0 / std::max(1, m_report.classes)));
    else
        text += QLatin1Char('.');
    return text;
}

void ProbeDetails::rebuild()
{
    const int n = m_report.classes;
    const bool valid = confusionValid(m_report);
    m_accuracy = valid ? accuracyFromConfusion(m_report.confusion, n) : m_report.perClassAccuracy;
    m_header->setText(headerText());

    // The matrix, coloured by the share of each true class, so that a rare class's confusions show as clearly as
    // a common one's.
    for (QCPItemText *t : m_cellTexts)
        m_confusion->removeItem(t);
    m_cellTexts.clear();
    auto xTicks = m_confusion->xAxis->ticker().staticCast<QCPAxisTickerText>();
    auto yTicks = m_confusion->yAxis->ticker().staticCast<QCPAxisTickerText>();
    xTicks->clear();
    yTicks->clear();
    if (valid) {
        m_map->data()->setSize(n, n);
        m_map->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
        for (int r = 0; r < n; ++r) {
            int64_t total = 0;
            for (int c = 0; c < n; ++c)
                total += count(r, c);
            for (int c = 0; c < n; ++c) {
                const double share = total > 0 ? double(count(r, c)) / double(total) : kNaN;
                m_map->data()->setCell(c, r, share);
                if (n > kMaxNumberedClasses) continue;
                auto *text = new QCPItemText(m_confusion);
                text->setText(QString::number(count(r, c)));
                text->setFont(font());
                // Light text on viridis's dark half, dark text on its light half.
                QColor colour = std::isfinite(share) && share >= 0.55 ? PlotStyle::text() : QColor(Qt::white);
                if (count(r, c) == 0) colour.setAlpha(110);
                text->setColor(colour);
                text->setSelectable(false);
                text->position->setCoords(c, r);
                text->setPositionAlignment(Qt::AlignCenter);
                m_cellTexts.push_back(text);
            }
        }
        for (int c = 0; c < n; ++c) {
            xTicks->addTick(c, className(c));
            yTicks->addTick(c, className(c));
        }
        m_map->setVisible(true);
    } else {
        m_map->data()->clear();
        m_map->setVisible(false);
    }
    m_confusion->xAxis->setRange(-0.5, std::max(1, n) - 0.5);
    m_confusion->yAxis->setRange(-0.5, std::max(1, n) - 0.5);

    // The bars, with their values written at the end: inside a long bar, after a short one.
    for (QCPItemText *t : m_barTexts)
        m_bars->removeItem(t);
    m_barTexts.clear();
    m_barsData->data()->clear();
    auto barTicks = m_bars->yAxis->ticker().staticCast<QCPAxisTickerText>();
    barTicks->clear();
    const int classes = int(m_accuracy.size());
    for (int c = 0; c < classes; ++c) {
        barTicks->addTick(c, className(c));
        const double a = m_accuracy[size_t(c)];
        auto *text = new QCPItemText(m_bars);
        text->setText(accuracyLabel(c));
        text->setFont(font());
        text->setSelectable(false);
        const bool inside = a >= 0.7;
        text->setColor(inside ? QColor(Qt::white) : PlotStyle::text());
        text->setPositionAlignment((inside ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
        text->position->setCoords(std::max(0.0, a) * 100 + (inside ? -1.5 : 2.5), c);
        text->setClipToAxisRect(true);
        m_barTexts.push_back(text);
        if (a >= 0) m_barsData->addData(c, a * 100);
    }
    // One free row under the bars for the overall accuracy's label.
    m_bars->yAxis->setRange(-0.5, std::max(1, classes) + 0.5);
    const bool overall = m_report.accuracy >= 0;
    m_overallLine->setVisible(overall);
    m_overallText->setVisible(overall);
    if (overall) {
        const double x = m_report.accuracy * 100;
        m_overallLine->point1->setCoords(x, 0);
        m_overallLine->point2->setCoords(x, 1);
        m_overallText->setText(tr("all %1").arg(percent(m_report.accuracy)));
        m_overallText->setFont(font());
        // Beside the line on the side with room, at the bottom of the plot under the last bar's middle.
        m_overallText->setPositionAlignment((x > 50 ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
        m_overallText->position->setCoords(x + (x > 50 ? -2.5 : 2.5), 1);
    }

    // The surest mistakes, as images.
    std::vector<ImageGridView::Item> items;
    for (size_t i = 0; i < m_report.mistakes.size(); ++i) {
        const auto &m = m_report.mistakes[i];
        ImageGridView::Item item;
        item.image = int(i);
        item.caption = tr("%1\n→ %2").arg(className(m.label), className(m.predicted)); // true, then the answer
        item.detail = QStringLiteral("%1 %").arg(qRound(double(m.confidence) * 100));
        item.toolTip = tr("Test image #%1 is a %2; the probe said %3 with %4 confidence.")
                           .arg(m.index)
                           .arg(className(m.label), className(m.predicted), percent(m.confidence));
        item.mark = ImageGridView::Mark::Wrong;
        item.csv = QStringList { QString::number(i + 1), QString::number(m.index), QString::number(m.label),
            className(m.label), QString::number(m.predicted), className(m.predicted),
            QString::number(double(m.confidence), 'g', 4) };
        items.push_back(item);
    }
    // Without mistakes to show, the matrix and the bars take the whole height.
    m_mistakes->setVisible(!items.empty());
    m_mistakes->setItems(m_report.mistakeImages, items,
        items.empty() ? QString()
                      : tr("The probe's most confident mistakes: true class → the probe's class, with the "
                           "probe's confidence."));
    m_confusion->replot();
    m_bars->replot();
}

void ProbeDetails::updateCellTexts()
{
    const int n = m_report.classes;
    if (m_cellTexts.empty() || n <= 0) {
        m_cellTextsShown = false;
        return;
    }
    const QRect inner = m_confusion->axisRect()->rect();
    const double cellW = inner.width() / double(n), cellH = inner.height() / double(n);
    int64_t largest = 0;
    for (int64_t c : m_report.confusion)
        largest = std::max(largest, c);
    const QFontMetricsF fm(font());
    const bool fits = cellW >= fm.horizontalAdvance(QString::number(largest)) + 4 && cellH >= fm.height();
    m_cellTextsShown = fits;
    for (QCPItemText *t : m_cellTexts)
        t->setVisible(fits);
}

std::pair<int, int> ProbeDetails::cellAt(const QPoint &pos) const
{
    const int n = m_report.classes;
    if (!confusionValid(m_report)) return { -1, -1 };
    const QPoint p = m_confusion->mapFrom(this, pos);
    if (!m_confusion->axisRect()->rect().contains(p)) return { -1, -1 };
    const int c = int(std::lround(m_confusion->xAxis->pixelToCoord(p.x())));
    const int r = int(std::lround(m_confusion->yAxis->pixelToCoord(p.y())));
    if (r < 0 || c < 0 || r >= n || c >= n) return { -1, -1 };
    return { r, c };
}

QRect ProbeDetails::cellRect(int trueClass, int predicted) const
{
    if (!confusionValid(m_report)) return {};
    const double x0 = m_confusion->xAxis->coordToPixel(predicted - 0.5);
    const double x1 = m_confusion->xAxis->coordToPixel(predicted + 0.5);
    const double y0 = m_confusion->yAxis->coordToPixel(trueClass - 0.5);
    const double y1 = m_confusion->yAxis->coordToPixel(trueClass + 0.5);
    const QRectF r(QPointF(std::min(x0, x1), std::min(y0, y1)), QPointF(std::max(x0, x1), std::max(y0, y1)));
    return QRect(m_confusion->mapTo(this, r.topLeft().toPoint()), r.size().toSize());
}

void ProbeDetails::onConfusionMouseMove(QMouseEvent *event)
{
    const auto [r, c] = cellAt(m_confusion->mapTo(this, event->position().toPoint()));
    if (r < 0) {
        QToolTip::hideText();
        return;
    }
    const QRect cell = cellRect(r, c);
    QToolTip::showText(event->globalPosition().toPoint(), describeCell(r, c), m_confusion,
        QRect(m_confusion->mapFrom(this, cell.topLeft()), cell.size()));
}

void ProbeDetails::showMenu(QWidget *source, const QPoint &globalPos)
{
    QString about;
    if (source == m_confusion) {
        const auto [r, c] = cellAt(mapFromGlobal(globalPos));
        if (r >= 0) about = tr("true %1, predicted %2: %3").arg(className(r), className(c)).arg(count(r, c));
    }
    PanelExport::showContextMenu(this, this, globalPos, about);
}

void ProbeDetails::flushPendingUpdates()
{
    if (layout()) layout()->activate();
    m_confusion->replot();
    m_bars->replot();
}

void ProbeDetails::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (!m_splitSized && m_split->height() > 0) {
        // The matrix and bars get three fifths, the mistakes two, until the teacher drags the handle.
        m_split->setSizes({ m_split->height() * 3 / 5, m_split->height() * 2 / 5 });
        m_splitSized = true;
    }
    m_confusion->replot(QCustomPlot::rpQueuedReplot);
}

void ProbeDetails::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) rebuild();
}

QString ProbeDetails::csv() const
{
    QString out;
    QTextStream s(&out);
    const int n = m_report.classes;
    s << "true_label,true_class";
    for (int c = 0; c < n; ++c)
        s << ',' << csvField(QStringLiteral("predicted %1").arg(className(c)));
    s << ",images,accuracy\n";
    if (!confusionValid(m_report)) return out;
    for (int r = 0; r < n; ++r) {
        int64_t total = 0;
        s << r << ',' << csvField(className(r));
        for (int c = 0; c < n; ++c) {
            s << ',' << count(r, c);
            total += count(r, c);
        }
        const double a = r < int(m_accuracy.size()) ? m_accuracy[size_t(r)] : -1;
        s << ',' << total << ',' << (a >= 0 ? QString::number(a, 'g', 6) : QString()) << '\n';
    }
    return out;
}

} // namespace pretext::widgets
