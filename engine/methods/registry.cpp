// The method registry: one line per method below. Everything else (CLI help, config validation, the dialog,
// the window's panels) reads the MethodInfo each method gives about itself.
#include "engine/methods/method.h"

#include "engine/methods/barlowtwins.h"
#include "engine/methods/beit.h"
#include "engine/methods/byol.h"
#include "engine/methods/colorization.h"
#include "engine/methods/dino.h"
#include "engine/methods/jigsaw.h"
#include "engine/methods/mae.h"
#include "engine/methods/moco.h"
#include "engine/methods/rotation.h"
#include "engine/methods/simclr.h"
#include "engine/methods/simplemim.h"
#include "engine/methods/simsiam.h"
#include "engine/methods/supervised.h"

#include "engine/core/errors.h"
#include "engine/train/runconfig.h"

namespace pretext::engine {

namespace {

struct Entry {
    MethodInfo info;
    MethodFactory factory;
};

template <typename M>
Entry entry()
{
    return {M::describe(), [](const RunConfig &c, const MethodContext &x) { return std::make_shared<M>(c, x); }};
}

struct Registry {
    std::vector<Entry> entries;
    std::vector<MethodInfo> infos;

    Registry()
    {
        // ---- registered methods, in menu order ----
        add(entry<SimClr>());
        add(entry<MoCo>());
        add(entry<Byol>());
        add(entry<Dino>());
        add(entry<SimSiam>());
        add(entry<BarlowTwins>());
        add(entry<RotationMethod>());
        add(entry<JigsawMethod>());
        add(entry<ColorizationMethod>());
        add(entry<MaeMethod>());
        add(entry<SimpleMimMethod>());
        add(entry<BeitMethod>());
        add(entry<SupervisedMethod>());
    }

    void add(Entry e)
    {
        for (size_t i = 0; i < entries.size(); ++i)
            if (entries[i].info.name == e.info.name) {
                entries[i] = e;
                infos[i] = e.info;
                return;
            }
        infos.push_back(e.info);
        entries.push_back(std::move(e));
    }
};

Registry &registry()
{
    static Registry r;
    return r;
}

} // namespace

const char *familyName(MethodFamily family)
{
    switch (family) {
    case MethodFamily::Pretext: return "pretext task";
    case MethodFamily::Contrastive: return "contrastive";
    case MethodFamily::SelfDistillation: return "self-distillation";
    case MethodFamily::Masked: return "masked modeling";
    case MethodFamily::Supervised: return "supervised baseline";
    }
    return "";
}

const std::vector<MethodInfo> &methodCatalog()
{
    return registry().infos;
}

std::vector<std::string> methodNames()
{
    std::vector<std::string> names;
    for (const auto &m : methodCatalog()) names.push_back(m.name);
    return names;
}

const MethodInfo *findMethod(const std::string &name)
{
    for (const auto &m : methodCatalog())
        if (m.name == name) return &m;
    return nullptr;
}

void registerMethod(MethodInfo info, MethodFactory factory)
{
    registry().add({std::move(info), std::move(factory)});
}

const MethodFactory &methodFactory(const std::string &name)
{
    for (const auto &e : registry().entries)
        if (e.info.name == name) return e.factory;
    std::string names;
    for (const auto &n : methodNames()) names += (names.empty() ? "" : ", ") + n;
    throw ConfigError("method = \"" + name + "\" is not accepted; expected one of: " + names);
}

std::shared_ptr<Method> makeMethod(const RunConfig &config, const MethodContext &context)
{
    return methodFactory(config.method)(config, context);
}

Setting temperatureSetting(double def)
{
    return Setting::real("temperature", "Temperature τ", def, 0.01, 10)
        .withDecimals(3)
        .withHelp("Softmax temperature of the contrastive loss: lower is sharper, it weighs hard negatives more. "
                  "Editable live from the toolbar.")
        .withMetavar("X");
}

Setting maskRatioSetting(double def, const std::string &note)
{
    return Setting::real("mask_ratio", "Mask ratio", def, 0.05, 0.95)
        .withDecimals(2)
        .withHelp("Share of the patches hidden from the encoder (exactly round(ratio x patches) per image); " + note + ".")
        .withMetavar("R");
}

Setting patchSizeSetting(int64_t min, const std::string &divides)
{
    return Setting::integer("patch_size", "Patch size", 4, static_cast<double>(min), 32)
        .withHelp("Side of a square patch in pixels; " + divides + ".")
        .withMetavar("PX");
}

Setting maskShapeSetting(const std::string &def)
{
    return Setting::choice("mask_shape", "Mask shape", def, {"random", "block"})
        .withHelp("random: patches chosen independently (MAE, SimMIM). block: rectangles of patches (BEiT's block-wise "
                  "masking), which hide whole parts of an object.");
}

Setting projectionDimSetting(int64_t def)
{
    return Setting::integer("projection_dim", "Projection size", def, 2, 8192)
        .withHelp("Output size of the projection MLP, where the loss is computed.")
        .withMetavar("N");
}

Setting projectionHiddenSetting(int64_t def)
{
    return Setting::integer("projection_hidden", "Projection hidden size", def, 2, 16384)
        .withHelp("Width of the hidden layer of the projection MLP.")
        .withMetavar("N")
        .asAdvanced();
}

std::string colourProblem(const MethodInfo &method, const std::string &dataset, int64_t channels)
{
    if (!method.needsColour || channels >= 3) return {};
    return "method " + method.name + " needs colour images, but " + dataset + " has " + std::to_string(channels) +
           (channels == 1 ? " channel" : " channels") +
           ": a gray picture has no colour to predict; choose a colour dataset: shapes, cifar10, cifar100, stl10 or "
           "a folder of colour images";
}

} // namespace pretext::engine
