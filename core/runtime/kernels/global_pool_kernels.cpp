// GlobalAveragePool, GlobalMaxPool, GlobalLpPool (one value per (n, c) over all spatial
// elements) and MaxUnpool.

#include "core/runtime/kernels/norm_rows.h"
#include "core/runtime/kernels/reduce_layout.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace silica::runtime {

namespace {

enum class GlobalKind
{
    Average,
    Max,
    Lp
};

template <GlobalKind Kind, typename T>
void globalPool(const T *x, T *y, int64_t rows, int64_t S, double p)
{
    using A = std::conditional_t<Kind == GlobalKind::Max && !isFloatLike<T>, T, NormCompute<T>>;
    parallelFor(rows, std::max<int64_t>(1, kParallelWork / std::max<int64_t>(S, 1)),
                [&](int64_t begin, int64_t end) {
                    for (int64_t row = begin; row < end; ++row) {
                        const T *src = x + row * S;
                        if constexpr (Kind == GlobalKind::Max) {
                            A acc = std::numeric_limits<A>::has_infinity
                                        ? -std::numeric_limits<A>::infinity()
                                        : std::numeric_limits<A>::lowest();
#pragma omp simd reduction(max : acc)
                            for (int64_t i = 0; i < S; ++i)
                                acc = A(src[i]) > acc ? A(src[i]) : acc;
                            y[row] = T(acc);
                        } else if constexpr (Kind == GlobalKind::Average) {
                            A acc = 0;
#pragma omp simd reduction(+ : acc)
                            for (int64_t i = 0; i < S; ++i)
                                acc += A(src[i]);
                            y[row] = T(acc / A(S));
                        } else {
                            A acc = 0;
                            for (int64_t i = 0; i < S; ++i) {
                                const A m = std::fabs(A(src[i]));
                                acc += p == 2 ? m * m : std::pow(m, A(p));
                            }
                            y[row] = T(p == 2 ? std::sqrt(acc) : std::pow(acc, A(1 / p)));
                        }
                    }
                });
}

template <GlobalKind Kind> Status computeGlobalPool(KernelContext &ctx)
{
    auto x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Shape &shape = (*x)->shape();
    if (shape.size() < 2)
        return ctx.error("input must be at least [N, C], got " + (*x)->describe());
    double p = 2;
    if (const Attribute *a = ctx.node().attribute("p"))
        p = a->type == AttributeType::Float ? double(a->f) : double(a->i);
    if (Kind == GlobalKind::Lp && !(p > 0))
        return ctx.error("p must be positive");
    Shape outShape = shape;
    std::fill(outShape.begin() + 2, outShape.end(), 1);
    const int64_t rows = shape[0] * shape[1], S = dimProduct(shape, 2, int(shape.size()));
    Tensor y = ctx.allocateOutput(0, (*x)->dataType(), outShape);
    auto run = [&](auto tag) {
        using T = decltype(tag);
        globalPool<Kind>((*x)->data<T>(), y.mutableData<T>(), rows, S, p);
        return Status::ok();
    };
    if constexpr (Kind == GlobalKind::Max)
        return dispatchNumeric((*x)->dataType(), ctx, run);
    else
        return dispatchFloat((*x)->dataType(), ctx, run);
}

// Scatters X into zeros at the flat positions in I (the Indices output of MaxPool), which
// address the default output: (in - 1) · stride + kernel - pads per axis (MaxUnpool-11). A
// larger output_shape keeps each element at the same coordinates, the extra rows and columns
// at the end staying zero (as the ONNX reference implementation pads).
Status computeMaxUnpool(KernelContext &ctx)
{
    auto x = ctx.requiredInput(0);
    auto idx = ctx.requiredInput(1);
    if (!x || !idx)
        return !x ? x.status() : idx.status();
    const Shape &shape = (*x)->shape();
    const int dims = int(shape.size()) - 2;
    if (dims < 1)
        return ctx.error("input must be [N, C, spatial…], got " + (*x)->describe());
    if ((*idx)->shape() != shape || (*idx)->dataType() != DataType::Int64)
        return ctx.error("indices " + (*idx)->describe() + " must be int64 shaped like X " +
                         (*x)->describe());
    const Node &node = ctx.node();
    const std::vector<int64_t> kernel = node.intsAttribute("kernel_shape");
    const std::vector<int64_t> strides = node.intsAttribute("strides");
    const std::vector<int64_t> pads = node.intsAttribute("pads");
    if (int(kernel.size()) != dims || (!strides.empty() && int(strides.size()) != dims) ||
        (!pads.empty() && int(pads.size()) != 2 * dims))
        return ctx.error("kernel_shape, strides and pads must match the " + std::to_string(dims) +
                         " spatial axes");
    Shape inferred = {shape[0], shape[1]};
    for (int i = 0; i < dims; ++i) {
        const int64_t s = strides.empty() ? 1 : strides[size_t(i)];
        const int64_t pad = pads.empty() ? 0 : pads[size_t(i)] + pads[size_t(dims + i)];
        inferred.push_back((shape[size_t(2 + i)] - 1) * s + kernel[size_t(i)] - pad);
        if (inferred.back() < 0)
            return ctx.error("negative output size in " + shapeString(inferred));
    }
    Shape outShape = inferred;
    if (const Tensor *given = ctx.input(2)) {
        outShape = given->toInt64s();
        bool fits = outShape.size() == inferred.size() && outShape[0] == inferred[0] &&
                    outShape[1] == inferred[1];
        for (size_t i = 2; fits && i < outShape.size(); ++i)
            fits = outShape[i] >= inferred[i];
        if (!fits)
            return ctx.error("output_shape " + shapeString(outShape) +
                             " is smaller than the unpooled shape " + shapeString(inferred));
    }
    Tensor y = ctx.allocateOutput(0, (*x)->dataType(), outShape);
    std::memset(y.mutableRaw(), 0, y.byteSize());
    const int64_t total = elementCount(inferred);
    const std::vector<int64_t> inferredStrides = stridesOf(inferred),
                               outStrides = stridesOf(outShape);
    const int64_t *index = (*idx)->data<int64_t>();
    return dispatchAll((*x)->dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        const T *src = (*x)->data<T>();
        T *dst = y.mutableData<T>();
        for (int64_t i = 0; i < (*x)->elementCount(); ++i) {
            if (index[i] < 0 || index[i] >= total)
                return ctx.error("index " + std::to_string(index[i]) +
                                 " is outside the unpooled shape " + shapeString(inferred));
            int64_t rest = index[i], at = 0;
            for (size_t k = 0; k < inferred.size(); ++k) {
                at += rest / inferredStrides[k] * outStrides[k];
                rest %= inferredStrides[k];
            }
            dst[at] = src[i];
        }
        return Status::ok();
    });
}

} // namespace

void registerGlobalPoolKernels(KernelRegistry &registry)
{
    registry.add("GlobalAveragePool", 1, lambdaKernel(computeGlobalPool<GlobalKind::Average>));
    registry.add("GlobalMaxPool", 1, lambdaKernel(computeGlobalPool<GlobalKind::Max>));
    registry.add("GlobalLpPool", 1, lambdaKernel(computeGlobalPool<GlobalKind::Lp>));
    registry.add("MaxUnpool", 9, lambdaKernel(computeMaxUnpool));
}

} // namespace silica::runtime
