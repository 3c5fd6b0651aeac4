// Slice, Expand and Tile: each is one strided view of the input, copied by copyStrided.

#include "core/runtime/kernels/shape_family.h"

#include <algorithm>

namespace silica::runtime {

namespace {

struct SliceArgs
{
    std::vector<int64_t> starts, ends, axes, steps;
};

// Slice-1 reads attributes; Slice-10 and later read inputs (axes and steps optional).
Expected<SliceArgs> sliceArgs(KernelContext &ctx, int rank)
{
    SliceArgs args;
    if (ctx.opsetVersion() < 10) {
        const Node &node = ctx.node();
        args.starts = node.intsAttribute("starts");
        args.ends = node.intsAttribute("ends");
        args.axes = node.intsAttribute("axes");
    } else {
        if (!ctx.hasInput(1) || !ctx.hasInput(2))
            return ctx.error("starts and ends are required");
        const char *names[] = {"starts", "ends", "axes", "steps"};
        std::vector<int64_t> *fields[] = {&args.starts, &args.ends, &args.axes, &args.steps};
        for (size_t i = 0; i < 4; ++i) {
            if (!ctx.hasInput(i + 1))
                continue;
            auto v = readIndexList(*ctx.input(i + 1), ctx, names[i]);
            if (!v)
                return v.error();
            *fields[i] = std::move(*v);
        }
    }
    const size_t n = args.starts.size();
    if (args.axes.empty())
        for (size_t i = 0; i < n; ++i)
            args.axes.push_back(int64_t(i));
    if (args.steps.empty())
        args.steps.assign(n, 1);
    if (args.ends.size() != n || args.axes.size() != n || args.steps.size() != n)
        return ctx.error("starts, ends, axes and steps differ in length");
    std::vector<bool> seen(size_t(rank), false);
    for (int64_t &a : args.axes) {
        auto axis = normalizeAxis(a, rank, ctx);
        if (!axis)
            return axis.error();
        if (seen[size_t(*axis)])
            return ctx.error("axis " + std::to_string(a) + " is sliced twice");
        seen[size_t(*axis)] = true;
        a = *axis;
    }
    return args;
}

Status slice(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    const Tensor &x = **in;
    auto es = elementBytes(x, ctx);
    if (!es)
        return es.error();
    auto args = sliceArgs(ctx, x.rank());
    if (!args)
        return args.error();
    Shape shape = x.shape();
    std::vector<int64_t> strides = stridesOf(shape);
    int64_t offset = 0;
    for (size_t i = 0; i < args->axes.size(); ++i) {
        const size_t axis = size_t(args->axes[i]);
        const int64_t dim = shape[axis], step = args->steps[i];
        if (step == 0)
            return ctx.error("slice step must not be 0");
        int64_t start = args->starts[i], end = args->ends[i];
        // ONNX Slice-13: negative bounds count from the end, then clamp to [0, dim] for a
        // positive step and to [0, dim-1] / [-1, dim-1] for a negative one.
        if (start < 0)
            start += dim;
        if (end < 0)
            end += dim;
        int64_t count = 0;
        if (step > 0) {
            start = std::clamp<int64_t>(start, 0, dim);
            end = std::clamp<int64_t>(end, 0, dim);
            count = end > start ? (end - start - 1) / step + 1 : 0;
        } else if (dim > 0) {
            start = std::clamp<int64_t>(start, 0, dim - 1);
            end = std::clamp<int64_t>(end, -1, dim - 1);
            count = start > end ? (start - end - 1) / -step + 1 : 0;
        }
        if (count > 0)
            offset += start * strides[axis];
        shape[axis] = count;
        strides[axis] *= step;
    }
    Tensor &out = ctx.allocateOutput(0, x.dataType(), shape);
    copyStrided(x.raw(), offset, shape, strides, out.mutableRaw(), *es);
    return Status::ok();
}

Status expand(KernelContext &ctx)
{
    if (!ctx.hasInput(0) || !ctx.hasInput(1))
        return ctx.error("Expand needs input and shape");
    const Tensor &x = *ctx.input(0);
    auto es = elementBytes(x, ctx);
    if (!es)
        return es.error();
    auto target = readIndexList(*ctx.input(1), ctx, "shape");
    if (!target)
        return target.error();
    // Expand broadcasts both ways: a target dim of 1 keeps the input's dim.
    auto shape = broadcastShapes({&x.shape(), &*target});
    if (!shape)
        return ctx.error("cannot expand " + x.describe() + " to " + shapeString(*target));
    if (*shape == x.shape()) { // nothing to broadcast: a view
        ctx.setOutput(0, x);
        return Status::ok();
    }
    auto out = allocateComputed(ctx, 0, x.dataType(), *shape);
    if (!out)
        return out.error();
    copyStrided(x.raw(), 0, *shape, broadcastStrides(x.shape(), *shape), (*out)->mutableRaw(), *es);
    return Status::ok();
}

Status tile(KernelContext &ctx, const std::vector<int64_t> &repeats)
{
    const Tensor &x = *ctx.input(0);
    auto es = elementBytes(x, ctx);
    if (!es)
        return es.error();
    if (int(repeats.size()) != x.rank())
        return ctx.error("repeats " + shapeString(repeats) + " do not match rank " +
                         std::to_string(x.rank()));
    // Output axis a is viewed as (repeat, dim): the repeat axis has stride 0.
    const std::vector<int64_t> inStrides = stridesOf(x.shape());
    Shape outShape, viewShape;
    std::vector<int64_t> viewStrides;
    for (size_t a = 0; a < repeats.size(); ++a) {
        if (repeats[a] < 0)
            return ctx.error("repeats " + shapeString(repeats) + " has a negative count");
        int64_t dim = 0;
        if (__builtin_mul_overflow(repeats[a], x.shape()[a], &dim))
            return ctx.error("repeats " + shapeString(repeats) + " overflow");
        outShape.push_back(dim);
        viewShape.insert(viewShape.end(), {repeats[a], x.shape()[a]});
        viewStrides.insert(viewStrides.end(), {0, inStrides[a]});
    }
    auto out = allocateComputed(ctx, 0, x.dataType(), outShape);
    if (!out)
        return out.error();
    copyStrided(x.raw(), 0, viewShape, viewStrides, (*out)->mutableRaw(), *es);
    return Status::ok();
}

} // namespace

void registerSliceKernels(KernelRegistry &registry)
{
    registry.add("Slice", 1, lambdaKernel(slice));
    registry.add("Expand", 8, lambdaKernel(expand));
    // Tile-1 repeats one axis: inputs (input, tiles, axis) are scalars.
    registry.add("Tile", 1, lambdaKernel([](KernelContext &ctx) -> Status {
                     if (!ctx.hasInput(0) || !ctx.hasInput(1) || !ctx.hasInput(2))
                         return ctx.error("Tile-1 needs input, tiles and axis");
                     auto tiles = readIndexList(*ctx.input(1), ctx, "tiles");
                     auto axis = readIndexList(*ctx.input(2), ctx, "axis");
                     if (!tiles || !axis)
                         return !tiles ? tiles.error() : axis.error();
                     if (tiles->size() != 1 || axis->size() != 1)
                         return ctx.error("tiles and axis must hold one value each");
                     auto a = normalizeAxis(axis->front(), ctx.input(0)->rank(), ctx);
                     if (!a)
                         return a.error();
                     std::vector<int64_t> repeats(size_t(ctx.input(0)->rank()), 1);
                     repeats[size_t(*a)] = tiles->front();
                     return tile(ctx, repeats);
                 }),
                 5);
    registry.add("Tile", 6, lambdaKernel([](KernelContext &ctx) -> Status {
                     if (!ctx.hasInput(0) || !ctx.hasInput(1))
                         return ctx.error("Tile needs input and repeats");
                     auto repeats = readIndexList(*ctx.input(1), ctx, "repeats");
                     if (!repeats)
                         return repeats.error();
                     return tile(ctx, *repeats);
                 }));
}

} // namespace silica::runtime
