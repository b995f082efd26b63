#include "engine/methods/simsiam.h"

#include "engine/train/runconfig.h"

#include <torch/nn/functional.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/linear.h>


namespace pretext::engine {

namespace nn = torch::nn;

torch::nn::Sequential makeBatchNormMlp(int64_t in, int64_t hidden, int64_t out, int layers)
{
    nn::Sequential mlp;
    int64_t width = in;
    for (int i = 0; i + 1 < layers; ++i) {
        mlp->push_back(nn::Linear(nn::LinearOptions(width, hidden).bias(false)));
        mlp->push_back(nn::BatchNorm1d(hidden));
        mlp->push_back(nn::ReLU(nn::ReLUOptions(true)));
        width = hidden;
    }
    mlp->push_back(nn::Linear(width, out));
    return mlp;
}

torch::Tensor negativeCosine(const torch::Tensor &p, const torch::Tensor &z)
{
    return -nn::functional::cosine_similarity(p, z, nn::functional::CosineSimilarityFuncOptions().dim(1)).mean();
}

SimSiam::SimSiam(const RunConfig &config, const MethodContext &context)
    : m_views(config.augment, context.mean, context.stddev), m_stopGradient(config.flag("stop_gradient"))
{
    const int64_t dim = config.integer("projection_dim");
    m_encoder = register_module("encoder", makeEncoder(config, context));
    // A 3-layer projection MLP as in section 3, with BN on its hidden layers but not on its output: Table 4 (b)
    // learns about as well as BN on the output too (67.4 vs 68.1 %), and without it the output is free to collapse
    // when the stop-gradient or the predictor is turned off, so the class sees the collapse in the embedding spread
    // (a batch-standardised output keeps that spread near 1/sqrt(d) whatever happens before it).
    m_projector = register_module(
        "projector", makeBatchNormMlp(m_encoder->featureDim(), config.integer("projection_hidden"), dim, 3));
    // The predictor is a 2-layer bottleneck MLP (hidden = dim / 4 in the paper), no BN on its output.
    if (config.flag("predictor"))
        m_predictor = register_module("predictor",
                                      makeBatchNormMlp(dim, config.integer("predictor_hidden"), dim, 2));
}

MethodInfo SimSiam::describe()
{
    MethodInfo m;
    m.name = "simsiam";
    m.title = "SimSiam";
    m.family = MethodFamily::SelfDistillation;
    m.summary = "predict one view's projection from the other's through a small MLP, with a stop-gradient";
    m.description =
        "SimSiam (Chen & He 2021) passes two views through the same encoder and projector; a small predictor MLP "
        "maps the projection of one view onto the projection of the other, and the loss is their negative cosine "
        "similarity, symmetrised. There are no negatives: only the stop-gradient on the target branch and the "
        "predictor keep the network from mapping every image to the same point. Watch the Collapse tab: the "
        "embedding spread should stay near 1/√d. Turn stop-gradient or the predictor off and it drops towards 0 "
        "within the first minute while the loss sinks to −1: the collapse the paper shows.";
    m.settings = {
        Setting::boolean("predictor", "Predictor", true)
            .withHelp("The prediction MLP h between the branches. Without it the network collapses (Table 1)."),
        Setting::boolean("stop_gradient", "Stop-gradient", true)
            .withHelp("No gradient through the target projection. Without it the embeddings collapse at once "
                      "(section 4.1, Figure 2)."),
        projectionDimSetting(2048),
        projectionHiddenSetting(512),
        Setting::integer("predictor_hidden", "Predictor hidden size", 512, 2, 16384)
            .withHelp("Width of the predictor's bottleneck layer (the paper: a quarter of the projection size). "
                      "A narrow one (128 for 512 dimensions) learns much more slowly in short runs.")
            .withMetavar("N")
            .asAdvanced(),
    };
    m.previews = {PreviewKind::Pairs, PreviewKind::Collapse};
    // Without negatives the first steps mostly make the features invariant; a higher rate and some weight decay
    // (the paper uses 1e-4 with SGD; the dynamics of non-contrastive methods depend on it, Tian et al. 2021) get
    // a short run past that: +4.9 kNN points after 78 steps on Fashion-MNIST, where Adam 3e-4 without decay lost 1.
    m.recipe = json::Value::object();
    m.recipe["lr"] = 0.001;
    m.recipe["weight_decay"] = 0.0005;
    return m;
}

StepOutput SimSiam::step(const torch::Tensor &images, Rng &rng, bool wantPreview)
{
    StepOutput out;
    auto [v1, v2] = makeTwoViews(m_views, images, rng, wantPreview, out);
    const int64_t b = images.size(0);
    auto h = m_encoder->forward(torch::cat({v1, v2}).contiguous(torch::MemoryFormat::ChannelsLast));
    auto z = m_projector->forward(h);
    auto p = m_predictor ? m_predictor->forward(z) : z;
    z = z.to(torch::kFloat);
    p = p.to(torch::kFloat);
    auto z1 = z.slice(0, 0, b), z2 = z.slice(0, b);
    auto p1 = p.slice(0, 0, b), p2 = p.slice(0, b);
    // Equation 2: L = D(p1, stopgrad(z2))/2 + D(p2, stopgrad(z1))/2.
    auto t1 = m_stopGradient ? z1.detach() : z1, t2 = m_stopGradient ? z2.detach() : z2;
    out.loss = 0.5 * negativeCosine(p1, t2) + 0.5 * negativeCosine(p2, t1);
    out.features = h.slice(0, 0, b).detach().to(torch::kFloat);
    out.scalars.emplace_back("embedding_std", normalisedEmbeddingStd(z1));
    if (wantPreview) {
        out.view1 = v1.detach();
        out.view2 = v2.detach();
        out.z1 = z1.detach();
        out.z2 = z2.detach();
    }
    return out;
}

torch::Tensor SimSiam::evalInput(const torch::Tensor &images) const
{
    return m_views.normalizeOnly(images).contiguous(torch::MemoryFormat::ChannelsLast);
}

void SimSiam::fillPreview(const StepOutput &out, int n, PreviewSnapshot &s) const
{
    fillPairsPreview(m_views, out, n, 0.0, s);
    // Collapse figures need the whole batch, not only the samples shown.
    s.get<CollapsePreview>() = collapseStats(out.z1);
}

} // namespace pretext::engine
