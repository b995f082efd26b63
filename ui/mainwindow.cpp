#include "ui/mainwindow.h"
#include "engine/core/describe.h"
#include "ui/enginetext.h"
#include "ui/language.h"

#include "ui/experimentdialog.h"
#include "ui/experimentsummary.h"
#include "ui/inspectionloader.h"
#include "ui/inspectpanel.h"

#include "ui/newrundialog.h"
#include "ui/runcompare.h"
#include "ui/runlibrary.h"

#include "engine/core/errors.h"
#include "engine/core/version.h"
#include "engine/io/runfolder.h"
#include "engine/io/runhistory.h"
#include "engine/io/snapshotio.h"
#include "engine/methods/catalog.h"
#include "engine/train/runconfig.h"

#include "widgets/augmentationview.h"
#include "widgets/collapsemonitor.h"
#include "widgets/colorizationview.h"
#include "widgets/jigsawview.h"
#include "widgets/lossplot.h"
#include "widgets/maskview.h"
#include "widgets/docktitlebar.h"
#include "widgets/elidinglabel.h"
#include "widgets/panelexport.h"
#include "widgets/themedicon.h"
#include "widgets/tokenview.h"
#include "widgets/probeplot.h"
#include "widgets/queueview.h"
#include "widgets/rotationview.h"
#include "widgets/similarityheatmap.h"

#include <QAction>
#include <QScrollArea>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QActionGroup>
#include <QSettings>
#include <QScreen>
#include <QSpinBox>
#include <QStyle>
#include <QStatusBar>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QDialog>
#include <QDialogButtonBox>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <algorithm>
#include <cmath>
#include <thread>

// Outside any namespace, as Q_INIT_RESOURCE requires: the icons, layout and style of resources/ live in a static
// library whose registration the linker would otherwise drop.
static void initPretextResources()
{
    Q_INIT_RESOURCE(resources);
}

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

QJsonObject loadLayout()
{
    QFile f(QStringLiteral(":/pretext/layout.json"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

double layoutNumber(const QJsonObject &layout, const char *group, const char *key, double fallback)
{
    const QJsonValue v = group ? layout.value(QLatin1String(group)).toObject().value(QLatin1String(key))
                               : layout.value(QLatin1String(key));
    return v.isDouble() ? v.toDouble() : fallback;
}

// 0.0003 → "3e-04"-free short forms a class can read on a plot: "0.0003", "1e-05", "0.2".
// The method's name as its registry entry gives it ("MoCo v2", "MAE (masked autoencoder)"), for the status bar.
QString methodTitle(const std::string &method)
{
    const engine::MethodInfo *m = engine::findMethod(method);
    return m ? engineText(m->title) : QString::fromStdString(method);
}

QString shortNumber(double v)
{
    return QString::number(v, 'g', 3);
}

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
    engine::setSettingValue(c, "temperature", 0.5); // the reference text's τ, as the sample file
    c.augment.grayscale = false; // gray images: the reference's recipe for Fashion-MNIST
    c.augment.saturation = 0;
    c.augment.hue = 0;
    return c;
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_controller(new TrainingController(this)), m_latency(new LatencyProbe(this)),
      m_pendingConfig(classroomDemoConfig())
{
    initPretextResources();
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(QStringLiteral("Pretext Workbench"));
    setWindowIcon(QIcon(QStringLiteral(":/pretext/app/pretext.svg")));
    // Focusable, so that Enter in the lr or τ box can hand the keyboard back to the window's shortcuts.
    setFocusPolicy(Qt::StrongFocus);
    m_layout = loadLayout();
    if (qApp->styleSheet().isEmpty()) {
        QFile style(QStringLiteral(":/pretext/style.qss"));
        if (style.open(QIODevice::ReadOnly)) qApp->setStyleSheet(QString::fromUtf8(style.readAll()));
    }
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
        showActivity(text + QStringLiteral("…"));
    });
    connect(m_controller, &TrainingController::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_controller, &TrainingController::experimentProgress, this, [this](const engine::ExperimentProgress &p) {
        if (m_experiment) m_experiment->setProgress(p);
        m_experimentStatus = p.index < p.count
                                 ? tr("Experiment: run %1 of %2 (%3)").arg(p.index + 1).arg(p.count).arg(engineText(p.label))
                                 : QString();
        if (p.etaSeconds >= 0 && p.index < p.count)
            m_experimentStatus += tr(" · all runs done in about %1").arg(formatClock(p.etaSeconds));
        if (!m_experimentStatus.isEmpty()) showActivity(m_experimentStatus);
    });
    connect(m_controller, &TrainingController::inspected, this,
            [this](const engine::FeatureSet &features, const engine::ProbeReport &probe) {
                m_inspectPending.clear(); // the live run's own evaluations replace what a folder would give
                m_inspect->setFeatures(features);
                m_inspect->setProbeReport(probe);
            });

    m_slowTimer = new QTimer(this);
    connect(m_slowTimer, &QTimer::timeout, this, &MainWindow::slowMotionTick);

    m_defaultState = saveState();
    resize(int(layoutNumber(m_layout, "window", "width", 1500)), int(layoutNumber(m_layout, "window", "height", 940)));
    restoreSettings();
    fitToScreen();
    updateIcons();
    updateActions();
    showActivity(tr("Ready: %1 on %2. Press Start (F5) or choose New run… (Ctrl+N).")
                                 .arg(methodTitle(m_pendingConfig.method),
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
    auto *colours = new widgets::ColorizationView;
    colours->setObjectName(QStringLiteral("colorizationView"));
    m_router.add<ColorizationPreview>(
        m_viewTabs, colours, tr("Colorization"),
        [colours](const PreviewSnapshot &, const ColorizationPreview &c) { colours->setPreview(c); },
        [colours] { colours->clear(); });
    m_router.add<MaskPreview>(
        m_viewTabs, m_mask, tr("Masked patches"),
        [this](const PreviewSnapshot &, const MaskPreview &m) {
            m_mask->setPreview(m); // with m.patchMask: the engine's own hidden patches, not guessed from pixels
        },
        [this] { m_mask->clear(); });
    auto *tokens = new widgets::TokenView;
    tokens->setObjectName(QStringLiteral("tokenView"));
    m_router.add<TokenPreview>(
        m_viewTabs, tokens, tr("Visual tokens"),
        [tokens](const PreviewSnapshot &, const TokenPreview &t) { tokens->setPreview(t); }, [tokens] { tokens->clear(); });
    m_router.add<PairsPreview>(
        m_methodTabs, m_heatmap, tr("Similarity matrix"),
        [this](const PreviewSnapshot &s, const PairsPreview &p) {
            m_heatmap->setSimilarity(p.similarity, p.temperature > 0 ? p.temperature : m_temperatureEdit->value(), s.step,
                                     p.untrainedSimilarity);
        },
        [this] { m_heatmap->clear(); });
    auto *correlation = new widgets::SimilarityHeatmap(widgets::SimilarityHeatmap::Mode::Correlation);
    correlation->setObjectName(QStringLiteral("correlationView"));
    m_router.add<CorrelationPreview>(
        m_methodTabs, correlation, tr("Cross-correlation"),
        [correlation](const PreviewSnapshot &, const CorrelationPreview &c) { correlation->setCorrelation(c); },
        [correlation] { correlation->clear(); });
    auto *queue = new widgets::QueueView;
    queue->setObjectName(QStringLiteral("queueView"));
    m_router.add<QueuePreview>(
        m_methodTabs, queue, tr("Queue of negatives"),
        [queue](const PreviewSnapshot &, const QueuePreview &q) { queue->setQueue(q); }, [queue] { queue->clear(); });
    auto *collapse = new widgets::CollapseMonitor;
    collapse->setObjectName(QStringLiteral("collapseMonitor"));
    m_router.add<CollapsePreview>(
        m_methodTabs, collapse, tr("Collapse monitor"),
        [collapse](const PreviewSnapshot &s, const CollapsePreview &c) { collapse->addPoint(s.step, c); },
        [collapse] { collapse->clear(); });

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
    // The learned representation, beside the method's matrices: a tab of the same dock area, so the layout's
    // proportions stay; maps are computed only while it is shown.
    m_inspect = new InspectPanel;
    m_inspect->setObjectName(QStringLiteral("inspectPanel"));
    m_inspect->setWhatsThis(InspectPanel::helpText());
    // In a scroll area: its controls must not make the window wider than a 1024-pixel projector in presentation mode.
    auto *inspectScroll = new QScrollArea;
    inspectScroll->setObjectName(QStringLiteral("inspectScroll"));
    inspectScroll->setWidget(m_inspect);
    inspectScroll->setWidgetResizable(true);
    inspectScroll->setFrameShape(QFrame::NoFrame);
    inspectScroll->setWhatsThis(InspectPanel::helpText());
    m_inspectDock = dock(tr("Inspect representation"), QStringLiteral("inspectDock"), inspectScroll, Qt::TopDockWidgetArea);
    m_inspectLoader = new InspectionLoader(this);
    connect(m_inspectLoader, &InspectionLoader::featuresReady, m_inspect, &InspectPanel::setFeatures);
    connect(m_inspectLoader, &InspectionLoader::probeReady, m_inspect, &InspectPanel::setProbeReport);
    // While a folder is read for inspection, nothing may train beside it (they would share LibTorch's generator).
    connect(m_inspectLoader, &InspectionLoader::done, this, [this] {
        updateActions();
        if (m_activityLabel->text().startsWith(tr("Reading the representation")))
            showActivity(tr("Inspection panel: the trained and the random-init encoder of %1").arg(m_runDir));
    });
    connect(m_inspectLoader, &InspectionLoader::failed, this, [this](const QString &why) {
        showActivity(tr("Inspection: %1").arg(why));
    });
    // A run folder opened while the panel is hidden is read when the panel is first shown.
    connect(m_inspectDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible) loadPendingInspection();
    });
    auto *loss = dock(tr("Loss"), QStringLiteral("lossDock"), m_loss, Qt::BottomDockWidgetArea);
    auto *probe = dock(tr("Probe accuracy"), QStringLiteral("probeDock"), m_probe, Qt::BottomDockWidgetArea);
    m_lossDock = loss;
    m_probeDock = probe;
    splitDockWidget(views, heat, Qt::Horizontal);
    splitDockWidget(loss, probe, Qt::Horizontal);
    // A tab of the views' dock (the widest): the map needs room; the views stay in front until it is asked for.
    tabifyDockWidget(views, m_inspectDock);
    views->raise();
}

void MainWindow::applyDefaultLayout()
{
    // Fractions of the window from resources/layout.json, so that the same layout works on every screen.
    const int w = std::max(1, width());
    const int h = std::max(1, centralWidget() ? height() : height());
    resizeDocks({ m_viewsDock, m_methodDock },
                { int(w * layoutNumber(m_layout, "top", "views", 0.58)), int(w * layoutNumber(m_layout, "top", "method", 0.42)) },
                Qt::Horizontal);
    resizeDocks({ m_lossDock, m_probeDock },
                { int(w * layoutNumber(m_layout, "bottom", "loss", 0.5)), int(w * layoutNumber(m_layout, "bottom", "probe", 0.5)) },
                Qt::Horizontal);
    resizeDocks({ m_viewsDock, m_lossDock },
                { int(h * layoutNumber(m_layout, "rows", "top", 0.56)), int(h * layoutNumber(m_layout, "rows", "bottom", 0.44)) },
                Qt::Vertical);
}

void MainWindow::fitToScreen(QScreen *target)
{
    QScreen *scr = target ? target : screen();
    if (!scr || isMaximized() || isFullScreen()) return;
    const QRect avail = scr->availableGeometry();
    const double fraction = layoutNumber(m_layout, "window", "maxScreenFraction", 0.96);
    // The frame (title bar, borders) is outside geometry(); known once the window is shown, guessed before.
    QSize frame = frameGeometry().size() - geometry().size();
    if (frame.isEmpty() || frame.height() <= 0) frame = QSize(8, 32);
    const QSize maxClient(int(avail.width() * fraction) - frame.width(), int(avail.height() * fraction) - frame.height());
    QSize want = m_hasSavedGeometry ? size()
                                    : QSize(int(layoutNumber(m_layout, "window", "width", 1500)),
                                            int(layoutNumber(m_layout, "window", "height", 940)));
    want = want.boundedTo(maxClient).expandedTo(QSize(320, 240));
    const bool moved = want != size();
    resize(want);
    QRect g = frameGeometry();
    if (g.size().isEmpty()) g = QRect(pos(), want + frame);
    int x = g.x(), y = g.y();
    if (!m_hasSavedGeometry || !avail.contains(g)) {
        if (!m_hasSavedGeometry) {
            x = avail.x() + (avail.width() - g.width()) / 2;
            y = avail.y() + (avail.height() - g.height()) / 2;
        }
        x = std::clamp(x, avail.left(), std::max(avail.left(), avail.right() + 1 - g.width()));
        y = std::clamp(y, avail.top(), std::max(avail.top(), avail.bottom() + 1 - g.height()));
        move(x, y);
    }
    if (moved || !m_hasSavedGeometry) applyDefaultLayout();
    fitToolbar();
}

void MainWindow::fitToolbar()
{
    // The run controls keep their words while they fit; on a narrow projector with presentation fonts they
    // become icons (the words stay in the tooltips) rather than disappearing behind the toolbar's » menu.
    for (QToolBar *tb : findChildren<QToolBar *>()) {
        const auto runButtons = { m_startAction, m_pauseAction, m_stepAction, m_stopAction };
        auto setStyle = [&](Qt::ToolButtonStyle style) {
            for (QAction *a : runButtons)
                if (auto *b = qobject_cast<QToolButton *>(tb->widgetForAction(a))) b->setToolButtonStyle(style);
        };
        setStyle(Qt::ToolButtonTextBesideIcon);
        tb->layout()->invalidate();
        const int available = width() - 8;
        if (tb->layout()->sizeHint().width() > available) setStyle(Qt::ToolButtonIconOnly);
    }
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
    m_newAction = make(tr("&New run…"), QKeySequence::New, tr("Configure a new run"), &MainWindow::newRun);
    m_openAction = make(tr("&Open run…"), QKeySequence::Open, tr("Open a run folder"), &MainWindow::openRunDialog);
    m_inspectAction = make(tr("&Inspect representation"), QKeySequence(Qt::CTRL | Qt::Key_I),
                           tr("The embedding map, nearest neighbours and probe details of the encoder"),
                           [this] { showInspection(); });
    m_experimentAction = make(tr("E&xperiment…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                              tr("One of the reference text's exercises as a series of runs with a summary table"),
                              &MainWindow::newExperiment);
    m_continueExperimentAction = make(tr("&Continue experiment…"), QKeySequence(),
                                      tr("Continue a stopped experiment: finished runs are kept"),
                                      &MainWindow::continueExperiment);
    m_libraryAction = make(tr("Run &library…"), QKeySequence(Qt::CTRL | Qt::Key_L),
                           tr("Every run under a folder: sort, filter, open one, compare several"), &MainWindow::showRunLibrary);
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
    m_resetLayoutAction = make(tr("&Reset layout"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                               tr("Put every panel back in its place"), &MainWindow::resetLayout);
    m_slowMotionAction = make(tr("Slow &motion"), QKeySequence(Qt::Key_M),
                              tr("Teaching mode: one step every few seconds, every panel updated, to narrate a step"),
                              [this](bool on) { setSlowMotion(on); });
    m_slowMotionAction->setCheckable(true);
    m_exportAction = make(tr("&Export panel"), QKeySequence(Qt::CTRL | Qt::Key_E),
                          tr("Export a panel as PNG, SVG or PDF, or its data as CSV"), [this] {
                              QWidget *anchor = nullptr;
                              for (QToolBar *tb : findChildren<QToolBar *>())
                                  if (QWidget *w = tb->widgetForAction(m_exportAction)) anchor = w;
                              m_exportMenu->popup(anchor && anchor->isVisible() ? anchor->mapToGlobal(QPoint(0, anchor->height()))
                                                                                : mapToGlobal(rect().center()));
                          });
    m_shortcutsAction = make(tr("&Keyboard shortcuts"), QKeySequence(Qt::Key_F1), tr("Every shortcut of the window"),
                             &MainWindow::showShortcuts);
    m_step0Action = make(tr("Similarity at step &0"), QKeySequence(Qt::Key_B),
                         tr("Show the similarity matrix of the untrained network (step 0) instead of the live one: before and after"),
                         [this](bool on) { m_heatmap->setShowReference(on); });
    m_step0Action->setCheckable(true);
    connect(m_heatmap, &widgets::SimilarityHeatmap::referenceShownChanged, m_step0Action, &QAction::setChecked);
    m_newViewsAction = make(tr("New &augmentations"), QKeySequence(Qt::Key_A),
                            tr("Draw new random augmentations of the same preview images, shown at once, also while "
                               "paused; the step-0 matrix is recomputed for the new views"),
                            [this] { m_controller->drawNewViews(); });
    // Beside the views' tabs, where the class looks at the augmentations.
    auto *newViews = new QToolButton;
    newViews->setObjectName(QStringLiteral("newViewsButton"));
    newViews->setDefaultAction(m_newViewsAction);
    newViews->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_viewTabs->setCornerWidget(newViews, Qt::TopRightCorner);
    m_nextViewAction = make(tr("Next &view tab"), QKeySequence(Qt::CTRL | Qt::Key_Tab),
                            tr("Switch to the next tab of the views panel"), [this] {
                                if (m_viewTabs->count() > 0)
                                    m_viewTabs->setCurrentIndex((m_viewTabs->currentIndex() + 1) % m_viewTabs->count());
                            });
    m_focusLrAction = make(tr("Edit &lr"), QKeySequence(Qt::ALT | Qt::Key_L),
                           tr("Type a new learning rate; Enter applies it and hands the keys back"), [this] {
                               m_lrEdit->setFocus(Qt::ShortcutFocusReason);
                               m_lrEdit->selectAll();
                           });
    m_focusTemperatureAction = make(tr("Edit &τ"), QKeySequence(Qt::ALT | Qt::Key_T),
                                    tr("Type a new temperature τ; Enter applies it and hands the keys back"), [this] {
                                        m_temperatureEdit->setFocus(Qt::ShortcutFocusReason);
                                        m_temperatureEdit->selectAll();
                                    });
    // Space, N, M, B and A must reach the run even while a panel has focus; a spin box being typed in keeps them
    // until Enter hands the focus back (returnFocusToWindow).
    for (QAction *a : { m_pauseAction, m_stepAction, m_slowMotionAction, m_step0Action, m_newViewsAction })
        a->setShortcutContext(Qt::ApplicationShortcut);
}

void MainWindow::updateIcons()
{
    // Outlines in the palette's text colour: dark on light themes, light on dark ones.
    const QPalette pal = palette();
    auto set = [&](QAction *a, const char *name) {
        a->setIcon(widgets::themedIcon(QStringLiteral(":/pretext/icons/%1.svg").arg(QLatin1String(name)), pal));
    };
    set(m_newAction, "new");
    set(m_openAction, "open");
    set(m_startAction, "start");
    set(m_pauseAction, m_controller->state() == TrainingController::State::Paused ? "start" : "pause");
    set(m_stepAction, "step");
    set(m_stopAction, "stop");
    set(m_resumeAction, "resume");
    set(m_presentationAction, "presentation");
    set(m_exportAction, "export");
    set(m_slowMotionAction, "slowmotion");
    set(m_shortcutsAction, "shortcuts");
}

QStringList MainWindow::shortcutList() const
{
    QStringList lines;
    for (QMenu *menu : menuBar()->findChildren<QMenu *>(QString(), Qt::FindDirectChildrenOnly)) {
        for (QAction *a : menu->actions()) {
            if (a->shortcut().isEmpty()) continue;
            lines << QString(a->text()).remove(QLatin1Char('&')) + QLatin1Char('\t')
                    + a->shortcut().toString(QKeySequence::NativeText);
        }
    }
    lines.removeDuplicates();
    return lines;
}

void MainWindow::showShortcuts()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Keyboard shortcuts"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *intro = new QLabel(tr("Every control of the window works from the keyboard. Alt plus the underlined "
                                "letter opens a menu; Shift+F10 or the Menu key opens the context menu of a plot "
                                "under the mouse; Tab moves between the boxes of a dialog."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    const QStringList lines = shortcutList();
    auto *table = new QTableWidget(int(lines.size()), 2, &dialog);
    table->setHorizontalHeaderLabels({ tr("Action"), tr("Shortcut") });
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int i = 0; i < lines.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(lines[i].section(QLatin1Char('\t'), 0, 0)));
        table->setItem(i, 1, new QTableWidgetItem(lines[i].section(QLatin1Char('\t'), 1)));
    }
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(table, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    const QRect avail = screen() ? screen()->availableGeometry() : QRect(0, 0, 800, 600);
    dialog.resize(std::min(560, avail.width() - 40), std::min(table->verticalHeader()->length() + 200, avail.height() - 60));
    dialog.exec();
}

void MainWindow::createLanguageMenu(QMenu *view)
{
    // Each language is named in its own words, so whoever cannot read the current one still finds theirs.
    QMenu *menu = view->addMenu(tr("&Language"));
    menu->setObjectName(QStringLiteral("languageMenu"));
    auto *group = new QActionGroup(menu);
    const QString stored = storedLanguage();
    for (const LanguageChoice &choice : languageChoices()) {
        const QString system = QLocale::system().nativeLanguageName(); // empty for the C locale
        QAction *a = menu->addAction(choice.code.isEmpty() && !system.isEmpty() ? tr("System language (%1)").arg(system)
                                                                                : choice.nativeName);
        a->setObjectName(QStringLiteral("language-") + (choice.code.isEmpty() ? QStringLiteral("system") : choice.code));
        a->setCheckable(true);
        a->setChecked(choice.code == stored);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code = choice.code] {
            if (code == storedLanguage()) return;
            storeLanguage(code);
            // Widgets are built once with their texts; a restart rebuilds every one in the new language.
            const QString now = resolveLanguage(code);
            showActivity(now == QLatin1String("zh_CN")
                             ? QStringLiteral("重新启动 Pretext Workbench 后界面将切换为中文。")
                             : QStringLiteral("The interface will be in English when Pretext Workbench is restarted."));
        });
    }
}

void MainWindow::createMenusAndToolbar()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    file->addAction(m_experimentAction);
    file->addAction(m_continueExperimentAction);
    file->addAction(m_libraryAction);
    m_recentMenu = file->addMenu(tr("Recent &runs"));
    file->addAction(m_saveConfigAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    for (QAction *a : {m_startAction, m_pauseAction, m_stepAction, m_stopAction, m_resumeAction}) run->addAction(a);
    run->addSeparator();
    run->addAction(m_slowMotionAction);
    run->addAction(m_focusLrAction);
    run->addAction(m_focusTemperatureAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *d : m_docks) view->addAction(d->toggleViewAction());
    view->addSeparator();
    view->addAction(m_nextViewAction);
    view->addAction(m_newViewsAction);
    view->addAction(m_step0Action);
    view->addAction(m_inspectAction);
    view->addSeparator();
    view->addAction(m_presentationAction);
    view->addAction(m_resetLayoutAction);
    createLanguageMenu(view);
    // Every panel's export menu, reachable without a mouse (Alt+V, E) and from the toolbar.
    m_exportMenu = view->addMenu(tr("&Export"));
    const std::pair<QString, QWidget *> panels[] = { { tr("&Augmented pairs"), m_augment },
        { tr("&Similarity matrix"), m_heatmap }, { tr("&Loss"), m_loss }, { tr("&Probe accuracy"), m_probe },
        { tr("&Inspect representation"), m_inspect } };
    for (const auto &[title, panel] : panels) {
        QMenu *sub = widgets::PanelExport::createMenu(panel, dynamic_cast<widgets::Exportable *>(panel), m_exportMenu);
        sub->setTitle(title);
        m_exportMenu->addMenu(sub);
    }
    file->insertAction(m_quitAction, m_exportAction);
    file->insertSeparator(m_quitAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_shortcutsAction);
    help->addAction(tr("&About Pretext Workbench"), this, [this] {
        QMessageBox::about(this, tr("About Pretext Workbench"),
                           tr("<b>Pretext Workbench</b><br>Self-supervised representation learning, live.<br>%1")
                               .arg(QString::fromStdString(engine::versionString()).toHtmlEscaped()));
    });

    QToolBar *tb = addToolBar(tr("Run controls"));
    tb->setObjectName(QStringLiteral("runToolbar"));
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    const int iconSize = int(layoutNumber(m_layout, nullptr, "toolbarIconSize", 22));
    tb->setIconSize(QSize(iconSize, iconSize));
    for (QAction *a : { m_newAction, m_openAction, m_resumeAction }) tb->addAction(a);
    tb->addSeparator();
    for (QAction *a : {m_startAction, m_pauseAction, m_stepAction, m_stopAction}) tb->addAction(a);
    tb->addSeparator();
    tb->addAction(m_slowMotionAction);
    m_slowSeconds = new QSpinBox;
    m_slowSeconds->setObjectName(QStringLiteral("slowMotionSeconds"));
    m_slowSeconds->setRange(1, 60);
    m_slowSeconds->setValue(3);
    m_slowSeconds->setSuffix(tr(" s"));
    m_slowSeconds->setToolTip(tr("Slow motion: seconds between two steps"));
    tb->addWidget(m_slowSeconds);
    connect(m_slowSeconds, &QSpinBox::valueChanged, this, [this](int s) { setSlowMotionSeconds(s); });
    tb->addSeparator();

    auto *lrLabel = new QLabel(tr("  lr "));
    m_lrEdit = new QDoubleSpinBox;
    m_lrEdit->setObjectName(QStringLiteral("liveLr"));
    m_lrEdit->setDecimals(6);
    m_lrEdit->setRange(0.000001, 10.0);
    m_lrEdit->setSingleStep(0.0001);
    m_lrEdit->setValue(m_pendingConfig.lr);
    m_lrEdit->setToolTip(tr("Base learning rate (warm-up and cosine schedules scale it; the probe panel plots the "
                            "rate in effect). Editing it during a run applies it at the next step, records it in "
                            "the metrics and marks it on the plots. Alt+L to type, Enter to apply."));
    m_lrEdit->setKeyboardTracking(false);
    lrLabel->setBuddy(m_lrEdit);
    auto *tLabel = new QLabel(tr("  τ "));
    m_temperatureEdit = new QDoubleSpinBox;
    m_temperatureEdit->setObjectName(QStringLiteral("liveTemperature"));
    m_temperatureEdit->setDecimals(3);
    m_temperatureEdit->setRange(0.01, 10.0);
    m_temperatureEdit->setSingleStep(0.05);
    m_temperatureEdit->setValue(settingValueOr(m_pendingConfig, "temperature", 0.5));
    m_temperatureEdit->setToolTip(tr("Temperature τ of the contrastive loss: lower sharpens the softmax over "
                                     "similarities. Applied at the next step during a run and marked on the "
                                     "plots. Alt+T to type, Enter to apply."));
    m_temperatureEdit->setKeyboardTracking(false);
    tLabel->setBuddy(m_temperatureEdit);
    tb->addWidget(lrLabel);
    tb->addWidget(m_lrEdit);
    m_temperatureLabelAction = tb->addWidget(tLabel);
    m_temperatureEditAction = tb->addWidget(m_temperatureEdit);
    tb->addSeparator();
    for (QAction *a : { m_exportAction, m_presentationAction, m_shortcutsAction }) tb->addAction(a);
    // The file and view buttons show only their icons (their text is in the tooltip): the run controls and the
    // live editors must fit a 1024-pixel projector in presentation mode.
    for (QAction *a : { m_newAction, m_openAction, m_resumeAction, m_slowMotionAction, m_exportAction,
                        m_presentationAction, m_shortcutsAction })
        if (auto *b = qobject_cast<QToolButton *>(tb->widgetForAction(a))) b->setToolButtonStyle(Qt::ToolButtonIconOnly);
    // Enter (or Escape) in a live editor applies it and gives the keys back to the window, so that Space and N
    // control the run again at once.
    for (QAbstractSpinBox *box : std::initializer_list<QAbstractSpinBox *>{ m_lrEdit, m_temperatureEdit, m_slowSeconds })
        box->installEventFilter(this);
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
    // Eliding labels: a long run folder path never widens the window past the screen.
    m_activityLabel = new widgets::ElidingLabel;
    m_activityLabel->setObjectName(QStringLiteral("activity"));
    // Only the room the run's figures leave: they are what the class reads.
    m_activityLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_statusLabel = new widgets::ElidingLabel;
    m_statusLabel->setObjectName(QStringLiteral("runStatus"));
    statusBar()->addWidget(m_activityLabel, 1);
    statusBar()->addPermanentWidget(m_statusLabel);
}

QString MainWindow::statusText() const
{
    return m_statusLabel->text();
}

QString MainWindow::activityShown() const
{
    return m_activityLabel->shownText();
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
    m_pauseAction->setIcon(widgets::themedIcon(
        s == S::Paused ? QStringLiteral(":/pretext/icons/start.svg") : QStringLiteral(":/pretext/icons/pause.svg"), palette()));
    m_stepAction->setEnabled(s == S::Running || s == S::Paused || s == S::Preparing);
    m_stopAction->setEnabled(s == S::Running || s == S::Paused || s == S::Preparing);
    m_resumeAction->setEnabled(!active && m_openedRunResumable);
    m_newAction->setEnabled(!active);
    m_openAction->setEnabled(!active);
    if (m_inspect) m_inspect->setComputeThreads(active ? 1 : 0);
    const bool reading = m_inspectLoader && m_inspectLoader->isLoading();
    m_experimentAction->setEnabled(!active && !reading);
    m_continueExperimentAction->setEnabled(!active && !reading);
    if (reading) {
        m_startAction->setEnabled(false);
        m_resumeAction->setEnabled(false);
    }
    m_recentMenu->setEnabled(!active);
    m_slowMotionAction->setEnabled(s == S::Running || s == S::Paused || s == S::Preparing || !active);
    m_newViewsAction->setEnabled(s == S::Running || s == S::Paused || s == S::Preparing);
}

void MainWindow::onStateChanged()
{
    using S = TrainingController::State;
    const S s = m_controller->state();
    updateActions();
    // Only on the transition: a later message (the run finished, the checkpoint is written) must stay.
    if (s == S::Paused && !m_slowTimer->isActive())
        showActivity(tr("Paused: Space resumes, N runs one step, M steps in slow motion."));
    if (s == S::Stopping)
        showActivity(m_closing ? tr("Closing: finishing the current step or evaluation and writing a checkpoint…")
                                           : tr("Stopping: writing a checkpoint…"));
    if (s == S::Idle && m_slowTimer->isActive()) setSlowMotion(false);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress && (watched == m_lrEdit || watched == m_temperatureEdit || watched == m_slowSeconds)) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Escape) {
            // The box applies the typed value first (valueChanged → the engine); then the keys go back.
            QTimer::singleShot(0, this, &MainWindow::returnFocusToWindow);
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::returnFocusToWindow()
{
    setFocus(Qt::OtherFocusReason);
}

void MainWindow::setSlowMotion(bool on)
{
    {
        QSignalBlocker b(m_slowMotionAction);
        m_slowMotionAction->setChecked(on);
    }
    if (!on) {
        if (m_slowTimer->isActive()) {
            m_slowTimer->stop();
            if (m_controller->isActive())
                showActivity(tr("Slow motion off, paused: Space resumes, N runs one step."));
        }
        return;
    }
    m_slowTimer->setInterval(m_slowSeconds->value() * 1000);
    m_slowTimer->start();
    if (m_controller->isActive()) m_controller->pause();
    showActivity(tr("Slow motion: one step every %n second(s), every panel updated. M stops it.", nullptr,
                                m_slowSeconds->value()));
}

bool MainWindow::slowMotion() const
{
    return m_slowTimer->isActive();
}

void MainWindow::setSlowMotionSeconds(int seconds)
{
    {
        QSignalBlocker b(m_slowSeconds);
        m_slowSeconds->setValue(seconds);
    }
    if (m_slowTimer->isActive()) setSlowMotion(true); // restart with the new interval
}

void MainWindow::slowMotionTick()
{
    using S = TrainingController::State;
    const S s = m_controller->state();
    // A run started while slow motion is on begins paused and takes its steps from here.
    if (s == S::Running) m_controller->pause();
    if (s == S::Running || s == S::Paused) m_controller->singleStep();
}

void MainWindow::applyMethodLayout(const std::string &method)
{
    const engine::MethodInfo *info = engine::findMethod(method);
    const auto used = m_router.showKinds(info ? info->previews : std::vector<engine::PreviewKind>{});
    const auto has = [&](QTabWidget *t) { return std::find(used.begin(), used.end(), t) != used.end(); };
    const auto produces = [info](engine::PreviewKind kind) {
        return info && std::find(info->previews.begin(), info->previews.end(), kind) != info->previews.end();
    };
    // A dock with nothing to show for this method is hidden, never left with an empty "no data yet".
    m_viewsDock->setVisible(has(m_viewTabs));
    m_methodDock->setVisible(has(m_methodTabs));
    if (m_methodTabs->currentIndex() >= 0) m_methodDock->setWindowTitle(m_methodTabs->tabText(m_methodTabs->currentIndex()));
    // The views dock is named after what it shows: "Augmented views" for two-view methods, the task's own tab else.
    m_viewsDock->setWindowTitle(produces(engine::PreviewKind::Pairs) || m_viewTabs->currentIndex() < 0
                                    ? tr("Augmented views")
                                    : m_viewTabs->tabText(m_viewTabs->currentIndex()));
    // Masked modelling has no augmented pairs: the same key (the same engine redraw) draws a new mask instead.
    const bool masks = (produces(engine::PreviewKind::Mask) || produces(engine::PreviewKind::Tokens))
                       && !produces(engine::PreviewKind::Pairs);
    const QString newViewsTip = masks ? tr("Draw a new mask on the same preview images, shown at once, also while paused")
                                      : tr("Draw new random augmentations of the same preview images, shown at once, also "
                                           "while paused; the step-0 matrix is recomputed for the new views");
    m_newViewsAction->setText(masks ? tr("New &masks") : tr("New &augmentations"));
    m_newViewsAction->setStatusTip(newViewsTip);
    m_newViewsAction->setToolTip(
        newViewsTip + QStringLiteral(" (%1)").arg(m_newViewsAction->shortcut().toString(QKeySequence::NativeText)));
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
    m_haveLastStep = false;
    m_step0Action->setChecked(false);
    m_inspect->clear();
    m_inspectPending.clear();
    m_inspectLoader->cancel();
}

void MainWindow::inspectRunFolder(const QString &dir)
{
    m_inspectPending = dir;
    if (m_inspectDock->isVisible() && !m_inspectDock->visibleRegion().isEmpty()) loadPendingInspection();
}

void MainWindow::loadPendingInspection()
{
    if (m_inspectPending.isEmpty() || m_controller->isActive()) return;
    if (!QFileInfo::exists(m_inspectPending + QStringLiteral("/checkpoints/latest.pt"))) {
        m_inspectPending.clear();
        return;
    }
    showActivity(tr("Reading the representation of %1 for the inspection panel…").arg(m_inspectPending));
    m_inspectLoader->load(m_inspectPending);
    m_inspectPending.clear();
    updateActions();
}

bool MainWindow::showInspection(const QString &view)
{
    const QStringList views = { QStringLiteral("map"), QStringLiteral("random-map"), QStringLiteral("neighbours"),
                                QStringLiteral("probe") };
    if (!views.contains(view)) return false;
    m_inspectDock->show();
    m_inspectDock->raise();
    m_inspect->setShowRandomInit(view == QLatin1String("random-map"));
    m_inspect->setCurrentTab(view == QLatin1String("neighbours") ? InspectPanel::Tab::Neighbours
                             : view == QLatin1String("probe")    ? InspectPanel::Tab::Probe
                                                                 : InspectPanel::Tab::Map);
    if (view == QLatin1String("neighbours")) m_inspect->pickRandomQueries();
    m_inspect->setFocus(Qt::ShortcutFocusReason);
    return true;
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
    m_inspectLoader->cancelAndWait();
    resetPanels();
    m_latency->reset();
    m_controller->start(m_pendingConfig, dir);
    showActivity(tr("Starting…"));
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

void MainWindow::showCurves(const QString &dir)
{
    showCurves(dir, engine::RunHistory::fromMetrics(engine::joinPath(dir.toStdString(), engine::runfolder::kMetrics)));
}

void MainWindow::showCurves(const QString &dir, const engine::RunHistory &history)
{
    m_loss->clear();
    m_probe->clear();
    std::vector<widgets::LossPlot::Point> loss;
    loss.reserve(history.steps().size());
    for (const auto &s : history.steps()) loss.push_back({ s.step, s.loss });
    m_loss->setPoints(loss);
    for (const auto &s : history.steps())
        if (s.lr >= 0) m_probe->addLearningRate(s.step, s.lr);
    for (const auto &s : history.steps())
        if (s.onlineProbeAcc >= 0) m_probe->addOnlineProbe(s.step, s.onlineProbeAcc);
    for (const auto &e : history.evals()) m_probe->addEval(e);
    for (const auto &e : history.edits()) {
        const QString label = e.setting == "lr" ? tr("lr → %1").arg(shortNumber(e.value)) : tr("τ → %1").arg(shortNumber(e.value));
        m_loss->addEditMarker(e.step, label);
        m_probe->addEditMarker(e.step, label);
    }
    const engine::HistoryStep last = history.steps().empty() ? engine::HistoryStep() : history.steps().back();
    m_statusLabel->setText(tr("step %1 · loss %2 · %3").arg(last.step).arg(last.loss, 0, 'f', 4).arg(dir));
}

bool MainWindow::openRun(const QString &dir)
{
    if (m_controller->isActive()) return false;
    const std::string d = dir.toStdString();
    try {
        // Read everything first, so that a bad folder leaves the window as it was.
        engine::RunConfig config = engine::loadRunConfig(engine::joinPath(d, engine::runfolder::kConfig));
        const engine::RunHistory curves = engine::RunHistory::fromMetrics(engine::joinPath(d, engine::runfolder::kMetrics));
        const std::string snap = engine::joinPath(d, engine::runfolder::kSnapshots) + "/latest.json";
        std::optional<engine::PreviewSnapshot> snapshot;
        if (engine::pathExists(snap)) snapshot = engine::loadSnapshot(snap);

        resetPanels();
        setPendingConfig(config);
        m_runDir = dir;
        showCurves(dir, curves);
        if (snapshot) showPreview(*snapshot);
        inspectRunFolder(dir);
        // A finished run (it wrote its report) has nothing left to resume.
        const bool finished = engine::pathExists(engine::joinPath(d, "report.html"));
        const bool checkpoint = engine::pathExists(engine::joinPath(d, engine::runfolder::kLatestCheckpoint));
        m_openedRunResumable = checkpoint && !finished;
        showActivity(finished ? tr("Opened %1: a finished run (its report is report.html).").arg(dir)
                                 : checkpoint ? tr("Opened %1. Resume (Ctrl+R) continues it.").arg(dir)
                                              : tr("Opened %1 (no checkpoint to resume from).").arg(dir));
        setWindowTitle(tr("Pretext Workbench — %1").arg(QFileInfo(dir).fileName()));
        widgets::PanelExport::setDefaultDirectory(dir);
        addRecentRun(dir);
        updateActions();
        return true;
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Cannot open run"), tr("%1 cannot be opened:\n%2").arg(dir, QString::fromStdString(engine::describeException(e))));
        return false;
    }
}

void MainWindow::resumeOpenedRun()
{
    if (m_controller->isActive() || m_runDir.isEmpty()) return;
    // The curves so far stay; the engine continues from the checkpoint's step.
    m_openedRunResumable = false;
    m_inspectLoader->cancelAndWait();
    m_latency->reset();
    m_controller->resumeRun(m_runDir);
}

void MainWindow::newExperiment()
{
    if (m_controller->isActive()) return;
    ExperimentDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    startExperiment(dialog.spec(), dialog.folder());
}

void MainWindow::continueExperiment()
{
    if (m_controller->isActive()) return;
    if (auto e = ExperimentDialog::chooseExistingExperiment(this, RunLibrary::defaultFolder()))
        startExperiment(e->first, e->second);
}

void MainWindow::startExperiment(const engine::ExperimentSpec &spec, const QString &dir)
{
    if (m_controller->isActive()) return;
    if (!m_experiment) {
        m_experiment = new ExperimentSummary(this);
        m_experiment->setWindowFlag(Qt::Window);
        m_experiment->setObjectName(QStringLiteral("experimentSummary"));
    }
    m_experiment->setExperiment(spec, dir);
    m_experiment->setWindowTitle(tr("Experiment — %1").arg(engineText(spec.title)));
    m_experiment->show();
    m_experiment->raise();
    m_openedRunResumable = false;
    m_inspectLoader->cancelAndWait();
    resetPanels();
    m_latency->reset();
    m_inExperiment = true;
    m_controller->startExperiment(spec, dir);
    showActivity(tr("Starting the experiment: %1 runs in %2").arg(spec.runs.size()).arg(dir));
}

void MainWindow::showRunLibrary()
{
    if (!m_library) {
        m_library = new RunLibrary(this);
        m_library->setWindowFlag(Qt::Window);
        connect(m_library, &RunLibrary::openRun, this, [this](const QString &dir) {
            if (m_controller->isActive()) {
                QMessageBox::information(m_library, tr("Run library"), tr("Stop the current run before opening another."));
                return;
            }
            if (openRun(dir)) {
                raise();
                activateWindow();
            }
        });
        connect(m_library, &RunLibrary::compareRuns, this, &MainWindow::compareRuns);
    }
    m_library->refresh();
    m_library->show();
    m_library->raise();
    m_library->activateWindow();
}

void MainWindow::compareRuns(const QStringList &dirs)
{
    auto *compare = new RunCompare(this);
    compare->setWindowFlag(Qt::Window);
    compare->setAttribute(Qt::WA_DeleteOnClose);
    compare->setRunDirs(dirs);
    compare->show();
}

void MainWindow::saveConfigAs()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save run configuration"), QStringLiteral("run.json"),
                                                      tr("JSON (*.json)"));
    if (path.isEmpty()) return;
    try {
        engine::writeFileAtomically(path.toStdString(), engine::json::dump(engine::toJson(m_pendingConfig), 2) + "\n");
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Cannot save"), QString::fromStdString(engine::describeException(e)));
    }
}

void MainWindow::onStarted(const engine::RunInfo &info)
{
    // A new run of an experiment (or a resumed run) starts from a clean inspection panel: its maps are of
    // another encoder.
    if (m_info.runDir != info.runDir) m_inspect->clear();
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
    showActivity(tr("Training %1 on %2 · %3").arg(methodTitle(info.config.method),
                                                            QString::fromStdString(info.datasetName), m_runDir));
    // The online probe learns from scratch: chance is where it starts and the only fair line to draw under it.
    m_probe->setChanceLevel(info.classNames.empty() ? 0.0 : 1.0 / double(info.classNames.size()));
    widgets::PanelExport::setDefaultDirectory(m_runDir);
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

void MainWindow::markEdits(const engine::StepMetrics &m)
{
    // The engine applies an edit at the next step: the first step that reports a new base rate or τ is where
    // the edit took effect.
    if (m_haveLastStep && m.step > m_lastStep.step) {
        QStringList labels;
        if (m.baseLr > 0 && m_lastStep.baseLr > 0 && std::abs(m.baseLr - m_lastStep.baseLr) > 1e-12 * m.baseLr)
            labels << tr("lr %1 → %2").arg(shortNumber(m_lastStep.baseLr), shortNumber(m.baseLr));
        if (m.temperature > 0 && m_lastStep.temperature > 0 && std::abs(m.temperature - m_lastStep.temperature) > 1e-9)
            labels << tr("τ %1 → %2").arg(shortNumber(m_lastStep.temperature), shortNumber(m.temperature));
        for (const QString &label : labels) {
            m_loss->addEditMarker(m.step, label);
            m_probe->addEditMarker(m.step, label);
        }
    }
    m_lastStep = m;
    m_haveLastStep = true;
}

void MainWindow::flushSteps()
{
    for (const auto &m : m_pendingSteps) {
        markEdits(m);
        m_loss->addPoint(m.step, m.loss);
        if (m.onlineProbeAcc >= 0) m_probe->addOnlineProbe(m.step, m.onlineProbeAcc);
        m_probe->addLearningRate(m.step, m.lr);
    }
    if (!m_pendingSteps.empty()) {
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
            showActivity(tr("Training %1 · %2").arg(methodTitle(m_info.config.method), m_runDir));
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
    // Short, and cut on the left when the status bar is narrow (a projector in presentation mode): the figures
    // are what the class reads.
    showActivity(e.randomInit ? tr("Random-init baseline: linear probe %1%, kNN %2%")
                                    .arg(100 * e.probeAcc, 0, 'f', 1)
                                    .arg(100 * e.knnAcc, 0, 'f', 1)
                              : tr("Epoch %1: linear probe %2%, kNN %3%")
                                    .arg(e.epoch)
                                    .arg(100 * e.probeAcc, 0, 'f', 1)
                                    .arg(100 * e.knnAcc, 0, 'f', 1),
                 Qt::ElideLeft);
}

void MainWindow::showActivity(const QString &text, Qt::TextElideMode elide)
{
    m_activityLabel->setElideMode(elide);
    m_activityLabel->setText(text);
}

void MainWindow::onFinished(const QString &outcome)
{
    flushSteps();
    if (m_inExperiment) {
        m_inExperiment = false;
        if (m_experiment) {
            m_experiment->refresh();
            m_experiment->show();
            m_experiment->raise();
        }
        updateActions();
        showActivity(outcome == QLatin1String("finished")
                         ? tr("Experiment finished: its summary is open (summary.md in %1)").arg(m_experiment ? m_experiment->folder() : QString())
                         : tr("Experiment stopped; the runs done are kept. File → Continue experiment… goes on."));
        return;
    }
    m_openedRunResumable = outcome == QLatin1String("stopped");
    // No ETA or throughput for a run that is no longer running.
    if (m_haveLastStep)
        m_statusLabel->setText(tr("epoch %1/%2 · step %3/%4 · %5")
                                   .arg(m_lastStep.epoch + 1)
                                   .arg(m_info.config.epochs)
                                   .arg(m_lastStep.step)
                                   .arg(m_lastStep.totalSteps)
                                   .arg(outcome == QLatin1String("finished") ? tr("finished") : tr("stopped")));
    if (m_slowTimer->isActive()) setSlowMotion(false);
    showActivity(outcome == QLatin1String("finished")
                                 ? tr("Finished. The run folder holds report.html: %1").arg(m_runDir)
                                 : tr("Stopped with a checkpoint: Resume (Ctrl+R) continues. %1").arg(m_runDir));
    updateActions();
}

void MainWindow::onFailed(const QString &error)
{
    flushSteps();
    if (m_inExperiment && m_experiment) m_experiment->refresh();
    m_inExperiment = false;
    showActivity(tr("Run failed: %1").arg(error));
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
    f.setPointSizeF(on ? base * layoutNumber(m_layout, nullptr, "presentationFontScale", 1.5) : base);
    QApplication::setFont(f);
    // With an application style sheet Qt does not pass a new application font on to widgets already polished:
    // setting the sheet again re-polishes every widget with the new font.
    if (!qApp->styleSheet().isEmpty()) qApp->setStyleSheet(qApp->styleSheet());
    {
        QSignalBlocker b(m_presentationAction);
        m_presentationAction->setChecked(on);
    }
    const int icon = int(layoutNumber(m_layout, nullptr, on ? "presentationIconSize" : "toolbarIconSize", on ? 30 : 22));
    for (QToolBar *tb : findChildren<QToolBar *>()) tb->setIconSize(QSize(icon, icon));
    // Larger fonts raise every panel's minimum size: keep the window inside the screen and the panels in
    // proportion once the new fonts are laid out.
    QTimer::singleShot(0, this, [this] {
        fitToScreen();
        applyDefaultLayout();
        fitToolbar();
    });
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultState);
    for (QDockWidget *d : m_docks) d->show();
    applyMethodLayout(m_pendingConfig.method);
    applyDefaultLayout();
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
    m_hasSavedGeometry = restoreGeometry(s.value(QStringLiteral("geometry")).toByteArray());
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
        m_closing = true;
        m_slowTimer->stop();
        // Said, and painted, before the wait: an evaluation in progress can take a few seconds to finish.
        showActivity(tr("Closing: finishing the current step or evaluation and writing a checkpoint…"));
        m_statusLabel->setText(tr("closing…"));
        statusBar()->repaint();
        QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
        QApplication::setOverrideCursor(Qt::WaitCursor);
        m_controller->stopAndWait();
        QApplication::restoreOverrideCursor();
    }
    saveSettings();
    event->accept();
}

} // namespace pretext::ui
