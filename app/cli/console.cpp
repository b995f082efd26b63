#include "console.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include <unistd.h>

namespace pretext::cli {

using namespace engine;

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onInterruptSignal(int signal)
{
    g_interrupted = true;
    // A second Ctrl-C ends the process at once.
    if (signal == SIGINT) std::signal(SIGINT, SIG_DFL);
}

} // namespace

std::string clockText(double seconds)
{
    if (!(seconds >= 0) || seconds > 359999) return "--:--";
    const int s = static_cast<int>(seconds + 0.5);
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%02d:%02d", s / 60, s % 60);
    return buf;
}

ConsoleObserver::ConsoleObserver() : m_tty(::isatty(STDERR_FILENO)) {}

void ConsoleObserver::onStarted(const RunInfo &info)
{
    m_info = info;
    std::fprintf(stderr, "%s%s %s on %s: %lld train / %lld test images, %lld steps (%lld per epoch), %s, %d threads\n",
                 m_prefix.c_str(), info.startStep > 0 ? "resuming" : "training", info.config.method.c_str(),
                 info.datasetName.c_str(), static_cast<long long>(info.trainSize), static_cast<long long>(info.testSize),
                 static_cast<long long>(info.totalSteps), static_cast<long long>(info.stepsPerEpoch),
                 info.device.c_str(), info.threads);
    std::fprintf(stderr, "precision %s\n", info.precision.c_str());
    if (info.startStep > 0) std::fprintf(stderr, "continuing after step %lld\n", static_cast<long long>(info.startStep));
    std::fprintf(stderr, "run folder: %s\n", info.runDir.c_str());
}

void ConsoleObserver::onStep(const StepMetrics &m)
{
    const auto now = std::chrono::steady_clock::now();
    const bool last = m.step == m.totalSteps;
    if (m_tty) {
        if (!last && now - m_lastPrint < std::chrono::milliseconds(100)) return;
        const int width = 24;
        const int filled = static_cast<int>(width * m.step / std::max<int64_t>(1, m.totalSteps));
        std::string bar(static_cast<size_t>(filled), '#');
        bar += std::string(static_cast<size_t>(width - filled), '.');
        const std::string all = m_experimentEta >= 0 ? " (all " + clockText(m_experimentEta) + ")" : "";
        std::fprintf(stderr, "\r%s[%s] %3d%% step %lld/%lld  epoch %lld/%d  loss %.4f  %.0f pairs/s  ETA %s%s ",
                     m_prefix.c_str(), bar.c_str(), static_cast<int>(100 * m.step / std::max<int64_t>(1, m.totalSteps)),
                     static_cast<long long>(m.step), static_cast<long long>(m.totalSteps),
                     static_cast<long long>(m.epoch + 1), m_info.config.epochs, m.loss, m.pairsPerSecond,
                     clockText(m.etaSeconds).c_str(), all.c_str());
        m_dirty = true;
        if (last) newline();
    } else {
        if (!last && m.step != 1 && now - m_lastPrint < std::chrono::seconds(5)) return;
        std::fprintf(stderr, "%sstep %lld/%lld epoch %lld loss %.4f lr %.3g %.0f pairs/s ETA %s\n", m_prefix.c_str(),
                     static_cast<long long>(m.step), static_cast<long long>(m.totalSteps),
                     static_cast<long long>(m.epoch + 1), m.loss, m.lr, m.pairsPerSecond, clockText(m.etaSeconds).c_str());
    }
    m_lastPrint = now;
}

void ConsoleObserver::onEval(const EvalMetrics &e)
{
    newline();
    std::fprintf(stderr, "%s%s: linear probe %.2f%%, kNN %.2f%%\n", m_prefix.c_str(),
                 e.randomInit ? "random-init baseline" : ("after epoch " + std::to_string(e.epoch)).c_str(),
                 100 * e.probeAcc, 100 * e.knnAcc);
}

void ConsoleObserver::onMessage(const std::string &text)
{
    // An activity ("measuring the random-init baseline", "evaluating: …") goes on after the line: it gets "…". A note
    // or a warning ("threads = 1024 is more than …") is a whole sentence and is printed as it is.
    const std::string firstWord = text.substr(0, text.find_first_of(" :"));
    const bool activity = firstWord.size() > 3 && firstWord.compare(firstWord.size() - 3, 3, "ing") == 0;
    newline();
    std::fprintf(stderr, "%s%s%s\n", m_prefix.c_str(), text.c_str(), activity ? "…" : "");
}

void ConsoleObserver::onExperimentProgress(const ExperimentProgress &p)
{
    // Called every second during a run for the ETA: printed at a run's start, and on a terminal as a title line.
    const bool atStart = p.id != m_lastRunId;
    m_prefix = p.index < p.count ? "[" + std::to_string(p.index + 1) + "/" + std::to_string(p.count) + "] " : "";
    m_experimentEta = p.etaSeconds;
    if (!atStart) return;
    m_lastRunId = p.id;
    newline();
    std::fprintf(stderr, "== %s; experiment time %s, about %s left ==\n", p.message.c_str(),
                 clockText(p.elapsedSeconds).c_str(), clockText(p.etaSeconds).c_str());
}

void ConsoleObserver::newline()
{
    if (m_dirty) std::fputc('\n', stderr);
    m_dirty = false;
}

void runInterruptibly(TrainControl &control, const std::function<void()> &work)
{
    g_interrupted = false;
    std::signal(SIGINT, onInterruptSignal);
    // SIGTERM is what docker stop, systemd and Slurm send: treated like Ctrl-C.
    std::signal(SIGTERM, onInterruptSignal);
    // Ctrl-C can come during an evaluation, when no step reports for a while: a watcher turns it into a stop
    // request at once, and the engine stops (with a checkpoint) as soon as the current work ends.
    std::atomic<bool> done{false};
    std::thread watcher([&] {
        while (!done) {
            if (g_interrupted && !control.stopRequested()) {
                std::fprintf(stderr, "\ninterrupted: writing a checkpoint after the current step or evaluation "
                                     "(Ctrl-C again to quit at once)\n");
                control.requestInterrupt();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    const auto restore = [&] {
        done = true;
        watcher.join();
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
    };
    try {
        work();
    } catch (...) {
        restore();
        throw;
    }
    restore();
}

} // namespace pretext::cli
