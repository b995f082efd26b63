// pretext-cli runs DIR: the run library on a terminal (a table) or for scripts (--json).
#include "args.h"
#include "commands.h"

#include "engine/core/errors.h"
#include "engine/io/json.h"
#include "engine/io/runhistory.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>

namespace pretext::cli {

using namespace engine;

namespace {

const char *kSortKeys = "folder, method, backbone, dataset, epochs, probe, knn, wall, date, state";

std::string percent(double fraction)
{
    if (fraction < 0) return "-";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * fraction);
    return buf;
}

std::string wallTime(const RunSummary &s)
{
    if (s.wallSeconds < 0) return "-";
    char buf[32];
    const long long t = static_cast<long long>(s.wallSeconds + 0.5);
    if (s.wallSeconds < 10) std::snprintf(buf, sizeof buf, "%.1f s", s.wallSeconds);
    else if (t >= 3600) std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", t / 3600, (t / 60) % 60, t % 60);
    else std::snprintf(buf, sizeof buf, "%02lld:%02lld", t / 60, t % 60);
    return std::string(s.wallEstimated ? "~" : "") + buf;
}

std::string localDate(const RunSummary &s)
{
    if (s.startedEpoch <= 0) return "-";
    const std::time_t t = static_cast<std::time_t>(s.startedEpoch);
    std::tm tm{};
    if (!::localtime_r(&t, &tm)) return "-";
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

std::string steps(const RunSummary &s)
{
    return std::to_string(s.stepsDone) + "/" + (s.stepsPlanned > 0 ? std::to_string(s.stepsPlanned) : "?");
}

// Ascending for names; accuracies best first, dates newest first, wall time longest first.
void sortRuns(std::vector<RunHistory> &runs, const std::string &key)
{
    using Less = bool (*)(const RunSummary &, const RunSummary &);
    Less less = nullptr;
    if (key == "folder") less = [](const RunSummary &a, const RunSummary &b) { return a.name < b.name; };
    else if (key == "method") less = [](const RunSummary &a, const RunSummary &b) { return a.method < b.method; };
    else if (key == "backbone") less = [](const RunSummary &a, const RunSummary &b) { return a.backbone < b.backbone; };
    else if (key == "dataset") less = [](const RunSummary &a, const RunSummary &b) { return a.dataset < b.dataset; };
    else if (key == "epochs") less = [](const RunSummary &a, const RunSummary &b) { return a.epochs < b.epochs; };
    else if (key == "probe") less = [](const RunSummary &a, const RunSummary &b) { return a.probeAcc > b.probeAcc; };
    else if (key == "knn") less = [](const RunSummary &a, const RunSummary &b) { return a.knnAcc > b.knnAcc; };
    else if (key == "wall") less = [](const RunSummary &a, const RunSummary &b) { return a.wallSeconds > b.wallSeconds; };
    else if (key == "date") less = [](const RunSummary &a, const RunSummary &b) { return a.startedEpoch > b.startedEpoch; };
    else if (key == "state")
        less = [](const RunSummary &a, const RunSummary &b) {
            return std::string(runStateName(a.state)) < std::string(runStateName(b.state));
        };
    else throw ConfigError("--sort: unknown key '" + key + "' (one of: " + kSortKeys + ")");
    std::stable_sort(runs.begin(), runs.end(),
                     [less](const RunHistory &a, const RunHistory &b) { return less(a.summary(), b.summary()); });
}

json::Value toJson(const RunSummary &s)
{
    const auto orNull = [](double v) { return v < 0 ? json::Value() : json::Value(v); };
    const auto textOrNull = [](const std::string &t) { return t.empty() ? json::Value() : json::Value(t); };
    json::Value v = json::Value::object();
    v["folder"] = s.name;
    v["path"] = s.dir;
    v["method"] = textOrNull(s.method);
    v["backbone"] = textOrNull(s.backbone);
    v["dataset"] = textOrNull(s.dataset);
    v["epochs"] = s.epochs > 0 ? json::Value(s.epochs) : json::Value();
    v["steps"] = s.stepsDone;
    v["total_steps"] = s.stepsPlanned > 0 ? json::Value(s.stepsPlanned) : json::Value();
    v["probe_acc"] = orNull(s.probeAcc);
    v["knn_acc"] = orNull(s.knnAcc);
    v["random_init_probe_acc"] = orNull(s.randomInitProbeAcc);
    v["random_init_knn_acc"] = orNull(s.randomInitKnnAcc);
    v["wall_s"] = orNull(s.wallSeconds);
    v["wall_estimated"] = s.wallEstimated;
    v["started"] = textOrNull(s.started);
    v["state"] = runStateName(s.state);
    v["error"] = textOrNull(s.error);
    return v;
}

void printTable(const std::vector<RunHistory> &runs)
{
    const std::vector<std::string> header = { "method", "backbone", "dataset", "epochs", "steps", "probe",
                                              "kNN",    "wall",     "date",    "state",  "folder" };
    std::vector<std::vector<std::string>> rows;
    for (const auto &r : runs) {
        const RunSummary &s = r.summary();
        rows.push_back({ s.method.empty() ? "?" : s.method, s.backbone.empty() ? "?" : s.backbone,
                         s.dataset.empty() ? "?" : s.dataset, s.epochs > 0 ? std::to_string(s.epochs) : "?", steps(s),
                         percent(s.probeAcc), percent(s.knnAcc), wallTime(s), localDate(s), runStateName(s.state),
                         s.name });
    }
    std::vector<size_t> width(header.size());
    for (size_t c = 0; c < header.size(); ++c) {
        width[c] = header[c].size();
        for (const auto &row : rows) width[c] = std::max(width[c], row[c].size());
    }
    const auto printRow = [&width](const std::vector<std::string> &row) {
        std::string line;
        for (size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
        }
        std::cout << line << "\n";
    };
    printRow(header);
    for (size_t i = 0; i < rows.size(); ++i) {
        printRow(rows[i]);
        const RunSummary &s = runs[i].summary();
        if (!s.error.empty()) std::cout << "    " << (s.state == RunState::Damaged ? "damaged: " : "") << s.error << "\n";
    }
}

} // namespace

int cmdRuns(int argc, char **argv)
{
    const std::vector<FlagSpec> specs = {
        { "json", "", "print a JSON array of objects (one per run) instead of the table" },
        { "sort", "KEY",
          std::string("order by one of: ") + kSortKeys +
              " (names A to Z; accuracies and wall time highest first; dates newest first; default: folder)" },
        { "filter", "TEXT", "only runs whose method, backbone, dataset, folder or state contains TEXT" },
        { "help", "", "show this help" },
    };
    if (wantsHelp(argc, argv)) {
        std::cout << "Usage: pretext-cli runs DIR [--json] [--sort KEY] [--filter TEXT]\n\n"
                     "Lists the runs under DIR (DIR itself, its sub-folders and theirs: experiment folders hold\n"
                     "runs): method, backbone, dataset, epochs, steps done/planned, final linear probe and kNN\n"
                     "accuracy, training wall time (~ reckoned from pairs/s for older runs), start date, state\n"
                     "(running, finished, stopped, interrupted, diverged, damaged) and folder. A folder that\n"
                     "cannot be read is listed as damaged with the reason on the line below it.\n\n"
                  << formatFlags(specs) << "\nExit codes: 0 success, 2 bad usage or DIR not a readable folder.\n";
        return ExitOk;
    }
    Args args(argc, argv, 2, specs);
    if (args.positionals().size() != 1)
        throw ConfigError(args.positionals().empty() ? "runs: DIR is required (see --help)"
                                                     : "runs: expected one DIR, got " +
                                                           std::to_string(args.positionals().size()) + " (see --help)");
    const std::string dir = args.positionals().front();
    std::vector<RunHistory> runs = scanRuns(dir);
    if (auto text = args.value("filter"))
        runs.erase(std::remove_if(runs.begin(), runs.end(), [&](const RunHistory &r) { return !r.summary().matches(*text); }),
                   runs.end());
    sortRuns(runs, args.value("sort", "folder"));

    if (args.has("json")) {
        json::Value out = json::Value::array();
        for (const auto &r : runs) out.push_back(toJson(r.summary()));
        std::cout << json::dump(out, 2) << "\n";
        return ExitOk;
    }
    if (runs.empty()) {
        std::cout << "No runs under " << dir << (args.has("filter") ? " match the filter" : "") << ".\n";
        return ExitOk;
    }
    printTable(runs);
    return ExitOk;
}

} // namespace pretext::cli
