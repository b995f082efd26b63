#include "engine/augment/pretext.h"

#include "engine/augment/geometric.h"
#include "engine/augment/viewkernel.h"
#include "engine/core/errors.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <set>

// makePermutationSet's distance updates are byte loops over 362,880 candidates; GCC vectorises them at -O3 only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif

namespace pretext::engine {

namespace {

std::string shapeText(const torch::Tensor &t)
{
    std::string s = "[";
    for (int64_t d = 0; d < t.dim(); ++d)
        s += (d ? "," : "") + std::to_string(t.size(d));
    return s + "]";
}

void checkBatch(const torch::Tensor &images, const char *task)
{
    if (images.dim() != 4)
        throw ConfigError(std::string(task) + ": expected images [B,C,H,W], got " + shapeText(images));
}

torch::Tensor indexTensor(const std::vector<int64_t> &idx, const torch::Device &device)
{
    return torch::tensor(idx, torch::kLong).to(device);
}

int64_t roundedCount(double ratio, int64_t n, const char *what)
{
    if (!(ratio >= 0.0 && ratio <= 1.0))
        throw ConfigError(
            std::string(what) + ": mask ratio " + std::to_string(ratio) + " is out of range; expected 0 to 1");
    if (n < 1) throw ConfigError(std::string(what) + ": expected at least one patch, got " + std::to_string(n));
    // Round half away from zero (std::llround); MAE's len_keep = int(L * (1 - r)) gives the same count for the
    // usual ratios (0.75 of 196 or 64 patches).
    return std::llround(ratio * static_cast<double>(n));
}

} // namespace

// ---- rotation ----

RotationBatch rotationBatch(const torch::Tensor &images, Rng &rng)
{
    checkBatch(images, "rotation");
    if (images.size(2) != images.size(3))
        throw ConfigError("rotation: images must be square to be rotated by quarter turns, got "
            + std::to_string(images.size(2)) + "x" + std::to_string(images.size(3)));
    const int64_t B = images.size(0);
    std::vector<int64_t> labels(static_cast<size_t>(B));
    std::vector<int64_t> byK[4];
    for (int64_t b = 0; b < B; ++b) {
        labels[b] = rng.integer(0, 3);
        byK[labels[b]].push_back(b);
    }
    auto out = images.clone();
    for (int64_t k = 1; k < 4; ++k) {
        if (byK[k].empty()) continue;
        auto idx = indexTensor(byK[k], images.device());
        out.index_copy_(0, idx, rotate90(images.index_select(0, idx), k).contiguous());
    }
    return { out, indexTensor(labels, images.device()) };
}

// ---- jigsaw ----

std::vector<Permutation> makePermutationSet(int grid, int count, uint64_t seed)
{
    if (grid < 2 || grid > 8)
        throw ConfigError("jigsaw: grid = " + std::to_string(grid) + " is out of range; expected 2 to 8");
    const int n = grid * grid;
    Rng rng(seed);

    // Candidates stored position-major (cand[p * P + j] = tile at position p of candidate j), so the distance
    // update below is a unit-stride byte loop.
    std::vector<std::vector<uint8_t>> list;
    std::vector<uint8_t> perm(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        perm[i] = static_cast<uint8_t>(i);
    if (n <= 9) {
        do
            list.push_back(perm); // lexicographic order: the identity comes first
        while (std::next_permutation(perm.begin(), perm.end()));
    } else {
        std::set<std::vector<uint8_t>> seen { perm };
        list.push_back(perm);
        while (list.size() < 20000) {
            for (int i = n - 1; i > 0; --i)
                std::swap(perm[i], perm[rng.integer(0, i)]);
            if (seen.insert(perm).second) list.push_back(perm);
        }
    }
    const int64_t P = static_cast<int64_t>(list.size());
    if (count < 1 || count > P)
        throw ConfigError("jigsaw: permutation count = " + std::to_string(count) + " is out of range; expected 1 to "
            + std::to_string(P) + " for a " + std::to_string(grid) + "x" + std::to_string(grid) + " grid");
    std::vector<uint8_t> cand(static_cast<size_t>(P * n));
    for (int64_t j = 0; j < P; ++j)
        for (int p = 0; p < n; ++p)
            cand[static_cast<size_t>(p * P + j)] = list[j][p];

    std::vector<uint8_t> minDist(static_cast<size_t>(P), 255), dist(static_cast<size_t>(P));
    std::vector<Permutation> chosen;
    int64_t pick = 0; // the identity
    for (;;) {
        chosen.emplace_back(list[pick].begin(), list[pick].end());
        if (static_cast<int>(chosen.size()) == count) break;
        std::fill(dist.begin(), dist.end(), 0);
        for (int p = 0; p < n; ++p) {
            const uint8_t tile = list[pick][p];
            const uint8_t *column = cand.data() + static_cast<size_t>(p) * P;
            uint8_t *d = dist.data();
            for (int64_t j = 0; j < P; ++j)
                d[j] += column[j] != tile;
        }
        uint8_t best = 0;
        for (int64_t j = 0; j < P; ++j) {
            minDist[j] = std::min(minDist[j], dist[j]);
            best = std::max(best, minDist[j]);
        }
        // Farthest candidate; ties (there are many) broken uniformly at random. Chosen ones have distance 0.
        int64_t ties = 0;
        for (int64_t j = 0; j < P; ++j)
            ties += minDist[j] == best;
        int64_t target = rng.integer(0, ties - 1);
        for (int64_t j = 0; j < P; ++j)
            if (minDist[j] == best && target-- == 0) {
                pick = j;
                break;
            }
    }
    return chosen;
}

int minimumHammingDistance(const std::vector<Permutation> &set)
{
    int best = 0;
    bool first = true;
    for (size_t a = 0; a < set.size(); ++a)
        for (size_t b = a + 1; b < set.size(); ++b) {
            int d = 0;
            for (size_t i = 0; i < set[a].size() && i < set[b].size(); ++i)
                d += set[a][i] != set[b][i];
            if (first || d < best) best = d;
            first = false;
        }
    return best;
}

JigsawBatch jigsawBatch(const torch::Tensor &images, int grid, const std::vector<Permutation> &permSet, Rng &rng)
{
    checkBatch(images, "jigsaw");
    const int64_t g = grid, B = images.size(0), C = images.size(1), H = images.size(2), W = images.size(3);
    if (g < 1 || H < g || W < g)
        throw ConfigError("jigsaw: a " + std::to_string(g) + "x" + std::to_string(g) + " grid does not fit "
            + std::to_string(H) + "x" + std::to_string(W) + " images");
    if (permSet.empty()) throw ConfigError("jigsaw: the permutation set is empty");
    for (size_t i = 0; i < permSet.size(); ++i) {
        std::vector<int64_t> sorted = permSet[i];
        std::sort(sorted.begin(), sorted.end());
        bool valid = static_cast<int64_t>(sorted.size()) == g * g;
        for (int64_t t = 0; valid && t < g * g; ++t)
            valid = sorted[t] == t;
        if (!valid)
            throw ConfigError("jigsaw: permutation " + std::to_string(i) + " of the set is not a permutation of "
                + std::to_string(g * g) + " tiles");
    }
    const int64_t th = H / g, tw = W / g;
    // Centre crop to whole tiles (e.g. 28x28 Fashion-MNIST -> 27x27 for a 3x3 grid).
    auto x = images.narrow(2, (H - th * g) / 2, th * g).narrow(3, (W - tw * g) / 2, tw * g);

    JigsawBatch out;
    std::vector<int64_t> labels(static_cast<size_t>(B)), source(static_cast<size_t>(B * g * g));
    const int64_t N = static_cast<int64_t>(permSet.size());
    for (int64_t b = 0; b < B; ++b) {
        labels[b] = rng.integer(0, N - 1);
        const auto &perm = permSet[labels[b]];
        out.permutations.push_back(perm);
        for (int64_t i = 0; i < g * g; ++i)
            source[b * g * g + i] = b * g * g + perm[i];
    }
    // [B,C,g,th,g,tw] -> tiles [B*g*g, C, th, tw]; one gather puts tile perm[i] of each sample at position i.
    auto tiles = x.reshape({ B, C, g, th, g, tw }).permute({ 0, 2, 4, 1, 3, 5 }).reshape({ B * g * g, C, th, tw });
    auto shuffled = tiles.index_select(0, indexTensor(source, images.device()));
    out.images
        = shuffled.reshape({ B, g, g, C, th, tw }).permute({ 0, 3, 1, 4, 2, 5 }).reshape({ B, C, g * th, g * tw });
    out.labels = indexTensor(labels, images.device());
    return out;
}

// ---- masking ----

torch::Tensor randomPatchMask(int64_t batch, int64_t numPatches, double ratio, Rng &rng)
{
    const int64_t k = roundedCount(ratio, numPatches, "random patch mask");
    auto mask = torch::zeros({ batch, numPatches }, torch::kFloat);
    float *m = mask.data_ptr<float>();
    std::vector<int64_t> order(static_cast<size_t>(numPatches));
    for (int64_t b = 0; b < batch; ++b) {
        for (int64_t i = 0; i < numPatches; ++i)
            order[i] = i;
        // The first k steps of a Fisher-Yates shuffle: a uniform k-subset.
        for (int64_t i = 0; i < k; ++i) {
            std::swap(order[i], order[rng.integer(i, numPatches - 1)]);
            m[b * numPatches + order[i]] = 1.0f;
        }
    }
    return mask;
}

torch::Tensor blockPatchMask(int64_t batch, int64_t gridH, int64_t gridW, double ratio, Rng &rng)
{
    if (gridH < 1 || gridW < 1)
        throw ConfigError(
            "block patch mask: grid " + std::to_string(gridH) + "x" + std::to_string(gridW) + " is empty");
    const int64_t N = gridH * gridW, target = roundedCount(ratio, N, "block patch mask");
    // BEiT's MaskingGenerator constants: blocks of at least 4 patches, aspect ratio in [0.3, 1 / 0.3].
    constexpr double kMinBlock = 4.0, kMinAspect = 0.3;
    const double logAspectLo = std::log(kMinAspect), logAspectHi = -std::log(kMinAspect);
    auto mask = torch::zeros({ batch, N }, torch::kFloat);
    std::vector<uint8_t> cell(static_cast<size_t>(N));
    for (int64_t b = 0; b < batch; ++b) {
        std::fill(cell.begin(), cell.end(), 0);
        int64_t masked = 0;
        while (masked < target) {
            const int64_t room = target - masked;
            int64_t delta = 0;
            for (int attempt = 0; attempt < 10 && delta == 0; ++attempt) {
                const double area
                    = rng.uniform(std::min(kMinBlock, static_cast<double>(room)), static_cast<double>(room));
                const double aspect = std::exp(rng.uniform(logAspectLo, logAspectHi));
                const auto h = static_cast<int64_t>(std::nearbyint(std::sqrt(area * aspect)));
                const auto w = static_cast<int64_t>(std::nearbyint(std::sqrt(area / aspect)));
                if (h < 1 || w < 1 || h >= gridH || w >= gridW) continue;
                const int64_t top = rng.integer(0, gridH - h), left = rng.integer(0, gridW - w);
                int64_t already = 0;
                for (int64_t y = top; y < top + h; ++y)
                    for (int64_t x = left; x < left + w; ++x)
                        already += cell[y * gridW + x];
                const int64_t fresh = h * w - already;
                if (fresh <= 0 || fresh > room) continue; // BEiT: never overshoot the target
                for (int64_t y = top; y < top + h; ++y)
                    for (int64_t x = left; x < left + w; ++x)
                        cell[y * gridW + x] = 1;
                delta = fresh;
            }
            if (delta == 0) break;
            masked += delta;
        }
        if (masked < target) {
            // Top up at random among the unmasked patches (BEiT stops short here; we promise an exact count).
            std::vector<int64_t> open;
            for (int64_t i = 0; i < N; ++i)
                if (!cell[i]) open.push_back(i);
            const auto free = static_cast<int64_t>(open.size());
            for (int64_t i = 0; masked < target; ++i, ++masked) {
                std::swap(open[i], open[rng.integer(i, free - 1)]);
                cell[open[i]] = 1;
            }
        }
        float *m = mask.data_ptr<float>() + b * N;
        for (int64_t i = 0; i < N; ++i)
            m[i] = cell[i];
    }
    return mask;
}

torch::Tensor applyPatchMask(const torch::Tensor &images, const torch::Tensor &mask, int64_t patch, double fill)
{
    checkBatch(images, "patch mask");
    const int64_t B = images.size(0), H = images.size(2), W = images.size(3);
    if (patch < 1 || H % patch || W % patch)
        throw ConfigError("patch mask: patch size " + std::to_string(patch) + " does not divide " + std::to_string(H)
            + "x" + std::to_string(W) + " images");
    const int64_t gh = H / patch, gw = W / patch;
    if (mask.dim() != 2 || mask.size(0) != B || mask.size(1) != gh * gw)
        throw ConfigError("patch mask: expected a mask [" + std::to_string(B) + "," + std::to_string(gh * gw)
            + "], got " + shapeText(mask));
    auto pixels = (mask.to(images.device()) > 0.5)
                      .view({ B, 1, gh, 1, gw, 1 })
                      .expand({ B, 1, gh, patch, gw, patch })
                      .reshape({ B, 1, H, W });
    return images.masked_fill(pixels, fill);
}

// ---- colorization ----

// Cb and Cr divide B - Y and R - Y by 2 (1 - kB) and 2 (1 - kR) so that both span [-0.5, 0.5].
constexpr double kCbScale = 2.0 * (1.0 - detail::kLumaB), kCrScale = 2.0 * (1.0 - detail::kLumaR);

torch::Tensor rgbToYCbCr(const torch::Tensor &rgb)
{
    checkBatch(rgb, "YCbCr");
    const auto r = rgb.select(1, 0), g = rgb.select(1, 1), b = rgb.select(1, 2);
    const auto y = r * detail::kLumaR + g * detail::kLumaG + b * detail::kLumaB;
    return torch::stack({ y, (b - y) / kCbScale, (r - y) / kCrScale }, 1);
}

torch::Tensor yCbCrToRgb(const torch::Tensor &luma, const torch::Tensor &chroma)
{
    const auto y = luma.select(1, 0);
    const auto b = y + chroma.select(1, 0) * kCbScale, r = y + chroma.select(1, 1) * kCrScale;
    // G from the definition of Y itself rather than rounded coefficients, so that the round trip is exact.
    const auto g = (y - r * detail::kLumaR - b * detail::kLumaB) / detail::kLumaG;
    return torch::stack({ r, g, b }, 1);
}

ColorizationBatch colorizationBatch(const torch::Tensor &rgb)
{
    checkBatch(rgb, "colorization");
    if (rgb.size(1) != 3)
        throw ConfigError("colorization: needs colour (3-channel) images; the data has "
            + std::to_string(rgb.size(1)) + " channel(s)");
    if (rgb.scalar_type() != torch::kByte && !rgb.is_floating_point())
        throw ConfigError(
            "colorization: expected uint8 or float images, got " + std::string(c10::toString(rgb.scalar_type())));
    ColorizationBatch out;
    out.target = rgb.scalar_type() == torch::kByte ? rgb.to(torch::kFloat).div(255) : rgb.to(torch::kFloat);
    const auto ycc = rgbToYCbCr(out.target);
    out.input = ycc.narrow(1, 0, 1);
    out.chroma = ycc.narrow(1, 1, 2);
    return out;
}

} // namespace pretext::engine
