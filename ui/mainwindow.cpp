#include "ui/mainwindow.h"

#include "ui/newrundialog.h"

#include "engine/core/errors.h"
#include "engine/core/version.h"
#include "engine/io/runfolder.h"
#include "engine/io/snapshotio.h"
#include "engine/methods/catalog.h"
#include "engine/train/runconfig.h"

#include "widgets/augmentationview.h"
#include "widgets/jigsawview.h"
#include "widgets/lossplot.h"
#include "widgets/maskview.h"
#include "widgets/docktitlebar.h"
#include "widgets/probeplot.h"
#include "widgets/rotationview.h"
#include "widgets/similarityheatmap.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStyle>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>

#include <algorithm>
#include <thread>

namespace pretext::ui {

// ---------------------------------------------------------------- LatencyProbe

LatencyProbe::LatencyProbe(QObject *parent, int intervalMs) : QObject(parent), m_timer(new QTimer(this)), m_interval(intervalMs)
{
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(intervalMs);
    connect(m_timer, &QTimer::timeout, this, &LatencyProbe::tick);
    m_clock.start();
    m_expected = m_clock.elapsed() + intervalMs;
    m_timer->start();
}

void LatencyProbe::reset()
{
    m_lateness.clear();
    m_expected = m_clock.elapsed() + m_interval;
}

void LatencyProbe::tick()
{
    const qint64 now = m_clock.elapsed();
    m_lateness.push_back(static_cast<double>(std::max<qint64>(0, now - m_expected)));
    if (m_lateness.size() > 200000) m_lateness.erase(m_lateness.begin(), m_lateness.begin() + 100000);
    m_expected = now + m_interval;
}

double LatencyProbe::percentile(double p) const
{
    if (m_lateness.empty()) return 0;
    std::vector<double> v = m_lateness;
    const size_t k = std::min(v.size() - 1, static_cast<size_t>(p / 100.0 * static_cast<double>(v.size())));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

// ---------------------------------------------------------------- MainWindow

namespace {

double settingValueOr(const engine::RunConfig &config, const std::string &key, double fallback)
{
    const auto v = engine::settingValue(config, key);
    return v.isNumber() ? v.asNumber() : fallback;
}

QString formatClock(double seconds)
{
    if (!(seconds >= 0) || seconds > 359999) return QStringLiteral("--:--");
    const int s = static_cast<int>(seconds + 0.5);
    if (s >= 3600) return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

const char *kRecentKey = "recentRuns";

} // namespace

engine::RunConfig MainWindow::classroomDemoConfig()
{
    engine::RunConfig c;
    c.dataset = "fashion-mnist";
    // 10k images: an epoch in about ten seconds on two cores, so the class sees several evaluations.
    c.trainLimit = 10000;
    c.testLimit = 2000;
    c.evalTrainLimit = 5000;
    // The reference text's probe protocol (raw features), long enough to converge on 5,000 features (< 1 s):
    // a random-init encoder scores ~44 % with it and the first epoch of SimCLR ~70 %, so the class sees the
    // learned features pull away from the baseline, and the online probe cross it, within the first minute.
    c.probeEpochs = 40;
    c.probeStandardize = false;
    c.epochs = 10;
    c.batchSize = 256;
    c.augment.grayscale = false; // gray images: the reference's recipe for Fashion-MNIST
    c.augment.saturation = 0;
    c.augment.hue = 0;
    return c;
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_controller(new TrainingController(this)), m_latency(new LatencyProbe(this)),
      m_pendingConfig(classroomDemoConfig())
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(QStringLiteral("Pretext Workbench"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);
    createPanels();
    createActions();
    createMenusAndToolbar();
    createStatusBar();

    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(40);
    connect(m_flushTimer, &QTimer::timeout, this, &MainWindow::flushSteps);

    connect(m_controller, &TrainingController::started, this, &MainWindow::onStarted);
    connect(m_controller, &TrainingController::stepFinished, this, &MainWindow::onStep);
    connect(m_controller, &TrainingController::evaluated, this, &MainWindow::onEval);
    connect(m_controller, &TrainingController::previewReady, this, &MainWindow::onPreview);
    connect(m_controller, &TrainingController::finished, this, &MainWindow::onFinished);
    connect(m_controller, &TrainingController::failed, this, &MainWindow::onFailed);
    connect(m_controller, &TrainingController::message, this, [this](const QString &text) {
        m_activityLabel->setText(text + QStringLiteral("…"));
    });
    connect(m_controller, &TrainingController::stateChanged, this, [this] { updateActions(); });

    m_defaultState = saveState();
    resize(1500, 940);
    restoreSettings();
    updateActions();
    m_activityLabel->setText(tr("Ready: %1 on %2. Press Start (F5) or choose New run… (Ctrl+N).")
                                 .arg(QString::fromStdString(m_pendingConfig.method).toUpper(),
                                      QString::fromStdString(m_pendingConfig.dataset)));
}

MainWindow::~MainWindow()
{
    m_controller->stopAndWait();
}

void MainWindow::createPanels()
{
    auto dock = [this](const QString &title, const QString &name, QWidget *panel, Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(panel);
        auto *tabs = qobject_cast<QTabWidget *>(panel);
        d->setTitleBarWidget(new widgets::DockTitleBar(d, [panel, tabs] {
            return tabs && tabs->currentWidget() ? tabs->currentWidget()->whatsThis() : panel->whatsThis();
        }));
        d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
        addDockWidget(area, d);
        m_docks << d;
        return d;
    };

    using namespace engine;
    m_augment = new widgets::AugmentationView;
    m_rotation = new widgets::RotationView;
    m_jigsaw = new widgets::JigsawView;
    m_mask = new widgets::MaskView;
    m_viewTabs = new QTabWidget;
    m_viewTabs->setObjectName(QStringLiteral("viewTabs"));
    m_heatmap = new widgets::SimilarityHeatmap;
    m_methodTabs = new QTabWidget;
    m_methodTabs->setObjectName(QStringLiteral("methodTabs"));
    m_loss = new widgets::LossPlot;
    m_probe = new widgets::ProbePlot;

    // One registration per panel and preview kind; the method's MethodInfo::previews decides which are shown.
    m_router.add<PairsPreview>(
        m_viewTabs, m_augment, tr("Augmented pairs"),
        [this](const PreviewSnapshot &s, const PairsPreview &p) {
            m_augment->setPairs(s.originals, p.view1, p.view2, p.records1, p.records2);
        },
        [this] { m_augment->clear(); });
    m_router.add<RotationPreview>(
        m_viewTabs, m_rotation, tr("Rotation"),
        [this](const PreviewSnapshot &, const RotationPreview &r) { m_rotation->setSamples(r.rotated, r.labels, r.predictions); },
        [this] { m_rotation->clear(); });
    m_router.add<JigsawPreview>(
        m_viewTabs, m_jigsaw, tr("Jigsaw"),
        [this](const PreviewSnapshot &, const JigsawPreview &j) {
            m_jigsaw->setSamples(j.original, j.shuffled, j.grid, j.permutations, j.predictions, j.labels);
        },
        [this] { m_jigsaw->clear(); });
    m_router.add<MaskPreview>(
        m_viewTabs, m_mask, tr("Masked patches"),
        [this](const PreviewSnapshot &, const MaskPreview &m) {
            m_mask->setSamples(m.original, m.masked, m.reconstruction, m.patch);
        },
        [this] { m_mask->clear(); });
    m_router.add<PairsPreview>(
        m_methodTabs, m_heatmap, tr("Similarity matrix"),
        [this](const PreviewSnapshot &, const PairsPreview &p) {
            m_heatmap->setSimilarity(p.similarity, p.temperature > 0 ? p.temperature : m_temperatureEdit->value());
        },
        [this] { m_heatmap->clear(); });

    // No central widget: every panel is a dock the teacher can move, float or close.
    setCentralWidget(nullptr);
    auto *views = dock(tr("Augmented views"), QStringLiteral("viewsDock"), m_viewTabs, Qt::TopDockWidgetArea);
    auto *heat = dock(tr("Similarity matrix"), QStringLiteral("heatmapDock"), m_methodTabs, Qt::TopDockWidgetArea);
    m_viewsDock = views;
    m_methodDock = heat;
    // The method dock is titled after the view it shows (similarity, queue, collapse monitor…).
    connect(m_methodTabs, &QTabWidget::currentChanged, this, [this](int i) {
        if (i >= 0) m_methodDock->setWindowTitle(m_methodTabs->tabText(i));
    });
    auto *loss = dock(tr("Loss"), QStringLiteral("lossDock"), m_loss, Qt::BottomDockWidgetArea);
    auto *probe = dock(tr("Probe accuracy"), QStringLiteral("probeDock"), m_probe, Qt::BottomDockWidgetArea);
    splitDockWidget(views, heat, Qt::Horizontal);
    splitDockWidget(loss, probe, Qt::Horizontal);
    resizeDocks({views, heat}, {900, 600}, Qt::Horizontal);
    resizeDocks({views, loss}, {520, 360}, Qt::Vertical);
}

void MainWindow::createActions()
{
    auto make = [this](const QString &text, const QKeySequence &key, const QString &tip, auto slot) {
        auto *a = new QAction(text, this);
        if (!key.isEmpty()) a->setShortcut(key);
        a->setToolTip(tip + (key.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(key.toString(QKeySequence::NativeText))));
        a->setStatusTip(tip);
        connect(a, &QAction::triggered, this, slot);
        addAction(a); // shortcuts work even when the toolbar is hidden
        return a;
    };
    const auto icon = [this](QStyle::StandardPixmap p) { return style()->standardIcon(p); };
    m_newAction = make(tr("&New run…"), QKeySequence::New, tr("Configure a new run"), &MainWindow::newRun);
    m_openAction = make(tr("&Open run…"), QKeySequence::Open, tr("Open a run folder"), &MainWindow::openRunDialog);
    m_saveConfigAction = make(tr("&Save config as…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                              tr("Save the current run configuration as JSON"), &MainWindow::saveConfigAs);
    m_quitAction = make(tr("&Quit"), QKeySequence::Quit, tr("Quit (a running run is stopped with a checkpoint)"), &QWidget::close);
    m_startAction = make(tr("&Start"), QKeySequence(Qt::Key_F5), tr("Start training"), &MainWindow::startRun);
    m_pauseAction = make(tr("&Pause"), QKeySequence(Qt::Key_Space), tr("Pause or resume training"), &MainWindow::togglePause);
    m_stepAction = make(tr("S&tep"), QKeySequence(Qt::Key_N), tr("Run exactly one training step"),
                        [this] { m_controller->singleStep(); });
    m_stopAction = make(tr("St&op"), QKeySequence(Qt::SHIFT | Qt::Key_F5), tr("Stop and write a checkpoint"),
                        [this] { m_controller->stop(); });
    m_resumeAction = make(tr("&Resume run"), QKeySequence(Qt::CTRL | Qt::Key_R), tr("Continue the opened run from its checkpoint"),
                          &MainWindow::resumeOpenedRun);
    m_presentationAction = make(tr("&Presentation mode"), QKeySequence(Qt::Key_F11), tr("Larger fonts for a projector"),
                                [this](bool on) { setPresentationMode(on); });
    m_presentationAction->setCheckable(true);
    m_resetLayoutAction = make(tr("&Reset layout"), QKeySequence(), tr("Put every panel back in its place"), &MainWindow::resetLayout);
    m_newAction->setIcon(icon(QStyle::SP_FileIcon));
    m_openAction->setIcon(icon(QStyle::SP_DirOpenIcon));
    m_startAction->setIcon(icon(QStyle::SP_MediaPlay));
    m_pauseAction->setIcon(icon(QStyle::SP_MediaPause));
    m_stepAction->setIcon(icon(QStyle::SP_MediaSkipForward));
    m_stopAction->setIcon(icon(QStyle::SP_MediaStop));
    // Space and N must not be eaten by whatever widget has focus.
    for (QAction *a : {m_pauseAction, m_stepAction}) a->setShortcutContext(Qt::ApplicationShortcut);
}

void MainWindow::createMenusAndToolbar()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Recent &runs"));
    file->addAction(m_saveConfigAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    for (QAction *a : {m_startAction, m_pauseAction, m_stepAction, m_stopAction, m_resumeAction}) run->addAction(a);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *d : m_docks) view->addAction(d->toggleViewAction());
    view->addSeparator();
    view->addAction(m_presentationAction);
    view->addAction(m_resetLayoutAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Pretext Workbench"), this, [this] {
        QMessageBox::about(this, tr("About Pretext Workbench"),
                           tr("<b>Pretext Workbench</b><br>Self-supervised representation learning, live.<br>%1")
                               .arg(QString::fromStdString(engine::versionString()).toHtmlEscaped()));
    });

    QToolBar *tb = addToolBar(tr("Run controls"));
    tb->setObjectName(QStringLiteral("runToolbar"));
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tb->addAction(m_newAction);
    tb->addAction(m_openAction);
    tb->addSeparator();
    for (QAction *a : {m_startAction, m_pauseAction, m_stepAction, m_stopAction}) tb->addAction(a);
    tb->addSeparator();

    auto *lrLabel = new QLabel(tr("  &lr "));
    m_lrEdit = new QDoubleSpinBox;
    m_lrEdit->setObjectName(QStringLiteral("liveLr"));
    m_lrEdit->setDecimals(6);
    m_lrEdit->setRange(0.000001, 10.0);
    m_lrEdit->setSingleStep(0.0001);
    m_lrEdit->setValue(m_pendingConfig.lr);
    m_lrEdit->setToolTip(tr("Base learning rate (warm-up and cosine schedules scale it; the probe panel plots the "
                            "rate in effect). Editing it during a run applies it at the next step and records it "
                            "in the metrics."));
    m_lrEdit->setKeyboardTracking(false);
    lrLabel->setBuddy(m_lrEdit);
    auto *tLabel = new QLabel(tr("  &τ "));
    m_temperatureEdit = new QDoubleSpinBox;
    m_temperatureEdit->setObjectName(QStringLiteral("liveTemperature"));
    m_temperatureEdit->setDecimals(3);
    m_temperatureEdit->setRange(0.01, 10.0);
    m_temperatureEdit->setSingleStep(0.05);
    m_temperatureEdit->setValue(settingValueOr(m_pendingConfig, "temperature", 0.5));
    m_temperatureEdit->setToolTip(tr("Temperature τ of the contrastive loss: lower sharpens the softmax over "
                                     "similarities. Applied at the next step during a run."));
    m_temperatureEdit->setKeyboardTracking(false);
    tLabel->setBuddy(m_temperatureEdit);
    tb->addWidget(lrLabel);
    tb->addWidget(m_lrEdit);
    m_temperatureLabelAction = tb->addWidget(tLabel);
    m_temperatureEditAction = tb->addWidget(m_temperatureEdit);
    connect(m_lrEdit, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (m_controller->isActive()) m_controller->setLearningRate(v);
        else m_pendingConfig.lr = v;
    });
    connect(m_temperatureEdit, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (m_controller->isActive()) m_controller->setTemperature(v);
        else if (!m_liveSetting.empty()) engine::setSettingValue(m_pendingConfig, m_liveSetting, v);
        m_heatmap->setTemperature(v);
    });
}

void MainWindow::createStatusBar()
{
    m_activityLabel = new QLabel;
    m_statusLabel = new QLabel;
    m_statusLabel->setObjectName(QStringLiteral("runStatus"));
    statusBar()->addWidget(m_activityLabel, 1);
    statusBar()->addPermanentWidget(m_statusLabel);
}

QString MainWindow::statusText() const
{
    return m_statusLabel->text();
}

void MainWindow::setPendingConfig(const engine::RunConfig &config)
{
    m_pendingConfig = config;
    QSignalBlocker b1(m_lrEdit), b2(m_temperatureEdit);
    m_lrEdit->setValue(config.lr);
    m_runDir.clear();
    applyMethodLayout(config.method);
    m_openedRunResumable = false;
    updateActions();
}

void MainWindow::updateActions()
{
    using S = TrainingController::State;
    const S s = m_controller->state();
    const bool active = s != S::Idle;
    m_startAction->setEnabled(!active);
    m_pauseAction->setEnabled(s == S::Running || s == S::Paused || s == S::Preparing);
    m_pauseAction->setText(s == S::Paused ? tr("Res&ume") : tr("&Pause"));
    m_pauseAction->setIcon(style()->standardIcon(s == S::Paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    m_stepAction->setEnabled(s == S::Running || s == S::Paused || s == S::Preparing);
    m_stopAction->setEnabled(s == S::Running || s == S::Paused || s == S::Preparing);
    m_resumeAction->setEnabled(!active && m_openedRunResumable);
    m_newAction->setEnabled(!active);
    m_openAction->setEnabled(!active);
    m_recentMenu->setEnabled(!active);
    if (s == S::Paused) m_activityLabel->setText(tr("Paused: Space resumes, N runs one step."));
    if (s == S::Stopping) m_activityLabel->setText(tr("Stopping: writing a checkpoint…"));
}

void MainWindow::applyMethodLayout(const std::string &method)
{
    const engine::MethodInfo *info = engine::findMethod(method);
    const auto used = m_router.showKinds(info ? info->previews : std::vector<engine::PreviewKind>{});
    const auto has = [&](QTabWidget *t) { return std::find(used.begin(), used.end(), t) != used.end(); };
    // A dock with nothing to show for this method is hidden, never left with an empty "no data yet".
    m_viewsDock->setVisible(has(m_viewTabs));
    m_methodDock->setVisible(has(m_methodTabs));
    if (m_methodTabs->currentIndex() >= 0) m_methodDock->setWindowTitle(m_methodTabs->tabText(m_methodTabs->currentIndex()));
    m_liveSetting = info ? info->liveSetting : std::string();
    const bool live = !m_liveSetting.empty();
    m_temperatureLabelAction->setVisible(live);
    m_temperatureEditAction->setVisible(live);
    if (live) {
        QSignalBlocker b(m_temperatureEdit);
        m_temperatureEdit->setValue(settingValueOr(m_pendingConfig, m_liveSetting, m_temperatureEdit->value()));
    }
}

void MainWindow::resetPanels()
{
    m_router.clear();
    m_loss->clear();
    m_probe->clear();
    m_pendingSteps.clear();
    m_pendingPreview.reset();
}

void MainWindow::startRun()
{
    if (m_controller->isActive()) return;
    QString dir = m_runDir;
    if (dir.isEmpty() || QFileInfo::exists(dir + QStringLiteral("/config.json"))) {
        const QString base = QSettings().value(QStringLiteral("runsFolder"), QDir::homePath() + QStringLiteral("/PretextRuns")).toString();
        QString dataset = QString::fromStdString(m_pendingConfig.dataset).replace(QLatin1Char(':'), QLatin1Char('_')).replace(QLatin1Char('/'), QLatin1Char('_'));
        dir = base + QStringLiteral("/%1-%2-%3").arg(QString::fromStdString(m_pendingConfig.method), dataset,
                                                      QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    }
    m_runDir = dir;
    m_openedRunResumable = false;
    resetPanels();
    m_latency->reset();
    m_controller->start(m_pendingConfig, dir);
    m_activityLabel->setText(tr("Starting…"));
    addRecentRun(dir);
}

void MainWindow::togglePause()
{
    if (m_controller->state() == TrainingController::State::Paused) m_controller->resume();
    else m_controller->pause();
}

void MainWindow::newRun()
{
    NewRunDialog dialog(this);
    dialog.setConfig(m_pendingConfig);
    if (dialog.exec() != QDialog::Accepted) return;
    setPendingConfig(dialog.config());
    m_runDir = dialog.runDir();
    startRun();
}

void MainWindow::openRunDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open run folder"),
                                                          QSettings().value(QStringLiteral("runsFolder"), QDir::homePath()).toString());
    if (!dir.isEmpty()) openRun(dir);
}

MainWindow::RunCurves MainWindow::readCurves(const std::string &metricsPath)
{
    RunCurves c;
    if (!engine::pathExists(metricsPath)) return c; // a run stopped before its first step
    const auto lines = engine::readMetrics(metricsPath);
    for (size_t i = 0; i < lines.size(); ++i) {
        const auto &v = lines[i];
        try {
            const auto *step = v.find("step");
            if (!step) continue;
            const auto s = static_cast<int64_t>(step->asNumber());
            if (const auto *loss = v.find("loss")) {
                c.loss.push_back({s, loss->asNumber()});
                c.last.step = s;
                c.last.loss = loss->asNumber();
                if (const auto *lr = v.find("lr")) c.lr.emplace_back(s, lr->asNumber());
                if (const auto *p = v.find("online_probe_acc")) c.online.emplace_back(s, p->asNumber());
            } else if (const auto *p = v.find("probe_acc")) {
                engine::EvalMetrics e;
                e.step = s;
                e.probeAcc = p->asNumber();
                if (const auto *k = v.find("knn_acc")) e.knnAcc = k->asNumber();
                if (const auto *ep = v.find("epoch")) e.epoch = static_cast<int64_t>(ep->asNumber());
                e.randomInit = v.contains("random_init");
                c.evals.push_back(e);
            }
        } catch (const std::exception &e) {
            throw engine::DataError(metricsPath + " line " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    return c;
}


void MainWindow::showCurves(const QString &dir)
{
    showCurves(dir, readCurves(engine::joinPath(dir.toStdString(), engine::runfolder::kMetrics)));
}

void MainWindow::showCurves(const QString &dir, const RunCurves &c)
{
    m_loss->clear();
    m_probe->clear();
    m_loss->setPoints(c.loss);
    for (const auto &[step, lr] : c.lr) m_probe->addLearningRate(step, lr);
    for (const auto &[step, acc] : c.online) m_probe->addOnlineProbe(step, acc);
    for (const auto &e : c.evals) m_probe->addEval(e);
    m_statusLabel->setText(tr("step %1 · loss %2 · %3").arg(c.last.step).arg(c.last.loss, 0, 'f', 4).arg(dir));
}

bool MainWindow::openRun(const QString &dir)
{
    if (m_controller->isActive()) return false;
    const std::string d = dir.toStdString();
    try {
        // Read everything first, so that a bad folder leaves the window as it was.
        engine::RunConfig config = engine::loadRunConfig(engine::joinPath(d, engine::runfolder::kConfig));
        const RunCurves curves = readCurves(engine::joinPath(d, engine::runfolder::kMetrics));
        const std::string snap = engine::joinPath(d, engine::runfolder::kSnapshots) + "/latest.json";
        std::optional<engine::PreviewSnapshot> snapshot;
        if (engine::pathExists(snap)) snapshot = engine::loadSnapshot(snap);

        resetPanels();
        setPendingConfig(config);
        m_runDir = dir;
        showCurves(dir, curves);
        if (snapshot) showPreview(*snapshot);
        m_openedRunResumable = engine::pathExists(engine::joinPath(d, engine::runfolder::kLatestCheckpoint));
        m_activityLabel->setText(m_openedRunResumable ? tr("Opened %1. Resume (Ctrl+R) continues it.").arg(dir)
                                                      : tr("Opened %1 (no checkpoint to resume from).").arg(dir));
        addRecentRun(dir);
        updateActions();
        return true;
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Cannot open run"), tr("%1 cannot be opened:\n%2").arg(dir, QString::fromStdString(e.what())));
        return false;
    }
}

void MainWindow::resumeOpenedRun()
{
    if (m_controller->isActive() || m_runDir.isEmpty()) return;
    // The curves so far stay; the engine continues from the checkpoint's step.
    m_openedRunResumable = false;
    m_latency->reset();
    m_controller->resumeRun(m_runDir);
}

void MainWindow::saveConfigAs()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save run configuration"), QStringLiteral("run.json"),
                                                      tr("JSON (*.json)"));
    if (path.isEmpty()) return;
    try {
        engine::writeFileAtomically(path.toStdString(), engine::json::dump(engine::toJson(m_pendingConfig), 2) + "\n");
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Cannot save"), QString::fromStdString(e.what()));
    }
}

void MainWindow::onStarted(const engine::RunInfo &info)
{
    m_info = info;
    m_runDir = QString::fromStdString(info.runDir);
    applyMethodLayout(info.config.method);
    // A resumed run continues from its checkpoint: steps logged after it were dropped and will run again, so
    // the curves are reloaded up to the checkpoint instead of keeping points that are about to repeat.
    if (info.startStep > 0) {
        try {
            showCurves(m_runDir);
        } catch (const std::exception &) {
            m_loss->clear();
            m_probe->clear();
        }
    }
    m_activityLabel->setText(tr("Training %1 on %2 · %3").arg(QString::fromStdString(info.config.method).toUpper(),
                                                            QString::fromStdString(info.datasetName), m_runDir));
    setWindowTitle(tr("Pretext Workbench — %1").arg(QFileInfo(m_runDir).fileName()));
}

void MainWindow::onStep(const engine::StepMetrics &m)
{
    m_pendingSteps.push_back(m);
    if (!m_flushTimer->isActive()) m_flushTimer->start();
}

void MainWindow::onPreview(const engine::PreviewSnapshot &s)
{
    m_pendingPreview = s;
    if (!m_flushTimer->isActive()) m_flushTimer->start();
}

void MainWindow::flushSteps()
{
    for (const auto &m : m_pendingSteps) {
        m_loss->addPoint(m.step, m.loss);
        if (m.onlineProbeAcc >= 0) m_probe->addOnlineProbe(m.step, m.onlineProbeAcc);
        m_probe->addLearningRate(m.step, m.lr);
    }
    if (!m_pendingSteps.empty()) {
        m_lastStep = m_pendingSteps.back();
        const auto &m = m_lastStep;
        const int epochs = m_info.config.epochs;
        m_statusLabel->setText(tr("epoch %1/%2 · step %3/%4 · %5 pairs/s · ETA %6 · %7 ×%8 · %9")
                                   .arg(m.epoch + 1)
                                   .arg(epochs)
                                   .arg(m.step)
                                   .arg(m.totalSteps)
                                   .arg(QLocale().toString(m.pairsPerSecond, 'f', 0))
                                   .arg(formatClock(m.etaSeconds))
                                   .arg(QString::fromStdString(m_info.device))
                                   .arg(m_info.threads)
                                   .arg(QString::fromStdString(m_info.precision)));
        // Keep the live editors showing what the engine uses unless the teacher is editing them.
        if (!m_lrEdit->hasFocus()) {
            QSignalBlocker b(m_lrEdit);
            m_lrEdit->setValue(m.baseLr); // the base rate: what an edit changes (warm-up and cosine scale it)
        }
        if (m.temperature > 0 && !m_temperatureEdit->hasFocus()) {
            QSignalBlocker b(m_temperatureEdit);
            m_temperatureEdit->setValue(m.temperature);
        }
        if (m_controller->state() == TrainingController::State::Running)
            m_activityLabel->setText(tr("Training %1 · %2").arg(QString::fromStdString(m_info.config.method).toUpper(), m_runDir));
        m_pendingSteps.clear();
    }
    if (m_pendingPreview) {
        showPreview(*m_pendingPreview);
        m_pendingPreview.reset();
    }
}

void MainWindow::showPreview(const engine::PreviewSnapshot &s)
{
    m_router.route(s);
}


void MainWindow::onEval(const engine::EvalMetrics &e)
{
    m_probe->addEval(e);
    m_activityLabel->setText(e.randomInit ? tr("Random-init baseline: linear probe %1%, kNN %2%")
                                                .arg(100 * e.probeAcc, 0, 'f', 1)
                                                .arg(100 * e.knnAcc, 0, 'f', 1)
                                          : tr("After epoch %1: linear probe %2%, kNN %3%")
                                                .arg(e.epoch)
                                                .arg(100 * e.probeAcc, 0, 'f', 1)
                                                .arg(100 * e.knnAcc, 0, 'f', 1));
}

void MainWindow::onFinished(const QString &outcome)
{
    flushSteps();
    m_openedRunResumable = outcome == QLatin1String("stopped");
    m_activityLabel->setText(outcome == QLatin1String("finished")
                                 ? tr("Finished. The run folder holds report.html: %1").arg(m_runDir)
                                 : tr("Stopped with a checkpoint: Resume (Ctrl+R) continues. %1").arg(m_runDir));
    updateActions();
}

void MainWindow::onFailed(const QString &error)
{
    flushSteps();
    m_activityLabel->setText(tr("Run failed: %1").arg(error));
    m_openedRunResumable = QFileInfo::exists(m_runDir + QStringLiteral("/checkpoints/latest.pt"));
    updateActions();
    if (!qEnvironmentVariableIsSet("PRETEXT_NO_DIALOGS"))
        QMessageBox::warning(this, tr("Run failed"), error);
}

void MainWindow::setPresentationMode(bool on)
{
    m_presentation = on;
    QFont f = QApplication::font();
    const qreal base = QSettings().value(QStringLiteral("baseFontSize"), f.pointSizeF() > 0 ? f.pointSizeF() : 10.0).toReal();
    if (!QSettings().contains(QStringLiteral("baseFontSize"))) QSettings().setValue(QStringLiteral("baseFontSize"), base);
    f.setPointSizeF(on ? base * 1.6 : base);
    QApplication::setFont(f);
    {
        QSignalBlocker b(m_presentationAction);
        m_presentationAction->setChecked(on);
    }
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultState);
    for (QDockWidget *d : m_docks) d->show();
}

void MainWindow::addRecentRun(const QString &dir)
{
    QSettings s;
    QStringList list = s.value(kRecentKey).toStringList();
    list.removeAll(dir);
    list.prepend(dir);
    while (list.size() > 10) list.removeLast();
    s.setValue(kRecentKey, list);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList list = QSettings().value(kRecentKey).toStringList();
    int n = 0;
    for (const QString &dir : list) {
        if (!QFileInfo::exists(dir + QStringLiteral("/config.json"))) continue;
        QAction *a = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(++n % 10).arg(dir));
        connect(a, &QAction::triggered, this, [this, dir] { openRun(dir); });
    }
    if (n == 0) m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear list"), this, [this] {
            QSettings().remove(kRecentKey);
            updateRecentMenu();
        });
    }
}

void MainWindow::restoreSettings()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("windowState")).toByteArray());
    setPresentationMode(s.value(QStringLiteral("presentation"), false).toBool());
    updateRecentMenu();
}

void MainWindow::saveSettings()
{
    QSettings s;
    s.setValue(QStringLiteral("geometry"), saveGeometry());
    s.setValue(QStringLiteral("windowState"), saveState());
    s.setValue(QStringLiteral("presentation"), m_presentation);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Closing during a run stops it cleanly: the engine writes its checkpoint before the window goes.
    if (m_controller->isActive()) {
        m_activityLabel->setText(tr("Stopping: writing a checkpoint…"));
        QApplication::setOverrideCursor(Qt::WaitCursor);
        m_controller->stopAndWait();
        QApplication::restoreOverrideCursor();
    }
    saveSettings();
    event->accept();
}

} // namespace pretext::ui
