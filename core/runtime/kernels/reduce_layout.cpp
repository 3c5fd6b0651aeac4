#include "core/runtime/kernels/reduce_layout.h"

#include <algorithm>

namespace silica::runtime {

ReduceLayout makeReduceLayout(const Shape &shape, const std::vector<bool> &reduce)
{
    ReduceLayout layout;
    layout.keptShape = shape;
    // Runs of neighbouring axes with the same role; size-1 axes belong to any run.
    struct Run
    {
        int64_t size;
        bool reduced;
    };
    std::vector<Run> runs;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (reduce[i])
            layout.keptShape[i] = 1;
        if (shape[i] == 1)
            continue;
        if (!runs.empty() && runs.back().reduced == reduce[i])
            runs.back().size *= shape[i];
        else
            runs.push_back({shape[i], bool(reduce[i])});
    }
    // Blocked forms: [], [K], [R], [K,R], [R,K], [K,R,K].
    size_t r = 0;
    while (r < runs.size() && !runs[r].reduced)
        ++r;
    const size_t reducedRuns =
        size_t(std::count_if(runs.begin(), runs.end(), [](const Run &run) { return run.reduced; }));
    if (reducedRuns <= 1) {
        layout.outer = r > 0 ? runs[0].size : 1;
        layout.reduced = r < runs.size() ? runs[r].size : 1;
        layout.inner = r + 1 < runs.size() ? runs[r + 1].size : 1;
        return layout;
    }
    layout.blocked = false;
    // Strides of the runs, then enumerate kept and reduced positions separately.
    std::vector<int64_t> strides(runs.size(), 1);
    for (size_t i = runs.size(); i-- > 1;)
        strides[i - 1] = strides[i] * runs[i].size;
    auto enumerate = [&](bool reduced) {
        std::vector<int64_t> offsets{0};
        for (size_t i = 0; i < runs.size(); ++i) {
            if (runs[i].reduced != reduced)
                continue;
            std::vector<int64_t> next;
            next.reserve(offsets.size() * size_t(runs[i].size));
            for (int64_t base : offsets)
                for (int64_t k = 0; k < runs[i].size; ++k)
                    next.push_back(base + k * strides[i]);
            offsets = std::move(next);
        }
        return offsets;
    };
    layout.keptOffsets = enumerate(false);
    layout.reducedOffsets = enumerate(true);
    return layout;
}

Expected<std::vector<bool>> reducedAxesMask(const std::vector<int64_t> &axes, int rank,
                                            const KernelContext &ctx)
{
    std::vector<bool> mask(size_t(rank), false);
    for (int64_t axis : axes) {
        if (axis < -rank || axis >= rank)
            return ctx.error("axis " + std::to_string(axis) + " is out of range for rank " +
                             std::to_string(rank));
        mask[size_t(axis < 0 ? axis + rank : axis)] = true;
    }
    return mask;
}

Shape reducedShape(const Shape &shape, const std::vector<bool> &reduce, bool keepDims)
{
    Shape out;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (!reduce[i])
            out.push_back(shape[i]);
        else if (keepDims)
            out.push_back(1);
    }
    return out;
}

int64_t dimProduct(const Shape &shape, int begin, int end)
{
    int64_t p = 1;
    for (int i = begin; i < end; ++i)
        p *= shape[size_t(i)];
    return p;
}

void parallelBlocks(int64_t outer, int64_t reduced, int64_t inner,
                    const std::function<void(int64_t, int64_t, int64_t, int64_t)> &fn)
{
    if (outer <= 0 || inner <= 0)
        return;
    if (inner == 1) {
        parallelFor(outer, std::max<int64_t>(1, kParallelWork / std::max<int64_t>(reduced, 1)),
                    [&](int64_t begin, int64_t end) { fn(begin, end, 0, 1); });
        return;
    }
    const int64_t chunks = (inner + kInnerChunk - 1) / kInnerChunk;
    const int64_t work = std::max<int64_t>(reduced, 1) * std::min(inner, kInnerChunk);
    parallelFor(outer * chunks, std::max<int64_t>(1, kParallelWork / work),
                [&](int64_t begin, int64_t end) {
                    for (int64_t t = begin; t < end; ++t) {
                        const int64_t o = t / chunks, c = t % chunks;
                        fn(o, o + 1, c * kInnerChunk, std::min(inner, (c + 1) * kInnerChunk));
                    }
                });
}

} // namespace silica::runtime
