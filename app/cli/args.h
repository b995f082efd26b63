// A small command-line parser for pretext-cli: subcommand, --flag VALUE / --flag=VALUE, boolean switches
// and positionals. Unknown flags are errors that name the flag (exit code 2).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pretext::cli {

struct FlagSpec {
    std::string name;  // without dashes
    std::string value; // metavar; empty for a switch
    std::string help;
};

class Args {
public:
    // Parses argv[first..]; throws ConfigError on an unknown flag or a missing value.
    Args(int argc, char **argv, int first, const std::vector<FlagSpec> &specs);

    bool has(const std::string &name) const { return m_values.count(name) > 0; }
    std::optional<std::string> value(const std::string &name) const;
    std::string value(const std::string &name, const std::string &fallback) const;
    // Numeric accessors; throw ConfigError "--name: expected ..., got '...'".
    std::optional<long long> integer(const std::string &name) const;
    std::optional<double> number(const std::string &name) const;
    const std::vector<std::string> &positionals() const { return m_positionals; }

private:
    std::map<std::string, std::string> m_values;
    std::vector<std::string> m_positionals;
};

std::string formatFlags(const std::vector<FlagSpec> &specs);

// True when --help or -h appears among argv[first..].
bool wantsHelp(int argc, char **argv, int first = 2);

} // namespace pretext::cli
