// Gather, GatherElements, GatherND and Compress. Every index is checked before any read.

#include "core/runtime/kernels/shape_family.h"

#include <algorithm>
#include <cstring>

namespace silica::runtime {

namespace {

Expected<std::vector<int64_t>> readIndices(const Tensor &t, const KernelContext &ctx)
{
    if (t.dataType() != DataType::Int64 && t.dataType() != DataType::Int32)
        return ctx.error("indices must be int32 or int64, not " + dataTypeName(t.dataType()));
    return t.toInt64s();
}

// Copies `count` blocks of `blockBytes`: block u comes from src block source(u).
template <typename Source>
void copyBlocks(unsigned char *dst, const unsigned char *src, int64_t count, size_t blockBytes,
                Source &&source)
{
    const int64_t grain =
        std::max<int64_t>(1, int64_t(64 * 1024 / std::max<size_t>(blockBytes, 1)));
    parallelFor(count, grain, [&](int64_t begin, int64_t end) {
        for (int64_t u = begin; u < end; ++u)
            std::memcpy(dst + size_t(u) * blockBytes, src + size_t(source(u)) * blockBytes,
                        blockBytes);
    });
}

Status gather(KernelContext &ctx)
{
    if (!ctx.hasInput(0) || !ctx.hasInput(1))
        return ctx.error("Gather needs data and indices");
    const Tensor &data = *ctx.input(0);
    const Tensor &indices = *ctx.input(1);
    auto es = elementBytes(data, ctx);
    if (!es)
        return es.error();
    if (data.rank() == 0)
        return ctx.error("cannot gather from a scalar");
    auto axis = normalizeAxis(ctx.node().intAttribute("axis", 0), data.rank(), ctx);
    if (!axis)
        return axis.error();
    auto idx = readIndices(indices, ctx);
    if (!idx)
        return idx.error();
    const Shape &s = data.shape();
    const int64_t dim = s[size_t(*axis)];
    Status ok = normalizeIndices(*idx, dim, ctx, "index");
    if (!ok)
        return ok;
    Shape outShape(s.begin(), s.begin() + *axis);
    outShape.insert(outShape.end(), indices.shape().begin(), indices.shape().end());
    outShape.insert(outShape.end(), s.begin() + *axis + 1, s.end());
    Tensor &out = ctx.allocateOutput(0, data.dataType(), outShape);
    const int64_t inner = elementCount(Shape(s.begin() + *axis + 1, s.end()));
    const int64_t n = int64_t(idx->size());
    const std::vector<int64_t> &k = *idx;
    copyBlocks(static_cast<unsigned char *>(out.mutableRaw()),
               static_cast<const unsigned char *>(data.raw()),
               out.elementCount() / std::max<int64_t>(inner, 1), size_t(inner) * *es,
               [&](int64_t u) { return (u / n) * dim + k[size_t(u % n)]; });
    return Status::ok();
}

Status gatherElements(KernelContext &ctx)
{
    if (!ctx.hasInput(0) || !ctx.hasInput(1))
        return ctx.error("GatherElements needs data and indices");
    const Tensor &data = *ctx.input(0);
    const Tensor &indices = *ctx.input(1);
    auto es = elementBytes(data, ctx);
    if (!es)
        return es.error();
    const int rank = data.rank();
    if (rank == 0 || indices.rank() != rank)
        return ctx.error("indices " + indices.describe() + " must have the rank of data " +
                         data.describe());
    auto axis = normalizeAxis(ctx.node().intAttribute("axis", 0), rank, ctx);
    if (!axis)
        return axis.error();
    for (int a = 0; a < rank; ++a)
        if (a != *axis && indices.dim(a) > data.dim(a))
            return ctx.error("indices " + indices.describe() + " exceed data " + data.describe() +
                             " along axis " + std::to_string(a));
    auto idx = readIndices(indices, ctx);
    if (!idx)
        return idx.error();
    Status ok = normalizeIndices(*idx, data.dim(*axis), ctx, "index");
    if (!ok)
        return ok;
    Tensor &out = ctx.allocateOutput(0, data.dataType(), indices.shape());
    const std::vector<int64_t> dataStrides = stridesOf(data.shape());
    const Shape &shape = indices.shape();
    const int64_t count = int64_t(idx->size());
    const auto *src = static_cast<const unsigned char *>(data.raw());
    auto *dst = static_cast<unsigned char *>(out.mutableRaw());
    dispatchElementSize(*es, [&](auto tag) {
        using E = decltype(tag);
        parallelFor(count, 16384, [&](int64_t begin, int64_t end) {
            for (int64_t p = begin; p < end; ++p) {
                int64_t offset = 0, flat = p;
                for (int a = rank - 1; a >= 0; --a) {
                    const int64_t coord = flat % shape[size_t(a)];
                    flat /= shape[size_t(a)];
                    offset += (a == *axis ? (*idx)[size_t(p)] : coord) * dataStrides[size_t(a)];
                }
                copyElement<E>(dst + size_t(p) * sizeof(E), src + size_t(offset) * sizeof(E));
            }
        });
    });
    return Status::ok();
}

Status gatherND(KernelContext &ctx)
{
    if (!ctx.hasInput(0) || !ctx.hasInput(1))
        return ctx.error("GatherND needs data and indices");
    const Tensor &data = *ctx.input(0);
    const Tensor &indices = *ctx.input(1);
    auto es = elementBytes(data, ctx);
    if (!es)
        return es.error();
    const int64_t b = ctx.node().intAttribute("batch_dims", 0);
    const int r = data.rank(), q = indices.rank();
    if (q < 1 || b < 0 || b >= std::min(r, q))
        return ctx.error("batch_dims " + std::to_string(b) + " does not fit data " +
                         data.describe() + " and indices " + indices.describe());
    const int64_t m = indices.shape().back();
    if (m < 1 || m > r - b)
        return ctx.error("index tuples of length " + std::to_string(m) + " do not fit data " +
                         data.describe());
    for (int a = 0; a < b; ++a)
        if (indices.dim(a) != data.dim(a))
            return ctx.error("batch dims of indices " + indices.describe() + " and data " +
                             data.describe() + " differ");
    auto idx = readIndices(indices, ctx);
    if (!idx)
        return idx.error();
    const Shape &ds = data.shape();
    const std::vector<int64_t> dataStrides = stridesOf(ds);
    // Output: indices.shape[:-1] + data.shape[b+m:] (ONNX GatherND-12).
    Shape outShape(indices.shape().begin(), indices.shape().end() - 1);
    outShape.insert(outShape.end(), ds.begin() + b + m, ds.end());
    const int64_t slice = elementCount(Shape(ds.begin() + b + m, ds.end()));
    const int64_t batchSize = elementCount(Shape(ds.begin() + b, ds.end()));
    const int64_t tuples = int64_t(idx->size()) / m;
    const int64_t batches = elementCount(Shape(ds.begin(), ds.begin() + b));
    const int64_t perBatch = batches > 0 ? tuples / batches : 0;
    std::vector<int64_t> sources(static_cast<size_t>(tuples)); // in units of `slice` elements
    for (int64_t t = 0; t < tuples; ++t) {
        int64_t offset = (t / std::max<int64_t>(perBatch, 1)) * batchSize;
        for (int64_t j = 0; j < m; ++j) {
            int64_t k = (*idx)[size_t(t * m + j)];
            const int64_t dim = ds[size_t(b + j)];
            if (k < -dim || k >= dim)
                return ctx.error("index " + std::to_string(k) + " is out of range for axis " +
                                 std::to_string(b + j) + " of size " + std::to_string(dim));
            offset += (k < 0 ? k + dim : k) * dataStrides[size_t(b + j)];
        }
        sources[size_t(t)] = offset / std::max<int64_t>(slice, 1);
    }
    Tensor &out = ctx.allocateOutput(0, data.dataType(), outShape);
    copyBlocks(static_cast<unsigned char *>(out.mutableRaw()),
               static_cast<const unsigned char *>(data.raw()), slice > 0 ? tuples : 0,
               size_t(slice) * *es, [&](int64_t u) { return sources[size_t(u)]; });
    return Status::ok();
}

Status compress(KernelContext &ctx)
{
    if (!ctx.hasInput(0) || !ctx.hasInput(1))
        return ctx.error("Compress needs input and condition");
    const Tensor &x = *ctx.input(0);
    const Tensor &cond = *ctx.input(1);
    auto es = elementBytes(x, ctx);
    if (!es)
        return es.error();
    if (cond.dataType() != DataType::Bool || cond.rank() != 1)
        return ctx.error("condition must be 1-D bool, not " + cond.describe());
    const Attribute *axisAttr = ctx.node().attribute("axis");
    // Without an axis the input is flattened.
    Shape shape = axisAttr ? x.shape() : Shape{x.elementCount()};
    int axis = 0;
    if (axisAttr) {
        auto a = normalizeAxis(axisAttr->i, x.rank(), ctx);
        if (!a)
            return a.error();
        if (x.rank() == 0)
            return ctx.error("cannot compress a scalar along an axis");
        axis = *a;
    }
    const int64_t dim = shape[size_t(axis)];
    const bool *c = cond.data<bool>();
    // A condition shorter than the axis drops the rest; a longer one may only add false.
    std::vector<int64_t> kept;
    for (int64_t i = 0; i < cond.elementCount(); ++i) {
        if (!c[i])
            continue;
        if (i >= dim)
            return ctx.error("condition selects index " + std::to_string(i) + " beyond axis size " +
                             std::to_string(dim));
        kept.push_back(i);
    }
    const int64_t outer = elementCount(Shape(shape.begin(), shape.begin() + axis));
    const int64_t inner = elementCount(Shape(shape.begin() + axis + 1, shape.end()));
    shape[size_t(axis)] = int64_t(kept.size());
    Tensor &out = ctx.allocateOutput(0, x.dataType(), shape);
    const int64_t n = int64_t(kept.size());
    copyBlocks(static_cast<unsigned char *>(out.mutableRaw()),
               static_cast<const unsigned char *>(x.raw()), inner > 0 ? outer * n : 0,
               size_t(inner) * *es, [&](int64_t u) { return (u / n) * dim + kept[size_t(u % n)]; });
    return Status::ok();
}

} // namespace

void registerGatherKernels(KernelRegistry &registry)
{
    registry.add("Gather", 1, lambdaKernel(gather));
    registry.add("GatherElements", 11, lambdaKernel(gatherElements));
    registry.add("GatherND", 11, lambdaKernel(gatherND));
    registry.add("Compress", 9, lambdaKernel(compress));
}

} // namespace silica::runtime
