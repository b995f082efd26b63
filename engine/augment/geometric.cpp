#include "engine/augment/geometric.h"

#include "engine/core/errors.h"

namespace pretext::engine {

torch::Tensor rotate90(const torch::Tensor &img, int64_t k)
{
    const int64_t d = img.dim();
    if (d < 2)
        throw ConfigError("rotate90: expected an image of at least 2 dimensions, got " + std::to_string(d));
    return torch::rot90(img, ((k % 4) + 4) % 4, {d - 2, d - 1});
}

torch::Tensor jigsawShuffle(const torch::Tensor &img, int64_t grid, const std::vector<int64_t> &perm)
{
    if (img.dim() != 3 && img.dim() != 4)
        throw ConfigError("jigsaw: expected an image [C,H,W] or a batch [B,C,H,W], got a tensor of " +
                          std::to_string(img.dim()) + " dimensions");
    const bool single = img.dim() == 3;
    auto x = single ? img.unsqueeze(0) : img;
    const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    if (grid < 1)
        throw ConfigError("jigsaw: grid " + std::to_string(grid) + " is not accepted; expected 1 or more");
    if (h < 1 || w < 1 || h % grid || w % grid)
        throw ConfigError("jigsaw: image " + std::to_string(h) + "x" + std::to_string(w) +
                          " is not divisible by the grid " + std::to_string(grid));
    if (static_cast<int64_t>(perm.size()) != grid * grid)
        throw ConfigError("jigsaw: permutation has " + std::to_string(perm.size()) + " entries, expected " +
                          std::to_string(grid * grid));
    std::vector<bool> seen(perm.size(), false);
    for (const int64_t v : perm) {
        if (v < 0 || v >= grid * grid || seen[static_cast<size_t>(v)])
            throw ConfigError("jigsaw: permutation entry " + std::to_string(v) + " is not accepted; expected each of 0.." +
                              std::to_string(grid * grid - 1) + " once");
        seen[static_cast<size_t>(v)] = true;
    }
    const int64_t th = h / grid, tw = w / grid;
    // [B,C,g,th,g,tw] -> [B,g*g,C,th,tw]
    auto tiles = x.reshape({b, c, grid, th, grid, tw}).permute({0, 2, 4, 1, 3, 5}).reshape({b, grid * grid, c, th, tw});
    auto index = torch::tensor(perm, torch::TensorOptions().dtype(torch::kLong)).to(x.device());
    auto shuffled = tiles.index_select(1, index);
    auto out = shuffled.reshape({b, grid, grid, c, th, tw}).permute({0, 3, 1, 4, 2, 5}).reshape({b, c, h, w});
    return single ? out.squeeze(0) : out;
}

namespace {

// patchify/unpatchify take their sizes from configurations and files (golden vectors): a patch of 0 would divide by
// zero, one that does not divide the image would silently drop pixels or fail deep inside reshape.
void checkPatch(const char *fn, int64_t p, int64_t height, int64_t width)
{
    if (p < 1)
        throw ConfigError(std::string(fn) + ": patch size " + std::to_string(p) + " is not accepted; expected 1 or more");
    if (height < 1 || width < 1)
        throw ConfigError(std::string(fn) + ": image size " + std::to_string(height) + "x" + std::to_string(width) +
                          " is not accepted; expected at least 1x1");
    if (height % p || width % p)
        throw ConfigError(std::string(fn) + ": image " + std::to_string(height) + "x" + std::to_string(width) +
                          " is not divisible by the patch size " + std::to_string(p) +
                          "; expected a patch size that divides both sides");
}

} // namespace

torch::Tensor patchify(const torch::Tensor &imgs, int64_t p)
{
    if (imgs.dim() != 4)
        throw ConfigError("patchify: expected images [B,C,H,W], got a tensor of " + std::to_string(imgs.dim()) +
                          " dimensions");
    checkPatch("patchify", p, imgs.size(2), imgs.size(3));
    const int64_t b = imgs.size(0), c = imgs.size(1), h = imgs.size(2) / p, w = imgs.size(3) / p;
    return imgs.reshape({b, c, h, p, w, p}).permute({0, 2, 4, 3, 5, 1}).reshape({b, h * w, p * p * c});
}

torch::Tensor unpatchify(const torch::Tensor &patches, int64_t p, int64_t channels, int64_t height, int64_t width)
{
    checkPatch("unpatchify", p, height, width);
    if (channels < 1)
        throw ConfigError("unpatchify: " + std::to_string(channels) + " channels is not accepted; expected 1 or more");
    const int64_t h = height / p, w = width / p;
    if (patches.dim() != 3 || patches.size(1) != h * w || patches.size(2) != p * p * channels)
        throw ConfigError("unpatchify: expected patches [B, " + std::to_string(h * w) + ", " +
                          std::to_string(p * p * channels) + "] for " + std::to_string(channels) + "x" +
                          std::to_string(height) + "x" + std::to_string(width) + " images in patches of " +
                          std::to_string(p) + ", got " + c10::str(patches.sizes()));
    const int64_t b = patches.size(0);
    return patches.reshape({b, h, w, p, p, channels}).permute({0, 5, 1, 3, 2, 4}).reshape({b, channels, height, width});
}

} // namespace pretext::engine
