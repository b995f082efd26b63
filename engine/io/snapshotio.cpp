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

json::Value floatsToJson(const std::vector<float> &v)
{
    json::Value::Array a;
    for (float f : v) a.emplace_back(static_cast<double>(f));
    return json::Value(std::move(a));
}

std::vector<float> floatsFromJson(const json::Value *v)
{
    std::vector<float> out;
    if (!v || !v->isArray()) return out;
    for (const auto &x : v->asArray()) out.push_back(static_cast<float>(x.asNumber()));
    return out;
}

// ---- one overload pair per field type ----
json::Value put(const ImageGrid &g) { return gridToJson(g); }
json::Value put(const Matrix &m) { return matrixToJson(m); }
json::Value put(const std::vector<int> &v) { return intsToJson(v); }
json::Value put(const std::vector<float> &v) { return floatsToJson(v); }
json::Value put(const std::vector<AugmentRecord> &v) { return recordsToJson(v); }
json::Value put(const std::vector<std::vector<int>> &v)
{
    json::Value::Array a;
    for (const auto &p : v) a.push_back(intsToJson(p));
    return json::Value(std::move(a));
}
json::Value put(double d) { return d; }
json::Value put(int64_t i) { return i; }
json::Value put(int i) { return i; }

json::Value put(const std::vector<uint8_t> &v) { return intsToJson(std::vector<int>(v.begin(), v.end())); }

void get(const json::Value *v, ImageGrid &out) { out = gridFromJson(v); }
void get(const json::Value *v, std::vector<uint8_t> &out)
{
    const auto ints = intsFromJson(v);
    out.assign(ints.begin(), ints.end());
}
void get(const json::Value *v, Matrix &out) { out = matrixFromJson(v); }
void get(const json::Value *v, std::vector<int> &out) { out = intsFromJson(v); }
void get(const json::Value *v, std::vector<float> &out) { out = floatsFromJson(v); }
void get(const json::Value *v, std::vector<AugmentRecord> &out) { out = recordsFromJson(v); }
void get(const json::Value *v, std::vector<std::vector<int>> &out)
{
    out.clear();
    if (v && v->isArray())
        for (const auto &p : v->asArray()) out.push_back(intsFromJson(&p));
}
void get(const json::Value *v, double &out)
{
    if (v) out = v->asNumber();
}
void get(const json::Value *v, int64_t &out)
{
    if (v) out = static_cast<int64_t>(v->asNumber());
}
void get(const json::Value *v, int &out)
{
    if (v) out = static_cast<int>(v->asNumber());
}

// ---- the fields of each preview kind, listed once for writing and reading ----
template <typename P, typename F> void fields(P &p, F &&f, std::enable_if_t<std::is_same_v<std::decay_t<P>, PairsPreview>> * = nullptr)
{
    f("view1", p.view1), f("view2", p.view2), f("records1", p.records1), f("records2", p.records2);
    f("similarity", p.similarity), f("untrained_similarity", p.untrainedSimilarity), f("temperature", p.temperature);
}
template <typename P, typename F> void fields(P &p, F &&f, std::enable_if_t<std::is_same_v<std::decay_t<P>, RotationPreview>> * = nullptr)
{
    f("rotated", p.rotated), f("labels", p.labels), f("predictions", p.predictions);
}
template <typename P, typename F> void fields(P &p, F &&f, std::enable_if_t<std::is_same_v<std::decay_t<P>, JigsawPreview>> * = nullptr)
{
    f("original", p.original), f("shuffled", p.shuffled), f("grid", p.grid), f("permutations", p.permutations);
    f("labels", p.labels), f("predictions", p.predictions);
}
template <typename P, typename F> void fields(P &p, F &&f, std::enable_if_t<std::is_same_v<std::decay_t<P>, MaskPreview>> * = nullptr)
{
    f("original", p.original), f("masked", p.masked), f("reconstruction", p.reconstruction), f("patch", p.patch);
    f("patch_mask", p.patchMask), f("mask_ratio", p.maskRatio);
}
template <typename P, typename F> void fields(P &p, F &&f, std::enable_if_t<std::is_same_v<std::decay_t<P>, QueuePreview>> * = nullptr)
{
    f("capacity", p.capacity), f("filled", p.filled), f("oldest_age_steps", p.oldestAgeSteps);
    f("temperature", p.temperature), f("positive_logits", p.positiveLogits), f("negative_logits", p.negativeLogits);
}
template <typename P, typename F> void fields(P &p, F &&f, std::enable_if_t<std::is_same_v<std::decay_t<P>, CollapsePreview>> * = nullptr)
{
    f("dim", p.dim), f("embedding_std", p.embeddingStd), f("uniform_std", p.uniformStd);
    f("effective_rank", p.effectiveRank), f("teacher_entropy", p.teacherEntropy), f("max_entropy", p.maxEntropy);
    f("center_norm", p.centerNorm), f("target_momentum", p.targetMomentum), f("per_dim_std", p.perDimStd);
}
template <typename P, typename F> void fields(P &p, F &&f, std::enable_if_t<std::is_same_v<std::decay_t<P>, CorrelationPreview>> * = nullptr)
{
    f("correlation", p.correlation), f("on_diagonal", p.onDiagonal), f("off_diagonal", p.offDiagonal);
}
template <typename P, typename F> void fields(P &p, F &&f, std::enable_if_t<std::is_same_v<std::decay_t<P>, EmbeddingPreview>> * = nullptr)
{
    f("embeddings", p.embeddings), f("labels", p.labels);
}
template <typename P, typename F> void fields(P &p, F &&f, std::enable_if_t<std::is_same_v<std::decay_t<P>, TokenPreview>> * = nullptr)
{
    f("original", p.original), f("token_map", p.tokenMap), f("predicted_map", p.predictedMap), f("patch", p.patch);
    f("vocabulary", p.vocabulary), f("patch_mask", p.patchMask), f("tokens", p.tokens), f("predictions", p.predictions);
}
template <typename P, typename F> void fields(P &p, F &&f, std::enable_if_t<std::is_same_v<std::decay_t<P>, ColorizationPreview>> * = nullptr)
{
    f("gray", p.gray), f("prediction", p.prediction), f("truth", p.truth);
}

json::Value itemToJson(const PreviewItem &item)
{
    json::Value v;
    v["kind"] = previewKindName(kindOf(item));
    std::visit([&](const auto &p) { fields(p, [&](const char *key, const auto &field) { v[key] = put(field); }); }, item);
    return v;
}

template <typename T>
bool readItem(PreviewKind kind, const json::Value &v, std::vector<PreviewItem> &items)
{
    if (kind != T::kind) return false;
    T p;
    fields(p, [&](const char *key, auto &field) { get(v.find(key), field); });
    items.emplace_back(std::move(p));
    return true;
}

// Reads an item of any kind of PreviewItem.
template <size_t I = 0>
void readAnyItem(PreviewKind kind, const json::Value &v, std::vector<PreviewItem> &items)
{
    if constexpr (I < std::variant_size_v<PreviewItem>) {
        using T = std::variant_alternative_t<I, PreviewItem>;
        if (!readItem<T>(kind, v, items)) readAnyItem<I + 1>(kind, v, items);
    }
}

// Snapshots written before typed previews (format 1): one member per method.
void readFormat1(const json::Value &v, PreviewSnapshot &s)
{
    PairsPreview pairs;
    pairs.temperature = require(v, "temperature").asNumber();
    get(v.find("view1"), pairs.view1);
    get(v.find("view2"), pairs.view2);
    get(v.find("records1"), pairs.records1);
    get(v.find("records2"), pairs.records2);
    get(v.find("similarity"), pairs.similarity);
    if (!pairs.view1.empty()) s.items.emplace_back(pairs);
    if (const auto *rot = v.find("rotation")) {
        std::vector<PreviewItem> items;
        readItem<RotationPreview>(PreviewKind::Rotation, *rot, items);
        if (!std::get<RotationPreview>(items[0]).rotated.empty() && (s.method == "rotation" || s.items.empty()))
            s.items.push_back(items[0]);
    }
    if (const auto *jig = v.find("jigsaw")) {
        std::vector<PreviewItem> items;
        readItem<JigsawPreview>(PreviewKind::Jigsaw, *jig, items);
        if (!std::get<JigsawPreview>(items[0]).shuffled.empty() && s.method == "jigsaw") s.items.push_back(items[0]);
    }
}

} // namespace

json::Value toJson(const PreviewSnapshot &s)
{
    json::Value v;
    v["format"] = "pretext-snapshot/2";
    v["step"] = s.step;
    v["method"] = s.method;
    v["originals"] = gridToJson(s.originals);
    json::Value::Array items;
    for (const auto &item : s.items) items.push_back(itemToJson(item));
    v["items"] = json::Value(std::move(items));
    return v;
}

PreviewSnapshot snapshotFromJson(const json::Value &v, const std::string &source)
{
    const json::Value *format = v.find("format");
    const bool v1 = format && format->isString() && format->asString() == "pretext-snapshot/1";
    const bool v2 = format && format->isString() && format->asString() == "pretext-snapshot/2";
    if (!v1 && !v2)
        throw DataError(source + ": not a preview snapshot (expected \"format\": \"pretext-snapshot/2\")");
    PreviewSnapshot s;
    try {
        s.step = static_cast<int64_t>(require(v, "step").asNumber());
        s.method = require(v, "method").asString();
        s.originals = gridFromJson(v.find("originals"));
        if (v1) {
            readFormat1(v, s);
            return s;
        }
        for (const auto &item : require(v, "items").asArray()) {
            const std::string name = require(item, "kind").asString();
            const auto kind = previewKindFromName(name);
            if (!kind) continue; // a kind from a newer version: skipped, the rest still shows
            readAnyItem(*kind, item, s.items);
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
