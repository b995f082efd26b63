// Linear-probe accuracy while a run trains: the online probe per step (line), the offline linear probe and kNN at
// epoch ends (markers), and the learning rate on the right axis. Every curve is drawn against a baseline of its
// own protocol only: the linear-probe markers against the linear probe of the random-init encoder, the kNN markers
// against the random-init kNN (dashed lines in the curve's colour, values in the legend, never on the plot), the
// online probe, which is trained from scratch during the run, against chance (1 / classes). Accuracies are given
// as fractions in [0, 1] and shown in percent.
#pragma once

#include "engine/core/types.h"
#include "widgets/exportable.h"

#include <QPointer>
#include <QWidget>

#include <optional>
#include <vector>

class QCPGraph;
class QMenu;
class QCustomPlot;
class QTimer;

namespace pretext::widgets {

class PanelPlot;

class ProbePlot : public QWidget, public Exportable {
    Q_OBJECT
public:
    explicit ProbePlot(QWidget *parent = nullptr);

    void addOnlineProbe(int64_t step, double accuracy);
    // randomInit = true sets the baseline (the linear probe's value, the kNN's when there is no probe value);
    // otherwise adds markers for whichever of probeAcc / knnAcc were measured (>= 0).
    void addEval(const engine::EvalMetrics &metrics);
    void addLearningRate(int64_t step, double lr);
    // 1 / number of classes: where a classifier trained from scratch starts. 0 hides the chance line.
    void setChanceLevel(double fraction);
    // A labelled marker at a live edit of lr or τ.
    void addEditMarker(int64_t step, const QString &label);
    int editMarkerCount() const;
    void clear();

    enum class Series { OnlineProbe, LinearProbe, Knn };
    // The baseline a curve is drawn against, in percent, and the protocol that measured it ("random init,
    // linear probe", "chance"); nullopt when the curve has none yet.
    struct Baseline {
        QString protocol;
        double percent = 0;
    };
    std::optional<Baseline> baselineFor(Series series) const;
    // The dashed line a curve is compared with (nullptr when there is none): its data and its legend name.
    QCPGraph *baselineGraph(Series series) const;
    QCPGraph *seriesGraph(Series series) const;
    // The random-init linear probe in percent (the kNN's when no probe value was measured), when known.
    std::optional<double> baseline() const;
    // What is under a position in plot coordinates, as the context menu names it; empty when nothing is.
    QString describeAt(const QPoint &plotPos) const;
    QMenu *lastContextMenu() const;
    int onlineCount() const { return int(m_online.size()); }
    int evalCount() const { return int(m_evals.size()); }

    QCustomPlot *plot() const;

    QString csv() const override;
    QString exportName() const override { return QStringLiteral("probe-accuracy"); }
    void flushPendingUpdates() override;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void updateLegendWrap();
    bool wantsLegendBeside() const;
    QString describeNear(const QPointF &pos, bool forTooltip) const;
    struct Sample {
        double step;
        double value;
    };
    void scheduleReplot();
    void replotNow();
    void updateBaselineItems();
    void updateMarkerSizes();
    void onMouseMove(QMouseEvent *event);

    std::vector<Sample> m_online;
    std::vector<Sample> m_lr;
    std::vector<engine::EvalMetrics> m_evals;
    std::optional<engine::EvalMetrics> m_randomInit;

    PanelPlot *m_plot = nullptr;
    QCPGraph *m_onlineGraph = nullptr;
    QCPGraph *m_probeGraph = nullptr;
    QCPGraph *m_knnGraph = nullptr;
    QCPGraph *m_lrGraph = nullptr;
    QCPGraph *m_probeBaseGraph = nullptr;
    QCPGraph *m_knnBaseGraph = nullptr;
    QCPGraph *m_chanceGraph = nullptr;
    double m_chance = 0;
    bool m_legendBeside = false;
    QTimer *m_replotTimer = nullptr;
    QPointer<QMenu> m_menu;
};

} // namespace pretext::widgets
