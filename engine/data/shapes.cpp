// The procedural "shapes" set: 32x32 RGB images of ten shapes, each drawn in a random colour on a random
// background. Colour is independent of the class, so a model that keys on colour fails, and colour jitter or
// grayscale visibly change what a network can use. Needs no files; every image is a pure function of
// (stream seed, index), so the set is identical on every machine and thread count.
#include "engine/core/rng.h"
#include "engine/data/readers.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>

namespace pretext::engine::data {

namespace {

constexpr int kSide = 32;
constexpr int kSupersample = 3; // 3x3 samples per pixel give anti-aliased edges
constexpr uint64_t kTrainSeed = 0x5A4E5E7001ULL;
constexpr uint64_t kTestSeed = 0x5A4E5E7002ULL;
constexpr double kPi = 3.14159265358979323846;

enum Shape { Circle, Square, Triangle, Cross, Ring, HorizontalBar, VerticalBar, Diamond, Star, Ellipse, ShapeCount };

const std::vector<std::string> &shapeNames()
{
    static const std::vector<std::string> names = { "circle", "square", "triangle", "cross", "ring", "horizontal bar",
        "vertical bar", "diamond", "star", "ellipse" };
    return names;
}

struct Rgb {
    double r = 0, g = 0, b = 0;
};

Rgb fromHsv(double h, double s, double v)
{
    const double hh = std::fmod(h, 1.0) * 6.0;
    const int sector = static_cast<int>(hh) % 6;
    const double f = hh - std::floor(hh);
    const double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
    switch (sector) {
    case 0:
        return { v, t, p };
    case 1:
        return { q, v, p };
    case 2:
        return { p, v, t };
    case 3:
        return { p, q, v };
    case 4:
        return { t, p, v };
    default:
        return { v, p, q };
    }
}

double luma(const Rgb &c)
{
    return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
}

// Whether (u, v), in the shape's own frame where its half-extent is 1, lies inside the shape.
bool inside(int shape, double u, double v)
{
    const double au = std::abs(u), av = std::abs(v);
    switch (shape) {
    case Circle:
        return u * u + v * v <= 1.0;
    case Square:
        return au <= 0.8 && av <= 0.8;
    case Triangle: {
        // Equilateral with circumradius 1: inside all three edges, each at the inradius 0.5 from the centre.
        for (double a : { kPi / 2, kPi / 2 + 2 * kPi / 3, kPi / 2 + 4 * kPi / 3 })
            if (u * std::cos(a) + v * std::sin(a) > 0.5) return false;
        return true;
    }
    case Cross:
        return (au <= 0.3 && av <= 1.0) || (av <= 0.3 && au <= 1.0);
    case Ring: {
        const double r2 = u * u + v * v;
        return r2 <= 1.0 && r2 >= 0.55 * 0.55;
    }
    case HorizontalBar:
        return au <= 1.0 && av <= 0.3;
    case VerticalBar:
        return au <= 0.3 && av <= 1.0;
    case Diamond:
        return au / 0.75 + av <= 1.0;
    case Star: {
        // Five points: fold the angle into one half-spike, between an outer vertex (radius 1, angle 0) and the
        // next inner vertex (radius 0.42, angle 36 degrees), and test against the edge joining them.
        const double r = std::sqrt(u * u + v * v);
        if (r > 1.0) return false;
        const double spike = 2 * kPi / 5;
        double phi = std::fmod(std::atan2(v, u) + kPi / 2 + 4 * kPi, spike);
        const double alpha = spike / 2 - std::abs(phi - spike / 2);
        const double qx = r * std::cos(alpha), qy = r * std::sin(alpha);
        const double dx = 0.42 * std::cos(spike / 2) - 1.0, dy = 0.42 * std::sin(spike / 2);
        return dx * qy - dy * (qx - 1.0) >= 0.0;
    }
    case Ellipse:
        return u * u + (v / 0.5) * (v / 0.5) <= 1.0;
    default:
        return false;
    }
}

// Rotation range per shape: full turns where the class survives them, a small tilt where orientation is what
// tells classes apart (bars), or where a large turn would turn one class into another (square vs diamond).
double rotationRange(int shape)
{
    switch (shape) {
    case Circle:
    case Ring:
        return 0.0;
    case Triangle:
    case Star:
    case Ellipse:
        return kPi;
    default:
        return 12.0 * kPi / 180.0;
    }
}

uint64_t splitMix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// Draws image `index` of a stream into out (3 planes of kSide x kSide).
void drawShape(uint64_t streamSeed, int64_t index, int shape, uint8_t *out)
{
    Rng rng(splitMix(streamSeed ^ splitMix(static_cast<uint64_t>(index))));
    const Rgb fg = fromHsv(rng.uniform(), rng.uniform(0.5, 1.0), rng.uniform(0.5, 1.0));
    // The background differs from the shape in brightness, so the shape stays visible after grayscale.
    Rgb bg = luma(fg) > 0.5 ? Rgb { 0.1, 0.1, 0.1 } : Rgb { 0.9, 0.9, 0.9 };
    for (int attempt = 0; attempt < 64; ++attempt) {
        const Rgb c = fromHsv(rng.uniform(), rng.uniform(0.0, 0.7), rng.uniform(0.1, 1.0));
        if (std::abs(luma(c) - luma(fg)) >= 0.25) {
            bg = c;
            break;
        }
    }
    const double size = rng.uniform(7.0, 13.0);
    const double margin = 0.9 * size;
    const double cx = rng.uniform(margin, kSide - margin), cy = rng.uniform(margin, kSide - margin);
    const double range = rotationRange(shape);
    const double angle = range > 0 ? rng.uniform(-range, range) : 0.0;
    const double cs = std::cos(angle), sn = std::sin(angle);
    // A faint linear gradient across the background, so that it is not one flat colour.
    const double gradAngle = rng.uniform(0.0, 2 * kPi);
    const double gx = std::cos(gradAngle) * 0.08 / kSide, gy = std::sin(gradAngle) * 0.08 / kSide;

    const int plane = kSide * kSide;
    for (int y = 0; y < kSide; ++y) {
        for (int x = 0; x < kSide; ++x) {
            int hits = 0;
            for (int sy = 0; sy < kSupersample; ++sy) {
                for (int sx = 0; sx < kSupersample; ++sx) {
                    const double dx = (x + (sx + 0.5) / kSupersample - cx) / size;
                    const double dy = (y + (sy + 0.5) / kSupersample - cy) / size;
                    hits += inside(shape, cs * dx + sn * dy, -sn * dx + cs * dy) ? 1 : 0;
                }
            }
            const double a = double(hits) / (kSupersample * kSupersample);
            const double shade = (x - kSide / 2) * gx + (y - kSide / 2) * gy;
            const double rgb[3] = { (bg.r + shade) * (1 - a) + fg.r * a, (bg.g + shade) * (1 - a) + fg.g * a,
                (bg.b + shade) * (1 - a) + fg.b * a };
            for (int c = 0; c < 3; ++c) {
                const double value = (rgb[c] + rng.normal(0.0, 0.025)) * 255.0;
                out[c * plane + y * kSide + x] = static_cast<uint8_t>(std::clamp(std::lround(value), 0L, 255L));
            }
        }
    }
}

Dataset generate(uint64_t streamSeed, int64_t count, const std::string &name)
{
    Dataset d;
    d.name = name;
    d.classNames = shapeNames();
    d.images = torch::empty({ count, 3, kSide, kSide }, torch::kUInt8);
    // Classes cycle, so any prefix kept by a limit stays balanced; the trainer shuffles anyway.
    d.labels = torch::arange(count, torch::kLong).remainder(ShapeCount);
    uint8_t *base = d.images.data_ptr<uint8_t>();
    at::parallel_for(0, count, 64, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i)
            drawShape(streamSeed, i, static_cast<int>(i % ShapeCount), base + i * 3 * kSide * kSide);
    });
    return d;
}

} // namespace

DatasetSplits loadShapes(int64_t count, const LoadOptions &options)
{
    const int64_t testCount = std::max<int64_t>(1, count / 5);
    const int64_t trainKeep = options.limitTrain > 0 ? std::min(count, options.limitTrain) : count;
    const int64_t testKeep = options.limitTest > 0 ? std::min(testCount, options.limitTest) : testCount;
    requireWithinDatasetLimit("shapes:" + std::to_string(count),
        std::to_string(trainKeep + testKeep) + " generated images of 3x" + std::to_string(kSide) + "x"
            + std::to_string(kSide),
        (trainKeep + testKeep) * (3 * kSide * kSide + 8));
    DatasetSplits splits;
    splits.train
        = generate(kTrainSeed, options.limitTrain > 0 ? std::min(count, options.limitTrain) : count, "shapes/train");
    splits.test = generate(
        kTestSeed, options.limitTest > 0 ? std::min(testCount, options.limitTest) : testCount, "shapes/test");
    return splits;
}

} // namespace pretext::engine::data
