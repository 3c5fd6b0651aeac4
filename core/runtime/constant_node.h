#pragma once
// The value of an ai.onnx Constant node (value, value_float(s), value_int(s)).

#include "core/runtime/tensor.h"

namespace silica::runtime {

Expected<Tensor> evaluateConstantNode(const Node &node);

} // namespace silica::runtime
