// pretext-cli's contract with scripts: exit codes, messages that name the field or file, a run folder that
// can be evaluated and resumed, Ctrl-C that leaves a checkpoint.
#include "tests/process.h"

#include <QDirIterator>
#include <QImage>
#include <QtTest>

#include <csignal>

namespace {

using pretext::tests::Result;
using pretext::tests::runCli;

// Starts a training that runs for minutes into `dir` and returns its stderr once the first step is logged (empty of
// "step " when none came within a minute): the moment a test interrupts it.
QString startLongTraining(QProcess &p, const QString &dir)
{
    p.start(QStringLiteral(PRETEXT_BIN_DIR "/pretext-cli"),
            {"train", "--dataset", "shapes:400", "--batch-size", "16", "--epochs", "50", "--threads", "1", "--no-eval",
             "--out", dir});
    if (!p.waitForStarted()) return {};
    QString err;
    QElapsedTimer timer;
    timer.start();
    while (!err.contains("step ") && timer.elapsed() < 60000) {
        p.waitForReadyRead(200);
        err += QString::fromUtf8(p.readAllStandardError());
    }
    return err;
}

const QStringList kTiny = {"--dataset", "shapes:80", "--batch-size", "16", "--epochs", "1", "--steps-per-epoch", "3",
                           "--threads", "1", "--seed", "3"};

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList{} << 2 << "";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << "unknown command 'frobnicate'";
        QTest::newRow("unknown flag") << QStringList{"train", "--bogus"} << 2 << "unknown option --bogus";
        QTest::newRow("bad number") << QStringList{"train", "--epochs", "many"} << 2
                                    << "--epochs: expected an integer, got 'many'";
        QTest::newRow("out of range") << QStringList{"train", "--batch-size", "1"} << 2
                                      << "--batch-size = 1 is out of range; expected 2 to 8192";
        QTest::newRow("wrapping integer") << QStringList{"train", "--epochs", "4294967297"} << 2
                                          << "--epochs = 4294967297 is out of range; expected 1 to 10000";
        QTest::newRow("missing config") << QStringList{"train", "--config", "/nonexistent/run.json"} << 2
                                        << "/nonexistent/run.json: cannot open file";
        QTest::newRow("missing data") << QStringList{"train", "--dataset", "cifar10:/nonexistent/cifar"} << 3
                                      << "/nonexistent/cifar";
        QTest::newRow("resume non-run") << QStringList{"resume", "/nonexistent/run"} << 2
                                        << "/nonexistent/run is not a run folder (no config.json)";
        QTest::newRow("golden missing") << QStringList{"verify", "--golden", "/nonexistent/g.json"} << 3
                                        << "/nonexistent/g.json";
        QTest::newRow("help") << QStringList{"train", "--help"} << 0 << "";
        QTest::newRow("unknown experiment") << QStringList{"experiment", "sweep"} << 2
                                            << "unknown experiment 'sweep'; choose one of: simclr-probe, ablation";
        QTest::newRow("bad temperature list") << QStringList{"experiment", "temperature", "--temperatures", "0.1,x"} << 2
                                              << "--temperatures: expected comma-separated numbers";
        QTest::newRow("temperature without one") << QStringList{"experiment", "temperature", "--method", "byol"} << 2
                                                 << "method byol has no temperature";
        QTest::newRow("resume non-experiment") << QStringList{"experiment", "--resume", "/nonexistent/exp"} << 2
                                               << "/nonexistent/exp is not an experiment folder";
        QTest::newRow("inspect non-run") << QStringList{"inspect", "/nonexistent/run"} << 2
                                         << "/nonexistent/run is not a run folder";
        QTest::newRow("inspect bad map") << QStringList{"inspect", "/nonexistent/run", "--map", "umap"} << 2
                                         << "--map: expected tsne or pca, got 'umap'";
    }
    void exitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        const Result r = runCli(args);
        QVERIFY2(r.code == code, qPrintable(QString("exit %1, stderr: %2").arg(r.code).arg(r.err)));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void trainEvalResume()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/run";
        Result r = runCli(QStringList{"train"} + kTiny + QStringList{"--out", dir});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.err.contains("random-init baseline: linear probe"));
        QVERIFY2(r.err.contains("measuring the random-init baseline…"), qPrintable(r.err)); // an activity goes on
        QVERIFY(QFile::exists(dir + "/checkpoints/latest.pt"));

        // A note is a sentence: printed without the activity's "…".
        const QString capped = tmp.path() + "/capped";
        QStringList greedy = kTiny;
        greedy[greedy.indexOf("--threads") + 1] = "1024";
        r = runCli(QStringList{"train"} + greedy + QStringList{"--out", capped});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QRegularExpression("only makes every step wait\\)\n")), qPrintable(r.err));

        r = runCli({"eval", dir});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QRegularExpression("step 3: linear probe [0-9.]+%, kNN [0-9.]+%")), qPrintable(r.out));

        r = runCli({"resume", dir});
        QCOMPARE(r.code, 0);
        QVERIFY(r.err.contains("already complete"));

        // The same folder cannot be trained into twice.
        r = runCli(QStringList{"train"} + kTiny + QStringList{"--out", dir});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("already holds a run"));
    }

    // inspect reads a run folder without writing into it: the map as SVG, PNG and CSV, the neighbours, the probe.
    void inspectWritesMapsAndNeighbours()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/run";
        Result r = runCli(QStringList{"train"} + kTiny + QStringList{"--out", dir});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString svg = tmp.path() + "/map.svg", png = tmp.path() + "/map.png", csv = tmp.path() + "/map.csv",
                      grid = tmp.path() + "/neighbours.png";
        // What the run folder holds before: every file with its size and time; inspect must change none of them.
        const auto listing = [&dir] {
            QStringList l;
            QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QFileInfo f(it.next());
                l << f.filePath() + " " + QString::number(f.size()) + " " + QString::number(f.lastModified().toMSecsSinceEpoch());
            }
            l.sort();
            return l;
        };
        const QStringList before = listing();
        r = runCli({"inspect", dir, "--map", "pca", "--out", svg});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("PCA map of 16 points"), qPrintable(r.out));
        QFile s(svg);
        QVERIFY(s.open(QIODevice::ReadOnly));
        const QString svgText = QString::fromUtf8(s.readAll());
        QCOMPARE(svgText.count("<circle"), 16 + 10); // the points and the legend's 10 classes
        QVERIFY(svgText.contains("star"));
        r = runCli({"inspect", dir, "--map", "tsne", "--perplexity", "4", "--out", csv});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("neighbour purity"));
        QFile c(csv);
        QVERIFY(c.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(c.readAll()).count('\n'), 17);
        r = runCli({"inspect", dir, "--random-init", "--map", "pca", "--out", png, "--neighbours", "3", "--k", "4",
                    "--neighbours-out", grid, "--probe"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("random-init encoder"));
        QVERIFY(r.out.contains("neighbours of the same class:"));
        QVERIFY(r.out.contains("confusion matrix"));
        QCOMPARE(QImage(png).isNull(), false);
        const QImage g(grid);
        QVERIFY(!g.isNull());
        QVERIFY(g.height() > g.width() / 5 * 2); // three rows of five images
        // Nothing was written into the run, not even a lock file.
        QCOMPARE(listing(), before);
        r = runCli({"inspect", dir, "--map", "pca", "--out", tmp.path() + "/map.jpg"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("expected a .svg, .png or .csv file name"));
    }

    // SIGTERM (docker stop, systemd, Slurm) is treated like Ctrl-C: a checkpoint, exit 130.
    void sigtermWritesCheckpoint()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/run";
        QProcess p;
        QString err = startLongTraining(p, dir);
        QVERIFY2(err.contains("step "), qPrintable(err));
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(QFile::exists(dir + "/checkpoints/latest.pt"));
        QFile state(dir + "/state.json");
        QVERIFY(state.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(state.readAll()).contains("\"interrupted\""));
    }

    void ctrlCWritesCheckpointAndResumes()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/run";
        QProcess p;
        QString err = startLongTraining(p, dir);
        QVERIFY2(err.contains("step "), qPrintable(err));
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        err += QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 130);
        QVERIFY2(err.contains("pretext-cli resume"), qPrintable(err));
        QVERIFY(QFile::exists(dir + "/checkpoints/latest.pt"));

        QProcess r;
        r.start(QStringLiteral(PRETEXT_BIN_DIR "/pretext-cli"), {"resume", dir});
        QVERIFY(r.waitForStarted());
        QString rerr;
        QElapsedTimer timer;
        timer.start();
        while (!rerr.contains("continuing after step") && timer.elapsed() < 60000) {
            r.waitForReadyRead(200);
            rerr += QString::fromUtf8(r.readAllStandardError());
        }
        QVERIFY2(rerr.contains("continuing after step"), qPrintable(rerr));
        r.kill();
        r.waitForFinished();
    }

    // `bench train --method mae` trains MAE end to end and reports its own figures (the PyTorch baseline is left
    // out: it would take minutes). The header states the masking the engine really does.
    void benchTrainMae()
    {
        if (!QDir(QStringLiteral("/usr/share/datasets/fashion-mnist")).exists())
            QSKIP("Debian's dataset-fashion-mnist is not installed");
        const Result r = runCli({"bench", "train", "--method", "mae", "--no-reference", "--steps", "2", "--warmup", "1",
                                 "--batch-size", "8", "--threads", "1"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("encodes the 12 visible of 49 4x4 patches"), qPrintable(r.out));
        QVERIFY2(r.out.contains("MSE on the 37 hidden patches"), qPrintable(r.out));
        const QRegularExpression oursRow("\\nours +[0-9.]+ +[1-9][0-9]* +[1-9][0-9]* MB\\n");
        QVERIFY2(r.out.contains(oursRow), qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("ours [0-9]+\\.[0-9]+ -> [0-9]+\\.[0-9]+")), qPrintable(r.out));
        QVERIFY2(r.out.contains("skipped (--no-reference)"), qPrintable(r.out));
        QVERIFY2(!r.out.contains("SimCLR"), qPrintable(r.out)); // mae alone: only the MAE comparison
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
