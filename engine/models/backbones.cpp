#include "engine/models/backbones.h"

#include "engine/core/errors.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/modules/pooling.h>
#include <torch/nn/functional.h>
#include <torch/nn/init.h>

#include <cmath>

namespace pretext::engine {

namespace nn = torch::nn;

namespace {

nn::Conv2d conv(int64_t in, int64_t out, int64_t k, int64_t stride = 1, int64_t pad = 1, bool bias = true)
{
    return nn::Conv2d(nn::Conv2dOptions(in, out, k).stride(stride).padding(pad).bias(bias));
}

class ConvNetImpl : public BackboneImpl, public SpatialBackbone {
public:
    explicit ConvNetImpl(const BackboneOptions &o) : BackboneImpl("convnet", 128, o)
    {
        const int64_t inChannels = o.inChannels;
        m_body = register_module(
            "body", nn::Sequential(conv(inChannels, 32, 3), nn::BatchNorm2d(32), nn::ReLU(nn::ReLUOptions(true)),
                                   nn::MaxPool2d(2), conv(32, 64, 3), nn::BatchNorm2d(64),
                                   nn::ReLU(nn::ReLUOptions(true)), nn::MaxPool2d(2), conv(64, 128, 3),
                                   nn::BatchNorm2d(128), nn::ReLU(nn::ReLUOptions(true)),
                                   nn::AdaptiveAvgPool2d(1), nn::Flatten()));
    }
    torch::Tensor forward(torch::Tensor x) override { return m_body->forward(x); }
    torch::Tensor featureMap(const torch::Tensor &images) override
    {
        // Every layer of the body but the last two (global pooling and flatten).
        auto x = images;
        for (auto it = m_body->begin(); it != m_body->end() - 2; ++it) x = it->forward(x);
        return x;
    }
    int64_t mapChannels() const override { return 128; }
    int64_t mapStride() const override { return 4; }

private:
    nn::Sequential m_body{nullptr};
};

class BasicBlockImpl : public nn::Module {
public:
    BasicBlockImpl(int64_t in, int64_t out, int64_t stride)
    {
        m_conv1 = register_module("conv1", conv(in, out, 3, stride, 1, false));
        m_bn1 = register_module("bn1", nn::BatchNorm2d(out));
        m_conv2 = register_module("conv2", conv(out, out, 3, 1, 1, false));
        m_bn2 = register_module("bn2", nn::BatchNorm2d(out));
        if (stride != 1 || in != out)
            m_shortcut = register_module("shortcut", nn::Sequential(conv(in, out, 1, stride, 0, false), nn::BatchNorm2d(out)));
    }
    torch::Tensor forward(const torch::Tensor &x)
    {
        auto y = torch::relu(m_bn1(m_conv1(x)));
        y = m_bn2(m_conv2(y));
        return torch::relu(y + (m_shortcut ? m_shortcut->forward(x) : x));
    }

private:
    nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr};
    nn::BatchNorm2d m_bn1{nullptr}, m_bn2{nullptr};
    nn::Sequential m_shortcut{nullptr};
};
TORCH_MODULE(BasicBlock);

// He et al. 2016 ResNet-18; the CIFAR stem (SimCLR paper, appendix B.9) keeps small images' resolution.
class ResNet18Impl : public BackboneImpl {
public:
    explicit ResNet18Impl(const BackboneOptions &o) : BackboneImpl("resnet18", 512, o)
    {
        const int64_t inChannels = o.inChannels;
        m_stem = register_module("stem", nn::Sequential(conv(inChannels, 64, 3, 1, 1, false), nn::BatchNorm2d(64),
                                                        nn::ReLU(nn::ReLUOptions(true))));
        nn::Sequential layers;
        int64_t in = 64;
        for (int64_t stage = 0; stage < 4; ++stage) {
            const int64_t out = 64 << stage;
            layers->push_back(BasicBlock(in, out, stage == 0 ? 1 : 2));
            layers->push_back(BasicBlock(out, out, 1));
            in = out;
        }
        m_layers = register_module("layers", layers);
    }
    torch::Tensor forward(torch::Tensor x) override
    {
        x = m_layers->forward(m_stem->forward(x));
        return torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
    }

private:
    nn::Sequential m_stem{nullptr}, m_layers{nullptr};
};

class AttentionImpl : public nn::Module {
public:
    AttentionImpl(int64_t dim, int64_t heads) : m_heads(heads)
    {
        m_qkv = register_module("qkv", nn::Linear(dim, dim * 3));
        m_proj = register_module("proj", nn::Linear(dim, dim));
    }
    torch::Tensor forward(const torch::Tensor &x)
    {
        const int64_t b = x.size(0), n = x.size(1), c = x.size(2), hd = c / m_heads;
        auto qkv = m_qkv(x).reshape({b, n, 3, m_heads, hd}).permute({2, 0, 3, 1, 4});
        auto q = qkv[0], k = qkv[1], v = qkv[2];
        auto attn = torch::softmax(torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(static_cast<double>(hd)), -1);
        return m_proj(torch::matmul(attn, v).transpose(1, 2).reshape({b, n, c}));
    }

private:
    int64_t m_heads;
    nn::Linear m_qkv{nullptr}, m_proj{nullptr};
};
TORCH_MODULE(Attention);

class TransformerBlockImpl : public nn::Module {
public:
    TransformerBlockImpl(int64_t dim, int64_t heads)
    {
        m_norm1 = register_module("norm1", nn::LayerNorm(nn::LayerNormOptions({dim}).eps(1e-6)));
        m_attn = register_module("attn", Attention(dim, heads));
        m_norm2 = register_module("norm2", nn::LayerNorm(nn::LayerNormOptions({dim}).eps(1e-6)));
        m_mlp = register_module("mlp", nn::Sequential(nn::Linear(dim, dim * 4), nn::GELU(), nn::Linear(dim * 4, dim)));
    }
    torch::Tensor forward(torch::Tensor x)
    {
        x = x + m_attn(m_norm1(x));
        return x + m_mlp->forward(m_norm2(x));
    }

private:
    nn::LayerNorm m_norm1{nullptr}, m_norm2{nullptr};
    Attention m_attn{nullptr};
    nn::Sequential m_mlp{nullptr};
};
TORCH_MODULE(TransformerBlock);

// Dosovitskiy et al. 2021 ViT; Tiny = DeiT-Ti sizes (192-d, 12 blocks, 3 heads). Pre-norm blocks.
class ViTImpl : public BackboneImpl, public TokenBackbone {
public:
    explicit ViTImpl(const BackboneOptions &o)
        : BackboneImpl("vit-tiny", o.vitDim, o), m_patchSize(o.vitPatch), m_meanPool(o.vitMeanPool)
    {
        if (o.imageSize % o.vitPatch != 0)
            throw ConfigError("vit-tiny: image size " + std::to_string(o.imageSize) + " is not a multiple of the patch size " +
                              std::to_string(o.vitPatch) + "; set augment.output_size to a multiple");
        const int64_t tokens = (o.imageSize / o.vitPatch) * (o.imageSize / o.vitPatch);
        m_numPatches = tokens;
        m_patch = register_module("patch_embed", nn::Conv2d(nn::Conv2dOptions(o.inChannels, o.vitDim, o.vitPatch).stride(o.vitPatch)));
        m_cls = register_parameter("cls_token", torch::zeros({1, 1, o.vitDim}));
        m_pos = register_parameter("pos_embed", torch::randn({1, tokens + 1, o.vitDim}) * 0.02);
        m_blocks = register_module("blocks", nn::Sequential());
        for (int64_t i = 0; i < o.vitDepth; ++i) m_blocks->push_back(TransformerBlock(o.vitDim, o.vitHeads));
        m_norm = register_module("norm", nn::LayerNorm(nn::LayerNormOptions({o.vitDim}).eps(1e-6)));
        nn::init::normal_(m_cls, 0.0, 0.02);
    }
    torch::Tensor forward(torch::Tensor x) override
    {
        auto t = encodeTokens(embedPatches(x));
        return m_meanPool ? t.slice(1, 1).mean(1) : t.select(1, 0);
    }
    int64_t patchSize() const override { return m_patchSize; }
    int64_t numPatches() const override { return m_numPatches; }
    torch::Tensor embedPatches(const torch::Tensor &images) override
    {
        return m_patch(images).flatten(2).transpose(1, 2) + m_pos.slice(1, 1);
    }
    torch::Tensor encodeTokens(const torch::Tensor &tokens) override
    {
        auto cls = (m_cls + m_pos.slice(1, 0, 1)).expand({tokens.size(0), -1, -1});
        return m_norm(m_blocks->forward(torch::cat({cls, tokens}, 1)));
    }

private:
    int64_t m_patchSize, m_numPatches = 0;
    bool m_meanPool;
    nn::Conv2d m_patch{nullptr};
    torch::Tensor m_cls, m_pos;
    nn::Sequential m_blocks{nullptr};
    nn::LayerNorm m_norm{nullptr};
};

} // namespace

Backbone makeBackbone(const BackboneOptions &o)
{
    if (o.kind == "convnet") return std::make_shared<ConvNetImpl>(o);
    if (o.kind == "resnet18") return std::make_shared<ResNet18Impl>(o);
    if (o.kind == "vit-tiny") return std::make_shared<ViTImpl>(o);
    throw ConfigError("backbone = \"" + o.kind + "\" is not accepted; expected one of: convnet, resnet18, vit-tiny");
}

nn::Sequential makeTransformerBlocks(int64_t depth, int64_t dim, int64_t heads)
{
    nn::Sequential blocks;
    for (int64_t i = 0; i < depth; ++i) blocks->push_back(TransformerBlock(dim, heads));
    return blocks;
}

nn::Sequential makeProjectionHead(int64_t in, int64_t hidden, int64_t out)
{
    return nn::Sequential(nn::Linear(in, hidden), nn::BatchNorm1d(hidden), nn::ReLU(nn::ReLUOptions(true)),
                          nn::Linear(hidden, out));
}

} // namespace pretext::engine
