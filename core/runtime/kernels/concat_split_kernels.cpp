// Concat and Split: row-wise memcpy of the blocks on either side of the axis.

#include "core/runtime/kernels/shape_family.h"

#include <algorithm>
#include <cstring>

namespace silica::runtime {

namespace {

Status concat(KernelContext &ctx)
{
    const size_t count = ctx.inputCount();
    if (count == 0 || !ctx.hasInput(0))
        return ctx.error("Concat needs at least one input");
    const Tensor &first = *ctx.input(0);
    auto es = elementBytes(first, ctx);
    if (!es)
        return es.error();
    const int rank = first.rank();
    // Concat-1 defaults the axis to 1; from opset 4 on it is required.
    const Attribute *axisAttr = ctx.node().attribute("axis");
    if (!axisAttr && ctx.opsetVersion() >= 4)
        return ctx.error("attribute 'axis' is required");
    auto axis = normalizeAxis(axisAttr ? axisAttr->i : 1, rank, ctx);
    if (!axis)
        return axis.error();
    if (rank == 0)
        return ctx.error("cannot concatenate scalars");
    std::vector<const Tensor *> inputs;
    Shape outShape = first.shape();
    outShape[size_t(*axis)] = 0;
    for (size_t i = 0; i < count; ++i) {
        const Tensor *t = ctx.input(i);
        if (!t)
            return ctx.error("input " + std::to_string(i) + " is missing");
        if (t->dataType() != first.dataType() || t->rank() != rank)
            return ctx.error("input " + std::to_string(i) + " " + t->describe() +
                             " does not match input 0 " + first.describe());
        for (int a = 0; a < rank; ++a)
            if (a != *axis && t->dim(a) != first.dim(a))
                return ctx.error("input " + std::to_string(i) + " " + t->describe() +
                                 " does not match input 0 " + first.describe() + " outside axis " +
                                 std::to_string(*axis));
        outShape[size_t(*axis)] += t->dim(*axis);
        inputs.push_back(t);
    }
    Tensor &out = ctx.allocateOutput(0, first.dataType(), outShape);
    const int64_t outer = elementCount(Shape(outShape.begin(), outShape.begin() + *axis));
    std::vector<size_t> blockBytes; // each input's contiguous block per outer index
    size_t rowBytes = 0;
    for (const Tensor *t : inputs) {
        blockBytes.push_back(t->byteSize() / size_t(std::max<int64_t>(outer, 1)));
        rowBytes += blockBytes.back();
    }
    auto *dst = static_cast<unsigned char *>(out.mutableRaw());
    if (outer == 1) {
        for (size_t i = 0; i < inputs.size(); ++i) {
            parallelCopy(dst, inputs[i]->raw(), blockBytes[i]);
            dst += blockBytes[i];
        }
        return Status::ok();
    }
    const int64_t grain = std::max<int64_t>(1, int64_t(64 * 1024 / std::max<size_t>(rowBytes, 1)));
    parallelFor(outer, grain, [&](int64_t begin, int64_t end) {
        for (int64_t o = begin; o < end; ++o) {
            unsigned char *d = dst + size_t(o) * rowBytes;
            for (size_t i = 0; i < inputs.size(); ++i) {
                const auto *s = static_cast<const unsigned char *>(inputs[i]->raw());
                std::memcpy(d, s + size_t(o) * blockBytes[i], blockBytes[i]);
                d += blockBytes[i];
            }
        }
    });
    return Status::ok();
}

// The sizes of the parts along the axis, from the `split` input (opset 13) or attribute
// (earlier; Split-1 took either), else equal parts: one per output, or `num_outputs` (opset
// 18, where the last part may be smaller).
Expected<std::vector<int64_t>> splitSizes(KernelContext &ctx, int64_t dim)
{
    const Node &node = ctx.node();
    const size_t outputs = ctx.outputCount();
    std::vector<int64_t> sizes;
    if (ctx.hasInput(1)) {
        auto s = readIndexList(*ctx.input(1), ctx, "split");
        if (!s)
            return s.error();
        sizes = *s;
    } else if (node.attribute("split")) {
        sizes = node.intsAttribute("split");
    } else {
        const int64_t parts =
            node.attribute("num_outputs") ? node.intAttribute("num_outputs", 0) : int64_t(outputs);
        if (parts <= 0)
            return ctx.error("cannot split into " + std::to_string(parts) + " parts");
        if (dim % parts != 0 && ctx.opsetVersion() < 18)
            return ctx.error("axis size " + std::to_string(dim) + " does not split into " +
                             std::to_string(parts) + " equal parts");
        const int64_t chunk = (dim + parts - 1) / parts;
        for (int64_t i = 0; i < parts; ++i)
            sizes.push_back(std::max<int64_t>(0, std::min(chunk, dim - i * chunk)));
    }
    if (sizes.size() != outputs)
        return ctx.error(std::to_string(sizes.size()) + " split sizes for " +
                         std::to_string(outputs) + " outputs");
    int64_t total = 0;
    for (int64_t s : sizes) {
        if (s < 0)
            return ctx.error("split size " + std::to_string(s) + " is negative");
        total += s;
    }
    if (total != dim)
        return ctx.error("split sizes " + shapeString(sizes) + " do not add up to axis size " +
                         std::to_string(dim));
    return sizes;
}

Status split(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    const Tensor &x = **in;
    auto es = elementBytes(x, ctx);
    if (!es)
        return es.error();
    auto axis = normalizeAxis(ctx.node().intAttribute("axis", 0), x.rank(), ctx);
    if (!axis)
        return axis.error();
    if (x.rank() == 0)
        return ctx.error("cannot split a scalar");
    const int64_t dim = x.dim(*axis);
    auto sizes = splitSizes(ctx, dim);
    if (!sizes)
        return sizes.error();
    const Shape &s = x.shape();
    const int64_t outer = elementCount(Shape(s.begin(), s.begin() + *axis));
    const int64_t inner = elementCount(Shape(s.begin() + *axis + 1, s.end()));
    int64_t offset = 0;
    for (size_t k = 0; k < sizes->size(); ++k) {
        const int64_t part = (*sizes)[k];
        if (ctx.wantsOutput(k)) {
            Shape shape = s;
            shape[size_t(*axis)] = part;
            Tensor &out = ctx.allocateOutput(k, x.dataType(), shape);
            copyStrided(x.raw(), offset * inner, {outer, part * inner}, {dim * inner, 1},
                        out.mutableRaw(), *es);
        }
        offset += part;
    }
    return Status::ok();
}

} // namespace

void registerConcatSplitKernels(KernelRegistry &registry)
{
    registry.add("Concat", 1, lambdaKernel(concat));
    registry.add("Split", 1, lambdaKernel(split));
}

} // namespace silica::runtime
