// Hostile inputs (issue 11, "nothing crashes"): sizes read from files are checked before they divide, index or
// allocate. Golden files with impossible sizes, data set headers that claim more than their files hold, images
// whose headers claim gigapixels, and error messages without C++ backtraces.
#include "../process.h"

#include "engine/augment/geometric.h"
#include "engine/core/compat.h"
#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/io/golden.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <zlib.h>

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <string>

using namespace pretext::engine;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

bool writeGzip(const QString &path, const QByteArray &bytes)
{
    gzFile f = gzopen(QFile::encodeName(path).constData(), "wb");
    if (!f) return false;
    const int written = bytes.isEmpty() ? 0 : gzwrite(f, bytes.constData(), unsigned(bytes.size()));
    return gzclose(f) == Z_OK && written == bytes.size();
}

QByteArray bigEndian32(uint32_t v)
{
    QByteArray b(4, 0);
    for (int i = 0; i < 4; ++i) b[i] = char((v >> (24 - 8 * i)) & 0xFF);
    return b;
}

QByteArray idxImagesHeader(uint32_t n, uint32_t h, uint32_t w)
{
    return bigEndian32(0x803) + bigEndian32(n) + bigEndian32(h) + bigEndian32(w);
}

QByteArray idxLabelsHeader(uint32_t n)
{
    return bigEndian32(0x801) + bigEndian32(n);
}

// Resident memory of this process (VmRSS), in bytes.
qint64 residentBytes()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
    return 0;
}

// The type and message of what loadDataset(spec) throws ("" when it does not).
std::pair<QString, QString> loadError(const std::string &spec)
{
    try {
        loadDataset(spec);
    } catch (const DataError &e) {
        return {"DataError", QString::fromStdString(e.what())};
    } catch (const ConfigError &e) {
        return {"ConfigError", QString::fromStdString(e.what())};
    } catch (const std::exception &e) {
        return {"std::exception", QString::fromStdString(e.what())};
    }
    return {"", ""};
}

// Sets an environment variable for the scope.
struct ScopedEnv {
    QByteArray name;
    ScopedEnv(const char *n, const QByteArray &value) : name(n) { qputenv(n, value); }
    ~ScopedEnv() { qunsetenv(name.constData()); }
};

// A golden file of one case: `op`, `params`, `inputs` and `outputs` as JSON text.
QByteArray goldenCase(const QByteArray &op, const QByteArray &params, const QByteArray &inputs,
                      const QByteArray &outputs = R"({"out": {"shape": [], "data": [0]}})")
{
    return R"({"format": "pretext-golden/1", "cases": [{"name": "hostile", "op": ")" + op + R"(", "params": )" +
           params + R"(, "inputs": )" + inputs + R"(, "outputs": )" + outputs + "}]}";
}

// [2,3,8,8] images (384 values) as golden JSON.
QByteArray images2x3x8x8()
{
    QByteArray data;
    for (int i = 0; i < 384; ++i) data += (i ? "," : "") + QByteArray::number(i % 7);
    return R"({"imgs": {"shape": [2, 3, 8, 8], "data": [)" + data + "]}}";
}

QByteArray matrix(const char *name, int rows, int cols)
{
    QByteArray data;
    for (int i = 0; i < rows * cols; ++i) data += (i ? "," : "") + QByteArray::number(0.1 * (i % 5) + 0.05);
    return "\"" + QByteArray(name) + "\": {\"shape\": [" + QByteArray::number(rows) + ", " +
           QByteArray::number(cols) + "], \"data\": [" + data + "]}";
}

// A minimal PNG whose IHDR claims width x height (no image data: it must be refused before decoding).
QByteArray pngHeader(uint32_t width, uint32_t height)
{
    QByteArray ihdr = "IHDR" + bigEndian32(width) + bigEndian32(height) + QByteArray("\x08\x02\x00\x00\x00", 5);
    const uLong crc = crc32(0, reinterpret_cast<const Bytef *>(ihdr.constData()), uInt(ihdr.size()));
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + bigEndian32(13) + ihdr + bigEndian32(uint32_t(crc));
}

} // namespace

class TestInputs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // ---- golden files ----

    void goldenBadSizes_data()
    {
        QTest::addColumn<QByteArray>("golden");
        QTest::addColumn<QString>("message"); // the field and what is accepted

        const QByteArray patchify = "patchify";
        QTest::newRow("patch 0") << goldenCase(patchify, R"({"patch": 0})", images2x3x8x8())
                                 << "params.patch = 0 is not accepted; expected an integer from 1 to 8";
        QTest::newRow("patch negative") << goldenCase(patchify, R"({"patch": -4})", images2x3x8x8())
                                        << "params.patch = -4 is not accepted";
        QTest::newRow("patch fractional") << goldenCase(patchify, R"({"patch": 2.5})", images2x3x8x8())
                                          << "params.patch = 2.5 is not accepted";
        QTest::newRow("patch not dividing") << goldenCase(patchify, R"({"patch": 3})", images2x3x8x8())
                                            << "params.patch = 3 does not divide the image 8x8";
        QTest::newRow("patch larger than the image") << goldenCase(patchify, R"({"patch": 16})", images2x3x8x8())
                                                     << "params.patch = 16 is not accepted";
        QTest::newRow("patch missing") << goldenCase(patchify, "{}", images2x3x8x8()) << "params.patch is missing";
        QTest::newRow("patch a string") << goldenCase(patchify, R"({"patch": "4"})", images2x3x8x8())
                                        << "params.patch = string is not accepted";
        QTest::newRow("shape negative") << goldenCase(patchify, R"({"patch": 2})",
                                                      R"({"imgs": {"shape": [-2, 3, 8, 8], "data": [1, 2]}})")
                                        << "inputs.imgs.shape[0] = -2 is not accepted; expected an integer from 0";
        QTest::newRow("shape fractional") << goldenCase(patchify, R"({"patch": 2})",
                                                        R"({"imgs": {"shape": [1.5, 2], "data": [1, 2, 3]}})")
                                          << "inputs.imgs.shape[0] = 1.5 is not accepted";
        QTest::newRow("shape and data differ")
            << goldenCase(patchify, R"({"patch": 2})", R"({"imgs": {"shape": [2, 3, 8, 8], "data": [1, 2, 3]}})")
            << "inputs.imgs: shape [2, 3, 8, 8] holds 384 values but data has 3";
        QTest::newRow("shape overflows")
            << goldenCase(patchify, R"({"patch": 2})",
                          R"({"imgs": {"shape": [2147483648, 2147483648, 2147483648, 4], "data": [1]}})")
            << "inputs.imgs: shape [2147483648, 2147483648, 2147483648, 4] holds more values but data has 1";
        QTest::newRow("shape too large") << goldenCase(patchify, R"({"patch": 2})",
                                                       R"({"imgs": {"shape": [1e18], "data": [1]}})")
                                         << "inputs.imgs.shape[0] = 1e+18 is not accepted";
        QTest::newRow("data not numbers") << goldenCase(patchify, R"({"patch": 2})",
                                                        R"({"imgs": {"shape": [2], "data": [1, "x"]}})")
                                          << "inputs.imgs.data[1] is string; expected a number";
        QTest::newRow("images of rank 2") << goldenCase(patchify, R"({"patch": 2})",
                                                        R"({"imgs": {"shape": [2, 2], "data": [1, 2, 3, 4]}})")
                                          << "inputs.imgs has shape [2, 2]; expected 4 dimensions";
        QTest::newRow("output shape negative")
            << goldenCase(patchify, R"({"patch": 2})", images2x3x8x8(), R"({"patches": {"shape": [-1], "data": []}})")
            << "outputs.patches.shape[0] = -1 is not accepted";
        QTest::newRow("input missing") << goldenCase(patchify, R"({"patch": 2})", "{}") << "inputs.imgs is missing";

        const QByteArray img = R"({"img": {"shape": [1, 4, 4], "data": [0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]}})";
        QTest::newRow("jigsaw grid 0") << goldenCase("jigsaw", R"({"grid": 0, "perm": []})", img)
                                       << "params.grid = 0 is not accepted; expected an integer from 1 to 4";
        QTest::newRow("jigsaw grid not dividing") << goldenCase("jigsaw", R"({"grid": 3, "perm": []})", img)
                                                  << "params.grid = 3 does not divide the image 4x4";
        QTest::newRow("jigsaw perm too short") << goldenCase("jigsaw", R"({"grid": 2, "perm": [0, 1]})", img)
                                               << "params.perm: expected an array of 4 tile indices";
        QTest::newRow("jigsaw perm repeats") << goldenCase("jigsaw", R"({"grid": 2, "perm": [0, 0, 1, 2]})", img)
                                             << "params.perm[1] = 0 repeats a tile";
        QTest::newRow("jigsaw perm out of range") << goldenCase("jigsaw", R"({"grid": 2, "perm": [0, 1, 2, 9]})", img)
                                                  << "params.perm[3] = 9 is not accepted; expected an integer from 0 to 3";
        QTest::newRow("rotate90 of a vector") << goldenCase("rotate90", R"({"k": 1})",
                                                            R"({"img": {"shape": [3], "data": [1, 2, 3]}})")
                                              << "inputs.img has shape [3]; expected at least 2 dimensions";

        const QByteArray knnInputs = "{" + matrix("bank", 6, 4) +
                                     R"(, "bank_labels": {"shape": [6], "data": [0, 1, 2, 0, 1, 2]}, )" +
                                     matrix("queries", 2, 4) + "}";
        QTest::newRow("knn classes huge") << goldenCase("knn_predict", R"({"k": 2, "temperature": 0.1, "classes": 1e12})",
                                                        knnInputs)
                                          << "params.classes = 1e+12 is not accepted; expected an integer from 1 to 65536";
        QTest::newRow("knn k 0") << goldenCase("knn_predict", R"({"k": 0, "temperature": 0.1, "classes": 3})", knnInputs)
                                 << "params.k = 0 is not accepted; expected an integer from 1 to 6";
        QTest::newRow("knn labels above classes")
            << goldenCase("knn_predict", R"({"k": 2, "temperature": 0.1, "classes": 2})", knnInputs)
            << "inputs.bank_labels holds values outside 0..1";
        QTest::newRow("knn temperature 0")
            << goldenCase("knn_predict", R"({"k": 2, "temperature": 0, "classes": 3})", knnInputs)
            << "params.temperature = 0 is not accepted; expected a number above 0";

        QTest::newRow("nt_xent shapes differ")
            << goldenCase("nt_xent", R"({"temperature": 0.5})", "{" + matrix("z1", 4, 8) + ", " + matrix("z2", 3, 8) + "}")
            << "inputs.z2 has shape [3, 8]; expected the shape of inputs.z1, [4, 8]";
        QTest::newRow("moco queue of another width")
            << goldenCase("moco_infonce", R"({"temperature": 0.2})",
                          "{" + matrix("q", 2, 4) + ", " + matrix("k", 2, 4) + ", " + matrix("queue", 5, 3) + "}")
            << "inputs.queue has shape [5, 3]; expected size 4 in dimension 0";
        QTest::newRow("mae mask of another shape")
            << goldenCase("mae_loss", R"({"norm_pix": false})",
                          "{" + matrix("pred", 2, 4).replace("[2, 4]", "[1, 2, 4]") + ", " +
                              matrix("target", 2, 4).replace("[2, 4]", "[1, 2, 4]") + ", " + matrix("mask", 1, 3) + "}")
            << "inputs.mask has shape [1, 3]; expected size 2 in dimension 1";
    }

    void goldenBadSizes()
    {
        QFETCH(QByteArray, golden);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath("hostile.json");
        QVERIFY(writeFile(path, golden));
        QString caught, text;
        try {
            verifyGolden(path.toStdString());
        } catch (const DataError &e) {
            caught = "DataError";
            text = QString::fromStdString(e.what());
        } catch (const std::exception &e) {
            caught = "std::exception";
            text = QString::fromStdString(e.what());
        }
        QVERIFY2(caught == "DataError", qPrintable(caught + ": " + text));
        // The file, the case and the field with what would be accepted.
        QVERIFY2(text.startsWith(path + ": case 0 (\"hostile\")"), qPrintable(text));
        QVERIFY2(text.contains(message), qPrintable(text));
        QVERIFY2(!text.contains("frame #"), qPrintable(text));
    }

    // The shipped golden file still passes with the checks in place.
    void goldenShippedStillPasses()
    {
        const auto report = verifyGolden(PRETEXT_TEST_DATA "/golden.json");
        QVERIFY(report.evaluated() > 0);
        for (const auto &c : report.cases) QVERIFY2(!c.implemented || c.passed, (c.name + ": " + c.detail).c_str());
    }

    // pretext-cli verify on a golden case with patch 0 used to die of SIGFPE; now it exits 3 (bad data) with the field.
    void cliVerifyPatchZero()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("patch0.json");
        QVERIFY(writeFile(path, goldenCase("patchify", R"({"patch": 0})", images2x3x8x8())));
        for (const QStringList &args : {QStringList{"verify", "--golden", path},
                                        QStringList{"--verbose", "verify", "--golden", path},
                                        QStringList{"verify", "--golden", path, "--verbose"}}) {
            const auto r = pretext::tests::runCli(args);
            QVERIFY2(r.code == ExitBadData, qPrintable(QString::number(r.code) + ": " + r.err));
            QVERIFY2(r.err.contains("params.patch = 0 is not accepted"), qPrintable(r.err));
        }
    }

    // The engine's own guards behind the golden checks.
    void patchifyGuards()
    {
        const auto imgs = at::zeros({1, 1, 8, 8});
        QVERIFY_THROWS_EXCEPTION(ConfigError, patchify(imgs, 0));
        QVERIFY_THROWS_EXCEPTION(ConfigError, patchify(imgs, -2));
        QVERIFY_THROWS_EXCEPTION(ConfigError, patchify(imgs, 3));
        QVERIFY_THROWS_EXCEPTION(ConfigError, patchify(at::zeros({8, 8}), 2));
        QCOMPARE(patchify(imgs, 4).sizes().vec(), std::vector<int64_t>({1, 4, 16}));
        const auto patches = at::zeros({1, 4, 16});
        QVERIFY_THROWS_EXCEPTION(ConfigError, unpatchify(patches, 0, 1, 8, 8));
        QVERIFY_THROWS_EXCEPTION(ConfigError, unpatchify(patches, 3, 1, 8, 8));
        QVERIFY_THROWS_EXCEPTION(ConfigError, unpatchify(patches, 4, 1, 8, 12)); // 6 patches, given 4
        QVERIFY_THROWS_EXCEPTION(ConfigError, unpatchify(patches, 4, 0, 8, 8));
        QCOMPARE(unpatchify(patches, 4, 1, 8, 8).sizes().vec(), std::vector<int64_t>({1, 1, 8, 8}));
        QVERIFY_THROWS_EXCEPTION(ConfigError, jigsawShuffle(at::zeros({1, 4, 4}), 0, {}));
        QVERIFY_THROWS_EXCEPTION(ConfigError, jigsawShuffle(at::zeros({1, 4, 4}), 2, {0, 1, 2, 7}));
    }

    // ---- data set headers and images ----

    // A 2^31-image header in a small gzip file: refused from its header, before anything is allocated or decoded.
    void gzipIdxClaimingBillions()
    {
        QTemporaryDir dir;
        const uint32_t n = 0x80000000u;
        QByteArray body(1 << 20, 0); // 1 MB of zeros: compresses to about 1 KB
        QVERIFY(writeGzip(dir.filePath("train-images-idx3-ubyte.gz"), idxImagesHeader(n, 28, 28) + body));
        QVERIFY(writeGzip(dir.filePath("train-labels-idx1-ubyte.gz"), idxLabelsHeader(n) + QByteArray(4096, 0)));
        QVERIFY(writeGzip(dir.filePath("t10k-images-idx3-ubyte.gz"), idxImagesHeader(1, 28, 28) + QByteArray(784, 0)));
        QVERIFY(writeGzip(dir.filePath("t10k-labels-idx1-ubyte.gz"), idxLabelsHeader(1) + QByteArray(1, 0)));
        const qint64 before = residentBytes();
        QElapsedTimer timer;
        timer.start();
        const auto [type, text] = loadError("mnist:" + dir.path().toStdString());
        const qint64 ms = timer.elapsed();
        QVERIFY2(type == "DataError", qPrintable(type + ": " + text));
        QVERIFY2(text.contains(dir.filePath("train-images-idx3-ubyte.gz") +
                               ": the header claims 2147483648 images of 28x28 (1568.0 GB), but a gzip file of "),
                 qPrintable(text));
        QVERIFY2(text.contains("deflate expands at most 1032:1"), qPrintable(text));
        QVERIFY2(ms < 2000, qPrintable(QString::number(ms) + " ms"));
        QVERIFY2(residentBytes() - before < (qint64(64) << 20),
                 qPrintable(QString::number((residentBytes() - before) >> 20) + " MB more resident"));
    }

    // A plain IDX file whose header claims a million images but holds ten.
    void plainIdxClaimingMoreThanItHolds()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath("train-images-idx3-ubyte"), idxImagesHeader(1000000, 28, 28) + QByteArray(7840, 1)));
        QVERIFY(writeFile(dir.filePath("train-labels-idx1-ubyte"), idxLabelsHeader(1000000) + QByteArray(10, 1)));
        QVERIFY(writeFile(dir.filePath("t10k-images-idx3-ubyte"), idxImagesHeader(1, 28, 28) + QByteArray(784, 0)));
        QVERIFY(writeFile(dir.filePath("t10k-labels-idx1-ubyte"), idxLabelsHeader(1) + QByteArray(1, 0)));
        const qint64 before = residentBytes();
        const auto [type, text] = loadError("mnist:" + dir.path().toStdString());
        QVERIFY2(type == "DataError", qPrintable(type + ": " + text));
        QVERIFY2(text.contains(dir.filePath("train-images-idx3-ubyte") +
                               ": truncated at record 11 of 1000000: the header claims 1000000 images of 28x28 (748 MB"
                               " after the 16-byte header), but the file holds 7856 bytes"),
                 qPrintable(text));
        QVERIFY(residentBytes() - before < (qint64(64) << 20));
    }

    // The data-set limit: PRETEXT_MAX_DATASET_MB, checked before the images are read.
    void datasetLimit()
    {
        QTemporaryDir dir;
        const uint32_t n = 3000; // 2.2 MB of images
        QVERIFY(writeFile(dir.filePath("train-images-idx3-ubyte"), idxImagesHeader(n, 28, 28) + QByteArray(n * 784, 1)));
        QVERIFY(writeFile(dir.filePath("train-labels-idx1-ubyte"), idxLabelsHeader(n) + QByteArray(n, 1)));
        QVERIFY(writeFile(dir.filePath("t10k-images-idx3-ubyte"), idxImagesHeader(1, 28, 28) + QByteArray(784, 0)));
        QVERIFY(writeFile(dir.filePath("t10k-labels-idx1-ubyte"), idxLabelsHeader(1) + QByteArray(1, 0)));
        const std::string spec = "mnist:" + dir.path().toStdString();
        {
            ScopedEnv limit("PRETEXT_MAX_DATASET_MB", "1");
            const auto [type, text] = loadError(spec);
            QVERIFY2(type == "DataError", qPrintable(type + ": " + text));
            QVERIFY2(text.contains("file " + dir.filePath("train-images-idx3-ubyte") + ": 3000 images of 28x28 take 2 MB"
                                   " in memory, above the limit of 1 MB on a data set (PRETEXT_MAX_DATASET_MB)"),
                     qPrintable(text));
            // Fewer images fit.
            LoadOptions o;
            o.limitTrain = 500;
            QCOMPARE(loadDataset(spec, o).train.size(), int64_t(500));
        }
        {
            ScopedEnv limit("PRETEXT_MAX_DATASET_MB", "lots");
            const auto [type, text] = loadError(spec);
            QVERIFY2(type == "ConfigError", qPrintable(type + ": " + text));
            QVERIFY2(text.contains("PRETEXT_MAX_DATASET_MB = 'lots' is not accepted"), qPrintable(text));
        }
        QCOMPARE(loadDataset(spec).train.size(), int64_t(n));
    }

    // A CIFAR batch file that is sparse: its size claims more than the limit, though the disk holds nearly nothing.
    void sparseCifarFile()
    {
        QTemporaryDir dir;
        for (int i = 1; i <= 5; ++i)
            QVERIFY(writeFile(dir.filePath(QString("data_batch_%1.bin").arg(i)), QByteArray(3073, 0)));
        QVERIFY(writeFile(dir.filePath("test_batch.bin"), QByteArray(3073, 0)));
        QFile big(dir.filePath("data_batch_1.bin"));
        QVERIFY(big.resize(qint64(3073) * 100000)); // 307 MB, sparse
        ScopedEnv limit("PRETEXT_MAX_DATASET_MB", "64");
        const qint64 before = residentBytes();
        const auto [type, text] = loadError("cifar10:" + dir.path().toStdString());
        QVERIFY2(type == "DataError", qPrintable(type + ": " + text));
        QVERIFY2(text.contains("100004 images of 3x32x32 take"), qPrintable(text));
        QVERIFY2(text.contains("above the limit of 64 MB"), qPrintable(text));
        QVERIFY(residentBytes() - before < (qint64(64) << 20));
    }

    // An image folder with a PNG whose header claims 60000 x 60000 pixels: refused from the header, not decoded.
    void hugePngInImageFolder()
    {
#ifndef PRETEXT_HAVE_OPENCV
        QSKIP("built without OpenCV: no image folders");
#else
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("cats"));
        QVERIFY(writeFile(dir.filePath("cats/huge.png"), pngHeader(60000, 60000) + QByteArray(472 * 1024, 0)));
        const qint64 before = residentBytes();
        const auto [type, text] = loadError("folder:" + dir.path().toStdString());
        QVERIFY2(type == "DataError", qPrintable(type + ": " + text));
        QVERIFY2(text.contains("image " + dir.filePath("cats/huge.png") +
                               ": its PNG header claims 60000x60000 pixels, above the limit of 67108864 pixels per"
                               " image (PRETEXT_MAX_IMAGE_PIXELS)"),
                 qPrintable(text));
        QVERIFY(residentBytes() - before < (qint64(64) << 20));
        // A file that is no image format at all.
        QVERIFY(writeFile(dir.filePath("cats/huge.png"), "GIF89a not supported"));
        const auto [type2, text2] = loadError("folder:" + dir.path().toStdString());
        QVERIFY2(text2.contains("cannot decode image " + dir.filePath("cats/huge.png") + ": not a recognised image format"),
                 qPrintable(text2));
#endif
    }

    // ---- messages ----

    void describeWithoutBacktrace()
    {
        bool caught = false;
        try {
            (void)at::mm(at::ones({2, 3}), at::ones({2, 3}));
        } catch (const c10::Error &e) {
            caught = true;
            const QString plain = QString::fromStdString(describeException(e, false));
            QVERIFY2(!plain.isEmpty(), "empty message");
            QVERIFY2(!plain.contains("frame #"), qPrintable(plain));
            QVERIFY2(!plain.contains("Exception raised from"), qPrintable(plain));
            QCOMPARE(plain, QStringLiteral("mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"));
            QCOMPARE(describeException(e, true), std::string(e.what()));
        }
        QVERIFY(caught);
        // A message that carries a backtrace in its text (an error rethrown as std::runtime_error).
        const std::runtime_error wrapped(
            "boom: bad size\nException raised from f at x.cpp:1 (most recent call first):\nframe #0: f()\nframe #1: g()\n");
        QCOMPARE(describeException(wrapped, false), std::string("boom: bad size"));
        QCOMPARE(describeException(wrapped, true), std::string(wrapped.what()));
        const DataError data("file x: bad");
        QCOMPARE(describeException(data, false), std::string("file x: bad"));
    }
};

QTEST_GUILESS_MAIN(TestInputs)
#include "tst_inputs.moc"
