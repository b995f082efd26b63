// Image folders: DIR/<class>/<image>, decoded with OpenCV. Built only with PRETEXT_WITH_OPENCV=ON; without it
// loadDataset() refuses `folder:DIR` with a ConfigError.
#include "engine/core/errors.h"
#include "engine/data/readers.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace fs = std::filesystem;

namespace pretext::engine::data {

namespace {

// Every 5th image of a class (in file-name order) is held out, so the split is the same on every run.
constexpr size_t kTestEvery = 5;

struct Entry {
    std::string path;
    int64_t label = 0;
};

// Files are chosen by extension so that stray notes, thumbnails databases or hidden files do not count as
// images; a file that claims to be an image but does not decode is an error, not skipped.
bool looksLikeImage(const fs::path &p)
{
    if (p.filename().string().rfind('.', 0) == 0) return false;
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    static const char *const known[] = { ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".ppm", ".pgm",
        ".pbm", ".pnm", ".jp2", ".exr", ".hdr" };
    return std::any_of(std::begin(known), std::end(known), [&](const char *k) { return ext == k; });
}

std::vector<std::string> sortedEntries(const std::string &dir, bool directories)
{
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto &p = it->path();
        const bool isDir = it->is_directory(ec);
        if (directories ? (isDir && p.filename().string().rfind('.', 0) != 0) : (!isDir && looksLikeImage(p)))
            names.push_back(p.filename().string());
    }
    if (ec) throw DataError("cannot list folder " + dir + ": " + ec.message());
    std::sort(names.begin(), names.end());
    return names;
}

// ---- Image dimensions from the file's header, before decoding ----
//
// cv::imread decodes the whole image whatever its size (OpenCV's own guard, OPENCV_IO_MAX_IMAGE_PIXELS, is read once
// per process from the environment and defaults to 2^30 pixels: 3 GB of BGR per image and thread). So each file's
// header is read here first and an image larger than maxImagePixels() is refused before OpenCV allocates anything.
// The format is told by the file's signature, as OpenCV does (not by its extension); a signature this reader does
// not know is refused too, so no file reaches the decoder unchecked.

struct ImageSize {
    int64_t width = 0, height = 0;
    const char *format = "";
};

// Random access to the first bytes of a file; reads past the end give fewer bytes.
class HeaderFile {
public:
    explicit HeaderFile(const std::string &path) : m_in(path, std::ios::binary) {}
    bool ok() const { return static_cast<bool>(m_in); }
    // Exactly n bytes at offset, or false.
    bool readAt(int64_t offset, void *dst, size_t n)
    {
        m_in.clear();
        m_in.seekg(offset);
        if (!m_in) return false;
        m_in.read(static_cast<char *>(dst), static_cast<std::streamsize>(n));
        return static_cast<size_t>(m_in.gcount()) == n;
    }
    std::string readString(int64_t offset, size_t n)
    {
        std::string s(n, '\0');
        m_in.clear();
        m_in.seekg(offset);
        m_in.read(s.data(), static_cast<std::streamsize>(n));
        s.resize(static_cast<size_t>(std::max<std::streamsize>(0, m_in.gcount())));
        return s;
    }

private:
    std::ifstream m_in;
};

uint32_t be16(const unsigned char *p) { return (uint32_t(p[0]) << 8) | p[1]; }
uint32_t le16(const unsigned char *p) { return (uint32_t(p[1]) << 8) | p[0]; }
uint32_t be32(const unsigned char *p) { return (be16(p) << 16) | be16(p + 2); }
uint32_t le32(const unsigned char *p) { return (le16(p + 2) << 16) | le16(p); }
uint64_t be64(const unsigned char *p) { return (uint64_t(be32(p)) << 32) | be32(p + 4); }
uint64_t le64(const unsigned char *p) { return (uint64_t(le32(p + 4)) << 32) | le32(p); }

bool jpegSize(HeaderFile &f, ImageSize &size)
{
    // Markers from offset 2: each FF xx [length (2, big-endian, counting itself) payload]; the frame header SOFn
    // (C0..CF but DHT C4, JPG C8 and DAC CC) holds precision (1), height (2), width (2).
    int64_t pos = 2;
    for (int guard = 0; guard < 10000; ++guard) {
        unsigned char m[4];
        if (!f.readAt(pos, m, 2) || m[0] != 0xFF) return false;
        if (m[1] == 0xFF) { // fill byte
            ++pos;
            continue;
        }
        const unsigned marker = m[1];
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // no payload
            pos += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA) return false; // end of image or start of scan before any frame
        if (!f.readAt(pos + 2, m, 2)) return false;
        const int64_t length = be16(m);
        if (length < 2) return false;
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            unsigned char sof[5];
            if (!f.readAt(pos + 4, sof, 5)) return false;
            size.height = be16(sof + 1);
            size.width = be16(sof + 3);
            return true;
        }
        pos += 2 + length;
    }
    return false;
}

bool tiffSize(HeaderFile &f, const unsigned char *head, ImageSize &size)
{
    const bool little = head[0] == 'I';
    const auto u16 = [&](const unsigned char *p) { return little ? le16(p) : be16(p); };
    const auto u32 = [&](const unsigned char *p) { return little ? le32(p) : be32(p); };
    const auto u64 = [&](const unsigned char *p) { return little ? le64(p) : be64(p); };
    const bool big = u16(head + 2) == 43; // BigTIFF: 8-byte offsets and counts, 20-byte entries
    const uint64_t ifd = big ? u64(head + 8) : u32(head + 4);
    unsigned char countBytes[8];
    if (!f.readAt(static_cast<int64_t>(ifd), countBytes, big ? 8 : 2)) return false;
    const uint64_t entries = std::min<uint64_t>(big ? u64(countBytes) : u16(countBytes), 4096);
    const int64_t first = static_cast<int64_t>(ifd) + (big ? 8 : 2), entrySize = big ? 20 : 12;
    for (uint64_t i = 0; i < entries; ++i) {
        unsigned char e[20];
        if (!f.readAt(first + static_cast<int64_t>(i) * entrySize, e, static_cast<size_t>(entrySize))) return false;
        const unsigned tag = u16(e), type = u16(e + 2);
        const unsigned char *value = e + (big ? 12 : 8);
        int64_t v = -1;
        if (type == 3) v = u16(value);      // SHORT
        else if (type == 4) v = u32(value); // LONG
        else if (type == 16) v = static_cast<int64_t>(std::min<uint64_t>(u64(value), uint64_t(1) << 40)); // LONG8
        if (tag == 256 && v >= 0) size.width = v;
        if (tag == 257 && v >= 0) size.height = v;
    }
    return size.width > 0 && size.height > 0;
}

bool webpSize(HeaderFile &f, ImageSize &size)
{
    unsigned char h[30];
    if (!f.readAt(0, h, sizeof h)) return false;
    if (!std::memcmp(h + 12, "VP8X", 4)) { // canvas width - 1 and height - 1, 24 bits each
        size.width = int64_t(h[24] | (h[25] << 8) | (h[26] << 16)) + 1;
        size.height = int64_t(h[27] | (h[28] << 8) | (h[29] << 16)) + 1;
        return true;
    }
    if (!std::memcmp(h + 12, "VP8L", 4)) { // signature 0x2F, then 14 bits width - 1, 14 bits height - 1
        if (h[20] != 0x2F) return false;
        const uint32_t bits = le32(h + 21);
        size.width = int64_t(bits & 0x3FFF) + 1;
        size.height = int64_t((bits >> 14) & 0x3FFF) + 1;
        return true;
    }
    if (!std::memcmp(h + 12, "VP8 ", 4)) { // frame tag (3), start code 9D 01 2A, 14-bit width and height
        if (h[23] != 0x9D || h[24] != 0x01 || h[25] != 0x2A) return false;
        size.width = le16(h + 26) & 0x3FFF;
        size.height = le16(h + 28) & 0x3FFF;
        return true;
    }
    return false;
}

// PNM (P1..P6), PAM (P7) and PFM (PF, Pf): whitespace-separated ASCII numbers after the magic, '#' comments.
bool netpbmSize(HeaderFile &f, ImageSize &size)
{
    const std::string text = f.readString(0, 4096);
    if (text.size() < 2) return false;
    if (text[1] == '7') { // PAM: "WIDTH n" and "HEIGHT n" lines before ENDHDR
        std::istringstream in(text.substr(2));
        std::string line;
        while (std::getline(in, line) && line.rfind("ENDHDR", 0) != 0) {
            std::istringstream words(line);
            std::string key;
            long long v = -1;
            words >> key >> v;
            if (key == "WIDTH") size.width = v;
            if (key == "HEIGHT") size.height = v;
        }
        return size.width > 0 && size.height > 0;
    }
    std::vector<long long> numbers;
    size_t i = 2;
    while (numbers.size() < 2 && i < text.size()) {
        const char c = text[i];
        if (c == '#') {
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            long long v = 0;
            while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && v < (1LL << 40))
                v = v * 10 + (text[i++] - '0');
            numbers.push_back(v);
        } else if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else {
            return false;
        }
    }
    if (numbers.size() < 2) return false;
    size.width = numbers[0];
    size.height = numbers[1];
    return true;
}

// JPEG 2000: a JP2 file's header box (jp2h) holds an image header box (ihdr: height, width); a bare codestream's SIZ
// segment holds the reference grid size and the image offset.
bool jpeg2000Size(HeaderFile &f, bool codestream, ImageSize &size)
{
    if (codestream) {
        unsigned char siz[4 + 2 + 2 + 16];
        if (!f.readAt(2, siz, sizeof siz) || siz[0] != 0xFF || siz[1] != 0x51) return false;
        const int64_t xsiz = be32(siz + 6), ysiz = be32(siz + 10), xo = be32(siz + 14), yo = be32(siz + 18);
        size.width = xsiz - xo;
        size.height = ysiz - yo;
        return true;
    }
    int64_t pos = 0;
    int64_t end = std::numeric_limits<int64_t>::max();
    for (int guard = 0; guard < 1000 && pos < end; ++guard) {
        unsigned char box[16];
        if (!f.readAt(pos, box, 8)) return false;
        int64_t length = be32(box);
        int64_t header = 8;
        if (length == 1) { // 64-bit length after the type
            if (!f.readAt(pos + 8, box + 8, 8)) return false;
            length = static_cast<int64_t>(std::min<uint64_t>(be64(box + 8), uint64_t(1) << 62));
            header = 16;
        }
        if (!std::memcmp(box + 4, "jp2h", 4)) { // a superbox: continue inside it
            end = length == 0 ? end : pos + length;
            pos += header;
            continue;
        }
        if (!std::memcmp(box + 4, "ihdr", 4)) {
            unsigned char ihdr[8];
            if (!f.readAt(pos + header, ihdr, 8)) return false;
            size.height = be32(ihdr);
            size.width = be32(ihdr + 4);
            return true;
        }
        if (length == 0 || length < header) return false; // the last box, or a broken one
        pos += length;
    }
    return false;
}

// OpenEXR: attributes (name NUL, type NUL, 4-byte size, value) after the 8-byte magic and version, up to an empty
// name; dataWindow is a box2i (xMin, yMin, xMax, yMax).
bool exrSize(HeaderFile &f, ImageSize &size)
{
    const std::string h = f.readString(8, 1 << 16);
    size_t i = 0;
    while (i < h.size() && h[i] != '\0') {
        const size_t nameEnd = h.find('\0', i);
        if (nameEnd == std::string::npos) return false;
        const size_t typeEnd = h.find('\0', nameEnd + 1);
        if (typeEnd == std::string::npos || typeEnd + 5 > h.size()) return false;
        const std::string name = h.substr(i, nameEnd - i);
        const auto *p = reinterpret_cast<const unsigned char *>(h.data());
        const uint32_t length = le32(p + typeEnd + 1);
        const size_t value = typeEnd + 5;
        if (value + length > h.size()) return false;
        if (name == "dataWindow" && length == 16) {
            const auto xMin = static_cast<int32_t>(le32(p + value)), yMin = static_cast<int32_t>(le32(p + value + 4));
            const auto xMax = static_cast<int32_t>(le32(p + value + 8)), yMax = static_cast<int32_t>(le32(p + value + 12));
            size.width = int64_t(xMax) - xMin + 1;
            size.height = int64_t(yMax) - yMin + 1;
            return true;
        }
        i = value + length;
    }
    return false;
}

// Radiance HDR: text lines up to an empty one, then the resolution line "-Y height +X width" (or a variant order).
bool hdrSize(HeaderFile &f, ImageSize &size)
{
    const std::string text = f.readString(0, 1 << 16);
    const size_t blank = text.find("\n\n");
    if (blank == std::string::npos) return false;
    std::istringstream in(text.substr(blank + 2));
    std::string a, b;
    long long first = -1, second = -1;
    in >> a >> first >> b >> second;
    if (a.size() != 2 || b.size() != 2 || first < 0 || second < 0) return false;
    size.height = a[1] == 'Y' ? first : second;
    size.width = a[1] == 'Y' ? second : first;
    return true;
}

// The dimensions of an image file from its header; throws DataError when the file is not an image format this
// reader knows or its header cannot be read.
ImageSize readImageSize(const std::string &path)
{
    HeaderFile f(path);
    if (!f.ok()) throw DataError("cannot open image " + path + ": " + std::strerror(errno));
    unsigned char h[32] = {};
    const std::string head = f.readString(0, sizeof h);
    std::memcpy(h, head.data(), head.size());
    const size_t n = head.size();
    ImageSize size;
    bool ok = false;
    if (n >= 24 && !std::memcmp(h, "\x89PNG\r\n\x1a\n", 8) && !std::memcmp(h + 12, "IHDR", 4)) {
        size = {be32(h + 16), be32(h + 20), "PNG"};
        ok = true;
    } else if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF) {
        size.format = "JPEG";
        ok = jpegSize(f, size);
    } else if (n >= 26 && h[0] == 'B' && h[1] == 'M') {
        size.format = "BMP";
        const uint32_t dib = le32(h + 14);
        if (dib == 12) { // OS/2 BITMAPCOREHEADER: 16-bit sizes
            size.width = le16(h + 18);
            size.height = le16(h + 20);
        } else {
            size.width = std::abs(int64_t(static_cast<int32_t>(le32(h + 18))));
            size.height = std::abs(int64_t(static_cast<int32_t>(le32(h + 22)))); // negative: stored top-down
        }
        ok = true;
    } else if (n >= 16 && ((h[0] == 'I' && h[1] == 'I' && (h[2] == 42 || h[2] == 43) && h[3] == 0)
                   || (h[0] == 'M' && h[1] == 'M' && h[2] == 0 && (h[3] == 42 || h[3] == 43)))) {
        size.format = "TIFF";
        ok = tiffSize(f, h, size);
    } else if (n >= 30 && !std::memcmp(h, "RIFF", 4) && !std::memcmp(h + 8, "WEBP", 4)) {
        size.format = "WebP";
        ok = webpSize(f, size);
    } else if (n >= 3 && h[0] == 'P' && ((h[1] >= '1' && h[1] <= '7') || h[1] == 'F' || h[1] == 'f')) {
        size.format = "PNM";
        ok = netpbmSize(f, size);
    } else if (n >= 12 && !std::memcmp(h, "\x00\x00\x00\x0CjP  \r\n\x87\n", 12)) {
        size.format = "JPEG 2000";
        ok = jpeg2000Size(f, false, size);
    } else if (n >= 4 && h[0] == 0xFF && h[1] == 0x4F && h[2] == 0xFF && h[3] == 0x51) {
        size.format = "JPEG 2000";
        ok = jpeg2000Size(f, true, size);
    } else if (n >= 4 && h[0] == 0x76 && h[1] == 0x2F && h[2] == 0x31 && h[3] == 0x01) {
        size.format = "OpenEXR";
        ok = exrSize(f, size);
    } else if (n >= 6 && (!std::memcmp(h, "#?RADIANCE", std::min<size_t>(n, 10)) || !std::memcmp(h, "#?RGBE", 6))) {
        size.format = "Radiance HDR";
        ok = hdrSize(f, size);
    } else if (n >= 12 && be32(h) == 0x59A66A95u) {
        size = {be32(h + 4), be32(h + 8), "Sun raster"};
        ok = true;
    } else {
        throw DataError("cannot decode image " + path
            + ": not a recognised image format (PNG, JPEG, BMP, TIFF, WebP, PNM, JPEG 2000, OpenEXR, Radiance HDR)");
    }
    if (!ok || size.width < 1 || size.height < 1)
        throw DataError("cannot decode image " + path + ": its " + size.format + " header does not give its size");
    return size;
}

// Throws DataError when the image's header claims more pixels than maxImagePixels().
void requireImageWithinLimit(const std::string &path)
{
    const ImageSize size = readImageSize(path);
    const int64_t limit = maxImagePixels();
    // Sides are below 2^41 (each parser's bounds), so the product cannot overflow.
    if (size.width > limit || size.height > limit || size.width * size.height > limit)
        throw DataError("image " + path + ": its " + size.format + " header claims " + std::to_string(size.width) + "x"
            + std::to_string(size.height) + " pixels, above the limit of " + std::to_string(limit)
            + " pixels per image (PRETEXT_MAX_IMAGE_PIXELS)");
}

// Decodes one image as RGB, resized to side x side, into out (HWC).
void decodeInto(const std::string &path, int side, uint8_t *out)
{
    requireImageWithinLimit(path);
    cv::Mat bgr;
    try {
        bgr = cv::imread(path, cv::IMREAD_COLOR);
    } catch (const cv::Exception &e) {
        throw DataError("cannot decode image " + path + ": " + e.what());
    }
    if (bgr.empty()) throw DataError("cannot decode image " + path + " (unreadable or not an image OpenCV supports)");
    cv::Mat resized;
    // INTER_AREA averages the source pixels under each target pixel, which avoids aliasing when shrinking.
    if (bgr.rows != side || bgr.cols != side)
        cv::resize(bgr, resized, cv::Size(side, side), 0, 0, cv::INTER_AREA);
    else
        resized = bgr;
    cv::Mat rgb(side, side, CV_8UC3, out); // writes straight into the tensor's buffer
    cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
    if (rgb.data != out) throw DataError("internal error decoding " + path + ": OpenCV reallocated the output");
}

Dataset decodeAll(const std::vector<Entry> &entries, const std::vector<std::string> &classNames, int side,
    const std::string &name, int64_t limit, int64_t alreadyLoaded)
{
    const int64_t n = limit > 0 ? std::min<int64_t>(limit, static_cast<int64_t>(entries.size()))
                                : static_cast<int64_t>(entries.size());
    // HWC, then its CHW copy: twice the images at the peak.
    const std::string folder
        = entries.empty() ? name : fs::path(entries.front().path).parent_path().parent_path().string();
    requireWithinDatasetLimit("image folder " + folder, std::to_string(n) + " images resized to " + std::to_string(side)
            + "x" + std::to_string(side),
        n * (2 * int64_t(side) * side * 3 + 8), alreadyLoaded);
    auto hwc = torch::empty({ n, side, side, 3 }, torch::kUInt8);
    auto labels = torch::empty({ n }, torch::kLong);
    uint8_t *pixels = hwc.data_ptr<uint8_t>();
    int64_t *labelData = labels.data_ptr<int64_t>();
    const int64_t imageBytes = int64_t(side) * side * 3;
    // Decoding dominates; images are independent, and parallel_for rethrows the first DataError.
    at::parallel_for(0, n, 8, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            decodeInto(entries[size_t(i)].path, side, pixels + i * imageBytes);
            labelData[i] = entries[size_t(i)].label;
        }
    });
    Dataset d;
    d.name = name;
    d.classNames = classNames;
    d.images = hwc.permute({ 0, 3, 1, 2 }).contiguous();
    d.labels = labels;
    return d;
}

} // namespace

DatasetSplits loadImageFolder(const std::string &dir, const LoadOptions &options)
{
    requireDirectory(dir, "one sub-folder of images per class");
    const auto classNames = sortedEntries(dir, true);
    if (classNames.empty())
        throw DataError("image folder " + dir + " has no class sub-folders (expected DIR/<class>/<image files>)");
    std::vector<Entry> train, test;
    for (size_t c = 0; c < classNames.size(); ++c) {
        const std::string classDir = joinPath(dir, classNames[c]);
        const auto files = sortedEntries(classDir, false);
        if (files.empty()) throw DataError("class folder " + classDir + " has no images (.png, .jpg, .bmp, ...)");
        for (size_t i = 0; i < files.size(); ++i)
            ((i + 1) % kTestEvery == 0 ? test : train).push_back({ joinPath(classDir, files[i]), int64_t(c) });
    }
    DatasetSplits splits;
    splits.train = decodeAll(train, classNames, options.folderImageSize, "folder/train", options.limitTrain, 0);
    splits.test = decodeAll(test, classNames, options.folderImageSize, "folder/test", options.limitTest,
        datasetBytes(splits.train));
    return splits;
}

} // namespace pretext::engine::data
