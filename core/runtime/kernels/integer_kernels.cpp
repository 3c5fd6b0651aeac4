// MatMulInteger, ConvInteger, QLinearMatMul, QLinearConv as exact plain loops: int32
// accumulation of (a − a_zero_point)·(b − b_zero_point), then for the QLinear forms the
// requantisation of integer_kernels.h. They serve every case the oneDNN kernels
// (integer_dnnl_kernels.cpp) do not take.

#include "core/runtime/kernels/integer_kernels.h"

#include "core/runtime/kernels/conv_geometry.h"
#include "core/runtime/kernels/kernel_util.h"
#include "core/runtime/kernels/quant_math.h"

#include <cmath>
#include <limits>

namespace silica::runtime {

Expected<std::vector<int32_t>> integerZeroPoints(const KernelContext &ctx, const Tensor *zp,
                                                 int64_t n, const char *what)
{
    std::vector<int32_t> out(size_t(n), 0);
    if (!zp)
        return out;
    const std::vector<int64_t> v = zp->toInt64s();
    if (v.size() == 1) {
        std::fill(out.begin(), out.end(), int32_t(v[0]));
    } else if (int64_t(v.size()) == n) {
        for (size_t i = 0; i < v.size(); ++i)
            out[i] = int32_t(v[i]);
    } else {
        return ctx.error(std::string(what) + " zero point " + zp->describe() + " must have 1 or " +
                         std::to_string(n) + " elements");
    }
    return out;
}

namespace {

// A scale input with one value (per tensor) or `n` (per channel), named in errors by the
// node's input name.
Expected<std::vector<double>> scales(const KernelContext &ctx, size_t input, int64_t n)
{
    const Tensor &s = *ctx.input(input);
    std::vector<double> v = s.toDoubles();
    if (v.size() == 1)
        return std::vector<double>(size_t(n), v[0]);
    if (int64_t(v.size()) != n)
        return ctx.error("scale '" + ctx.node().inputs[input] + "' " + s.describe() +
                         " must have 1 or " + std::to_string(n) + " elements");
    return v;
}

struct IntMatMul
{
    Shape outShape;
    std::vector<int32_t> acc;
    int64_t N = 0;
};

// numpy-style batched matmul of integer tensors with row (A) / column (B) zero points.
Expected<IntMatMul> integerMatMul(const KernelContext &ctx, const Tensor &A, const Tensor &B,
                                  const Tensor *aZp, const Tensor *bZp)
{
    Shape sa = A.shape(), sb = B.shape();
    if (sa.empty() || sb.empty())
        return ctx.error("inputs must have rank ≥ 1");
    const bool aVec = sa.size() == 1, bVec = sb.size() == 1;
    if (aVec)
        sa.insert(sa.begin(), 1);
    if (bVec)
        sb.push_back(1);
    const int64_t M = sa[sa.size() - 2], K = sa.back(), N = sb.back();
    if (sb[sb.size() - 2] != K)
        return ctx.error("inner dimensions differ: " + A.describe() + " × " + B.describe());
    const Shape ba(sa.begin(), sa.end() - 2), bb(sb.begin(), sb.end() - 2);
    auto batch = broadcastShapes({&ba, &bb});
    if (!batch)
        return ctx.error(batch.error().message());
    auto za = integerZeroPoints(ctx, aZp, M, "A");
    auto zb = integerZeroPoints(ctx, bZp, N, "B");
    if (!za || !zb)
        return !za ? za.status() : zb.status();
    const std::vector<int64_t> av = A.toInt64s(), bv = B.toInt64s();
    IntMatMul r;
    r.N = N;
    r.outShape = *batch;
    if (!aVec)
        r.outShape.push_back(M);
    if (!bVec)
        r.outShape.push_back(N);
    const int64_t count = elementCount(*batch);
    r.acc.assign(size_t(count * M * N), 0);
    const std::vector<int64_t> stA = broadcastStrides(ba, *batch), stB = broadcastStrides(bb, *batch);
    std::vector<int64_t> idx(batch->size(), 0);
    for (int64_t i = 0; i < count; ++i) {
        int64_t offA = 0, offB = 0;
        for (size_t d = 0; d < batch->size(); ++d) {
            offA += idx[d] * stA[d];
            offB += idx[d] * stB[d];
        }
        const int64_t *a = av.data() + offA * M * K, *b = bv.data() + offB * K * N;
        int32_t *y = r.acc.data() + i * M * N;
        for (int64_t m = 0; m < M; ++m)
            for (int64_t k = 0; k < K; ++k) {
                const int32_t x = int32_t(a[m * K + k]) - (*za)[size_t(m)];
                for (int64_t n = 0; n < N; ++n)
                    y[m * N + n] += x * (int32_t(b[k * N + n]) - (*zb)[size_t(n)]);
            }
        for (size_t d = batch->size(); d-- > 0;) {
            if (++idx[d] < (*batch)[d])
                break;
            idx[d] = 0;
        }
    }
    return r;
}

struct IntConv
{
    Shape outShape;
    std::vector<int32_t> acc;
};

Expected<IntConv> integerConv(const KernelContext &ctx, const Tensor &X, const Tensor *xZp,
                              const Tensor &W, const Tensor *wZp)
{
    if (X.rank() < 3 || W.rank() != X.rank())
        return ctx.error("input " + X.describe() + " and weights " + W.describe() + " do not fit");
    const int64_t group = ctx.node().intAttribute("group", 1);
    const int64_t N = X.dim(0), C = X.dim(1), M = W.dim(0);
    if (group <= 0 || C % group || M % group || W.dim(1) * group != C)
        return ctx.error("channels and group do not fit: " + X.describe() + ", " + W.describe());
    const std::vector<int64_t> in(X.shape().begin() + 2, X.shape().end());
    const std::vector<int64_t> k(W.shape().begin() + 2, W.shape().end());
    auto geom = resolveConvGeometry(ctx.node(), in, k);
    if (!geom)
        return geom.status();
    auto zx = integerZeroPoints(ctx, xZp, 1, "x");
    auto zw = integerZeroPoints(ctx, wZp, M, "w");
    if (!zx || !zw)
        return !zx ? zx.status() : zw.status();
    const std::vector<int64_t> xv = X.toInt64s(), wv = W.toInt64s();
    const int spatial = X.rank() - 2;
    IntConv r;
    r.outShape = {N, M};
    for (int64_t o : geom->output)
        r.outShape.push_back(o);
    int64_t inSize = 1, outSize = 1, kSize = 1;
    for (int s = 0; s < spatial; ++s) {
        inSize *= in[size_t(s)];
        outSize *= geom->output[size_t(s)];
        kSize *= k[size_t(s)];
    }
    r.acc.assign(size_t(N * M * outSize), 0);
    const int64_t Cg = C / group, Mg = M / group;
    parallelFor(N * M, 1, [&](int64_t begin, int64_t end) {
        std::vector<int64_t> opos(static_cast<size_t>(spatial)), kpos(static_cast<size_t>(spatial));
        for (int64_t nm = begin; nm < end; ++nm) {
            const int64_t n = nm / M, m = nm % M, g = m / Mg;
            int32_t *y = r.acc.data() + nm * outSize;
            for (int64_t o = 0; o < outSize; ++o) {
                int64_t rem = o;
                for (int s = spatial - 1; s >= 0; --s) {
                    opos[size_t(s)] = rem % geom->output[size_t(s)];
                    rem /= geom->output[size_t(s)];
                }
                int32_t acc = 0;
                for (int64_t kk = 0; kk < kSize; ++kk) {
                    int64_t kr = kk, offset = 0, scale = 1;
                    bool inside = true;
                    for (int s = spatial - 1; s >= 0; --s) {
                        const size_t d = size_t(s);
                        kpos[d] = kr % k[d];
                        kr /= k[d];
                        const int64_t p = opos[d] * geom->strides[d] - geom->padBegin[d] + kpos[d] * geom->dilations[d];
                        if (p < 0 || p >= in[d])
                            inside = false;
                        offset += p * scale;
                        scale *= in[d];
                    }
                    if (!inside)
                        continue; // padding holds the zero point: contributes 0
                    for (int64_t c = 0; c < Cg; ++c) {
                        const int32_t xval = int32_t(xv[size_t((n * C + g * Cg + c) * inSize + offset)]) - (*zx)[0];
                        const int32_t wval = int32_t(wv[size_t((m * Cg + c) * kSize + kk)]) - (*zw)[size_t(m)];
                        acc += xval * wval;
                    }
                }
                y[o] = acc;
            }
        }
    });
    return r;
}

} // namespace

Expected<Requantization> requantizationOf(const KernelContext &ctx, const IntegerOperands &ops,
                                          int64_t channels)
{
    for (size_t i : {ops.xScale, ops.wScale, ops.yScale, ops.yZeroPoint})
        if (!ctx.input(i))
            return ctx.error("input " + std::to_string(i) + " is missing");
    auto xs = scales(ctx, ops.xScale, 1);
    auto ws = scales(ctx, ops.wScale, channels);
    auto ys = scales(ctx, ops.yScale, 1);
    if (!xs || !ws || !ys)
        return !xs ? xs.status() : !ws ? ws.status() : ys.status();
    const Tensor &yZp = *ctx.input(ops.yZeroPoint);
    if (yZp.elementCount() != 1)
        return ctx.error("y zero point '" + ctx.node().inputs[ops.yZeroPoint] + "' " + yZp.describe() +
                         " must be a single value");
    Requantization rq;
    rq.type = yZp.dataType();
    rq.zeroPoint = double(yZp.toInt64s()[0]);
    rq.scale.resize(size_t(channels));
    for (size_t c = 0; c < rq.scale.size(); ++c)
        rq.scale[c] = (*xs)[0] * (*ws)[c] / (*ys)[0];
    if (const Tensor *bias = ops.bias ? ctx.input(ops.bias) : nullptr) {
        rq.bias = bias->toInt64s();
        if (int64_t(rq.bias.size()) != channels)
            return ctx.error("bias " + bias->describe() + " must have " + std::to_string(channels) +
                             " elements");
    }
    return rq;
}

namespace {

// out[i] = saturate(round_half_even((acc[i] + bias) · scale[i·scaleStep]) + zp). Written so
// that it vectorises (nearbyint is one rounding instruction on x86-64-v3); a non-finite scale
// (y_scale = 0) takes saturateTo's NaN rule instead.
template <typename T>
void requantizeRun(const int32_t *acc, int64_t count, double bias, const double *scale,
                   int64_t scaleStep, double zp, T *out)
{
    constexpr double lo = double(std::numeric_limits<T>::min());
    constexpr double hi = double(std::numeric_limits<T>::max());
    bool finite = true;
    for (int64_t i = 0; i < (scaleStep ? count : 1); ++i)
        finite = finite && std::isfinite(scale[i * scaleStep]);
    if (!finite) {
        for (int64_t i = 0; i < count; ++i)
            out[i] =
                saturateTo<T>(std::nearbyint((double(acc[i]) + bias) * scale[i * scaleStep]) + zp);
        return;
    }
    if (scaleStep == 0) {
        const double s = scale[0];
        for (int64_t i = 0; i < count; ++i) {
            const double v = std::nearbyint((double(acc[i]) + bias) * s) + zp;
            out[i] = T(v < lo ? lo : v > hi ? hi : v);
        }
    } else {
        for (int64_t i = 0; i < count; ++i) {
            const double v = std::nearbyint((double(acc[i]) + bias) * scale[i]) + zp;
            out[i] = T(v < lo ? lo : v > hi ? hi : v);
        }
    }
}

} // namespace

Status requantize(const KernelContext &ctx, const Requantization &rq, const int32_t *acc,
                  int64_t outer, int64_t channels, int64_t inner, Tensor &y)
{
    if (int64_t(rq.scale.size()) != channels ||
        (!rq.bias.empty() && int64_t(rq.bias.size()) != channels))
        return ctx.error("requantisation for " + std::to_string(rq.scale.size()) +
                             " channels applied to " + std::to_string(channels),
                         ErrorCode::Internal);
    return dispatchNumeric(rq.type, ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        if constexpr (!std::is_integral_v<T>) {
            return ctx.error("output type must be an integer type", ErrorCode::Unsupported);
        } else {
            T *out = y.mutableData<T>();
            if (inner == 1 && rq.bias.empty()) {
                // Channels innermost (QLinearMatMul's columns): one run per row.
                parallelFor(outer, std::max<int64_t>(1, 16384 / std::max<int64_t>(channels, 1)),
                            [&](int64_t begin, int64_t end) {
                                for (int64_t o = begin; o < end; ++o)
                                    requantizeRun<T>(acc + o * channels, channels, 0.0,
                                                     rq.scale.data(), 1, rq.zeroPoint,
                                                     out + o * channels);
                            });
                return Status::ok();
            }
            parallelFor(outer * channels, std::max<int64_t>(1, 16384 / std::max<int64_t>(inner, 1)),
                        [&](int64_t begin, int64_t end) {
                            for (int64_t oc = begin; oc < end; ++oc) {
                                const size_t c = size_t(oc % channels);
                                const double bias = rq.bias.empty() ? 0.0 : double(rq.bias[c]);
                                requantizeRun<T>(acc + oc * inner, inner, bias, &rq.scale[c], 0,
                                                 rq.zeroPoint, out + oc * inner);
                            }
                        });
            return Status::ok();
        }
    });
}

Status matMulIntegerPlain(KernelContext &ctx)
{
    auto a = ctx.requiredInput(0);
    auto b = ctx.requiredInput(1);
    if (!a || !b)
        return !a ? a.status() : b.status();
    auto r = integerMatMul(ctx, **a, **b, ctx.input(2), ctx.input(3));
    if (!r)
        return r.status();
    Tensor &y = ctx.allocateOutput(0, DataType::Int32, r->outShape);
    std::copy(r->acc.begin(), r->acc.end(), y.mutableData<int32_t>());
    return Status::ok();
}

Status qlinearMatMulPlain(KernelContext &ctx)
{
    const IntegerOperands ops = IntegerOperands::qlinearOp();
    for (size_t i = 0; i < 8; ++i)
        if (!ctx.input(i))
            return ctx.error("input " + std::to_string(i) + " is missing");
    auto r = integerMatMul(ctx, *ctx.input(ops.x), *ctx.input(ops.w), ctx.input(ops.xZeroPoint),
                           ctx.input(ops.wZeroPoint));
    if (!r)
        return r.status();
    auto rq = requantizationOf(ctx, ops, r->N);
    if (!rq)
        return rq.status();
    Tensor &y = ctx.allocateOutput(0, rq->type, r->outShape);
    return requantize(ctx, *rq, r->acc.data(), int64_t(r->acc.size()) / std::max<int64_t>(r->N, 1),
                      r->N, 1, y);
}

Status convIntegerPlain(KernelContext &ctx)
{
    auto x = ctx.requiredInput(0);
    auto w = ctx.requiredInput(1);
    if (!x || !w)
        return !x ? x.status() : w.status();
    auto r = integerConv(ctx, **x, ctx.input(2), **w, ctx.input(3));
    if (!r)
        return r.status();
    Tensor &y = ctx.allocateOutput(0, DataType::Int32, r->outShape);
    std::copy(r->acc.begin(), r->acc.end(), y.mutableData<int32_t>());
    return Status::ok();
}

Status qlinearConvPlain(KernelContext &ctx)
{
    const IntegerOperands ops = IntegerOperands::qlinearOp();
    for (size_t i = 0; i < 8; ++i)
        if (!ctx.input(i))
            return ctx.error("input " + std::to_string(i) + " is missing");
    const Tensor &X = *ctx.input(ops.x), &W = *ctx.input(ops.w);
    auto r = integerConv(ctx, X, ctx.input(ops.xZeroPoint), W, ctx.input(ops.wZeroPoint));
    if (!r)
        return r.status();
    const int64_t M = W.dim(0);
    auto rq = requantizationOf(ctx, ops, M);
    if (!rq)
        return rq.status();
    const int64_t N = r->outShape[0];
    const int64_t inner = N * M == 0 ? 0 : elementCount(r->outShape) / (N * M);
    Tensor &y = ctx.allocateOutput(0, rq->type, r->outShape);
    return requantize(ctx, *rq, r->acc.data(), N, M, inner, y);
}

void registerIntegerComputeKernels(KernelRegistry &registry)
{
    const IntegerOperands integer = IntegerOperands::integer(),
                          qlinear = IntegerOperands::qlinearOp();
    registry.add("MatMulInteger", 10, dnnlIntegerMatMulKernel(integer, matMulIntegerPlain));
    registry.add("ConvInteger", 10, dnnlIntegerConvKernel(integer, convIntegerPlain));
    registry.add("QLinearMatMul", 10, dnnlIntegerMatMulKernel(qlinear, qlinearMatMulPlain));
    registry.add("QLinearConv", 10, dnnlIntegerConvKernel(qlinear, qlinearConvPlain));
}

} // namespace silica::runtime
