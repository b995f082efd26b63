// The training loop, steered by a TrainControl and reporting to a TrainObserver. Torch-free header: the GUI's
// controller includes it and runs Trainer::run on its own thread.
#pragma once

#include "engine/core/inspection.h"
#include "engine/core/previews.h"
#include "engine/train/runconfig.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace pretext::engine {

class Method;
struct TransferOptions;
struct TransferResult;

struct RunInfo {
    std::string runDir;
    RunConfig config;
    std::string datasetName;
    std::vector<std::string> classNames;
    int64_t trainSize = 0, testSize = 0;
    int imageSize = 0, channels = 0;
    int64_t stepsPerEpoch = 0, totalSteps = 0;
    int64_t startStep = 0; // > 0 when resumed
    std::string device;    // e.g. "CPU" or "CUDA:0"
    std::string precision; // resolved: fp32 or bf16
    int threads = 0;
};

// Called on the training thread. Implementations must be quick (copy and hand over).
class TrainObserver {
public:
    virtual ~TrainObserver() = default;
    virtual bool wantsPreviews() const { return false; }
    virtual void onStarted(const RunInfo &) {}
    virtual void onStep(const StepMetrics &) {}
    virtual void onEval(const EvalMetrics &) {}
    virtual void onPreview(const PreviewSnapshot &) {}
    virtual void onMessage(const std::string &) {} // what the engine is doing, e.g. "random-init baseline…"
    virtual void onCheckpoint(const std::string & /*path*/, int64_t /*step*/) {}
    // After each offline evaluation (the random-init baseline included): the encoder's features of the first
    // test images and the probe's details, for the embedding map, neighbours and confusion matrix. Asked for only
    // when wantsInspection() is true (it costs a copy of the images).
    virtual bool wantsInspection() const { return false; }
    virtual void onInspection(const FeatureSet &, const ProbeReport &) {}
};

// Thread-safe steering of a running Trainer: stop, pause, resume, single step and live edits, checked by the
// engine between steps.
class TrainControl {
public:
    void requestStop();
    void requestInterrupt(); // like stop, but the run ends as "interrupted" (Ctrl-C)
    void pause();
    void resume();
    void singleStep(); // while paused: let exactly one more step run
    bool isPaused() const;
    bool stopRequested() const;
    bool interruptRequested() const;
    void setLearningRate(double lr);
    void setTemperature(double t);
    // New augmentations for the fixed preview samples, shown at once, also while paused.
    void requestNewViews();

    // Engine side. Blocks while paused (a single step lets one through); false when a stop was requested.
    // A request for new views made before or while waiting runs onNewViews on the waiting thread.
    bool awaitNextStep(const std::function<void()> &onNewViews = {});
    std::optional<double> takeLearningRate();
    std::optional<double> takeTemperature();

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_paused = false;
    bool m_stop = false;
    bool m_interrupt = false;
    bool m_newViews = false;
    int m_stepsAllowed = 0;
    std::optional<double> m_lr, m_temperature;
};

enum class TrainOutcome { Finished, Stopped, Interrupted };

class Trainer {
public:
    // Prepares a new run in runDir (created if needed; it must not already hold a run): validates the config,
    // loads the data and builds the model. Throws ConfigError or DataError.
    Trainer(const RunConfig &config, const std::string &runDir);
    // Opens a run folder at its latest checkpoint, verified first (it must belong to this run and config, its payload
    // checksum and shapes must match, its weights be finite; DataError otherwise, with nothing changed). For
    // resuming, metrics logged after that checkpoint are dropped (those steps will run again); a run killed before its
    // first checkpoint resumes from step 0. For evaluating only, the log is left as it is.
    // Inspect: read-only (no lock, nothing written), for looking at a finished or archived run.
    enum class OpenMode { Resume, Evaluate, Inspect };
    // `device` (cpu, cuda, cuda:N) overrides the run's own, e.g. to inspect a GPU run on a laptop.
    static std::unique_ptr<Trainer> open(const std::string &runDir, OpenMode mode = OpenMode::Resume,
                                         const std::string &device = {});
    ~Trainer();

    const RunInfo &info() const;
    int64_t completedSteps() const;

    // Trains until the planned steps are done or the control stops it; writes a checkpoint at every
    // checkpoint interval, every epoch end and when stopped. Throws DivergedError on a non-finite loss
    // (the last good checkpoint is kept).
    TrainOutcome run(TrainObserver *observer = nullptr, TrainControl *control = nullptr);

    // Offline linear probe and kNN on the current encoder; appended to metrics.jsonl unless the folder is read-only.
    EvalMetrics evaluate(TrainObserver *observer = nullptr);
    // False when the run was opened for evaluation on a read-only folder (an archived run): evaluate() still works,
    // its result is not appended to metrics.jsonl.
    bool writesResults() const;

    // Continue with another base learning rate (after a divergence: "try a lower lr"). Checked against the lr
    // setting's range (ConfigError); recorded in metrics.jsonl as lr_edit on the next step and kept by checkpoints.
    void setLearningRate(double lr);

    // The first `count` test images through the trained encoder (or, with randomInit, the untrained one the seed
    // builds): what an embedding map and a neighbour grid show. Writes nothing.
    FeatureSet features(int64_t count, bool randomInit = false);
    // The trained (or untrained) network that features() reads: its encoder and evaluation input, for exporters
    // (engine/io/torchexport.h).
    Method &network(bool randomInit = false);
    // An offline linear probe of the trained (or untrained) encoder, as evaluate() trains it, with its confusion
    // matrix, per-class accuracy and surest mistakes. Writes nothing.
    ProbeReport probeReport(bool randomInit = false);
    // The trained (or untrained) encoder transferred to a labelled share of the training set: a linear probe and a
    // fine-tuning, scored on the test split (engine/eval/transfer.h). The weights are left as they were.
    TransferResult transfer(const TransferOptions &options, bool randomInit = false);

private:
    Trainer();
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace pretext::engine
