// BEiT with a k-means vocabulary as a user relies on it: k-means finds well-separated groups and gives the same
// vocabulary for the same seed, every patch's token is its nearest centroid, the network is scored on the hidden
// patches only, a tiny run learns to name hidden tokens far better than chance, and the vocabulary is built once per
// run: kept in the run folder and the checkpoint, never rebuilt on resume, which continues exactly.
#include "tests/support.h"
#include "tests/engine/methodtests.h"
#include "engine/augment/geometric.h"
#include "engine/augment/pretext.h"
#include "engine/core/errors.h"
#include "engine/eval/kmeans.h"
#include "engine/io/runfolder.h"
#include "engine/io/snapshotio.h"
#include "engine/methods/beit.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <QDateTime>
#include <QFileInfo>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

using namespace pretext::engine;
using namespace pretext::tests;

namespace {

// Four Gaussian blobs (sd 0.3) around far-apart centres in 3-D, 60 points each, interleaved: [240, 3] and the blob of
// every point.
std::pair<torch::Tensor, std::vector<int>> blobs()
{
    torch::manual_seed(5);
    const auto centres = torch::tensor({{0.f, 0.f, 0.f}, {10.f, 0.f, 0.f}, {0.f, 10.f, 0.f}, {0.f, 0.f, 10.f}});
    std::vector<int> blob;
    std::vector<torch::Tensor> rows;
    for (int i = 0; i < 240; ++i) {
        blob.push_back(i % 4);
        rows.push_back(centres[i % 4] + 0.3 * torch::randn({3}));
    }
    return {torch::stack(rows), blob};
}

RunConfig beitRunConfig()
{
    RunConfig c = tinyRunConfig("beit");
    c.dataset = "fashion-mnist";
    c.trainLimit = 640;
    c.testLimit = 64;
    c.seed = 7;
    c.checkpointEvery = 2;
    setSettingValue(c, "vocabulary_patches", json::Value(5000));
    return c;
}

std::string readAll(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every progress line of a run, and a stop after a given step.
class Recorder : public TrainObserver {
public:
    explicit Recorder(TrainControl *control = nullptr, int64_t stopAt = -1) : m_control(control), m_stopAt(stopAt) {}
    void onMessage(const std::string &text) override { messages.push_back(text); }
    void onStep(const StepMetrics &m) override
    {
        tokenAcc.push_back(m.scalars.empty() ? -1 : m.scalars.front().second);
        if (m_control && m.step == m_stopAt) m_control->requestStop();
    }
    int count(const std::string &prefix) const
    {
        int n = 0;
        for (const auto &m : messages) n += m.rfind(prefix, 0) == 0 ? 1 : 0;
        return n;
    }
    std::vector<std::string> messages;
    std::vector<double> tokenAcc;

private:
    TrainControl *m_control;
    int64_t m_stopAt;
};

} // namespace

class TestMethodsBeit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void kmeansRecoversSeparatedBlobs()
    {
        const auto [points, blob] = blobs();
        KMeansOptions o;
        o.clusters = 4;
        o.seed = 3;
        const KMeansResult r = kmeans(points, o);
        QVERIFY(r.converged);
        QVERIFY(r.iterations <= o.maxIterations);
        // One cluster per blob (up to relabelling): every point of a blob in the same cluster, four distinct clusters.
        std::vector<int64_t> clusterOf(4, -1);
        std::set<int64_t> used;
        for (int i = 0; i < 240; ++i) {
            const int64_t a = r.assignments[i].item<int64_t>();
            if (clusterOf[blob[i]] < 0) clusterOf[blob[i]] = a;
            QCOMPARE(a, clusterOf[blob[i]]);
            used.insert(a);
        }
        QCOMPARE(used.size(), size_t(4));
        // Each centroid is its blob's mean, within a few sd / sqrt(60) of the true centre.
        const auto centres = torch::tensor({{0.f, 0.f, 0.f}, {10.f, 0.f, 0.f}, {0.f, 10.f, 0.f}, {0.f, 0.f, 10.f}});
        for (int b = 0; b < 4; ++b) {
            const double err = (r.centroids[clusterOf[b]] - centres[b]).norm().item<double>();
            QVERIFY2(err < 0.2, qPrintable(QString("blob %1: centroid %2 from its centre").arg(b).arg(err)));
        }
        // The assignments are the centroids' nearest points, as the training's tokenizer computes them.
        QVERIFY(torch::equal(nearestCentroid(points, r.centroids), r.assignments));
        QVERIFY(r.inertia > 0 && r.inertia < 240 * 3 * 0.3 * 0.3 * 1.5);
    }

    void kmeansIsDeterministicForASeed()
    {
        torch::manual_seed(9);
        const auto points = torch::randn({500, 8}); // no structure: the result depends on the seeding
        KMeansOptions o;
        o.clusters = 10;
        o.seed = 1;
        const KMeansResult a = kmeans(points, o), b = kmeans(points, o);
        QVERIFY(torch::equal(a.centroids, b.centroids));
        QVERIFY(torch::equal(a.assignments, b.assignments));
        QCOMPARE(a.iterations, b.iterations);
        o.seed = 2;
        const KMeansResult c = kmeans(points, o);
        QVERIFY(!torch::equal(a.centroids, c.centroids)); // the seed is used, so the comparison above can fail
        // The global Torch generator is left alone: the run's weights do not depend on the vocabulary.
        torch::manual_seed(4);
        const auto before = torch::rand({1}).item<float>();
        torch::manual_seed(4);
        kmeans(points, o);
        QCOMPARE(torch::rand({1}).item<float>(), before);
    }

    void kmeansRejectsMoreClustersThanPoints()
    {
        KMeansOptions o;
        o.clusters = 11;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, kmeans(torch::zeros({10, 2}), o));
        // Fewer distinct points than clusters is fine: duplicates become clusters of their own.
        o.clusters = 3;
        const KMeansResult r = kmeans(torch::zeros({10, 2}), o);
        QCOMPARE(r.centroids.size(0), int64_t(3));
        QCOMPARE(r.inertia, 0.0);
    }

    void stepScoresTheHiddenTokensOnly()
    {
        RunConfig c = defaultRunConfig("beit");
        setSettingValue(c, "vocabulary_patches", json::Value(2000));
        torch::manual_seed(1);
        BeitMethod beit(c, grayContext());
        const auto images = randomImages(64);
        QStringList lines;
        beit.prepare(images, "", [&](const std::string &s) { lines << QString::fromStdString(s); });
        QVERIFY(beit.hasVocabulary());
        QVERIFY(lines.filter("building the visual vocabulary: k-means on 2,000 patches, iteration 1/").size() == 1);
        QCOMPARE(beit.vocabulary().sizes().vec(), (std::vector<int64_t>{64, 16}));

        // A token is the nearest centroid: a centroid pasted as a patch is its own token.
        auto x = torch::randn({1, 1, 28, 28});
        auto p = patchify(x, 4);
        p[0][5] = beit.vocabulary()[17];
        QCOMPARE(beit.tokenize(unpatchify(p, 4, 1, 28, 28))[0][5].item<int64_t>(), int64_t(17));

        Rng rng(3);
        const StepOutput out = beit.step(images.slice(0, 0, 8), rng, true);
        const double loss = out.loss.item<double>();
        QVERIFY(std::isfinite(loss) && loss > 0);
        QVERIFY(out.scalar("token_acc", -1) >= 0 && out.scalar("token_acc", -1) <= 1);
        PreviewSnapshot snap;
        beit.fillPreview(out, 4, snap);
        const auto *t = snap.find<TokenPreview>();
        QVERIFY(t);
        QCOMPARE(t->vocabulary, 64);
        QCOMPARE(t->patch, 4);
        QCOMPARE(t->tokens.size(), size_t(4 * 49));
        QCOMPARE(t->predictions.size(), size_t(4 * 49));
        QCOMPARE(t->patchMask.size(), size_t(4 * 49));
        int hidden = 0;
        for (size_t i = 0; i < t->patchMask.size(); ++i) {
            hidden += t->patchMask[i];
            QCOMPARE(t->predictions[i] >= 0, t->patchMask[i] != 0); // predicted exactly where hidden
            QVERIFY(t->tokens[i] >= 0 && t->tokens[i] < 64);
        }
        QCOMPARE(hidden, 4 * 20); // round(0.4 * 49) per image, block-wise
        // Visible patches are drawn with their true token in both maps.
        QCOMPARE(t->tokenMap.pixels.size(), t->predictedMap.pixels.size());
        for (int s = 0; s < 4; ++s)
            for (int q = 0; q < 49; ++q) {
                if (t->patchMask[s * 49 + q]) continue;
                const int y = (q / 7) * 4, xx = (q % 7) * 4;
                const size_t i = static_cast<size_t>(s) * 784 + y * 28 + xx;
                QCOMPARE(t->predictedMap.pixels[i], t->tokenMap.pixels[i]);
            }

        // K logits for every patch of the grid, row-major as patchify.
        auto mask = randomPatchMask(2, 49, 0.4, rng);
        auto logits = beit.predictTokens(beit.maskInput(torch::randn({2, 1, 28, 28}), mask));
        QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{2, 49, 64}));
    }

    void patchSizeMustFitTheFeatureMap()
    {
        RunConfig c = defaultRunConfig("beit");
        setSettingValue(c, "patch_size", json::Value(8)); // a multiple of 4, but 28 is not a multiple of 8
        try {
            BeitMethod beit(c, grayContext());
            QFAIL("patch_size 8 on 28 px images was accepted");
        } catch (const ConfigError &e) {
            QVERIFY2(QString(e.what()).contains("divides the image size 28"), e.what());
        }
    }

    void tinyRunLearnsTheHiddenTokens()
    {
        QTemporaryDir tmp;
        RunConfig c = beitRunConfig();
        c.stepsPerEpoch = 20;
        c.epochs = 2;
        c.lr = 2e-3;
        c.evalEachEpoch = false;
        c.checkpointEvery = 100;
        Trainer t(c, (tmp.path() + "/run").toStdString());
        Recorder rec;
        QCOMPARE(t.run(&rec), TrainOutcome::Finished);
        const auto losses = lossesOf(t.info().runDir);
        QCOMPARE(losses.size(), size_t(40));
        const double chanceLoss = std::log(64.0);
        const double early = mean(losses, 0, 3), late = mean(losses, 35, 40);
        QVERIFY2(early > 0.9 * chanceLoss, qPrintable(QString("first losses %1, log K %2").arg(early).arg(chanceLoss)));
        QVERIFY2(late < 0.8 * chanceLoss, qPrintable(QString("loss %1 -> %2, log K %3").arg(early).arg(late).arg(chanceLoss)));
        double acc = 0;
        for (size_t i = 35; i < 40; ++i) acc += rec.tokenAcc[i] / 5;
        QVERIFY2(acc > 5.0 / 64, qPrintable(QString("token accuracy %1, chance %2").arg(acc).arg(1.0 / 64)));
        // metrics.jsonl carries the token accuracy of every step.
        const auto lines = readMetrics(t.info().runDir + "/" + runfolder::kMetrics);
        QVERIFY(lines.back().find("token_acc"));
        // The run folder's snapshot holds the token panel's material.
        const auto snap = loadSnapshot(t.info().runDir + "/" + runfolder::kSnapshots + "/latest.json");
        const auto *tp = snap.find<TokenPreview>();
        QVERIFY(tp);
        QVERIFY(!tp->tokenMap.empty() && !tp->predictedMap.empty());
        QCOMPARE(tp->tokens.size(), size_t(tp->original.count) * 49);
        QCOMPARE(tp->vocabulary, 64);
    }

    void vocabularyIsBuiltOnceAndReusedOnResume()
    {
        QTemporaryDir tmp;
        const std::string dir = (tmp.path() + "/run").toStdString();
        const std::string file = joinPath(dir, BeitMethod::kVocabularyFile);
        RunConfig c = beitRunConfig();
        {
            Trainer t(c, dir);
            TrainControl control;
            Recorder rec(&control, 4);
            QCOMPARE(t.run(&rec, &control), TrainOutcome::Stopped);
            QVERIFY(rec.count("building the visual vocabulary: k-means on 5,000 patches, iteration 1/") == 1);
            QCOMPARE(rec.count("visual vocabulary ready"), 1); // the untrained copy read the file, not k-means again
        }
        QVERIFY(pathExists(file));
        const std::string content = readAll(file);
        const QDateTime written = QFileInfo(QString::fromStdString(file)).lastModified();
        QVERIFY(content.find("\"centroids\"") != std::string::npos);

        auto t = Trainer::open(dir);
        Recorder rec;
        QCOMPARE(t->run(&rec), TrainOutcome::Finished);
        QCOMPARE(rec.count("building the visual vocabulary"), 0);
        QCOMPARE(rec.count("reusing the visual vocabulary"), 1);
        QCOMPARE(readAll(file), content);
        QCOMPARE(QFileInfo(QString::fromStdString(file)).lastModified(), written);
    }

    void vocabularyFileIsCheckedWhenRead()
    {
        // A run folder whose vocabulary.json does not fit the run (another K): the error names the file.
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        writeFileAtomically(joinPath(dir, BeitMethod::kVocabularyFile),
                            "{\"format\": \"pretext-vocabulary/1\", \"centroids\": [[0, 0]]}");
        RunConfig c = defaultRunConfig("beit");
        BeitMethod beit(c, grayContext());
        try {
            beit.prepare(randomImages(8), dir, {});
            QFAIL("a vocabulary of the wrong size was read");
        } catch (const DataError &e) {
            QVERIFY2(QString(e.what()).contains("vocabulary.json") && QString(e.what()).contains("64 rows"), e.what());
        }
    }

    void resumeContinuesExactly()
    {
        QTemporaryDir tmp;
        const auto r = wholeAndResumed(beitRunConfig(), tmp.path().toStdString(), 4);
        QCOMPARE(r.resumedFrom, int64_t(4));
        QCOMPARE(r.whole.size(), size_t(6));
        QCOMPARE(r.resumed, r.whole);
    }
};

QTEST_GUILESS_MAIN(TestMethodsBeit)
#include "tst_methods_beit.moc"
