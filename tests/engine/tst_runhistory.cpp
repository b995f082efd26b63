// The run library's model: folders written by the trainer are read back with their state and final metrics;
// damaged folders are listed with an error naming the file; runs from before state.json get their state and wall
// time inferred from the log; state.json's "running" without the folder's lock reads as interrupted.
#include "tests/support.h"

#include "engine/core/errors.h"
#include "engine/io/json.h"
#include "engine/io/runfolder.h"
#include "engine/io/runhistory.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sstream>

using namespace pretext;
using namespace pretext::engine;

namespace {

class StopAt : public TrainObserver {
public:
    StopAt(TrainControl &control, int64_t step) : m_control(control), m_step(step) {}
    void onStep(const StepMetrics &m) override
    {
        if (m.step == m_step) m_control.requestStop();
    }

private:
    TrainControl &m_control;
    int64_t m_step;
};

void writeText(const std::string &path, const std::string &text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

std::string readText(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The last line of metrics.jsonl that has `key` and not random_init (or only random_init ones when asked).
json::Value lastLineWith(const std::string &metricsPath, const char *key, bool randomInit = false)
{
    json::Value found;
    std::istringstream lines(readText(metricsPath));
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty()) continue;
        const json::Value v = json::parse(line);
        if (v.contains(key) && v.contains("random_init") == randomInit) found = v;
    }
    return found;
}

// A run folder as a trainer from before state.json left it: config.json and metrics.jsonl only.
struct OldRun {
    RunConfig config = tests::tinyRunConfig(); // 2 epochs of 3 steps, batch 16
    std::vector<double> pairsPerSecond = { 100, 200, 400, 400, 200, 100 };
    bool finalEval = true;
    bool elapsed = false;

    void write(const std::string &dir) const
    {
        makeDirs(dir);
        writeText(joinPath(dir, runfolder::kConfig), json::dump(toJson(config), 2));
        std::string metrics;
        double t = 0;
        const int64_t perEpoch = config.stepsPerEpoch;
        for (size_t i = 0; i < pairsPerSecond.size(); ++i) {
            const int64_t step = int64_t(i) + 1;
            t += config.batchSize / pairsPerSecond[i];
            json::Value line;
            line["step"] = step;
            line["epoch"] = (step - 1) / perEpoch;
            line["loss"] = 5.0 - 0.1 * double(step);
            line["lr"] = 0.001;
            line["pairs_per_s"] = pairsPerSecond[i];
            if (elapsed) line["elapsed_s"] = 10.0 * double(step);
            line["online_probe_acc"] = 0.1 * double(step % 4);
            if (step == 2) line["lr_edit"] = 0.002;
            if (step == 4) line["temperature_edit"] = 0.3;
            metrics += json::dump(line) + "\n";
            if (step % perEpoch == 0) {
                const bool last = step == int64_t(pairsPerSecond.size());
                if (step == perEpoch) metrics += R"({"step":0,"epoch":0,"probe_acc":0.25,"knn_acc":0.2,"random_init":true})" "\n";
                if (!last || finalEval)
                    metrics += json::dump(json::Value(json::Value::Object{ { "step", step }, { "epoch", step / perEpoch },
                                                                           { "probe_acc", 0.3 + 0.1 * double(step / perEpoch) },
                                                                           { "knn_acc", 0.35 } })) + "\n";
            }
        }
        writeText(joinPath(dir, runfolder::kMetrics), metrics);
    }
};

std::string stateJson(const std::string &state, const std::string &extra = {})
{
    return R"({"state": ")" + state + R"(", "step": 6, "total_steps": 6, "elapsed_s": 12.5, )"
           R"("started": "2026-12-06T14:40:00Z", "updated": "2026-12-06T14:41:00Z")" + extra + "}";
}

} // namespace

class TestRunHistory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void foldersWrittenByTheTrainer()
    {
        QTemporaryDir tmp;
        const std::string root = tmp.path().toStdString();
        const std::string finished = root + "/finished", stopped = root + "/exp/stopped";
        {
            Trainer trainer(tests::tinyRunConfig(), finished);
            QCOMPARE(int(trainer.run()), int(TrainOutcome::Finished));
        }
        {
            RunConfig c = tests::tinyRunConfig();
            c.seed = 3;
            Trainer trainer(c, stopped);
            TrainControl control;
            StopAt observer(control, 2);
            QCOMPARE(int(trainer.run(&observer, &control)), int(TrainOutcome::Stopped));
        }
        // Damaged: config.json with garbage; a valid config beside a metrics.jsonl with a corrupt middle line.
        makeDirs(root + "/garbage");
        writeText(root + "/garbage/config.json", "this is not JSON {");
        makeDirs(root + "/corrupt");
        writeText(root + "/corrupt/config.json", readText(finished + "/config.json"));
        {
            std::string metrics = readText(finished + "/metrics.jsonl");
            metrics.insert(metrics.find('\n') + 1, "{\"step\": 2, \"loss\": \n");
            writeText(root + "/corrupt/metrics.jsonl", metrics);
        }
        // Not runs: an empty folder, and one three levels down (below the scan's depth).
        makeDirs(root + "/empty");
        OldRun().write(root + "/a/b/c/deep");

        const std::vector<RunHistory> runs = scanRuns(root);
        QStringList names;
        for (const auto &r : runs) names << QString::fromStdString(r.summary().name);
        QCOMPARE(names, QStringList({ "corrupt", "exp/stopped", "finished", "garbage" }));

        const RunHistory &done = runs[2];
        const RunSummary &s = done.summary();
        QCOMPARE(int(s.state), int(RunState::Finished));
        QVERIFY(s.error.empty());
        QCOMPARE(s.method, std::string("simclr"));
        QCOMPARE(s.dataset, std::string("shapes:80"));
        QCOMPARE(s.epochs, 2);
        QCOMPARE(s.stepsDone, int64_t(6));
        QCOMPARE(s.stepsPlanned, int64_t(6));
        QCOMPARE(int(done.steps().size()), 6);
        QCOMPARE(int(done.evals().size()), 3); // the random-init baseline and two epochs
        const std::string metrics = finished + "/metrics.jsonl";
        const json::Value final = lastLineWith(metrics, "probe_acc");
        const json::Value base = lastLineWith(metrics, "probe_acc", true);
        QCOMPARE(s.probeAcc, final.find("probe_acc")->asNumber());
        QCOMPARE(s.knnAcc, final.find("knn_acc")->asNumber());
        QCOMPARE(s.randomInitProbeAcc, base.find("probe_acc")->asNumber());
        QCOMPARE(s.randomInitKnnAcc, base.find("knn_acc")->asNumber());
        QCOMPARE(done.steps().back().loss, lastLineWith(metrics, "loss").find("loss")->asNumber());
        QVERIFY(s.wallSeconds > 0);
        QVERIFY(s.startedEpoch > 0);
        QVERIFY(!s.started.empty());
        QVERIFY(done.config().has_value());

        const RunSummary &st = runs[1].summary();
        QCOMPARE(int(st.state), int(RunState::Stopped));
        QCOMPARE(st.stepsDone, int64_t(2));
        QCOMPARE(st.stepsPlanned, int64_t(6));
        QCOMPARE(st.probeAcc, -1.0); // stopped before the first epoch's evaluation

        const RunSummary &garbage = runs[3].summary();
        QCOMPARE(int(garbage.state), int(RunState::Damaged));
        QVERIFY2(QString::fromStdString(garbage.error).contains("config.json"), garbage.error.c_str());

        const RunSummary &corrupt = runs[0].summary();
        QCOMPARE(int(corrupt.state), int(RunState::Damaged));
        QVERIFY2(QString::fromStdString(corrupt.error).contains("metrics.jsonl line 2"), corrupt.error.c_str());
        QCOMPARE(corrupt.method, std::string("simclr")); // what could be read is still shown

        // The window's reader of the same log throws for the bad line, names the file, and reads the good log.
        QVERIFY_THROWS_EXCEPTION(DataError, RunHistory::fromMetrics(root + "/corrupt/metrics.jsonl"));
        QCOMPARE(int(RunHistory::fromMetrics(metrics).steps().size()), 6);
        QCOMPARE(int(RunHistory::fromMetrics(root + "/nothing/metrics.jsonl").steps().size()), 0);
    }

    void missingFilesAreDamage()
    {
        QTemporaryDir tmp;
        const std::string root = tmp.path().toStdString();
        makeDirs(root + "/onlycheckpoints/checkpoints");
        OldRun().write(root + "/nometrics");
        QFile::remove(QString::fromStdString(root + "/nometrics/metrics.jsonl"));
        const auto runs = scanRuns(root);
        QCOMPARE(int(runs.size()), 2);
        QCOMPARE(int(runs[0].summary().state), int(RunState::Damaged));
        QVERIFY(QString::fromStdString(runs[0].summary().error).contains("metrics.jsonl is missing"));
        QCOMPARE(int(runs[1].summary().state), int(RunState::Damaged));
        QVERIFY(QString::fromStdString(runs[1].summary().error).contains("config.json is missing"));
        // A run folder given as the root is listed itself; checkpoints/ inside it is not a run.
        QCOMPARE(int(scanRuns(root + "/onlycheckpoints").size()), 1);
        QVERIFY_THROWS_EXCEPTION(ConfigError, scanRuns(root + "/no-such-folder"));
    }

    void oldRunsAreInferred_data()
    {
        QTest::addColumn<bool>("finalEval");
        QTest::addColumn<int>("steps");
        QTest::addColumn<bool>("knownStepsPerEpoch");
        QTest::addColumn<int>("state");
        QTest::newRow("all steps and the last evaluation") << true << 6 << true << int(RunState::Finished);
        QTest::newRow("no last evaluation") << false << 6 << true << int(RunState::Stopped);
        QTest::newRow("stopped after an epoch") << true << 3 << true << int(RunState::Stopped);
        QTest::newRow("full passes: the last epoch's evaluation") << true << 6 << false << int(RunState::Finished);
        QTest::newRow("full passes: stopped") << true << 3 << false << int(RunState::Stopped);
    }

    void oldRunsAreInferred()
    {
        QFETCH(bool, finalEval);
        QFETCH(int, steps);
        QFETCH(bool, knownStepsPerEpoch);
        QFETCH(int, state);
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/old";
        OldRun run;
        run.finalEval = finalEval;
        run.pairsPerSecond.resize(size_t(steps));
        run.write(dir);
        if (!knownStepsPerEpoch) {
            // One pass over the data per epoch: the log's own length is all there is.
            run.config.stepsPerEpoch = 0;
            json::Value cfg = toJson(run.config);
            writeText(joinPath(dir, runfolder::kConfig), json::dump(cfg));
        }
        const RunHistory h = RunHistory::read(dir);
        QCOMPARE(int(h.summary().state), state);
        QCOMPARE(h.summary().stepsDone, int64_t(steps));
        QCOMPARE(h.summary().stepsPlanned, knownStepsPerEpoch || state == int(RunState::Finished) ? int64_t(6) : int64_t(0));
        // Wall time: the sum of batch / pairs_per_s, marked as reckoned.
        double wall = 0;
        for (double pps : run.pairsPerSecond) wall += run.config.batchSize / pps;
        QVERIFY(h.summary().wallEstimated);
        QCOMPARE(h.summary().wallSeconds, wall);
        QCOMPARE(h.steps().front().elapsedSeconds, run.config.batchSize / run.pairsPerSecond[0]);
    }

    void curvesAndEdits()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/run";
        OldRun run;
        run.elapsed = true;
        run.write(dir);
        const RunHistory h = RunHistory::read(dir);
        QCOMPARE(int(h.steps().size()), 6);
        QCOMPARE(h.steps()[2].elapsedSeconds, 30.0); // the logged elapsed_s wins over pairs/s
        QVERIFY(!h.summary().wallEstimated);
        QCOMPARE(h.summary().wallSeconds, 60.0);
        QCOMPARE(h.steps()[1].onlineProbeAcc, 0.2);
        QCOMPARE(h.steps()[1].lr, 0.001);
        QCOMPARE(int(h.edits().size()), 2);
        QCOMPARE(h.edits()[0].step, int64_t(2));
        QCOMPARE(h.edits()[0].setting, std::string("lr"));
        QCOMPARE(h.edits()[0].value, 0.002);
        QCOMPARE(h.edits()[1].setting, std::string("temperature"));
        QCOMPARE(h.evals().front().randomInit, true);
        QCOMPARE(h.evals().back().step, int64_t(6));
        QCOMPARE(h.evals().back().probeAcc, 0.5);
        QCOMPARE(h.elapsedAt(3), 30.0);
        QCOMPARE(h.elapsedAt(0), 0.0);
    }

    void stateFile_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<bool>("lock");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("error");
        QTest::newRow("finished") << QString::fromStdString(stateJson("finished")) << false << int(RunState::Finished) << "";
        QTest::newRow("stopped") << QString::fromStdString(stateJson("stopped")) << false << int(RunState::Stopped) << "";
        QTest::newRow("interrupted") << QString::fromStdString(stateJson("interrupted")) << false
                                     << int(RunState::Interrupted) << "";
        QTest::newRow("running, lock held") << QString::fromStdString(stateJson("running")) << true
                                            << int(RunState::Running) << "";
        QTest::newRow("running, process gone") << QString::fromStdString(stateJson("running")) << false
                                               << int(RunState::Interrupted) << "";
        QTest::newRow("diverged") << QString::fromStdString(stateJson("diverged", R"(, "error": "the loss is NaN")"))
                                  << false << int(RunState::Diverged) << "the loss is NaN";
        QTest::newRow("garbage") << "{\"state\": " << false << int(RunState::Damaged) << "state.json";
        QTest::newRow("unknown state") << QString::fromStdString(stateJson("sleeping")) << false << int(RunState::Damaged)
                                       << "unknown state";
    }

    void stateFile()
    {
        QFETCH(QString, content);
        QFETCH(bool, lock);
        QFETCH(int, state);
        QFETCH(QString, error);
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/run";
        OldRun run;
        run.finalEval = false; // the log alone would say "stopped": state.json decides
        run.write(dir);
        writeText(joinPath(dir, runfolder::kState), content.toStdString());
        std::unique_ptr<RunFolderLock> held;
        if (lock) held = std::make_unique<RunFolderLock>(dir);
        const RunHistory h = RunHistory::read(dir);
        QCOMPARE(int(h.summary().state), state);
        QVERIFY2(QString::fromStdString(h.summary().error).contains(error), h.summary().error.c_str());
        if (state != int(RunState::Damaged)) {
            QCOMPARE(h.summary().wallSeconds, 12.5);
            QVERIFY(!h.summary().wallEstimated);
            QCOMPARE(h.summary().started, std::string("2026-12-06T14:40:00Z"));
            QCOMPARE(h.summary().stepsPlanned, int64_t(6));
        }
    }

    void lockIsSeenAndReleased()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        QVERIFY(!isLocked(dir)); // no .lock file at all
        {
            RunFolderLock lock(dir);
            QVERIFY(isLocked(dir));
            QVERIFY(isLocked(dir)); // the test released what it took
        }
        QVERIFY(!isLocked(dir));
        RunFolderLock again(dir); // isLocked left nothing behind that would refuse a trainer
        QVERIFY(isLocked(dir));
    }

    void labelsNameTheDifferences()
    {
        QTemporaryDir tmp;
        const std::string root = tmp.path().toStdString();
        OldRun a, b, c;
        setSettingValue(a.config, "temperature", 0.2);
        setSettingValue(b.config, "temperature", 0.5);
        c.config = tests::tinyRunConfig("byol");
        a.write(root + "/a");
        b.write(root + "/b");
        c.write(root + "/c");
        const auto ra = RunHistory::read(root + "/a"), rb = RunHistory::read(root + "/b"), rc = RunHistory::read(root + "/c");
        QCOMPARE(runLabels({ ra, rb }), (std::vector<std::string>{ "simclr τ=0.2", "simclr τ=0.5" }));
        // τ is SimCLR's own: against BYOL the method is the difference (and BYOL's recipe batch and lr).
        QCOMPARE(runLabels({ ra, rc }), (std::vector<std::string>{ "simclr", "byol" }));
        // Within a method the sweep is named; a setting that differs between the methods is named where it
        // leaves the method's recipe (both ran other lengths than their recipes': 2 epochs against 4).
        OldRun d = c;
        d.config.epochs = 4;
        d.write(root + "/d");
        QCOMPARE(runLabels({ ra, rb, RunHistory::read(root + "/d") }),
                 (std::vector<std::string>{ "simclr τ=0.2 epochs=2", "simclr τ=0.5 epochs=2", "byol epochs=4" }));
        // The same settings twice: the folders tell them apart.
        QCOMPARE(runLabels({ ra, RunHistory::read(root + "/a") }),
                 (std::vector<std::string>{ "simclr (a)", "simclr (a)" }));
        a.write(root + "/a2");
        QCOMPARE(runLabels({ ra, RunHistory::read(root + "/a2") }),
                 (std::vector<std::string>{ "simclr (a)", "simclr (a2)" }));
    }

    // `pretext-cli runs`: the same model in a table and as JSON; a bad DIR is a usage error naming it.
    void cliListsTheRuns()
    {
        QTemporaryDir tmp;
        const std::string root = tmp.path().toStdString();
        OldRun a, b;
        b.pairsPerSecond.resize(3); // stopped after its first epoch
        a.write(root + "/sweep/a");
        b.write(root + "/b");
        makeDirs(root + "/broken");
        writeText(root + "/broken/config.json", "[");
        const auto cli = [](const QStringList &args, QString *err = nullptr) {
            QProcess p;
            p.start(QStringLiteral(PRETEXT_BIN_DIR "/pretext-cli"), args);
            p.waitForFinished(60000);
            if (err) *err = QString::fromUtf8(p.readAllStandardError());
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()));
        };
        const auto [code, table] = cli({ "runs", tmp.path() });
        QCOMPARE(code, 0);
        const QStringList lines = table.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.size() == 5, qPrintable(table)); // header, three runs, the damaged one's error
        QVERIFY(lines[0].startsWith(QStringLiteral("method")));
        QVERIFY(table.contains(QStringLiteral("50.0%")) && table.contains(QStringLiteral("finished")));
        QVERIFY(table.contains(QStringLiteral("sweep/a")));
        QVERIFY(table.contains(QStringLiteral("damaged: config.json")));

        const auto [jsonCode, text] = cli({ "runs", tmp.path(), "--json", "--sort", "probe" });
        QCOMPARE(jsonCode, 0);
        const json::Value runs = json::parse(text.toStdString());
        QCOMPARE(int(runs.size()), 3);
        QCOMPARE(runs.asArray()[0].find("folder")->asString(), std::string("sweep/a")); // best probe first
        QCOMPARE(runs.asArray()[0].find("probe_acc")->asNumber(), 0.5);
        QCOMPARE(runs.asArray()[0].find("state")->asString(), std::string("finished"));
        QCOMPARE(runs.asArray()[1].find("state")->asString(), std::string("stopped"));
        QCOMPARE(runs.asArray()[2].find("state")->asString(), std::string("damaged"));
        QVERIFY(runs.asArray()[2].find("probe_acc")->isNull());

        const auto [filterCode, filtered] = cli({ "runs", tmp.path(), "--json", "--filter", "STOPPED" });
        QCOMPARE(filterCode, 0);
        QCOMPARE(int(json::parse(filtered.toStdString()).size()), 1);

        QString err;
        QCOMPARE(cli({ "runs", tmp.path() + "/nowhere" }, &err).first, int(ExitUsage));
        QVERIFY(err.contains(tmp.path() + "/nowhere"));
        QCOMPARE(cli({ "runs", tmp.path(), "--sort", "colour" }).first, int(ExitUsage));
        QCOMPARE(cli({ "runs", "--help" }).first, 0);
    }

    void filterMatchesTheListedFields()
    {
        RunSummary s;
        s.method = "simclr";
        s.backbone = "convnet";
        s.dataset = "fashion-mnist";
        s.name = "sweep/tau-0.2";
        s.dir = "/home/teacher/PretextRuns/sweep/tau-0.2";
        s.state = RunState::Finished;
        QVERIFY(s.matches(""));
        QVERIFY(s.matches("SimCLR"));
        QVERIFY(s.matches("fashion"));
        QVERIFY(s.matches("conv"));
        QVERIFY(s.matches("tau-0.2"));
        QVERIFY(s.matches("finish"));
        QVERIFY(!s.matches("byol"));
        QVERIFY(!s.matches("damaged"));
        QVERIFY(!s.matches("PretextRuns")); // the folder as listed, not the scanned root every run shares
    }
};

QTEST_GUILESS_MAIN(TestRunHistory)
#include "tst_runhistory.moc"
