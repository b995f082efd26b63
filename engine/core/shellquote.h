// A word as a POSIX shell reads it back unchanged: as it is when it holds only safe characters, else in single
// quotes. For the commands the engine prints or writes (report.html's "train it again", bench's reference runs).
#pragma once

#include <algorithm>
#include <cstring>
#include <string>

namespace pretext::engine {

inline std::string shellQuoted(const std::string &s)
{
    const auto safe = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || std::strchr("/._-+:,=@%", c) != nullptr;
    };
    if (!s.empty() && std::all_of(s.begin(), s.end(), safe)) return s;
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace pretext::engine
