// Binary arithmetic (Add, Sub, Mul, Div, Pow, Mod) and the variadic Max, Min, Sum, Mean; the
// other element-wise families live in logic_kernels, unary_math_kernels and cast_kernels.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math") // see elementwise_loops.h
#endif

#include "core/runtime/kernels/elementwise_loops.h"
#include "core/runtime/kernels/float_math.h"

#include <cmath>

namespace silica::runtime {

Expected<Shape> broadcastOutputShape(const KernelContext &ctx,
                                     const std::vector<const Shape *> &shapes)
{
    Expected<Shape> shape = broadcastShapes(shapes);
    if (!shape)
        return ctx.error(shape.error().message());
    return shape;
}

Expected<Shape> legacyBroadcastShape(const KernelContext &ctx, const Shape &a, const Shape &b)
{
    const Node &node = ctx.node();
    const Attribute *axisAttr = node.attribute("axis");
    if (ctx.opsetVersion() >= 7 || node.intAttribute("broadcast", 0) == 0 || !axisAttr)
        return b; // without an axis, B's trailing axes line up: numpy's rule
    const int64_t rank = int64_t(a.size());
    const int64_t axis = axisAttr->i < 0 ? axisAttr->i + rank : axisAttr->i;
    if (axis < 0 || axis + int64_t(b.size()) > rank)
        return ctx.error("cannot broadcast B " + shapeString(b) + " onto A " + shapeString(a) +
                         " at axis " + std::to_string(axisAttr->i));
    Shape viewed = b;
    viewed.resize(size_t(rank - axis), 1);
    return viewed;
}

double scalarValue(const Tensor &t)
{
    const std::vector<double> values = t.toDoubles();
    return values.empty() ? 0.0 : values.front();
}

Expected<BinaryOperands> binaryOperands(const KernelContext &ctx, bool sameType)
{
    Expected<const Tensor *> a = ctx.requiredInput(0);
    if (!a)
        return a.status();
    Expected<const Tensor *> b = ctx.requiredInput(1);
    if (!b)
        return b.status();
    if (sameType && (*a)->dataType() != (*b)->dataType())
        return ctx.error("input types " + dataTypeName((*a)->dataType()) + " and " +
                         dataTypeName((*b)->dataType()) + " differ");
    BinaryOperands ops;
    ops.a = *a;
    Expected<Shape> bShape = legacyBroadcastShape(ctx, (*a)->shape(), (*b)->shape());
    if (!bShape)
        return bShape.status();
    ops.b = *bShape == (*b)->shape() ? **b : (*b)->reshaped(*bShape);
    Expected<Shape> out = broadcastOutputShape(ctx, {&ops.a->shape(), &ops.b.shape()});
    if (!out)
        return out.status();
    ops.outShape = std::move(*out);
    return ops;
}

namespace {

struct AddOp
{
    template <typename C> C operator()(C a, C b) const
    {
        if constexpr (std::is_integral_v<C>)
            return C(WrapType<C>(a) + WrapType<C>(b));
        else
            return a + b;
    }
};

struct SubOp
{
    template <typename C> C operator()(C a, C b) const
    {
        if constexpr (std::is_integral_v<C>)
            return C(WrapType<C>(a) - WrapType<C>(b));
        else
            return a - b;
    }
};

struct MulOp
{
    template <typename C> C operator()(C a, C b) const
    {
        if constexpr (std::is_integral_v<C>)
            return C(WrapType<C>(a) * WrapType<C>(b));
        else
            return a * b;
    }
};

// Integer division truncates (as C and ONNX Runtime do); x / 0 gives 0 instead of a crash, and
// INT_MIN / -1 wraps.
struct DivOp
{
    template <typename C> C operator()(C a, C b) const
    {
        if constexpr (std::is_integral_v<C>) {
            if (b == 0)
                return C(0);
            if constexpr (std::is_signed_v<C>)
                if (b == C(-1))
                    return C(WrapType<C>(0) - WrapType<C>(a));
            return C(a / b);
        } else {
            return a / b;
        }
    }
};

// Mod-10: fmod=0 takes the sign of the divisor (Python's %), fmod=1 the sign of the dividend
// (C's fmod). x mod 0 gives 0 for integers, NaN for floats.
struct ModOp
{
    bool fmod = false;
    template <typename C> C operator()(C a, C b) const
    {
        if constexpr (std::is_integral_v<C>) {
            if (b == 0)
                return C(0);
            if constexpr (std::is_signed_v<C>) {
                if (b == C(-1))
                    return C(0);
                const C r = C(a % b);
                return !fmod && r != 0 && ((r < 0) != (b < 0)) ? C(r + b) : r;
            } else {
                return C(a % b);
            }
        } else {
            const C r = std::fmod(a, b);
            return !fmod && r != 0 && ((r < 0) != (b < 0)) ? C(r + b) : r;
        }
    }
};

// Integer powers by squaring, wrapping like numpy; a negative exponent truncates 1/a^n to 0.
template <typename C> C integerPow(C base, int64_t exponent)
{
    if (exponent < 0) {
        if (base == C(1))
            return C(1);
        if constexpr (std::is_signed_v<C>)
            if (base == C(-1))
                return (exponent & 1) ? C(-1) : C(1);
        return C(0);
    }
    WrapType<C> result = 1, factor = WrapType<C>(base);
    for (; exponent > 0; exponent >>= 1) {
        if (exponent & 1)
            result = WrapType<C>(result * factor);
        factor = WrapType<C>(factor * factor);
    }
    return C(result);
}

// Pow-12+: the result has the base's type; integer bases with a float exponent go through
// double and truncate, as numpy's power(…).astype(base type) does.
struct PowOp
{
    template <typename C, typename E> C operator()(C a, E b) const
    {
        if constexpr (std::is_integral_v<C> && std::is_integral_v<E>)
            return integerPow(a, int64_t(b));
        else if constexpr (std::is_same_v<C, float> && std::is_same_v<E, float>)
            return std::pow(a, b);
        else
            return convertValue<C>(std::pow(double(a), double(b)));
    }
};

template <typename Op, bool IntegersToo> KernelFactory arithmeticKernel(Op op = {})
{
    return lambdaKernel([op](KernelContext &ctx) -> Status {
        Expected<BinaryOperands> ops = binaryOperands(ctx);
        if (!ops)
            return ops.status();
        const DataType type = ops->a->dataType();
        auto run = [&](auto tag) {
            using T = decltype(tag);
            Tensor &out = ctx.allocateOutput(0, type, ops->outShape);
            binaryLoop<T, T, T>(*ops->a, ops->b, out, op);
            return Status::ok();
        };
        if constexpr (IntegersToo)
            return dispatchNumeric(type, ctx, run);
        else
            return dispatchFloat(type, ctx, run);
    });
}

// x^2, x^3, √x and x^1 for a float tensor and a constant-like scalar exponent: the common
// forms in exported models (variance, GELU's tanh form), without a pow call per element.
bool tryScalarPow(KernelContext &ctx, const Tensor &x, const Tensor &y, const Shape &outShape)
{
    if (x.dataType() != DataType::Float || y.elementCount() != 1 || outShape != x.shape())
        return false;
    const double e = scalarValue(y);
    auto map = [&](auto f) {
        Tensor &out = ctx.allocateOutput(0, DataType::Float, x.shape());
        unaryLoop<float, float>(x, out, f);
        return true;
    };
    if (e == 2.0)
        return map([](float v) { return v * v; });
    if (e == 3.0)
        return map([](float v) { return v * v * v; });
    if (e == 1.0)
        return map([](float v) { return v; });
    if (e == 0.5) {
        Tensor &out = ctx.allocateOutput(0, DataType::Float, x.shape());
        const float *src = x.data<float>();
        float *dst = out.mutableData<float>();
        parallelFor(x.elementCount(), kElementGrain,
                    [&](int64_t begin, int64_t end) { sqrtRow(src + begin, dst + begin, end - begin); });
        return true;
    }
    return false;
}

Status computePow(KernelContext &ctx)
{
    Expected<BinaryOperands> ops = binaryOperands(ctx, ctx.opsetVersion() < 12);
    if (!ops)
        return ops.status();
    const Tensor &x = *ops->a;
    if (tryScalarPow(ctx, x, ops->b, ops->outShape))
        return Status::ok();
    // A differently typed exponent is read as double (or int64 when integral) rather than
    // instantiating every pair of types.
    Tensor y = ops->b;
    if (y.dataType() != x.dataType()) {
        const bool floatExponent = y.dataType() == DataType::Float ||
                                   y.dataType() == DataType::Double ||
                                   y.dataType() == DataType::Float16 ||
                                   y.dataType() == DataType::BFloat16;
        y = floatExponent ? Tensor::fromVector(DataType::Double, y.shape(), y.toDoubles())
                          : Tensor::fromVector(DataType::Int64, y.shape(), y.toInt64s());
    }
    return dispatchNumeric(x.dataType(), ctx, [&](auto tag) {
        using T = decltype(tag);
        Tensor &out = ctx.allocateOutput(0, x.dataType(), ops->outShape);
        if (y.dataType() == x.dataType())
            binaryLoop<T, T, T>(x, y, out, PowOp{});
        else if (y.dataType() == DataType::Int64)
            binaryLoop<T, int64_t, T>(x, y, out, PowOp{});
        else
            binaryLoop<T, double, T>(x, y, out, PowOp{});
        return Status::ok();
    });
}

// Max / Min propagate NaN, as numpy's maximum / minimum (the ONNX reference) do.
struct MaxOp
{
    template <typename C> C operator()(C a, C b) const { return (isNanValue(a) || a > b) ? a : b; }
};
struct MinOp
{
    template <typename C> C operator()(C a, C b) const { return (isNanValue(a) || a < b) ? a : b; }
};

// Max, Min, Sum, Mean: a fold over any number of broadcasting inputs, accumulated in the
// output buffer.
template <typename Op, bool IntegersToo, bool Mean = false> KernelFactory variadicKernel()
{
    return lambdaKernel([](KernelContext &ctx) -> Status {
        std::vector<const Tensor *> inputs;
        std::vector<const Shape *> shapes;
        for (size_t i = 0; i < ctx.inputCount(); ++i)
            if (const Tensor *t = ctx.input(i)) {
                if (!inputs.empty() && t->dataType() != inputs.front()->dataType())
                    return ctx.error("input types " + dataTypeName(inputs.front()->dataType()) +
                                     " and " + dataTypeName(t->dataType()) + " differ");
                inputs.push_back(t);
                shapes.push_back(&t->shape());
            }
        if (inputs.empty())
            return ctx.error("needs at least one input");
        Expected<Shape> outShape = broadcastOutputShape(ctx, shapes);
        if (!outShape)
            return outShape.status();
        const DataType type = inputs.front()->dataType();
        if (inputs.size() == 1) { // shares the input; broadcasting one shape changes nothing
            ctx.setOutput(0, *inputs.front());
            return Status::ok();
        }
        auto run = [&](auto tag) {
            using T = decltype(tag);
            Tensor &out = ctx.allocateOutput(0, type, *outShape);
            binaryLoop<T, T, T>(*inputs[0], *inputs[1], out, Op{});
            for (size_t k = 2; k < inputs.size(); ++k)
                binaryLoop<T, T, T>(out, *inputs[k], out, Op{});
            if constexpr (Mean) {
                using C = ComputeType<T>;
                const C count = C(inputs.size());
                unaryLoop<T, T>(out, out, [count](C v) { return v / count; });
            }
            return Status::ok();
        };
        if constexpr (IntegersToo)
            return dispatchNumeric(type, ctx, run);
        else
            return dispatchFloat(type, ctx, run);
    });
}

} // namespace

void registerElementwiseKernels(KernelRegistry &registry)
{
    registry.add("Add", 1, arithmeticKernel<AddOp, true>());
    registry.add("Sub", 1, arithmeticKernel<SubOp, true>());
    registry.add("Mul", 1, arithmeticKernel<MulOp, true>());
    registry.add("Div", 1, arithmeticKernel<DivOp, true>());
    registry.add("Pow", 1, lambdaKernel(computePow));
    registry.add("Mod", 10, [](const KernelInfo &info) {
        const bool fmod = info.node.intAttribute("fmod", 0) != 0;
        return arithmeticKernel<ModOp, true>(ModOp{fmod})(info);
    });
    registry.add("Max", 1, variadicKernel<MaxOp, true>());
    registry.add("Min", 1, variadicKernel<MinOp, true>());
    registry.add("Sum", 1, variadicKernel<AddOp, false>());
    registry.add("Mean", 1, variadicKernel<AddOp, false, true>());

    registerLogicKernels(registry);
    registerUnaryMathKernels(registry);
    registerCastKernels(registry);
}

} // namespace silica::runtime
