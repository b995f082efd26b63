// Numbers in files never follow the interface's locale. A German or Chinese teacher types the learning rate and
// the temperature into the new-run dialog the way their locale writes them; the run folder's config.json,
// metrics.jsonl and state.json must still be strict JSON with exactly those values, the engine must read them
// back the same, and report.html's charts must keep their coordinates. Two layers can carry a locale into a file: Qt's
// default QLocale (what the widgets format with) and the C library's (LC_NUMERIC, which QApplication sets from the
// desktop, and which printf/strtod follow), with C++'s global locale (what streams follow) beside it.
//
// The C-library rows need a generated locale: they use the one named (de_DE.UTF-8, zh_CN.UTF-8) when `locale -a`
// lists it, else another one of the same language (for German any locale whose decimal point is a comma will do),
// and skip themselves when there is none. Tests generate nothing (that needs root): on Debian, as root,
// `localedef -i de_DE -f UTF-8 de_DE.UTF-8` and `localedef -i zh_CN -f UTF-8 zh_CN.UTF-8` (package `locales`).
#include "tests/support.h"
#include "ui/newrundialog.h"
#include "ui/settingsform.h"
#include "ui/trainingcontroller.h"

#include "engine/io/json.h"
#include "engine/io/runfolder.h"
#include "engine/train/runconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <clocale>
#include <cmath>
#include <locale>
#include <stdexcept>

using namespace pretext;

namespace {

constexpr double kLr = 0.0003;
constexpr double kTemperature = 0.5;

// Sets the C library's and C++'s global locale to the first of `names` that exists, else to a locale from
// `locale -a` that `fits`. Returns the name set, or an empty string (nothing changed).
QString setProcessLocale(const QStringList &names, const std::function<bool(const QString &)> &fits)
{
    QStringList candidates = names;
    QProcess list;
    list.start(QStringLiteral("locale"), { QStringLiteral("-a") });
    if (list.waitForFinished(5000))
        for (const QString &name : QString::fromLocal8Bit(list.readAllStandardOutput()).split(QLatin1Char('\n')))
            if (!name.trimmed().isEmpty() && fits(name.trimmed())) candidates << name.trimmed();
    for (const QString &name : candidates) {
        const QByteArray n = name.toLocal8Bit();
        if (!std::setlocale(LC_ALL, n.constData())) continue;
        try {
            std::locale::global(std::locale(n.constData())); // streams too (this sets LC_ALL again)
        } catch (const std::runtime_error &) {
            // The C library has it but the C++ library cannot name it: the C part alone is still worth testing.
        }
        return name;
    }
    return {};
}

bool commaDecimal(const QString &name)
{
    const std::string saved = std::setlocale(LC_NUMERIC, nullptr);
    const bool comma
        = std::setlocale(LC_NUMERIC, name.toLocal8Bit().constData()) && std::localeconv()->decimal_point[0] == ',';
    std::setlocale(LC_NUMERIC, saved.c_str());
    return comma;
}

// The JSON number texts of a document, strings left out: "0.0003", "-1e-05", and under a comma locale "0,0003"
// comes out as "0" and "0003" or as "0,0003" where the writer glued them (see numbersUseDots).
QString withoutStrings(const QByteArray &json)
{
    QString out;
    bool inString = false, escaped = false;
    for (const QChar c : QString::fromUtf8(json)) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == QLatin1Char('\\'))
                escaped = true;
            else if (c == QLatin1Char('"'))
                inString = false;
            continue;
        }
        if (c == QLatin1Char('"')) {
            inString = true;
            out += QLatin1String("\"\""); // keeps tokens apart
            continue;
        }
        out += c;
    }
    return out;
}

// No number in the text is written with a decimal comma. Our writer separates array items with ", " in pretty
// files and puts no arrays of numbers into metrics lines, so outside strings a digit, a comma and a digit can only
// be a decimal comma.
bool numbersUseDots(const QByteArray &json, QString *found)
{
    static const QRegularExpression comma(QStringLiteral(R"([0-9],[0-9]+)"));
    const auto m = comma.match(withoutStrings(json));
    if (m.hasMatch()) *found = m.captured(0);
    return !m.hasMatch();
}

// Every value of `expected` (the engine's in-memory config, no text involved) is in `actual`, the file as Qt's
// strict, locale-independent parser read it; numbers compare exactly.
bool sameValues(const engine::json::Value &expected, const QJsonValue &actual, const QString &path, QString *why)
{
    using T = engine::json::Value::Type;
    const auto fail = [&](const QString &what) {
        *why = path + QLatin1String(": ") + what;
        return false;
    };
    switch (expected.type()) {
    case T::Null:
        return actual.isNull() || fail(QStringLiteral("expected null"));
    case T::Bool:
        return (actual.isBool() && actual.toBool() == expected.asBool()) || fail(QStringLiteral("boolean differs"));
    case T::Number:
        if (!actual.isDouble()) return fail(QStringLiteral("not a number"));
        return actual.toDouble() == expected.asNumber()
            || fail(QStringLiteral("%1 instead of %2")
                        .arg(actual.toDouble(), 0, 'g', 17)
                        .arg(expected.asNumber(), 0, 'g', 17));
    case T::String:
        return actual.toString() == QString::fromStdString(expected.asString())
            || fail(QStringLiteral("string differs"));
    case T::Array: {
        const QJsonArray a = actual.toArray();
        if (!actual.isArray() || a.size() != qsizetype(expected.size()))
            return fail(QStringLiteral("%1 items instead of %2").arg(a.size()).arg(expected.size()));
        for (size_t i = 0; i < expected.size(); ++i)
            if (!sameValues(expected.asArray()[i], a.at(qsizetype(i)), path + QStringLiteral("[%1]").arg(i), why))
                return false;
        return true;
    }
    case T::Object: {
        if (!actual.isObject()) return fail(QStringLiteral("not an object"));
        const QJsonObject o = actual.toObject();
        for (const auto &[key, value] : expected.asObject()) {
            const QString k = QString::fromStdString(key);
            if (!o.contains(k)) return fail(k + QStringLiteral(" is missing"));
            if (!sameValues(value, o.value(k), path.isEmpty() ? k : path + QLatin1Char('.') + k, why)) return false;
        }
        return true;
    }
    }
    return false;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Types into a number field the way test users do: select all, erase, type.
void type(ui::NewRunDialog &dlg, const QString &key, const QString &text)
{
    auto *field = qobject_cast<ui::NumberEdit *>(dlg.fieldEditor(key));
    QVERIFY2(field, qPrintable(key));
    field->selectAll();
    QTest::keyClick(field, Qt::Key_Backspace);
    QTest::keyClicks(field, text);
}

} // namespace

class TestLocale : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("PretextTests"));
        qputenv("PRETEXT_NO_DIALOGS", "1");
        m_cLocale = std::setlocale(LC_ALL, nullptr);
        m_qtLocale = QLocale();
    }

    void cleanup()
    {
        std::locale::global(std::locale::classic());
        std::setlocale(LC_ALL, m_cLocale.c_str());
        QLocale::setDefault(m_qtLocale);
    }

    void filesKeepCNumbers_data()
    {
        QTest::addColumn<QLocale>("qtLocale");
        QTest::addColumn<QStringList>("cLocales"); // empty: Qt's default locale only
        QTest::addColumn<QString>("language"); // the prefix of fallbacks from `locale -a`
        const QLocale german(QLocale::German, QLocale::Germany), chinese(QLocale::Chinese, QLocale::China);
        const QStringList de = { "de_DE.UTF-8", "de_DE.utf8", "de_DE" }, zh = { "zh_CN.UTF-8", "zh_CN.utf8", "zh_CN" };
        QTest::newRow("de_DE, Qt") << german << QStringList() << QString();
        QTest::newRow("de_DE, Qt and C library") << german << de << QStringLiteral("de_");
        QTest::newRow("zh_CN, Qt") << chinese << QStringList() << QString();
        QTest::newRow("zh_CN, Qt and C library") << chinese << zh << QStringLiteral("zh_");
    }

    void filesKeepCNumbers()
    {
        QFETCH(QLocale, qtLocale);
        QFETCH(QStringList, cLocales);
        QFETCH(QString, language);
        QLocale::setDefault(qtLocale);
        if (!cLocales.isEmpty()) {
            const QString set = setProcessLocale(cLocales, [&](const QString &name) {
                return name.startsWith(language) || (language == QLatin1String("de_") && commaDecimal(name));
            });
            if (set.isEmpty()) QSKIP("no such C locale on this system (see the comment at the top)");
            qInfo("C library locale %s: decimal point '%s'", qPrintable(set), std::localeconv()->decimal_point);
        }

        // The dialog: lr and τ typed as this locale writes them ("0,0003" in German).
        ui::NewRunDialog dlg;
        engine::RunConfig tiny = pretext::tests::tinyRunConfig("simclr");
        tiny.epochs = 1;
        tiny.stepsPerEpoch = 2;
        dlg.setConfig(tiny);
        const QString lrText = QLocale().toString(kLr, 'g', 6), tauText = QLocale().toString(kTemperature, 'g', 6);
        if (qtLocale.language() == QLocale::German) QCOMPARE(lrText, QStringLiteral("0,0003"));
        type(dlg, QStringLiteral("lr"), lrText);
        type(dlg, QStringLiteral("temperature"), tauText);
        if (QTest::currentTestFailed()) return;
        dlg.revalidateNow();
        QVERIFY2(dlg.isValid(), qPrintable(dlg.validationError()));
        const engine::RunConfig config = dlg.config();
        QCOMPARE(config.lr, kLr); // exactly: the double nearest 0.0003
        QCOMPARE(engine::settingValue(config, "temperature").asNumber(), kTemperature);

        // A tiny run of that config, on the controller's thread as in the window.
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/run");
        ui::TrainingController controller;
        QSignalSpy finished(&controller, &ui::TrainingController::finished);
        QSignalSpy failed(&controller, &ui::TrainingController::failed);
        controller.start(config, dir);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() > 0, 120000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QTRY_COMPARE(controller.state(), ui::TrainingController::State::Idle);

        QString found, why;
        // config.json: strict JSON, the dialog's values exactly, no decimal comma.
        const QByteArray configText = readAll(dir + "/config.json");
        QJsonParseError error {};
        const QJsonDocument configDoc = QJsonDocument::fromJson(configText, &error);
        QVERIFY2(error.error == QJsonParseError::NoError && configDoc.isObject(),
            qPrintable(QStringLiteral("config.json at %1: %2").arg(error.offset).arg(error.errorString())));
        QCOMPARE(configDoc.object().value(QLatin1String("lr")).toDouble(), kLr);
        QCOMPARE(configDoc.object().value(QLatin1String("temperature")).toDouble(), kTemperature);
        QVERIFY2(sameValues(engine::toJson(config), configDoc.object(), QString(), &why), qPrintable(why));
        QVERIFY2(numbersUseDots(configText, &found), qPrintable("config.json holds " + found));
        // The engine reads the same numbers back under this locale (resume, the run library).
        const engine::RunConfig reread = engine::loadRunConfig((dir + "/config.json").toStdString());
        QCOMPARE(reread.lr, kLr);
        QCOMPARE(engine::settingValue(reread, "temperature").asNumber(), kTemperature);

        // metrics.jsonl: every line strict JSON; steps at lr 0.0003 exactly with a finite loss.
        const QByteArray metrics = readAll(dir + "/metrics.jsonl");
        int steps = 0, evals = 0;
        for (const QByteArray &line : metrics.split('\n')) {
            if (line.isEmpty()) continue;
            const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
            QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(),
                qPrintable(QStringLiteral("%1: %2").arg(QString::fromUtf8(line), error.errorString())));
            QVERIFY2(numbersUseDots(line, &found), qPrintable(QString::fromUtf8(line)));
            const QJsonObject o = doc.object();
            if (o.contains(QLatin1String("loss"))) {
                ++steps;
                QCOMPARE(o.value(QLatin1String("lr")).toDouble(), kLr);
                QVERIFY(o.value(QLatin1String("loss")).isDouble());
                QVERIFY(std::isfinite(o.value(QLatin1String("loss")).toDouble()));
                if (o.contains(QLatin1String("temperature")))
                    QCOMPARE(o.value(QLatin1String("temperature")).toDouble(), kTemperature);
            } else if (o.contains(QLatin1String("probe_acc"))) {
                ++evals;
                const double acc = o.value(QLatin1String("probe_acc")).toDouble(-1);
                QVERIFY2(acc > 0 && acc <= 1, line.constData());
            }
        }
        QCOMPARE(steps, 2);
        QCOMPARE(evals, 2); // the random-init baseline and the epoch
        const auto lines = engine::readMetrics((dir + "/metrics.jsonl").toStdString());
        QVERIFY(!lines.empty() && lines.front().find("lr") && lines.front().find("lr")->asNumber() == kLr);

        // state.json too.
        const QByteArray state = readAll(dir + "/state.json");
        QVERIFY(QJsonDocument::fromJson(state, &error).isObject());
        QVERIFY2(numbersUseDots(state, &found), qPrintable("state.json holds " + found));

        // report.html: its charts' coordinates (SVG reads "12,5" as two numbers) and its figures.
        const QString report = QString::fromUtf8(readAll(dir + "/report.html"));
        static const QRegularExpression coordinate(
            QStringLiteral("\\b(?:x|y|x1|x2|y1|y2|cx|cy|r|width|height)='([^']*)'"));
        static const QRegularExpression plain(QStringLiteral("^-?[0-9]+(\\.[0-9]+)?%?$"));
        int coordinates = 0;
        for (auto it = coordinate.globalMatch(report); it.hasNext(); ++coordinates) {
            const QString v = it.next().captured(1);
            QVERIFY2(plain.match(v).hasMatch(), qPrintable("report.html holds " + v));
        }
        QVERIFY(coordinates > 50);
        static const QRegularExpression points(QStringLiteral("points='([^']*)'"));
        for (auto it = points.globalMatch(report); it.hasNext();)
            for (const QString &pair : it.next().captured(1).split(QLatin1Char(' '), Qt::SkipEmptyParts))
                QVERIFY2(pair.count(QLatin1Char(',')) == 1, qPrintable("report.html holds the point " + pair));
        QVERIFY(report.contains(QLatin1String("&quot;lr&quot;: 0.0003")));
    }

private:
    std::string m_cLocale;
    QLocale m_qtLocale;
};

QTEST_MAIN(TestLocale)
#include "tst_locale.moc"
