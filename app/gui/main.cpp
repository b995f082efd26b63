// pretext: the workbench window.
//   pretext [RUN_DIR | --config FILE.json] [--start] [--presentation] [--inspect VIEW]
//   pretext --benchmark [--steps N]   throughput with every panel open vs headless, and event-loop latency
#include "ui/language.h"
#include "engine/core/describe.h"
#include "ui/mainwindow.h"

#include "engine/core/errors.h"
#include "engine/train/trainer.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTimer>

#include <chrono>
#include <cstdio>

using namespace pretext;

namespace {

// Engine-side timing of the steps after a warm-up: pairs per second.
struct StepClock : engine::TrainObserver {
    int64_t warmup = 3;
    double startSeconds = -1, endSeconds = -1;
    int64_t lastStep = 0;
    void onStep(const engine::StepMetrics &m) override { record(m); }
    void record(const engine::StepMetrics &m)
    {
        if (m.step == warmup) startSeconds = m.secondsElapsed;
        endSeconds = m.secondsElapsed;
        lastStep = m.step;
    }
    double pairsPerSecond(int batch) const
    {
        return static_cast<double>((lastStep - warmup) * batch) / (endSeconds - startSeconds);
    }
};

int runBenchmark(ui::MainWindow &window, int steps)
{
    engine::RunConfig c = ui::MainWindow::classroomDemoConfig();
    c.epochs = 1;
    c.stepsPerEpoch = steps + 3;
    c.evalEachEpoch = false;
    QTemporaryDir tmp;
    std::printf("SimCLR, %s (train limit %lld), small ConvNet, batch %d, %d timed steps after 3 warm-up\n",
                c.dataset.c_str(), static_cast<long long>(c.trainLimit), c.batchSize, steps);
    std::fflush(stdout);
    StepClock headless;
    {
        engine::Trainer t(c, (tmp.path() + QStringLiteral("/headless")).toStdString());
        t.run(&headless);
    }
    const double headlessPairs = headless.pairsPerSecond(c.batchSize);

    auto *gui = new StepClock;
    QObject::connect(window.controller(), &ui::TrainingController::stepFinished, &window,
                     [gui](const engine::StepMetrics &m) { gui->record(m); });
    QObject::connect(window.controller(), &ui::TrainingController::finished, &window, [&, gui] {
        const double guiPairs = gui->pairsPerSecond(c.batchSize);
        std::printf("headless (pretext engine, no observer)   %8.0f pairs/s\n", headlessPairs);
        std::printf("workbench window, every panel live       %8.0f pairs/s  (%.1f%% of headless)\n", guiPairs,
                    100.0 * guiPairs / headlessPairs);
        std::printf("event-loop latency during the run: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d timer ticks of 20 ms)\n",
                    window.latencyProbe()->percentile(50), window.latencyProbe()->percentile(99),
                    window.latencyProbe()->percentile(100), window.latencyProbe()->samples());
        std::fflush(stdout);
        QTimer::singleShot(0, qApp, [] { qApp->exit(0); });
    });
    QObject::connect(window.controller(), &ui::TrainingController::failed, &window, [](const QString &e) {
        std::fprintf(stderr, "benchmark run failed: %s\n", qPrintable(e));
        qApp->exit(1);
    });
    window.setPendingConfig(c);
    window.show();
    QTimer::singleShot(500, &window, [&window, &tmp] {
        window.latencyProbe()->reset();
        window.setPendingConfig(window.pendingConfig());
        window.startRun();
        (void)tmp;
    });
    const int rc = QApplication::exec();
    delete gui;
    return rc;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Pretext Workbench"));
    QApplication::setOrganizationName(QStringLiteral("Pretext"));
    QApplication::setApplicationVersion(QStringLiteral(PRETEXT_VERSION));
    // The installed desktop entry's name (packaging/), so that a Wayland desktop shows the window with its icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.pretext_workbench.Pretext"));
    ui::registerMetaTypes();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Pretext Workbench: watch self-supervised learning, live."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("RUN_DIR"), QStringLiteral("a run folder to open"), QStringLiteral("[RUN_DIR]"));
    QCommandLineOption configOption(QStringLiteral("config"), QStringLiteral("a run configuration to load"), QStringLiteral("FILE.json"));
    QCommandLineOption startOption(QStringLiteral("start"), QStringLiteral("start training at once (resume an opened run)"));
    QCommandLineOption presentationOption(QStringLiteral("presentation"), QStringLiteral("larger fonts for a projector"));
    QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("run folder for a new run"), QStringLiteral("DIR"));
    QCommandLineOption benchOption(QStringLiteral("benchmark"),
                                   QStringLiteral("print training throughput with every panel open vs headless, and event-loop latency"));
    QCommandLineOption stepsOption(QStringLiteral("steps"), QStringLiteral("timed steps for --benchmark (default 40)"), QStringLiteral("N"), QStringLiteral("40"));
    QCommandLineOption inspectOption(QStringLiteral("inspect"),
                                     QStringLiteral("show the inspection panel at VIEW: map, random-map, neighbours or probe"),
                                     QStringLiteral("VIEW"));
    QCommandLineOption languageOption(QStringLiteral("language"),
                                      QStringLiteral("interface language for this start: en or zh_CN (default: the one "
                                                     "chosen in View > Language, else the system's)"),
                                      QStringLiteral("LANG"));
    for (const auto &o : {configOption, startOption, presentationOption, outOption, benchOption, stepsOption, inspectOption,
                          languageOption})
        parser.addOption(o);
    parser.process(app);

    QString language = ui::storedLanguage();
    if (parser.isSet(languageOption)) {
        language = parser.value(languageOption);
        if (language != QLatin1String("en") && language != QLatin1String("zh_CN")) {
            std::fprintf(stderr, "pretext: --language %s is not accepted; expected en or zh_CN\n", qPrintable(language));
            return engine::ExitUsage;
        }
    }
    ui::installTranslators(app, language);

    ui::MainWindow window;
    if (parser.isSet(presentationOption)) window.setPresentationMode(true);
    if (parser.isSet(benchOption)) {
        bool ok = false;
        const int steps = parser.value(stepsOption).toInt(&ok);
        if (!ok || steps < 1 || steps > 100000) {
            std::fprintf(stderr, "pretext: --steps %s is not accepted; expected 1 to 100000\n", qPrintable(parser.value(stepsOption)));
            return engine::ExitUsage;
        }
        try {
            return runBenchmark(window, steps);
        } catch (const engine::Error &e) {
            std::fprintf(stderr, "pretext --benchmark: %s\n", pretext::engine::describeException(e).c_str());
            return e.exitCode();
        }
    }

    const QStringList positionals = parser.positionalArguments();
    bool openedRun = false;
    if (parser.isSet(configOption)) {
        try {
            window.setPendingConfig(engine::loadRunConfig(parser.value(configOption).toStdString()));
        } catch (const engine::Error &e) {
            std::fprintf(stderr, "pretext: %s\n", pretext::engine::describeException(e).c_str());
            return e.exitCode();
        }
    } else if (!positionals.isEmpty()) {
        if (!QFileInfo::exists(positionals.first() + QStringLiteral("/config.json"))) {
            std::fprintf(stderr, "pretext: %s is not a run folder (no config.json)\n", qPrintable(positionals.first()));
            return engine::ExitUsage;
        }
        openedRun = window.openRun(QDir(positionals.first()).absolutePath());
        // A run folder that cannot be read must not turn --start into a new default run.
        if (!openedRun) return engine::ExitBadData;
    }
    window.show();
    if (parser.isSet(inspectOption) && !window.showInspection(parser.value(inspectOption))) {
        std::fprintf(stderr, "pretext: --inspect %s is not a view; expected map, random-map, neighbours or probe\n",
                     qPrintable(parser.value(inspectOption)));
        return engine::ExitUsage;
    }
    if (parser.isSet(startOption)) {
        QTimer::singleShot(0, &window, [&window, openedRun, &parser, &outOption] {
            if (openedRun) {
                window.resumeOpenedRun();
            } else {
                if (parser.isSet(outOption)) window.setNextRunDir(parser.value(outOption));
                window.startRun();
            }
        });
    }
    return QApplication::exec();
}
