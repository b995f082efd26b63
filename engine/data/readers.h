// Internal to engine/data: the per-format loaders that loadDataset() dispatches to, and the file helpers they
// share. Every function here throws DataError naming the file and the fault.
#pragma once

#include "engine/data/dataset.h"

#include <cstddef>
#include <string>
#include <vector>

namespace pretext::engine::data {

// Sequential reader over a file that may or may not be gzip-compressed (zlib reads plain files transparently).
// A compressed stream that ends early is reported by truncated() rather than thrown, so that the caller can say
// which record it ended in; a corrupt stream throws.
class ByteReader {
public:
    explicit ByteReader(const std::string &path);
    ~ByteReader();
    ByteReader(const ByteReader &) = delete;
    ByteReader &operator=(const ByteReader &) = delete;

    // Reads up to n bytes; fewer only at the end of the data.
    size_t read(void *dst, size_t n);
    // True once a read has hit the end of a gzip stream that was cut short.
    bool truncated() const { return m_truncated; }
    // Whether any data is left (consumes at most one byte).
    bool atEnd();
    const std::string &path() const { return m_path; }

private:
    void *m_file = nullptr; // gzFile, kept opaque so that zlib.h stays out of this header
    std::string m_path;
    bool m_truncated = false;
};

// dir + "/" + name, without doubling the separator.
std::string joinPath(const std::string &dir, const std::string &name);
// Throws DataError unless path is an existing directory; what says what the directory was expected to hold.
void requireDirectory(const std::string &path, const std::string &what);
// Throws DataError unless path is an existing regular file.
void requireFile(const std::string &path);
// An uncompressed file as a 1-D uint8 tensor: all of it, or its first maxBytes bytes when maxBytes >= 0.
torch::Tensor readWholeFile(const std::string &path, int64_t maxBytes = -1);
// Non-empty, trimmed lines of an optional text file of class names. Returns fallback when the file does not
// exist, throws when it exists but does not list exactly expected names.
std::vector<std::string> readClassNames(
    const std::string &path, size_t expected, const std::vector<std::string> &fallback);
// Throws DataError naming the first label outside [lo, hi] (labels: any integer type, [N]).
void checkLabelRange(const torch::Tensor &labels, int64_t lo, int64_t hi, const std::string &file);

// Loaders: each returns both splits, already limited to options.limitTrain / options.limitTest.
DatasetSplits loadIdx(const std::string &dir, const std::string &kind, const std::vector<std::string> &classNames,
    const LoadOptions &options);
DatasetSplits loadCifar10(const std::string &dir, const LoadOptions &options);
DatasetSplits loadCifar100(const std::string &dir, const LoadOptions &options);
DatasetSplits loadStl10(const std::string &dir, const LoadOptions &options);
DatasetSplits loadShapes(int64_t count, const LoadOptions &options);
#ifdef PRETEXT_HAVE_OPENCV
DatasetSplits loadImageFolder(const std::string &dir, const LoadOptions &options);
#endif

// Keeps the first limit images (0 = all) and releases the storage of the rest.
void keepFirst(Dataset &d, int64_t limit);

} // namespace pretext::engine::data
