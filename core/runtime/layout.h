#pragma once
// Conversions between plain NCHW and the other float layouts (see Layout).

#include "core/runtime/tensor.h"

#include <oneapi/dnnl/dnnl.hpp>

namespace silica::runtime {

// oneDNN's format tag for a 4-D tensor in `layout`.
dnnl::memory::format_tag dnnlTag(Layout layout);
// The layout a oneDNN memory descriptor of a 4-D [N,C,H,W] tensor stands for, if it is one
// Silica keeps (plain, channels-last, nChw8c, nChw16c).
bool layoutOf(const dnnl::memory::desc &md, const Shape &shape, Layout &layout);

// A channels-last tensor with H·W = 1 has the bytes of its plain form.
bool sameBytesAsPlain(const Tensor &t);

// `dst` holds elementCount() floats in plain NCHW order.
void toPlain(const Tensor &src, float *dst);
// `dst` is a tensor of the same shape in its layout; channel padding is zeroed.
void fromPlain(const float *src, Tensor &dst);

} // namespace silica::runtime
