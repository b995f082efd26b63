#include "engine/train/checkpoint.h"

#include "engine/core/errors.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string_view>

namespace pretext::engine {

namespace {

constexpr const char *kMagic = "PRETEXT-CHECKPOINT ";

uint32_t crc32Of(std::string_view data)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    const auto *p = reinterpret_cast<const Bytef *>(data.data());
    size_t left = data.size();
    while (left > 0) {
        const uInt n = static_cast<uInt>(std::min<size_t>(left, 1u << 30));
        crc = crc32(crc, p, n);
        p += n;
        left -= n;
    }
    return static_cast<uint32_t>(crc);
}

std::string hex(uint64_t v, int digits)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "%0*llx", digits, static_cast<unsigned long long>(v));
    return buf;
}

bool ignoredByHash(const std::string &key)
{
    return key == "device" || key == "threads" || key == "versions" || key == "run_id";
}

[[noreturn]] void damaged(const std::string &source, const std::string &why)
{
    throw DataError(source + ": checkpoint damaged: " + why +
                    ". It cannot be used; an older copy (a backup or another run) is the only way back to this point.");
}

// The payload is a LibTorch archive (a zip file); a checkpoint from before the identity header is that archive alone,
// with no checksum of ours. LibTorch 1.13 does not compare a record's bytes with the CRC-32 the zip keeps for it,
// and a damaged data.pkl can crash its unpickler (a SEGV, found by fuzz_checkpoint). So the zip's structure and its
// checksums are verified here, record by record, before LibTorch reads any of it: a damaged checkpoint is refused
// with a message instead. (A file made by hand with every checksum right still reaches LibTorch's unpickler, which is
// not hardened against crafted input: load checkpoints you or Pretext Workbench wrote, as you would run code.)
class ZipWalker
{
public:
    ZipWalker(std::string_view zip, const std::string &source) : m_zip(zip), m_source(source) {}

    void verify()
    {
        const size_t eocd = findEndRecord();
        uint64_t entries = u16(eocd + 10);
        uint64_t cdOffset = u32(eocd + 16);
        if (entries == 0xffff || cdOffset == 0xffffffffu) { // Zip64: the locator sits just before the end record
            if (eocd < 20 || u32(eocd - 20) != 0x07064b50u) fail("has no Zip64 locator");
            const uint64_t z64 = u64(eocd - 20 + 8);
            if (z64 > m_zip.size() || m_zip.size() - z64 < 56 || u32(z64) != 0x06064b50u)
                fail("has no Zip64 end record");
            entries = u64(z64 + 32);
            cdOffset = u64(z64 + 48);
        }
        if (cdOffset > m_zip.size()) fail("points to a table of contents outside the file");
        if (entries > m_zip.size() / 46) fail("announces more records than the file can hold");
        size_t at = static_cast<size_t>(cdOffset);
        for (uint64_t i = 0; i < entries; ++i) at = verifyEntry(at);
    }

private:
    [[noreturn]] void fail(const std::string &why) const { damaged(m_source, "its LibTorch archive " + why); }

    void need(uint64_t at, uint64_t n) const
    {
        if (at > m_zip.size() || n > m_zip.size() - at) fail("is cut off");
    }
    uint64_t le(uint64_t at, int n) const
    {
        need(at, static_cast<uint64_t>(n));
        uint64_t v = 0;
        for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(m_zip[at + static_cast<size_t>(i)]);
        return v;
    }
    uint32_t u16(uint64_t at) const { return static_cast<uint32_t>(le(at, 2)); }
    uint32_t u32(uint64_t at) const { return static_cast<uint32_t>(le(at, 4)); }
    uint64_t u64(uint64_t at) const { return le(at, 8); }

    size_t findEndRecord() const
    {
        if (m_zip.size() < 22) fail("is cut off");
        const size_t last = m_zip.size() - 22, first = last > 0xffff ? last - 0xffff : 0;
        for (size_t at = last + 1; at-- > first;)
            if (u32(at) == 0x06054b50u) return at;
        fail("has no end record (the file was cut short)");
    }

    size_t verifyEntry(size_t at)
    {
        if (u32(at) != 0x02014b50u) fail("has a broken table of contents");
        const uint32_t method = u16(at + 10), crc = u32(at + 16);
        uint64_t compressed = u32(at + 20), size = u32(at + 24), local = u32(at + 42);
        const uint32_t nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32);
        need(at + 46, uint64_t(nameLength) + extraLength + commentLength);
        const std::string name(m_zip.substr(at + 46, nameLength));
        // Zip64 sizes and offset, in this order, for the fields that hold 0xffffffff.
        for (size_t x = at + 46 + nameLength, end = x + extraLength; x + 4 <= end;) {
            const uint32_t id = u16(x), length = u16(x + 2);
            if (id == 1) {
                size_t f = x + 4;
                auto take = [&](uint64_t &field) {
                    if (field != 0xffffffffu) return;
                    if (f + 8 > x + 4 + length) fail("lacks the Zip64 sizes of its record \"" + name + "\"");
                    field = u64(f);
                    f += 8;
                };
                take(size);
                take(compressed);
                take(local);
            }
            x += 4 + size_t(length);
        }
        if (u32(local) != 0x04034b50u) fail("does not hold its record \"" + name + "\" where its table of contents says");
        const uint64_t data = local + 30 + u16(local + 26) + u16(local + 28);
        need(data, compressed);
        const std::string_view bytes = m_zip.substr(static_cast<size_t>(data), static_cast<size_t>(compressed));
        uint32_t actual = 0;
        if (method == 0) {
            if (compressed != size) fail("gives its record \"" + name + "\" two different sizes");
            actual = crc32Of(bytes);
        } else if (method == 8) {
            actual = inflatedCrc(bytes, size, name);
        } else {
            fail("compresses its record \"" + name + "\" with method " + std::to_string(method) +
                 ", which LibTorch does not write");
        }
        if (actual != crc)
            fail("holds a record, \"" + name +
                 "\", that does not match its checksum (its bytes were changed after it was written)");
        return at + 46 + nameLength + extraLength + commentLength;
    }

    // CRC-32 of a deflated record's content, inflated in steps (a damaged size cannot make it allocate).
    uint32_t inflatedCrc(std::string_view bytes, uint64_t size, const std::string &name) const
    {
        z_stream z{};
        if (inflateInit2(&z, -MAX_WBITS) != Z_OK) fail("could not be checked (zlib did not start)");
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.data()));
        z.avail_in = static_cast<uInt>(std::min<size_t>(bytes.size(), 1u << 30));
        unsigned char out[16384];
        uLong crc = crc32(0L, Z_NULL, 0);
        uint64_t produced = 0;
        int rc = Z_OK;
        while (rc == Z_OK) {
            z.next_out = out;
            z.avail_out = sizeof out;
            rc = inflate(&z, Z_NO_FLUSH);
            const uInt n = static_cast<uInt>(sizeof out - z.avail_out);
            produced += n;
            crc = crc32(crc, out, n);
            if (produced > size) break; // more than announced: damaged
        }
        inflateEnd(&z);
        if (rc != Z_STREAM_END || produced != size)
            fail("holds a record, \"" + name + "\", that does not decompress to its announced size");
        return static_cast<uint32_t>(crc);
    }

    std::string_view m_zip;
    const std::string &m_source;
};

} // namespace

std::string encodeCheckpoint(const CheckpointIdentity &identity, const std::string &payload)
{
    json::Value header;
    header["run_id"] = identity.runId;
    header["config_hash"] = identity.configHash;
    header["step"] = identity.step;
    header["payload_bytes"] = static_cast<int64_t>(payload.size());
    header["payload_crc32"] = hex(crc32Of(payload), 8);
    if (!identity.config.isNull()) header["config"] = identity.config;
    std::string out = kMagic + std::to_string(kCheckpointFormat) + "\n" + json::dump(header) + "\n";
    out += payload;
    return out;
}

CheckpointIdentity decodeCheckpoint(const std::string &bytes, const std::string &source, std::string *payload)
{
    CheckpointIdentity id;
    if (bytes.compare(0, 2, "PK") == 0) { // a bare LibTorch (zip) archive: the format before identities
        ZipWalker(bytes, source).verify();
        if (payload) *payload = bytes;
        return id;
    }
    const size_t magicLength = std::strlen(kMagic);
    if (bytes.size() < magicLength || bytes.compare(0, magicLength, kMagic) != 0) {
        if (bytes.empty()) damaged(source, "the file is empty");
        throw DataError(source + ": not a Pretext Workbench checkpoint (it starts with neither \"" +
                        std::string(kMagic) + "\" nor a LibTorch archive)");
    }
    const size_t line1 = bytes.find('\n', magicLength);
    if (line1 == std::string::npos) damaged(source, "the header is cut off");
    const std::string version = bytes.substr(magicLength, line1 - magicLength);
    if (version != std::to_string(kCheckpointFormat))
        throw DataError(source + ": checkpoint format \"" + version.substr(0, 20) + "\" is not one this version reads (" +
                        std::to_string(kCheckpointFormat) + "); it may come from a newer Pretext Workbench");
    const size_t line2 = bytes.find('\n', line1 + 1);
    if (line2 == std::string::npos) damaged(source, "the header is cut off");
    json::Value header;
    try {
        header = json::parse(std::string_view(bytes).substr(line1 + 1, line2 - line1 - 1), source + " header");
        id.format = kCheckpointFormat;
        id.runId = header.find("run_id") ? header.find("run_id")->asString() : std::string();
        id.configHash = header.find("config_hash") ? header.find("config_hash")->asString() : std::string();
        const json::Value *step = header.find("step");
        const json::Value *size = header.find("payload_bytes");
        const json::Value *crc = header.find("payload_crc32");
        if (!step || !size || !crc) damaged(source, "the header lacks step, payload_bytes or payload_crc32");
        const double s = step->asNumber(), n = size->asNumber();
        if (!(s >= 0 && s < 9.0e15) || s != static_cast<double>(static_cast<int64_t>(s)))
            damaged(source, "the header's step is not a whole number >= 0");
        id.step = static_cast<int64_t>(s);
        const size_t have = bytes.size() - line2 - 1;
        if (!(n >= 0) || n != static_cast<double>(have))
            damaged(source, "the payload is " + std::to_string(have) + " bytes, the header announces " +
                                json::dump(*size) + " (the file was cut short or extended)");
        if (crc->asString() != hex(crc32Of(std::string_view(bytes).substr(line2 + 1)), 8))
            damaged(source, "the payload's checksum does not match (its bytes were changed after it was written)");
        if (const json::Value *c = header.find("config")) id.config = *c;
    } catch (const DataError &) {
        throw;
    } catch (const std::exception &e) {
        damaged(source, std::string("unreadable header (") + e.what() + ")");
    }
    // The header's checksum matched, so the zip's own can only disagree in a file written wrong or made by hand;
    // either must not reach LibTorch's readers, which trust them.
    ZipWalker(std::string_view(bytes).substr(line2 + 1), source).verify();
    if (payload) *payload = bytes.substr(line2 + 1);
    return id;
}

CheckpointIdentity readCheckpointFile(const std::string &path, std::string *payload)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(path + ": cannot open: " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw DataError(path + ": cannot read: " + std::strerror(errno));
    return decodeCheckpoint(ss.str(), path, payload);
}

std::string configHash(const json::Value &config)
{
    uint64_t h = 1469598103934665603ull; // FNV-1a 64
    auto mix = [&](const std::string &text) {
        for (unsigned char c : text) {
            h ^= c;
            h *= 1099511628211ull;
        }
        h ^= 0xff; // separator
        h *= 1099511628211ull;
    };
    if (config.isObject())
        for (const auto &[key, value] : config.asObject()) {
            if (ignoredByHash(key)) continue;
            mix(key);
            mix(json::dump(value));
        }
    return hex(h, 16);
}

std::string firstConfigDifference(const json::Value &checkpointConfig, const json::Value &runConfig)
{
    if (!checkpointConfig.isObject() || !runConfig.isObject()) return {};
    auto same = [](const json::Value &a, const json::Value &b) {
        if (a.isNumber() && b.isNumber()) return a.asNumber() == b.asNumber();
        return json::dump(a) == json::dump(b);
    };
    auto shown = [](const json::Value *v) { return v ? json::dump(*v) : std::string("absent"); };
    for (const auto &[key, value] : runConfig.asObject()) {
        if (ignoredByHash(key)) continue;
        const json::Value *other = checkpointConfig.find(key);
        if (!other || !same(*other, value))
            return key + " (" + shown(other) + " in the checkpoint, " + json::dump(value) + " in config.json)";
    }
    for (const auto &[key, value] : checkpointConfig.asObject())
        if (!ignoredByHash(key) && !runConfig.find(key))
            return key + " (" + json::dump(value) + " in the checkpoint, absent in config.json)";
    return {};
}

std::string newRunId()
{
    std::random_device rd;
    const uint64_t v = (static_cast<uint64_t>(rd()) << 32) ^ rd();
    return hex(v, 16);
}

} // namespace pretext::engine
