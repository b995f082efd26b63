// One self-supervised method = one Method subclass: make views -> forward -> loss -> after-step hook ->
// preview. The trainer owns the loop, the optimiser and the probes; a method owns its networks and its
// augmentation. Adding a method is one new file pair and one line in methods/registry.cpp.
#pragma once

#include "engine/core/rng.h"
#include "engine/core/types.h"
#include "engine/models/backbones.h"

#include <torch/nn/module.h>

#include <memory>
#include <string>
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
};

struct StepOutput {
    torch::Tensor loss;     // scalar with grad
    torch::Tensor features; // detached encoder features [B, D] of the first view, for the online probe
    // Preview material: only filled when the trainer asks for a preview.
    torch::Tensor view1, view2; // normalised views [B, C, S, S]
    std::vector<AugmentRecord> records1, records2;
    torch::Tensor z1, z2;       // projections [B, P]
    torch::Tensor taskLabels, taskPredictions; // pretext tasks: applied and predicted class of the preview rows
    double augmentSeconds = 0;  // time spent making the views (part of step())
};

class Method : public torch::nn::Module {
public:
    ~Method() override = default;
    virtual std::string name() const = 0;

    // Forward pass of one training step on a uint8 batch [B,C,H,W] on the training device.
    virtual StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) = 0;
    // Called after the optimiser's update (e.g. momentum encoders, queues, centring).
    virtual void afterStep(int64_t step, int64_t totalSteps) {}

    // The encoder whose features are probed.
    virtual Backbone encoder() const = 0;
    // Evaluation input: uint8 [B,C,H,W] -> normalised float tensor the encoder accepts.
    virtual torch::Tensor evalInput(const torch::Tensor &images) const = 0;

    // Live-editable temperature (contrastive methods); 0 when the method has none.
    virtual double temperature() const { return 0.0; }
    virtual void setTemperature(double) {}

    // Fill the method-specific parts of a preview from a step's output (first n samples).
    virtual void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const = 0;
};

std::shared_ptr<Method> makeMethod(const RunConfig &config, const MethodContext &context);

// The encoder every method builds: the run's backbone for the dataset's channels at `imageSize` (0 = the view
// size: augment.output_size, else the dataset's image size).
Backbone makeEncoder(const RunConfig &config, const MethodContext &context, int64_t imageSize = 0);

// Converts normalised float images [B,C,H,W] to a display grid (denormalised, clamped, HWC uint8).
ImageGrid toImageGrid(const torch::Tensor &images, const std::vector<double> &mean, const std::vector<double> &stddev);
// Converts uint8 images [B,C,H,W] to a display grid.
ImageGrid toImageGrid(const torch::Tensor &uint8Images);
Matrix toMatrix(const torch::Tensor &m);

} // namespace pretext::engine
