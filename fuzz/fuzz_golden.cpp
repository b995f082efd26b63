// Golden files (format "pretext-golden/1", tests/data/golden.json): the input is the file's text, read and evaluated
// by verifyGolden(). Each case runs an engine op (losses, patchify, rotate90, jigsaw, kNN) on the tensors the file
// gives, so this reaches the ops' argument checks as well as the reader.
#include "fuzz/fuzz_checks.h"

#include "engine/io/golden.h"

using namespace pretext;
using namespace pretext::engine;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::initTorch();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string path = fuzz::tempDir() + "/golden.json";
    fuzz::writeFile(path, { reinterpret_cast<const char *>(data), size });
    try {
        const GoldenReport report = verifyGolden(path);
        PRETEXT_FUZZ_CHECK(report.evaluated() <= static_cast<int>(report.cases.size()));
        PRETEXT_FUZZ_CHECK(report.failures() <= report.evaluated());
    }
    PRETEXT_FUZZ_REJECTIONS
    return 0;
}
