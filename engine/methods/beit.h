// BEiT (Bao et al. 2022; the reference text's masked-modeling taxonomy): the image's patches are first turned into
// words of a visual vocabulary, then some patches are hidden and the network predicts the *word* of each hidden patch
// (a classification over K tokens) rather than its pixels. BEiT's tokenizer is a pretrained dVAE; here the vocabulary
// is k-means over patches of the training set (normalised pixels), built once before the first step, which a class
// can inspect and a laptop can afford. As SimMIM does on a ConvNet, hidden patches are replaced by a learned mask value
// before the encoder, and a 1x1 convolution on the feature map (average-pooled to the patch grid) gives K logits per
// patch; the loss is the cross-entropy over the hidden patches only. Block-wise masking by default, as BEiT.
#pragma once

#include "engine/augment/pipeline.h"
#include "engine/methods/method.h"

#include <torch/nn/modules/conv.h>

namespace pretext::engine {

class BeitMethod : public Method {
public:
    BeitMethod(const RunConfig &config, const MethodContext &context);
    static MethodInfo describe();
    std::string name() const override { return "beit"; }
    // Builds the vocabulary (k-means on patches of trainImages), or reads it from runDir/vocabulary.json, or keeps the
    // one a checkpoint restored; writes the file when it is missing.
    void prepare(const torch::Tensor &trainImages, const std::string &runDir,
                 const std::function<void(const std::string &)> &progress) override;
    StepOutput step(const torch::Tensor &images, Rng &rng, bool wantPreview) override;
    Backbone encoder() const override { return m_encoder; }
    torch::Tensor evalInput(const torch::Tensor &images) const override;
    void fillPreview(const StepOutput &out, int n, PreviewSnapshot &snapshot) const override;

    // The file in the run folder that keeps the vocabulary (JSON: the centroids and how they were found).
    static constexpr const char *kVocabularyFile = "vocabulary.json";

    bool hasVocabulary() const;
    // [K, patch*patch*C] float: the centroids, in the normalised pixel space of patchify.
    torch::Tensor vocabulary() const { return m_vocabulary; }
    // Token id [B, N] int64 of every patch of normalised images [B,C,H,W]: the nearest centroid.
    torch::Tensor tokenize(const torch::Tensor &images) const;
    // Normalised images with the hidden patches (mask [B, N], 1 = hidden) replaced by the learned mask value.
    torch::Tensor maskInput(const torch::Tensor &images, const torch::Tensor &mask) const;
    // Token logits [B, N, K] of every patch of a (masked) input.
    torch::Tensor predictTokens(const torch::Tensor &maskedImages);

private:
    void buildVocabulary(const torch::Tensor &trainImages, const std::function<void(const std::string &)> &progress);
    void readVocabulary(const std::string &path);
    void writeVocabulary(const std::string &path) const;

    ViewPipeline m_views;
    int64_t m_patch, m_channels, m_tokens;
    double m_maskRatio;
    bool m_blockMask;
    bool m_wantFeatures;
    int64_t m_sampledPatches, m_kmeansIterations;
    uint64_t m_seed;
    Backbone m_encoder;
    SpatialBackbone *m_spatial = nullptr;
    torch::Tensor m_maskValue;  // [1, C, 1, 1], learned
    torch::Tensor m_vocabulary; // [K, patch*patch*C], a buffer: checkpoints carry it
    torch::Tensor m_vocabularyReady; // scalar buffer, 1 once the vocabulary is built or read
    torch::nn::Conv2d m_head{nullptr};
    // How the vocabulary was found, for vocabulary.json (not needed to train, so not in the checkpoint).
    int64_t m_builtFrom = 0, m_builtIterations = 0;
    bool m_builtConverged = false;
    double m_builtInertia = 0;
};

} // namespace pretext::engine
