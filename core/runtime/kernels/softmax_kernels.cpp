// Softmax, LogSoftmax and Hardmax.
//
// Before opset 13 these coerce the input to 2-D at `axis` (default 1) and normalise each row
// of the flattened [d0·…·d(axis-1), d(axis)·…·d(n-1)] matrix; from opset 13 they normalise
// along the single axis `axis` (default -1) (ONNX Operators.md, Softmax-13 "Changed in").

#include "core/runtime/kernels/softmax_slab.h"

#include <vector>

namespace silica::runtime {

namespace {

template <typename T>
void softmaxBlock(const T *x, T *y, int64_t outer, int64_t reduced, int64_t inner, SoftmaxMode mode)
{
    // float and double run in place on the tensors; 16-bit floats through a float copy.
    using C = std::conditional_t<std::is_same_v<T, double>, double, float>;
    const int64_t R = reduced, I = inner;
    parallelBlocks(outer, R, I, [&](int64_t o0, int64_t o1, int64_t i0, int64_t i1) {
        const int64_t n = i1 - i0;
        if constexpr (std::is_same_v<T, C>) {
            if (I == 1)
                for (int64_t o = o0; o < o1; ++o)
                    softmaxRow(x + o * R, y + o * R, R, mode);
            else
                softmaxColumns(x + o0 * R * I + i0, y + o0 * R * I + i0, R, I, n, mode);
        } else {
            std::vector<C> buf(size_t(R * n));
            for (int64_t o = o0; o < o1; ++o) {
                const T *src = x + o * R * I + i0;
                T *dst = y + o * R * I + i0;
                for (int64_t r = 0; r < R; ++r)
                    for (int64_t i = 0; i < n; ++i)
                        buf[size_t(r * n + i)] = C(src[r * I + i]);
                if (I == 1)
                    softmaxRow(buf.data(), buf.data(), R, mode);
                else
                    softmaxColumns(buf.data(), buf.data(), R, n, n, mode);
                for (int64_t r = 0; r < R; ++r)
                    for (int64_t i = 0; i < n; ++i)
                        dst[r * I + i] = T(buf[size_t(r * n + i)]);
            }
        }
    });
}

Status computeSoftmax(KernelContext &ctx, SoftmaxMode mode)
{
    auto x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Shape &shape = (*x)->shape();
    const int rank = int(shape.size());
    const bool coerce2d = ctx.opsetVersion() < 13;
    auto axis = normalizeAxis(ctx.node().intAttribute("axis", coerce2d ? 1 : -1), rank, ctx);
    if (!axis)
        return axis.status();
    if (rank == 0)
        return ctx.error("input must have at least one dimension");
    const int64_t outer = dimProduct(shape, 0, *axis);
    const int64_t reduced = coerce2d ? dimProduct(shape, *axis, rank) : shape[size_t(*axis)];
    const int64_t inner = coerce2d ? 1 : dimProduct(shape, *axis + 1, rank);
    Tensor y = ctx.allocateOutput(0, (*x)->dataType(), shape);
    return dispatchFloat((*x)->dataType(), ctx, [&](auto tag) {
        using T = decltype(tag);
        softmaxBlock((*x)->data<T>(), y.mutableData<T>(), outer, reduced, inner, mode);
        return Status::ok();
    });
}

} // namespace

void registerSoftmaxKernels(KernelRegistry &registry)
{
    registry.add("Softmax", 1, lambdaKernel([](KernelContext &ctx) {
                     return computeSoftmax(ctx, SoftmaxMode::Softmax);
                 }));
    registry.add("LogSoftmax", 1, lambdaKernel([](KernelContext &ctx) {
                     return computeSoftmax(ctx, SoftmaxMode::LogSoftmax);
                 }));
    registry.add("Hardmax", 1, lambdaKernel([](KernelContext &ctx) {
                     return computeSoftmax(ctx, SoftmaxMode::Hardmax);
                 }));
}

} // namespace silica::runtime
