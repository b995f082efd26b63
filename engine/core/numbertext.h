#pragma once
// A decimal number as a person types it on a command line: what JSON accepts plus a leading '+', read with
// from_chars, so that "0.001" means the same under every LC_NUMERIC. Kept out of settings.h, which half the
// project includes.
#include <optional>
#include <string_view>

namespace pretext::engine {

// The number `text` spells, or nothing ("", "0,5", "+-1", "1e999", trailing characters).
std::optional<double> parseDecimal(std::string_view text);

} // namespace pretext::engine
