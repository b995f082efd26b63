#include "engine/methods/losses.h"

#include <torch/nn/functional.h>

namespace pretext::engine {

namespace F = torch::nn::functional;

torch::Tensor pairSimilarity(const torch::Tensor &z1, const torch::Tensor &z2)
{
    auto z = torch::cat({F::normalize(z1, F::NormalizeFuncOptions().dim(1)),
                         F::normalize(z2, F::NormalizeFuncOptions().dim(1))});
    return torch::mm(z, z.t());
}

torch::Tensor ntXentLoss(const torch::Tensor &z1, const torch::Tensor &z2, double temperature)
{
    const int64_t b = z1.size(0);
    auto sim = pairSimilarity(z1, z2) / temperature;
    // Excluding self-similarity from the softmax is the same as giving it -inf as a logit.
    auto eye = torch::eye(2 * b, torch::TensorOptions().dtype(torch::kBool).device(sim.device()));
    sim = sim.masked_fill(eye, -std::numeric_limits<float>::infinity());
    auto idx = torch::arange(2 * b, torch::TensorOptions().dtype(torch::kLong).device(sim.device()));
    auto labels = (idx + b).remainder(2 * b);
    return F::cross_entropy(sim, labels);
}

std::pair<torch::Tensor, torch::Tensor> mocoInfoNce(const torch::Tensor &q, const torch::Tensor &k,
                                                    const torch::Tensor &queue, double temperature)
{
    auto lpos = (q * k).sum(1, true);
    auto lneg = torch::mm(q, queue);
    auto logits = torch::cat({lpos, lneg}, 1) / temperature;
    auto labels = torch::zeros({q.size(0)}, torch::TensorOptions().dtype(torch::kLong).device(q.device()));
    return {logits, F::cross_entropy(logits, labels)};
}

torch::Tensor byolRegressionLoss(const torch::Tensor &p, const torch::Tensor &z)
{
    auto pn = F::normalize(p, F::NormalizeFuncOptions().dim(-1));
    auto zn = F::normalize(z, F::NormalizeFuncOptions().dim(-1));
    return 2 - 2 * (pn * zn).sum(-1).mean();
}

torch::Tensor dinoLoss(const torch::Tensor &student1, const torch::Tensor &student2, const torch::Tensor &teacher1,
                       const torch::Tensor &teacher2, const torch::Tensor &center, double studentTemp,
                       double teacherTemp)
{
    const torch::Tensor students[2] = {student1, student2};
    const torch::Tensor teachers[2] = {teacher1, teacher2};
    torch::Tensor total;
    int n = 0;
    for (int ti = 0; ti < 2; ++ti) {
        auto q = torch::softmax((teachers[ti] - center) / teacherTemp, -1);
        for (int si = 0; si < 2; ++si) {
            if (si == ti) continue;
            auto term = torch::sum(-q * torch::log_softmax(students[si] / studentTemp, -1), -1).mean();
            total = total.defined() ? total + term : term;
            ++n;
        }
    }
    return total / n;
}

torch::Tensor maeLoss(const torch::Tensor &pred, const torch::Tensor &target, const torch::Tensor &mask, bool normPix)
{
    auto t = target;
    if (normPix) {
        auto mean = t.mean(-1, true);
        auto var = t.var(-1, /*unbiased=*/true, /*keepdim=*/true);
        t = (t - mean) / torch::sqrt(var + 1e-6);
    }
    auto perPatch = (pred - t).pow(2).mean(-1);
    return (perPatch * mask).sum() / mask.sum();
}

} // namespace pretext::engine
