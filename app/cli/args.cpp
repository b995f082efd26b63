#include "args.h"

#include "engine/core/errors.h"

#include <cstdlib>
#include <sstream>

namespace pretext::cli {

using engine::ConfigError;

Args::Args(int argc, char **argv, int first, const std::vector<FlagSpec> &specs)
{
    auto findSpec = [&](const std::string &name) -> const FlagSpec * {
        for (const auto &s : specs)
            if (s.name == name) return &s;
        return nullptr;
    };
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("--", 0) != 0 || a == "--") {
            m_positionals.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        std::optional<std::string> inlineValue;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const FlagSpec *spec = findSpec(name);
        if (!spec) throw ConfigError("unknown option --" + name + " (see --help)");
        if (spec->value.empty()) {
            if (inlineValue) throw ConfigError("option --" + name + " takes no value");
            m_values[name] = "1";
        } else if (inlineValue) {
            m_values[name] = *inlineValue;
        } else {
            if (i + 1 >= argc) throw ConfigError("option --" + name + " needs a value: " + spec->value);
            m_values[name] = argv[++i];
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
    long long r = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0') throw ConfigError("--" + name + ": expected an integer, got '" + *v + "'");
    return r;
}

std::optional<double> Args::number(const std::string &name) const
{
    auto v = value(name);
    if (!v) return std::nullopt;
    char *end = nullptr;
    double r = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0') throw ConfigError("--" + name + ": expected a number, got '" + *v + "'");
    return r;
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
