#pragma once
// Measures a model on this machine with Silica's runtime, for the host CPU device: random
// inputs (symbolic dimensions as 1), one warm-up run, then `repeat` timed runs; the median
// time of every node.

#include "core/device/backend.h"

namespace silica::device {

// `dims` sizes symbolic dimensions (others are 1).
HostTimer runtimeHostTimer(int repeat = 5, int threads = 0, std::map<std::string, int64_t> dims = {});

// The shape of every main-graph value in one run with random inputs (symbolic dimensions 1).
ShapeProbe runtimeShapeProbe(std::map<std::string, int64_t> dims = {});

} // namespace silica::device
