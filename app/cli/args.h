// pretext-cli's flags: subcommand, --flag VALUE / --flag=VALUE, boolean switches and positionals ("--" ends the
// flags). CLI11 reads the command line (args.cpp only); the messages and the help text are ours. An unknown flag is
// an error that names it, and a known flag a typo away (exit code 2).
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
    // Parses argv[first..]; throws ConfigError on an unknown flag ("unknown option --epoch (did you mean
    // --epochs?)"), a missing value ("option --out needs a value: DIR") or a value given to a switch.
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
