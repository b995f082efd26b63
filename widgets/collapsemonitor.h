// Signs of representation collapse in the methods without negatives (BYOL, Grill et al. 2020; SimSiam, Chen & He
// 2021; DINO, Caron et al. 2021), one small plot per quantity over the steps: the embeddings' per-dimension std
// against the dashed 1/√d of embeddings spread uniformly on the sphere, their effective rank (Roy & Vetterli
// 2007), and where the method reports them DINO's teacher entropy against log K with the centre's norm, and the
// target network's EMA momentum. Below, each dimension's std at the latest point as bars.
#pragma once

#include "engine/core/previews.h"
#include "widgets/exportable.h"

#include <QWidget>

#include <array>
#include <cstdint>
#include <vector>

class QCPAxis;
class QCPAxisRect;
class QCPBars;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCPMarginGroup;
class QCustomPlot;
class QLabel;
class QStackedLayout;
class QTimer;

namespace pretext::widgets {

class PanelPlot;

class CollapseMonitor : public QWidget, public Exportable {
    Q_OBJECT
public:
    enum class Curve { EmbeddingStd, EffectiveRank, TeacherEntropy, CenterNorm, TargetMomentum };
    struct Point {
        int64_t step = 0;
        engine::CollapsePreview value; // without perDimStd, which only the latest point keeps
    };

    explicit CollapseMonitor(QWidget *parent = nullptr);

    // Points are expected in increasing step order. Quantities below 0 are "not reported" and draw nothing.
    void addPoint(int64_t step, const engine::CollapsePreview &point);
    void clear();

    int pointCount() const { return int(m_points.size()); }
    const std::vector<Point> &points() const { return m_points; }
    const std::vector<float> &latestPerDimStd() const { return m_latestPerDim; }

    // The curve's graph: one data point per reported value.
    QCPGraph *graph(Curve curve) const;
    // Whether the curve's plot is shown: only quantities the method reports get one.
    bool isShown(Curve curve) const;
    // The dashed reference lines at the latest point: 1/√d under the std curve, log K over the teacher entropy.
    // NaN while not shown.
    double uniformStdLine() const;
    double maxEntropyLine() const;
    QCPAxis *rankAxis() const;
    // The latest point in words: "step 1,200: std 0.071 (1/√d 0.088) · effective rank 54.2 of d = 128".
    QString summary() const;

    QCustomPlot *plot() const;

    QString csv() const override;
    QString exportName() const override { return QStringLiteral("collapse"); }
    void flushPendingUpdates() override;

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    enum Row { StdRow, RankRow, TeacherRow, MomentumRow, RowCount };
    struct RowItems {
        QCPAxisRect *rect = nullptr;
        QCPItemText *title = nullptr;
        QCPItemStraightLine *line = nullptr; // reference line, or null
        QCPItemText *lineLabel = nullptr;
        QStringList titleTexts; // longest first, as for the line's label
        QStringList lineTexts; // the line's label, longest first: the longest that fits is shown
        double lineValue = 0; // where the reference line is
        double dataMax = 0; // the largest value plotted against the left axis
        double headroom = 1.45; // upper end of the left axis, as a factor of max(lineValue, dataMax)
        int ticks = 3;
        double stretch = 1;
        bool shown = false;
    };

    QCPAxisRect *addRect(bool first);
    QCPItemText *addTitle(QCPAxisRect *rect);
    void addReferenceLine(RowItems &row, const QPen &pen);
    void scheduleReplot();
    void replotNow();
    void relayoutRows();
    void updateRanges();
    void onAfterLayout();
    bool fitRow(RowItems &row, int line);
    // Shows the longest of texts that fits in width (the last when none does); true when the text changed.
    static bool fitText(QCPItemText *item, const QStringList &texts, int width);
    void updateStrip();
    void onMouseMove(QMouseEvent *event);
    QString describe(const Point &point) const;

    std::vector<Point> m_points;
    std::vector<float> m_latestPerDim;
    int64_t m_perDimStep = 0;

    QStackedLayout *m_pages = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_summary = nullptr;
    PanelPlot *m_plot = nullptr;
    QCPMarginGroup *m_margins = nullptr;
    std::array<RowItems, RowCount> m_rows;
    QCPGraph *m_std = nullptr;
    QCPGraph *m_rank = nullptr;
    QCPGraph *m_entropy = nullptr;
    QCPGraph *m_center = nullptr;
    QCPGraph *m_momentum = nullptr;
    QCPAxisRect *m_stripRect = nullptr;
    QCPItemText *m_stripTitle = nullptr;
    QCPBars *m_strip = nullptr;
    QCPItemStraightLine *m_stripLine = nullptr;
    int m_hiddenRows = 0; // rows with data that do not fit the panel's height
    int m_stripTicks = 3;
    QStringList m_stripTitles;
    bool m_geometryChanged = false;
    bool m_relayoutQueued = false;
    bool m_stripShown = false;
    int m_layoutKey = -1; // which rows the layout holds, one bit each; -1 = not laid out yet
    QTimer *m_replotTimer = nullptr;
};

} // namespace pretext::widgets
