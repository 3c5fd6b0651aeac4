#pragma once
// Window geometry of the pooling ops (MaxPool, AveragePool, LpPool, MaxUnpool): kernel,
// strides, dilations and pads from the attributes, output sizes from the auto_pad and
// ceil_mode rules of the ONNX MaxPool / AveragePool specs.

#include "core/runtime/kernels/kernel_util.h"

namespace silica::runtime {

// 1-, 2- and 3-D pools as 3-D ones: leading spatial axes of size 1 with kernel 1.
struct PoolGeometry
{
    static constexpr int kMaxDims = 3;
    int dims = 0; // spatial rank of the input
    int64_t in[kMaxDims] = {1, 1, 1}, out[kMaxDims] = {1, 1, 1};
    int64_t kernel[kMaxDims] = {1, 1, 1}, stride[kMaxDims] = {1, 1, 1};
    int64_t dilation[kMaxDims] = {1, 1, 1};
    int64_t padBegin[kMaxDims] = {0, 0, 0}, padEnd[kMaxDims] = {0, 0, 0};

    int64_t inCount() const { return in[0] * in[1] * in[2]; }
    int64_t outCount() const { return out[0] * out[1] * out[2]; }
    int64_t kernelCount() const { return kernel[0] * kernel[1] * kernel[2]; }
    // [N, C, out…]
    Shape outputShape(const Shape &input) const;
};

// Reads kernel_shape, strides, dilations (when `dilations`), pads, auto_pad and ceil_mode
// (when `ceilMode`) for an [N, C, spatial…] input.
Expected<PoolGeometry> poolGeometry(const KernelContext &ctx, const Shape &input, bool dilations,
                                    bool ceilMode);

} // namespace silica::runtime
