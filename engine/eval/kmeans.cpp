#include "engine/eval/kmeans.h"

#include "engine/core/rng.h"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace pretext::engine {

namespace {

// Squared Euclidean distances [N, K] between points [N, D] and centroids [K, D], clamped at 0 (the expansion
// ||x||² − 2x·c + ||c||² can dip below it by rounding).
torch::Tensor squaredDistances(const torch::Tensor &x, const torch::Tensor &c)
{
    auto d = x.pow(2).sum(1, true) - 2 * x.matmul(c.t()) + c.pow(2).sum(1).unsqueeze(0);
    return d.clamp_min(0);
}

// k-means++ seeding: the first centre uniformly, each next one with probability proportional to the squared
// distance to the nearest centre chosen so far (Arthur & Vassilvitskii 2007). When every remaining point sits on a
// centre (fewer distinct points than clusters), the next centre is a uniformly drawn point.
torch::Tensor seedPlusPlus(const torch::Tensor &x, int64_t k, Rng &rng)
{
    const int64_t n = x.size(0);
    std::vector<int64_t> chosen{rng.integer(0, n - 1)};
    auto nearest = squaredDistances(x, x.index_select(0, torch::tensor(chosen))).squeeze(1);
    while (static_cast<int64_t>(chosen.size()) < k) {
        auto cumulative = nearest.to(torch::kDouble).cumsum(0);
        const double total = cumulative[n - 1].item<double>();
        int64_t next;
        if (total > 0) {
            const double r = rng.uniform(0.0, total);
            const double *c = cumulative.data_ptr<double>();
            next = std::upper_bound(c, c + n, r) - c;
            next = std::min(next, n - 1);
        } else {
            next = rng.integer(0, n - 1);
        }
        chosen.push_back(next);
        nearest = torch::minimum(nearest, squaredDistances(x, x.slice(0, next, next + 1)).squeeze(1));
    }
    return x.index_select(0, torch::tensor(chosen)).clone();
}

} // namespace

torch::Tensor nearestCentroid(const torch::Tensor &points, const torch::Tensor &centroids)
{
    torch::NoGradGuard noGrad;
    auto x = points.to(torch::kFloat);
    return squaredDistances(x, centroids.to(x.device(), torch::kFloat)).argmin(1);
}

KMeansResult kmeans(const torch::Tensor &points, const KMeansOptions &options,
                    const std::function<void(int64_t, int64_t)> &progress)
{
    torch::NoGradGuard noGrad;
    if (points.dim() != 2) throw std::invalid_argument("k-means: points must be [N, D]");
    const int64_t n = points.size(0), k = options.clusters;
    if (k < 1 || k > n)
        throw std::invalid_argument("k-means: " + std::to_string(k) + " clusters need between 1 and " +
                                    std::to_string(n) + " points (the number of points given)");
    if (options.maxIterations < 1) throw std::invalid_argument("k-means: maxIterations must be at least 1");
    auto x = points.detach().to(torch::kCPU, torch::kFloat).contiguous();

    Rng rng(options.seed);
    KMeansResult r;
    r.centroids = seedPlusPlus(x, k, rng);
    r.assignments = torch::full({n}, -1, torch::kLong);
    for (int64_t it = 1; it <= options.maxIterations; ++it) {
        if (progress) progress(it, options.maxIterations);
        auto d = squaredDistances(x, r.centroids);
        auto assign = d.argmin(1);
        r.iterations = it;
        if (torch::equal(assign, r.assignments)) {
            r.converged = true;
            break;
        }
        r.assignments = assign;
        // Update step: each centroid moves to the mean of its points (index_add_ sums in point order).
        auto sums = torch::zeros_like(r.centroids).index_add_(0, assign, x);
        auto counts = torch::zeros({k}, torch::kFloat).index_add_(0, assign, torch::ones({n}, torch::kFloat));
        auto filled = counts > 0;
        r.centroids = torch::where(filled.unsqueeze(1), sums / counts.clamp_min(1).unsqueeze(1), r.centroids);
        // An empty cluster takes the point farthest from its own centroid, which then leaves its old cluster.
        if (!filled.all().item<bool>()) {
            auto farthest = d.gather(1, assign.unsqueeze(1)).squeeze(1);
            for (int64_t c = 0; c < k; ++c) {
                if (filled[c].item<bool>()) continue;
                const int64_t p = farthest.argmax().item<int64_t>();
                r.centroids[c].copy_(x[p]);
                farthest[p] = -1;
            }
        }
    }
    auto d = squaredDistances(x, r.centroids);
    r.assignments = d.argmin(1);
    r.inertia = d.gather(1, r.assignments.unsqueeze(1)).to(torch::kDouble).sum().item<double>();
    return r;
}

} // namespace pretext::engine
