#include "engine/io/svgchart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <locale>
#include <sstream>

namespace pretext::engine::svg {

const std::string &colour(size_t i)
{
    static const std::vector<std::string> palette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
                                                     "#D55E00", "#F0E442", "#000000", "#8C564B", "#7F7F7F",
                                                     "#17BECF", "#BCBD22"};
    return palette[i % palette.size()];
}

std::string escape(const std::string &text)
{
    std::string out;
    for (char c : text) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string number(double value, int digits)
{
    // snprintf follows LC_NUMERIC; the engine never sets it, but a GUI may: build the text by hand.
    if (!std::isfinite(value)) return "–";
    const double scale = std::pow(10.0, digits);
    const long long r = std::llround(std::fabs(value) * scale);
    std::string s = std::to_string(r / static_cast<long long>(scale));
    if (digits > 0) {
        std::string frac = std::to_string(r % static_cast<long long>(scale));
        frac.insert(0, static_cast<size_t>(digits) - frac.size(), '0');
        s += "." + frac;
    }
    return (value < 0 && r != 0 ? "-" : "") + s;
}

namespace {

// The colour of series `s`: its own palette index when it names one.
const std::string &seriesColour(const Chart &c, size_t s)
{
    return colour(c.series[s].colour >= 0 ? static_cast<size_t>(c.series[s].colour) : s);
}

struct Range {
    double lo = 0, hi = 1;
};

// A y range from the finite values, padded, with 0 included when bars start there.
Range valueRange(const Chart &c, bool fromZero)
{
    double lo = INFINITY, hi = -INFINITY;
    for (const auto &s : c.series)
        for (double v : s.values)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    if (!std::isfinite(lo)) return {};
    if (fromZero) lo = std::min(lo, 0.0);
    const double pad = std::max(1e-9, (hi - lo) * 0.08);
    // Values that cannot be negative (accuracies) keep the axis at or above 0.
    Range r{fromZero && lo >= 0 ? lo : (lo >= 0 ? std::max(0.0, lo - pad) : lo - pad), hi + pad};
    if (r.hi - r.lo < 1e-9) r.hi = r.lo + 1;
    return r;
}

// A round tick step (1, 2 or 5 times a power of ten) giving about five ticks over the range.
double tickStep(double span)
{
    const double raw = span / 5.0, p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw) return m * p;
    return 10 * p;
}

void frame(std::ostringstream &o, const Chart &c, double left, double top, double right, double bottom, Range &y)
{
    o << "<svg xmlns='http://www.w3.org/2000/svg' width='" << c.width << "' height='" << c.height << "' viewBox='0 0 "
      << c.width << ' ' << c.height << "' font-family='sans-serif' font-size='12'>"
      << "<rect width='100%' height='100%' fill='white'/>";
    o << "<text x='" << c.width / 2 << "' y='20' text-anchor='middle' font-size='15' font-weight='bold'>"
      << escape(c.title) << "</text>";
    // Round ticks; the range grows to whole steps so that the gridlines end at the frame.
    const double step = tickStep(y.hi - y.lo);
    y.lo = std::floor(y.lo / step + 1e-9) * step;
    y.hi = std::ceil(y.hi / step - 1e-9) * step;
    const int digits = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step)));
    const double plotH = bottom - top;
    for (double v = y.lo; v <= y.hi + step / 2; v += step) {
        const double py = bottom - plotH * (v - y.lo) / (y.hi - y.lo);
        o << "<line x1='" << left << "' x2='" << right << "' y1='" << py << "' y2='" << py
          << "' stroke='#e4e4e4'/><text x='" << left - 6 << "' y='" << py + 4 << "' text-anchor='end' fill='#444'>"
          << number(v, digits) << "</text>";
    }
    o << "<line x1='" << left << "' x2='" << left << "' y1='" << top << "' y2='" << bottom << "' stroke='#888'/>"
      << "<line x1='" << left << "' x2='" << right << "' y1='" << bottom << "' y2='" << bottom << "' stroke='#888'/>";
    o << "<text transform='translate(16," << (top + bottom) / 2 << ") rotate(-90)' text-anchor='middle' fill='#444'>"
      << escape(c.yLabel) << "</text>";
}

// Bars get a swatch; lines a stretch of line, dashed like their series (a baseline shares its curve's colour).
void legend(std::ostringstream &o, const Chart &c, double x, double y, bool lines)
{
    for (size_t s = 0; s < c.series.size(); ++s) {
        const double ly = y + 18.0 * static_cast<double>(s);
        if (lines)
            o << "<line x1='" << x - 4 << "' x2='" << x + 14 << "' y1='" << ly - 3 << "' y2='" << ly - 3 << "' stroke='"
              << seriesColour(c, s) << "' stroke-width='2'" << (c.series[s].dashed ? " stroke-dasharray='4 3'" : "")
              << "/>";
        else
            o << "<rect x='" << x << "' y='" << ly - 9 << "' width='12' height='12' fill='" << seriesColour(c, s) << "'/>";
        o << "<text x='" << x + 18 << "' y='" << ly + 2 << "'>" << escape(c.series[s].name) << "</text>";
    }
}

// The plot's right edge: room for the legend's longest name (about 7 pixels a character at 12 px).
double plotRight(const Chart &c)
{
    size_t longest = 0;
    for (const auto &s : c.series) longest = std::max(longest, s.name.size());
    return c.width - std::max(120.0, 50.0 + 7.0 * static_cast<double>(longest));
}

} // namespace

std::string barChart(const Chart &c)
{
    std::ostringstream o;
    o.imbue(std::locale::classic()); // coordinates, whatever global locale a program sets
    const double left = 60, top = 40, right = plotRight(c), bottom = c.height - 60.0;
    Range y = valueRange(c, true);
    frame(o, c, left, top, right, bottom, y);
    const size_t groups = std::max<size_t>(1, c.categories.size()), bars = std::max<size_t>(1, c.series.size());
    const double groupW = (right - left) / static_cast<double>(groups);
    const double barW = groupW * 0.8 / static_cast<double>(bars);
    const auto py = [&](double v) { return bottom - (v - y.lo) / (y.hi - y.lo) * (bottom - top); };
    for (size_t g = 0; g < c.categories.size(); ++g) {
        const double gx = left + groupW * static_cast<double>(g);
        for (size_t s = 0; s < c.series.size(); ++s) {
            if (g >= c.series[s].values.size() || !std::isfinite(c.series[s].values[g])) continue;
            const double v = c.series[s].values[g];
            const double x = gx + groupW * 0.1 + barW * static_cast<double>(s);
            const double y0 = py(std::max(y.lo, 0.0)), y1 = py(v);
            o << "<rect x='" << x << "' y='" << std::min(y0, y1) << "' width='" << barW * 0.92 << "' height='"
              << std::fabs(y0 - y1) << "' fill='" << seriesColour(c, s) << "'><title>" << escape(c.categories[g]) << ", "
              << escape(c.series[s].name) << ": " << number(v, 2) << "</title></rect>";
            o << "<text x='" << x + barW * 0.46 << "' y='" << y1 - 4 << "' text-anchor='middle' font-size='10'>"
              << number(v, 1) << "</text>";
        }
        // A category may break into lines at '\n'.
        std::string rest = c.categories[g];
        for (int line = 0; !rest.empty() || line == 0; ++line) {
            const size_t cut = rest.find('\n');
            o << "<text x='" << gx + groupW / 2 << "' y='" << bottom + 16 + 14 * line << "' text-anchor='middle'>"
              << escape(rest.substr(0, cut)) << "</text>";
            rest = cut == std::string::npos ? std::string() : rest.substr(cut + 1);
        }
    }
    legend(o, c, right + 16, top + 10, false);
    o << "</svg>\n";
    return o.str();
}

std::string lineChart(const Chart &c)
{
    std::ostringstream o;
    o.imbue(std::locale::classic()); // coordinates, whatever global locale a program sets
    const double left = 60, top = 40, right = plotRight(c), bottom = c.height - 60.0;
    Range y = valueRange(c, false);
    frame(o, c, left, top, right, bottom, y);
    const auto tx = [&](double v) { return c.logX ? std::log10(std::max(v, 1e-12)) : v; };
    double x0 = INFINITY, x1 = -INFINITY;
    for (double v : c.x) {
        x0 = std::min(x0, tx(v));
        x1 = std::max(x1, tx(v));
    }
    if (!std::isfinite(x0)) x0 = 0, x1 = 1;
    if (x1 - x0 < 1e-12) x0 -= 0.5, x1 += 0.5;
    const double padX = (x1 - x0) * 0.06;
    x0 -= padX;
    x1 += padX;
    const auto px = [&](double v) { return left + (tx(v) - x0) / (x1 - x0) * (right - left); };
    const auto py = [&](double v) { return bottom - (v - y.lo) / (y.hi - y.lo) * (bottom - top); };
    if (c.markers || c.logX) {
        // Whole numbers on a linear axis (epochs) are labelled as such.
        const bool whole = !c.logX && std::all_of(c.x.begin(), c.x.end(), [](double v) { return v == std::round(v); });
        for (double v : c.x)
            o << "<text x='" << px(v) << "' y='" << bottom + 16 << "' text-anchor='middle'>"
              << number(v, whole ? 0 : v < 0.1 ? 3 : 2) << "</text>";
    } else {
        // Dense x (steps): about five round ticks over the data, not one label per point.
        const double lo = x0 + padX, hi = x1 - padX, step = tickStep(std::max(hi - lo, 1e-9));
        const int digits = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step)));
        for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
            o << "<line x1='" << px(v) << "' x2='" << px(v) << "' y1='" << bottom << "' y2='" << bottom + 4
              << "' stroke='#888'/><text x='" << px(v) << "' y='" << bottom + 16 << "' text-anchor='middle'>"
              << number(v, digits) << "</text>";
    }
    o << "<text x='" << (left + right) / 2 << "' y='" << bottom + 36 << "' text-anchor='middle' fill='#444'>"
      << escape(c.xLabel) << "</text>";
    for (size_t s = 0; s < c.series.size(); ++s) {
        std::ostringstream pts;
        pts.imbue(std::locale::classic());
        for (size_t i = 0; i < c.x.size() && i < c.series[s].values.size(); ++i)
            if (std::isfinite(c.series[s].values[i])) pts << px(c.x[i]) << ',' << py(c.series[s].values[i]) << ' ';
        o << "<polyline fill='none' stroke='" << seriesColour(c, s) << "' stroke-width='" << (c.markers ? 2 : 1.5) << "'"
          << (c.series[s].dashed ? " stroke-dasharray='6 4'" : "") << " points='" << pts.str() << "'/>";
        for (size_t i = 0; c.markers && i < c.x.size() && i < c.series[s].values.size(); ++i) {
            const double v = c.series[s].values[i];
            if (!std::isfinite(v)) continue;
            o << "<circle cx='" << px(c.x[i]) << "' cy='" << py(v) << "' r='4' fill='" << seriesColour(c, s) << "'><title>"
              << escape(c.series[s].name) << " at " << number(c.x[i], 3) << ": " << number(v, 2) << "</title></circle>";
            // A dashed reference line is read from the legend; its values would cover the others'.
            if (!c.series[s].dashed)
                o << "<text x='" << px(c.x[i]) << "' y='" << py(v) - 8 << "' text-anchor='middle' font-size='10'>"
                  << number(v, 1) << "</text>";
        }
    }
    legend(o, c, right + 16, top + 10, true);
    o << "</svg>\n";
    return o.str();
}

} // namespace pretext::engine::svg
