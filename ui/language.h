// The interface language: English (the source text) or Simplified Chinese (the reference text's language), chosen
// from the system locale unless the user picked one in View → Language (stored in QSettings, applied at the next
// start). Translations are Qt Linguist files built from translations/*.ts; an installed copy beside the binary
// (../share/pretext-workbench/translations) wins over the one compiled into it, so a translator can try an edit
// without rebuilding.
#pragma once

#include <QList>
#include <QString>

class QCoreApplication;

namespace pretext::ui {

struct LanguageChoice {
    QString code;       // "" = the system's language, "en", "zh_CN"
    QString nativeName; // in its own language, as a language menu shows it ("English", "中文（简体）")
};

// The choices View → Language offers: the system's language first, then every language with a translation.
QList<LanguageChoice> languageChoices();
// The stored choice ("" when the user never picked one or picked the system's).
QString storedLanguage();
void storeLanguage(const QString &code);
// The language a choice resolves to: "zh_CN" for "" on a Chinese system, "en" for an unknown one.
QString resolveLanguage(const QString &choice);
// Installs the translators of the stored choice (the workbench's and Qt's own dialogs') into `app`, and makes
// QLocale's default follow it. Returns the language applied ("en" when no translation was needed or found).
QString installTranslators(QCoreApplication &app, const QString &choice);

} // namespace pretext::ui
