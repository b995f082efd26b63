#include "engine/io/runfolder.h"

#include "engine/core/errors.h"

#include <zlib.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pretext::engine {

std::string utcNow()
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string joinPath(const std::string &dir, const std::string &name)
{
    if (dir.empty()) return name;
    return dir.back() == '/' ? dir + name : dir + "/" + name;
}

bool pathExists(const std::string &path)
{
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0;
}

void makeDirs(const std::string &path)
{
    std::string partial;
    std::stringstream ss(path);
    std::string part;
    if (!path.empty() && path[0] == '/') partial = "/";
    while (std::getline(ss, part, '/')) {
        if (part.empty()) continue;
        partial += part + "/";
        if (::mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST)
            throw ConfigError("cannot create folder " + partial + ": " + std::strerror(errno));
    }
}

static std::string parentOf(const std::string &path)
{
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

static void fsyncPath(const std::string &path, bool directory)
{
    int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

void commitFile(const std::string &tmpPath, const std::string &path)
{
    fsyncPath(tmpPath, false);
    if (std::rename(tmpPath.c_str(), path.c_str()) != 0)
        throw Error("cannot replace " + path + ": " + std::strerror(errno));
    fsyncPath(parentOf(path), true);
}

RunFolderLock::RunFolderLock(const std::string &runDir)
{
    const std::string path = joinPath(runDir, ".lock");
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) throw ConfigError("cannot create " + path + ": " + std::strerror(errno));
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_fd);
        m_fd = -1;
        throw ConfigError(runDir + " is in use by another training process; wait for it to stop or choose another folder");
    }
}

RunFolderLock::~RunFolderLock()
{
    if (m_fd >= 0) ::close(m_fd); // closing releases the lock
}

void writeFileAtomically(const std::string &path, const std::string &content)
{
    // Unique per process, so that even a second writer cannot publish a half-written file.
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error("cannot write " + tmp + ": " + std::strerror(errno));
        out << content;
        out.flush();
        if (!out) throw Error("cannot write " + tmp + ": disk full?");
    }
    commitFile(tmp, path);
}

void MetricsLog::open(const std::string &path)
{
    if (m_file) std::fclose(m_file);
    m_path = path;
    m_file = std::fopen(path.c_str(), "a");
    if (!m_file) throw Error("cannot open " + path + " for appending: " + std::strerror(errno));
}

MetricsLog::~MetricsLog()
{
    if (m_file) std::fclose(m_file);
}

void MetricsLog::append(const json::Value &line)
{
    if (!m_file) return;
    const std::string text = json::dump(line) + "\n";
    std::fwrite(text.data(), 1, text.size(), m_file);
    std::fflush(m_file);
}

std::vector<json::Value> readMetrics(const std::string &path)
{
    std::ifstream in(path);
    if (!in) throw DataError(path + ": cannot open: " + std::strerror(errno));
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    std::vector<json::Value> out;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].empty()) continue;
        try {
            out.push_back(json::parse(lines[i], path + " line " + std::to_string(i + 1)));
        } catch (const std::exception &e) {
            if (i + 1 == lines.size()) break; // the last line was being written when the run stopped
            throw DataError(e.what());
        }
    }
    return out;
}

void truncateMetrics(const std::string &path, int64_t lastStep)
{
    if (!pathExists(path)) return;
    std::string kept;
    for (const auto &v : readMetrics(path)) {
        const json::Value *step = v.find("step");
        if (step && step->isNumber() && step->asNumber() > static_cast<double>(lastStep)) continue;
        kept += json::dump(v) + "\n";
    }
    writeFileAtomically(path, kept);
}

namespace {

void putU32(std::string &out, uint32_t v)
{
    out += static_cast<char>((v >> 24) & 0xFF);
    out += static_cast<char>((v >> 16) & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
    out += static_cast<char>(v & 0xFF);
}

void putChunk(std::string &out, const char *type, const std::string &data)
{
    putU32(out, static_cast<uint32_t>(data.size()));
    std::string body = std::string(type, 4) + data;
    out += body;
    putU32(out, static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef *>(body.data()), static_cast<uInt>(body.size()))));
}

} // namespace

void writePng(const std::string &path, int width, int height, int channels, const uint8_t *pixels)
{
    if (channels != 1 && channels != 3) throw Error("writePng: expected 1 or 3 channels");
    std::string raw;
    const size_t rowBytes = static_cast<size_t>(width) * channels;
    raw.reserve((rowBytes + 1) * height);
    for (int y = 0; y < height; ++y) {
        raw += '\0'; // filter: none
        raw.append(reinterpret_cast<const char *>(pixels + y * rowBytes), rowBytes);
    }
    uLongf packedSize = compressBound(static_cast<uLong>(raw.size()));
    std::string packed(packedSize, '\0');
    if (compress2(reinterpret_cast<Bytef *>(&packed[0]), &packedSize, reinterpret_cast<const Bytef *>(raw.data()),
                  static_cast<uLong>(raw.size()), 6) != Z_OK)
        throw Error("writePng: compression failed for " + path);
    packed.resize(packedSize);

    std::string png("\x89PNG\r\n\x1a\n", 8);
    std::string ihdr;
    putU32(ihdr, static_cast<uint32_t>(width));
    putU32(ihdr, static_cast<uint32_t>(height));
    ihdr += static_cast<char>(8);                      // bit depth
    ihdr += static_cast<char>(channels == 1 ? 0 : 2);  // colour type: gray or RGB
    ihdr += std::string(3, '\0');                      // compression, filter, interlace
    putChunk(png, "IHDR", ihdr);
    putChunk(png, "IDAT", packed);
    putChunk(png, "IEND", "");
    writeFileAtomically(path, png);
}

void writeGridPng(const std::string &path, const ImageGrid &grid, int columns, int scale)
{
    if (grid.empty()) return;
    const int cols = std::max(1, std::min(columns, grid.count));
    const int rows = (grid.count + cols - 1) / cols;
    const int gap = 2, cw = grid.width * scale, ch = grid.height * scale;
    const int w = cols * (cw + gap) + gap, h = rows * (ch + gap) + gap;
    std::vector<uint8_t> out(static_cast<size_t>(w) * h * 3, 255);
    for (int i = 0; i < grid.count; ++i) {
        const int ox = gap + (i % cols) * (cw + gap), oy = gap + (i / cols) * (ch + gap);
        const uint8_t *img = grid.image(i);
        for (int y = 0; y < ch; ++y)
            for (int x = 0; x < cw; ++x) {
                const uint8_t *p = img + (static_cast<size_t>(y / scale) * grid.width + x / scale) * grid.channels;
                uint8_t *q = &out[(static_cast<size_t>(oy + y) * w + ox + x) * 3];
                q[0] = p[0];
                q[1] = grid.channels == 3 ? p[1] : p[0];
                q[2] = grid.channels == 3 ? p[2] : p[0];
            }
    }
    writePng(path, w, h, 3, out.data());
}

void writeMatrixPng(const std::string &path, const Matrix &m, int cellSize)
{
    if (m.empty()) return;
    const int w = m.cols * cellSize, h = m.rows * cellSize;
    std::vector<uint8_t> out(static_cast<size_t>(w) * h * 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const float v = std::max(-1.0f, std::min(1.0f, m.at(y / cellSize, x / cellSize)));
            uint8_t *q = &out[(static_cast<size_t>(y) * w + x) * 3];
            // Diverging blue (-1) - white (0) - red (+1).
            const float a = std::fabs(v);
            const uint8_t fade = static_cast<uint8_t>(255 * (1 - a));
            q[0] = v > 0 ? 255 : fade;
            q[1] = fade;
            q[2] = v < 0 ? 255 : fade;
        }
    writePng(path, w, h, 3, out.data());
}

} // namespace pretext::engine
