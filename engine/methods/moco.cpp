#include "engine/methods/moco.h"

#include "engine/methods/losses.h"
#include "engine/train/runconfig.h"

#include <torch/nn/functional.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/linear.h>

#include <algorithm>
#include <numeric>

namespace pretext::engine {

namespace {

namespace F = torch::nn::functional;

// MoCo v2's head: fc-ReLU-fc, no BatchNorm (Chen et al. 2020, "Improved baselines", section 2).
torch::nn::Sequential makeMocoHead(int64_t in, int64_t hidden, int64_t out)
{
    return torch::nn::Sequential(torch::nn::Linear(in, hidden), torch::nn::ReLU(torch::nn::ReLUOptions(true)),
                                 torch::nn::Linear(hidden, out));
}

torch::Tensor l2Normalise(const torch::Tensor &x)
{
    return F::normalize(x, F::NormalizeFuncOptions().dim(1));
}

// BatchNorm lets the samples of one batch communicate: a query and its key normalised with the same batch's
// statistics can be told apart from the queue's keys by those statistics alone, and the loss falls without
// the encoder learning anything (He et al. 2020, section 3.3). MoCo normalises queries and keys per GPU and
// shuffles the keys across GPUs first; on one device we do the same with groups of about 32 samples.
int64_t shuffleBnGroups(int64_t batch)
{
    return batch >= 16 ? std::clamp<int64_t>(batch / 32, 2, 8) : 1;
}

torch::Tensor forwardInGroups(BackboneImpl &net, const torch::Tensor &x, int64_t groups)
{
    if (groups <= 1) return net.forward(x.contiguous(torch::MemoryFormat::ChannelsLast));
    std::vector<torch::Tensor> parts;
    for (const auto &chunk : x.tensor_split(groups)) parts.push_back(net.forward(chunk.contiguous(torch::MemoryFormat::ChannelsLast)));
    return torch::cat(parts);
}

} // namespace

MoCo::MoCo(const RunConfig &config, const MethodContext &context)
    : m_views(config.augment, context.mean, context.stddev),
      m_temperature(config.real("temperature")),
      m_keyMomentum(config.real("key_momentum")),
      m_symmetric(config.flag("symmetric_loss"))
{
    const int64_t hidden = config.integer("projection_hidden"), dim = config.integer("projection_dim");
    m_encoder = register_module("encoder", makeEncoder(config, context));
    m_projector = register_module("projector", makeMocoHead(m_encoder->featureDim(), hidden, dim));
    m_keyEncoder = register_module("key_encoder", makeEncoder(config, context));
    m_keyProjector = register_module("key_projector", makeMocoHead(m_encoder->featureDim(), hidden, dim));
    // The key network starts as a copy of the query network and is never touched by the optimiser.
    copyIntoTarget(*m_keyEncoder, *m_encoder);
    copyIntoTarget(*m_keyProjector, *m_projector);

    const int64_t k = config.integer("queue_size");
    m_queue = register_buffer("queue", l2Normalise(torch::randn({k, dim})).t().contiguous());
    m_queuePtr = register_buffer("queue_ptr", torch::zeros({1}, torch::kLong));
    m_queueStep = register_buffer("queue_step", torch::full({k}, -1, torch::kLong));
}

MethodInfo MoCo::describe()
{
    MethodInfo m;
    m.name = "moco";
    m.title = "MoCo v2";
    m.family = MethodFamily::Contrastive;
    m.summary = "contrast each query with its momentum-encoded key and a queue of K keys from earlier batches";
    m.description =
        "MoCo v2 (He et al. 2020; Chen et al. 2020) encodes one view of every image with the trained query encoder "
        "and the other with a key encoder that slowly follows it (an exponential moving average, momentum m). "
        "InfoNCE at temperature τ pulls each query towards its own key and away from a queue of K keys kept from "
        "earlier batches, so there are many negatives whatever the batch size. Watch the Queue tab: the queue fills "
        "within seconds, and as training goes on the positive logits move to the right, away from the cloud of "
        "negative logits. Raising m keeps old keys consistent; lowering it makes the queue go stale.";
    m.settings = {
        Setting::integer("queue_size", "Queue size K", 4096, 16, 65536)
            .withHelp("Negative keys kept from earlier batches (at least one batch). At batch 256, 4096 keys are "
                      "16 steps: the queue fills within seconds.")
            .withMetavar("K"),
        Setting::real("key_momentum", "Key momentum m", 0.99, 0, 0.99999)
            .withDecimals(5)
            .withHelp("Momentum of the key encoder's moving average: key ← m·key + (1−m)·query after every step. "
                      "The paper's 0.999 suits long runs; 0.99 lets short runs move.")
            .withMetavar("M"),
        Setting::boolean("symmetric_loss", "Symmetric loss", true)
            .withHelp("Each view is both a query and a key (MoCo v3): twice the learning signal for 1.6 times the "
                      "work. Off: one direction, as MoCo v2."),
        temperatureSetting(0.2),
        projectionDimSetting(128),
        projectionHiddenSetting(512),
    };
    m.previews = {PreviewKind::Pairs, PreviewKind::Queue};
    m.liveSetting = "temperature";
    // Three minutes on two cores (about 1,200 images/s at batch 128: three passes over Fashion-MNIST); Adam 3e-4
    // at batch 256 needed 189 s for the same three passes.
    m.recipe = shortRunRecipe(128, 0.001, 3);
    m.check = [](const RunConfig &c) {
        std::vector<std::pair<std::string, std::string>> problems;
        const int64_t k = c.integer("queue_size");
        if (k < c.batchSize)
            problems.emplace_back("queue_size", "queue_size = " + std::to_string(k) + " is smaller than batch_size = " +
                                                    std::to_string(c.batchSize) +
                                                    "; the queue must hold at least one batch of keys");
        return problems;
    };
    return m;
}

torch::Tensor MoCo::encodeQueries(const torch::Tensor &views, int64_t groups)
{
    return forwardInGroups(*m_encoder, views, groups);
}

torch::Tensor MoCo::encodeKeys(const torch::Tensor &views, int64_t groups, Rng &rng)
{
    torch::NoGradGuard noGrad;
    const int64_t b = views.size(0);
    std::vector<int64_t> order(static_cast<size_t>(b));
    std::iota(order.begin(), order.end(), 0);
    if (groups > 1) std::shuffle(order.begin(), order.end(), rng.engine());
    auto perm = torch::tensor(order, torch::kLong).to(views.device());
    auto shuffled = forwardInGroups(*m_keyEncoder, views.index_select(0, perm), groups);
    auto keys = l2Normalise(m_keyProjector->forward(shuffled).to(torch::kFloat));
    // Row i of the shuffled batch is sample perm[i]: put it back.
    return torch::empty_like(keys).index_copy_(0, perm, keys);
}

StepOutput MoCo::step(const torch::Tensor &images, Rng &rng, bool wantPreview)
{
    StepOutput out;
    auto [v1, v2] = makeTwoViews(m_views, images, rng, wantPreview, out);

    const int64_t b = images.size(0);
    const int64_t groups = is_training() ? shuffleBnGroups(b) : 1;
    torch::Tensor h, q, k, logits;
    if (m_symmetric) {
        // Both views are queries and keys (as MoCo v3 and the MoCo CIFAR demo): twice the learning signal per
        // step. Only the keys of the second view are enqueued, so the queue still gains one key per image.
        const int64_t groups2 = groups > 1 ? 2 * groups : 1;
        h = encodeQueries(torch::cat({v1, v2}), groups2);
        auto qs = l2Normalise(m_projector->forward(h).to(torch::kFloat));
        auto ks = encodeKeys(torch::cat({v2, v1}), groups2, rng);
        q = qs.slice(0, 0, b);
        k = ks.slice(0, 0, b);
        auto [logits12, loss12] = mocoInfoNce(q, k, m_queue, m_temperature);
        auto [logits21, loss21] = mocoInfoNce(qs.slice(0, b), ks.slice(0, b), m_queue, m_temperature);
        out.loss = (loss12 + loss21) / 2;
        logits = logits12;
        if (wantPreview) {
            out.extra["query2"] = qs.slice(0, b).detach();
            out.extra["key2"] = ks.slice(0, b);
        }
        h = h.slice(0, 0, b);
    } else {
        h = encodeQueries(v1, groups);
        q = l2Normalise(m_projector->forward(h).to(torch::kFloat));
        k = encodeKeys(v2, groups, rng);
        auto [logits12, loss12] = mocoInfoNce(q, k, m_queue, m_temperature);
        out.loss = loss12;
        logits = logits12;
    }
    out.features = h.detach().to(torch::kFloat);
    if (is_training()) m_pendingKeys = k;

    {
        torch::NoGradGuard noGrad;
        const int64_t filled = queueFilled();
        out.scalars.emplace_back("queue_fill", static_cast<double>(filled) / static_cast<double>(queueCapacity()));
        out.scalars.emplace_back("positive_logit", logits.select(1, 0).mean().item<double>());
        out.scalars.emplace_back("negative_logit", logits.slice(1, 1).mean().item<double>());
    }
    if (wantPreview) {
        out.view1 = v1.detach();
        out.view2 = v2.detach();
        out.z1 = q.detach();
        out.z2 = k;
        out.extra["logits"] = logits.detach();
    }
    return out;
}

void MoCo::afterStep(int64_t step, int64_t)
{
    emaUpdate(*m_keyEncoder, *m_encoder, m_keyMomentum);
    emaUpdate(*m_keyProjector, *m_projector, m_keyMomentum);
    if (m_pendingKeys.defined()) {
        enqueue(m_pendingKeys, step + 1);
        m_pendingKeys = torch::Tensor();
    }
}

void MoCo::enqueue(const torch::Tensor &keys, int64_t step)
{
    torch::NoGradGuard noGrad;
    const int64_t capacity = queueCapacity();
    auto k = keys.detach().to(m_queue.device(), m_queue.scalar_type());
    if (k.size(0) > capacity) k = k.slice(0, k.size(0) - capacity); // the older ones would be overwritten at once
    const int64_t b = k.size(0), ptr = queuePointer();
    // Slots ptr, ptr+1, … modulo K: past the end the writing continues at slot 0. (The reference text's slice
    // assignment assumes K is a multiple of B; this does not.)
    auto slots = (torch::arange(b, torch::kLong) + ptr).remainder(capacity).to(m_queue.device());
    m_queue.index_copy_(1, slots, k.t());
    m_queueStep.index_fill_(0, slots, step);
    m_queuePtr.fill_((ptr + b) % capacity);
}

int64_t MoCo::queuePointer() const
{
    return m_queuePtr.item<int64_t>();
}

int64_t MoCo::queueFilled() const
{
    return m_queueStep.ge(0).sum().item<int64_t>();
}

int64_t MoCo::oldestKeyAge() const
{
    auto real = m_queueStep.masked_select(m_queueStep.ge(0));
    if (real.numel() == 0) return 0;
    return (real.max() - real.min()).item<int64_t>();
}

torch::Tensor MoCo::evalInput(const torch::Tensor &images) const
{
    return m_views.normalizeOnly(images).contiguous(torch::MemoryFormat::ChannelsLast);
}

void MoCo::fillPreview(const StepOutput &out, int n, PreviewSnapshot &s) const
{
    fillPairsPreview(m_views, out, n, m_temperature, s);
    n = static_cast<int>(std::min<int64_t>(n, out.z1.size(0)));
    auto &qp = s.get<QueuePreview>();
    qp.capacity = queueCapacity();
    qp.filled = queueFilled();
    qp.oldestAgeSteps = oldestKeyAge();
    qp.temperature = m_temperature;
    auto logits = out.extra.at("logits").slice(0, 0, n).to(torch::kCPU, torch::kFloat).contiguous();
    auto positives = logits.select(1, 0).contiguous();
    qp.positiveLogits.assign(positives.data_ptr<float>(), positives.data_ptr<float>() + positives.numel());
    // At most 4096 negative logits: evenly spaced queue slots, the same ones for every preview sample.
    auto negatives = logits.slice(1, 1);
    const int64_t k = negatives.size(1);
    const int64_t columns = std::clamp<int64_t>(4096 / std::max(1, n), 1, k);
    if (columns < k) {
        auto idx = (torch::arange(columns, torch::kDouble) * (static_cast<double>(k) / columns)).to(torch::kLong);
        negatives = negatives.index_select(1, idx);
    }
    negatives = negatives.contiguous();
    qp.negativeLogits.assign(negatives.data_ptr<float>(), negatives.data_ptr<float>() + negatives.numel());
}

} // namespace pretext::engine
