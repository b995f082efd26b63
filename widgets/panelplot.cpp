#include "widgets/panelplot.h"

#include "widgets/plotstyle.h"

#include <algorithm>
#include <cmath>

namespace pretext::widgets {

namespace {
class StepTicker : public QCPAxisTicker {
protected:
    double getTickStep(const QCPRange &range) override { return std::max(1.0, std::round(QCPAxisTicker::getTickStep(range))); }
    int getSubTickCount(double tickStep) override { return tickStep < 5 ? 0 : QCPAxisTicker::getSubTickCount(tickStep); }
};
} // namespace

void PanelPlot::useStepTicks(QCPAxis *axis)
{
    axis->setTicker(QSharedPointer<StepTicker>::create());
}

void PanelPlot::fitTickCount(QCPAxis *axis, int axisLengthPx)
{
    // Room for a label like "12500" (one line of text on a vertical axis) and a gap of the same size; a vertical
    // axis keeps QCustomPlot's five at most.
    const QFontMetrics fm(axis->tickLabelFont());
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    const int label = (horizontal ? fm.horizontalAdvance(QStringLiteral("00000")) : fm.height()) * 2;
    const int count = std::clamp(axisLengthPx / std::max(1, label), 2, horizontal ? 8 : 5);
    if (axis->ticker()->tickCount() != count) axis->ticker()->setTickCount(count);
}

PanelPlot::PanelPlot(QWidget *parent)
    : QCustomPlot(parent)
{
    setBackground(PlotStyle::background());
    setAntialiasedElements(QCP::aePlottables | QCP::aeItems | QCP::aeLegend | QCP::aeLegendItems);
    // Keeps drags smooth with 100k points: antialiasing comes back when the mouse is released.
    setNoAntialiasingOnDrag(true);
    for (QCPAxis *axis : axisRect()->axes())
        styleAxis(axis);
    legend->setBrush(QColor(255, 255, 255, 220));
    legend->setBorderPen(QPen(PlotStyle::grid()));
    legend->setTextColor(PlotStyle::text());
    applyFonts();
}

void PanelPlot::styleAxis(QCPAxis *axis)
{
    const QPen pen(PlotStyle::axis(), 1);
    axis->setBasePen(pen);
    axis->setTickPen(pen);
    axis->setSubTickPen(pen);
    axis->setTickLabelColor(PlotStyle::text());
    axis->setLabelColor(PlotStyle::text());
    axis->grid()->setPen(QPen(PlotStyle::grid(), 1, Qt::SolidLine));
    axis->grid()->setSubGridVisible(false);
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

void PanelPlot::applyFonts()
{
    const QFont base = font();
    QFont label = base;
    label.setBold(true);
    auto applyAxis = [&](QCPAxis *axis) {
        // Block-caption axes (see SimilarityHeatmap) are bold on purpose: keep the weight, take the size.
        QFont tick = base;
        tick.setBold(axis->tickLabelFont().bold());
        axis->setTickLabelFont(tick);
        axis->setLabelFont(label);
        axis->setSelectedTickLabelFont(tick);
        axis->setSelectedLabelFont(label);
    };
    for (QCPLayoutElement *element : plotLayout()->elements(true)) {
        if (auto *rect = qobject_cast<QCPAxisRect *>(element)) {
            for (QCPAxis *axis : rect->axes())
                applyAxis(axis);
        } else if (auto *scale = qobject_cast<QCPColorScale *>(element)) {
            applyAxis(scale->axis());
        } else if (auto *text = qobject_cast<QCPTextElement *>(element)) {
            QFont f = base;
            f.setBold(text->font().bold());
            text->setFont(f);
        } else if (auto *leg = qobject_cast<QCPLegend *>(element)) {
            leg->setFont(base);
            leg->setSelectedFont(base);
        }
    }
    // The main legend lives inside the axis rect's inset layout, which elements() does not visit.
    legend->setFont(base);
    legend->setSelectedFont(base);
    // Taller than the text: QCustomPlot top-aligns legend text in the icon height and clips at the item's
    // rectangle, which otherwise cuts off descenders.
    const int textHeight = QFontMetrics(base).height();
    legend->setIconSize(textHeight * 2, int(textHeight * 1.3));
    for (int i = 0; i < itemCount(); ++i) {
        if (auto *text = qobject_cast<QCPItemText *>(item(i))) {
            QFont f = base;
            f.setBold(text->font().bold());
            text->setFont(f);
        }
    }
}

bool PanelPlot::fitLegendColumns(int maxColumns)
{
    const QFontMetrics fm(legend->font());
    int widest = 0;
    for (int i = 0; i < legend->itemCount(); ++i)
        if (auto *item = qobject_cast<QCPPlottableLegendItem *>(legend->item(i)))
            widest = std::max(widest, fm.horizontalAdvance(item->plottable()->name()));
    const int entry = widest + legend->iconSize().width() + 3 * legend->iconTextPadding();
    const QMargins m = legend->margins();
    int columns = std::max(1, maxColumns);
    while (columns > 1 && columns * entry + (columns - 1) * legend->columnSpacing() + m.left() + m.right() > width())
        --columns;
    if (columns == legend->wrap()) return false;
    legend->setWrap(columns);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true); // re-flow the existing entries
    return true;
}

void PanelPlot::addKeyMarker(double key, const QString &label)
{
    auto *line = new QCPItemStraightLine(this);
    line->setPen(QPen(PlotStyle::mutedText(), 1.5, Qt::DashLine));
    line->setSelectable(false);
    // Vertical across the axis rect whatever the value axis shows (a log axis cannot place y = 0).
    for (QCPItemPosition *p : { line->point1, line->point2 })
        p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    auto *text = new QCPItemText(this);
    text->setText(label);
    text->setFont(font());
    text->setColor(PlotStyle::text());
    text->setBrush(QColor(255, 255, 255, 225));
    text->setPen(QPen(PlotStyle::mutedText()));
    text->setPadding(QMargins(3, 1, 3, 1));
    text->setSelectable(false);
    text->setClipToAxisRect(true);
    text->position->setTypeX(QCPItemPosition::ptPlotCoords);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_markers.push_back({ key, line, text });
    layoutKeyMarkers();
}

void PanelPlot::clearKeyMarkers()
{
    for (const Marker &m : m_markers) {
        removeItem(m.line);
        removeItem(m.label);
    }
    m_markers.clear();
}

QString PanelPlot::keyMarkerLabel(int i) const
{
    return i >= 0 && i < int(m_markers.size()) ? m_markers[size_t(i)].label->text() : QString();
}

double PanelPlot::keyMarkerKey(int i) const
{
    return i >= 0 && i < int(m_markers.size()) ? m_markers[size_t(i)].key : 0.0;
}

void PanelPlot::layoutKeyMarkers()
{
    // Three rows of labels from the top of the axis rect; a marker takes the next row when it is close to the
    // previous one in keys (what is close is decided at replot time by the axis, so use the row cycle).
    const double row = 1.0 / 9;
    for (size_t i = 0; i < m_markers.size(); ++i) {
        m_markers[i].label->position->setCoords(m_markers[i].key, 0.01 + row * double(i % 3));
        m_markers[i].line->point1->setCoords(m_markers[i].key, 0);
        m_markers[i].line->point2->setCoords(m_markers[i].key, 1);
    }
}

void PanelPlot::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::RightButton) {
        Q_EMIT contextMenuRequestedAt(event->position().toPoint(), event->globalPosition().toPoint());
        event->accept();
        return;
    }
    QCustomPlot::mousePressEvent(event);
}

void PanelPlot::contextMenuEvent(QContextMenuEvent *event)
{
    // The mouse case is handled on the press; the keyboard's menu key opens the menu at the plot's centre.
    if (event->reason() == QContextMenuEvent::Mouse) {
        event->accept();
        return;
    }
    const QPoint centre = axisRect()->rect().center();
    Q_EMIT contextMenuRequestedAt(centre, mapToGlobal(centre));
    event->accept();
}

void PanelPlot::changeEvent(QEvent *event)
{
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        applyFonts();
        replot(rpQueuedReplot);
    }
}

void PanelPlot::paintEvent(QPaintEvent *event)
{
    // Moving the window to a screen with another scale factor must re-render the buffers at the new ratio,
    // otherwise the plot is upscaled and blurry on a high-DPI projector.
    const double dpr = devicePixelRatioF();
    if (!qFuzzyCompare(bufferDevicePixelRatio(), dpr)) {
        setBufferDevicePixelRatio(dpr);
        replot(rpQueuedRefresh);
    }
    QCustomPlot::paintEvent(event);
}

} // namespace pretext::widgets
