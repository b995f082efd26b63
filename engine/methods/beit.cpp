#include "engine/methods/beit.h"

#include "engine/augment/geometric.h"
#include "engine/augment/pretext.h"
#include "engine/core/errors.h"
#include "engine/eval/kmeans.h"
#include "engine/io/runfolder.h"
#include "engine/train/runconfig.h"

#include <torch/nn/functional.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>

namespace pretext::engine {

namespace {

// 20000 -> "20,000": the progress lines are read by people.
std::string withThousands(int64_t v)
{
    std::string digits = std::to_string(v), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

// Patches are sampled with a stream of their own, so that building the vocabulary leaves the run's random streams
// (weights, data order, augmentations) as they were.
constexpr uint64_t kVocabularySeedSalt = 0xBE17'0C4B'0000'0001ULL;

} // namespace

BeitMethod::BeitMethod(const RunConfig &config, const MethodContext &context)
    : m_views(config.augment, context.mean, context.stddev), m_patch(config.integer("patch_size")),
      m_channels(context.inChannels), m_tokens(config.integer("vocabulary_size")), m_maskRatio(config.real("mask_ratio")),
      m_blockMask(config.text("mask_shape") == "block"), m_wantFeatures(context.wantFeatures),
      m_sampledPatches(config.integer("vocabulary_patches")), m_kmeansIterations(config.integer("kmeans_iterations")),
      m_seed(config.seed)
{
    m_encoder = register_module("encoder", makeEncoder(config, context));
    m_spatial = &spatialEncoder(m_encoder, "beit", "tokens");
    const int64_t stride = m_spatial->mapStride();
    const int64_t side = config.augment.outputSize > 0 ? config.augment.outputSize : context.imageSize;
    if (m_patch % stride != 0 || side % m_patch != 0)
        throw ConfigError("method beit: patch_size = " + std::to_string(m_patch) + " must be a multiple of " +
                          std::to_string(stride) + " (the ConvNet's feature-map stride) that divides the image size " +
                          std::to_string(side) + "; for 28 px images use 4 or 28, for 32 px 4, 8, 16 or 32 "
                          "(or set augment.output_size)");
    m_maskValue = register_parameter("mask_value", torch::zeros({1, context.inChannels, 1, 1}));
    m_vocabulary = register_buffer("vocabulary", torch::zeros({m_tokens, m_patch * m_patch * m_channels}));
    m_vocabularyReady = register_buffer("vocabulary_ready", torch::zeros({}, torch::kLong));
    m_head = register_module("token_head", torch::nn::Conv2d(torch::nn::Conv2dOptions(m_spatial->mapChannels(), m_tokens, 1)));
}

MethodInfo BeitMethod::describe()
{
    MethodInfo m;
    m.name = "beit";
    m.title = "BEiT (visual tokens, ConvNet)";
    m.family = MethodFamily::Masked;
    m.summary = "hide patches and predict each hidden patch's visual token (a k-means word) rather than its pixels";
    m.description =
        "Masked image modeling with a vocabulary, after BEiT (Bao et al. 2022): before training, k-means groups "
        "thousands of patches of the training set into K visual tokens, so that every patch becomes a word. Then "
        "rectangles of patches are hidden behind a learned mask value and the ConvNet guesses the word of every hidden "
        "patch: a classification over K tokens instead of a regression on pixels (BEiT uses a pretrained dVAE's "
        "codebook; k-means is one you can inspect). Watch the Visual tokens tab: what the vocabulary can say, and "
        "which hidden words the network gets right. The token accuracy rises above chance (1/K).";
    m.settings = {
        Setting::integer("vocabulary_size", "Vocabulary size", 64, 2, 1024)
            .withHelp("K: the number of visual tokens (k-means clusters of patches); chance accuracy is 1/K.")
            .withMetavar("K"),
        patchSizeSetting(4, "a multiple of 4 (the ConvNet's feature-map stride) that divides the image size (28 for "
                            "Fashion-MNIST: 4 or 28)"),
        maskRatioSetting(0.4, "BEiT hides 40 %"),
        maskShapeSetting("block"),
        Setting::integer("vocabulary_patches", "Patches for the vocabulary", 20000, 1000, 1000000)
            .withHelp("How many patches of the training set (drawn with the run's seed) k-means clusters into the "
                      "vocabulary; all of them when the set has fewer.")
            .withMetavar("N")
            .asAdvanced(),
        Setting::integer("kmeans_iterations", "k-means iterations", 30, 1, 1000)
            .withHelp("Most Lloyd iterations of k-means; it stops earlier once no patch changes its token.")
            .withMetavar("N")
            .asAdvanced(),
    };
    m.backbones = {"convnet"};
    m.previews = {PreviewKind::Tokens};
    m.recipe = shortRunRecipe(128, 0.002, 2);
    cropsAndFlipsOnly(m.recipe, 0.35);
    m.check = [](const RunConfig &c) {
        std::vector<std::pair<std::string, std::string>> problems;
        if (c.integer("patch_size") % 4 != 0)
            problems.emplace_back("patch_size", "patch_size must be a multiple of 4, the ConvNet's feature-map stride");
        if (c.integer("vocabulary_patches") < c.integer("vocabulary_size"))
            problems.emplace_back("vocabulary_patches", "vocabulary_patches must be at least vocabulary_size");
        return problems;
    };
    return m;
}

bool BeitMethod::hasVocabulary() const
{
    return m_vocabularyReady.item<int64_t>() != 0;
}

void BeitMethod::prepare(const torch::Tensor &trainImages, const std::string &runDir,
                         const std::function<void(const std::string &)> &progress)
{
    const std::string path = runDir.empty() ? std::string() : joinPath(runDir, kVocabularyFile);
    if (hasVocabulary()) {
        // A resumed run: the checkpoint brought the vocabulary back. The file is only rewritten if it went missing.
        if (progress) progress("reusing the visual vocabulary of this run (" + std::to_string(m_tokens) + " tokens)");
        if (!path.empty() && !pathExists(path)) writeVocabulary(path);
        return;
    }
    if (!path.empty() && pathExists(path)) {
        readVocabulary(path);
        return;
    }
    buildVocabulary(trainImages, progress);
    if (!path.empty()) writeVocabulary(path);
    if (progress)
        progress("visual vocabulary ready: " + std::to_string(m_tokens) + " tokens after " +
                 std::to_string(m_builtIterations) + " k-means iterations" +
                 (m_builtConverged ? " (settled)" : " (the cap; not fully settled)") +
                 (path.empty() ? std::string() : ", kept in " + std::string(kVocabularyFile)));
}

void BeitMethod::buildVocabulary(const torch::Tensor &trainImages,
                                 const std::function<void(const std::string &)> &progress)
{
    torch::NoGradGuard noGrad;
    const int64_t n = trainImages.size(0);
    const int64_t side = m_views.outputHeight(trainImages.size(2));
    const int64_t perImage = (side / m_patch) * (m_views.outputWidth(trainImages.size(3)) / m_patch);
    const int64_t total = n * perImage;
    const int64_t count = std::min(total, m_sampledPatches);
    if (count < m_tokens)
        throw ConfigError("vocabulary_size = " + std::to_string(m_tokens) + " needs at least as many patches; the "
                          "training set has " + std::to_string(total) + " (raise train_limit or lower vocabulary_size)");
    if (progress)
        progress("building the visual vocabulary: sampling " + withThousands(count) + " patches of " +
                 std::to_string(m_patch) + "x" + std::to_string(m_patch) + " px");

    // Which patches: all of them when the set is small, else `count` (image, patch) pairs drawn uniformly.
    std::vector<int64_t> images(static_cast<size_t>(count)), patches(static_cast<size_t>(count));
    Rng rng(m_seed ^ kVocabularySeedSalt);
    for (int64_t i = 0; i < count; ++i) {
        const int64_t flat = count == total ? i : rng.integer(0, total - 1);
        images[i] = flat / perImage;
        patches[i] = flat % perImage;
    }
    std::vector<torch::Tensor> rows;
    constexpr int64_t kChunk = 2048;
    for (int64_t from = 0; from < count; from += kChunk) {
        const int64_t to = std::min(count, from + kChunk);
        auto idx = torch::tensor(std::vector<int64_t>(images.begin() + from, images.begin() + to));
        auto which = torch::tensor(std::vector<int64_t>(patches.begin() + from, patches.begin() + to));
        auto x = m_views.normalizeOnly(trainImages.index_select(0, idx.to(trainImages.device())));
        auto p = patchify(x.to(torch::kCPU, torch::kFloat), m_patch); // [c, perImage, D]
        rows.push_back(p.gather(1, which.view({-1, 1, 1}).expand({-1, 1, p.size(2)})).squeeze(1));
    }

    KMeansOptions options;
    options.clusters = m_tokens;
    options.maxIterations = m_kmeansIterations;
    options.seed = m_seed;
    const std::string what = "building the visual vocabulary: k-means on " + withThousands(count) + " patches";
    const auto report = [&](int64_t it, int64_t cap) {
        // Every fifth iteration: a line a second is plenty on the command line and in the status bar.
        if (progress && (it == 1 || it % 5 == 0 || it == cap))
            progress(what + ", iteration " + std::to_string(it) + "/" + std::to_string(cap));
    };
    const KMeansResult r = kmeans(torch::cat(rows), options, report);
    m_vocabulary.copy_(r.centroids.to(m_vocabulary.device()));
    m_vocabularyReady.fill_(1);
    m_builtFrom = count;
    m_builtIterations = r.iterations;
    m_builtConverged = r.converged;
    m_builtInertia = r.inertia;
}

void BeitMethod::writeVocabulary(const std::string &path) const
{
    auto c = m_vocabulary.to(torch::kCPU, torch::kFloat).contiguous();
    const float *v = c.data_ptr<float>();
    json::Value::Array centroids;
    for (int64_t k = 0; k < c.size(0); ++k) {
        json::Value::Array row;
        for (int64_t d = 0; d < c.size(1); ++d) row.emplace_back(static_cast<double>(v[k * c.size(1) + d]));
        centroids.emplace_back(std::move(row));
    }
    json::Value doc;
    doc["format"] = "pretext-vocabulary/1";
    doc["method"] = "beit";
    doc["size"] = m_tokens;
    doc["patch_size"] = m_patch;
    doc["channels"] = m_channels;
    doc["space"] = "normalised pixels, patches flattened as patchify (row, column, channel)";
    if (m_builtFrom > 0) {
        doc["patches"] = m_builtFrom;
        doc["iterations"] = m_builtIterations;
        doc["converged"] = m_builtConverged;
        doc["inertia"] = m_builtInertia;
        doc["seed"] = static_cast<uint64_t>(m_seed);
    }
    doc["centroids"] = json::Value(std::move(centroids));
    writeFileAtomically(path, json::dump(doc) + "\n");
}

void BeitMethod::readVocabulary(const std::string &path)
{
    const int64_t dim = m_vocabulary.size(1);
    std::vector<float> values;
    try {
        const json::Value doc = json::parseFile(path);
        const json::Value *format = doc.find("format");
        if (!format || !format->isString() || format->asString() != "pretext-vocabulary/1")
            throw std::runtime_error("expected \"format\": \"pretext-vocabulary/1\"");
        const json::Value *rows = doc.find("centroids");
        if (!rows || !rows->isArray() || static_cast<int64_t>(rows->size()) != m_tokens)
            throw std::runtime_error("\"centroids\" must hold " + std::to_string(m_tokens) + " rows (vocabulary_size)");
        for (const auto &row : rows->asArray()) {
            if (!row.isArray() || static_cast<int64_t>(row.size()) != dim)
                throw std::runtime_error("every centroid must have " + std::to_string(dim) +
                                         " values (patch_size² × channels)");
            for (const auto &x : row.asArray()) values.push_back(static_cast<float>(x.asNumber()));
        }
    } catch (const std::exception &e) {
        throw DataError(path + ": not this run's visual vocabulary (" + e.what() + "); delete it to build it again");
    }
    m_vocabulary.copy_(torch::tensor(values).view({m_tokens, dim}).to(m_vocabulary.device()));
    m_vocabularyReady.fill_(1);
}

torch::Tensor BeitMethod::tokenize(const torch::Tensor &images) const
{
    torch::NoGradGuard noGrad;
    auto p = patchify(images.to(torch::kFloat), m_patch); // [B, N, D]
    return nearestCentroid(p.reshape({-1, p.size(2)}), m_vocabulary).view({p.size(0), p.size(1)});
}

torch::Tensor BeitMethod::maskInput(const torch::Tensor &images, const torch::Tensor &mask) const
{
    return fillPatches(images, mask, m_patch, m_maskValue);
}

torch::Tensor BeitMethod::predictTokens(const torch::Tensor &maskedImages)
{
    auto map = m_spatial->featureMap(maskedImages.contiguous(torch::MemoryFormat::ChannelsLast));
    // One feature vector per patch: the map cells a patch covers, averaged (1x1 at patch_size 4).
    const int64_t cells = m_patch / m_spatial->mapStride();
    if (cells > 1) map = torch::nn::functional::avg_pool2d(map, torch::nn::functional::AvgPool2dFuncOptions(cells));
    auto logits = m_head(map);                         // [B, K, h, w]
    return logits.flatten(2).transpose(1, 2);          // [B, h*w, K], patches row-major as patchify
}

StepOutput BeitMethod::step(const torch::Tensor &images, Rng &rng, bool wantPreview)
{
    if (!hasVocabulary())
        throw std::logic_error("beit: step() before prepare() built the visual vocabulary");
    StepOutput out;
    const auto t0 = std::chrono::steady_clock::now();
    auto x = m_views.apply(images, rng);
    const int64_t b = x.size(0), gh = x.size(2) / m_patch, gw = x.size(3) / m_patch;
    auto mask = (m_blockMask ? blockPatchMask(b, gh, gw, m_maskRatio, rng) : randomPatchMask(b, gh * gw, m_maskRatio, rng))
                    .to(x.device());
    out.augmentSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    // BEiT's objective: the cross-entropy of the true patches' tokens at the hidden positions only (eq. 1 of the paper).
    auto tokens = tokenize(x);
    auto logits = predictTokens(maskInput(x, mask)).to(torch::kFloat);
    auto hidden = mask.to(torch::kBool);
    auto hiddenLogits = logits.index({hidden});
    auto hiddenTokens = tokens.index({hidden});
    out.loss = torch::nn::functional::cross_entropy(hiddenLogits, hiddenTokens);
    auto predicted = logits.detach().argmax(-1);
    out.scalars.emplace_back("token_acc", predicted.index({hidden}).eq(hiddenTokens).to(torch::kFloat).mean().item<double>());
    if (m_wantFeatures) {
        torch::NoGradGuard noGrad;
        out.features = m_encoder->forward(evalInput(images)).to(torch::kFloat);
    }
    if (wantPreview) {
        const int64_t k = std::min<int64_t>(b, 64);
        out.view1 = x.slice(0, 0, k).detach();
        out.extra["mask"] = mask.slice(0, 0, k);
        out.extra["tokens"] = tokens.slice(0, 0, k);
        out.extra["pred"] = predicted.slice(0, 0, k);
    }
    return out;
}

torch::Tensor BeitMethod::evalInput(const torch::Tensor &images) const
{
    return m_views.normalizeOnly(images).contiguous(torch::MemoryFormat::ChannelsLast);
}

void BeitMethod::fillPreview(const StepOutput &out, int n, PreviewSnapshot &s) const
{
    torch::NoGradGuard noGrad;
    n = static_cast<int>(std::min<int64_t>(n, out.view1.size(0)));
    auto x = out.view1.slice(0, 0, n).to(torch::kCPU, torch::kFloat);
    auto hidden = out.extra.at("mask").slice(0, 0, n).to(torch::kCPU).to(torch::kBool);
    auto tokens = out.extra.at("tokens").slice(0, 0, n).to(torch::kCPU, torch::kLong);
    auto pred = out.extra.at("pred").slice(0, 0, n).to(torch::kCPU, torch::kLong);
    const int64_t c = x.size(1), h = x.size(2), w = x.size(3), patches = tokens.size(1);
    auto vocab = m_vocabulary.to(torch::kCPU, torch::kFloat);
    // A map of token ids [n, N] drawn as the tokens' centroids, in display pixels.
    auto draw = [&](const torch::Tensor &ids) {
        auto p = vocab.index_select(0, ids.reshape({-1})).view({n, patches, -1});
        return toImageGrid(m_views.toDisplayUint8(unpatchify(p, m_patch, c, h, w)));
    };
    auto &t = s.get<TokenPreview>();
    t.original = toImageGrid(m_views.toDisplayUint8(x));
    t.tokenMap = draw(tokens);
    t.predictedMap = draw(torch::where(hidden, pred, tokens));
    t.patch = static_cast<int>(m_patch);
    t.vocabulary = static_cast<int>(m_tokens);
    auto bytes = hidden.to(torch::kUInt8).contiguous();
    t.patchMask.assign(bytes.data_ptr<uint8_t>(), bytes.data_ptr<uint8_t>() + bytes.numel());
    auto ids = tokens.to(torch::kInt).contiguous();
    t.tokens.assign(ids.data_ptr<int>(), ids.data_ptr<int>() + ids.numel());
    auto guesses = torch::where(hidden, pred, torch::full_like(pred, -1)).to(torch::kInt).contiguous();
    t.predictions.assign(guesses.data_ptr<int>(), guesses.data_ptr<int>() + guesses.numel());
}

} // namespace pretext::engine
