// Writes the seed corpora (fuzz/corpus/<target>/) and the libFuzzer dictionaries (fuzz/dict/) from the same helpers
// the targets use, so that seeds and targets agree on the input layouts. Run by `./pretext.sh fuzz --corpus`, or:
//   build-fuzz/bin/fuzz_make_corpus SOURCE_DIR
// Small valid files first, then a few edge cases each. Deterministic: rerunning it gives the same bytes.
#include "fuzz/fuzz_common.h"

#include "engine/augment/augmentconfig.h"
#include "engine/io/json.h"
#include "engine/methods/catalog.h"
#include "engine/train/checkpoint.h"
#include "engine/train/runconfig.h"

#include <torch/serialize/output-archive.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace pretext;
using namespace pretext::engine;
using fuzz::joinParts;

namespace {

std::string g_root;

class Corpus {
public:
    explicit Corpus(const std::string &target) : m_dir(g_root + "/fuzz/corpus/" + target)
    {
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void add(const std::string &name, const std::string &bytes)
    {
        fuzz::writeFile(m_dir + "/" + name, bytes);
        ++m_count;
        m_bytes += bytes.size();
    }
    ~Corpus() { std::cout << m_dir << ": " << m_count << " files, " << m_bytes << " bytes\n"; }

private:
    std::string m_dir;
    int m_count = 0;
    size_t m_bytes = 0;
};

std::string opt(uint8_t v) { return std::string(1, char(v)); }

// libFuzzer dictionary: one quoted token a line, with \" \\ and \xNN escapes.
void writeDict(const std::string &name, const std::set<std::string> &tokens)
{
    fs::create_directories(g_root + "/fuzz/dict");
    std::string out = "# Written by fuzz_make_corpus (fuzz/make_corpus.cpp); do not edit.\n";
    for (const auto &t : tokens) {
        if (t.empty() || t.size() > 64) continue;
        out += '"';
        for (unsigned char c : t) {
            if (c == '"' || c == '\\') {
                out += '\\';
                out += char(c);
            } else if (c < 0x20 || c >= 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02X", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
        out += "\"\n";
    }
    fuzz::writeFile(g_root + "/fuzz/dict/" + name + ".dict", out);
}

std::string readText(const std::string &path)
{
    std::FILE *f = std::fopen(path.c_str(), "rb");
    if (!f) throw std::runtime_error("cannot read " + path);
    std::string s;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        s.append(buf, n);
    std::fclose(f);
    return s;
}

void idxCorpora()
{
    using fuzz::idxImages;
    using fuzz::idxLabels;
    std::vector<std::pair<std::string, std::string>> bodies = {
        { "valid-2x4x4", joinParts({ idxImages(2, 4, 4), idxLabels(2) }) },
        { "valid-3x28x28", joinParts({ idxImages(3, 28, 28, 5), idxLabels(3, 5) }) },
        { "valid-8x1x1", joinParts({ idxImages(8, 1, 1), idxLabels(8) }) },
        { "count-mismatch", joinParts({ idxImages(2, 4, 4), idxLabels(3) }) },
        { "label-out-of-range", joinParts({ idxImages(1, 2, 2), fuzz::bigEndian32(0x801) + fuzz::bigEndian32(1) + "\x0a" }) },
        { "bad-magic", joinParts({ fuzz::bigEndian32(0x00000903) + idxImages(1, 2, 2).substr(4), idxLabels(1) }) },
        { "wrong-rank", joinParts({ idxLabels(2), idxImages(2, 2, 2) }) },
        { "truncated-images", joinParts({ idxImages(2, 4, 4).substr(0, 30), idxLabels(2) }) },
        { "trailing-data", joinParts({ idxImages(1, 2, 2) + "xx", idxLabels(1) }) },
        { "no-records", joinParts({ idxImages(0, 4, 4), idxLabels(0) }) },
        { "huge-header", joinParts({ fuzz::bigEndian32(0x803) + fuzz::bigEndian32(60000) + fuzz::bigEndian32(4096)
                + fuzz::bigEndian32(4096), idxLabels(1) }) },
        { "side-zero", joinParts({ idxImages(1, 0, 4), idxLabels(1) }) },
    };
    {
        Corpus c("idx");
        for (const auto &[name, body] : bodies)
            c.add(name, opt(0x09) + body); // limits 2 and 2
        c.add("limit-1", opt(0x00) + bodies[1].second);
    }
    {
        Corpus c("idx_gz");
        for (const auto &[name, body] : bodies)
            c.add(name, opt(0x09) + std::string("\x08\0\0", 3) + body); // intact, zlib level 6
        const std::string &valid = bodies[1].second;
        c.add("cut-images", opt(0x09) + std::string("\x09\x40\x00", 3) + valid);
        c.add("cut-labels-trailer", opt(0x09) + std::string("\x0d\x1e\x00", 3) + valid);
        c.add("flipped-byte", opt(0x09) + std::string("\x0a\x20\x00", 3) + valid);
        c.add("appended", opt(0x09) + std::string("\x0b\x00\x00", 3) + valid);
        c.add("stored-blocks", opt(0x09) + std::string("\x18\x00\x00", 3) + valid);
    }
    writeDict("idx", { std::string(fuzz::kSeparator), fuzz::bigEndian32(0x803), fuzz::bigEndian32(0x801),
                         std::string("\x1f\x8b\x08", 3) });
}

void cifarCorpus()
{
    using fuzz::cifarRecords;
    std::string names;
    for (const char *n : { "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck" })
        names += std::string(n) + "\n";
    Corpus c("cifar");
    c.add("valid-1-1", opt(0x00) + joinParts({ cifarRecords(1), cifarRecords(1, 1) }));
    c.add("valid-2-1-meta", opt(0x00) + joinParts({ cifarRecords(2), cifarRecords(1, 2), names + "\n\n" }));
    c.add("archive-folder-limits", opt(0x40 | 0x08 | 0x02) + joinParts({ cifarRecords(2), cifarRecords(1) }));
    c.add("meta-9-names", opt(0x00) + joinParts({ cifarRecords(1), cifarRecords(1), "a\nb\nc\nd\ne\nf\ng\nh\ni\n" }));
    c.add("truncated-record", opt(0x00) + joinParts({ cifarRecords(2).substr(0, 4000), cifarRecords(1) }));
    std::string badLabel = cifarRecords(1);
    badLabel[0] = 10;
    c.add("label-10", opt(0x00) + joinParts({ cifarRecords(1), badLabel }));
    c.add("empty-batch", opt(0x00) + joinParts({ cifarRecords(1), "" }));
    c.add("limit-stops-early", opt(0x01) + joinParts({ cifarRecords(1), "garbage" }));
    writeDict("cifar", { std::string(fuzz::kSeparator), "airplane\n", "\n" });
}

void stlCorpus()
{
    using fuzz::stlSpec;
    std::string names;
    for (const char *n : { "airplane", "bird", "car", "cat", "deer", "dog", "horse", "monkey", "ship", "truck" })
        names += std::string(n) + "\n";
    Corpus c("stl10");
    c.add("valid-1", opt(0x00) + joinParts({ stlSpec(1, 0, "\x01\x02\x03\xff"), "\x01" }));
    c.add("valid-2-names", opt(0x00) + joinParts({ stlSpec(2, 0, "abc"), "\x0a\x05", names }));
    c.add("archive-folder-limit", opt(0x40 | 0x01) + joinParts({ stlSpec(3, 0, "z"), "\x01\x02\x03" }));
    c.add("truncated-image", opt(0x00) + joinParts({ stlSpec(1, -1, "q"), "\x01" }));
    c.add("extra-byte", opt(0x00) + joinParts({ stlSpec(1, 1, "q"), "\x01" }));
    c.add("label-0", opt(0x00) + joinParts({ stlSpec(1, 0, "q"), std::string(1, '\0') }));
    c.add("label-11", opt(0x00) + joinParts({ stlSpec(1, 0, "q"), "\x0b" }));
    c.add("count-mismatch", opt(0x00) + joinParts({ stlSpec(2, 0, "q"), "\x01" }));
    c.add("names-3", opt(0x00) + joinParts({ stlSpec(1, 0, "q"), "\x01", "a\nb\nc\n" }));
    c.add("empty-images", opt(0x00) + joinParts({ stlSpec(0, 0, ""), "\x01" }));
    writeDict("stl10", { std::string(fuzz::kSeparator), "\x01", "\x0a", "\n" });
}

void configCorpus()
{
    Corpus c("config");
    std::set<std::string> tokens;
    for (const auto &entry : fs::directory_iterator(g_root + "/samples")) {
        if (entry.path().extension() != ".json") continue;
        c.add("sample-" + entry.path().stem().string(), readText(entry.path().string()));
    }
    for (const auto &m : methodCatalog()) {
        // Every method's full default config (with the augment section): the keys a real config.json has.
        c.add("default-" + m.name, json::dump(toJson(defaultRunConfig(m.name)), 2) + "\n");
        tokens.insert("\"" + m.name + "\"");
        for (const auto &s : m.settings)
            tokens.insert("\"" + s.key + "\"");
    }
    for (const auto &s : runSettings()) {
        tokens.insert("\"" + s.key + "\"");
        for (const auto &choice : s.choices)
            tokens.insert("\"" + choice + "\"");
    }
    for (const auto &a : augmentSettings())
        tokens.insert("\"" + a.setting.key + "\"");
    for (const char *t : { "\"augment\"", "\"versions\"", "true", "false", "null", "-0", "1e308", "4.9e-324",
             "\"\\ud83d\\ude00\"", "\"\\u0000\"", "9007199254740993", "\"shapes:100\"", "\"cuda:0\"" })
        tokens.insert(t);
    c.add("edge-empty-object", "{}");
    c.add("edge-not-object", "[1, 2.5e3, -0, \"x\", null, true, {\"a\": []}]");
    c.add("edge-unknown-field", R"({"method": "simclr", "batch_sise": 64})");
    c.add("edge-out-of-range", R"({"batch_size": 0, "lr": -1, "augment": {"blur_kernel": 4}})");
    c.add("edge-surrogates", R"({"dataset": "\ud83d\ude00 \udc00 \u00e9", "device": "cuda:7"})");
    c.add("edge-numbers", R"({"epochs": 1e300, "seed": 18446744073709551615, "threads": -0.0, "lr": 5e-324})");
    c.add("edge-other-methods-setting", R"({"method": "simclr", "queue_size": 1024})");
    writeDict("config", tokens);
}

void goldenCorpus()
{
    const json::Value golden = json::parseFile(g_root + "/tests/data/golden.json");
    std::map<std::string, json::Value> smallest; // op -> its smallest case
    for (const auto &kase : golden.find("cases")->asArray()) {
        const std::string op = kase.find("op")->asString();
        auto it = smallest.find(op);
        if (it == smallest.end() || json::dump(kase).size() < json::dump(it->second).size()) smallest[op] = kase;
    }
    auto file = [&](const json::Value::Array &cases) {
        json::Value doc = json::Value::object();
        doc["format"] = "pretext-golden/1";
        doc["seed"] = 0;
        doc["cases"] = cases;
        return json::dump(doc, 1) + "\n";
    };
    Corpus c("golden");
    std::set<std::string> tokens = { "\"format\"", "\"pretext-golden/1\"", "\"cases\"", "\"name\"", "\"op\"",
        "\"params\"", "\"inputs\"", "\"outputs\"", "\"shape\"", "\"data\"" };
    json::Value::Array all;
    for (const auto &[op, kase] : smallest) {
        c.add("case-" + op, file({ kase }));
        all.push_back(kase);
        tokens.insert("\"" + op + "\"");
        for (const char *section : { "params", "inputs", "outputs" })
            if (const json::Value *s = kase.find(section))
                for (const auto &kv : s->asObject())
                    tokens.insert("\"" + kv.first + "\"");
    }
    // All of them in one file stays under 20 KB only without the largest; drop cases until it fits.
    std::sort(all.begin(), all.end(),
        [](const json::Value &a, const json::Value &b) { return json::dump(a).size() < json::dump(b).size(); });
    while (!all.empty() && file(all).size() > 20000)
        all.pop_back();
    c.add("several-cases", file(all));
    c.add("edge-unknown-op", R"({"format": "pretext-golden/1", "cases": [{"name": "x", "op": "no_such_op"}]})");
    c.add("edge-wrong-format", R"({"format": "pretext-golden/2", "cases": []})");
    c.add("edge-shape-mismatch", R"({"format": "pretext-golden/1", "cases": [{"name": "r", "op": "rotate90",
        "params": {"k": 1}, "inputs": {"img": {"shape": [1, 2, 2], "data": [1, 2, 3]}},
        "outputs": {"img": {"shape": [1, 2, 2], "data": [2, 4, 1, 3]}}}]})");
    c.add("edge-no-outputs", R"({"format": "pretext-golden/1", "cases": [{"name": "p", "op": "patchify",
        "params": {"patch": 2}, "inputs": {"imgs": {"shape": [1, 1, 2, 2], "data": [1, 2, 3, 4]}}}]})");
    writeDict("golden", tokens);
}

// A small archive shaped like the trainer's (sub-archives of tensors, progress values, RNG state, epoch order).
std::string smallArchive()
{
    torch::serialize::OutputArchive root, method, optimizer;
    method.write("encoder.weight", torch::arange(6, torch::kFloat).reshape({ 2, 3 }));
    method.write("encoder.bias", torch::zeros({ 2 }), /*is_buffer=*/false);
    optimizer.write("step", c10::IValue(int64_t(7)));
    root.write("method", method);
    root.write("optimizer", optimizer);
    root.write("step", c10::IValue(int64_t(42)));
    root.write("epoch", c10::IValue(int64_t(1)));
    root.write("temperature", c10::IValue(0.5));
    root.write("rng", c10::IValue(std::string("12345 67890")));
    root.write("epoch_order", torch::arange(4, torch::kLong));
    std::ostringstream out;
    root.save_to(out);
    return out.str();
}

void checkpointCorpus()
{
    const std::string payload = smallArchive();
    CheckpointIdentity id;
    id.runId = "0123456789abcdef";
    id.step = 42;
    id.config = json::parse(R"({"method": "simclr", "batch_size": 8, "epochs": 1})");
    id.configHash = configHash(id.config);
    const std::string file = encodeCheckpoint(id, payload);
    const std::string raw = opt(0), wrap = opt(1);
    Corpus c("checkpoint");
    c.add("file-valid", raw + file);
    c.add("file-bare-archive", raw + payload);
    c.add("payload-valid", wrap + payload);
    c.add("file-cut-short", raw + file.substr(0, file.size() - 100));
    c.add("file-header-only", raw + file.substr(0, file.find('\n', file.find('\n') + 1) + 1));
    c.add("file-format-2", raw + "PRETEXT-CHECKPOINT 2\n{}\n");
    c.add("file-empty", raw);
    std::string flipped = file;
    flipped[flipped.size() - 200] ^= 0x55;
    c.add("file-bad-crc", raw + flipped);
    c.add("payload-not-zip", wrap + "PK\x03\x04 not really a zip archive");
    std::cout << "checkpoint payload: " << payload.size() << " bytes\n";
    writeDict("checkpoint", { "PRETEXT-CHECKPOINT 1\n", "\"run_id\"", "\"config_hash\"", "\"step\"",
                                "\"payload_bytes\"", "\"payload_crc32\"", "\"config\"", "PK\x03\x04", "PK\x01\x02",
                                "PK\x05\x06", "data.pkl", "version" });
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: fuzz_make_corpus SOURCE_DIR  (writes SOURCE_DIR/fuzz/corpus/* and fuzz/dict/*)\n";
        return 2;
    }
    g_root = argv[1];
    try {
        idxCorpora();
        cifarCorpus();
        stlCorpus();
        configCorpus();
        goldenCorpus();
        checkpointCorpus();
    } catch (const std::exception &e) {
        std::cerr << "fuzz_make_corpus: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
