// The dataset loaders, on tiny files this test writes itself (good ones and corrupt ones), the procedural shapes,
// and the real Fashion-MNIST when it is installed. A loader that silently accepts a malformed file trains on
// garbage, so every fault must be reported with the file's name and what is wrong with it.
#include "engine/core/errors.h"
#include "engine/data/dataset.h"

#include <ATen/ATen.h>
#include <zlib.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>

using namespace pretext::engine;

namespace {

QByteArray bigEndian32(uint32_t v)
{
    QByteArray b(4, 0);
    for (int i = 0; i < 4; ++i)
        b[i] = char((v >> (24 - 8 * i)) & 0xFF);
    return b;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

bool writeGzip(const QString &path, const QByteArray &bytes)
{
    gzFile f = gzopen(QFile::encodeName(path).constData(), "wb");
    if (!f) return false;
    const int written = gzwrite(f, bytes.constData(), unsigned(bytes.size()));
    return gzclose(f) == Z_OK && written == bytes.size();
}

bool truncateFile(const QString &path, qint64 size)
{
    QFile f(path);
    return f.resize(size);
}

// ---- IDX ----

// Pixels that neither repeat nor compress well, so that a cut gzip file ends inside the image data.
uint8_t idxPixel(int64_t i, int64_t y, int64_t x)
{
    return uint8_t((i * 131 + y * 29 + x * 7 + (i * y * x) % 13) % 256);
}

QByteArray idxImages(int n, int h, int w, uint32_t magic = 0x00000803)
{
    QByteArray out = bigEndian32(magic) + bigEndian32(n) + bigEndian32(h) + bigEndian32(w);
    for (int i = 0; i < n; ++i)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                out.append(char(idxPixel(i, y, x)));
    return out;
}

QByteArray idxLabels(int n, int badIndex = -1, int badValue = 0)
{
    QByteArray out = bigEndian32(0x00000801) + bigEndian32(n);
    for (int i = 0; i < n; ++i)
        out.append(char(i == badIndex ? badValue : (i * 3) % 10));
    return out;
}

constexpr int kIdxTrain = 200, kIdxTest = 30, kIdxH = 28, kIdxW = 28;

bool writeIdxSet(const QString &dir, bool gz)
{
    auto put = [&](const QString &name, const QByteArray &bytes) {
        return gz ? writeGzip(dir + "/" + name + ".gz", bytes) : writeFile(dir + "/" + name, bytes);
    };
    return put("train-images-idx3-ubyte", idxImages(kIdxTrain, kIdxH, kIdxW))
        && put("train-labels-idx1-ubyte", idxLabels(kIdxTrain))
        && put("t10k-images-idx3-ubyte", idxImages(kIdxTest, kIdxH, kIdxW))
        && put("t10k-labels-idx1-ubyte", idxLabels(kIdxTest));
}

// ---- CIFAR and STL-10 ----

uint8_t cifarPixel(int64_t file, int64_t i, int64_t j)
{
    return uint8_t((file * 17 + i * 13 + j) % 251);
}

// n records of labelBytes label bytes + 3072 pixel bytes; labels count up from firstLabel.
QByteArray cifarFile(int file, int n, int labelBytes, int firstLabel, int badIndex = -1, int badValue = 0)
{
    QByteArray out;
    for (int i = 0; i < n; ++i) {
        const int label = i == badIndex ? badValue : (firstLabel + i) % (labelBytes == 1 ? 10 : 100);
        if (labelBytes == 2) out.append(char(label % 20)); // coarse label
        out.append(char(label));
        for (int j = 0; j < 3072; ++j)
            out.append(char(cifarPixel(file, i, j)));
    }
    return out;
}

bool writeCifar10Set(const QString &dir)
{
    for (int b = 1; b <= 5; ++b)
        if (!writeFile(dir + QString("/data_batch_%1.bin").arg(b), cifarFile(b, 3, 1, (b - 1) * 3))) return false;
    return writeFile(dir + "/test_batch.bin", cifarFile(6, 2, 1, 7));
}

bool writeCifar100Set(const QString &dir)
{
    return writeFile(dir + "/train.bin", cifarFile(1, 5, 2, 95))
        && writeFile(dir + "/test.bin", cifarFile(2, 2, 2, 40));
}

// What image i, channel c, row y, column x of the STL-10 test files holds.
int64_t stlPixel(int64_t i, int64_t c, int64_t y, int64_t x)
{
    return (i * 5 + c * 50 + y + 2 * x) % 256;
}

// STL-10 stores each channel column-major: byte c*96*96 + x*96 + y is pixel (y, x).
QByteArray stlImages(int n, int extraBytes = 0)
{
    QByteArray out(n * 3 * 96 * 96 + extraBytes, 0);
    for (int i = 0; i < n; ++i)
        for (int c = 0; c < 3; ++c)
            for (int x = 0; x < 96; ++x)
                for (int y = 0; y < 96; ++y)
                    out[((i * 3 + c) * 96 + x) * 96 + y] = char(stlPixel(i, c, y, x));
    return out;
}

bool writeStlSet(const QString &dir)
{
    return writeFile(dir + "/train_X.bin", stlImages(2)) && writeFile(dir + "/train_y.bin", QByteArray("\x01\x0a"))
        && writeFile(dir + "/test_X.bin", stlImages(1)) && writeFile(dir + "/test_y.bin", QByteArray("\x05"));
}

// ---- image folders ----

struct Rgb8 {
    uint8_t r, g, b;
};

void appendChunk(QByteArray &png, const char *type, const QByteArray &data)
{
    const QByteArray typed = QByteArray(type, 4) + data;
    png += bigEndian32(uint32_t(data.size())) + typed;
    png += bigEndian32(uint32_t(crc32(0, reinterpret_cast<const Bytef *>(typed.constData()), uInt(typed.size()))));
}

// A minimal 8-bit RGB PNG. (The engine tests link Qt Core only, so QImage is not available to write one.)
QByteArray pngFile(int w, int h, const std::function<Rgb8(int, int)> &pixel)
{
    QByteArray raw;
    for (int y = 0; y < h; ++y) {
        raw.append(char(0)); // filter type: none
        for (int x = 0; x < w; ++x) {
            const Rgb8 p = pixel(x, y);
            raw.append(char(p.r)).append(char(p.g)).append(char(p.b));
        }
    }
    QByteArray packed(int(compressBound(uLong(raw.size()))), 0);
    uLongf packedSize = uLongf(packed.size());
    compress(reinterpret_cast<Bytef *>(packed.data()), &packedSize, reinterpret_cast<const Bytef *>(raw.constData()),
        uLong(raw.size()));
    packed.resize(int(packedSize));
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    appendChunk(png, "IHDR", bigEndian32(w) + bigEndian32(h) + QByteArray("\x08\x02\x00\x00\x00", 5));
    appendChunk(png, "IDAT", packed);
    appendChunk(png, "IEND", QByteArray());
    return png;
}

QByteArray solidPng(int w, int h, Rgb8 colour)
{
    return pngFile(w, h, [&](int, int) { return colour; });
}

// apple/ (6 images: a4 is held out) and zebra/ (5 images: z4 is held out); written in reverse class order so
// that sorting is what puts apple first.
bool writeFolderSet(const QString &dir)
{
    const Rgb8 red { 255, 0, 0 }, blue { 0, 0, 255 }, green { 0, 255, 0 }, gray { 128, 128, 128 };
    auto gradient = [](int x, int y) { return Rgb8 { uint8_t(x * 6), uint8_t(y * 6), 100 }; };
    bool ok = QDir(dir).mkpath("zebra") && QDir(dir).mkpath("apple");
    for (int i = 0; i < 5; ++i)
        ok = ok
            && writeFile(
                dir + QString("/zebra/z%1.png").arg(i), i == 4 ? solidPng(12, 12, green) : pngFile(16, 16, gradient));
    ok = ok && writeFile(dir + "/apple/a0.png", solidPng(16, 16, red));
    ok = ok && writeFile(dir + "/apple/a1.png", pngFile(40, 20, gradient)); // not square, not 16x16
    for (int i = 2; i < 6; ++i)
        ok = ok && writeFile(dir + QString("/apple/a%1.png").arg(i), solidPng(16, 16, i == 4 ? blue : gray));
    return ok && writeFile(dir + "/apple/notes.txt", "not an image, ignored");
}

// ---- corrupt data sets for the table-driven error test ----

// Builds the data set named by fault in dir (a good one, then broken as the name says).
bool prepareFault(const QString &fault, const QString &dir)
{
    const QString images = dir + "/train-images-idx3-ubyte";
    if (fault == "idx missing file") return writeIdxSet(dir, false) && QFile::remove(dir + "/t10k-labels-idx1-ubyte");
    if (fault == "idx bad magic") return writeIdxSet(dir, false) && writeFile(images, idxImages(4, 28, 28, 0x00000903));
    if (fault == "idx bad magic gz")
        return writeIdxSet(dir, true) && writeGzip(images + ".gz", idxImages(4, 28, 28, 0x0000FF03));
    if (fault == "idx wrong dimensionality") {
        const QByteArray twoDims = bigEndian32(0x00000802) + bigEndian32(4) + bigEndian32(784) + QByteArray(4 * 784, 1);
        return writeIdxSet(dir, false) && writeFile(images, twoDims);
    }
    if (fault == "idx truncated")
        return writeIdxSet(dir, false) && truncateFile(images, 16 + 12 * 784 + 300); // inside image 13
    if (fault == "idx truncated gz") {
        return writeIdxSet(dir, true) && truncateFile(images + ".gz", QFileInfo(images + ".gz").size() * 3 / 5);
    }
    if (fault == "idx gz without trailer")
        return writeIdxSet(dir, true) && truncateFile(images + ".gz", QFileInfo(images + ".gz").size() - 4);
    if (fault == "idx gz bad checksum") {
        if (!writeIdxSet(dir, true)) return false;
        QFile f(images + ".gz");
        if (!f.open(QIODevice::ReadWrite)) return false;
        QByteArray bytes = f.readAll();
        bytes[bytes.size() - 8] = char(bytes[bytes.size() - 8] ^ 0x5A); // the CRC-32 in the gzip trailer
        return f.seek(0) && f.write(bytes) == bytes.size();
    }
    if (fault == "idx header only") return writeIdxSet(dir, false) && truncateFile(images, 10);
    if (fault == "idx count mismatch")
        return writeIdxSet(dir, false) && writeFile(dir + "/train-labels-idx1-ubyte", idxLabels(kIdxTrain - 1));
    if (fault == "idx label out of range")
        return writeIdxSet(dir, false) && writeFile(dir + "/train-labels-idx1-ubyte", idxLabels(kIdxTrain, 3, 10));
    if (fault == "idx trailing data") {
        return writeIdxSet(dir, false) && writeFile(images, idxImages(kIdxTrain, kIdxH, kIdxW) + QByteArray(5, 0));
    }
    if (fault == "idx no records")
        return writeIdxSet(dir, false)
            && writeFile(images, bigEndian32(0x803) + bigEndian32(0) + bigEndian32(28) + bigEndian32(28));
    if (fault == "cifar10 size")
        return writeCifar10Set(dir) && writeFile(dir + "/data_batch_2.bin", cifarFile(2, 2, 1, 0) + QByteArray(100, 0));
    if (fault == "cifar10 missing file") return writeCifar10Set(dir) && QFile::remove(dir + "/data_batch_5.bin");
    if (fault == "cifar10 label out of range")
        return writeCifar10Set(dir) && writeFile(dir + "/test_batch.bin", cifarFile(6, 3, 1, 0, 1, 10));
    if (fault == "cifar10 empty file") return writeCifar10Set(dir) && writeFile(dir + "/test_batch.bin", {});
    if (fault == "cifar10 bad class names")
        return writeCifar10Set(dir) && writeFile(dir + "/batches.meta.txt", "cat\ndog\nfrog\n\n");
    if (fault == "cifar100 label out of range")
        return writeCifar100Set(dir) && writeFile(dir + "/train.bin", cifarFile(1, 2, 2, 0, 0, 100));
    if (fault == "cifar100 given cifar10 records")
        return writeCifar100Set(dir) && writeFile(dir + "/train.bin", cifarFile(1, 2, 1, 0));
    if (fault == "stl10 size") return writeStlSet(dir) && writeFile(dir + "/train_X.bin", stlImages(2, 5));
    if (fault == "stl10 count mismatch") return writeStlSet(dir) && writeFile(dir + "/train_y.bin", "\x01\x02\x03");
    if (fault == "stl10 label out of range")
        return writeStlSet(dir) && writeFile(dir + "/train_y.bin", { "\x00\x02", 2 });
    if (fault == "stl10 missing file") return writeStlSet(dir) && QFile::remove(dir + "/test_y.bin");
    if (fault == "folder empty") return true;
    if (fault == "folder class without images") return writeFolderSet(dir) && QDir(dir).mkpath("empty/sub");
    if (fault == "folder unreadable image")
        return writeFolderSet(dir) && writeFile(dir + "/zebra/bad.png", "this is not a PNG file");
    return true; // spec-only rows need no files
}

// Loads spec and reports which exception came out ("DataError", "ConfigError", "other" or "none") and its text.
QPair<QString, QString> loadError(const std::string &spec, const LoadOptions &options = {})
{
    try {
        loadDataset(spec, options);
    } catch (const DataError &e) {
        return { "DataError", QString::fromStdString(e.what()) };
    } catch (const ConfigError &e) {
        return { "ConfigError", QString::fromStdString(e.what()) };
    } catch (const std::exception &e) {
        return { "other", QString::fromStdString(e.what()) };
    }
    return { "none", QString() };
}

bool sameTensor(const torch::Tensor &a, const torch::Tensor &b)
{
    return a.sizes() == b.sizes() && a.scalar_type() == b.scalar_type() && a.equal(b);
}

} // namespace

class TestData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void idxLoads_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("gz");
        QTest::newRow("mnist plain") << "mnist" << false;
        QTest::newRow("mnist gz") << "mnist" << true;
        QTest::newRow("fashion-mnist gz") << "fashion-mnist" << true;
    }
    void idxLoads()
    {
        QFETCH(QString, kind);
        QFETCH(bool, gz);
        QTemporaryDir dir;
        QVERIFY(writeIdxSet(dir.path(), gz));
        const auto splits = loadDataset(kind.toStdString() + ":" + dir.path().toStdString());
        QCOMPARE(splits.train.images.sizes().vec(), std::vector<int64_t>({ kIdxTrain, 1, kIdxH, kIdxW }));
        QCOMPARE(splits.test.images.sizes().vec(), std::vector<int64_t>({ kIdxTest, 1, kIdxH, kIdxW }));
        QCOMPARE(splits.train.images.scalar_type(), torch::kUInt8);
        QCOMPARE(splits.train.labels.scalar_type(), torch::kLong);
        QVERIFY(splits.train.images.is_contiguous());
        QCOMPARE(splits.train.name, kind.toStdString() + "/train");
        // Row-major pixels, image by image: spot-check the first, a middle and the last image.
        const auto img = splits.train.images;
        for (int64_t i : { 0, 77, kIdxTrain - 1 })
            for (int64_t y : { 0, 13, kIdxH - 1 })
                for (int64_t x : { 0, 5, kIdxW - 1 })
                    QCOMPARE(img[i][0][y][x].item<int64_t>(), int64_t(idxPixel(i, y, x)));
        QCOMPARE(splits.train.labels[7].item<int64_t>(), int64_t(1)); // (7 * 3) % 10
        QCOMPARE(splits.test.labels[kIdxTest - 1].item<int64_t>(), int64_t(((kIdxTest - 1) * 3) % 10));
        QCOMPARE(splits.train.numClasses(), int64_t(10));
        if (kind == "mnist") {
            QCOMPARE(splits.train.classNames[3], std::string("3"));
        } else {
            QCOMPARE(splits.train.classNames[0], std::string("T-shirt/top"));
            QCOMPARE(splits.train.classNames[9], std::string("Ankle boot"));
        }
    }

    void limitsKeepTheFirstImages()
    {
        QTemporaryDir dir;
        QVERIFY(writeIdxSet(dir.path(), true));
        const std::string spec = "mnist:" + dir.path().toStdString();
        const auto full = loadDataset(spec);
        LoadOptions options;
        options.limitTrain = 3;
        options.limitTest = 2;
        const auto limited = loadDataset(spec, options);
        QCOMPARE(limited.train.size(), int64_t(3));
        QCOMPARE(limited.test.size(), int64_t(2));
        QVERIFY(sameTensor(limited.train.images, full.train.images.slice(0, 0, 3)));
        QVERIFY(sameTensor(limited.test.labels, full.test.labels.slice(0, 0, 2)));
        // A limit above the size keeps everything.
        options.limitTrain = 100000;
        QCOMPARE(loadDataset(spec, options).train.size(), int64_t(kIdxTrain));

        options.limitTrain = -1;
        const auto [type, message] = loadError(spec, options);
        QCOMPARE(type, QString("ConfigError"));
        QVERIFY2(message.contains("limitTrain must be >= 0"), qPrintable(message));
    }

    void cifar10Loads()
    {
        QTemporaryDir dir;
        QVERIFY(writeCifar10Set(dir.path()));
        const std::string spec = "cifar10:" + dir.path().toStdString();
        auto splits = loadDataset(spec);
        QCOMPARE(splits.train.images.sizes().vec(), std::vector<int64_t>({ 15, 3, 32, 32 }));
        QCOMPARE(splits.test.images.sizes().vec(), std::vector<int64_t>({ 2, 3, 32, 32 }));
        // Batches in order 1..5; labels counted up from 0 across them.
        QVERIFY(sameTensor(splits.train.labels, torch::arange(15, torch::kLong).remainder(10)));
        QCOMPARE(splits.test.labels[1].item<int64_t>(), int64_t(8));
        // Image 4 is record 1 of data_batch_2.bin; its bytes are CHW already.
        for (int64_t c : { 0, 1, 2 })
            for (int64_t y : { 0, 17, 31 })
                for (int64_t x : { 0, 9, 31 })
                    QCOMPARE(splits.train.images[4][c][y][x].item<int64_t>(),
                        int64_t(cifarPixel(2, 1, c * 1024 + y * 32 + x)));
        QCOMPARE(splits.train.classNames.front(), std::string("airplane"));
        QCOMPARE(splits.train.classNames.back(), std::string("truck"));

        QVERIFY(writeFile(dir.path() + "/batches.meta.txt", "a0\na1\na2\na3\na4\na5\na6\na7\na8\na9\n\n"));
        LoadOptions options;
        options.limitTrain = 4;
        splits = loadDataset(spec, options);
        QCOMPARE(splits.train.classNames[9], std::string("a9"));
        QCOMPARE(splits.train.size(), int64_t(4));
        QCOMPARE(splits.train.images[3][0][0][0].item<int64_t>(), int64_t(cifarPixel(2, 0, 0)));
    }

    void cifar100Loads()
    {
        QTemporaryDir dir;
        QVERIFY(writeCifar100Set(dir.path()));
        const std::string spec = "cifar100:" + dir.path().toStdString();
        auto splits = loadDataset(spec);
        QCOMPARE(splits.train.images.sizes().vec(), std::vector<int64_t>({ 5, 3, 32, 32 }));
        // Fine labels (95..99), not the coarse ones stored before them.
        QVERIFY(sameTensor(splits.train.labels, torch::arange(95, 100, torch::kLong)));
        QCOMPARE(splits.train.images[2][2][31][31].item<int64_t>(), int64_t(cifarPixel(1, 2, 3071)));
        QCOMPARE(splits.train.numClasses(), int64_t(100));
        QCOMPARE(splits.train.classNames[42], std::string("class 42"));

        QByteArray names;
        for (int i = 0; i < 100; ++i)
            names += "fine" + QByteArray::number(i) + "\n";
        QVERIFY(writeFile(dir.path() + "/fine_label_names.txt", names));
        QCOMPARE(loadDataset(spec).test.classNames[99], std::string("fine99"));
    }

    void stl10Loads()
    {
        QTemporaryDir dir;
        QVERIFY(writeStlSet(dir.path()));
        const auto splits = loadDataset("stl10:" + dir.path().toStdString());
        QCOMPARE(splits.train.images.sizes().vec(), std::vector<int64_t>({ 2, 3, 96, 96 }));
        QCOMPARE(splits.test.images.sizes().vec(), std::vector<int64_t>({ 1, 3, 96, 96 }));
        QVERIFY(splits.train.images.is_contiguous());
        QVERIFY(sameTensor(splits.train.labels, torch::tensor({ int64_t(0), int64_t(9) })));
        QCOMPARE(splits.test.labels[0].item<int64_t>(), int64_t(4));
        // The column-major file is transposed into row-major images: compare every pixel.
        const auto c = torch::arange(3, torch::kLong).view({ 1, 3, 1, 1 });
        const auto y = torch::arange(96, torch::kLong).view({ 1, 1, 96, 1 });
        const auto x = torch::arange(96, torch::kLong).view({ 1, 1, 1, 96 });
        const auto i = torch::arange(2, torch::kLong).view({ 2, 1, 1, 1 });
        const auto expected = (i * 5 + c * 50 + y + x * 2).remainder(256);
        QVERIFY(splits.train.images.to(torch::kLong).equal(expected));
        QCOMPARE(stlPixel(1, 2, 3, 4), splits.train.images[1][2][3][4].item<int64_t>());
        QCOMPARE(splits.train.classNames[7], std::string("monkey"));
    }

    void folderLoads()
    {
        QTemporaryDir dir;
        QVERIFY(writeFolderSet(dir.path()));
        const std::string spec = "folder:" + dir.path().toStdString();
        if (!imageFolderSupported()) {
            const auto [type, message] = loadError(spec);
            QCOMPARE(type, QString("ConfigError"));
            QVERIFY2(message.contains("PRETEXT_WITH_OPENCV=ON"), qPrintable(message));
            return;
        }
        LoadOptions options;
        options.folderImageSize = 8;
        const auto splits = loadDataset(spec, options);
        QCOMPARE(splits.train.classNames, std::vector<std::string>({ "apple", "zebra" }));
        QCOMPARE(splits.train.images.sizes().vec(), std::vector<int64_t>({ 9, 3, 8, 8 }));
        QCOMPARE(splits.test.images.sizes().vec(), std::vector<int64_t>({ 2, 3, 8, 8 }));
        QVERIFY(splits.train.images.is_contiguous());
        QVERIFY(sameTensor(splits.train.labels, torch::tensor({ 0, 0, 0, 0, 0, 1, 1, 1, 1 }, torch::kLong)));
        QVERIFY(sameTensor(splits.test.labels, torch::tensor({ 0, 1 }, torch::kLong)));
        // RGB order, not OpenCV's BGR: a0 is red; the held-out 5th images are a4 (blue) and z4 (green).
        auto meanColour = [](const torch::Tensor &img) { return img.to(torch::kFloat).mean({ 1, 2 }); };
        QVERIFY(meanColour(splits.train.images[0]).allclose(torch::tensor({ 255.f, 0.f, 0.f })));
        QVERIFY(meanColour(splits.test.images[0]).allclose(torch::tensor({ 0.f, 0.f, 255.f })));
        QVERIFY(meanColour(splits.test.images[1]).allclose(torch::tensor({ 0.f, 255.f, 0.f })));
        // a1 is 40x20 with a left-to-right red ramp: after resizing, red still rises across the image.
        const auto red = splits.train.images[1][0].to(torch::kFloat);
        QVERIFY(red.index({ torch::indexing::Slice(), 7 }).mean().item<float>()
            > red.index({ torch::indexing::Slice(), 0 }).mean().item<float>() + 100);
    }

    void shapesAreDeterministic()
    {
        const auto a = loadDataset("shapes:300");
        const auto b = loadDataset("shapes:300");
        QCOMPARE(a.train.size(), int64_t(300));
        QCOMPARE(a.test.size(), int64_t(60));
        QCOMPARE(a.train.images.sizes().vec(), std::vector<int64_t>({ 300, 3, 32, 32 }));
        QVERIFY(sameTensor(a.train.images, b.train.images));
        QVERIFY(sameTensor(a.test.images, b.test.images));
        QVERIFY(sameTensor(a.train.labels, b.train.labels));
        // The test split is drawn from another stream, not a copy of the first training images.
        QVERIFY(!a.test.images.equal(a.train.images.slice(0, 0, 60)));
        // A prefix of a larger set is the same images, so limits and sizes agree with each other.
        QVERIFY(sameTensor(loadDataset("shapes:1000").train.images.slice(0, 0, 300), a.train.images));
        QCOMPARE(a.train.numClasses(), int64_t(10));
        QCOMPARE(torch::bincount(a.train.labels).min().item<int64_t>(), int64_t(30));
        QCOMPARE(a.train.classNames[5], std::string("horizontal bar"));
        QCOMPARE(loadDataset("shapes").train.size(), int64_t(2000));
    }

    void shapesColourDoesNotGiveTheClassAway()
    {
        const auto d = loadDataset("shapes:2000").train;
        const auto images = d.images.to(torch::kFloat);
        // Every image shows something: no flat images.
        QVERIFY(images.flatten(1).std(1).min().item<float>() > 10.0f);
        // Mean colour per image varies within each class...
        const auto colour = images.mean({ 2, 3 }); // [N, 3]
        std::vector<torch::Tensor> centroids;
        for (int64_t c = 0; c < 10; ++c) {
            const auto members = colour.index({ d.labels.eq(c) });
            QVERIFY2(members.std(0).min().item<float>() > 25.0f, qPrintable(QString("class %1").arg(c)));
            centroids.push_back(members.mean(0));
        }
        // ...and tells the classes apart hardly better than chance (0.1) with a nearest-class-mean rule.
        const auto predicted = torch::cdist(colour, torch::stack(centroids)).argmin(1);
        const double accuracy = predicted.eq(d.labels).to(torch::kFloat).mean().item<double>();
        QVERIFY2(accuracy < 0.25, qPrintable(QString("colour-only accuracy %1").arg(accuracy)));
        // The images are in colour: red and blue differ.
        QVERIFY((images.select(1, 0) - images.select(1, 2)).abs().mean().item<float>() > 10.0f);
    }

    void shapesDrawTheirShape()
    {
        // Bars are told apart by orientation only: a horizontal bar's pixels spread wider than tall.
        const auto d = loadDataset("shapes:400").train;
        int wide[10] = {}, count[10] = {};
        for (int64_t i = 0; i < d.size(); ++i) {
            const auto img = d.images[i].to(torch::kFloat);
            const auto background = img.index({ torch::indexing::Slice(), 0, 0 }).view({ 3, 1, 1 });
            const auto mask = (img - background).abs().sum(0).gt(90);
            const auto points = mask.nonzero().to(torch::kFloat);
            if (points.size(0) < 4) continue;
            const auto spread = points.std(0);
            const int64_t label = d.labels[i].item<int64_t>();
            ++count[label];
            wide[label] += spread[1].item<float>() > spread[0].item<float>() ? 1 : 0;
        }
        QVERIFY2(wide[5] >= count[5] * 9 / 10, qPrintable(QString("%1 of %2").arg(wide[5]).arg(count[5])));
        QVERIFY2(wide[6] <= count[6] / 10, qPrintable(QString("%1 of %2").arg(wide[6]).arg(count[6])));
        QVERIFY(count[5] >= 36 && count[6] >= 36);
    }

    void channelStatsAreExact()
    {
        Dataset d;
        d.images = torch::tensor({ 0, 255, 255, 255 }, torch::kUInt8).view({ 2, 2, 1, 1 });
        d.labels = torch::zeros({ 2 }, torch::kLong);
        const auto stats = channelStats(d);
        QCOMPARE(stats.mean.size(), size_t(2));
        QCOMPARE(stats.mean[0], 0.5);
        QCOMPARE(stats.stddev[0], 0.5);
        QCOMPARE(stats.mean[1], 1.0);
        QCOMPARE(stats.stddev[1], 1e-6); // a constant channel: floored, so normalising cannot divide by zero

        const auto shapes = channelStats(loadDataset("shapes:300").train);
        QCOMPARE(shapes.mean.size(), size_t(3));
        for (int c = 0; c < 3; ++c) {
            QVERIFY(shapes.mean[c] > 0.2 && shapes.mean[c] < 0.8);
            QVERIFY(shapes.stddev[c] > 0.1 && shapes.stddev[c] < 0.5);
        }
        QVERIFY_THROWS_EXCEPTION(DataError, channelStats(Dataset {}));
    }

    void specHelpListsEveryForm()
    {
        const auto help = QString::fromStdString(datasetSpecHelp());
        QCOMPARE(help.split('\n').size(), 9);
        for (const char *form : { "fashion-mnist ", "fashion-mnist:DIR", "mnist:DIR", "cifar10:DIR", "cifar100:DIR",
                 "stl10:DIR", "folder:DIR", "shapes ", "shapes:N" })
            QVERIFY2(help.contains(form), form);
    }

    void badData_data()
    {
        QTest::addColumn<QString>("spec"); // %1 = the temporary directory
        QTest::addColumn<QString>("type"); // exception expected
        QTest::addColumn<QString>("message"); // text the message must contain; %1 = the temporary directory
        auto row = [](const char *fault, const char *spec, const char *type, const char *message) {
            QTest::newRow(fault) << spec << type << message;
        };
        row("idx missing file", "mnist:%1", "DataError", "missing file %1/t10k-labels-idx1-ubyte (or ");
        row("idx bad magic", "mnist:%1", "DataError",
            "%1/train-images-idx3-ubyte: bad magic number 0x00000903, expected 0x00000803");
        row("idx bad magic gz", "fashion-mnist:%1", "DataError",
            "%1/train-images-idx3-ubyte.gz: bad magic number 0x0000FF03, expected 0x00000803");
        row("idx wrong dimensionality", "mnist:%1", "DataError",
            "train-images-idx3-ubyte: wrong dimensionality: the header (magic 0x00000802) has 2 dimensions, expected "
            "3");
        row("idx truncated", "mnist:%1", "DataError", "%1/train-images-idx3-ubyte: truncated at record 13 of 200");
        row("idx truncated gz", "mnist:%1", "DataError", "train-images-idx3-ubyte.gz: truncated at record ");
        row("idx gz without trailer", "mnist:%1", "DataError",
            "train-images-idx3-ubyte.gz: truncated after record 200 of 200 (the gzip stream ends before its trailer)");
        row("idx gz bad checksum", "mnist:%1", "DataError", "train-images-idx3-ubyte.gz: corrupt gzip data");
        row("idx header only", "mnist:%1", "DataError", "train-images-idx3-ubyte: truncated in the IDX header");
        row("idx count mismatch", "mnist:%1", "DataError",
            "%1/train-images-idx3-ubyte holds 200 images but file %1/train-labels-idx1-ubyte holds 199 labels");
        row("idx label out of range", "mnist:%1", "DataError",
            "%1/train-labels-idx1-ubyte: label 10 of record 4 is out of range 0..9");
        row("idx trailing data", "mnist:%1", "DataError",
            "train-images-idx3-ubyte: unexpected data after the last of 200 records");
        row("idx no records", "mnist:%1", "DataError", "train-images-idx3-ubyte: holds no records");
        row("idx missing directory", "mnist:%1/nowhere", "DataError", "dataset directory %1/nowhere does not exist");
        row("cifar10 size", "cifar10:%1", "DataError",
            "%1/data_batch_2.bin: size 6246 bytes is not a multiple of the 3073-byte record");
        row("cifar10 missing file", "cifar10:%1", "DataError", "missing file %1/data_batch_5.bin");
        row("cifar10 label out of range", "cifar10:%1", "DataError",
            "%1/test_batch.bin: label 10 of record 2 is out of range 0..9");
        row("cifar10 empty file", "cifar10:%1", "DataError", "file %1/test_batch.bin is empty");
        row("cifar10 bad class names", "cifar10:%1", "DataError",
            "%1/batches.meta.txt lists 3 class names, expected 10");
        row("cifar100 label out of range", "cifar100:%1", "DataError",
            "%1/train.bin: label 100 of record 1 is out of range 0..99");
        row("cifar100 given cifar10 records", "cifar100:%1", "DataError",
            "%1/train.bin: size 6146 bytes is not a multiple of the 3074-byte record");
        row("stl10 size", "stl10:%1", "DataError", "%1/train_X.bin: size 55301 bytes is not a multiple of the 27648");
        row("stl10 count mismatch", "stl10:%1", "DataError",
            "%1/train_X.bin holds 2 images but file %1/train_y.bin holds 3 labels");
        row("stl10 label out of range", "stl10:%1", "DataError",
            "%1/train_y.bin: label 0 of record 1 is out of range 1..10");
        row("stl10 missing file", "stl10:%1", "DataError", "missing file %1/test_y.bin");
        if (imageFolderSupported()) {
            row("folder empty", "folder:%1", "DataError", "image folder %1 has no class sub-folders");
            row("folder class without images", "folder:%1", "DataError", "class folder %1/empty has no images");
            row("folder unreadable image", "folder:%1", "DataError", "cannot decode image %1/zebra/bad.png");
            row("folder missing directory", "folder:%1/nowhere", "DataError", "%1/nowhere does not exist");
        } else {
            row("folder without OpenCV", "folder:%1", "ConfigError",
                "this build has no image-folder support (rebuild with PRETEXT_WITH_OPENCV=ON)");
        }
        row("spec unknown kind", "imagenet:%1", "ConfigError", "unknown dataset kind 'imagenet'; accepted forms:");
        row("spec shapes:abc", "shapes:abc", "ConfigError", "N must be a whole number from 1 to 1000000, got 'abc'");
        row("spec shapes:0", "shapes:0", "ConfigError", "got '0'");
        row("spec shapes:-5", "shapes:-5", "ConfigError", "got '-5'");
        row("spec shapes too many", "shapes:99999999", "ConfigError", "got '99999999'");
        row("spec mnist without dir", "mnist", "ConfigError", "'mnist' needs a directory: mnist:DIR");
        row("spec cifar10 empty dir", "cifar10:", "ConfigError", "'cifar10' needs a directory: cifar10:DIR");
        row("spec empty", "", "ConfigError", "the dataset kind is missing");
        row("spec lists forms", "stl-10:%1", "ConfigError", "\n  shapes:N");
    }
    void badData()
    {
        QFETCH(QString, spec);
        QFETCH(QString, type);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QVERIFY(prepareFault(QString::fromLatin1(QTest::currentDataTag()), dir.path()));
        const auto [caught, text] = loadError(QString(spec).replace("%1", dir.path()).toStdString());
        QVERIFY2(caught == type, qPrintable(caught + ": " + text));
        QVERIFY2(text.contains(QString(message).replace("%1", dir.path())), qPrintable(text));
    }

    void realFashionMnist()
    {
        if (!QDir(QString::fromLatin1(kFashionMnistDir)).exists())
            QSKIP("Debian's dataset-fashion-mnist is not installed");
        QElapsedTimer timer;
        timer.start();
        const auto splits = loadDataset("fashion-mnist");
        const qint64 ms = timer.elapsed();
        qInfo("loaded the full Fashion-MNIST in %lld ms", ms);
        QCOMPARE(splits.train.images.sizes().vec(), std::vector<int64_t>({ 60000, 1, 28, 28 }));
        QCOMPARE(splits.test.images.sizes().vec(), std::vector<int64_t>({ 10000, 1, 28, 28 }));
        QVERIFY(sameTensor(torch::bincount(splits.train.labels), torch::full({ 10 }, 6000, torch::kLong)));
        QVERIFY(sameTensor(torch::bincount(splits.test.labels), torch::full({ 10 }, 1000, torch::kLong)));
        QCOMPARE(splits.train.classNames[9], std::string("Ankle boot"));
        // The commonly quoted statistics of the training set: mean 0.2860, std 0.3530.
        const auto stats = channelStats(splits.train);
        QVERIFY2(std::abs(stats.mean[0] - 0.2860) < 0.01, qPrintable(QString::number(stats.mean[0])));
        QVERIFY2(std::abs(stats.stddev[0] - 0.3530) < 0.01, qPrintable(QString::number(stats.stddev[0])));
        QVERIFY2(ms < 5000, qPrintable(QString("%1 ms").arg(ms)));
    }
};

QTEST_GUILESS_MAIN(TestData)
#include "tst_data.moc"
