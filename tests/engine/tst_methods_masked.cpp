// Masked image modeling as a user relies on it: MAE's encoder never sees a hidden patch (a sentinel value there
// changes nothing, a change in a visible patch does), SimpleMIM replaces hidden patches by its learned mask value
// before the encoder, the panel's reconstruction keeps the visible patches exactly and shows the prediction in the
// hidden ones, both methods learn in a tiny run and resume exactly.
#include "tests/support.h"
#include "tests/engine/methodtests.h"
#include "engine/augment/geometric.h"
#include "engine/augment/pipeline.h"
#include "engine/augment/pretext.h"
#include "engine/io/runfolder.h"
#include "engine/io/snapshotio.h"
#include "engine/methods/mae.h"
#include "engine/methods/simplemim.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <QtTest>

#include <cmath>

using namespace pretext::engine;
using namespace pretext::tests;

namespace {

// Normalised noise images [B, 1, 28, 28].
torch::Tensor noise(int64_t b, uint64_t seed)
{
    torch::manual_seed(seed);
    return torch::randn({b, 1, 28, 28});
}

// The images with every hidden patch (mask [B, N], 1 = hidden) set to `value`.
torch::Tensor fillHidden(const torch::Tensor &x, const torch::Tensor &mask, int64_t patch, double value)
{
    auto p = patchify(x, patch).clone();
    auto hidden = mask.to(torch::kBool).unsqueeze(-1).expand_as(p);
    p.masked_fill_(hidden, value);
    return unpatchify(p, patch, x.size(1), x.size(2), x.size(3));
}

RunConfig maskedRunConfig(const std::string &method)
{
    RunConfig c = tinyRunConfig(method);
    c.dataset = "fashion-mnist";
    c.trainLimit = 640;
    c.testLimit = 64;
    c.seed = 7;
    c.checkpointEvery = 2;
    // The probes are not what these tests look at, and a full ViT pass over the probe's images costs more than the
    // training steps.
    c.evalEachEpoch = false;
    c.onlineProbe = false;
    return c;
}

} // namespace

class TestMethodsMasked : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void maeEncoderNeverSeesAHiddenPatch()
    {
        RunConfig c = defaultRunConfig("mae");
        torch::manual_seed(1);
        MaeMethod mae(c, grayContext());
        mae.eval();
        torch::NoGradGuard noGrad;
        Rng rng(4);
        auto mask = randomPatchMask(3, 49, 0.75, rng);
        auto x = noise(3, 2);
        auto tokens = mae.encodeVisible(x, mask);
        QCOMPARE(tokens.size(1), int64_t(1 + 12)); // the class token and the 12 visible patches of 49
        // A sentinel in every hidden patch: the encoder's output does not change by a single bit.
        auto sentinel = mae.encodeVisible(fillHidden(x, mask, 4, 1e4), mask);
        QVERIFY(torch::equal(tokens, sentinel));
        // The same change in one visible patch does change it, so the comparison above can fail.
        const int64_t firstVisible = (mask[0] == 0).nonzero()[0].item<int64_t>();
        auto one = torch::zeros_like(mask);
        one[0][firstVisible] = 1;
        auto changed = mae.encodeVisible(fillHidden(x, one, 4, 1e4), mask);
        QVERIFY(!torch::allclose(tokens, changed));
    }

    void maeDecoderPredictsEveryPatch()
    {
        RunConfig c = defaultRunConfig("mae");
        torch::manual_seed(1);
        MaeMethod mae(c, grayContext());
        torch::NoGradGuard noGrad;
        Rng rng(5);
        auto mask = randomPatchMask(2, 49, 0.75, rng);
        auto pred = mae.decode(mae.encodeVisible(noise(2, 3), mask), mask);
        QCOMPARE(pred.sizes().vec(), (std::vector<int64_t>{2, 49, 16}));
        QCOMPARE(mask.sum(1).to(torch::kLong)[0].item<int64_t>(), int64_t(37)); // round(0.75 * 49)
    }

    void simpleMimHidesPatchesBehindItsMaskValue()
    {
        RunConfig c = defaultRunConfig("simplemim");
        torch::manual_seed(1);
        SimpleMimMethod mim(c, grayContext());
        mim.eval();
        torch::NoGradGuard noGrad;
        Rng rng(6);
        auto mask = randomPatchMask(2, 49, 0.5, rng);
        auto x = noise(2, 4);
        auto masked = mim.maskInput(x, mask);
        // Hidden patches hold the learned mask value (0 at initialisation), visible ones are untouched.
        auto pm = patchify(masked, 4), px = patchify(x, 4);
        auto hidden = mask.to(torch::kBool);
        QVERIFY(torch::equal(pm.index({hidden}), torch::zeros_like(px.index({hidden}))));
        QVERIFY(torch::equal(pm.index({~hidden}), px.index({~hidden})));
        // What the encoder gets does not depend on the hidden pixels: the reconstructions are identical.
        auto a = mim.reconstruct(masked), b = mim.reconstruct(mim.maskInput(fillHidden(x, mask, 4, 1e4), mask));
        QVERIFY(torch::equal(a, b));
        QCOMPARE(a.sizes().vec(), x.sizes().vec());
    }

    void panelKeepsVisiblePatchesAndShowsThePrediction()
    {
        // An identity predictor (prediction = the true patches) reconstructs the image exactly; a predictor of
        // zeros (the dataset mean after normalisation) changes the hidden patches only.
        AugmentConfig augment;
        ViewPipeline views(augment, {0.5}, {0.25});
        Rng rng(8);
        auto mask = randomPatchMask(2, 49, 0.75, rng);
        auto x = noise(2, 5).clamp(-2, 2);
        auto truth = patchify(x, 4);
        PreviewSnapshot exact, zeros;
        fillMaskPreview(views, x, truth, mask, 4, false, 0.75, 2, exact);
        fillMaskPreview(views, x, torch::zeros_like(truth), mask, 4, false, 0.75, 2, zeros);
        const auto *e = exact.find<MaskPreview>();
        const auto *z = zeros.find<MaskPreview>();
        QVERIFY(e && z);
        QCOMPARE(e->reconstruction.pixels, e->original.pixels);
        QCOMPARE(e->patch, 4);
        QCOMPARE(e->patchMask.size(), size_t(2 * 49));
        int hiddenCount = 0;
        for (auto v : e->patchMask) hiddenCount += v;
        QCOMPARE(hiddenCount, 2 * 37);
        // Pixel by pixel: visible patches equal the original, hidden ones hold the mean grey (0.5 -> 127/128).
        const int side = 28;
        int checkedHidden = 0;
        for (int s = 0; s < 2; ++s)
            for (int py = 0; py < 7; ++py)
                for (int px = 0; px < 7; ++px) {
                    const bool hidden = e->patchMask[s * 49 + py * 7 + px] != 0;
                    for (int y = py * 4; y < py * 4 + 4; ++y)
                        for (int xx = px * 4; xx < px * 4 + 4; ++xx) {
                            const size_t i = static_cast<size_t>(s) * side * side + y * side + xx;
                            if (hidden) {
                                QVERIFY(std::abs(int(z->reconstruction.pixels[i]) - 128) <= 1);
                                QCOMPARE(int(z->masked.pixels[i]), 128); // what the network saw: grey
                                ++checkedHidden;
                            } else {
                                QCOMPARE(z->reconstruction.pixels[i], z->original.pixels[i]);
                                QCOMPARE(z->masked.pixels[i], z->original.pixels[i]);
                            }
                        }
                }
        QCOMPARE(checkedHidden, 2 * 37 * 16);
    }

    void tinyRunLearnsToFillTheHoles_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("SimpleMIM on the ConvNet") << "simplemim";
        QTest::newRow("MAE on ViT-Tiny") << "mae";
    }
    void tinyRunLearnsToFillTheHoles()
    {
        QFETCH(QString, method);
        QTemporaryDir tmp;
        RunConfig c = maskedRunConfig(method.toStdString());
        c.stepsPerEpoch = 15;
        c.epochs = 2;
        c.lr = 1e-3;
        c.evalEachEpoch = false;
        c.checkpointEvery = 100;
        Trainer t(c, (tmp.path() + "/run").toStdString());
        QCOMPARE(t.run(), TrainOutcome::Finished);
        const auto losses = lossesOf(t.info().runDir);
        QCOMPARE(losses.size(), size_t(30));
        const double early = mean(losses, 0, 3), late = mean(losses, 25, 30);
        QVERIFY2(late < 0.8 * early, qPrintable(QString("loss %1 -> %2").arg(early).arg(late)));
        // The run folder's snapshot holds the mask panel's material.
        const auto snap = loadSnapshot(t.info().runDir + "/" + runfolder::kSnapshots + "/latest.json");
        const auto *m = snap.find<MaskPreview>();
        QVERIFY(m);
        QVERIFY(!m->reconstruction.empty());
        QCOMPARE(m->patchMask.size(), size_t(m->original.count) * 49);
    }

    void resumeContinuesExactly_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("SimpleMIM") << "simplemim";
        QTest::newRow("MAE") << "mae";
    }
    void resumeContinuesExactly()
    {
        QFETCH(QString, method);
        QTemporaryDir tmp;
        const auto r = wholeAndResumed(maskedRunConfig(method.toStdString()), tmp.path().toStdString(), 4);
        QCOMPARE(r.resumedFrom, int64_t(4));
        QCOMPARE(r.whole.size(), size_t(6));
        QCOMPARE(r.resumed, r.whole);
    }
};

QTEST_GUILESS_MAIN(TestMethodsMasked)
#include "tst_methods_masked.moc"
