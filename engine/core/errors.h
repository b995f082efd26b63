// Errors that cross the engine's boundary. Each maps to one documented exit code of pretext-cli
// and carries a message a person can act on (it names the file, field or value that is wrong).
#pragma once

#include <stdexcept>
#include <string>

namespace pretext::engine {

enum ExitCode : int {
    ExitOk = 0,
    ExitUsage = 2,       // bad usage or configuration
    ExitBadData = 3,     // unreadable or malformed data
    ExitDiverged = 4,    // non-finite loss
    ExitStorage = 5,     // the run folder cannot be written: disk full, read-only, I/O error
    ExitInterrupted = 130,
};

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    virtual int exitCode() const { return 1; }
};

// A configuration field or command-line value is out of range; the message names the field and the range.
class ConfigError : public Error {
public:
    using Error::Error;
    int exitCode() const override { return ExitUsage; }
};

// A data file or folder is missing, truncated or malformed; the message names the file and the fault.
class DataError : public Error {
public:
    using Error::Error;
    int exitCode() const override { return ExitBadData; }
};

// The run folder could not be written (disk full, read-only file system, I/O error). The message names the file and
// the cause; what was written before (checkpoints, metrics lines) is intact.
class StorageError : public Error {
public:
    using Error::Error;
    int exitCode() const override { return ExitStorage; }
};

// Training produced a non-finite loss.
class DivergedError : public Error {
public:
    using Error::Error;
    int exitCode() const override { return ExitDiverged; }
};

// The run was stopped by the user (Ctrl-C) after writing a checkpoint.
class InterruptedError : public Error {
public:
    using Error::Error;
    int exitCode() const override { return ExitInterrupted; }
};

} // namespace pretext::engine
