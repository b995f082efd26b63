// The history of one run, read from its folder (config.json, metrics.jsonl, state.json): its curves, a summary
// and the state it was left in. One model for the window reopening a run, the run library, the comparison and
// `pretext-cli runs`. Torch-free (it reads files only), so the GUI and a bare CLI build can use it.
#pragma once

#include "engine/core/types.h"
#include "engine/io/json.h"
#include "engine/io/runfolder.h"
#include "engine/train/runconfig.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pretext::engine {

// What became of a run. Running: a process holds the folder's lock. Interrupted: Ctrl-C, SIGTERM, or a process
// that died while running (state.json says running, but nobody holds the lock). Damaged: the folder cannot be read
// (RunSummary::error says why).
// Failed: the trainer stopped on an error other than divergence (a full disk, bad data met during an evaluation).
enum class RunState { Running, Finished, Stopped, Interrupted, Diverged, Failed, Damaged };

// "running", "finished", … as state.json, the CLI and --json spell them.
const char *runStateName(RunState state);
std::optional<RunState> runStateFromName(std::string_view name);

// One step line of metrics.jsonl. Absent values are negative (the trainer never logs a negative one).
struct HistoryStep {
    int64_t step = 0;
    int64_t epoch = 0;
    double loss = 0;
    double lr = -1;
    double pairsPerSecond = -1;
    double onlineProbeAcc = -1;
    double temperature = -1;
    // Seconds of training up to the end of this step, over all sessions: the line's elapsed_s, or for runs
    // written before the trainer logged it, the sum of batch_size / pairs_per_s so far; -1 when neither is known.
    double elapsedSeconds = -1;
};

// A setting changed while the run trained ("lr_edit", "temperature_edit"), on the first step that used it.
struct LiveEdit {
    int64_t step = 0;
    std::string setting; // "lr" or "temperature"
    double value = 0;
};

struct RunSummary {
    std::string dir;  // the folder as it was read
    std::string name; // the folder relative to the scanned root (its own name when read alone)
    std::string method, backbone, dataset;
    int epochs = 0;
    int64_t stepsDone = 0;
    int64_t stepsPlanned = 0; // 0 = unknown
    // The last offline evaluation's accuracies and the random-init baseline's; -1 when not measured.
    double probeAcc = -1, knnAcc = -1;
    double randomInitProbeAcc = -1, randomInitKnnAcc = -1;
    double wallSeconds = -1;    // seconds of training (evaluations excluded when estimated); -1 = unknown
    bool wallEstimated = false; // reckoned from pairs_per_s (runs without elapsed_s)
    std::string started;        // ISO 8601 UTC: state.json's "started", else config.json's modification time
    int64_t startedEpoch = 0;   // the same in seconds since 1970 (0 = unknown), for sorting
    RunState state = RunState::Damaged;
    std::string error; // why the folder is damaged, or why the run diverged

    // Case-insensitive substring match against method, backbone, dataset, folder and state (the library's filter).
    bool matches(std::string_view text) const;
};

class RunHistory {
public:
    RunHistory() = default;

    // Reads a run folder. Never throws: a folder that cannot be read comes back with state Damaged and an error
    // that names the file (and line) at fault, with whatever could be read.
    static RunHistory read(const std::string &runDir);
    // The curves of one metrics.jsonl only (no config, no state), for the window reopening a run. A missing file
    // is an empty history (a run stopped before its first step); a bad line throws DataError naming file and line.
    static RunHistory fromMetrics(const std::string &metricsPath);

    // Feeds one metrics.jsonl line: a step line (it has "loss") or an evaluation (it has "probe_acc"); lines
    // without "step" are ignored. Throws std::runtime_error when a field has the wrong type.
    void addLine(const json::Value &line);
    void addStep(const HistoryStep &step);
    void addEval(const EvalMetrics &eval);
    void addEdit(const LiveEdit &edit) { m_edits.push_back(edit); }

    const std::vector<HistoryStep> &steps() const { return m_steps; }
    // Offline evaluations in log order; the random-init baseline has randomInit set (and step 0).
    const std::vector<EvalMetrics> &evals() const { return m_evals; }
    const std::vector<LiveEdit> &edits() const { return m_edits; }
    const RunSummary &summary() const { return m_summary; }
    // The run's configuration, when config.json was valid.
    const std::optional<RunConfig> &config() const { return m_config; }
    // The configuration as JSON (the resolved config when valid, else what config.json held; null when unreadable).
    const json::Value &configJson() const { return m_configJson; }
    bool damaged() const { return m_summary.state == RunState::Damaged; }
    // Seconds of training at the end of `step` (the nearest logged step at or before it); 0 for step 0, -1 unknown.
    double elapsedAt(int64_t step) const;

    void setName(const std::string &name) { m_summary.name = name; }

private:
    void readConfig(const std::string &runDir);
    void readState(const std::string &runDir);
    void summarise(const std::string &runDir);

    std::vector<HistoryStep> m_steps;
    std::vector<EvalMetrics> m_evals;
    std::vector<LiveEdit> m_edits;
    RunSummary m_summary;
    std::optional<RunConfig> m_config;
    json::Value m_configJson;
    int m_batchSize = 0; // for estimating elapsed seconds from pairs_per_s
    bool m_elapsedEstimated = false;
    // What state.json said, when present.
    std::optional<RunState> m_fileState;
    int64_t m_fileStep = -1, m_fileTotal = -1;
    double m_fileElapsed = -1;
    std::string m_fileError;
};

// A folder holding config.json, metrics.jsonl or checkpoints/.
bool isRunFolder(const std::string &dir);
// Whether a process holds the run folder's lock (RUN/.lock, see RunFolderLock). Non-blocking: tries the lock on
// a descriptor of its own and releases it at once.
bool isLocked(const std::string &runDir);
// Every run under `root`: root itself when it is a run, else its sub-folders and theirs (experiment folders
// hold runs) down to `depth` levels, never inside a run; hidden folders are skipped. Sorted by folder. A run that
// cannot be read is listed as damaged. Throws ConfigError when `root` is not a readable folder.
std::vector<RunHistory> scanRuns(const std::string &root, int depth = 2);

// Short names for runs shown together: the method plus the settings whose values differ between the runs
// ("simclr τ=0.2", "simclr τ=0.5"). A setting only one run has (another method's) does not count, nor, between
// runs of different methods, one at its method's default (the method's name says it). Runs that still read alike
// get their folder's name appended.
std::vector<std::string> runLabels(const std::vector<RunHistory> &runs);

} // namespace pretext::engine
