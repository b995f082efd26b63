// Preview snapshots as JSON, so that an opened run folder shows its last live views again
// (snapshots/latest.json, written at every epoch end and when a run stops).
#pragma once

#include "engine/core/previews.h"
#include "engine/io/json.h"

#include <string>

namespace pretext::engine {

json::Value toJson(const PreviewSnapshot &snapshot);
// Throws DataError naming `source` when the JSON is not a snapshot.
PreviewSnapshot snapshotFromJson(const json::Value &value, const std::string &source);

void saveSnapshot(const std::string &path, const PreviewSnapshot &snapshot);
PreviewSnapshot loadSnapshot(const std::string &path);

} // namespace pretext::engine
