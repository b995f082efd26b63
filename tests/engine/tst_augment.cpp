// Batched augmentations and pretext tasks: what a user of a run would notice if they were wrong. Views that
// differ between two runs of the same seed, crops outside the image, a "disabled" op that still changes pixels,
// a jigsaw label that does not say how to undo the shuffle, a mask with the wrong number of patches, a config
// error that does not name the field.
#include "engine/augment/augmentconfig.h"
#include "engine/augment/geometric.h"
#include "engine/augment/pipeline.h"
#include "engine/augment/pretext.h"
#include "engine/core/errors.h"

#include <ATen/ATen.h>

#include <QElapsedTimer>
#include <QtTest>

#include <cmath>
#include <set>

using namespace pretext::engine;

namespace {

torch::Tensor randomImages(int64_t b, int64_t c, int64_t h, int64_t w, uint64_t seed)
{
    Rng rng(seed);
    auto t = torch::empty({ b, c, h, w }, torch::kByte);
    auto *p = t.data_ptr<uint8_t>();
    for (int64_t i = 0; i < t.numel(); ++i)
        p[i] = static_cast<uint8_t>(rng.next() >> 56);
    return t;
}

// Every op off, no normalisation: the pipeline is then the identity (as float / 255).
AugmentConfig allOff()
{
    AugmentConfig c;
    c.crop = c.flip = c.jitter = c.grayscale = c.blur = c.solarize = false;
    c.normalize = false;
    return c;
}

torch::Tensor unit(const torch::Tensor &u8)
{
    return u8.to(torch::kFloat).div(255);
}

const std::vector<ViewPipeline::Backend> kBackends = { ViewPipeline::Backend::Auto, ViewPipeline::Backend::TensorOps };

const char *backendName(ViewPipeline::Backend b)
{
    return b == ViewPipeline::Backend::Auto ? "fused CPU" : "tensor ops";
}

bool sameRecord(const AugmentRecord &a, const AugmentRecord &b)
{
    return a.cropX == b.cropX && a.cropY == b.cropY && a.cropW == b.cropW && a.cropH == b.cropH
        && a.flipped == b.flipped && a.jittered == b.jittered && a.brightness == b.brightness
        && a.contrast == b.contrast && a.saturation == b.saturation && a.hue == b.hue && a.grayscale == b.grayscale
        && a.blurSigma == b.blurSigma && a.solarized == b.solarized;
}

double maxAbsDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a - b).abs().max().item<double>();
}

// torchvision's colour formulas, per pixel in double, written the textbook way (RGB -> HSV -> RGB for the hue):
// an independent check of the fused kernel's hue rotation.
void referenceHue(double &r, double &g, double &b, double hueFactor)
{
    const double M = std::max({ r, g, b }), m = std::min({ r, g, b }), c = M - m;
    double h = 0;
    if (c > 0) {
        if (M == r)
            h = std::fmod((g - b) / c + 6.0, 6.0);
        else if (M == g)
            h = (b - r) / c + 2.0;
        else
            h = (r - g) / c + 4.0;
    }
    const double s = M > 0 ? c / M : 0, v = M;
    h = std::fmod(h / 6.0 + hueFactor + 1.0, 1.0) * 6.0;
    const int i = static_cast<int>(std::floor(h)) % 6;
    const double f = h - std::floor(h);
    const double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
    const double table[6][3] = { { v, t, p }, { q, v, p }, { p, v, t }, { p, q, v }, { t, p, v }, { v, p, q } };
    r = table[i][0];
    g = table[i][1];
    b = table[i][2];
}

} // namespace

class TestAugment : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // ---- config ----

    void configRoundTrip()
    {
        AugmentConfig c;
        c.outputSize = 24;
        c.jitterProb = 0.25;
        c.hue = 0.2;
        c.blurKernel = 5;
        c.solarize = true;
        c.mean = { 0.5 };
        c.stddev = { 0.25, 0.5, 0.75 };
        const auto text = json::dump(toJson(c));
        const auto back = augmentConfigFromJson(json::parse(text));
        QCOMPARE(json::dump(toJson(back)), text);
        QVERIFY(text.find("\"jitter_prob\":0.25") != std::string::npos);
        // Missing keys keep their defaults.
        const auto defaults = augmentConfigFromJson(json::parse("{}"));
        QCOMPARE(json::dump(toJson(defaults)), json::dump(toJson(AugmentConfig())));
    }

    void configErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("probability") << R"({"jitter_prob": 1.5})"
                                     << "augment.jitter_prob = 1.5 is out of range; expected 0 to 1";
        QTest::newRow("negative probability") << R"({"flip_prob": -0.1})"
                                              << "augment.flip_prob = -0.1 is out of range; expected 0 to 1";
        QTest::newRow("typo") << R"({"jiter_prob": 0.5})"
                              << "augment: unknown key \"jiter_prob\" (did you mean \"jitter_prob\"?)";
        QTest::newRow("unknown") << R"({"frobnicate": 1})"
                                 << "augment: unknown key \"frobnicate\"";
        QTest::newRow("scale zero")
            << R"({"crop_scale_min": 0})"
            << "augment.crop_scale_min = 0 is out of range; expected greater than 0 and at most 1";
        QTest::newRow("scale above 1") << R"({"crop_scale_max": 1.2})"
                                       << "augment.crop_scale_max = 1.2 is out of range; expected greater than 0 and "
                                          "at most 1";
        QTest::newRow("scale order") << R"({"crop_scale_min": 0.9, "crop_scale_max": 0.5})"
                                     << "augment.crop_scale_min = 0.9 is out of range; expected at most "
                                        "augment.crop_scale_max (0.5)";
        QTest::newRow("ratio") << R"({"crop_ratio_min": -1})"
                               << "augment.crop_ratio_min = -1 is out of range; expected greater than 0";
        QTest::newRow("ratio order") << R"({"crop_ratio_min": 2, "crop_ratio_max": 1})"
                                     << "augment.crop_ratio_min = 2 is out of range; expected at most "
                                        "augment.crop_ratio_max (1)";
        QTest::newRow("brightness") << R"({"brightness": -0.1})"
                                    << "augment.brightness = -0.1 is out of range; expected 0 or more";
        QTest::newRow("hue") << R"({"hue": 0.6})"
                             << "augment.hue = 0.6 is out of range; expected 0 to 0.5";
        QTest::newRow("even kernel") << R"({"blur_kernel": 4})"
                                     << "augment.blur_kernel = 4 is out of range; expected an odd number from 1 to 31";
        QTest::newRow("big kernel") << R"({"blur_kernel": 33})"
                                    << "augment.blur_kernel = 33 is out of range; expected an odd number from 1 to 31";
        QTest::newRow("fractional kernel") << R"({"blur_kernel": 3.5})"
                                           << "augment.blur_kernel = 3.5 is not an integer";
        QTest::newRow("sigma") << R"({"blur_sigma_min": 0})"
                               << "augment.blur_sigma_min = 0 is out of range; expected greater than 0";
        QTest::newRow("sigma order") << R"({"blur_sigma_min": 3})"
                                     << "augment.blur_sigma_min = 3 is out of range; expected at most "
                                        "augment.blur_sigma_max (2)";
        QTest::newRow("threshold") << R"({"solarize_threshold": 2})"
                                   << "augment.solarize_threshold = 2 is out of range; expected 0 to 1";
        QTest::newRow("output size") << R"({"output_size": 4})"
                                     << "augment.output_size = 4 is out of range; expected 0 (the dataset's image "
                                        "size) or 8 to 512";
        QTest::newRow("output size big") << R"({"output_size": 600})"
                                         << "augment.output_size = 600 is out of range; expected 0 (the dataset's "
                                            "image size) or 8 to 512";
        QTest::newRow("mean count") << R"({"mean": [0.5, 0.5]})"
                                    << "augment.mean has 2 values; expected none (the dataset's statistics), 1 or 3";
        QTest::newRow("stddev zero") << R"({"stddev": [0.2, 0, 0.2]})"
                                     << "augment.stddev[1] = 0 is out of range; expected greater than 0";
        QTest::newRow("bool type") << R"({"flip": 1})"
                                   << "augment.flip: expected a boolean, found a number";
        QTest::newRow("number type") << R"({"jitter_prob": "high"})"
                                     << "augment.jitter_prob: expected a number, found a string";
        QTest::newRow("list type") << R"({"stddev": 0.5})"
                                   << "augment.stddev: expected an array, found a number";
        QTest::newRow("list item") << R"({"mean": [0.5, "x", 0.5]})"
                                   << "augment.mean[1]: expected a number, found a string";
        QTest::newRow("not an object") << "[1]"
                                       << "augment: expected an object, found an array";
    }
    void configErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            augmentConfigFromJson(json::parse(text.toStdString()));
            QFAIL("the config was accepted");
        } catch (const ConfigError &e) {
            QCOMPARE(QString::fromStdString(e.what()), message);
        }
    }

    void validateCatchesNaN()
    {
        AugmentConfig c;
        c.jitterProb = std::nan("");
        QVERIFY_THROWS_EXCEPTION(ConfigError, validate(c));
        AugmentConfig d;
        d.normalize = true;
        QVERIFY_THROWS_EXCEPTION(ConfigError, ViewPipeline { d }); // normalisation without statistics
        QVERIFY_THROWS_EXCEPTION(ConfigError, (ViewPipeline { d, { 0.5, 0.5 }, { 0.2 } }));
    }

    // The dialog marks every bad field at once: each problem is reported under the field its message names.
    void everyProblemReported()
    {
        AugmentConfig c;
        c.flipProb = 1.5;
        c.cropScaleMax = 2.0; // the pair's second field: reported under crop_scale_max, not crop_scale_min
        c.blurKernel = 4;
        c.stddev = { 0.3, -1.0, 0.3 };
        const auto problems = augmentProblems(c, "augment");
        QStringList keys;
        for (const auto &p : problems) keys << QString::fromStdString(p.first);
        QCOMPARE(keys, (QStringList { "augment.crop_scale_max", "augment.flip_prob", "augment.blur_kernel",
                           "augment.stddev" }));
        QCOMPARE(QString::fromStdString(problems[1].second), QStringLiteral("augment.flip_prob = 1.5 is out of range; expected 0 to 1"));
        QVERIFY(augmentProblems(AugmentConfig {}, "augment").empty());
        // validate() throws the first of them.
        try {
            validate(c);
            QFAIL("validate accepted a bad config");
        } catch (const ConfigError &e) {
            QCOMPARE(QString::fromStdString(e.what()), QString::fromStdString(problems.front().second));
        }
    }

    // ---- pipeline ----

    void deterministicUnderSeed()
    {
        ViewPipeline vp(AugmentConfig(), { 0.5, 0.4, 0.3 }, { 0.2, 0.25, 0.3 });
        const auto images = randomImages(16, 3, 32, 32, 1);
        for (auto backend : kBackends) {
            vp.setBackend(backend);
            Rng a(42), b(42), c(43);
            std::vector<AugmentRecord> ra, rb, rc;
            auto va = vp.apply(images, a, &ra), vb = vp.apply(images, b, &rb), vc = vp.apply(images, c, &rc);
            QVERIFY2(torch::equal(va, vb), backendName(backend));
            QCOMPARE(ra.size(), size_t(16));
            for (size_t i = 0; i < ra.size(); ++i)
                QVERIFY(sameRecord(ra[i], rb[i]));
            QVERIFY(!torch::equal(va, vc));
            QCOMPARE(va.sizes().vec(), (std::vector<int64_t> { 16, 3, 32, 32 }));
            QCOMPARE(va.scalar_type(), torch::kFloat);
            // The Rng is the only source of randomness: a resumed stream continues identically.
            Rng d(42);
            const auto state = d.state();
            vp.apply(images, d);
            Rng e(0);
            e.setState(state);
            QVERIFY(torch::equal(vp.apply(images, e), va));
        }
    }

    void backendsAgree_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("outputSize");
        QTest::addColumn<bool>("solarize");
        QTest::newRow("rgb 32") << 3 << 32 << 0 << false;
        QTest::newRow("rgb 32 -> 24, solarize") << 3 << 32 << 24 << true;
        QTest::newRow("rgb 20 -> 40") << 3 << 20 << 40 << false;
        QTest::newRow("gray 28") << 1 << 28 << 0 << true;
    }
    void backendsAgree()
    {
        QFETCH(int, channels);
        QFETCH(int, size);
        QFETCH(int, outputSize);
        QFETCH(bool, solarize);
        AugmentConfig c;
        c.outputSize = outputSize;
        c.solarize = solarize;
        c.solarizeProb = 0.5;
        c.hue = 0.5;
        c.blurKernel = 5;
        c.blurProb = 0.5;
        ViewPipeline vp(c, { 0.5 }, { 0.25 });
        const auto images = randomImages(24, channels, size, size, 7);
        Rng rng(3);
        const auto records = vp.drawRecords(24, size, size, rng);
        vp.setBackend(ViewPipeline::Backend::Auto);
        const auto fused = vp.render(images, records);
        vp.setBackend(ViewPipeline::Backend::TensorOps);
        const auto ops = vp.render(images, records);
        QCOMPARE(fused.sizes().vec(), ops.sizes().vec());
        // Float rounding only (both are normalised by 0.25, which scales errors by 4).
        qInfo("max |fused - tensor ops| = %.3g", maxAbsDiff(fused, ops));
        QVERIFY2(maxAbsDiff(fused, ops) < 1e-4, std::to_string(maxAbsDiff(fused, ops)).c_str());
    }

    void cropBoxesInsideAndInScale()
    {
        AugmentConfig c = allOff();
        c.crop = true;
        c.cropScaleMin = 0.3;
        c.cropScaleMax = 0.7;
        ViewPipeline vp(c);
        Rng rng(5);
        const int64_t H = 48, W = 64;
        const auto records = vp.drawRecords(2000, H, W, rng);
        int fallbacks = 0;
        for (const auto &r : records) {
            QVERIFY(r.cropX >= 0 && r.cropY >= 0 && r.cropW >= 1 && r.cropH >= 1);
            QVERIFY(r.cropX + r.cropW <= W && r.cropY + r.cropH <= H);
            if (r.cropW == W && r.cropH == H) {
                ++fallbacks; // torchvision's centre-crop fallback: the whole image for a 4:3 image
                continue;
            }
            // Sides are rounded, so the drawn area lies between the areas of the box shrunk and grown by half a pixel.
            const double area = double(H) * W;
            QVERIFY((r.cropW + 0.5) * (r.cropH + 0.5) >= c.cropScaleMin * area);
            QVERIFY((r.cropW - 0.5) * (r.cropH - 0.5) <= c.cropScaleMax * area);
            QVERIFY((r.cropW - 0.5) / (r.cropH + 0.5) <= c.cropRatioMax);
            QVERIFY((r.cropW + 0.5) / (r.cropH - 0.5) >= c.cropRatioMin);
        }
        QVERIFY(fallbacks < 20);
    }

    void flipOnlyEqualsTorchFlip()
    {
        AugmentConfig c = allOff();
        c.flip = true;
        c.flipProb = 1.0;
        ViewPipeline vp(c);
        // An asymmetric image: a ramp along x, different per channel and row.
        const auto images
            = torch::arange(2 * 3 * 8 * 12, torch::kLong).remainder(251).to(torch::kByte).view({ 2, 3, 8, 12 });
        for (auto backend : kBackends) {
            vp.setBackend(backend);
            Rng rng(1);
            std::vector<AugmentRecord> records;
            const auto once = vp.apply(images, rng, &records);
            QVERIFY2(torch::equal(once, torch::flip(unit(images), { 3 })), backendName(backend));
            QVERIFY(records[0].flipped && records[1].flipped);
            // Flipping the flipped bytes again gives the original back.
            const auto twice = vp.apply(vp.toDisplayUint8(once), rng);
            QVERIFY(torch::equal(twice, unit(images)));
        }
    }

    void allOpsOffIsIdentity_data()
    {
        QTest::addColumn<int>("channels");
        QTest::newRow("rgb") << 3;
        QTest::newRow("gray") << 1;
    }
    void allOpsOffIsIdentity()
    {
        QFETCH(int, channels);
        ViewPipeline vp(allOff());
        const auto images = randomImages(8, channels, 28, 28, 9);
        for (auto backend : kBackends) {
            vp.setBackend(backend);
            Rng rng(2);
            QVERIFY2(torch::equal(vp.apply(images, rng), unit(images)), backendName(backend));
        }
        // Also with probabilities 1 but every op switched off.
        AugmentConfig c = allOff();
        c.cropProb = c.flipProb = c.jitterProb = c.grayscaleProb = c.blurProb = c.solarizeProb = 1.0;
        ViewPipeline vp1(c);
        Rng rng(2);
        QVERIFY(torch::equal(vp1.apply(images, rng), unit(images)));
    }

    // Each op alone: probability 0 leaves every sample bitwise unchanged, 1 changes every sample, and 0.5 changes
    // exactly the samples whose record says so (the others are bitwise unchanged), on both backends.
    void probabilityGatesEachOp_data()
    {
        QTest::addColumn<QString>("op");
        for (const char *op : { "crop", "flip", "jitter", "grayscale", "blur", "solarize" })
            QTest::newRow(op) << op;
    }
    void probabilityGatesEachOp()
    {
        QFETCH(QString, op);
        const auto images = randomImages(32, 3, 32, 32, 11);
        const auto identity = unit(images);
        for (double p : { 0.0, 1.0, 0.5 }) {
            AugmentConfig c = allOff();
            const auto o = op.toStdString();
            if (o == "crop") {
                c.crop = true;
                c.cropProb = p;
                c.cropScaleMax = 0.9; // never the whole image
            } else if (o == "flip") {
                c.flip = true;
                c.flipProb = p;
            } else if (o == "jitter") {
                c.jitter = true;
                c.jitterProb = p;
            } else if (o == "grayscale") {
                c.grayscale = true;
                c.grayscaleProb = p;
            } else if (o == "blur") {
                c.blur = true;
                c.blurProb = p;
            } else {
                c.solarize = true;
                c.solarizeProb = p;
            }
            ViewPipeline vp(c);
            for (auto backend : kBackends) {
                vp.setBackend(backend);
                Rng rng(13);
                std::vector<AugmentRecord> records;
                const auto out = vp.apply(images, rng, &records);
                int applied = 0;
                for (int64_t b = 0; b < 32; ++b) {
                    const auto &r = records[b];
                    const bool on = o == "crop" ? (r.cropW != 32 || r.cropH != 32)
                        : o == "flip"           ? r.flipped
                        : o == "jitter"         ? r.jittered
                        : o == "grayscale"      ? r.grayscale
                        : o == "blur"           ? r.blurSigma > 0
                                                : r.solarized;
                    applied += on;
                    const bool unchanged = torch::equal(out[b], identity[b]);
                    QVERIFY2(on != unchanged,
                        qPrintable(QString("%1 p=%2 sample %3 (%4)").arg(op).arg(p).arg(b).arg(backendName(backend))));
                }
                if (p == 0.0) QCOMPARE(applied, 0);
                if (p == 1.0) QCOMPARE(applied, 32);
                if (p == 0.5) QVERIFY(applied > 4 && applied < 28);
            }
        }
    }

    void grayscaleHasEqualChannels()
    {
        AugmentConfig c;
        c.grayscaleProb = 1.0;
        c.normalize = false;
        ViewPipeline vp(c);
        const auto images = randomImages(8, 3, 32, 32, 4);
        for (auto backend : kBackends) {
            vp.setBackend(backend);
            Rng rng(8);
            const auto out = vp.apply(images, rng);
            QVERIFY(torch::equal(out.select(1, 0), out.select(1, 1)));
            QVERIFY(torch::equal(out.select(1, 1), out.select(1, 2)));
        }
        // BT.601 weights.
        AugmentConfig g = allOff();
        g.grayscale = true;
        g.grayscaleProb = 1.0;
        ViewPipeline gray(g);
        auto pixel
            = torch::tensor({ 200, 100, 50 }, torch::kByte).view({ 1, 3, 1, 1 }).expand({ 1, 3, 8, 8 }).contiguous();
        Rng rng(1);
        const double expected = (0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255.0;
        QVERIFY(std::abs(gray.apply(pixel, rng)[0][0][3][3].item<double>() - expected) < 1e-6);
    }

    void jitterMatchesTorchvisionFormulas()
    {
        // Hue alone, then contrast alone, against textbook per-pixel formulas.
        const auto images = randomImages(6, 3, 16, 16, 21);
        const auto x = unit(images);
        for (const char *stage : { "hue", "contrast", "saturation" }) {
            AugmentConfig c = allOff();
            c.jitter = true;
            c.jitterProb = 1.0;
            c.brightness = c.contrast = c.saturation = c.hue = 0;
            if (std::string(stage) == "hue") c.hue = 0.5;
            if (std::string(stage) == "contrast") c.contrast = 0.9;
            if (std::string(stage) == "saturation") c.saturation = 0.9;
            ViewPipeline vp(c);
            for (auto backend : kBackends) {
                vp.setBackend(backend);
                Rng rng(17);
                std::vector<AugmentRecord> records;
                const auto out = vp.apply(images, rng, &records).contiguous();
                const auto in = x.contiguous();
                const float *o = out.data_ptr<float>(), *p = in.data_ptr<float>();
                double worst = 0;
                for (int64_t b = 0; b < 6; ++b) {
                    const int64_t n = 16 * 16;
                    const float *img = p + b * 3 * n;
                    double mean = 0;
                    for (int64_t i = 0; i < n; ++i)
                        mean += 0.299 * img[i] + 0.587 * img[n + i] + 0.114 * img[2 * n + i];
                    mean /= n;
                    for (int64_t i = 0; i < n; ++i) {
                        double rgb[3] = { img[i], img[n + i], img[2 * n + i] };
                        const double gray = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
                        if (std::string(stage) == "hue") {
                            referenceHue(rgb[0], rgb[1], rgb[2], records[b].hue);
                        } else {
                            const double f
                                = std::string(stage) == "contrast" ? records[b].contrast : records[b].saturation;
                            const double target = std::string(stage) == "contrast" ? mean : gray;
                            for (double &v : rgb)
                                v = std::clamp(f * v + (1 - f) * target, 0.0, 1.0);
                        }
                        for (int ch = 0; ch < 3; ++ch)
                            worst = std::max(worst, std::abs(rgb[ch] - o[b * 3 * n + ch * n + i]));
                    }
                }
                QVERIFY2(worst < 1e-5, qPrintable(QString("%1 (%2): %3").arg(stage, backendName(backend)).arg(worst)));
            }
        }
    }

    void blurMatchesDirectConvolution()
    {
        AugmentConfig c = allOff();
        c.blur = true;
        c.blurKernel = 5;
        c.blurSigmaMin = 0.5;
        c.blurSigmaMax = 1.5;
        ViewPipeline vp(c);
        const auto images = randomImages(3, 3, 12, 10, 31);
        const auto x = unit(images);
        const auto xa = x.accessor<float, 4>();
        for (auto backend : kBackends) {
            vp.setBackend(backend);
            Rng rng(2);
            std::vector<AugmentRecord> records;
            const auto out = vp.apply(images, rng, &records);
            const auto oa = out.accessor<float, 4>();
            double worst = 0;
            for (int64_t b = 0; b < 3; ++b) {
                const auto k = gaussianKernel1d(5, records[b].blurSigma);
                const auto reflect = [](int64_t i, int64_t n) { return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i); };
                for (int64_t ch = 0; ch < 3; ++ch)
                    for (int64_t y = 0; y < 12; ++y)
                        for (int64_t xx = 0; xx < 10; ++xx) {
                            double acc = 0;
                            for (int dy = 0; dy < 5; ++dy)
                                for (int dx = 0; dx < 5; ++dx)
                                    acc += double(k[dy]) * k[dx]
                                        * xa[b][ch][reflect(y + dy - 2, 12)][reflect(xx + dx - 2, 10)];
                            worst = std::max(worst, std::abs(acc - oa[b][ch][y][xx]));
                        }
            }
            QVERIFY2(worst < 1e-5, qPrintable(QString("%1: %2").arg(backendName(backend)).arg(worst)));
        }
        // A kernel wider than the view cannot be reflect-padded: a clear error, not a crash.
        AugmentConfig big = c;
        big.blurKernel = 31;
        ViewPipeline bigVp(big);
        Rng rng(1);
        QVERIFY_THROWS_EXCEPTION(ConfigError, bigVp.apply(randomImages(1, 3, 8, 8, 1), rng));
    }

    void solarizeInvertsAboveThreshold()
    {
        AugmentConfig c = allOff();
        c.solarize = true;
        c.solarizeProb = 1.0;
        c.solarizeThreshold = 0.5;
        ViewPipeline vp(c);
        const auto images = randomImages(4, 3, 8, 8, 3);
        const auto x = unit(images);
        for (auto backend : kBackends) {
            vp.setBackend(backend);
            Rng rng(1);
            QVERIFY(torch::equal(vp.apply(images, rng), torch::where(x >= 0.5, 1.0 - x, x)));
        }
    }

    void normalizeAndDisplayRoundTrip()
    {
        AugmentConfig c = allOff();
        c.normalize = true;
        ViewPipeline vp(c, { 0.5, 0.4, 0.3 }, { 0.25, 0.2, 0.3 });
        const auto images = randomImages(4, 3, 16, 16, 5);
        const auto x = unit(images);
        const auto mean = torch::tensor({ 0.5f, 0.4f, 0.3f }).view({ 1, 3, 1, 1 });
        const auto sd = torch::tensor({ 0.25f, 0.2f, 0.3f }).view({ 1, 3, 1, 1 });
        QVERIFY(torch::equal(vp.normalizeOnly(images), (x - mean) / sd));
        for (auto backend : kBackends) {
            vp.setBackend(backend);
            Rng rng(1);
            const auto views = vp.apply(images, rng);
            QVERIFY(torch::equal(views, (x - mean) / sd));
            QVERIFY(torch::equal(vp.toDisplayUint8(views), images));
        }
        // normalizeOnly resizes to the output size (probes of a run with output_size set).
        AugmentConfig small = c;
        small.outputSize = 8;
        ViewPipeline vp8(small, { 0.5 }, { 0.25 });
        QCOMPARE(vp8.normalizeOnly(images).sizes().vec(), (std::vector<int64_t> { 4, 3, 8, 8 }));
        // Configured statistics win over the dataset's; three values on gray images are an error.
        AugmentConfig own = c;
        own.mean = { 0.0 };
        own.stddev = { 1.0 };
        ViewPipeline vpOwn(own, { 0.5 }, { 0.25 });
        QVERIFY(torch::equal(vpOwn.normalizeOnly(images), x));
        QVERIFY_THROWS_EXCEPTION(ConfigError, vp.normalizeOnly(randomImages(1, 1, 8, 8, 1)));
    }

    void rejectsBadImages()
    {
        ViewPipeline vp(allOff());
        Rng rng(1);
        QVERIFY_THROWS_EXCEPTION(ConfigError, vp.apply(torch::zeros({ 2, 3, 8, 8 }, torch::kFloat), rng));
        QVERIFY_THROWS_EXCEPTION(ConfigError, vp.apply(torch::zeros({ 2, 2, 8, 8 }, torch::kByte), rng));
        QVERIFY_THROWS_EXCEPTION(ConfigError, vp.apply(torch::zeros({ 3, 8, 8 }, torch::kByte), rng));
        QCOMPARE(vp.apply(torch::zeros({ 0, 3, 8, 8 }, torch::kByte), rng).size(0), int64_t(0));
    }

    // ---- rotation ----

    void rotationLabelsMatchRotation()
    {
        const auto images = randomImages(64, 3, 12, 12, 2);
        Rng rng(4);
        const auto batch = rotationBatch(images, rng);
        QCOMPARE(batch.labels.scalar_type(), torch::kLong);
        std::set<int64_t> seen;
        for (int64_t b = 0; b < 64; ++b) {
            const int64_t k = batch.labels[b].item<int64_t>();
            QVERIFY(k >= 0 && k < 4);
            seen.insert(k);
            QVERIFY(torch::equal(rotate90(batch.images[b], -k), images[b]));
            QVERIFY(torch::equal(batch.images[b], rotate90(images[b], k)));
        }
        QCOMPARE(seen.size(), size_t(4));
        Rng again(4);
        QVERIFY(torch::equal(rotationBatch(images, again).labels, batch.labels));
        QVERIFY_THROWS_EXCEPTION(ConfigError, rotationBatch(randomImages(2, 1, 8, 10, 1), rng));
    }

    // ---- jigsaw ----

    void permutationSet()
    {
        // (Its speed is not asserted here: a timed unit test fails on a busy machine. The set is built once per
        // run, in well under a second.)
        const auto set = makePermutationSet(3, 100, 1234);
        QCOMPARE(set.size(), size_t(100));
        std::set<Permutation> unique(set.begin(), set.end());
        QCOMPARE(unique.size(), size_t(100));
        for (const auto &p : set) {
            auto sorted = p;
            std::sort(sorted.begin(), sorted.end());
            QCOMPARE(sorted, (Permutation { 0, 1, 2, 3, 4, 5, 6, 7, 8 }));
        }
        QCOMPARE(set[0], (Permutation { 0, 1, 2, 3, 4, 5, 6, 7, 8 })); // documented: the identity first
        const int minimum = minimumHammingDistance(set);
        qInfo("3x3 grid, 100 permutations: minimum pairwise Hamming distance %d", minimum);
        QVERIFY(minimum >= 5);
        QCOMPARE(makePermutationSet(3, 100, 1234), set);
        QVERIFY(makePermutationSet(3, 100, 99) != set);
        // 2x2 has 24 permutations: all of them fit, one more does not.
        QCOMPARE(makePermutationSet(2, 24, 1).size(), size_t(24));
        QVERIFY_THROWS_EXCEPTION(ConfigError, makePermutationSet(2, 25, 1));
        QVERIFY_THROWS_EXCEPTION(ConfigError, makePermutationSet(1, 1, 1));
        QVERIFY_THROWS_EXCEPTION(ConfigError, makePermutationSet(3, 0, 1));
        const auto four = makePermutationSet(4, 30, 5);
        QCOMPARE(four.size(), size_t(30));
        QVERIFY(minimumHammingDistance(four) >= 10);
    }

    void jigsawIdentityAndInverse()
    {
        const int g = 3;
        const auto images = randomImages(10, 3, 28, 29, 6); // cropped to 27x27 (centre)
        const auto cropped = images.narrow(2, 0, 27).narrow(3, 1, 27);
        Rng rng(1);
        const Permutation identity = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
        const auto same = jigsawBatch(images, g, { identity }, rng);
        QVERIFY(torch::equal(same.images, cropped));
        QVERIFY(torch::equal(same.labels, torch::zeros({ 10 }, torch::kLong)));

        const auto set = makePermutationSet(g, 20, 3);
        const auto batch = jigsawBatch(images, g, set, rng);
        QCOMPARE(batch.images.sizes().vec(), (std::vector<int64_t> { 10, 3, 27, 27 }));
        for (int64_t b = 0; b < 10; ++b) {
            const auto label = batch.labels[b].item<int64_t>();
            const auto &perm = set[label];
            QCOMPARE(batch.permutations[b], perm);
            // Same semantics as the golden-checked jigsawShuffle: output tile i is input tile perm[i] ...
            QVERIFY(torch::equal(batch.images[b], jigsawShuffle(cropped[b], g, perm)));
            // ... so shuffling with the inverse permutation restores the image.
            Permutation inverse(perm.size());
            for (size_t i = 0; i < perm.size(); ++i)
                inverse[perm[i]] = static_cast<int64_t>(i);
            QVERIFY(torch::equal(jigsawShuffle(batch.images[b], g, inverse), cropped[b]));
        }
        QVERIFY_THROWS_EXCEPTION(ConfigError, jigsawBatch(images, g, { Permutation { 0, 1, 2 } }, rng));
        QVERIFY_THROWS_EXCEPTION(ConfigError, jigsawBatch(images, g, {}, rng));
    }

    // ---- masking ----

    void maskRatiosExact_data()
    {
        QTest::addColumn<int>("gridH");
        QTest::addColumn<int>("gridW");
        QTest::addColumn<double>("ratio");
        for (double r : { 0.0, 0.1, 0.4, 0.6, 0.75, 0.9, 1.0 }) {
            QTest::addRow("14x14 %.2f", r) << 14 << 14 << r;
            QTest::addRow("7x7 %.2f", r) << 7 << 7 << r;
            QTest::addRow("4x8 %.2f", r) << 4 << 8 << r;
        }
    }
    void maskRatiosExact()
    {
        QFETCH(int, gridH);
        QFETCH(int, gridW);
        QFETCH(double, ratio);
        const int64_t n = int64_t(gridH) * gridW, expected = std::llround(ratio * n);
        Rng rng(77);
        const auto random = randomPatchMask(50, n, ratio, rng);
        const auto block = blockPatchMask(50, gridH, gridW, ratio, rng);
        for (const auto &mask : { random, block }) {
            QCOMPARE(mask.sizes().vec(), (std::vector<int64_t> { 50, n }));
            QVERIFY(torch::equal(mask.sum(1), torch::full({ 50 }, double(expected), torch::kFloat)));
            QVERIFY(torch::equal(mask * (1 - mask), torch::zeros_like(mask))); // 0 or 1 only
        }
        if (expected > 0 && expected < n) QVERIFY(!torch::equal(random[0], random[1]));
    }

    void blockMaskIsBlocky()
    {
        // BEiT's blocks: far more masked neighbours than a uniform mask of the same ratio.
        Rng rng(9);
        const auto block = blockPatchMask(40, 14, 14, 0.4, rng);
        const auto random = randomPatchMask(40, 196, 0.4, rng);
        const auto neighbours = [](const torch::Tensor &m) {
            auto g = m.view({ -1, 14, 14 });
            return ((g.narrow(2, 0, 13) * g.narrow(2, 1, 13)).sum() + (g.narrow(1, 0, 13) * g.narrow(1, 1, 13)).sum())
                .item<double>();
        };
        QVERIFY(neighbours(block) > 1.5 * neighbours(random));
    }

    void applyPatchMaskFillsMaskedPatches()
    {
        const auto images = randomImages(2, 3, 8, 12, 4);
        auto mask = torch::zeros({ 2, 6 });
        mask[0][0] = 1;
        mask[1][5] = 1;
        const auto out = applyPatchMask(images, mask, 4, 7);
        QCOMPARE(out.scalar_type(), torch::kByte);
        auto expected = images.clone();
        expected[0].narrow(1, 0, 4).narrow(2, 0, 4).fill_(7); // patch 0: rows 0-3, columns 0-3
        expected[1].narrow(1, 4, 4).narrow(2, 8, 4).fill_(7); // patch 5 of a 2x3 grid: rows 4-7, columns 8-11
        QVERIFY(torch::equal(out, expected));
        QVERIFY_THROWS_EXCEPTION(ConfigError, applyPatchMask(images, mask, 5, 0));
        QVERIFY_THROWS_EXCEPTION(ConfigError, applyPatchMask(images, torch::zeros({ 2, 5 }), 4, 0));
    }

    // ---- colorization ----

    void colorization()
    {
        const auto images = randomImages(3, 3, 8, 8, 8);
        const auto batch = colorizationBatch(images);
        QCOMPARE(batch.input.sizes().vec(), (std::vector<int64_t> { 3, 1, 8, 8 }));
        QVERIFY(torch::equal(batch.target, unit(images)));
        const auto x = unit(images);
        const auto luma = (x.select(1, 0) * 0.299 + x.select(1, 1) * 0.587 + x.select(1, 2) * 0.114).unsqueeze(1);
        QVERIFY(maxAbsDiff(batch.input, luma) < 1e-6);
        QVERIFY(batch.input.min().item<float>() >= 0 && batch.input.max().item<float>() <= 1);
        try {
            colorizationBatch(randomImages(2, 1, 8, 8, 1));
            QFAIL("1-channel data accepted");
        } catch (const ConfigError &e) {
            QVERIFY(std::string(e.what()).find("1 channel") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestAugment)
#include "tst_augment.moc"
