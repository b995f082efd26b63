#include "engine/core/version.h"

#include <torch/cuda.h>
#include <torch/version.h>

namespace pretext::engine {

std::string libtorchVersion()
{
    return TORCH_VERSION;
}

bool cudaAvailable()
{
    return torch::cuda::is_available();
}

std::string versionString()
{
    std::string s = std::string("Pretext Workbench ") + PRETEXT_VERSION + " (LibTorch " + libtorchVersion() + ", " +
                    (cudaAvailable() ? "CUDA available" : "CPU only");
#ifdef PRETEXT_HAVE_OPENCV
    s += ", OpenCV image folders";
#endif
    return s + ")";
}

} // namespace pretext::engine
