// MaxPool (with the optional Indices output), AveragePool and LpPool over 1-3 spatial axes.
// GlobalAveragePool, GlobalMaxPool, GlobalLpPool and MaxUnpool are in global_pool_kernels.cpp.
//
// Each output row (fixed n, c, od, oh) accumulates whole input rows: for every valid (kd, kh)
// and every kw, the output columns whose tap lands inside the input form one contiguous range,
// so the innermost loop is a plain strided sweep with no bounds checks.

#include "core/runtime/kernels/pool_geometry.h"
#include "core/runtime/kernels/reduce_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace silica::runtime {

void registerGlobalPoolKernels(KernelRegistry &registry); // global_pool_kernels.cpp

namespace {

enum class PoolKind
{
    Max,
    Average,
    Lp
};

int64_t ceilDiv(int64_t a, int64_t b)
{
    return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

// Taps [k0, k1) of output position o whose input index o·s - pb + k·d lies in [lo, hi).
void tapRange(int64_t o, int64_t s, int64_t pb, int64_t d, int64_t kernel, int64_t lo, int64_t hi,
              int64_t &k0, int64_t &k1)
{
    const int64_t start = o * s - pb;
    k0 = std::max<int64_t>(0, ceilDiv(lo - start, d));
    k1 = std::max(k0, std::min<int64_t>(kernel, ceilDiv(hi - start, d)));
}

template <PoolKind Kind, typename T>
using PoolAcc = std::conditional_t<Kind == PoolKind::Max && !isFloatLike<T>, T,
                                   std::conditional_t<std::is_same_v<T, double>, double, float>>;

template <PoolKind Kind, typename A> A poolInit()
{
    if constexpr (Kind == PoolKind::Max)
        return std::numeric_limits<A>::has_infinity ? -std::numeric_limits<A>::infinity()
                                                    : std::numeric_limits<A>::lowest();
    else
        return A(0);
}

// acc[ow] ⊕= src[ow · Stride + offset] for ow in [lo, hi); Stride 0 means `stride` at run
// time (constant strides 1 and 2 let the compiler vectorize).
template <PoolKind Kind, int64_t Stride, typename A, typename T>
void accumulateRow(A *acc, const T *src, int64_t offset, int64_t lo, int64_t hi, int64_t stride,
                   A p)
{
    const int64_t s = Stride > 0 ? Stride : stride;
    for (int64_t ow = lo; ow < hi; ++ow) {
        const A v = A(src[ow * s + offset]);
        if constexpr (Kind == PoolKind::Max) {
            acc[ow] = v > acc[ow] ? v : acc[ow];
        } else if constexpr (Kind == PoolKind::Average) {
            acc[ow] += v;
        } else {
            const A m = std::fabs(v);
            acc[ow] += p == A(2) ? m * m : p == A(1) ? m : std::pow(m, p);
        }
    }
}

template <PoolKind Kind, typename T>
void poolPlanes(const T *x, T *y, int64_t planes, const PoolGeometry &g, bool countIncludePad,
                double p)
{
    using A = PoolAcc<Kind, T>;
    const int64_t D = g.in[0], H = g.in[1], W = g.in[2];
    const int64_t OD = g.out[0], OH = g.out[1], OW = g.out[2];
    // AveragePool divisors per axis: taps inside the input, or inside the explicitly padded
    // input with count_include_pad (taps past it, from ceil_mode, never count).
    std::vector<int64_t> counts[PoolGeometry::kMaxDims];
    for (int j = 0; j < PoolGeometry::kMaxDims; ++j) {
        counts[j].resize(size_t(g.out[j]));
        const int64_t lo = countIncludePad ? -g.padBegin[j] : 0;
        const int64_t hi = countIncludePad ? g.in[j] + g.padEnd[j] : g.in[j];
        for (int64_t o = 0; o < g.out[j]; ++o) {
            int64_t k0, k1;
            tapRange(o, g.stride[j], g.padBegin[j], g.dilation[j], g.kernel[j], lo, hi, k0, k1);
            counts[j][size_t(o)] = k1 - k0;
        }
    }
    const int64_t rows = planes * OD * OH;
    const int64_t work = std::max<int64_t>(1, OW * g.kernelCount());
    parallelFor(rows, std::max<int64_t>(1, kParallelWork / work), [&](int64_t begin, int64_t end) {
        std::vector<A> acc(static_cast<size_t>(OW));
        for (int64_t row = begin; row < end; ++row) {
            const int64_t oh = row % OH, od = (row / OH) % OD, plane = row / (OH * OD);
            const T *in = x + plane * g.inCount();
            int64_t kd0, kd1, kh0, kh1;
            tapRange(od, g.stride[0], g.padBegin[0], g.dilation[0], g.kernel[0], 0, D, kd0, kd1);
            tapRange(oh, g.stride[1], g.padBegin[1], g.dilation[1], g.kernel[1], 0, H, kh0, kh1);
            std::fill(acc.begin(), acc.end(), poolInit<Kind, A>());
            for (int64_t kd = kd0; kd < kd1; ++kd)
                for (int64_t kh = kh0; kh < kh1; ++kh) {
                    const int64_t id = od * g.stride[0] - g.padBegin[0] + kd * g.dilation[0];
                    const int64_t ih = oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
                    const T *src = in + (id * H + ih) * W;
                    for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                        const int64_t offset = kw * g.dilation[2] - g.padBegin[2];
                        const int64_t s = g.stride[2];
                        const int64_t lo = std::clamp<int64_t>(ceilDiv(-offset, s), 0, OW);
                        const int64_t hi = std::clamp<int64_t>(ceilDiv(W - offset, s), lo, OW);
                        if (s == 1)
                            accumulateRow<Kind, 1>(acc.data(), src, offset, lo, hi, s, A(p));
                        else if (s == 2)
                            accumulateRow<Kind, 2>(acc.data(), src, offset, lo, hi, s, A(p));
                        else
                            accumulateRow<Kind, 0>(acc.data(), src, offset, lo, hi, s, A(p));
                    }
                }
            T *dst = y + row * OW;
            if constexpr (Kind == PoolKind::Max) {
                for (int64_t ow = 0; ow < OW; ++ow)
                    dst[ow] = T(acc[size_t(ow)]);
            } else if constexpr (Kind == PoolKind::Average) {
                const int64_t dh = counts[0][size_t(od)] * counts[1][size_t(oh)];
                for (int64_t ow = 0; ow < OW; ++ow)
                    dst[ow] = T(acc[size_t(ow)] / A(dh * counts[2][size_t(ow)]));
            } else {
                for (int64_t ow = 0; ow < OW; ++ow)
                    dst[ow] = T(p == 2 ? std::sqrt(acc[size_t(ow)])
                                       : std::pow(acc[size_t(ow)], A(1 / p)));
            }
        }
    });
}

// MaxPool with Indices: the flat index of each maximum in the whole input (n and c included),
// row-major, or with storage_order=1 column-major within each spatial plane (MaxPool-12).
template <typename T>
void maxPoolWithIndices(const T *x, T *y, int64_t *indices, int64_t planes, const PoolGeometry &g,
                        bool columnMajor)
{
    using A = PoolAcc<PoolKind::Max, T>;
    const int64_t D = g.in[0], H = g.in[1], W = g.in[2];
    const int64_t OD = g.out[0], OH = g.out[1], OW = g.out[2];
    const int64_t rows = planes * OD * OH;
    const int64_t work = std::max<int64_t>(1, OW * g.kernelCount());
    parallelFor(rows, std::max<int64_t>(1, kParallelWork / work), [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row) {
            const int64_t oh = row % OH, od = (row / OH) % OD, plane = row / (OH * OD);
            const T *in = x + plane * g.inCount();
            int64_t kd0, kd1, kh0, kh1;
            tapRange(od, g.stride[0], g.padBegin[0], g.dilation[0], g.kernel[0], 0, D, kd0, kd1);
            tapRange(oh, g.stride[1], g.padBegin[1], g.dilation[1], g.kernel[1], 0, H, kh0, kh1);
            for (int64_t ow = 0; ow < OW; ++ow) {
                int64_t kw0, kw1;
                tapRange(ow, g.stride[2], g.padBegin[2], g.dilation[2], g.kernel[2], 0, W, kw0,
                         kw1);
                A best = poolInit<PoolKind::Max, A>();
                int64_t bd = 0, bh = 0, bw = 0;
                bool found = false;
                for (int64_t kd = kd0; kd < kd1; ++kd)
                    for (int64_t kh = kh0; kh < kh1; ++kh)
                        for (int64_t kw = kw0; kw < kw1; ++kw) {
                            const int64_t id =
                                od * g.stride[0] - g.padBegin[0] + kd * g.dilation[0];
                            const int64_t ih =
                                oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
                            const int64_t iw =
                                ow * g.stride[2] - g.padBegin[2] + kw * g.dilation[2];
                            const A v = A(in[(id * H + ih) * W + iw]);
                            if (!found || v > best) {
                                best = v;
                                bd = id, bh = ih, bw = iw;
                                found = true;
                            }
                        }
                y[row * OW + ow] = T(best);
                const int64_t local =
                    columnMajor ? bd + bh * D + bw * D * H : (bd * H + bh) * W + bw;
                indices[row * OW + ow] = plane * g.inCount() + local;
            }
        }
    });
}

template <PoolKind Kind> Status computePool(KernelContext &ctx)
{
    auto x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Shape &shape = (*x)->shape();
    const Node &node = ctx.node();
    auto g = poolGeometry(ctx, shape, true, true);
    if (!g)
        return g.status();
    const bool countIncludePad = node.intAttribute("count_include_pad", 0) != 0;
    double p = 2;
    if (const Attribute *a = node.attribute("p"))
        p = a->type == AttributeType::Float ? double(a->f) : double(a->i);
    if (Kind == PoolKind::Lp && !(p > 0))
        return ctx.error("p must be positive");
    const int64_t planes = shape[0] * shape[1];
    Tensor y = ctx.allocateOutput(0, (*x)->dataType(), g->outputShape(shape));
    const bool wantIndices = Kind == PoolKind::Max && ctx.wantsOutput(1);
    Tensor indices;
    if (wantIndices)
        indices = ctx.allocateOutput(1, DataType::Int64, y.shape());
    auto run = [&](auto tag) -> Status {
        using T = decltype(tag);
        if (wantIndices)
            maxPoolWithIndices((*x)->data<T>(), y.mutableData<T>(), indices.mutableData<int64_t>(),
                               planes, *g, node.intAttribute("storage_order", 0) != 0);
        else
            poolPlanes<Kind>((*x)->data<T>(), y.mutableData<T>(), planes, *g, countIncludePad, p);
        return Status::ok();
    };
    if constexpr (Kind == PoolKind::Max) // int8 / uint8 since MaxPool-12
        return dispatchNumeric((*x)->dataType(), ctx, run);
    else
        return dispatchFloat((*x)->dataType(), ctx, run);
}

} // namespace

void registerPoolKernels(KernelRegistry &registry)
{
    registry.add("MaxPool", 1, lambdaKernel(computePool<PoolKind::Max>));
    registry.add("AveragePool", 1, lambdaKernel(computePool<PoolKind::Average>));
    registry.add("LpPool", 1, lambdaKernel(computePool<PoolKind::Lp>));
    registerGlobalPoolKernels(registry);
}

} // namespace silica::runtime
