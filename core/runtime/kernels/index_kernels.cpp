// Kernels that build or walk index patterns: Range, OneHot, NonZero, Trilu, EyeLike,
// ReverseSequence and CumSum.

#include "core/runtime/kernels/shape_family.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace silica::runtime {

namespace {

// Arithmetic type for float16 / bfloat16 values (stored in 16 bits, computed in float).
template <typename T>
using Arith = std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;

// An upper bound on generated element counts, so a bad limit errors instead of exhausting
// memory.
constexpr int64_t kMaxGenerated = int64_t(1) << 34;

Status range(KernelContext &ctx)
{
    if (!ctx.hasInput(0) || !ctx.hasInput(1) || !ctx.hasInput(2))
        return ctx.error("start, limit and delta are required");
    const Tensor &start = *ctx.input(0);
    for (size_t i = 0; i < 3; ++i)
        if (ctx.input(i)->elementCount() != 1 || ctx.input(i)->dataType() != start.dataType())
            return ctx.error("start, limit and delta must be scalars of one type, not " +
                             ctx.input(i)->describe());
    return dispatchNumeric(start.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        using A = Arith<T>;
        const A s = A(start.data<T>()[0]), l = A(ctx.input(1)->data<T>()[0]),
                d = A(ctx.input(2)->data<T>()[0]);
        if (d == A(0))
            return ctx.error("delta must not be 0");
        // ONNX Range: n = max(ceil((limit - start) / delta), 0).
        const double n = std::ceil((double(l) - double(s)) / double(d));
        if (!(n < double(kMaxGenerated)))
            return ctx.error("Range would produce too many elements");
        const int64_t count = n > 0 ? int64_t(n) : 0;
        auto allocated = allocateComputed(ctx, 0, start.dataType(), {count});
        if (!allocated)
            return allocated.error();
        T *out = (*allocated)->template mutableData<T>();
        for (int64_t i = 0; i < count; ++i) {
            if constexpr (std::is_integral_v<A>)
                out[i] = T(int64_t(s) + i * int64_t(d));
            else
                out[i] = T(double(s) + double(i) * double(d));
        }
        return Status::ok();
    });
}

Status oneHot(KernelContext &ctx)
{
    if (!ctx.hasInput(0) || !ctx.hasInput(1) || !ctx.hasInput(2))
        return ctx.error("indices, depth and values are required");
    const Tensor &indices = *ctx.input(0);
    const Tensor &depthT = *ctx.input(1);
    const Tensor &values = *ctx.input(2);
    auto es = elementBytes(values, ctx);
    if (!es)
        return es.error();
    if (values.elementCount() != 2)
        return ctx.error("values must hold [off, on], not " + values.describe());
    const std::vector<double> depthValue = depthT.toDoubles();
    if (depthValue.size() != 1 || !(depthValue[0] >= 1 && depthValue[0] < double(kMaxGenerated)))
        return ctx.error("depth must be one positive value, not " + depthT.describe());
    const int64_t depth = int64_t(depthValue[0]);
    const int outRank = indices.rank() + 1;
    int64_t axis = ctx.node().intAttribute("axis", -1);
    if (axis < -outRank || axis >= outRank)
        return ctx.error("axis " + std::to_string(axis) + " is out of range for output rank " +
                         std::to_string(outRank));
    if (axis < 0)
        axis += outRank;
    const Shape &is = indices.shape();
    Shape outShape(is.begin(), is.begin() + axis);
    outShape.push_back(depth);
    outShape.insert(outShape.end(), is.begin() + axis, is.end());
    const std::vector<double> idx = indices.toDoubles();
    if (idx.size() != size_t(indices.elementCount()))
        return ctx.error("indices of type " + dataTypeName(indices.dataType()) +
                         " are not supported");
    auto allocated = allocateComputed(ctx, 0, values.dataType(), outShape);
    if (!allocated)
        return allocated.error();
    Tensor &out = **allocated;
    const int64_t inner = elementCount(Shape(is.begin() + axis, is.end()));
    auto *dst = static_cast<unsigned char *>(out.mutableRaw());
    const auto *off = static_cast<const unsigned char *>(values.raw());
    const unsigned char *on = off + *es;
    for (int64_t i = 0; i < out.elementCount(); ++i)
        std::memcpy(dst + size_t(i) * *es, off, *es);
    for (size_t p = 0; p < idx.size(); ++p) {
        // Indices in [-depth, depth) count from the back when negative; others stay all-off.
        double k = std::trunc(idx[p]);
        if (k < 0)
            k += double(depth);
        if (!(k >= 0 && k < double(depth)))
            continue;
        const int64_t o = int64_t(p) / inner, i = int64_t(p) % inner;
        std::memcpy(dst + size_t((o * depth + int64_t(k)) * inner + i) * *es, on, *es);
    }
    return Status::ok();
}

Status nonZero(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    const Tensor &x = **in;
    return dispatchAll(x.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        const T *v = x.data<T>();
        std::vector<int64_t> hits;
        for (int64_t i = 0; i < x.elementCount(); ++i)
            if (Arith<T>(v[i]) != Arith<T>(0))
                hits.push_back(i);
        // A scalar counts as 1-D, as numpy.nonzero treats it.
        const Shape shape = x.rank() == 0 ? Shape{1} : x.shape();
        const int rank = int(shape.size());
        const int64_t n = int64_t(hits.size());
        int64_t *out = ctx.allocateOutput(0, DataType::Int64, {rank, n}).mutableData<int64_t>();
        for (int64_t h = 0; h < n; ++h) {
            int64_t flat = hits[size_t(h)];
            for (int a = rank - 1; a >= 0; --a) {
                out[a * n + h] = flat % shape[size_t(a)];
                flat /= shape[size_t(a)];
            }
        }
        return Status::ok();
    });
}

Status trilu(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    const Tensor &x = **in;
    auto es = elementBytes(x, ctx);
    if (!es)
        return es.error();
    if (x.rank() < 2)
        return ctx.error("input must have rank >= 2, not " + x.describe());
    int64_t k = 0;
    if (ctx.inputCount() > 1 && ctx.hasInput(1)) {
        auto kv = readIndexList(*ctx.input(1), ctx, "k");
        if (!kv)
            return kv.error();
        if (kv->size() != 1)
            return ctx.error("k must be a single value");
        k = kv->front();
    }
    const bool upper = ctx.node().intAttribute("upper", 1) != 0;
    const int64_t rows = x.dim(x.rank() - 2), cols = x.dim(x.rank() - 1);
    Tensor &out = ctx.allocateOutput(0, x.dataType(), x.shape());
    const auto *src = static_cast<const unsigned char *>(x.raw());
    auto *dst = static_cast<unsigned char *>(out.mutableRaw());
    const int64_t matrices = rows * cols > 0 ? x.elementCount() / (rows * cols) : 0;
    const size_t rowBytes = size_t(cols) * *es;
    for (int64_t m = 0; m < matrices * rows; ++m) {
        const int64_t i = m % rows;
        // Upper keeps j - i >= k, lower keeps j - i <= k: the kept part of a row is a range.
        const int64_t from = upper ? std::clamp<int64_t>(i + k, 0, cols) : 0;
        const int64_t to = upper ? cols : std::clamp<int64_t>(i + k + 1, 0, cols);
        unsigned char *d = dst + size_t(m) * rowBytes;
        std::memset(d, 0, rowBytes);
        if (to > from)
            std::memcpy(d + size_t(from) * *es, src + size_t(m) * rowBytes + size_t(from) * *es,
                        size_t(to - from) * *es);
    }
    return Status::ok();
}

Status eyeLike(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    if ((*in)->rank() != 2)
        return ctx.error("input must be 2-D, not " + (*in)->describe());
    const Attribute *dtype = ctx.node().attribute("dtype");
    const DataType type = dtype ? DataType(dtype->i) : (*in)->dataType();
    const int64_t k = ctx.node().intAttribute("k", 0);
    const int64_t rows = (*in)->dim(0), cols = (*in)->dim(1);
    return dispatchAll(type, ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        Tensor &out = ctx.allocateOutput(0, type, {rows, cols});
        std::memset(out.mutableRaw(), 0, out.byteSize());
        T *o = out.mutableData<T>();
        for (int64_t i = 0; i < rows; ++i)
            if (i + k >= 0 && i + k < cols)
                o[i * cols + i + k] = T(1);
        return Status::ok();
    });
}

Status reverseSequence(KernelContext &ctx)
{
    if (!ctx.hasInput(0) || !ctx.hasInput(1))
        return ctx.error("input and sequence_lens are required");
    const Tensor &x = *ctx.input(0);
    auto es = elementBytes(x, ctx);
    if (!es)
        return es.error();
    const int64_t timeAxis = ctx.node().intAttribute("time_axis", 0);
    const int64_t batchAxis = ctx.node().intAttribute("batch_axis", 1);
    if (x.rank() < 2 || timeAxis + batchAxis != 1 || timeAxis * batchAxis != 0)
        return ctx.error("time_axis and batch_axis must be 0 and 1 of an input of rank >= 2");
    const int64_t steps = x.dim(int(timeAxis)), batch = x.dim(int(batchAxis));
    auto lens = readIndexList(*ctx.input(1), ctx, "sequence_lens");
    if (!lens)
        return lens.error();
    if (int64_t(lens->size()) != batch)
        return ctx.error("sequence_lens has " + std::to_string(lens->size()) +
                         " values for a batch of " + std::to_string(batch));
    for (int64_t len : *lens)
        if (len < 0 || len > steps)
            return ctx.error("sequence length " + std::to_string(len) + " is outside [0, " +
                             std::to_string(steps) + "]");
    Tensor &out = ctx.allocateOutput(0, x.dataType(), x.shape());
    const size_t block = size_t(x.elementCount() / std::max<int64_t>(steps * batch, 1)) * *es;
    const auto *src = static_cast<const unsigned char *>(x.raw());
    auto *dst = static_cast<unsigned char *>(out.mutableRaw());
    auto at = [&](int64_t b, int64_t t) {
        return size_t(timeAxis == 0 ? t * batch + b : b * steps + t) * block;
    };
    for (int64_t b = 0; b < batch; ++b) {
        const int64_t len = (*lens)[size_t(b)];
        for (int64_t t = 0; t < steps; ++t)
            std::memcpy(dst + at(b, t), src + at(b, t < len ? len - 1 - t : t), block);
    }
    return Status::ok();
}

Status cumSum(KernelContext &ctx)
{
    if (!ctx.hasInput(0) || !ctx.hasInput(1))
        return ctx.error("x and axis are required");
    const Tensor &x = *ctx.input(0);
    auto axisValue = readIndexList(*ctx.input(1), ctx, "axis");
    if (!axisValue)
        return axisValue.error();
    if (axisValue->size() != 1)
        return ctx.error("axis must be a single value");
    auto axis = normalizeAxis(axisValue->front(), x.rank(), ctx);
    if (!axis)
        return axis.error();
    const bool exclusive = ctx.node().intAttribute("exclusive", 0) != 0;
    const bool reverse = ctx.node().intAttribute("reverse", 0) != 0;
    const Shape &s = x.shape();
    const int64_t dim = x.rank() ? s[size_t(*axis)] : 1;
    const int64_t outer = x.rank() ? elementCount(Shape(s.begin(), s.begin() + *axis)) : 1;
    const int64_t inner = x.rank() ? elementCount(Shape(s.begin() + *axis + 1, s.end())) : 1;
    return dispatchNumeric(x.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        const T *in = x.data<T>();
        T *out = ctx.allocateOutput(0, x.dataType(), s).template mutableData<T>();
        for (int64_t o = 0; o < outer; ++o)
            for (int64_t i = 0; i < inner; ++i) {
                Arith<T> sum = 0;
                for (int64_t step = 0; step < dim; ++step) {
                    const int64_t t = reverse ? dim - 1 - step : step;
                    const int64_t p = (o * dim + t) * inner + i;
                    const Arith<T> v = Arith<T>(in[p]);
                    if (!exclusive)
                        sum += v;
                    out[p] = T(sum);
                    if (exclusive)
                        sum += v;
                }
            }
        return Status::ok();
    });
}

} // namespace

void registerIndexKernels(KernelRegistry &registry)
{
    registry.add("Range", 11, lambdaKernel(range));
    registry.add("OneHot", 9, lambdaKernel(oneHot));
    registry.add("NonZero", 9, lambdaKernel(nonZero));
    registry.add("Trilu", 14, lambdaKernel(trilu));
    registry.add("EyeLike", 9, lambdaKernel(eyeLike));
    registry.add("ReverseSequence", 10, lambdaKernel(reverseSequence));
    registry.add("CumSum", 11, lambdaKernel(cumSum));
}

} // namespace silica::runtime
