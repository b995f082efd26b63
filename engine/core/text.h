// Sentences the engine writes for people (an experiment's explanation), translatable without Qt: the engine builds
// them from whole-sentence templates with %1..%9 placeholders, marked with PRETEXT_TEXT so that lupdate
// (`-tr-function-alias QT_TRANSLATE_NOOP+=PRETEXT_TEXT`) offers them to translators, and the caller may pass a
// TextTranslator that looks a template up before it is filled. Without one the text stays English (files, CLI).
#pragma once

#include <functional>
#include <string>
#include <vector>

// A translatable template: `text` itself; `context` is the Qt translation context the UI looks it up in.
#define PRETEXT_TEXT(context, text) text

namespace pretext::engine {

// The template's text in the reader's language; an empty function means English.
using TextTranslator = std::function<std::string(const char *)>;

// `tmpl` with %1..%9 replaced by args[0..8], as QString::arg does with several arguments: a placeholder may appear
// more than once or in any order, and what is inserted is not scanned again. A %N without its argument stays.
inline std::string fillText(std::string tmpl, const std::vector<std::string> &args)
{
    std::string out;
    out.reserve(tmpl.size() + 16 * args.size());
    for (size_t i = 0; i < tmpl.size(); ++i) {
        const char c = tmpl[i];
        if (c == '%' && i + 1 < tmpl.size() && tmpl[i + 1] >= '1' && tmpl[i + 1] <= '9') {
            const size_t n = static_cast<size_t>(tmpl[i + 1] - '1');
            if (n < args.size()) {
                out += args[n];
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

} // namespace pretext::engine
