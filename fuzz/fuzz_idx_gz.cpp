// Gzipped IDX files (what Debian's dataset-fashion-mnist ships): loadDataset("mnist:DIR") on train-*.gz files.
//
// The input holds the IDX bytes, and the target compresses them (OPT MODE POS_LO POS_HI | images SEP labels):
// random mutations of compressed bytes almost never decode, so fuzzing the .gz bytes directly would mostly test
// zlib's own (much fuzzed) checks and hardly reach our IDX parsing behind ByteReader. What is ours in the gzip path
// (the ends of a cut stream, a corrupt stream, data after the trailer) MODE reaches by damaging the compressed file:
//   MODE bits 0-1: 0 intact, 1 cut at POS, 2 flip the bits of the byte at POS, 3 append the bytes after POS
//   bit 2: damage the labels file instead of the images file; bits 3-4: zlib level 1, 6, 9 or 0 (stored blocks)
// POS is taken modulo the compressed size. OPT sets the limits as in fuzz_idx.cpp.
#include "fuzz/fuzz_checks.h"

#include <zlib.h>

using namespace pretext;

namespace {

std::string gzipBytes(std::string_view in, int level)
{
    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
    std::string out(deflateBound(&z, in.size()), '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

void damage(std::string &gz, int action, size_t pos, std::string_view tail)
{
    if (gz.empty()) return;
    pos %= gz.size();
    switch (action) {
    case 1: gz.resize(pos); break;
    case 2: gz[pos] = static_cast<char>(~gz[pos]); break;
    case 3: gz.append(tail.substr(std::min(pos, tail.size()))); break;
    default: break;
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::initTorch();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4) return 0;
    const uint8_t opt = data[0], mode = data[1];
    const size_t pos = data[2] | (size_t(data[3]) << 8);
    const std::string_view body(reinterpret_cast<const char *>(data) + 4, size - 4);
    const auto parts = fuzz::splitParts(body, 2);
    static const int levels[] = { 1, 6, 9, 0 };
    const int level = levels[(mode >> 3) & 3];
    std::string images = gzipBytes(parts[0], level);
    std::string labels = gzipBytes(parts.size() > 1 ? parts[1] : std::string_view(), level);
    damage(mode & 4 ? labels : images, mode & 3, pos, body);

    const std::string dir = fuzz::freshDir();
    fuzz::writeFile(dir + "/train-images-idx3-ubyte.gz", images);
    fuzz::writeFile(dir + "/train-labels-idx1-ubyte.gz", labels);
    static const std::string testImages = gzipBytes(fuzz::idxImages(2, 4, 4), 6);
    static const std::string testLabels = gzipBytes(fuzz::idxLabels(2), 6);
    fuzz::writeFile(dir + "/t10k-images-idx3-ubyte.gz", testImages);
    fuzz::writeFile(dir + "/t10k-labels-idx1-ubyte.gz", testLabels);
    engine::LoadOptions options;
    options.limitTrain = 1 + (opt & 7);
    options.limitTest = 1 + ((opt >> 3) & 7);
    try {
        const auto splits = engine::loadDataset("mnist:" + dir, options);
        fuzz::checkDataset(splits.train, 1, options.limitTrain);
        fuzz::checkDataset(splits.test, 1, options.limitTest);
    }
    PRETEXT_FUZZ_REJECTIONS
    return 0;
}
