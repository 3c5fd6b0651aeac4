#pragma once
// The integer compute ops MatMulInteger, ConvInteger, QLinearMatMul and QLinearConv, shared by
// their two implementations: exact plain loops for every case (integer_kernels.cpp) and
// oneDNN int8 primitives for the cases it computes exactly (integer_dnnl_kernels.cpp), which
// fall back to the loops for the rest. Both requantise through requantize() below, so a node
// gives the same bits whichever path ran it.

#include "core/runtime/kernel.h"

#include <vector>

namespace silica::runtime {

// Where each operand sits in the node's inputs (ONNX: the *Integer ops list x, w, x_zp,
// w_zp; the QLinear ops x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp[, bias]).
struct IntegerOperands
{
    bool qlinear = false;
    size_t x = 0, xZeroPoint = 2, w = 1, wZeroPoint = 3;
    size_t xScale = 0, wScale = 0, yScale = 0, yZeroPoint = 0, bias = 0; // QLinear only

    static IntegerOperands integer() { return {}; }
    static IntegerOperands qlinearOp() { return {true, 0, 2, 3, 5, 1, 4, 6, 7, 8}; }
};

// Zero point per index along a dimension of size `n` (absent: 0; scalar or 1-D of n).
Expected<std::vector<int32_t>> integerZeroPoints(const KernelContext &ctx, const Tensor *zp,
                                                 int64_t n, const char *what);

// How a QLinear op turns int32 accumulators into its output (ONNX QLinearConv, QLinearMatMul):
//   y = saturate(round_half_even((acc + bias[c]) · a_scale · b_scale[c] / y_scale) + y_zp)
// in float64: the product of two float32 scales is exact there, so the result rounds twice
// (the division, the product with the accumulator) at 2^-53 relative, where float32 would
// round at 2^-24 and move values that sit near a .5 to the other side.
struct Requantization
{
    std::vector<double> scale; // per output channel
    std::vector<int64_t> bias; // per output channel, empty without bias
    double zeroPoint = 0;
    DataType type = DataType::Uint8;
};

// From the node's scale, zero point and bias inputs, for `channels` output channels.
Expected<Requantization> requantizationOf(const KernelContext &ctx, const IntegerOperands &ops,
                                          int64_t channels);

// Requantises accumulators laid out [outer, channels, inner] (channel c uses scale[c] and
// bias[c]) into `y` of the same element order.
Status requantize(const KernelContext &ctx, const Requantization &rq, const int32_t *acc,
                  int64_t outer, int64_t channels, int64_t inner, Tensor &y);

// The exact plain loops: any rank, any zero-point form, any integer element types.
Status matMulIntegerPlain(KernelContext &ctx);
Status convIntegerPlain(KernelContext &ctx);
Status qlinearMatMulPlain(KernelContext &ctx);
Status qlinearConvPlain(KernelContext &ctx);

// oneDNN kernels (integer_dnnl_kernels.cpp); each falls back to the plain loop above.
KernelFactory dnnlIntegerConvKernel(const IntegerOperands &ops,
                                    Status (*fallback)(KernelContext &));
KernelFactory dnnlIntegerMatMulKernel(const IntegerOperands &ops,
                                      Status (*fallback)(KernelContext &));

} // namespace silica::runtime
