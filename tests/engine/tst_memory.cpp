// The memory estimate a run is judged by before it starts (engine/train/memoryestimate.h).
#include "engine/core/errors.h"
#include "engine/train/memoryestimate.h"
#include "engine/train/runconfig.h"

#include <QtTest>

using namespace pretext::engine;

namespace {

constexpr int64_t kGB = int64_t(1) << 30;

// Parameter counts of the method's networks (encoder, heads, EMA targets) as the trainer would count them.
constexpr int64_t kConvNetSimClr = 140000;   // ConvNet (93k) + projection MLP 128-256-128
constexpr int64_t kResNet18SimClr = 11400000; // ResNet-18 (11.2M) + projection MLP 512-256-128

DatasetShape shapesDefault()
{
    return {2000, 400, 3, 32, 32};
}

DatasetShape stl10()
{
    return {5000, 8000, 3, 96, 96};
}

} // namespace

class TestMemory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void growsWithBatchSize_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("backbone");
        for (const char *m : {"simclr", "moco", "byol", "dino", "rotation", "jigsaw", "supervised"})
            QTest::newRow(m) << m << "convnet";
        QTest::newRow("simclr resnet18") << "simclr" << "resnet18";
        QTest::newRow("simclr vit-tiny") << "simclr" << "vit-tiny";
        QTest::newRow("mae") << "mae" << "vit-tiny";
    }
    void growsWithBatchSize()
    {
        QFETCH(QString, method);
        QFETCH(QString, backbone);
        RunConfig c = defaultRunConfig(method.toStdString());
        c.backbone = backbone.toStdString();
        int64_t previous = 0;
        for (int batch : {16, 64, 256, 1024}) {
            c.batchSize = batch;
            const MemoryEstimate e = estimateRunMemory(c, shapesDefault(), kConvNetSimClr);
            QVERIFY2(e.totalBytes() > previous, qPrintable(QString("batch %1: %2 bytes").arg(batch).arg(e.totalBytes())));
            QVERIFY(e.activationBytes > 0);
            previous = e.totalBytes();
        }
    }

    void viewsOfTheMethods()
    {
        RunConfig c = defaultRunConfig("simclr");
        QCOMPARE(estimateRunMemory(c, shapesDefault(), kConvNetSimClr).views, 2.0);
        c = defaultRunConfig("supervised");
        QCOMPARE(estimateRunMemory(c, shapesDefault(), kConvNetSimClr).views, 1.0);
        c = defaultRunConfig("dino");
        setSettingValue(c, "local_crops", 4);
        QCOMPARE(estimateRunMemory(c, shapesDefault(), kConvNetSimClr).views, 3.0); // 2 + 4 crops of a quarter
        // More views, more memory.
        RunConfig two = defaultRunConfig("dino");
        QVERIFY(estimateRunMemory(c, shapesDefault(), kConvNetSimClr).activationBytes >
                estimateRunMemory(two, shapesDefault(), kConvNetSimClr).activationBytes);
    }

    // ResNet-18 on 96 px views at batch 8192: terabytes of activations, refused on a machine with 24 GB.
    void hugeBatchRefused()
    {
        RunConfig c = defaultRunConfig("simclr");
        c.backbone = "resnet18";
        c.dataset = "stl10:/data/stl10";
        c.batchSize = 8192;
        const MemoryEstimate e = estimateRunMemory(c, stl10(), kResNet18SimClr);
        QVERIFY2(e.totalBytes() > 100 * kGB, memoryText(e.totalBytes()).c_str());
        const MemoryVerdict v = assessRunMemory(e, c, 24 * kGB);
        QCOMPARE(v.level, MemoryVerdict::Refuse);
        QVERIFY2(v.message.find("this run needs about ") == 0, v.message.c_str());
        QVERIFY2(v.message.find("24.0 GB is available") != std::string::npos, v.message.c_str());
        QVERIFY2(v.message.find("lower batch_size (now 8192)") != std::string::npos, v.message.c_str());
        QVERIFY2(v.message.find("augment.output_size") != std::string::npos, v.message.c_str());
    }

    // The defaults on the generated shapes set fit anywhere.
    void shapesDefaultOk()
    {
        RunConfig c = defaultRunConfig("simclr");
        c.dataset = "shapes";
        const MemoryEstimate e = estimateRunMemory(c, shapesDefault(), kConvNetSimClr);
        QVERIFY2(e.totalBytes() < 2 * kGB, memoryText(e.totalBytes()).c_str());
        const MemoryVerdict v = assessRunMemory(e, c, 24 * kGB);
        QCOMPARE(v.level, MemoryVerdict::Ok);
        QVERIFY(v.message.empty());
        QCOMPARE(assessRunMemory(e, c, 8 * kGB).level, MemoryVerdict::Ok);
    }

    void warnBetweenHalfAndNinetyPercent()
    {
        RunConfig c = defaultRunConfig("simclr");
        const MemoryEstimate e = estimateRunMemory(c, shapesDefault(), kConvNetSimClr);
        const int64_t need = e.hostBytes();
        QCOMPARE(assessRunMemory(e, c, need * 3).level, MemoryVerdict::Ok);
        const MemoryVerdict warn = assessRunMemory(e, c, need * 3 / 2);
        QCOMPARE(warn.level, MemoryVerdict::Warn);
        QVERIFY2(warn.message.find("lower batch_size") != std::string::npos, warn.message.c_str());
        QCOMPARE(assessRunMemory(e, c, need).level, MemoryVerdict::Refuse);
        // Unknown available memory: only the limit judges.
        QCOMPARE(assessRunMemory(e, c, 0).level, MemoryVerdict::Ok);
        const MemoryVerdict limited = assessRunMemory(e, c, 0, need / 2);
        QCOMPARE(limited.level, MemoryVerdict::Refuse);
        QVERIFY2(limited.message.find("PRETEXT_MAX_RUN_MB") != std::string::npos, limited.message.c_str());
    }

    // A data set that dominates names train_limit.
    void datasetDominates()
    {
        RunConfig c = defaultRunConfig("simclr");
        c.batchSize = 16;
        const DatasetShape big{2000000, 10000, 3, 64, 64}; // 24 GB of uint8 images
        const MemoryVerdict v = assessRunMemory(estimateRunMemory(c, big, kConvNetSimClr), c, 24 * kGB);
        QCOMPARE(v.level, MemoryVerdict::Refuse);
        QVERIFY2(v.message.find("lower train_limit") != std::string::npos, v.message.c_str());
    }

    void cudaCountsHostMemoryOnly()
    {
        RunConfig c = defaultRunConfig("simclr");
        c.backbone = "resnet18";
        c.batchSize = 1024;
        const MemoryEstimate cpu = estimateRunMemory(c, shapesDefault(), kResNet18SimClr);
        c.device = "cuda";
        const MemoryEstimate gpu = estimateRunMemory(c, shapesDefault(), kResNet18SimClr);
        QVERIFY(gpu.hostBytes() < cpu.hostBytes());
        QVERIFY(gpu.deviceBytes() > gpu.activationBytes);
        QCOMPARE(cpu.deviceBytes(), int64_t(0));
    }

    void availableMemory()
    {
        const int64_t available = availableMemoryBytes();
        QVERIFY2(available > (int64_t(64) << 20), qPrintable(QString::number(available)));
        qputenv("PRETEXT_MAX_RUN_MB", "512");
        QCOMPARE(runMemoryLimitBytes(), int64_t(512) << 20);
        qputenv("PRETEXT_MAX_RUN_MB", "-3");
        QVERIFY_THROWS_EXCEPTION(ConfigError, runMemoryLimitBytes());
        qunsetenv("PRETEXT_MAX_RUN_MB");
        QCOMPARE(runMemoryLimitBytes(), int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestMemory)
#include "tst_memory.moc"
