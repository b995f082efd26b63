// The interface languages: every text is translated into Simplified Chinese with its placeholders intact, the
// engine's own texts are offered to translators, and the window really comes up in the chosen language.
#include "ui/enginetext.h"
#include "ui/language.h"
#include "ui/mainwindow.h"
#include "ui/newrundialog.h"
#include "tests/support.h"

#include "engine/methods/catalog.h"
#include "engine/train/experiment.h"
#include "engine/train/runconfig.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QStandardPaths>
#include <QTabBar>
#include <QFile>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSettings>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <set>

using namespace pretext;

namespace {

const QString kSourceDir = QStringLiteral(PRETEXT_TEST_DATA "/../..");

QString cppLiteral(const std::string &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : QString::fromStdString(text)) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\')) out += QLatin1Char('\\') + c;
        else if (c == QLatin1Char('\n')) out += QStringLiteral("\\n");
        else out += c;
    }
    return out + QLatin1Char('"');
}

bool hasChinese(const QString &s)
{
    for (const QChar c : s)
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) return true;
    return false;
}

// The placeholders of a message, as a sorted list: %1 %2 … and %n must survive translation, or arg() fills the
// wrong slot (or none) at run time.
QStringList placeholders(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("%(?:[1-9][0-9]?|n|L1)"));
    QStringList found;
    for (auto it = re.globalMatch(s); it.hasNext();) found << it.next().captured();
    found.sort();
    return found;
}

struct TsMessage {
    QString context, source, comment;
    QStringList translations; // one per plural form
    QString type;             // "", "unfinished", "vanished", "obsolete"
};

QList<TsMessage> readTs(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    QXmlStreamReader xml(&f);
    QList<TsMessage> messages;
    QString context;
    while (!xml.atEnd()) {
        if (!xml.readNextStartElement()) continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            TsMessage m;
            m.context = context;
            while (xml.readNextStartElement()) {
                if (xml.name() == QLatin1String("source")) {
                    m.source = xml.readElementText();
                } else if (xml.name() == QLatin1String("comment")) {
                    m.comment = xml.readElementText();
                } else if (xml.name() == QLatin1String("translation")) {
                    m.type = xml.attributes().value(QLatin1String("type")).toString();
                    bool numerus = false;
                    QString text;
                    while (xml.readNext() != QXmlStreamReader::EndElement || xml.name() != QLatin1String("translation")) {
                        if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
                            numerus = true;
                            m.translations << xml.readElementText();
                        } else if (xml.isCharacters()) {
                            text += xml.text();
                        }
                        if (xml.atEnd()) break;
                    }
                    if (!numerus) m.translations << text;
                } else {
                    xml.skipCurrentElement();
                }
            }
            messages << m;
        }
    }
    return messages;
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the language choice goes to a test settings file
        QCoreApplication::setOrganizationName(QStringLiteral("PretextTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_translations"));
        QSettings().clear();
    }

    // enginestrings.cpp lists exactly the texts the engine describes itself with; a new setting or method
    // regenerates it with PRETEXT_UPDATE_ENGINE_TEXTS=1 and then `update_translations`.
    void engineTextsAreOfferedToTranslators()
    {
        const std::vector<std::string> current = ui::currentEngineTexts();
        QVERIFY(current.size() > 100);
        std::set<std::string> listed;
        for (const char *t : ui::engineTextsForTranslation()) listed.insert(t);
        const std::set<std::string> wanted(current.begin(), current.end());
        if (qEnvironmentVariableIsSet("PRETEXT_UPDATE_ENGINE_TEXTS") && listed != wanted) {
            QFile f(kSourceDir + QStringLiteral("/ui/enginestrings.cpp"));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QString out = QStringLiteral(
                "// Generated by tst_translations (PRETEXT_UPDATE_ENGINE_TEXTS=1) from the engine's settings, methods and\n"
                "// experiments, so that lupdate offers them to translators; do not edit by hand.\n"
                "#include \"ui/enginetext.h\"\n\n#include <QtGlobal>\n\nnamespace pretext::ui {\n\n"
                "const std::vector<const char *> &engineTextsForTranslation()\n{\n"
                "    static const std::vector<const char *> texts = {\n");
            for (const auto &t : current) out += QStringLiteral("        QT_TRANSLATE_NOOP(\"engine\", %1),\n").arg(cppLiteral(t));
            out += QStringLiteral("    };\n    return texts;\n}\n\n} // namespace pretext::ui\n");
            f.write(out.toUtf8());
            QSKIP("ui/enginestrings.cpp rewritten; rebuild and run update_translations");
        }
        for (const auto &t : wanted)
            QVERIFY2(listed.count(t), qPrintable(QStringLiteral("not in ui/enginestrings.cpp (run this test with "
                                                                "PRETEXT_UPDATE_ENGINE_TEXTS=1): ") + QString::fromStdString(t)));
        for (const auto &t : listed)
            QVERIFY2(wanted.count(t), qPrintable(QStringLiteral("ui/enginestrings.cpp lists a text the engine no longer "
                                                                "has: ") + QString::fromStdString(t)));
    }

    // Every message of the Chinese file is finished, in Chinese, and keeps its placeholders.
    void chineseIsCompleteAndKeepsPlaceholders()
    {
        const QList<TsMessage> messages = readTs(kSourceDir + QStringLiteral("/translations/pretext_zh_CN.ts"));
        QVERIFY(messages.size() > 500);
        QStringList problems;
        for (const TsMessage &m : messages) {
            const QString where = m.context + QStringLiteral(": ") + m.source.left(80);
            if (m.type == QLatin1String("vanished") || m.type == QLatin1String("obsolete")) continue;
            if (m.type == QLatin1String("unfinished") || m.translations.isEmpty() || m.translations.first().isEmpty()) {
                problems << QStringLiteral("untranslated: ") + where;
                continue;
            }
            for (const QString &t : m.translations) {
                if (placeholders(t) != placeholders(m.source))
                    problems << QStringLiteral("placeholders %1 vs %2: ").arg(placeholders(m.source).join(QLatin1Char(' ')),
                                                                              placeholders(t).join(QLatin1Char(' '))) + where;
                // A name (SimCLR, Barlow Twins), a unit, a key or a list of values may stay as it is; an English
                // phrase ("two views") may not.
                static const QRegularExpression phrase(QStringLiteral("[A-Za-z]{3,}\\s+[a-z]{3,}"));
                if (!hasChinese(t) && phrase.match(m.source).hasMatch())
                    problems << QStringLiteral("left in English: ") + where;
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 40).join(QLatin1Char('\n'))
                                                + QStringLiteral("\n(%1 problems)").arg(problems.size())));
    }

    // The compiled translation answers for the engine's texts too, not only the tr() calls.
    void compiledChineseTranslatesEngineTexts()
    {
        QTranslator zh;
        QVERIFY(zh.load(QStringLiteral(":/i18n/pretext_zh_CN.qm")));
        int missing = 0;
        QStringList examples;
        for (const char *t : ui::engineTextsForTranslation()) {
            if (zh.translate("engine", t).isEmpty()) {
                ++missing;
                if (examples.size() < 10) examples << QString::fromUtf8(t).left(60);
            }
        }
        for (const auto *list : { &ui::builtInClassNamesForTranslation(), &ui::engineMessagesForTranslation() })
            for (const char *t : *list)
                if (zh.translate("engine", t).isEmpty()) ++missing, examples << QString::fromUtf8(t);
        QVERIFY2(missing == 0, qPrintable(QStringLiteral("%1 engine texts without a translation, e.g. ").arg(missing)
                                          + examples.join(QStringLiteral(" | "))));
    }

    // The experiment summary's explanation is built from translatable sentences: through the Chinese translation
    // every sentence, and every word put into one (an augmentation, "points"), comes out in Chinese, filled.
    void experimentExplanationInChinese_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<double>("drop"); // the second run's probe below the first's
        QTest::addColumn<double>("step"); // each later run's below the one before
        QTest::newRow("simclr-probe") << QStringLiteral("simclr-probe") << 0.0 << 0.0;
        QTest::newRow("ablation, ranked") << QStringLiteral("ablation") << 0.12 << 0.015;
        QTest::newRow("ablation, no removal matters") << QStringLiteral("ablation") << 0.004 << -0.001;
        QTest::newRow("temperature") << QStringLiteral("temperature") << 0.02 << 0.015;
        QTest::newRow("byol-vs-simclr") << QStringLiteral("byol-vs-simclr") << 0.03 << 0.0;
        QTest::newRow("transfer") << QStringLiteral("transfer") << 0.07 << 0.0;
    }
    void experimentExplanationInChinese()
    {
        QFETCH(QString, preset);
        QFETCH(double, drop);
        QFETCH(double, step);
        QTranslator zh;
        QVERIFY(zh.load(QStringLiteral(":/i18n/pretext_zh_CN.qm")));
        const engine::TextTranslator translate = [&zh](const char *text) {
            const QString t = zh.translate("engine", text);
            return t.isEmpty() ? std::string(text) : t.toStdString();
        };
        const engine::ExperimentSpec spec = tests::tinyExperiment(preset.toStdString());
        // Plausible finished rows.
        std::vector<engine::ExperimentRow> rows;
        double probe = 0.78;
        for (const auto &run : spec.runs) {
            engine::ExperimentRow r;
            r.id = run.id;
            r.label = run.label;
            r.value = run.value;
            r.state = "finished";
            r.probe = probe;
            r.knn = probe - 0.03;
            r.randomProbe = 0.41;
            r.randomKnn = 0.36;
            r.seconds = 95;
            for (double f : spec.fractions) {
                r.transfer.push_back({f, int64_t(f * 60000), probe - 0.1, probe - 0.15});
                r.randomTransfer.push_back({f, int64_t(f * 60000), 0.3, 0.35});
            }
            probe -= rows.empty() ? drop : step;
            rows.push_back(r);
        }
        if (preset == QLatin1String("temperature")) rows.front().state = "diverged";
        const QString english = QString::fromStdString(engine::explainExperiment(spec, rows));
        const QString chinese = QString::fromStdString(engine::explainExperiment(spec, rows, translate));
        QVERIFY2(chinese != english, qPrintable(english));
        QVERIFY2(hasChinese(chinese), qPrintable(chinese));
        static const QRegularExpression phrase(QStringLiteral("[A-Za-z]{3,}\\s+[a-z]{3,}"));
        const auto left = phrase.match(chinese);
        QVERIFY2(!left.hasMatch(), qPrintable(QStringLiteral("English left: '%1' in %2").arg(left.captured(), chinese)));
        static const QRegularExpression placeholder(QStringLiteral("%[1-9]"));
        QVERIFY2(!placeholder.match(chinese).hasMatch(), qPrintable(chinese));
    }

    // What the dialog says under a field that is out of range or of the wrong type is in Chinese, with the key and
    // the value as typed; the same check without a translator says it in English, as the CLI and files do.
    void validationMessagesInChinese()
    {
        QTranslator zh;
        QVERIFY(zh.load(QStringLiteral(":/i18n/pretext_zh_CN.qm")));
        const engine::TextTranslator translate = [&zh](const char *text) {
            const QString t = zh.translate("engine", text);
            return t.isEmpty() ? std::string(text) : t.toStdString();
        };
        engine::RunConfig c = tests::tinyRunConfig();
        engine::setSettingValue(c, "lr", 20.0);
        engine::setSettingValue(c, "batch_size", 1.0);
        c.dataset.clear();
        const auto english = engine::validationProblems(c);
        const auto chinese = engine::validationProblems(c, translate);
        QCOMPARE(chinese.size(), english.size());
        QVERIFY(english.size() >= 3);
        static const QRegularExpression phrase(QStringLiteral("[A-Za-z]{3,}\\s+[a-z]{3,}"));
        for (size_t i = 0; i < chinese.size(); ++i) {
            const QString zhText = QString::fromStdString(chinese[i].second);
            const QString enText = QString::fromStdString(english[i].second);
            QCOMPARE(chinese[i].first, english[i].first);
            QVERIFY2(hasChinese(zhText), qPrintable(zhText));
            QVERIFY2(!hasChinese(enText), qPrintable(enText));
            QVERIFY2(!zhText.contains(QLatin1Char('%')), qPrintable(zhText));
            // Only keys and values stay Latin ("fashion-mnist or shapes:2000" is an example of a value).
            QVERIFY2(!phrase.match(QString(zhText).remove(QStringLiteral("fashion-mnist"))).hasMatch(), qPrintable(zhText));
        }
        const engine::Setting *lr = engine::findSetting(engine::runSettings(), "lr");
        QVERIFY(lr);
        QCOMPARE(QString::fromStdString(engine::checkSetting(*lr, engine::json::Value(20.0))),
                 QStringLiteral("lr = 20 is out of range; expected more than 0, at most 10"));
        QVERIFY(QString::fromStdString(engine::checkSetting(*lr, engine::json::Value(20.0), translate))
                    .startsWith(QStringLiteral("lr = 20 超出范围")));
    }

    void resolvesTheLanguage_data()
    {
        QTest::addColumn<QString>("choice");
        QTest::addColumn<QString>("resolved");
        QTest::newRow("english") << QStringLiteral("en") << QStringLiteral("en");
        QTest::newRow("chinese") << QStringLiteral("zh_CN") << QStringLiteral("zh_CN");
    }
    void resolvesTheLanguage()
    {
        QFETCH(QString, choice);
        QFETCH(QString, resolved);
        QCOMPARE(ui::resolveLanguage(choice), resolved);
    }

    // The window built after installing the Chinese translators shows Chinese menus, a Chinese method list and
    // Chinese setting labels; View > Language stores the choice for the next start.
    void windowComesUpInChinese()
    {
        QCOMPARE(ui::installTranslators(*QCoreApplication::instance(), QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        QVERIFY(hasChinese(ui::engineText("Batch size")));
        QVERIFY(hasChinese(ui::engineText("Sandal")));
        ui::MainWindow window;
        QStringList english;
        for (QAction *menu : window.menuBar()->actions()) {
            if (!hasChinese(menu->text())) english << menu->text();
            for (QAction *a : menu->menu()->actions()) {
                if (a->isSeparator() || a->text().isEmpty()) continue;
                // Dock titles are checked through the docks; language names are in their own language.
                if (a->objectName().startsWith(QLatin1String("language-")) && a->objectName() != QLatin1String("language-system"))
                    continue;
                if (!hasChinese(a->text())) english << a->text();
            }
        }
        // Every dock's title and every tab of the window.
        for (auto *dock : window.findChildren<QDockWidget *>())
            if (!hasChinese(dock->windowTitle())) english << dock->windowTitle();
        for (auto *tabs : window.findChildren<QTabBar *>())
            for (int i = 0; i < tabs->count(); ++i)
                if (!hasChinese(tabs->tabText(i)) && !tabs->tabText(i).isEmpty()) english << tabs->tabText(i);
        QVERIFY2(english.isEmpty(), qPrintable(QStringLiteral("not in Chinese: ") + english.join(QStringLiteral(", "))));

        // The new-run dialog: Chinese labels, each reachable with Alt and a letter ("批大小(&B)", "&kNN 近邻数").
        ui::NewRunDialog dialog;
        dialog.setConfig(ui::MainWindow::classroomDemoConfig());
        const auto labels = dialog.findChildren<QLabel *>();
        int chineseLabels = 0, withMnemonic = 0;
        for (QLabel *l : labels) {
            if (!l->buddy() || !hasChinese(l->text())) continue;
            ++chineseLabels;
            static const QRegularExpression mnemonic(QStringLiteral("(^|[^&])&[^&\\s]"));
            if (mnemonic.match(l->text()).hasMatch()) ++withMnemonic;
            else qWarning("no Alt letter: %s", qPrintable(l->text()));
        }
        QVERIFY2(chineseLabels > 10, qPrintable(QString::number(chineseLabels)));
        QCOMPARE(withMnemonic, chineseLabels);

        auto *chinese = window.findChild<QAction *>(QStringLiteral("language-zh_CN"));
        auto *en = window.findChild<QAction *>(QStringLiteral("language-en"));
        QVERIFY(chinese && en);
        en->trigger();
        QCOMPARE(ui::storedLanguage(), QStringLiteral("en"));
        chinese->trigger();
        QCOMPARE(ui::storedLanguage(), QStringLiteral("zh_CN"));
        window.findChild<QAction *>(QStringLiteral("language-system"))->trigger();
        QCOMPARE(ui::storedLanguage(), QString());
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
