#include "engine/eval/knn.h"

#include <torch/nn/functional.h>

namespace pretext::engine {

namespace F = torch::nn::functional;

torch::Tensor knnPredict(const torch::Tensor &bank, const torch::Tensor &bankLabels, const torch::Tensor &queries,
                         int64_t k, double temperature, int64_t numClasses)
{
    torch::NoGradGuard noGrad;
    const int64_t kk = std::min<int64_t>(k, bank.size(0));
    auto bankN = F::normalize(bank.to(torch::kFloat), F::NormalizeFuncOptions().dim(1));
    auto labels = bankLabels.to(torch::kLong);
    std::vector<torch::Tensor> preds;
    const int64_t chunk = 1024;
    for (int64_t start = 0; start < queries.size(0); start += chunk) {
        auto q = F::normalize(queries.slice(0, start, start + chunk).to(torch::kFloat),
                              F::NormalizeFuncOptions().dim(1));
        auto sim = torch::mm(q, bankN.t());
        auto [w, idx] = sim.topk(kk, 1);
        auto votes = torch::zeros({q.size(0), numClasses}, q.options());
        votes.scatter_add_(1, labels.index_select(0, idx.reshape(-1)).view_as(idx), (w / temperature).exp());
        preds.push_back(votes.argmax(1));
    }
    if (preds.empty()) return torch::empty({0}, torch::kLong);
    return torch::cat(preds);
}

} // namespace pretext::engine
