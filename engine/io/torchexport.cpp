#include "engine/io/torchexport.h"

#include "engine/core/errors.h"
#include "engine/core/version.h"
#include "engine/io/json.h"
#include "engine/io/runfolder.h"
#include "engine/methods/method.h"
#include "engine/models/backbones.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <ATen/core/Dict.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/pickler.h>
#include <torch/nn/functional/pooling.h>
#include <torch/nn/functional/upsampling.h>
#include <torch/utils.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>

namespace pretext::engine {

namespace {

namespace stdfs = std::filesystem;

// float32 arithmetic in two programs that run the same operations in different orders (oneDNN or not, channels-last
// or not) differs by a few units in the last place; 1e-4 leaves room for deep networks and stays far below any
// architectural slip (a wrong eps, GELU variant or attention layout moves features by 1e-3 or more).
constexpr double kTolerance = 1e-4;

constexpr const char *kEncoderFile = "encoder.pt";
constexpr const char *kModuleFile = "pretext_encoder.py";
constexpr const char *kImagesFile = "example_images.pt";
constexpr const char *kInputsFile = "example_inputs.pt";
constexpr const char *kFeaturesFile = "example_features.pt";
constexpr const char *kReadmeFile = "README.md";
constexpr const char *kManifestFile = "export.json";

// ---------------------------------------------------------------- the output folder

// Refuses a file, the run folder itself and (without force) a folder with files in it; creates the folder and proves
// it writable before the run is loaded, so that a bad --out fails at once. Returns whether it created the folder.
bool prepareOutDir(const TorchExportOptions &o)
{
    std::error_code ec;
    const auto status = stdfs::status(o.outDir, ec);
    const bool existed = stdfs::exists(status);
    if (existed && !stdfs::is_directory(status))
        throw ConfigError("--out " + o.outDir + " is a file, not a folder; choose a folder for the export");
    if (existed) {
        if (stdfs::equivalent(o.outDir, o.runDir, ec))
            throw ConfigError("--out " + o.outDir + " is the run folder itself; choose another folder for the export");
        if (!stdfs::is_empty(o.outDir, ec) && !o.force)
            throw ConfigError("--out " + o.outDir + " already holds files; choose a new or empty folder, or add --force "
                              "to replace the export's files in it");
    }
    makeDirs(o.outDir);
    const std::string probe = joinPath(o.outDir, ".pretext-export-probe." + std::to_string(::getpid()));
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        const std::string why = std::strerror(errno);
        if (!existed) stdfs::remove(o.outDir, ec);
        throw ConfigError("--out " + o.outDir + ": cannot write into this folder (" + why + ")");
    }
    ::close(fd);
    ::unlink(probe.c_str());
    return !existed;
}

// ---------------------------------------------------------------- tensors

// The bytes torch.save would write for `value` (a zip archive: data.pkl and one record per storage). Like
// torch::pickle_save, but without TorchScript's type tags on dicts and lists: they make the pickle call
// torch.jit._pickle.restore_type_tag, which torch.load(weights_only=True), the default from PyTorch 2.6 on, refuses.
std::string torchSaved(const c10::IValue &value)
{
    std::string pickle;
    torch::jit::Pickler pickler([&](const char *bytes, size_t n) { pickle.append(bytes, n); }, nullptr, nullptr,
                                nullptr, nullptr, /*tag_aggregates=*/false);
    pickler.protocol();
    pickler.pushIValue(value);
    pickler.stop();
    std::string archive;
    caffe2::serialize::PyTorchStreamWriter writer([&](const void *bytes, size_t n) {
        archive.append(static_cast<const char *>(bytes), n);
        return n;
    });
    writer.writeRecord("data.pkl", pickle.data(), pickle.size());
    const auto &tensors = pickler.tensorData();
    for (size_t i = 0; i < tensors.size(); ++i) {
        const auto data = torch::jit::getWriteableTensorData(tensors[i]);
        writer.writeRecord("data/" + std::to_string(i), data.data(), data.sizeInBytes());
    }
    writer.writeEndOfFile();
    return archive;
}

// CPU, contiguous, detached copies, under the module's own names: what load_state_dict(strict=True) expects.
c10::Dict<std::string, at::Tensor> stateDict(const torch::nn::Module &encoder)
{
    c10::Dict<std::string, at::Tensor> dict;
    const auto add = [&](const std::string &name, const at::Tensor &t) {
        if (t.defined()) dict.insert(name, t.detach().to(torch::kCPU).contiguous().clone());
    };
    for (const auto &p : encoder.named_parameters(true)) add(p.key(), p.value());
    for (const auto &b : encoder.named_buffers(true)) add(b.key(), b.value());
    return dict;
}

torch::Tensor toTensor(const Matrix &m)
{
    return torch::from_blob(const_cast<float *>(m.values.data()), {m.rows, m.cols}, torch::kFloat).clone();
}

torch::Tensor toUint8Nchw(const ImageGrid &g)
{
    auto x = torch::from_blob(const_cast<uint8_t *>(g.pixels.data()), {g.count, g.height, g.width, g.channels},
                              torch::kByte);
    return x.permute({0, 3, 1, 2}).contiguous();
}

double maxAbsDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a.to(torch::kFloat) - b.to(torch::kFloat)).abs().max().item<double>();
}

// The input the encoder receives, described by what evalInput makes of a black and of a white image: per channel
// x' = (x - mean) / std for pixels x in [0, 1] when the method's evaluation transform is that affine map.
struct InputNormalisation {
    bool affine = false;
    std::vector<double> black, white, mean, stddev;
};

InputNormalisation probeNormalisation(Method &net, int64_t channels, int64_t height, int64_t width)
{
    InputNormalisation n;
    const auto black = net.evalInput(torch::zeros({1, channels, height, width}, torch::kByte)).to(torch::kFloat);
    const auto white = net.evalInput(torch::full({1, channels, height, width}, 255, torch::kByte)).to(torch::kFloat);
    for (int64_t c = 0; c < black.size(1); ++c) {
        const auto b = black.select(1, c), w = white.select(1, c);
        // Constant images stay constant under a per-channel affine map (and under resizing).
        if (maxAbsDiff(b, b.flatten()[0]) > 1e-6 || maxAbsDiff(w, w.flatten()[0]) > 1e-6) return {};
        const double lo = b.flatten()[0].item<double>(), hi = w.flatten()[0].item<double>();
        if (!(hi - lo > 1e-9)) return {};
        n.black.push_back(lo);
        n.white.push_back(hi);
        n.stddev.push_back(1.0 / (hi - lo));
        n.mean.push_back(-lo / (hi - lo));
    }
    n.affine = true;
    return n;
}

// What the generated preprocess() computes (normalizeOnly's order: scale, resize, normalise), to see whether it
// reproduces the method's evaluation input.
torch::Tensor plainPreprocess(const torch::Tensor &uint8Images, const InputNormalisation &n, int64_t side)
{
    namespace F = torch::nn::functional;
    auto x = uint8Images.to(torch::kFloat).div(255);
    const int64_t h = x.size(2), w = x.size(3);
    if (h != side || w != side) {
        if (side <= h && side <= w) x = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions({side, side}));
        else
            x = F::interpolate(x, F::InterpolateFuncOptions()
                                      .size(std::vector<int64_t>{side, side})
                                      .mode(torch::kBilinear)
                                      .align_corners(false));
    }
    const int64_t c = x.size(1);
    auto mean = torch::tensor(n.mean, torch::kFloat).view({1, c, 1, 1});
    auto sd = torch::tensor(n.stddev, torch::kFloat).view({1, c, 1, 1});
    return (x - mean) / sd;
}

// ---------------------------------------------------------------- the Python module

std::string replaceAll(std::string text, const std::string &key, const std::string &value)
{
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
        text.replace(at, key.size(), value);
    return text;
}

// Text safe inside a Python docstring and a Markdown line.
std::string plain(std::string s)
{
    std::replace(s.begin(), s.end(), '\\', '/');
    std::replace(s.begin(), s.end(), '"', '\'');
    return s;
}

std::string number(double v, int digits = 9)
{
    // json::dump writes numbers locale-independently; a float32 round-trips in 9 significant digits.
    const double scale = std::pow(10.0, digits - 1 - std::floor(std::log10(std::max(std::abs(v), 1e-30))));
    return json::dump(json::Value(v == 0 ? 0.0 : std::round(v * scale) / scale));
}

std::string numberList(const std::vector<double> &values, int digits = 9)
{
    std::string out = "[";
    for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + number(values[i], digits);
    return out + "]";
}

const char *kConvNetPy = R"PY(
class ConvNet(nn.Module):
    """The reference text's small ConvNet: three conv-BN-ReLU blocks (32, 64, 128 channels), global average pool."""

    def __init__(self, in_channels=IN_CHANNELS):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(in_channels, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(inplace=True),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )

    def forward(self, x):
        return self.body(x)


def build():
    """The encoder with fresh weights; load() fills in the run's."""
    return ConvNet(IN_CHANNELS)
)PY";

const char *kResNetPy = R"PY(
class BasicBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut = None
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False), nn.BatchNorm2d(out_channels))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class ResNet18(nn.Module):
    """ResNet-18 with the CIFAR stem (3x3 stride-1 first convolution, no max-pool), global average pool."""

    def __init__(self, in_channels=IN_CHANNELS):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(in_channels, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True))
        blocks, width = [], 64
        for stage in range(4):
            out = 64 << stage
            blocks += [BasicBlock(width, out, 1 if stage == 0 else 2), BasicBlock(out, out, 1)]
            width = out
        self.layers = nn.Sequential(*blocks)

    def forward(self, x):
        x = self.layers(self.stem(x))
        return F.adaptive_avg_pool2d(x, 1).flatten(1)


def build():
    """The encoder with fresh weights; load() fills in the run's."""
    return ResNet18(IN_CHANNELS)
)PY";

const char *kViTPy = R"PY(
PATCH_SIZE = {{PATCH}}
DIM = {{DIM}}
DEPTH = {{DEPTH}}
HEADS = {{HEADS}}
MEAN_POOL = {{MEAN_POOL}}  # feature = mean of the patch tokens (True) or the class token (False)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        head_dim = c // self.heads
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = torch.softmax(torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(head_dim), dim=-1)
        return self.proj(torch.matmul(attn, v).transpose(1, 2).reshape(b, n, c))


class Block(nn.Module):
    """Pre-norm transformer block: LayerNorm (eps 1e-6), attention, LayerNorm, MLP with exact (erf) GELU."""

    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(dim, dim * 4), nn.GELU(), nn.Linear(dim * 4, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class ViT(nn.Module):
    """Vision Transformer (Dosovitskiy et al. 2021) with a class token and learned position embeddings."""

    def __init__(self, in_channels=IN_CHANNELS, image_size=IMAGE_SIZE, patch_size=PATCH_SIZE, dim=DIM, depth=DEPTH,
                 heads=HEADS, mean_pool=MEAN_POOL):
        super().__init__()
        tokens = (image_size // patch_size) ** 2
        self.mean_pool = mean_pool
        self.patch_embed = nn.Conv2d(in_channels, dim, patch_size, stride=patch_size)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, tokens + 1, dim))
        self.blocks = nn.Sequential(*[Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)

    def forward(self, x):
        patches = self.patch_embed(x).flatten(2).transpose(1, 2) + self.pos_embed[:, 1:]
        cls = (self.cls_token + self.pos_embed[:, :1]).expand(patches.shape[0], -1, -1)
        t = self.norm(self.blocks(torch.cat([cls, patches], dim=1)))
        return t[:, 1:].mean(dim=1) if self.mean_pool else t[:, 0]


def build():
    """The encoder with fresh weights; load() fills in the run's."""
    return ViT()
)PY";

const char *kModuleTail = R"PY(

def load(path=None, map_location="cpu"):
    """The encoder in eval mode with the run's weights: encoder.pt beside this file, unless `path` names another."""
    if path is None:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "encoder.pt")
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except TypeError:  # PyTorch before 1.13 has no weights_only
        state = torch.load(path, map_location=map_location)
    model = build()
    model.load_state_dict(state, strict=True)
    return model.eval()


def preprocess(images):
    """uint8 images [N, C, H, W] (or floats in [0, 1]) -> the encoder's input, as the workbench computes it:
    scaled to [0, 1], resized to IMAGE_SIZE (area averaging when shrinking, bilinear when enlarging), normalised."""
    if not PREPROCESS_AVAILABLE:
        raise NotImplementedError(
            "this run's method feeds its encoder something else than the normalised image; see example_inputs.pt")
    x = images.to(torch.float32).div(255) if images.dtype == torch.uint8 else images.to(torch.float32)
    if x.dim() == 3:
        x = x.unsqueeze(0)
    h, w = x.shape[-2], x.shape[-1]
    if (h, w) != (IMAGE_SIZE, IMAGE_SIZE):
        if IMAGE_SIZE <= h and IMAGE_SIZE <= w:
            x = F.adaptive_avg_pool2d(x, (IMAGE_SIZE, IMAGE_SIZE))
        else:
            x = F.interpolate(x, size=(IMAGE_SIZE, IMAGE_SIZE), mode="bilinear", align_corners=False)
    mean = torch.tensor(MEAN, dtype=torch.float32).view(1, -1, 1, 1)
    std = torch.tensor(STD, dtype=torch.float32).view(1, -1, 1, 1)
    return (x - mean) / std
)PY";

struct ExportFacts {
    std::string runName, method, dataset, backbone, backboneText;
    int64_t step = 0, featureDim = 0, channels = 0, side = 0, datasetChannels = 0, datasetSide = 0, examples = 0;
    bool randomInit = false, preprocess = false;
    InputNormalisation norm;
    double lo = 0, hi = 0; // range of the example inputs
};

// Paragraphs (separated by "\n") wrapped at `width` columns, for the docstring and the README.
std::string wrapped(const std::string &text, size_t width = 110)
{
    std::string out, line, word;
    const auto flushWord = [&] {
        if (word.empty()) return;
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            out += line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        word.clear();
    };
    for (char c : text + "\n") {
        if (c == ' ') flushWord();
        else if (c == '\n') {
            flushWord();
            out += line + "\n";
            line.clear();
        } else word += c;
    }
    out.pop_back();
    return out;
}

std::string side(int64_t s)
{
    return std::to_string(s) + "x" + std::to_string(s);
}

std::string stepText(const ExportFacts &f)
{
    return f.randomInit ? std::string("untrained: the run's random initialisation") : "step " + std::to_string(f.step);
}

// The input the encoder expects, in plain words: the docstring's and the README's paragraphs.
std::string inputText(const ExportFacts &f)
{
    std::string t = "Input: a float32 tensor [N, " + std::to_string(f.channels) + ", " + std::to_string(f.side) + ", " +
                    std::to_string(f.side) + "]";
    if (f.preprocess) {
        t += ": the image's pixels scaled to [0, 1] (uint8 / 255)";
        if (f.datasetSide != f.side)
            t += ", resized from the dataset's " + side(f.datasetSide) + " to " + side(f.side) +
                 " (area averaging when shrinking, bilinear when enlarging)";
        t += ", then normalised per channel, (x - MEAN) / STD with MEAN = " + numberList(f.norm.mean, 6) +
             " and STD = " + numberList(f.norm.stddev, 6) + ": black becomes " + numberList(f.norm.black, 6) +
             " and white " + numberList(f.norm.white, 6) + ". preprocess(uint8_images) does all of this.";
    } else {
        t += ": what the run's method (" + plain(f.method) + ") feeds its encoder, which is not the plain normalised "
             "image (the dataset's images have " + std::to_string(f.datasetChannels) + " channel(s) of " +
             side(f.datasetSide) + ")";
        if (f.norm.affine)
            t += "; a black image becomes " + numberList(f.norm.black, 6) + " and a white one " +
                 numberList(f.norm.white, 6);
        t += ". example_inputs.pt holds " + std::to_string(f.examples) + " such inputs (values from " +
             number(f.lo, 4) + " to " + number(f.hi, 4) + "); preprocess() is not available for this run.";
    }
    if (f.backbone == "vit-tiny")
        t += " The ViT takes exactly this size: its position embeddings are for " + side(f.side) + " images.";
    else
        t += " The network pools globally, so other sizes run too, but it was trained at this one.";
    return t;
}

std::string pythonModule(const ExportFacts &f, const BackboneOptions &bo)
{
    const std::string d = std::to_string(f.featureDim);
    std::string head =
        "\"\"\"" +
        wrapped("The encoder of the Pretext Workbench run '" + plain(f.runName) + "' (" + plain(f.method) + " on " +
                plain(f.dataset) + ", " + stepText(f) + "), for PyTorch.\n\nGenerated by `pretext-cli export`; needs "
                "only torch. The architecture: " + f.backboneText + ", " + d + "-dimensional features; encoder.pt "
                "beside this file holds the weights.") +
        "\n\n    import pretext_encoder\n    model = pretext_encoder.load()  # eval mode, the run's weights, on the CPU\n"
        "    with torch.no_grad():\n        features = model(x)  # [N, " + d + "]\n\n" +
        wrapped(inputText(f) + "\n\nexample_inputs.pt and example_features.pt beside this file are " +
                std::to_string(f.examples) + " test images as the encoder receives them and the workbench's features "
                "of them: model(inputs) matches the features to within TOLERANCE (max abs difference).") +
        "\n\"\"\"\n";
    std::string consts = "\nimport math\nimport os\n\nimport torch\nfrom torch import nn\nimport torch.nn.functional as "
                         "F\n\nBACKBONE = " + json::dump(json::Value(f.backbone)) +
                         "\nFEATURE_DIM = " + d +
                         "\nIN_CHANNELS = " + std::to_string(f.channels) +
                         "\nIMAGE_SIZE = " + std::to_string(f.side) +
                         "\nMEAN = " + (f.preprocess ? numberList(f.norm.mean) : "None") +
                         "\nSTD = " + (f.preprocess ? numberList(f.norm.stddev) : "None") +
                         "\nPREPROCESS_AVAILABLE = " + (f.preprocess ? "True" : "False") +
                         "\nTOLERANCE = " + number(kTolerance) + "  # max abs difference from example_features.pt\n\n";
    std::string body;
    if (f.backbone == "convnet") body = kConvNetPy;
    else if (f.backbone == "resnet18") body = kResNetPy;
    else {
        body = kViTPy;
        body = replaceAll(body, "{{PATCH}}", std::to_string(bo.vitPatch));
        body = replaceAll(body, "{{DIM}}", std::to_string(bo.vitDim));
        body = replaceAll(body, "{{DEPTH}}", std::to_string(bo.vitDepth));
        body = replaceAll(body, "{{HEADS}}", std::to_string(bo.vitHeads));
        body = replaceAll(body, "{{MEAN_POOL}}", bo.vitMeanPool ? "True" : "False");
    }
    return head + consts + body + kModuleTail;
}

std::string readme(const ExportFacts &f)
{
    const std::string n = std::to_string(f.examples), d = std::to_string(f.featureDim);
    return "# Encoder of the run '" + plain(f.runName) + "', for PyTorch\n\n" +
           wrapped(plain(f.method) + " on " + plain(f.dataset) + ", " + stepText(f) + ". The architecture: " +
                   f.backboneText + ", " + d + "-dimensional features. Written by `pretext-cli export`; needs only "
                   "PyTorch.") +
           "\n\n"
           "```python\n"
           "import torch\n"
           "import pretext_encoder                           # run Python in this folder, or add it to sys.path\n\n"
           "model = pretext_encoder.load()                  # eval mode, weights from encoder.pt\n"
           "x = torch.load(\"example_inputs.pt\")             # " + n + " test images as the encoder receives them\n"
           "with torch.no_grad():\n"
           "    features = model(x)                         # [" + n + ", " + d + "]\n"
           "expected = torch.load(\"example_features.pt\")    # the workbench's features of the same images\n"
           "print((features - expected).abs().max().item())  # at most pretext_encoder.TOLERANCE (" +
           number(kTolerance) + ")\n" +
           (f.preprocess ? "\n# From raw uint8 images [N, C, H, W] of the dataset:\n"
                           "images = torch.load(\"example_images.pt\")\n"
                           "with torch.no_grad():\n"
                           "    features = model(pretext_encoder.preprocess(images))\n"
                         : std::string()) +
           "```\n\n" + wrapped(inputText(f)) + "\n\n"
           "| file | what |\n|---|---|\n"
           "| `encoder.pt` | the weights: a state dict (`torch.load`, then `load_state_dict(strict=True)`) |\n"
           "| `pretext_encoder.py` | the architecture, `build()`, `load(path=None)` and `preprocess(images)` |\n"
           "| `example_images.pt` | " + n + " test images of the dataset, uint8 [N, C, H, W] |\n"
           "| `example_inputs.pt` | the same images as the encoder receives them, float32 |\n"
           "| `example_features.pt` | the workbench's features of them, float32 [" + n + ", " + d + "] |\n"
           "| `export.json` | the run, its configuration, the backbone's sizes, the input and the tolerance |\n";
}

} // namespace

std::vector<std::string> torchExportFiles()
{
    return {kEncoderFile, kModuleFile, kImagesFile, kInputsFile, kFeaturesFile, kReadmeFile, kManifestFile};
}

TorchExportResult exportForPyTorch(const TorchExportOptions &o)
{
    if (o.runDir.empty()) throw ConfigError("export: expected a RUN_DIR");
    if (o.outDir.empty()) throw ConfigError("export: expected --out DIR, the folder to write the export into");
    if (o.examples < 1 || o.examples > 10000)
        throw ConfigError("examples = " + std::to_string(o.examples) + " is out of range; expected 1 to 10000");
    if (!pathExists(joinPath(o.runDir, runfolder::kConfig)))
        throw ConfigError(o.runDir + " is not a run folder (no config.json)");
    const bool created = prepareOutDir(o);
    std::vector<std::string> written;
    try {
        // On the CPU, whatever the run trained on: the examples are what a CPU computes, as a PyTorch user's will be.
        auto trainer = Trainer::open(o.runDir, Trainer::OpenMode::Inspect, "cpu");
        const RunInfo &info = trainer->info();
        // The workbench's own features of the inspected test images (the path of the map and the neighbours).
        const FeatureSet fs = trainer->features(o.examples, o.randomInit);
        if (fs.size() == 0) throw DataError(o.runDir + ": the run's dataset has no test images to give as examples");
        Method &net = trainer->network(o.randomInit);
        const Backbone encoder = net.encoder();
        const BackboneOptions &bo = encoder->options();

        torch::NoGradGuard noGrad;
        const torch::Tensor images = toUint8Nchw(fs.images);
        const torch::Tensor inputs = net.evalInput(images).to(torch::kFloat).contiguous();
        const torch::Tensor features = toTensor(fs.features);
        {
            // The inputs must reproduce the features, or the examples would check nothing.
            const bool wasTraining = encoder->is_training();
            encoder->eval();
            const double drift = maxAbsDiff(encoder->forward(inputs), features);
            encoder->train(wasTraining);
            if (!(drift <= kTolerance / 10))
                throw Error("export: the example inputs do not reproduce the workbench's features (max difference " +
                            number(drift, 3) + "); please report this");
        }

        ExportFacts f;
        f.runName = stdfs::path(o.runDir).lexically_normal().filename().string();
        if (f.runName.empty() || f.runName == ".")
            f.runName = stdfs::absolute(o.runDir).lexically_normal().parent_path().filename().string();
        f.method = info.config.method;
        f.dataset = info.config.dataset;
        f.backbone = encoder->kind();
        f.randomInit = o.randomInit;
        f.step = o.randomInit ? 0 : trainer->completedSteps();
        f.featureDim = encoder->featureDim();
        f.channels = inputs.size(1);
        f.side = inputs.size(2);
        f.datasetChannels = images.size(1);
        f.datasetSide = images.size(2);
        f.examples = inputs.size(0);
        f.lo = inputs.min().item<double>();
        f.hi = inputs.max().item<double>();
        f.norm = probeNormalisation(net, images.size(1), images.size(2), images.size(3));
        f.preprocess = f.norm.affine && f.channels == f.datasetChannels && inputs.size(2) == inputs.size(3) &&
                       maxAbsDiff(plainPreprocess(images, f.norm, f.side), inputs) <= 1e-5;
        if (f.backbone == "convnet") f.backboneText = "the small ConvNet (3 conv-BN-ReLU blocks, global average pool)";
        else if (f.backbone == "resnet18") f.backboneText = "ResNet-18 with the CIFAR stem";
        else
            f.backboneText = "ViT (patch " + std::to_string(bo.vitPatch) + ", dim " + std::to_string(bo.vitDim) +
                             ", depth " + std::to_string(bo.vitDepth) + ", " + std::to_string(bo.vitHeads) +
                             " heads, " + (bo.vitMeanPool ? "mean of the patch tokens" : "class token") + ")";

        const auto write = [&](const char *name, const std::string &content) {
            const std::string path = joinPath(o.outDir, name);
            try {
                writeFileAtomically(path, content);
            } catch (const Error &e) {
                // A write that failed half-way (disk full) leaves its temporary file: not part of any export.
                std::error_code ec;
                stdfs::remove(path + ".tmp." + std::to_string(::getpid()), ec);
                throw ConfigError(std::string("--out ") + o.outDir + ": " + e.what());
            }
            written.push_back(path);
        };
        write(kEncoderFile, torchSaved(c10::IValue(stateDict(*encoder))));
        write(kModuleFile, pythonModule(f, bo));
        write(kImagesFile, torchSaved(c10::IValue(images)));
        write(kInputsFile, torchSaved(c10::IValue(inputs)));
        write(kFeaturesFile, torchSaved(c10::IValue(features)));
        write(kReadmeFile, readme(f));

        json::Value m;
        json::Value run;
        run["name"] = f.runName;
        run["path"] = stdfs::absolute(o.runDir).lexically_normal().string();
        run["step"] = trainer->completedSteps();
        run["random_init"] = o.randomInit;
        try {
            const json::Value state = json::parseFile(joinPath(o.runDir, runfolder::kState));
            if (const auto *started = state.find("started")) run["started"] = *started;
            if (const auto *s = state.find("state")) run["state"] = *s;
        } catch (const std::exception &) {
            // A run from before state.json: the checkpoint's step says enough.
        }
        m["run"] = run;
        json::Value summary;
        summary["method"] = f.method;
        summary["dataset"] = f.dataset;
        summary["epochs"] = info.config.epochs;
        summary["steps"] = info.totalSteps;
        summary["batch_size"] = info.config.batchSize;
        summary["seed"] = info.config.seed;
        m["summary"] = summary;
        json::Value backbone;
        backbone["kind"] = f.backbone;
        backbone["feature_dim"] = f.featureDim;
        backbone["in_channels"] = bo.inChannels;
        backbone["image_size"] = bo.imageSize;
        if (f.backbone == "vit-tiny") {
            backbone["patch_size"] = bo.vitPatch;
            backbone["dim"] = bo.vitDim;
            backbone["depth"] = bo.vitDepth;
            backbone["heads"] = bo.vitHeads;
            backbone["pooling"] = bo.vitMeanPool ? "mean" : "class_token";
        }
        m["backbone"] = backbone;
        m["feature_dim"] = f.featureDim;
        json::Value input;
        json::Value shape = json::Value::array();
        for (int64_t s : {f.channels, f.side, f.side}) shape.push_back(s);
        input["shape"] = shape;
        input["dtype"] = "float32";
        if (f.preprocess) {
            json::Value mean = json::Value::array(), sd = json::Value::array();
            for (double v : f.norm.mean) mean.push_back(v);
            for (double v : f.norm.stddev) sd.push_back(v);
            input["mean"] = mean; // of pixels scaled to [0, 1]
            input["std"] = sd;
        }
        input["preprocess_available"] = f.preprocess;
        input["dataset_image"] = "uint8 [" + std::to_string(f.datasetChannels) + ", " + std::to_string(f.datasetSide) +
                                 ", " + std::to_string(images.size(3)) + "]";
        m["input"] = input;
        json::Value examples;
        examples["count"] = f.examples;
        json::Value indices = json::Value::array(), labels = json::Value::array();
        for (int64_t i : fs.indices) indices.push_back(i);
        for (int l : fs.labels) labels.push_back(l);
        examples["test_indices"] = indices;
        examples["labels"] = labels;
        m["examples"] = examples;
        m["tolerance"] = kTolerance;
        m["tolerance_means"] = "max abs difference between model(example_inputs) and example_features";
        json::Value versions;
        versions["pretext"] = PRETEXT_VERSION;
        versions["libtorch"] = libtorchVersion();
        m["exported_with"] = versions;
        m["config"] = toJson(info.config);
        write(kManifestFile, json::dump(m, 2) + "\n");

        TorchExportResult r;
        r.files = written;
        r.backbone = f.backbone;
        r.featureDim = f.featureDim;
        r.step = f.step;
        r.examples = f.examples;
        r.inputShape = {f.channels, f.side, f.side};
        r.preprocessAvailable = f.preprocess;
        r.tolerance = kTolerance;
        return r;
    } catch (...) {
        // Half an export is worse than none: remove what this call wrote, and the folder when it made it.
        std::error_code ec;
        for (const auto &path : written) stdfs::remove(path, ec);
        if (created) stdfs::remove_all(o.outDir, ec);
        throw;
    }
}

} // namespace pretext::engine
