#include "widgets/probeplot.h"

#include "widgets/panelexport.h"
#include "widgets/panelplot.h"
#include "widgets/plotstyle.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QTextStream>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace pretext::widgets {

namespace {
constexpr int kReplotDelayMs = 40;

// The learning rate's labels in units of the power of ten that the axis title names ("learning rate (×10⁻⁴)":
// 1, 2, 3): "3.0×10⁻⁴" on every tick took a third of a small panel's width.
class LearningRateTicker : public QCPAxisTicker {
public:
    void setUnit(double unit) { m_unit = unit; }

protected:
    QString getTickLabel(double tick, const QLocale &locale, QChar, int) override
    {
        if (std::abs(tick) < 1e-15) return QStringLiteral("0");
        return locale.toString(tick / m_unit, 'g', 2);
    }

private:
    double m_unit = 1;
};

// "⁻⁴" for -4.
QString superscript(int exponent)
{
    static const QString digits = QStringLiteral("⁰¹²³⁴⁵⁶⁷⁸⁹");
    QString out = exponent < 0 ? QStringLiteral("⁻") : QString();
    for (const QChar c : QString::number(std::abs(exponent))) out += digits.at(c.digitValue());
    return out;
}

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
                    "are good, even this simple classifier does well.</p><p><b>Markers</b>, measured on clean test "
                    "images at the end of each epoch: the linear probe (circles) and the kNN classifier "
                    "(diamonds). Each kind starts, at step 0, with the very same test on the untrained, randomly "
                    "initialised network, and its dashed line in the same colour carries that value on: a "
                    "marker above its own dashed line means the training taught the network something that "
                    "this test can see. The step-0 markers are measured on a copy of the untrained network kept "
                    "aside, at the end of the first epoch, so that training starts at once: they appear together "
                    "with the first epoch's markers. Even a random network scores well above chance, because raw pixels "
                    "already say a lot about the class.</p><p>The <b>solid line</b> is the online probe: a "
                    "classifier trained from scratch during the run, on the augmented views of each batch. It "
                    "starts at chance (the dotted line, one in the number of classes) and climbs as the probe "
                    "and the features improve together. It is a different test, so it is never compared with "
                    "the dashed random-init lines; it reads lower than the clean-image markers.</p><p>The faint "
                    "line (right axis) is the learning rate; labelled vertical lines mark live edits of lr or "
                    "τ.</p>"));

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
    PanelPlot::useStepTicks(m_plot->xAxis);
    m_plot->yAxis->setLabel(tr("accuracy (%)"));
    m_plot->yAxis->setRange(0, 100);
    auto fixed = QSharedPointer<QCPAxisTickerFixed>::create();
    fixed->setTickStep(20);
    fixed->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    m_plot->yAxis->setTicker(fixed);
    m_plot->yAxis2->setLabel(tr("learning rate"));
    // Learning rates are small: "3.0×10⁻⁴" reads better than "0.0003" next to "5×10⁻⁵".
    m_plot->yAxis2->setTicker(QSharedPointer<LearningRateTicker>::create());
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

    // The baselines, each in the colour of the curve it belongs to; their values are in the legend, so no label
    // ever sits on a curve.
    auto dashed = [this](const QColor &colour, Qt::PenStyle style) {
        QCPGraph *g = m_plot->addGraph();
        g->setPen(QPen(colour, 2, style));
        g->setSelectable(QCP::stNone);
        return g;
    };
    m_probeBaseGraph = dashed(PlotStyle::vermillion(), Qt::DashLine);
    m_knnBaseGraph = dashed(PlotStyle::bluishGreen(), Qt::DashLine);
    m_chanceGraph = dashed(PlotStyle::blue(), Qt::DotLine);

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
    connect(m_plot, &PanelPlot::contextMenuRequestedAt, this, [this](const QPoint &pos, const QPoint &global) {
        m_menu = PanelExport::showContextMenu(this, this, global, describeAt(pos));
    });

    m_plot->applyFonts();
    updateMarkerSizes();
    updateBaselineItems();
    replotNow();
}

void ProbePlot::setChanceLevel(double fraction)
{
    m_chance = std::isfinite(fraction) && fraction > 0 && fraction < 1 ? fraction : 0;
    updateBaselineItems();
    scheduleReplot();
}

void ProbePlot::addEditMarker(int64_t step, const QString &label)
{
    m_plot->addKeyMarker(double(step), label);
    scheduleReplot();
}

int ProbePlot::editMarkerCount() const
{
    return m_plot->keyMarkerCount();
}

QMenu *ProbePlot::lastContextMenu() const
{
    return m_menu;
}

QCPGraph *ProbePlot::seriesGraph(Series series) const
{
    switch (series) {
    case Series::OnlineProbe:
        return m_onlineGraph;
    case Series::LinearProbe:
        return m_probeGraph;
    case Series::Knn:
        return m_knnGraph;
    }
    return nullptr;
}

std::optional<ProbePlot::Baseline> ProbePlot::baselineFor(Series series) const
{
    switch (series) {
    case Series::OnlineProbe:
        // Trained from scratch on augmented views: its only fair reference is chance.
        if (m_chance > 0) return Baseline { tr("chance"), m_chance * 100 };
        return std::nullopt;
    case Series::LinearProbe:
        if (m_randomInit && m_randomInit->probeAcc >= 0)
            return Baseline { tr("random init, linear probe"), m_randomInit->probeAcc * 100 };
        return std::nullopt;
    case Series::Knn:
        if (m_randomInit && m_randomInit->knnAcc >= 0)
            return Baseline { tr("random init, kNN"), m_randomInit->knnAcc * 100 };
        return std::nullopt;
    }
    return std::nullopt;
}

QCPGraph *ProbePlot::baselineGraph(Series series) const
{
    QCPGraph *g = series == Series::OnlineProbe ? m_chanceGraph
        : series == Series::LinearProbe         ? m_probeBaseGraph
                                                : m_knnBaseGraph;
    return baselineFor(series) ? g : nullptr;
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
    m_plot->clearKeyMarkers();
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
    // Lines over the whole visible step range; names carry the values (the legend is their label).
    const double right = std::max(1.0, m_plot->xAxis->range().upper);
    const std::pair<Series, QCPGraph *> lines[] = { { Series::LinearProbe, m_probeBaseGraph },
        { Series::Knn, m_knnBaseGraph }, { Series::OnlineProbe, m_chanceGraph } };
    for (const auto &[series, graph] : lines) {
        graph->data()->clear();
        const auto base = baselineFor(series);
        if (!base || (series == Series::OnlineProbe && m_online.empty())) continue;
        graph->setName(tr("%1 %2").arg(base->protocol, percent(base->percent / 100)));
        graph->addData(0, base->percent);
        graph->addData(right, base->percent);
    }
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

namespace {
// Beside the plot a legend entry takes two lines ("random init," / "linear probe 44.1%"), half the width, so that
// it keeps a readable size in the 40 % of the panel it may take.
QString legendName(const QString &name, bool twoLines)
{
    QString oneLine = name;
    oneLine.replace(QStringLiteral(",\n"), QStringLiteral(", ")).replace(QStringLiteral("\n("), QStringLiteral(" ("));
    if (!twoLines) return oneLine;
    const int comma = oneLine.indexOf(QStringLiteral(", "));
    if (comma >= 0) return oneLine.replace(comma, 2, QStringLiteral(",\n"));
    const int paren = oneLine.indexOf(QStringLiteral(" ("));
    if (paren >= 0) return oneLine.replace(paren, 2, QStringLiteral("\n("));
    return oneLine;
}
} // namespace

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
    updateBaselineItems();

    double maxLr = 0;
    for (const Sample &s : m_lr)
        maxLr = std::max(maxLr, s.value);
    m_plot->yAxis2->setVisible(maxLr > 0);
    m_plot->yAxis2->setRange(0, maxLr > 0 ? maxLr * 1.1 : 1);
    const int exponent = maxLr > 0 ? int(std::floor(std::log10(maxLr))) : 0;
    m_plot->yAxis2->ticker().staticCast<LearningRateTicker>()->setUnit(std::pow(10.0, exponent));
    const QString unit = exponent == 0 ? QString() : tr(" (×10%1)").arg(superscript(exponent));
    // A short panel (a projector in presentation mode) gets the short name rather than a title cut at both ends.
    const int axisHeight = m_plot->axisRect()->height() > 0 ? m_plot->axisRect()->height() : m_plot->height();
    QString lrTitle = tr("learning rate") + unit;
    if (QFontMetrics(m_plot->yAxis2->labelFont()).horizontalAdvance(lrTitle) > axisHeight) lrTitle = tr("lr") + unit;
    if (m_plot->yAxis2->label() != lrTitle) m_plot->yAxis2->setLabel(lrTitle);

    // Only series that have data get a legend entry, in a fixed order.
    m_plot->legend->clearItems();
    // The learning rate has its labelled right axis and no entry: the legend stays short enough to sit beside
    // the plot on a 720-pixel screen.
    for (QCPGraph *g : { m_onlineGraph, m_chanceGraph, m_probeGraph, m_probeBaseGraph, m_knnGraph, m_knnBaseGraph }) {
        if (!g->data()->isEmpty()) g->addToLegend();
    }
    // An empty legend would still cap the layout column at its own tiny width (QCustomPlot takes the smallest
    // maximum of a column), squeezing the empty plot's axis to a few dozen pixels: it leaves the layout instead.
    // A wide, short panel (a 720-pixel screen) puts the legend beside the plot, one entry per row, so that the
    // curves keep the height; otherwise it goes underneath.
    const bool legendShown = m_plot->legend->itemCount() > 0;
    const bool beside = wantsLegendBeside();
    QCPLayoutGrid *grid = m_plot->plotLayout();
    const bool atBottom = grid->rowCount() > 1 && grid->element(1, 0) == m_plot->legend;
    const bool atSide = grid->columnCount() > 1 && grid->element(0, 1) == m_plot->legend;
    const bool wantBottom = legendShown && !beside, wantSide = legendShown && beside;
    for (QCPGraph *g : { m_onlineGraph, m_chanceGraph, m_probeGraph, m_probeBaseGraph, m_knnGraph, m_knnBaseGraph })
        g->setName(legendName(g->name(), beside));
    if ((atBottom && !wantBottom) || (atSide && !wantSide)) {
        grid->take(m_plot->legend);
        grid->simplify();
    }
    if (wantBottom && !atBottom) {
        grid->addElement(1, 0, m_plot->legend);
        grid->setRowStretchFactor(1, 0.001);
    } else if (wantSide && !atSide) {
        grid->addElement(0, 1, m_plot->legend);
        grid->setColumnStretchFactor(1, 0.001);
    }
    m_legendBeside = beside;
    m_plot->legend->setVisible(legendShown);
    updateLegendWrap();
    PanelPlot::fitTickCount(m_plot->xAxis, m_plot->axisRect()->width() > 0 ? m_plot->axisRect()->width() : m_plot->width());
    const int height = m_plot->axisRect()->height() > 0 ? m_plot->axisRect()->height() : m_plot->height();
    PanelPlot::fitTickCount(m_plot->yAxis, height);
    PanelPlot::fitTickCount(m_plot->yAxis2, height);
    m_plot->replot();
}

// As many legend columns (up to three) as fit; when the rows would still take more than a third of the panel
// (presentation fonts in a short dock), the legend's font shrinks so that the plot keeps most of the height.
void ProbePlot::updateLegendWrap()
{
    QFont legendFont = font();
    for (int attempt = 0; attempt < 4; ++attempt) {
        m_plot->legend->setFont(legendFont);
        m_plot->legend->setSelectedFont(legendFont);
        const int textHeight = QFontMetrics(legendFont).height();
        m_plot->legend->setIconSize(textHeight * 2, int(textHeight * 1.3));
        if (m_legendBeside) {
            if (m_plot->legend->wrap() != 1) {
                m_plot->legend->setWrap(1);
                m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
            }
        } else {
            m_plot->fitLegendColumns(3);
        }
        const int items = m_plot->legend->itemCount();
        const int rows = items == 0 ? 0 : (items + m_plot->legend->wrap() - 1) / m_plot->legend->wrap();
        const int lines = m_legendBeside ? 2 : 1; // an entry's lines of text (legendName)
        const int limit = m_legendBeside ? height() - 8 : height() / 3;
        int widest = 0;
        for (int i = 0; i < items; ++i)
            if (auto *item = qobject_cast<QCPPlottableLegendItem *>(m_plot->legend->item(i)))
                widest = std::max(widest, QFontMetrics(legendFont).boundingRect(QRect(), 0, item->plottable()->name()).width());
        // Beside the plot the legend may take at most 40 % of the width, or the curves would be the ones cut.
        const bool fitsWidth = !m_legendBeside
            || widest + m_plot->legend->iconSize().width() + 4 * m_plot->legend->iconTextPadding() <= width() * 2 / 5;
        const int rowHeight = std::max(int(textHeight * 1.3), lines * textHeight) + m_plot->legend->rowSpacing();
        if (fitsWidth && rows * rowHeight <= limit) break;
        legendFont.setPointSizeF(legendFont.pointSizeF() * 0.82);
    }
}

bool ProbePlot::wantsLegendBeside() const
{
    // A wide, short panel (a 720-pixel screen) keeps the curves' height: underneath, the legend's rows would
    // squeeze the plot to a strip.
    return width() > 2 * height();
}


void ProbePlot::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (wantsLegendBeside() != m_legendBeside) {
        scheduleReplot();
        return;
    }
    const int before = m_plot->legend->wrap();
    updateLegendWrap();
    if (m_plot->legend->wrap() != before) m_plot->replot();
}

void ProbePlot::flushPendingUpdates()
{
    if (layout()) layout()->activate();
    replotNow();
}

QString ProbePlot::describeNear(const QPointF &pos, bool forTooltip) const
{
    if (!m_plot->axisRect()->rect().contains(pos.toPoint())) return {};
    const QString sep = forTooltip ? QStringLiteral("\n") : QStringLiteral(" · ");
    // An epoch marker within reach of the pointer wins; otherwise the online probe at that step.
    const double reach = QFontMetricsF(font()).height();
    std::vector<engine::EvalMetrics> markers = m_evals;
    if (m_randomInit) markers.insert(markers.begin(), *m_randomInit);
    for (const engine::EvalMetrics &e : markers) {
        const double x = m_plot->xAxis->coordToPixel(e.randomInit ? 0.0 : double(e.step));
        for (double acc : { e.probeAcc, e.knnAcc }) {
            if (acc < 0) continue;
            const double y = m_plot->yAxis->coordToPixel(acc * 100);
            if (std::hypot(x - pos.x(), y - pos.y()) > reach) continue;
            QStringList lines;
            lines << (e.randomInit ? tr("random-init network (step 0)") : tr("epoch %1 (step %2)").arg(e.epoch + 1).arg(e.step));
            if (e.probeAcc >= 0) {
                QString l = tr("linear probe: %1").arg(percent(e.probeAcc));
                if (const auto b = baselineFor(Series::LinearProbe); b && !e.randomInit)
                    l += tr(" (random init %1)").arg(percent(b->percent / 100));
                lines << l;
            }
            if (e.knnAcc >= 0) {
                QString l = tr("kNN: %1").arg(percent(e.knnAcc));
                if (const auto b = baselineFor(Series::Knn); b && !e.randomInit)
                    l += tr(" (random init %1)").arg(percent(b->percent / 100));
                lines << l;
            }
            return lines.join(sep);
        }
    }
    if (m_online.empty()) return {};
    const double key = m_plot->xAxis->pixelToCoord(pos.x());
    auto it
        = std::lower_bound(m_online.begin(), m_online.end(), key, [](const Sample &s, double k) { return s.step < k; });
    if (it == m_online.end() || (it != m_online.begin() && key - (it - 1)->step < it->step - key))
        it = it == m_online.begin() ? it : it - 1;
    QString text = tr("step %1%2online probe: %3").arg(qint64(it->step)).arg(sep).arg(percent(it->value));
    if (const auto b = baselineFor(Series::OnlineProbe)) text += tr(" (chance %1)").arg(percent(b->percent / 100));
    return text;
}

QString ProbePlot::describeAt(const QPoint &plotPos) const
{
    return describeNear(QPointF(plotPos), false);
}

void ProbePlot::onMouseMove(QMouseEvent *event)
{
    const QString text = describeNear(event->position(), true);
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
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
    m_menu = PanelExport::showContextMenu(this, this, event->globalPos());
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
