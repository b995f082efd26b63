#include "ui/trainingcontroller.h"
#include "ui/enginetext.h"

#include "engine/core/compat.h"
#include "engine/core/errors.h"

#include <QCoreApplication>

#include <exception>

namespace pretext::ui {

void registerMetaTypes()
{
    static bool done = false;
    if (done) return;
    done = true;
    qRegisterMetaType<engine::StepMetrics>();
    qRegisterMetaType<engine::EvalMetrics>();
    qRegisterMetaType<engine::PreviewSnapshot>();
    qRegisterMetaType<engine::RunInfo>();
    qRegisterMetaType<engine::RunConfig>();
    qRegisterMetaType<engine::FeatureSet>();
    qRegisterMetaType<engine::ProbeReport>();
    qRegisterMetaType<engine::ExperimentProgress>();
    qRegisterMetaType<pretext::ui::TrainingController::State>();
}

// Runs on the training thread: forwards the engine's callbacks as queued signals to the controller.
class TrainingWorker : public QObject, public engine::ExperimentObserver {
    Q_OBJECT
public:
    TrainingWorker(std::function<std::unique_ptr<engine::Trainer>()> make, std::shared_ptr<engine::TrainControl> control)
        : m_make(std::move(make)), m_control(std::move(control))
    {
    }
    // An experiment: its runs one after the other, each reported like a single run.
    TrainingWorker(engine::ExperimentSpec spec, std::string dir, std::shared_ptr<engine::TrainControl> control)
        : m_experiment(std::make_unique<engine::ExperimentSpec>(std::move(spec))), m_experimentDir(std::move(dir)),
          m_control(std::move(control))
    {
    }

    bool wantsPreviews() const override { return true; }
    bool wantsInspection() const override { return true; }
    void onInspection(const engine::FeatureSet &f, const engine::ProbeReport &p) override { Q_EMIT inspected(f, p); }
    void onExperimentProgress(const engine::ExperimentProgress &p) override { Q_EMIT experimentProgress(p); }
    void onStarted(const engine::RunInfo &info) override { Q_EMIT started(info); }
    void onStep(const engine::StepMetrics &m) override { Q_EMIT stepFinished(m); }
    void onEval(const engine::EvalMetrics &e) override { Q_EMIT evaluated(e); }
    void onPreview(const engine::PreviewSnapshot &s) override { Q_EMIT previewReady(s); }
    void onMessage(const std::string &text) override { Q_EMIT message(engineText(text)); }
    void onCheckpoint(const std::string &path, int64_t step) override
    {
        Q_EMIT checkpointWritten(QString::fromStdString(path), step);
    }

    void run()
    {
        // Exceptions stop here: the GUI gets a sentence, never a crash.
        try {
            if (m_experiment) {
                Q_EMIT prepared();
                const auto outcome = engine::runExperiment(*m_experiment, m_experimentDir, this, m_control.get());
                Q_EMIT finished(outcome == engine::ExperimentOutcome::Finished ? QStringLiteral("finished")
                                                                               : QStringLiteral("stopped"));
                return;
            }
            Q_EMIT message(TrainingController::tr("loading data and building the model"));
            auto trainer = m_make();
            Q_EMIT prepared();
            const auto outcome = trainer->run(this, m_control.get());
            Q_EMIT finished(outcome == engine::TrainOutcome::Finished ? QStringLiteral("finished") : QStringLiteral("stopped"));
        } catch (const engine::Error &e) {
            Q_EMIT failed(QString::fromStdString(engine::describeException(e)));
        } catch (const std::exception &e) {
            // LibTorch's c10::Error carries a C++ backtrace: kept out unless PRETEXT_VERBOSE=1.
            Q_EMIT failed(QStringLiteral("internal error: ") + QString::fromStdString(engine::describeException(e)));
        }
    }

Q_SIGNALS:
    void prepared();
    void started(const pretext::engine::RunInfo &info);
    void stepFinished(const pretext::engine::StepMetrics &metrics);
    void evaluated(const pretext::engine::EvalMetrics &metrics);
    void previewReady(const pretext::engine::PreviewSnapshot &snapshot);
    void message(const QString &text);
    void checkpointWritten(const QString &path, qint64 step);
    void finished(const QString &outcome);
    void failed(const QString &error);
    void inspected(const pretext::engine::FeatureSet &features, const pretext::engine::ProbeReport &probe);
    void experimentProgress(const pretext::engine::ExperimentProgress &progress);

private:
    std::function<std::unique_ptr<engine::Trainer>()> m_make;
    std::unique_ptr<engine::ExperimentSpec> m_experiment;
    std::string m_experimentDir;
    std::shared_ptr<engine::TrainControl> m_control;
};

TrainingController::TrainingController(QObject *parent) : QObject(parent)
{
    registerMetaTypes();
}

TrainingController::~TrainingController()
{
    stopAndWait();
}

void TrainingController::start(const engine::RunConfig &config, const QString &runDir)
{
    const std::string dir = runDir.toStdString();
    launch([config, dir] { return std::make_unique<engine::Trainer>(config, dir); }, runDir);
}

void TrainingController::resumeRun(const QString &runDir)
{
    const std::string dir = runDir.toStdString();
    launch([dir] { return engine::Trainer::open(dir, engine::Trainer::OpenMode::Resume); }, runDir);
}

void TrainingController::startExperiment(const engine::ExperimentSpec &spec, const QString &dir)
{
    if (isActive()) {
        Q_EMIT failed(tr("a run is already in progress; stop it first"));
        return;
    }
    m_control = std::make_shared<engine::TrainControl>();
    launchWorker(new TrainingWorker(spec, dir.toStdString(), m_control), dir);
}

void TrainingController::launch(std::function<std::unique_ptr<engine::Trainer>()> make, const QString &runDir)
{
    if (isActive()) {
        Q_EMIT failed(tr("a run is already in progress; stop it first"));
        return;
    }
    m_control = std::make_shared<engine::TrainControl>();
    launchWorker(new TrainingWorker(std::move(make), m_control), runDir); // no parent: it lives on m_thread
}

void TrainingController::launchWorker(TrainingWorker *worker, const QString &runDir)
{
    m_runDir = runDir;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("pretext-training"));
    worker->moveToThread(m_thread);
    connect(m_thread, &QThread::started, worker, &TrainingWorker::run);
    connect(worker, &TrainingWorker::prepared, this, [this] {
        if (m_state == State::Preparing) setState(m_control->isPaused() ? State::Paused : State::Running);
    });
    connect(worker, &TrainingWorker::started, this, &TrainingController::started);
    connect(worker, &TrainingWorker::stepFinished, this, &TrainingController::stepFinished);
    connect(worker, &TrainingWorker::evaluated, this, &TrainingController::evaluated);
    connect(worker, &TrainingWorker::previewReady, this, &TrainingController::previewReady);
    connect(worker, &TrainingWorker::message, this, &TrainingController::message);
    connect(worker, &TrainingWorker::checkpointWritten, this, &TrainingController::checkpointWritten);
    connect(worker, &TrainingWorker::finished, this, &TrainingController::finished);
    connect(worker, &TrainingWorker::failed, this, &TrainingController::failed);
    connect(worker, &TrainingWorker::inspected, this, &TrainingController::inspected);
    connect(worker, &TrainingWorker::experimentProgress, this, &TrainingController::experimentProgress);
    // The worker's run() returns after emitting finished/failed: end the thread and clean up.
    connect(worker, &TrainingWorker::finished, m_thread, &QThread::quit);
    connect(worker, &TrainingWorker::failed, m_thread, &QThread::quit);
    connect(m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, this, &TrainingController::onWorkerDone);
    setState(State::Preparing);
    m_thread->start();
}

void TrainingController::onWorkerDone()
{
    if (m_thread) {
        m_thread->wait();
        m_thread->deleteLater();
        m_thread = nullptr;
    }
    setState(State::Idle);
}

void TrainingController::pause()
{
    if (!m_control || m_state == State::Stopping) return;
    m_control->pause();
    if (m_state == State::Running) setState(State::Paused);
}

void TrainingController::resume()
{
    if (!m_control || m_state == State::Stopping) return;
    m_control->resume();
    if (m_state == State::Paused) setState(State::Running);
}

void TrainingController::singleStep()
{
    if (!m_control || m_state == State::Stopping) return;
    m_control->singleStep();
    if (m_state == State::Running) setState(State::Paused);
}

void TrainingController::stop()
{
    if (!m_control || !isActive()) return;
    m_control->requestStop();
    setState(State::Stopping);
}

void TrainingController::setLearningRate(double lr)
{
    if (m_control) m_control->setLearningRate(lr);
}

void TrainingController::setTemperature(double temperature)
{
    if (m_control) m_control->setTemperature(temperature);
}

void TrainingController::drawNewViews()
{
    if (m_control && isActive() && m_state != State::Stopping) m_control->requestNewViews();
}

void TrainingController::stopAndWait()
{
    if (!m_thread) return;
    m_control->requestStop();
    m_thread->quit(); // takes effect once run() has returned
    m_thread->wait();
    // Deliver the worker's last queued signals (finished, the checkpoint) before reporting idle.
    QCoreApplication::sendPostedEvents(this);
    onWorkerDone();
}

void TrainingController::setState(State s)
{
    if (m_state == s) return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

} // namespace pretext::ui

#include "trainingcontroller.moc"
