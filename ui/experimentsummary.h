// An experiment folder's result, live while it runs: the progress over its runs (which run, how many left, the
// time left), the table of engine::experimentRows(), the chart the engine wrote (summary.svg, the same picture as
// the file) and the engine's generated explanation of what the table shows. Usable as a window of its own.
#pragma once

#include "engine/train/experiment.h"
#include "widgets/exportable.h"

#include <QString>
#include <QWidget>

#include <vector>

class QFileSystemWatcher;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;

namespace pretext::ui {

class ExperimentSummary : public QWidget, public widgets::Exportable {
    Q_OBJECT
public:
    explicit ExperimentSummary(QWidget *parent = nullptr);

    // Shows the experiment `spec` in `dir` (which may not exist yet: an experiment about to start) and reads what
    // the folder holds. Clears any progress shown.
    void setExperiment(const engine::ExperimentSpec &spec, const QString &dir);
    // The same for a folder read from its experiment.json; false, with *error saying why, when it is not one.
    bool loadFolder(const QString &dir, QString *error = nullptr);

    const engine::ExperimentSpec &spec() const { return m_spec; }
    QString folder() const { return m_dir; }
    const std::vector<engine::ExperimentRow> &rows() const { return m_rows; }

    // The controller's experimentProgress: "Run i of n: label", the bar over the runs, the time left; the row of the
    // run in progress reads "running". When a run has finished since the last call, the folder is read again.
    void setProgress(const engine::ExperimentProgress &progress);

    QTableWidget *table() const { return m_table; }
    QProgressBar *progressBar() const { return m_progressBar; }
    QLabel *progressLabel() const { return m_progressLabel; }
    QLabel *timeLabel() const { return m_timeLabel; }
    QString explanation() const;
    // Whether summary.svg was found and drawn.
    bool hasChart() const;
    // The table as Markdown (what "Copy table" puts on the clipboard as text).
    QString markdown() const;

    // summary.csv as the engine wrote it; the table as CSV while the folder has none yet.
    QString csv() const override;
    QString exportName() const override; // "experiment-<preset>"
    QWidget *exportWidget() override; // the chart, when there is one

public Q_SLOTS:
    // Reads the folder again: results.json, summary.svg. Called by itself when results.json changes.
    void refresh();
    // Markdown (text) and CSV (text/csv) of the table to the clipboard.
    void copyTable();
    // The folder in the desktop's file manager.
    void openFolder();

private:
    void fillTable();
    void showRunsDone();
    void watch();

    engine::ExperimentSpec m_spec;
    QString m_dir;
    std::vector<engine::ExperimentRow> m_rows;
    engine::ExperimentProgress m_progress;
    bool m_live = false; // a setProgress() arrived for this experiment

    QLabel *m_title = nullptr, *m_question = nullptr, *m_progressLabel = nullptr, *m_timeLabel = nullptr,
           *m_explanation = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QTableWidget *m_table = nullptr;
    QWidget *m_chart = nullptr; // draws summary.svg
    QPushButton *m_openButton = nullptr, *m_copyButton = nullptr;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_refreshTimer = nullptr; // coalesces the watcher's bursts (temporary file, rename) into one read
};

} // namespace pretext::ui
