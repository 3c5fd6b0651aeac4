// Shape-only kernels (Reshape, Flatten, Squeeze, Unsqueeze return views of their input),
// Shape, Size and ConstantOfShape, the helpers the family shares, and the family's
// registration.

#include "core/runtime/kernels/shape_family.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace silica::runtime {

Expected<size_t> elementBytes(const Tensor &tensor, const KernelContext &ctx)
{
    const int bits = dataTypeBits(tensor.dataType());
    if (bits <= 0 || bits % 8 != 0 || bits > 128)
        return ctx.error("element type " + dataTypeName(tensor.dataType()) + " is not supported",
                         ErrorCode::Unsupported);
    return size_t(bits / 8);
}

Expected<std::vector<int64_t>> readIndexList(const Tensor &tensor, const KernelContext &ctx,
                                             const char *what)
{
    if (tensor.dataType() != DataType::Int64 && tensor.dataType() != DataType::Int32)
        return ctx.error(std::string(what) + " must be int32 or int64, not " +
                         dataTypeName(tensor.dataType()));
    if (tensor.rank() > 1)
        return ctx.error(std::string(what) + " must be a scalar or 1-D, not " +
                         shapeString(tensor.shape()));
    return tensor.toInt64s();
}

Status normalizeIndices(std::vector<int64_t> &values, int64_t dim, const KernelContext &ctx,
                        const char *what)
{
    for (int64_t &v : values) {
        if (v < -dim || v >= dim)
            return ctx.error(std::string(what) + " value " + std::to_string(v) +
                             " is out of range for an axis of size " + std::to_string(dim));
        if (v < 0)
            v += dim;
    }
    return Status::ok();
}

Expected<Tensor *> allocateComputed(KernelContext &ctx, size_t index, DataType type,
                                    const Shape &shape)
{
    // 2^47 bytes is all the address space x86-64 gives a process: nothing larger can exist,
    // and the limit keeps every later size computation (in bits, too) from overflowing.
    constexpr int64_t kMaxBytes = int64_t(1) << 47;
    int64_t bytes = std::max(dataTypeBits(type) / 8, 1);
    for (int64_t d : shape) {
        if (d < 0 || __builtin_mul_overflow(bytes, d, &bytes) || bytes > kMaxBytes)
            return ctx.error("output shape " + shapeString(shape) + " is invalid or too large");
    }
    try {
        return &ctx.allocateOutput(index, type, shape);
    } catch (const std::bad_alloc &) {
        return ctx.error("out of memory allocating output " + dataTypeName(type) +
                         shapeString(shape));
    }
}

namespace {

// ONNX Reshape: 0 copies the input dim (unless allowzero, opset 14), one -1 is inferred.
Status reshape(KernelContext &ctx, const std::vector<int64_t> &requested, bool allowZero)
{
    const Tensor &in = *ctx.input(0);
    Shape out(requested.size());
    int inferred = -1;
    int64_t known = 1;
    for (size_t i = 0; i < requested.size(); ++i) {
        int64_t v = requested[i];
        if (v == -1) {
            if (inferred >= 0)
                return ctx.error("the target shape has more than one -1");
            inferred = int(i);
            continue;
        }
        if (v == 0 && !allowZero) {
            if (i >= in.shape().size())
                return ctx.error("target dim " + std::to_string(i) +
                                 " is 0 (copy) but the input has rank " +
                                 std::to_string(in.rank()));
            v = in.dim(int(i));
        }
        if (v < 0)
            return ctx.error("target dim " + std::to_string(v) + " is negative");
        out[i] = v;
        if (__builtin_mul_overflow(known, v, &known))
            return ctx.error("target shape " + shapeString(requested) + " overflows");
    }
    const int64_t total = in.elementCount();
    if (inferred >= 0) {
        if (known == 0 || total % known != 0)
            return ctx.error("cannot infer the -1 dim reshaping " + in.describe() + " to " +
                             shapeString(requested));
        out[size_t(inferred)] = total / known;
    }
    if (elementCount(out) != total)
        return ctx.error("cannot reshape " + in.describe() + " to " + shapeString(requested));
    ctx.setOutput(0, in.reshaped(std::move(out)));
    return Status::ok();
}

Status flatten(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    const int rank = (*in)->rank();
    int64_t axis = ctx.node().intAttribute("axis", 1);
    if (axis < -rank || axis > rank) // axis == rank is allowed: [N, 1]
        return ctx.error("axis " + std::to_string(axis) + " is out of range for rank " +
                         std::to_string(rank));
    if (axis < 0)
        axis += rank;
    const Shape &s = (*in)->shape();
    const int64_t outer = elementCount(Shape(s.begin(), s.begin() + axis));
    const int64_t inner = elementCount(Shape(s.begin() + axis, s.end()));
    ctx.setOutput(0, (*in)->reshaped({outer, inner}));
    return Status::ok();
}

Status squeeze(KernelContext &ctx, std::vector<int64_t> axes, bool axesGiven)
{
    const Tensor &in = *ctx.input(0);
    const int rank = in.rank();
    std::vector<bool> drop(size_t(rank), false);
    if (!axesGiven) {
        for (int a = 0; a < rank; ++a)
            drop[size_t(a)] = in.dim(a) == 1;
    }
    for (int64_t a : axes) {
        auto axis = normalizeAxis(a, rank, ctx);
        if (!axis)
            return axis.error();
        if (in.dim(*axis) != 1)
            return ctx.error("cannot squeeze axis " + std::to_string(a) + " of " + in.describe() +
                             ": its size is not 1");
        drop[size_t(*axis)] = true;
    }
    Shape out;
    for (int a = 0; a < rank; ++a)
        if (!drop[size_t(a)])
            out.push_back(in.dim(a));
    ctx.setOutput(0, in.reshaped(std::move(out)));
    return Status::ok();
}

Status unsqueeze(KernelContext &ctx, const std::vector<int64_t> &axes)
{
    const Tensor &in = *ctx.input(0);
    // Axes index the output, whose rank counts the inserted dims (ONNX Unsqueeze-11/13).
    const int outRank = in.rank() + int(axes.size());
    std::vector<bool> inserted(size_t(outRank), false);
    for (int64_t a : axes) {
        auto axis = normalizeAxis(a, outRank, ctx);
        if (!axis)
            return axis.error();
        if (inserted[size_t(*axis)])
            return ctx.error("axis " + std::to_string(a) + " is given twice");
        inserted[size_t(*axis)] = true;
    }
    Shape out;
    size_t next = 0;
    for (int a = 0; a < outRank; ++a)
        out.push_back(inserted[size_t(a)] ? 1 : in.shape()[next++]);
    ctx.setOutput(0, in.reshaped(std::move(out)));
    return Status::ok();
}

// Axes from the second input (opset 13) or the `axes` attribute (earlier opsets).
Expected<std::vector<int64_t>> axesOperand(KernelContext &ctx, bool fromInput, bool &given)
{
    if (!fromInput) {
        given = ctx.node().attribute("axes") != nullptr;
        return ctx.node().intsAttribute("axes");
    }
    given = ctx.hasInput(1);
    if (!given)
        return std::vector<int64_t>{};
    return readIndexList(*ctx.input(1), ctx, "axes");
}

KernelFactory squeezeKernel(bool axesFromInput)
{
    return lambdaKernel([axesFromInput](KernelContext &ctx) -> Status {
        if (!ctx.hasInput(0))
            return ctx.error("required input 0 is missing");
        bool given = false;
        auto axes = axesOperand(ctx, axesFromInput, given);
        if (!axes)
            return axes.error();
        // An empty axes list squeezes every size-1 axis, as an absent one does.
        const bool listed = given && !axes->empty();
        return squeeze(ctx, std::move(*axes), listed);
    });
}

KernelFactory unsqueezeKernel(bool axesFromInput)
{
    return lambdaKernel([axesFromInput](KernelContext &ctx) -> Status {
        if (!ctx.hasInput(0))
            return ctx.error("required input 0 is missing");
        bool given = false;
        auto axes = axesOperand(ctx, axesFromInput, given);
        if (!axes)
            return axes.error();
        if (!given)
            return ctx.error("axes are required");
        return unsqueeze(ctx, *axes);
    });
}

Status shapeOf(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    const int64_t rank = (*in)->rank();
    // Opset 15 start/end: negative counts from the back, then both clamp to [0, rank].
    auto clampAxis = [rank](int64_t v) {
        if (v < 0)
            v += rank;
        return std::clamp<int64_t>(v, 0, rank);
    };
    const int64_t start = clampAxis(ctx.node().intAttribute("start", 0));
    const int64_t end = clampAxis(ctx.node().intAttribute("end", rank));
    const int64_t n = std::max<int64_t>(0, end - start);
    Tensor &out = ctx.allocateOutput(0, DataType::Int64, {n});
    for (int64_t i = 0; i < n; ++i)
        out.mutableData<int64_t>()[i] = (*in)->dim(int(start + i));
    return Status::ok();
}

Status sizeOf(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    *ctx.allocateOutput(0, DataType::Int64, {}).mutableData<int64_t>() = (*in)->elementCount();
    return Status::ok();
}

Expected<std::unique_ptr<Kernel>> makeConstantOfShape(const KernelInfo &info)
{
    Tensor value = Tensor::zeros(DataType::Float, {});
    if (const Attribute *a = info.node.attribute("value")) {
        if (!a->t)
            return info.error("attribute 'value' is not a tensor");
        auto t = Tensor::fromGraphTensor(*a->t);
        if (!t)
            return info.error(t.error().message());
        if (t->elementCount() != 1)
            return info.error("attribute 'value' must hold one element, not " + t->describe());
        value = *t;
    }
    return lambdaKernel([value](KernelContext &ctx) -> Status {
        auto in = ctx.requiredInput(0);
        if (!in)
            return in.error();
        if ((*in)->dataType() != DataType::Int64 || (*in)->rank() != 1)
            return ctx.error("the shape input must be 1-D int64, not " + (*in)->describe());
        const Shape shape = (*in)->toInt64s();
        auto allocated = allocateComputed(ctx, 0, value.dataType(), shape);
        if (!allocated)
            return allocated.error();
        Tensor &out = **allocated;
        const size_t es = value.byteSize();
        auto *d = static_cast<unsigned char *>(out.mutableRaw());
        const auto *v = static_cast<const unsigned char *>(value.raw());
        const int64_t n = out.elementCount();
        if (std::all_of(v, v + es, [&](unsigned char b) { return b == v[0]; })) {
            std::memset(d, v[0], size_t(n) * es);
        } else {
            for (int64_t i = 0; i < n; ++i)
                std::memcpy(d + size_t(i) * es, v, es);
        }
        return Status::ok();
    })(info);
}

} // namespace

void registerShapeKernels(KernelRegistry &registry)
{
    registry.add("Reshape", 1, lambdaKernel([](KernelContext &ctx) -> Status {
                     if (!ctx.hasInput(0))
                         return ctx.error("required input 0 is missing");
                     return reshape(ctx, ctx.node().intsAttribute("shape"), false);
                 }),
                 4);
    registry.add("Reshape", 5, lambdaKernel([](KernelContext &ctx) -> Status {
                     if (!ctx.hasInput(0) || !ctx.hasInput(1))
                         return ctx.error("Reshape needs data and shape inputs");
                     auto shape = readIndexList(*ctx.input(1), ctx, "shape");
                     if (!shape)
                         return shape.error();
                     return reshape(ctx, *shape, ctx.node().intAttribute("allowzero", 0) != 0);
                 }));
    registry.add("Flatten", 1, lambdaKernel(flatten));
    registry.add("Squeeze", 1, squeezeKernel(false), 12);
    registry.add("Squeeze", 13, squeezeKernel(true));
    registry.add("Unsqueeze", 1, unsqueezeKernel(false), 12);
    registry.add("Unsqueeze", 13, unsqueezeKernel(true));
    registry.add("Shape", 1, lambdaKernel(shapeOf));
    registry.add("Size", 1, lambdaKernel(sizeOf));
    registry.add("ConstantOfShape", 9, makeConstantOfShape);

    registerTransposeKernels(registry);
    registerConcatSplitKernels(registry);
    registerSliceKernels(registry);
    registerPadKernels(registry);
    registerGatherKernels(registry);
    registerScatterKernels(registry);
    registerIndexKernels(registry);
    registerSortKernels(registry);
    registerEinsumKernels(registry);
}

} // namespace silica::runtime
