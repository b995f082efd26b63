#include "widgets/similarityheatmap.h"

#include "widgets/panelexport.h"
#include "widgets/panelplot.h"
#include "widgets/plotstyle.h"

#include <QBoxLayout>
#include <QContextMenuEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QTextStream>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pretext::widgets {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Below this many pixels per cell the positive-pair boxes would cover the cells they mark.
constexpr double kMinOutlinedCellPx = 5;
// Malformed matrices show nothing rather than read past the end.
engine::Matrix wellFormed(const engine::Matrix &m)
{
    return m.values.size() < size_t(std::max(0, m.rows)) * std::max(0, m.cols) ? engine::Matrix() : m;
}
} // namespace

SimilarityHeatmap::SimilarityHeatmap(QWidget *parent)
    : SimilarityHeatmap(Mode::Similarity, parent)
{ }

SimilarityHeatmap::SimilarityHeatmap(Mode mode, QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    // One white surface with the plot, so the caption does not sit on a grey strip.
    QPalette pal = palette();
    pal.setColor(QPalette::Window, PlotStyle::background());
    pal.setColor(QPalette::WindowText, PlotStyle::text());
    setPalette(pal);
    setAutoFillBackground(true);

    m_plotArea = new QWidget(this);
    m_plotArea->installEventFilter(this);
    m_plotArea->setMinimumSize(160, 140);
    m_plot = new PanelPlot(m_plotArea);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
    m_empty = new QLabel(m_plotArea);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(QStringLiteral("color: %1;").arg(PlotStyle::mutedText().name()));

    m_caption = new QLabel(this);
    m_caption->setAlignment(Qt::AlignCenter);
    m_caption->setWordWrap(true);
    m_caption->setTextFormat(Qt::RichText);

    // Under the matrix: a before/after toggle and the sharpening as one number over time.
    m_trendRow = new QWidget(this);
    m_trendLayout = new QBoxLayout(QBoxLayout::LeftToRight, m_trendRow);
    auto *trendLayout = m_trendLayout;
    trendLayout->setContentsMargins(0, 0, 0, 0);
    m_referenceButton = new QToolButton(m_trendRow);
    m_referenceButton->setObjectName(QStringLiteral("showStep0"));
    m_referenceButton->setCheckable(true);
    m_referenceButton->setText(tr("Step &0"));
    m_referenceButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_referenceButton->setFocusPolicy(Qt::StrongFocus);
    m_referenceButton->setToolTip(tr("Show the matrix of the untrained network (step 0, the same images and views) "
                                     "instead of the live one, to compare before and after (Alt+0)"));
    connect(m_referenceButton, &QToolButton::toggled, this, &SimilarityHeatmap::setShowReference);
    m_trendPlot = new PanelPlot(m_trendRow);
    m_trendPlot->setObjectName(QStringLiteral("separationTrend"));
    m_trendPlot->yAxis->setLabel(QString());
    m_trendPlot->xAxis->setLabel(QString());
    m_trendPlot->xAxis->setTickLabels(true);
    m_trendPlot->yAxis->setRange(0, 1);
    // Two labels, 0 and one round value near the top: the curve is a few lines high and more would collide.
    m_trendPlot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    PanelPlot::useStepTicks(m_trendPlot->xAxis);
    m_trendPlot->xAxis->ticker()->setTickCount(3);
    m_trendPlot->axisRect()->setAutoMargins(QCP::msLeft | QCP::msBottom);
    m_trendPlot->axisRect()->setMargins(QMargins(0, 4, 6, 0));
    m_trendGraph = m_trendPlot->addGraph();
    m_trendGraph->setPen(QPen(PlotStyle::vermillion(), 2));
    m_trendGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
    m_trendPlot->setToolTip(tr("Mean cosine of the positive pairs minus the mean cosine of the negatives, at every "
                               "preview of the same fixed images: it grows as the network learns to tell the "
                               "pictures apart while keeping two views of one picture together."));
    // The curve's name sits under the toggle: an axis label would not fit the curve's few lines of height.
    auto *side = new QVBoxLayout;
    side->setContentsMargins(0, 0, 0, 0);
    side->setSpacing(0);
    side->addStretch();
    side->addWidget(m_referenceButton, 0, Qt::AlignHCenter);
    auto *trendName = new QLabel(tr("pos − neg"), m_trendRow);
    trendName->setStyleSheet(QStringLiteral("color: %1;").arg(PlotStyle::vermillion().name()));
    trendName->setToolTip(m_trendPlot->toolTip());
    side->addWidget(trendName, 0, Qt::AlignHCenter);
    side->addStretch();
    trendLayout->addLayout(side);
    trendLayout->addWidget(m_trendPlot, 1);

    // The caption and the trend go under the matrix in a tall panel and beside it in a wide one (a projector's
    // short panels), so that the matrix stays as large as the panel's smaller side allows.
    m_side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(m_side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->setSpacing(2);
    sideLayout->addWidget(m_caption);
    sideLayout->addWidget(m_trendRow, 1);
    m_layout = new QBoxLayout(QBoxLayout::TopToBottom, this);
    m_layout->setContentsMargins(4, 4, 4, 4);
    m_layout->setSpacing(2);
    m_layout->addWidget(m_plotArea, 1);
    m_layout->addWidget(m_side);

    QCPAxisRect *rect = m_plot->axisRect();
    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->setInterpolate(false); // each cell is one matrix entry
    m_map->setTightBoundary(false);
    m_map->setDataRange(QCPRange(-1, 1)); // fixed, so colours mean the same at every step

    m_scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_map->setColorScale(m_scale);
    m_scale->setDataRange(QCPRange(-1, 1));
    m_scale->axis()->setTicker(QSharedPointer<QCPAxisTickerFixed>::create());
    m_scale->axis()->ticker().staticCast<QCPAxisTickerFixed>()->setTickStep(0.5);
    PanelPlot::styleAxis(m_scale->axis());
    auto *group = new QCPMarginGroup(m_plot);
    rect->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, group);

    for (QCPAxis *axis : { m_plot->xAxis, m_plot->yAxis }) {
        axis->grid()->setVisible(false);
        axis->setSubTicks(false);
        axis->setTickLength(0, 4);
        axis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    }
    m_plot->yAxis->setRangeReversed(true); // row 0 at the top, as a matrix is read

    // Outer axes name the two blocks ("view 1", "view 2") under the per-sample indices.
    m_xBlocks = rect->addAxis(QCPAxis::atBottom);
    m_yBlocks = rect->addAxis(QCPAxis::atLeft);
    for (QCPAxis *axis : { m_xBlocks, m_yBlocks }) {
        PanelPlot::styleAxis(axis);
        axis->setBasePen(Qt::NoPen);
        axis->setTickPen(Qt::NoPen);
        axis->setSubTicks(false);
        axis->grid()->setVisible(false);
        axis->setPadding(2);
        axis->setOffset(0);
        axis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
        QFont bold = axis->tickLabelFont();
        bold.setBold(true);
        axis->setTickLabelFont(bold);
    }
    m_xBlocks->setLabel(tr("column: compared with"));
    m_yBlocks->setLabel(tr("row: image"));

    // White lines between the view-1 and view-2 blocks make the four quadrants easy to point at.
    for (int i = 0; i < 2; ++i) {
        auto *line = new QCPItemStraightLine(m_plot);
        line->setPen(QPen(Qt::white, 2));
        line->setSelectable(false);
        m_blockLines.push_back(line);
    }

    m_hoverOuter = new QCPItemRect(m_plot);
    m_hoverOuter->setPen(QPen(Qt::white, 4));
    m_hoverInner = new QCPItemRect(m_plot);
    m_hoverInner->setPen(QPen(PlotStyle::black(), 2));
    for (QCPItemRect *item : { m_hoverOuter, m_hoverInner }) {
        item->setLayer(QStringLiteral("overlay")); // above the positive-pair boxes
        item->setBrush(Qt::NoBrush);
        item->setVisible(false);
        item->setSelectable(false);
    }

    connect(m_plot, &QCustomPlot::afterLayout, this, &SimilarityHeatmap::onAfterLayout);
    connect(m_plot, &QCustomPlot::mouseMove, this, &SimilarityHeatmap::onMouseMove);
    connect(m_plot, &PanelPlot::contextMenuRequestedAt, this, [this](const QPoint &pos, const QPoint &global) {
        const auto info = cellAt(m_plot->mapTo(this, pos));
        m_menu = PanelExport::showContextMenu(this, this, global,
            info ? describeCell(*info).section(QLatin1Char('\n'), 0, 1).replace(QLatin1Char('\n'), QStringLiteral(" · ")) : QString());
    });
    applyMode(mode);
    m_plot->applyFonts();
    rebuild();
}

void SimilarityHeatmap::applyMode(Mode mode)
{
    m_mode = mode;
    const bool correlation = mode == Mode::Correlation;
    if (correlation) {
        setWhatsThis(
            tr("<p><b>Do the two views agree, feature by feature?</b> Barlow Twins embeds both augmented views of "
               "every image and correlates each feature of view 1 (rows) with each feature of view 2 (columns) "
               "over the batch. Red means the two features rise and fall together, blue that one rises when the "
               "other falls, white that they are unrelated.</p>"
               "<p>The loss wants the <b>diagonal red</b> (C<sub>ii</sub> → 1: a feature says the same about "
               "both views, so it ignores the augmentation) and <b>everything else white</b> (C<sub>ij</sub> → 0: "
               "different features carry different information, which stops them all collapsing into one). "
               "As training works the matrix turns into a red line on white.</p>"
               "<p>Hover a cell for its value.</p>"));
        m_empty->setText(tr("No correlation matrix yet: it appears with the first preview of a Barlow Twins "
                            "run, features of view 1 against features of view 2."));
    } else {
        setWhatsThis(
            tr("<p><b>Who looks like whom?</b> Every row and every column is one augmented image: first all the "
               "view 1s, then all the view 2s. A cell's colour is the cosine similarity of the two embeddings: "
               "yellow means the network thinks they show the same thing, purple that they are unrelated.</p>"
               "<p>The <span style='color:%1'>boxed cells</span> are positive pairs, two views of the same "
               "picture. As SimCLR learns they light up as two bright diagonal stripes while everything else "
               "darkens. The grey diagonal is each image compared with itself; the loss leaves it out.</p>"
               "<p>Hover a cell for its softmax probability at temperature τ: the share of its row that the loss "
               "gives to that column. A lower τ makes the softmax sharper.</p>"
               "<p>Every preview shows the <b>same images with the same augmentations</b>, so only the network "
               "changes. <i>Step 0</i> swaps in the matrix of the untrained network for comparison; the small "
               "curve underneath is the mean positive cosine minus the mean negative cosine at each preview: "
               "it climbs as the positives light up and the rest darkens. Even at step 0 the positives are "
               "brighter than the rest, because two crops of one picture look alike to any network.</p>")
                .arg(PlotStyle::vermillion().name()));
        m_empty->setText(tr("No similarity matrix yet: it appears with the first preview of a contrastive run "
                            "(SimCLR, MoCo)."));
    }
    const QCPColorGradient g = correlation ? correlationGradient() : gradient();
    m_map->setGradient(g);
    m_scale->setGradient(g);
    m_scale->axis()->setLabel(correlation ? tr("correlation C") : tr("cosine similarity"));
    // Without view blocks the inner axes say what rows and columns are.
    m_plot->xAxis->setLabel(correlation ? tr("feature j of view 2") : QString());
    m_plot->yAxis->setLabel(correlation ? tr("feature i of view 1") : QString());
}

QString SimilarityHeatmap::exportName() const
{
    return m_mode == Mode::Correlation ? QStringLiteral("correlation") : QStringLiteral("similarity");
}

QCPColorGradient SimilarityHeatmap::gradient()
{
    return PlotStyle::viridis();
}

QCPColorGradient SimilarityHeatmap::correlationGradient()
{
    return PlotStyle::diverging();
}

QCustomPlot *SimilarityHeatmap::plot() const
{
    return m_plot;
}

void SimilarityHeatmap::setSimilarity(const engine::Matrix &similarity, double temperature, int64_t step,
                                      const engine::Matrix &untrained)
{
    m_live = wellFormed(similarity);
    m_temperature = temperature;
    if (m_mode != Mode::Similarity) applyMode(Mode::Similarity);
    if (step >= 0 && !m_live.empty()) {
        const engine::Matrix before = wellFormed(untrained);
        // A reference of another shape (another preview size) cannot be compared cell by cell: start over.
        const bool reshaped = !m_reference.empty() && m_reference.rows != m_live.rows;
        if (reshaped) m_trend.clear();
        if (before.rows == m_live.rows && before.cols == m_live.cols) {
            // The untrained network's matrix of these very views: after new augmentations it changes with them.
            m_reference = before;
            m_referenceStep = 0;
            // A run opened or resumed later still shows where the curve started.
            if (m_trend.empty() && step > 0) {
                const PairMeans start = pairMeans(before);
                if (std::isfinite(start.positive) && std::isfinite(start.negative))
                    m_trend.push_back({ 0, start.positive - start.negative });
            }
        } else if (m_reference.empty() || reshaped) {
            m_reference = m_live;
            m_referenceStep = step;
        }
        const PairMeans means = pairMeans(m_live);
        if (std::isfinite(means.positive) && std::isfinite(means.negative)) {
            if (!m_trend.empty() && m_trend.back().step >= step) m_trend.pop_back(); // a repeated step replaces
            m_trend.push_back({ step, means.positive - means.negative });
        }
        updateTrend();
    }
    showCurrent();
}

void SimilarityHeatmap::setShowReference(bool on)
{
    const bool changed = on != m_showReference;
    m_showReference = on;
    {
        const QSignalBlocker block(m_referenceButton);
        m_referenceButton->setChecked(on);
    }
    showCurrent();
    if (changed) Q_EMIT referenceShownChanged(on);
}

void SimilarityHeatmap::showCurrent()
{
    m_matrix = m_showReference && !m_reference.empty() ? m_reference : m_live;
    rebuild();
}

QCustomPlot *SimilarityHeatmap::trendPlot() const
{
    return m_trendPlot;
}

QMenu *SimilarityHeatmap::lastContextMenu() const
{
    return m_menu;
}

void SimilarityHeatmap::updateTrend()
{
    m_trendGraph->data()->clear();
    double lo = 0, hi = 0.2;
    for (const TrendPoint &p : m_trend) {
        m_trendGraph->addData(double(p.step), p.gap);
        lo = std::min(lo, p.gap);
        hi = std::max(hi, p.gap);
    }
    const double first = m_trend.empty() ? 0 : double(m_trend.front().step);
    const double last = m_trend.empty() ? 1 : double(m_trend.back().step);
    m_trendPlot->xAxis->setRange(first, std::max(first + 1, last));
    m_trendPlot->yAxis->setRange(lo, hi * 1.1);
    // The largest one-digit value (0.2, 0.5, 0.6 …) under the top of the range.
    const double magnitude = std::pow(10.0, std::floor(std::log10(hi)));
    const double top = std::floor(hi / magnitude) * magnitude;
    auto ticker = m_trendPlot->yAxis->ticker().staticCast<QCPAxisTickerText>();
    ticker->clear();
    ticker->addTick(0, QStringLiteral("0"));
    ticker->addTick(top, QString::number(top, 'g', 2));
    m_trendPlot->replot(QCustomPlot::rpQueuedReplot);
}

void SimilarityHeatmap::setCorrelation(const engine::CorrelationPreview &correlation)
{
    if (m_mode != Mode::Correlation) applyMode(Mode::Correlation);
    m_diagonalMean = correlation.onDiagonal;
    m_offDiagonalMean = correlation.offDiagonal;
    m_matrix = wellFormed(correlation.correlation);
    rebuild();
}

void SimilarityHeatmap::setTemperature(double temperature)
{
    m_temperature = temperature;
    updateProbabilities();
    updateCaption();
}

void SimilarityHeatmap::clear()
{
    m_live = m_reference = engine::Matrix();
    m_referenceStep = -1;
    m_trend.clear();
    updateTrend();
    setShowReference(false);
}

int SimilarityHeatmap::positiveOf(int index) const
{
    if (m_half == 0 || index < 0 || index >= m_n) return -1;
    return index < m_half ? index + m_half : index - m_half;
}

QString SimilarityHeatmap::indexLabel(int index) const
{
    if (m_half == 0) return QStringLiteral("#%1").arg(index);
    return index < m_half ? tr("view 1 #%1").arg(index) : tr("view 2 #%1").arg(index - m_half);
}

void SimilarityHeatmap::rebuild()
{
    const bool square = !m_matrix.empty() && m_matrix.rows == m_matrix.cols;
    const bool nChanged = (square ? m_matrix.rows : 0) != m_n;
    m_n = square ? m_matrix.rows : 0;
    // A correlation matrix has no view halves: both of its axes are features.
    m_half = m_mode == Mode::Similarity && m_n % 2 == 0 ? m_n / 2 : 0;
    setHover(-1, -1);

    m_plot->setVisible(m_n > 0);
    m_empty->setVisible(m_n == 0);
    if (!m_matrix.empty() && !square)
        m_empty->setText((m_mode == Mode::Correlation ? tr("Expected a square D × D correlation matrix, got %1 × %2.")
                                                      : tr("Expected a square 2N × 2N similarity matrix, got %1 × %2."))
                             .arg(m_matrix.rows)
                             .arg(m_matrix.cols));

    if (m_n > 0) {
        QCPColorMapData *data = m_map->data();
        data->setSize(m_n, m_n);
        data->setRange(QCPRange(0, m_n - 1), QCPRange(0, m_n - 1));
        for (int r = 0; r < m_n; ++r) {
            for (int c = 0; c < m_n; ++c) {
                const double v = m_matrix.at(r, c);
                // NaN draws the self cells in the neutral grey: they are not part of the loss. A correlation's
                // diagonal is what Barlow Twins pulls to 1, so it keeps its colour.
                const bool self = r == c && m_mode == Mode::Similarity;
                data->setCell(c, r, self || !std::isfinite(v) ? kNaN : v);
            }
        }
        const QCPRange range(-0.5, m_n - 0.5);
        m_plot->xAxis->setRange(range);
        m_plot->yAxis->setRange(range);
        m_xBlocks->setRange(range);
        m_yBlocks->setRange(range);
        m_yBlocks->setRangeReversed(true);
        m_xBlocks->setVisible(m_half > 0);
        m_yBlocks->setVisible(m_half > 0);
        const double split = m_half - 0.5;
        m_blockLines[0]->point1->setCoords(split, 0);
        m_blockLines[0]->point2->setCoords(split, 1);
        m_blockLines[1]->point1->setCoords(0, split);
        m_blockLines[1]->point2->setCoords(1, split);
    }
    for (QCPItemStraightLine *line : m_blockLines)
        line->setVisible(m_half > 0);

    // One box per positive cell; rebuilt only when N changes.
    if (int(m_positiveRects.size()) != 2 * m_half) {
        for (QCPItemRect *item : m_positiveRects)
            m_plot->removeItem(item);
        m_positiveRects.clear();
        for (int i = 0; i < 2 * m_half; ++i) {
            auto *item = new QCPItemRect(m_plot);
            item->setPen(QPen(PlotStyle::vermillion(), 2));
            item->setBrush(Qt::NoBrush);
            item->setSelectable(false);
            const int row = i;
            const int col = positiveOf(i);
            item->topLeft->setCoords(col - 0.5, row - 0.5);
            item->bottomRight->setCoords(col + 0.5, row + 0.5);
            m_positiveRects.push_back(item);
        }
    }

    if (nChanged) m_tickStep = 0; // new labels; the next layout measures the step they need
    updateTickers();
    updateProbabilities();
    updateCaption();
    positionPlot();
    m_plot->replot();
}

void SimilarityHeatmap::updateProbabilities()
{
    m_probability.assign(size_t(m_n) * m_n, kNaN);
    if (m_mode == Mode::Correlation || m_n < 2 || !(m_temperature > 0) || !std::isfinite(m_temperature)) return;
    for (int r = 0; r < m_n; ++r) {
        // Log-sum-exp over the row without its own column, as in NT-Xent's denominator.
        double maxLogit = -std::numeric_limits<double>::infinity();
        for (int c = 0; c < m_n; ++c) {
            const double v = m_matrix.at(r, c);
            if (c != r && std::isfinite(v)) maxLogit = std::max(maxLogit, v / m_temperature);
        }
        if (!std::isfinite(maxLogit)) continue;
        double sum = 0;
        for (int c = 0; c < m_n; ++c) {
            const double v = m_matrix.at(r, c);
            if (c != r && std::isfinite(v)) sum += std::exp(v / m_temperature - maxLogit);
        }
        for (int c = 0; c < m_n; ++c) {
            const double v = m_matrix.at(r, c);
            m_probability[size_t(r) * m_n + c] = c == r ? 0.0
                : std::isfinite(v)                      ? std::exp(v / m_temperature - maxLogit) / sum
                                                        : kNaN;
        }
    }
}

std::optional<SimilarityHeatmap::CellInfo> SimilarityHeatmap::cell(int row, int col) const
{
    if (row < 0 || col < 0 || row >= m_n || col >= m_n) return std::nullopt;
    CellInfo info;
    info.row = row;
    info.col = col;
    info.cosine = m_matrix.at(row, col);
    info.probability = m_probability[size_t(row) * m_n + col];
    info.self = row == col && m_mode == Mode::Similarity;
    info.positive = m_half > 0 && col == positiveOf(row);
    return info;
}

std::optional<SimilarityHeatmap::CellInfo> SimilarityHeatmap::cellAt(QPoint widgetPos) const
{
    if (m_n == 0 || m_plot->isHidden()) return std::nullopt;
    const QPoint p = m_plot->mapFrom(this, widgetPos);
    const QRect area = m_plot->axisRect()->rect();
    if (!area.adjusted(0, 0, 1, 1).contains(p)) return std::nullopt;
    const int col = int(std::floor(m_plot->xAxis->pixelToCoord(p.x()) + 0.5));
    const int row = int(std::floor(m_plot->yAxis->pixelToCoord(p.y()) + 0.5));
    return cell(row, col);
}

QRect SimilarityHeatmap::cellRect(int row, int col) const
{
    if (row < 0 || col < 0 || row >= m_n || col >= m_n || m_plot->isHidden()) return {};
    const double x0 = m_plot->xAxis->coordToPixel(col - 0.5);
    const double x1 = m_plot->xAxis->coordToPixel(col + 0.5);
    const double y0 = m_plot->yAxis->coordToPixel(row - 0.5);
    const double y1 = m_plot->yAxis->coordToPixel(row + 0.5);
    const QRect r = QRectF(QPointF(std::min(x0, x1), std::min(y0, y1)), QPointF(std::max(x0, x1), std::max(y0, y1)))
                        .toAlignedRect();
    return QRect(m_plot->mapTo(this, r.topLeft()), r.size());
}

SimilarityHeatmap::PairMeans SimilarityHeatmap::pairMeans() const
{
    if (m_half == 0) return { kNaN, kNaN };
    return pairMeans(m_matrix);
}

SimilarityHeatmap::PairMeans SimilarityHeatmap::pairMeans(const engine::Matrix &m)
{
    PairMeans means { kNaN, kNaN };
    const int n = m.rows == m.cols && m.rows % 2 == 0 ? m.rows : 0;
    const int half = n / 2;
    if (half == 0) return means;
    double pos = 0, neg = 0;
    qint64 npos = 0, nneg = 0;
    for (int r = 0; r < n; ++r) {
        for (int c = 0; c < n; ++c) {
            const double v = m.at(r, c);
            if (r == c || !std::isfinite(v)) continue;
            if (c == (r < half ? r + half : r - half)) {
                pos += v;
                ++npos;
            } else {
                neg += v;
                ++nneg;
            }
        }
    }
    if (npos > 0) means.positive = pos / npos;
    if (nneg > 0) means.negative = neg / nneg;
    return means;
}

double SimilarityHeatmap::ntXentLoss() const
{
    if (m_half == 0 || m_probability.empty()) return kNaN;
    double sum = 0;
    for (int r = 0; r < m_n; ++r) {
        const double p = m_probability[size_t(r) * m_n + positiveOf(r)];
        if (!(p > 0)) return kNaN;
        sum -= std::log(p);
    }
    return sum / m_n;
}

QString SimilarityHeatmap::caption() const
{
    // Two decimals without a "-0.00": a mean that rounds to zero is shown as zero.
    auto fixed = [](double v) { return QString::number(std::abs(v) < 0.005 ? 0.0 : v, 'f', 2); };
    if (m_mode == Mode::Correlation) {
        if (m_n == 0) return {};
        return tr("diagonal → 1 (mean %1), off-diagonal → 0 (mean |C| %2)")
            .arg(fixed(m_diagonalMean), fixed(m_offDiagonalMean));
    }
    const PairMeans means = pairMeans();
    if (std::isnan(means.positive) || std::isnan(means.negative)) return {};
    return tr("positives %1 · negatives %2").arg(fixed(means.positive), fixed(means.negative));
}

void SimilarityHeatmap::updateCaption()
{
    const bool similarity = m_mode == Mode::Similarity;
    m_trendRow->setVisible(similarity && (m_n > 0 || !m_trend.empty()));
    m_referenceButton->setEnabled(!m_reference.empty());
    arrange();
    if (m_n == 0) {
        m_caption->clear();
        m_caption->setVisible(false);
        return;
    }
    m_caption->setVisible(true);
    if (m_mode == Mode::Correlation) {
        m_caption->setText(QStringLiteral("<b>%1</b>").arg(caption().toHtmlEscaped()));
        return;
    }
    QStringList parts;
    // A small panel keeps the numbers and drops the colour key (the "?" explains it).
    if (m_half > 0 && !m_compact)
        parts << tr("<span style='color:%1'>&#9634;</span>&nbsp;positive&nbsp;pair").arg(PlotStyle::vermillion().name());
    if (!m_compact)
        parts << tr("<span style='color:%1'>&#9632;</span>&nbsp;self&nbsp;(left&nbsp;out)").arg(PlotStyle::neutral().darker(110).name());
    QString text = parts.join(QStringLiteral(" &nbsp; "));
    if (m_showReference && !m_reference.empty())
        text = (m_referenceStep == 0 ? tr("<b>step 0: the untrained network</b> (press Step 0 again for live)")
                                     : tr("<b>step %1: the first matrix shown</b> (press Step 0 again for live)")
                                           .arg(m_referenceStep))
            + QStringLiteral(" &nbsp; ") + text;
    // Each figure keeps its name on its line ("negatives 0.95", never "negatives" and "0.95" on two lines); a line
    // may break only after a "·".
    auto unbroken = [](const QString &s) { return s.toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;")); };
    QStringList figures;
    for (const QString &part : caption().split(QStringLiteral(" · "), Qt::SkipEmptyParts))
        figures << QStringLiteral("<b>%1</b>").arg(unbroken(part));
    if (m_temperature > 0) {
        figures << unbroken(tr("τ %1").arg(m_temperature, 0, 'g', 3));
        const double loss = ntXentLoss();
        // U+2011, a hyphen no line breaks at.
        if (std::isfinite(loss)) figures << unbroken(tr("NT\u2011Xent %1").arg(loss, 0, 'f', 2));
    }
    if (!figures.isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral(" &nbsp;&nbsp; ")) + figures.join(QStringLiteral("&nbsp;· "));
    m_caption->setText(text);
}

QString SimilarityHeatmap::describeCell(const CellInfo &info) const
{
    QStringList lines;
    if (m_mode == Mode::Correlation) {
        lines << tr("C(%1, %2) = %3: feature %1 of view 1 vs feature %2 of view 2")
                     .arg(info.row)
                     .arg(info.col)
                     .arg(info.cosine, 0, 'f', 3);
        lines << (info.row == info.col
                ? tr("diagonal: the loss pulls this towards 1, so the feature ignores the augmentation")
                : tr("off-diagonal: the loss pushes this towards 0, so the two features stay different"));
        return lines.join(QLatin1Char('\n'));
    }
    if (info.self) {
        lines << tr("%1 vs itself").arg(indexLabel(info.row));
        lines << tr("cosine similarity: %1").arg(info.cosine, 0, 'f', 3);
        lines << tr("left out of the softmax: an image is always similar to itself");
        return lines.join(QLatin1Char('\n'));
    }
    lines << tr("%1 vs %2%3")
                 .arg(indexLabel(info.row), indexLabel(info.col),
                     info.positive ? tr(" (positive pair)") : tr(" (negative)"));
    lines << tr("cosine similarity: %1").arg(info.cosine, 0, 'f', 3);
    if (std::isfinite(info.probability))
        lines << tr("softmax probability at τ = %1: %2 (of row %3, %4 other columns)")
                     .arg(m_temperature, 0, 'g', 3)
                     .arg(info.probability, 0, 'f', 3)
                     .arg(indexLabel(info.row))
                     .arg(m_n - 1);
    lines << (info.positive ? tr("the loss pushes this probability up") : tr("the loss pushes this down"));
    return lines.join(QLatin1Char('\n'));
}

void SimilarityHeatmap::updateTickers()
{
    auto ticker = [](QCPAxis *axis) { return axis->ticker().staticCast<QCPAxisTickerText>(); };
    const int step = std::max(1, m_tickStep);
    for (QCPAxis *axis : { m_plot->xAxis, m_plot->yAxis }) {
        auto t = ticker(axis);
        t->clear();
        if (m_half > 0) {
            for (int block = 0; block < 2; ++block) {
                // Stop a full step before the block's end, so that the last label does not run into the next
                // block's "0".
                for (int i = 0; i < m_half && (i == 0 || m_half - i >= step); i += step)
                    t->addTick(block * m_half + i, QString::number(i));
            }
        } else {
            for (int i = 0; i < m_n; i += step)
                t->addTick(i, QString::number(i));
        }
    }
    for (QCPAxis *axis : { m_xBlocks, m_yBlocks }) {
        auto t = ticker(axis);
        t->clear();
        if (m_half > 0) {
            t->addTick((m_half - 1) / 2.0, tr("view 1"));
            t->addTick(m_half + (m_half - 1) / 2.0, tr("view 2"));
        }
    }
}

void SimilarityHeatmap::positionPlot()
{
    // The plot widget is sized so that the map's cells come out square and centred in the panel: the space
    // around the axis rect (m_extra, measured after each layout) is added to the largest square that fits.
    const QSize area = m_plotArea->size();
    m_empty->setGeometry(QRect(QPoint(0, 0), area).adjusted(12, 12, -12, -12));
    // In a small panel (presentation fonts on a 720-pixel screen) the explanatory axis titles would take the
    // matrix's room and be cut: they go, the cells stay large enough to read ("?" and hover still explain).
    const double line = QFontMetricsF(m_plot->xAxis->labelFont()).height();
    // Decided on the whole panel, not the matrix area, which the caption's height (itself compact or not) changes.
    const bool compact = height() < 20 * line || width() < 20 * line;
    if (compact != m_compact) {
        m_compact = compact;
        updateCaption();
    }
    const bool correlation = m_mode == Mode::Correlation;
    const QString xBlock = compact ? QString() : tr("column: compared with");
    const QString yBlock = compact ? QString() : tr("row: image");
    const QString scale = compact ? QString() : correlation ? tr("correlation C") : tr("cosine similarity");
    // Under a narrow matrix "view 1" and "view 2" would run into each other; the rows still name the halves.
    m_xBlocks->setTickLabels(!compact);
    if (m_xBlocks->label() != xBlock || m_yBlocks->label() != yBlock || m_scale->axis()->label() != scale) {
        m_xBlocks->setLabel(xBlock);
        m_yBlocks->setLabel(yBlock);
        m_scale->axis()->setLabel(scale);
    }
    if (m_n == 0) {
        m_plot->setGeometry(QRect(QPoint(0, 0), area));
        return;
    }
    const int side = std::max(40, std::min(area.width() - m_extra.width(), area.height() - m_extra.height()));
    const QSize size(std::min(area.width(), side + m_extra.width()), std::min(area.height(), side + m_extra.height()));
    const QRect geometry(QPoint((area.width() - size.width()) / 2, (area.height() - size.height()) / 2), size);
    if (m_plot->geometry() != geometry) m_plot->setGeometry(geometry);
}

void SimilarityHeatmap::onAfterLayout()
{
    if (m_n == 0) return;
    const QRect inner = m_plot->axisRect()->rect();
    if (inner.width() <= 0 || inner.height() <= 0) return;
    bool changed = false;
    const QSize extra = m_plot->size() - inner.size();
    if (std::abs(extra.width() - m_extra.width()) > 1 || std::abs(extra.height() - m_extra.height()) > 1) {
        m_extra = extra;
        changed = true;
    }
    // Label every step-th index so that labels never overlap, whatever the font and panel size.
    const double cellPx = std::min(inner.width(), inner.height()) / double(m_n);
    const QFontMetricsF fm(m_plot->xAxis->tickLabelFont());
    const double needed = std::max(
        fm.horizontalAdvance(QString::number(std::max(1, (m_half > 0 ? m_half : m_n) - 1))) + fm.averageCharWidth(),
        fm.height() * 1.1);
    int step = 1;
    for (int candidate : { 1, 2, 4, 5, 8, 10, 16, 20, 25, 50, 100, 200, 500, 1000 }) {
        step = candidate;
        if (candidate * cellPx >= needed) break;
    }
    if (step != m_tickStep) {
        m_tickStep = step;
        updateTickers();
        changed = true;
    }
    const bool outlines = cellPx >= kMinOutlinedCellPx;
    const double width = std::clamp(cellPx / 10, 1.5, 3.0);
    for (QCPItemRect *item : m_positiveRects) {
        if (item->visible() != outlines || std::abs(item->pen().widthF() - width) > 0.25) {
            item->setVisible(outlines);
            item->setPen(QPen(PlotStyle::vermillion(), width));
            changed = true;
        }
    }
    m_scale->setBarWidth(std::max(12, QFontMetrics(m_plot->font()).height()));

    m_geometryChanged = changed;
    if (changed && !m_relayoutQueued) {
        // Not from inside this replot: QCustomPlot ignores a replot requested while it is replotting.
        m_relayoutQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_relayoutQueued = false;
                positionPlot();
                m_plot->replot();
            },
            Qt::QueuedConnection);
    }
}

void SimilarityHeatmap::flushPendingUpdates()
{
    if (layout()) layout()->activate();
    for (int i = 0; i < 4; ++i) {
        positionPlot();
        m_geometryChanged = false;
        m_plot->replot();
        if (!m_geometryChanged) break;
    }
}

void SimilarityHeatmap::setHover(int row, int col)
{
    if (row == m_hoverRow && col == m_hoverCol) return;
    m_hoverRow = row;
    m_hoverCol = col;
    const bool visible = row >= 0 && col >= 0;
    for (QCPItemRect *item : { m_hoverOuter, m_hoverInner }) {
        item->setVisible(visible);
        if (visible) {
            item->topLeft->setCoords(col - 0.5, row - 0.5);
            item->bottomRight->setCoords(col + 0.5, row + 0.5);
        }
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void SimilarityHeatmap::onMouseMove(QMouseEvent *event)
{
    const QPoint pos = m_plot->mapTo(this, event->position().toPoint());
    const std::optional<CellInfo> info = cellAt(pos);
    if (!info) {
        setHover(-1, -1);
        QToolTip::hideText();
        return;
    }
    if (info->row != m_hoverRow || info->col != m_hoverCol || !QToolTip::isVisible()) {
        setHover(info->row, info->col);
        const QRect r = cellRect(info->row, info->col);
        QToolTip::showText(event->globalPosition().toPoint(), describeCell(*info), m_plot,
            QRect(m_plot->mapFrom(this, r.topLeft()), r.size()));
    }
}

bool SimilarityHeatmap::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_plotArea && event->type() == QEvent::Resize) positionPlot();
    if (watched == m_plot && event->type() == QEvent::Leave) setHover(-1, -1);
    return QWidget::eventFilter(watched, event);
}

bool SimilarityHeatmap::isSideBySide() const
{
    return m_layout->direction() == QBoxLayout::LeftToRight;
}

void SimilarityHeatmap::arrange()
{
    // Side by side when the panel is clearly wider than tall: a matrix under a caption and a trend would then be
    // limited by the little height left, while the width beside it stays empty.
    const bool wide = width() > height() * 1.45;
    // Under the matrix of a tall panel the curve gets more room for its rise to be seen; a short one keeps it for
    // the matrix.
    const int line = QFontMetrics(font()).height();
    const int trendH = int(line * (wide || height() < 30 * line ? 3.6 : 4.8));
    // Room above the axis for half a tick label: the top label sits near the top of the range and is otherwise cut.
    m_trendPlot->axisRect()->setMargins(QMargins(0, QFontMetrics(m_trendPlot->yAxis->tickLabelFont()).height() / 2 + 1, 6, 0));
    if (wide) {
        m_layout->setDirection(QBoxLayout::LeftToRight);
        m_layout->setStretch(0, 1);
        m_layout->setStretch(1, 0);
        // The matrix is square: what the panel's height allows it, plus its axis labels and colour bar, goes to
        // it; the side column takes the rest.
        m_side->setMaximumWidth(std::max(width() / 3, width() - int(height() * 1.35)));
        m_trendPlot->setMinimumHeight(trendH);
        m_trendPlot->setMaximumHeight(QWIDGETSIZE_MAX);
        m_trendLayout->setDirection(QBoxLayout::TopToBottom); // the toggle and the name above the curve
    } else {
        m_layout->setDirection(QBoxLayout::TopToBottom);
        m_layout->setStretch(0, 1);
        m_layout->setStretch(1, 0);
        m_side->setMaximumWidth(QWIDGETSIZE_MAX);
        m_trendLayout->setDirection(QBoxLayout::LeftToRight);
        m_trendPlot->setFixedHeight(trendH);
    }
}

void SimilarityHeatmap::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const bool wasWide = isSideBySide();
    arrange();
    if (wasWide != isSideBySide()) m_layout->activate();
}

void SimilarityHeatmap::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        m_tickStep = 0; // re-measure the labels at the new size on the next layout
        updateCaption();
    }
}

void SimilarityHeatmap::contextMenuEvent(QContextMenuEvent *event)
{
    m_menu = PanelExport::showContextMenu(this, this, event->globalPos());
}

QString SimilarityHeatmap::csv() const
{
    QString out;
    QTextStream s(&out);
    auto name = [this](int i) {
        if (m_mode == Mode::Correlation) return QStringLiteral("feature%1").arg(i);
        if (m_half == 0) return QStringLiteral("s%1").arg(i);
        return i < m_half ? QStringLiteral("view1_%1").arg(i) : QStringLiteral("view2_%1").arg(i - m_half);
    };
    s << "row";
    for (int c = 0; c < m_n; ++c)
        s << ',' << name(c);
    s << '\n';
    for (int r = 0; r < m_n; ++r) {
        s << name(r);
        for (int c = 0; c < m_n; ++c)
            s << ',' << QString::number(m_matrix.at(r, c), 'g', 6);
        s << '\n';
    }
    return out;
}

} // namespace pretext::widgets
