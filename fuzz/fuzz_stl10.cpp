// STL-10 binary files: loadDataset("stl10:DIR"). The input is OPT | X-SPEC SEP train_y.bin [SEP class_names.txt]:
// X-SPEC stands for train_X.bin (27648 bytes per image; see stlImageFile() in fuzz_common.h), test_X.bin and
// test_y.bin are a fixed, valid one-image pair, and without a third part there is no class_names.txt. OPT bits 0-2
// and 3-5: limitTrain and limitTest (0 = all); bit 6: the files sit in DIR/stl10_binary/.
#include "fuzz/fuzz_checks.h"

#include <filesystem>

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
    const auto parts = fuzz::splitParts({ reinterpret_cast<const char *>(data) + 1, size - 1 }, 3);
    const std::string dir = fuzz::freshDir();
    std::string root = dir;
    if (opt & 0x40) {
        root += "/stl10_binary";
        std::filesystem::create_directory(root);
    }
    fuzz::writeFile(root + "/train_X.bin", fuzz::stlImageFile(parts[0]));
    fuzz::writeFile(root + "/train_y.bin", parts.size() > 1 ? parts[1] : std::string_view());
    if (parts.size() > 2) fuzz::writeFile(root + "/class_names.txt", parts[2]);
    static const std::string testX = fuzz::stlImageFile(fuzz::stlSpec(1, 0, "\x10\x80\xf0"));
    fuzz::writeFile(root + "/test_X.bin", testX);
    fuzz::writeFile(root + "/test_y.bin", "\x03");
    engine::LoadOptions options;
    options.limitTrain = opt & 7;
    options.limitTest = (opt >> 3) & 7;
    try {
        const auto splits = engine::loadDataset("stl10:" + dir, options);
        fuzz::checkDataset(splits.train, 3, options.limitTrain);
        fuzz::checkDataset(splits.test, 3, options.limitTest);
        PRETEXT_FUZZ_CHECK(splits.train.numClasses() == 10 && splits.train.height() == 96);
    }
    PRETEXT_FUZZ_REJECTIONS
    return 0;
}
