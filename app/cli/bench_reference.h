// The PyTorch baselines of `pretext-cli bench` (tools/reference_*.py under Debian's python3): finding the script,
// running it and reading its machine-readable lines ("reference_KEY VALUE", or "reference_unavailable: why").
#pragma once

#include "engine/core/shellquote.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pretext::cli {

struct ReferenceRun {
    bool ran = false;                          // the script exited 0
    std::map<std::string, std::string> values; // "reference_KEY VALUE" lines, by KEY
    std::string unavailable;                   // the script's own "reference_unavailable: why", if it said so
    std::string why;                           // why there is no result, for a person; empty when ran
    // A "reference_KEY" value as a number; nullopt when absent or not a number.
    std::optional<double> number(const std::string &key) const;
};

using engine::shellQuoted; // for /bin/sh

// tools/<fileName> of the installed data (<prefix>/share/pretext-workbench/tools/), then of the source tree
// pretext-cli was built from, then of the working directory; empty when none exists.
std::string findReferenceScript(const std::string &fileName);

// Runs `python script args...` (stderr merged), collecting its reference_ lines. Never throws for a missing
// interpreter, script or module: the result says why.
ReferenceRun runReferenceScript(const std::string &python, const std::string &script,
                                const std::vector<std::string> &args);

} // namespace pretext::cli
