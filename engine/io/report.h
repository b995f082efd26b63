#pragma once

#include <string>

namespace pretext::engine {

// Writes report.html into a run folder: the configuration, the loss curve (inline SVG), the probe and kNN
// results per epoch and the snapshots. Self-contained apart from the snapshot PNGs beside it.
void writeReport(const std::string &runDir);

} // namespace pretext::engine
