// Live previews as typed values: one value type per kind of view a method can produce. A method declares the
// kinds it produces (MethodInfo::previews), fills them in Method::fillPreview, and the window routes each item to
// the panels registered for its kind; snapshots/ save and load them by kind. Torch-free.
#pragma once

#include "engine/core/types.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace pretext::engine {

enum class PreviewKind { Pairs, Rotation, Jigsaw, Mask, Queue, Collapse, Correlation, Embeddings, Tokens,
                         Colorization };

// Stable names, used in snapshot files ("pairs", "rotation", …) and by panels.
const char *previewKindName(PreviewKind kind);
std::optional<PreviewKind> previewKindFromName(const std::string &name);

// Two augmented views of each preview sample and how similar the method finds them (SimCLR, MoCo, BYOL, …).
struct PairsPreview {
    static constexpr PreviewKind kind = PreviewKind::Pairs;
    // Pictures of the preview samples: drawn from the fixed preview batch, so only the network changes.
    static constexpr bool describesBatch = false;
    ImageGrid view1, view2; // denormalised for display
    std::vector<AugmentRecord> records1, records2;
    Matrix similarity;      // 2N x 2N cosine similarities; rows 0..N-1 view 1, N..2N-1 view 2
    // The same matrix from the untrained network (step 0) for the same views, for a before/after comparison; empty
    // when not known (a snapshot file).
    Matrix untrainedSimilarity;
    double temperature = 0; // for the softmax probability on hover; 0 = the method has none
};

// The rotation pretext task (Gidaris et al. 2018): each image turned by k * 90 degrees.
struct RotationPreview {
    static constexpr PreviewKind kind = PreviewKind::Rotation;
    // Pictures of the preview samples: drawn from the fixed preview batch, so only the network changes.
    static constexpr bool describesBatch = false;
    ImageGrid rotated;
    std::vector<int> labels;      // k: the image was turned by 90k degrees counter-clockwise
    std::vector<int> predictions; // the network's k, -1 when not predicted
};

// The jigsaw pretext task (Noroozi & Favaro 2016).
struct JigsawPreview {
    static constexpr PreviewKind kind = PreviewKind::Jigsaw;
    // Pictures of the preview samples: drawn from the fixed preview batch, so only the network changes.
    static constexpr bool describesBatch = false;
    ImageGrid original;                         // centre-cropped to a multiple of the grid
    ImageGrid shuffled;                         // tile i of the output is tile permutations[labels[s]][i] of the input
    int grid = 3;
    std::vector<std::vector<int>> permutations; // the permutation set (class k = permutation k)
    std::vector<int> labels;                    // per sample: index into the set
    std::vector<int> predictions;               // -1 when not predicted
};

// Masked image modeling on preview samples.
struct MaskPreview {
    static constexpr PreviewKind kind = PreviewKind::Mask;
    // Pictures of the preview samples: drawn from the fixed preview batch, so only the network changes.
    static constexpr bool describesBatch = false;
    ImageGrid original;       // the clean input of each preview sample
    ImageGrid masked;         // what the network was given: hidden patches filled (grey for display)
    ImageGrid reconstruction; // the network's prediction on the hidden patches pasted into the visible ones
    int patch = 0;            // side of a square patch in pixels
    // count x patches bytes, patches row-major (as patchify), 1 = hidden from the network; empty = not known.
    std::vector<uint8_t> patchMask;
    double maskRatio = 0; // the run's mask ratio
};

// MoCo's queue of negative keys: how full and how old it is, and where the positive logit of each preview
// sample sits against the queue's negative logits.
struct QueuePreview {
    static constexpr PreviewKind kind = PreviewKind::Queue;
    // Statistics of the whole training batch, not pictures of the preview samples: sent from the training step.
    static constexpr bool describesBatch = true;
    int64_t capacity = 0;      // K
    int64_t filled = 0;        // keys enqueued so far, at most K
    int64_t oldestAgeSteps = 0; // steps since the oldest key in the queue was enqueued
    double temperature = 0;
    std::vector<float> positiveLogits; // q·k+ / τ of each preview sample
    std::vector<float> negativeLogits; // q·k- / τ against (a sample of) the queue, all preview samples together
};

// Signs of collapse in a self-distillation method (BYOL, DINO, SimSiam): per-dimension std of the L2-normalised
// embeddings against 1/sqrt(d) (what uniformly spread embeddings would give), their effective rank, and for DINO
// the teacher's entropy and its centre's norm.
struct CollapsePreview {
    static constexpr PreviewKind kind = PreviewKind::Collapse;
    // Statistics of the whole training batch, not pictures of the preview samples: sent from the training step.
    static constexpr bool describesBatch = true;
    int dim = 0;
    double embeddingStd = 0;     // mean over dimensions of the std over the batch, of L2-normalised embeddings
    double uniformStd = 0;       // 1/sqrt(dim)
    double effectiveRank = 0;    // exp(entropy of the normalised singular values), 1 .. dim
    double teacherEntropy = -1;  // DINO: mean entropy of the teacher's output distribution (nats); -1 = n/a
    double maxEntropy = -1;      // DINO: log(out_dim)
    double centerNorm = -1;      // DINO: norm of the centre; -1 = n/a
    double targetMomentum = -1;  // EMA momentum of the target/teacher at this step; -1 = n/a
    std::vector<float> perDimStd; // per-dimension std, for the bar view
};

// Barlow Twins' cross-correlation matrix of the two views' standardised embeddings (a D x D crop of it).
struct CorrelationPreview {
    static constexpr PreviewKind kind = PreviewKind::Correlation;
    // Statistics of the whole training batch, not pictures of the preview samples: sent from the training step.
    static constexpr bool describesBatch = true;
    Matrix correlation;
    double onDiagonal = 0;  // mean of the diagonal (target 1)
    double offDiagonal = 0; // mean absolute off-diagonal entry (target 0)
};

// Encoder features of a fixed preview set (rows = samples), for embedding maps.
struct EmbeddingPreview {
    static constexpr PreviewKind kind = PreviewKind::Embeddings;
    // Statistics of the whole training batch, not pictures of the preview samples: sent from the training step.
    static constexpr bool describesBatch = true;
    Matrix embeddings;
    std::vector<int> labels;
};

// BEiT's visual tokens on preview samples: every patch is a word of a vocabulary (here k-means centroids of patches);
// the network predicts the words of the hidden patches.
struct TokenPreview {
    static constexpr PreviewKind kind = PreviewKind::Tokens;
    // Pictures of the preview samples: drawn from the fixed preview batch, so only the network changes.
    static constexpr bool describesBatch = false;
    ImageGrid original;     // the clean input of each preview sample
    ImageGrid tokenMap;     // each patch drawn as its token's centroid: what the vocabulary can say
    ImageGrid predictedMap; // hidden patches drawn as the predicted token's centroid, visible ones as their true one
    int patch = 0;          // side of a square patch in pixels
    int vocabulary = 0;     // K, the number of tokens
    // count x patches, patches row-major (as patchify): 1 = hidden from the network; token ids (0..K-1) of the true
    // patches; the predicted token ids, -1 where nothing was predicted (the visible patches).
    std::vector<uint8_t> patchMask;
    std::vector<int> tokens, predictions;
};

// Colorization (Zhang et al. 2016) on preview samples: the gray input, the network's colours on the true
// brightness, and the real colours.
struct ColorizationPreview {
    static constexpr PreviewKind kind = PreviewKind::Colorization;
    // Pictures of the preview samples: drawn from the fixed preview batch, so only the network changes.
    static constexpr bool describesBatch = false;
    ImageGrid gray;       // 1 channel: the BT.601 luma the network is given
    ImageGrid prediction; // RGB from the true luma and the predicted chroma
    ImageGrid truth;      // RGB: the image whose colours are predicted
};

using PreviewItem = std::variant<PairsPreview, RotationPreview, JigsawPreview, MaskPreview, QueuePreview,
                                 CollapsePreview, CorrelationPreview, EmbeddingPreview, TokenPreview,
                                 ColorizationPreview>;

PreviewKind kindOf(const PreviewItem &item);
// The item's type's describesBatch: true for statistics of the whole training batch (queue, collapse,
// correlation, embeddings), false for pictures of the preview samples.
bool describesBatch(const PreviewItem &item);

// A preview of what the method is doing, sent at a bounded rate: the source images and one item per kind.
struct PreviewSnapshot {
    int64_t step = 0;
    std::string method;
    ImageGrid originals; // the source images of the preview samples
    std::vector<PreviewItem> items;

    template <typename T>
    const T *find() const
    {
        for (const auto &item : items)
            if (const T *p = std::get_if<T>(&item)) return p;
        return nullptr;
    }
    // The item of kind T, added when absent. The reference is valid until the next item is added.
    template <typename T>
    T &get()
    {
        for (auto &item : items)
            if (T *p = std::get_if<T>(&item)) return *p;
        items.emplace_back(T{});
        return std::get<T>(items.back());
    }
    bool has(PreviewKind kind) const
    {
        for (const auto &item : items)
            if (kindOf(item) == kind) return true;
        return false;
    }
};

} // namespace pretext::engine
