// What every long-running pretext-cli command shares: progress on the terminal (a redrawn bar on a terminal, a line
// every few seconds otherwise) and Ctrl-C / SIGTERM turned into a clean stop with a checkpoint.
#pragma once

#include "engine/train/experiment.h"
#include "engine/train/trainer.h"

#include <chrono>
#include <functional>
#include <string>

namespace pretext::cli {

// "mm:ss" or "h:mm:ss"; "--:--" when unknown.
std::string clockText(double seconds);

// Prints a run's progress; also an experiment's ("run 2 of 6: flip removed", its ETA).
class ConsoleObserver : public engine::ExperimentObserver {
public:
    ConsoleObserver();
    void onStarted(const engine::RunInfo &info) override;
    void onStep(const engine::StepMetrics &m) override;
    void onEval(const engine::EvalMetrics &e) override;
    void onMessage(const std::string &text) override;
    void onExperimentProgress(const engine::ExperimentProgress &p) override;
    void newline();

private:
    engine::RunInfo m_info;
    bool m_tty;
    bool m_dirty = false;
    std::string m_prefix; // "[2/6] " during an experiment
    std::string m_lastRunId;
    double m_experimentEta = -1; // the whole experiment's, during one
    std::chrono::steady_clock::time_point m_lastPrint{};
};

// Runs `work` (which passes `control` to the engine) with Ctrl-C and SIGTERM turned into control.requestInterrupt():
// the engine stops after the current step or evaluation, with a checkpoint. A second Ctrl-C quits at once.
void runInterruptibly(engine::TrainControl &control, const std::function<void()> &work);

} // namespace pretext::cli
