#include "core/runtime/kernels/pool_geometry.h"

#include <algorithm>

namespace silica::runtime {

Shape PoolGeometry::outputShape(const Shape &input) const
{
    Shape shape = {input[0], input[1]};
    for (int i = kMaxDims - dims; i < kMaxDims; ++i)
        shape.push_back(out[i]);
    return shape;
}

Expected<PoolGeometry> poolGeometry(const KernelContext &ctx, const Shape &input, bool dilations,
                                    bool ceilMode)
{
    const Node &node = ctx.node();
    PoolGeometry g;
    const int dims = int(input.size()) - 2;
    if (dims < 1 || dims > PoolGeometry::kMaxDims)
        return ctx.error("input must be [N, C] plus 1 to 3 spatial axes, got " + shapeString(input),
                         ErrorCode::Unsupported);
    g.dims = dims;
    const std::vector<int64_t> kernel = node.intsAttribute("kernel_shape");
    const std::vector<int64_t> strides = node.intsAttribute("strides");
    const std::vector<int64_t> dilation =
        dilations ? node.intsAttribute("dilations") : std::vector<int64_t>();
    const std::vector<int64_t> pads = node.intsAttribute("pads");
    if (int(kernel.size()) != dims)
        return ctx.error("kernel_shape must have " + std::to_string(dims) + " values for input " +
                         shapeString(input));
    if ((!strides.empty() && int(strides.size()) != dims) ||
        (!dilation.empty() && int(dilation.size()) != dims) ||
        (!pads.empty() && int(pads.size()) != 2 * dims))
        return ctx.error("strides, dilations and pads must match the " + std::to_string(dims) +
                         " spatial axes");
    const std::string autoPad = node.stringAttribute("auto_pad", "NOTSET");
    if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
        autoPad != "SAME_LOWER")
        return ctx.error("unknown auto_pad '" + autoPad + "'");
    const bool ceil = ceilMode && node.intAttribute("ceil_mode", 0) != 0;
    for (int i = 0; i < dims; ++i) {
        const int j = PoolGeometry::kMaxDims - dims + i;
        const int64_t in = input[size_t(2 + i)];
        const int64_t k = kernel[size_t(i)];
        const int64_t s = strides.empty() ? 1 : strides[size_t(i)];
        const int64_t d = dilation.empty() ? 1 : dilation[size_t(i)];
        int64_t pb = pads.empty() ? 0 : pads[size_t(i)];
        int64_t pe = pads.empty() ? 0 : pads[size_t(dims + i)];
        if (k <= 0 || s <= 0 || d <= 0 || pb < 0 || pe < 0)
            return ctx.error("kernel_shape, strides and dilations must be positive and pads "
                             "non-negative");
        const int64_t extent = (k - 1) * d + 1;
        int64_t out = 0;
        if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            // out = ceil(in / stride); the extra padding goes at the end for SAME_UPPER.
            out = (in + s - 1) / s;
            const int64_t total = std::max<int64_t>(0, (out - 1) * s + extent - in);
            pb = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
            pe = total - pb;
        } else {
            if (autoPad == "VALID")
                pb = pe = 0;
            const int64_t span = in + pb + pe - extent;
            if (span < 0)
                return ctx.error("the window (" + std::to_string(extent) +
                                 " with dilation) is larger than the padded input axis (" +
                                 std::to_string(in + pb + pe) + ")");
            out = (ceil ? (span + s - 1) / s : span / s) + 1;
            // With ceil_mode a last window that would start inside the end padding is
            // dropped (the rule PyTorch and later ONNX spec revisions state).
            if (ceil && (out - 1) * s >= in + pb)
                --out;
        }
        g.in[j] = in;
        g.out[j] = out;
        g.kernel[j] = k;
        g.stride[j] = s;
        g.dilation[j] = d;
        g.padBegin[j] = pb;
        g.padEnd[j] = pe;
    }
    return g;
}

} // namespace silica::runtime
