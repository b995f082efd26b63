// The 2N×2N cosine-similarity matrix of a contrastive batch (SimCLR's NT-Xent, Chen et al. 2020, and §3 of the
// reference text): rows/columns 0..N-1 are view 1, N..2N-1 view 2, so sample i's positive is i+N. Positive pairs
// are boxed, self-similarities greyed; hover gives the cosine and the softmax probability at temperature τ.
// In correlation mode the same panel shows Barlow Twins' D×D cross-correlation matrix (Zbontar et al. 2021, eq. 2):
// row i is embedding dimension i of view 1, column j dimension j of view 2, on a diverging colour map fixed to
// [-1, 1], with no self cells, no view blocks and no softmax.
#pragma once

#include "engine/core/previews.h"
#include "widgets/exportable.h"

#include <QPointer>
#include <QWidget>

#include <optional>
#include <vector>

class QBoxLayout;
class QLabel;
class QMenu;
class QToolButton;
class QCPGraph;
class QCPColorMap;
class QCPColorScale;
class QCPAxis;
class QCPItemRect;
class QCPItemStraightLine;
class QCPColorGradient;
class QCustomPlot;

namespace pretext::widgets {

class PanelPlot;

class SimilarityHeatmap : public QWidget, public Exportable {
    Q_OBJECT
public:
    enum class Mode { Similarity, Correlation };

    struct CellInfo {
        int row = 0;
        int col = 0;
        double cosine = 0; // the matrix entry: a cosine, or C_ij in correlation mode
        // exp(s_rc/τ) / Σ_{k≠r} exp(s_rk/τ): the column's share of row r's NT-Xent softmax; 0 for self cells.
        double probability = 0;
        bool positive = false; // (i, i+N) or (i+N, i)
        bool self = false; // row == col, left out of the softmax
    };
    struct PairMeans {
        double positive = 0; // mean cosine of the 2N positive cells
        double negative = 0; // mean cosine of all other off-diagonal cells
    };

    explicit SimilarityHeatmap(QWidget *parent = nullptr);
    // The mode decides what the panel explains and says while it is still empty; the setters below switch it.
    explicit SimilarityHeatmap(Mode mode, QWidget *parent = nullptr);
    Mode mode() const { return m_mode; }
    // True when the caption and the trend sit beside the matrix (a wide, short panel) rather than under it.
    bool isSideBySide() const;

    // A square matrix; with an even size 2N the halves are the two views. Cosines outside [-1, 1] are clamped in
    // the colours only.
    // `step` >= 0 records the matrix in the run's history: every one adds a point to the "positives − negatives"
    // curve under the matrix. The reference is `untrained`, the untrained network's matrix of the same views, when
    // given (it follows new augmentations); otherwise the first matrix recorded.
    void setSimilarity(const engine::Matrix &similarity, double temperature, int64_t step = -1,
                       const engine::Matrix &untrained = {});
    // Shows the reference matrix (step 0 of the same views) instead of the live one, for a before/after comparison.
    void setShowReference(bool on);
    bool showsReference() const { return m_showReference; }
    int64_t referenceStep() const { return m_referenceStep; }
    const engine::Matrix &referenceSimilarity() const { return m_reference; }
    const engine::Matrix &liveSimilarity() const { return m_live; }
    // The "positives − negatives" history: mean positive cosine minus mean negative cosine, per recorded step.
    struct TrendPoint {
        int64_t step;
        double gap;
    };
    const std::vector<TrendPoint> &trend() const { return m_trend; }
    QCustomPlot *trendPlot() const;
    // The menu of the last right-click on the plot (nullptr once closed).
    QMenu *lastContextMenu() const;
    void setTemperature(double temperature);
    // Barlow Twins' cross-correlation; switches to correlation mode. The caption uses the preview's own means.
    void setCorrelation(const engine::CorrelationPreview &correlation);
    void clear();

    double temperature() const { return m_temperature; }
    const engine::Matrix &similarity() const { return m_matrix; }
    int size() const { return m_n; } // 2N
    int sampleCount() const { return m_half; } // N (0 when the size is odd)

    std::optional<CellInfo> cell(int row, int col) const;
    std::optional<CellInfo> cellAt(QPoint widgetPos) const;
    // Where a cell is drawn, in this widget's coordinates (after the last layout); empty when not shown.
    QRect cellRect(int row, int col) const;
    PairMeans pairMeans() const;
    static PairMeans pairMeans(const engine::Matrix &m);
    // NT-Xent loss of this batch at the current τ: mean over rows of -log p(positive).
    double ntXentLoss() const;
    // "positives 0.82 · negatives 0.05"; in correlation mode
    // "diagonal → 1 (mean 0.93), off-diagonal → 0 (mean |C| 0.04)"
    QString caption() const;
    // The hover text of a cell.
    QString describeCell(const CellInfo &info) const;
    // "view 1 #3" for row/column index 3.
    QString indexLabel(int index) const;
    static QCPColorGradient gradient();
    static QCPColorGradient correlationGradient();

    QCustomPlot *plot() const;

    QString csv() const override;
    QString exportName() const override;
    void flushPendingUpdates() override;

Q_SIGNALS:
    void referenceShownChanged(bool shown);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void arrange();
    void applyMode(Mode mode);
    void rebuild();
    void updateProbabilities();
    void updateCaption();
    void updateTickers();
    void positionPlot();
    void onAfterLayout();
    void onMouseMove(QMouseEvent *event);
    void setHover(int row, int col);
    int positiveOf(int index) const;

    void updateTrend();
    void showCurrent();

    Mode m_mode = Mode::Similarity;
    engine::Matrix m_matrix; // what is drawn: m_live, or m_reference while it is shown
    engine::Matrix m_live, m_reference;
    int64_t m_referenceStep = -1;
    bool m_showReference = false;
    bool m_compact = false;
    std::vector<TrendPoint> m_trend;
    QWidget *m_trendRow = nullptr;
    QToolButton *m_referenceButton = nullptr;
    PanelPlot *m_trendPlot = nullptr;
    QCPGraph *m_trendGraph = nullptr;
    QPointer<QMenu> m_menu;
    double m_temperature = 0.5;
    double m_diagonalMean = 0, m_offDiagonalMean = 0; // correlation mode, as the preview reports them
    int m_n = 0;
    int m_half = 0;
    std::vector<double> m_probability; // m_n × m_n, row-major

    QWidget *m_plotArea = nullptr;
    PanelPlot *m_plot = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_caption = nullptr;
    QWidget *m_side = nullptr; // caption and trend: under the matrix, or beside it in a wide panel
    QBoxLayout *m_layout = nullptr;
    QBoxLayout *m_trendLayout = nullptr; // toggle beside the trend, or above it when side by side
    QCPColorMap *m_map = nullptr;
    QCPColorScale *m_scale = nullptr;
    QCPAxis *m_xBlocks = nullptr;
    QCPAxis *m_yBlocks = nullptr;
    std::vector<QCPItemRect *> m_positiveRects;
    std::vector<QCPItemStraightLine *> m_blockLines;
    QCPItemRect *m_hoverOuter = nullptr;
    QCPItemRect *m_hoverInner = nullptr;
    int m_hoverRow = -1, m_hoverCol = -1;

    QSize m_extra { 160, 90 }; // plot size minus the axis rect: labels, colour scale, margins
    int m_tickStep = 0;
    bool m_geometryChanged = false;
    bool m_relayoutQueued = false;
};

} // namespace pretext::widgets
