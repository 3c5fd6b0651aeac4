#include "core/runtime/kernels/conv_geometry.h"

namespace silica::runtime {

Expected<ConvGeometry> resolveConvGeometry(const Node &node, const std::vector<int64_t> &input,
                                           const std::vector<int64_t> &kernel)
{
    const size_t n = input.size();
    auto fail = [&node](const std::string &what) {
        return Status(ErrorCode::InvalidArgument,
                      node.opType + " '" + node.displayName() + "': " + what);
    };
    ConvGeometry g;
    g.kernel = kernel;
    g.strides = node.intsAttribute("strides");
    g.dilations = node.intsAttribute("dilations");
    std::vector<int64_t> pads = node.intsAttribute("pads");
    if (g.strides.empty())
        g.strides.assign(n, 1);
    if (g.dilations.empty())
        g.dilations.assign(n, 1);
    if (pads.empty())
        pads.assign(2 * n, 0);
    if (kernel.size() != n || g.strides.size() != n || g.dilations.size() != n ||
        pads.size() != 2 * n)
        return fail("kernel_shape, strides, dilations or pads do not match the input's " +
                    std::to_string(n) + " spatial dimensions");
    const std::string autoPad = node.stringAttribute("auto_pad", "NOTSET");
    g.padBegin.assign(n, 0);
    g.padEnd.assign(n, 0);
    g.output.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
        if (g.strides[i] <= 0 || g.dilations[i] <= 0 || kernel[i] <= 0)
            return fail("strides, dilations and kernel sizes must be positive");
        const int64_t extent = (kernel[i] - 1) * g.dilations[i] + 1;
        if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            const int64_t out = (input[i] + g.strides[i] - 1) / g.strides[i];
            const int64_t total = std::max<int64_t>(0, (out - 1) * g.strides[i] + extent - input[i]);
            const int64_t small = total / 2, large = total - total / 2;
            g.padBegin[i] = autoPad == "SAME_UPPER" ? small : large;
            g.padEnd[i] = autoPad == "SAME_UPPER" ? large : small;
        } else if (autoPad == "VALID") {
            // no padding
        } else if (autoPad == "NOTSET" || autoPad.empty()) {
            g.padBegin[i] = pads[i];
            g.padEnd[i] = pads[i + n];
        } else {
            return fail("auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
        }
        const int64_t span = input[i] + g.padBegin[i] + g.padEnd[i] - extent;
        if (span < 0)
            return fail("the kernel (extent " + std::to_string(extent) +
                        ") is larger than the padded input (" +
                        std::to_string(input[i] + g.padBegin[i] + g.padEnd[i]) + ")");
        g.output[i] = span / g.strides[i] + 1;
    }
    return g;
}

} // namespace silica::runtime
