// Encoders that turn images into feature vectors. Input channels follow the dataset.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>

#include <memory>
#include <string>

namespace pretext::engine {

struct BackboneOptions {
    std::string kind = "convnet";
    int64_t inChannels = 1;
    int64_t imageSize = 28;
    // ViT only.
    int64_t vitPatch = 4;
    int64_t vitDim = 192;
    int64_t vitDepth = 12;
    int64_t vitHeads = 3;
    bool vitMeanPool = false; // feature = mean of the patch tokens (MAE) instead of the class token
};

class BackboneImpl : public torch::nn::Module {
public:
    virtual torch::Tensor forward(torch::Tensor x) = 0;
    int64_t featureDim() const { return m_featureDim; }
    const std::string &kind() const { return m_kind; }
    // What it was built from (an exporter rebuilds the same architecture elsewhere: engine/io/torchexport.h).
    const BackboneOptions &options() const { return m_options; }

protected:
    BackboneImpl(std::string kind, int64_t featureDim, BackboneOptions options)
        : m_featureDim(featureDim), m_kind(std::move(kind)), m_options(std::move(options))
    {
    }

private:
    int64_t m_featureDim;
    std::string m_kind;
    BackboneOptions m_options;
};

using Backbone = std::shared_ptr<BackboneImpl>;

// Backbones made of patch tokens (vit-tiny) can encode a subset of their patches: MAE's encoder sees the visible
// patches only. Reached with dynamic_cast from a Backbone.
class TokenBackbone {
public:
    virtual ~TokenBackbone() = default;
    virtual int64_t patchSize() const = 0;
    virtual int64_t numPatches() const = 0;
    // Patch embeddings plus their positional embeddings, patches row-major as in patchify: [B, N, D].
    virtual torch::Tensor embedPatches(const torch::Tensor &images) = 0;
    // The class token (with its positional embedding) prepended to tokens [B, n, D], through the blocks and the
    // final norm: [B, 1 + n, D].
    virtual torch::Tensor encodeTokens(const torch::Tensor &tokens) = 0;
};

// Backbones with a spatial feature map before their global pooling (convnet): convolutional masked image modeling
// predicts pixels from it. Reached with dynamic_cast from a Backbone.
class SpatialBackbone {
public:
    virtual ~SpatialBackbone() = default;
    // [B, channels, H / stride, W / stride], before the global pooling.
    virtual torch::Tensor featureMap(const torch::Tensor &images) = 0;
    virtual int64_t mapChannels() const = 0;
    virtual int64_t mapStride() const = 0;
};

// convnet: the reference text's small ConvNet (3 conv-BN-ReLU blocks, 32-64-128 channels, global pool; 128-d),
//          sized for live CPU demos.
// resnet18: ResNet-18 with the CIFAR stem (3x3 stride-1 first conv, no max-pool; 512-d).
// vit-tiny: ViT-Tiny (dim 192, 12 blocks, 3 heads) with small patches; class-token feature (192-d).
Backbone makeBackbone(const BackboneOptions &options);

// `depth` pre-norm transformer blocks of width `dim` (the ViT's own; MAE's decoder).
torch::nn::Sequential makeTransformerBlocks(int64_t depth, int64_t dim, int64_t heads);

// A two-layer MLP projection head (Linear-BN-ReLU-Linear), as in SimCLR.
torch::nn::Sequential makeProjectionHead(int64_t in, int64_t hidden, int64_t out);

} // namespace pretext::engine
