// Fault injection for the run folder's writes, so that tests can see what a full disk, a failing disk or a folder
// turned read-only does to a run without root, a tmpfs or a real disk to fill.
//
//   PRETEXT_FAULT=KIND[:MATCH[:SKIP]]
//     KIND   enospc (disk full) | eio (I/O error) | erofs (read-only file system)
//     MATCH  a part of the written file's path, e.g. latest.pt or metrics.jsonl (empty or absent: every file)
//     SKIP   how many matching writes still succeed first (default 0)
//   Every matching write after those fails, as a full disk stays full until someone frees space.
//
// Tests in the same process call inject() and clear() instead of setting the variable.
#pragma once

#include <cstdint>
#include <string>

namespace pretext::engine::faults {

struct Fault {
    int error = 0;       // errno to fail with; 0: no fault
    std::string match;   // a part of the path; empty: any path
    int64_t skip = 0;    // matching writes that still succeed first
};

// Parses "enospc:latest.pt:2"; throws ConfigError naming the variable and the accepted kinds.
Fault parseFault(const std::string &spec);
// Replaces the fault (the environment's, read once on first use) for this process.
void inject(const Fault &fault);
void clear();
// Called by every writer of the run folder before it writes `path`: 0, or the errno the write must fail with.
int beforeWrite(const std::string &path);
// The errno a write of `path` would fail with now, without counting it as a write (for checks such as "is the folder
// writable?").
int peek(const std::string &path);

} // namespace pretext::engine::faults
