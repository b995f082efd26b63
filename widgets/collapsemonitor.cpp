#include "widgets/collapsemonitor.h"

#include "widgets/panelexport.h"
#include "widgets/panelplot.h"
#include "widgets/plotstyle.h"

#include <QContextMenuEvent>
#include <QLabel>
#include <QStackedLayout>
#include <QTextStream>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pretext::widgets {

namespace {

constexpr int kReplotDelayMs = 40;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Headroom above the data, as a factor of the largest value: the row's title sits in it.
constexpr double kHeadroom = 1.45;
// Above this the data would be squeezed into too little of the row: the line's label goes below the line.
constexpr double kMaxHeadroom = 2.4;
// Below a tenth of 1/√d the embeddings of a batch are nearly one point, whatever d is; an effective rank under
// 1.5 means they lie on about one line.
constexpr double kCollapsedStdShare = 0.1;
constexpr double kCollapsedRank = 1.5;

QString grouped(qint64 n)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(n);
}

// Reported quantities are >= 0; the preview marks the others with -1.
bool reported(double v)
{
    return std::isfinite(v) && v >= 0;
}

void attachTo(QCPAbstractItem *item, QCPAxisRect *rect)
{
    item->setClipAxisRect(rect);
    for (QCPItemPosition *position : item->positions()) {
        position->setAxisRect(rect);
        position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    }
}

QString optional(double v)
{
    return reported(v) ? QString::number(v, 'g', 8) : QString();
}

} // namespace

CollapseMonitor::CollapseMonitor(QWidget *parent)
    : QWidget(parent)
{
    setWhatsThis(
        tr("<p><b>Is the network cheating by collapsing?</b> BYOL, SimSiam and DINO learn without negatives: "
           "nothing in their loss forbids mapping every image to the same point, which makes the two views agree "
           "perfectly and teaches nothing. Their tricks (a predictor, a slowly moving target network, centring "
           "and sharpening) are there to prevent it; these plots show whether they do.</p>"
           "<p><b>Embedding std</b>: how much the normalised embeddings of a batch differ, per dimension. Spread "
           "evenly over the sphere they would reach the dashed 1/√d; <b>collapse drives it to 0</b>.</p>"
           "<p><b>Effective rank</b>: how many directions the embeddings really use. <b>Collapse drives it to "
           "1</b>: every image on one line. It cannot exceed the batch size or the dimension d.</p>"
           "<p><b>Teacher entropy</b> (DINO): how undecided the teacher's output is. Near the dashed log K it "
           "spreads over all K outputs and says nothing; near 0 it always picks the same one. Both are collapse. "
           "The dotted <b>centre norm</b> is the running mean that DINO subtracts to keep one output from "
           "winning.</p>"
           "<p><b>Target momentum</b>: how slowly the target network follows the online one (1 = frozen).</p>"
           "<p>The bars are each dimension's std at the latest preview: dead dimensions show as gaps.</p>"));
    QPalette pal = palette();
    pal.setColor(QPalette::Window, PlotStyle::background());
    pal.setColor(QPalette::WindowText, PlotStyle::text());
    setPalette(pal);
    setAutoFillBackground(true);
    setMinimumSize(200, 180);

    m_empty = new QLabel(tr("Signs of collapse appear with the first preview of a BYOL, SimSiam or DINO run: the "
                            "embeddings' spread against the dashed 1/√d, their effective rank and, for DINO, "
                            "the teacher's entropy."),
        this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setMargin(12);
    m_empty->setStyleSheet(QStringLiteral("color: %1;").arg(PlotStyle::mutedText().name()));

    auto *content = new QWidget(this);
    m_summary = new QLabel(content);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_plot = new PanelPlot(content);
    m_plot->setMinimumSize(180, 140);
    m_plot->setMouseTracking(true);
    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(4, 4, 4, 2);
    column->setSpacing(2);
    column->addWidget(m_summary);
    column->addWidget(m_plot, 1);

    m_pages = new QStackedLayout(this);
    m_pages->addWidget(m_empty);
    m_pages->addWidget(content);

    m_margins = new QCPMarginGroup(m_plot);
    for (int r = 0; r < RowCount; ++r)
        m_rows[size_t(r)].rect = addRect(r == StdRow);
    m_rows[MomentumRow].stretch = 0.6;

    auto addCurve = [this](Row row, const QColor &colour, Qt::PenStyle style, bool rightAxis = false) {
        QCPAxisRect *rect = m_rows[size_t(row)].rect;
        QCPGraph *g = m_plot->addGraph(
            rect->axis(QCPAxis::atBottom), rect->axis(rightAxis ? QCPAxis::atRight : QCPAxis::atLeft));
        g->setPen(QPen(colour, 2, style));
        return g;
    };
    m_std = addCurve(StdRow, PlotStyle::blue(), Qt::SolidLine);
    m_rank = addCurve(RankRow, PlotStyle::bluishGreen(), Qt::SolidLine);
    m_entropy = addCurve(TeacherRow, PlotStyle::vermillion(), Qt::SolidLine);
    m_center = addCurve(TeacherRow, PlotStyle::reddishPurple(), Qt::DotLine, true);
    m_momentum = addCurve(MomentumRow, PlotStyle::black(), Qt::SolidLine);
    m_std->setName(tr("embedding std"));
    m_rank->setName(tr("effective rank"));
    m_entropy->setName(tr("teacher entropy"));
    m_center->setName(tr("centre norm"));
    m_momentum->setName(tr("target momentum"));
    QCPAxis *centerAxis = m_rows[TeacherRow].rect->axis(QCPAxis::atRight);
    centerAxis->setTickLabelColor(PlotStyle::reddishPurple().darker(130));

    for (auto &row : m_rows)
        row.title = addTitle(row.rect);
    addReferenceLine(m_rows[StdRow], QPen(PlotStyle::black(), 1.5, Qt::DashLine));
    addReferenceLine(m_rows[RankRow], QPen(PlotStyle::vermillion(), 1.5, Qt::DotLine));
    addReferenceLine(m_rows[TeacherRow], QPen(PlotStyle::black(), 1.5, Qt::DashLine));
    m_rows[RankRow].lineTexts = QStringList { tr("rank 1 = collapsed"), tr("collapsed"), QString() };
    m_rows[RankRow].lineValue = 1;
    m_rows[RankRow].line->point1->setCoords(0, 1);
    m_rows[RankRow].line->point2->setCoords(1, 1);

    m_stripRect = addRect(false);
    m_stripTitle = addTitle(m_stripRect);
    m_strip = new QCPBars(m_stripRect->axis(QCPAxis::atBottom), m_stripRect->axis(QCPAxis::atLeft));
    m_strip->setName(tr("std per dimension"));
    m_strip->setWidthType(QCPBars::wtPlotCoords);
    m_strip->setWidth(1);
    m_strip->setPen(Qt::NoPen);
    m_strip->setBrush(PlotStyle::blue());
    m_stripLine = new QCPItemStraightLine(m_plot);
    m_stripLine->setPen(QPen(PlotStyle::black(), 1.5, Qt::DashLine));
    m_stripLine->setSelectable(false);
    attachTo(m_stripLine, m_stripRect);
    m_stripRect->axis(QCPAxis::atBottom)->setLabel(tr("dimension"));
    m_stripRect->axis(QCPAxis::atBottom)->grid()->setVisible(false);

    m_replotTimer = new QTimer(this);
    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotDelayMs);
    connect(m_replotTimer, &QTimer::timeout, this, &CollapseMonitor::replotNow);
    // After the layout and before drawing: the label positions depend on the rows' fresh pixel sizes.
    connect(m_plot, &QCustomPlot::afterLayout, this, &CollapseMonitor::onAfterLayout);
    m_plot->installEventFilter(this); // more or fewer rows fit when the plot's height changes
    connect(m_plot, &QCustomPlot::mouseMove, this, &CollapseMonitor::onMouseMove);

    m_plot->applyFonts();
    replotNow();
}

QCPAxisRect *CollapseMonitor::addRect(bool first)
{
    QCPAxisRect *rect = first ? m_plot->axisRect() : new QCPAxisRect(m_plot);
    for (QCPAxis *axis : rect->axes()) {
        PanelPlot::styleAxis(axis);
        axis->ticker()->setTickCount(3);
    }
    rect->axis(QCPAxis::atBottom)->ticker()->setTickCount(5);
    rect->axis(QCPAxis::atTop)->setVisible(false);
    rect->axis(QCPAxis::atRight)->setVisible(false);
    rect->axis(QCPAxis::atRight)->grid()->setVisible(false);
    if (!first) m_plot->plotLayout()->addElement(m_plot->plotLayout()->rowCount(), 0, rect);
    return rect;
}

QCPItemText *CollapseMonitor::addTitle(QCPAxisRect *rect)
{
    // Inside the plot's top-left corner, in the headroom every row keeps above its data: a title row above each
    // plot would cost a line of height per plot, which a small dock does not have.
    auto *title = new QCPItemText(m_plot);
    attachTo(title, rect);
    title->setLayer(QStringLiteral("legend"));
    title->position->setType(QCPItemPosition::ptAxisRectRatio);
    title->position->setCoords(0.0, 0.0);
    title->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    title->setPadding(QMargins(4, 1, 4, 1));
    title->setBrush(QColor(255, 255, 255, 200));
    title->setColor(PlotStyle::text());
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    title->setSelectable(false);
    return title;
}

void CollapseMonitor::addReferenceLine(RowItems &row, const QPen &pen)
{
    row.line = new QCPItemStraightLine(m_plot);
    row.line->setPen(pen);
    row.line->setSelectable(false);
    attachTo(row.line, row.rect);
    row.lineLabel = new QCPItemText(m_plot);
    attachTo(row.lineLabel, row.rect);
    row.lineLabel->setLayer(QStringLiteral("legend"));
    row.lineLabel->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    row.lineLabel->position->setTypeY(QCPItemPosition::ptPlotCoords);
    row.lineLabel->setPadding(QMargins(4, 0, 4, 1));

    row.lineLabel->setColor(pen.color() == PlotStyle::black() ? PlotStyle::text() : pen.color().darker(120));
    row.lineLabel->setSelectable(false);
}

QCustomPlot *CollapseMonitor::plot() const
{
    return m_plot;
}

void CollapseMonitor::addPoint(int64_t step, const engine::CollapsePreview &point)
{
    Point p { step, point };
    p.value.perDimStd.clear();
    m_points.push_back(p);
    const double key = double(step);
    if (std::isfinite(point.embeddingStd)) m_std->addData(key, point.embeddingStd);
    if (std::isfinite(point.effectiveRank) && point.effectiveRank > 0) m_rank->addData(key, point.effectiveRank);
    if (reported(point.teacherEntropy)) m_entropy->addData(key, point.teacherEntropy);
    if (reported(point.centerNorm)) m_center->addData(key, point.centerNorm);
    if (reported(point.targetMomentum)) m_momentum->addData(key, point.targetMomentum);
    if (!point.perDimStd.empty()) {
        m_latestPerDim = point.perDimStd;
        m_perDimStep = step;
    }
    scheduleReplot();
}

void CollapseMonitor::clear()
{
    m_points.clear();
    m_latestPerDim.clear();
    m_perDimStep = 0;
    for (QCPGraph *g : { m_std, m_rank, m_entropy, m_center, m_momentum })
        g->data()->clear();
    m_strip->data()->clear();
    scheduleReplot();
}

QCPGraph *CollapseMonitor::graph(Curve curve) const
{
    switch (curve) {
    case Curve::EmbeddingStd:
        return m_std;
    case Curve::EffectiveRank:
        return m_rank;
    case Curve::TeacherEntropy:
        return m_entropy;
    case Curve::CenterNorm:
        return m_center;
    case Curve::TargetMomentum:
        return m_momentum;
    }
    return nullptr;
}

bool CollapseMonitor::isShown(Curve curve) const
{
    switch (curve) {
    case Curve::EmbeddingStd:
        return m_rows[StdRow].shown;
    case Curve::EffectiveRank:
        return m_rows[RankRow].shown;
    case Curve::TeacherEntropy:
        return m_rows[TeacherRow].shown && !m_entropy->data()->isEmpty();
    case Curve::CenterNorm:
        return m_rows[TeacherRow].shown && !m_center->data()->isEmpty();
    case Curve::TargetMomentum:
        return m_rows[MomentumRow].shown;
    }
    return false;
}

double CollapseMonitor::uniformStdLine() const
{
    return m_rows[StdRow].shown && m_rows[StdRow].line->visible() ? m_rows[StdRow].line->point1->coords().y() : kNaN;
}

double CollapseMonitor::maxEntropyLine() const
{
    const RowItems &row = m_rows[TeacherRow];
    return row.shown && row.line->visible() ? row.line->point1->coords().y() : kNaN;
}

QCPAxis *CollapseMonitor::rankAxis() const
{
    return m_rows[RankRow].rect->axis(QCPAxis::atLeft);
}

QString CollapseMonitor::summary() const
{
    if (m_points.empty()) return {};
    const Point &p = m_points.back();
    const engine::CollapsePreview &v = p.value;
    QString text = tr("step %1: std %2").arg(grouped(p.step)).arg(v.embeddingStd, 0, 'f', 3);
    if (v.uniformStd > 0) text += tr(" (1/√d %1)").arg(v.uniformStd, 0, 'f', 3);
    if (v.effectiveRank > 0) text += tr(" · effective rank %1 of d = %2").arg(v.effectiveRank, 0, 'f', 1).arg(v.dim);
    if (reported(v.teacherEntropy)) {
        text += tr(" · teacher entropy %1").arg(v.teacherEntropy, 0, 'f', 2);
        if (reported(v.maxEntropy)) text += tr(" of %1").arg(v.maxEntropy, 0, 'f', 2);
    }
    return text;
}

QString CollapseMonitor::describe(const Point &point) const
{
    const engine::CollapsePreview &v = point.value;
    QStringList lines;
    lines << tr("step %1").arg(grouped(point.step));
    lines << tr("embedding std %1 (uniform on the sphere 1/√d = %2)")
                 .arg(v.embeddingStd, 0, 'f', 4)
                 .arg(v.uniformStd, 0, 'f', 4);
    if (v.effectiveRank > 0) lines << tr("effective rank %1 of d = %2").arg(v.effectiveRank, 0, 'f', 2).arg(v.dim);
    if (reported(v.teacherEntropy)) {
        QString line = tr("teacher entropy %1 nats").arg(v.teacherEntropy, 0, 'f', 3);
        if (reported(v.maxEntropy)) line += tr(" (uniform: log K = %1)").arg(v.maxEntropy, 0, 'f', 3);
        lines << line;
    }
    if (reported(v.centerNorm)) lines << tr("centre norm %1").arg(v.centerNorm, 0, 'g', 4);
    if (reported(v.targetMomentum)) lines << tr("target momentum %1").arg(v.targetMomentum, 0, 'f', 4);
    return lines.join(QLatin1Char('\n'));
}

void CollapseMonitor::scheduleReplot()
{
    if (!m_replotTimer->isActive()) m_replotTimer->start();
}

void CollapseMonitor::replotNow()
{
    m_replotTimer->stop();
    m_pages->setCurrentIndex(m_points.empty() ? 0 : 1);

    relayoutRows();
    QString text = summary().toHtmlEscaped();
    if (!m_points.empty()) {
        const engine::CollapsePreview &v = m_points.back().value;
        const bool collapsed = (v.uniformStd > 0 && v.embeddingStd < kCollapsedStdShare * v.uniformStd)
            || (v.effectiveRank > 0 && v.effectiveRank < kCollapsedRank);
        if (collapsed) text += tr(" &nbsp;<b style='color:%1'>looks collapsed</b>").arg(PlotStyle::vermillion().name());
    }
    if (m_hiddenRows > 0)
        text += QStringLiteral(" &nbsp;<span style='color:%1'>%2</span>")
                    .arg(PlotStyle::mutedText().name(),
                        m_hiddenRows == 1 ? tr("(+1 plot in a taller panel)")
                                          : tr("(+%1 plots in a taller panel)").arg(m_hiddenRows));
    m_summary->setText(text);

    updateRanges();
    updateStrip();
    m_plot->replot();
}

void CollapseMonitor::flushPendingUpdates()
{
    // The summary's text decides its height and hence the plot's, which decides how many rows fit.
    replotNow();
    m_pages->activate();
    m_summary->parentWidget()->layout()->activate();
    // Tick counts and label places follow the rows' sizes, which the layout of a replot decides.
    for (int i = 0; i < 4; ++i) {
        m_geometryChanged = false;
        replotNow();
        if (!m_geometryChanged) break;
    }
}

void CollapseMonitor::relayoutRows()
{
    std::array<bool, RowCount> wanted {};
    wanted[StdRow] = !m_std->data()->isEmpty();
    wanted[RankRow] = !m_rank->data()->isEmpty();
    wanted[TeacherRow] = !m_entropy->data()->isEmpty() || !m_center->data()->isEmpty();
    wanted[MomentumRow] = !m_momentum->data()->isEmpty();
    const bool stripWanted = !m_latestPerDim.empty();

    // A small dock cannot hold five readable plots: each gets a few text lines of height (its title and some
    // curve), and the ones that do not fit leave, the least telling first: the momentum only follows a schedule.
    const int line = QFontMetrics(m_plot->font()).height();
    int budget = m_plot->height() - 3 * line; // the step axis under the stack
    auto fits = [&](bool want, int cost) {
        if (!want || cost > budget) return false;
        budget -= cost;
        return true;
    };
    std::array<bool, RowCount> shown {};
    shown[StdRow] = wanted[StdRow]; // always: it is the plot that shows collapse
    budget -= 3 * line;
    shown[RankRow] = fits(wanted[RankRow], 3 * line);
    shown[TeacherRow] = fits(wanted[TeacherRow], 3 * line);
    const bool strip = fits(stripWanted, 5 * line); // with its own dimension axis
    shown[MomentumRow] = fits(wanted[MomentumRow], 5 * line / 2);
    int hidden = stripWanted && !strip ? 1 : 0;
    for (int r = 0; r < RowCount; ++r)
        hidden += wanted[size_t(r)] && !shown[size_t(r)] ? 1 : 0;
    m_hiddenRows = hidden;

    int key = strip ? 1 << RowCount : 0;
    for (int r = 0; r < RowCount; ++r)
        key |= shown[size_t(r)] ? 1 << r : 0;
    m_rows[TeacherRow].rect->axis(QCPAxis::atRight)->setVisible(!m_center->data()->isEmpty());
    // QCustomPlot's default of 15 pixels on every side would spread the rows far apart.
    for (const RowItems &row : m_rows)
        row.rect->setMinimumMargins(QMargins(15, line / 2, 15, 3));
    m_stripRect->setMinimumMargins(QMargins(15, line / 2, 15, 3));
    if (key == m_layoutKey) return;
    m_layoutKey = key;

    // QCustomPlot lays out hidden elements too, so rows without data leave the layout instead of being hidden.
    QCPLayoutGrid *grid = m_plot->plotLayout();
    std::vector<QCPAxisRect *> order;
    for (const RowItems &row : m_rows)
        order.push_back(row.rect);
    order.push_back(m_stripRect);
    for (QCPAxisRect *rect : order)
        if (rect->layout() == grid) grid->take(rect);
    grid->simplify();

    int lastCurve = -1;
    for (int r = 0; r < RowCount; ++r) {
        RowItems &row = m_rows[size_t(r)];
        row.shown = shown[size_t(r)];
        if (row.shown) lastCurve = r;
    }
    int gridRow = 0;
    auto place = [&](QCPAxisRect *rect, bool visible, double stretch) {
        rect->setVisible(visible);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, visible ? m_margins : nullptr);
        if (!visible) return;
        grid->addElement(gridRow, 0, rect);
        grid->setRowStretchFactor(gridRow, stretch);
        ++gridRow;
    };
    for (int r = 0; r < RowCount; ++r) {
        RowItems &row = m_rows[size_t(r)];
        place(row.rect, row.shown, row.stretch);
        // Items belong to the plot, not to a row: a row out of the layout would leave them at its old place.
        row.title->setVisible(row.shown);
        // One step axis for the stack: only the lowest curve plot labels it.
        QCPAxis *steps = row.rect->axis(QCPAxis::atBottom);
        steps->setTickLabels(r == lastCurve);
        steps->setLabel(r == lastCurve ? tr("step") : QString());
    }
    place(m_stripRect, strip, 0.8);
    m_stripShown = strip;
    m_stripTitle->setVisible(strip);
    if (gridRow == 0) grid->addElement(0, 0, m_rows[StdRow].rect); // QCustomPlot needs one element to lay out
    // Rows out of the layout missed any font change (presentation mode) in the meantime.
    m_plot->applyFonts();
}

void CollapseMonitor::updateRanges()
{
    double first = 0, last = 1;
    if (!m_points.empty()) {
        first = double(m_points.front().step);
        last = double(m_points.back().step);
    }
    const double pad = std::max(1.0, (last - first) * 0.02);
    for (const RowItems &row : m_rows)
        row.rect->axis(QCPAxis::atBottom)->setRange(first - (m_points.size() > 1 ? 0 : pad), last + pad);

    double maxStd = 0, maxRank = 0, maxEntropy = 0, maxCenter = 0;
    double minMomentum = 1, maxMomentum = 0;
    for (const Point &p : m_points) {
        const engine::CollapsePreview &v = p.value;
        if (std::isfinite(v.embeddingStd)) maxStd = std::max(maxStd, v.embeddingStd);
        if (std::isfinite(v.effectiveRank)) maxRank = std::max(maxRank, v.effectiveRank);
        if (reported(v.teacherEntropy)) maxEntropy = std::max(maxEntropy, v.teacherEntropy);
        if (reported(v.centerNorm)) maxCenter = std::max(maxCenter, v.centerNorm);
        if (reported(v.targetMomentum)) {
            minMomentum = std::min(minMomentum, v.targetMomentum);
            maxMomentum = std::max(maxMomentum, v.targetMomentum);
        }
    }
    const engine::CollapsePreview latest = m_points.empty() ? engine::CollapsePreview() : m_points.back().value;

    RowItems &stdRow = m_rows[StdRow];
    const bool uniform = stdRow.shown && latest.uniformStd > 0;
    stdRow.line->setVisible(uniform);
    stdRow.lineLabel->setVisible(uniform);
    stdRow.line->point1->setCoords(0, latest.uniformStd);
    stdRow.line->point2->setCoords(1, latest.uniformStd);
    stdRow.lineLabel->position->setCoords(0.99, latest.uniformStd);
    stdRow.lineTexts = QStringList { tr("uniform on the sphere 1/√d = %1").arg(latest.uniformStd, 0, 'f', 3),
        tr("uniform 1/√d = %1").arg(latest.uniformStd, 0, 'f', 3), tr("1/√d") };
    stdRow.titleTexts = QStringList { tr("embedding std") };
    stdRow.lineValue = latest.uniformStd;
    stdRow.dataMax = maxStd;
    stdRow.rect->axis(QCPAxis::atLeft)->setRange(0, std::max({ maxStd, latest.uniformStd, 1e-6 }) * stdRow.headroom);

    RowItems &rankRow = m_rows[RankRow];
    rankRow.titleTexts = QStringList { tr("effective rank") };
    if (latest.dim > 0) rankRow.titleTexts.prepend(tr("effective rank (d = %1)").arg(latest.dim));
    rankRow.lineLabel->position->setCoords(0.99, 1);
    rankRow.line->setVisible(rankRow.shown);
    rankRow.lineLabel->setVisible(rankRow.shown);
    rankRow.dataMax = std::max(2.0, maxRank);
    rankAxis()->setRange(0, rankRow.dataMax * rankRow.headroom);

    RowItems &teacher = m_rows[TeacherRow];
    const bool logK = teacher.shown && reported(latest.maxEntropy);
    teacher.line->setVisible(logK);
    teacher.lineLabel->setVisible(logK);
    teacher.line->point1->setCoords(0, latest.maxEntropy);
    teacher.line->point2->setCoords(1, latest.maxEntropy);
    teacher.lineLabel->position->setCoords(0.99, latest.maxEntropy);
    teacher.lineTexts = QStringList { tr("uniform over K outputs: log K = %1").arg(latest.maxEntropy, 0, 'f', 2),
        tr("log K = %1").arg(latest.maxEntropy, 0, 'f', 2), tr("log K") };
    teacher.lineValue = logK ? latest.maxEntropy : 0.0;
    teacher.dataMax = maxEntropy;
    const bool entropy = !m_entropy->data()->isEmpty(), center = !m_center->data()->isEmpty();
    if (entropy && center)
        teacher.titleTexts = QStringList { tr("teacher entropy · centre norm (dotted, right)"),
            tr("teacher entropy · centre norm"), tr("teacher entropy") };
    else
        teacher.titleTexts = QStringList { center ? tr("centre norm") : tr("teacher entropy") };
    teacher.rect->axis(QCPAxis::atLeft)
        ->setRange(0, std::max({ maxEntropy, teacher.lineValue, 1e-6 }) * teacher.headroom);
    // In the lower half, clear of the log K line and its label.
    teacher.rect->axis(QCPAxis::atRight)->setRange(0, std::max(maxCenter, 1e-6) * 2);

    RowItems &momentum = m_rows[MomentumRow];
    momentum.titleTexts = QStringList { tr("target momentum"), tr("momentum") };
    // Titles chosen for the rows' widths in the last layout; the next layout corrects them where those changed.
    for (RowItems &row : m_rows)
        fitText(row.title, row.titleTexts, row.rect->rect().width());
    const double span = std::max(maxMomentum - minMomentum, 1e-3);
    momentum.rect->axis(QCPAxis::atLeft)->setRange(minMomentum - 0.2 * span, maxMomentum + 0.8 * span);
}

void CollapseMonitor::updateStrip()
{
    const int n = int(m_latestPerDim.size());
    QVector<double> keys, values;
    keys.reserve(n);
    values.reserve(n);
    double top = 0;
    for (int i = 0; i < n; ++i) {
        const double v = std::isfinite(m_latestPerDim[size_t(i)]) ? m_latestPerDim[size_t(i)] : 0.0;
        keys << i;
        values << v;
        top = std::max(top, v);
    }
    m_strip->setData(keys, values, true);
    const double uniform = m_points.empty() ? 0.0 : m_points.back().value.uniformStd;
    m_stripLine->setVisible(m_stripShown && uniform > 0);
    m_stripLine->point1->setCoords(0, uniform);
    m_stripLine->point2->setCoords(1, uniform);
    m_stripTitles = QStringList { tr("std of each dimension, step %1 (dashed: 1/√d)").arg(grouped(m_perDimStep)),
        tr("std per dimension, step %1").arg(grouped(m_perDimStep)), tr("std per dimension") };
    fitText(m_stripTitle, m_stripTitles, m_stripRect->rect().width());
    m_stripRect->axis(QCPAxis::atBottom)->setRange(-0.5, std::max(1, n) - 0.5);
    m_stripRect->axis(QCPAxis::atLeft)->setRange(0, std::max({ top, uniform, 1e-6 }) * kHeadroom);
}

// Per row, from its size in this layout: how many ticks its left axis gets, which of its line's labels fits, and
// room above the line for the label. Changes take effect in a replot queued from here.
void CollapseMonitor::onAfterLayout()
{
    const int line = QFontMetrics(m_plot->font()).height();
    bool changed = false;
    for (RowItems &row : m_rows)
        if (row.shown) changed |= fitRow(row, line);
    if (m_stripShown) {
        changed |= fitText(m_stripTitle, m_stripTitles, m_stripRect->rect().width());
        // Two ticks where three would overlap.
        const int ticks = m_stripRect->rect().height() < 4 * line ? 2 : 3;
        if (ticks != m_stripTicks) {
            m_stripTicks = ticks;
            m_stripRect->axis(QCPAxis::atLeft)->ticker()->setTickCount(ticks);
            changed = true;
        }
    }
    m_geometryChanged = changed;
    if (changed && !m_relayoutQueued) {
        // Not from inside this replot: QCustomPlot ignores a replot requested while it is replotting.
        m_relayoutQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_relayoutQueued = false;
                replotNow();
            },
            Qt::QueuedConnection);
    }
}

bool CollapseMonitor::fitRow(RowItems &row, int line)
{
    bool changed = false;
    const QRect rect = row.rect->rect();
    if (rect.height() <= 0 || rect.width() <= 0) return false;
    changed |= fitText(row.title, row.titleTexts, rect.width());
    const int ticks = rect.height() < 4 * line ? 2 : 3;
    if (ticks != row.ticks) {
        row.ticks = ticks;
        row.rect->axis(QCPAxis::atLeft)->ticker()->setTickCount(ticks);
        changed = true;
    }
    if (!row.lineLabel || row.lineTexts.isEmpty()) return changed;

    // A line at the top of the row (1/√d, log K) shares the band under the top edge with the title: its label
    // goes beside the title if one fits, else under it. A line below the data (rank 1) leaves the range to the
    // data and its label fits the width only.
    const bool lineOnTop = row.lineValue >= row.dataMax;
    const QFontMetrics titleFm(row.title->font()), labelFm(row.lineLabel->font());
    const int titleWidth = titleFm.horizontalAdvance(row.title->text()) + 8;
    bool besideTitle = false;
    if (lineOnTop) {
        for (const QString &candidate : row.lineTexts) {
            if (!candidate.isEmpty() && titleWidth + labelFm.horizontalAdvance(candidate) + 8 + line <= rect.width()) {
                besideTitle = true;
                if (candidate != row.lineLabel->text()) {
                    row.lineLabel->setText(candidate);
                    changed = true;
                }
                break;
            }
        }
    }
    if (!besideTitle) changed |= fitText(row.lineLabel, row.lineTexts, rect.width());

    // Headroom so that the label fits above its line.
    const double labelHeight = labelFm.height() + 2;
    const double need = labelHeight + (besideTitle ? 0 : titleFm.height() + 2);
    const double share = need / rect.height();
    const double wanted = share < 1 ? 1 / (1 - share) : kMaxHeadroom + 1;
    const double headroom = lineOnTop ? std::clamp(wanted, kHeadroom, kMaxHeadroom) : kHeadroom;
    const bool above = !lineOnTop || wanted <= kMaxHeadroom;
    if (std::abs(headroom - row.headroom) > 0.02) {
        row.headroom = headroom;
        changed = true;
    }
    const Qt::Alignment align = Qt::AlignRight | (above ? Qt::AlignBottom : Qt::AlignTop);
    if (row.lineLabel->positionAlignment() != align) {
        row.lineLabel->setPositionAlignment(align);
        // Below the line it may cross a curve: a white box keeps it readable. Above, it would hide the line.
        row.lineLabel->setBrush(above ? QBrush(Qt::NoBrush) : QBrush(QColor(255, 255, 255, 200)));
        changed = true;
    }
    return changed;
}

bool CollapseMonitor::fitText(QCPItemText *item, const QStringList &texts, int width)
{
    if (texts.isEmpty()) return false;
    const QFontMetrics fm(item->font());
    QString chosen = texts.last();
    for (const QString &text : texts) {
        if (fm.horizontalAdvance(text) + 8 <= width) {
            chosen = text;
            break;
        }
    }
    if (chosen == item->text()) return false;
    item->setText(chosen);
    return true;
}

void CollapseMonitor::onMouseMove(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_stripShown && m_stripRect->rect().contains(pos) && !m_latestPerDim.empty()) {
        const int dim = int(std::lround(m_stripRect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x())));
        if (dim >= 0 && dim < int(m_latestPerDim.size())) {
            QString text = tr("dimension %1: std %2").arg(dim).arg(m_latestPerDim[size_t(dim)], 0, 'f', 4);
            if (!m_points.empty() && m_points.back().value.uniformStd > 0)
                text += tr("\n1/√d = %1").arg(m_points.back().value.uniformStd, 0, 'f', 4);
            QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
            return;
        }
    }
    for (const RowItems &row : m_rows) {
        if (!row.shown || !row.rect->rect().contains(pos) || m_points.empty()) continue;
        const double key = row.rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
        auto it = std::lower_bound(
            m_points.begin(), m_points.end(), key, [](const Point &p, double k) { return double(p.step) < k; });
        if (it == m_points.end() || (it != m_points.begin() && key - double((it - 1)->step) < double(it->step) - key))
            it = it == m_points.begin() ? it : it - 1;
        QToolTip::showText(event->globalPosition().toPoint(), describe(*it), m_plot);
        return;
    }
    QToolTip::hideText();
}

void CollapseMonitor::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) scheduleReplot();
}

bool CollapseMonitor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_plot && event->type() == QEvent::Resize) scheduleReplot();
    return QWidget::eventFilter(watched, event);
}

void CollapseMonitor::contextMenuEvent(QContextMenuEvent *event)
{
    PanelExport::showContextMenu(this, this, event->globalPos());
}

QString CollapseMonitor::csv() const
{
    QString out;
    QTextStream s(&out);
    // One row per point; quantities the method does not report are empty.
    s << "step,dim,embedding_std,uniform_std,effective_rank,teacher_entropy,max_entropy,center_norm,"
         "target_momentum\n";
    for (const Point &p : m_points) {
        const engine::CollapsePreview &v = p.value;
        s << p.step << ',' << v.dim << ',' << QString::number(v.embeddingStd, 'g', 8) << ','
          << QString::number(v.uniformStd, 'g', 8) << ',' << QString::number(v.effectiveRank, 'g', 8) << ','
          << optional(v.teacherEntropy) << ',' << optional(v.maxEntropy) << ',' << optional(v.centerNorm) << ','
          << optional(v.targetMomentum) << '\n';
    }
    return out;
}

} // namespace pretext::widgets
