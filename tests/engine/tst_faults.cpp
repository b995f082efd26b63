// What a run keeps when things go wrong around it: a full disk, a failing disk or a folder turned read-only while it
// writes (injected with engine/core/faults.h, no root or tmpfs needed), a checkpoint from another run or with damaged
// weights, a divergence, a torn last metrics line, leftovers of killed writers, a run killed before its first
// checkpoint. Each test asserts what the user is told and what is left in the run folder.
#include "engine/core/errors.h"
#include "engine/core/faults.h"
#include "engine/io/runfolder.h"
#include "engine/methods/method.h"
#include "engine/train/checkpoint.h"
#include "engine/train/trainer.h"

#include "../process.h"
#include "../support.h"

#include <torch/nn/module.h>
#include <torch/serialize/archive.h>

#include <QDir>
#include <QRegularExpression>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <thread>

using namespace pretext::engine;
using pretext::tests::describe;
using pretext::tests::Result;
using pretext::tests::runCli;

namespace {

RunConfig tinyConfig()
{
    RunConfig c = pretext::tests::tinyRunConfig("simclr");
    c.evalEachEpoch = false; // the faults are in the writes, not the evaluation
    return c;
}

// Stops the run (as the Stop button does) after `stopAt` steps; collects what the user is told.
class Recorder : public TrainObserver {
public:
    explicit Recorder(TrainControl *control = nullptr, int64_t stopAt = -1) : m_control(control), m_stopAt(stopAt) {}
    void onStep(const StepMetrics &m) override
    {
        if (m_control && m.step == m_stopAt) m_control->requestStop();
    }
    void onMessage(const std::string &text) override { messages.push_back(text); }
    std::vector<std::string> messages;

private:
    TrainControl *m_control;
    int64_t m_stopAt;
};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// The steps of metrics.jsonl's step lines, in order; fails the test on a line that does not parse.
std::vector<int64_t> loggedSteps(const QString &runDir)
{
    std::vector<int64_t> steps;
    const QByteArray text = readAll(runDir + "/metrics.jsonl");
    if (!text.isEmpty() && !text.endsWith('\n')) return {-1}; // a torn line
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty()) continue;
        const json::Value v = json::parse(line.toStdString());
        if (v.find("loss")) steps.push_back(static_cast<int64_t>(v.find("step")->asNumber()));
    }
    return steps;
}

std::vector<int64_t> range(int64_t first, int64_t last)
{
    std::vector<int64_t> out;
    for (int64_t s = first; s <= last; ++s) out.push_back(s);
    return out;
}

QStringList temporaries(const QString &runDir)
{
    QStringList found;
    for (const QString &sub : {QString(), QStringLiteral("/checkpoints"), QStringLiteral("/snapshots")})
        for (const QString &name : QDir(runDir + sub).entryList(QDir::Files | QDir::Hidden))
            if (QRegularExpression(QStringLiteral("\\.tmp\\.[0-9]+$")).match(name).hasMatch()) found << sub + "/" + name;
    return found;
}

// Trains a tiny run to its end (2 epochs of 3 steps).
void trainToEnd(const RunConfig &c, const QString &dir)
{
    Trainer t(c, dir.toStdString());
    QCOMPARE(t.run(), TrainOutcome::Finished);
}

int64_t checkpointStep(const QString &dir)
{
    return readCheckpointFile((dir + "/checkpoints/latest.pt").toStdString()).step;
}

// Overwrites the first values of `param`'s data inside a checkpoint payload with NaN; the header is rewritten with
// a matching checksum when `reseal` (a tool that wrote bad weights), kept (a changed file) otherwise.
uint32_t crc32(std::string_view data)
{
    uint32_t crc = 0xffffffffu;
    for (unsigned char c : data) {
        crc ^= c;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

// Rewrites the zip's checksum of the record holding byte `at` (a hand-made archive that every checksum passes).
void resealZipRecord(std::string &zip, size_t at)
{
    auto u16 = [&](size_t i) { return uint32_t(uchar(zip[i])) | uint32_t(uchar(zip[i + 1])) << 8; };
    auto u32 = [&](size_t i) { return u16(i) | u16(i + 2) << 16; };
    auto put32 = [&](size_t i, uint32_t v) {
        for (int k = 0; k < 4; ++k) zip[i + size_t(k)] = char((v >> (8 * k)) & 0xff);
    };
    const size_t local = zip.rfind(std::string("PK\x03\x04", 4), at);
    const size_t data = local + 30 + u16(local + 26) + u16(local + 28);
    for (size_t e = zip.find(std::string("PK\x01\x02", 4)); e != std::string::npos;
         e = zip.find(std::string("PK\x01\x02", 4), e + 1))
        if (u32(e + 42) == local) {
            const uint32_t crc = crc32(std::string_view(zip).substr(data, u32(e + 24)));
            put32(e + 16, crc);
            if (u32(local + 14) != 0) put32(local + 14, crc);
            return;
        }
    QFAIL("no table-of-contents entry for the record");
}

bool poisonWeights(const QString &run, bool reseal)
{
    const std::string path = (run + "/checkpoints/latest.pt").toStdString();
    std::string payload;
    CheckpointIdentity id = readCheckpointFile(path, &payload);
    torch::Tensor first;
    {
        auto t = Trainer::open(run.toStdString(), Trainer::OpenMode::Inspect);
        for (const auto &p : t->network().parameters()) // a plain (not channels-last) float tensor
            if (p.dim() <= 2 && p.numel() >= 16 && p.scalar_type() == torch::kFloat) {
                first = p.detach().contiguous();
                break;
            }
    }
    const std::string needle(static_cast<const char *>(first.data_ptr()), 64);
    const auto at = payload.find(needle);
    if (at == std::string::npos) return false;
    const float nan = std::nanf("");
    for (int i = 0; i < 4; ++i) std::memcpy(&payload[at + i * sizeof(float)], &nan, sizeof(float));
    if (reseal) resealZipRecord(payload, at);
    std::string bytes = encodeCheckpoint(id, payload);
    if (!reseal) { // the old header (old checksum) in front of the changed payload
        std::string original = readAll(QString::fromStdString(path)).toStdString();
        bytes = original.substr(0, original.size() - payload.size()) + payload;
    }
    return writeAll(QString::fromStdString(path), QByteArray::fromStdString(bytes));
}

} // namespace

class TestFaults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { faults::clear(); }

    void faultSpecs_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("match");
        QTest::addColumn<int>("skip");
        QTest::newRow("kind only") << "enospc" << ENOSPC << "" << 0;
        QTest::newRow("path part") << "eio:metrics.jsonl" << EIO << "metrics.jsonl" << 0;
        QTest::newRow("skip") << "erofs:checkpoints/:3" << EROFS << "checkpoints/" << 3;
        QTest::newRow("unknown kind") << "full" << -1 << "" << 0;
        QTest::newRow("bad skip") << "enospc:x:two" << -1 << "" << 0;
    }

    void faultSpecs()
    {
        QFETCH(QString, spec);
        QFETCH(int, error);
        QFETCH(QString, match);
        QFETCH(int, skip);
        if (error < 0) {
            try {
                faults::parseFault(spec.toStdString());
                QFAIL("a bad PRETEXT_FAULT was accepted");
            } catch (const ConfigError &e) {
                QVERIFY2(QString(e.what()).startsWith("PRETEXT_FAULT = \"" + spec + "\": "), e.what());
            }
            return;
        }
        const faults::Fault f = faults::parseFault(spec.toStdString());
        QCOMPARE(f.error, error);
        QCOMPARE(QString::fromStdString(f.match), match);
        QCOMPARE(f.skip, int64_t(skip));
    }

    // A failed atomic write leaves the old file and no temporary file; the message names the file and the cause.
    void atomicWriteFailures_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("told");
        QTest::newRow("disk full") << "enospc" << "disk full: could not write %1";
        QTest::newRow("I/O error") << "eio" << "the disk reported an I/O error while writing %1";
        QTest::newRow("read-only") << "erofs" << "%1 cannot be written: the folder is on a read-only file system";
    }

    void atomicWriteFailures()
    {
        QFETCH(QString, spec);
        QFETCH(QString, told);
        QTemporaryDir tmp;
        const QString path = tmp.path() + "/state.json";
        writeFileAtomically(path.toStdString(), "old\n");
        faults::inject(faults::parseFault(spec.toStdString()));
        try {
            writeFileAtomically(path.toStdString(), std::string(100000, 'x'));
            QFAIL("the write did not fail");
        } catch (const StorageError &e) {
            QVERIFY2(QString(e.what()).startsWith(told.arg(path)), e.what());
            QCOMPARE(e.exitCode(), int(ExitStorage));
        }
        faults::clear();
        QCOMPARE(readAll(path), QByteArray("old\n"));
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files), QStringList{"state.json"});
    }

    // The disk fills while a checkpoint is written: a clear error, the previous checkpoint and every metrics line
    // intact, no temporary file; once there is space, resume finishes the run with each step logged once.
    void diskFullDuringCheckpoint()
    {
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run";
        // Checkpoints at step 0 (at once), 3 (epoch end) and 6 (the end): the third write fails.
        faults::inject(faults::parseFault("enospc:latest.pt:2"));
        {
            Trainer t(tinyConfig(), run.toStdString());
            try {
                t.run();
                QFAIL("a full disk did not stop the run");
            } catch (const StorageError &e) {
                const QString what = e.what();
                QVERIFY2(what.startsWith("disk full: could not write " + run + "/checkpoints/latest.pt"), e.what());
                QVERIFY2(what.contains("the checkpoint of step 3 and the metrics before it are intact"), e.what());
                QVERIFY2(what.contains("pretext-cli resume " + run), e.what());
            }
        }
        faults::clear();
        QCOMPARE(temporaries(run), QStringList());
        QCOMPARE(checkpointStep(run), int64_t(3));
        QCOMPARE(loggedSteps(run), range(1, 6));
        QVERIFY(readAll(run + "/state.json").contains("\"failed\""));

        auto resumed = Trainer::open(run.toStdString());
        QCOMPARE(resumed->completedSteps(), int64_t(3));
        QCOMPARE(resumed->run(), TrainOutcome::Finished);
        QCOMPARE(loggedSteps(run), range(1, 6));
        QCOMPARE(checkpointStep(run), int64_t(6));
    }

    // The disk fills while a metrics line is written: the log keeps whole lines only (no torn line), training
    // stops, and resuming from the checkpoint logs the rest.
    void diskFullDuringMetrics()
    {
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run";
        faults::inject(faults::parseFault("enospc:metrics.jsonl:4")); // steps 1-4 logged, step 5 fails
        {
            Trainer t(tinyConfig(), run.toStdString());
            QVERIFY_THROWS_EXCEPTION(StorageError, t.run());
        }
        faults::clear();
        QCOMPARE(loggedSteps(run), range(1, 4));
        QCOMPARE(checkpointStep(run), int64_t(3));
        auto resumed = Trainer::open(run.toStdString());
        QCOMPARE(resumed->run(), TrainOutcome::Finished);
        QCOMPARE(loggedSteps(run), range(1, 6));
    }

    // The folder turns read-only, or the disk fails, mid-run: the cause is named, nothing earlier is lost.
    void folderFailsMidRun_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("told");
        QTest::newRow("read-only") << "erofs:checkpoints/:1" << "cannot be written: the folder is on a read-only file system";
        QTest::newRow("I/O error") << "eio:checkpoints/:1" << "the disk reported an I/O error while writing";
    }

    void folderFailsMidRun()
    {
        QFETCH(QString, spec);
        QFETCH(QString, told);
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run";
        faults::inject(faults::parseFault(spec.toStdString()));
        {
            Trainer t(tinyConfig(), run.toStdString());
            try {
                t.run();
                QFAIL("the failing folder did not stop the run");
            } catch (const StorageError &e) {
                QVERIFY2(QString(e.what()).contains(told), e.what());
                QVERIFY2(!QString(e.what()).contains("internal error"), e.what());
            }
        }
        faults::clear();
        QCOMPARE(temporaries(run), QStringList());
        QCOMPARE(checkpointStep(run), int64_t(0));
    }

    // An archived run on a read-only disk: eval works without a lock and does not touch the log; resume says why not.
    void evaluateReadOnlyFolder()
    {
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run";
        trainToEnd(tinyConfig(), run);
        const QByteArray log = readAll(run + "/metrics.jsonl");
        faults::inject(faults::parseFault(("erofs:" + run).toStdString()));
        {
            auto t = Trainer::open(run.toStdString(), Trainer::OpenMode::Evaluate);
            QVERIFY(!t->writesResults());
            const EvalMetrics e = t->evaluate();
            QVERIFY(e.probeAcc > 0);
            QCOMPARE(e.step, int64_t(6));
        }
        QCOMPARE(readAll(run + "/metrics.jsonl"), log);
        try {
            Trainer::open(run.toStdString(), Trainer::OpenMode::Resume);
            QFAIL("a read-only run was opened for resuming");
        } catch (const StorageError &e) {
            QVERIFY2(QString(e.what()).contains(run + " is read-only"), e.what());
        }
    }

    // Killed after the run folder was made but before the first checkpoint: resume starts again from step 0 and
    // gives the run an uninterrupted run would have; train into it again says how to continue.
    void killedBeforeFirstCheckpoint()
    {
        QTemporaryDir tmp;
        const QString whole = tmp.path() + "/whole", killed = tmp.path() + "/killed";
        trainToEnd(tinyConfig(), whole);
        { Trainer t(tinyConfig(), killed.toStdString()); } // config.json written, never run
        QVERIFY(!QFile::exists(killed + "/checkpoints/latest.pt"));
        try {
            Trainer again(tinyConfig(), killed.toStdString());
            QFAIL("a second train into the folder was accepted");
        } catch (const ConfigError &e) {
            QVERIFY2(QString(e.what()).contains("stopped before its first checkpoint") &&
                         QString(e.what()).contains("pretext-cli resume " + killed),
                     e.what());
        }
        auto t = Trainer::open(killed.toStdString());
        Recorder told;
        QCOMPARE(t->run(&told), TrainOutcome::Finished);
        QVERIFY(std::find(told.messages.begin(), told.messages.end(),
                          "no checkpoint was written before the run stopped: starting again from step 0") !=
                told.messages.end());
        QCOMPARE(loggedSteps(killed), range(1, 6));
        // The same seed, the same start: the same losses as the run that was never interrupted.
        const auto losses = [](const QString &dir) {
            std::vector<double> out;
            for (const auto &line : readMetrics((dir + "/metrics.jsonl").toStdString()))
                if (line.find("loss")) out.push_back(line.find("loss")->asNumber());
            return out;
        };
        QCOMPARE(losses(killed), losses(whole));
    }

    // Stopped at once: the step-0 checkpoint resumes into exactly the run an uninterrupted one is.
    void resumeFromStepZeroIsExact()
    {
        QTemporaryDir tmp;
        const QString whole = tmp.path() + "/whole", parts = tmp.path() + "/parts";
        RunConfig c = tinyConfig();
        c.evalEachEpoch = true; // the random-init baseline, measured once, after the resume
        c.probeEpochs = 2;
        c.knnK = 5;
        trainToEnd(c, whole);
        {
            TrainControl control;
            control.requestStop();
            Trainer t(c, parts.toStdString());
            QCOMPARE(t.run(nullptr, &control), TrainOutcome::Stopped);
        }
        QCOMPARE(checkpointStep(parts), int64_t(0));
        QCOMPARE(Trainer::open(parts.toStdString())->run(), TrainOutcome::Finished);
        const auto lines = [](const QString &dir) {
            QStringList out;
            for (auto line : readMetrics((dir + "/metrics.jsonl").toStdString())) {
                line["elapsed_s"] = 0;
                line["pairs_per_s"] = 0;
                out << QString::fromStdString(json::dump(line));
            }
            return out;
        };
        QCOMPARE(lines(parts), lines(whole)); // the same losses, the baseline and each evaluation once
    }

    // A power cut tears the line of the step after the checkpoint (the log is synced before each checkpoint, so the
    // checkpoint's own line is on the disk): resume cuts the torn line and logs each step once.
    void tornLineAfterTheCheckpointStep()
    {
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run";
        {
            TrainControl control;
            Recorder stopAt3(&control, 3);
            Trainer t(tinyConfig(), run.toStdString());
            QCOMPARE(t.run(&stopAt3, &control), TrainOutcome::Stopped);
        }
        QFile f(run + "/metrics.jsonl");
        QVERIFY(f.open(QIODevice::Append));
        f.write("{\"step\":4,\"epoch\":1,\"loss\":2.3"); // the step-4 line, cut mid-way
        f.close();
        auto t = Trainer::open(run.toStdString());
        QCOMPARE(t->run(), TrainOutcome::Finished);
        QCOMPARE(loggedSteps(run), range(1, 6));
    }

    // The first checkpoint comes at once: a run killed during its first steps has one to resume from.
    void firstCheckpointAtOnce()
    {
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run";
        TrainControl control;
        Recorder stopAfterOne(&control, 1);
        faults::inject(faults::parseFault("enospc:latest.pt:1")); // only the step-0 checkpoint can be written
        Trainer t(tinyConfig(), run.toStdString());
        QVERIFY_THROWS_EXCEPTION(StorageError, t.run(&stopAfterOne, &control));
        faults::clear();
        QCOMPARE(checkpointStep(run), int64_t(0));
    }

    // Checkpoints that are not this run's are refused with the reason, before anything in the folder changes.
    void foreignCheckpointRefused_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("told");
        QTest::newRow("same config, another run") << "twin" << "belongs to another run (run id ";
        QTest::newRow("other settings") << "wider" << "was written with other settings than %1/config.json holds: "
                                                      "projection_dim (64 in the checkpoint, 32 in config.json)";
        QTest::newRow("other network, old format") << "wider-bare" << "does not fit this run's network: ";
        QTest::newRow("ahead of the log") << "ahead" << "is at step 6 but %1/metrics.jsonl ends at step 3";
    }

    void foreignCheckpointRefused()
    {
        QFETCH(QString, source);
        QFETCH(QString, told);
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run", other = tmp.path() + "/other";
        RunConfig c = tinyConfig();
        c.methodSettings["projection_dim"] = 32;
        {
            TrainControl control;
            Recorder stopAt3(&control, 3);
            Trainer t(c, run.toStdString());
            QCOMPARE(t.run(&stopAt3, &control), TrainOutcome::Stopped);
        }
        RunConfig oc = c;
        if (source.startsWith("wider")) oc.methodSettings["projection_dim"] = 64;
        if (source == "ahead") {
            // This run's own checkpoint at step 6, its log cut back to step 3 (a copy from a backup of the future).
            const QByteArray log = readAll(run + "/metrics.jsonl");
            auto t = Trainer::open(run.toStdString());
            QCOMPARE(t->run(), TrainOutcome::Finished);
            QVERIFY(writeAll(run + "/metrics.jsonl", log));
        } else {
            trainToEnd(oc, other);
            QByteArray bytes = readAll(other + "/checkpoints/latest.pt");
            if (source.endsWith("bare")) { // the format before run identities: the LibTorch archive alone
                std::string payload;
                readCheckpointFile((other + "/checkpoints/latest.pt").toStdString(), &payload);
                bytes = QByteArray::fromStdString(payload);
            }
            QVERIFY(writeAll(run + "/checkpoints/latest.pt", bytes));
        }
        const QByteArray log = readAll(run + "/metrics.jsonl");
        try {
            Trainer::open(run.toStdString());
            QFAIL("a foreign checkpoint was accepted");
        } catch (const DataError &e) {
            const QString expected = told.contains("%1") ? told.arg(run) : told;
            QVERIFY2(QString(e.what()).contains(expected), e.what());
            QVERIFY2(QString(e.what()).startsWith(run + "/checkpoints/latest.pt"), e.what());
        }
        QCOMPARE(readAll(run + "/metrics.jsonl"), log); // nothing truncated
    }

    // A changed or damaged checkpoint is detected when loaded, by eval as by resume.
    void damagedCheckpoint_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("told");
        QTest::newRow("weights changed") << "nan" << "checkpoint damaged: the payload's checksum does not match";
        QTest::newRow("NaN weights, valid checksum") << "nan-resealed" << "checkpoint damaged: the weights of ";
        QTest::newRow("cut short") << "truncated" << "checkpoint damaged: the payload is ";
        QTest::newRow("empty") << "empty" << "checkpoint damaged: the file is empty";
        QTest::newRow("not a checkpoint") << "text" << "not a Pretext Workbench checkpoint";
        // The format before run identities has no checksum of ours: the zip's own are verified (LibTorch does not).
        QTest::newRow("old format, a tensor changed")
            << "bare-flipped" << "checkpoint damaged: its LibTorch archive holds a record, \"";
        QTest::newRow("old format, cut short") << "bare-truncated" << "checkpoint damaged: its LibTorch archive has no end record";
    }

    void damagedCheckpoint()
    {
        QFETCH(QString, damage);
        QFETCH(QString, told);
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run";
        trainToEnd(tinyConfig(), run);
        const QString ckpt = run + "/checkpoints/latest.pt";
        const QByteArray bytes = readAll(ckpt);
        if (damage.startsWith("nan")) QVERIFY(poisonWeights(run, damage == "nan-resealed"));
        if (damage == "truncated") QVERIFY(writeAll(ckpt, bytes.left(bytes.size() - 1000)));
        if (damage == "empty") QVERIFY(writeAll(ckpt, QByteArray()));
        if (damage == "text") QVERIFY(writeAll(ckpt, "{\"hello\": 1}\n"));
        if (damage.startsWith("bare")) {
            std::string archive;
            readCheckpointFile(ckpt.toStdString(), &archive);
            QByteArray zip = QByteArray::fromStdString(archive);
            QVERIFY(zip.startsWith("PK\x03\x04"));
            if (damage == "bare-flipped") {
                // The first record's data: after its 30-byte local header, its name and its extra field.
                auto u16 = [&](int at) { return int(uchar(zip[at])) | int(uchar(zip[at + 1])) << 8; };
                const int data = 30 + u16(26) + u16(28);
                zip[data] = char(zip[data] ^ 0x40);
            } else {
                zip.chop(10);
            }
            QVERIFY(writeAll(ckpt, zip));
        }
        const QByteArray log = readAll(run + "/metrics.jsonl");
        for (auto mode : {Trainer::OpenMode::Evaluate, Trainer::OpenMode::Resume}) {
            try {
                Trainer::open(run.toStdString(), mode);
                QFAIL("a damaged checkpoint was accepted");
            } catch (const DataError &e) {
                QVERIFY2(QString(e.what()).contains(told), e.what());
                QCOMPARE(e.exitCode(), int(ExitBadData));
            }
        }
        QCOMPARE(readAll(run + "/metrics.jsonl"), log);
    }

    // A live edit out of range (the window's spin boxes prevent it; a script driving TrainControl may not) is refused
    // with a note and the run goes on at its rate; one in range is applied and logged.
    void liveEditsOutOfRangeAreRefused()
    {
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run";
        TrainControl control;
        Recorder recorder;
        control.setLearningRate(1e39);
        control.setTemperature(-1);
        Trainer t(tinyConfig(), run.toStdString());
        QCOMPARE(t.run(&recorder, &control), TrainOutcome::Finished);
        const QString told = QString::fromStdString([&] {
            std::string all;
            for (const auto &m : recorder.messages) all += m + "\n";
            return all;
        }());
        QVERIFY2(told.contains("live edit not applied: lr: "), qPrintable(told));
        QVERIFY2(told.contains("live edit not applied: temperature: "), qPrintable(told));
        const QByteArray log = readAll(run + "/metrics.jsonl");
        QVERIFY(!log.contains("lr_edit"));
        QVERIFY(!log.contains("temperature_edit"));

        const QString again = tmp.path() + "/again";
        control.setLearningRate(0.001);
        Trainer t2(tinyConfig(), again.toStdString());
        QCOMPARE(t2.run(nullptr, &control), TrainOutcome::Finished);
        QVERIFY(readAll(again + "/metrics.jsonl").contains("\"lr_edit\":0.001"));
    }

    // Weights that became infinite are never checkpointed: the last finite checkpoint is kept, and resume --lr
    // continues from it at the rate given, recorded in the log.
    void divergenceKeepsFiniteCheckpointAndResumesWithLr()
    {
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run";
        RunConfig c = tinyConfig();
        c.checkpointEvery = 1;
        {
            TrainControl control;
            Recorder stopAt2(&control, 2);
            Trainer t(c, run.toStdString());
            QCOMPARE(t.run(&stopAt2, &control), TrainOutcome::Stopped);
        }
        {
            // The update of step 3 breaks a weight (after its loss was computed, finite): the checkpoint of step 3
            // must not be written.
            auto t = Trainer::open(run.toStdString());
            struct BreakAfterStep3 : TrainObserver {
                Trainer *trainer = nullptr;
                void onStep(const StepMetrics &m) override
                {
                    if (m.step != 3) return;
                    torch::NoGradGuard noGrad;
                    trainer->network().parameters().front().fill_(std::numeric_limits<float>::infinity());
                }
            } breaker;
            breaker.trainer = t.get();
            try {
                t->run(&breaker);
                QFAIL("non-finite weights were checkpointed");
            } catch (const DivergedError &e) {
                QVERIFY2(QString(e.what()).startsWith("training diverged at step 3: the weights of "), e.what());
                QVERIFY2(QString(e.what()).contains("became infinite or NaN; the last checkpoint with finite weights "
                                                    "(step 2) is kept"),
                         e.what());
                QVERIFY2(QString(e.what()).contains("pretext-cli resume " + run + " --lr "), e.what());
            }
        }
        QCOMPARE(checkpointStep(run), int64_t(2));
        auto t = Trainer::open(run.toStdString());
        QVERIFY_THROWS_EXCEPTION(ConfigError, t->setLearningRate(-1));
        t->setLearningRate(0.0001);
        QCOMPARE(t->run(), TrainOutcome::Finished);
        const auto lines = readMetrics((run + "/metrics.jsonl").toStdString());
        QCOMPARE(loggedSteps(run), range(1, 6));
        for (const auto &line : lines) {
            const int64_t step = static_cast<int64_t>(line.find("step")->asNumber());
            if (step <= 2 || !line.find("loss")) continue;
            QCOMPARE(line.find("lr")->asNumber(), 0.0001);
            QCOMPARE(line.find("lr_edit") != nullptr, step == 3);
        }
    }

    // Power lost mid-line: eval and resume repair the log instead of appending onto the torn line.
    void tornMetricsLineRepaired()
    {
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run";
        trainToEnd(tinyConfig(), run);
        QFile f(run + "/metrics.jsonl");
        QVERIFY(f.open(QIODevice::Append));
        f.write("{\"step\": 7, \"epoch\": 2, \"lo");
        f.close();
        {
            auto t = Trainer::open(run.toStdString(), Trainer::OpenMode::Evaluate);
            t->evaluate();
        }
        const QByteArray text = readAll(run + "/metrics.jsonl");
        QVERIFY(text.endsWith('\n'));
        QVERIFY(!text.contains("\"lo\n") && !text.contains("\"lo{"));
        QCOMPARE(loggedSteps(run), range(1, 6));
        QVERIFY(text.split('\n').at(text.split('\n').size() - 2).contains("probe_acc"));
        QVERIFY(Trainer::open(run.toStdString()) != nullptr); // resumable
    }

    // Temporary files of killed writers are removed when the run is opened to write (not when only inspected).
    void staleTemporariesRemoved()
    {
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run";
        trainToEnd(tinyConfig(), run);
        QVERIFY(writeAll(run + "/checkpoints/latest.pt.tmp.99999", QByteArray(4096, 'x')));
        QVERIFY(writeAll(run + "/snapshots/latest.json.tmp.123", "{"));
        QVERIFY(writeAll(run + "/notes.tmp.txt", "mine"));
        Trainer::open(run.toStdString(), Trainer::OpenMode::Inspect);
        QCOMPARE(temporaries(run).size(), 2);
        Trainer::open(run.toStdString(), Trainer::OpenMode::Evaluate);
        QCOMPARE(temporaries(run), QStringList());
        QVERIFY(QFile::exists(run + "/notes.tmp.txt")); // not a writer's temporary file
    }

    // More threads than cores are capped, and the user is told.
    void threadsCappedAtCores()
    {
        QTemporaryDir tmp;
        RunConfig c = tinyConfig();
        c.threads = 1024;
        c.epochs = 1;
        c.stepsPerEpoch = 1;
        Trainer t(c, (tmp.path() + "/run").toStdString());
        const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        QCOMPARE(t.info().threads, cores);
        Recorder told;
        t.run(&told);
        QVERIFY(!told.messages.empty());
        QVERIFY2(QString::fromStdString(told.messages.front())
                     .startsWith(QString("threads = 1024 is more than the %1 cores of this machine: using %1").arg(cores)),
                 told.messages.front().c_str());
    }

    // The command line: exit code 5 and one sentence for a full disk, no abort, no backtrace, no temporary file.
    void cliDiskFull()
    {
        QTemporaryDir tmp;
        const QString run = tmp.path() + "/run";
        qputenv("PRETEXT_FAULT", "enospc:latest.pt:1");
        const Result r = runCli({"train", "--dataset", "shapes:80", "--batch-size", "16", "--epochs", "1",
                                 "--steps-per-epoch", "3", "--no-eval", "--threads", "1", "--out", run});
        qunsetenv("PRETEXT_FAULT");
        QVERIFY2(r.code == ExitStorage, qPrintable(describe(r)));
        QVERIFY2(r.err.contains("disk full: could not write " + run + "/checkpoints/latest.pt"), qPrintable(describe(r)));
        QVERIFY2(!r.err.contains("terminate") && !r.err.contains("frame #") && !r.err.contains("internal error"),
                 qPrintable(describe(r)));
        QCOMPARE(temporaries(run), QStringList());
        const Result resumed = runCli({"resume", run});
        QVERIFY2(resumed.code == 0, qPrintable(describe(resumed)));
    }

    void cliEmptyOutRefused()
    {
        QTemporaryDir tmp;
        QProcess p;
        p.setWorkingDirectory(tmp.path());
        p.start(QStringLiteral(PRETEXT_BIN_DIR "/pretext-cli"), {"train", "--dataset", "shapes:80", "--out", ""});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), int(ExitUsage));
        QVERIFY2(QString(p.readAllStandardError()).contains("the run folder is an empty name"), "no reason given");
        QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
