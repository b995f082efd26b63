#include "engine/eval/embedding.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

namespace pretext::engine {

namespace {

std::string num(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

void checkShape(const Matrix &m, const std::string &what)
{
    if (m.rows < 0 || m.cols < 0 || m.values.size() != static_cast<size_t>(m.rows) * static_cast<size_t>(m.cols))
        throw ConfigError(what + ": the matrix says " + num(m.rows) + " x " + num(m.cols) + " but holds " +
                          num(static_cast<double>(m.values.size())) + " values");
}

// A float copy of the matrix, so that in-place Torch operations never touch the caller's values.
at::Tensor toTensor(const Matrix &m)
{
    return at::from_blob(const_cast<float *>(m.values.data()), {m.rows, m.cols}, at::kFloat).clone();
}

// Sets LibTorch's intra-op thread count for a scope and restores the previous one.
class ThreadCountScope {
public:
    explicit ThreadCountScope(int threads) : m_previous(at::get_num_threads())
    {
        if (threads > 0) {
            at::set_num_threads(threads);
            m_changed = true;
        }
    }
    ~ThreadCountScope()
    {
        if (m_changed) at::set_num_threads(m_previous);
    }
    ThreadCountScope(const ThreadCountScope &) = delete;
    ThreadCountScope &operator=(const ThreadCountScope &) = delete;

private:
    int m_previous;
    bool m_changed = false;
};

// Runs body(begin, end) over [0, count) in chunks on LibTorch's intra-op thread count. Not at::parallel_for: with
// LibTorch's OpenMP backend that is a header template whose "#pragma omp parallel" only acts in code compiled with
// -fopenmp, which the engine is not (as in engine/augment/viewkernel_cpu.cpp). Threads take chunks from a shared
// counter, so one whose core is busy with another process takes fewer. Starting a thread costs tens of microseconds,
// against about a millisecond for one t-SNE iteration over 2,000 points.
template <typename Body>
void parallelChunks(int64_t count, int64_t chunk, const Body &body)
{
    const int64_t workers = std::max<int64_t>(1, std::min<int64_t>(at::get_num_threads(), count / (2 * chunk)));
    if (workers == 1) {
        body(int64_t(0), count);
        return;
    }
    std::atomic<int64_t> next{0};
    std::atomic<bool> failed{false};
    std::vector<std::exception_ptr> errors(static_cast<size_t>(workers));
    const auto work = [&](int64_t w) {
        try {
            for (int64_t begin = next.fetch_add(chunk); begin < count && !failed; begin = next.fetch_add(chunk))
                body(begin, std::min(count, begin + chunk));
        } catch (...) {
            errors[static_cast<size_t>(w)] = std::current_exception();
            failed = true;
        }
    };
    std::vector<std::thread> threads;
    for (int64_t w = 1; w < workers; ++w) threads.emplace_back(work, w);
    work(0);
    for (auto &t : threads) t.join();
    for (const auto &e : errors)
        if (e) std::rethrow_exception(e);
}

// ---- t-SNE input affinities ----

// The k nearest rows (squared Euclidean distance, self excluded) of every row of x, ascending: one matrix product
// per chunk of rows and topk, so that n x n distances never sit in memory at once for large n.
void nearestRows(const at::Tensor &x, int k, std::vector<int> &index, std::vector<double> &dist2)
{
    const int64_t n = x.size(0);
    index.resize(static_cast<size_t>(n) * k);
    dist2.resize(static_cast<size_t>(n) * k);
    const auto norms = x.pow(2).sum(1);
    const int64_t chunk = std::max<int64_t>(1, (int64_t(1) << 22) / n);
    for (int64_t begin = 0; begin < n; begin += chunk) {
        const int64_t end = std::min(n, begin + chunk);
        // |a|² + |b|² − 2 a·b; the data is centred, which keeps the cancellation small.
        auto d = at::addmm(norms.slice(0, begin, end).unsqueeze(1) + norms.unsqueeze(0), x.slice(0, begin, end),
                           x.t(), /*beta=*/1, /*alpha=*/-2);
        d.scatter_(1, at::arange(begin, end, at::kLong).unsqueeze(1), std::numeric_limits<float>::infinity());
        auto top = d.topk(k, 1, /*largest=*/false, /*sorted=*/true);
        auto values = std::get<0>(top).clamp_min(0).to(at::kDouble).contiguous();
        auto indices = std::get<1>(top).contiguous();
        const double *v = values.data_ptr<double>();
        const int64_t *ix = indices.data_ptr<int64_t>();
        for (int64_t e = 0; e < (end - begin) * k; ++e) {
            dist2[static_cast<size_t>(begin * k + e)] = v[e];
            index[static_cast<size_t>(begin * k + e)] = static_cast<int>(ix[e]);
        }
    }
}

// p_{j|i} over each row's k neighbours: the Gaussian precision beta_i found by bisection so that the entropy of
// row i equals log(perplexity) (van der Maaten 2014, sec. 4.1; the reference bhtsne's computeGaussianPerplexity).
std::vector<double> conditionalAffinities(const std::vector<double> &dist2, int n, int k, double perplexity)
{
    std::vector<double> p(dist2.size());
    const double target = std::log(perplexity);
    parallelChunks(n, 16, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const double *d = dist2.data() + i * k;
            double *pi = p.data() + i * k;
            // Distances relative to the nearest one: the same distribution, and exp() cannot underflow to all zeros.
            const double dmin = *std::min_element(d, d + k);
            double spread = 0;
            for (int j = 0; j < k; ++j) spread += d[j] - dmin;
            double beta = spread > 0 ? k / spread : 1.0;
            double lo = 0, hi = 0;
            bool haveLo = false, haveHi = false;
            double sum = 0;
            for (int step = 0; step < 200; ++step) {
                sum = 0;
                double weighted = 0;
                for (int j = 0; j < k; ++j) {
                    pi[j] = std::exp(-beta * (d[j] - dmin));
                    sum += pi[j];
                    weighted += pi[j] * (d[j] - dmin);
                }
                const double entropy = std::log(sum) + beta * weighted / sum;
                const double diff = entropy - target;
                if (std::abs(diff) < 1e-5) break;
                if (diff > 0) { // too flat: narrow the Gaussian
                    lo = beta;
                    haveLo = true;
                    beta = haveHi ? (beta + hi) / 2 : beta * 2;
                } else {
                    hi = beta;
                    haveHi = true;
                    beta = haveLo ? (beta + lo) / 2 : beta / 2;
                }
            }
            for (int j = 0; j < k; ++j) pi[j] /= sum;
        }
    });
    return p;
}

// The symmetric joint affinities p_ij = (p_{j|i} + p_{i|j}) / 2n in compressed rows.
struct SparseAffinities {
    std::vector<int64_t> rowStart; // n + 1
    std::vector<int> column;
    std::vector<double> value;
};

SparseAffinities symmetrise(const std::vector<int> &index, const std::vector<double> &p, int n, int k)
{
    std::vector<int64_t> start(static_cast<size_t>(n) + 1, 0);
    for (int i = 0; i < n; ++i) {
        for (int m = 0; m < k; ++m) {
            ++start[static_cast<size_t>(i) + 1];
            ++start[static_cast<size_t>(index[static_cast<size_t>(i) * k + m]) + 1];
        }
    }
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<std::pair<int, double>> entries(static_cast<size_t>(start.back()));
    std::vector<int64_t> fill(start.begin(), start.end() - 1);
    for (int i = 0; i < n; ++i) {
        for (int m = 0; m < k; ++m) {
            const size_t e = static_cast<size_t>(i) * k + m;
            const int j = index[e];
            entries[static_cast<size_t>(fill[i]++)] = {j, p[e]};
            entries[static_cast<size_t>(fill[j]++)] = {i, p[e]};
        }
    }
    SparseAffinities out;
    out.rowStart.assign(static_cast<size_t>(n) + 1, 0);
    out.column.reserve(entries.size());
    out.value.reserve(entries.size());
    double total = 0;
    for (int i = 0; i < n; ++i) {
        auto first = entries.begin() + start[i], last = entries.begin() + start[static_cast<size_t>(i) + 1];
        std::sort(first, last, [](const auto &a, const auto &b) { return a.first < b.first; });
        for (auto it = first; it != last; ++it) {
            if (static_cast<int64_t>(out.column.size()) > out.rowStart[i] && out.column.back() == it->first) {
                out.value.back() += it->second; // both i→j and j→i were neighbours
            } else {
                out.column.push_back(it->first);
                out.value.push_back(it->second);
            }
            total += it->second;
        }
        out.rowStart[static_cast<size_t>(i) + 1] = static_cast<int64_t>(out.column.size());
    }
    for (double &v : out.value) v /= total;
    return out;
}

// ---- Barnes–Hut quadtree ----

// A quadtree over the map, rebuilt every iteration into the same flat arrays (no allocation once they have grown).
// Leaves hold up to kLeafSize points as a range of the tree order; coincident points stop at kMaxDepth.
class QuadTree {
public:
    void build(const std::vector<double> &y, int n)
    {
        m_y = y.data();
        m_order.resize(static_cast<size_t>(n));
        std::iota(m_order.begin(), m_order.end(), 0);
        double minX = y[0], maxX = y[0], minY = y[1], maxY = y[1];
        for (int i = 1; i < n; ++i) {
            minX = std::min(minX, y[2 * i]);
            maxX = std::max(maxX, y[2 * i]);
            minY = std::min(minY, y[2 * i + 1]);
            maxY = std::max(maxY, y[2 * i + 1]);
        }
        const double half = std::max(maxX - minX, maxY - minY) / 2 * (1 + 1e-9) + 1e-300;
        m_nodes.clear();
        m_nodes.push_back(Node{0, 0, 2 * half, -1, 0, n});
        split(0, (minX + maxX) / 2, (minY + maxY) / 2, half, 0);
        m_x.resize(static_cast<size_t>(n));
        m_yy.resize(static_cast<size_t>(n));
        for (int t = 0; t < n; ++t) {
            m_x[t] = y[2 * m_order[t]];
            m_yy[t] = y[2 * m_order[t] + 1];
        }
    }

    // The points in tree order: neighbours in the map are close in this order, which helps the cache.
    const std::vector<int> &order() const { return m_order; }

    // For the point at position `rank` of the tree order: adds Σ_j q_ij² (y_i − y_j) to (fx, fy) and Σ_j q_ij to z,
    // with q_ij = 1 / (1 + |y_i − y_j|²), over all j ≠ i. A cell that does not hold the point is summarised by its
    // centre of mass when side / distance < theta (van der Maaten 2014, sec. 4.2, with the cell's side as its size).
    void repulsion(int rank, double theta2, double &fx, double &fy, double &z) const
    {
        const double px = m_x[rank], py = m_yy[rank];
        int stack[4 * kMaxDepth + 8];
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            const Node &node = m_nodes[static_cast<size_t>(stack[--top])];
            const double dx = px - node.comX, dy = py - node.comY;
            const double d2 = dx * dx + dy * dy;
            const bool holdsSelf = rank >= node.begin && rank < node.end;
            if (!holdsSelf && node.side * node.side < theta2 * d2) {
                const double q = 1 / (1 + d2);
                const double mass = (node.end - node.begin) * q;
                z += mass;
                fx += mass * q * dx;
                fy += mass * q * dy;
            } else if (node.firstChild < 0) {
                for (int k = node.begin; k < node.end; ++k) {
                    if (k == rank) continue;
                    const double ex = px - m_x[k], ey = py - m_yy[k];
                    const double q = 1 / (1 + ex * ex + ey * ey);
                    z += q;
                    fx += q * q * ex;
                    fy += q * q * ey;
                }
            } else {
                for (int c = node.firstChild; c < node.firstChild + 4; ++c) {
                    const Node &child = m_nodes[static_cast<size_t>(c)];
                    if (child.end > child.begin) stack[top++] = c;
                }
            }
        }
    }

private:
    static constexpr int kLeafSize = 8;
    static constexpr int kMaxDepth = 40;

    struct Node {
        double comX, comY; // centre of mass
        double side;       // of the square cell
        int firstChild;    // four consecutive children, or -1 for a leaf
        int begin, end;    // the cell's points, a range of the tree order
    };

    void split(int index, double cx, double cy, double half, int depth)
    {
        const int begin = m_nodes[static_cast<size_t>(index)].begin, end = m_nodes[static_cast<size_t>(index)].end;
        const int count = end - begin;
        if (count <= kLeafSize || depth >= kMaxDepth) {
            double sx = 0, sy = 0;
            for (int k = begin; k < end; ++k) {
                sx += m_y[2 * m_order[k]];
                sy += m_y[2 * m_order[k] + 1];
            }
            m_nodes[static_cast<size_t>(index)].comX = count ? sx / count : cx;
            m_nodes[static_cast<size_t>(index)].comY = count ? sy / count : cy;
            return;
        }
        const double *y = m_y;
        int *first = m_order.data() + begin, *last = m_order.data() + end;
        int *midY = std::partition(first, last, [&](int i) { return y[2 * i + 1] < cy; });
        int *lowRight = std::partition(first, midY, [&](int i) { return y[2 * i] < cx; });
        int *highRight = std::partition(midY, last, [&](int i) { return y[2 * i] < cx; });
        const int *bounds[5] = {first, lowRight, midY, highRight, last};
        const int child = static_cast<int>(m_nodes.size());
        m_nodes[static_cast<size_t>(index)].firstChild = child;
        const double h = half / 2;
        for (int c = 0; c < 4; ++c) { // quadrants in the order of the partition: x low/high, then y low/high
            m_nodes.push_back(Node{0, 0, half, -1, static_cast<int>(bounds[c] - m_order.data()),
                                   static_cast<int>(bounds[c + 1] - m_order.data())});
        }
        double sx = 0, sy = 0;
        for (int c = 0; c < 4; ++c) {
            split(child + c, cx + ((c & 1) ? h : -h), cy + ((c & 2) ? h : -h), h, depth + 1);
            const Node &n = m_nodes[static_cast<size_t>(child + c)];
            sx += (n.end - n.begin) * n.comX;
            sy += (n.end - n.begin) * n.comY;
        }
        m_nodes[static_cast<size_t>(index)].comX = sx / count;
        m_nodes[static_cast<size_t>(index)].comY = sy / count;
    }

    const double *m_y = nullptr;
    std::vector<Node> m_nodes;
    std::vector<int> m_order;
    std::vector<double> m_x, m_yy; // coordinates in tree order
};

void centre(std::vector<double> &y, int n)
{
    double mx = 0, my = 0;
    for (int i = 0; i < n; ++i) {
        mx += y[2 * i];
        my += y[2 * i + 1];
    }
    mx /= n;
    my /= n;
    for (int i = 0; i < n; ++i) {
        y[2 * i] -= mx;
        y[2 * i + 1] -= my;
    }
}

int sign(double v) { return (v > 0) - (v < 0); }

} // namespace

// ---- PCA ----

PcaMap pcaMap(const Matrix &features)
{
    checkShape(features, "PCA");
    if (features.rows < 2)
        throw ConfigError("PCA needs at least 2 rows (points), got " + num(features.rows));
    if (features.cols < 1)
        throw ConfigError("PCA needs at least 1 column (feature), got " + num(features.rows) + " rows of 0 columns");
    const int64_t n = features.rows, d = features.cols;
    auto x = toTensor(features).to(at::kDouble);
    x -= x.mean(0, /*keepdim=*/true);
    const int64_t m = std::min<int64_t>(2, d);
    at::Tensor variances, axes; // descending variances and the matching unit axes in feature space (d x m)
    if (d <= n) {
        auto eig = at::linalg_eigh(at::mm(x.t(), x) / double(n - 1), "L"); // ascending
        variances = std::get<0>(eig).flip({0}).slice(0, 0, m).clamp_min(0);
        axes = std::get<1>(eig).flip({1}).slice(1, 0, m);
    } else {
        // Fewer points than features: the n x n Gram matrix has the same non-zero spectrum, and X^T u / |X^T u|
        // turns its eigenvectors into the covariance's.
        auto eig = at::linalg_eigh(at::mm(x, x.t()) / double(n - 1), "L");
        variances = std::get<0>(eig).flip({0}).slice(0, 0, m).clamp_min(0);
        axes = at::mm(x.t(), std::get<1>(eig).flip({1}).slice(1, 0, m));
        axes = axes / axes.norm(2, {0}, /*keepdim=*/true).clamp_min(1e-300);
    }
    // Eigenvectors have no sign of their own: make each axis's largest-magnitude loading positive, so that the
    // same data always gives the same (not a mirrored) map.
    for (int64_t c = 0; c < m; ++c) {
        auto column = axes.select(1, c);
        const int64_t peak = column.abs().argmax().item<int64_t>();
        if (column[peak].item<double>() < 0) column.neg_();
    }
    auto projection = at::mm(x, axes).to(at::kFloat).contiguous();
    const double total = x.pow(2).sum().item<double>() / double(n - 1);

    PcaMap out;
    out.points.assign(static_cast<size_t>(2 * n), 0.0f);
    const float *p = projection.data_ptr<float>();
    for (int64_t i = 0; i < n; ++i)
        for (int64_t c = 0; c < m; ++c) out.points[static_cast<size_t>(2 * i + c)] = p[i * m + c];
    for (int64_t c = 0; c < m; ++c)
        out.explained[c] = total > 0 ? std::clamp(variances[c].item<double>() / total, 0.0, 1.0) : 0.0;
    return out;
}

// ---- t-SNE ----

MapPoints tsneMap(const Matrix &features, const TsneOptions &options)
{
    checkShape(features, "t-SNE");
    const int n = features.rows;
    if (n < 5) throw ConfigError("t-SNE needs at least 5 points, got " + num(n));
    if (features.cols < 1) throw ConfigError("t-SNE needs at least 1 feature column, got 0");
    if (options.iterations < 1)
        throw ConfigError("t-SNE iterations must be at least 1, got " + num(options.iterations));
    const double maxPerplexity = (n - 1) / 3.0;
    if (!(options.perplexity >= 2 && options.perplexity <= maxPerplexity))
        throw ConfigError("t-SNE perplexity " + num(options.perplexity) + " does not fit " + num(n) +
                          " points: it must be between 2 and (n - 1) / 3 = " + num(maxPerplexity));
    if (!(options.theta >= 0 && std::isfinite(options.theta)))
        throw ConfigError("t-SNE theta must be 0 or more, got " + num(options.theta));
    const bool fromInit = options.init.size() == static_cast<size_t>(2 * n);
    if (fromInit) {
        for (size_t e = 0; e < options.init.size(); ++e)
            if (!std::isfinite(options.init[e]))
                throw ConfigError("t-SNE start map has a non-finite coordinate at point " + num(double(e / 2)));
    }

    ThreadCountScope threads(options.threads);

    // Input affinities over the 3·perplexity nearest neighbours.
    const int k = std::min(n - 1, static_cast<int>(std::floor(3 * options.perplexity)));
    std::vector<int> index;
    std::vector<double> dist2;
    {
        auto x = toTensor(features);
        x -= x.mean(0, /*keepdim=*/true);
        nearestRows(x, k, index, dist2);
    }
    const SparseAffinities P = symmetrise(index, conditionalAffinities(dist2, n, k, options.perplexity), n, k);

    // Start. A previous map (RMS radius 1 or more: a t-SNE optimum is never smaller, since the Student-t kernel has
    // unit width) is taken as it is, at its own scale and without early exaggeration: it already has the clusters
    // that exaggeration exists to form, and exaggerating it would first shrink every cluster and then re-inflate it,
    // the opposite of a smooth morph. A smaller start (e.g. PCA scaled to std 1e-4, Kobak & Berens 2019) is a layout
    // hint and gets the full schedule, like the default tiny Gaussian (std 1e-4, as bhtsne); a collapsed one is
    // ignored.
    std::vector<double> y(static_cast<size_t>(2 * n));
    double initRadius = 0;
    if (fromInit) {
        for (size_t e = 0; e < y.size(); ++e) y[e] = options.init[e];
        centre(y, n);
        for (double v : y) initRadius += v * v;
        initRadius = std::sqrt(initRadius / n);
    }
    const bool morph = initRadius >= 1;
    if (!(initRadius > 1e-12)) {
        Rng rng(options.seed);
        for (double &v : y) v = rng.normal(0.0, 1e-4);
        centre(y, n);
    }

    // Schedule (bhtsne, with Belkina et al. 2019's learning rate n / exaggeration, at least bhtsne's 200): early
    // exaggeration 12 and momentum 0.5 for the first 250 iterations (a third of the run when it is shorter),
    // then momentum 0.8.
    const int earlyIterations = std::min(250, options.iterations / 3);
    const int exaggeratedIterations = morph ? 0 : earlyIterations;
    const double learningRate = std::max(200.0, n / 12.0);
    const double theta2 = options.theta * options.theta;

    std::vector<double> update(y.size(), 0.0), gains(y.size(), 1.0), attractive(y.size()), repulsive(y.size());
    std::vector<double> zPart(static_cast<size_t>(n));
    QuadTree tree;
    for (int it = 0; it < options.iterations; ++it) {
        tree.build(y, n);
        const std::vector<int> &order = tree.order();
        parallelChunks(n, 32, [&](int64_t begin, int64_t end) {
            for (int64_t t = begin; t < end; ++t) {
                const int i = order[static_cast<size_t>(t)];
                const double px = y[2 * i], py = y[2 * i + 1];
                double fx = 0, fy = 0, z = 0;
                tree.repulsion(static_cast<int>(t), theta2, fx, fy, z);
                repulsive[2 * i] = fx;
                repulsive[2 * i + 1] = fy;
                zPart[i] = z;
                double ax = 0, ay = 0;
                for (int64_t e = P.rowStart[i]; e < P.rowStart[i + 1]; ++e) {
                    const int j = P.column[static_cast<size_t>(e)];
                    const double dx = px - y[2 * j], dy = py - y[2 * j + 1];
                    const double w = P.value[static_cast<size_t>(e)] / (1 + dx * dx + dy * dy);
                    ax += w * dx;
                    ay += w * dy;
                }
                attractive[2 * i] = ax;
                attractive[2 * i + 1] = ay;
            }
        });
        // Summed in point order, so that the map does not depend on the thread count.
        const double z = std::accumulate(zPart.begin(), zPart.end(), 0.0);
        const double exaggeration = it < exaggeratedIterations ? 12.0 : 1.0;
        const double momentum = it < earlyIterations ? 0.5 : 0.8;
        for (size_t e = 0; e < y.size(); ++e) {
            // dC/dy_i / 4 = Σ_j p_ij w_ij (y_i − y_j) − Σ_j w_ij² (y_i − y_j) / Z, w_ij = 1 / (1 + |y_i − y_j|²),
            // Z = Σ_kl w_kl: the t-SNE gradient split into the sparse attractive and the tree's repulsive part.
            const double g = exaggeration * attractive[e] - repulsive[e] / z;
            // Delta-bar-delta gains as in bhtsne's tsne.cpp.
            gains[e] = sign(g) != sign(update[e]) ? gains[e] + 0.2 : gains[e] * 0.8;
            gains[e] = std::max(gains[e], 0.01);
            update[e] = momentum * update[e] - learningRate * gains[e] * g;
            y[e] += update[e];
        }
        centre(y, n);
        const int done = it + 1;
        if (options.progress && (done % 10 == 0 || done == options.iterations) &&
            !options.progress(done, options.iterations))
            break;
    }
    return MapPoints(y.begin(), y.end());
}

// ---- Nearest neighbours ----

std::vector<std::vector<Neighbour>> nearestNeighbours(const Matrix &bank, const std::vector<int> &queries, int k)
{
    checkShape(bank, "nearest neighbours");
    if (bank.cols < 1) throw ConfigError("nearest neighbours: the bank has no feature columns");
    for (int q : queries)
        if (q < 0 || q >= bank.rows)
            throw ConfigError("nearest neighbours: query row " + num(q) + " is outside the bank's " +
                              num(bank.rows) + " rows");
    std::vector<std::vector<Neighbour>> result(queries.size());
    const int kk = std::min(k, bank.rows - 1);
    if (kk <= 0 || queries.empty()) return result;

    auto b = toTensor(bank);
    b = b / b.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12);
    std::vector<int64_t> ids(queries.begin(), queries.end());
    const int64_t chunk = std::max<int64_t>(1, (int64_t(1) << 24) / bank.rows);
    for (int64_t begin = 0; begin < static_cast<int64_t>(ids.size()); begin += chunk) {
        const int64_t end = std::min<int64_t>(static_cast<int64_t>(ids.size()), begin + chunk);
        auto rows = at::from_blob(ids.data() + begin, {end - begin}, at::kLong).clone();
        auto sim = at::mm(b.index_select(0, rows), b.t());
        // The query is excluded by masking its own column rather than dropping the first hit, which also holds
        // when the bank has a duplicate of it.
        sim.scatter_(1, rows.unsqueeze(1), -std::numeric_limits<float>::infinity());
        auto top = sim.topk(kk, 1, /*largest=*/true, /*sorted=*/true);
        auto values = std::get<0>(top).contiguous();
        auto indices = std::get<1>(top).contiguous();
        const float *v = values.data_ptr<float>();
        const int64_t *ix = indices.data_ptr<int64_t>();
        for (int64_t r = 0; r < end - begin; ++r) {
            auto &list = result[static_cast<size_t>(begin + r)];
            list.resize(static_cast<size_t>(kk));
            for (int c = 0; c < kk; ++c)
                list[static_cast<size_t>(c)] = {static_cast<int>(ix[r * kk + c]), v[r * kk + c]};
        }
    }
    return result;
}

std::vector<Neighbour> nearestNeighbours(const Matrix &bank, int query, int k)
{
    return nearestNeighbours(bank, std::vector<int>{query}, k).front();
}

// ---- Map quality ----

double mapNeighbourPurity(const MapPoints &points, const std::vector<int> &labels, int k)
{
    if (points.size() != 2 * labels.size())
        throw ConfigError("map neighbour purity: " + num(double(points.size()) / 2) + " map points but " +
                          num(double(labels.size())) + " labels");
    const int64_t n = static_cast<int64_t>(labels.size());
    if (n < 2) throw ConfigError("map neighbour purity needs at least 2 points, got " + num(double(n)));
    if (k < 1) throw ConfigError("map neighbour purity: k must be at least 1, got " + num(k));
    const int64_t kk = std::min<int64_t>(k, n - 1);

    auto map = at::from_blob(const_cast<float *>(points.data()), {n, 2}, at::kFloat).to(at::kDouble);
    std::vector<int64_t> labels64(labels.begin(), labels.end());
    auto lab = at::from_blob(labels64.data(), {n}, at::kLong).clone();
    int64_t same = 0;
    const int64_t chunk = std::max<int64_t>(1, (int64_t(1) << 21) / n);
    for (int64_t begin = 0; begin < n; begin += chunk) {
        const int64_t end = std::min(n, begin + chunk);
        // Differences rather than |a|² + |b|² − 2ab: exact ordering of close points.
        auto d2 = (map.slice(0, begin, end).unsqueeze(1) - map.unsqueeze(0)).pow(2).sum(2);
        d2.scatter_(1, at::arange(begin, end, at::kLong).unsqueeze(1), std::numeric_limits<double>::infinity());
        auto nearest = std::get<1>(d2.topk(kk, 1, /*largest=*/false, /*sorted=*/false));
        auto neighbourLabels = lab.index_select(0, nearest.reshape({-1})).view_as(nearest);
        same += neighbourLabels.eq(lab.slice(0, begin, end).unsqueeze(1)).sum().item<int64_t>();
    }
    return double(same) / double(n * kk);
}

} // namespace pretext::engine
