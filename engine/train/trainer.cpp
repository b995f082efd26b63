#include "engine/train/trainer.h"

#include "engine/core/compat.h"
#include "engine/core/errors.h"
#include "engine/core/version.h"
#include "engine/data/dataset.h"
#include "engine/eval/inspect.h"
#include "engine/eval/probe.h"
#include "engine/eval/transfer.h"
#include "engine/io/report.h"
#include "engine/io/runfolder.h"
#include "engine/io/snapshotio.h"
#include "engine/methods/method.h"
#include "engine/train/checkpoint.h"
#include "engine/train/memoryestimate.h"
#include "engine/train/optim.h"

#include <torch/cuda.h>
#include <torch/nn/functional.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>
#include <torch/serialize/archive.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>
#include <numeric>
#include <thread>

namespace pretext::engine {

// ---------------------------------------------------------------- TrainControl

void TrainControl::requestStop()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
    m_cv.notify_all();
}

void TrainControl::requestInterrupt()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = m_interrupt = true;
    m_cv.notify_all();
}

void TrainControl::pause()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_paused = true;
    m_stepsAllowed = 0;
}

void TrainControl::resume()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_paused = false;
    m_cv.notify_all();
}

void TrainControl::singleStep()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_paused = true;
    ++m_stepsAllowed;
    m_cv.notify_all();
}

bool TrainControl::isPaused() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_paused;
}

bool TrainControl::stopRequested() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_stop;
}

bool TrainControl::interruptRequested() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_interrupt;
}

void TrainControl::setLearningRate(double lr)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_lr = lr;
}

void TrainControl::setTemperature(double t)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_temperature = t;
}

void TrainControl::requestNewViews()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_newViews = true;
    m_cv.notify_all();
}

bool TrainControl::awaitNextStep(const std::function<void()> &onNewViews)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_cv.wait(lock, [this] { return m_stop || m_newViews || !m_paused || m_stepsAllowed > 0; });
        if (m_stop) return false;
        if (!m_newViews) break;
        // Drawn on this (the training) thread, and at once even while paused: the class asked to see them.
        m_newViews = false;
        if (onNewViews) {
            lock.unlock();
            onNewViews();
            lock.lock();
        }
    }
    if (m_paused) --m_stepsAllowed;
    return true;
}

std::optional<double> TrainControl::takeLearningRate()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    auto v = m_lr;
    m_lr.reset();
    return v;
}

std::optional<double> TrainControl::takeTemperature()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    auto v = m_temperature;
    m_temperature.reset();
    return v;
}

// ---------------------------------------------------------------- Trainer

using Clock = std::chrono::steady_clock;

struct Trainer::Impl {
    std::unique_ptr<RunFolderLock> lock; // held for the Trainer's lifetime
    RunConfig cfg;
    RunInfo info;
    std::string dir;
    DatasetSplits data;
    torch::Tensor trainImages; // on the training device
    torch::Tensor trainLabels;
    torch::Device device = torch::kCPU;
    std::shared_ptr<Method> method;
    // The network as initialised (the seed decides the weights), kept for the random-init baseline, measured at the
    // first epoch end so that training starts at once, and for the step-0 similarity of every draw of preview views.
    std::shared_ptr<Method> untrained;
    std::unique_ptr<Optimizer> optimizer;
    torch::nn::Sequential probe{nullptr}; // online linear probe: affine-free BatchNorm + Linear
    std::unique_ptr<torch::optim::Adam> probeOptimizer;
    Rng rng;
    MetricsLog metrics;

    // Progress, saved in checkpoints (progressFields lists them once).
    int64_t step = 0;         // optimisation steps done
    int64_t epoch = 0;        // current epoch (0-based)
    int64_t posInEpoch = 0;   // batches done in the current epoch
    torch::Tensor epochOrder; // permutation of the training set for the current epoch
    double baseLr = 0;
    bool randomInitDone = false;
    int64_t lastCheckpointStep = -1;
    bool readOnly = false; // opened for inspection (or evaluation on a read-only folder): nothing is written
    bool writesResults = true; // evaluate() appends to metrics.jsonl
    bool checkMemory = true;   // setup() refuses a run that cannot fit (training only: inspecting allocates no batch)
    std::string runId;         // config.json's run_id ("" for runs from before run ids), carried by checkpoints
    json::Value configJson;    // toJson(cfg): what a checkpoint's identity is compared with
    json::Value pendingEdits;  // recorded on the next logged step (a learning rate given to resume)
    std::vector<std::string> notes; // said to the observer when run() starts (threads capped, resumed from step 0)

    // Wall time of training over all sessions: what earlier sessions' last checkpoint recorded, plus this session's.
    double elapsedBefore = 0;
    Clock::time_point sessionStart = Clock::now();
    double pausedSeconds = 0; // of this session: a class's pause is not training time
    double elapsedSeconds() const
    {
        return elapsedBefore + std::chrono::duration<double>(Clock::now() - sessionStart).count() - pausedSeconds;
    }
    std::string startedAt; // UTC, ISO 8601: when the run was created
    // state.json: what the run library shows without reading the log. A failure to write it is not fatal.
    void writeState(const std::string &state, const std::string &error = {});

    // Which augmentations the fixed preview samples get: 0 at the start, one more at each request for new views.
    // Previews never touch the training's state, so this is not part of a checkpoint.
    int64_t previewDraw = 0;
    // The untrained network's similarity matrix of the views of draw untrainedSimilarityDraw.
    Matrix untrainedSimilarity;
    int64_t untrainedSimilarityDraw = -1;

    // Throughput over the last steps, for pairs/s and the ETA.
    std::deque<double> recentStepSeconds;
    double windowSum = 0;

    void setup(const RunConfig &config, const std::string &runDir);
    // Method::prepare for the trained network and the untrained copy, once per session (prepared): one-off work on
    // the training set (BEiT's vocabulary), before the first step and the first preview.
    bool prepared = false;
    void prepareMethods(TrainObserver *observer);
    void saveCheckpoint(TrainObserver *observer);
    void loadCheckpoint(const std::string &path);
    // The first parameter or buffer of the trained network or the probe that holds inf or NaN ("" if none).
    std::string firstNonFinite();
    // "the last checkpoint with finite weights (step N) is kept in DIR" / "no checkpoint was written yet".
    std::string keptCheckpointText() const;
    // The advice after a divergence, with the command that follows it.
    std::string divergenceAdvice(double lrNow) const;
    EvalMetrics evaluate(bool randomInit, TrainObserver *observer);
    // The evaluation's data: the training bank (optionally limited) and the test split (or the training set).
    struct EvalData {
        torch::Tensor trainImages, trainLabels, testImages, testLabels;
    };
    EvalData evalData() const;
    ProbeOptions probeOptions() const;

    // The pieces of one iteration of Trainer::run.
    json::Value applyLiveEdits(TrainControl *control);
    void deliverNotes(TrainObserver *observer); // the notes gathered so far, once
    struct Batch {
        torch::Tensor images, labels;
        double dataSeconds = 0;
    };
    Batch nextBatch();
    StepMetrics trainStep(const Batch &batch, bool wantPreview, StepOutput &out);
    void logStep(const StepMetrics &m, const json::Value &edits);
    PreviewSnapshot makePreview(Method &net, const torch::Tensor &images, const StepOutput &out, bool withEmbeddings);
    void endEpoch(TrainObserver *observer);
    TrainOutcome runLoop(TrainObserver *observer, TrainControl *control);

    void writeSnapshots(const PreviewSnapshot &s);
    // Snapshots are a courtesy: a failure to write them is reported, never fatal to the run.
    void writeSnapshotsSafely(TrainObserver *observer);
    // `net` (the trained network or the untrained one) on the fixed preview samples with the augmentations of the
    // current draw.
    PreviewSnapshot previewOf(Method &net);
    // The trained network's preview of the fixed samples, its pairs carrying the untrained network's matrix of the
    // same views.
    PreviewSnapshot fixedPreview();
    // Called while waiting for the next step when new preview views were asked for: the next draw, shown at once.
    void drawNewViews(TrainObserver *observer, bool wantPreviews);
    // What the window is sent: the fixed preview samples (the same images and the same augmentations every
    // time, so only the network changes between previews), with the kinds that describe the whole batch
    // (describesBatch in previews.h) taken from the training step.
    PreviewSnapshot livePreview(const torch::Tensor &batchImages, const StepOutput &out, bool withEmbeddings);
};

namespace {

torch::Device parseDevice(const std::string &spec)
{
    if (spec == "cpu") return torch::kCPU;
    if (!torch::cuda::is_available())
        throw ConfigError("device = \"" + spec + "\" but this LibTorch build has no CUDA or no GPU is visible; use cpu");
    int index = 0;
    if (spec.size() > 5 && spec.rfind("cuda:", 0) == 0) index = std::atoi(spec.c_str() + 5);
    if (index < 0 || index >= static_cast<int>(torch::cuda::device_count()))
        throw ConfigError("device = \"" + spec + "\": no such GPU; " + std::to_string(torch::cuda::device_count()) +
                          " visible");
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
}

std::string deviceName(const torch::Device &d)
{
    return d.is_cuda() ? "CUDA:" + std::to_string(d.index() < 0 ? 0 : d.index()) : "CPU";
}

// Why `value` is not accepted for the setting `key` of `table` ("" if it is, or if the table has no such setting):
// a learning rate given to resume and the live edits are checked against the same range as config.json.
std::string valueProblem(const std::vector<Setting> &table, const std::string &key, double value)
{
    const Setting *spec = findSetting(table, key);
    return spec ? checkSetting(*spec, json::Value(value)) : std::string();
}

} // namespace

void Trainer::Impl::setup(const RunConfig &config, const std::string &runDir)
{
    validate(config);
    cfg = config;
    dir = runDir;
    device = parseDevice(cfg.device);
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    int threads = cfg.threads;
    if (threads > cores) {
        notes.push_back("threads = " + std::to_string(threads) + " is more than the " + std::to_string(cores) +
                        " cores of this machine: using " + std::to_string(cores) +
                        " (more threads than cores only makes every step wait)");
        threads = cores;
    }
    info.threads = setThreadCount(threads);
    configJson = toJson(cfg);

    // Before the data set and the networks take their share: the estimate counts them.
    const int64_t available = checkMemory ? availableMemoryBytes() : 0;
    LoadOptions lo;
    lo.limitTrain = cfg.trainLimit;
    lo.limitTest = cfg.testLimit;
    data = loadDataset(cfg.dataset, lo);
    const int64_t n = data.train.size();
    if (n < cfg.batchSize)
        throw ConfigError("batch_size = " + std::to_string(cfg.batchSize) + " is larger than the training set of " +
                          cfg.dataset + " (" + std::to_string(n) + " images); lower batch_size or raise train_limit");
    trainImages = data.train.images.to(device);
    trainLabels = data.train.labels.to(device);

    MethodContext ctx;
    ctx.inChannels = data.train.channels();
    ctx.imageSize = data.train.height();
    ctx.device = device;
    ctx.wantFeatures = cfg.onlineProbe;
    ctx.numClasses = data.train.numClasses();
    ChannelStats stats = channelStats(data.train);
    ctx.mean = cfg.augment.mean.empty() ? stats.mean : cfg.augment.mean;
    ctx.stddev = cfg.augment.stddev.empty() ? stats.stddev : cfg.augment.stddev;
    if (ctx.mean.size() == 1 && ctx.inChannels > 1) ctx.mean.assign(ctx.inChannels, ctx.mean[0]);
    if (ctx.stddev.size() == 1 && ctx.inChannels > 1) ctx.stddev.assign(ctx.inChannels, ctx.stddev[0]);

    // Everything random derives from the seed: weights (Torch's generator), data order and augmentations (rng).
    std::unique_lock<std::mutex> seeding(globalGeneratorMutex());
    torch::manual_seed(cfg.seed);
    rng = Rng(cfg.seed);
    method = makeMethod(cfg, ctx);
    {
        // The same seed builds the same initial weights again, for the untrained copy; the generator is put back
        // where the first build left it, so the training's random stream does not change.
        const auto afterInit = cpuGeneratorState();
        torch::manual_seed(cfg.seed);
        untrained = makeMethod(cfg, ctx);
        setCpuGeneratorState(afterInit);
    }
    seeding.unlock();
    if (checkMemory) {
        // Before the first step allocates it: a batch that cannot fit is refused with the estimate, not swapped to death.
        int64_t all = 0, trainable = 0;
        for (const auto &p : method->parameters()) all += p.numel();
        for (const auto &p : method->trainableParameters()) trainable += p.numel();
        RunConfig resolved = cfg;
        resolved.precision = resolvePrecision(cfg.precision, device.type());
        const DatasetShape shape{n, data.test.size(), ctx.inChannels, data.train.height(), data.train.width()};
        const MemoryVerdict verdict = assessRunMemory(estimateRunMemory(resolved, shape, all, trainable), resolved,
                                                      available, runMemoryLimitBytes());
        if (verdict.level == MemoryVerdict::Refuse) throw ConfigError(verdict.message);
        if (verdict.level == MemoryVerdict::Warn) notes.push_back(verdict.message);
    }
    for (Method *net : {method.get(), untrained.get()}) {
        net->to(device);
        // Channels-last weights for oneDNN's fast convolution path.
        for (auto &p : net->parameters())
            if (p.dim() == 4) p.set_data(p.data().contiguous(torch::MemoryFormat::ChannelsLast));
    }
    untrained->eval();
    optimizer = std::make_unique<Optimizer>(cfg, method->trainableParameters());
    // Standardising the detached features (BatchNorm without affine, as MAE's probe) lets the online probe
    // learn at one rate whatever the encoder's feature scale, so the class sees it climb within seconds.
    probe = torch::nn::Sequential(
        torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(method->encoder()->featureDim()).affine(false)),
        torch::nn::Linear(method->encoder()->featureDim(), data.train.numClasses()));
    probe->to(device);
    probeOptimizer = std::make_unique<torch::optim::Adam>(probe->parameters(), torch::optim::AdamOptions(1e-3));
    baseLr = cfg.lr;

    const int64_t full = n / cfg.batchSize;
    info.stepsPerEpoch = cfg.stepsPerEpoch > 0 ? std::min(cfg.stepsPerEpoch, full) : full;
    info.totalSteps = info.stepsPerEpoch * cfg.epochs;
    info.runDir = dir;
    info.config = cfg;
    info.datasetName = cfg.dataset;
    info.classNames = data.train.classNames;
    info.trainSize = n;
    info.testSize = data.test.size();
    info.channels = static_cast<int>(ctx.inChannels);
    info.imageSize = static_cast<int>(cfg.augment.outputSize > 0 ? cfg.augment.outputSize : ctx.imageSize);
    info.device = deviceName(device);
    info.precision = resolvePrecision(cfg.precision, device.type());
}

namespace {

// The progress a checkpoint carries besides the modules, listed once for saving and loading.
template <typename Impl, typename F>
void progressFields(Impl &s, F &&f)
{
    f("step", s.step);
    f("epoch", s.epoch);
    f("pos_in_epoch", s.posInEpoch);
    f("base_lr", s.baseLr);
    f("random_init_done", s.randomInitDone);
}

void fromIValue(const c10::IValue &v, int64_t &out) { out = v.toInt(); }
void fromIValue(const c10::IValue &v, double &out) { out = v.toDouble(); }
void fromIValue(const c10::IValue &v, bool &out) { out = v.toBool(); }

} // namespace

std::string Trainer::Impl::firstNonFinite()
{
    torch::NoGradGuard noGrad;
    const std::vector<torch::nn::Module *> modules = {method.get(), probe.ptr().get()};
    for (torch::nn::Module *module : modules) {
        for (const auto &p : module->named_parameters(true))
            if (!torch::isfinite(p.value()).all().item<bool>()) return p.key();
        for (const auto &b : module->named_buffers(true))
            if (b.value().is_floating_point() && !torch::isfinite(b.value()).all().item<bool>()) return b.key();
    }
    return {};
}

std::string Trainer::Impl::keptCheckpointText() const
{
    return lastCheckpointStep >= 0 ? "the last checkpoint with finite weights (step " +
                                         std::to_string(lastCheckpointStep) + ") is kept in " + dir
                                   : "no checkpoint was written yet";
}

std::string Trainer::Impl::divergenceAdvice(double lrNow) const
{
    // --lr sets the base rate; the schedule (warm-up, cosine) scales it, so the advice is a tenth of the base.
    char lr[32], now[64];
    std::snprintf(lr, sizeof lr, "%g", baseLr / 10);
    std::snprintf(now, sizeof now, lrNow != baseLr ? "%g, %g at this step" : "%g", baseLr, lrNow);
    return "Try a lower lr (now " + std::string(now) + ")" +
           (method->temperature() > 0 ? std::string(" or a higher temperature") : std::string()) +
           (lastCheckpointStep >= 0 ? ": pretext-cli resume " + dir + " --lr " + lr : std::string(".")); 
}

void Trainer::Impl::saveCheckpoint(TrainObserver *observer)
{
    // Weights broken by the last update would be what resume starts from: keep the previous checkpoint instead.
    if (const std::string bad = firstNonFinite(); !bad.empty())
        throw DivergedError("training diverged at step " + std::to_string(step) + ": the weights of " + bad +
                            " became infinite or NaN; " + keptCheckpointText() + ". " +
                            divergenceAdvice(scheduledLearningRate(cfg.schedule, baseLr, std::max<int64_t>(0, step - 1),
                                                                   cfg.warmupSteps, info.totalSteps)));
    torch::serialize::OutputArchive root;
    torch::serialize::OutputArchive m, p, o, po;
    method->save(m);
    probe->save(p);
    optimizer->save(o);
    probeOptimizer->save(po);
    root.write("method", m);
    root.write("probe", p);
    root.write("optimizer", o);
    root.write("probe_optimizer", po);
    progressFields(*this, [&](const char *key, const auto &value) { root.write(key, c10::IValue(value)); });
    root.write("rng", c10::IValue(rng.state()));
    root.write("temperature", c10::IValue(method->temperature()));
    root.write("torch_rng", cpuGeneratorState());
    root.write("epoch_order", epochOrder.defined() ? epochOrder : torch::empty({0}, torch::kLong));
    root.write("elapsed_s", c10::IValue(elapsedSeconds()));

    // In memory first: the file is written by our own writer, which says "disk full" and removes its temporary file.
    std::string payload;
    root.save_to([&payload](const void *data, size_t n) {
        payload.append(static_cast<const char *>(data), n);
        return n;
    });
    CheckpointIdentity id;
    id.runId = runId;
    id.configHash = configHash(configJson);
    id.step = step;
    id.config = configJson;
    const std::string path = joinPath(dir, runfolder::kLatestCheckpoint);
    metrics.sync(); // the log on the disk reaches at least the checkpoint's step, even after a power cut
    writeFileAtomically(path, encodeCheckpoint(id, payload));
    lastCheckpointStep = step;
    writeState("running");
    if (observer) observer->onCheckpoint(path, step);
}

namespace {

using Shapes = std::vector<std::pair<std::string, std::vector<int64_t>>>;

Shapes shapesOf(torch::nn::Module &module)
{
    Shapes out;
    for (const auto &p : module.named_parameters(true)) out.emplace_back(p.key(), p.value().sizes().vec());
    for (const auto &b : module.named_buffers(true)) out.emplace_back(b.key(), b.value().sizes().vec());
    return out;
}

std::string shapeText(const std::vector<int64_t> &shape)
{
    std::string out = "[";
    for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + "]";
}

// A checkpoint of another network loads without complaint (LibTorch replaces each tensor): compare afterwards.
void requireShapes(const Shapes &expected, torch::nn::Module &module, const std::string &path, const std::string &what)
{
    const Shapes loaded = shapesOf(module);
    for (size_t i = 0; i < expected.size() && i < loaded.size(); ++i)
        if (expected[i].second != loaded[i].second)
            throw DataError(path + " does not fit this run's " + what + ": " + expected[i].first + " has shape " +
                            shapeText(loaded[i].second) + " in the checkpoint, " + shapeText(expected[i].second) +
                            " in the network config.json describes. It comes from another run.");
}

} // namespace

void Trainer::Impl::loadCheckpoint(const std::string &path)
{
    std::string payload;
    const CheckpointIdentity id = readCheckpointFile(path, &payload);
    if (id.format >= 1) {
        // Other settings first: "batch_size differs" says more than "another run".
        if (id.configHash != configHash(configJson)) {
            const std::string diff = id.config.isObject() ? firstConfigDifference(id.config, configJson)
                                                          : "the settings hash (" + id.configHash + " in the checkpoint, " +
                                                                configHash(configJson) + " of config.json)";
            if (!diff.empty())
                throw DataError(path + " was written with other settings than " + joinPath(dir, runfolder::kConfig) +
                                " holds: " + diff + ". Put the config.json of that run back, or train again.");
        }
        if (id.runId != runId)
            throw DataError(path + " belongs to another run (run id " + (id.runId.empty() ? "none" : id.runId) +
                            "; this folder's config.json says " + (runId.empty() ? "none" : runId) +
                            "): it was copied here. Put this run's own checkpoint back, or train again into a new folder.");
        if (id.step > info.totalSteps)
            throw DataError(path + " is at step " + std::to_string(id.step) + ", beyond the " +
                            std::to_string(info.totalSteps) + " steps config.json plans: it comes from another run");
    }
    const Shapes methodShapes = shapesOf(*method), probeShapes = shapesOf(*probe);
    torch::serialize::InputArchive root;
    try {
        root.load_from(payload.data(), payload.size(), device);
        torch::serialize::InputArchive m, p, o, po;
        root.read("method", m);
        root.read("probe", p);
        method->load(m);
        requireShapes(methodShapes, *method, path, "network");
        probe->load(p);
        requireShapes(probeShapes, *probe, path, "online probe");
        root.read("optimizer", o);
        root.read("probe_optimizer", po);
        optimizer->load(o);
        probeOptimizer->load(po);
        c10::IValue v;
        progressFields(*this, [&](const char *key, auto &value) {
            root.read(key, v);
            fromIValue(v, value);
        });
        root.read("rng", v);
        rng.setState(v.toStringRef());
        root.read("temperature", v);
        method->setTemperature(v.toDouble());
        // Separate, undefined tensors: read() into a defined tensor would keep that tensor's dtype.
        torch::Tensor generatorState, order;
        root.read("torch_rng", generatorState);
        setCpuGeneratorState(generatorState.to(torch::kCPU));
        root.read("epoch_order", order);
        epochOrder = order.numel() > 0 ? order.to(torch::kCPU) : torch::Tensor();
        // Checkpoints older than the wall-time record have none: their runs count from here.
        if (root.try_read("elapsed_s", v)) elapsedBefore = v.toDouble();
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        throw DataError(path + ": not a readable checkpoint of this run (" + describeException(e, false).substr(0, 300) + ")");
    }
    if (id.format >= 1 && id.step != step)
        throw DataError(path + ": checkpoint damaged: its header says step " + std::to_string(id.step) +
                        ", its payload step " + std::to_string(step));
    if (const std::string bad = firstNonFinite(); !bad.empty())
        throw DataError(path + ": checkpoint damaged: the weights of " + bad + " hold infinite or NaN values" +
                        (id.format >= 1 ? ", which training never writes (a divergence keeps the previous checkpoint). "
                                          "The file was changed after it was written."
                                        : ": it was written after a divergence by a version that checked only the loss. "
                                          "Train the run again."));
    lastCheckpointStep = step;
}

Trainer::Impl::EvalData Trainer::Impl::evalData() const
{
    EvalData d;
    d.trainImages = cfg.evalTrainLimit > 0 ? data.train.images.slice(0, 0, cfg.evalTrainLimit) : data.train.images;
    d.trainLabels = cfg.evalTrainLimit > 0 ? data.train.labels.slice(0, 0, cfg.evalTrainLimit) : data.train.labels;
    // The test split; formats without one fall back to the training set.
    const bool haveTest = data.test.size() > 0;
    d.testImages = haveTest ? data.test.images : d.trainImages;
    d.testLabels = haveTest ? data.test.labels : d.trainLabels;
    return d;
}

ProbeOptions Trainer::Impl::probeOptions() const
{
    ProbeOptions po;
    po.epochs = cfg.probeEpochs;
    po.seed = cfg.seed;
    po.standardize = cfg.probeStandardize;
    return po;
}

// The embedding map and neighbour grid show this many test images: enough for a map's structure, few enough for a
// t-SNE in seconds.
constexpr int64_t kInspectedImages = 2000;

EvalMetrics Trainer::Impl::evaluate(bool randomInit, TrainObserver *observer)
{
    if (observer) observer->onMessage(randomInit ? "measuring the random-init baseline" : "evaluating: linear probe and kNN");
    // The baseline is the untrained network, whenever it is measured: it belongs to step 0.
    Method &net = randomInit ? *untrained : *method;
    const int64_t atStep = randomInit ? 0 : step, atEpoch = randomInit ? 0 : epoch;
    const EvalData ed = evalData();
    auto ftr = extractFeatures(net, ed.trainImages, device);
    auto fte = extractFeatures(net, ed.testImages, device);
    EvalMetrics e;
    e.step = atStep;
    e.epoch = atEpoch;
    e.randomInit = randomInit;
    const ProbeResult probed =
        linearProbe(ftr, ed.trainLabels, fte, ed.testLabels, data.train.numClasses(), probeOptions());
    e.probeAcc = probed.accuracy;
    e.knnAcc = knnAccuracy(ftr, ed.trainLabels, fte, ed.testLabels, cfg.knnK, cfg.knnTemperature,
                           data.train.numClasses());
    if (observer && observer->wantsInspection()) {
        const auto rows = inspectedRows(fte.size(0), kInspectedImages);
        FeatureSet fs = makeFeatureSet(fte.index_select(0, rows), rows, ed.testLabels, ed.testImages,
                                       data.train.classNames);
        fs.step = atStep;
        fs.epoch = atEpoch;
        fs.randomInit = randomInit;
        ProbeReport pr = makeProbeReport(probed.probabilities, ed.testLabels, ed.testImages, data.train.classNames);
        pr.step = atStep;
        pr.randomInit = randomInit;
        observer->onInspection(fs, pr);
    }
    json::Value line;
    line["step"] = atStep;
    line["epoch"] = atEpoch;
    line["probe_acc"] = e.probeAcc;
    line["knn_acc"] = e.knnAcc;
    if (randomInit) line["random_init"] = true;
    metrics.append(line);
    if (observer) observer->onEval(e);
    return e;
}

PreviewSnapshot Trainer::Impl::previewOf(Method &net)
{
    // Uses its own generator and eval mode so that it changes neither the training's random stream nor BatchNorm
    // statistics. The generator's seed decides the views: the same draw gives the same augmentations.
    torch::NoGradGuard noGrad;
    const int n = std::min<int>(cfg.previewSamples, static_cast<int>(trainImages.size(0)));
    Rng previewRng((cfg.seed ^ 0x9E3779B97F4A7C15ull) + static_cast<uint64_t>(previewDraw) * 0xBF58476D1CE4E5B9ull);
    const bool wasTraining = net.is_training();
    net.eval();
    auto images = trainImages.slice(0, 0, n);
    StepOutput out = net.step(images, previewRng, true);
    net.train(wasTraining);
    return makePreview(net, images, out, false);
}

PreviewSnapshot Trainer::Impl::fixedPreview()
{
    PreviewSnapshot snap = previewOf(*method);
    for (auto &item : snap.items) {
        auto *pairs = std::get_if<PairsPreview>(&item);
        if (!pairs) continue;
        if (untrainedSimilarityDraw != previewDraw) {
            const PreviewSnapshot before = previewOf(*untrained);
            const auto *p = before.find<PairsPreview>();
            untrainedSimilarity = p ? p->similarity : Matrix();
            untrainedSimilarityDraw = previewDraw;
        }
        pairs->untrainedSimilarity = untrainedSimilarity;
    }
    return snap;
}

void Trainer::Impl::prepareMethods(TrainObserver *observer)
{
    if (prepared) return;
    const auto progress = [observer](const std::string &text) {
        if (observer) observer->onMessage(text);
    };
    method->prepare(trainImages, dir, progress);
    // The untrained copy gets the same material (a method reads back what it kept in the run folder).
    untrained->prepare(trainImages, dir, progress);
    prepared = true;
}

void Trainer::Impl::drawNewViews(TrainObserver *observer, bool wantPreviews)
{
    ++previewDraw;
    if (wantPreviews) observer->onPreview(fixedPreview());
}

PreviewSnapshot Trainer::Impl::livePreview(const torch::Tensor &batchImages, const StepOutput &out,
                                           bool withEmbeddings)
{
    PreviewSnapshot fixed = fixedPreview();
    const PreviewSnapshot batch = makePreview(*method, batchImages, out, withEmbeddings);
    for (const auto &item : batch.items) {
        if (!describesBatch(item)) continue;
        const PreviewKind kind = kindOf(item);
        auto same = std::find_if(fixed.items.begin(), fixed.items.end(),
                                 [kind](const PreviewItem &i) { return kindOf(i) == kind; });
        if (same != fixed.items.end()) *same = item;
        else fixed.items.push_back(item);
    }
    return fixed;
}

PreviewSnapshot Trainer::Impl::makePreview(Method &net, const torch::Tensor &images, const StepOutput &out,
                                           bool withEmbeddings)
{
    PreviewSnapshot snap;
    snap.step = step;
    snap.method = net.name();
    const int k = std::min<int>(cfg.previewSamples, static_cast<int>(images.size(0)));
    snap.originals = toImageGrid(images.slice(0, 0, k));
    net.fillPreview(out, k, snap);
    if (withEmbeddings) {
        // Encoder features of a fixed preview set (the start of the test split).
        const auto &src = data.test.size() > 0 ? data.test : data.train;
        const int64_t count = std::min<int64_t>(128, src.size());
        auto &e = snap.get<EmbeddingPreview>();
        e.embeddings = toMatrix(extractFeatures(net, src.images.slice(0, 0, count), device));
        auto lab = src.labels.slice(0, 0, count);
        e.labels.assign(lab.data_ptr<int64_t>(), lab.data_ptr<int64_t>() + count);
    }
    return snap;
}

void Trainer::Impl::writeSnapshots(const PreviewSnapshot &s)
{
    char name[32];
    std::snprintf(name, sizeof name, "/step-%06lld", static_cast<long long>(step));
    const std::string base = joinPath(dir, runfolder::kSnapshots) + name;
    // PNGs of the image and matrix previews, for reports and for anyone browsing the folder.
    for (const auto &item : s.items) {
        const std::string kind = previewKindName(kindOf(item));
        if (const auto *p = std::get_if<PairsPreview>(&item)) {
            if (!p->view1.empty()) writeGridPng(base + "-view1.png", p->view1, p->view1.count, 4);
            if (!p->view2.empty()) writeGridPng(base + "-view2.png", p->view2, p->view2.count, 4);
            if (!p->similarity.empty()) writeMatrixPng(base + "-similarity.png", p->similarity, 16);
        } else if (const auto *r = std::get_if<RotationPreview>(&item)) {
            if (!r->rotated.empty()) writeGridPng(base + "-" + kind + ".png", r->rotated, r->rotated.count, 4);
        } else if (const auto *j = std::get_if<JigsawPreview>(&item)) {
            if (!j->shuffled.empty()) writeGridPng(base + "-" + kind + ".png", j->shuffled, j->shuffled.count, 4);
        } else if (const auto *m = std::get_if<MaskPreview>(&item)) {
            if (!m->masked.empty()) writeGridPng(base + "-mask-input.png", m->masked, m->masked.count, 4);
            if (!m->reconstruction.empty())
                writeGridPng(base + "-mask-reconstruction.png", m->reconstruction, m->reconstruction.count, 4);
        } else if (const auto *col = std::get_if<ColorizationPreview>(&item)) {
            if (!col->prediction.empty()) writeGridPng(base + "-" + kind + ".png", col->prediction, col->prediction.count, 4);
        } else if (const auto *c = std::get_if<CorrelationPreview>(&item)) {
            if (!c->correlation.empty()) writeMatrixPng(base + "-" + kind + ".png", c->correlation, 8);
        }
    }
    saveSnapshot(joinPath(dir, runfolder::kSnapshots) + "/latest.json", s);
}

void Trainer::Impl::writeSnapshotsSafely(TrainObserver *observer)
{
    try {
        writeSnapshots(fixedPreview());
    } catch (const std::exception &e) {
        if (observer) observer->onMessage(std::string("could not write the snapshots: ") + e.what());
    }
}


void Trainer::Impl::writeState(const std::string &state, const std::string &error)
{
    if (readOnly) return;
    json::Value v;
    v["state"] = state;
    v["step"] = step;
    v["total_steps"] = info.totalSteps;
    v["elapsed_s"] = std::round(elapsedSeconds() * 100) / 100;
    v["started"] = startedAt;
    v["updated"] = utcNow();
    if (!error.empty()) v["error"] = error;
    try {
        writeFileAtomically(joinPath(dir, runfolder::kState), json::dump(v, 2) + "\n");
    } catch (const std::exception &) {
        // The run library falls back to the metrics log; the training itself must not stop for this file.
    }
}

Trainer::Trainer() : d(std::make_unique<Impl>()) {}

Trainer::Trainer(const RunConfig &config, const std::string &runDir) : d(std::make_unique<Impl>())
{
    if (runDir.empty())
        throw ConfigError("the run folder is an empty name (--out \"\"); give the folder to create, e.g. --out runs/first");
    if (pathExists(joinPath(runDir, runfolder::kConfig))) {
        if (!pathExists(joinPath(runDir, runfolder::kLatestCheckpoint)))
            throw ConfigError("--out " + runDir + " holds a run that stopped before its first checkpoint; continue it " +
                              "from step 0 with: pretext-cli resume " + runDir + " (or choose a new folder)");
        throw ConfigError("--out " + runDir + " already holds a run (config.json); choose a new folder or resume it");
    }
    validate(config);
    const bool created = !pathExists(runDir);
    makeDirs(runDir);
    d->lock = std::make_unique<RunFolderLock>(runDir);
    d->runId = newRunId();
    try {
        d->setup(config, runDir);
    } catch (...) {
        // Refused before anything was written (bad data, not enough memory): leave no empty run folder behind. The
        // lock file goes while still held, so no other process can take a lock on a file about to vanish.
        if (created) {
            ::unlink(joinPath(runDir, ".lock").c_str());
            ::rmdir(runDir.c_str());
        }
        d->lock.reset();
        throw;
    }
    makeDirs(joinPath(runDir, runfolder::kCheckpoints));
    makeDirs(joinPath(runDir, runfolder::kSnapshots));
    json::Value cfg = toJson(config);
    json::Value versions;
    versions["pretext"] = PRETEXT_VERSION;
    versions["libtorch"] = libtorchVersion();
    versions["device"] = d->info.device;
    versions["threads"] = d->info.threads;
    versions["precision"] = d->info.precision;
    cfg["versions"] = versions;
    cfg["run_id"] = d->runId; // carried by every checkpoint: a checkpoint of another run is refused
    writeFileAtomically(joinPath(runDir, runfolder::kConfig), json::dump(cfg, 2) + "\n");
    d->metrics.open(joinPath(runDir, runfolder::kMetrics));
    d->startedAt = utcNow();
    d->writeState("running");
}

std::unique_ptr<Trainer> Trainer::open(const std::string &runDir, OpenMode mode, const std::string &device)
{
    const std::string configPath = joinPath(runDir, runfolder::kConfig);
    if (runDir.empty() || !pathExists(configPath))
        throw ConfigError((runDir.empty() ? std::string("\"\"") : runDir) + " is not a run folder (no config.json)");
    const std::string ckpt = joinPath(runDir, runfolder::kLatestCheckpoint);
    // Killed before its first checkpoint: resuming starts again from step 0 (the seed rebuilds the same start).
    const bool fromScratch = !pathExists(ckpt) && mode == OpenMode::Resume;
    if (!pathExists(ckpt) && !fromScratch)
        throw DataError(runDir + ": no checkpoint to read (" + ckpt + " is missing): the run stopped before its first " +
                        "checkpoint; continue it with pretext-cli resume " + runDir);
    std::unique_ptr<Trainer> t(new Trainer());
    // An archived run on a read-only disk can still be evaluated: without a lock, without appending its result.
    const bool writable = mode == OpenMode::Inspect || folderWritable(runDir);
    if (mode == OpenMode::Resume && !writable)
        throw StorageError(runDir + " is read-only: a run can only be resumed where it can write its checkpoints; copy "
                                    "the folder to a writable disk and resume the copy");
    t->d->readOnly = mode == OpenMode::Inspect || !writable;
    t->d->writesResults = writable && mode != OpenMode::Inspect;
    if (!t->d->readOnly) {
        t->d->lock = std::make_unique<RunFolderLock>(runDir);
        removeStaleTemporaries(runDir); // of writers killed mid-write, each as large as what it wrote
    }
    RunConfig config = loadRunConfig(configPath); // a damaged config.json is a ConfigError naming the field
    const json::Value rawConfig = json::parseFile(configPath);
    if (const json::Value *id = rawConfig.find("run_id"); id && id->isString()) t->d->runId = id->asString();
    t->d->checkMemory = mode == OpenMode::Resume;
    if (!device.empty()) config.device = device;
    // A run trained on a GPU, looked at on a laptop: inspection needs no GPU and runs on the CPU.
    if (t->d->readOnly && device.empty() && config.device != "cpu" && !torch::cuda::is_available())
        config.device = "cpu";
    t->d->setup(config, runDir);
    // Verified before anything in the folder changes: a foreign or damaged checkpoint leaves the run as it was.
    if (fromScratch) t->d->notes.push_back("no checkpoint was written before the run stopped: starting again from step 0");
    else t->d->loadCheckpoint(ckpt);
    t->d->info.startStep = t->d->step;
    if (t->d->readOnly) return t;
    const std::string metricsPath = joinPath(runDir, runfolder::kMetrics);
    if (mode == OpenMode::Resume && !fromScratch && pathExists(metricsPath)) {
        // A checkpoint ahead of the log would leave a hole in the history. The log is synced before every checkpoint,
        // so not even a power cut leaves it behind: the log was replaced, or the checkpoint is another run's.
        int64_t lastLogged = -1;
        for (const auto &line : readMetrics(metricsPath))
            if (const json::Value *step = line.find("step"); step && step->isNumber() && !line.find("probe_acc"))
                lastLogged = std::max<int64_t>(lastLogged, static_cast<int64_t>(step->asNumber()));
        if (lastLogged >= 0 && t->d->step > lastLogged)
            throw DataError(ckpt + " is at step " + std::to_string(t->d->step) + " but " + metricsPath +
                            " ends at step " + std::to_string(lastLogged) +
                            ": the log was replaced by an older copy, or the checkpoint is not from this run's history");
    }
    try {
        const json::Value state = json::parseFile(joinPath(runDir, runfolder::kState));
        if (const auto *started = state.find("started")) t->d->startedAt = started->asString();
    } catch (const std::exception &) {
        // A run from before state.json, or a damaged one: it is rewritten from what the checkpoint says.
    }
    if (t->d->startedAt.empty()) t->d->startedAt = utcNow();
    // Steps logged after the checkpoint will be run again: drop them so the log has each step once.
    if (mode == OpenMode::Resume) {
        truncateMetrics(metricsPath, t->d->step);
        // Resumed before the random-init baseline was recorded in a checkpoint: it will be measured again.
        if (!t->d->randomInitDone && pathExists(metricsPath)) {
            std::string kept;
            bool dropped = false;
            for (const auto &line : readMetrics(metricsPath)) {
                if (const json::Value *r = line.find("random_init"); r && r->isBool() && r->asBool()) {
                    dropped = true;
                    continue;
                }
                kept += json::dump(line) + "\n";
            }
            if (dropped) writeFileAtomically(metricsPath, kept);
        }
    }
    t->d->metrics.open(metricsPath);
    return t;
}

bool Trainer::writesResults() const
{
    return d->writesResults;
}

void Trainer::setLearningRate(double lr)
{
    if (const std::string problem = valueProblem(runSettings(), "lr", lr); !problem.empty())
        throw ConfigError("--lr: " + problem);
    d->baseLr = lr;
    d->pendingEdits["lr_edit"] = lr;
}

Trainer::~Trainer() = default;

const RunInfo &Trainer::info() const
{
    return d->info;
}

int64_t Trainer::completedSteps() const
{
    return d->step;
}

EvalMetrics Trainer::evaluate(TrainObserver *observer)
{
    return d->evaluate(false, observer);
}

void Trainer::Impl::deliverNotes(TrainObserver *observer)
{
    if (observer)
        for (const auto &note : notes) observer->onMessage(note);
    notes.clear();
}

json::Value Trainer::Impl::applyLiveEdits(TrainControl *control)
{
    json::Value edits = pendingEdits;
    pendingEdits = json::Value();
    if (!control) return edits;
    // The window's spin boxes keep edits in range; a value from elsewhere that is not is refused with a note
    // (a learning rate of 1e39 would overflow the weights and end the run).
    auto refused = [&](const std::vector<Setting> &table, const std::string &key, double value) {
        const std::string problem = valueProblem(table, key, value);
        if (!problem.empty()) notes.push_back("live edit not applied: " + key + ": " + problem);
        return !problem.empty();
    };
    if (auto lr = control->takeLearningRate(); lr && !refused(runSettings(), "lr", *lr)) {
        baseLr = *lr;
        edits["lr_edit"] = *lr;
    }
    if (auto t = control->takeTemperature(); t && !refused(settingsFor(cfg.method), "temperature", *t)) {
        method->setTemperature(*t);
        edits["temperature_edit"] = *t;
    }
    return edits;
}

Trainer::Impl::Batch Trainer::Impl::nextBatch()
{
    const auto t0 = Clock::now();
    const int64_t b = cfg.batchSize;
    if (!epochOrder.defined()) {
        std::vector<int64_t> order(static_cast<size_t>(trainImages.size(0)));
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng.engine());
        epochOrder = torch::tensor(order, torch::kLong);
    }
    auto idx = epochOrder.slice(0, posInEpoch * b, (posInEpoch + 1) * b).to(device);
    Batch batch;
    batch.images = trainImages.index_select(0, idx);
    batch.labels = trainLabels.index_select(0, idx);
    batch.dataSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return batch;
}

// One optimisation step of the method and of the online probe; the figures of the step.
StepMetrics Trainer::Impl::trainStep(const Batch &batch, bool wantPreview, StepOutput &out)
{
    auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
    const auto t0 = Clock::now();
    StepMetrics m;
    m.lr = scheduledLearningRate(cfg.schedule, baseLr, step, cfg.warmupSteps, info.totalSteps);
    optimizer->setLearningRate(m.lr);
    method->setProgress(step, info.totalSteps, info.stepsPerEpoch);
    method->setBatchLabels(batch.labels);

    auto phase = Clock::now();
    {
        AutocastGuard autocast(device.type(), info.precision);
        out = method->step(batch.images, rng, wantPreview);
    }
    m.loss = out.loss.item<double>();
    m.forwardSeconds = since(phase) - out.augmentSeconds;
    if (!std::isfinite(m.loss))
        throw DivergedError("training diverged at step " + std::to_string(step + 1) + ": the loss is " +
                            (std::isnan(m.loss) ? "NaN" : "infinite") + "; " + keptCheckpointText() + ". " +
                            divergenceAdvice(m.lr));
    optimizer->zeroGrad();
    phase = Clock::now();
    out.loss.backward();
    m.backwardSeconds = since(phase);
    phase = Clock::now();
    optimizer->step();
    method->afterStep(step, info.totalSteps);
    m.optimizerSeconds = since(phase);

    phase = Clock::now();
    if (cfg.onlineProbe && out.features.defined()) {
        auto logits = probe->forward(out.features.detach().to(torch::kFloat)); // autocast may leave bf16
        // A method may give features of the batch's first rows only (MAE: a full ViT pass is costly).
        auto labels = batch.labels.slice(0, 0, logits.size(0));
        m.onlineProbeAcc = logits.argmax(1).eq(labels).to(torch::kFloat).mean().item<double>();
        auto probeLoss = torch::nn::functional::cross_entropy(logits, labels);
        probeOptimizer->zero_grad();
        probeLoss.backward();
        probeOptimizer->step();
    }
    m.probeSeconds = since(phase);

    ++step;
    ++posInEpoch;
    const double stepSeconds = since(t0) + batch.dataSeconds;
    recentStepSeconds.push_back(stepSeconds);
    windowSum += stepSeconds;
    if (recentStepSeconds.size() > 20) {
        windowSum -= recentStepSeconds.front();
        recentStepSeconds.pop_front();
    }
    const double avgStep = windowSum / static_cast<double>(recentStepSeconds.size());
    m.step = step;
    m.epoch = epoch;
    m.totalSteps = info.totalSteps;
    m.baseLr = baseLr;
    m.temperature = method->temperature();
    m.pairsPerSecond = static_cast<double>(cfg.batchSize) / avgStep;
    m.etaSeconds = avgStep * static_cast<double>(info.totalSteps - step);
    m.dataSeconds = batch.dataSeconds;
    m.augmentSeconds = out.augmentSeconds;
    m.scalars = out.scalars;
    return m;
}

void Trainer::Impl::logStep(const StepMetrics &m, const json::Value &edits)
{
    json::Value line;
    line["step"] = m.step;
    line["epoch"] = m.epoch;
    line["loss"] = m.loss;
    line["lr"] = m.lr;
    line["pairs_per_s"] = std::round(m.pairsPerSecond * 10) / 10;
    line["elapsed_s"] = std::round(elapsedSeconds() * 100) / 100;
    if (m.temperature > 0) line["temperature"] = m.temperature;
    if (m.onlineProbeAcc >= 0) line["online_probe_acc"] = m.onlineProbeAcc;
    for (const auto &[key, value] : m.scalars)
        if (std::isfinite(value)) line[key] = value;
    if (edits.isObject())
        for (const auto &kv : edits.asObject()) line[kv.first] = kv.second;
    metrics.append(line);
}

void Trainer::Impl::endEpoch(TrainObserver *observer)
{
    ++epoch;
    posInEpoch = 0;
    epochOrder = torch::Tensor();
    if (cfg.evalEachEpoch) {
        // The random-init baseline waits for the first epoch end, where the class waits for an evaluation anyway:
        // the first steps come at once, and the baseline appears beside the first epoch's result.
        if (!randomInitDone) {
            evaluate(true, observer);
            randomInitDone = true;
        }
        evaluate(false, observer);
    }
    saveCheckpoint(observer);
    writeSnapshotsSafely(observer);
}

TrainOutcome Trainer::run(TrainObserver *observer, TrainControl *control)
{
    Impl &s = *d;
    if (s.readOnly) throw ConfigError(s.dir + " was opened for inspection only; resume it to train");
    if (observer) observer->onStarted(s.info);
    s.deliverNotes(observer);
    s.sessionStart = Clock::now();
    s.pausedSeconds = 0;
    s.writeState("running");
    try {
        const TrainOutcome outcome = s.runLoop(observer, control);
        s.writeState(outcome == TrainOutcome::Finished ? "finished"
                     : outcome == TrainOutcome::Stopped ? "stopped"
                                                        : "interrupted");
        // After state.json: the report shows the state the run ended in. A report that cannot be written does not
        // make a finished run a failed one: its checkpoint and metrics are complete.
        if (outcome == TrainOutcome::Finished) {
            try {
                writeReport(s.dir);
            } catch (const std::exception &e) {
                if (observer) observer->onMessage(std::string("report.html was not written: ") + e.what());
            }
        }
        return outcome;
    } catch (const DivergedError &e) {
        s.writeState("diverged", e.what());
        throw;
    } catch (const StorageError &e) {
        const std::string what = std::string(e.what()) + ". Training stopped; " +
                                 (s.lastCheckpointStep >= 0 ? "the checkpoint of step " +
                                                                  std::to_string(s.lastCheckpointStep) +
                                                                  " and the metrics before it are intact: continue with "
                                                                  "pretext-cli resume " + s.dir + " once it can be written"
                                                            : std::string("no checkpoint was written yet"));
        s.writeState("failed", what);
        throw StorageError(what);
    } catch (const std::exception &e) {
        // The run library shows why the run ended, instead of a "running" nobody holds.
        s.writeState("failed", e.what());
        throw;
    }
}

TrainOutcome Trainer::Impl::runLoop(TrainObserver *observer, TrainControl *control)
{
    Impl &s = *this;
    // The first checkpoint at once (before prepare(), which may draw random numbers): a run killed in its first
    // minutes resumes from it instead of starting over.
    if (s.lastCheckpointStep < 0) s.saveCheckpoint(observer);
    s.prepareMethods(observer); // before the first preview: it may show what prepare() built
    const bool wantPreviews = observer && observer->wantsPreviews() && s.cfg.previewsPerSecond > 0;
    const auto previewInterval = std::chrono::duration<double>(wantPreviews ? 1.0 / s.cfg.previewsPerSecond : 0.0);
    auto lastPreview = Clock::now() - std::chrono::hours(1);
    auto lastEmbedding = lastPreview;
    // The fixed preview samples before the first step of this session; their pairs carry the untrained network's
    // matrix, what the live ones are compared with.
    if (wantPreviews) observer->onPreview(s.fixedPreview());
    const auto newViews = [&] { s.drawNewViews(observer, wantPreviews); };
    const auto startTime = Clock::now();
    s.recentStepSeconds.clear();
    s.windowSum = 0;

    while (s.step < s.info.totalSteps) {
        const auto waitStart = Clock::now();
        const bool goOn = !control || control->awaitNextStep(newViews);
        s.pausedSeconds += std::chrono::duration<double>(Clock::now() - waitStart).count();
        if (!goOn) {
            s.applyLiveEdits(control); // edits made while paused belong to the run even when it stops here
            s.saveCheckpoint(observer);
            if (s.step > 0) s.writeSnapshotsSafely(observer);
            return control->interruptRequested() ? TrainOutcome::Interrupted : TrainOutcome::Stopped;
        }
        const json::Value edits = s.applyLiveEdits(control);
        s.deliverNotes(observer);
        const Impl::Batch batch = s.nextBatch();
        const bool preview = wantPreviews && (Clock::now() - lastPreview) >= previewInterval;

        StepOutput out;
        StepMetrics m = s.trainStep(batch, preview, out);
        m.secondsElapsed = std::chrono::duration<double>(Clock::now() - startTime).count();
        s.logStep(m, edits);
        if (observer) observer->onStep(m);

        if (preview) {
            lastPreview = Clock::now();
            // Embeddings of the fixed preview set cost a forward pass: at most every five seconds.
            const bool embeddings = lastPreview - lastEmbedding >= std::chrono::seconds(5);
            if (embeddings) lastEmbedding = lastPreview;
            observer->onPreview(s.livePreview(batch.images, out, embeddings));
        }

        if (s.posInEpoch >= s.info.stepsPerEpoch) s.endEpoch(observer);
        else if (s.step % s.cfg.checkpointEvery == 0) s.saveCheckpoint(observer);
    }
    if (s.lastCheckpointStep != s.step) s.saveCheckpoint(observer);
    return TrainOutcome::Finished;
}

FeatureSet Trainer::features(int64_t count, bool randomInit)
{
    Impl &s = *d;
    const Impl::EvalData ed = s.evalData();
    const auto rows = inspectedRows(ed.testImages.size(0), count);
    auto f = extractFeatures(randomInit ? *s.untrained : *s.method, ed.testImages.index_select(0, rows), s.device);
    FeatureSet fs = makeFeatureSet(f, rows, ed.testLabels, ed.testImages, s.data.train.classNames);
    fs.step = randomInit ? 0 : s.step;
    fs.epoch = randomInit ? 0 : s.epoch;
    fs.randomInit = randomInit;
    return fs;
}

Method &Trainer::network(bool randomInit)
{
    return randomInit ? *d->untrained : *d->method;
}

TransferResult Trainer::transfer(const TransferOptions &options, bool randomInit)
{
    Impl &s = *d;
    // The whole training set (not the evaluation's bank limit): the labelled share is drawn from it.
    const bool haveTest = s.data.test.size() > 0;
    return transferToSubset(randomInit ? *s.untrained : *s.method, s.data.train.images, s.data.train.labels,
                            haveTest ? s.data.test.images : s.data.train.images,
                            haveTest ? s.data.test.labels : s.data.train.labels, s.data.train.numClasses(), options,
                            s.device);
}

ProbeReport Trainer::probeReport(bool randomInit)
{
    Impl &s = *d;
    const Impl::EvalData ed = s.evalData();
    Method &net = randomInit ? *s.untrained : *s.method;
    auto ftr = extractFeatures(net, ed.trainImages, s.device);
    auto fte = extractFeatures(net, ed.testImages, s.device);
    const ProbeResult probed =
        linearProbe(ftr, ed.trainLabels, fte, ed.testLabels, s.data.train.numClasses(), s.probeOptions());
    ProbeReport pr = makeProbeReport(probed.probabilities, ed.testLabels, ed.testImages, s.data.train.classNames);
    pr.step = randomInit ? 0 : s.step;
    pr.randomInit = randomInit;
    return pr;
}

} // namespace pretext::engine
