// Reduce* (ReduceSum … ReduceLogSumExp) and ArgMax / ArgMin. The Softmax family and the
// losses are registered from here too (softmax_kernels.cpp, loss_kernels.cpp).

#include "core/runtime/kernels/reduce_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace silica::runtime {

void registerSoftmaxKernels(KernelRegistry &registry); // softmax_kernels.cpp
void registerLossKernels(KernelRegistry &registry);    // loss_kernels.cpp

namespace {

enum class ReduceOp
{
    Sum,
    Mean,
    Max,
    Min,
    Prod,
    L1,
    L2,
    LogSum,
    LogSumExp,
    SumSquare
};

// Accumulators: float for float and the 16-bit floats, double for double, 64-bit integers for
// integers (numpy sums int32 in int64; casting back wraps the same way). LogSumExp of integers
// needs real arithmetic.
template <ReduceOp Op, typename T>
using AccOf = std::conditional_t<
    std::is_same_v<T, double> || (Op == ReduceOp::LogSumExp && !isFloatLike<T>), double,
    std::conditional_t<isFloatLike<T>, float,
                       std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>>>;

template <ReduceOp Op, typename T> struct Reducer
{
    using A = AccOf<Op, T>;
    static constexpr bool kMax = Op == ReduceOp::Max;
    static constexpr bool kMin = Op == ReduceOp::Min;
    static constexpr bool kProd = Op == ReduceOp::Prod;

    // The value of a reduction over an empty set (ONNX 1.16 "empty set" semantics: Max of
    // nothing is the lowest value of the type, Sum is 0, Prod is 1, …).
    static A init()
    {
        if constexpr (kMax) {
            if constexpr (isFloatLike<T>)
                return -std::numeric_limits<A>::infinity();
            else
                return A(std::numeric_limits<T>::lowest());
        } else if constexpr (kMin) {
            if constexpr (isFloatLike<T>)
                return std::numeric_limits<A>::infinity();
            else
                return A(std::numeric_limits<T>::max());
        } else if constexpr (kProd) {
            return A(1);
        } else {
            return A(0);
        }
    }
    static A map(A x)
    {
        if constexpr (Op == ReduceOp::L1 && !std::is_unsigned_v<A>)
            return x < 0 ? A(-x) : x;
        else if constexpr (Op == ReduceOp::L2 || Op == ReduceOp::SumSquare)
            return x * x;
        else
            return x;
    }
    static A combine(A a, A b)
    {
        if constexpr (kMax)
            return b > a ? b : a;
        else if constexpr (kMin)
            return b < a ? b : a;
        else if constexpr (kProd)
            return a * b;
        else
            return a + b;
    }
    static T finish(A acc, int64_t n)
    {
        using R = std::conditional_t<std::is_floating_point_v<A>, A, double>;
        if constexpr (Op == ReduceOp::Mean) {
            if constexpr (std::is_floating_point_v<A>)
                return T(acc / A(n)); // 0 / 0 = NaN for an empty set, as numpy
            else
                return n == 0 ? T(0) : T(acc / A(n));
        } else if constexpr (Op == ReduceOp::L2) {
            return T(std::sqrt(R(acc)));
        } else if constexpr (Op == ReduceOp::LogSum) {
            return T(std::log(R(acc)));
        } else {
            return T(acc);
        }
    }

    // One contiguous row. For float and double the loops carry OpenMP simd reductions so the
    // compiler may reorder the sum and vectorize it.
    static A row(const T *x, int64_t n)
    {
        A acc = init();
        if constexpr (std::is_same_v<T, A>) {
            if constexpr (kMax) {
#pragma omp simd reduction(max : acc)
                for (int64_t i = 0; i < n; ++i)
                    acc = x[i] > acc ? x[i] : acc;
            } else if constexpr (kMin) {
#pragma omp simd reduction(min : acc)
                for (int64_t i = 0; i < n; ++i)
                    acc = x[i] < acc ? x[i] : acc;
            } else if constexpr (kProd) {
#pragma omp simd reduction(* : acc)
                for (int64_t i = 0; i < n; ++i)
                    acc *= x[i];
            } else {
#pragma omp simd reduction(+ : acc)
                for (int64_t i = 0; i < n; ++i)
                    acc += map(x[i]);
            }
        } else {
            for (int64_t i = 0; i < n; ++i)
                acc = combine(acc, map(A(x[i])));
        }
        return acc;
    }
};

// log(sum(exp(x))) computed as m + log(sum(exp(x - m))) with m the maximum, so large inputs
// do not overflow.
template <typename T, typename A> T logSumExpFinish(A m, A sum)
{
    if (!std::isfinite(m)) // all -inf (or empty): -inf; any +inf or NaN: itself
        return T(m);
    return T(m + std::log(sum));
}

template <ReduceOp Op, typename T> void reduceBlocked(const T *x, T *y, const ReduceLayout &l)
{
    using Red = Reducer<Op, T>;
    using A = typename Red::A;
    const int64_t R = l.reduced, I = l.inner;
    parallelBlocks(l.outer, R, I, [&](int64_t o0, int64_t o1, int64_t i0, int64_t i1) {
        if (I == 1) {
            for (int64_t o = o0; o < o1; ++o) {
                const T *row = x + o * R;
                if constexpr (Op == ReduceOp::LogSumExp) {
                    const A m = Reducer<ReduceOp::Max, T>::row(row, R);
                    A sum = 0;
                    for (int64_t r = 0; r < R; ++r)
                        sum += std::exp(A(row[r]) - m);
                    y[o] = logSumExpFinish<T>(m, sum);
                } else {
                    y[o] = Red::finish(Red::row(row, R), R);
                }
            }
            return;
        }
        // Across rows: accumulate a chunk of columns, one row of the reduced axis at a time.
        A acc[kInnerChunk], sum[kInnerChunk];
        const int64_t n = i1 - i0;
        const T *base = x + o0 * R * I + i0;
        if constexpr (Op == ReduceOp::LogSumExp) {
            using Max = Reducer<ReduceOp::Max, T>;
            std::fill(acc, acc + n, Max::init());
            for (int64_t r = 0; r < R; ++r)
                for (int64_t i = 0; i < n; ++i)
                    acc[i] = Max::combine(acc[i], A(base[r * I + i]));
            std::fill(sum, sum + n, A(0));
            for (int64_t r = 0; r < R; ++r)
                for (int64_t i = 0; i < n; ++i)
                    sum[i] += std::exp(A(base[r * I + i]) - acc[i]);
            for (int64_t i = 0; i < n; ++i)
                y[o0 * I + i0 + i] = logSumExpFinish<T>(acc[i], sum[i]);
        } else {
            std::fill(acc, acc + n, Red::init());
            for (int64_t r = 0; r < R; ++r) {
                const T *row = base + r * I;
                for (int64_t i = 0; i < n; ++i)
                    acc[i] = Red::combine(acc[i], Red::map(A(row[i])));
            }
            for (int64_t i = 0; i < n; ++i)
                y[o0 * I + i0 + i] = Red::finish(acc[i], R);
        }
    });
}

// Reduced axes that are not neighbours (axes 0 and 2 of a 3-D tensor): explicit offsets.
template <ReduceOp Op, typename T> void reduceScattered(const T *x, T *y, const ReduceLayout &l)
{
    using Red = Reducer<Op, T>;
    using A = typename Red::A;
    const int64_t R = l.reducedCount();
    const int64_t *offsets = l.reducedOffsets.data();
    parallelFor(l.outputCount(), std::max<int64_t>(1, kParallelWork / std::max<int64_t>(R, 1)),
                [&](int64_t begin, int64_t end) {
                    for (int64_t k = begin; k < end; ++k) {
                        const T *p = x + l.keptOffsets[size_t(k)];
                        if constexpr (Op == ReduceOp::LogSumExp) {
                            using Max = Reducer<ReduceOp::Max, T>;
                            A m = Max::init(), sum = 0;
                            for (int64_t r = 0; r < R; ++r)
                                m = Max::combine(m, A(p[offsets[r]]));
                            for (int64_t r = 0; r < R; ++r)
                                sum += std::exp(A(p[offsets[r]]) - m);
                            y[k] = logSumExpFinish<T>(m, sum);
                        } else {
                            A acc = Red::init();
                            for (int64_t r = 0; r < R; ++r)
                                acc = Red::combine(acc, Red::map(A(p[offsets[r]])));
                            y[k] = Red::finish(acc, R);
                        }
                    }
                });
}

// Element types of the Reduce ops (ONNX lists float types, int32/int64/uint32/uint64 and, for
// Max/Min, int8/uint8 and bool).
template <typename Fn> Status dispatchReduce(DataType type, const KernelContext &ctx, Fn &&fn)
{
    switch (type) {
    case DataType::Int8:
        return fn(int8_t{});
    case DataType::Uint8:
        return fn(uint8_t{});
    case DataType::Int32:
        return fn(int32_t{});
    case DataType::Uint32:
        return fn(uint32_t{});
    case DataType::Int64:
        return fn(int64_t{});
    case DataType::Uint64:
        return fn(uint64_t{});
    default:
        return dispatchFloat(type, ctx, std::forward<Fn>(fn));
    }
}

template <ReduceOp Op> Status computeReduce(KernelContext &ctx, bool axesFromInput)
{
    auto x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Node &node = ctx.node();
    const bool keepDims = node.intAttribute("keepdims", 1) != 0;
    std::vector<int64_t> axes;
    bool noop = false;
    if (axesFromInput) {
        noop = node.intAttribute("noop_with_empty_axes", 0) != 0;
        if (const Tensor *a = ctx.input(1)) {
            if (a->dataType() != DataType::Int64 && a->dataType() != DataType::Int32)
                return ctx.error("axes must be int64, got " + a->describe());
            axes = a->toInt64s();
        }
    } else {
        axes = node.intsAttribute("axes");
    }
    const Shape &shape = (*x)->shape();
    const int rank = int(shape.size());
    std::vector<bool> mask(size_t(rank), !noop); // no axes: all, or none with noop
    if (!axes.empty()) {
        auto m = reducedAxesMask(axes, rank, ctx);
        if (!m)
            return m.status();
        mask = std::move(*m);
    }
    const ReduceLayout layout = makeReduceLayout(shape, mask);
    const DataType type = (*x)->dataType();
    Tensor y = ctx.allocateOutput(0, type, reducedShape(shape, mask, keepDims));
    auto run = [&](auto tag) -> Status {
        using T = decltype(tag);
        if constexpr (std::is_same_v<T, bool> && Op != ReduceOp::Max && Op != ReduceOp::Min) {
            return ctx.error("bool input is only supported by ReduceMax and ReduceMin",
                             ErrorCode::Unsupported);
        } else {
            if (layout.blocked)
                reduceBlocked<Op, T>((*x)->data<T>(), y.mutableData<T>(), layout);
            else
                reduceScattered<Op, T>((*x)->data<T>(), y.mutableData<T>(), layout);
            return Status::ok();
        }
    };
    if (type == DataType::Bool)
        return run(bool{});
    return dispatchReduce(type, ctx, run);
}

// ReduceSum took axes as an input from opset 13, the others from opset 18.
template <ReduceOp Op> void addReduce(KernelRegistry &registry, const char *name, int inputSince)
{
    registry.add(name, 1,
                 lambdaKernel([](KernelContext &ctx) { return computeReduce<Op>(ctx, false); }),
                 inputSince - 1);
    registry.add(name, inputSince,
                 lambdaKernel([](KernelContext &ctx) { return computeReduce<Op>(ctx, true); }));
}

// ArgMax / ArgMin along one axis; ties go to the first index, or the last with
// select_last_index (opset 12).
template <bool IsMax> Status computeArg(KernelContext &ctx)
{
    auto x = ctx.requiredInput(0);
    if (!x)
        return x.status();
    const Node &node = ctx.node();
    const Shape &shape = (*x)->shape();
    const int rank = int(shape.size());
    auto axis = normalizeAxis(node.intAttribute("axis", 0), rank, ctx);
    if (!axis)
        return axis.status();
    if (rank == 0)
        return ctx.error("input must have at least one dimension");
    const bool keepDims = node.intAttribute("keepdims", 1) != 0;
    const bool last = node.intAttribute("select_last_index", 0) != 0;
    const int64_t O = dimProduct(shape, 0, *axis), R = shape[size_t(*axis)],
                  I = dimProduct(shape, *axis + 1, rank);
    if (R == 0)
        return ctx.error("cannot take the index of an extreme over the empty axis " +
                         std::to_string(*axis) + " of " + (*x)->describe());
    std::vector<bool> mask(size_t(rank), false);
    mask[size_t(*axis)] = true;
    Tensor out = ctx.allocateOutput(0, DataType::Int64, reducedShape(shape, mask, keepDims));
    int64_t *y = out.mutableData<int64_t>();
    return dispatchNumeric((*x)->dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        using V = std::conditional_t<isFloatLike<T> && !std::is_floating_point_v<T>, float, T>;
        const T *data = (*x)->data<T>();
        auto better = [last](V v, V best) {
            if constexpr (IsMax)
                return last ? v >= best : v > best;
            else
                return last ? v <= best : v < best;
        };
        parallelBlocks(O, R, I, [&](int64_t o0, int64_t o1, int64_t i0, int64_t i1) {
            if (I == 1) {
                for (int64_t o = o0; o < o1; ++o) {
                    const T *row = data + o * R;
                    if constexpr (std::is_same_v<T, V>) {
                        // Vectorized extreme first, then a search for its first (or last)
                        // position; a NaN row finds no match and takes the scalar loop.
                        T extreme = row[0];
                        if constexpr (IsMax) {
#pragma omp simd reduction(max : extreme)
                            for (int64_t r = 0; r < R; ++r)
                                extreme = row[r] > extreme ? row[r] : extreme;
                        } else {
#pragma omp simd reduction(min : extreme)
                            for (int64_t r = 0; r < R; ++r)
                                extreme = row[r] < extreme ? row[r] : extreme;
                        }
                        int64_t found = -1;
                        if (last) {
                            for (int64_t r = R; r-- > 0 && found < 0;)
                                found = row[r] == extreme ? r : -1;
                        } else {
                            for (int64_t r = 0; r < R && found < 0; ++r)
                                found = row[r] == extreme ? r : -1;
                        }
                        if (found >= 0) {
                            y[o] = found;
                            continue;
                        }
                    }
                    V best = V(row[0]);
                    int64_t index = 0;
                    for (int64_t r = 1; r < R; ++r)
                        if (better(V(row[r]), best)) {
                            best = V(row[r]);
                            index = r;
                        }
                    y[o] = index;
                }
                return;
            }
            V best[kInnerChunk];
            int64_t index[kInnerChunk];
            const int64_t n = i1 - i0;
            const T *base = data + o0 * R * I + i0;
            for (int64_t i = 0; i < n; ++i) {
                best[i] = V(base[i]);
                index[i] = 0;
            }
            for (int64_t r = 1; r < R; ++r)
                for (int64_t i = 0; i < n; ++i) {
                    const V v = V(base[r * I + i]);
                    const bool take = better(v, best[i]);
                    best[i] = take ? v : best[i];
                    index[i] = take ? r : index[i];
                }
            std::copy(index, index + n, y + o0 * I + i0);
        });
        return Status::ok();
    });
}

} // namespace

void registerReductionKernels(KernelRegistry &registry)
{
    addReduce<ReduceOp::Sum>(registry, "ReduceSum", 13);
    addReduce<ReduceOp::Mean>(registry, "ReduceMean", 18);
    addReduce<ReduceOp::Max>(registry, "ReduceMax", 18);
    addReduce<ReduceOp::Min>(registry, "ReduceMin", 18);
    addReduce<ReduceOp::Prod>(registry, "ReduceProd", 18);
    addReduce<ReduceOp::L1>(registry, "ReduceL1", 18);
    addReduce<ReduceOp::L2>(registry, "ReduceL2", 18);
    addReduce<ReduceOp::LogSum>(registry, "ReduceLogSum", 18);
    addReduce<ReduceOp::LogSumExp>(registry, "ReduceLogSumExp", 18);
    addReduce<ReduceOp::SumSquare>(registry, "ReduceSumSquare", 18);
    registry.add("ArgMax", 1, lambdaKernel(computeArg<true>));
    registry.add("ArgMin", 1, lambdaKernel(computeArg<false>));
    registerSoftmaxKernels(registry);
    registerLossKernels(registry);
}

} // namespace silica::runtime
