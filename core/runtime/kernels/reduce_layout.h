#pragma once
// How reducing some axes of a row-major tensor walks its memory, shared by the Reduce*,
// ArgMax / ArgMin, Softmax-family and normalisation kernels.
//
// After dropping size-1 axes and merging neighbours, most reductions are a block
// [outer, reduced, inner]: reduce rows (inner == 1, the fast case) or reduce across rows
// (inner > 1, e.g. over the channel axis of NCHW). Anything else (reducing axes 0 and 2 of
// a 3-D tensor) falls back to explicit offset lists.

#include "core/runtime/kernels/kernel_util.h"

#include <vector>

namespace silica::runtime {

struct ReduceLayout
{
    Shape keptShape; // the input shape with reduced axes set to 1 (keepdims=1 output)
    bool blocked = true;
    int64_t outer = 1, reduced = 1, inner = 1; // when blocked
    // When not blocked: the input offset of the first element of each output element, in
    // output order, and the offsets (relative to it) of the elements it reduces.
    std::vector<int64_t> keptOffsets;
    std::vector<int64_t> reducedOffsets;

    int64_t outputCount() const { return blocked ? outer * inner : int64_t(keptOffsets.size()); }
    int64_t reducedCount() const { return blocked ? reduced : int64_t(reducedOffsets.size()); }
};

// `reduce[i]` says whether axis i is reduced.
ReduceLayout makeReduceLayout(const Shape &shape, const std::vector<bool> &reduce);

// Marks the axes listed in `axes` (negative counts from the back); an error when one is out
// of range. An empty list marks nothing.
Expected<std::vector<bool>> reducedAxesMask(const std::vector<int64_t> &axes, int rank,
                                            const KernelContext &ctx);

// The output shape: keptShape, or without the reduced axes when !keepDims.
Shape reducedShape(const Shape &shape, const std::vector<bool> &reduce, bool keepDims);

// Product of dims [begin, end).
int64_t dimProduct(const Shape &shape, int begin, int end);

// Elements of work below which splitting across threads costs more than it saves.
constexpr int64_t kParallelWork = 16384;
// Columns per task when reducing across rows (inner > 1): accumulators stay in L1.
constexpr int64_t kInnerChunk = 256;

// Splits an [outer, reduced, inner] block into independent tasks across threads and calls
// fn(outerBegin, outerEnd, innerBegin, innerEnd): ranges of whole rows when inner == 1,
// otherwise one outer index and a chunk of at most kInnerChunk columns.
void parallelBlocks(int64_t outer, int64_t reduced, int64_t inner,
                    const std::function<void(int64_t, int64_t, int64_t, int64_t)> &fn);

} // namespace silica::runtime
