// CIFAR-10 binary batches: loadDataset("cifar10:DIR"). The input is OPT | data_batch_1.bin SEP data_batch_2.bin
// [SEP batches.meta.txt]; data_batch_3..5.bin and test_batch.bin are fixed, valid one-record files, and without a
// third part there is no batches.meta.txt (the default class names). OPT bits 0-2 and 3-5: limitTrain and limitTest
// (0 = all); bit 6: the files sit in DIR/cifar-10-batches-bin/, as the official archive unpacks.
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
        root += "/cifar-10-batches-bin";
        std::filesystem::create_directory(root);
    }
    fuzz::writeFile(root + "/data_batch_1.bin", parts[0]);
    fuzz::writeFile(root + "/data_batch_2.bin", parts.size() > 1 ? parts[1] : std::string_view());
    if (parts.size() > 2) fuzz::writeFile(root + "/batches.meta.txt", parts[2]);
    static const std::string fixed = fuzz::cifarRecords(1, 3);
    for (const char *name : { "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin" })
        fuzz::writeFile(root + "/" + name, fixed);
    engine::LoadOptions options;
    options.limitTrain = opt & 7;
    options.limitTest = (opt >> 3) & 7;
    try {
        const auto splits = engine::loadDataset("cifar10:" + dir, options);
        fuzz::checkDataset(splits.train, 3, options.limitTrain);
        fuzz::checkDataset(splits.test, 3, options.limitTest);
        PRETEXT_FUZZ_CHECK(splits.train.numClasses() == 10 && splits.train.height() == 32);
    }
    PRETEXT_FUZZ_REJECTIONS
    return 0;
}
