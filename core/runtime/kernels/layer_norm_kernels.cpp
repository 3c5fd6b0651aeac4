// LayerNormalization (opset 17), GroupNormalization (opset 18) and
// MeanVarianceNormalization (opset 9): normalisations whose statistics span several axes.

#include "core/runtime/kernels/norm_rows.h"
#include "core/runtime/kernels/reduce_layout.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace silica::runtime {

namespace {

// A Scale / B input broadcast (numpy-style, to the right) to `target`, as |target| values.
template <typename C>
Expected<std::vector<C>> expandParam(const KernelContext &ctx, const Tensor &param,
                                     const Shape &target, const char *name)
{
    const Shape &ps = param.shape();
    const size_t offset = target.size() - std::min(target.size(), ps.size());
    bool fits = ps.size() <= target.size();
    for (size_t i = 0; fits && i < ps.size(); ++i)
        fits = ps[i] == 1 || ps[i] == target[offset + i];
    if (!fits)
        return ctx.error(std::string(name) + " " + param.describe() +
                         " does not broadcast to the normalised shape " + shapeString(target));
    const std::vector<double> values = param.toDoubles();
    const int64_t count = elementCount(target);
    std::vector<C> out(static_cast<size_t>(count));
    if (int64_t(values.size()) == count) {
        std::copy(values.begin(), values.end(), out.begin());
        return out;
    }
    const std::vector<int64_t> strides = broadcastStrides(ps, target);
    for (int64_t f = 0; f < count; ++f) {
        int64_t rest = f, src = 0;
        for (size_t k = target.size(); k-- > 0;) {
            src += (rest % target[k]) * strides[k];
            rest /= target[k];
        }
        out[size_t(f)] = C(values[size_t(src)]);
    }
    return out;
}

// Scale and B as floats, converted once when they are constants (the usual case); used when
// they already have the normalised shape's element count.
struct LayerNormParams
{
    std::vector<float> scale, bias;
    Shape scaleShape, biasShape;
    bool hasScale = false, hasBias = false;
};

// Whether a parameter of `shape` covers `target` element for element (leading 1s aside).
bool coversExactly(const Shape &shape, const Shape &target)
{
    auto strip = [](const Shape &s) {
        auto it = std::find_if(s.begin(), s.end(), [](int64_t d) { return d != 1; });
        return Shape(it, s.end());
    };
    return strip(shape) == strip(target);
}

// Normalises over the axes [axis, rank): y = (x - mean) / sqrt(var + epsilon) · Scale + B,
// with Mean and InvStdDev as optional outputs shaped [d0, …, d(axis-1), 1, …, 1] in the type
// stash_type names (LayerNormalization-17).
Status computeLayerNorm(KernelContext &ctx, const LayerNormParams &cached)
{
    auto x = ctx.requiredInput(0);
    auto scale = ctx.requiredInput(1);
    if (!x || !scale)
        return !x ? x.status() : scale.status();
    const Shape &shape = (*x)->shape();
    const int rank = int(shape.size());
    const Node &node = ctx.node();
    auto axis = normalizeAxis(node.intAttribute("axis", -1), rank, ctx);
    if (!axis)
        return axis.status();
    const double epsilon = node.floatAttribute("epsilon", 1e-5f);
    const DataType stash = DataType(node.intAttribute("stash_type", 1));
    if (stash != DataType::Float && stash != DataType::Double && stash != DataType::Float16 &&
        stash != DataType::BFloat16)
        return ctx.error("stash_type " + dataTypeName(stash) + " is not a float type");
    const int64_t O = dimProduct(shape, 0, *axis), R = dimProduct(shape, *axis, rank);
    const Shape normShape(shape.begin() + *axis, shape.end());
    Shape statShape(shape.begin(), shape.begin() + *axis);
    statShape.resize(shape.size(), 1);
    Tensor y = ctx.allocateOutput(0, (*x)->dataType(), shape);
    const bool wantStats = ctx.wantsOutput(1) || ctx.wantsOutput(2);
    std::vector<double> means(wantStats ? size_t(O) : 0), invStds(wantStats ? size_t(O) : 0);
    Status status = dispatchFloat((*x)->dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        using Cp = NormCompute<T>;
        constexpr bool kFloat = std::is_same_v<Cp, float>;
        const bool scaleCached =
            kFloat && cached.hasScale && coversExactly(cached.scaleShape, normShape);
        const bool biasCached =
            kFloat && cached.hasBias && coversExactly(cached.biasShape, normShape);
        std::vector<Cp> s, b;
        if (!scaleCached) {
            auto e = expandParam<Cp>(ctx, **scale, normShape, "Scale");
            if (!e)
                return e.status();
            s = std::move(*e);
        }
        const Tensor *bias = ctx.input(2);
        if (!biasCached) {
            auto e = bias ? expandParam<Cp>(ctx, *bias, normShape, "B")
                          : Expected<std::vector<Cp>>(std::vector<Cp>(size_t(R), Cp(0)));
            if (!e)
                return e.status();
            b = std::move(*e);
        }
        const T *in = (*x)->data<T>();
        T *out = y.mutableData<T>();
        const Cp *ps = s.data(), *pb = b.data();
        if constexpr (kFloat) {
            ps = scaleCached ? cached.scale.data() : ps;
            pb = biasCached ? cached.bias.data() : pb;
        }
        parallelFor(O, std::max<int64_t>(1, kParallelWork / std::max<int64_t>(R, 1)),
                    [&](int64_t begin, int64_t end) {
                        for (int64_t o = begin; o < end; ++o) {
                            const T *src = in + o * R;
                            T *dst = out + o * R;
                            Cp m, v;
                            rowMoments(src, R, m, v);
                            const Cp inv = Cp(1) / std::sqrt(v + Cp(epsilon));
#pragma omp simd
                            for (int64_t i = 0; i < R; ++i)
                                dst[i] = T((Cp(src[i]) - m) * inv * ps[i] + pb[i]);
                            if (wantStats) {
                                means[size_t(o)] = double(m);
                                invStds[size_t(o)] = double(inv);
                            }
                        }
                    });
        return Status::ok();
    });
    if (!status || !wantStats)
        return status;
    for (size_t k = 0; k < 2; ++k) {
        if (!ctx.wantsOutput(1 + k))
            continue;
        const std::vector<double> &values = k == 0 ? means : invStds;
        Tensor out = ctx.allocateOutput(1 + k, stash, statShape);
        status = dispatchFloat(stash, ctx, [&](auto tag) {
            using U = decltype(tag);
            U *o = out.mutableData<U>();
            for (size_t i = 0; i < values.size(); ++i)
                o[i] = U(values[i]);
            return Status::ok();
        });
        if (!status)
            return status;
    }
    return Status::ok();
}

// Statistics per (n, group) over C / num_groups channels and the spatial axes, then
// scale and bias per group (opset 18) or per channel (opset 21 shape [C]).
Status computeGroupNorm(KernelContext &ctx)
{
    auto x = ctx.requiredInput(0);
    auto scale = ctx.requiredInput(1);
    auto bias = ctx.requiredInput(2);
    if (!x || !scale || !bias)
        return !x ? x.status() : !scale ? scale.status() : bias.status();
    const Shape &shape = (*x)->shape();
    if (shape.size() < 2)
        return ctx.error("input must be at least [N, C], got " + (*x)->describe());
    const int64_t N = shape[0], C = shape[1], S = dimProduct(shape, 2, int(shape.size()));
    const int64_t G = ctx.node().intAttribute("num_groups", 0);
    if (G <= 0 || C % G != 0)
        return ctx.error("num_groups " + std::to_string(G) + " does not divide the " +
                         std::to_string(C) + " channels");
    const int64_t Cg = C / G;
    const std::vector<double> s = (*scale)->toDoubles(), b = (*bias)->toDoubles();
    for (const auto *p : {&s, &b})
        if (int64_t(p->size()) != G && int64_t(p->size()) != C)
            return ctx.error("scale and bias must have num_groups or C elements, got " +
                             std::to_string(p->size()));
    const double epsilon = ctx.node().floatAttribute("epsilon", 1e-5f);
    Tensor y = ctx.allocateOutput(0, (*x)->dataType(), shape);
    return dispatchFloat((*x)->dataType(), ctx, [&](auto tag) {
        using T = decltype(tag);
        using Cp = NormCompute<T>;
        const T *in = (*x)->data<T>();
        T *out = y.mutableData<T>();
        const int64_t rowLength = Cg * S;
        parallelFor(N * G, std::max<int64_t>(1, kParallelWork / std::max<int64_t>(rowLength, 1)),
                    [&](int64_t begin, int64_t end) {
                        for (int64_t row = begin; row < end; ++row) {
                            const int64_t g = row % G;
                            Cp m, v;
                            rowMoments(in + row * rowLength, rowLength, m, v);
                            const double inv = 1.0 / std::sqrt(double(v) + epsilon);
                            for (int64_t k = 0; k < Cg; ++k) {
                                const int64_t c = g * Cg + k;
                                const size_t sc = size_t(int64_t(s.size()) == C ? c : g);
                                const size_t bc = size_t(int64_t(b.size()) == C ? c : g);
                                const double a = s[sc] * inv;
                                const int64_t at = row * rowLength + k * S;
                                scaleShiftRow(in + at, out + at, S, Cp(a),
                                              Cp(b[bc] - double(m) * a));
                            }
                        }
                    });
        return Status::ok();
    });
}

// y = (x - E[x]) / (sqrt(Var[x]) + 1e-9) over `axes` (default [0, 2, 3]); the constant is the
// Epsilon of the MeanVarianceNormalization-13 function body.
Status computeMvn(KernelContext &ctx)
{
    auto x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Shape &shape = (*x)->shape();
    std::vector<int64_t> axes = ctx.node().intsAttribute("axes");
    if (!ctx.node().attribute("axes"))
        axes = {0, 2, 3};
    auto mask = reducedAxesMask(axes, int(shape.size()), ctx);
    if (!mask)
        return mask.status();
    ReduceLayout l = makeReduceLayout(shape, *mask);
    if (l.blocked && l.inner > 1) { // walk it with offsets like a scattered layout
        for (int64_t o = 0; o < l.outer; ++o)
            for (int64_t i = 0; i < l.inner; ++i)
                l.keptOffsets.push_back(o * l.reduced * l.inner + i);
        for (int64_t r = 0; r < l.reduced; ++r)
            l.reducedOffsets.push_back(r * l.inner);
        l.blocked = false;
    }
    constexpr double kEpsilon = 1e-9;
    Tensor y = ctx.allocateOutput(0, (*x)->dataType(), shape);
    return dispatchFloat((*x)->dataType(), ctx, [&](auto tag) {
        using T = decltype(tag);
        using Cp = NormCompute<T>;
        const T *in = (*x)->data<T>();
        T *out = y.mutableData<T>();
        const int64_t R = l.reducedCount();
        const int64_t grain = std::max<int64_t>(1, kParallelWork / std::max<int64_t>(R, 1));
        if (l.blocked) {
            parallelFor(l.outer, grain, [&](int64_t begin, int64_t end) {
                for (int64_t o = begin; o < end; ++o) {
                    Cp m, v;
                    rowMoments(in + o * R, R, m, v);
                    const Cp a = Cp(1.0 / (std::sqrt(double(v)) + kEpsilon));
                    scaleShiftRow(in + o * R, out + o * R, R, a, -m * a);
                }
            });
            return Status::ok();
        }
        const int64_t *offsets = l.reducedOffsets.data();
        parallelFor(l.outputCount(), grain, [&](int64_t begin, int64_t end) {
            for (int64_t k = begin; k < end; ++k) {
                const T *src = in + l.keptOffsets[size_t(k)];
                T *dst = out + l.keptOffsets[size_t(k)];
                double sum = 0, squares = 0;
                for (int64_t r = 0; r < R; ++r)
                    sum += double(src[offsets[r]]);
                const double m = sum / double(R);
                for (int64_t r = 0; r < R; ++r)
                    squares += (double(src[offsets[r]]) - m) * (double(src[offsets[r]]) - m);
                const double a = 1.0 / (std::sqrt(squares / double(R)) + kEpsilon);
                for (int64_t r = 0; r < R; ++r)
                    dst[offsets[r]] = T(Cp((double(src[offsets[r]]) - m) * a));
            }
        });
        return Status::ok();
    });
}

} // namespace

void registerLayerNormKernels(KernelRegistry &registry)
{
    registry.add("LayerNormalization", 17,
                 [](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
                     auto params = std::make_shared<LayerNormParams>();
                     if (const Tensor *s = info.constantInput(1)) {
                         const std::vector<double> v = s->toDoubles();
                         params->scale.assign(v.begin(), v.end());
                         params->scaleShape = s->shape();
                         params->hasScale = true;
                     }
                     if (const Tensor *b = info.constantInput(2)) {
                         const std::vector<double> v = b->toDoubles();
                         params->bias.assign(v.begin(), v.end());
                         params->biasShape = b->shape();
                         params->hasBias = true;
                     }
                     return lambdaKernel([params](KernelContext &ctx) {
                         return computeLayerNorm(ctx, *params);
                     })(info);
                 });
    registry.add("GroupNormalization", 18, lambdaKernel(computeGroupNorm));
    registry.add("MeanVarianceNormalization", 1, lambdaKernel(computeMvn));
}

} // namespace silica::runtime
