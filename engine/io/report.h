#pragma once

#include <string>

namespace pretext::engine {

// Writes report.html into a run folder: one self-contained file (no scripts, no network, no file beside it) with
// the run's identity and versions, the command that trains it again, the loss and accuracy curves as inline SVG,
// the final metrics, the newest snapshot of each kind as an embedded PNG and the full config.json. Reads the
// folder through RunHistory, so call it after state.json holds the run's final state.
void writeReport(const std::string &runDir);

} // namespace pretext::engine
