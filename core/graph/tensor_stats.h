#pragma once
// Summary statistics of a weight tensor, for the inspector (range, spread, sparsity).

#include "core/common/status.h"
#include "core/graph/model.h"

#include <vector>

namespace silica {

struct TensorStatistics
{
    uint64_t count = 0;
    double min = 0, max = 0, mean = 0, stddev = 0;
    uint64_t zeros = 0;
    uint64_t nonFinite = 0; // NaN / Inf elements
};

// Fails (Unsupported) for string, complex and sub-byte types.
Expected<TensorStatistics> tensorStatistics(const Tensor &tensor);

// Element values as double, for small tensors in the inspector and tests (at most `limit`).
Expected<std::vector<double>> tensorValues(const Tensor &tensor, uint64_t limit);

} // namespace silica
