// pretext-cli inspect: what a run's encoder learned, from its checkpoint (read-only: an archived run folder works).
#include "args.h"
#include "commands.h"

#include "engine/core/compat.h"
#include "engine/core/errors.h"
#include "engine/eval/embedding.h"
#include "engine/io/runfolder.h"
#include "engine/io/svgchart.h"
#include "engine/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

namespace pretext::cli {

using namespace engine;

namespace {

const std::vector<FlagSpec> kInspectFlags = {
    {"map", "KIND", "embedding map: tsne (default) or pca"},
    {"out", "FILE", "write the map: .svg (with the class legend), .png, or .csv (coordinates and labels)"},
    {"points", "N", "test images in the map and the neighbour search (default 2000)"},
    {"perplexity", "P", "t-SNE perplexity (default 30)"},
    {"iterations", "N", "t-SNE iterations (default 750)"},
    {"random-init", "", "the untrained encoder the run's seed builds, for comparison"},
    {"neighbours", "N", "nearest neighbours of N random test images (printed; --neighbours-out for a picture)"},
    {"k", "K", "neighbours per image (default 8)"},
    {"neighbours-out", "FILE.png", "the neighbour grid: each row a query, then its neighbours; wrong class framed red"},
    {"features-out", "FILE.csv", "the encoder's features of the mapped images, one row per image"},
    {"probe", "", "offline linear probe details: per-class accuracy, confusion matrix, surest mistakes"},
    {"seed", "N", "seed of the random queries and the t-SNE start (default 0)"},
    {"device", "DEV", "compute on this device (e.g. cpu for a run trained on cuda)"},
    {"threads", "N", "CPU threads (default: all cores)"},
    {"help", "", "show this help"},
};

std::string inspectHelp()
{
    return "Usage: pretext-cli inspect RUN_DIR [OPTIONS]\n\n"
           "Looks at the representation a run learned (its latest checkpoint; nothing is written into the run):\n"
           "an embedding map of test images (t-SNE or PCA) coloured by class, their nearest neighbours in feature\n"
           "space, and the offline linear probe's per-class accuracy and confusion matrix. --random-init shows the\n"
           "same for the untrained network.\n\nExamples:\n"
           "  pretext-cli inspect runs/simclr --map tsne --out map.svg\n"
           "  pretext-cli inspect runs/simclr --neighbours 6 --neighbours-out neighbours.png\n"
           "  pretext-cli inspect runs/simclr --probe\n\nOptions:\n" +
           formatFlags(kInspectFlags);
}

struct Rgb {
    uint8_t r, g, b;
};

Rgb classColour(size_t i)
{
    const std::string &hex = svg::colour(i);
    const auto byte = [&](size_t at) { return static_cast<uint8_t>(std::stoi(hex.substr(at, 2), nullptr, 16)); };
    return {byte(1), byte(3), byte(5)};
}

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// An RGB canvas for the PNG pictures.
struct Canvas {
    int width, height;
    std::vector<uint8_t> pixels;
    Canvas(int w, int h) : width(w), height(h), pixels(static_cast<size_t>(w) * h * 3, 255) {}
    void set(int x, int y, Rgb c)
    {
        if (x < 0 || y < 0 || x >= width || y >= height) return;
        auto *p = &pixels[(static_cast<size_t>(y) * width + x) * 3];
        p[0] = c.r;
        p[1] = c.g;
        p[2] = c.b;
    }
    void disc(double cx, double cy, double r, Rgb c)
    {
        for (int y = static_cast<int>(cy - r); y <= static_cast<int>(cy + r); ++y)
            for (int x = static_cast<int>(cx - r); x <= static_cast<int>(cx + r); ++x)
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) set(x, y, c);
    }
    void rect(int x0, int y0, int w, int h, Rgb c, int thickness)
    {
        for (int t = 0; t < thickness; ++t)
            for (int x = x0 - t; x < x0 + w + t; ++x) {
                set(x, y0 - t - 1, c);
                set(x, y0 + h + t, c);
            }
        for (int t = 0; t < thickness; ++t)
            for (int y = y0 - t - 1; y <= y0 + h + t; ++y) {
                set(x0 - t - 1, y, c);
                set(x0 + w + t, y, c);
            }
    }
    void fill(int x0, int y0, int w, int h, Rgb c)
    {
        for (int y = y0; y < y0 + h; ++y)
            for (int x = x0; x < x0 + w; ++x) set(x, y, c);
    }
    // Image i of the grid, upscaled by `scale` (nearest neighbour).
    void image(const ImageGrid &g, int i, int x0, int y0, int scale)
    {
        const uint8_t *src = g.image(i);
        for (int y = 0; y < g.height * scale; ++y)
            for (int x = 0; x < g.width * scale; ++x) {
                const uint8_t *p = src + (static_cast<size_t>(y / scale) * g.width + x / scale) * g.channels;
                set(x0 + x, y0 + y, g.channels == 1 ? Rgb{p[0], p[0], p[0]} : Rgb{p[0], p[1], p[2]});
            }
    }
};

struct Bounds {
    float x0, x1, y0, y1;
};

Bounds boundsOf(const MapPoints &xy)
{
    Bounds b{INFINITY, -INFINITY, INFINITY, -INFINITY};
    for (size_t i = 0; i + 1 < xy.size(); i += 2) {
        b.x0 = std::min(b.x0, xy[i]);
        b.x1 = std::max(b.x1, xy[i]);
        b.y0 = std::min(b.y0, xy[i + 1]);
        b.y1 = std::max(b.y1, xy[i + 1]);
    }
    if (!(b.x1 > b.x0)) b.x1 = b.x0 + 1;
    if (!(b.y1 > b.y0)) b.y1 = b.y0 + 1;
    return b;
}

// The first image of each class, for the PNG legend (a picture says what a colour is without a font).
std::vector<int> exampleOfClass(const FeatureSet &fs)
{
    std::vector<int> first(fs.classNames.size(), -1);
    for (int i = 0; i < fs.size(); ++i) {
        const int l = fs.labels[static_cast<size_t>(i)];
        if (l >= 0 && l < static_cast<int>(first.size()) && first[static_cast<size_t>(l)] < 0)
            first[static_cast<size_t>(l)] = i;
    }
    return first;
}

void writeMapPng(const std::string &path, const FeatureSet &fs, const MapPoints &xy)
{
    const int plot = 760, legendW = 90, pad = 16;
    Canvas c(plot + legendW + pad, plot);
    const Bounds b = boundsOf(xy);
    const double span = std::max(b.x1 - b.x0, b.y1 - b.y0);
    for (int i = 0; i < fs.size(); ++i) {
        const double x = pad + (xy[2 * static_cast<size_t>(i)] - b.x0) / span * (plot - 2 * pad);
        const double y = plot - pad - (xy[2 * static_cast<size_t>(i) + 1] - b.y0) / span * (plot - 2 * pad);
        c.disc(x, y, 2.6, classColour(static_cast<size_t>(fs.labels[static_cast<size_t>(i)])));
    }
    const auto examples = exampleOfClass(fs);
    const int scale = std::max(1, 40 / std::max(1, fs.images.height));
    int y = pad;
    for (size_t k = 0; k < examples.size(); ++k) {
        if (examples[k] < 0) continue;
        c.fill(plot + 4, y, 16, fs.images.height * scale, classColour(k));
        c.image(fs.images, examples[k], plot + 24, y, scale);
        y += fs.images.height * scale + 8;
    }
    writePng(path, c.width, c.height, 3, c.pixels.data());
}

std::string mapSvg(const FeatureSet &fs, const MapPoints &xy, const std::string &title)
{
    const int plot = 720, legendW = 200;
    std::ostringstream o;
    o << "<svg xmlns='http://www.w3.org/2000/svg' width='" << plot + legendW << "' height='" << plot + 30
      << "' font-family='sans-serif' font-size='13'><rect width='100%' height='100%' fill='white'/>"
      << "<text x='" << plot / 2 << "' y='20' text-anchor='middle' font-size='15' font-weight='bold'>"
      << svg::escape(title) << "</text>";
    const Bounds b = boundsOf(xy);
    const double span = std::max(b.x1 - b.x0, b.y1 - b.y0), pad = 16;
    for (int i = 0; i < fs.size(); ++i) {
        const double x = pad + (xy[2 * static_cast<size_t>(i)] - b.x0) / span * (plot - 2 * pad);
        const double y = 30 + plot - pad - (xy[2 * static_cast<size_t>(i) + 1] - b.y0) / span * (plot - 2 * pad);
        const int l = fs.labels[static_cast<size_t>(i)];
        o << "<circle cx='" << svg::number(x, 1) << "' cy='" << svg::number(y, 1) << "' r='2.6' fill='"
          << svg::colour(static_cast<size_t>(l)) << "'><title>test image "
          << fs.indices[static_cast<size_t>(i)] << ": " << svg::escape(fs.classNames[static_cast<size_t>(l)])
          << "</title></circle>";
    }
    for (size_t k = 0; k < fs.classNames.size(); ++k)
        o << "<circle cx='" << plot + 16 << "' cy='" << 50 + 22 * k << "' r='6' fill='" << svg::colour(k)
          << "'/><text x='" << plot + 28 << "' y='" << 55 + 22 * k << "'>" << svg::escape(fs.classNames[k])
          << "</text>";
    o << "</svg>\n";
    return o.str();
}

void writeText(const std::string &path, const std::string &text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) throw ConfigError("cannot write " + path + ": " + std::strerror(errno));
}

std::string pct(double v)
{
    return svg::number(100 * v, 1) + " %";
}

} // namespace

int cmdInspect(int argc, char **argv)
{
    if (wantsHelp(argc, argv)) {
        std::cout << inspectHelp();
        return ExitOk;
    }
    Args args(argc, argv, 2, kInspectFlags);
    if (args.positionals().size() != 1) throw ConfigError("inspect: expected exactly one RUN_DIR");
    const std::string runDir = args.positionals()[0];
    const std::string kind = args.value("map", "tsne");
    if (kind != "tsne" && kind != "pca") throw ConfigError("--map: expected tsne or pca, got '" + kind + "'");
    const int64_t points = args.integer("points").value_or(2000);
    if (points < 10 || points > 20000) throw ConfigError("--points: expected 10 to 20000, got " + std::to_string(points));
    const int k = static_cast<int>(args.integer("k").value_or(8));
    if (k < 1 || k > 100) throw ConfigError("--k: expected 1 to 100, got " + std::to_string(k));
    const bool randomInit = args.has("random-init");
    const uint64_t seed = static_cast<uint64_t>(args.integer("seed").value_or(0));

    auto trainer = Trainer::open(runDir, Trainer::OpenMode::Inspect, args.value("device", ""));
    if (auto t = args.integer("threads")) setThreadCount(static_cast<int>(*t));
    const std::string who = randomInit ? "random-init encoder" : "encoder at step " + std::to_string(trainer->completedSteps());
    auto t0 = std::chrono::steady_clock::now();
    const FeatureSet fs = trainer->features(points, randomInit);
    const double featureSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%s of %s (%s): features of %d test images (%d dimensions) in %.1f s\n", who.c_str(),
                runDir.c_str(), trainer->info().config.method.c_str(), fs.size(), fs.features.cols, featureSeconds);

    if (auto out = args.value("features-out")) {
        std::ostringstream csv;
        csv << "test_index,label";
        for (int d = 0; d < fs.features.cols; ++d) csv << ",f" << d;
        csv << "\n";
        for (int i = 0; i < fs.size(); ++i) {
            csv << fs.indices[static_cast<size_t>(i)] << ',' << fs.labels[static_cast<size_t>(i)];
            for (int d = 0; d < fs.features.cols; ++d) csv << ',' << svg::number(fs.features.at(i, d), 6);
            csv << "\n";
        }
        writeText(*out, csv.str());
        std::printf("features: %s\n", out->c_str());
    }

    const bool wantMap = args.has("out") || args.has("map") || (!args.has("neighbours") && !args.has("probe"));
    if (wantMap) {
        MapPoints xy;
        std::string title;
        t0 = std::chrono::steady_clock::now();
        if (kind == "pca") {
            const PcaMap p = pcaMap(fs.features);
            xy = p.points;
            title = "PCA of the " + who + " (" + pct(p.explained[0]) + " and " + pct(p.explained[1]) + " of the variance)";
        } else {
            TsneOptions o;
            // The default perplexity fits small test sets too (t-SNE needs at least 3 perplexity + 1 points).
            o.perplexity = args.number("perplexity").value_or(std::min(30.0, std::max(2.0, (fs.size() - 1) / 3.0)));
            o.iterations = static_cast<int>(args.integer("iterations").value_or(750));
            o.seed = seed;
            xy = tsneMap(fs.features, o);
            title = "t-SNE of the " + who + " (perplexity " + svg::number(o.perplexity, 0) + ")";
        }
        const double mapSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double purity = mapNeighbourPurity(xy, fs.labels, 10);
        std::printf("%s map of %d points: %.2f s; neighbour purity (share of each point's 10 nearest map neighbours "
                    "of its class) %.3f\n",
                    kind == "pca" ? "PCA" : "t-SNE", fs.size(), mapSeconds, purity);
        if (auto out = args.value("out")) {
            if (endsWith(*out, ".svg")) writeText(*out, mapSvg(fs, xy, title));
            else if (endsWith(*out, ".png")) writeMapPng(*out, fs, xy);
            else if (endsWith(*out, ".csv")) {
                std::ostringstream csv;
                csv << "test_index,label,class,x,y\n";
                for (int i = 0; i < fs.size(); ++i)
                    csv << fs.indices[static_cast<size_t>(i)] << ',' << fs.labels[static_cast<size_t>(i)] << ",\""
                        << fs.classNames[static_cast<size_t>(fs.labels[static_cast<size_t>(i)])] << "\","
                        << svg::number(xy[2 * static_cast<size_t>(i)], 4) << ','
                        << svg::number(xy[2 * static_cast<size_t>(i) + 1], 4) << "\n";
                writeText(*out, csv.str());
            } else {
                throw ConfigError("--out " + *out + ": expected a .svg, .png or .csv file name");
            }
            std::printf("map: %s\n", out->c_str());
        }
    }

    if (auto n = args.integer("neighbours")) {
        if (*n < 1 || *n > fs.size()) throw ConfigError("--neighbours: expected 1 to " + std::to_string(fs.size()));
        std::mt19937_64 gen(seed);
        std::vector<int> all(static_cast<size_t>(fs.size()));
        for (int i = 0; i < fs.size(); ++i) all[static_cast<size_t>(i)] = i;
        std::shuffle(all.begin(), all.end(), gen);
        const std::vector<int> queries(all.begin(), all.begin() + *n);
        const auto found = nearestNeighbours(fs.features, queries, k);
        int same = 0, total = 0;
        for (size_t q = 0; q < queries.size(); ++q) {
            const int ql = fs.labels[static_cast<size_t>(queries[q])];
            std::printf("test image %lld (%s):", static_cast<long long>(fs.indices[static_cast<size_t>(queries[q])]),
                        fs.classNames[static_cast<size_t>(ql)].c_str());
            for (const auto &nb : found[q]) {
                const int l = fs.labels[static_cast<size_t>(nb.index)];
                std::printf("  %lld %s %.3f%s", static_cast<long long>(fs.indices[static_cast<size_t>(nb.index)]),
                            fs.classNames[static_cast<size_t>(l)].c_str(), nb.similarity, l == ql ? "" : " ✗");
                same += l == ql;
                ++total;
            }
            std::printf("\n");
        }
        std::printf("neighbours of the same class: %d of %d (%.1f %%)\n", same, total, 100.0 * same / std::max(1, total));
        if (auto out = args.value("neighbours-out")) {
            const ImageGrid &g = fs.images;
            const int scale = std::max(1, 56 / std::max(1, g.height)), cell = g.height * scale + 12;
            Canvas c((k + 1) * cell + 16, static_cast<int>(queries.size()) * cell + 8);
            for (size_t q = 0; q < queries.size(); ++q) {
                const int y = 6 + static_cast<int>(q) * cell;
                const int ql = fs.labels[static_cast<size_t>(queries[q])];
                c.image(g, queries[q], 6, y, scale);
                c.rect(6, y, g.width * scale, g.height * scale, classColour(static_cast<size_t>(ql)), 3);
                for (size_t j = 0; j < found[q].size(); ++j) {
                    const int x = 16 + static_cast<int>(j + 1) * cell;
                    const int l = fs.labels[static_cast<size_t>(found[q][j].index)];
                    c.image(g, found[q][j].index, x, y, scale);
                    if (l != ql) c.rect(x, y, g.width * scale, g.height * scale, Rgb{214, 39, 40}, 3);
                }
            }
            writePng(*out, c.width, c.height, 3, c.pixels.data());
            std::printf("neighbour grid: %s (first column: the query, framed in its class colour; red frame: a "
                        "neighbour of another class)\n",
                        out->c_str());
        }
    }

    if (args.has("probe")) {
        const ProbeReport r = trainer->probeReport(randomInit);
        std::printf("linear probe of the %s: %.2f %%\nper class:\n", who.c_str(), 100 * r.accuracy);
        for (int c = 0; c < r.classes; ++c)
            std::printf("  %-14s %6s\n", r.classNames[static_cast<size_t>(c)].c_str(),
                        r.perClassAccuracy[static_cast<size_t>(c)] >= 0
                            ? pct(r.perClassAccuracy[static_cast<size_t>(c)]).c_str()
                            : "–");
        std::printf("confusion matrix (rows: true class, columns: predicted):\n      ");
        for (int c = 0; c < r.classes; ++c) std::printf("%6d", c);
        std::printf("\n");
        for (int t = 0; t < r.classes; ++t) {
            std::printf("%4d  ", t);
            for (int p = 0; p < r.classes; ++p)
                std::printf("%6lld", static_cast<long long>(r.confusion[static_cast<size_t>(t * r.classes + p)]));
            std::printf("  %s\n", r.classNames[static_cast<size_t>(t)].c_str());
        }
        std::printf("surest mistakes:\n");
        for (size_t i = 0; i < std::min<size_t>(10, r.mistakes.size()); ++i) {
            const auto &m = r.mistakes[i];
            std::printf("  test image %lld: %s taken for %s (%.0f %%)\n", static_cast<long long>(m.index),
                        r.classNames[static_cast<size_t>(m.label)].c_str(),
                        r.classNames[static_cast<size_t>(m.predicted)].c_str(), 100.0 * m.confidence);
        }
    }
    return ExitOk;
}

} // namespace pretext::cli
