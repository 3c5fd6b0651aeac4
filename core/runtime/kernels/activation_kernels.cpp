// Activations: Relu, LeakyRelu, PRelu, Elu, Selu, Celu, Sigmoid, HardSigmoid, HardSwish,
// Softplus, Softsign, Tanh, ThresholdedRelu, Shrink, Mish, Gelu. Formulas and attribute
// defaults follow the ONNX operator spec (Operators.md) of each op.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math") // see elementwise_loops.h
#endif

#include "core/runtime/kernels/elementwise_loops.h"
#include "core/runtime/kernels/float_math.h"

#include <cmath>

namespace silica::runtime {

namespace {

template <typename T> constexpr bool isFloat32 = std::is_same_v<T, float>;

// A factory for y = op(x) over the float types (every numeric type with IntegersToo), where
// makeOp(node) reads the attributes once and returns the per-element function (called with
// float for float / float16 / bfloat16, double for double, the type itself for integers).
template <bool IntegersToo = false, typename MakeOp> KernelFactory floatActivation(MakeOp makeOp)
{
    return [makeOp](const KernelInfo &info) { return unaryKernel<IntegersToo>(makeOp(info.node))(info); };
}

// Same without attributes.
template <bool IntegersToo = false, typename Op> KernelFactory plainActivation(Op op)
{
    return floatActivation<IntegersToo>([op](const Node &) { return op; });
}

float attr(const Node &node, const char *name, float fallback)
{
    return node.floatAttribute(name, fallback);
}

template <typename C> C sigmoid(C v)
{
    if constexpr (isFloat32<C>)
        return fastSigmoid(v);
    else
        return C(1) / (C(1) + std::exp(-v));
}

template <typename C> C tanhOf(C v)
{
    if constexpr (isFloat32<C>)
        return fastTanh(v);
    else
        return std::tanh(v);
}

// log(1 + e^x) without overflow for large x or lost digits for very negative x.
template <typename C> C softplus(C v)
{
    return std::max(v, C(0)) + std::log1p(std::exp(-std::fabs(v)));
}

// Mish-18: x·tanh(softplus(x)). With e = e^x, tanh(log(1 + e)) = e(e + 2) / (e(e + 2) + 2),
// which needs one exp; beyond x = 20 the factor is 1 in float.
template <typename C> C mish(C v)
{
    if constexpr (isFloat32<C>) {
        const float e = fastExp(std::min(v, 20.0f));
        const float n = e * (e + 2.0f);
        return v > 20.0f ? v : v * n / (n + 2.0f);
    } else {
        return v * std::tanh(softplus(v));
    }
}

// PRelu: slope broadcasts to X (unidirectionally). Before opset 7, and in files from old
// exporters, a 1-D slope of C values is per channel (axis 1) even when numpy's rule would
// line it up with the last axis.
Status computePRelu(KernelContext &ctx)
{
    Expected<const Tensor *> x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    Expected<const Tensor *> s = ctx.requiredInput(1);
    if (!s)
        return s.status();
    const Tensor &in = **x;
    Tensor slope = **s;
    if (slope.dataType() != in.dataType())
        return ctx.error("slope type " + dataTypeName(slope.dataType()) + " differs from X type " +
                         dataTypeName(in.dataType()));
    Expected<Shape> shape = broadcastShapes({&in.shape(), &slope.shape()});
    if ((!shape || *shape != in.shape()) && slope.rank() == 1 && in.rank() >= 2 &&
        slope.dim(0) == in.dim(1)) {
        Shape perChannel(size_t(in.rank() - 1), 1);
        perChannel[0] = slope.dim(0);
        slope = slope.reshaped(perChannel);
        shape = broadcastShapes({&in.shape(), &slope.shape()});
    }
    if (!shape || *shape != in.shape())
        return ctx.error("slope " + shapeString((*s)->shape()) + " does not broadcast to X " +
                         shapeString(in.shape()));
    return dispatchNumeric(in.dataType(), ctx, [&](auto tag) {
        using T = decltype(tag);
        Tensor &out = ctx.allocateOutput(0, in.dataType(), in.shape());
        binaryLoop<T, T, T>(in, slope, out, [](auto v, auto a) {
            using C = decltype(v);
            return v < C(0) ? C(a * v) : v;
        });
        return Status::ok();
    });
}

// Shrink-9 is defined for every numeric type; integers compare and shift through double.
KernelFactory shrinkKernel()
{
    return floatActivation<true>(
        [](const Node &node) {
            const double lambd = attr(node, "lambd", 0.5f), bias = attr(node, "bias", 0.0f);
            return [lambd, bias](auto v) {
                using C = decltype(v);
                const double d = double(v);
                const double y = d < -lambd ? d + bias : (d > lambd ? d - bias : 0.0);
                if constexpr (std::is_integral_v<C>)
                    return convertValue<C>(y);
                else
                    return C(y);
            };
        });
}

// Gelu-20: approximate="none" is x·Φ(x) with the exact erf, "tanh" the tanh approximation.
KernelFactory geluKernel()
{
    return floatActivation([](const Node &node) {
        const bool useTanh = node.stringAttribute("approximate", "none") == "tanh";
        return [useTanh](auto v) {
            using C = decltype(v);
            if (useTanh) {
                const C inner = C(0.7978845608028654) * (v + C(0.044715) * v * v * v); // √(2/π)
                return C(0.5) * v * (C(1) + tanhOf(inner));
            }
            return C(0.5) * v * (C(1) + std::erf(v * C(0.7071067811865476))); // 1/√2
        };
    });
}

} // namespace

void registerActivationKernels(KernelRegistry &registry)
{
    // Relu-14 adds the signed integer types.
    registry.add("Relu", 1, plainActivation<true>([](auto v) { return std::max(v, decltype(v)(0)); }));
    registry.add("LeakyRelu", 1, floatActivation([](const Node &node) {
        const float alpha = attr(node, "alpha", 0.01f);
        return [alpha](auto v) {
            using C = decltype(v);
            return v < C(0) ? C(alpha) * v : v;
        };
    }));
    registry.add("PRelu", 1, lambdaKernel(computePRelu));
    registry.add("Elu", 1, floatActivation([](const Node &node) {
        const float alpha = attr(node, "alpha", 1.0f);
        return [alpha](auto v) {
            using C = decltype(v);
            return v < C(0) ? C(alpha) * std::expm1(v) : v;
        };
    }));
    // Selu defaults: the constants of Klambauer et al. (2017) as the spec lists them.
    registry.add("Selu", 1, floatActivation([](const Node &node) {
        const float alpha = attr(node, "alpha", 1.67326319217681884765625f);
        const float gamma = attr(node, "gamma", 1.05070102214813232421875f);
        return [alpha, gamma](auto v) {
            using C = decltype(v);
            return v > C(0) ? C(gamma) * v : C(gamma) * C(alpha) * std::expm1(v);
        };
    }));
    registry.add("Celu", 12, floatActivation([](const Node &node) {
        const float alpha = attr(node, "alpha", 1.0f);
        return [alpha](auto v) {
            using C = decltype(v);
            return std::max(C(0), v) + std::min(C(0), C(alpha) * std::expm1(v / C(alpha)));
        };
    }));
    registry.add("Sigmoid", 1, plainActivation([](auto v) { return sigmoid(v); }));
    registry.add("HardSigmoid", 1, floatActivation([](const Node &node) {
        const float alpha = attr(node, "alpha", 0.2f), beta = attr(node, "beta", 0.5f);
        return [alpha, beta](auto v) {
            using C = decltype(v);
            return std::min(C(1), std::max(C(0), C(alpha) * v + C(beta)));
        };
    }));
    // HardSwish-14: x·HardSigmoid(x) with alpha = 1/6, beta = 0.5.
    registry.add("HardSwish", 14, plainActivation([](auto v) {
        using C = decltype(v);
        return v * std::min(C(1), std::max(C(0), v * C(1.0 / 6.0) + C(0.5)));
    }));
    registry.add("Softplus", 1, plainActivation([](auto v) { return softplus(v); }));
    registry.add("Softsign", 1, plainActivation([](auto v) {
        return v / (decltype(v)(1) + std::fabs(v));
    }));
    registry.add("Tanh", 1, plainActivation([](auto v) { return tanhOf(v); }));
    registry.add("ThresholdedRelu", 1, floatActivation([](const Node &node) {
        const float alpha = attr(node, "alpha", 1.0f);
        return [alpha](auto v) {
            using C = decltype(v);
            return v > C(alpha) ? v : C(0);
        };
    }));
    registry.add("Shrink", 9, shrinkKernel());
    registry.add("Mish", 18, plainActivation([](auto v) { return mish(v); }));
    registry.add("Gelu", 20, geluKernel());
}

} // namespace silica::runtime
