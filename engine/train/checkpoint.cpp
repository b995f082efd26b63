#include "engine/train/checkpoint.h"

#include "engine/core/errors.h"

#include <zlib.h>

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
