// Linear-probe accuracy while a run trains: the online probe per step (line), the offline linear probe and kNN at
// epoch ends (markers), the random-init encoder's accuracy as a dashed "random init" line, and the learning rate
// on the right axis. Accuracies are given as fractions in [0, 1] and shown in percent.
#pragma once

#include "engine/core/types.h"
#include "widgets/exportable.h"

#include <QWidget>

#include <optional>
#include <vector>

class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
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
    void clear();

    // The random-init baseline in percent, when known.
    std::optional<double> baseline() const;
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
    QCPItemStraightLine *m_baselineLine = nullptr;
    QCPItemText *m_baselineLabel = nullptr;
    QTimer *m_replotTimer = nullptr;
};

} // namespace pretext::widgets
