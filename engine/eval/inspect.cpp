#include "engine/eval/inspect.h"

#include "engine/methods/method.h"

#include <algorithm>

namespace pretext::engine {

namespace {

std::vector<std::string> namesFor(const std::vector<std::string> &classNames, int64_t classes)
{
    std::vector<std::string> names = classNames;
    for (int64_t c = static_cast<int64_t>(names.size()); c < classes; ++c) names.push_back("class " + std::to_string(c));
    names.resize(static_cast<size_t>(classes));
    return names;
}

} // namespace

torch::Tensor inspectedRows(int64_t total, int64_t count)
{
    const int64_t n = std::max<int64_t>(0, std::min(count, total));
    std::vector<int64_t> rows(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) rows[static_cast<size_t>(i)] = i * total / std::max<int64_t>(n, 1);
    return torch::tensor(rows, torch::kLong);
}

FeatureSet makeFeatureSet(const torch::Tensor &features, const torch::Tensor &rows, const torch::Tensor &labels,
                          const torch::Tensor &images, const std::vector<std::string> &classNames)
{
    FeatureSet set;
    auto idx = rows.to(torch::kCPU, torch::kLong).contiguous();
    const int64_t n = idx.size(0);
    set.features = toMatrix(features.to(torch::kCPU, torch::kFloat).contiguous());
    auto lab = labels.to(torch::kCPU, torch::kLong).index_select(0, idx).contiguous();
    set.labels.assign(lab.data_ptr<int64_t>(), lab.data_ptr<int64_t>() + n);
    set.indices.assign(idx.data_ptr<int64_t>(), idx.data_ptr<int64_t>() + n);
    set.images = toImageGrid(images.to(torch::kCPU).index_select(0, idx));
    int64_t classes = static_cast<int64_t>(classNames.size());
    for (int l : set.labels) classes = std::max<int64_t>(classes, l + 1);
    set.classNames = namesFor(classNames, classes);
    return set;
}

ProbeReport makeProbeReport(const torch::Tensor &probabilities, const torch::Tensor &labels,
                            const torch::Tensor &images, const std::vector<std::string> &classNames, int maxMistakes)
{
    ProbeReport r;
    auto probs = probabilities.to(torch::kCPU, torch::kFloat).contiguous();
    auto y = labels.to(torch::kCPU, torch::kLong).contiguous();
    const int64_t n = probs.size(0), classes = probs.size(1);
    r.classes = static_cast<int>(classes);
    r.classNames = namesFor(classNames, classes);
    r.confusion.assign(static_cast<size_t>(classes * classes), 0);
    if (n == 0) return r;
    auto [conf, pred] = probs.max(1);
    const auto *p = pred.data_ptr<int64_t>();
    const auto *t = y.data_ptr<int64_t>();
    const auto *c = conf.data_ptr<float>();
    int64_t right = 0;
    std::vector<int64_t> wrong;
    for (int64_t i = 0; i < n; ++i) {
        if (t[i] < 0 || t[i] >= classes) continue;
        ++r.confusion[static_cast<size_t>(t[i] * classes + p[i])];
        if (p[i] == t[i]) ++right;
        else wrong.push_back(i);
    }
    r.accuracy = static_cast<double>(right) / static_cast<double>(n);
    r.perClassAccuracy.assign(static_cast<size_t>(classes), -1.0);
    for (int64_t k = 0; k < classes; ++k) {
        int64_t total = 0;
        for (int64_t j = 0; j < classes; ++j) total += r.confusion[static_cast<size_t>(k * classes + j)];
        if (total > 0)
            r.perClassAccuracy[static_cast<size_t>(k)] =
                static_cast<double>(r.confusion[static_cast<size_t>(k * classes + k)]) / static_cast<double>(total);
    }
    // The surest mistakes first; ties keep test order so the list is the same on every machine.
    std::stable_sort(wrong.begin(), wrong.end(), [&](int64_t a, int64_t b) { return c[a] > c[b]; });
    if (static_cast<int64_t>(wrong.size()) > maxMistakes) wrong.resize(static_cast<size_t>(std::max(0, maxMistakes)));
    for (int64_t i : wrong)
        r.mistakes.push_back({i, static_cast<int>(t[i]), static_cast<int>(p[i]), c[i]});
    if (!wrong.empty() && images.defined()) {
        auto idx = torch::tensor(wrong, torch::kLong);
        r.mistakeImages = toImageGrid(images.to(torch::kCPU).index_select(0, idx));
    }
    return r;
}

} // namespace pretext::engine
