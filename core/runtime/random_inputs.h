#pragma once
// Seeded random feeds for a model's inputs: uniform in [0, 1) for floats (like a normalised
// image), small non-negative integers for integer inputs. Symbolic or unknown dimensions take
// the value given for their name in `dims`, or 1.

#include "core/runtime/tensor.h"

#include <map>
#include <utility>
#include <vector>

namespace silica::runtime {

Expected<std::vector<std::pair<std::string, Tensor>>>
randomInputs(const std::vector<ValueInfo> &inputs, uint64_t seed,
             const std::map<std::string, int64_t> &dims = {});

} // namespace silica::runtime
