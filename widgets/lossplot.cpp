#include "widgets/lossplot.h"

#include "widgets/panelexport.h"
#include "widgets/panelplot.h"
#include "widgets/plotstyle.h"

#include <QCheckBox>
#include <QContextMenuEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSlider>
#include <QTextStream>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pretext::widgets {

namespace {
// PlotJuggler-style merge window: at most 25 replots a second however fast steps arrive.
constexpr int kReplotDelayMs = 40;
constexpr double kMaxSmoothing = 0.99;

double finiteOrNaN(double v)
{
    return std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
}
} // namespace

LossPlot::LossPlot(QWidget *parent)
    : QWidget(parent)
{
    setWhatsThis(tr("<p><b>The loss: how wrong the network still is at its practice task.</b> For SimCLR that "
                    "task is picking each image's partner view out of the whole batch. Training pushes this "
                    "number down.</p><p>The thin light line is every step's loss; it jumps around because each "
                    "batch holds different images. The thick line is a moving average that shows the trend; the "
                    "<i>Smoothing</i> slider sets how much it averages.</p><p>Scroll to zoom, drag to pan, "
                    "double-click or press <i>Reset view</i> to follow the run again.</p><p>A dashed vertical line "
                    "with a label marks a live edit of the learning rate or τ: a jump right after it comes from "
                    "the edit (a lower τ changes the scale of the loss), not from learning.</p>"));

    m_plot = new PanelPlot(this);
    m_plot->setMinimumSize(200, 120);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->xAxis->setLabel(tr("step"));
    PanelPlot::useStepTicks(m_plot->xAxis);
    m_plot->yAxis->setLabel(tr("loss"));
    m_plot->xAxis->grid()->setVisible(true);

    m_rawGraph = m_plot->addGraph();
    m_rawGraph->setName(tr("every step"));
    QColor light = PlotStyle::skyBlue();
    light.setAlpha(150);
    m_rawGraph->setPen(QPen(light, 1));
    m_smoothGraph = m_plot->addGraph();
    m_smoothGraph->setName(tr("smoothed"));
    m_smoothGraph->setPen(QPen(PlotStyle::blue(), 2.5));
    m_plot->legend->setVisible(true);
    // One row in the top-right corner, which a falling loss leaves free: a two-row box would cover the curve's
    // end in a short panel (a 720-pixel screen in presentation mode).
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(2);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

    m_tracer = new QCPItemTracer(m_plot);
    m_tracer->setLayer(QStringLiteral("overlay"));
    m_tracer->setStyle(QCPItemTracer::tsCircle);
    m_tracer->setPen(QPen(PlotStyle::black(), 1.5));
    m_tracer->setBrush(PlotStyle::orange());
    m_tracer->setSize(10);
    m_tracer->setVisible(false);

    m_smoothingSlider = new QSlider(Qt::Horizontal, this);
    m_smoothingSlider->setRange(0, int(kMaxSmoothing * 100));
    m_smoothingSlider->setValue(int(std::round(m_smoothing * 100)));
    m_smoothingSlider->setToolTip(tr("How much the thick line averages: 0 = not at all, 0.99 = very smooth"));
    m_smoothingSlider->setMaximumWidth(220);
    m_smoothingSlider->setMinimumWidth(60);
    m_smoothingValue = new QLabel(this);
    m_smoothingValue->setMinimumWidth(QFontMetrics(font()).horizontalAdvance(QStringLiteral("0.00 ")));
    m_logBox = new QCheckBox(tr("Log scale"), this);
    m_logBox->setToolTip(tr("Logarithmic loss axis: makes late, small improvements visible"));
    m_followBox = new QCheckBox(tr("Follow"), this);
    m_followBox->setChecked(true);
    m_followBox->setToolTip(tr("Keep the whole run in view as new steps arrive (off after you zoom or pan)"));
    auto *reset = new QPushButton(tr("Reset view"), this);
    reset->setToolTip(tr("Show the whole run and follow new steps again"));

    auto *controls = new QHBoxLayout;
    controls->setContentsMargins(6, 0, 6, 2);
    controls->addWidget(new QLabel(tr("Smoothing"), this));
    controls->addWidget(m_smoothingSlider, 1);
    controls->addWidget(m_smoothingValue);
    controls->addSpacing(12);
    controls->addWidget(m_logBox);
    controls->addWidget(m_followBox);
    controls->addStretch();
    controls->addWidget(reset);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(m_plot, 1);
    layout->addLayout(controls);

    m_replotTimer = new QTimer(this);
    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotDelayMs);
    connect(m_replotTimer, &QTimer::timeout, this, &LossPlot::replotNow);

    connect(m_smoothingSlider, &QSlider::valueChanged, this, [this](int v) { setSmoothing(v / 100.0); });
    connect(m_logBox, &QCheckBox::toggled, this, &LossPlot::setLogScale);
    connect(m_followBox, &QCheckBox::toggled, this, &LossPlot::setAutoFollow);
    connect(reset, &QPushButton::clicked, this, &LossPlot::resetView);
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, &LossPlot::onUserRangeChange);
    connect(m_plot->yAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, &LossPlot::onUserRangeChange);
    connect(m_plot, &QCustomPlot::mouseMove, this, &LossPlot::onMouseMove);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, &LossPlot::resetView);
    connect(m_plot, &PanelPlot::contextMenuRequestedAt, this, [this](const QPoint &pos, const QPoint &global) {
        m_menu = PanelExport::showContextMenu(this, this, global, describeNearest(pos));
    });

    m_smoothingValue->setText(QString::number(m_smoothing, 'f', 2));
    m_plot->applyFonts();
    replotNow();
}

QCustomPlot *LossPlot::plot() const
{
    return m_plot;
}

std::vector<double> LossPlot::smooth(const std::vector<double> &values, double weight)
{
    std::vector<double> out;
    out.reserve(values.size());
    double last = 0;
    double weightPow = 1;
    for (double v : values) {
        if (!std::isfinite(v)) {
            out.push_back(v);
            continue;
        }
        last = last * weight + (1 - weight) * v;
        weightPow *= weight;
        out.push_back(last / (1 - weightPow));
    }
    return out;
}

void LossPlot::updateRangeStats(double loss)
{
    if (!std::isfinite(loss)) return;
    if (!m_haveRange) {
        m_min = m_max = loss;
        m_minPositive = loss > 0 ? loss : std::numeric_limits<double>::infinity();
        m_haveRange = true;
        return;
    }
    m_min = std::min(m_min, loss);
    m_max = std::max(m_max, loss);
    if (loss > 0) m_minPositive = std::min(m_minPositive, loss);
}

void LossPlot::addPoint(int64_t step, double loss)
{
    const double key = double(step);
    m_steps.push_back(key);
    m_raw.push_back(loss);
    double shown = loss;
    if (std::isfinite(loss)) {
        m_emaLast = m_emaLast * m_smoothing + (1 - m_smoothing) * loss;
        m_emaWeightPow *= m_smoothing;
        shown = m_emaLast / (1 - m_emaWeightPow);
    }
    m_smoothed.push_back(shown);
    updateRangeStats(loss);
    // Appending in key order is amortised O(1) in QCPDataContainer.
    m_rawGraph->addData(key, finiteOrNaN(loss));
    m_smoothGraph->addData(key, finiteOrNaN(shown));
    scheduleReplot();
}

void LossPlot::setPoints(const std::vector<Point> &points)
{
    m_tracer->setGraph(nullptr);
    m_tracer->setVisible(false);
    m_steps.clear();
    m_raw.clear();
    m_haveRange = false;
    m_steps.reserve(points.size());
    m_raw.reserve(points.size());
    for (const Point &p : points) {
        m_steps.push_back(double(p.step));
        m_raw.push_back(p.loss);
        updateRangeStats(p.loss);
    }
    QVector<double> keys(m_steps.begin(), m_steps.end());
    QVector<double> values;
    values.reserve(int(m_raw.size()));
    for (double v : m_raw)
        values.push_back(finiteOrNaN(v));
    const bool sorted = std::is_sorted(m_steps.begin(), m_steps.end());
    m_rawGraph->setData(keys, values, sorted);
    recomputeSmoothed();
    scheduleReplot();
}

void LossPlot::clear()
{
    m_plot->clearKeyMarkers();
    setPoints({});
    setAutoFollow(true);
}

void LossPlot::recomputeSmoothed()
{
    m_smoothed = smooth(m_raw, m_smoothing);
    // Restart the running state from the end of the series so that later addPoint calls continue it.
    m_emaLast = 0;
    m_emaWeightPow = 1;
    for (double v : m_raw) {
        if (std::isfinite(v)) {
            m_emaLast = m_emaLast * m_smoothing + (1 - m_smoothing) * v;
            m_emaWeightPow *= m_smoothing;
        }
    }
    QVector<double> keys(m_steps.begin(), m_steps.end());
    QVector<double> values;
    values.reserve(int(m_smoothed.size()));
    for (double v : m_smoothed)
        values.push_back(finiteOrNaN(v));
    m_smoothGraph->setData(keys, values, std::is_sorted(m_steps.begin(), m_steps.end()));
}

void LossPlot::setSmoothing(double smoothing)
{
    smoothing = std::clamp(std::isfinite(smoothing) ? smoothing : 0.0, 0.0, kMaxSmoothing);
    if (std::abs(smoothing - m_smoothing) < 1e-12) return;
    m_smoothing = smoothing;
    {
        const QSignalBlocker block(m_smoothingSlider);
        m_smoothingSlider->setValue(int(std::round(smoothing * 100)));
    }
    m_smoothingValue->setText(QString::number(m_smoothing, 'f', 2));
    recomputeSmoothed();
    scheduleReplot();
    Q_EMIT smoothingChanged(m_smoothing);
}

void LossPlot::setLogScale(bool on)
{
    if (on == m_logScale) return;
    m_logScale = on;
    {
        const QSignalBlocker block(m_logBox);
        m_logBox->setChecked(on);
    }
    QCPAxis *y = m_plot->yAxis;
    // Switching the scale type sanitises the range, which must not count as the user zooming.
    m_settingRange = true;
    if (on) {
        y->setScaleType(QCPAxis::stLogarithmic);
        auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
        ticker->setSubTickCount(8);
        y->setTicker(ticker);
        y->setNumberFormat(QStringLiteral("gb"));
    } else {
        y->setScaleType(QCPAxis::stLinear);
        y->setTicker(QSharedPointer<QCPAxisTicker>::create());
        y->setNumberFormat(QStringLiteral("g"));
    }
    m_settingRange = false;
    // The old range may start at or below zero, which a log axis cannot show: refit once.
    fitView();
    scheduleReplot();
}

void LossPlot::setAutoFollow(bool on)
{
    if (on == m_autoFollow) return;
    m_autoFollow = on;
    {
        const QSignalBlocker block(m_followBox);
        m_followBox->setChecked(on);
    }
    if (on) scheduleReplot();
    Q_EMIT autoFollowChanged(on);
}

void LossPlot::resetView()
{
    setAutoFollow(true);
    fitView();
    scheduleReplot();
}

void LossPlot::onUserRangeChange()
{
    // Only interactive changes (wheel, drag) land here with m_settingRange false.
    if (!m_settingRange) setAutoFollow(false);
}

void LossPlot::fitView()
{
    m_settingRange = true;
    if (m_steps.empty()) {
        m_plot->xAxis->setRange(0, 100);
        m_plot->yAxis->setRange(m_logScale ? QCPRange(0.1, 10) : QCPRange(0, 1));
    } else {
        const double first = m_steps.front();
        const double last = m_steps.back();
        const double pad = std::max(1.0, (last - first) * 0.02);
        m_plot->xAxis->setRange(first - (m_steps.size() > 1 ? 0 : pad), last + pad);
        if (m_haveRange) {
            if (m_logScale && std::isfinite(m_minPositive)) {
                m_plot->yAxis->setRange(m_minPositive / 1.15, std::max(m_max, m_minPositive) * 1.15);
            } else if (!m_logScale) {
                const double span = std::max(m_max - m_min, std::abs(m_max) * 0.05 + 1e-9);
                const double lower = m_min - span * 0.05;
                m_plot->yAxis->setRange(lower, std::max(m_max + span * 0.05, upperClearOfLegend(lower)));
            }
        }
    }
    m_settingRange = false;
}

double LossPlot::upperClearOfLegend(double lower) const
{
    // The legend sits in the top-right corner. Right after the start the curve's end is still high and would run
    // under it: the axis then reaches high enough that the points under the legend's columns pass below it.
    const QRect area = m_plot->axisRect()->rect();
    const QRect legend = m_plot->legend->outerRect();
    if (!m_plot->legend->visible() || area.height() <= 0 || legend.isEmpty()) return lower;
    const double fromStep = m_plot->xAxis->pixelToCoord(legend.left());
    double highest = -std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < m_steps.size(); ++i) {
        if (m_steps[i] < fromStep) continue;
        for (double v : { m_raw[i], i < m_smoothed.size() ? m_smoothed[i] : m_raw[i] })
            if (std::isfinite(v)) highest = std::max(highest, v);
    }
    if (!std::isfinite(highest)) return lower;
    // The share of the axis height the legend (and a small gap) covers from the top.
    const double f = std::min(0.8, double(legend.bottom() + 4 - area.top()) / area.height());
    return (highest - f * lower) / (1 - f);
}

void LossPlot::scheduleReplot()
{
    if (!m_replotTimer->isActive()) m_replotTimer->start();
}

void LossPlot::replotNow()
{
    m_replotTimer->stop();
    if (m_autoFollow) fitView();
    PanelPlot::fitTickCount(m_plot->xAxis, m_plot->axisRect()->width() > 0 ? m_plot->axisRect()->width() : m_plot->width());
    PanelPlot::fitTickCount(m_plot->yAxis, m_plot->axisRect()->height() > 0 ? m_plot->axisRect()->height() : m_plot->height());
    m_plot->replot();
}

void LossPlot::flushPendingUpdates()
{
    if (layout()) layout()->activate();
    replotNow();
}

void LossPlot::addEditMarker(int64_t step, const QString &label)
{
    m_plot->addKeyMarker(double(step), label);
    scheduleReplot();
}

int LossPlot::editMarkerCount() const
{
    return m_plot->keyMarkerCount();
}

QString LossPlot::editMarkerLabel(int i) const
{
    return m_plot->keyMarkerLabel(i);
}

QMenu *LossPlot::lastContextMenu() const
{
    return m_menu;
}

QWidget *LossPlot::exportWidget()
{
    return m_plot;
}

QString LossPlot::describeNearest(const QPoint &plotPos) const
{
    if (m_steps.empty()) return {};
    const double key = m_plot->xAxis->pixelToCoord(plotPos.x());
    auto it = std::lower_bound(m_steps.begin(), m_steps.end(), key);
    size_t i = size_t(it - m_steps.begin());
    if (i == m_steps.size() || (i > 0 && key - m_steps[i - 1] < m_steps[i] - key)) i = i == 0 ? 0 : i - 1;
    return tr("step %1: loss %2 (smoothed %3)")
        .arg(qint64(m_steps[i]))
        .arg(m_raw[i], 0, 'g', 5)
        .arg(m_smoothed[i], 0, 'g', 5);
}

void LossPlot::onMouseMove(QMouseEvent *event)
{
    if (event->buttons() != Qt::NoButton || m_steps.empty()) {
        return;
    }
    const QPointF pos = event->position();
    if (!m_plot->axisRect()->rect().contains(pos.toPoint())) {
        if (m_tracer->visible()) {
            m_tracer->setVisible(false);
            m_plot->layer(QStringLiteral("overlay"))->replot();
        }
        QToolTip::hideText();
        return;
    }
    const double key = m_plot->xAxis->pixelToCoord(pos.x());
    // Steps arrive in order, so the nearest step is found by bisection even with 100k points.
    auto it = std::lower_bound(m_steps.begin(), m_steps.end(), key);
    size_t i = size_t(it - m_steps.begin());
    if (i == m_steps.size() || (i > 0 && key - m_steps[i - 1] < m_steps[i] - key)) i = i == 0 ? 0 : i - 1;
    // Attached only while hovering: an attached tracer complains on every replot while the graph is empty.
    m_tracer->setGraph(m_smoothGraph);
    m_tracer->setGraphKey(m_steps[i]);
    m_tracer->setVisible(std::isfinite(m_smoothed[i]));
    m_plot->layer(QStringLiteral("overlay"))->replot();
    QToolTip::showText(event->globalPosition().toPoint(),
        tr("step %1\nloss %2\nsmoothed %3")
            .arg(qint64(m_steps[i]))
            .arg(m_raw[i], 0, 'g', 5)
            .arg(m_smoothed[i], 0, 'g', 5),
        m_plot);
}

bool LossPlot::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_plot && event->type() == QEvent::Leave && m_tracer->visible()) {
        m_tracer->setVisible(false);
        m_plot->layer(QStringLiteral("overlay"))->replot();
    }
    return QWidget::eventFilter(watched, event);
}

void LossPlot::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Presentation fonts: the smoothing value keeps room for "0.90" at the new size.
    if (event->type() == QEvent::FontChange)
        m_smoothingValue->setMinimumWidth(QFontMetrics(font()).horizontalAdvance(QStringLiteral("0.00 ")));
}

void LossPlot::contextMenuEvent(QContextMenuEvent *event)
{
    m_menu = PanelExport::showContextMenu(this, this, event->globalPos());
}

QString LossPlot::csv() const
{
    QString out;
    QTextStream s(&out);
    s << "step,loss,smoothed\n";
    for (size_t i = 0; i < m_steps.size(); ++i)
        s << qint64(m_steps[i]) << ',' << QString::number(m_raw[i], 'g', 8) << ','
          << QString::number(m_smoothed[i], 'g', 8) << '\n';
    return out;
}

} // namespace pretext::widgets
