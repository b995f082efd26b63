#include "engine/augment/geometric.h"

#include "engine/core/errors.h"

namespace pretext::engine {

torch::Tensor rotate90(const torch::Tensor &img, int64_t k)
{
    const int64_t d = img.dim();
    return torch::rot90(img, ((k % 4) + 4) % 4, {d - 2, d - 1});
}

torch::Tensor jigsawShuffle(const torch::Tensor &img, int64_t grid, const std::vector<int64_t> &perm)
{
    const bool single = img.dim() == 3;
    auto x = single ? img.unsqueeze(0) : img;
    const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    if (grid < 1 || h % grid || w % grid)
        throw ConfigError("jigsaw: image " + std::to_string(h) + "x" + std::to_string(w) +
                          " is not divisible by the grid " + std::to_string(grid));
    if (static_cast<int64_t>(perm.size()) != grid * grid)
        throw ConfigError("jigsaw: permutation has " + std::to_string(perm.size()) + " entries, expected " +
                          std::to_string(grid * grid));
    const int64_t th = h / grid, tw = w / grid;
    // [B,C,g,th,g,tw] -> [B,g*g,C,th,tw]
    auto tiles = x.reshape({b, c, grid, th, grid, tw}).permute({0, 2, 4, 1, 3, 5}).reshape({b, grid * grid, c, th, tw});
    auto index = torch::tensor(perm, torch::TensorOptions().dtype(torch::kLong)).to(x.device());
    auto shuffled = tiles.index_select(1, index);
    auto out = shuffled.reshape({b, grid, grid, c, th, tw}).permute({0, 3, 1, 4, 2, 5}).reshape({b, c, h, w});
    return single ? out.squeeze(0) : out;
}

torch::Tensor patchify(const torch::Tensor &imgs, int64_t p)
{
    const int64_t b = imgs.size(0), c = imgs.size(1), h = imgs.size(2) / p, w = imgs.size(3) / p;
    return imgs.reshape({b, c, h, p, w, p}).permute({0, 2, 4, 3, 5, 1}).reshape({b, h * w, p * p * c});
}

torch::Tensor unpatchify(const torch::Tensor &patches, int64_t p, int64_t channels, int64_t height, int64_t width)
{
    const int64_t b = patches.size(0), h = height / p, w = width / p;
    return patches.reshape({b, h, w, p, p, channels}).permute({0, 5, 1, 3, 2, 4}).reshape({b, channels, height, width});
}

} // namespace pretext::engine
