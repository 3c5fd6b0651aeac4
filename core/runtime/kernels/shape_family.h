#pragma once
// The shape / data-movement kernel family: registerShapeKernels (shape_kernels.cpp) calls one
// register function per file below, and the files share byte-wise copying and the reading of
// small shape-like inputs. Most of these ops never look at element values, so they copy
// elements by size and work for every fixed-size type (float16 and bool included).

#include "core/runtime/kernels/kernel_util.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace silica::runtime {

void registerTransposeKernels(KernelRegistry &registry);   // Transpose, DepthToSpace, SpaceToDepth
void registerConcatSplitKernels(KernelRegistry &registry); // Concat, Split
void registerSliceKernels(KernelRegistry &registry);       // Slice, Expand, Tile
void registerPadKernels(KernelRegistry &registry);         // Pad
void registerGatherKernels(KernelRegistry &registry);      // Gather*, Compress
void registerScatterKernels(KernelRegistry &registry);     // Scatter, ScatterElements, ScatterND
void registerIndexKernels(KernelRegistry &registry);       // Range, OneHot, NonZero, Trilu, …
void registerSortKernels(KernelRegistry &registry);        // TopK, Unique
void registerEinsumKernels(KernelRegistry &registry);      // Einsum

// Bytes per element of a tensor a data-movement kernel copies bytewise; an error for string
// and packed sub-byte types.
Expected<size_t> elementBytes(const Tensor &tensor, const KernelContext &ctx);

// The values of an int32 / int64 scalar or 1-D input (a shape, axes, pads, repeats); an error
// naming `what` for any other type or rank.
Expected<std::vector<int64_t>> readIndexList(const Tensor &tensor, const KernelContext &ctx,
                                             const char *what);

// Normalises the indices in `values` against an axis of size `dim` (negative counts from the
// end, as Gather, GatherElements and Scatter* allow); an error naming the first one
// outside [-dim, dim).
Status normalizeIndices(std::vector<int64_t> &values, int64_t dim, const KernelContext &ctx,
                        const char *what);

// allocateOutput for a shape computed from input values (Expand, Tile, Range, Pad, …): an
// error instead of an overflow or an exception when the shape is absurd or memory runs out.
Expected<Tensor *> allocateComputed(KernelContext &ctx, size_t index, DataType type,
                                    const Shape &shape);

// Writes the strided view {src + srcOffset elements, shape, strides (in elements; 0 repeats,
// negative walks backwards)} into contiguous `dst`. Transpose, Slice, Expand, Tile and the
// depth/space ops are all this one copy; it merges axes, memcpys contiguous rows, tiles
// transposes and splits big copies across threads.
void copyStrided(const void *src, int64_t srcOffset, const Shape &shape,
                 const std::vector<int64_t> &strides, void *dst, size_t elemBytes);

// memcpy, split across threads when it is large.
void parallelCopy(void *dst, const void *src, size_t bytes);

// One element of N bytes, for copy loops with a compile-time element size.
template <size_t N> struct ElementBytes
{
    unsigned char bytes[N];
};

// Calls fn(ElementBytes<N>{}) for an element size N that elementBytes() admits.
template <typename Fn> void dispatchElementSize(size_t size, Fn &&fn)
{
    switch (size) {
    case 1:
        fn(ElementBytes<1>{});
        break;
    case 2:
        fn(ElementBytes<2>{});
        break;
    case 4:
        fn(ElementBytes<4>{});
        break;
    case 8:
        fn(ElementBytes<8>{});
        break;
    case 16:
        fn(ElementBytes<16>{});
        break;
    default:
        break;
    }
}

// Copies one element; memcpy of a constant size compiles to a plain move.
template <typename E> inline void copyElement(void *dst, const void *src)
{
    std::memcpy(dst, src, sizeof(E));
}

} // namespace silica::runtime
