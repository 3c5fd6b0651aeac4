#pragma once
// Loops shared by the element-wise, cast and activation kernels: a broadcast walker that
// merges axes so the common cases become one tight row loop (equal shapes, a scalar operand,
// [N,C,H,W] op [C,1,1]), and unary / binary / ternary maps over it split across threads.
//
// Files that include this start with `#pragma GCC optimize("no-trapping-math")` (GCC only):
// under GCC's default -ftrapping-math the vectorizer refuses to if-convert a select whose arms
// are float operations (`x < 0 ? a * x : x`), so most activation loops would stay scalar.
// Nothing in the runtime reads floating-point exception flags.

#include "core/runtime/kernels/kernel_util.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <type_traits>

namespace silica::runtime {

// Elements per parallelFor chunk: ~64 KiB of floats, so thread start-up is noise.
constexpr int64_t kElementGrain = 16384;

// Arithmetic type for an element type: float16 / bfloat16 compute in float.
template <typename T> struct ComputeTypeOf { using type = T; };
template <> struct ComputeTypeOf<Half> { using type = float; };
template <> struct ComputeTypeOf<BFloat16> { using type = float; };
template <typename T> using ComputeType = typename ComputeTypeOf<T>::type;

// Unsigned type integer arithmetic wraps in (int8 + int8 would promote to int, and uint16 *
// uint16 can overflow int, which is undefined): two's complement results, as numpy gives.
template <typename T> using WrapType = std::make_unsigned_t<decltype(T() + T())>;

template <typename C> bool isNanValue(C v)
{
    if constexpr (std::is_floating_point_v<C>)
        return std::isnan(v);
    else
        return false;
}

// The broadcast of N inputs onto an output shape with adjacent axes merged where every input
// walks them the same way (contiguous or broadcast), and size-1 axes dropped. The innermost
// merged axis then has stride 1 or 0 for each input.
template <size_t N> struct BroadcastLayout
{
    std::vector<int64_t> dims;                   // merged output axes, outermost first
    std::array<std::vector<int64_t>, N> strides; // element stride of each input per axis
    int64_t total = 0;
};

template <size_t N>
BroadcastLayout<N> makeBroadcastLayout(const Shape &out, const std::array<const Shape *, N> &in)
{
    BroadcastLayout<N> layout;
    layout.total = elementCount(out);
    std::array<std::vector<int64_t>, N> full;
    for (size_t k = 0; k < N; ++k)
        full[k] = broadcastStrides(*in[k], out);
    for (size_t axis = 0; axis < out.size(); ++axis) {
        if (out[axis] == 1)
            continue;
        bool merge = !layout.dims.empty();
        for (size_t k = 0; k < N && merge; ++k)
            merge = layout.strides[k].back() == full[k][axis] * out[axis];
        if (merge) {
            layout.dims.back() *= out[axis];
            for (size_t k = 0; k < N; ++k)
                layout.strides[k].back() = full[k][axis];
            continue;
        }
        layout.dims.push_back(out[axis]);
        for (size_t k = 0; k < N; ++k)
            layout.strides[k].push_back(full[k][axis]);
    }
    if (layout.dims.empty()) { // a single element
        layout.dims.push_back(1);
        for (size_t k = 0; k < N; ++k)
            layout.strides[k].push_back(0);
    }
    return layout;
}

// Calls fn(outOffset, inOffsets, count) for the runs of output elements [begin, end) that lie
// along the innermost merged axis.
template <size_t N, typename Fn>
void forEachBroadcastRow(const BroadcastLayout<N> &layout, int64_t begin, int64_t end, Fn &&fn)
{
    const size_t rank = layout.dims.size();
    const size_t last = rank - 1;
    std::vector<int64_t> idx(rank, 0);
    std::array<int64_t, N> off{};
    int64_t rest = begin;
    for (size_t axis = rank; axis-- > 0;) {
        idx[axis] = rest % layout.dims[axis];
        rest /= layout.dims[axis];
        for (size_t k = 0; k < N; ++k)
            off[k] += idx[axis] * layout.strides[k][axis];
    }
    for (int64_t pos = begin; pos < end;) {
        const int64_t n = std::min(end - pos, layout.dims[last] - idx[last]);
        fn(pos, off, n);
        pos += n;
        if (pos >= end)
            break;
        for (size_t k = 0; k < N; ++k)
            off[k] -= idx[last] * layout.strides[k][last];
        idx[last] = 0;
        for (size_t axis = last; axis-- > 0;) {
            for (size_t k = 0; k < N; ++k)
                off[k] += layout.strides[k][axis];
            if (++idx[axis] < layout.dims[axis])
                break;
            for (size_t k = 0; k < N; ++k)
                off[k] -= layout.strides[k][axis] * layout.dims[axis];
            idx[axis] = 0;
        }
    }
}

// out[i] = op(a[i·sa], b[i·sb]) for one row; strides 1 and 0 get their own loops so the
// compiler vectorizes each.
// (Each loop works on a local copy of `op`: a captured attribute read through a reference could
// alias the output, so the compiler would reload it every element and not vectorize.)
template <typename TA, typename TB, typename TO, typename Op>
void binaryRow(TO *o, const TA *a, int64_t sa, const TB *b, int64_t sb, int64_t n, Op op)
{
    using CA = ComputeType<TA>;
    using CB = ComputeType<TB>;
    if (sa == 1 && sb == 1) {
        for (int64_t i = 0; i < n; ++i)
            o[i] = TO(op(CA(a[i]), CB(b[i])));
    } else if (sa == 1 && sb == 0) {
        const CB bv = CB(*b);
        for (int64_t i = 0; i < n; ++i)
            o[i] = TO(op(CA(a[i]), bv));
    } else if (sa == 0 && sb == 1) {
        const CA av = CA(*a);
        for (int64_t i = 0; i < n; ++i)
            o[i] = TO(op(av, CB(b[i])));
    } else {
        for (int64_t i = 0; i < n; ++i)
            o[i] = TO(op(CA(a[i * sa]), CB(b[i * sb])));
    }
}

// out = op(a, b) with numpy broadcasting; `out` already has the broadcast shape. `out` may be
// the same buffer as `a` when a has the output's shape (running folds of variadic ops).
template <typename TA, typename TB, typename TO, typename Op>
void binaryLoop(const Tensor &a, const Tensor &b, Tensor &out, const Op &op)
{
    const BroadcastLayout<2> layout = makeBroadcastLayout<2>(out.shape(), {&a.shape(), &b.shape()});
    const TA *pa = a.data<TA>();
    const TB *pb = b.data<TB>();
    TO *po = out.mutableData<TO>();
    const int64_t sa = layout.strides[0].back(), sb = layout.strides[1].back();
    parallelFor(layout.total, kElementGrain, [&](int64_t begin, int64_t end) {
        forEachBroadcastRow(layout, begin, end,
                            [&](int64_t o, const std::array<int64_t, 2> &off, int64_t n) {
                                binaryRow(po + o, pa + off[0], sa, pb + off[1], sb, n, op);
                            });
    });
}

// out = op(a, b, c) with broadcasting (Where, Clip with tensor bounds).
template <typename TA, typename TB, typename TC, typename TO, typename Op>
void ternaryLoop(const Tensor &a, const Tensor &b, const Tensor &c, Tensor &out, const Op &op)
{
    const BroadcastLayout<3> layout =
        makeBroadcastLayout<3>(out.shape(), {&a.shape(), &b.shape(), &c.shape()});
    const TA *pa = a.data<TA>();
    const TB *pb = b.data<TB>();
    const TC *pc = c.data<TC>();
    TO *po = out.mutableData<TO>();
    const int64_t sa = layout.strides[0].back(), sb = layout.strides[1].back(),
                  sc = layout.strides[2].back();
    parallelFor(layout.total, kElementGrain, [&](int64_t begin, int64_t end) {
        const Op f = op;
        forEachBroadcastRow(layout, begin, end,
                            [&](int64_t o, const std::array<int64_t, 3> &off, int64_t n) {
                                const TA *ra = pa + off[0];
                                const TB *rb = pb + off[1];
                                const TC *rc = pc + off[2];
                                for (int64_t i = 0; i < n; ++i) {
                                    const auto av = ComputeType<TA>(ra[i * sa]);
                                    const auto bv = ComputeType<TB>(rb[i * sb]);
                                    const auto cv = ComputeType<TC>(rc[i * sc]);
                                    po[o + i] = TO(f(av, bv, cv));
                                }
                            });
    });
}

// out[i] = op(in[i]) over equal shapes.
template <typename TI, typename TO, typename Op>
void unaryLoop(const Tensor &in, Tensor &out, const Op &op, int64_t grain = kElementGrain)
{
    using C = ComputeType<TI>;
    const TI *pi = in.data<TI>();
    TO *po = out.mutableData<TO>();
    parallelFor(in.elementCount(), grain, [&](int64_t begin, int64_t end) {
        const Op f = op;
        for (int64_t i = begin; i < end; ++i)
            po[i] = TO(f(C(pi[i])));
    });
}

// A value converted as numpy's astype does, except that float → integer saturates (and NaN
// gives 0) where C++ leaves the result undefined.
template <typename To, typename From> To convertValue(From v)
{
    using CF = ComputeType<From>;
    if constexpr (std::is_same_v<To, bool>) {
        return CF(v) != CF(0);
    } else if constexpr (isFloatLike<To>) {
        return To(ComputeType<To>(CF(v)));
    } else if constexpr (isFloatLike<From>) {
        const CF f = CF(v);
        if (!(f == f))
            return To(0);
        if (f <= CF(std::numeric_limits<To>::lowest()))
            return std::numeric_limits<To>::lowest();
        if (f >= CF(std::numeric_limits<To>::max()))
            return std::numeric_limits<To>::max();
        return To(f);
    } else {
        return To(v); // integer → integer wraps, bool → 0 / 1
    }
}

// The operands of a binary op: B viewed with its legacy-broadcast shape (opset < 7), and the
// broadcast output shape. With `sameType`, mismatched element types are an error.
struct BinaryOperands
{
    const Tensor *a = nullptr;
    Tensor b;
    Shape outShape;
};
Expected<BinaryOperands> binaryOperands(const KernelContext &ctx, bool sameType = true);

// The broadcast shape of `shapes`, or an error naming the node.
Expected<Shape> broadcastOutputShape(const KernelContext &ctx,
                                     const std::vector<const Shape *> &shapes);

// Legacy (opset < 7) broadcasting of Add, Mul, And, Equal, PRelu, …: with broadcast=1, B's
// axes line up with A's starting at `axis` (default: B's trailing axes). Returns the shape
// to view B with so numpy broadcasting gives the same result.
Expected<Shape> legacyBroadcastShape(const KernelContext &ctx, const Shape &a, const Shape &b);

// A scalar (one-element) input's value as double, e.g. Clip bounds and Dropout ratio.
double scalarValue(const Tensor &t);

// A kernel y = op(x), y of x's type; `IntegersToo` widens the accepted types from the float
// ones to every numeric type.
template <bool IntegersToo, typename Op> KernelFactory unaryKernel(Op op)
{
    return lambdaKernel([op](KernelContext &ctx) -> Status {
        Expected<const Tensor *> x = ctx.requiredInput(0);
        if (!x)
            return x.status();
        const Tensor &in = **x;
        auto run = [&](auto tag) {
            using T = decltype(tag);
            Tensor &out = ctx.allocateOutput(0, in.dataType(), in.shape());
            unaryLoop<T, T>(in, out, op);
            return Status::ok();
        };
        if constexpr (IntegersToo)
            return dispatchNumeric(in.dataType(), ctx, run);
        else
            return dispatchFloat(in.dataType(), ctx, run);
    });
}

// Families that registerElementwiseKernels pulls in (one file each).
void registerLogicKernels(KernelRegistry &registry);     // And, Equal, Less, Where, BitShift…
void registerUnaryMathKernels(KernelRegistry &registry); // Abs, Sqrt, Sin, Round, Clip…
void registerCastKernels(KernelRegistry &registry);      // Cast, CastLike, Identity, Dropout
void registerVariadicKernels(KernelRegistry &registry);  // Max, Min, Sum, Mean

} // namespace silica::runtime
