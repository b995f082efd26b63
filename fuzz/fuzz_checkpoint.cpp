// Checkpoints (checkpoints/latest.pt): readCheckpointFile(), then the payload it returns loaded as a LibTorch archive
// and a few of the keys the trainer reads. The input is MODE | BYTES:
//   MODE bit 0 clear: BYTES is the file (the header's magic, JSON, length and CRC-32 checks);
//   MODE bit 0 set:   BYTES is the payload, wrapped by encodeCheckpoint() with a fixed identity, so that a mutated
//                     payload gets past the checksum and reaches LibTorch's zip and pickle readers.
#include "fuzz/fuzz_checks.h"

#include "engine/train/checkpoint.h"

#include <torch/serialize/input-archive.h>

using namespace pretext;
using namespace pretext::engine;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::initTorch();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const bool wrap = data[0] & 1;
    const std::string bytes(reinterpret_cast<const char *>(data) + 1, size - 1);
    const std::string path = fuzz::tempDir() + "/latest.pt";
    if (wrap) {
        CheckpointIdentity id;
        id.runId = "0123456789abcdef";
        id.configHash = "fedcba9876543210";
        id.step = 42;
        id.config = json::parse(R"({"method": "simclr", "epochs": 1})");
        fuzz::writeFile(path, encodeCheckpoint(id, bytes));
    } else {
        fuzz::writeFile(path, bytes);
    }
    std::string payload;
    try {
        const CheckpointIdentity id = readCheckpointFile(path, &payload);
        PRETEXT_FUZZ_CHECK(id.format == 0 || id.format == kCheckpointFormat);
        PRETEXT_FUZZ_CHECK(id.format == 0 || id.step >= 0);
        if (wrap) PRETEXT_FUZZ_CHECK(payload == bytes && id.step == 42);
    }
    PRETEXT_FUZZ_REJECTIONS
    if (payload.empty()) return 0;
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(payload.data(), payload.size());
        for (const auto &key : archive.keys()) {
            c10::IValue value;
            if (archive.try_read(key, value)) continue;
            torch::Tensor tensor;
            if (archive.try_read(key, tensor)) continue;
            torch::serialize::InputArchive sub;
            archive.try_read(key, sub);
        }
        c10::IValue step;
        if (archive.try_read("step", step) && step.isInt()) (void)step.toInt();
        torch::Tensor order;
        if (archive.try_read("epoch_order", order) && order.defined()) (void)order.numel();
    }
    catch (const c10::Error &) {}
    PRETEXT_FUZZ_REJECTIONS
    return 0;
}
