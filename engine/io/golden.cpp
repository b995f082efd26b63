#include "engine/io/golden.h"

#include "engine/augment/geometric.h"
#include "engine/core/compat.h"
#include "engine/core/errors.h"
#include "engine/eval/knn.h"
#include "engine/io/json.h"
#include "engine/methods/losses.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

namespace pretext::engine {

namespace {

using Tensors = std::map<std::string, torch::Tensor>;

// Every size a golden file gives (shapes, patch and grid sizes, k, class counts) is checked here before it reaches a
// tensor operation: a patch of 0 divides by zero, a negative dimension or a class count of 10^12 asks for memory
// that is not there. Faults throw Bad, which verifyGolden() turns into a DataError naming the file and the case;
// `field` is the case's field ("inputs.imgs", "params.patch").
struct Bad : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Tensors of the golden files are small; these bounds keep a corrupt file from describing absurd ones.
constexpr int64_t kMaxRank = 8;
constexpr int64_t kMaxDim = int64_t(1) << 31;
constexpr int64_t kMaxClasses = 65536;

std::string fmt(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

std::string shapeText(const torch::Tensor &t)
{
    return c10::str(t.sizes());
}

torch::Tensor tensorFromJson(const json::Value &v, const std::string &field)
{
    if (!v.isObject()) throw Bad(field + ": expected an object {\"shape\": [...], \"data\": [...]}");
    const auto *shapeV = v.find("shape");
    const auto *dataV = v.find("data");
    if (!shapeV || !dataV) throw Bad(field + ": expected {\"shape\", \"data\"}");
    if (!shapeV->isArray()) throw Bad(field + ".shape: expected an array of sizes");
    if (!dataV->isArray()) throw Bad(field + ".data: expected an array of numbers");
    const auto &dims = shapeV->asArray();
    if (static_cast<int64_t>(dims.size()) > kMaxRank)
        throw Bad(field + ".shape has " + std::to_string(dims.size()) + " dimensions; expected at most " +
                  std::to_string(kMaxRank));
    const auto &data = dataV->asArray();
    std::vector<int64_t> shape;
    // Sizes like [2^31, 2^31, 2^31] overflow 64 bits: such a shape holds "more" values than any data.
    int64_t count = 1;
    bool overflow = false;
    for (size_t i = 0; i < dims.size(); ++i) {
        const auto &d = dims[i];
        const double x = d.isNumber() ? d.asNumber() : -1.0;
        if (!d.isNumber() || !std::isfinite(x) || x != std::floor(x) || x < 0 || x > double(kMaxDim))
            throw Bad(field + ".shape[" + std::to_string(i) + "] = " +
                      (d.isNumber() ? fmt(x) : std::string(json::Value::typeName(d.type()))) +
                      " is not accepted; expected an integer from 0 to " + std::to_string(kMaxDim));
        shape.push_back(static_cast<int64_t>(x));
        if (!overflow && __builtin_mul_overflow(count, shape.back(), &count)) overflow = true;
    }
    if (std::find(shape.begin(), shape.end(), 0) != shape.end()) {
        overflow = false;
        count = 0;
    }
    if (overflow || count != static_cast<int64_t>(data.size())) {
        std::string sizes;
        for (size_t i = 0; i < shape.size(); ++i) sizes += (i ? ", " : "") + std::to_string(shape[i]);
        throw Bad(field + ": shape [" + sizes + "] holds " + (overflow ? std::string("more") : std::to_string(count)) +
                  " values but data has " + std::to_string(data.size()) + "; expected data of exactly the shape's size");
    }
    std::vector<double> values;
    values.reserve(data.size());
    for (size_t i = 0; i < data.size(); ++i) {
        if (!data[i].isNumber())
            throw Bad(field + ".data[" + std::to_string(i) + "] is " + json::Value::typeName(data[i].type()) +
                      "; expected a number");
        values.push_back(data[i].asNumber());
    }
    return torch::tensor(values, torch::kDouble).reshape(shape);
}

const json::Value &paramValue(const json::Value &params, const char *name)
{
    const auto *v = params.find(name);
    if (!v) throw Bad(std::string("params.") + name + " is missing");
    return *v;
}

double realParam(const json::Value &params, const char *name)
{
    const auto &v = paramValue(params, name);
    if (v.isBool()) return v.asBool() ? 1.0 : 0.0;
    if (!v.isNumber() || !std::isfinite(v.asNumber()))
        throw Bad(std::string("params.") + name + " is " + (v.isNumber() ? fmt(v.asNumber()) : json::Value::typeName(v.type())) +
                  "; expected a finite number");
    return v.asNumber();
}

double positiveParam(const json::Value &params, const char *name)
{
    const double x = realParam(params, name);
    if (!(x > 0)) throw Bad(std::string("params.") + name + " = " + fmt(x) + " is not accepted; expected a number above 0");
    return x;
}

int64_t integerValue(const json::Value &v, const std::string &field, int64_t lo, int64_t hi, const std::string &why = {})
{
    const double x = v.isNumber() ? v.asNumber() : std::nan("");
    if (!v.isNumber() || !std::isfinite(x) || x != std::floor(x) || x < double(lo) || x > double(hi))
        throw Bad(field + " = " + (v.isNumber() ? fmt(x) : std::string(json::Value::typeName(v.type()))) +
                  " is not accepted; expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                  why);
    return static_cast<int64_t>(x);
}

int64_t integerParam(const json::Value &params, const char *name, int64_t lo, int64_t hi, const std::string &why = {})
{
    return integerValue(paramValue(params, name), std::string("params.") + name, lo, hi, why);
}

const torch::Tensor &input(const Tensors &in, const char *name)
{
    auto it = in.find(name);
    if (it == in.end()) throw Bad(std::string("inputs.") + name + " is missing");
    return it->second;
}

// The input as float, checked to have `rank` dimensions (-1: any) of at least `minRows` rows.
torch::Tensor f32(const Tensors &in, const char *name, int64_t rank = -1, int64_t minRows = 0)
{
    const auto &t = input(in, name);
    if (rank >= 0 && t.dim() != rank)
        throw Bad(std::string("inputs.") + name + " has shape " + shapeText(t) + "; expected " + std::to_string(rank) +
                  " dimensions");
    if (rank > 0 && t.size(0) < minRows)
        throw Bad(std::string("inputs.") + name + " has shape " + shapeText(t) + "; expected at least " +
                  std::to_string(minRows) + " rows");
    return t.to(torch::kFloat);
}

void sameShape(const torch::Tensor &a, const char *nameA, const torch::Tensor &b, const char *nameB)
{
    if (a.sizes() != b.sizes())
        throw Bad(std::string("inputs.") + nameB + " has shape " + shapeText(b) + "; expected the shape of inputs." +
                  nameA + ", " + shapeText(a));
}

void requireSize(const torch::Tensor &t, const char *name, int64_t dim, int64_t expected, const std::string &why)
{
    if (t.size(dim) != expected)
        throw Bad(std::string("inputs.") + name + " has shape " + shapeText(t) + "; expected size " +
                  std::to_string(expected) + " in dimension " + std::to_string(dim) + " (" + why + ")");
}

using OpFn = std::function<Tensors(const json::Value &params, const Tensors &in)>;

const std::map<std::string, OpFn> &ops()
{
    static const std::map<std::string, OpFn> table = {
        {"nt_xent",
         [](const json::Value &p, const Tensors &in) {
             const double t = positiveParam(p, "temperature");
             auto z1 = f32(in, "z1", 2, 1);
             auto z2 = f32(in, "z2", 2, 1);
             sameShape(z1, "z1", z2, "z2");
             z1.requires_grad_(true);
             z2.requires_grad_(true);
             auto loss = ntXentLoss(z1, z2, t);
             loss.backward();
             return Tensors{{"loss", loss.detach()}, {"grad_z1", z1.grad()}, {"grad_z2", z2.grad()}};
         }},
        {"moco_infonce",
         [](const json::Value &p, const Tensors &in) {
             const double t = positiveParam(p, "temperature");
             auto q = f32(in, "q", 2, 1), k = f32(in, "k", 2, 1), queue = f32(in, "queue", 2);
             sameShape(q, "q", k, "k");
             requireSize(queue, "queue", 0, q.size(1), "queue is [C, K] for q [N, C]");
             auto [logits, loss] = mocoInfoNce(q, k, queue, t);
             return Tensors{{"logits", logits}, {"loss", loss}};
         }},
        {"byol_regression",
         [](const json::Value &, const Tensors &in) {
             auto pr = f32(in, "p", 2, 1), z = f32(in, "z", 2, 1);
             sameShape(pr, "p", z, "z");
             return Tensors{{"loss", byolRegressionLoss(pr, z)}};
         }},
        {"dino",
         [](const json::Value &p, const Tensors &in) {
             const double ts = positiveParam(p, "student_temp"), tt = positiveParam(p, "teacher_temp");
             auto s1 = f32(in, "student1", 2, 1), s2 = f32(in, "student2", 2, 1);
             auto t1 = f32(in, "teacher1", 2, 1), t2 = f32(in, "teacher2", 2, 1), center = f32(in, "center", 2, 1);
             sameShape(s1, "student1", s2, "student2");
             sameShape(s1, "student1", t1, "teacher1");
             sameShape(s1, "student1", t2, "teacher2");
             requireSize(center, "center", 0, 1, "center is [1, K]");
             requireSize(center, "center", 1, s1.size(1), "center is [1, K] for students [N, K]");
             return Tensors{{"loss", dinoLoss(s1, s2, t1, t2, center, ts, tt)}};
         }},
        {"patchify",
         [](const json::Value &p, const Tensors &in) {
             auto imgs = f32(in, "imgs", 4);
             const int64_t h = imgs.size(2), w = imgs.size(3);
             if (h < 1 || w < 1)
                 throw Bad("inputs.imgs has shape " + shapeText(imgs) + "; expected images of at least 1x1");
             const int64_t patch = integerParam(p, "patch", 1, std::min(h, w),
                                                " that divides the image height and width (" + std::to_string(h) +
                                                    "x" + std::to_string(w) + ")");
             if (h % patch || w % patch)
                 throw Bad("params.patch = " + std::to_string(patch) + " does not divide the image " +
                           std::to_string(h) + "x" + std::to_string(w) +
                           "; expected a patch size that divides both sides");
             return Tensors{{"patches", patchify(imgs, patch)}};
         }},
        {"mae_loss",
         [](const json::Value &p, const Tensors &in) {
             const bool normPix = realParam(p, "norm_pix") != 0.0;
             auto pred = f32(in, "pred", 3, 1), target = f32(in, "target", 3, 1), mask = f32(in, "mask", 2, 1);
             sameShape(pred, "pred", target, "target");
             requireSize(mask, "mask", 0, pred.size(0), "mask is [B, N] for pred [B, N, P]");
             requireSize(mask, "mask", 1, pred.size(1), "mask is [B, N] for pred [B, N, P]");
             if (normPix && pred.size(2) < 2)
                 throw Bad("inputs.pred has shape " + shapeText(pred) +
                           "; expected at least 2 values per patch with params.norm_pix (an unbiased variance)");
             return Tensors{{"loss", maeLoss(pred, target, mask, normPix)}};
         }},
        {"rotate90",
         [](const json::Value &p, const Tensors &in) {
             const auto &img = input(in, "img");
             if (img.dim() < 2)
                 throw Bad("inputs.img has shape " + shapeText(img) + "; expected at least 2 dimensions");
             const int64_t k = integerParam(p, "k", -kMaxDim, kMaxDim);
             return Tensors{{"img", rotate90(img.to(torch::kFloat), k)}};
         }},
        {"jigsaw",
         [](const json::Value &p, const Tensors &in) {
             const auto &img = input(in, "img");
             if (img.dim() != 3 && img.dim() != 4)
                 throw Bad("inputs.img has shape " + shapeText(img) + "; expected [C, H, W] or [B, C, H, W]");
             const int64_t h = img.size(img.dim() - 2), w = img.size(img.dim() - 1);
             if (h < 1 || w < 1)
                 throw Bad("inputs.img has shape " + shapeText(img) + "; expected images of at least 1x1");
             const int64_t grid = integerParam(p, "grid", 1, std::min(h, w),
                                               " that divides the image height and width (" + std::to_string(h) + "x" +
                                                   std::to_string(w) + ")");
             if (h % grid || w % grid)
                 throw Bad("params.grid = " + std::to_string(grid) + " does not divide the image " + std::to_string(h) +
                           "x" + std::to_string(w) + "; expected a grid that divides both sides");
             const int64_t tiles = grid * grid;
             const auto &permV = paramValue(p, "perm");
             if (!permV.isArray() || static_cast<int64_t>(permV.asArray().size()) != tiles)
                 throw Bad("params.perm: expected an array of " + std::to_string(tiles) +
                           " tile indices (grid " + std::to_string(grid) + " squared)");
             std::vector<int64_t> perm;
             std::vector<bool> seen(static_cast<size_t>(tiles), false);
             for (const auto &v : permV.asArray()) {
                 const std::string field = "params.perm[" + std::to_string(perm.size()) + "]";
                 const int64_t t = integerValue(v, field, 0, tiles - 1);
                 if (seen[static_cast<size_t>(t)])
                     throw Bad(field + " = " + std::to_string(t) + " repeats a tile; expected each of 0.." +
                               std::to_string(tiles - 1) + " once");
                 seen[static_cast<size_t>(t)] = true;
                 perm.push_back(t);
             }
             return Tensors{{"img", jigsawShuffle(img.to(torch::kFloat), grid, perm)}};
         }},
        {"knn_predict",
         [](const json::Value &p, const Tensors &in) {
             auto bank = f32(in, "bank", 2, 1), queries = f32(in, "queries", 2);
             const auto &labelsIn = input(in, "bank_labels");
             if (labelsIn.dim() != 1 || labelsIn.size(0) != bank.size(0))
                 throw Bad("inputs.bank_labels has shape " + shapeText(labelsIn) + "; expected [" +
                           std::to_string(bank.size(0)) + "], one label per row of inputs.bank");
             requireSize(queries, "queries", 1, bank.size(1), "queries are [Q, D] for bank [N, D]");
             const int64_t classes = integerParam(p, "classes", 1, kMaxClasses);
             const int64_t k = integerParam(p, "k", 1, bank.size(0), " (the rows of inputs.bank)");
             const double t = positiveParam(p, "temperature");
             if (labelsIn.ne(labelsIn.floor()).any().item<bool>() || labelsIn.lt(0).any().item<bool>() ||
                 labelsIn.ge(classes).any().item<bool>())
                 throw Bad("inputs.bank_labels holds values outside 0.." + std::to_string(classes - 1) +
                           "; expected integer labels below params.classes = " + std::to_string(classes));
             return Tensors{{"pred", knnPredict(bank, labelsIn.to(torch::kLong), queries, k, t, classes)}};
         }},
    };
    return table;
}

} // namespace

int GoldenReport::failures() const
{
    int n = 0;
    for (const auto &c : cases) n += c.implemented && !c.passed;
    return n;
}

int GoldenReport::evaluated() const
{
    int n = 0;
    for (const auto &c : cases) n += c.implemented;
    return n;
}

std::vector<std::string> goldenOps()
{
    std::vector<std::string> names;
    for (const auto &kv : ops()) names.push_back(kv.first);
    return names;
}

GoldenReport verifyGolden(const std::string &path)
{
    json::Value doc;
    try {
        doc = json::parseFile(path);
    } catch (const std::exception &e) {
        throw DataError(std::string("golden file: ") + e.what());
    }
    const auto *format = doc.find("format");
    if (!format || !format->isString() || format->asString() != "pretext-golden/1")
        throw DataError(path + ": not a golden file (expected \"format\": \"pretext-golden/1\")");
    const auto *cases = doc.find("cases");
    if (!cases || !cases->isArray()) throw DataError(path + ": missing the \"cases\" array");

    GoldenReport report;
    int index = 0;
    for (const auto &c : cases->asArray()) {
        GoldenCaseResult r;
        std::string where = path + ": case " + std::to_string(index++);
        if (!c.isObject()) throw DataError(where + ": expected an object with \"name\", \"op\", \"inputs\", \"outputs\"");
        const auto *nameV = c.find("name");
        const auto *opV = c.find("op");
        if (nameV && !nameV->isString()) throw DataError(where + ": field name: expected a string");
        if (!opV || !opV->isString()) throw DataError(where + ": field op: expected a string naming the operation");
        r.name = nameV ? nameV->asString() : where;
        r.op = opV->asString();
        if (nameV) where += " (\"" + r.name + "\")";
        auto op = ops().find(r.op);
        if (op == ops().end()) {
            report.unimplementedOps.insert(r.op);
            report.cases.push_back(r);
            continue;
        }
        r.implemented = true;
        // A malformed case (a bad size, a missing input, shapes that do not fit together) is a fault of the file:
        // DataError naming the file, the case and the field. An op that runs but disagrees is a failed case.
        Tensors inputs, expected;
        Tensors outputs;
        try {
            static const json::Value emptyObject = json::Value::object();
            const json::Value *ins = c.find("inputs");
            if (ins && !ins->isObject()) throw Bad("inputs: expected an object of named tensors");
            if (ins)
                for (const auto &kv : ins->asObject()) inputs[kv.first] = tensorFromJson(kv.second, "inputs." + kv.first);
            const json::Value *outs = c.find("outputs");
            if (!outs || !outs->isObject()) throw Bad("outputs: expected an object of named tensors");
            for (const auto &kv : outs->asObject())
                expected[kv.first] = tensorFromJson(kv.second, "outputs." + kv.first);
            const json::Value *params = c.find("params");
            if (params && !params->isObject()) throw Bad("params: expected an object");
            try {
                outputs = op->second(params ? *params : emptyObject, inputs);
            } catch (const Bad &) {
                throw;
            } catch (const Error &e) {
                // The engine's own checks (patchify, jigsaw) behind the ones above.
                throw Bad(e.what());
            } catch (const std::exception &e) {
                r.detail = describeException(e, false);
            }
        } catch (const Bad &e) {
            throw DataError(where + ", op " + r.op + ": " + e.what());
        }
        if (!r.detail.empty()) {
            report.cases.push_back(r);
            continue;
        }
        r.passed = true;
        try {
            for (const auto &kv : expected) {
                const auto &want = kv.second;
                auto it = outputs.find(kv.first);
                if (it == outputs.end()) {
                    r.passed = false;
                    r.detail = "output " + kv.first + " is not produced";
                    continue;
                }
                auto ours = it->second.detach().to(torch::kDouble).cpu();
                if (ours.sizes() != want.sizes()) {
                    r.passed = false;
                    r.detail = "output " + kv.first + " has shape " + c10::str(ours.sizes()) + ", expected " +
                               c10::str(want.sizes());
                    continue;
                }
                if (ours.numel() == 0) continue;
                auto diff = (ours - want).abs();
                r.maxAbsError = std::max(r.maxAbsError, diff.max().item<double>());
                const bool integral = !it->second.is_floating_point();
                bool ok = integral ? diff.max().item<double>() == 0.0
                                   : (diff <= 1e-5 + 1e-4 * want.abs()).all().item<bool>();
                if (!ok) {
                    r.passed = false;
                    r.detail = "output " + kv.first + " differs (max abs error " +
                               std::to_string(diff.max().item<double>()) + ")";
                }
            }
        } catch (const std::exception &e) {
            r.passed = false;
            r.detail = describeException(e, false);
        }
        report.cases.push_back(r);
    }
    return report;
}

} // namespace pretext::engine
