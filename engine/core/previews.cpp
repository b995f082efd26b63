#include "engine/core/previews.h"

namespace pretext::engine {

namespace {
constexpr const char *kNames[] = {"pairs", "rotation", "jigsaw", "mask", "queue", "collapse", "correlation",
                                  "embeddings", "tokens", "colorization"};
}

const char *previewKindName(PreviewKind kind)
{
    return kNames[static_cast<int>(kind)];
}

std::optional<PreviewKind> previewKindFromName(const std::string &name)
{
    for (int i = 0; i < static_cast<int>(std::size(kNames)); ++i)
        if (name == kNames[i]) return static_cast<PreviewKind>(i);
    return std::nullopt;
}

PreviewKind kindOf(const PreviewItem &item)
{
    return std::visit([](const auto &v) { return std::decay_t<decltype(v)>::kind; }, item);
}

bool describesBatch(const PreviewItem &item)
{
    return std::visit([](const auto &v) { return std::decay_t<decltype(v)>::describesBatch; }, item);
}

} // namespace pretext::engine
