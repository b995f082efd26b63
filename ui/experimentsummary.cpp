#include "ui/experimentsummary.h"
#include "ui/enginetext.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QSvgRenderer>
#include <QTableWidget>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>

namespace pretext::ui {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString percentText(double accuracy)
{
    return accuracy >= 0 ? QString::number(100 * accuracy, 'f', 1) : QStringLiteral("–");
}

// Minutes and seconds, as the engine's summary writes wall times (75:03 after an hour and a quarter).
QString minutesSeconds(double seconds)
{
    const long s = std::lround(std::max(0.0, seconds));
    return QStringLiteral("%1:%2").arg(s / 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString stateText(const std::string &state)
{
    if (state == "finished") return ExperimentSummary::tr("finished");
    if (state == "stopped") return ExperimentSummary::tr("stopped");
    if (state == "pending") return ExperimentSummary::tr("pending");
    if (state == "running") return ExperimentSummary::tr("running");
    if (state == "diverged") return ExperimentSummary::tr("diverged");
    if (state == "failed") return ExperimentSummary::tr("failed");
    return qs(state);
}

QString allDone(int count)
{
    return count == 1 ? ExperimentSummary::tr("The run is done.")
                      : ExperimentSummary::tr("All %1 runs done.").arg(count);
}

// The engine's chart, drawn at the largest size that keeps its proportions; a note until the first run has
// finished (the engine writes summary.svg after each run).
class ChartView : public QWidget {
public:
    ChartView()
    {
        setObjectName(QStringLiteral("chart"));
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        setMinimumSize(320, 160);
    }
    QSize sizeHint() const override { return QSize(760, 380); }

    // Reads the file again (its content changes after each run); an empty path, or no file, shows the note.
    void load(const QString &path)
    {
        m_valid = !path.isEmpty() && QFileInfo::exists(path) && m_renderer.load(path) && m_renderer.isValid();
        update();
    }
    bool valid() const { return m_valid; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.fillRect(rect(), palette().base());
        if (!m_valid) {
            p.setPen(palette().color(QPalette::PlaceholderText));
            p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                ExperimentSummary::tr("The chart appears here when the first run has finished."));
            return;
        }
        QSizeF size = m_renderer.viewBoxF().size();
        if (size.isEmpty()) size = m_renderer.defaultSize();
        size.scale(QSizeF(this->size()), Qt::KeepAspectRatio);
        const QRectF target(QPointF((width() - size.width()) / 2, (height() - size.height()) / 2), size);
        m_renderer.render(&p, target);
    }

private:
    QSvgRenderer m_renderer;
    bool m_valid = false;
};

} // namespace

ExperimentSummary::ExperimentSummary(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("ExperimentSummary"));
    setWindowTitle(tr("Experiment"));

    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("title"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_question = new QLabel;
    m_question->setObjectName(QStringLiteral("question"));
    m_question->setWordWrap(true);

    m_progressLabel = new QLabel;
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    m_progressBar = new QProgressBar;
    m_progressBar->setObjectName(QStringLiteral("progressBar"));
    m_progressBar->setRange(0, 1);
    m_progressBar->setValue(0);
    m_progressBar->setFormat(tr("%v of %m runs"));
    m_timeLabel = new QLabel;
    m_timeLabel->setObjectName(QStringLiteral("timeLabel"));
    m_timeLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progressLabel, 1);
    progressRow->addWidget(m_timeLabel);

    m_table = new QTableWidget;
    m_table->setObjectName(QStringLiteral("summaryTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    // As tall as its rows: no empty band between the numbers and the chart.
    m_table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the columns set the minimum width instead

    m_chart = new ChartView;

    m_explanation = new QLabel;
    m_explanation->setObjectName(QStringLiteral("explanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_explanation->setContentsMargins(4, 4, 4, 4);
    auto *explanationScroll = new QScrollArea;
    explanationScroll->setWidget(m_explanation);
    explanationScroll->setWidgetResizable(true);
    explanationScroll->setFrameShape(QFrame::NoFrame);
    explanationScroll->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 36);

    // The table as tall as its rows, across the window; under it the chart and, beside it, what the table shows.
    auto *body = new QSplitter(Qt::Horizontal);
    body->setObjectName(QStringLiteral("body"));
    body->addWidget(m_chart);
    body->addWidget(explanationScroll);
    body->setStretchFactor(0, 3);
    body->setStretchFactor(1, 2);
    body->setChildrenCollapsible(false);

    m_openButton = new QPushButton(tr("&Open folder"));
    m_openButton->setObjectName(QStringLiteral("openFolder"));
    m_openButton->setToolTip(tr("Show the experiment folder (summary.md, summary.csv, summary.svg and one folder per "
                                "run) in the file manager"));
    connect(m_openButton, &QPushButton::clicked, this, &ExperimentSummary::openFolder);
    m_copyButton = new QPushButton(tr("&Copy table"));
    m_copyButton->setObjectName(QStringLiteral("copyTable"));
    m_copyButton->setToolTip(tr("Copy the table: Markdown as text (slides, notes), CSV for spreadsheets"));
    connect(m_copyButton, &QPushButton::clicked, this, &ExperimentSummary::copyTable);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_openButton);
    buttons->addWidget(m_copyButton);
    buttons->addStretch(1);

    auto *v = new QVBoxLayout(this);
    v->addWidget(m_title);
    v->addWidget(m_question);
    v->addLayout(progressRow);
    v->addWidget(m_progressBar);
    v->addWidget(m_table);
    v->addWidget(body, 1);
    v->addLayout(buttons);

    m_watcher = new QFileSystemWatcher(this);
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(250);
    connect(m_refreshTimer, &QTimer::timeout, this, &ExperimentSummary::refresh);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_refreshTimer, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_refreshTimer, qOverload<>(&QTimer::start));

    resize(1100, 720);
    setExperiment({}, QString());
}

void ExperimentSummary::setExperiment(const engine::ExperimentSpec &spec, const QString &dir)
{
    m_spec = spec;
    m_dir = dir;
    m_live = false;
    m_progress = {};
    m_title->setText(spec.title.empty() ? tr("No experiment") : engineText(spec.title));
    m_question->setText(engineText(spec.question));
    m_question->setVisible(!spec.question.empty());
    m_timeLabel->clear();
    setWindowTitle(spec.title.empty() ? tr("Experiment") : tr("Experiment: %1").arg(qs(spec.name)));
    refresh();
}

bool ExperimentSummary::loadFolder(const QString &dir, QString *error)
{
    try {
        setExperiment(engine::loadExperiment(dir.toStdString()), dir);
        return true;
    } catch (const std::exception &e) {
        if (error) *error = qs(e.what());
        return false;
    }
}

void ExperimentSummary::refresh()
{
    m_rows.clear();
    if (!m_dir.isEmpty() && !m_spec.runs.empty()) m_rows = engine::experimentRows(m_spec, m_dir.toStdString());
    static_cast<ChartView *>(m_chart)->load(
        m_dir.isEmpty() ? QString() : QDir(m_dir).filePath(QStringLiteral("summary.svg")));
    // In the interface language; summary.md keeps the English the engine writes without a translator.
    m_explanation->setText(m_spec.runs.empty() ? QString()
                                               : qs(engine::explainExperiment(m_spec, m_rows, engineTranslator())));
    fillTable();
    if (!m_live) showRunsDone();
    m_openButton->setEnabled(!m_dir.isEmpty() && QFileInfo(m_dir).isDir());
    m_copyButton->setEnabled(m_table->rowCount() > 0);
    watch();
}

void ExperimentSummary::watch()
{
    if (!m_watcher->files().isEmpty()) m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty()) m_watcher->removePaths(m_watcher->directories());
    if (m_dir.isEmpty() || !QFileInfo(m_dir).isDir()) return;
    // results.json is replaced by a rename (written atomically): the folder's change says so, the file's may not.
    m_watcher->addPath(m_dir);
    const QString results = QDir(m_dir).filePath(QStringLiteral("results.json"));
    if (QFileInfo::exists(results)) m_watcher->addPath(results);
}

// The bar and the line from the folder alone: an experiment opened after the fact, or before its first progress.
void ExperimentSummary::showRunsDone()
{
    const int count = static_cast<int>(m_rows.size());
    int done = 0;
    for (const auto &r : m_rows)
        done += r.state == "finished" || r.state == "diverged" || r.state == "failed";
    m_progressBar->setRange(0, std::max(1, count));
    m_progressBar->setValue(done);
    if (count == 0)
        m_progressLabel->setText(tr("No runs to show."));
    else if (done == count)
        m_progressLabel->setText(allDone(count));
    else
        m_progressLabel->setText(tr("%1 of %2 runs done.").arg(done).arg(count));
}

void ExperimentSummary::setProgress(const engine::ExperimentProgress &progress)
{
    const bool runFinished = !m_live || progress.index != m_progress.index || progress.count != m_progress.count;
    m_live = true;
    m_progress = progress;
    const int count = std::max(0, progress.count);
    m_progressBar->setRange(0, std::max(1, count));
    m_progressBar->setValue(std::clamp(progress.index, 0, count));
    if (progress.index >= count) {
        m_progressLabel->setText(allDone(count));
        m_timeLabel->setText(tr("took %1 (min:s)").arg(minutesSeconds(progress.elapsedSeconds)));
    } else {
        QString text = tr("Run %1 of %2: %3").arg(progress.index + 1).arg(count).arg(engineText(progress.label));
        if (progress.skipped) text += tr(" (done earlier, kept)");
        m_progressLabel->setText(text);
        m_timeLabel->setText(progress.etaSeconds >= 0
                ? tr("about %1 left (min:s)").arg(minutesSeconds(progress.etaSeconds))
                : tr("time left: known after the first steps"));
    }
    // Rows change only when a run ends: the folder is read then, not at every second's progress.
    if (runFinished) refresh();
}

void ExperimentSummary::fillTable()
{
    const auto liveState = [this](const engine::ExperimentRow &r, size_t index) {
        const bool running = m_live && static_cast<int>(index) == m_progress.index
            && m_progress.index < m_progress.count && (r.state == "pending" || r.state == "stopped");
        return running ? std::string("running") : r.state;
    };
    QStringList headers;
    std::vector<QStringList> cells;
    std::vector<QString> tips;
    std::vector<bool> running;
    if (m_spec.fractions.empty()) {
        QString variable = m_spec.variable.empty() ? tr("Run") : qs(m_spec.variable);
        variable[0] = variable[0].toUpper();
        headers = { variable, tr("Linear probe (%)"), tr("kNN (%)"), tr("Random-init probe (%)"), tr("Wall time (s)"),
            tr("State") };
        for (size_t i = 0; i < m_rows.size(); ++i) {
            const auto &r = m_rows[i];
            const std::string state = liveState(r, i);
            cells.push_back({ engineText(r.label), percentText(r.probe), percentText(r.knn), percentText(r.randomProbe),
                r.seconds > 0 ? QString::number(r.seconds, 'f', r.seconds < 10 ? 1 : 0) : QStringLiteral("–"),
                stateText(state) });
            tips.push_back(qs(r.error));
            running.push_back(state == "running");
        }
    } else {
        // Transfer: a row per encoder and share of labels; the untrained encoder's come from the first run.
        QString variable = qs(m_spec.variable);
        if (!variable.isEmpty()) variable[0] = variable[0].toUpper();
        headers = { variable, tr("Labels"), tr("Labelled images"), tr("Linear probe (%)"), tr("Fine-tuned (%)"),
            tr("State") };
        const auto addRows = [&](const QString &label, const std::vector<engine::ExperimentRow::Transfer> &list,
                                 const engine::ExperimentRow &run, size_t index) {
            const std::string state = liveState(run, index);
            if (list.empty()) {
                cells.push_back({ label, QStringLiteral("–"), QStringLiteral("–"), QStringLiteral("–"),
                    QStringLiteral("–"), stateText(state) });
                tips.push_back(qs(run.error));
                running.push_back(state == "running");
                return;
            }
            for (double f : m_spec.fractions) {
                for (const auto &t : list) {
                    if (std::fabs(t.fraction - f) > 1e-12) continue;
                    cells.push_back({ label, QString::number(100 * f, 'g', 4) + QStringLiteral(" %"),
                        QString::number(t.labelled), percentText(t.probe), percentText(t.fineTune), stateText(state) });
                    tips.push_back(QString());
                    running.push_back(false);
                }
            }
        };
        if (!m_rows.empty()) addRows(tr("random init"), m_rows.front().randomTransfer, m_rows.front(), 0);
        for (size_t i = 0; i < m_rows.size(); ++i)
            addRows(engineText(m_rows[i].label), m_rows[i].transfer, m_rows[i], i);
    }

    m_table->clear();
    m_table->setColumnCount(static_cast<int>(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(static_cast<int>(cells.size()));
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QStringList &line = cells[static_cast<size_t>(row)];
        for (int col = 0; col < line.size(); ++col) {
            auto *item = new QTableWidgetItem(line[col]);
            if (col > 0 && col < line.size() - 1) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (!tips[static_cast<size_t>(row)].isEmpty()) item->setToolTip(tips[static_cast<size_t>(row)]);
            if (running[static_cast<size_t>(row)]) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
            m_table->setItem(row, col, item);
        }
    }
    m_table->resizeColumnsToContents();
    int width = 2 * m_table->frameWidth();
    for (int col = 0; col < m_table->columnCount(); ++col)
        width += m_table->columnWidth(col);
    m_table->setMinimumWidth(width);
    m_table->updateGeometry();
}

QString ExperimentSummary::explanation() const
{
    return m_explanation->text();
}

bool ExperimentSummary::hasChart() const
{
    return static_cast<const ChartView *>(m_chart)->valid();
}

QString ExperimentSummary::markdown() const
{
    const auto cell = [](QString text) { return text.replace(QLatin1Char('|'), QStringLiteral("\\|")); };
    QStringList header, rule;
    for (int c = 0; c < m_table->columnCount(); ++c) {
        header << cell(m_table->horizontalHeaderItem(c)->text());
        rule << QStringLiteral("---");
    }
    QString md = QStringLiteral("| %1 |\n|%2|\n").arg(header.join(QStringLiteral(" | ")), rule.join(QLatin1Char('|')));
    for (int r = 0; r < m_table->rowCount(); ++r) {
        QStringList line;
        for (int c = 0; c < m_table->columnCount(); ++c)
            line << cell(m_table->item(r, c)->text());
        md += QStringLiteral("| %1 |\n").arg(line.join(QStringLiteral(" | ")));
    }
    return md;
}

QString ExperimentSummary::csv() const
{
    QFile file(QDir(m_dir).filePath(QStringLiteral("summary.csv")));
    if (!m_dir.isEmpty() && file.open(QIODevice::ReadOnly)) return QString::fromUtf8(file.readAll());
    QString out;
    QStringList line;
    for (int c = 0; c < m_table->columnCount(); ++c)
        line << widgets::csvField(m_table->horizontalHeaderItem(c)->text());
    out += line.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (int r = 0; r < m_table->rowCount(); ++r) {
        line.clear();
        for (int c = 0; c < m_table->columnCount(); ++c)
            line << widgets::csvField(m_table->item(r, c)->text());
        out += line.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out;
}

QString ExperimentSummary::exportName() const
{
    return QStringLiteral("experiment-") + (m_spec.name.empty() ? QStringLiteral("summary") : qs(m_spec.name));
}

QWidget *ExperimentSummary::exportWidget()
{
    return hasChart() ? m_chart : nullptr;
}

void ExperimentSummary::copyTable()
{
    auto *data = new QMimeData;
    data->setText(markdown());
    data->setData(QStringLiteral("text/csv"), csv().toUtf8());
    QApplication::clipboard()->setMimeData(data);
}

void ExperimentSummary::openFolder()
{
    if (!m_dir.isEmpty()) QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_dir).absoluteFilePath()));
}

} // namespace pretext::ui
