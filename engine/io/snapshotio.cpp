#include "engine/io/snapshotio.h"

#include "engine/core/errors.h"
#include "engine/io/runfolder.h"

namespace pretext::engine {

namespace {

// A field that must be there; a missing one is reported by name (and caught below as a malformed snapshot).
const json::Value &require(const json::Value &v, const char *key)
{
    const json::Value *f = v.find(key);
    if (!f) throw std::runtime_error(std::string("missing field \"") + key + "\"");
    return *f;
}

json::Value gridToJson(const ImageGrid &g)
{
    json::Value v;
    v["count"] = g.count;
    v["height"] = g.height;
    v["width"] = g.width;
    v["channels"] = g.channels;
    json::Value::Array px;
    px.reserve(g.pixels.size());
    for (uint8_t p : g.pixels) px.emplace_back(static_cast<int>(p));
    v["pixels"] = json::Value(std::move(px));
    return v;
}

ImageGrid gridFromJson(const json::Value *v)
{
    ImageGrid g;
    if (!v || !v->isObject()) return g;
    g.count = static_cast<int>(require(*v, "count").asNumber());
    g.height = static_cast<int>(require(*v, "height").asNumber());
    g.width = static_cast<int>(require(*v, "width").asNumber());
    g.channels = static_cast<int>(require(*v, "channels").asNumber());
    if (g.count < 0 || g.height < 0 || g.width < 0 || (g.channels != 1 && g.channels != 3 && g.count > 0))
        throw std::runtime_error("bad image grid size");
    const auto &px = require(*v, "pixels").asArray();
    if (px.size() != static_cast<size_t>(g.count) * g.imageBytes()) throw std::runtime_error("pixel count does not match the grid's size");
    g.pixels.reserve(px.size());
    for (const auto &p : px) g.pixels.push_back(static_cast<uint8_t>(p.asNumber()));
    return g;
}

json::Value matrixToJson(const Matrix &m)
{
    json::Value v;
    v["rows"] = m.rows;
    v["cols"] = m.cols;
    json::Value::Array vals;
    for (float f : m.values) vals.emplace_back(static_cast<double>(f));
    v["values"] = json::Value(std::move(vals));
    return v;
}

Matrix matrixFromJson(const json::Value *v)
{
    Matrix m;
    if (!v || !v->isObject()) return m;
    m.rows = static_cast<int>(require(*v, "rows").asNumber());
    m.cols = static_cast<int>(require(*v, "cols").asNumber());
    for (const auto &x : require(*v, "values").asArray()) m.values.push_back(static_cast<float>(x.asNumber()));
    if (m.values.size() != static_cast<size_t>(m.rows) * m.cols) throw std::runtime_error("matrix size mismatch");
    return m;
}

json::Value intsToJson(const std::vector<int> &v)
{
    json::Value::Array a;
    for (int i : v) a.emplace_back(i);
    return json::Value(std::move(a));
}

std::vector<int> intsFromJson(const json::Value *v)
{
    std::vector<int> out;
    if (!v || !v->isArray()) return out;
    for (const auto &x : v->asArray()) out.push_back(static_cast<int>(x.asNumber()));
    return out;
}

json::Value recordsToJson(const std::vector<AugmentRecord> &records)
{
    json::Value::Array a;
    for (const auto &r : records) {
        json::Value v;
        v["crop"] = json::Value(json::Value::Array{r.cropX, r.cropY, r.cropW, r.cropH});
        v["flipped"] = r.flipped;
        v["jittered"] = r.jittered;
        v["jitter"] = json::Value(json::Value::Array{r.brightness, r.contrast, r.saturation, r.hue});
        v["grayscale"] = r.grayscale;
        v["blur_sigma"] = r.blurSigma;
        v["solarized"] = r.solarized;
        a.push_back(v);
    }
    return json::Value(std::move(a));
}

std::vector<AugmentRecord> recordsFromJson(const json::Value *v)
{
    std::vector<AugmentRecord> out;
    if (!v || !v->isArray()) return out;
    for (const auto &x : v->asArray()) {
        AugmentRecord r;
        const auto &c = require(x, "crop").asArray();
        r.cropX = static_cast<float>(c.at(0).asNumber());
        r.cropY = static_cast<float>(c.at(1).asNumber());
        r.cropW = static_cast<float>(c.at(2).asNumber());
        r.cropH = static_cast<float>(c.at(3).asNumber());
        r.flipped = require(x, "flipped").asBool();
        r.jittered = require(x, "jittered").asBool();
        const auto &j = require(x, "jitter").asArray();
        r.brightness = static_cast<float>(j.at(0).asNumber());
        r.contrast = static_cast<float>(j.at(1).asNumber());
        r.saturation = static_cast<float>(j.at(2).asNumber());
        r.hue = static_cast<float>(j.at(3).asNumber());
        r.grayscale = require(x, "grayscale").asBool();
        r.blurSigma = static_cast<float>(require(x, "blur_sigma").asNumber());
        r.solarized = require(x, "solarized").asBool();
        out.push_back(r);
    }
    return out;
}

} // namespace

json::Value toJson(const PreviewSnapshot &s)
{
    json::Value v;
    v["format"] = "pretext-snapshot/1";
    v["step"] = s.step;
    v["method"] = s.method;
    v["temperature"] = s.temperature;
    v["originals"] = gridToJson(s.originals);
    v["view1"] = gridToJson(s.view1);
    v["view2"] = gridToJson(s.view2);
    v["records1"] = recordsToJson(s.records1);
    v["records2"] = recordsToJson(s.records2);
    v["similarity"] = matrixToJson(s.similarity);
    json::Value rot;
    rot["rotated"] = gridToJson(s.rotation.rotated);
    rot["labels"] = intsToJson(s.rotation.labels);
    rot["predictions"] = intsToJson(s.rotation.predictions);
    v["rotation"] = rot;
    json::Value jig;
    jig["original"] = gridToJson(s.jigsaw.original);
    jig["shuffled"] = gridToJson(s.jigsaw.shuffled);
    jig["grid"] = s.jigsaw.grid;
    json::Value::Array perms;
    for (const auto &p : s.jigsaw.permutations) perms.push_back(intsToJson(p));
    jig["permutations"] = json::Value(std::move(perms));
    jig["labels"] = intsToJson(s.jigsaw.labels);
    jig["predictions"] = intsToJson(s.jigsaw.predictions);
    v["jigsaw"] = jig;
    return v;
}

PreviewSnapshot snapshotFromJson(const json::Value &v, const std::string &source)
{
    const json::Value *format = v.find("format");
    if (!format || !format->isString() || format->asString() != "pretext-snapshot/1")
        throw DataError(source + ": not a preview snapshot (expected \"format\": \"pretext-snapshot/1\")");
    PreviewSnapshot s;
    try {
        s.step = static_cast<int64_t>(require(v, "step").asNumber());
        s.method = require(v, "method").asString();
        s.temperature = require(v, "temperature").asNumber();
        s.originals = gridFromJson(v.find("originals"));
        s.view1 = gridFromJson(v.find("view1"));
        s.view2 = gridFromJson(v.find("view2"));
        s.records1 = recordsFromJson(v.find("records1"));
        s.records2 = recordsFromJson(v.find("records2"));
        s.similarity = matrixFromJson(v.find("similarity"));
        if (const auto *rot = v.find("rotation")) {
            s.rotation.rotated = gridFromJson(rot->find("rotated"));
            s.rotation.labels = intsFromJson(rot->find("labels"));
            s.rotation.predictions = intsFromJson(rot->find("predictions"));
        }
        if (const auto *jig = v.find("jigsaw")) {
            s.jigsaw.original = gridFromJson(jig->find("original"));
            s.jigsaw.shuffled = gridFromJson(jig->find("shuffled"));
            s.jigsaw.grid = static_cast<int>(require(*jig, "grid").asNumber());
            if (const auto *perms = jig->find("permutations"))
                for (const auto &p : perms->asArray()) s.jigsaw.permutations.push_back(intsFromJson(&p));
            s.jigsaw.labels = intsFromJson(jig->find("labels"));
            s.jigsaw.predictions = intsFromJson(jig->find("predictions"));
        }
    } catch (const std::exception &e) {
        throw DataError(source + ": malformed snapshot: " + e.what());
    }
    return s;
}

void saveSnapshot(const std::string &path, const PreviewSnapshot &snapshot)
{
    writeFileAtomically(path, json::dump(toJson(snapshot)));
}

PreviewSnapshot loadSnapshot(const std::string &path)
{
    json::Value v;
    try {
        v = json::parseFile(path);
    } catch (const std::exception &e) {
        throw DataError(e.what());
    }
    return snapshotFromJson(v, path);
}

} // namespace pretext::engine
