// Scatter (opset 9-10), ScatterElements and ScatterND, with the reductions of opset 16
// (add, mul) and 18 (max, min). The output starts as a copy of data; updates are applied in
// index order, so with reduction "none" the last duplicate index wins.

#include "core/runtime/kernels/shape_family.h"

#include <algorithm>
#include <cstring>

namespace silica::runtime {

namespace {

enum class Reduction
{
    None,
    Add,
    Mul,
    Max,
    Min
};

Expected<Reduction> reductionOf(const KernelContext &ctx)
{
    const std::string r = ctx.node().stringAttribute("reduction", "none");
    if (r == "none")
        return Reduction::None;
    if (r == "add")
        return Reduction::Add;
    if (r == "mul")
        return Reduction::Mul;
    if (r == "max")
        return Reduction::Max;
    if (r == "min")
        return Reduction::Min;
    return ctx.error("unknown reduction '" + r + "'");
}

template <typename T> T combine(T a, T b, Reduction r)
{
    // float16 / bfloat16 combine in float.
    using Acc =
        std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;
    const Acc x = Acc(a), y = Acc(b);
    switch (r) {
    case Reduction::Add:
        return T(x + y);
    case Reduction::Mul:
        return T(x * y);
    case Reduction::Max:
        return T(std::max(x, y));
    case Reduction::Min:
        return T(std::min(x, y));
    case Reduction::None:
        break;
    }
    return b;
}

// out[targets[t] * block + j] (op)= updates[t * block + j], in order of t.
Status applyUpdates(KernelContext &ctx, Tensor &out, const Tensor &updates,
                    const std::vector<int64_t> &targets, int64_t block, Reduction reduction)
{
    const size_t es = out.byteSize() / size_t(std::max<int64_t>(out.elementCount(), 1));
    auto *dst = static_cast<unsigned char *>(out.mutableRaw());
    const auto *src = static_cast<const unsigned char *>(updates.raw());
    if (reduction == Reduction::None) {
        const size_t bytes = size_t(block) * es;
        for (size_t t = 0; t < targets.size(); ++t)
            std::memcpy(dst + size_t(targets[t]) * bytes, src + t * bytes, bytes);
        return Status::ok();
    }
    return dispatchNumeric(out.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        T *o = out.mutableData<T>();
        const T *u = updates.data<T>();
        for (size_t t = 0; t < targets.size(); ++t)
            for (int64_t j = 0; j < block; ++j) {
                T &d = o[targets[t] * block + j];
                d = combine(d, u[int64_t(t) * block + j], reduction);
            }
        return Status::ok();
    });
}

// The output as a copy of data, checked against updates' type.
Expected<Tensor *> copyOfData(KernelContext &ctx)
{
    if (!ctx.hasInput(0) || !ctx.hasInput(1) || !ctx.hasInput(2))
        return ctx.error("data, indices and updates are required");
    const Tensor &data = *ctx.input(0);
    const Tensor &indices = *ctx.input(1);
    const Tensor &updates = *ctx.input(2);
    auto es = elementBytes(data, ctx);
    if (!es)
        return es.error();
    if (updates.dataType() != data.dataType())
        return ctx.error("updates " + updates.describe() + " do not match data " + data.describe());
    if (indices.dataType() != DataType::Int64 && indices.dataType() != DataType::Int32)
        return ctx.error("indices must be int32 or int64, not " + indices.describe());
    Tensor &out = ctx.allocateOutput(0, data.dataType(), data.shape());
    parallelCopy(out.mutableRaw(), data.raw(), data.byteSize());
    return &out;
}

Status scatterElements(KernelContext &ctx)
{
    auto reduction = reductionOf(ctx);
    if (!reduction)
        return reduction.error();
    auto out = copyOfData(ctx);
    if (!out)
        return out.error();
    const Tensor &data = *ctx.input(0);
    const Tensor &indices = *ctx.input(1);
    const Tensor &updates = *ctx.input(2);
    const int rank = data.rank();
    if (updates.shape() != indices.shape() || indices.rank() != rank || rank == 0)
        return ctx.error("indices " + indices.describe() + " and updates " + updates.describe() +
                         " must share a shape of data's rank " + std::to_string(rank));
    auto axis = normalizeAxis(ctx.node().intAttribute("axis", 0), rank, ctx);
    if (!axis)
        return axis.error();
    for (int a = 0; a < rank; ++a)
        if (a != *axis && indices.dim(a) > data.dim(a))
            return ctx.error("indices " + indices.describe() + " exceed data " + data.describe() +
                             " along axis " + std::to_string(a));
    std::vector<int64_t> targets = indices.toInt64s();
    Status ok = normalizeIndices(targets, data.dim(*axis), ctx, "index");
    if (!ok)
        return ok;
    const std::vector<int64_t> strides = stridesOf(data.shape());
    const Shape &shape = indices.shape();
    for (size_t p = 0; p < targets.size(); ++p) {
        int64_t offset = 0, flat = int64_t(p);
        for (int a = rank - 1; a >= 0; --a) {
            const int64_t coord = flat % shape[size_t(a)];
            flat /= shape[size_t(a)];
            offset += (a == *axis ? targets[p] : coord) * strides[size_t(a)];
        }
        targets[p] = offset;
    }
    return applyUpdates(ctx, **out, updates, targets, 1, *reduction);
}

Status scatterND(KernelContext &ctx)
{
    auto reduction = reductionOf(ctx);
    if (!reduction)
        return reduction.error();
    auto out = copyOfData(ctx);
    if (!out)
        return out.error();
    const Tensor &data = *ctx.input(0);
    const Tensor &indices = *ctx.input(1);
    const Tensor &updates = *ctx.input(2);
    const Shape &ds = data.shape();
    if (indices.rank() < 1)
        return ctx.error("indices must have rank >= 1");
    const int64_t k = indices.shape().back();
    if (k < 0 || k > data.rank())
        return ctx.error("index tuples of length " + std::to_string(k) + " do not fit data " +
                         data.describe());
    // updates.shape = indices.shape[:-1] + data.shape[k:] (ONNX ScatterND).
    Shape expected(indices.shape().begin(), indices.shape().end() - 1);
    expected.insert(expected.end(), ds.begin() + k, ds.end());
    if (updates.shape() != expected)
        return ctx.error("updates " + updates.describe() + " should have shape " +
                         shapeString(expected));
    const std::vector<int64_t> idx = indices.toInt64s();
    const std::vector<int64_t> strides = stridesOf(ds);
    const int64_t block = elementCount(Shape(ds.begin() + k, ds.end()));
    const int64_t tuples = elementCount(Shape(indices.shape().begin(), indices.shape().end() - 1));
    std::vector<int64_t> targets(static_cast<size_t>(tuples));
    for (int64_t t = 0; t < tuples; ++t) {
        int64_t offset = 0;
        for (int64_t j = 0; j < k; ++j) {
            int64_t v = idx[size_t(t * k + j)];
            const int64_t dim = ds[size_t(j)];
            if (v < -dim || v >= dim)
                return ctx.error("index " + std::to_string(v) + " is out of range for axis " +
                                 std::to_string(j) + " of size " + std::to_string(dim));
            offset += (v < 0 ? v + dim : v) * strides[size_t(j)];
        }
        targets[size_t(t)] = block > 0 ? offset / block : 0;
    }
    return applyUpdates(ctx, **out, updates, targets, block, *reduction);
}

} // namespace

void registerScatterKernels(KernelRegistry &registry)
{
    registry.add("Scatter", 9, lambdaKernel(scatterElements));
    registry.add("ScatterElements", 11, lambdaKernel(scatterElements));
    registry.add("ScatterND", 11, lambdaKernel(scatterND));
}

} // namespace silica::runtime
