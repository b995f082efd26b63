// The run folder contract (PRODUCT.md): config.json, metrics.jsonl, checkpoints/, snapshots/, report.html.
// Torch-free helpers, shared by the trainer, pretext-cli and the GUI (which reads finished runs).
#pragma once

#include "engine/core/types.h"
#include "engine/io/json.h"

#include <cstdio>
#include <string>
#include <vector>

namespace pretext::engine {

namespace runfolder {
inline constexpr const char *kConfig = "config.json";
inline constexpr const char *kMetrics = "metrics.jsonl";
inline constexpr const char *kCheckpoints = "checkpoints";
inline constexpr const char *kLatestCheckpoint = "checkpoints/latest.pt";
inline constexpr const char *kSnapshots = "snapshots";
inline constexpr const char *kReport = "report.html";
// {"state": running | finished | stopped | interrupted | diverged, "step", "total_steps", "elapsed_s", "started",
// "updated", "error"}: written atomically by the trainer at its start, at every checkpoint and at its end.
inline constexpr const char *kState = "state.json";
} // namespace runfolder

std::string joinPath(const std::string &dir, const std::string &name);
// Now in UTC, as state.json and report.html date things: "2026-12-06T19:10:07Z".
std::string utcNow();
bool pathExists(const std::string &path);
// Creates a directory and its parents; throws ConfigError naming the path on failure.
void makeDirs(const std::string &path);

// Writes `content` to `path` so that readers see the old or the new file, never a partial one:
// write to a temporary file (PATH.tmp.PID) in the same folder, fsync it, rename it over `path`, fsync the folder.
// On failure the temporary file is removed, `path` is unchanged, and a StorageError names the file and the cause
// (disk full, read-only file system, I/O error). Faults can be injected (engine/core/faults.h).
void writeFileAtomically(const std::string &path, const std::string &content);

// Throws the StorageError a person can act on for a failed write of `path` with errno `error`:
// "disk full: could not write PATH (No space left on device)", "PATH cannot be written: the folder is read-only ...".
[[noreturn]] void throwStorageError(const std::string &path, int error);
// Whether files can be created in `dir` (false on a read-only file system or without permission).
bool folderWritable(const std::string &dir);
// Removes temporary files (NAME.tmp.PID) left by writers that were killed, in the run folder and its checkpoints/
// and snapshots/, whose writer (PID) is no longer alive. Only while holding the run's lock. Returns the bytes freed.
int64_t removeStaleTemporaries(const std::string &runDir);

// An exclusive lock on a run folder (flock on RUN/.lock), held while a Trainer works in it, so that two
// processes never train into the same folder. Throws ConfigError when another process holds it.
class RunFolderLock {
public:
    RunFolderLock() = default;
    explicit RunFolderLock(const std::string &runDir);
    ~RunFolderLock();
    RunFolderLock(const RunFolderLock &) = delete;
    RunFolderLock &operator=(const RunFolderLock &) = delete;

private:
    int m_fd = -1;
};

// Appends one JSON object per line with one write(2) each, so a crash loses at most the line being written.
// open() repairs a torn last line (power lost mid-write) by cutting it off, so that later lines start on their own.
// A failed append (disk full, I/O error) cuts the partial line off again and throws StorageError: the log keeps
// exactly the lines written before.
class MetricsLog {
public:
    MetricsLog() = default;
    ~MetricsLog();
    void open(const std::string &path);
    MetricsLog(const MetricsLog &) = delete;
    MetricsLog &operator=(const MetricsLog &) = delete;
    void append(const json::Value &line);
    // The lines appended so far on the disk (before a checkpoint that must not be ahead of the log).
    void sync();
    bool isOpen() const { return m_fd >= 0; }

private:
    int m_fd = -1;
    int64_t m_size = 0; // bytes of complete lines
    std::string m_path;
};

// Reads metrics.jsonl; a torn last line (a crash mid-write) is skipped, any other bad line is a DataError
// naming the file and line.
std::vector<json::Value> readMetrics(const std::string &path);

// Keeps only the lines with step <= lastStep (used when resuming from a checkpoint older than the log's end,
// so the resumed run does not log the same steps twice).
void truncateMetrics(const std::string &path, int64_t lastStep);

// Minimal PNG encoder (8-bit gray or RGB) for snapshots; the engine has no image library.
void writePng(const std::string &path, int width, int height, int channels, const uint8_t *pixels);
// A labelled mosaic of an image grid (nearest-neighbour upscaled), written as one PNG.
void writeGridPng(const std::string &path, const ImageGrid &grid, int columns, int scale);
// A similarity matrix as a PNG heatmap (blue-white-red, [-1, 1]).
void writeMatrixPng(const std::string &path, const Matrix &m, int cellSize);

} // namespace pretext::engine
