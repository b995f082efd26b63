#include "engine/io/report.h"

#include "engine/core/shellquote.h"

#include "engine/io/runfolder.h"
#include "engine/io/runhistory.h"
#include "engine/io/svgchart.h"
#include "engine/methods/catalog.h"

#include <dirent.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>

namespace pretext::engine {

namespace {

// XML escaping serves HTML text and attributes in either quotes alike.
using svg::escape;

// Numbers never follow a locale, in the report as in config.json.
std::string num(double value, int digits)
{
    return svg::number(value, digits);
}

std::string percent(double fraction)
{
    return fraction >= 0 ? num(100 * fraction, 1) + " %" : "–";
}

std::string twoDigits(long long v)
{
    return (v < 10 ? "0" : "") + std::to_string(v);
}

std::string duration(double seconds)
{
    if (seconds < 0) return "unknown";
    if (seconds < 60) return num(seconds, 1) + " s";
    const long long s = std::llround(seconds);
    if (s < 3600) return std::to_string(s / 60) + " min " + twoDigits(s % 60) + " s";
    return std::to_string(s / 3600) + " h " + twoDigits(s / 60 % 60) + " min";
}


bool readBytes(const std::string &path, std::string *bytes)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    bytes->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

std::string base64(const std::string &bytes)
{
    static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (size_t i = 0; i < bytes.size(); i += 3) {
        const size_t n = std::min<size_t>(3, bytes.size() - i);
        uint32_t v = 0;
        for (size_t k = 0; k < 3; ++k)
            v = v << 8 | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
        for (size_t k = 0; k < 4; ++k)
            out += k <= n ? table[(v >> (18 - 6 * k)) & 63] : '=';
    }
    return out;
}

// A word for a POSIX shell: as it is when every character is safe there, else in single quotes.
std::string absolutePath(const std::string &path)
{
    char *resolved = ::realpath(path.c_str(), nullptr);
    if (!resolved) return path;
    std::string out = resolved;
    std::free(resolved);
    return out;
}

// The newest PNG of each kind in snapshots/. The trainer names them step-<step, 6 or more digits>-<kind>.png
// (Trainer::Impl::writeSnapshots), at every epoch end and when a run stops.
struct Snapshot {
    std::string kind, file;
    int64_t step = -1;
};

// The order the panels show them in; kinds this list does not know come after, by name.
constexpr const char *kKindOrder[] = { "view1", "view2", "similarity", "correlation", "rotation", "jigsaw",
    "mask-input", "mask-reconstruction", "colorization" };

std::string kindDescription(const std::string &kind)
{
    static const std::map<std::string, std::string> what = {
        { "view1", "the first augmented view of each preview image" },
        { "view2", "the second augmented view of each preview image" },
        { "similarity", "cosine similarity of the 2N views (blue −1, white 0, red +1)" },
        { "correlation", "cross-correlation of the two views' embeddings (blue −1, white 0, red +1)" },
        { "rotation", "the rotation pretext: each image turned by k·90°" },
        { "jigsaw", "the jigsaw pretext: each image's tiles shuffled" },
        { "mask-input", "the masked input" },
        { "mask-reconstruction", "the reconstruction of the masked patches" },
        { "colorization", "the predicted colours" },
    };
    const auto it = what.find(kind);
    return it == what.end() ? std::string() : it->second;
}

std::vector<Snapshot> newestSnapshots(const std::string &dir)
{
    std::map<std::string, Snapshot> newest;
    DIR *d = ::opendir(dir.c_str());
    if (!d) return {};
    while (const dirent *e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name.rfind("step-", 0) != 0 || name.size() < 11 || name.compare(name.size() - 4, 4, ".png") != 0) continue;
        const size_t dash = name.find('-', 5);
        if (dash == std::string::npos || dash == 5 || dash - 5 > 18 || dash + 1 >= name.size() - 4) continue;
        int64_t step = 0;
        bool digits = true;
        for (size_t i = 5; i < dash; ++i) {
            digits = digits && name[i] >= '0' && name[i] <= '9';
            step = step * 10 + (name[i] - '0');
        }
        if (!digits) continue;
        const std::string kind = name.substr(dash + 1, name.size() - 4 - dash - 1);
        Snapshot &s = newest[kind];
        if (step > s.step) s = { kind, name, step };
    }
    ::closedir(d);
    const auto rank = [](const std::string &kind) {
        const auto *it = std::find(std::begin(kKindOrder), std::end(kKindOrder), kind);
        return it - std::begin(kKindOrder);
    };
    std::vector<Snapshot> out;
    for (const auto &entry : newest)
        out.push_back(entry.second);
    std::stable_sort(
        out.begin(), out.end(), [&](const Snapshot &a, const Snapshot &b) { return rank(a.kind) < rank(b.kind); });
    return out;
}

// svgchart writes standalone files; inside HTML the parser puts <svg> in its namespace, and the report then holds
// no URL at all.
std::string inlineSvg(std::string svg)
{
    const std::string ns = " xmlns='http://www.w3.org/2000/svg'";
    if (const size_t at = svg.find(ns); at != std::string::npos) svg.erase(at, ns.size());
    return svg;
}

std::string lossChart(const RunHistory &h)
{
    const auto &steps = h.steps();
    if (steps.empty()) return "<p>No training step was logged.</p>";
    // At most about 1000 points: beyond that, each point is the mean of a bucket of steps.
    const size_t bucket = (steps.size() + 999) / 1000;
    svg::Chart c;
    c.title = "Training loss";
    c.xLabel = "step";
    c.yLabel = "loss";
    c.markers = false;
    c.width = 900;
    c.height = 340;
    svg::Series loss { bucket == 1 ? "loss" : "loss, mean of " + std::to_string(bucket) + " steps", {} };
    for (size_t i = 0; i < steps.size(); i += bucket) {
        const size_t end = std::min(steps.size(), i + bucket);
        double sum = 0;
        int n = 0;
        for (size_t k = i; k < end; ++k)
            if (std::isfinite(steps[k].loss)) sum += steps[k].loss, ++n;
        c.x.push_back(static_cast<double>(steps[end - 1].step));
        loss.values.push_back(n > 0 ? sum / n : NAN);
    }
    c.series.push_back(loss);
    return inlineSvg(svg::lineChart(c));
}

std::string accuracyChart(const RunHistory &h)
{
    const RunSummary &s = h.summary();
    std::vector<const EvalMetrics *> epochs;
    for (const auto &e : h.evals())
        if (!e.randomInit) epochs.push_back(&e);
    if (epochs.empty()) return "<p>No offline evaluation after an epoch (eval_each_epoch off, or no epoch ended).</p>";
    bool knn = false;
    for (const auto *e : epochs)
        knn = knn || e->knnAcc >= 0;
    svg::Chart c;
    c.title = "Test accuracy after each epoch";
    c.xLabel = "epoch";
    c.yLabel = "accuracy (%)";
    c.markers = epochs.size() <= 30;
    c.width = 900;
    c.height = 340;
    const auto pct = [](double v) { return v >= 0 ? 100 * v : NAN; };
    // Each curve's random-init baseline is dashed in the curve's colour.
    svg::Series probe { "linear probe", {}, false, 0 }, knnSeries { "kNN", {}, false, 1 };
    svg::Series probeBase { "linear probe, random init", {}, true, 0 }, knnBase { "kNN, random init", {}, true, 1 };
    for (const auto *e : epochs) {
        c.x.push_back(static_cast<double>(e->epoch));
        probe.values.push_back(pct(e->probeAcc));
        knnSeries.values.push_back(pct(e->knnAcc));
        probeBase.values.push_back(pct(s.randomInitProbeAcc));
        knnBase.values.push_back(pct(s.randomInitKnnAcc));
    }
    c.series.push_back(probe);
    if (knn) c.series.push_back(knnSeries);
    if (s.randomInitProbeAcc >= 0) c.series.push_back(probeBase);
    if (knn && s.randomInitKnnAcc >= 0) c.series.push_back(knnBase);
    return inlineSvg(svg::lineChart(c));
}

std::string row(const std::string &name, const std::string &valueHtml)
{
    return "<tr><th>" + escape(name) + "</th><td>" + valueHtml + "</td></tr>";
}

std::string identity(const RunHistory &h, const std::string &folder, const json::Value &rawConfig)
{
    const RunSummary &s = h.summary();
    std::string out = "<table class='facts'>";
    out += row("Folder", "<code>" + escape(folder) + "</code>");
    std::string method = escape(s.method.empty() ? "unknown" : s.method);
    if (const MethodInfo *m = s.method.empty() ? nullptr : findMethod(s.method))
        method += " (" + escape(m->title) + ", " + escape(familyName(m->family)) + ")";
    out += row("Method", method);
    out += row("Dataset", escape(s.dataset.empty() ? "unknown" : s.dataset));
    out += row("Backbone", escape(s.backbone.empty() ? "unknown" : s.backbone));
    std::string state = "<b>" + escape(runStateName(s.state)) + "</b>";
    if (!s.error.empty()) state += ": <span class='bad'>" + escape(s.error) + "</span>";
    out += row("State", state);
    if (!s.started.empty()) out += row("Started", escape(s.started));
    out += row("Training time", escape(duration(s.wallSeconds) + (s.wallEstimated ? " (estimated)" : "")));
    std::string steps = std::to_string(s.stepsDone);
    if (s.stepsPlanned > 0) steps += " of " + std::to_string(s.stepsPlanned);
    if (const auto &c = h.config()) {
        // An epoch may be shorter than steps_per_epoch (a small data set): the planned total says what ran.
        steps += " in " + std::to_string(c->epochs) + (c->epochs == 1 ? " epoch" : " epochs");
        steps += ", batch " + std::to_string(c->batchSize);
        out += row("Steps", escape(steps));
        out += row("Seed", escape(std::to_string(c->seed)));
    } else {
        out += row("Steps", escape(steps));
    }
    if (const json::Value *v = rawConfig.isObject() ? rawConfig.find("versions") : nullptr; v && v->isObject()) {
        std::string versions;
        for (const auto &[key, value] : v->asObject())
            versions += (versions.empty() ? "" : " · ") + key + " "
                + (value.isString() ? value.asString() : json::dump(value));
        out += row("Versions", escape(versions));
    }
    out += row("Report written", escape(utcNow()));
    return out + "</table>";
}

std::string reproduce(const std::string &folder, const std::string &configBytes)
{
    std::string out = "<h2 id='reproduce'>Train it again</h2>";
    out += "<p>Save the configuration (";
    if (!configBytes.empty())
        out += "<a download='config.json' href='data:application/json;base64," + base64(configBytes)
            + "'>config.json</a>, ";
    out += "printed in full at the end of this page) and start a run of it into a new folder:</p>"
           "<pre class='cmd'>pretext-cli train --config config.json --out NEW_DIR</pre>"
           "<p>or straight from this run's folder:</p><pre class='cmd'>"
        + escape("pretext-cli train --config " + shellQuoted(joinPath(folder, runfolder::kConfig)) + " --out NEW_DIR")
        + "</pre><p>The configuration holds the seed; the versions, device, threads and precision above decide the "
          "last digits.</p>";
    return out;
}

std::string finalMetrics(const RunHistory &h)
{
    const RunSummary &s = h.summary();
    std::string out = "<h2 id='metrics'>Final metrics</h2><table class='facts'>";
    const auto &steps = h.steps();
    if (!steps.empty()) {
        const size_t k = std::min<size_t>(steps.size(), 20);
        double sum = 0;
        int n = 0;
        for (size_t i = steps.size() - k; i < steps.size(); ++i)
            if (std::isfinite(steps[i].loss)) sum += steps[i].loss, ++n;
        std::string loss = num(steps.back().loss, 4) + " at step " + std::to_string(steps.back().step);
        if (k > 1 && n > 0) loss += "; " + num(sum / n, 4) + " averaged over the last " + std::to_string(k) + " steps";
        out += row("Final loss", escape(loss));
        if (steps.back().onlineProbeAcc >= 0)
            out += row("Online probe, last step", escape(percent(steps.back().onlineProbeAcc)));
    }
    const EvalMetrics *last = nullptr, *bestProbe = nullptr, *bestKnn = nullptr;
    for (const auto &e : h.evals()) {
        if (e.randomInit) continue;
        last = &e;
        if (!bestProbe || e.probeAcc > bestProbe->probeAcc) bestProbe = &e;
        if (e.knnAcc >= 0 && (!bestKnn || e.knnAcc > bestKnn->knnAcc)) bestKnn = &e;
    }
    const auto at = [](const EvalMetrics *e) { return " (epoch " + std::to_string(e->epoch) + ")"; };
    if (last) {
        out += row("Linear probe, last", escape(percent(s.probeAcc) + at(last)));
        if (s.knnAcc >= 0) out += row("kNN, last", escape(percent(s.knnAcc) + at(last)));
        out += row("Linear probe, best", escape(percent(bestProbe->probeAcc) + at(bestProbe)));
        if (bestKnn) out += row("kNN, best", escape(percent(bestKnn->knnAcc) + at(bestKnn)));
    }
    if (s.randomInitProbeAcc >= 0) {
        std::string base = "linear probe " + percent(s.randomInitProbeAcc);
        if (s.randomInitKnnAcc >= 0) base += ", kNN " + percent(s.randomInitKnnAcc);
        out += row("Random-init baseline", escape(base + " (the untrained encoder)"));
    }
    if (!last && s.randomInitProbeAcc < 0) out += row("Evaluation", "none in this run");
    return out + "</table>";
}

std::string evaluationTable(const RunHistory &h)
{
    if (h.evals().empty()) return {};
    std::string out = "<h3>Every evaluation</h3><table class='num'><tr><th>when</th><th>step</th><th>linear "
                      "probe</th><th>kNN</th></tr>";
    for (const auto &e : h.evals())
        out += "<tr><td>" + (e.randomInit ? std::string("random init") : "epoch " + std::to_string(e.epoch))
            + "</td><td>" + std::to_string(e.step) + "</td><td>" + escape(percent(e.probeAcc)) + "</td><td>"
            + escape(percent(e.knnAcc)) + "</td></tr>";
    return out + "</table>";
}

std::string editsTable(const RunHistory &h)
{
    if (h.edits().empty()) return {};
    std::string out = "<h3>Settings changed while training</h3><table class='num'><tr><th>from step</th>"
                      "<th>setting</th><th>new value</th></tr>";
    for (const auto &e : h.edits())
        out += "<tr><td>" + std::to_string(e.step) + "</td><td>" + escape(e.setting) + "</td><td>"
            + escape(json::dump(json::Value(e.value))) + "</td></tr>";
    return out + "</table>";
}

std::string snapshots(const std::string &runDir)
{
    const auto shots = newestSnapshots(joinPath(runDir, runfolder::kSnapshots));
    if (shots.empty()) return "<h2 id='snapshots'>Snapshots</h2><p>No snapshot was written.</p>";
    std::string out = "<h2 id='snapshots'>Snapshots</h2><p>The newest picture of each kind the panels showed.</p>";
    for (const auto &s : shots) {
        std::string png;
        if (!readBytes(joinPath(joinPath(runDir, runfolder::kSnapshots), s.file), &png) || png.empty()) continue;
        const std::string what = kindDescription(s.kind);
        const std::string caption = s.kind + " at step " + std::to_string(s.step);
        out += "<figure><img alt='" + escape(caption) + "' src='data:image/png;base64," + base64(png)
            + "'><figcaption><b>" + escape(s.kind) + "</b> at step " + std::to_string(s.step)
            + (what.empty() ? "" : ": " + escape(what)) + "</figcaption></figure>";
    }
    return out;
}

constexpr const char *kStyle
    = "body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}"
      "h1{margin-bottom:.3em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}"
      "table{border-collapse:collapse;margin:.5em 0}th,td{padding:3px 12px;vertical-align:top}"
      "table.facts th{text-align:left;font-weight:normal;color:#555;white-space:nowrap}"
      "table.num td{text-align:right}table.num th{text-align:right}tr:nth-child(even){background:#f5f5f5}"
      "pre{background:#f5f5f5;padding:.7em 1em;overflow-x:auto}pre.cmd{white-space:pre-wrap;word-break:break-all}"
      "svg{display:block;max-width:100%;height:auto;margin:1em 0}"
      "figure{display:inline-block;vertical-align:top;margin:0 1.5em 1.5em 0;max-width:100%}"
      "figure img{image-rendering:pixelated;max-width:100%;border:1px solid #ddd}"
      "figcaption{font-size:90%;color:#444;max-width:460px}.bad{color:#b00020}"
      "footer{margin-top:3em;color:#777;font-size:85%}";

} // namespace

void writeReport(const std::string &runDir)
{
    const RunHistory h = RunHistory::read(runDir);
    const RunSummary &s = h.summary();
    const std::string folder = absolutePath(runDir);
    std::string configBytes;
    readBytes(joinPath(runDir, runfolder::kConfig), &configBytes);
    json::Value rawConfig;
    try {
        rawConfig = json::parse(configBytes, joinPath(runDir, runfolder::kConfig));
    } catch (const std::exception &) {
        // RunHistory has said why (the folder is damaged); the report shows the text as it is.
    }

    std::string title
        = (s.method.empty() ? std::string("run") : s.method) + (s.dataset.empty() ? std::string() : " on " + s.dataset);
    std::string html;
    html += "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            // Nothing may be fetched: every picture is a data: URI, there are no scripts.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
            "style-src 'unsafe-inline'\">"
            "<meta name='viewport' content='width=device-width, initial-scale=1'><title>Run report: "
        + escape(title) + "</title><style>" + kStyle + "</style></head><body>\n";
    html += "<h1>Run report: " + escape(title) + "</h1>\n";
    if (h.damaged()) html += "<p class='bad'>The folder could not be read completely: " + escape(s.error) + "</p>\n";
    html += identity(h, folder, rawConfig) + "\n";
    html += reproduce(folder, configBytes) + "\n";
    html += "<h2 id='curves'>Curves</h2>" + lossChart(h) + accuracyChart(h) + "\n";
    html += finalMetrics(h) + "\n";
    html += evaluationTable(h) + editsTable(h) + "\n";
    html += snapshots(runDir) + "\n";
    html += "<h2 id='config'>Configuration</h2><p>The run folder's <code>config.json</code>, as written when the run "
            "started:</p><pre id='config-json'>"
        + escape(configBytes.empty() ? "(config.json is missing)" : configBytes) + "</pre>\n";
    html += "<footer>Written by Pretext Workbench. One file: no scripts, nothing fetched; the pictures are embedded."
            "</footer>\n</body></html>\n";
    writeFileAtomically(joinPath(runDir, runfolder::kReport), html);
}

} // namespace pretext::engine
