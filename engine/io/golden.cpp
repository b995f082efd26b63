#include "engine/io/golden.h"

#include "engine/augment/geometric.h"
#include "engine/core/errors.h"
#include "engine/eval/knn.h"
#include "engine/io/json.h"
#include "engine/methods/losses.h"

#include <functional>
#include <map>

namespace pretext::engine {

namespace {

using Tensors = std::map<std::string, torch::Tensor>;
using OpFn = std::function<Tensors(const json::Value &params, const Tensors &in)>;

torch::Tensor tensorFromJson(const json::Value &v, const std::string &where)
{
    const auto *shapeV = v.find("shape");
    const auto *dataV = v.find("data");
    if (!shapeV || !dataV) throw DataError(where + ": expected {\"shape\", \"data\"}");
    std::vector<int64_t> shape;
    int64_t count = 1;
    for (const auto &d : shapeV->asArray()) {
        shape.push_back(static_cast<int64_t>(d.asNumber()));
        count *= shape.back();
    }
    const auto &data = dataV->asArray();
    if (static_cast<int64_t>(data.size()) != count)
        throw DataError(where + ": shape holds " + std::to_string(count) + " values but data has " +
                        std::to_string(data.size()));
    std::vector<double> values;
    values.reserve(data.size());
    for (const auto &d : data) values.push_back(d.asNumber());
    return torch::tensor(values, torch::kDouble).reshape(shape);
}

double param(const json::Value &params, const char *name)
{
    const auto *v = params.find(name);
    if (!v) throw DataError(std::string("missing parameter \"") + name + "\"");
    return v->isBool() ? (v->asBool() ? 1.0 : 0.0) : v->asNumber();
}

torch::Tensor f32(const Tensors &in, const char *name)
{
    auto it = in.find(name);
    if (it == in.end()) throw DataError(std::string("missing input \"") + name + "\"");
    return it->second.to(torch::kFloat);
}

const std::map<std::string, OpFn> &ops()
{
    static const std::map<std::string, OpFn> table = {
        {"nt_xent",
         [](const json::Value &p, const Tensors &in) {
             auto z1 = f32(in, "z1").requires_grad_(true);
             auto z2 = f32(in, "z2").requires_grad_(true);
             auto loss = ntXentLoss(z1, z2, param(p, "temperature"));
             loss.backward();
             return Tensors{{"loss", loss.detach()}, {"grad_z1", z1.grad()}, {"grad_z2", z2.grad()}};
         }},
        {"moco_infonce",
         [](const json::Value &p, const Tensors &in) {
             auto [logits, loss] = mocoInfoNce(f32(in, "q"), f32(in, "k"), f32(in, "queue"), param(p, "temperature"));
             return Tensors{{"logits", logits}, {"loss", loss}};
         }},
        {"byol_regression",
         [](const json::Value &, const Tensors &in) {
             return Tensors{{"loss", byolRegressionLoss(f32(in, "p"), f32(in, "z"))}};
         }},
        {"dino",
         [](const json::Value &p, const Tensors &in) {
             return Tensors{{"loss", dinoLoss(f32(in, "student1"), f32(in, "student2"), f32(in, "teacher1"),
                                              f32(in, "teacher2"), f32(in, "center"), param(p, "student_temp"),
                                              param(p, "teacher_temp"))}};
         }},
        {"patchify",
         [](const json::Value &p, const Tensors &in) {
             return Tensors{{"patches", patchify(f32(in, "imgs"), static_cast<int64_t>(param(p, "patch")))}};
         }},
        {"mae_loss",
         [](const json::Value &p, const Tensors &in) {
             return Tensors{{"loss", maeLoss(f32(in, "pred"), f32(in, "target"), f32(in, "mask"),
                                             param(p, "norm_pix") != 0.0)}};
         }},
        {"rotate90",
         [](const json::Value &p, const Tensors &in) {
             return Tensors{{"img", rotate90(f32(in, "img"), static_cast<int64_t>(param(p, "k")))}};
         }},
        {"jigsaw",
         [](const json::Value &p, const Tensors &in) {
             std::vector<int64_t> perm;
             for (const auto &v : p.find("perm") ? p.find("perm")->asArray() : json::Value::Array{})
                 perm.push_back(static_cast<int64_t>(v.asNumber()));
             return Tensors{{"img", jigsawShuffle(f32(in, "img"), static_cast<int64_t>(param(p, "grid")), perm)}};
         }},
        {"knn_predict",
         [](const json::Value &p, const Tensors &in) {
             auto labels = in.at("bank_labels").to(torch::kLong);
             return Tensors{{"pred", knnPredict(f32(in, "bank"), labels, f32(in, "queries"),
                                                static_cast<int64_t>(param(p, "k")), param(p, "temperature"),
                                                static_cast<int64_t>(param(p, "classes")))}};
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
        const std::string where = path + ": case " + std::to_string(index++);
        try {
            r.name = c.find("name") ? c.find("name")->asString() : where;
            r.op = c.find("op") ? c.find("op")->asString() : "";
        } catch (const std::exception &e) {
            throw DataError(where + ": " + e.what());
        }
        auto op = ops().find(r.op);
        if (op == ops().end()) {
            report.unimplementedOps.insert(r.op);
            report.cases.push_back(r);
            continue;
        }
        r.implemented = true;
        try {
            Tensors inputs;
            static const json::Value emptyObject = json::Value::object();
            const json::Value *ins = c.find("inputs");
            if (ins)
                for (const auto &kv : ins->asObject())
                    inputs[kv.first] = tensorFromJson(kv.second, r.name + " input " + kv.first);
            const json::Value *params = c.find("params");
            Tensors outputs = op->second(params ? *params : emptyObject, inputs);
            r.passed = true;
            const json::Value *outs = c.find("outputs");
            if (!outs) throw DataError("no outputs");
            for (const auto &kv : outs->asObject()) {
                auto expected = tensorFromJson(kv.second, r.name + " output " + kv.first);
                auto it = outputs.find(kv.first);
                if (it == outputs.end()) {
                    r.passed = false;
                    r.detail = "output " + kv.first + " is not produced";
                    continue;
                }
                auto ours = it->second.detach().to(torch::kDouble).cpu();
                if (ours.sizes() != expected.sizes()) {
                    r.passed = false;
                    r.detail = "output " + kv.first + " has shape " + c10::str(ours.sizes()) + ", expected " +
                               c10::str(expected.sizes());
                    continue;
                }
                if (ours.numel() == 0) continue;
                auto diff = (ours - expected).abs();
                r.maxAbsError = std::max(r.maxAbsError, diff.max().item<double>());
                const bool integral = !it->second.is_floating_point();
                bool ok = integral ? diff.max().item<double>() == 0.0
                                   : (diff <= 1e-5 + 1e-4 * expected.abs()).all().item<bool>();
                if (!ok) {
                    r.passed = false;
                    r.detail = "output " + kv.first + " differs (max abs error " +
                               std::to_string(diff.max().item<double>()) + ")";
                }
            }
        } catch (const std::exception &e) {
            r.passed = false;
            r.detail = e.what();
        }
        report.cases.push_back(r);
    }
    return report;
}

} // namespace pretext::engine
