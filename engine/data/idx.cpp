// MNIST and Fashion-MNIST: IDX files (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS"), plain or gzipped.
// Each file is read straight into its tensor's buffer, so loading the full Fashion-MNIST is one decompression pass.
#include "engine/core/errors.h"
#include "engine/data/readers.h"

#include <ATen/ATen.h>

#include <cstdio>
#include <filesystem>

namespace pretext::engine::data {

namespace {

// Dimensions beyond this are not images this workbench can train on. The counts a header claims are further bounded
// by what the file can hold and by the data-set limit (readers.h) before anything is allocated.
constexpr int64_t kMaxSide = 4096;

std::string hex32(uint32_t v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08X", v);
    return buf;
}

uint32_t bigEndian32(const unsigned char *p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

// The IDX file for base, plain or gzipped (Debian ships .gz, the upstream archives unpack to plain files).
std::string findIdxFile(const std::string &dir, const std::string &base)
{
    std::error_code ec;
    const std::string plain = joinPath(dir, base);
    if (std::filesystem::exists(plain, ec)) return plain;
    if (std::filesystem::exists(plain + ".gz", ec)) return plain + ".gz";
    throw DataError("missing file " + plain + " (or " + base + ".gz)");
}

// Reads the magic number and the dimensions; the element type must be unsigned byte (0x08) and the rank as
// expected (3 for images, 1 for labels).
std::vector<int64_t> readIdxHeader(ByteReader &in, int rank, const char *what)
{
    unsigned char magic[4];
    if (in.read(magic, 4) != 4) throw DataError("file " + in.path() + ": too short for an IDX header");
    const uint32_t actual = bigEndian32(magic);
    const uint32_t expected = 0x00000800u | uint32_t(rank);
    if (magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08)
        throw DataError("file " + in.path() + ": bad magic number " + hex32(actual) + ", expected " + hex32(expected)
            + " (IDX " + what + " of unsigned bytes)");
    if (magic[3] != rank)
        throw DataError("file " + in.path() + ": wrong dimensionality: the header (magic " + hex32(actual) + ") has "
            + std::to_string(magic[3]) + " dimensions, expected " + std::to_string(rank) + " for " + what + " (magic "
            + hex32(expected) + ")");
    std::vector<unsigned char> raw(4 * size_t(rank));
    if (in.read(raw.data(), raw.size()) != raw.size())
        throw DataError("file " + in.path() + ": truncated in the IDX header");
    std::vector<int64_t> dims;
    for (int i = 0; i < rank; ++i)
        dims.push_back(bigEndian32(raw.data() + 4 * i));
    if (dims[0] == 0) throw DataError("file " + in.path() + ": holds no records");
    for (int i = 1; i < rank; ++i) {
        if (dims[i] < 1 || dims[i] > kMaxSide)
            throw DataError("file " + in.path() + ": image side " + std::to_string(dims[i]) + " is out of range 1.."
                + std::to_string(kMaxSide));
    }
    return dims;
}

// Reads count records of recordBytes into dst; a short read names the first incomplete record (1-based).
void readRecords(ByteReader &in, void *dst, int64_t count, int64_t recordBytes, int64_t total)
{
    const size_t want = static_cast<size_t>(count * recordBytes);
    const size_t got = in.read(dst, want);
    if (got == want) return;
    throw DataError("file " + in.path() + ": truncated at record " + std::to_string(got / recordBytes + 1) + " of "
        + std::to_string(total) + (in.truncated() ? " (the gzip stream ends early)" : ""));
}

// After the last record there must be nothing but the end of the (complete) stream.
void requireEnd(ByteReader &in, int64_t total)
{
    const bool end = in.atEnd();
    if (in.truncated())
        throw DataError("file " + in.path() + ": truncated after record " + std::to_string(total) + " of "
            + std::to_string(total) + " (the gzip stream ends before its trailer)");
    if (!end)
        throw DataError("file " + in.path() + ": unexpected data after the last of " + std::to_string(total)
            + " records (the header says " + std::to_string(total) + ")");
}

Dataset loadIdxSplit(const std::string &dir, const std::string &prefix, const std::string &name,
    const std::vector<std::string> &classNames, int64_t limit, int64_t alreadyLoaded)
{
    ByteReader images(findIdxFile(dir, prefix + "-images-idx3-ubyte"));
    ByteReader labels(findIdxFile(dir, prefix + "-labels-idx1-ubyte"));
    const auto imageDims = readIdxHeader(images, 3, "images");
    const auto labelDims = readIdxHeader(labels, 1, "labels");
    const int64_t n = imageDims[0], h = imageDims[1], w = imageDims[2];
    if (labelDims[0] != n)
        throw DataError("image and label counts differ: file " + images.path() + " holds " + std::to_string(n)
            + " images but file " + labels.path() + " holds " + std::to_string(labelDims[0]) + " labels");
    // n < 2^32 and h, w <= 4096: n * h * w fits in 64 bits. The file must be able to hold every record the header
    // claims (a plain file its bytes, a gzip file at most kMaxDeflateRatio times its size), whatever the limit.
    const std::string claim = std::to_string(n) + " images of " + std::to_string(h) + "x" + std::to_string(w);
    images.requireCapacity(n, h * w, 16, claim);
    labels.requireCapacity(n, 1, 8, std::to_string(n) + " labels");

    // Decode only what is kept: a quick run on 1000 images should not pay for 60000.
    const int64_t keep = limit > 0 ? std::min(limit, n) : n;
    // uint8 images, int64 labels (and their uint8 copy while loading).
    requireWithinDatasetLimit("file " + images.path(),
        std::to_string(keep) + (keep < n ? " of its " + std::to_string(n) : std::string()) + " images of "
            + std::to_string(h) + "x" + std::to_string(w),
        keep * (h * w + 9), alreadyLoaded);
    Dataset d;
    d.name = name;
    d.classNames = classNames;
    try {
        d.images = torch::empty({ keep, 1, h, w }, torch::kUInt8);
    } catch (const c10::Error &) {
        throw DataError("file " + images.path() + ": header claims " + claim + ", which do not fit in memory");
    }
    readRecords(images, d.images.data_ptr<uint8_t>(), keep, h * w, n);
    auto rawLabels = torch::empty({ keep }, torch::kUInt8);
    readRecords(labels, rawLabels.data_ptr<uint8_t>(), keep, 1, n);
    if (keep == n) {
        requireEnd(images, n);
        requireEnd(labels, n);
    }
    checkLabelRange(rawLabels, 0, static_cast<int64_t>(classNames.size()) - 1, labels.path());
    d.labels = rawLabels.to(torch::kLong);
    return d;
}

} // namespace

DatasetSplits loadIdx(const std::string &dir, const std::string &kind, const std::vector<std::string> &classNames,
    const LoadOptions &options)
{
    requireDirectory(dir, "IDX files train-images-idx3-ubyte[.gz] and friends");
    DatasetSplits splits;
    splits.train = loadIdxSplit(dir, "train", kind + "/train", classNames, options.limitTrain, 0);
    splits.test
        = loadIdxSplit(dir, "t10k", kind + "/test", classNames, options.limitTest, datasetBytes(splits.train));
    return splits;
}

} // namespace pretext::engine::data
