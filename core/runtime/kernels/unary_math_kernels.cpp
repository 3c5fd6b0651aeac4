// One-input math: Abs, Neg, Sign, Reciprocal, Sqrt, Exp, Log, Ceil, Floor, Round, the
// trigonometric and hyperbolic functions, Erf, IsInf, IsNaN, and Clip. Registered from
// registerElementwiseKernels.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math") // see elementwise_loops.h
#endif

#include "core/runtime/kernels/elementwise_loops.h"
#include "core/runtime/kernels/float_math.h"

#include <cmath>
#include <limits>

namespace silica::runtime {

namespace {

template <typename Op> KernelFactory floatUnary(Op op)
{
    return unaryKernel<false>(op);
}

// A float predicate → bool tensor (IsNaN, IsInf).
template <typename Op> Status predicateLoop(KernelContext &ctx, const Op &op)
{
    Expected<const Tensor *> x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Tensor &in = **x;
    return dispatchFloat(in.dataType(), ctx, [&](auto tag) {
        using T = decltype(tag);
        Tensor &out = ctx.allocateOutput(0, DataType::Bool, in.shape());
        unaryLoop<T, bool>(in, out, op);
        return Status::ok();
    });
}

struct AbsOp
{
    template <typename C> C operator()(C v) const
    {
        if constexpr (std::is_unsigned_v<C>)
            return v;
        else if constexpr (std::is_integral_v<C>)
            return v < 0 ? C(WrapType<C>(0) - WrapType<C>(v)) : v; // abs(INT_MIN) wraps
        else
            return std::fabs(v);
    }
};

struct NegOp
{
    template <typename C> C operator()(C v) const
    {
        if constexpr (std::is_integral_v<C>)
            return C(WrapType<C>(0) - WrapType<C>(v));
        else
            return -v;
    }
};

// numpy's sign: NaN stays NaN, -0 and 0 stay themselves.
struct SignOp
{
    template <typename C> C operator()(C v) const
    {
        if constexpr (std::is_unsigned_v<C>)
            return v > 0 ? C(1) : C(0);
        else
            return v > 0 ? C(1) : (v < 0 ? C(-1) : v);
    }
};

// Erf-13 accepts integer tensors: erf through double, truncated back (numpy's astype).
struct ErfOp
{
    template <typename C> C operator()(C v) const
    {
        if constexpr (std::is_integral_v<C>)
            return convertValue<C>(std::erf(double(v)));
        else
            return std::erf(v);
    }
};

struct ExpOp
{
    template <typename C> C operator()(C v) const
    {
        if constexpr (std::is_same_v<C, float>)
            return fastExp(v);
        else
            return std::exp(v);
    }
};

// float goes through sqrtRow (vectorized); the other float types per element.
Status computeSqrt(KernelContext &ctx)
{
    Expected<const Tensor *> x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Tensor &in = **x;
    if (in.dataType() == DataType::Float) {
        Tensor &out = ctx.allocateOutput(0, DataType::Float, in.shape());
        const float *src = in.data<float>();
        float *dst = out.mutableData<float>();
        parallelFor(in.elementCount(), kElementGrain,
                    [&](int64_t begin, int64_t end) { sqrtRow(src + begin, dst + begin, end - begin); });
        return Status::ok();
    }
    return dispatchFloat(in.dataType(), ctx, [&](auto tag) {
        using T = decltype(tag);
        Tensor &out = ctx.allocateOutput(0, in.dataType(), in.shape());
        unaryLoop<T, T>(in, out, [](auto v) { return std::sqrt(v); });
        return Status::ok();
    });
}

// Clip-6 bounds are attributes (float, whatever the input type); Clip-11+ takes optional
// scalar inputs of the input's type. When min > max every value becomes max (Clip-13 spec).
Status computeClip(KernelContext &ctx)
{
    Expected<const Tensor *> x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Tensor &in = **x;
    const int opset = ctx.opsetVersion();
    for (size_t i = 1; i < 3; ++i) {
        const Tensor *bound = opset >= 11 ? ctx.input(i) : nullptr;
        if (!bound)
            continue;
        if (bound->elementCount() != 1)
            return ctx.error(std::string(i == 1 ? "min" : "max") + " must be a scalar, got " +
                             bound->describe());
        if (bound->dataType() != in.dataType())
            return ctx.error(std::string(i == 1 ? "min" : "max") + " has type " +
                             dataTypeName(bound->dataType()) + ", input has " +
                             dataTypeName(in.dataType()));
    }
    auto run = [&](auto tag) {
        using T = decltype(tag);
        using C = ComputeType<T>;
        C lo = std::numeric_limits<C>::lowest(), hi = std::numeric_limits<C>::max();
        if (opset < 11) {
            lo = C(ctx.node().floatAttribute("min", float(lo)));
            hi = C(ctx.node().floatAttribute("max", float(hi)));
        } else {
            if (const Tensor *t = ctx.input(1))
                lo = C(t->data<T>()[0]);
            if (const Tensor *t = ctx.input(2))
                hi = C(t->data<T>()[0]);
        }
        Tensor &out = ctx.allocateOutput(0, in.dataType(), in.shape());
        unaryLoop<T, T>(in, out, [lo, hi](C v) { return std::min(std::max(v, lo), hi); });
        return Status::ok();
    };
    return opset >= 12 ? dispatchNumeric(in.dataType(), ctx, run)
                       : dispatchFloat(in.dataType(), ctx, run);
}

} // namespace

void registerUnaryMathKernels(KernelRegistry &registry)
{
    registry.add("Abs", 1, unaryKernel<true>(AbsOp{}));
    registry.add("Neg", 1, unaryKernel<true>(NegOp{}));
    registry.add("Sign", 9, unaryKernel<true>(SignOp{}));
    registry.add("Erf", 9, unaryKernel<true>(ErfOp{}));
    registry.add("Exp", 1, floatUnary(ExpOp{}));
    registry.add("Reciprocal", 1, floatUnary([](auto v) { return decltype(v)(1) / v; }));
    registry.add("Sqrt", 1, lambdaKernel(computeSqrt));
    registry.add("Log", 1, floatUnary([](auto v) { return std::log(v); }));
    registry.add("Ceil", 1, floatUnary([](auto v) { return std::ceil(v); }));
    registry.add("Floor", 1, floatUnary([](auto v) { return std::floor(v); }));
    // Round-11: halves go to the nearest even integer, the default rounding mode.
    registry.add("Round", 11, floatUnary([](auto v) { return std::nearbyint(v); }));
    registry.add("Sin", 7, floatUnary([](auto v) { return std::sin(v); }));
    registry.add("Cos", 7, floatUnary([](auto v) { return std::cos(v); }));
    registry.add("Tan", 7, floatUnary([](auto v) { return std::tan(v); }));
    registry.add("Asin", 7, floatUnary([](auto v) { return std::asin(v); }));
    registry.add("Acos", 7, floatUnary([](auto v) { return std::acos(v); }));
    registry.add("Atan", 7, floatUnary([](auto v) { return std::atan(v); }));
    registry.add("Sinh", 9, floatUnary([](auto v) { return std::sinh(v); }));
    registry.add("Cosh", 9, floatUnary([](auto v) { return std::cosh(v); }));
    registry.add("Asinh", 9, floatUnary([](auto v) { return std::asinh(v); }));
    registry.add("Acosh", 9, floatUnary([](auto v) { return std::acosh(v); }));
    registry.add("Atanh", 9, floatUnary([](auto v) { return std::atanh(v); }));
    registry.add("IsNaN", 9, lambdaKernel([](KernelContext &ctx) {
        return predicateLoop(ctx, [](auto v) { return std::isnan(v); });
    }));
    registry.add("IsInf", 10, [](const KernelInfo &info) {
        const bool positive = info.node.intAttribute("detect_positive", 1) != 0;
        const bool negative = info.node.intAttribute("detect_negative", 1) != 0;
        return lambdaKernel([positive, negative](KernelContext &ctx) {
            return predicateLoop(ctx, [positive, negative](auto v) {
                using C = decltype(v);
                constexpr C inf = std::numeric_limits<C>::infinity();
                return (positive & (v == inf)) | (negative & (v == -inf));
            });
        })(info);
    });
    registry.add("Clip", 1, lambdaKernel(computeClip));
}

} // namespace silica::runtime
