// Several runs side by side: loss and accuracy curves overlaid on a shared step or wall-time axis, and their final
// metrics in one table. Each run is named by its method and the settings that differ between the runs
// (engine::runLabels), so that a temperature sweep reads "simclr τ=0.2", "simclr τ=0.5".
#pragma once

#include "engine/io/runhistory.h"
#include "widgets/exportable.h"

#include <QColor>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QCPGraph;
class QCustomPlot;
class QTabWidget;
class QTableWidget;

namespace pretext::widgets {
class PanelPlot;
} // namespace pretext::widgets

namespace pretext::ui {

class CompareMaps;

class RunCompare : public QWidget, public widgets::Exportable {
    Q_OBJECT
public:
    enum class XAxis { Step, WallTime };

    explicit RunCompare(QWidget *parent = nullptr);

    void setRuns(std::vector<engine::RunHistory> runs);
    // Reads each folder (engine::RunHistory::read); a damaged one is shown with what could be read.
    void setRunDirs(const QStringList &dirs);
    int runCount() const { return int(m_runs.size()); }
    const engine::RunHistory &run(int i) const { return m_runs.at(size_t(i)); }
    // The legend's names, one per run.
    QStringList labels() const { return m_labels; }
    QColor runColor(int i) const;

    // Wall time is the training time the runs logged (elapsed_s, or reckoned from pairs/s for older runs); steps
    // without it are left out of that view.
    void setXAxis(XAxis axis);
    XAxis xAxis() const { return m_xAxis; }
    void setSmoothing(bool on);

    QCustomPlot *lossPlot() const;
    QCustomPlot *accuracyPlot() const;
    // The curves of run i (nullptr when out of range). The random-init ones are dashed horizontal lines.
    QCPGraph *lossGraph(int i) const;
    QCPGraph *onlineGraph(int i) const;
    QCPGraph *probeGraph(int i) const;
    QCPGraph *knnGraph(int i) const;
    QCPGraph *randomInitProbeGraph(int i) const;
    QCPGraph *randomInitKnnGraph(int i) const;
    QTableWidget *metricsTable() const { return m_table; }
    // "Curves", "Final metrics" and "Maps"; further views of the same runs are added as tabs here.
    QTabWidget *tabs() const { return m_tabs; }
    // The embedding maps of the runs side by side (computed once their tab is first shown).
    CompareMaps *maps() const { return m_maps; }

    // CSV of the current tab: the curves in long form (run, series, step, elapsed_s, value), the final metrics or the
    // maps' points.
    QString csv() const override;
    QString exportName() const override;
    QWidget *exportWidget() override;

private:
    struct Curves {
        QCPGraph *loss = nullptr, *online = nullptr, *probe = nullptr, *knn = nullptr, *baseProbe = nullptr,
                 *baseKnn = nullptr;
    };
    void rebuild();
    void updateCurves();
    void fillTable();
    double xOf(const engine::RunHistory &run, int64_t step, double elapsed) const;

    std::vector<engine::RunHistory> m_runs;
    QStringList m_labels;
    std::vector<Curves> m_curves;
    XAxis m_xAxis = XAxis::Step;
    bool m_smooth = true;

    QTabWidget *m_tabs;
    QWidget *m_plots;
    widgets::PanelPlot *m_loss;
    widgets::PanelPlot *m_accuracy;
    QComboBox *m_axisBox;
    QCheckBox *m_smoothBox, *m_onlineBox, *m_probeBox, *m_knnBox;
    QTableWidget *m_table;
    CompareMaps *m_maps;
};

} // namespace pretext::ui
