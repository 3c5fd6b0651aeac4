// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (opset 12+).
//
// Both gather -input[n, target[n, d…], d…] · weight[target], skip targets equal to
// ignore_index (weight 0), and reduce with `reduction`: "none" keeps the target's shape,
// "sum" adds, "mean" divides the sum by the sum of the gathered weights (ONNX
// NegativeLogLikelihoodLoss-13; with no weight input every weight is 1).

#include "core/runtime/kernels/softmax_slab.h"

#include <vector>

namespace silica::runtime {

namespace {

enum class Reduction
{
    None,
    Sum,
    Mean
};

struct LossSettings
{
    Reduction reduction = Reduction::Mean;
    bool hasIgnore = false;
    int64_t ignoreIndex = 0;
};

Expected<LossSettings> lossSettings(const KernelContext &ctx)
{
    LossSettings s;
    const std::string reduction = ctx.node().stringAttribute("reduction", "mean");
    if (reduction == "none")
        s.reduction = Reduction::None;
    else if (reduction == "sum")
        s.reduction = Reduction::Sum;
    else if (reduction != "mean")
        return ctx.error("reduction '" + reduction + "' is not one of none, sum, mean");
    if (const Attribute *a = ctx.node().attribute("ignore_index")) {
        s.hasIgnore = true;
        s.ignoreIndex = a->i;
    }
    return s;
}

// The loss from log-probabilities `logp` laid out [N, C, D] (D = product of the trailing
// dims), written to output 0 with the input's element type T.
template <typename T, typename P>
Status gatherLoss(KernelContext &ctx, const P *logp, const Tensor &input, const Tensor &target,
                  const Tensor *weight, const LossSettings &s)
{
    const Shape &shape = input.shape();
    const int64_t N = shape[0], C = shape[1], D = dimProduct(shape, 2, int(shape.size()));
    Shape targetShape = {N};
    targetShape.insert(targetShape.end(), shape.begin() + 2, shape.end());
    if (target.shape() != targetShape)
        return ctx.error("target shape " + shapeString(target.shape()) + " does not match input " +
                         shapeString(shape) + " (expected " + shapeString(targetShape) + ")");
    if (target.dataType() != DataType::Int64 && target.dataType() != DataType::Int32)
        return ctx.error("target must be int32 or int64, got " + target.describe());
    std::vector<double> w;
    if (weight) {
        if (weight->shape() != Shape{C})
            return ctx.error("weight shape " + shapeString(weight->shape()) + " is not [" +
                             std::to_string(C) + "]");
        w = weight->toDoubles();
    }
    const std::vector<int64_t> t = target.toInt64s();
    std::vector<double> loss(s.reduction == Reduction::None ? size_t(N * D) : 0);
    double sum = 0, weightSum = 0;
    for (int64_t n = 0; n < N; ++n)
        for (int64_t d = 0; d < D; ++d) {
            const int64_t k = t[size_t(n * D + d)];
            if (s.hasIgnore && k == s.ignoreIndex)
                continue;
            if (k < 0 || k >= C)
                return ctx.error("target " + std::to_string(k) + " is out of range [0, " +
                                 std::to_string(C) + ")");
            const double wk = w.empty() ? 1.0 : w[size_t(k)];
            const double l = -double(logp[(n * C + k) * D + d]) * wk;
            if (!loss.empty())
                loss[size_t(n * D + d)] = l;
            sum += l;
            weightSum += wk;
        }
    if (s.reduction == Reduction::None) {
        Tensor out = ctx.allocateOutput(0, input.dataType(), targetShape);
        T *y = out.mutableData<T>();
        for (size_t i = 0; i < loss.size(); ++i)
            y[i] = T(loss[i]);
        return Status::ok();
    }
    Tensor out = ctx.allocateOutput(0, input.dataType(), {});
    // 0 / 0 = NaN when every target is ignored, as the reference computes it.
    *out.mutableData<T>() = T(s.reduction == Reduction::Sum ? sum : sum / weightSum);
    return Status::ok();
}

Expected<const Tensor *> lossInput(const KernelContext &ctx)
{
    auto x = ctx.requiredInput(0);
    if (x && (*x)->rank() < 2)
        return ctx.error("input must be at least [N, C], got " + (*x)->describe());
    return x;
}

Status computeNll(KernelContext &ctx)
{
    auto x = lossInput(ctx);
    if (!x)
        return x.status();
    auto target = ctx.requiredInput(1);
    if (!target)
        return target.status();
    auto settings = lossSettings(ctx);
    if (!settings)
        return settings.status();
    return dispatchFloat((*x)->dataType(), ctx, [&](auto tag) {
        using T = decltype(tag);
        return gatherLoss<T>(ctx, (*x)->data<T>(), **x, **target, ctx.input(2), *settings);
    });
}

// Log-softmax over axis 1, then the NLL gather; the optional second output is log_prob.
Status computeSoftmaxCrossEntropy(KernelContext &ctx)
{
    auto x = lossInput(ctx);
    if (!x)
        return x.status();
    auto target = ctx.requiredInput(1);
    if (!target)
        return target.status();
    auto settings = lossSettings(ctx);
    if (!settings)
        return settings.status();
    const Shape &shape = (*x)->shape();
    const int64_t N = shape[0], C = shape[1], D = dimProduct(shape, 2, int(shape.size()));
    return dispatchFloat((*x)->dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        using P = std::conditional_t<std::is_same_v<T, double>, double, float>;
        const T *in = (*x)->data<T>();
        std::vector<P> logp(size_t(N * C * D));
        for (size_t i = 0; i < logp.size(); ++i)
            logp[i] = P(in[i]);
        for (int64_t n = 0; n < N; ++n) {
            P *block = logp.data() + n * C * D;
            if (D == 1)
                softmaxRow(block, block, C, SoftmaxMode::LogSoftmax);
            else
                for (int64_t i0 = 0; i0 < D; i0 += kInnerChunk)
                    softmaxColumns(block + i0, block + i0, C, D, std::min(kInnerChunk, D - i0),
                                   SoftmaxMode::LogSoftmax);
        }
        Status status = gatherLoss<T>(ctx, logp.data(), **x, **target, ctx.input(2), *settings);
        if (!status || !ctx.wantsOutput(1))
            return status;
        Tensor out = ctx.allocateOutput(1, (*x)->dataType(), shape);
        T *y = out.mutableData<T>();
        for (size_t i = 0; i < logp.size(); ++i)
            y[i] = T(logp[i]);
        return Status::ok();
    });
}

} // namespace

void registerLossKernels(KernelRegistry &registry)
{
    registry.add("NegativeLogLikelihoodLoss", 12, lambdaKernel(computeNll));
    registry.add("SoftmaxCrossEntropyLoss", 12, lambdaKernel(computeSoftmaxCrossEntropy));
}

} // namespace silica::runtime
