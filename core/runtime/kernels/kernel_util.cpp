#include "core/runtime/kernels/kernel_util.h"

#include "core/runtime/layout.h"

#include <algorithm>
#include <atomic>
#include <exception>

namespace silica::runtime {

Expected<Shape> broadcastShapes(const std::vector<const Shape *> &shapes)
{
    size_t rank = 0;
    for (const Shape *s : shapes)
        rank = std::max(rank, s->size());
    Shape out(rank, 1);
    for (const Shape *s : shapes) {
        const size_t offset = rank - s->size();
        for (size_t i = 0; i < s->size(); ++i) {
            const int64_t d = (*s)[i];
            int64_t &o = out[offset + i];
            if (d == o || d == 1)
                continue;
            if (o == 1) {
                o = d;
                continue;
            }
            std::string list;
            for (const Shape *t : shapes)
                list += (list.empty() ? "" : " and ") + shapeString(*t);
            return Status(ErrorCode::InvalidArgument, "shapes " + list + " do not broadcast");
        }
    }
    return out;
}

Tensor plainOf(KernelContext &ctx, const Tensor &t)
{
    if (t.isPlain())
        return t;
    Tensor plain = Tensor::wrap(DataType::Float, t.shape(),
                                ctx.scratch(size_t(t.elementCount()) * sizeof(float)));
    toPlain(t, plain.mutableData<float>());
    return plain;
}

std::vector<int64_t> stridesOf(const Shape &shape)
{
    std::vector<int64_t> strides(shape.size(), 1);
    for (size_t i = shape.size(); i-- > 1;)
        strides[i - 1] = strides[i] * shape[i];
    return strides;
}

std::vector<int64_t> broadcastStrides(const Shape &shape, const Shape &outShape)
{
    std::vector<int64_t> out(outShape.size(), 0);
    const std::vector<int64_t> own = stridesOf(shape);
    const size_t offset = outShape.size() - shape.size();
    for (size_t i = 0; i < shape.size(); ++i)
        out[offset + i] = shape[i] == 1 ? 0 : own[i];
    return out;
}

Expected<int> normalizeAxis(int64_t axis, int rank, const KernelContext &ctx)
{
    if (axis < -rank || axis >= std::max(rank, 1))
        return ctx.error("axis " + std::to_string(axis) + " is out of range for rank " +
                         std::to_string(rank));
    return int(axis < 0 ? axis + rank : axis);
}

void parallelFor(int64_t count, int64_t grain, const std::function<void(int64_t, int64_t)> &fn)
{
    if (count <= 0)
        return;
    grain = std::max<int64_t>(grain, 1);
    const int64_t chunks = (count + grain - 1) / grain;
    if (chunks <= 1) {
        fn(0, count);
        return;
    }
    // An exception may not leave an OpenMP region (the process would terminate): the first
    // one is kept, the remaining chunks are skipped, and it is rethrown on the calling thread,
    // where the executor turns it into an error naming the node.
    std::exception_ptr failure;
    std::atomic<bool> failed{false};
#pragma omp parallel for schedule(static)
    for (int64_t c = 0; c < chunks; ++c) {
        if (failed.load(std::memory_order_relaxed))
            continue;
        try {
            fn(c * grain, std::min(count, (c + 1) * grain));
        } catch (...) {
#pragma omp critical(silica_parallel_for_failure)
            if (!failure)
                failure = std::current_exception();
            failed.store(true, std::memory_order_relaxed);
        }
    }
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace silica::runtime
