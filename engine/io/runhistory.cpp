#include "engine/io/runhistory.h"

#include "engine/core/errors.h"
#include "engine/io/runfolder.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pretext::engine {

namespace {

constexpr std::pair<RunState, const char *> kStateNames[] = {
    { RunState::Running, "running" },         { RunState::Finished, "finished" }, { RunState::Stopped, "stopped" },
    { RunState::Interrupted, "interrupted" }, { RunState::Diverged, "diverged" }, { RunState::Failed, "failed" },
    { RunState::Damaged, "damaged" },
};

bool isDirectory(const std::string &path)
{
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

int64_t modificationTime(const std::string &path)
{
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_mtime) : 0;
}

std::string baseName(std::string path)
{
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string isoFromEpoch(int64_t seconds)
{
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    if (!::gmtime_r(&t, &tm)) return {};
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// "2026-12-06T14:40:00Z" (fractions and offsets other than Z are not written by the trainer) → seconds; 0 if not.
int64_t epochFromIso(const std::string &text)
{
    std::tm tm{};
    char zone = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec, &zone) < 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<int64_t>(::timegm(&tm));
}

// Messages name files by their full path; inside a run's row the folder is already shown.
std::string withoutDir(std::string message, const std::string &runDir)
{
    std::string prefix = runDir;
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    prefix += '/';
    for (size_t at = message.find(prefix); at != std::string::npos; at = message.find(prefix, at))
        message.erase(at, prefix.size());
    return message;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

double numberOr(const json::Value &object, const char *key, double fallback)
{
    const json::Value *v = object.find(key);
    return v ? v->asNumber() : fallback;
}

std::string stringOr(const json::Value &object, const char *key)
{
    const json::Value *v = object.find(key);
    return v && v->isString() ? v->asString() : std::string();
}

} // namespace

const char *runStateName(RunState state)
{
    for (const auto &[s, name] : kStateNames)
        if (s == state) return name;
    return "damaged";
}

std::optional<RunState> runStateFromName(std::string_view name)
{
    for (const auto &[s, n] : kStateNames)
        if (name == n) return s;
    return std::nullopt;
}

bool RunSummary::matches(std::string_view text) const
{
    if (text.empty()) return true;
    const std::string needle = lower(text);
    for (const std::string *field : { &method, &backbone, &dataset, &name })
        if (lower(*field).find(needle) != std::string::npos) return true;
    return lower(runStateName(state)).find(needle) != std::string::npos;
}

// ---------------------------------------------------------------- feeding

void RunHistory::addLine(const json::Value &line)
{
    const json::Value *step = line.find("step");
    if (!step) return;
    const auto s = static_cast<int64_t>(step->asNumber());
    if (const json::Value *loss = line.find("loss")) {
        HistoryStep h;
        h.step = s;
        h.epoch = static_cast<int64_t>(numberOr(line, "epoch", 0));
        h.loss = loss->asNumber();
        h.lr = numberOr(line, "lr", -1);
        h.pairsPerSecond = numberOr(line, "pairs_per_s", -1);
        h.onlineProbeAcc = numberOr(line, "online_probe_acc", -1);
        h.temperature = numberOr(line, "temperature", -1);
        h.elapsedSeconds = numberOr(line, "elapsed_s", -1);
        if (h.elapsedSeconds < 0 && m_batchSize > 0 && h.pairsPerSecond > 0) {
            // Runs from before elapsed_s: pairs_per_s is the batch over the mean of recent step times, so their sum
            // is close to the time spent training (evaluations and checkpoints left out).
            const double before = m_steps.empty() ? 0.0 : m_steps.back().elapsedSeconds;
            if (before >= 0) {
                h.elapsedSeconds = before + m_batchSize / h.pairsPerSecond;
                m_elapsedEstimated = true;
            }
        }
        addStep(h);
        // Live edits are recorded on the step that first used them.
        if (const json::Value *e = line.find("lr_edit")) addEdit({ s, "lr", e->asNumber() });
        if (const json::Value *e = line.find("temperature_edit")) addEdit({ s, "temperature", e->asNumber() });
    } else if (const json::Value *probe = line.find("probe_acc")) {
        EvalMetrics e;
        e.step = s;
        e.epoch = static_cast<int64_t>(numberOr(line, "epoch", 0));
        e.probeAcc = probe->asNumber();
        e.knnAcc = numberOr(line, "knn_acc", -1);
        e.randomInit = line.contains("random_init");
        addEval(e);
    }
}

void RunHistory::addStep(const HistoryStep &step)
{
    m_steps.push_back(step);
}

void RunHistory::addEval(const EvalMetrics &eval)
{
    m_evals.push_back(eval);
}

double RunHistory::elapsedAt(int64_t step) const
{
    if (step <= 0) return 0;
    auto it = std::upper_bound(m_steps.begin(), m_steps.end(), step,
                               [](int64_t s, const HistoryStep &h) { return s < h.step; });
    if (it == m_steps.begin()) return -1;
    return std::prev(it)->elapsedSeconds;
}

// ---------------------------------------------------------------- reading a folder

RunHistory RunHistory::fromMetrics(const std::string &metricsPath)
{
    RunHistory h;
    if (!pathExists(metricsPath)) return h; // a run stopped before its first step
    const auto lines = readMetrics(metricsPath);
    for (size_t i = 0; i < lines.size(); ++i) {
        try {
            h.addLine(lines[i]);
        } catch (const std::exception &e) {
            throw DataError(metricsPath + " line " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    return h;
}

void RunHistory::readConfig(const std::string &runDir)
{
    const std::string path = joinPath(runDir, runfolder::kConfig);
    if (!pathExists(path)) throw DataError(std::string(runfolder::kConfig) + " is missing");
    m_summary.startedEpoch = modificationTime(path); // written once, when the run was created
    json::Value raw;
    try {
        raw = json::parseFile(path);
    } catch (const std::exception &e) {
        throw DataError(e.what());
    }
    if (raw.isObject()) {
        // What the summary can show even when the config no longer validates (e.g. a method since removed).
        m_configJson = raw;
        m_summary.method = stringOr(raw, "method");
        m_summary.backbone = stringOr(raw, "backbone");
        m_summary.dataset = stringOr(raw, "dataset");
        if (const json::Value *e = raw.find("epochs"); e && e->isNumber()) m_summary.epochs = static_cast<int>(e->asNumber());
    }
    m_config = runConfigFromJson(raw, path);
    m_configJson = toJson(*m_config);
    m_summary.method = m_config->method;
    m_summary.backbone = m_config->backbone;
    m_summary.dataset = m_config->dataset;
    m_summary.epochs = m_config->epochs;
    m_batchSize = m_config->batchSize;
}

void RunHistory::readState(const std::string &runDir)
{
    const std::string path = joinPath(runDir, runfolder::kState);
    if (!pathExists(path)) return; // a run from before state.json
    json::Value v;
    try {
        v = json::parseFile(path);
        if (!v.isObject()) throw std::runtime_error("expected a JSON object");
        const json::Value *state = v.find("state");
        if (!state) throw std::runtime_error("no \"state\" field");
        m_fileState = runStateFromName(state->asString());
        if (!m_fileState || *m_fileState == RunState::Damaged)
            throw std::runtime_error("unknown state \"" + state->asString() + "\"");
        m_fileStep = static_cast<int64_t>(numberOr(v, "step", -1));
        m_fileTotal = static_cast<int64_t>(numberOr(v, "total_steps", -1));
        m_fileElapsed = numberOr(v, "elapsed_s", -1);
        m_fileError = stringOr(v, "error");
        if (const int64_t started = epochFromIso(stringOr(v, "started"))) m_summary.startedEpoch = started;
    } catch (const std::exception &e) {
        m_fileState.reset();
        const std::string what = e.what();
        throw DataError(what.rfind(path, 0) == 0 ? what : path + ": " + what);
    }
}

void RunHistory::summarise(const std::string &runDir)
{
    RunSummary &s = m_summary;
    s.stepsDone = m_steps.empty() ? 0 : m_steps.back().step;
    if (m_fileStep > s.stepsDone) s.stepsDone = m_fileStep;
    const EvalMetrics *last = nullptr;
    for (const auto &e : m_evals) {
        if (e.randomInit) {
            s.randomInitProbeAcc = e.probeAcc;
            s.randomInitKnnAcc = e.knnAcc;
        } else {
            last = &e;
        }
    }
    if (last) {
        s.probeAcc = last->probeAcc;
        s.knnAcc = last->knnAcc;
    }
    if (m_fileTotal > 0) s.stepsPlanned = m_fileTotal;
    else if (m_config && m_config->stepsPerEpoch > 0) s.stepsPlanned = m_config->epochs * m_config->stepsPerEpoch;

    if (!m_steps.empty() && m_steps.back().elapsedSeconds >= 0) {
        s.wallSeconds = m_steps.back().elapsedSeconds;
        s.wallEstimated = m_elapsedEstimated;
    }
    // state.json is rewritten at checkpoints and at the end, the log at every step: the later of the two counts.
    if (m_fileElapsed >= 0 && (s.wallEstimated || m_fileElapsed > s.wallSeconds)) {
        s.wallSeconds = m_fileElapsed;
        s.wallEstimated = false;
    }
    if (s.startedEpoch == 0) s.startedEpoch = modificationTime(runDir);
    s.started = s.startedEpoch > 0 ? isoFromEpoch(s.startedEpoch) : std::string();

    if (!s.error.empty()) {
        s.state = RunState::Damaged;
        s.error = withoutDir(s.error, runDir);
        return;
    }
    if (m_fileState) {
        s.state = *m_fileState;
        // The trainer says "running" until it ends; nobody holding the lock means its process died.
        if (s.state == RunState::Running && !isLocked(runDir)) s.state = RunState::Interrupted;
        if (s.state == RunState::Diverged || s.state == RunState::Failed) s.error = m_fileError;
        return;
    }
    // A run from before state.json: a process holding the lock is training it; otherwise the log tells.
    if (isLocked(runDir)) {
        s.state = RunState::Running;
        return;
    }
    bool finished = false;
    if (pathExists(joinPath(runDir, runfolder::kReport))) {
        finished = true; // the trainer writes the report when the last step is done, never on a stop
    } else if (s.stepsPlanned > 0) {
        finished = s.stepsDone == s.stepsPlanned && last && last->step == s.stepsPlanned;
    } else if (m_config && last) {
        // One pass per epoch of unknown length: the evaluation after the last epoch is at the last step.
        finished = last->step == s.stepsDone && last->epoch == m_config->epochs;
    }
    if (finished && s.stepsPlanned == 0) s.stepsPlanned = s.stepsDone;
    s.state = finished ? RunState::Finished : RunState::Stopped;
}

RunHistory RunHistory::read(const std::string &runDir)
{
    RunHistory h;
    h.m_summary.dir = runDir;
    h.m_summary.name = baseName(runDir);
    std::string &error = h.m_summary.error;
    const auto fail = [&error](const std::string &message) {
        if (error.empty()) error = message; // the first fault is the one to fix first
    };
    if (!isDirectory(runDir)) {
        fail(runDir + ": no such folder");
        h.summarise(runDir);
        return h;
    }
    try {
        h.readConfig(runDir);
    } catch (const std::exception &e) {
        fail(e.what());
    }
    const std::string metricsPath = joinPath(runDir, runfolder::kMetrics);
    if (!pathExists(metricsPath)) {
        fail(std::string(runfolder::kMetrics) + " is missing");
    } else {
        try {
            const auto lines = readMetrics(metricsPath);
            for (size_t i = 0; i < lines.size(); ++i) {
                try {
                    h.addLine(lines[i]);
                } catch (const std::exception &e) {
                    throw DataError(metricsPath + " line " + std::to_string(i + 1) + ": " + e.what());
                }
            }
        } catch (const std::exception &e) {
            fail(e.what());
        }
    }
    try {
        h.readState(runDir);
    } catch (const std::exception &e) {
        fail(e.what());
    }
    h.summarise(runDir);
    return h;
}

// ---------------------------------------------------------------- folders

bool isRunFolder(const std::string &dir)
{
    return pathExists(joinPath(dir, runfolder::kConfig)) || pathExists(joinPath(dir, runfolder::kMetrics)) ||
           isDirectory(joinPath(dir, runfolder::kCheckpoints));
}

bool isLocked(const std::string &runDir)
{
    // A descriptor of our own: flock locks belong to the open file, so this sees even a lock of this process.
    const int fd = ::open(joinPath(runDir, ".lock").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false; // no lock file: no trainer ever held it
    const bool locked = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd); // releases the lock if we took it
    return locked;
}

namespace {

std::vector<std::string> subFolders(const std::string &dir)
{
    std::vector<std::string> out;
    DIR *d = ::opendir(dir.c_str());
    if (!d) return out;
    while (const dirent *entry = ::readdir(d)) {
        if (entry->d_name[0] == '.') continue; // ., .. and hidden folders
        const std::string path = joinPath(dir, entry->d_name);
        if (isDirectory(path)) out.push_back(path);
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

void collectRuns(const std::string &dir, int levels, std::vector<std::string> &out)
{
    if (isRunFolder(dir)) {
        out.push_back(dir);
        return; // checkpoints/ and snapshots/ are no runs
    }
    if (levels <= 0) return;
    for (const auto &sub : subFolders(dir)) collectRuns(sub, levels - 1, out);
}

std::string formatValue(const json::Value &v)
{
    if (v.isString()) return v.asString();
    if (v.isBool()) return v.asBool() ? "on" : "off";
    return json::dump(v);
}

void flatten(const json::Value &v, const std::string &prefix, std::vector<std::pair<std::string, std::string>> &out)
{
    for (const auto &[key, value] : v.asObject()) {
        const std::string name = prefix.empty() ? key : prefix + "." + key;
        if (value.isObject()) flatten(value, name, out);
        else out.emplace_back(name, formatValue(value));
    }
}

// How a setting is named in a label: τ as the reference text writes it, augmentations without their group.
std::string shortKey(const std::string &key)
{
    if (key == "temperature") return "τ";
    if (key.rfind("augment.", 0) == 0) return key.substr(8);
    return key;
}

} // namespace

std::vector<RunHistory> scanRuns(const std::string &root, int depth)
{
    if (!isDirectory(root)) throw ConfigError(root + ": no such folder");
    if (::access(root.c_str(), R_OK | X_OK) != 0)
        throw ConfigError(root + ": cannot read the folder: " + std::strerror(errno));
    std::vector<std::string> dirs;
    collectRuns(root, depth, dirs);
    std::string prefix = root;
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    prefix += '/';
    std::vector<RunHistory> runs;
    runs.reserve(dirs.size());
    for (const auto &dir : dirs) {
        RunHistory h = RunHistory::read(dir);
        if (dir.rfind(prefix, 0) == 0) h.setName(dir.substr(prefix.size()));
        runs.push_back(std::move(h));
    }
    return runs;
}

std::vector<std::string> runLabels(const std::vector<RunHistory> &runs)
{
    // Settings that say nothing about what was learned.
    static const char *const ignored[] = { "method", "versions", "run_id", "threads", "device", "previews_per_second",
                                           "preview_samples", "checkpoint_every" };
    std::vector<std::vector<std::pair<std::string, std::string>>> flat(runs.size());
    std::vector<std::string> keys; // in the order of the first run that has them
    for (size_t i = 0; i < runs.size(); ++i) {
        if (runs[i].configJson().isObject()) flatten(runs[i].configJson(), {}, flat[i]);
        for (const auto &kv : flat[i]) {
            const std::string top = kv.first.substr(0, kv.first.find('.'));
            if (std::find(std::begin(ignored), std::end(ignored), top) != std::end(ignored)) continue;
            if (std::find(keys.begin(), keys.end(), kv.first) == keys.end()) keys.push_back(kv.first);
        }
    }
    const auto valueOf = [&flat](size_t run, const std::string &key) -> const std::string * {
        for (const auto &kv : flat[run])
            if (kv.first == key) return &kv.second;
        return nullptr;
    };
    std::vector<std::string> differing;
    for (const auto &key : keys) {
        const std::string *first = nullptr;
        int holders = 0;
        bool differs = false;
        for (size_t i = 0; i < runs.size(); ++i) {
            const std::string *v = valueOf(i, key);
            if (!v) continue;
            ++holders;
            if (!first) first = v;
            else if (*v != *first) differs = true;
        }
        if (differs && holders >= 2) differing.push_back(key);
    }
    // Between methods, a setting at the method's own default (its recipe: BYOL's lr against SimCLR's) is said by
    // the method's name; one that differs among runs of the same method, or from the recipe, is named.
    std::vector<std::vector<std::pair<std::string, std::string>>> defaults(runs.size());
    for (size_t i = 0; i < runs.size(); ++i) {
        try {
            if (!runs[i].summary().method.empty()) flatten(toJson(defaultRunConfig(runs[i].summary().method)), {}, defaults[i]);
        } catch (const std::exception &) {
            // A method this build does not know: every difference is named.
        }
    }
    const auto differsWithinMethod = [&](size_t run, const std::string &key) {
        const std::string *mine = valueOf(run, key);
        for (size_t j = 0; j < runs.size(); ++j) {
            if (j == run || runs[j].summary().method != runs[run].summary().method) continue;
            const std::string *other = valueOf(j, key);
            if (other && mine && *other != *mine) return true;
        }
        return false;
    };
    const auto isDefault = [&](size_t run, const std::string &key, const std::string &value) {
        for (const auto &kv : defaults[run])
            if (kv.first == key) return kv.second == value;
        return false;
    };
    std::vector<std::string> labels;
    for (size_t i = 0; i < runs.size(); ++i) {
        const RunSummary &s = runs[i].summary();
        std::string label = s.method.empty() ? s.name : s.method;
        for (const auto &key : differing) {
            const std::string *v = valueOf(i, key);
            if (v && (differsWithinMethod(i, key) || !isDefault(i, key, *v))) label += " " + shortKey(key) + "=" + *v;
        }
        labels.push_back(label);
    }
    const std::vector<std::string> plain = labels;
    for (size_t i = 0; i < labels.size(); ++i)
        if (std::count(plain.begin(), plain.end(), plain[i]) > 1) labels[i] += " (" + runs[i].summary().name + ")";
    return labels;
}

} // namespace pretext::engine
