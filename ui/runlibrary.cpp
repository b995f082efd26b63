#include "ui/runlibrary.h"

#include "ui/figuretext.h"

#include "widgets/plotstyle.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace pretext::ui {

namespace {

const char *kFolderKey = "runLibraryFolder";

QString percent(double fraction)
{
    return percentText(fraction);
}

QString wallText(const engine::RunSummary &s)
{
    return durationText(s.wallSeconds, s.wallEstimated);
}

// The filter of the CLI's --filter: RunSummary::matches, so that both list the same runs for the same text.
class RunFilterProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setText(const QString &text)
    {
        m_text = text.trimmed().toStdString();
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &) const override
    {
        auto *model = static_cast<const RunLibraryModel *>(sourceModel());
        return model->run(row).summary().matches(m_text);
    }

private:
    std::string m_text;
};

} // namespace

// ---------------------------------------------------------------- RunLibraryModel

RunLibraryModel::RunLibraryModel(QObject *parent) : QAbstractTableModel(parent) {}

void RunLibraryModel::setRuns(std::vector<engine::RunHistory> runs)
{
    beginResetModel();
    m_runs = std::move(runs);
    endResetModel();
}

QString RunLibraryModel::stateText(engine::RunState state)
{
    switch (state) {
    case engine::RunState::Running: return tr("running");
    case engine::RunState::Finished: return tr("finished");
    case engine::RunState::Stopped: return tr("stopped");
    case engine::RunState::Interrupted: return tr("interrupted");
    case engine::RunState::Diverged: return tr("diverged");
    case engine::RunState::Failed: return tr("failed");
    case engine::RunState::Damaged: return tr("damaged");
    }
    return {};
}

int RunLibraryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunLibraryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunLibraryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Method: return tr("Method");
    case Backbone: return tr("Backbone");
    case Dataset: return tr("Dataset");
    case Epochs: return tr("Epochs");
    case Steps: return tr("Steps");
    case Probe: return tr("Linear probe");
    case Knn: return tr("kNN");
    case WallTime: return tr("Wall time");
    case Date: return tr("Date");
    case State: return tr("State");
    case Folder: return tr("Folder");
    default: return {};
    }
}

QVariant RunLibraryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const engine::RunSummary &s = m_runs[size_t(index.row())].summary();
    const auto text = [](const std::string &v) { return v.empty() ? QStringLiteral("?") : QString::fromStdString(v); };
    const bool damaged = s.state == engine::RunState::Damaged;
    const QDateTime date = s.startedEpoch > 0 ? QDateTime::fromSecsSinceEpoch(s.startedEpoch) : QDateTime();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Method: return text(s.method);
        case Backbone: return text(s.backbone);
        case Dataset: return text(s.dataset);
        case Epochs: return s.epochs > 0 ? QString::number(s.epochs) : QStringLiteral("?");
        case Steps:
            return QStringLiteral("%1 / %2").arg(s.stepsDone).arg(s.stepsPlanned > 0 ? QString::number(s.stepsPlanned)
                                                                                     : QStringLiteral("?"));
        case Probe: return percent(s.probeAcc);
        case Knn: return percent(s.knnAcc);
        case WallTime: return wallText(s);
        case Date: return date.isValid() ? date.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("–");
        case State: return stateText(s.state);
        case Folder: return QString::fromStdString(s.name);
        }
        break;
    case SortRole:
        switch (index.column()) {
        case Epochs: return s.epochs;
        case Steps: return qlonglong(s.stepsDone);
        case Probe: return s.probeAcc;
        case Knn: return s.knnAcc;
        case WallTime: return s.wallSeconds;
        case Date: return qlonglong(s.startedEpoch);
        default: return data(index, Qt::DisplayRole).toString().toLower();
        }
    case DirRole: return QString::fromStdString(s.dir);
    case Qt::ToolTipRole:
        if (!s.error.empty())
            return (damaged ? tr("Cannot be read: %1") : tr("Diverged: %1")).arg(QString::fromStdString(s.error));
        if (index.column() == Probe || index.column() == Knn) {
            const double base = index.column() == Probe ? s.randomInitProbeAcc : s.randomInitKnnAcc;
            if (base >= 0) return tr("Random-init encoder, same protocol: %1").arg(percent(base));
        }
        if (index.column() == WallTime && s.wallEstimated)
            return tr("Reckoned from the logged pairs per second: this run is older than the elapsed-time record");
        if (index.column() == Folder) return QString::fromStdString(s.dir);
        return {};
    case Qt::DecorationRole:
        if (index.column() != Method) return {};
        if (damaged) return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        if (s.state == engine::RunState::Diverged || s.state == engine::RunState::Failed) return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        return {};
    case Qt::ForegroundRole:
        if (damaged || s.state == engine::RunState::Diverged || s.state == engine::RunState::Failed) return widgets::PlotStyle::wrong();
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case Epochs:
        case Steps:
        case Probe:
        case Knn:
        case WallTime: return int(Qt::AlignRight | Qt::AlignVCenter);
        default: return int(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    return {};
}

// ---------------------------------------------------------------- RunLibrary

QString RunLibrary::defaultFolder()
{
    return QSettings().value(QStringLiteral("runsFolder"), QDir::homePath() + QStringLiteral("/PretextRuns")).toString();
}

RunLibrary::RunLibrary(QWidget *parent)
    : QWidget(parent), m_model(new RunLibraryModel(this)), m_proxy(new RunFilterProxy(this)), m_view(new QTableView),
      m_folderEdit(new QLineEdit), m_filterEdit(new QLineEdit), m_stack(new QStackedWidget), m_emptyLabel(new QLabel),
      m_countLabel(new QLabel), m_openButton(new QPushButton(tr("&Open"))), m_compareButton(new QPushButton(tr("&Compare")))
{
    setObjectName(QStringLiteral("runLibrary"));
    setWindowTitle(tr("Run library"));
    setWhatsThis(tr("<p><b>Every run under a folder.</b> Sort by any column, type in the filter to find a method, "
                    "dataset, backbone, folder or state. Enter or a double-click opens a run in the window; select "
                    "several and press Compare to overlay their curves.</p><p>A folder that cannot be read is "
                    "listed as <i>damaged</i> with the reason in its tooltip.</p>"));

    auto *folderLabel = new QLabel(tr("Fol&der:"));
    folderLabel->setBuddy(m_folderEdit);
    m_folderEdit->setObjectName(QStringLiteral("libraryFolder"));
    m_folderEdit->setToolTip(tr("The folder whose runs are listed; Enter reads it"));
    auto *browse = new QPushButton(tr("&Browse…"));
    browse->setToolTip(tr("Choose the folder to list"));
    auto *refreshButton = new QPushButton(tr("&Refresh"));
    refreshButton->setObjectName(QStringLiteral("refreshButton"));
    // The library is a window of its own: F5 reads the folder again there and starts nothing in the main window.
    auto *refreshAction = new QAction(tr("Refresh"), this);
    refreshAction->setShortcut(QKeySequence::Refresh);
    refreshAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(refreshAction);
    refreshButton->setToolTip(tr("Read the folder again: new runs, changed states (%1)")
                                  .arg(refreshAction->shortcut().toString(QKeySequence::NativeText)));
    auto *filterLabel = new QLabel(tr("&Filter:"));
    filterLabel->setBuddy(m_filterEdit);
    m_filterEdit->setObjectName(QStringLiteral("libraryFilter"));
    m_filterEdit->setPlaceholderText(tr("method, dataset, backbone, folder or state"));
    m_filterEdit->setClearButtonEnabled(true);
    // Shown as a window of its own: Ctrl+W closes it, as other tool windows.
    auto *closeAction = new QAction(tr("Close"), this);
    closeAction->setShortcut(QKeySequence::Close);
    closeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(closeAction);
    connect(closeAction, &QAction::triggered, this, [this] {
        if (isWindow()) close();
    });
    auto *findAction = new QAction(this);
    findAction->setShortcut(QKeySequence::Find);
    findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(findAction);
    connect(findAction, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });

    auto *top = new QGridLayout;
    top->addWidget(folderLabel, 0, 0);
    top->addWidget(m_folderEdit, 0, 1);
    top->addWidget(browse, 0, 2);
    top->addWidget(refreshButton, 0, 3);
    top->addWidget(filterLabel, 1, 0);
    top->addWidget(m_filterEdit, 1, 1, 1, 3);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunLibraryModel::SortRole);
    m_view->setObjectName(QStringLiteral("runTable"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RunLibraryModel::Date, Qt::DescendingOrder); // newest first
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(RunLibraryModel::Folder, QHeaderView::Stretch);

    m_emptyLabel->setObjectName(QStringLiteral("libraryEmpty"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_emptyLabel);

    m_openButton->setToolTip(tr("Open the current run in the window (Enter)"));
    m_compareButton->setToolTip(tr("Overlay the curves and final metrics of the selected runs (select two or more)"));
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_countLabel, 1);
    bottom->addWidget(m_openButton);
    bottom->addWidget(m_compareButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_stack, 1);
    layout->addLayout(bottom);

    connect(m_folderEdit, &QLineEdit::returnPressed, this, [this] { setFolder(m_folderEdit->text()); });
    connect(browse, &QPushButton::clicked, this, &RunLibrary::chooseFolder);
    connect(refreshButton, &QPushButton::clicked, this, &RunLibrary::refresh);
    connect(refreshAction, &QAction::triggered, this, &RunLibrary::refresh);
    connect(m_filterEdit, &QLineEdit::textChanged, this, &RunLibrary::setFilterText);
    // Enter, or a double-click (a single click where the style activates on one), opens the run.
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid()) Q_EMIT openRun(index.data(RunLibraryModel::DirRole).toString());
    });
    connect(m_openButton, &QPushButton::clicked, this, &RunLibrary::openCurrent);
    connect(m_compareButton, &QPushButton::clicked, this, &RunLibrary::compareSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunLibrary::updateState);

    const QString saved = QSettings().value(QLatin1String(kFolderKey)).toString();
    m_folder = saved.isEmpty() ? defaultFolder() : saved;
    m_folderEdit->setText(QDir::toNativeSeparators(m_folder));
    resize(960, 480);
}

QString RunLibrary::folder() const
{
    return m_folder;
}

void RunLibrary::setFolder(const QString &dir)
{
    m_folder = QDir::cleanPath(QDir::fromNativeSeparators(dir.trimmed()));
    m_folderEdit->setText(QDir::toNativeSeparators(m_folder));
    QSettings().setValue(QLatin1String(kFolderKey), m_folder);
    refresh();
}

void RunLibrary::chooseFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of runs"), m_folder);
    if (!dir.isEmpty()) setFolder(dir);
}

void RunLibrary::refresh()
{
    const QStringList selected = selectedDirs();
    m_folderError.clear();
    std::vector<engine::RunHistory> runs;
    if (QFileInfo(m_folder).isDir()) {
        QApplication::setOverrideCursor(Qt::WaitCursor);
        try {
            runs = engine::scanRuns(m_folder.toStdString());
        } catch (const std::exception &e) {
            m_folderError = QString::fromStdString(e.what());
        }
        QApplication::restoreOverrideCursor();
    } else if (QDir::cleanPath(m_folder) != QDir::cleanPath(defaultFolder())) {
        // The default folder appears with the first run; any other one was mistyped or removed.
        m_folderError = tr("%1 is not a folder.").arg(QDir::toNativeSeparators(m_folder));
    }
    m_model->setRuns(std::move(runs));
    // Keep the selection across a refresh, so that a compare can follow.
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (selected.contains(index.data(RunLibraryModel::DirRole).toString()))
            m_view->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    updateState();
}

void RunLibrary::setFilterText(const QString &text)
{
    if (m_filterEdit->text() != text) m_filterEdit->setText(text); // comes back here through textChanged
    static_cast<RunFilterProxy *>(m_proxy)->setText(text);
    updateState();
}

QStringList RunLibrary::selectedDirs() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList dirs;
    for (const QModelIndex &index : rows) dirs << index.data(RunLibraryModel::DirRole).toString();
    return dirs;
}

QString RunLibrary::emptyText() const
{
    return m_stack->currentWidget() == m_emptyLabel ? m_emptyLabel->text() : QString();
}

void RunLibrary::openCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    const QStringList selected = selectedDirs();
    if (current.isValid()) Q_EMIT openRun(current.data(RunLibraryModel::DirRole).toString());
    else if (!selected.isEmpty()) Q_EMIT openRun(selected.front());
}

void RunLibrary::compareSelected()
{
    const QStringList dirs = selectedDirs();
    if (dirs.size() >= 2) Q_EMIT compareRuns(dirs);
}

void RunLibrary::updateState()
{
    const QString where = QDir::toNativeSeparators(m_folder);
    const int total = m_model->rowCount(), shown = m_proxy->rowCount();
    if (!m_folderError.isEmpty()) {
        m_emptyLabel->setText(m_folderError);
    } else if (total == 0) {
        m_emptyLabel->setText(tr("No runs under %1 yet: New run… (Ctrl+N) starts one.").arg(where));
    } else if (shown == 0) {
        m_emptyLabel->setText(tr("No run under %1 matches “%2”.").arg(where, m_filterEdit->text()));
    }
    m_stack->setCurrentWidget(shown == 0 || !m_folderError.isEmpty() ? static_cast<QWidget *>(m_emptyLabel) : m_view);
    const auto damaged = std::count_if(m_model->runs().begin(), m_model->runs().end(),
                                       [](const engine::RunHistory &r) { return r.damaged(); });
    QString count = total == 1 ? tr("1 run") : tr("%1 runs").arg(total);
    if (shown != total) count = tr("%1 shown of %2").arg(shown).arg(count);
    if (damaged > 0) count += tr(", %1 damaged").arg(damaged);
    m_countLabel->setText(count);
    const int selected = int(m_view->selectionModel()->selectedRows().size());
    m_openButton->setEnabled(shown > 0);
    m_compareButton->setEnabled(selected >= 2);
}

} // namespace pretext::ui
