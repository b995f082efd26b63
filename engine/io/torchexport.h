// A run's encoder for PyTorch users (pretext-cli export): its weights as a state dict that Python's torch.load reads,
// a generated Python module with the same architecture, and example inputs with our features of them, so that anyone
// can check in Python that the module computes what the workbench computes. Torch-free header.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pretext::engine {

struct TorchExportOptions {
    std::string runDir;
    std::string outDir;
    bool force = false;      // write into a folder that already holds files (the export's own files are replaced)
    bool randomInit = false; // the untrained encoder the run's seed builds, instead of the trained one
    int64_t examples = 32;   // test images in example_inputs.pt and example_features.pt
};

struct TorchExportResult {
    std::vector<std::string> files; // every file written, in the order written
    std::string backbone;           // convnet, resnet18 or vit-tiny
    int64_t featureDim = 0;
    int64_t step = 0;               // the checkpoint's step (0 for the random-init encoder)
    int64_t examples = 0;
    std::vector<int64_t> inputShape; // of one example input: channels, height, width
    // What the generated module's preprocess() reproduces from uint8 images; false when the run's method feeds its
    // encoder something else than the normalised image (a crop, the luma).
    bool preprocessAvailable = false;
    double tolerance = 0;           // the largest absolute feature difference a correct port may show
};

// The files an export writes, in order.
std::vector<std::string> torchExportFiles();

// Writes the export of options.runDir's latest checkpoint into options.outDir (created when missing). Throws
// ConfigError when runDir is not a run folder, when outDir is a file, holds files (unless force) or cannot be
// written, and DataError when the run has no checkpoint. A failed export removes the folder it created.
TorchExportResult exportForPyTorch(const TorchExportOptions &options);

} // namespace pretext::engine
