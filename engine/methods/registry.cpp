#include "engine/methods/method.h"
#include "engine/methods/jigsaw.h"
#include "engine/methods/rotation.h"
#include "engine/methods/simclr.h"

#include "engine/core/errors.h"
#include "engine/train/runconfig.h"

namespace pretext::engine {

std::shared_ptr<Method> makeMethod(const RunConfig &config, const MethodContext &context)
{
    if (config.method == "simclr") return std::make_shared<SimClr>(config, context);
    if (config.method == "rotation") return std::make_shared<RotationMethod>(config, context);
    if (config.method == "jigsaw") return std::make_shared<JigsawMethod>(config, context);
    throw ConfigError("method = \"" + config.method + "\" is not implemented in this build");
}

Backbone makeEncoder(const RunConfig &config, const MethodContext &context, int64_t imageSize)
{
    BackboneOptions o;
    o.kind = config.backbone;
    o.inChannels = context.inChannels;
    o.imageSize = imageSize > 0 ? imageSize : (config.augment.outputSize > 0 ? config.augment.outputSize : context.imageSize);
    return makeBackbone(o);
}

ImageGrid toImageGrid(const torch::Tensor &uint8Images)
{
    auto x = uint8Images.detach().to(torch::kCPU, torch::kByte).permute({0, 2, 3, 1}).contiguous();
    ImageGrid g;
    g.count = static_cast<int>(x.size(0));
    g.height = static_cast<int>(x.size(1));
    g.width = static_cast<int>(x.size(2));
    g.channels = static_cast<int>(x.size(3));
    g.pixels.assign(x.data_ptr<uint8_t>(), x.data_ptr<uint8_t>() + x.numel());
    return g;
}

ImageGrid toImageGrid(const torch::Tensor &images, const std::vector<double> &mean, const std::vector<double> &stddev)
{
    auto x = images.detach().to(torch::kCPU, torch::kFloat);
    const int64_t c = x.size(1);
    auto m = torch::tensor(mean.size() == static_cast<size_t>(c) ? mean : std::vector<double>(c, mean.empty() ? 0.0 : mean[0]),
                           torch::kFloat).view({1, c, 1, 1});
    auto s = torch::tensor(stddev.size() == static_cast<size_t>(c) ? stddev : std::vector<double>(c, stddev.empty() ? 1.0 : stddev[0]),
                           torch::kFloat).view({1, c, 1, 1});
    return toImageGrid((x * s + m).mul(255).round().clamp(0, 255).to(torch::kByte));
}

Matrix toMatrix(const torch::Tensor &m)
{
    auto x = m.detach().to(torch::kCPU, torch::kFloat).contiguous();
    Matrix out;
    out.rows = static_cast<int>(x.size(0));
    out.cols = static_cast<int>(x.dim() > 1 ? x.size(1) : 1);
    out.values.assign(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
    return out;
}

} // namespace pretext::engine
