// Shared by the libFuzzer targets in fuzz/: a private temporary folder per process, file writing, the split of one
// fuzz input into the several files a loader reads, and the encodings of the seed files (fuzz_make_corpus writes the
// seed corpora with the same helpers, so seeds and targets agree on the layout).
//
// Input layouts (see README.md):
//   idx      OPT | train-images-idx3-ubyte SEP train-labels-idx1-ubyte
//   idx_gz   OPT MODE POS_LO POS_HI | train-images SEP train-labels   (each gzip-compressed by the target)
//   cifar    OPT | data_batch_1.bin SEP data_batch_2.bin [SEP batches.meta.txt]
//   stl10    OPT | X-SPEC SEP train_y.bin [SEP class_names.txt]
//   config   the config file's text
//   golden   the golden file's text
//   checkpoint MODE | the file (MODE bit 0 clear) or the payload wrapped by encodeCheckpoint() (bit 0 set)
// SEP is kSeparator; the files a layout does not name are fixed, valid ones written once per process.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace pretext::fuzz {

// Between the files of one input. Short, so that mutations keep it intact most of the time, and unlikely inside
// the data; fuzz/pretext.dict names it so that libFuzzer inserts it whole.
inline constexpr std::string_view kSeparator = "\n=|=next=|=\n";

// An invariant that an accepted input broke: abort, so that libFuzzer records the input as a crash.
#define PRETEXT_FUZZ_CHECK(cond)                                                                                      \
    do {                                                                                                              \
        if (!(cond)) {                                                                                                \
            std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond);                    \
            std::abort();                                                                                             \
        }                                                                                                             \
    } while (0)

// BASE/pretext-fuzz-XXXXXX, created on first use and removed at a normal exit (a crash leaves it behind). BASE is
// $PRETEXT_FUZZ_TMPDIR, else /dev/shm (files in memory: creating and deleting a few files per input on a disk file
// system costs more than the parsing), else $TMPDIR, else /tmp.
inline const std::string &tempDir()
{
    static const std::string dir = [] {
        std::string base = "/tmp";
        std::error_code ec;
        if (const char *v = std::getenv("PRETEXT_FUZZ_TMPDIR"); v && *v)
            base = v;
        else if (std::filesystem::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0)
            base = "/dev/shm";
        else if (const char *t = std::getenv("TMPDIR"); t && *t)
            base = t;
        std::string pattern = base + "/pretext-fuzz-XXXXXX";
        if (!mkdtemp(pattern.data())) {
            std::perror("mkdtemp");
            std::abort();
        }
        static std::string removeAtExit;
        removeAtExit = pattern;
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(removeAtExit, ec);
        });
        return pattern;
    }();
    return dir;
}

// An empty folder inside tempDir(), emptied again on every call (one per input).
inline std::string freshDir(const std::string &name = "d")
{
    const std::string dir = tempDir() + "/" + name;
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        std::fprintf(stderr, "cannot create %s: %s\n", dir.c_str(), ec.message().c_str());
        std::abort();
    }
    return dir;
}

inline void writeFile(const std::string &path, std::string_view bytes)
{
    std::FILE *f = std::fopen(path.c_str(), "wb");
    if (!f || (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) || std::fclose(f)) {
        std::perror(path.c_str());
        std::abort();
    }
}

// Splits at kSeparator into at most maxParts parts (the last one keeps any further separators).
inline std::vector<std::string_view> splitParts(std::string_view in, size_t maxParts)
{
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < maxParts) {
        const size_t at = in.find(kSeparator);
        if (at == std::string_view::npos) break;
        parts.push_back(in.substr(0, at));
        in.remove_prefix(at + kSeparator.size());
    }
    parts.push_back(in);
    return parts;
}

inline std::string joinParts(const std::vector<std::string> &parts)
{
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += kSeparator;
        out += parts[i];
    }
    return out;
}

// ---- IDX ----

inline std::string bigEndian32(uint32_t v)
{
    return { char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF), char(v & 0xFF) };
}

inline std::string idxImages(uint32_t n, uint32_t h, uint32_t w, uint32_t seed = 0)
{
    std::string out = bigEndian32(0x00000803) + bigEndian32(n) + bigEndian32(h) + bigEndian32(w);
    for (uint32_t i = 0; i < n * h * w; ++i)
        out += char((i * 131 + seed * 7 + (i % 13)) & 0xFF);
    return out;
}

inline std::string idxLabels(uint32_t n, uint32_t seed = 0)
{
    std::string out = bigEndian32(0x00000801) + bigEndian32(n);
    for (uint32_t i = 0; i < n; ++i)
        out += char((i * 3 + seed) % 10);
    return out;
}

// ---- CIFAR-10 ----

inline constexpr size_t kCifarRecord = 1 + 3 * 32 * 32;

inline std::string cifarRecords(size_t n, uint32_t seed = 0)
{
    std::string out;
    for (size_t r = 0; r < n; ++r) {
        out += char((r + seed) % 10);
        for (size_t i = 1; i < kCifarRecord; ++i)
            out += char((i * 37 + r * 11 + seed) & 0xFF);
    }
    return out;
}

// ---- STL-10 ----

inline constexpr int64_t kStlImage = 3 * 96 * 96;
inline constexpr int64_t kStlMaxImages = 3;

// An STL-10 image file is 27648 bytes per image, too large for a useful fuzz input, and its pixels do not matter
// to the loader. X-SPEC describes it in a few bytes: COUNT (mod 4), a signed 16-bit little-endian size DELTA, then a
// pixel pattern. The file is COUNT * 27648 + DELTA bytes (clamped to 0..4 * 27648) of the pattern repeated.
inline std::string stlImageFile(std::string_view spec)
{
    if (spec.size() < 3) return std::string(spec); // too short to be a spec: written as it is
    const int64_t count = static_cast<unsigned char>(spec[0]) % (kStlMaxImages + 1);
    const int64_t delta
        = static_cast<int16_t>(static_cast<uint16_t>(static_cast<unsigned char>(spec[1]) | (static_cast<unsigned char>(spec[2]) << 8)));
    const int64_t size = std::min<int64_t>(std::max<int64_t>(0, count * kStlImage + delta), (kStlMaxImages + 1) * kStlImage);
    const std::string_view pattern = spec.substr(3);
    std::string out(static_cast<size_t>(size), '\0');
    if (!pattern.empty())
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = pattern[i % pattern.size()];
    return out;
}

inline std::string stlSpec(uint8_t count, int16_t delta, std::string_view pattern)
{
    const auto d = static_cast<uint16_t>(delta);
    return std::string{ char(count), char(d & 0xFF), char(d >> 8) } + std::string(pattern);
}

} // namespace pretext::fuzz
