#include "ui/runcompare.h"

#include "ui/figuretext.h"

#include "ui/comparemaps.h"
#include "ui/runlibrary.h"

#include "widgets/lossplot.h"
#include "widgets/panelexport.h"
#include "widgets/panelplot.h"
#include "widgets/plotstyle.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace pretext::ui {

namespace {

constexpr double kLossSmoothing = 0.9; // the loss panel's default

QString percent(double fraction)
{
    return percentText(fraction);
}

// A CSV number: C locale, empty when unknown.
QString csvNumber(double v, bool known)
{
    return known ? QString::number(v, 'g', 10) : QString();
}

} // namespace

RunCompare::RunCompare(QWidget *parent)
    : QWidget(parent), m_tabs(new QTabWidget), m_plots(new QWidget), m_loss(new widgets::PanelPlot),
      m_accuracy(new widgets::PanelPlot), m_axisBox(new QComboBox), m_smoothBox(new QCheckBox(tr("&Smoothed loss"))),
      m_onlineBox(new QCheckBox(tr("&Online probe"))), m_probeBox(new QCheckBox(tr("&Linear probe"))),
      m_knnBox(new QCheckBox(tr("&kNN"))), m_table(new QTableWidget), m_maps(new CompareMaps)
{
    setObjectName(QStringLiteral("runCompare"));
    setWindowTitle(tr("Compare runs"));
    setWhatsThis(tr("<p><b>Runs side by side.</b> The loss and the accuracies of every selected run on one axis: "
                    "by step, or by wall time to compare what a setting costs. Each run keeps one colour; its "
                    "name gives the method and the settings in which the runs differ.</p><p>Accuracy: solid lines "
                    "with dots are the offline linear probe, dotted lines with squares the kNN classifier, both "
                    "measured after each epoch; the thin line is the online probe; dashed (linear probe) and "
                    "dash-dotted (kNN) lines are the random-init encoder measured the same way, the baseline a run "
                    "has to beat.</p>"));

    // Curves: controls, then the loss over the accuracies.
    auto *axisLabel = new QLabel(tr("&X axis:"));
    axisLabel->setBuddy(m_axisBox);
    m_axisBox->setObjectName(QStringLiteral("compareXAxis"));
    m_axisBox->addItem(tr("Step"));
    m_axisBox->addItem(tr("Wall time"));
    m_axisBox->setToolTip(tr("Step: what each run learned per update. Wall time: what it learned per second of "
                             "training"));
    m_smoothBox->setChecked(m_smooth);
    m_smoothBox->setToolTip(tr("Moving average of the loss (as the loss panel's smoothing 0.9)"));
    m_probeBox->setChecked(true);
    m_knnBox->setChecked(true);
    m_onlineBox->setToolTip(tr("The linear classifier trained alongside, per batch: noisy, measured on training images"));
    auto *controls = new QHBoxLayout;
    controls->addWidget(axisLabel);
    controls->addWidget(m_axisBox);
    controls->addSpacing(12);
    controls->addWidget(m_smoothBox);
    controls->addSpacing(12);
    controls->addWidget(m_probeBox);
    controls->addWidget(m_knnBox);
    controls->addWidget(m_onlineBox);
    controls->addStretch();

    for (widgets::PanelPlot *plot : { m_loss, m_accuracy }) {
        plot->setMinimumSize(240, 140);
        plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        plot->xAxis->grid()->setVisible(true);
        plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
        connect(plot, &QCustomPlot::mouseDoubleClick, this, [this] { updateCurves(); });
        connect(plot, &widgets::PanelPlot::contextMenuRequestedAt, this, [this](const QPoint &, const QPoint &global) {
            widgets::PanelExport::showContextMenu(this, this, global);
        });
    }
    m_loss->setObjectName(QStringLiteral("compareLoss"));
    m_loss->yAxis->setLabel(tr("loss"));
    m_accuracy->setObjectName(QStringLiteral("compareAccuracy"));
    m_accuracy->yAxis->setLabel(tr("accuracy (%)"));
    // One legend names the runs for both plots: each run keeps its colour, and the caption gives the line styles.
    m_loss->legend->setVisible(true);
    m_accuracy->legend->setVisible(false);
    auto *caption = new QLabel(tr("Accuracy: ● solid = linear probe, ■ dotted = kNN (after each epoch); thin = online "
                                  "probe; the random-init encoder, same protocol: dashed = linear probe, dash-dotted = kNN."));
    caption->setWordWrap(true);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_loss);
    split->addWidget(m_accuracy);
    auto *plotsLayout = new QVBoxLayout(m_plots);
    plotsLayout->setContentsMargins(0, 0, 0, 0);
    plotsLayout->addWidget(split, 1);
    plotsLayout->addWidget(caption);
    auto *curves = new QWidget;
    curves->setObjectName(QStringLiteral("curvesTab"));
    auto *curvesLayout = new QVBoxLayout(curves);
    curvesLayout->addLayout(controls);
    curvesLayout->addWidget(m_plots, 1);

    m_table->setObjectName(QStringLiteral("finalMetrics"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->setColumnCount(9);
    m_table->setHorizontalHeaderLabels({ tr("Run"), tr("Linear probe"), tr("kNN"), tr("Random-init probe"),
                                         tr("Random-init kNN"), tr("Wall time"), tr("Steps"), tr("State"), tr("Folder") });
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_tabs->setObjectName(QStringLiteral("compareTabs"));
    m_tabs->addTab(curves, tr("&Curves"));
    m_tabs->addTab(m_table, tr("&Final metrics"));
    m_tabs->addTab(m_maps, tr("&Maps"));
    auto *exportButton = new QPushButton(tr("&Export"));
    exportButton->setObjectName(QStringLiteral("compareExport"));
    exportButton->setToolTip(tr("The current tab as PNG, SVG or PDF, or its data as CSV"));
    exportButton->setMenu(widgets::PanelExport::createMenu(this, this, exportButton));
    m_tabs->setCornerWidget(exportButton, Qt::TopRightCorner);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_tabs);

    // Shown as a window of its own: Ctrl+W closes it, Ctrl+E opens the export menu, as in the main window.
    auto *closeAction = new QAction(tr("Close"), this);
    closeAction->setShortcut(QKeySequence::Close);
    closeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(closeAction);
    connect(closeAction, &QAction::triggered, this, [this] {
        if (isWindow()) close();
    });
    auto *exportAction = new QAction(tr("Export"), this);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(exportAction);
    connect(exportAction, &QAction::triggered, exportButton, &QPushButton::showMenu);

    connect(m_axisBox, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this](int i) { setXAxis(i == 1 ? XAxis::WallTime : XAxis::Step); });
    connect(m_smoothBox, &QCheckBox::toggled, this, &RunCompare::setSmoothing);
    for (QCheckBox *box : { m_onlineBox, m_probeBox, m_knnBox }) connect(box, &QCheckBox::toggled, this, [this] { updateCurves(); });
    resize(1000, 720);
}

QColor RunCompare::runColor(int i) const
{
    // Okabe & Ito, strongest first; yellow last, as it is faint on white.
    static const QColor colours[] = { widgets::PlotStyle::blue(),          widgets::PlotStyle::vermillion(),
                                      widgets::PlotStyle::bluishGreen(),   widgets::PlotStyle::orange(),
                                      widgets::PlotStyle::reddishPurple(), widgets::PlotStyle::skyBlue(),
                                      widgets::PlotStyle::black(),         widgets::PlotStyle::yellow() };
    return colours[size_t(std::max(0, i)) % std::size(colours)];
}

void RunCompare::setRunDirs(const QStringList &dirs)
{
    std::vector<engine::RunHistory> runs;
    for (const QString &dir : dirs) runs.push_back(engine::RunHistory::read(dir.toStdString()));
    setRuns(std::move(runs));
}

void RunCompare::setRuns(std::vector<engine::RunHistory> runs)
{
    m_runs = std::move(runs);
    m_labels.clear();
    for (const auto &label : engine::runLabels(m_runs)) m_labels << QString::fromStdString(label);
    setWindowTitle(tr("Compare runs: %1").arg(m_labels.join(QStringLiteral(" · "))));
    rebuild();
    QList<CompareMaps::Run> maps;
    for (size_t i = 0; i < m_runs.size(); ++i) {
        const engine::RunSummary &s = m_runs[i].summary();
        maps.append({ QString::fromStdString(s.dir), m_labels.value(int(i)), runColor(int(i)),
                      QString::fromStdString(s.dataset) });
    }
    m_maps->setRuns(maps);
}

void RunCompare::setXAxis(XAxis axis)
{
    m_xAxis = axis;
    const int index = axis == XAxis::WallTime ? 1 : 0;
    if (m_axisBox->currentIndex() != index) m_axisBox->setCurrentIndex(index); // comes back here
    updateCurves();
}

void RunCompare::setSmoothing(bool on)
{
    m_smooth = on;
    if (m_smoothBox->isChecked() != on) m_smoothBox->setChecked(on);
    updateCurves();
}

QCustomPlot *RunCompare::lossPlot() const
{
    return m_loss;
}

QCustomPlot *RunCompare::accuracyPlot() const
{
    return m_accuracy;
}

#define PRETEXT_CURVE_GETTER(name, member)                                                                             \
    QCPGraph *RunCompare::name(int i) const                                                                            \
    {                                                                                                                  \
        return i >= 0 && i < int(m_curves.size()) ? m_curves[size_t(i)].member : nullptr;                              \
    }
PRETEXT_CURVE_GETTER(lossGraph, loss)
PRETEXT_CURVE_GETTER(onlineGraph, online)
PRETEXT_CURVE_GETTER(probeGraph, probe)
PRETEXT_CURVE_GETTER(knnGraph, knn)
PRETEXT_CURVE_GETTER(randomInitProbeGraph, baseProbe)
PRETEXT_CURVE_GETTER(randomInitKnnGraph, baseKnn)
#undef PRETEXT_CURVE_GETTER

void RunCompare::rebuild()
{
    m_loss->clearGraphs();
    m_accuracy->clearGraphs();
    m_curves.assign(m_runs.size(), Curves{});
    for (size_t i = 0; i < m_runs.size(); ++i) {
        const QColor colour = runColor(int(i));
        const QString label = m_labels.value(int(i));
        Curves &c = m_curves[i];
        c.loss = m_loss->addGraph();
        c.loss->setName(label);
        c.loss->setPen(QPen(colour, 2));
        QColor light = colour;
        light.setAlpha(110);
        c.online = m_accuracy->addGraph();
        c.online->setName(label);
        c.online->setPen(QPen(light, 1));
        c.probe = m_accuracy->addGraph();
        c.probe->setName(label);
        c.probe->setPen(QPen(colour, 2));
        c.probe->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, colour, 7));
        c.knn = m_accuracy->addGraph();
        c.knn->setName(label);
        c.knn->setPen(QPen(colour, 2, Qt::DotLine));
        c.knn->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, colour, colour, 6));
        c.baseProbe = m_accuracy->addGraph();
        c.baseProbe->setName(label + tr(": random-init linear probe"));
        c.baseProbe->setPen(QPen(colour, 1.5, Qt::DashLine));
        c.baseKnn = m_accuracy->addGraph();
        c.baseKnn->setName(label + tr(": random-init kNN"));
        c.baseKnn->setPen(QPen(colour, 1.5, Qt::DashDotLine));
        for (QCPGraph *g : { c.online, c.probe, c.knn, c.baseProbe, c.baseKnn }) g->removeFromLegend();
    }
    fillTable();
    updateCurves();
}

double RunCompare::xOf(const engine::RunHistory &run, int64_t step, double elapsed) const
{
    if (m_xAxis == XAxis::Step) return double(step);
    if (elapsed < 0 && step <= 0) return 0;
    return elapsed < 0 ? run.elapsedAt(step) : elapsed;
}

void RunCompare::updateCurves()
{
    const bool wall = m_xAxis == XAxis::WallTime;
    double xMax = 0;
    for (size_t i = 0; i < m_runs.size(); ++i) {
        const engine::RunHistory &run = m_runs[i];
        Curves &c = m_curves[i];
        std::vector<double> raw;
        raw.reserve(run.steps().size());
        for (const auto &s : run.steps()) raw.push_back(s.loss);
        const std::vector<double> loss = m_smooth ? widgets::LossPlot::smooth(raw, kLossSmoothing) : raw;
        QVector<double> keys, values, onlineKeys, onlineValues;
        for (size_t k = 0; k < run.steps().size(); ++k) {
            const auto &s = run.steps()[k];
            const double x = xOf(run, s.step, s.elapsedSeconds);
            if (x < 0) continue; // no wall time logged for this step
            keys << x;
            values << (std::isfinite(loss[k]) ? loss[k] : qQNaN());
            if (s.onlineProbeAcc >= 0) {
                onlineKeys << x;
                onlineValues << 100 * s.onlineProbeAcc;
            }
            xMax = std::max(xMax, x);
        }
        c.loss->setData(keys, values, true);
        c.online->setData(onlineKeys, onlineValues, true);
        QVector<double> pk, pv, kk, kv;
        for (const auto &e : run.evals()) {
            if (e.randomInit) continue;
            const double x = xOf(run, e.step, -1);
            if (x < 0) continue;
            xMax = std::max(xMax, x);
            if (e.probeAcc >= 0) {
                pk << x;
                pv << 100 * e.probeAcc;
            }
            if (e.knnAcc >= 0) {
                kk << x;
                kv << 100 * e.knnAcc;
            }
        }
        c.probe->setData(pk, pv, true);
        c.knn->setData(kk, kv, true);
        c.online->setVisible(m_onlineBox->isChecked());
        c.probe->setVisible(m_probeBox->isChecked());
        c.knn->setVisible(m_knnBox->isChecked());
    }
    // The baselines span the whole axis: they are a level to beat, not a point in time.
    const double right = xMax > 0 ? xMax : 1;
    for (size_t i = 0; i < m_runs.size(); ++i) {
        const auto &s = m_runs[i].summary();
        Curves &c = m_curves[i];
        const auto level = [right](QCPGraph *g, double fraction) {
            if (fraction >= 0) g->setData(QVector<double>{ 0, right }, QVector<double>{ 100 * fraction, 100 * fraction }, true);
            else g->data()->clear();
        };
        level(c.baseProbe, s.randomInitProbeAcc);
        level(c.baseKnn, s.randomInitKnnAcc);
        c.baseProbe->setVisible(m_probeBox->isChecked());
        c.baseKnn->setVisible(m_knnBox->isChecked());
    }

    for (widgets::PanelPlot *plot : { m_loss, m_accuracy }) {
        QCPAxis *x = plot->xAxis;
        if (wall && xMax < 60) {
            x->setTicker(QSharedPointer<QCPAxisTicker>::create());
            x->setLabel(tr("wall time of training (s)"));
        } else if (wall) {
            auto ticker = QSharedPointer<QCPAxisTickerTime>::create();
            ticker->setTimeFormat(xMax >= 3600 ? QStringLiteral("%h:%m:%s") : QStringLiteral("%m:%s"));
            x->setTicker(ticker);
            x->setLabel(tr("wall time of training"));
        } else {
            widgets::PanelPlot::useStepTicks(x);
            x->setLabel(tr("step"));
        }
        plot->rescaleAxes(true);
        x->setRange(0, right);
        const QCPRange y = plot->yAxis->range();
        const double pad = std::max(1e-3, (y.upper - y.lower) * 0.08);
        plot->yAxis->setRange(y.lower - pad, y.upper + pad);
    }
    if (m_accuracy->yAxis->range().lower < 0 || m_accuracy->yAxis->range().upper > 100)
        m_accuracy->yAxis->setRange(std::max(0.0, m_accuracy->yAxis->range().lower), std::min(100.0, m_accuracy->yAxis->range().upper));
    m_loss->fitLegendColumns(2);
    m_loss->replot();
    m_accuracy->replot();
}

void RunCompare::fillTable()
{
    m_table->setRowCount(int(m_runs.size()));
    for (size_t i = 0; i < m_runs.size(); ++i) {
        const engine::RunSummary &s = m_runs[i].summary();
        const int row = int(i);
        QPixmap swatch(12, 12);
        swatch.fill(runColor(row));
        const QString steps = QStringLiteral("%1 / %2").arg(s.stepsDone).arg(s.stepsPlanned > 0 ? QString::number(s.stepsPlanned)
                                                                                                 : QStringLiteral("?"));
        const QString cells[] = { m_labels.value(row),         percent(s.probeAcc),
                                  percent(s.knnAcc),           percent(s.randomInitProbeAcc),
                                  percent(s.randomInitKnnAcc), durationText(s.wallSeconds, s.wallEstimated),
                                  steps,                       RunLibraryModel::stateText(s.state),
                                  QString::fromStdString(s.name) };
        for (int col = 0; col < int(std::size(cells)); ++col) {
            auto *item = new QTableWidgetItem(cells[col]);
            if (col >= 1 && col <= 6) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (!s.error.empty()) {
                item->setToolTip(QString::fromStdString(s.error));
                item->setForeground(widgets::PlotStyle::wrong());
            } else if (col == 8) {
                item->setToolTip(QString::fromStdString(s.dir));
            }
            if (col == 0) item->setIcon(QIcon(swatch));
            m_table->setItem(row, col, item);
        }
    }
}

QString RunCompare::csv() const
{
    if (m_tabs->currentWidget() == m_maps) return m_maps->csv();
    QString out;
    if (m_tabs->currentWidget() == m_table) {
        out += QStringLiteral("run,folder,linear_probe,knn,random_init_linear_probe,random_init_knn,wall_s,steps,total_steps,state\n");
        for (size_t i = 0; i < m_runs.size(); ++i) {
            const engine::RunSummary &s = m_runs[i].summary();
            const QStringList fields = { widgets::csvField(m_labels.value(int(i))),
                                         widgets::csvField(QString::fromStdString(s.name)),
                                         csvNumber(s.probeAcc, s.probeAcc >= 0),
                                         csvNumber(s.knnAcc, s.knnAcc >= 0),
                                         csvNumber(s.randomInitProbeAcc, s.randomInitProbeAcc >= 0),
                                         csvNumber(s.randomInitKnnAcc, s.randomInitKnnAcc >= 0),
                                         csvNumber(s.wallSeconds, s.wallSeconds >= 0),
                                         QString::number(s.stepsDone),
                                         s.stepsPlanned > 0 ? QString::number(s.stepsPlanned) : QString(),
                                         QString::fromLatin1(engine::runStateName(s.state)) };
            out += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
        return out;
    }
    // The curves as logged (raw loss, accuracies as fractions), whatever the view's smoothing and axis.
    out += QStringLiteral("run,series,step,elapsed_s,value\n");
    for (size_t i = 0; i < m_runs.size(); ++i) {
        const engine::RunHistory &run = m_runs[i];
        const QString label = widgets::csvField(m_labels.value(int(i)));
        const auto row = [&](const char *series, int64_t step, double elapsed, double value) {
            out += label + QLatin1Char(',') + QLatin1String(series) + QLatin1Char(',') + QString::number(step) + QLatin1Char(',')
                   + csvNumber(elapsed, elapsed >= 0) + QLatin1Char(',') + QString::number(value, 'g', 10) + QLatin1Char('\n');
        };
        for (const auto &s : run.steps()) row("loss", s.step, s.elapsedSeconds, s.loss);
        for (const auto &s : run.steps())
            if (s.onlineProbeAcc >= 0) row("online_probe", s.step, s.elapsedSeconds, s.onlineProbeAcc);
        for (const auto &e : run.evals()) {
            const double elapsed = run.elapsedAt(e.step);
            if (e.probeAcc >= 0) row(e.randomInit ? "random_init_linear_probe" : "linear_probe", e.step, elapsed, e.probeAcc);
            if (e.knnAcc >= 0) row(e.randomInit ? "random_init_knn" : "knn", e.step, elapsed, e.knnAcc);
        }
    }
    return out;
}

QString RunCompare::exportName() const
{
    if (m_tabs->currentWidget() == m_maps) return m_maps->exportName();
    return m_tabs->currentWidget() == m_table ? QStringLiteral("run-comparison-metrics") : QStringLiteral("run-comparison");
}

QWidget *RunCompare::exportWidget()
{
    if (m_tabs->currentIndex() == 0) return m_plots;
    if (m_tabs->currentWidget() == m_maps) return m_maps->exportWidget();
    return m_tabs->currentWidget();
}

} // namespace pretext::ui
