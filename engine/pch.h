// Precompiled header for Torch-heavy targets. Include only from CMake (target_precompile_headers).
#pragma once
#include <torch/torch.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
