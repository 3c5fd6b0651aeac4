// TopK and Unique: the kernels that order values.

#include "core/runtime/kernels/shape_family.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace silica::runtime {

namespace {

// Values compare as float for float16 / bfloat16.
template <typename T>
using Arith = std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;

// A strict weak order that puts NaN above every number (so sorting never sees an
// inconsistent comparator).
template <typename A> bool lessValue(A x, A y)
{
    if constexpr (std::is_floating_point_v<A>) {
        if (std::isnan(y))
            return !std::isnan(x);
        if (std::isnan(x))
            return false;
    }
    return x < y;
}

Status topK(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    const Tensor &x = **in;
    int64_t k = 0;
    if (ctx.opsetVersion() < 10) {
        k = ctx.node().intAttribute("k", -1);
    } else {
        if (!ctx.hasInput(1))
            return ctx.error("input K is required");
        auto kv = readIndexList(*ctx.input(1), ctx, "K");
        if (!kv)
            return kv.error();
        if (kv->size() != 1)
            return ctx.error("K must hold one value");
        k = kv->front();
    }
    if (x.rank() == 0)
        return ctx.error("input must not be a scalar");
    auto axis = normalizeAxis(ctx.node().intAttribute("axis", -1), x.rank(), ctx);
    if (!axis)
        return axis.error();
    const Shape &s = x.shape();
    const int64_t dim = s[size_t(*axis)];
    if (k < 0 || k > dim)
        return ctx.error("K = " + std::to_string(k) + " is outside [0, " + std::to_string(dim) +
                         "] for axis " + std::to_string(*axis) + " of " + x.describe());
    const bool largest = ctx.node().intAttribute("largest", 1) != 0;
    // `sorted` = 0 allows any order; a sorted result is one of them.
    const int64_t outer = elementCount(Shape(s.begin(), s.begin() + *axis));
    const int64_t inner = elementCount(Shape(s.begin() + *axis + 1, s.end()));
    Shape outShape = s;
    outShape[size_t(*axis)] = k;
    return dispatchNumeric(x.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        using A = Arith<T>;
        const T *v = x.data<T>();
        T *values = ctx.allocateOutput(0, x.dataType(), outShape).template mutableData<T>();
        int64_t *indices =
            ctx.wantsOutput(1)
                ? ctx.allocateOutput(1, DataType::Int64, outShape).template mutableData<int64_t>()
                : nullptr;
        parallelFor(outer * inner, std::max<int64_t>(1, 4096 / std::max<int64_t>(dim, 1)),
                    [&](int64_t begin, int64_t end) {
                        std::vector<A> keys(static_cast<size_t>(dim));
                        std::vector<int64_t> order(static_cast<size_t>(dim));
                        for (int64_t slice = begin; slice < end; ++slice) {
                            const int64_t o = slice / inner, i = slice % inner;
                            for (int64_t j = 0; j < dim; ++j)
                                keys[size_t(j)] = A(v[(o * dim + j) * inner + i]);
                            std::iota(order.begin(), order.end(), int64_t(0));
                            // Equal values keep the lower index first, as ONNX's reference does.
                            auto before = [&](int64_t a, int64_t b) {
                                const A ka = keys[size_t(a)], kb = keys[size_t(b)];
                                if (largest ? lessValue(kb, ka) : lessValue(ka, kb))
                                    return true;
                                if (lessValue(ka, kb) || lessValue(kb, ka))
                                    return false;
                                return a < b;
                            };
                            std::partial_sort(order.begin(), order.begin() + k, order.end(),
                                              before);
                            for (int64_t j = 0; j < k; ++j) {
                                const int64_t p = (o * k + j) * inner + i;
                                values[p] = v[(o * dim + order[size_t(j)]) * inner + i];
                                if (indices)
                                    indices[p] = order[size_t(j)];
                            }
                        }
                    });
        return Status::ok();
    });
}

Status unique(KernelContext &ctx)
{
    auto in = ctx.requiredInput(0);
    if (!in)
        return in.error();
    const Tensor &x = **in;
    auto es = elementBytes(x, ctx);
    if (!es)
        return es.error();
    const Attribute *axisAttr = ctx.node().attribute("axis");
    const bool sorted = ctx.node().intAttribute("sorted", 1) != 0;
    // Without an axis the flattened input's elements are the items; with one, the slices
    // along it, compared lexicographically in row-major order (numpy.unique).
    Shape shape = axisAttr ? x.shape() : Shape{x.elementCount()};
    int axis = 0;
    if (axisAttr) {
        if (x.rank() == 0)
            return ctx.error("cannot take unique slices of a scalar");
        auto a = normalizeAxis(axisAttr->i, x.rank(), ctx);
        if (!a)
            return a.error();
        axis = *a;
    }
    const int64_t items = shape[size_t(axis)];
    const int64_t outer = elementCount(Shape(shape.begin(), shape.begin() + axis));
    const int64_t inner = elementCount(Shape(shape.begin() + axis + 1, shape.end()));
    std::vector<int64_t> order(static_cast<size_t>(items));
    std::iota(order.begin(), order.end(), int64_t(0));
    std::vector<size_t> groupStart; // positions in `order` where a run of equal items begins
    Status typed = dispatchAll(x.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        using A = Arith<T>;
        const T *v = x.data<T>();
        auto compare = [&](int64_t a, int64_t b) { // <0, 0, >0
            for (int64_t o = 0; o < outer; ++o)
                for (int64_t i = 0; i < inner; ++i) {
                    const A va = A(v[(o * items + a) * inner + i]);
                    const A vb = A(v[(o * items + b) * inner + i]);
                    if (lessValue(va, vb))
                        return -1;
                    if (lessValue(vb, va))
                        return 1;
                }
            return 0;
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](int64_t a, int64_t b) { return compare(a, b) < 0; });
        for (size_t p = 0; p < order.size(); ++p)
            if (p == 0 || compare(order[p - 1], order[p]) != 0)
                groupStart.push_back(p);
        return Status::ok();
    });
    if (!typed)
        return typed;
    const size_t groups = groupStart.size();
    // The stable sort leaves each group's first occurrence at its start.
    std::vector<size_t> outputOrder(groups);
    std::iota(outputOrder.begin(), outputOrder.end(), size_t(0));
    if (!sorted)
        std::sort(outputOrder.begin(), outputOrder.end(),
                  [&](size_t a, size_t b) { return order[groupStart[a]] < order[groupStart[b]]; });
    shape[size_t(axis)] = int64_t(groups);
    Tensor &y = ctx.allocateOutput(0, x.dataType(), shape);
    std::vector<int64_t> first(groups), counts(groups), inverse(static_cast<size_t>(items));
    for (size_t g = 0; g < groups; ++g) {
        const size_t group = outputOrder[g];
        const size_t from = groupStart[group];
        const size_t to = group + 1 < groups ? groupStart[group + 1] : order.size();
        first[g] = order[from];
        counts[g] = int64_t(to - from);
        for (size_t p = from; p < to; ++p)
            inverse[size_t(order[p])] = int64_t(g);
    }
    const auto *src = static_cast<const unsigned char *>(x.raw());
    auto *dst = static_cast<unsigned char *>(y.mutableRaw());
    const size_t block = size_t(inner) * *es;
    for (int64_t o = 0; o < outer; ++o)
        for (size_t g = 0; g < groups; ++g)
            std::memcpy(dst + (size_t(o) * groups + g) * block,
                        src + size_t(o * items + first[g]) * block, block);
    const std::vector<int64_t> *extra[] = {&first, &inverse, &counts};
    for (size_t k = 0; k < 3; ++k)
        if (ctx.wantsOutput(k + 1)) {
            const std::vector<int64_t> &values = *extra[k];
            Tensor &t = ctx.allocateOutput(k + 1, DataType::Int64, {int64_t(values.size())});
            std::copy(values.begin(), values.end(), t.mutableData<int64_t>());
        }
    return Status::ok();
}

} // namespace

void registerSortKernels(KernelRegistry &registry)
{
    registry.add("TopK", 1, lambdaKernel(topK));
    registry.add("Unique", 11, lambdaKernel(unique));
}

} // namespace silica::runtime
