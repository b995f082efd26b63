#include "engine/io/report.h"

#include "engine/io/runfolder.h"

#include <dirent.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace pretext::engine {

namespace {

std::string escape(const std::string &s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string lossSvg(const std::vector<std::pair<double, double>> &points)
{
    if (points.size() < 2) return "<p>Not enough steps for a curve.</p>";
    const double w = 720, h = 260, pad = 40;
    double x0 = points.front().first, x1 = points.back().first;
    double y0 = points.front().second, y1 = y0;
    for (const auto &p : points) {
        y0 = std::min(y0, p.second);
        y1 = std::max(y1, p.second);
    }
    if (y1 - y0 < 1e-9) y1 = y0 + 1;
    if (x1 - x0 < 1e-9) x1 = x0 + 1;
    std::ostringstream svg;
    svg << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "'>"
        << "<rect width='100%' height='100%' fill='white' stroke='#ccc'/>";
    svg << "<polyline fill='none' stroke='#1f77b4' stroke-width='1.5' points='";
    for (const auto &p : points)
        svg << pad + (p.first - x0) / (x1 - x0) * (w - 2 * pad) << ","
            << h - pad - (p.second - y0) / (y1 - y0) * (h - 2 * pad) << " ";
    svg << "'/>";
    svg << "<text x='" << pad << "' y='" << pad - 10 << "' font-size='12'>loss " << y1 << "</text>";
    svg << "<text x='" << pad << "' y='" << h - 10 << "' font-size='12'>step " << x0 << " … " << x1 << ", min loss "
        << y0 << "</text></svg>";
    return svg.str();
}

} // namespace

void writeReport(const std::string &runDir)
{
    std::ostringstream html;
    html << "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Pretext Workbench run report</title>"
         << "<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}td,th{padding:2px 10px;"
            "text-align:right}table{border-collapse:collapse}tr:nth-child(even){background:#f4f4f4}</style>"
         << "</head><body><h1>Run report</h1><p>" << escape(runDir) << "</p>";

    std::string configText = "(config.json missing)";
    try {
        configText = json::dump(json::parseFile(joinPath(runDir, runfolder::kConfig)), 2);
    } catch (const std::exception &) {
    }

    std::vector<std::pair<double, double>> loss;
    std::ostringstream evals;
    try {
        const auto lines = readMetrics(joinPath(runDir, runfolder::kMetrics));
        const size_t stride = std::max<size_t>(1, lines.size() / 2000);
        size_t i = 0;
        for (const auto &v : lines) {
            if (const auto *l = v.find("loss")) {
                if (i++ % stride == 0 && l->isNumber()) loss.emplace_back(v.find("step")->asNumber(), l->asNumber());
            } else if (const auto *p = v.find("probe_acc")) {
                const auto *k = v.find("knn_acc");
                evals << "<tr><td>" << (v.find("random_init") ? "random init" : "epoch " + json::dump(*v.find("epoch")))
                      << "</td><td>" << json::dump(*v.find("step")) << "</td><td>"
                      << std::round(p->asNumber() * 10000) / 100 << " %</td><td>"
                      << (k && k->isNumber() ? std::to_string(std::round(k->asNumber() * 10000) / 100).substr(0, 5) + " %" : "")
                      << "</td></tr>";
            }
        }
    } catch (const std::exception &e) {
        evals << "<tr><td colspan=4>" << escape(e.what()) << "</td></tr>";
    }
    html << "<h2>Loss</h2>" << lossSvg(loss);
    html << "<h2>Evaluation</h2><table><tr><th>when</th><th>step</th><th>linear probe</th><th>kNN</th></tr>"
         << evals.str() << "</table>";

    std::vector<std::string> shots;
    if (DIR *dirp = opendir(joinPath(runDir, runfolder::kSnapshots).c_str())) {
        while (dirent *e = readdir(dirp)) {
            std::string name = e->d_name;
            if (name.size() > 4 && name.substr(name.size() - 4) == ".png") shots.push_back(name);
        }
        closedir(dirp);
    }
    std::sort(shots.begin(), shots.end());
    if (!shots.empty()) html << "<h2>Snapshots</h2>";
    for (const auto &s : shots)
        html << "<figure style='display:inline-block'><img src='snapshots/" << escape(s)
             << "' style='image-rendering:pixelated;max-width:440px'><figcaption>" << escape(s) << "</figcaption></figure>";
    html << "<h2>Configuration</h2><pre>" << escape(configText) << "</pre></body></html>\n";
    writeFileAtomically(joinPath(runDir, runfolder::kReport), html.str());
}

} // namespace pretext::engine
