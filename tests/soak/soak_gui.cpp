// The soak: the workbench window (offscreen) starts, pauses, steps, resumes, stops, reopens and continues runs in a
// loop for a given time, as a lesson would over an afternoon. Every checkpoint left behind is verified (it opens,
// belongs to its run, has finite weights); memory and threads are sampled after every cycle. Fails (exit 1) when the
// resident memory grows beyond the bound, a thread is left behind or a checkpoint does not verify.
//
//   build/bin/soak_gui [--seconds N] [--rss-growth-mb M]     (default: ten minutes, 200 MB)
#include "tests/support.h"
#include "ui/mainwindow.h"
#include "ui/trainingcontroller.h"

#include "engine/train/checkpoint.h"
#include "engine/train/trainer.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace pretext;
using State = ui::TrainingController::State;

namespace {

// A field of /proc/self/status ("VmRSS", "Threads") as a number (kB for sizes).
long statusField(const char *name)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(QByteArray(name) + ':')) return line.mid(static_cast<int>(qstrlen(name)) + 1).trimmed().split(' ').first().toLong();
    return -1;
}

// Bytes the heap hands out now (glibc), in MB: when resident memory grows but this does not, the growth is the
// allocator keeping freed pages (fragmentation), not objects that pile up. -1 where unknown.
double heapInUseMb()
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    const struct mallinfo2 m = mallinfo2();
    return static_cast<double>(m.uordblks + m.hblkhd) / (1024.0 * 1024.0);
#else
    return -1;
#endif
}

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 60000)
{
    QElapsedTimer t;
    t.start();
    while (!condition()) {
        if (t.elapsed() > timeoutMs) return false;
        QTest::qWait(10);
    }
    return true;
}

// The checkpoint opens, is this run's and its weights are finite (Trainer::open verifies all of that), and it holds
// the steps taken: `*step` (the previous check's) grows.
QString verifyCheckpoint(const QString &dir, int64_t *step)
{
    try {
        auto t = engine::Trainer::open(dir.toStdString(), engine::Trainer::OpenMode::Inspect);
        if (t->completedSteps() <= *step)
            return QStringLiteral("checkpoint at step %1, not after step %2").arg(t->completedSteps()).arg(*step);
        *step = t->completedSteps();
        return {};
    } catch (const std::exception &e) {
        return QString::fromUtf8(e.what());
    }
}

} // namespace

int main(int argc, char **argv)
{
    // The offscreen platform warns once per window resize; the soak's own lines are what matter.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &text) {
        if (type != QtDebugMsg && !text.contains(QLatin1String("propagateSizeHints")))
            std::fprintf(stderr, "%s\n", qPrintable(text));
    });
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("PRETEXT_NO_DIALOGS", "1");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("PretextSoak"));
    int seconds = 600;
    double growthLimitMb = 200;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == "--seconds") seconds = args[i + 1].toInt();
        if (args[i] == "--rss-growth-mb") growthLimitMb = args[i + 1].toDouble();
    }
    QTemporaryDir tmp;
    engine::RunConfig c = tests::tinyRunConfig();
    c.epochs = 1000; // never finishes by itself: each cycle stops it
    c.stepsPerEpoch = 4;
    c.probeEpochs = 2;
    c.previewsPerSecond = 20;

    ui::MainWindow window;
    window.setPendingConfig(c);
    window.show();
    auto *controller = window.controller();
    // Counters, not QSignalSpy: a spy keeps every step's metrics, which would grow the soak's own memory.
    struct Count {
        qsizetype n = 0;
        qsizetype count() const { return n; }
    } steps;
    QObject::connect(controller, &ui::TrainingController::stepFinished, &app, [&steps] { ++steps.n; });
    QSignalSpy failed(controller, &ui::TrainingController::failed);
    const auto idle = [&] { return controller->state() == State::Idle; };
    const auto stepsReach = [&](qsizetype n) { return [&steps, n] { return steps.count() >= n; }; };
    int64_t checkpointStep = 0;

    QElapsedTimer clock;
    clock.start();
    long baselineRss = -1, baselineThreads = -1, peakRss = 0;
    int cycles = 0;
    QStringList problems;
    std::printf("%8s %7s %9s %8s %8s %7s\n", "time_s", "cycles", "steps", "rss_mb", "heap_mb", "threads");
    double nextReport = 0;
    while (clock.elapsed() < seconds * 1000LL && problems.isEmpty()) {
        const QString dir = tmp.path() + QStringLiteral("/run-%1").arg(cycles % 3);
        QDir(dir).removeRecursively();
        const qsizetype before = steps.count();
        // Start, then pause, two single steps, resume, stop.
        window.setNextRunDir(dir);
        window.startRun();
        if (!waitFor(stepsReach(before + 3))) problems << "no steps after start";
        controller->pause();
        if (!waitFor([&] { return controller->state() == State::Paused; })) problems << "pause did not take";
        const qsizetype paused = steps.count();
        controller->singleStep();
        controller->singleStep();
        if (!waitFor(stepsReach(paused + 2))) problems << "single steps did not run";
        controller->resume();
        if (!waitFor(stepsReach(steps.count() + 3))) problems << "no steps after resume";
        controller->stop();
        if (!waitFor(idle)) problems << "stop did not end the run";
        checkpointStep = 0;
        if (const QString bad = verifyCheckpoint(dir, &checkpointStep); !bad.isEmpty()) problems << "after stop: " + bad;
        // Reopen the folder and continue it, then stop again.
        if (!window.openRun(dir)) problems << "could not open " + dir;
        const qsizetype reopened = steps.count();
        window.resumeOpenedRun();
        if (!waitFor(stepsReach(reopened + 3))) problems << "no steps after reopening";
        controller->stop();
        if (!waitFor(idle)) problems << "stop after reopening did not end the run";
        if (const QString bad = verifyCheckpoint(dir, &checkpointStep); !bad.isEmpty())
            problems << "after reopening: " + bad;
        if (!failed.isEmpty()) problems << "a run failed: " + failed.first().first().toString();
        ++cycles;
        QTest::qWait(50); // let deleteLater run
        const long rss = statusField("VmRSS"), threads = statusField("Threads");
        peakRss = std::max(peakRss, rss);
        if (cycles == 2) { // after the first cycles: Torch's thread pool, Qt's caches and fonts are in place
            baselineRss = rss;
            baselineThreads = threads;
        }
        const double t = clock.elapsed() / 1000.0;
        if (t >= nextReport || clock.elapsed() >= seconds * 1000LL) {
            std::printf("%8.0f %7d %9lld %8.1f %8.1f %7ld\n", t, cycles, static_cast<long long>(steps.count()),
                        rss / 1024.0, heapInUseMb(), threads);
            std::fflush(stdout);
            nextReport = t + std::max(10, seconds / 20);
        }
        if (baselineRss > 0 && (rss - baselineRss) / 1024.0 > growthLimitMb)
            problems << QStringLiteral("resident memory grew by %1 MB (bound %2 MB)")
                            .arg((rss - baselineRss) / 1024.0, 0, 'f', 1)
                            .arg(growthLimitMb);
        if (baselineThreads > 0 && threads > baselineThreads)
            problems << QStringLiteral("%1 threads after cycle %2, %3 after cycle 2: a thread was left behind")
                            .arg(threads)
                            .arg(cycles)
                            .arg(baselineThreads);
    }
    const long rss = statusField("VmRSS");
    std::printf("soak: %d cycles (start, pause, 2 single steps, resume, stop, reopen, continue, stop) in %.0f s; "
                "resident memory %.1f MB after cycle 2, %.1f MB at the end, %.1f MB peak; threads %ld after cycle 2, "
                "%ld at the end\n",
                cycles, clock.elapsed() / 1000.0, baselineRss / 1024.0, rss / 1024.0, peakRss / 1024.0, baselineThreads,
                statusField("Threads"));
    if (cycles < 3) problems << QStringLiteral("only %1 cycles in %2 s").arg(cycles).arg(seconds);
    for (const QString &p : problems) std::fprintf(stderr, "soak: FAILED: %s\n", qPrintable(p));
    return problems.isEmpty() ? 0 : 1;
}
