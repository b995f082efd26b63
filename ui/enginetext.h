// Text the engine describes itself with — setting labels and help, method titles and paragraphs, experiment
// questions, dataset class names — shown in the interface language. The engine stays English and Qt-free (its
// text also goes to `pretext-cli --help` and into files); the translation happens here, at display time.
#pragma once

#include "engine/core/settings.h"

#include <QString>

#include <string>
#include <vector>

namespace pretext::ui {

// `text` in the interface language; `text` itself where no translation exists.
QString engineText(const std::string &text);
QString engineText(const char *text);

// Class names as the interface language names them (UTF-8, for the widgets that take std::string).
std::vector<std::string> translatedClassNames(const std::vector<std::string> &names);

// Translates the engine's sentence templates (PRETEXT_TEXT) for the functions that take one: validation messages,
// range texts, the experiment explanation.
engine::TextTranslator engineTranslator();

// What a setting accepts ("2 to 8192", "one of: adam, sgd, lars"), as engine::Setting::rangeText() says it, in the
// interface language.
QString settingRangeText(const engine::Setting &setting);
// A setting's word for its minimum ("all"), translated; typing either the word or its English original selects it.
QString settingSpecialText(const engine::Setting &setting);

// Every text the engine describes itself with right now, sorted, without duplicates: what enginestrings.cpp must
// list for lupdate (tst_translations compares the two and rewrites the file when asked to).
std::vector<std::string> currentEngineTexts();
// The texts enginestrings.cpp lists (generated; see tst_translations).
const std::vector<const char *> &engineTextsForTranslation();
// What the engine says while it works and the names of the experiments' runs, listed by hand in enginetext.cpp (a
// message with a number in it stays English).
const std::vector<const char *> &engineMessagesForTranslation();
// Class names of the built-in datasets, listed by hand in enginetext.cpp (a folder dataset's are its folder names).
const std::vector<const char *> &builtInClassNamesForTranslation();

} // namespace pretext::ui
