// pretext-cli's flag parser (CLI11 underneath) keeps its contract: --flag VALUE and --flag=VALUE, switches,
// positionals, errors that name the flag (with the flag a typo away), and integers read exactly on their way into a
// run configuration.
#include "args.h"
#include "commands.h"

#include "engine/core/errors.h"
#include "engine/io/json.h"
#include "engine/train/runconfig.h"

#include <clocale>
#include <QtTest>

using namespace pretext;

namespace {

const std::vector<cli::FlagSpec> kSpecs = {
    {"epochs", "N", "epochs"},    {"batch-size", "N", "batch"}, {"out", "DIR", "output"},
    {"no-eval", "", "no eval"},   {"lr", "X", "rate"},          {"k", "K", "neighbours"},
};

// Runs Args over `words` (after a program name and a subcommand, as pretext-cli passes them).
cli::Args parse(const QStringList &words)
{
    std::vector<std::string> storage = {"pretext-cli", "cmd"};
    for (const auto &w : words) storage.push_back(w.toStdString());
    std::vector<char *> argv;
    for (auto &s : storage) argv.push_back(s.data());
    return cli::Args(static_cast<int>(argv.size()), argv.data(), 2, kSpecs);
}

QString errorOf(const QStringList &words)
{
    try {
        parse(words);
    } catch (const engine::ConfigError &e) {
        return QString::fromStdString(e.what());
    } catch (const std::exception &e) {
        return "not a ConfigError: " + QString::fromStdString(e.what());
    }
    return {};
}

QString trainErrorOf(const QStringList &words)
{
    std::vector<std::string> storage = {"pretext-cli", "train"};
    for (const auto &w : words) storage.push_back(w.toStdString());
    std::vector<char *> argv;
    for (auto &s : storage) argv.push_back(s.data());
    try {
        cli::trainConfigFromArgs(static_cast<int>(argv.size()), argv.data());
    } catch (const engine::ConfigError &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

QString configErrorOf(const std::string &json)
{
    try {
        engine::runConfigFromJson(engine::json::parse(json, "cfg.json"), "cfg.json");
    } catch (const engine::ConfigError &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestArgs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void values_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QString>("epochs"); // empty: not given
        QTest::addColumn<QString>("out");
        QTest::addColumn<bool>("noEval");
        QTest::addColumn<QStringList>("positionals");
        QTest::newRow("separate value") << QStringList{"--epochs", "5"} << "5" << "" << false << QStringList{};
        QTest::newRow("inline value") << QStringList{"--epochs=7", "--out=a=b"} << "7" << "a=b" << false << QStringList{};
        QTest::newRow("empty inline value") << QStringList{"--out=", "--epochs", "1"} << "1" << "" << false
                                            << QStringList{};
        QTest::newRow("value that looks like a flag") << QStringList{"--lr", "-5", "--out", "--weird"} << "" << "--weird"
                                                      << false << QStringList{};
        QTest::newRow("switch and positionals") << QStringList{"run1", "--no-eval", "run2"} << "" << "" << true
                                                << QStringList{"run1", "run2"};
        QTest::newRow("last value wins") << QStringList{"--epochs", "1", "--epochs", "2"} << "2" << "" << false
                                         << QStringList{};
        QTest::newRow("single dash is positional") << QStringList{"-", "-5", "-x"} << "" << "" << false
                                                   << QStringList{"-", "-5", "-x"};
        QTest::newRow("double dash ends flags") << QStringList{"--epochs", "3", "--", "--out", "x"} << "3" << "" << false
                                                << QStringList{"--out", "x"};
    }
    void values()
    {
        QFETCH(QStringList, words);
        QFETCH(QString, epochs);
        QFETCH(QString, out);
        QFETCH(bool, noEval);
        QFETCH(QStringList, positionals);
        const cli::Args a = parse(words);
        QCOMPARE(QString::fromStdString(a.value("epochs", "")), epochs);
        QCOMPARE(a.has("epochs"), !epochs.isEmpty());
        QCOMPARE(QString::fromStdString(a.value("out", "")), out);
        QCOMPARE(a.has("no-eval"), noEval);
        QStringList got;
        for (const auto &p : a.positionals()) got << QString::fromStdString(p);
        QCOMPARE(got, positionals);
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown, nothing close") << QStringList{"--bogus"} << "unknown option --bogus (see --help)";
        QTest::newRow("unknown, a typo") << QStringList{"--epoch", "3"} << "unknown option --epoch (did you mean --epochs?)";
        QTest::newRow("unknown with inline value") << QStringList{"--batchsize=8"}
                                                   << "unknown option --batchsize (did you mean --batch-size?)";
        QTest::newRow("unknown before a missing value") << QStringList{"--bogus", "--out"} << "unknown option --bogus (see --help)";
        QTest::newRow("missing value") << QStringList{"--epochs", "3", "--out"} << "option --out needs a value: DIR";
        QTest::newRow("value for a switch") << QStringList{"--no-eval=false"} << "option --no-eval takes no value";
        QTest::newRow("help is not a flag here") << QStringList{"--help"} << "unknown option --help (see --help)";
    }
    void errors()
    {
        QFETCH(QStringList, words);
        QFETCH(QString, message);
        QCOMPARE(errorOf(words), message);
    }

    void numbers()
    {
        const cli::Args a = parse({"--epochs", "12", "--batch-size", "x", "--k", "99999999999999999999", "--lr", "1e-3"});
        QCOMPARE(a.integer("epochs").value(), 12LL);
        QCOMPARE(a.number("lr").value(), 1e-3);
        QVERIFY(!a.integer("out").has_value());
        try {
            a.integer("batch-size");
            QFAIL("accepted x");
        } catch (const engine::ConfigError &e) {
            QCOMPARE(QString(e.what()), QString("--batch-size: expected an integer, got 'x'"));
        }
        try {
            a.integer("k");
            QFAIL("accepted an integer past long long");
        } catch (const engine::ConfigError &e) {
            QCOMPARE(QString(e.what()), QString("--k = 99999999999999999999 is out of range"));
        }
    }

    // A decimal point is '.' whatever the locale says: under de_DE, strtod would read "0.5" as 0 and stop.
    void numbersIgnoreTheLocale()
    {
        struct Restore {
            std::string saved = std::setlocale(LC_NUMERIC, nullptr);
            ~Restore() { std::setlocale(LC_NUMERIC, saved.c_str()); }
        } restore;
        const bool german = std::setlocale(LC_NUMERIC, "de_DE.UTF-8") != nullptr;
        QCOMPARE(parse({"--lr", "0.5"}).number("lr").value(), 0.5);
        QCOMPARE(parse({"--lr", "+0.25"}).number("lr").value(), 0.25);
        QVERIFY_THROWS_EXCEPTION(engine::ConfigError, parse({"--lr", "0,5"}).number("lr"));
        QVERIFY_THROWS_EXCEPTION(engine::ConfigError, parse({"--lr", "+-1"}).number("lr"));
        if (!german) QSKIP("the de_DE.UTF-8 locale is not installed; checked in the current locale only");
    }

    // Settings integers are read exactly and echoed exactly: a seed past 2^53 is refused as typed, not rounded.
    void exactSettingIntegers_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QString>("message");
        QTest::newRow("seed past 2^53") << QStringList{"--seed", "9007199254740993"}
                                        << "--seed = 9007199254740993 is out of range; expected 0 to 9007199254740991";
        QTest::newRow("seed past int64") << QStringList{"--seed", "99999999999999999999"}
                                         << "--seed = 99999999999999999999 is out of range; expected 0 to 9007199254740991";
        QTest::newRow("negative seed") << QStringList{"--seed", "-1"} << "--seed = -1 is out of range; expected 0 to 9007199254740991";
        QTest::newRow("epochs in exponent form") << QStringList{"--epochs", "1e10"} << "--epochs: expected an integer, got '1e10'";
        QTest::newRow("epochs past int") << QStringList{"--epochs", "4294967297"}
                                         << "--epochs = 4294967297 is out of range; expected 1 to 10000";
    }
    void exactSettingIntegers()
    {
        QFETCH(QStringList, words);
        QFETCH(QString, message);
        QCOMPARE(trainErrorOf(words), message);
    }

    void largestSeedIsExact()
    {
        std::vector<std::string> storage = {"pretext-cli", "train", "--seed", "9007199254740991", "--epochs", "+0003"};
        std::vector<char *> argv;
        for (auto &s : storage) argv.push_back(s.data());
        const engine::RunConfig c = cli::trainConfigFromArgs(static_cast<int>(argv.size()), argv.data());
        QCOMPARE(c.seed, uint64_t(9007199254740991ULL));
        QCOMPARE(c.epochs, 3);
        // Written and read back exactly.
        const std::string written = engine::json::dump(engine::toJson(c), 2);
        QVERIFY(written.find("\"seed\": 9007199254740991") != std::string::npos);
        const engine::RunConfig back = engine::runConfigFromJson(engine::json::parse(written), "config.json");
        QCOMPARE(back.seed, c.seed);
    }

    void configIntegersEchoedAsWritten_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("seed past 2^53") << "{\"seed\": 9007199254740993}"
                                        << "seed = 9007199254740993 is out of range; expected 0 to 9007199254740991";
        QTest::newRow("seed with exponent") << "{\"seed\": 9007199254740993e0}"
                                            << "seed = 9007199254740993 is out of range; expected 0 to 9007199254740991";
        QTest::newRow("seed with a fraction") << "{\"seed\": 9007199254740990.5}"
                                              << "cfg.json: field seed: expected an integer, found 9007199254740990.5";
        QTest::newRow("epochs 1e10") << "{\"epochs\": 1e10}" << "epochs = 10000000000 is out of range; expected 1 to 10000";
        QTest::newRow("seed past int64") << "{\"seed\": 18446744073709551616}"
                                         << "seed = 18446744073709551616 is out of range; expected 0 to 9007199254740991";
        QTest::newRow("epochs 1e30") << "{\"epochs\": 1e30}" << "epochs = 1e30 is out of range; expected 1 to 10000";
    }
    void configIntegersEchoedAsWritten()
    {
        QFETCH(QString, json);
        QFETCH(QString, message);
        QCOMPARE(configErrorOf(json.toStdString()), message);
    }
};

QTEST_GUILESS_MAIN(TestArgs)
#include "tst_args.moc"
