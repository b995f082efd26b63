// One self-supervised method = one Method subclass: make views -> forward -> loss -> after-step hook ->
// preview. The trainer owns the loop, the optimiser and the probes; a method owns its networks, its
// augmentation and its state (queues, centres, EMA targets: registered buffers and modules, so checkpoints
// carry them). It describes itself in a MethodInfo (methods/catalog.h); adding a method is one new file pair and
// one line in methods/registry.cpp.
#pragma once

#include "engine/core/previews.h"
#include "engine/core/rng.h"
#include "engine/methods/catalog.h"
#include "engine/models/backbones.h"

#include <torch/nn/module.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pretext::engine {

struct RunConfig;

// What a method needs to know about the data and where it runs.
struct MethodContext {
    int64_t inChannels = 1;
    int64_t imageSize = 28;
    std::vector<double> mean, stddev; // per-channel normalisation of the dataset
    torch::Device device = torch::kCPU;
    bool wantFeatures = true; // StepOutput::features is needed (the online probe is on)
    int64_t numClasses = 10;  // classes of the dataset's labels (the supervised baseline's classifier)
};

struct StepOutput {
    torch::Tensor loss;     // scalar with grad
    torch::Tensor features; // detached encoder features [B, D] of the first view, for the online probe
    // Preview material: only filled when the trainer asks for a preview.
    torch::Tensor view1, view2; // normalised views [B, C, S, S]
    std::vector<AugmentRecord> records1, records2;
    torch::Tensor z1, z2;       // projections [B, P]
    torch::Tensor taskLabels, taskPredictions; // pretext tasks: applied and predicted class of the preview rows
    std::map<std::string, torch::Tensor> extra; // further method-specific preview material
    // Method-specific figures of this step, logged to metrics.jsonl under these keys (e.g. "embedding_std").
    std::vector<std::pair<std::string, double>> scalars;
    double augmentSeconds = 0;  // time spent making the views (part of step())

    // The value of a scalar of this step, or `fallback` when the step did not report it.
    double scalar(const std::string &key, double fallback) const
    {
        for (const auto &kv : scalars)
            if (kv.first == key) return kv.second;
        return fallback;
    }
};

class Method : public torch::nn::Module {
public:
    ~Method() override = default;
    virtual std::string name() const = 0;

    // What the optimiser updates: by default every parameter that requires a gradient (EMA targets and
    // teachers turn requires_grad off).
    virtual std::vector<torch::Tensor> trainableParameters();

    // Set by the trainer before every step: schedules (EMA momentum, teacher temperature) read it.
    void setProgress(int64_t step, int64_t totalSteps, int64_t stepsPerEpoch)
    {
        m_step = step;
        m_totalSteps = totalSteps;
        m_stepsPerEpoch = stepsPerEpoch;
    }

    // The class labels of the coming step's batch, set by the trainer before every step. Self-supervised methods never
    // read them; the supervised baseline learns from them.
    void setBatchLabels(const torch::Tensor &labels) { m_batchLabels = labels; }

    // Forward pass of one training step on a uint8 batch [B,C,H,W] on the training device.
    virtual StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) = 0;
    // Called after the optimiser's update (e.g. momentum encoders, queues, centring).
    virtual void afterStep(int64_t step, int64_t totalSteps) {}

    // One-off work on the training set before the first step (BEiT's visual vocabulary), called by the trainer once
    // per session, for a new run and for a resumed one (whose checkpointed buffers already hold the result: a method
    // then returns at once). trainImages: uint8 [N,C,H,W] on the training device; runDir: the run folder, for files
    // the method keeps there (empty when there is none); progress: a line for the class ("building …").
    virtual void prepare(const torch::Tensor &trainImages, const std::string &runDir,
                         const std::function<void(const std::string &)> &progress)
    {
    }

    // The encoder whose features are probed.
    virtual Backbone encoder() const = 0;
    // Evaluation input: uint8 [B,C,H,W] -> normalised float tensor the encoder accepts.
    virtual torch::Tensor evalInput(const torch::Tensor &images) const = 0;

    // Live-editable temperature (contrastive methods); 0 when the method has none.
    virtual double temperature() const { return 0.0; }
    virtual void setTemperature(double) {}

    // Add the preview items this method declares (MethodInfo::previews) from a step's output (first n samples).
    virtual void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const = 0;

protected:
    torch::Tensor m_batchLabels; // int64 [B] on the training device
    int64_t m_step = 0;       // steps done before the current one
    int64_t m_totalSteps = 1; // planned steps of the run
    int64_t m_stepsPerEpoch = 1;
};

// Builds the registered method config.method names; throws ConfigError when none is registered.
std::shared_ptr<Method> makeMethod(const RunConfig &config, const MethodContext &context);

// The encoder every method builds: the run's backbone for the dataset's channels at `imageSize` (0 = the view
// size: augment.output_size, else the dataset's image size).
Backbone makeEncoder(const RunConfig &config, const MethodContext &context, int64_t imageSize = 0);
// The options makeEncoder builds from, for a method that changes some (MAE: the ViT's patch size and pooling).
BackboneOptions encoderOptions(const RunConfig &config, const MethodContext &context, int64_t imageSize = 0);

// ---- helpers shared by the methods (methods/support.cpp) ----

class ViewPipeline;
// The two augmented views of a batch, drawn in this order from `rng`; with wantPreview their records go to
// out.records1/records2. The time spent is added to out.augmentSeconds.
std::pair<torch::Tensor, torch::Tensor> makeTwoViews(const ViewPipeline &views, const torch::Tensor &images, Rng &rng,
                                                     bool wantPreview, StepOutput &out);
// The Pairs preview of a two-view method from StepOutput's view1/view2, records1/records2 and z1/z2.
void fillPairsPreview(const ViewPipeline &views, const StepOutput &out, int n, double temperature,
                      PreviewSnapshot &snapshot);
// The Mask preview of a masked-modeling method from normalised views [B,C,H,W], pixel predictions [B,N,p*p*C] in
// the loss's target space (per-patch normalised when normPix: shown rescaled with the true patch's mean and std)
// and the mask [B,N] (1 = hidden): original | hidden patches grey | prediction pasted into the visible patches.
void fillMaskPreview(const ViewPipeline &views, const torch::Tensor &images, const torch::Tensor &pred,
                     const torch::Tensor &mask, int64_t patch, bool normPix, double maskRatio, int n,
                     PreviewSnapshot &snapshot);
// Mean over dimensions of the per-dimension std (over the batch) of the L2-normalised rows of z [B, D]: about
// 1/sqrt(D) when embeddings spread over the sphere, 0 when they collapse to one point (BYOL, SimSiam papers).
double normalisedEmbeddingStd(const torch::Tensor &z);
// The collapse figures of z [B, D]: std as above, per-dimension std, and the effective rank
// exp(H(σ/Σσ)) of the singular values σ of the centred, normalised embeddings (Roy & Vetterli 2007).
CollapsePreview collapseStats(const torch::Tensor &z);
// target ← m·target + (1−m)·online for every parameter and buffer (BYOL, MoCo, DINO); no gradients.
void emaUpdate(torch::nn::Module &target, const torch::nn::Module &online, double momentum);
// Copies online's parameters and buffers into target (same architecture) and turns target's gradients off.
void copyIntoTarget(torch::nn::Module &target, const torch::nn::Module &online);
// BYOL's cosine schedule of the target momentum: 1 − (1 − base)(cos(π k/K) + 1)/2, from base at k = 0 to 1 at K.
double cosineMomentum(double base, int64_t step, int64_t totalSteps);
// A recipe for a short run: `batch` images per step (0 = the shared default), Adam at `lr` with 100 warm-up steps
// and a cosine decay to 0, over `epochs` passes.
json::Value shortRunRecipe(int64_t batch, double lr, int64_t epochs);
// The encoder's spatial interface (convnet's feature map); ConfigError naming `method` and what it predicts from the
// map ("pixels", "tokens", …) for a backbone without one.
SpatialBackbone &spatialEncoder(const Backbone &encoder, const std::string &method, const std::string &predicts);
// Keeps the first 64 rows of a masked-modeling step for its preview: the views (out.view1), the predictions
// (out.extra["pred"]) and the mask (out.extra["mask"]), as fillMaskPreview reads them.
void keepMaskedStep(StepOutput &out, const torch::Tensor &views, const torch::Tensor &pred, const torch::Tensor &mask);
// Turns the recipe's colour augmentations off (jitter, grayscale, blur), keeping crops of at least `cropScaleMin` of
// the image and flips: for tasks about shape and where things are (rotation, masked modeling, colorization).
void cropsAndFlipsOnly(json::Value &recipe, double cropScaleMin);
// Normalised images [B,C,H,W] with the hidden patches (mask [B, (H/patch)(W/patch)], 1 = hidden, row-major as
// patchify) replaced by `value` ([1,C,1,1], e.g. a learned mask value); differentiable in both.
torch::Tensor fillPatches(const torch::Tensor &images, const torch::Tensor &mask, int64_t patch, const torch::Tensor &value);

// Converts normalised float images [B,C,H,W] to a display grid (denormalised, clamped, HWC uint8).
ImageGrid toImageGrid(const torch::Tensor &images, const std::vector<double> &mean, const std::vector<double> &stddev);
// Converts uint8 images [B,C,H,W] to a display grid.
ImageGrid toImageGrid(const torch::Tensor &uint8Images);
Matrix toMatrix(const torch::Tensor &m);

} // namespace pretext::engine
