// MatMulInteger, ConvInteger, QLinearMatMul, QLinearConv: exact int32 accumulation of
// (a − a_zero_point)·(b − b_zero_point), then for the QLinear forms requantisation
// saturate(round(acc · a_scale · b_scale / y_scale) + y_zero_point) (ONNX spec).

#include "core/runtime/kernels/conv_geometry.h"
#include "core/runtime/kernels/kernel_util.h"
#include "core/runtime/kernels/quant_math.h"

#include <cmath>

namespace silica::runtime {

namespace {

// Zero point per index along a dimension of size `n` (scalar or 1-D of n).
Expected<std::vector<int32_t>> zeroPoints(const KernelContext &ctx, const Tensor *zp, int64_t n,
                                          const char *what)
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

Expected<std::vector<double>> scales(const KernelContext &ctx, const Tensor &s, int64_t n,
                                     const char *what)
{
    std::vector<double> v = s.toDoubles();
    if (v.size() == 1)
        return std::vector<double>(size_t(n), v[0]);
    if (int64_t(v.size()) != n)
        return ctx.error(std::string(what) + " scale " + s.describe() + " must have 1 or " +
                         std::to_string(n) + " elements");
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
    auto za = zeroPoints(ctx, aZp, M, "A");
    auto zb = zeroPoints(ctx, bZp, N, "B");
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

Status matMulInteger(KernelContext &ctx)
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

Status qlinearMatMul(KernelContext &ctx)
{
    for (size_t i = 0; i < 8; ++i)
        if (!ctx.input(i))
            return ctx.error("input " + std::to_string(i) + " is missing");
    const Tensor &A = *ctx.input(0), &B = *ctx.input(3), &yZp = *ctx.input(7);
    auto r = integerMatMul(ctx, A, B, ctx.input(2), ctx.input(5));
    if (!r)
        return r.status();
    auto as = scales(ctx, *ctx.input(1), 1, "a");
    auto bs = scales(ctx, *ctx.input(4), r->N, "b");
    auto ys = scales(ctx, *ctx.input(6), 1, "y");
    if (!as || !bs || !ys)
        return !as ? as.status() : !bs ? bs.status() : ys.status();
    const double zp = double(yZp.toInt64s().at(0));
    Tensor &y = ctx.allocateOutput(0, yZp.dataType(), r->outShape);
    return dispatchNumeric(yZp.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        if constexpr (!std::is_integral_v<T>) {
            return ctx.error("output type must be an integer type", ErrorCode::Unsupported);
        } else {
            T *out = y.mutableData<T>();
            for (size_t i = 0; i < r->acc.size(); ++i) {
                // Same rounding as ONNX's reference: the product in float32, then round half even.
                const float scale = float((*as)[0]) * float((*bs)[i % size_t(r->N)]) / float((*ys)[0]);
                out[i] = saturateTo<T>(std::nearbyint(float(r->acc[i]) * scale) + zp);
            }
            return Status::ok();
        }
    });
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
    auto zx = zeroPoints(ctx, xZp, 1, "x");
    auto zw = zeroPoints(ctx, wZp, M, "w");
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

Status convInteger(KernelContext &ctx)
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

Status qlinearConv(KernelContext &ctx)
{
    for (size_t i = 0; i < 8; ++i)
        if (!ctx.input(i))
            return ctx.error("input " + std::to_string(i) + " is missing");
    const Tensor &X = *ctx.input(0), &W = *ctx.input(3), &yZp = *ctx.input(7);
    const Tensor *bias = ctx.input(8);
    auto r = integerConv(ctx, X, ctx.input(2), W, ctx.input(5));
    if (!r)
        return r.status();
    const int64_t M = W.dim(0);
    auto xs = scales(ctx, *ctx.input(1), 1, "x");
    auto ws = scales(ctx, *ctx.input(4), M, "w");
    auto ys = scales(ctx, *ctx.input(6), 1, "y");
    if (!xs || !ws || !ys)
        return !xs ? xs.status() : !ws ? ws.status() : ys.status();
    std::vector<int64_t> b(size_t(M), 0);
    if (bias) {
        b = bias->toInt64s();
        if (int64_t(b.size()) != M)
            return ctx.error("bias " + bias->describe() + " must have " + std::to_string(M) + " elements");
    }
    const int64_t outSize = elementCount(r->outShape) / std::max<int64_t>(1, r->outShape[0] * M);
    const double zp = double(yZp.toInt64s().at(0));
    Tensor &y = ctx.allocateOutput(0, yZp.dataType(), r->outShape);
    return dispatchNumeric(yZp.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        if constexpr (!std::is_integral_v<T>) {
            return ctx.error("output type must be an integer type", ErrorCode::Unsupported);
        } else {
            T *out = y.mutableData<T>();
            for (size_t i = 0; i < r->acc.size(); ++i) {
                const size_t m = size_t((int64_t(i) / outSize) % M);
                const double scale = (*xs)[0] * (*ws)[m] / (*ys)[0];
                out[i] = saturateTo<T>(std::nearbyint(double(r->acc[i] + b[m]) * scale) + zp);
            }
            return Status::ok();
        }
    });
}

} // namespace

void registerIntegerComputeKernels(KernelRegistry &registry)
{
    registry.add("MatMulInteger", 10, lambdaKernel(matMulInteger));
    registry.add("ConvInteger", 10, lambdaKernel(convInteger));
    registry.add("QLinearMatMul", 10, lambdaKernel(qlinearMatMul));
    registry.add("QLinearConv", 10, lambdaKernel(qlinearConv));
}

} // namespace silica::runtime
