// BatchNormalization, InstanceNormalization and LRN. LayerNormalization, GroupNormalization
// and MeanVarianceNormalization are in layer_norm_kernels.cpp.

#include "core/runtime/kernels/norm_rows.h"
#include "core/runtime/kernels/reduce_layout.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace silica::runtime {

void registerLayerNormKernels(KernelRegistry &registry); // layer_norm_kernels.cpp

namespace {

// Checks a per-channel parameter: `count` elements (C, or C·spatial for the per-activation
// form of BatchNormalization before opset 9 with spatial=0).
Expected<std::vector<double>> channelParam(const KernelContext &ctx, size_t index, const char *name,
                                           int64_t count, int64_t altCount)
{
    auto t = ctx.requiredInput(index);
    if (!t)
        return t.status();
    const int64_t n = (*t)->elementCount();
    if (n != count && n != altCount)
        return ctx.error(std::string(name) + " has " + std::to_string(n) + " elements, expected " +
                         std::to_string(count));
    return (*t)->toDoubles();
}

// y = x · a[c] + b[c] over N·C rows of `spatial` elements (or per element when a has C·spatial
// entries).
template <typename T>
void applyScaleShift(const T *x, T *y, int64_t N, int64_t C, int64_t spatial,
                     const std::vector<double> &a, const std::vector<double> &b)
{
    using Cp = NormCompute<T>;
    const bool perElement = int64_t(a.size()) != C;
    std::vector<Cp> ca(a.begin(), a.end()), cb(b.begin(), b.end());
    parallelFor(N * C, std::max<int64_t>(1, kParallelWork / std::max<int64_t>(spatial, 1)),
                [&](int64_t begin, int64_t end) {
                    for (int64_t row = begin; row < end; ++row) {
                        const int64_t c = row % C;
                        const T *in = x + row * spatial;
                        T *out = y + row * spatial;
                        if (!perElement) {
                            scaleShiftRow(in, out, spatial, ca[size_t(c)], cb[size_t(c)]);
                            continue;
                        }
                        const Cp *pa = ca.data() + c * spatial, *pb = cb.data() + c * spatial;
                        for (int64_t i = 0; i < spatial; ++i)
                            out[i] = T(Cp(in[i]) * pa[i] + pb[i]);
                    }
                });
}

// Inference folds the four parameters into one scale and shift per channel; training mode
// (opset 14+) normalises with the batch statistics and also returns the updated running
// mean and variance: running · momentum + batch · (1 - momentum) (BatchNormalization-15).
Status computeBatchNorm(KernelContext &ctx)
{
    auto x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Shape &shape = (*x)->shape();
    if (shape.size() < 2)
        return ctx.error("input must be at least [N, C], got " + (*x)->describe());
    const int64_t N = shape[0], C = shape[1], S = dimProduct(shape, 2, int(shape.size()));
    const Node &node = ctx.node();
    const double epsilon = node.floatAttribute("epsilon", 1e-5f);
    const bool training = ctx.opsetVersion() >= 14 && node.intAttribute("training_mode", 0) != 0;
    // spatial=0 (before opset 9) gives every element of a channel its own parameters.
    const bool perElement = ctx.opsetVersion() < 9 && node.intAttribute("spatial", 1) == 0;
    const int64_t alt = perElement ? C * S : C;
    auto scale = channelParam(ctx, 1, "scale", C, alt);
    auto bias = channelParam(ctx, 2, "B", C, alt);
    auto mean = channelParam(ctx, 3, "input_mean", C, alt);
    auto var = channelParam(ctx, 4, "input_var", C, alt);
    for (const auto *p : {&scale, &bias, &mean, &var})
        if (!*p)
            return p->status();
    if (!training && (ctx.wantsOutput(1) || ctx.wantsOutput(2)))
        return ctx.error("the running mean and variance outputs exist only in training mode "
                         "(training_mode=1, opset 14 and later)",
                         ErrorCode::Unsupported);
    const size_t P = scale->size();
    std::vector<double> a(P), b(P);
    std::vector<double> batchMean, batchVar;
    if (training) {
        if (P != size_t(C))
            return ctx.error("training mode needs per-channel parameters");
        batchMean.assign(P, 0.0);
        batchVar.assign(P, 0.0);
        Status status = dispatchFloat((*x)->dataType(), ctx, [&](auto tag) {
            using T = decltype(tag);
            const T *data = (*x)->data<T>();
            for (int64_t c = 0; c < C; ++c) {
                double sum = 0, squares = 0;
                for (int64_t n = 0; n < N; ++n)
                    for (int64_t i = 0; i < S; ++i)
                        sum += double(data[(n * C + c) * S + i]);
                const double m = sum / double(N * S);
                for (int64_t n = 0; n < N; ++n)
                    for (int64_t i = 0; i < S; ++i) {
                        const double d = double(data[(n * C + c) * S + i]) - m;
                        squares += d * d;
                    }
                batchMean[size_t(c)] = m;
                batchVar[size_t(c)] = squares / double(N * S);
            }
            return Status::ok();
        });
        if (!status)
            return status;
    }
    for (size_t c = 0; c < P; ++c) {
        const double m = training ? batchMean[c] : (*mean)[c];
        const double v = training ? batchVar[c] : (*var)[c];
        a[c] = (*scale)[c] / std::sqrt(v + epsilon);
        b[c] = (*bias)[c] - m * a[c];
    }
    Tensor y = ctx.allocateOutput(0, (*x)->dataType(), shape);
    Status status = dispatchFloat((*x)->dataType(), ctx, [&](auto tag) {
        using T = decltype(tag);
        applyScaleShift((*x)->data<T>(), y.mutableData<T>(), N, C, S, a, b);
        return Status::ok();
    });
    if (!status || !training)
        return status;
    const double momentum = node.floatAttribute("momentum", 0.9f);
    for (int k = 0; k < 2; ++k) {
        if (!ctx.wantsOutput(size_t(1 + k)))
            continue;
        const Tensor *running = ctx.input(size_t(3 + k));
        const std::vector<double> &old = k == 0 ? *mean : *var;
        const std::vector<double> &batch = k == 0 ? batchMean : batchVar;
        Tensor out = ctx.allocateOutput(size_t(1 + k), running->dataType(), running->shape());
        status = dispatchFloat(running->dataType(), ctx, [&](auto tag) {
            using U = decltype(tag);
            U *o = out.mutableData<U>();
            for (size_t c = 0; c < P; ++c)
                o[c] = U(old[c] * momentum + batch[c] * (1 - momentum));
            return Status::ok();
        });
        if (!status)
            return status;
    }
    return Status::ok();
}

// y = scale[c] · (x - mean) / sqrt(variance + epsilon) + B[c], statistics per (n, c) over the
// spatial elements.
Status computeInstanceNorm(KernelContext &ctx)
{
    auto x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Shape &shape = (*x)->shape();
    if (shape.size() < 2)
        return ctx.error("input must be at least [N, C], got " + (*x)->describe());
    const int64_t N = shape[0], C = shape[1], S = dimProduct(shape, 2, int(shape.size()));
    auto scale = channelParam(ctx, 1, "scale", C, C);
    auto bias = channelParam(ctx, 2, "B", C, C);
    if (!scale || !bias)
        return !scale ? scale.status() : bias.status();
    const double epsilon = ctx.node().floatAttribute("epsilon", 1e-5f);
    Tensor y = ctx.allocateOutput(0, (*x)->dataType(), shape);
    return dispatchFloat((*x)->dataType(), ctx, [&](auto tag) {
        using T = decltype(tag);
        using Cp = NormCompute<T>;
        const T *in = (*x)->data<T>();
        T *out = y.mutableData<T>();
        parallelFor(N * C, std::max<int64_t>(1, kParallelWork / std::max<int64_t>(S, 1)),
                    [&](int64_t begin, int64_t end) {
                        for (int64_t row = begin; row < end; ++row) {
                            const size_t c = size_t(row % C);
                            Cp m, v;
                            rowMoments(in + row * S, S, m, v);
                            const Cp a = Cp((*scale)[c] / std::sqrt(double(v) + epsilon));
                            scaleShiftRow(in + row * S, out + row * S, S, a,
                                          Cp((*bias)[c]) - Cp(m) * a);
                        }
                    });
        return Status::ok();
    });
}

// Local response normalisation across channels (LRN-13):
// y = x / (bias + alpha / size · Σ x²)^beta, the sum over channels
// [c - floor((size-1)/2), c + ceil((size-1)/2)].
Status computeLrn(KernelContext &ctx)
{
    auto x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Shape &shape = (*x)->shape();
    if (shape.size() < 2)
        return ctx.error("input must be at least [N, C], got " + (*x)->describe());
    const Node &node = ctx.node();
    const int64_t size = node.intAttribute("size", 0);
    if (size <= 0)
        return ctx.error("attribute size must be positive");
    const double alpha = node.floatAttribute("alpha", 1e-4f);
    const double beta = node.floatAttribute("beta", 0.75f);
    const double bias = node.floatAttribute("bias", 1.0f);
    const int64_t N = shape[0], C = shape[1], S = dimProduct(shape, 2, int(shape.size()));
    const int64_t before = (size - 1) / 2, after = size - 1 - before;
    Tensor y = ctx.allocateOutput(0, (*x)->dataType(), shape);
    return dispatchFloat((*x)->dataType(), ctx, [&](auto tag) {
        using T = decltype(tag);
        using Cp = NormCompute<T>;
        const T *in = (*x)->data<T>();
        T *out = y.mutableData<T>();
        const Cp k = Cp(alpha / double(size)), b = Cp(bias), e = Cp(-beta);
        const int64_t grain = std::max<int64_t>(1, kParallelWork / std::max<int64_t>(S * size, 1));
        parallelFor(N * C, grain, [&](int64_t begin, int64_t end) {
            std::vector<Cp> sum(static_cast<size_t>(S));
            for (int64_t row = begin; row < end; ++row) {
                const int64_t n = row / C, c = row % C;
                std::fill(sum.begin(), sum.end(), Cp(0));
                for (int64_t j = std::max<int64_t>(0, c - before); j <= std::min(C - 1, c + after);
                     ++j) {
                    const T *src = in + (n * C + j) * S;
                    for (int64_t i = 0; i < S; ++i)
                        sum[size_t(i)] += Cp(src[i]) * Cp(src[i]);
                }
                const T *src = in + row * S;
                T *dst = out + row * S;
                for (int64_t i = 0; i < S; ++i)
                    dst[i] = T(Cp(src[i]) * std::pow(b + k * sum[size_t(i)], e));
            }
        });
        return Status::ok();
    });
}

} // namespace

void registerNormKernels(KernelRegistry &registry)
{
    registry.add("BatchNormalization", 1, lambdaKernel(computeBatchNorm));
    registry.add("InstanceNormalization", 1, lambdaKernel(computeInstanceNorm));
    registry.add("LRN", 1, lambdaKernel(computeLrn));
    registerLayerNormKernels(registry);
}

} // namespace silica::runtime
