// Small, self-contained SVG charts for files the engine writes (experiment summaries, inspection maps): no
// network, no fonts beyond the viewer's sans-serif, numbers never in the UI locale.
#pragma once

#include <string>
#include <vector>

namespace pretext::engine::svg {

// The categorical palette every chart uses (colour-blind-safe, Okabe–Ito then Tableau), as "#rrggbb".
const std::string &colour(size_t i);

struct Series {
    std::string name;
    std::vector<double> values; // one per category (bars) or per x (lines); NaN = missing
    bool dashed = false;        // lines: a reference, e.g. the random-init baseline
};

struct Chart {
    std::string title;
    std::string yLabel;              // e.g. "linear probe accuracy (%)"
    std::string xLabel;              // lines only
    std::vector<std::string> categories; // bars: one group per category
    std::vector<double> x;           // lines: the x of each value
    bool logX = false;               // lines: a logarithmic x axis (temperatures)
    std::vector<Series> series;
    int width = 760, height = 380;
};

// Grouped bars: a group per category, a bar per series, values printed on the bars.
std::string barChart(const Chart &chart);
// Lines with markers over chart.x, values printed at the markers.
std::string lineChart(const Chart &chart);

// Escapes text for SVG/XML.
std::string escape(const std::string &text);
// A number as text with `digits` decimals, always with a '.', whatever the locale.
std::string number(double value, int digits);

} // namespace pretext::engine::svg
