// MNIST / Fashion-MNIST IDX files, uncompressed: loadDataset("mnist:DIR") on a folder whose training files come from
// the input (OPT | train-images-idx3-ubyte SEP train-labels-idx1-ubyte) and whose test files are fixed and valid.
// OPT sets the limits (1..8 each): they bound what a header may make the loader allocate (at most 8 images of
// 4096 x 4096), and a file of up to 8 records is still read to its end.
#include "fuzz/fuzz_checks.h"

using namespace pretext;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::initTorch();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const uint8_t opt = data[0];
    const auto parts = fuzz::splitParts({ reinterpret_cast<const char *>(data) + 1, size - 1 }, 2);
    const std::string dir = fuzz::freshDir();
    fuzz::writeFile(dir + "/train-images-idx3-ubyte", parts[0]);
    fuzz::writeFile(dir + "/train-labels-idx1-ubyte", parts.size() > 1 ? parts[1] : std::string_view());
    fuzz::writeFile(dir + "/t10k-images-idx3-ubyte", fuzz::idxImages(2, 4, 4));
    fuzz::writeFile(dir + "/t10k-labels-idx1-ubyte", fuzz::idxLabels(2));
    engine::LoadOptions options;
    options.limitTrain = 1 + (opt & 7);
    options.limitTest = 1 + ((opt >> 3) & 7);
    try {
        const auto splits = engine::loadDataset("mnist:" + dir, options);
        fuzz::checkDataset(splits.train, 1, options.limitTrain);
        fuzz::checkDataset(splits.test, 1, options.limitTest);
    }
    PRETEXT_FUZZ_REJECTIONS
    return 0;
}
