// Quantization ops: QuantizeLinear / DequantizeLinear (per tensor and per axis),
// DynamicQuantizeLinear, and the integer compute ops MatMulInteger, ConvInteger,
// QLinearMatMul, QLinearConv (int32 accumulation, then requantisation).

#include "core/runtime/kernels/conv_geometry.h"
#include "core/runtime/kernels/elementwise_loops.h"
#include "core/runtime/kernels/kernel_util.h"
#include "core/runtime/kernels/quant_math.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace silica::runtime {

namespace {

// Scale / zero point broadcast for element index i of a tensor quantised along `axis`.
struct QuantAxis
{
    int64_t inner = 1;  // elements after the axis
    int64_t count = 1;  // scale entries
    bool perAxis = false;
    int64_t channel(int64_t i) const { return perAxis ? (i / inner) % count : 0; }
};

Expected<QuantAxis> quantAxis(const KernelContext &ctx, const Tensor &x, const Tensor &scale)
{
    QuantAxis q;
    if (scale.elementCount() == 1 && scale.rank() <= 1)
        return q;
    if (scale.rank() != 1)
        return ctx.error("scale " + scale.describe() + " must be a scalar or 1-D");
    auto axis = normalizeAxis(ctx.node().intAttribute("axis", 1), x.rank(), ctx);
    if (!axis)
        return axis.status();
    if (x.dim(*axis) != scale.dim(0))
        return ctx.error("scale " + scale.describe() + " does not match axis " +
                         std::to_string(*axis) + " of " + x.describe());
    q.perAxis = true;
    q.count = scale.dim(0);
    for (int d = *axis + 1; d < x.rank(); ++d)
        q.inner *= x.dim(d);
    return q;
}

// Calls fn(begin, end, channel) for the runs of elements in [0, n) that share a scale, in
// parallel: the per-element work then has no index arithmetic and vectorises.
template <typename Fn> void forEachChannelRun(const QuantAxis &axis, int64_t n, const Fn &fn)
{
    const int64_t inner = axis.perAxis ? axis.inner : n;
    parallelFor(n, kElementGrain, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end;) {
            const int64_t block = i / std::max<int64_t>(inner, 1);
            const int64_t runEnd = std::min(end, (block + 1) * inner);
            fn(i, runEnd, axis.perAxis ? block % axis.count : 0);
            i = runEnd;
        }
    });
}

// One run of float32 → 8- or 16-bit integers sharing a scale: the general path's arithmetic
// (float quotient, round half to even, zero point, saturation, NaN → 0) in a loop the compiler
// vectorises. The quotient is clamped to ±2^20 first, which changes no saturated result.
template <typename T>
void quantizeRun(const float *__restrict in, T *__restrict out, int64_t n, float scale, float zero)
{
    constexpr float lo = float(std::numeric_limits<T>::min());
    constexpr float hi = float(std::numeric_limits<T>::max());
    constexpr float bound = float(1 << 20);
    for (int64_t i = 0; i < n; ++i) {
        const float q = in[i] / scale;
        const float clamped = q == q ? std::min(std::max(q, -bound), bound) : -zero;
        const float v = std::nearbyint(clamped) + zero;
        out[i] = T(std::min(std::max(v, lo), hi));
    }
}

template <typename T>
Status quantizeFloatTo(const Tensor &x, const QuantAxis &axis, const std::vector<double> &scales,
                       const std::vector<int64_t> &zeroPoints, Tensor &y)
{
    const float *in = x.data<float>();
    T *out = y.mutableData<T>();
    forEachChannelRun(axis, x.elementCount(), [&](int64_t begin, int64_t end, int64_t c) {
        quantizeRun<T>(in + begin, out + begin, end - begin, float(scales[size_t(c)]),
                       float(zeroPoints[size_t(c)]));
    });
    return Status::ok();
}

// (x − zero) · scale: the difference is exact in float and the product of two floats rounds
// once either way, so this equals the general path's double arithmetic.
template <typename T>
void dequantizeRun(const T *__restrict in, float *__restrict out, int64_t n, float scale, float zero)
{
    for (int64_t i = 0; i < n; ++i)
        out[i] = (float(in[i]) - zero) * scale;
}

template <typename T>
void dequantizeToFloat(const Tensor &x, const QuantAxis &axis, const std::vector<double> &scales,
                       const std::vector<int64_t> &zeroPoints, Tensor &y)
{
    const T *in = x.data<T>();
    float *out = y.mutableData<float>();
    forEachChannelRun(axis, x.elementCount(), [&](int64_t begin, int64_t end, int64_t c) {
        dequantizeRun<T>(in + begin, out + begin, end - begin, float(scales[size_t(c)]),
                         float(zeroPoints[size_t(c)]));
    });
}

Status quantizeLinear(KernelContext &ctx)
{
    auto xin = ctx.requiredInput(0);
    auto sin = ctx.requiredInput(1);
    if (!xin || !sin)
        return !xin ? xin.status() : sin.status();
    const Tensor &x = **xin, &scale = **sin;
    const Tensor *zp = ctx.input(2);
    const DataType outType = zp ? zp->dataType() : DataType::Uint8;
    auto axis = quantAxis(ctx, x, scale);
    if (!axis)
        return axis.status();
    if (zp && zp->elementCount() != scale.elementCount())
        return ctx.error("zero point " + zp->describe() + " does not match scale " + scale.describe());
    if (ctx.node().intAttribute("block_size", 0) != 0)
        return ctx.error("blocked quantization (block_size) is not supported", ErrorCode::Unsupported);
    const std::vector<double> s = scale.toDoubles();
    const std::vector<int64_t> z = zp ? zp->toInt64s() : std::vector<int64_t>(s.size(), 0);
    if (x.dataType() == DataType::Float && z.size() == s.size()) {
        switch (outType) {
        case DataType::Uint8:
            return quantizeFloatTo<uint8_t>(x, *axis, s, z, ctx.allocateOutput(0, outType, x.shape()));
        case DataType::Int8:
            return quantizeFloatTo<int8_t>(x, *axis, s, z, ctx.allocateOutput(0, outType, x.shape()));
        case DataType::Uint16:
            return quantizeFloatTo<uint16_t>(x, *axis, s, z, ctx.allocateOutput(0, outType, x.shape()));
        case DataType::Int16:
            return quantizeFloatTo<int16_t>(x, *axis, s, z, ctx.allocateOutput(0, outType, x.shape()));
        default:
            break;
        }
    }
    const std::vector<double> xv = x.toDoubles();
    if (xv.size() != size_t(x.elementCount()))
        return ctx.error("input element type " + dataTypeName(x.dataType()) + " is not supported",
                         ErrorCode::Unsupported);
    if (z.size() != s.size())
        return ctx.error("zero point element type " + dataTypeName(outType) + " is not supported",
                         ErrorCode::Unsupported);
    Tensor &y = ctx.allocateOutput(0, outType, x.shape());
    return dispatchNumeric(outType, ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        if constexpr (!std::is_integral_v<T>) {
            return ctx.error("output type " + dataTypeName(outType) + " is not supported",
                             ErrorCode::Unsupported);
        } else {
            T *out = y.mutableData<T>();
            const int64_t n = x.elementCount();
            // ONNX: saturate(round_half_to_even(x / scale) + zero_point), the division in the
            // input's precision (a float32 quotient may round to .5 where a double one does not).
            const bool single = x.dataType() != DataType::Double;
            for (int64_t i = 0; i < n; ++i) {
                const int64_t c = axis->channel(i);
                const double quotient = single ? double(float(xv[size_t(i)]) / float(s[size_t(c)]))
                                               : xv[size_t(i)] / s[size_t(c)];
                out[i] = saturateTo<T>(std::nearbyint(quotient) + double(z[size_t(c)]));
            }
            return Status::ok();
        }
    });
}

Status dequantizeLinear(KernelContext &ctx)
{
    auto xin = ctx.requiredInput(0);
    auto sin = ctx.requiredInput(1);
    if (!xin || !sin)
        return !xin ? xin.status() : sin.status();
    const Tensor &x = **xin, &scale = **sin;
    const Tensor *zp = ctx.input(2);
    auto axis = quantAxis(ctx, x, scale);
    if (!axis)
        return axis.status();
    if (zp && zp->elementCount() != scale.elementCount())
        return ctx.error("zero point " + zp->describe() + " does not match scale " + scale.describe());
    if (ctx.node().intAttribute("block_size", 0) != 0)
        return ctx.error("blocked quantization (block_size) is not supported", ErrorCode::Unsupported);
    const std::vector<double> s = scale.toDoubles();
    const std::vector<int64_t> z = zp ? zp->toInt64s() : std::vector<int64_t>(s.size(), 0);
    if (scale.dataType() == DataType::Float && z.size() == s.size() && !s.empty()) {
        const DataType type = x.dataType();
        if (type == DataType::Uint8 || type == DataType::Int8 || type == DataType::Uint16 ||
            type == DataType::Int16) {
            Tensor &y = ctx.allocateOutput(0, DataType::Float, x.shape());
            if (type == DataType::Uint8)
                dequantizeToFloat<uint8_t>(x, *axis, s, z, y);
            else if (type == DataType::Int8)
                dequantizeToFloat<int8_t>(x, *axis, s, z, y);
            else if (type == DataType::Uint16)
                dequantizeToFloat<uint16_t>(x, *axis, s, z, y);
            else
                dequantizeToFloat<int16_t>(x, *axis, s, z, y);
            return Status::ok();
        }
    }
    const std::vector<int64_t> xv = x.toInt64s();
    if (xv.size() != size_t(x.elementCount()) || z.size() != s.size() || s.empty())
        return ctx.error("element types " + x.describe() + " / " + scale.describe() +
                             " are not supported",
                         ErrorCode::Unsupported);
    Tensor &y = ctx.allocateOutput(0, scale.dataType(), x.shape());
    return dispatchFloat(scale.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        T *out = y.mutableData<T>();
        for (int64_t i = 0; i < x.elementCount(); ++i) {
            const int64_t c = axis->channel(i);
            out[i] = T(float(double(xv[size_t(i)] - z[size_t(c)]) * s[size_t(c)]));
        }
        return Status::ok();
    });
}

Status dynamicQuantizeLinear(KernelContext &ctx)
{
    auto xin = ctx.requiredInput(0);
    if (!xin)
        return xin.status();
    const Tensor &x = **xin;
    if (x.dataType() != DataType::Float)
        return ctx.error("input must be float32, got " + x.describe());
    const float *xd = x.data<float>();
    const int64_t n = x.elementCount();
    // The range always includes 0 so that zero is exactly representable (ONNX spec).
    float lo = 0.0f, hi = 0.0f;
    for (int64_t i = 0; i < n; ++i) {
        lo = std::min(lo, xd[i]);
        hi = std::max(hi, xd[i]);
    }
    const float scale = (hi - lo) / 255.0f;
    const float zpf = scale == 0.0f ? 0.0f : std::nearbyint(std::clamp(0.0f - lo / scale, 0.0f, 255.0f));
    Tensor &y = ctx.allocateOutput(0, DataType::Uint8, x.shape());
    uint8_t *yd = y.mutableData<uint8_t>();
    for (int64_t i = 0; i < n; ++i)
        yd[i] = scale == 0.0f ? uint8_t(zpf) : saturateTo<uint8_t>(std::nearbyint(xd[i] / scale) + zpf);
    if (ctx.wantsOutput(1))
        *ctx.allocateOutput(1, DataType::Float, {}).mutableData<float>() = scale;
    if (ctx.wantsOutput(2))
        *ctx.allocateOutput(2, DataType::Uint8, {}).mutableData<uint8_t>() = uint8_t(zpf);
    return Status::ok();
}

} // namespace

void registerIntegerComputeKernels(KernelRegistry &registry);

void registerQuantKernels(KernelRegistry &registry)
{
    registry.add("QuantizeLinear", 10, lambdaKernel(quantizeLinear));
    registry.add("DequantizeLinear", 10, lambdaKernel(dequantizeLinear));
    registry.add("DynamicQuantizeLinear", 11, lambdaKernel(dynamicQuantizeLinear));
    registerIntegerComputeKernels(registry);
}

} // namespace silica::runtime
