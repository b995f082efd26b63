#include "widgets/probeplot.h"

#include "widgets/panelexport.h"
#include "widgets/panelplot.h"
#include "widgets/plotstyle.h"

#include <QContextMenuEvent>
#include <QTextStream>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace pretext::widgets {

namespace {
constexpr int kReplotDelayMs = 40;

// Scientific labels for the learning rate, but a plain "0" at zero instead of "0.0×10⁰".
class LearningRateTicker : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision) override
    {
        if (std::abs(tick) < 1e-15) return QStringLiteral("0");
        return QCPAxisTicker::getTickLabel(tick, locale, formatChar, precision);
    }
};

QString percent(double fraction)
{
    return QStringLiteral("%1%").arg(fraction * 100, 0, 'f', 1);
}
} // namespace

ProbePlot::ProbePlot(QWidget *parent)
    : QWidget(parent)
{
    setWhatsThis(tr("<p><b>Has the network learned something useful?</b> A linear probe is a single linear "
                    "layer trained on top of the frozen network to recognise the real classes. If the features "
                    "are good, even this simple classifier does well.</p><p>The markers are measured on clean test "
                    "images at the end of each epoch: the linear probe (circles) and the kNN classifier "
                    "(diamonds). Their first marker, at step 0, and the dashed line are the very same test on "
                    "the untrained, randomly initialised network: the markers have to rise above it for the "
                    "self-supervised training to have taught anything.</p><p>The solid line is the online "
                    "probe: a classifier trained from scratch during the run on the augmented views of each "
                    "batch. It starts at chance and reads lower than the clean-image probe, so it is not "
                    "compared with the dashed line; it shows, step by step, that the features keep getting "
                    "easier to classify. The faint line (right axis) is the learning rate.</p>"));

    QPalette pal = palette();
    pal.setColor(QPalette::Window, PlotStyle::background());
    setPalette(pal);
    setAutoFillBackground(true);

    m_plot = new PanelPlot(this);
    m_plot->setMinimumSize(200, 120);
    m_plot->setMouseTracking(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_plot);

    m_plot->xAxis->setLabel(tr("step"));
    m_plot->yAxis->setLabel(tr("accuracy (%)"));
    m_plot->yAxis->setRange(0, 100);
    auto fixed = QSharedPointer<QCPAxisTickerFixed>::create();
    fixed->setTickStep(20);
    fixed->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    m_plot->yAxis->setTicker(fixed);
    m_plot->yAxis2->setLabel(tr("learning rate"));
    // Learning rates are small: "3.0×10⁻⁴" reads better than "0.0003" next to "5×10⁻⁵".
    m_plot->yAxis2->setTicker(QSharedPointer<LearningRateTicker>::create());
    m_plot->yAxis2->setNumberFormat(QStringLiteral("ebc"));
    m_plot->yAxis2->setNumberPrecision(1);
    m_plot->yAxis2->setTickLabelColor(PlotStyle::mutedText());
    m_plot->yAxis2->setLabelColor(PlotStyle::mutedText());

    // The learning rate first so it is drawn underneath the accuracies.
    m_lrGraph = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    m_lrGraph->setName(tr("learning rate (right)"));
    QColor lr = PlotStyle::reddishPurple();
    lr.setAlpha(170);
    m_lrGraph->setPen(QPen(lr, 1.5, Qt::DotLine));

    m_onlineGraph = m_plot->addGraph();
    m_onlineGraph->setName(tr("online probe (augmented views)"));
    m_onlineGraph->setPen(QPen(PlotStyle::blue(), 1.5));

    m_probeGraph = m_plot->addGraph();
    m_probeGraph->setName(tr("linear probe (clean images)"));
    m_probeGraph->setPen(QPen(PlotStyle::vermillion(), 1, Qt::SolidLine));

    m_knnGraph = m_plot->addGraph();
    m_knnGraph->setName(tr("kNN (clean images)"));
    m_knnGraph->setPen(QPen(PlotStyle::bluishGreen(), 1, Qt::SolidLine));

    m_baselineLine = new QCPItemStraightLine(m_plot);
    m_baselineLine->setPen(QPen(PlotStyle::black(), 2, Qt::DashLine));
    m_baselineLine->setSelectable(false);
    m_baselineLabel = new QCPItemText(m_plot);
    m_baselineLabel->setColor(PlotStyle::black());
    m_baselineLabel->setSelectable(false);
    QFont bold = m_baselineLabel->font();
    bold.setBold(true);
    m_baselineLabel->setFont(bold);
    m_baselineLabel->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    m_baselineLabel->position->setTypeY(QCPItemPosition::ptPlotCoords);
    m_baselineLabel->setPadding(QMargins(4, 2, 4, 2));

    // The legend goes under the plot, two entries per row: inside the axis rect it would cover the curves
    // once presentation mode enlarges the font.
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

    m_replotTimer = new QTimer(this);
    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotDelayMs);
    connect(m_replotTimer, &QTimer::timeout, this, &ProbePlot::replotNow);
    connect(m_plot, &QCustomPlot::mouseMove, this, &ProbePlot::onMouseMove);

    m_plot->applyFonts();
    updateMarkerSizes();
    updateBaselineItems();
    replotNow();
}

QCustomPlot *ProbePlot::plot() const
{
    return m_plot;
}

void ProbePlot::addOnlineProbe(int64_t step, double accuracy)
{
    if (!std::isfinite(accuracy)) return;
    m_online.push_back({ double(step), accuracy });
    m_onlineGraph->addData(double(step), accuracy * 100);
    scheduleReplot();
}

void ProbePlot::addEval(const engine::EvalMetrics &metrics)
{
    if (metrics.randomInit) {
        m_randomInit = metrics;
        updateBaselineItems();
        // The random-init measurement is the first marker of its own series: each curve of markers starts at
        // the baseline measured by its own protocol.
        if (metrics.probeAcc >= 0) m_probeGraph->addData(0.0, metrics.probeAcc * 100);
        if (metrics.knnAcc >= 0) m_knnGraph->addData(0.0, metrics.knnAcc * 100);
    } else {
        m_evals.push_back(metrics);
        if (metrics.probeAcc >= 0) m_probeGraph->addData(double(metrics.step), metrics.probeAcc * 100);
        if (metrics.knnAcc >= 0) m_knnGraph->addData(double(metrics.step), metrics.knnAcc * 100);
    }
    scheduleReplot();
}

void ProbePlot::addLearningRate(int64_t step, double lr)
{
    if (!std::isfinite(lr)) return;
    m_lr.push_back({ double(step), lr });
    m_lrGraph->addData(double(step), lr);
    scheduleReplot();
}

void ProbePlot::clear()
{
    m_online.clear();
    m_lr.clear();
    m_evals.clear();
    m_randomInit.reset();
    for (QCPGraph *g : { m_onlineGraph, m_probeGraph, m_knnGraph, m_lrGraph })
        g->data()->clear();
    updateBaselineItems();
    scheduleReplot();
}

std::optional<double> ProbePlot::baseline() const
{
    if (!m_randomInit) return std::nullopt;
    if (m_randomInit->probeAcc >= 0) return m_randomInit->probeAcc * 100;
    if (m_randomInit->knnAcc >= 0) return m_randomInit->knnAcc * 100;
    return std::nullopt;
}

void ProbePlot::updateBaselineItems()
{
    const std::optional<double> value = baseline();
    m_baselineLine->setVisible(value.has_value());
    m_baselineLabel->setVisible(value.has_value());
    if (!value) return;
    m_baselineLine->point1->setCoords(0, *value);
    m_baselineLine->point2->setCoords(1, *value);
    const bool fromProbe = m_randomInit->probeAcc >= 0;
    m_baselineLabel->setText(
        tr("random init, %1 %2").arg(fromProbe ? tr("linear probe") : tr("kNN")).arg(percent(*value / 100)));
    // At the right end, below the line: by then a learning run's curves are above it, and the legend sits at
    // the bottom; a very low baseline puts the label above the line instead.
    const bool below = *value > 35;
    m_baselineLabel->position->setCoords(0.99, *value);
    m_baselineLabel->setPositionAlignment(Qt::AlignRight | (below ? Qt::AlignTop : Qt::AlignBottom));
}

void ProbePlot::updateMarkerSizes()
{
    const double size = std::max(7.0, QFontMetricsF(font()).height() * 0.6);
    m_probeGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, PlotStyle::vermillion(), PlotStyle::vermillion(), size));
    // A different shape as well as a different colour, for readers who cannot tell the two apart.
    m_knnGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDiamond, PlotStyle::bluishGreen(), PlotStyle::bluishGreen(), size * 1.2));
}

void ProbePlot::scheduleReplot()
{
    if (!m_replotTimer->isActive()) m_replotTimer->start();
}

void ProbePlot::replotNow()
{
    m_replotTimer->stop();
    double last = 0;
    for (const auto *series : { &m_online, &m_lr }) {
        if (!series->empty()) last = std::max(last, series->back().step);
    }
    for (const engine::EvalMetrics &e : m_evals)
        last = std::max(last, double(e.step));
    m_plot->xAxis->setRange(0, last > 0 ? last * 1.03 : 100);

    double maxLr = 0;
    for (const Sample &s : m_lr)
        maxLr = std::max(maxLr, s.value);
    m_plot->yAxis2->setVisible(maxLr > 0);
    m_plot->yAxis2->setRange(0, maxLr > 0 ? maxLr * 1.1 : 1);

    // Only series that have data get a legend entry, in a fixed order.
    m_plot->legend->clearItems();
    for (QCPGraph *g : { m_onlineGraph, m_probeGraph, m_knnGraph, m_lrGraph }) {
        if (!g->data()->isEmpty()) g->addToLegend();
    }
    m_plot->legend->setVisible(m_plot->legend->itemCount() > 0);
    updateLegendWrap();
    m_plot->replot();
}

// Two legend entries per row while they fit; one per row when large fonts (presentation mode) or a narrow dock
// would cut the labels off.
void ProbePlot::updateLegendWrap()
{
    int widest = 0;
    for (int i = 0; i < m_plot->legend->itemCount(); ++i)
        if (auto *item = qobject_cast<QCPPlottableLegendItem *>(m_plot->legend->item(i)))
            for (const QFont &f : { item->font(), m_plot->legend->font(), font() })
                widest = std::max(widest, QFontMetrics(f).horizontalAdvance(item->plottable()->name()));
    const int entry = widest + m_plot->legend->iconSize().width() + 3 * m_plot->legend->iconTextPadding();
    const int wrap = 2 * entry + m_plot->legend->columnSpacing() + 12 <= width() ? 2 : 1;
    if (wrap != m_plot->legend->wrap()) {
        m_plot->legend->setWrap(wrap);
        m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true); // re-flow the existing entries
    }
}

void ProbePlot::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const int before = m_plot->legend->wrap();
    updateLegendWrap();
    if (m_plot->legend->wrap() != before) m_plot->replot();
}

void ProbePlot::flushPendingUpdates()
{
    if (layout()) layout()->activate();
    replotNow();
}

void ProbePlot::onMouseMove(QMouseEvent *event)
{
    const QPointF pos = event->position();
    if (!m_plot->axisRect()->rect().contains(pos.toPoint())) {
        QToolTip::hideText();
        return;
    }
    // An epoch marker within reach of the pointer wins; otherwise the online probe at that step.
    const double reach = QFontMetricsF(font()).height();
    for (const engine::EvalMetrics &e : m_evals) {
        const double x = m_plot->xAxis->coordToPixel(double(e.step));
        for (double acc : { e.probeAcc, e.knnAcc }) {
            if (acc < 0) continue;
            const double y = m_plot->yAxis->coordToPixel(acc * 100);
            if (std::hypot(x - pos.x(), y - pos.y()) <= reach) {
                QStringList lines;
                lines << tr("epoch %1 (step %2)").arg(e.epoch + 1).arg(e.step);
                if (e.probeAcc >= 0) lines << tr("linear probe: %1").arg(percent(e.probeAcc));
                if (e.knnAcc >= 0) lines << tr("kNN: %1").arg(percent(e.knnAcc));
                if (const auto base = baseline()) lines << tr("random init: %1").arg(percent(*base / 100));
                QToolTip::showText(event->globalPosition().toPoint(), lines.join(QLatin1Char('\n')), m_plot);
                return;
            }
        }
    }
    if (m_online.empty()) {
        QToolTip::hideText();
        return;
    }
    const double key = m_plot->xAxis->pixelToCoord(pos.x());
    auto it
        = std::lower_bound(m_online.begin(), m_online.end(), key, [](const Sample &s, double k) { return s.step < k; });
    if (it == m_online.end() || (it != m_online.begin() && key - (it - 1)->step < it->step - key))
        it = it == m_online.begin() ? it : it - 1;
    QString text = tr("step %1\nonline probe: %2").arg(qint64(it->step)).arg(percent(it->value));
    if (const auto base = baseline()) text += tr("\nrandom init: %1").arg(percent(*base / 100));
    QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

void ProbePlot::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) updateLegendWrap();
    if (event->type() == QEvent::FontChange) {
        updateMarkerSizes();
        scheduleReplot();
    }
}

void ProbePlot::contextMenuEvent(QContextMenuEvent *event)
{
    PanelExport::showContextMenu(this, this, event->globalPos());
}

QString ProbePlot::csv() const
{
    QString out;
    QTextStream s(&out);
    // Long format: one row per measurement; accuracies as fractions in [0, 1], as the engine reports them.
    s << "series,step,epoch,value\n";
    if (m_randomInit) {
        if (m_randomInit->probeAcc >= 0)
            s << "random_init_probe," << m_randomInit->step << ',' << m_randomInit->epoch << ','
              << QString::number(m_randomInit->probeAcc, 'g', 8) << '\n';
        if (m_randomInit->knnAcc >= 0)
            s << "random_init_knn," << m_randomInit->step << ',' << m_randomInit->epoch << ','
              << QString::number(m_randomInit->knnAcc, 'g', 8) << '\n';
    }
    for (const Sample &o : m_online)
        s << "online_probe," << qint64(o.step) << ",," << QString::number(o.value, 'g', 8) << '\n';
    for (const engine::EvalMetrics &e : m_evals) {
        if (e.probeAcc >= 0)
            s << "linear_probe," << e.step << ',' << e.epoch << ',' << QString::number(e.probeAcc, 'g', 8) << '\n';
        if (e.knnAcc >= 0) s << "knn," << e.step << ',' << e.epoch << ',' << QString::number(e.knnAcc, 'g', 8) << '\n';
    }
    for (const Sample &l : m_lr)
        s << "learning_rate," << qint64(l.step) << ",," << QString::number(l.value, 'g', 8) << '\n';
    return out;
}

} // namespace pretext::widgets
