// The run library: every run under a folder (engine::scanRuns) in a sortable, filterable table, from which runs are
// opened or compared. Damaged folders are listed with their error, never left out.
#pragma once

#include "engine/io/runhistory.h"

#include <QAbstractTableModel>
#include <QWidget>

#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace pretext::ui {

// One row per run, from its RunHistory summary.
class RunLibraryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Method, Backbone, Dataset, Epochs, Steps, Probe, Knn, WallTime, Date, State, Folder, ColumnCount };
    // What the proxy sorts by: numbers for the numeric columns (-1 when unknown), text otherwise.
    static constexpr int SortRole = Qt::UserRole + 1;
    // The run's folder (full path).
    static constexpr int DirRole = Qt::UserRole + 2;

    explicit RunLibraryModel(QObject *parent = nullptr);
    void setRuns(std::vector<engine::RunHistory> runs);
    const std::vector<engine::RunHistory> &runs() const { return m_runs; }
    const engine::RunHistory &run(int row) const { return m_runs.at(static_cast<size_t>(row)); }
    // "finished", "damaged", … in the UI's language.
    static QString stateText(engine::RunState state);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<engine::RunHistory> m_runs;
};

class RunLibrary : public QWidget {
    Q_OBJECT
public:
    explicit RunLibrary(QWidget *parent = nullptr);

    // Where new runs go (the window's "runsFolder" setting, ~/PretextRuns by default): the library's first folder.
    static QString defaultFolder();
    QString folder() const;
    // Shows the runs under `dir` (read at once) and remembers it for the next start.
    void setFolder(const QString &dir);
    // Reads the folder again: new runs, and states that changed (a run that finished or died).
    void refresh();
    void setFilterText(const QString &text);
    // The folders of the selected rows, in view order.
    QStringList selectedDirs() const;
    // The text shown instead of the table when no run is listed (empty while the table is shown).
    QString emptyText() const;

    RunLibraryModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void openRun(const QString &dir);
    void compareRuns(const QStringList &dirs);

private:
    void chooseFolder();
    void openCurrent();
    void compareSelected();
    void updateState();

    RunLibraryModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QLineEdit *m_folderEdit;
    QLineEdit *m_filterEdit;
    QStackedWidget *m_stack;
    QLabel *m_emptyLabel;
    QLabel *m_countLabel;
    QPushButton *m_openButton;
    QPushButton *m_compareButton;
    QString m_folder;
    QString m_folderError; // why the folder could not be listed
};

} // namespace pretext::ui
