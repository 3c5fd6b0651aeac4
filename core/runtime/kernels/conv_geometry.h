#pragma once
// Spatial geometry shared by convolution and pooling style ops: kernel, strides, dilations
// and the begin/end padding after resolving auto_pad (ONNX Conv spec, "auto_pad").

#include "core/runtime/kernel.h"

#include <vector>

namespace silica::runtime {

struct ConvGeometry
{
    std::vector<int64_t> kernel, strides, dilations, padBegin, padEnd, output;
};

// `input` spatial dims; `kernel` from the weights or kernel_shape. Fails with a message naming
// the node when attributes do not fit the input.
Expected<ConvGeometry> resolveConvGeometry(const Node &node, const std::vector<int64_t> &input,
                                           const std::vector<int64_t> &kernel);

} // namespace silica::runtime
