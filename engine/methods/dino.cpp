#include "engine/methods/dino.h"

#include "engine/methods/losses.h"
#include "engine/train/runconfig.h"

#include <torch/nn/functional.h>
#include <torch/nn/init.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/linear.h>

#include <chrono>
#include <cmath>

namespace pretext::engine {

namespace F = torch::nn::functional;

namespace {

int64_t globalSide(const RunConfig &config, const MethodContext &context)
{
    return config.augment.outputSize > 0 ? config.augment.outputSize : context.imageSize;
}

int64_t localSide(const RunConfig &config, const MethodContext &context)
{
    const int64_t side = globalSide(config, context);
    if (config.backbone == "vit-tiny") return side;
    // DINO's local crops are 96 px against 224 px global ones (0.43); half the side keeps them a multiple of 2.
    return std::max<int64_t>(8, side / 2);
}

// DINO's local crops: small regions (scale 0.05–0.4 of the image, the paper's default) at a smaller size; every
// other augmentation as the global views'.
AugmentConfig localAugment(AugmentConfig a, int64_t side)
{
    a.crop = true;
    a.cropProb = 1.0;
    a.cropScaleMin = 0.05;
    a.cropScaleMax = 0.4;
    a.outputSize = static_cast<int>(side);
    return a;
}

// Cross-entropy H(q, softmax(s / τs)) averaged over the batch: one (teacher view, student view) term of DINO's loss.
torch::Tensor crossEntropy(const torch::Tensor &teacherProbs, const torch::Tensor &student, double studentTemp)
{
    return torch::sum(-teacherProbs * torch::log_softmax(student / studentTemp, -1), -1).mean();
}


} // namespace

DinoHeadImpl::DinoHeadImpl(int64_t in, int64_t hidden, int64_t bottleneck, int64_t outDim, bool batchNorm)
{
    namespace nn = torch::nn;
    nn::Sequential mlp;
    for (int64_t layer = 0; layer < 2; ++layer) {
        mlp->push_back(nn::Linear(layer == 0 ? in : hidden, hidden));
        if (batchNorm) mlp->push_back(nn::BatchNorm1d(hidden));
        mlp->push_back(nn::GELU());
    }
    mlp->push_back(nn::Linear(hidden, bottleneck));
    m_mlp = register_module("mlp", mlp);
    // Only the direction of v matters (the gain is fixed at 1); nn.Linear's initialisation as in the paper's code.
    m_prototypes = register_parameter("prototypes", torch::empty({outDim, bottleneck}));
    torch::nn::init::kaiming_uniform_(m_prototypes, std::sqrt(5.0));
}

std::pair<torch::Tensor, torch::Tensor> DinoHeadImpl::forward(const torch::Tensor &x)
{
    auto e = m_mlp->forward(x);
    auto en = F::normalize(e, F::NormalizeFuncOptions().dim(-1));
    // Weight normalisation (Salimans & Kingma 2016) with g = 1: w = v/‖v‖ row by row, so the gradient only turns v.
    auto w = F::normalize(m_prototypes, F::NormalizeFuncOptions().dim(1));
    return {e, F::linear(en, w.to(en.scalar_type()))};
}

Dino::Dino(const RunConfig &config, const MethodContext &context)
    : m_context(context),
      m_views(config.augment, context.mean, context.stddev),
      m_localViews(localAugment(config.augment, localSide(config, context)), context.mean, context.stddev),
      m_outDim(config.integer("out_dim")),
      m_localCrops(config.integer("local_crops")),
      m_localSize(localSide(config, context)),
      m_teacherTemp(config.real("teacher_temperature")),
      m_warmupTeacherTemp(config.real("warmup_teacher_temperature")),
      m_warmupEpochs(config.real("warmup_epochs")),
      m_studentTemp(config.real("student_temperature")),
      m_centerMomentum(config.real("center_momentum")),
      m_baseMomentum(config.real("teacher_momentum")),
      m_centering(config.flag("centering"))
{
    const int64_t hidden = config.integer("projection_hidden"), bottleneck = config.integer("bottleneck_dim");
    const bool bn = config.flag("head_batchnorm");
    m_encoder = register_module("encoder", makeEncoder(config, context));
    const int64_t in = m_encoder->featureDim();
    m_head = register_module("head", std::make_shared<DinoHeadImpl>(in, hidden, bottleneck, m_outDim, bn));
    // The teacher starts as an exact copy of the student and only ever moves by EMA.
    m_teacherEncoder = register_module("teacher_encoder", makeEncoder(config, context));
    m_teacherHead =
        register_module("teacher_head", std::make_shared<DinoHeadImpl>(in, hidden, bottleneck, m_outDim, bn));
    copyIntoTarget(*m_teacherEncoder, *m_encoder);
    copyIntoTarget(*m_teacherHead, *m_head);
    m_center = register_buffer("center", torch::zeros({1, m_outDim}));
}

MethodInfo Dino::describe()
{
    MethodInfo m;
    m.name = "dino";
    m.title = "DINO";
    m.family = MethodFamily::SelfDistillation;
    m.summary = "a student matches a moving-average teacher's centred, sharpened distribution over prototypes";
    m.description =
        "DINO (Caron et al. 2021) is self-distillation without labels. A student network scores each view against "
        "a set of learned prototypes; a teacher, the exponential moving average of the student, does the same for "
        "the global views, and the student is trained to give the teacher's distribution for every other view of the "
        "image. Collapse comes in two kinds: one prototype winning for every image, or every prototype equally "
        "likely. Sharpening (a low teacher temperature) pushes toward the first, centring (subtracting the running "
        "mean of the teacher's scores) toward the second; balanced, the teacher stays confident but varied. Watch "
        "the Collapse tab: the teacher's entropy should stay between 0 and log(out_dim); turn centring off to see it "
        "fall toward 0.";
    m.settings = {
        Setting::integer("out_dim", "Prototypes", 1024, 16, 65536)
            .withHelp("Number of prototypes the head scores (K). The paper uses 65536 for ImageNet; a small dataset "
                      "and batch need far fewer.")
            .withMetavar("N"),
        Setting::real("teacher_temperature", "Teacher temperature", 0.04, 0.001, 1)
            .withDecimals(3)
            .withHelp("Sharpening of the teacher's distribution after the warm-up (the paper uses 0.04 to 0.07).")
            .withMetavar("X"),
        Setting::real("warmup_teacher_temperature", "Warm-up teacher temperature", 0.04, 0.001, 1)
            .withDecimals(3)
            .withHelp("Teacher temperature at the start, moved linearly to the teacher temperature over the "
                      "warm-up epochs.")
            .withMetavar("X")
            .asAdvanced(),
        Setting::real("warmup_epochs", "Temperature warm-up epochs", 0, 0, 1000)
            .withDecimals(3)
            .withHelp("Epochs (fractions allowed) over which the teacher temperature warms up; 0 = none.")
            .withMetavar("X")
            .asAdvanced(),
        Setting::real("student_temperature", "Student temperature", 0.1, 0.001, 1)
            .withDecimals(3)
            .withHelp("Temperature of the student's softmax (0.1 in the paper).")
            .withMetavar("X")
            .asAdvanced(),
        Setting::boolean("centering", "Centring", true)
            .withHelp("Subtract the running mean of the teacher's scores before sharpening. Off, one prototype "
                      "takes over and the representation collapses."),
        Setting::real("center_momentum", "Centre momentum", 0.9, 0, 0.9999)
            .withDecimals(4)
            .withHelp("Momentum of the centre's running mean of teacher outputs (0.9 in the paper).")
            .withMetavar("X")
            .asAdvanced(),
        Setting::real("teacher_momentum", "Teacher momentum", 0.99, 0, 1)
            .withDecimals(4)
            .withHelp("Base momentum of the teacher's moving average, raised to 1 over the run on a cosine schedule. "
                      "The paper's 0.996 suits long runs; a few hundred steps need a faster teacher.")
            .withMetavar("X"),
        Setting::integer("local_crops", "Local crops", 0, 0, 8)
            .withHelp("Extra small crops (5-40% of the image) per image, seen by the student only (multi-crop); each "
                      "costs a forward and backward pass at a quarter of the pixels.")
            .withMetavar("N"),
        projectionHiddenSetting(512),
        Setting::boolean("head_batchnorm", "BatchNorm in the head", true)
            .withHelp("BatchNorm after the head's hidden layers (the paper's use_bn_in_head, off for ViTs there). It "
                      "spreads the embeddings of a batch from the first step, so a short run leaves the "
                      "near-uniform start sooner.")
            .asAdvanced(),
        Setting::integer("bottleneck_dim", "Bottleneck size", 128, 2, 8192)
            .withHelp("Size of the L2-normalised embedding before the prototype layer (256 in the paper).")
            .withMetavar("N")
            .asAdvanced(),
    };
    m.previews = {PreviewKind::Pairs, PreviewKind::Collapse};
    // Three minutes on two cores (about 1,150 images/s at batch 128: three passes over Fashion-MNIST), with a
    // cosine decay from 1e-3 that settles the short run (tuned on 69k images: kNN 79.2 % against 74.8 % for the
    // random-init encoder).
    m.recipe = shortRunRecipe(128, 0.001, 3);
    return m;
}

double Dino::teacherTemperatureAt(double warmupTemp, double temp, double warmupEpochs, int64_t step,
                                  int64_t stepsPerEpoch)
{
    const double epochs = static_cast<double>(step) / static_cast<double>(std::max<int64_t>(1, stepsPerEpoch));
    if (warmupEpochs <= 0 || epochs >= warmupEpochs) return temp;
    return warmupTemp + (temp - warmupTemp) * epochs / warmupEpochs;
}

double Dino::teacherTemperature() const
{
    return teacherTemperatureAt(m_warmupTeacherTemp, m_teacherTemp, m_warmupEpochs, m_step, m_stepsPerEpoch);
}

torch::Tensor Dino::multiCropLoss(const std::vector<torch::Tensor> &students, const torch::Tensor &teacher1,
                                  const torch::Tensor &teacher2, const torch::Tensor &center, double studentTemp,
                                  double teacherTemp)
{
    // The two global-global pairs are the golden-checked dinoLoss (their mean); every local view adds one pair
    // per teacher view.
    auto sum = dinoLoss(students[0], students[1], teacher1, teacher2, center, studentTemp, teacherTemp) * 2;
    if (students.size() == 2) return sum / 2;
    auto q1 = torch::softmax((teacher1 - center) / teacherTemp, -1);
    auto q2 = torch::softmax((teacher2 - center) / teacherTemp, -1);
    for (size_t v = 2; v < students.size(); ++v)
        sum = sum + crossEntropy(q1, students[v], studentTemp) + crossEntropy(q2, students[v], studentTemp);
    return sum / static_cast<double>(2 * students.size() - 2);
}

torch::Tensor Dino::scores(const torch::Tensor &x, bool teacher)
{
    auto in = x.contiguous(torch::MemoryFormat::ChannelsLast);
    return teacher ? m_teacherHead->forward(m_teacherEncoder->forward(in)).second
                   : m_head->forward(m_encoder->forward(in)).second;
}

StepOutput Dino::step(const torch::Tensor &images, Rng &rng, bool wantPreview)
{
    StepOutput out;
    auto [v1, v2] = makeTwoViews(m_views, images, rng, wantPreview, out);
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<torch::Tensor> locals;
    for (int64_t i = 0; i < m_localCrops; ++i) locals.push_back(m_localViews.apply(images, rng));
    out.augmentSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const int64_t b = images.size(0);

    auto global = torch::cat({v1, v2}).contiguous(torch::MemoryFormat::ChannelsLast);
    auto h = m_encoder->forward(global);
    auto [bottleneck, s] = m_head->forward(h);
    s = s.to(torch::kFloat);
    torch::Tensor t;
    {
        torch::NoGradGuard noGrad; // the teacher sees the global views only and gets no gradient
        t = m_teacherHead->forward(m_teacherEncoder->forward(global)).second.to(torch::kFloat);
    }
    const double teacherTemp = teacherTemperature();
    // Without centring the loss sees a zero centre (the buffer stays at zero).
    const auto center = m_centering ? m_center : torch::zeros_like(m_center);
    std::vector<torch::Tensor> students = {s.slice(0, 0, b), s.slice(0, b)};
    if (!locals.empty()) {
        // The local views in a forward pass of their own (a smaller image size for the convolutional backbones).
        auto ls = m_head->forward(m_encoder->forward(torch::cat(locals).contiguous(torch::MemoryFormat::ChannelsLast)))
                      .second.to(torch::kFloat);
        for (int64_t i = 0; i < m_localCrops; ++i) students.push_back(ls.slice(0, i * b, (i + 1) * b));
    }
    auto loss = multiCropLoss(students, t.slice(0, 0, b), t.slice(0, b), center, m_studentTemp, teacherTemp);
    out.loss = loss;
    out.features = h.slice(0, 0, b).detach().to(torch::kFloat);
    if (is_training()) m_batchCenter = t.mean(0, true).detach(); // DINO's update_center: the batch mean of both views

    auto e1 = bottleneck.slice(0, 0, b).detach().to(torch::kFloat);
    auto q = torch::softmax((t - center) / teacherTemp, -1); // the teacher's targets, both global views
    const double entropy = -(q * torch::log(q + 1e-12)).sum(-1).mean().item<double>();
    out.scalars.emplace_back("teacher_entropy", entropy);
    out.scalars.emplace_back("center_norm", m_center.norm().item<double>());
    out.scalars.emplace_back("embedding_std", normalisedEmbeddingStd(e1));
    out.scalars.emplace_back("teacher_momentum", cosineMomentum(m_baseMomentum, m_step, m_totalSteps));
    out.scalars.emplace_back("teacher_temperature", teacherTemp);
    if (wantPreview) {
        out.view1 = v1.detach();
        out.view2 = v2.detach();
        out.z1 = e1;
        out.z2 = bottleneck.slice(0, b).detach().to(torch::kFloat);
    }
    return out;
}

void Dino::afterStep(int64_t step, int64_t totalSteps)
{
    const double m = cosineMomentum(m_baseMomentum, step, totalSteps);
    emaUpdate(*m_teacherEncoder, *m_encoder, m);
    emaUpdate(*m_teacherHead, *m_head, m);
    // c ← m·c + (1 − m)·mean of the teacher's outputs (Caron et al. 2021, eq. 4).
    if (m_centering && m_batchCenter.defined()) {
        torch::NoGradGuard noGrad;
        m_center.mul_(m_centerMomentum).add_(m_batchCenter, 1.0 - m_centerMomentum);
    }
    m_batchCenter = torch::Tensor();
}

torch::Tensor Dino::evalInput(const torch::Tensor &images) const
{
    return m_views.normalizeOnly(images).contiguous(torch::MemoryFormat::ChannelsLast);
}

void Dino::fillPreview(const StepOutput &out, int n, PreviewSnapshot &s) const
{
    fillPairsPreview(m_views, out, n, 0.0, s);
    auto &c = s.get<CollapsePreview>();
    c = collapseStats(out.z1);
    c.teacherEntropy = out.scalar("teacher_entropy", -1);
    c.maxEntropy = std::log(static_cast<double>(m_outDim));
    c.centerNorm = out.scalar("center_norm", -1);
    c.targetMomentum = out.scalar("teacher_momentum", -1);
}

} // namespace pretext::engine
