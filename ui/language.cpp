#include "ui/language.h"

#include "engine/core/datapaths.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace pretext::ui {

namespace {

const char *kLanguageKey = "ui/language";

// Where the workbench's .qm files are looked for, first found wins: installed beside the binary, then compiled in.
QStringList translationDirs()
{
    QStringList dirs;
    if (const std::string installed = engine::installedDataDir(); !installed.empty())
        dirs << QString::fromStdString(installed) + QStringLiteral("/translations");
    return dirs << QStringLiteral(":/i18n");
}

bool loadFirst(QTranslator &translator, const QLocale &locale, const QString &base, const QStringList &dirs)
{
    for (const QString &dir : dirs)
        if (translator.load(locale, base, QStringLiteral("_"), dir)) return true;
    return false;
}

} // namespace

QList<LanguageChoice> languageChoices()
{
    return { { QString(), QCoreApplication::translate("pretext::ui::Language", "System language") },
        { QStringLiteral("en"), QStringLiteral("English") },
        { QStringLiteral("zh_CN"), QStringLiteral("中文（简体）") } };
}

QString storedLanguage()
{
    return QSettings().value(QLatin1String(kLanguageKey)).toString();
}

void storeLanguage(const QString &code)
{
    if (code.isEmpty())
        QSettings().remove(QLatin1String(kLanguageKey));
    else
        QSettings().setValue(QLatin1String(kLanguageKey), code);
}

QString resolveLanguage(const QString &choice)
{
    if (choice == QLatin1String("en") || choice == QLatin1String("zh_CN")) return choice;
    // Any Chinese locale reads Simplified Chinese better than English (there is no Traditional translation yet).
    return QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

QString installTranslators(QCoreApplication &app, const QString &choice)
{
    QString language = resolveLanguage(choice);
    const QLocale locale(language);
    auto *own = new QTranslator(&app);
    if (!loadFirst(*own, locale, QStringLiteral("pretext"), translationDirs())) {
        delete own;
        return QStringLiteral("en");
    }
    app.installTranslator(own);
    // English is the source text: its file only holds plural forms ("1 second", "2 seconds").
    if (language == QLatin1String("en")) return language;
    // Qt's own strings (the buttons of message boxes and file dialogs); Debian's qt6-translations-l10n.
    auto *qt = new QTranslator(&app);
    if (qt->load(
            locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    else
        delete qt;
    QLocale::setDefault(locale);
    return language;
}

} // namespace pretext::ui
