// checkpoints/latest.pt: a short text header that says which run and step the checkpoint belongs to and checksums
// the payload, followed by the payload (a LibTorch archive of the networks, optimisers, RNG states and progress):
//
//   PRETEXT-CHECKPOINT 1\n
//   {"run_id": "...", "config_hash": "...", "step": N, "payload_bytes": N, "payload_crc32": "8 hex digits",
//    "config": {...}}\n
//   payload
//
// `head -2 latest.pt` shows whose it is. A file from before this format (a bare LibTorch archive) reads as format 0,
// with no identity and no checksum; the trainer still checks its shapes and weights.
#pragma once

#include "engine/io/json.h"

#include <cstdint>
#include <string>

namespace pretext::engine {

struct CheckpointIdentity {
    int format = 0;
    std::string runId;      // config.json's run_id
    std::string configHash; // configHash() of the run's config
    int64_t step = -1;
    json::Value config;     // the config the checkpoint's run trained with (format >= 1)
};

inline constexpr int kCheckpointFormat = 1;

// The header and the payload as one file's bytes (identity.format is ignored: the current format is written).
std::string encodeCheckpoint(const CheckpointIdentity &identity, const std::string &payload);
// Parses and verifies `bytes`: a well-formed header, a payload of the announced length and checksum. Throws
// DataError "SOURCE: checkpoint damaged: ..." otherwise. The payload goes to *payload when given.
CheckpointIdentity decodeCheckpoint(const std::string &bytes, const std::string &source, std::string *payload);
// Reads the file and decodes it (DataError naming the file when it cannot be read).
CheckpointIdentity readCheckpointFile(const std::string &path, std::string *payload = nullptr);

// A hash (16 hex digits) of the settings that decide what a run computes: every field of the config object except
// those a resume may change (device, threads) and the record-only ones (versions, run_id).
std::string configHash(const json::Value &config);
// The first setting whose value differs between two configs, compared as configHash() sees them ("" if none):
// "batch_size (256 in the checkpoint, 128 in config.json)".
std::string firstConfigDifference(const json::Value &checkpointConfig, const json::Value &runConfig);
// A new run's identity: 16 random hex digits.
std::string newRunId();

} // namespace pretext::engine
