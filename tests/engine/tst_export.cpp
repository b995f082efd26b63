// pretext-cli export as a PyTorch user relies on it: for every backbone, the generated module loads encoder.pt with
// strict=True in Python's PyTorch and reproduces the workbench's features of the example inputs; bad folders are
// refused with a message that names them.
#include "tests/process.h"
#include "tests/support.h"
#include "engine/io/json.h"
#include "engine/io/runfolder.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <QtTest>

using namespace pretext::engine;

namespace {

constexpr const char *kPython = "/usr/bin/python3";

using pretext::tests::describe;
using pretext::tests::Result;
using pretext::tests::runCli;
using pretext::tests::runProcess;

// A run of two steps: enough for BatchNorm's running statistics and the weights to leave their initial values.
// shapes:160 has the 32 test images an export takes as examples.
RunConfig tinyConfig(const std::string &method, const std::string &backbone, const std::string &dataset)
{
    RunConfig c = pretext::tests::tinyRunConfig(method);
    c.backbone = backbone;
    c.dataset = dataset;
    if (dataset == "fashion-mnist") {
        c.trainLimit = 64;
        c.testLimit = 64;
    }
    c.epochs = 1;
    c.stepsPerEpoch = 2;
    c.evalEachEpoch = false;
    c.onlineProbe = false;
    c.seed = 5;
    return c;
}

void train(const RunConfig &c, const QString &dir)
{
    Trainer t(c, dir.toStdString());
    QCOMPARE(t.run(), TrainOutcome::Finished);
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
    bool m_python = false;
    QMap<QString, double> m_differences;

private Q_SLOTS:
    void initTestCase()
    {
        const Result r = runProcess(kPython, {"-c", "import torch"}, 60000);
        m_python = r.code == 0;
        if (!m_python) qWarning("%s cannot import torch: the Python checks are skipped", kPython);
    }

    void exportMatchesPyTorch_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("backbone");
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<int>("outputSize"); // augment.output_size, 0 = the dataset's
        QTest::addColumn<bool>("randomInit");
        QTest::addColumn<bool>("preprocess"); // the encoder's input is the normalised image
        QTest::newRow("convnet") << "simclr" << "convnet" << "shapes:160" << 0 << false << true;
        QTest::newRow("resnet18") << "simclr" << "resnet18" << "shapes:160" << 0 << false << true;
        QTest::newRow("vit-tiny class token") << "simclr" << "vit-tiny" << "shapes:160" << 0 << false << true;
        QTest::newRow("vit-tiny mean pool (mae)") << "mae" << "vit-tiny" << "fashion-mnist" << 0 << false << true;
        QTest::newRow("convnet gray, shrunk to 24") << "simclr" << "convnet" << "fashion-mnist" << 24 << false << true;
        QTest::newRow("convnet random init") << "simclr" << "convnet" << "shapes:160" << 0 << true << true;
        QTest::newRow("convnet luma (colorization)") << "colorization" << "convnet" << "shapes:160" << 0 << false << false;
    }
    void exportMatchesPyTorch()
    {
        QFETCH(QString, method);
        QFETCH(QString, backbone);
        QFETCH(QString, dataset);
        QFETCH(int, outputSize);
        QFETCH(bool, randomInit);
        QFETCH(bool, preprocess);
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run", out = tmp.path() + "/export";
        RunConfig c = tinyConfig(method.toStdString(), backbone.toStdString(), dataset.toStdString());
        if (outputSize > 0) c.augment.outputSize = outputSize;
        train(c, run);

        QStringList args{"export", run, "--out", out};
        if (randomInit) args << "--random-init";
        const Result r = runCli(args);
        QVERIFY2(r.code == 0, qPrintable(describe(r)));
        for (const char *file : {"encoder.pt", "pretext_encoder.py", "example_images.pt", "example_inputs.pt",
                                 "example_features.pt", "README.md", "export.json"}) {
            QVERIFY2(QFile::exists(out + "/" + file), file);
            QVERIFY2(r.out.contains(out + "/" + file), qPrintable(r.out)); // the command says what it wrote
        }
        const json::Value m = json::parseFile((out + "/export.json").toStdString());
        QCOMPARE(QString::fromStdString(m.find("backbone")->find("kind")->asString()), backbone);
        QCOMPARE(m.find("input")->find("preprocess_available")->asBool(), preprocess);
        QCOMPARE(m.find("examples")->find("count")->asNumber(), 32.0);
        QCOMPARE(m.find("tolerance")->asNumber(), 1e-4);
        QCOMPARE(m.find("run")->find("random_init")->asBool(), randomInit);
        if (backbone == "vit-tiny")
            QCOMPARE(QString::fromStdString(m.find("backbone")->find("pooling")->asString()),
                     method == "mae" ? QString("mean") : QString("class_token"));
        if (outputSize > 0) QCOMPARE(m.find("input")->find("shape")->asArray()[1].asNumber(), double(outputSize));

        if (!m_python) QSKIP("/usr/bin/python3 cannot import torch");
        const Result py = runProcess(kPython, {PRETEXT_TEST_DATA "/check_export.py", out});
        QVERIFY2(py.code == 0, qPrintable(describe(py)));
        const auto match = QRegularExpression("max abs difference ([0-9.e+-]+)").match(py.out);
        QVERIFY2(match.hasMatch(), qPrintable(py.out));
        const double diff = match.captured(1).toDouble();
        m_differences.insert(QTest::currentDataTag(), diff);
        qInfo("%s: %s", QTest::currentDataTag(), qPrintable(py.out.trimmed().replace('\n', "; ")));
        QVERIFY2(diff <= 1e-4, qPrintable(py.out));
    }

    void refusesWhatItCannotExport()
    {
        QTemporaryDir tmp;
        const QString out = tmp.path() + "/export";

        Result r = runCli({"export", "/nonexistent/run", "--out", out});
        QVERIFY2(r.code == 2 && r.err.contains("/nonexistent/run is not a run folder"), qPrintable(describe(r)));
        QVERIFY(!QFileInfo::exists(out)); // nothing is left behind

        r = runCli({"export", "/nonexistent/run"});
        QVERIFY2(r.code == 2 && r.err.contains("expected --out DIR"), qPrintable(describe(r)));

        // A run folder whose run never reached a checkpoint.
        const QString fresh = tmp.path() + "/fresh";
        { Trainer t(tinyConfig("simclr", "convnet", "shapes:80"), fresh.toStdString()); }
        r = runCli({"export", fresh, "--out", out});
        QVERIFY2(r.code == 3 && r.err.contains(fresh + ": no checkpoint"), qPrintable(describe(r)));
        QVERIFY2(!QFileInfo::exists(out), "a failed export leaves the folder it created behind");

        const QString run = tmp.path() + "/run";
        train(tinyConfig("simclr", "convnet", "shapes:80"), run);

        const QString file = tmp.path() + "/a-file";
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
        f.close();
        r = runCli({"export", run, "--out", file});
        QVERIFY2(r.code == 2 && r.err.contains("--out " + file + " is a file"), qPrintable(describe(r)));

        QVERIFY(QDir().mkpath(out));
        QFile other(out + "/notes.txt");
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("mine");
        other.close();
        r = runCli({"export", run, "--out", out});
        QVERIFY2(r.code == 2 && r.err.contains("--out " + out + " already holds files") && r.err.contains("--force"),
                 qPrintable(describe(r)));
        QVERIFY(!QFileInfo::exists(out + "/encoder.pt"));
        r = runCli({"export", run, "--out", out, "--force"});
        QVERIFY2(r.code == 0, qPrintable(describe(r)));
        QVERIFY(QFileInfo::exists(out + "/encoder.pt"));
        QVERIFY(QFileInfo::exists(out + "/notes.txt")); // --force replaces the export's files, nothing else

        r = runCli({"export", run, "--out", run, "--force"});
        QVERIFY2(r.code == 2 && r.err.contains("is the run folder itself"), qPrintable(describe(r)));

        // A folder nobody may create (sysfs refuses even root).
        if (QFileInfo(QStringLiteral("/sys/kernel")).isDir()) {
            const QString denied = QStringLiteral("/sys/pretext-export-test");
            r = runCli({"export", run, "--out", denied});
            // A folder this user may not write: a storage failure (exit 5) that names the folder and the cause.
            QVERIFY2(r.code == 5 && r.err.contains(denied) && r.err.contains("read-only for this user"),
                     qPrintable(describe(r)));
        }

        r = runCli({"export", "--help"});
        QVERIFY2(r.code == 0 && r.out.contains("pretext-cli export RUN_DIR --out DIR"), qPrintable(describe(r)));
        r = runCli({"--help"});
        QVERIFY2(r.out.contains("export      a run's encoder for PyTorch"), qPrintable(describe(r)));
    }

    void cleanupTestCase()
    {
        for (auto it = m_differences.cbegin(); it != m_differences.cend(); ++it)
            qInfo("max abs difference, %s: %.3g", qPrintable(it.key()), it.value());
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
