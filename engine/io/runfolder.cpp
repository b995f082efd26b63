#include "engine/io/runfolder.h"

#include "engine/core/errors.h"
#include "engine/core/faults.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <dirent.h>
#include <csignal>
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
        if (::mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST) {
            const int error = errno;
            // A full or read-only disk is a storage failure (exit 5), a bad path a usage error.
            if (error == ENOSPC || error == EDQUOT || error == EROFS || error == EIO || error == EACCES || error == EPERM)
                throwStorageError(partial, error);
            throw ConfigError("cannot create folder " + partial + ": " + std::strerror(error));
        }
    }
}

static std::string parentOf(const std::string &path)
{
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

void throwStorageError(const std::string &path, int error)
{
    const std::string why = std::strerror(error);
    switch (error) {
    case ENOSPC:
    case EDQUOT:
        throw StorageError("disk full: could not write " + path + " (" + why +
                           "); free some space on that disk, or choose a run folder on another one");
    case EROFS:
        throw StorageError(path + " cannot be written: the folder is on a read-only file system (" + why + ")");
    case EACCES:
    case EPERM:
        throw StorageError(path + " cannot be written: the folder is read-only for this user (" + why + ")");
    case EIO:
        throw StorageError("the disk reported an I/O error while writing " + path + " (" + why +
                           "); the disk may be failing or was removed");
    default: throw StorageError("could not write " + path + ": " + why);
    }
}

namespace {

// The fault to simulate for this write, or 0; errno keeps the real failure otherwise.
int injected(const std::string &path)
{
    return faults::beforeWrite(path);
}

// write(2) until done; the errno of the failure otherwise (0 on success). `fault`: an injected errno to fail with.
int writeAll(int fd, const char *data, size_t size, int fault)
{
    if (fault) {
        // Like a real full disk: part of the data may have landed before the write failed.
        if (fault == ENOSPC && size > 1) (void)!::write(fd, data, size / 2);
        return fault;
    }
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
    return 0;
}

void fsyncFolder(const std::string &dir)
{
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd); // best effort: some file systems refuse fsync on folders
    ::close(fd);
}

} // namespace

bool folderWritable(const std::string &dir)
{
    if (faults::peek(joinPath(dir, ".")) == EROFS) return false;
    return ::access(dir.c_str(), W_OK) == 0;
}

int64_t removeStaleTemporaries(const std::string &runDir)
{
    int64_t freed = 0;
    for (const std::string &dir : {runDir, joinPath(runDir, runfolder::kCheckpoints), joinPath(runDir, runfolder::kSnapshots)}) {
        DIR *d = ::opendir(dir.c_str());
        if (!d) continue;
        std::vector<std::string> stale;
        while (const dirent *e = ::readdir(d)) {
            const std::string name = e->d_name;
            const auto at = name.rfind(".tmp.");
            if (at == std::string::npos || at == 0) continue;
            const std::string pid = name.substr(at + 5);
            if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) continue;
            // A writer that is still alive (a window exporting into the folder without the lock) keeps its file.
            const pid_t owner = static_cast<pid_t>(std::stol(pid));
            if (owner == ::getpid() || ::kill(owner, 0) == 0 || errno == EPERM) continue;
            stale.push_back(joinPath(dir, name));
        }
        ::closedir(d);
        for (const auto &path : stale) {
            struct stat st{};
            if (::stat(path.c_str(), &st) == 0 && ::unlink(path.c_str()) == 0) freed += st.st_size;
        }
    }
    return freed;
}

RunFolderLock::RunFolderLock(const std::string &runDir)
{
    const std::string path = joinPath(runDir, ".lock");
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) throwStorageError(path, errno);
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
    const int fault = injected(path); // a read-only folder refuses the file itself, a full disk its bytes
    const int fd = fault == EROFS ? -1 : ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throwStorageError(path, fault == EROFS ? EROFS : errno);
    int error = writeAll(fd, content.data(), content.size(), fault);
    if (!error && ::fsync(fd) != 0 && errno != EINVAL) error = errno; // the disk may report ENOSPC/EIO only here
    if (::close(fd) != 0 && !error && errno != EINTR) error = errno;
    if (!error && std::rename(tmp.c_str(), path.c_str()) != 0) error = errno;
    if (error) {
        ::unlink(tmp.c_str()); // a partial temporary file would only fill the disk further
        throwStorageError(path, error);
    }
    fsyncFolder(parentOf(path));
}

void MetricsLog::open(const std::string &path)
{
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    m_path = path;
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throwStorageError(path, errno);
    struct stat st{};
    ::fstat(fd, &st);
    int64_t size = st.st_size;
    // A torn last line (power lost mid-write) would glue the next line onto it: cut it off.
    if (size > 0) {
        char last = '\n';
        if (::pread(fd, &last, 1, size - 1) == 1 && last != '\n') {
            const int64_t chunk = std::min<int64_t>(size, 1 << 20);
            std::string tail(static_cast<size_t>(chunk), '\0');
            const ssize_t got = ::pread(fd, &tail[0], static_cast<size_t>(chunk), size - chunk);
            const auto nl = got > 0 ? tail.rfind('\n', static_cast<size_t>(got) - 1) : std::string::npos;
            const int64_t keep = nl == std::string::npos ? (chunk == size ? 0 : size) : size - chunk + static_cast<int64_t>(nl) + 1;
            if (keep < size && ::ftruncate(fd, keep) == 0) size = keep;
        }
    }
    m_fd = fd;
    m_size = size;
}

void MetricsLog::sync()
{
    if (m_fd >= 0 && ::fdatasync(m_fd) != 0 && errno != EINVAL) throwStorageError(m_path, errno);
}

MetricsLog::~MetricsLog()
{
    if (m_fd >= 0) ::close(m_fd);
}

void MetricsLog::append(const json::Value &line)
{
    if (m_fd < 0) return;
    const std::string text = json::dump(line) + "\n";
    if (const int error = writeAll(m_fd, text.data(), text.size(), injected(m_path))) {
        // Take back what part of the line landed: the log keeps whole lines only.
        (void)!::ftruncate(m_fd, m_size);
        throwStorageError(m_path, error);
    }
    m_size += static_cast<int64_t>(text.size());
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
