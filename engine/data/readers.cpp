#include "engine/data/readers.h"

#include "engine/core/errors.h"

#include <ATen/ATen.h>
#include <zlib.h>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

namespace fs = std::filesystem;

namespace pretext::engine::data {

namespace {

gzFile asGz(void *f)
{
    return static_cast<gzFile>(f);
}

} // namespace

ByteReader::ByteReader(const std::string &path)
    : m_path(path)
{
    requireFile(path);
    std::error_code ec;
    m_fileBytes = static_cast<int64_t>(fs::file_size(path, ec));
    if (ec) throw DataError("cannot read the size of file " + path + ": " + ec.message());
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) throw DataError("cannot open file " + path + ": " + std::strerror(errno));
    // A large buffer: decompressing Fashion-MNIST in 256 KiB steps is several times faster than zlib's 8 KiB default.
    gzbuffer(f, 1 << 18);
    m_file = f;
    // gzdirect() looks at the first bytes (after gzbuffer, as zlib requires): 0 for a gzip stream.
    m_compressed = gzdirect(f) == 0;
}

ByteReader::~ByteReader()
{
    if (m_file) gzclose_r(asGz(m_file));
}

int64_t ByteReader::maxDataBytes() const
{
    if (!m_compressed) return m_fileBytes;
    return m_fileBytes > std::numeric_limits<int64_t>::max() / kMaxDeflateRatio ? std::numeric_limits<int64_t>::max()
                                                                                 : m_fileBytes * kMaxDeflateRatio;
}

void ByteReader::requireCapacity(int64_t records, int64_t recordBytes, int64_t headerBytes, const std::string &claim) const
{
    // records < 2^32 and recordBytes <= 2^24 (readers' own bounds): the product fits in 64 bits.
    const int64_t bytes = records * recordBytes;
    const int64_t capacity = maxDataBytes();
    if (bytes <= capacity - headerBytes) return;
    if (m_compressed)
        throw DataError("file " + m_path + ": the header claims " + claim + " (" + byteText(bytes)
            + "), but a gzip file of " + byteText(m_fileBytes) + " decodes to at most " + byteText(capacity)
            + " (deflate expands at most " + std::to_string(kMaxDeflateRatio)
            + ":1): the header is corrupt or the file truncated");
    const int64_t complete = std::max<int64_t>(0, m_fileBytes - headerBytes) / recordBytes;
    throw DataError("file " + m_path + ": truncated at record " + std::to_string(complete + 1) + " of "
        + std::to_string(records) + ": the header claims " + claim + " (" + byteText(bytes) + " after the "
        + std::to_string(headerBytes) + "-byte header), but the file holds " + byteText(m_fileBytes));
}

size_t ByteReader::read(void *dst, size_t n)
{
    auto *out = static_cast<unsigned char *>(dst);
    size_t total = 0;
    while (total < n) {
        // gzread takes an unsigned and returns an int, so large reads go in steps below INT_MAX.
        const unsigned step = static_cast<unsigned>(std::min<size_t>(n - total, size_t(1) << 30));
        const int got = gzread(asGz(m_file), out + total, step);
        if (got <= 0) break;
        total += static_cast<size_t>(got);
    }
    if (total < n) {
        int err = Z_OK;
        const char *msg = gzerror(asGz(m_file), &err);
        // zlib reports an input that ends inside the compressed stream as Z_BUF_ERROR; the caller knows which
        // record that was and words the message.
        if (err == Z_BUF_ERROR)
            m_truncated = true;
        else if (err == Z_ERRNO)
            throw DataError("cannot read file " + m_path + ": " + std::strerror(errno));
        else if (err != Z_OK) {
            // gzerror() prefixes its text with the path, which this message already names.
            std::string detail = msg ? msg : "unknown zlib error";
            if (detail.rfind(m_path + ": ", 0) == 0) detail.erase(0, m_path.size() + 2);
            throw DataError("file " + m_path + ": corrupt gzip data (" + detail + ")");
        }
    }
    return total;
}

bool ByteReader::atEnd()
{
    unsigned char c = 0;
    return read(&c, 1) == 0;
}

std::string joinPath(const std::string &dir, const std::string &name)
{
    if (dir.empty() || dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

void requireDirectory(const std::string &path, const std::string &what)
{
    std::error_code ec;
    if (!fs::exists(path, ec)) throw DataError("dataset directory " + path + " does not exist (expected " + what + ")");
    if (!fs::is_directory(path, ec)) throw DataError(path + " is not a directory (expected " + what + ")");
}

void requireFile(const std::string &path)
{
    std::error_code ec;
    if (!fs::exists(path, ec)) throw DataError("missing file " + path);
    if (!fs::is_regular_file(path, ec)) throw DataError(path + " is not a regular file");
}

torch::Tensor readWholeFile(const std::string &path, int64_t maxBytes)
{
    requireFile(path);
    std::error_code ec;
    const auto fileSize = static_cast<int64_t>(fs::file_size(path, ec));
    if (ec) throw DataError("cannot read the size of file " + path + ": " + ec.message());
    const int64_t bytes = maxBytes >= 0 ? std::min(fileSize, maxBytes) : fileSize;
    auto buffer = torch::empty({ bytes }, torch::kUInt8);
    std::FILE *f = std::fopen(path.c_str(), "rb");
    if (!f) throw DataError("cannot open file " + path + ": " + std::strerror(errno));
    const size_t got = bytes > 0 ? std::fread(buffer.data_ptr<uint8_t>(), 1, static_cast<size_t>(bytes), f) : 0;
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed || got != static_cast<size_t>(bytes))
        throw DataError(
            "cannot read file " + path + ": got " + std::to_string(got) + " of " + std::to_string(bytes) + " bytes");
    return buffer;
}

std::vector<std::string> readClassNames(
    const std::string &path, size_t expected, const std::vector<std::string> &fallback)
{
    std::error_code ec;
    if (!fs::exists(path, ec)) return fallback;
    std::ifstream in(path);
    if (!in) throw DataError("cannot open file " + path);
    std::vector<std::string> names;
    std::string line;
    while (std::getline(in, line)) {
        const auto first = line.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) continue; // CIFAR's batches.meta.txt ends in blank lines
        const auto last = line.find_last_not_of(" \t\r\n");
        names.push_back(line.substr(first, last - first + 1));
    }
    if (names.size() != expected)
        throw DataError("file " + path + " lists " + std::to_string(names.size()) + " class names, expected "
            + std::to_string(expected) + " (one per line)");
    return names;
}

void checkLabelRange(const torch::Tensor &labels, int64_t lo, int64_t hi, const std::string &file)
{
    if (labels.numel() == 0) return;
    const auto l = labels.to(torch::kLong);
    const auto bad = l.lt(lo).logical_or(l.gt(hi)).nonzero();
    if (bad.size(0) == 0) return;
    const int64_t index = bad[0][0].item<int64_t>();
    throw DataError("file " + file + ": label " + std::to_string(l[index].item<int64_t>()) + " of record "
        + std::to_string(index + 1) + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi));
}

std::string byteText(int64_t bytes)
{
    char buf[64];
    const double b = static_cast<double>(bytes);
    if (bytes >= (int64_t(1) << 30))
        std::snprintf(buf, sizeof buf, "%.1f GB", b / double(int64_t(1) << 30));
    else if (bytes >= (int64_t(1) << 20))
        std::snprintf(buf, sizeof buf, "%.0f MB", b / double(int64_t(1) << 20));
    else
        std::snprintf(buf, sizeof buf, "%lld bytes", static_cast<long long>(bytes));
    return buf;
}

namespace {

// A positive whole number from the environment, or 0 when the variable is not set.
int64_t positiveFromEnvironment(const char *name, const char *unit)
{
    const char *v = std::getenv(name);
    if (!v || !*v) return 0;
    errno = 0;
    char *end = nullptr;
    const long long n = std::strtoll(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || n < 1)
        throw ConfigError(std::string(name) + " = '" + v + "' is not accepted; expected a whole number of " + unit
            + ", 1 or more");
    return static_cast<int64_t>(n);
}

} // namespace

int64_t maxDatasetBytes()
{
    constexpr int64_t kMB = int64_t(1) << 20;
    const int64_t mb = positiveFromEnvironment("PRETEXT_MAX_DATASET_MB", "megabytes");
    if (mb > 0) return mb > std::numeric_limits<int64_t>::max() / kMB ? std::numeric_limits<int64_t>::max() : mb * kMB;
    int64_t limit = 8192 * kMB;
    const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0) limit = std::min(limit, static_cast<int64_t>(pages) * pageSize / 2);
    return limit;
}

int64_t maxImagePixels()
{
    const int64_t n = positiveFromEnvironment("PRETEXT_MAX_IMAGE_PIXELS", "pixels");
    return n > 0 ? n : int64_t(1) << 26;
}

void requireWithinDatasetLimit(const std::string &file, const std::string &claim, int64_t bytes, int64_t alreadyLoaded)
{
    const int64_t limit = maxDatasetBytes();
    if (bytes <= limit - alreadyLoaded) return;
    throw DataError(file + ": " + claim + " take " + byteText(bytes) + " in memory"
        + (alreadyLoaded > 0 ? " after the " + byteText(alreadyLoaded) + " loaded before" : std::string())
        + ", above the limit of " + byteText(limit)
        + " on a data set (PRETEXT_MAX_DATASET_MB); load fewer images with train_limit / test_limit, or raise the limit");
}

int64_t datasetBytes(const Dataset &d)
{
    if (!d.images.defined()) return 0;
    return static_cast<int64_t>(d.images.nbytes() + (d.labels.defined() ? d.labels.nbytes() : 0));
}

void keepFirst(Dataset &d, int64_t limit)
{
    if (limit <= 0 || limit >= d.size()) return;
    // clone() so that the dropped images do not stay alive in the shared storage.
    d.images = d.images.slice(0, 0, limit).clone();
    d.labels = d.labels.slice(0, 0, limit).clone();
}

} // namespace pretext::engine::data
