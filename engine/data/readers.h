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
    // Whether the file is gzip-compressed (otherwise it is read as it is).
    bool compressed() const { return m_compressed; }
    // The size of the file on disk.
    int64_t fileBytes() const { return m_fileBytes; }
    // The most data the file can hold: its size for a plain file, its size times kMaxDeflateRatio for gzip.
    int64_t maxDataBytes() const;
    // Throws DataError unless the file can hold `records` records of recordBytes after a header of headerBytes;
    // `claim` says what the header claims ("2147483648 images of 28x28"). Checked before anything is allocated.
    void requireCapacity(int64_t records, int64_t recordBytes, int64_t headerBytes, const std::string &claim) const;

private:
    void *m_file = nullptr; // gzFile, kept opaque so that zlib.h stays out of this header
    std::string m_path;
    bool m_truncated = false;
    bool m_compressed = false;
    int64_t m_fileBytes = 0;
};

// ---- Limits on what a file may make a loader allocate. Each is checked before the allocation. ----

// Deflate expands its input at most 1032-fold (a stream of maximal-length matches), so a gzip file of n bytes decodes
// to at most 1032 n bytes: a header claiming more is corrupt.
inline constexpr int64_t kMaxDeflateRatio = 1032;
// The largest decoded size of one data set (train and test splits together, as held in memory): the environment's
// PRETEXT_MAX_DATASET_MB (megabytes), else 8192 MB or half the physical memory, whichever is smaller. Throws
// ConfigError when the variable is set to something other than a positive whole number.
int64_t maxDatasetBytes();
// The most pixels (width x height) one image of an image folder may have: PRETEXT_MAX_IMAGE_PIXELS, else 2^26
// (8192 x 8192). Checked against the dimensions in the file's header before it is decoded.
int64_t maxImagePixels();
// Throws DataError when a split of `bytes` in memory, after `alreadyLoaded` bytes of the same data set, exceeds
// maxDatasetBytes(). `file` and `claim` say where the size comes from ("file X: 60000 images of 28x28").
void requireWithinDatasetLimit(const std::string &file, const std::string &claim, int64_t bytes,
    int64_t alreadyLoaded = 0);
// Bytes a loaded split holds in memory (images and labels).
int64_t datasetBytes(const Dataset &d);
// "1.5 GB", "12 MB", "800 bytes": sizes in messages.
std::string byteText(int64_t bytes);

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
