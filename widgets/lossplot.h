// Training loss per step: the raw value (thin, light) and a TensorBoard-style debiased exponential moving average
// (thick), with zoom/pan, a log-scale toggle and auto-follow. Built for 100k+ points: bursts of addPoint are
// merged into one replot every 40 ms.
#pragma once

#include "widgets/exportable.h"

#include <QPointer>
#include <QWidget>

#include <cstdint>
#include <vector>

class QCheckBox;
class QCPGraph;
class QCPItemTracer;
class QCustomPlot;
class QLabel;
class QMenu;
class QSlider;
class QTimer;

namespace pretext::widgets {

class PanelPlot;

class LossPlot : public QWidget, public Exportable {
    Q_OBJECT
public:
    struct Point {
        int64_t step = 0;
        double loss = 0;
    };

    explicit LossPlot(QWidget *parent = nullptr);

    // Points are expected in increasing step order (the trainer's order).
    void addPoint(int64_t step, double loss);
    void setPoints(const std::vector<Point> &points);
    void clear();
    int pointCount() const { return int(m_steps.size()); }

    // EMA weight in [0, 0.99]; 0 = no smoothing. Default 0.9.
    double smoothing() const { return m_smoothing; }
    void setSmoothing(double smoothing);
    bool logScale() const { return m_logScale; }
    void setLogScale(bool on);
    // While on, every replot fits all data; zooming or panning turns it off, resetView turns it back on.
    bool autoFollow() const { return m_autoFollow; }
    void setAutoFollow(bool on);
    void resetView();

    // The smoothed curve, one value per point.
    const std::vector<double> &smoothedValues() const { return m_smoothed; }
    // TensorBoard's debiased EMA: last = w·last + (1−w)·x; shown = last / (1 − w^n) over the n finite values so
    // far, so the start is not dragged towards zero. Non-finite values pass through unchanged.
    static std::vector<double> smooth(const std::vector<double> &values, double weight);

    QCustomPlot *plot() const;

    // A labelled marker at a step where the teacher changed a setting live ("lr 3e-4 → 1e-3", "τ 0.5 → 0.2"):
    // a jump in the loss right after it is the edit, not learning.
    void addEditMarker(int64_t step, const QString &label);
    int editMarkerCount() const;
    QString editMarkerLabel(int i) const;
    // The nearest point to a position in plot coordinates, described as the context menu and tooltip name it
    // ("step 120: loss 4.912 (smoothed 4.950)"); empty when there is no data.
    QString describeNearest(const QPoint &plotPos) const;
    // The menu of the last right-click on the plot (nullptr once closed).
    QMenu *lastContextMenu() const;

    QString csv() const override;
    QString exportName() const override { return QStringLiteral("loss"); }
    void flushPendingUpdates() override;
    QWidget *exportWidget() override;

Q_SIGNALS:
    void smoothingChanged(double smoothing);
    void autoFollowChanged(bool on);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void scheduleReplot();
    void replotNow();
    void fitView();
    // The smallest top of the loss axis that keeps the curve under the legend in the top-right corner.
    double upperClearOfLegend(double lower) const;
    void recomputeSmoothed();
    void updateRangeStats(double loss);
    void onUserRangeChange();
    void onMouseMove(QMouseEvent *event);

    std::vector<double> m_steps;
    std::vector<double> m_raw;
    std::vector<double> m_smoothed;
    double m_smoothing = 0.9;
    // Running EMA state so addPoint is O(1).
    double m_emaLast = 0;
    double m_emaWeightPow = 1;
    // Running value range of the raw losses (finite ones), for auto-follow without rescanning 100k points.
    double m_min = 0, m_max = 0, m_minPositive = 0;
    bool m_haveRange = false;

    bool m_logScale = false;
    bool m_autoFollow = true;
    bool m_settingRange = false;

    PanelPlot *m_plot = nullptr;
    QCPGraph *m_rawGraph = nullptr;
    QCPGraph *m_smoothGraph = nullptr;
    QCPItemTracer *m_tracer = nullptr;
    QSlider *m_smoothingSlider = nullptr;
    QLabel *m_smoothingValue = nullptr;
    QCheckBox *m_logBox = nullptr;
    QCheckBox *m_followBox = nullptr;
    QTimer *m_replotTimer = nullptr;
    QPointer<QMenu> m_menu;
};

} // namespace pretext::widgets
