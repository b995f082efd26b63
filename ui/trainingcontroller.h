// Owns one training run on its own QThread. The GUI calls the slots; the engine's observer callbacks come back
// as queued signals carrying value types. The GUI thread never waits on the engine, except in
// stopAndWait(), which closing the window uses to leave a checkpoint behind.
#pragma once

#include "ui/metatypes.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

#include <memory>

namespace pretext::ui {

class TrainingWorker;

class TrainingController : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Preparing, Running, Paused, Stopping };
    Q_ENUM(State)

    explicit TrainingController(QObject *parent = nullptr);
    ~TrainingController() override;

    State state() const { return m_state; }
    bool isActive() const { return m_state != State::Idle; }
    QString runDir() const { return m_runDir; }

    // Starts a new run into runDir, or continues the run folder runDir from its latest checkpoint.
    void start(const engine::RunConfig &config, const QString &runDir);
    void resumeRun(const QString &runDir);
    // Runs (or continues) an experiment in dir: its runs one after the other, each reported like a single run
    // (started, steps, evaluations, previews), with experimentProgress between them. Stop ends it after a checkpoint.
    void startExperiment(const engine::ExperimentSpec &spec, const QString &dir);

    void pause();
    void resume();
    void singleStep();
    void stop();
    // Applied by the engine at its next step and recorded in metrics.jsonl.
    void setLearningRate(double lr);
    void setTemperature(double temperature);
    // New augmentations for the fixed preview samples: a preview of them arrives at once, also while paused.
    void drawNewViews();

    // Requests a stop and blocks until the engine has written its checkpoint and the thread has ended.
    void stopAndWait();

Q_SIGNALS:
    void stateChanged(pretext::ui::TrainingController::State state);
    void started(const pretext::engine::RunInfo &info);
    void stepFinished(const pretext::engine::StepMetrics &metrics);
    void evaluated(const pretext::engine::EvalMetrics &metrics);
    void previewReady(const pretext::engine::PreviewSnapshot &snapshot);
    void message(const QString &text);
    void checkpointWritten(const QString &path, qint64 step);
    void finished(const QString &outcome); // "finished", "stopped"
    void failed(const QString &error);
    // After each offline evaluation: the encoder's features of the first test images and the probe's details.
    void inspected(const pretext::engine::FeatureSet &features, const pretext::engine::ProbeReport &probe);
    void experimentProgress(const pretext::engine::ExperimentProgress &progress);

private:
    void launch(std::function<std::unique_ptr<engine::Trainer>()> make, const QString &runDir);
    void launchWorker(TrainingWorker *worker, const QString &runDir);
    void setState(State s);
    void onWorkerDone();

    State m_state = State::Idle;
    QString m_runDir;
    QThread *m_thread = nullptr;
    std::shared_ptr<engine::TrainControl> m_control;
};

} // namespace pretext::ui
