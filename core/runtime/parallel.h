#pragma once
// The runtime's thread pool for loops, for kernels and for code that streams tensors the
// runtime produced (calibration, error statistics).

#include <cstdint>
#include <functional>

namespace silica::runtime {

// Runs fn(begin, end) over [0, count) split across threads (OpenMP), in chunks of at least
// `grain` items; runs inline when the work is small. An exception thrown by fn is rethrown on
// the calling thread.
void parallelFor(int64_t count, int64_t grain, const std::function<void(int64_t, int64_t)> &fn);

} // namespace silica::runtime
