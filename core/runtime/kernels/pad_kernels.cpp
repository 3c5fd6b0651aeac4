// Pad in all its versions: pads as attribute (Pad-1 `paddings`, Pad-2 `pads`) or input
// (Pad-11, with optional axes from Pad-18) and modes constant, reflect, edge and wrap (Pad-19).

#include "core/runtime/kernels/shape_family.h"

#include <algorithm>
#include <cstring>

namespace silica::runtime {

namespace {

struct PadArgs
{
    std::vector<int64_t> begins, ends; // per axis of the input, negative crops
    std::vector<unsigned char> value;  // the constant, one element's bytes
};

// The fill value as the data's element type: Pad-1/2's float attribute converted, or
// Pad-11's constant_value input (same type as the data), or zero.
Status padValue(KernelContext &ctx, const Tensor &x, size_t es, PadArgs &args)
{
    args.value.assign(es, 0);
    if (ctx.opsetVersion() >= 11) {
        const Tensor *v = ctx.inputCount() > 2 ? ctx.input(2) : nullptr;
        if (!v || v->elementCount() == 0)
            return Status::ok();
        if (v->dataType() != x.dataType() || v->elementCount() != 1)
            return ctx.error("constant_value must be one " + dataTypeName(x.dataType()) +
                             " element, not " + v->describe());
        std::memcpy(args.value.data(), v->raw(), es);
        return Status::ok();
    }
    const float f = ctx.node().floatAttribute("value", 0.0f);
    return dispatchAll(x.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        T v;
        if constexpr (std::is_same_v<T, bool>)
            v = f != 0.0f;
        else
            v = T(f);
        std::memcpy(args.value.data(), &v, sizeof(T));
        return Status::ok();
    });
}

Expected<PadArgs> padArgs(KernelContext &ctx, const Tensor &x, size_t es)
{
    const int rank = x.rank();
    std::vector<int64_t> pads;
    std::vector<int64_t> axes;
    if (ctx.opsetVersion() < 11) {
        pads = ctx.node().intsAttribute(ctx.opsetVersion() < 2 ? "paddings" : "pads");
    } else {
        if (!ctx.hasInput(1))
            return ctx.error("input 'pads' is required");
        auto p = readIndexList(*ctx.input(1), ctx, "pads");
        if (!p)
            return p.error();
        pads = std::move(*p);
        if (ctx.inputCount() > 3 && ctx.hasInput(3)) {
            auto a = readIndexList(*ctx.input(3), ctx, "axes");
            if (!a)
                return a.error();
            axes = std::move(*a);
        }
    }
    if (axes.empty() && !(ctx.inputCount() > 3 && ctx.hasInput(3)))
        for (int a = 0; a < rank; ++a)
            axes.push_back(a);
    if (pads.size() != 2 * axes.size())
        return ctx.error("pads " + shapeString(pads) + " must hold 2 values per padded axis (" +
                         std::to_string(axes.size()) + " axes)");
    PadArgs args;
    args.begins.assign(size_t(rank), 0);
    args.ends.assign(size_t(rank), 0);
    // Layout [x1_begin, x2_begin, …, x1_end, x2_end, …] over the listed axes.
    for (size_t i = 0; i < axes.size(); ++i) {
        auto axis = normalizeAxis(axes[i], rank, ctx);
        if (!axis)
            return axis.error();
        args.begins[size_t(*axis)] = pads[i];
        args.ends[size_t(*axis)] = pads[i + axes.size()];
    }
    Status s = padValue(ctx, x, es, args);
    if (!s)
        return s;
    return args;
}

enum class PadMode
{
    Constant,
    Reflect,
    Edge,
    Wrap
};

// Source index of each output position along one axis, -1 for the constant.
std::vector<int64_t> sourceIndices(int64_t dim, int64_t begin, int64_t outDim, PadMode mode)
{
    std::vector<int64_t> map(static_cast<size_t>(outDim));
    for (int64_t o = 0; o < outDim; ++o) {
        int64_t i = o - begin;
        if (i < 0 || i >= dim) {
            switch (mode) {
            case PadMode::Constant:
                i = -1;
                break;
            case PadMode::Edge:
                i = std::clamp<int64_t>(i, 0, dim - 1);
                break;
            case PadMode::Wrap:
                i = ((i % dim) + dim) % dim;
                break;
            case PadMode::Reflect: {
                // Mirror without repeating the edge (numpy 'reflect'), period 2 (dim - 1).
                if (dim == 1) {
                    i = 0;
                    break;
                }
                const int64_t period = 2 * (dim - 1);
                i = ((i % period) + period) % period;
                if (i >= dim)
                    i = period - i;
                break;
            }
            }
        }
        map[size_t(o)] = i;
    }
    return map;
}

void fill(unsigned char *dst, int64_t count, const std::vector<unsigned char> &value)
{
    for (int64_t i = 0; i < count; ++i)
        std::memcpy(dst + size_t(i) * value.size(), value.data(), value.size());
}

Status pad(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    const Tensor &x = **in;
    auto es = elementBytes(x, ctx);
    if (!es)
        return es.error();
    const std::string modeName = ctx.node().stringAttribute("mode", "constant");
    PadMode mode;
    if (modeName == "constant")
        mode = PadMode::Constant;
    else if (modeName == "reflect")
        mode = PadMode::Reflect;
    else if (modeName == "edge")
        mode = PadMode::Edge;
    else if (modeName == "wrap" && ctx.opsetVersion() >= 19)
        mode = PadMode::Wrap;
    else
        return ctx.error("unsupported mode '" + modeName + "'");
    auto args = padArgs(ctx, x, *es);
    if (!args)
        return args.error();
    const int rank = x.rank();
    Shape outShape(x.shape());
    std::vector<std::vector<int64_t>> maps(static_cast<size_t>(rank));
    for (size_t a = 0; a < size_t(rank); ++a) {
        const int64_t dim = x.shape()[a];
        if (__builtin_add_overflow(dim, args->begins[a], &outShape[a]) ||
            __builtin_add_overflow(outShape[a], args->ends[a], &outShape[a]) || outShape[a] < 0)
            return ctx.error("pads " + shapeString(args->begins) + " / " + shapeString(args->ends) +
                             " give axis " + std::to_string(a) + " of " + x.describe() +
                             " a negative or overflowing size");
        if (mode != PadMode::Constant && dim == 0 && outShape[a] > 0)
            return ctx.error("cannot " + modeName + "-pad the empty axis " + std::to_string(a));
    }
    auto allocated = allocateComputed(ctx, 0, x.dataType(), outShape);
    if (!allocated)
        return allocated.error();
    Tensor &out = **allocated;
    for (size_t a = 0; a < size_t(rank); ++a)
        maps[a] = sourceIndices(x.shape()[a], args->begins[a], outShape[a], mode);
    auto *dst = static_cast<unsigned char *>(out.mutableRaw());
    const auto *src = static_cast<const unsigned char *>(x.raw());
    const size_t elem = *es;
    if (rank == 0) {
        std::memcpy(dst, src, elem);
        return Status::ok();
    }
    const int64_t rowLength = outShape.back();
    const int64_t rows = rowLength > 0 ? out.elementCount() / rowLength : 0;
    const std::vector<int64_t> inStrides = stridesOf(x.shape());
    const std::vector<int64_t> &last = maps.back();
    // The run of the last axis that copies the input row unchanged.
    const int64_t lo = std::clamp<int64_t>(args->begins.back(), 0, rowLength);
    const int64_t hi = std::clamp<int64_t>(args->begins.back() + x.shape().back(), lo, rowLength);
    const int64_t grain = std::max<int64_t>(1, 16384 / std::max<int64_t>(rowLength, 1));
    parallelFor(rows, grain, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            unsigned char *d = dst + size_t(r * rowLength) * elem;
            int64_t srcRow = 0;
            bool constantRow = false;
            for (int64_t a = rank - 2, rest = r; a >= 0; --a) {
                const int64_t i = maps[size_t(a)][size_t(rest % outShape[size_t(a)])];
                rest /= outShape[size_t(a)];
                constantRow = constantRow || i < 0;
                srcRow += i * inStrides[size_t(a)];
            }
            if (constantRow) {
                fill(d, rowLength, args->value);
                continue;
            }
            const unsigned char *s = src + size_t(srcRow) * elem;
            if (hi > lo)
                std::memcpy(d + size_t(lo) * elem, s + size_t(last[size_t(lo)]) * elem,
                            size_t(hi - lo) * elem);
            for (int64_t o = 0; o < rowLength; ++o) {
                if (o == lo && hi > lo)
                    o = hi;
                if (o >= rowLength)
                    break;
                const int64_t i = last[size_t(o)];
                if (i < 0)
                    std::memcpy(d + size_t(o) * elem, args->value.data(), elem);
                else
                    std::memcpy(d + size_t(o) * elem, s + size_t(i) * elem, elem);
            }
        }
    });
    return Status::ok();
}

} // namespace

void registerPadKernels(KernelRegistry &registry)
{
    registry.add("Pad", 1, lambdaKernel(pad));
}

} // namespace silica::runtime
