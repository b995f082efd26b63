#include "widgets/queueview.h"

#include "widgets/panelexport.h"
#include "widgets/panelplot.h"
#include "widgets/plotstyle.h"

#include <QContextMenuEvent>
#include <QLabel>
#include <QPainter>
#include <QStackedLayout>
#include <QTextStream>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pretext::widgets {

namespace {

// Key counts read "4,096" whatever the system locale, like the rest of the (English) interface.
QString grouped(qint64 n)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(n);
}

QString fixed2(double v)
{
    return QString::number(std::abs(v) < 0.005 ? 0.0 : v, 'f', 2);
}

std::vector<double> finiteSorted(const std::vector<float> &values)
{
    std::vector<double> out;
    out.reserve(values.size());
    for (float v : values)
        if (std::isfinite(v)) out.push_back(v);
    std::sort(out.begin(), out.end());
    return out;
}

double mean(const std::vector<double> &values)
{
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0;
    for (double v : values)
        sum += v;
    return sum / double(values.size());
}

// Share of the (sorted) negatives strictly below a positive logit: how many of the queue it already beats.
double beats(const std::vector<double> &sortedNegatives, double positive)
{
    if (sortedNegatives.empty()) return std::numeric_limits<double>::quiet_NaN();
    const auto below = std::lower_bound(sortedNegatives.begin(), sortedNegatives.end(), positive);
    return double(below - sortedNegatives.begin()) / double(sortedNegatives.size());
}

} // namespace

// The queue's fill level as a bar with its count written on it: white over the filled part, dark over the rest,
// so the text reads at any level.
class QueueFillBar : public QWidget {
public:
    explicit QueueFillBar(QWidget *parent)
        : QWidget(parent)
    {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }

    void setFill(double fraction, const QString &text)
    {
        m_fraction = std::isfinite(fraction) ? std::clamp(fraction, 0.0, 1.0) : 0.0;
        m_text = text;
        updateGeometry();
        update();
    }

    QSize sizeHint() const override
    {
        const QFontMetrics fm(boldFont());
        return QSize(fm.horizontalAdvance(m_text) + 2 * fm.averageCharWidth(), int(fm.height() * 1.5));
    }
    QSize minimumSizeHint() const override { return QSize(40, sizeHint().height()); }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QRectF track = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
        const double radius = std::min(4.0, track.height() / 4);
        p.setPen(QPen(PlotStyle::axis(), 1));
        p.setBrush(PlotStyle::background());
        p.drawRoundedRect(track, radius, radius);
        QRectF filled = track.adjusted(1, 1, -1, -1);
        filled.setWidth(filled.width() * m_fraction);
        p.setPen(Qt::NoPen);
        p.setBrush(PlotStyle::blue());
        p.drawRoundedRect(filled, radius, radius);

        p.setFont(boldFont());
        const QRectF rest(filled.right(), track.top(), track.right() - filled.right(), track.height());
        for (const auto &[clip, colour] :
            { std::pair { filled, QColor(Qt::white) }, std::pair { rest, PlotStyle::text() } }) {
            p.save();
            p.setClipRect(clip);
            p.setPen(colour);
            p.drawText(track, Qt::AlignCenter, m_text);
            p.restore();
        }
    }

private:
    QFont boldFont() const
    {
        QFont f = font();
        f.setBold(true);
        return f;
    }

    double m_fraction = 0;
    QString m_text;
};

int QueueView::Histogram::binOf(double value) const
{
    if (!std::isfinite(value) || !(width > 0)) return -1;
    const double b = std::floor((value - lo) / width);
    return b >= 0 && b < double(counts.size()) ? int(b) : -1;
}

int QueueView::Histogram::total() const
{
    int sum = 0;
    for (int c : counts)
        sum += c;
    return sum;
}

QueueView::Histogram QueueView::makeHistogram(const std::vector<float> &values, double lo, double hi, int targetBins)
{
    if (!std::isfinite(lo) || !std::isfinite(hi) || hi < lo) {
        lo = -1;
        hi = 1;
    }
    const double raw = std::max(hi - lo, 1e-6) / std::max(1, targetBins);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double width = 10 * magnitude;
    for (double m : { 1.0, 2.0, 5.0 }) {
        if (m * magnitude >= raw) {
            width = m * magnitude;
            break;
        }
    }
    Histogram h;
    h.width = width;
    h.lo = std::floor(lo / width) * width;
    // One bin past hi's edge, so that hi itself (bins are half-open) is counted.
    const int bins = std::clamp(int(std::floor((hi - h.lo) / width)) + 1, 1, 1000);
    h.counts.assign(size_t(bins), 0);
    for (float v : values) {
        const int b = h.binOf(v);
        if (b >= 0) ++h.counts[size_t(b)];
    }
    return h;
}

QueueView::QueueView(QWidget *parent)
    : QWidget(parent)
{
    setWhatsThis(
        tr("<p><b>MoCo's memory of negatives.</b> Instead of comparing each image only with the rest of its "
           "batch, MoCo keeps a queue of thousands of keys (embeddings of earlier images, made by a slowly "
           "moving copy of the network). Every step the newest batch is added and the oldest is dropped.</p>"
           "<p>The bar shows how full the queue is; while it fills, the loss sees fewer negatives. The age of the "
           "oldest key says how many steps ago it was made: old keys come from an older network, which is why "
           "that copy must move slowly.</p>"
           "<p>The histogram shows the scores q·k/τ of the preview images against the queue's keys "
           "(<span style='color:%1'>negatives</span>) and each image's score against the other view of itself "
           "(<span style='color:%2'>positive, one line per image</span>). The loss pushes every line to the "
           "right, clear of the hill of negatives.</p>")
            .arg(PlotStyle::blue().name(), PlotStyle::vermillion().name()));
    QPalette pal = palette();
    pal.setColor(QPalette::Window, PlotStyle::background());
    pal.setColor(QPalette::WindowText, PlotStyle::text());
    setPalette(pal);
    setAutoFillBackground(true);
    setMinimumSize(180, 160);

    m_empty = new QLabel(tr("MoCo's queue appears with the first preview of a MoCo run: how full it is, how old "
                            "its oldest key is, and where each image's positive score sits among the "
                            "queue's negatives."),
        this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setMargin(12);
    m_empty->setStyleSheet(QStringLiteral("color: %1;").arg(PlotStyle::mutedText().name()));

    auto *content = new QWidget(this);
    m_fillBar = new QueueFillBar(content);
    m_fillBar->setToolTip(tr("Keys in the queue / its capacity K"));
    m_age = new QLabel(content);
    m_age->setWordWrap(true);
    m_age->setToolTip(tr("Steps since the oldest key in the queue was made by the momentum encoder"));
    m_plot = new PanelPlot(content);
    m_plot->setMinimumSize(160, 100);
    m_plot->setMouseTracking(true);
    m_caption = new QLabel(content);
    m_caption->setAlignment(Qt::AlignCenter);
    m_caption->setWordWrap(true);
    m_caption->setTextFormat(Qt::RichText);

    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(4, 4, 4, 4);
    column->setSpacing(3);
    column->addWidget(m_fillBar);
    column->addWidget(m_age);
    column->addWidget(m_plot, 1);
    column->addWidget(m_caption);

    m_pages = new QStackedLayout(this);
    m_pages->addWidget(m_empty);
    m_pages->addWidget(content);

    m_plot->xAxis->setLabel(tr("score q·k / τ"));
    m_plot->yAxis->setLabel(tr("count"));
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->yAxis->ticker()->setTickCount(4);

    m_negatives = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_negatives->setName(tr("negatives q·k−/τ"));
    m_negatives->setWidthType(QCPBars::wtPlotCoords);
    m_negatives->setBrush(PlotStyle::skyBlue());
    m_negatives->setPen(QPen(PlotStyle::blue(), 1));

    // Impulses: one vertical line per preview sample from the axis up to a marker above the tallest bar.
    m_positives = m_plot->addGraph();
    m_positives->setName(tr("positive q·k+/τ"));
    m_positives->setLineStyle(QCPGraph::lsImpulse);
    m_positives->setPen(QPen(PlotStyle::vermillion(), 2));

    // Under the plot, as in the probe panel: inside it the legend would cover the bars at presentation size.
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(1, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(2);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setMargins(QMargins(6, 0, 6, 2));
    m_plot->legend->setColumnSpacing(16);
    m_plot->legend->setVisible(true);

    connect(m_plot, &QCustomPlot::mouseMove, this, &QueueView::onMouseMove);
    m_plot->applyFonts();
    updateMarkerStyle();
    rebuild();
}

QCustomPlot *QueueView::plot() const
{
    return m_plot;
}

void QueueView::setQueue(const engine::QueuePreview &queue)
{
    m_queue = queue;
    m_hasQueue = true;
    rebuild();
}

void QueueView::clear()
{
    m_queue = engine::QueuePreview();
    m_hasQueue = false;
    rebuild();
}

QString QueueView::fillText() const
{
    return tr("%1 / %2 keys").arg(grouped(m_queue.filled), grouped(m_queue.capacity));
}

QString QueueView::ageText() const
{
    QString text = m_queue.filled > 0 ? tr("oldest key %1 steps old").arg(grouped(m_queue.oldestAgeSteps))
                                      : tr("queue still empty: it fills one batch per step");
    if (m_queue.temperature > 0) text += tr(" · τ %1").arg(m_queue.temperature, 0, 'g', 3);
    return text;
}

QString QueueView::caption() const
{
    const std::vector<double> positives = finiteSorted(m_queue.positiveLogits);
    const std::vector<double> &negatives = m_sortedNegatives;
    QStringList parts;
    if (!positives.empty()) parts << tr("positives mean %1").arg(fixed2(mean(positives)));
    if (!negatives.empty()) parts << tr("negatives mean %1").arg(fixed2(mean(negatives)));
    if (!positives.empty() && !negatives.empty()) {
        double share = 0;
        for (double p : positives)
            share += beats(negatives, p);
        share /= double(positives.size());
        parts << tr("a positive beats %1% of the negatives").arg(std::round(share * 100), 0, 'f', 0);
    }
    return parts.join(QStringLiteral(" · "));
}

void QueueView::rebuild()
{
    m_pages->setCurrentIndex(m_hasQueue ? 1 : 0);
    m_sortedNegatives = finiteSorted(m_queue.negativeLogits);
    const double fraction = m_queue.capacity > 0 ? double(m_queue.filled) / double(m_queue.capacity) : 0.0;
    m_fillBar->setFill(fraction, fillText());
    m_age->setText(ageText());

    // The bins span the negatives and the positives, so that every marker lands on the axis.
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const auto *series : { &m_queue.negativeLogits, &m_queue.positiveLogits }) {
        for (float v : *series) {
            if (!std::isfinite(v)) continue;
            lo = std::min(lo, double(v));
            hi = std::max(hi, double(v));
        }
    }
    m_histogram = makeHistogram(m_queue.negativeLogits, lo, hi);

    QVector<double> keys, counts;
    int tallest = 0;
    for (int b = 0; b < int(m_histogram.counts.size()); ++b) {
        keys << m_histogram.center(b);
        counts << m_histogram.counts[size_t(b)];
        tallest = std::max(tallest, m_histogram.counts[size_t(b)]);
    }
    m_negatives->setWidth(m_histogram.width);
    m_negatives->setData(keys, counts, true);

    const double top = std::max(1, tallest) * 1.25;
    const double markerHeight = std::max(1, tallest) * 1.12;
    QVector<double> positiveKeys, positiveValues;
    for (float v : m_queue.positiveLogits) {
        if (!std::isfinite(v)) continue;
        positiveKeys << v;
        positiveValues << markerHeight;
    }
    m_positives->setData(positiveKeys, positiveValues);

    m_plot->xAxis->setRange(m_histogram.lo - m_histogram.width, m_histogram.hi() + m_histogram.width);
    m_plot->yAxis->setRange(0, top);

    const QString text = caption();
    m_caption->setVisible(!text.isEmpty());
    m_caption->setText(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()));
    m_plot->fitLegendColumns(2);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void QueueView::updateMarkerStyle()
{
    const double size = std::max(8.0, QFontMetricsF(font()).height() * 0.7);
    m_positives->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssTriangleInverted, PlotStyle::vermillion(), PlotStyle::vermillion(), size));
}

void QueueView::flushPendingUpdates()
{
    // The labels' texts decide their heights and hence the plot's.
    m_pages->activate();
    m_caption->parentWidget()->layout()->activate();
    m_plot->fitLegendColumns(2);
    m_plot->replot();
}

void QueueView::onMouseMove(QMouseEvent *event)
{
    const QPointF pos = event->position();
    if (!m_hasQueue || !m_plot->axisRect()->rect().contains(pos.toPoint())) {
        QToolTip::hideText();
        return;
    }
    // A positive line within reach of the pointer wins over the bar under it.
    const double reach = QFontMetricsF(font()).averageCharWidth();
    for (size_t i = 0; i < m_queue.positiveLogits.size(); ++i) {
        const double v = m_queue.positiveLogits[i];
        if (!std::isfinite(v) || std::abs(m_plot->xAxis->coordToPixel(v) - pos.x()) > reach) continue;
        QString text = tr("preview image %1: positive score %2").arg(i).arg(v, 0, 'f', 2);
        const double share = beats(m_sortedNegatives, v);
        if (std::isfinite(share)) text += tr("\nabove %1% of the queue's negatives").arg(share * 100, 0, 'f', 1);
        QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
        return;
    }
    const int bin = m_histogram.binOf(m_plot->xAxis->pixelToCoord(pos.x()));
    if (bin < 0) {
        QToolTip::hideText();
        return;
    }
    const double from = m_histogram.lo + bin * m_histogram.width;
    QToolTip::showText(event->globalPosition().toPoint(),
        tr("%1 negatives with a score from %2 to %3")
            .arg(m_histogram.counts[size_t(bin)])
            .arg(from, 0, 'g', 4)
            .arg(from + m_histogram.width, 0, 'g', 4),
        m_plot);
}

void QueueView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        updateMarkerStyle();
        m_plot->fitLegendColumns(2);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void QueueView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_plot->fitLegendColumns(2)) m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void QueueView::contextMenuEvent(QContextMenuEvent *event)
{
    PanelExport::showContextMenu(this, this, event->globalPos());
}

QString QueueView::csv() const
{
    QString out;
    QTextStream s(&out);
    // Long format: the queue's figures, then every logit with the preview sample (positives) or the list
    // position (negatives) it belongs to.
    s << "kind,index,value\n";
    if (!m_hasQueue) return out;
    s << "capacity,," << m_queue.capacity << '\n';
    s << "filled,," << m_queue.filled << '\n';
    s << "oldest_age_steps,," << m_queue.oldestAgeSteps << '\n';
    s << "temperature,," << QString::number(m_queue.temperature, 'g', 8) << '\n';
    for (size_t i = 0; i < m_queue.positiveLogits.size(); ++i)
        s << "positive_logit," << i << ',' << QString::number(m_queue.positiveLogits[i], 'g', 8) << '\n';
    for (size_t i = 0; i < m_queue.negativeLogits.size(); ++i)
        s << "negative_logit," << i << ',' << QString::number(m_queue.negativeLogits[i], 'g', 8) << '\n';
    return out;
}

} // namespace pretext::widgets
