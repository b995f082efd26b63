#include "args.h"

#include "engine/core/errors.h"
#include "engine/core/numbertext.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <sstream>

namespace pretext::cli {

using engine::ConfigError;

namespace {

size_t editDistance(const std::string &a, const std::string &b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// "unknown option --epoch (did you mean --epochs?)": the known flag a few edits away (one per three letters, at
// most three), else a pointer to --help.
ConfigError unknownOption(const std::string &name, const std::vector<FlagSpec> &specs)
{
    const size_t allowed = std::max<size_t>(1, std::min<size_t>(3, name.size() / 3));
    std::string best;
    size_t bestDistance = allowed + 1;
    for (const auto &s : specs) {
        const size_t d = editDistance(name, s.name);
        if (d < bestDistance) {
            bestDistance = d;
            best = s.name;
        }
    }
    return ConfigError("unknown option --" + name + (best.empty() ? " (see --help)" : " (did you mean --" + best + "?)"));
}

const FlagSpec *findSpec(const std::vector<FlagSpec> &specs, const std::string &name)
{
    for (const auto &s : specs)
        if (s.name == name) return &s;
    return nullptr;
}

// What CLI11 left over, in command-line order: positionals and unknown options. After "--" everything is a
// positional; before it, "--name" is an unknown option and a single-dash word ("-", "-5", "-x") a positional.
std::vector<std::string> positionalsOrThrow(const std::vector<std::string> &rest, const std::vector<FlagSpec> &specs)
{
    std::vector<std::string> positionals;
    bool onlyPositionals = false;
    for (const auto &a : rest) {
        if (!onlyPositionals && a == "--") {
            onlyPositionals = true;
            continue;
        }
        if (!onlyPositionals && a.rfind("--", 0) == 0) throw unknownOption(a.substr(2, a.find('=') - 2), specs);
        positionals.push_back(a);
    }
    return positionals;
}

} // namespace

Args::Args(int argc, char **argv, int first, const std::vector<FlagSpec> &specs)
{
    // CLI11 does the tokenising (--flag VALUE, --flag=VALUE, switches, "--"); the messages stay ours.
    CLI::App app;
    std::vector<std::pair<const FlagSpec *, CLI::Option *>> options;
    std::vector<std::string> args; // CLI11 takes them in reverse
    for (int i = argc - 1; i >= first; --i) {
        const std::string a = argv[i];
        // --name= is an empty value (CLI11 would take the next word instead)
        const FlagSpec *spec = a.size() > 3 && a.rfind("--", 0) == 0 && a.back() == '=' && a.find('=') == a.size() - 1
                                   ? findSpec(specs, a.substr(2, a.size() - 3))
                                   : nullptr;
        if (spec && !spec->value.empty()) args.emplace_back();
        args.push_back(spec && !spec->value.empty() ? a.substr(0, a.size() - 1) : a);
    }
    try {
        app.set_help_flag(); // --help is a spec like any other (commands answer it before parsing)
        app.allow_extras();  // unknown options and positionals are collected, then judged below
        for (const auto &s : specs) {
            if (findSpec(specs, s.name) != &s) continue; // a repeated name: the first spec wins
            CLI::Option *o = s.value.empty() ? app.add_flag("--" + s.name) : app.add_option("--" + s.name);
            o->multi_option_policy(CLI::MultiOptionPolicy::TakeLast); // a repeated flag: the last value wins
            options.emplace_back(&s, o);
        }
        app.parse(args);
    } catch (const CLI::ArgumentMismatch &) {
        // An option with a value came last; an unknown option before it is named first, as the old parser did.
        positionalsOrThrow(app.remaining(), specs);
        const std::string lastArg = argc > first ? argv[argc - 1] : "";
        const std::string name = lastArg.size() > 2 ? lastArg.substr(2, lastArg.find('=') - 2) : "";
        const FlagSpec *spec = lastArg.rfind("--", 0) == 0 ? findSpec(specs, name) : nullptr;
        if (spec && !spec->value.empty()) throw ConfigError("option --" + name + " needs a value: " + spec->value);
        throw ConfigError("cannot read the command line at '" + lastArg + "'");
    } catch (const CLI::Error &e) { // never an "internal error": CLI11's own words as a usage error
        throw ConfigError(e.what());
    }
    m_positionals = positionalsOrThrow(app.remaining(), specs);
    for (const auto &[spec, option] : options) {
        if (option->count() == 0) continue;
        const std::string &last = option->results().back();
        if (spec->value.empty()) {
            // CLI11 records "true" for a bare switch and the text for --switch=TEXT.
            for (const auto &r : option->results())
                if (r != "true") throw ConfigError("option --" + spec->name + " takes no value");
            m_values[spec->name] = "1";
        } else {
            m_values[spec->name] = last;
        }
    }
}

std::optional<std::string> Args::value(const std::string &name) const
{
    auto it = m_values.find(name);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

std::string Args::value(const std::string &name, const std::string &fallback) const
{
    return value(name).value_or(fallback);
}

std::optional<long long> Args::integer(const std::string &name) const
{
    auto v = value(name);
    if (!v) return std::nullopt;
    char *end = nullptr;
    errno = 0;
    long long r = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0') throw ConfigError("--" + name + ": expected an integer, got '" + *v + "'");
    if (errno == ERANGE) throw ConfigError("--" + name + " = " + *v + " is out of range");
    return r;
}

std::optional<double> Args::number(const std::string &name) const
{
    auto v = value(name);
    if (!v) return std::nullopt;
    // The same reading as a setting's value: "0.001" whatever LC_NUMERIC says (strtod stops at '.' in German).
    if (const auto r = engine::parseDecimal(*v)) return r;
    throw ConfigError("--" + name + ": expected a number, got '" + *v + "'");
}

bool wantsHelp(int argc, char **argv, int first)
{
    for (int i = first; i < argc; ++i)
        if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") return true;
    return false;
}

std::string formatFlags(const std::vector<FlagSpec> &specs)
{
    std::ostringstream out;
    for (const auto &s : specs) {
        std::string left = "  --" + s.name + (s.value.empty() ? "" : " " + s.value);
        out << left;
        if (left.size() < 28) out << std::string(28 - left.size(), ' ');
        else out << "\n" << std::string(28, ' ');
        out << s.help << "\n";
    }
    return out.str();
}

} // namespace pretext::cli
