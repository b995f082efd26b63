// Maps and neighbours as the embedding views rely on them: PCA that finds the known axes with a stable sign, a t-SNE
// that keeps separated clusters apart and morphs continuously from the previous map, cosine neighbours in the right
// order, and errors that name the numbers that do not fit.
#include "engine/core/errors.h"
#include "engine/eval/embedding.h"

#include <ATen/Parallel.h>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace pretext::engine;

namespace {

using Vec = std::vector<double>;

double dot(const Vec &a, const Vec &b)
{
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

// Gram–Schmidt on `count` random vectors of length `dim`: orthonormal, in a seeded random orientation.
std::vector<Vec> orthonormal(int count, int dim, std::mt19937 &gen, bool centred = false)
{
    std::normal_distribution<double> normal;
    std::vector<Vec> basis;
    while (static_cast<int>(basis.size()) < count) {
        Vec v(static_cast<size_t>(dim));
        for (double &x : v) x = normal(gen);
        if (centred) { // also orthogonal to the all-ones vector: zero mean
            double mean = 0;
            for (double x : v) mean += x / dim;
            for (double &x : v) x -= mean;
        }
        for (const Vec &b : basis) {
            const double p = dot(v, b);
            for (int i = 0; i < dim; ++i) v[i] -= p * b[i];
        }
        const double norm = std::sqrt(dot(v, v));
        for (double &x : v) x /= norm;
        basis.push_back(v);
    }
    return basis;
}

// n points of well-separated Gaussian clusters (centre spread 4 per coordinate, unit noise); labels i % clusters.
Matrix clusters(int n, int dim, int count, unsigned seed, std::vector<int> &labels)
{
    std::mt19937 gen(seed);
    std::normal_distribution<float> normal;
    std::vector<std::vector<float>> centres(static_cast<size_t>(count), std::vector<float>(static_cast<size_t>(dim)));
    for (auto &c : centres)
        for (float &x : c) x = 4 * normal(gen);
    Matrix m;
    m.rows = n;
    m.cols = dim;
    labels.clear();
    for (int i = 0; i < n; ++i) {
        labels.push_back(i % count);
        for (int d = 0; d < dim; ++d) m.values.push_back(centres[static_cast<size_t>(i % count)][d] + normal(gen));
    }
    return m;
}

// How far the points of map b are from those of map a: the mean distance between corresponding points relative to
// the RMS distance of a's points from their centroid, after the best uniform scaling of a about its centroid (t-SNE
// maps keep expanding slowly, which a morph shows as a zoom, not as points moving). No rotation is fitted: a rotated
// or mirrored map is a jump for the viewer. Both maps are centred by tsneMap.
struct Displacement {
    double scale = 1; // the best uniform scaling from a to b
    double moved = 0; // the relative displacement after it
};
Displacement displacement(const MapPoints &a, const MapPoints &b)
{
    const size_t n = a.size() / 2;
    double ab = 0, aa = 0;
    for (size_t e = 0; e < a.size(); ++e) {
        ab += double(a[e]) * b[e];
        aa += double(a[e]) * a[e];
    }
    Displacement d;
    d.scale = ab / aa;
    for (size_t i = 0; i < n; ++i)
        d.moved += std::hypot(d.scale * a[2 * i] - b[2 * i], d.scale * a[2 * i + 1] - b[2 * i + 1]) / n;
    d.moved /= std::sqrt(aa / n);
    return d;
}

bool allFinite(const MapPoints &m)
{
    return std::all_of(m.begin(), m.end(), [](float v) { return std::isfinite(v); });
}

} // namespace

class TestEmbedding : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Latent coordinates with exactly the variances 9, 4 and 0.01 and no correlation, placed on a random orthonormal
    // basis and shifted: PCA must return the first two basis vectors' shares and the latent coordinates, with the
    // sign that makes each axis's largest loading positive. "wide" has fewer points than features.
    void pcaRecoversKnownAxes_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("dim");
        QTest::newRow("tall") << 500 << 10;
        QTest::newRow("wide") << 8 << 40;
    }
    void pcaRecoversKnownAxes()
    {
        QFETCH(int, n);
        QFETCH(int, dim);
        std::mt19937 gen(11);
        const double variances[3] = {9, 4, 0.01};
        const auto axes = orthonormal(3, dim, gen);
        auto latent = orthonormal(3, n, gen, /*centred=*/true); // columns of the n x 3 latent matrix
        for (int c = 0; c < 3; ++c)
            for (double &v : latent[c]) v *= std::sqrt(variances[c] * (n - 1));
        Matrix m;
        m.rows = n;
        m.cols = dim;
        for (int i = 0; i < n; ++i)
            for (int d = 0; d < dim; ++d) {
                double v = 5.0 + d; // an offset that PCA must remove
                for (int c = 0; c < 3; ++c) v += latent[c][i] * axes[c][d];
                m.values.push_back(static_cast<float>(v));
            }

        const PcaMap map = pcaMap(m);
        const double total = 9 + 4 + 0.01;
        QVERIFY(std::abs(map.explained[0] - 9 / total) < 1e-4);
        QVERIFY(std::abs(map.explained[1] - 4 / total) < 1e-4);
        QCOMPARE(map.points.size(), size_t(2 * n));
        for (int c = 0; c < 2; ++c) {
            const auto peak = std::max_element(axes[c].begin(), axes[c].end(),
                                               [](double a, double b) { return std::abs(a) < std::abs(b); });
            const double sign = *peak > 0 ? 1 : -1;
            double worst = 0;
            for (int i = 0; i < n; ++i)
                worst = std::max(worst, std::abs(map.points[2 * i + c] - sign * latent[c][i]));
            QVERIFY2(worst < 2e-3, qPrintable(QString("axis %1 off by %2").arg(c).arg(worst)));
        }
    }

    // The same points in another order give the same map, point for point: no mirrored maps between calls.
    void pcaSignDoesNotDependOnRowOrder()
    {
        std::vector<int> labels;
        const Matrix m = clusters(60, 16, 3, 5, labels);
        Matrix reversed = m;
        for (int i = 0; i < m.rows; ++i)
            std::copy_n(m.values.begin() + i * m.cols, m.cols, reversed.values.begin() + (m.rows - 1 - i) * m.cols);
        const PcaMap a = pcaMap(m), b = pcaMap(reversed);
        for (int i = 0; i < m.rows; ++i)
            for (int c = 0; c < 2; ++c)
                QVERIFY(std::abs(a.points[2 * i + c] - b.points[2 * (m.rows - 1 - i) + c]) < 1e-3);
    }

    void pcaRejectsTooLittleData_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<QString>("message");
        QTest::newRow("one row") << 1 << 4 << "at least 2 rows (points), got 1";
        QTest::newRow("no columns") << 3 << 0 << "got 3 rows of 0 columns";
    }
    void pcaRejectsTooLittleData()
    {
        QFETCH(int, rows);
        QFETCH(int, cols);
        QFETCH(QString, message);
        Matrix m;
        m.rows = rows;
        m.cols = cols;
        m.values.assign(static_cast<size_t>(rows * cols), 1.0f);
        try {
            pcaMap(m);
            QFAIL("pcaMap accepted too little data");
        } catch (const ConfigError &e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    // Five clusters far apart in 50-D stay apart in the map; a random map scores about 1/5 on the same criterion,
    // so the threshold does discriminate.
    void tsneKeepsClustersApart()
    {
        const MapPoints &map = clusterMap();
        QCOMPARE(map.size(), size_t(2 * 400));
        QVERIFY(allFinite(map));
        const double purity = mapNeighbourPurity(map, m_labels, 10);
        QVERIFY2(purity > 0.95, qPrintable(QString("purity %1").arg(purity)));

        std::mt19937 gen(3);
        std::uniform_real_distribution<float> uniform(-10, 10);
        MapPoints random(map.size());
        for (float &v : random) v = uniform(gen);
        const double chance = mapNeighbourPurity(random, m_labels, 10);
        QVERIFY2(chance > 0.1 && chance < 0.35, qPrintable(QString("random map purity %1").arg(chance)));
    }

    // Starting from the previous map on unchanged data, the new map keeps its layout (after the slow uniform
    // expansion, points move by a small fraction of the map's spread), whereas an independent run lands elsewhere:
    // the view can morph smoothly from one to the other.
    void tsneMorphsFromPreviousMap()
    {
        const MapPoints &previous = clusterMap();
        TsneOptions options;
        options.iterations = 300;
        options.init = previous;
        const MapPoints morphed = tsneMap(m_clusters, options);
        QVERIFY(allFinite(morphed));
        const Displacement d = displacement(previous, morphed);
        QVERIFY2(d.scale > 0.9 && d.scale < 1.25 && d.moved < 0.1,
                 qPrintable(QString("scaled by %1, then moved %2 of the spread").arg(d.scale).arg(d.moved)));
        QVERIFY(mapNeighbourPurity(morphed, m_labels, 10) > 0.95);

        TsneOptions fresh;
        fresh.iterations = 300;
        fresh.seed = 99;
        const Displacement independent = displacement(previous, tsneMap(m_clusters, fresh));
        QVERIFY2(independent.moved > 0.3,
                 qPrintable(QString("an independent map moved only %1").arg(independent.moved)));
    }

    // A start smaller than any t-SNE map (PCA scaled to std 1e-4) is a layout hint and a collapsed one (all points
    // equal, where every force would vanish) is ignored: the clusters still form from either.
    void tsneTakesSmallStartAsHint()
    {
        clusterMap();
        const PcaMap pca = pcaMap(m_clusters);
        double radius = 0;
        for (float v : pca.points) radius += double(v) * v / m_clusters.rows;
        TsneOptions options;
        for (float v : pca.points) options.init.push_back(float(v * 1e-4 / std::sqrt(radius)));
        QVERIFY(mapNeighbourPurity(tsneMap(m_clusters, options), m_labels, 10) > 0.95);
        options.init.assign(options.init.size(), 3.0f);
        QVERIFY(mapNeighbourPurity(tsneMap(m_clusters, options), m_labels, 10) > 0.95);
    }

    // Same seed, same map, whatever the thread count (the per-point sums are reduced in a fixed order); the caller's
    // thread setting is restored afterwards.
    void tsneIsDeterministicAcrossThreadCounts()
    {
        std::vector<int> labels;
        const Matrix m = clusters(150, 20, 3, 8, labels);
        TsneOptions options;
        options.perplexity = 10;
        options.iterations = 60;
        options.seed = 4;
        const int before = at::get_num_threads();
        options.threads = 1;
        const MapPoints one = tsneMap(m, options);
        options.threads = 2;
        const MapPoints two = tsneMap(m, options);
        QCOMPARE(at::get_num_threads(), before);
        QVERIFY(one == two);
        options.seed = 5;
        QVERIFY(tsneMap(m, options) != one);
    }

    void tsneRejectsBadSettings_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<double>("perplexity");
        QTest::addColumn<int>("iterations");
        QTest::addColumn<QString>("message");
        QTest::newRow("perplexity too large") << 40 << 30.0 << 100
                                              << "perplexity 30 does not fit 40 points: it must be between 2 and "
                                                 "(n - 1) / 3 = 13";
        QTest::newRow("perplexity too small") << 40 << 1.5 << 100 << "perplexity 1.5 does not fit 40 points";
        QTest::newRow("too few points") << 4 << 2.0 << 100 << "at least 5 points, got 4";
        QTest::newRow("no iterations") << 40 << 5.0 << 0 << "iterations must be at least 1, got 0";
    }
    void tsneRejectsBadSettings()
    {
        QFETCH(int, n);
        QFETCH(double, perplexity);
        QFETCH(int, iterations);
        QFETCH(QString, message);
        std::vector<int> labels;
        const Matrix m = clusters(n, 8, 2, 1, labels);
        TsneOptions options;
        options.perplexity = perplexity;
        options.iterations = iterations;
        try {
            tsneMap(m, options);
            QFAIL("tsneMap accepted a bad setting");
        } catch (const ConfigError &e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    // The callback comes every 10 iterations with the iteration and the total; returning false ends the run there.
    void tsneProgressCanStop()
    {
        std::vector<int> labels;
        const Matrix m = clusters(100, 10, 2, 2, labels);
        TsneOptions options;
        options.perplexity = 10;
        options.iterations = 95;
        std::vector<int> seen;
        options.progress = [&](int iteration, int total) {
            seen.push_back(iteration);
            return total == 95;
        };
        QVERIFY(allFinite(tsneMap(m, options)));
        QCOMPARE(seen, (std::vector<int>{10, 20, 30, 40, 50, 60, 70, 80, 90, 95}));

        seen.clear();
        options.progress = [&](int iteration, int) {
            seen.push_back(iteration);
            return iteration < 30;
        };
        const MapPoints stopped = tsneMap(m, options);
        QCOMPARE(seen, (std::vector<int>{10, 20, 30}));
        QCOMPARE(stopped.size(), size_t(200));
        QVERIFY(allFinite(stopped));
    }

    // Directions at known angles from the query (lengths vary: cosine ignores them).
    void nearestNeighboursInCosineOrder()
    {
        const double degrees[] = {0, 50, 10, 180, 30, 95};
        const double lengths[] = {1, 2, 0.5, 3, 1.5, 1};
        Matrix bank;
        bank.rows = 6;
        bank.cols = 3;
        for (int i = 0; i < 6; ++i) {
            const double a = degrees[i] * M_PI / 180;
            bank.values.insert(bank.values.end(),
                               {float(lengths[i] * std::cos(a)), float(lengths[i] * std::sin(a)), 0.0f});
        }
        const auto near = nearestNeighbours(bank, 0, 3);
        QCOMPARE(near.size(), size_t(3));
        const int expected[] = {2, 4, 1};
        for (int r = 0; r < 3; ++r) {
            QCOMPARE(near[r].index, expected[r]);
            QVERIFY(std::abs(near[r].similarity - std::cos(degrees[expected[r]] * M_PI / 180)) < 1e-5);
        }

        // k is clamped to the other rows; the batched form agrees with the single one.
        const auto all = nearestNeighbours(bank, std::vector<int>{3, 0}, 100);
        QCOMPARE(all.size(), size_t(2));
        QCOMPARE(all[1].size(), size_t(5));
        QCOMPARE(all[1].back().index, 3);
        QVERIFY(std::abs(all[1].back().similarity + 1) < 1e-5);
        QCOMPARE(all[0].front().index, 5); // 85° from 180°
        for (const auto &list : all)
            for (const Neighbour &nb : list) QVERIFY(nb.index != (&list == &all[0] ? 3 : 0));

        QVERIFY_EXCEPTION_THROWN(nearestNeighbours(bank, 6, 1), ConfigError);
        QVERIFY_EXCEPTION_THROWN(nearestNeighbours(bank, -1, 1), ConfigError);
    }

    // A duplicate of the query is a neighbour like any other; the query itself never is.
    void nearestNeighboursKeepDuplicates()
    {
        Matrix bank;
        bank.rows = 3;
        bank.cols = 2;
        bank.values = {1, 0, 2, 0, 0, 1};
        const auto near = nearestNeighbours(bank, 0, 2);
        QCOMPARE(near[0].index, 1);
        QVERIFY(std::abs(near[0].similarity - 1) < 1e-6);
        QCOMPARE(near[1].index, 2);
    }

    // Worked by hand: two groups of three with one stray label each.
    void mapNeighbourPurityByHand()
    {
        const MapPoints map = {0, 0, 1, 0, 0, 2, 10, 0, 11, 0, 10, 3};
        const std::vector<int> labels = {0, 0, 1, 1, 1, 0};
        QVERIFY(std::abs(mapNeighbourPurity(map, labels, 1) - 4.0 / 6) < 1e-12);
        QVERIFY(std::abs(mapNeighbourPurity(map, labels, 2) - 2.0 / 6) < 1e-12);
        QVERIFY_EXCEPTION_THROWN(mapNeighbourPurity(map, {0, 1}, 1), ConfigError);
    }

private:
    // The 400-point, 5-cluster map, computed once for the tests that use it.
    const MapPoints &clusterMap()
    {
        if (m_clusterMap.empty()) {
            m_clusters = clusters(400, 50, 5, 42, m_labels);
            m_clusterMap = tsneMap(m_clusters, TsneOptions());
        }
        return m_clusterMap;
    }

    Matrix m_clusters;
    std::vector<int> m_labels;
    MapPoints m_clusterMap;
};

QTEST_GUILESS_MAIN(TestEmbedding)
#include "tst_embedding.moc"
