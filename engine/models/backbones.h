// Encoders that turn images into feature vectors. Input channels follow the dataset.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>

#include <memory>
#include <string>

namespace pretext::engine {

class BackboneImpl : public torch::nn::Module {
public:
    virtual torch::Tensor forward(torch::Tensor x) = 0;
    int64_t featureDim() const { return m_featureDim; }
    const std::string &kind() const { return m_kind; }

protected:
    BackboneImpl(std::string kind, int64_t featureDim) : m_featureDim(featureDim), m_kind(std::move(kind)) {}

private:
    int64_t m_featureDim;
    std::string m_kind;
};

using Backbone = std::shared_ptr<BackboneImpl>;

struct BackboneOptions {
    std::string kind = "convnet";
    int64_t inChannels = 1;
    int64_t imageSize = 28;
    // ViT only.
    int64_t vitPatch = 4;
    int64_t vitDim = 192;
    int64_t vitDepth = 12;
    int64_t vitHeads = 3;
};

// convnet: the reference text's small ConvNet (3 conv-BN-ReLU blocks, 32-64-128 channels, global pool; 128-d),
//          sized for live CPU demos.
// resnet18: ResNet-18 with the CIFAR stem (3x3 stride-1 first conv, no max-pool; 512-d).
// vit-tiny: ViT-Tiny (dim 192, 12 blocks, 3 heads) with small patches; class-token feature (192-d).
Backbone makeBackbone(const BackboneOptions &options);

// A two-layer MLP projection head (Linear-BN-ReLU-Linear), as in SimCLR.
torch::nn::Sequential makeProjectionHead(int64_t in, int64_t hidden, int64_t out);

} // namespace pretext::engine
