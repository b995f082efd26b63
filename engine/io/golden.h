// Checks the engine's losses and transforms against a golden file (format "pretext-golden/1", computed with
// PyTorch from the reference text's formulas). Float outputs pass when |ours - golden| <= 1e-5 + 1e-4 |golden|;
// integer outputs must match exactly.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace pretext::engine {

struct GoldenCaseResult {
    std::string name;
    std::string op;
    bool implemented = false;
    bool passed = false;
    double maxAbsError = 0; // over every output of the case
    std::string detail;     // which output failed, or why the case could not be evaluated
};

struct GoldenReport {
    std::vector<GoldenCaseResult> cases;
    std::set<std::string> unimplementedOps;
    int failures() const;
    int evaluated() const;
};

// Throws DataError naming the file when it cannot be read or is not a pretext-golden/1 file.
GoldenReport verifyGolden(const std::string &path);

// The ops this build of the engine implements.
std::vector<std::string> goldenOps();

} // namespace pretext::engine
