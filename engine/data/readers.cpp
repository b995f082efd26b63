#include "engine/data/readers.h"

#include "engine/core/errors.h"

#include <ATen/ATen.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

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
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) throw DataError("cannot open file " + path + ": " + std::strerror(errno));
    // A large buffer: decompressing Fashion-MNIST in 256 KiB steps is several times faster than zlib's 8 KiB default.
    gzbuffer(f, 1 << 18);
    m_file = f;
}

ByteReader::~ByteReader()
{
    if (m_file) gzclose_r(asGz(m_file));
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

void keepFirst(Dataset &d, int64_t limit)
{
    if (limit <= 0 || limit >= d.size()) return;
    // clone() so that the dropped images do not stay alive in the shared storage.
    d.images = d.images.slice(0, 0, limit).clone();
    d.labels = d.labels.slice(0, 0, limit).clone();
}

} // namespace pretext::engine::data
