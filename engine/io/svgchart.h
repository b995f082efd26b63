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
    int colour = -1;            // palette index; -1: the series' position (a baseline may take its curve's)
};

struct Chart {
    std::string title;
    std::string yLabel;              // e.g. "linear probe accuracy (%)"
    std::string xLabel;              // lines only
    std::vector<std::string> categories; // bars: one group per category
    std::vector<double> x;           // lines: the x of each value
    bool logX = false;               // lines: a logarithmic x axis (temperatures)
    // Lines: a marker with its value at every point and a label under every x. Off for dense curves (a loss per
    // step), drawn as plain lines over round x ticks.
    bool markers = true;
    std::vector<Series> series;
    int width = 760, height = 380;
};

// Grouped bars: a group per category, a bar per series, values printed on the bars.
std::string barChart(const Chart &chart);
// Lines over chart.x: with markers and their values printed (Chart::markers), or plain for dense curves.
std::string lineChart(const Chart &chart);

// Escapes text for SVG/XML.
std::string escape(const std::string &text);
// A number as text with `digits` decimals, always with a '.', whatever the locale.
std::string number(double value, int digits);

} // namespace pretext::engine::svg
