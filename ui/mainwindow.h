// The workbench window: dock panels fed by the TrainingController, run controls, run folders, settings.
// Only this class wires signals between the engine's controller and the widgets.
#pragma once

#include "ui/previewrouter.h"
#include "ui/trainingcontroller.h"

#include "widgets/lossplot.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QMainWindow>
#include <QStringList>

#include <deque>
#include <optional>
#include <vector>

class QAction;
class QDoubleSpinBox;
class QLabel;
class QMenu;
class QScreen;
class QSpinBox;
class QTabWidget;
class QTimer;
class QDockWidget;

namespace pretext::engine {
class RunHistory;
} // namespace pretext::engine

namespace pretext::widgets {
class AugmentationView;
class ElidingLabel;
class JigsawView;
class LossPlot;
class MaskView;
class ProbePlot;
class RotationView;
class SimilarityHeatmap;
} // namespace pretext::widgets

namespace pretext::ui {

class ExperimentSummary;
class InspectPanel;
class InspectionLoader;
class RunLibrary;

// Measures how late a periodic timer fires on the GUI thread: the event loop's responsiveness.
class LatencyProbe : public QObject {
    Q_OBJECT
public:
    explicit LatencyProbe(QObject *parent = nullptr, int intervalMs = 20);
    void reset();
    double percentile(double p) const; // milliseconds late
    int samples() const { return static_cast<int>(m_lateness.size()); }

private:
    void tick();
    QTimer *m_timer;
    QElapsedTimer m_clock;
    qint64 m_expected = 0;
    int m_interval;
    std::vector<double> m_lateness;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // The configuration the next Start uses (the classroom demo by default).
    void setPendingConfig(const engine::RunConfig &config);
    engine::RunConfig pendingConfig() const { return m_pendingConfig; }
    // Opens a run folder: its curves and last snapshot come back; Resume continues it. Returns false and shows
    // why when the folder cannot be read.
    bool openRun(const QString &dir);
    void startRun();
    // Continues the opened run folder from its latest checkpoint.
    void resumeOpenedRun();
    // The folder the next new run is written to (default: a fresh folder under ~/PretextRuns).
    void setNextRunDir(const QString &dir) { m_runDir = dir; }
    void setPresentationMode(bool on);
    bool presentationMode() const { return m_presentation; }
    // Sizes and places the window inside the screen's available area (the layout's default size at first
    // start, the saved one later, never larger than the screen) and lays the panels out again.
    void fitToScreen(QScreen *screen = nullptr);
    // Slow motion for narrating a step: the run pauses and takes one step every `seconds`, each panel updated.
    void setSlowMotion(bool on);
    bool slowMotion() const;
    void setSlowMotionSeconds(int seconds);
    // Every action with a shortcut, as "text\tshortcut" lines, in menu order (the Help → Shortcuts sheet).
    QStringList shortcutList() const;
    // The settings of resources/layout.json (the default layout and presentation sizes).
    const QJsonObject &defaultLayout() const { return m_layout; }

    TrainingController *controller() const { return m_controller; }
    LatencyProbe *latencyProbe() const { return m_latency; }
    widgets::SimilarityHeatmap *heatmap() const { return m_heatmap; }
    widgets::LossPlot *lossPlot() const { return m_loss; }
    widgets::ProbePlot *probePlot() const { return m_probe; }
    widgets::AugmentationView *augmentationView() const { return m_augment; }
    InspectPanel *inspectPanel() const { return m_inspect; }
    QString statusText() const;
    // The status bar's message as it is shown (cut to the room it has).
    QString activityShown() const;
    QString currentRunDir() const { return m_runDir; }
    // The run library window (File → Run library…, Ctrl+L); nullptr until first shown.
    RunLibrary *runLibrary() const { return m_library; }
    // The experiment summary window; nullptr until an experiment was started.
    ExperimentSummary *experimentSummary() const { return m_experiment; }

    // Runs an experiment (the reference text's exercises) in dir: its runs one after the other, shown live like a
    // single run, with its summary window; dir may hold the same experiment stopped earlier.
    void startExperiment(const engine::ExperimentSpec &spec, const QString &dir);
    // The inspection panel of a run folder that is not training: read from its checkpoint when the panel is shown.
    void inspectRunFolder(const QString &dir);
    // Raises the inspection panel (Ctrl+I) at one of its views: "map", "random-map" (the untrained network's),
    // "neighbours" (of random test images) or "probe". False for another name.
    bool showInspection(const QString &view = QStringLiteral("map"));

    // The classroom demo: Fashion-MNIST SimCLR with a subset sized so that learning shows within a minute.
    static engine::RunConfig classroomDemoConfig();

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createPanels();
    void createActions();
    void createMenusAndToolbar();
    void createLanguageMenu(QMenu *view);
    void createStatusBar();
    void applyDefaultLayout();
    void fitToolbar();
    void updateIcons();
    void showShortcuts();
    void returnFocusToWindow();
    void slowMotionTick();
    // Labelled markers where lr or τ changed from one step to the next (a live edit).
    void markEdits(const engine::StepMetrics &m);
    // The status bar's message; `elide` says where a message too long for it is cut.
    void showActivity(const QString &text, Qt::TextElideMode elide = Qt::ElideMiddle);
    void restoreSettings();
    void saveSettings();
    void updateActions();
    void updateRecentMenu();
    void addRecentRun(const QString &dir);
    void resetPanels();
    // Loads the loss and probe curves of a run folder into the plots (throws DataError naming file and line).
    void showCurves(const QString &dir);
    // The curves of a run's history (its metrics.jsonl, parsed completely before anything is shown).
    void showCurves(const QString &dir, const engine::RunHistory &history);

    void newRun();
    void openRunDialog();
    void togglePause();
    void saveConfigAs();
    void resetLayout();
    // The run library in a window of its own: it opens a run here, or compares runs in a new window.
    void showRunLibrary();
    void newExperiment();
    void continueExperiment();
    void compareRuns(const QStringList &dirs);
    void loadPendingInspection();

    void onStarted(const engine::RunInfo &info);
    void onStep(const engine::StepMetrics &m);
    void onEval(const engine::EvalMetrics &e);
    void onPreview(const engine::PreviewSnapshot &s);
    void onFinished(const QString &outcome);
    void onStateChanged();
    void onFailed(const QString &error);
    void flushSteps();
    void showPreview(const engine::PreviewSnapshot &s);
    // Shows the panels and the live editor that `method` declares; hides the rest.
    void applyMethodLayout(const std::string &method);

    TrainingController *m_controller;
    LatencyProbe *m_latency;
    engine::RunConfig m_pendingConfig;
    engine::RunInfo m_info;
    QString m_runDir;
    bool m_openedRunResumable = false;
    bool m_presentation = false;
    QByteArray m_defaultState;

    // Panels: image views in one tabbed dock, the method's matrices and monitors in another, routed by kind.
    PreviewRouter m_router;
    QTabWidget *m_viewTabs = nullptr;
    QTabWidget *m_methodTabs = nullptr;
    QDockWidget *m_viewsDock = nullptr, *m_methodDock = nullptr, *m_lossDock = nullptr, *m_probeDock = nullptr;
    QJsonObject m_layout;
    bool m_hasSavedGeometry = false;
    widgets::MaskView *m_mask = nullptr;
    widgets::AugmentationView *m_augment = nullptr;
    widgets::RotationView *m_rotation = nullptr;
    widgets::JigsawView *m_jigsaw = nullptr;
    widgets::SimilarityHeatmap *m_heatmap = nullptr;
    widgets::LossPlot *m_loss = nullptr;
    widgets::ProbePlot *m_probe = nullptr;
    QList<QDockWidget *> m_docks;

    // Steps arrive every step; the panels are updated at most every 40 ms from this buffer.
    std::vector<engine::StepMetrics> m_pendingSteps;
    std::optional<engine::PreviewSnapshot> m_pendingPreview;
    QTimer *m_flushTimer = nullptr;
    engine::StepMetrics m_lastStep;
    bool m_haveLastStep = false; // m_lastStep belongs to the current run (edit markers compare with it)
    bool m_closing = false;

    // Actions.
    QAction *m_newAction = nullptr, *m_openAction = nullptr, *m_startAction = nullptr, *m_pauseAction = nullptr,
            *m_stepAction = nullptr, *m_stopAction = nullptr, *m_resumeAction = nullptr, *m_saveConfigAction = nullptr,
            *m_presentationAction = nullptr, *m_quitAction = nullptr, *m_resetLayoutAction = nullptr,
            *m_slowMotionAction = nullptr, *m_exportAction = nullptr, *m_shortcutsAction = nullptr,
            *m_step0Action = nullptr, *m_nextViewAction = nullptr, *m_focusLrAction = nullptr,
            *m_focusTemperatureAction = nullptr, *m_newViewsAction = nullptr;
    QMenu *m_exportMenu = nullptr;
    QSpinBox *m_slowSeconds = nullptr;
    QTimer *m_slowTimer = nullptr;
    QMenu *m_recentMenu = nullptr;
    QDoubleSpinBox *m_lrEdit = nullptr;
    QDoubleSpinBox *m_temperatureEdit = nullptr; // the method's live setting (MethodInfo::liveSetting), e.g. τ
    QAction *m_temperatureLabelAction = nullptr, *m_temperatureEditAction = nullptr;
    std::string m_liveSetting;
    QLabel *m_statusLabel = nullptr;
    widgets::ElidingLabel *m_activityLabel = nullptr;
    QAction *m_libraryAction = nullptr;
    RunLibrary *m_library = nullptr;
    InspectPanel *m_inspect = nullptr;
    QDockWidget *m_inspectDock = nullptr;
    InspectionLoader *m_inspectLoader = nullptr;
    QString m_inspectPending; // a run folder whose representation the panel shows once it is visible
    QAction *m_inspectAction = nullptr;
    QAction *m_experimentAction = nullptr, *m_continueExperimentAction = nullptr;
    ExperimentSummary *m_experiment = nullptr;
    bool m_inExperiment = false;
    QString m_experimentStatus;
};

} // namespace pretext::ui
