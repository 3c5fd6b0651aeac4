// QLinearConv, ConvInteger, QLinearMatMul and MatMulInteger on oneDNN's int8 primitives.
// oneDNN produces the exact int32 sums Σ(x − x_zp)(w − w_zp) (the x zero point is its source
// zero point; the weight zero point is subtracted from the weights as they are packed, once
// when they are constant);
// the QLinear forms then requantise through integer_kernels.h in float64, so results are the
// plain loops' bits. Primitives are cached per input shape and constant weights packed once.
//
// Cases oneDNN does not take run on the plain loops (integer_kernels.cpp): CPUs without VNNI
// (see exactInt8Isa), weights whose w − w_zp leaves int8, a per-row A zero point, batched or
// 1-D B, convolutions of rank other than 3–5, shapes oneDNN declines.

#include "core/runtime/kernels/integer_kernels.h"

#include "core/runtime/kernels/conv_geometry.h"
#include "core/runtime/kernels/dnnl_support.h"
#include "core/runtime/kernels/kernel_util.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <tuple>

namespace silica::runtime {

namespace {

using dnnl::memory;

// oneDNN's int8 kernels convert the int32 sum to float32 on the way out even for an s32
// destination (measured on 2.6: jit_int8, brgconv, brg matmul). That is exact up to 2^24 in
// magnitude, and rounding is monotonic, so a sum beyond it comes out at 2^24 or more: only
// those are computed again. The zero-point and s8 compensation terms are added in int32 before
// the conversion (measured too: sums near 0 made of terms near 2^26 come out exact).
constexpr int64_t kFloatExactLimit = int64_t(1) << 24;

bool isInt8(const Tensor *t)
{
    return t && (t->dataType() == DataType::Int8 || t->dataType() == DataType::Uint8);
}

int32_t int8At(const Tensor &t, int64_t i)
{
    return t.dataType() == DataType::Uint8 ? int32_t(t.data<uint8_t>()[i])
                                           : int32_t(t.data<int8_t>()[i]);
}

memory::data_type dnnlType(DataType t)
{
    return t == DataType::Uint8 ? memory::data_type::u8 : memory::data_type::s8;
}

// The largest |x − zp| an input of type `t` can give.
int64_t largestShiftedInput(DataType t, int32_t zp)
{
    const int64_t lo = t == DataType::Uint8 ? 0 : -128, hi = t == DataType::Uint8 ? 255 : 127;
    return std::max(std::abs(zp - lo), std::abs(hi - zp));
}

// The single zero point of `zp` (absent: 0); nullopt when it has several.
std::optional<int32_t> scalarZeroPoint(const Tensor *zp)
{
    if (!zp)
        return 0;
    if (zp->elementCount() != 1)
        return std::nullopt;
    return int32_t(zp->toInt64s()[0]);
}

// Weights minus their zero points, as int8 oneDNN can take. Fits for s8 weights with a zero
// zero point and for u8 weights with zero point 128, and for most others, since trained
// weights rarely use the whole range. Also gives the largest Σ|w − zp| of one output channel:
// a sum can reach that times the largest |x − x_zp|.
struct ShiftedWeights
{
    bool fits = false;
    int64_t largestChannelSum = 0;
};

// Channel of element i: i / (count / channels) when channels lead (Conv's M), i % channels
// when they are innermost (MatMul's N).
ShiftedWeights shiftWeights(const Tensor &W, const std::vector<int32_t> &zp, bool channelsInnermost,
                            int8_t *out)
{
    const int64_t count = W.elementCount(), channels = int64_t(zp.size());
    const int64_t perChannel = count / std::max<int64_t>(channels, 1);
    std::vector<int64_t> sums(zp.size(), 0);
    ShiftedWeights r;
    for (int64_t i = 0; i < count; ++i) {
        const size_t c = size_t(channelsInnermost ? i % channels : i / perChannel);
        const int32_t v = int8At(W, i) - zp[c];
        if (v < -128 || v > 127)
            return r;
        out[i] = int8_t(v);
        sums[c] += std::abs(v);
    }
    r.fits = true;
    r.largestChannelSum = sums.empty() ? 0 : *std::max_element(sums.begin(), sums.end());
    return r;
}

// Constant weights shifted and packed for oneDNN, once per layout a primitive asks for (in
// practice one for every input shape). The model's copy is read again only to pack for a new
// layout or to recompute a sum beyond kFloatExactLimit.
class PackedWeights
{
public:
    // Whether the weights fit int8 after shifting; decided at the first call, for good.
    bool check(const Tensor &W, const std::vector<int32_t> &zp, bool channelsInnermost)
    {
        if (!m_checked) {
            std::vector<int8_t> shifted(size_t(W.elementCount()));
            m_shift = shiftWeights(W, zp, channelsInnermost, shifted.data());
            m_checked = true;
        }
        return m_shift.fits;
    }
    int64_t largestChannelSum() const { return m_shift.largestChannelSum; }

    memory packed(const memory::desc &want, const memory::desc &plain, const Tensor &W,
                  const std::vector<int32_t> &zp, bool channelsInnermost)
    {
        for (const auto &[desc, mem] : m_packed)
            if (desc == want)
                return mem;
        std::vector<int8_t> shifted(size_t(W.elementCount()));
        shiftWeights(W, zp, channelsInnermost, shifted.data());
        memory user(plain, dnnlEngine(), shifted.data());
        memory packed(want, dnnlEngine());
        dnnl::reorder(user, packed).execute(dnnlStream(), user, packed);
        dnnlStream().wait();
        W.storage()->releaseResidentPages(); // only the packed copy is read from now on
        m_packed.emplace_back(want, packed);
        return packed;
    }

private:
    bool m_checked = false;
    ShiftedWeights m_shift;
    std::vector<std::pair<memory::desc, memory>> m_packed;
};

// Per-call weights for a node whose weights (or their zero point) are computed at run time:
// shifted into scratch and reordered there when the primitive wants another layout.
struct RuntimeWeights
{
    memory mem;
    int64_t largestChannelSum = 0;
    std::shared_ptr<Storage> shifted, packed;
};

std::optional<RuntimeWeights> runtimeWeights(KernelContext &ctx, const memory::desc &want,
                                             const memory::desc &plain, const Tensor &W,
                                             const std::vector<int32_t> &zp, bool channelsInnermost)
{
    RuntimeWeights r;
    r.shifted = ctx.scratch(size_t(W.elementCount()));
    const ShiftedWeights s =
        shiftWeights(W, zp, channelsInnermost, static_cast<int8_t *>(r.shifted->data()));
    if (!s.fits)
        return std::nullopt;
    r.largestChannelSum = s.largestChannelSum;
    memory user(plain, dnnlEngine(), r.shifted->data());
    if (want == plain) {
        r.mem = user;
        return r;
    }
    r.packed = ctx.scratch(want.get_size());
    r.mem = memory(want, dnnlEngine(), r.packed->data());
    dnnl::reorder(user, r.mem).execute(dnnlStream(), user, r.mem);
    return r;
}

// Weights (and their zero point) known when the node is compiled: packed once.
bool constantWeights(const KernelInfo &info, const IntegerOperands &ops)
{
    return info.isConstantInput(ops.w) &&
           (!info.hasInput(ops.wZeroPoint) || info.isConstantInput(ops.wZeroPoint));
}

bool constantInputZeroPoint(const KernelInfo &info, const IntegerOperands &ops)
{
    return !info.hasInput(ops.xZeroPoint) || info.isConstantInput(ops.xZeroPoint);
}

// ---------------------------------------------------------------------------------------------
// ConvInteger / QLinearConv

class IntegerConvKernel final : public Kernel
{
public:
    IntegerConvKernel(const KernelInfo &info, const IntegerOperands &ops,
                      Status (*fallback)(KernelContext &))
        : m_ops(ops), m_fallback(fallback), m_constWeights(constantWeights(info, ops)),
          m_constXZeroPoint(constantInputZeroPoint(info, ops))
    {
    }

    bool packsInput(size_t index) const override { return index == m_ops.w && m_constWeights; }

    Status compute(KernelContext &ctx) override
    {
        const Tensor *x = ctx.input(m_ops.x), *w = ctx.input(m_ops.w);
        if (!exactInt8Isa() || !isInt8(x) || !isInt8(w) || x->rank() < 3 || x->rank() > 5 ||
            w->rank() != x->rank() || (m_constWeights && m_weightsDoNotFit))
            return m_fallback(ctx);
        const Tensor &X = *x, &W = *w;
        const std::optional<int32_t> xZp = scalarZeroPoint(ctx.input(m_ops.xZeroPoint));
        auto wZp = integerZeroPoints(ctx, ctx.input(m_ops.wZeroPoint), W.dim(0), "w");
        if (!xZp || !wZp)
            return m_fallback(ctx); // reports a malformed zero point
        if (m_constWeights && !m_packed.check(W, *wZp, false)) {
            m_weightsDoNotFit = true;
            return m_fallback(ctx);
        }
        Entry *entry = entryFor(ctx, X, W);
        if (!entry)
            return m_fallback(ctx);
        Entry &e = *entry;

        std::optional<RuntimeWeights> runtime;
        int64_t channelSum = 0;
        if (m_constWeights) {
            if (!e.weights)
                e.weights = m_packed.packed(e.pd.weights_desc(), e.weightsPlain, W, *wZp, false);
            e.args[DNNL_ARG_WEIGHTS] = e.weights;
            channelSum = m_packed.largestChannelSum();
        } else {
            runtime = runtimeWeights(ctx, e.pd.weights_desc(), e.weightsPlain, W, *wZp, false);
            if (!runtime)
                return m_fallback(ctx);
            e.args[DNNL_ARG_WEIGHTS] = runtime->mem;
            channelSum = runtime->largestChannelSum;
        }

        std::optional<Requantization> rq;
        if (m_ops.qlinear) {
            auto made = requantizationOf(ctx, m_ops, W.dim(0));
            if (!made)
                return made.status();
            rq = std::move(*made);
        }
        // ConvInteger's output is the sums; QLinearConv's sums go to scratch.
        Tensor *Y = m_ops.qlinear ? nullptr : &ctx.allocateOutput(0, DataType::Int32, e.outShape);
        std::shared_ptr<Storage> accScratch, srcScratch, dstScratch;
        int32_t *acc = nullptr;
        if (Y) {
            acc = Y->mutableData<int32_t>();
        } else {
            accScratch = ctx.scratch(size_t(elementCount(e.outShape)) * sizeof(int32_t));
            acc = static_cast<int32_t *>(accScratch->data());
        }
        dnnl::stream &stream = dnnlStream();
        e.srcUserMem.set_data_handle(const_cast<void *>(X.raw()));
        if (e.reorderSrc) {
            srcScratch = ctx.scratch(e.pd.src_desc().get_size());
            e.srcMem.set_data_handle(srcScratch->data());
            e.srcReorder.execute(stream, e.srcUserMem, e.srcMem);
        }
        e.dstUserMem.set_data_handle(acc);
        if (e.reorderDst) {
            dstScratch = ctx.scratch(e.pd.dst_desc().get_size());
            e.dstMem.set_data_handle(dstScratch->data());
        }
        m_xZeroPoint = *xZp;
        e.primitive.execute(stream, e.args);
        if (e.reorderDst)
            e.dstReorder.execute(stream, e.dstMem, e.dstUserMem);
        stream.wait();

        if (channelSum * largestShiftedInput(X.dataType(), *xZp) >= kFloatExactLimit)
            recomputeLargeSums(X, W, *xZp, *wZp, e, acc);
        if (!rq)
            return Status::ok();
        const int64_t N = e.outShape[0], M = e.outShape[1];
        Tensor &out = ctx.allocateOutput(0, rq->type, e.outShape);
        return requantize(ctx, *rq, acc, N, M, N * M != 0 ? elementCount(e.outShape) / (N * M) : 0,
                          out);
    }

private:
    struct Entry
    {
        bool usable = false; // false: oneDNN declined this shape, the plain loop runs it
        Shape outShape;
        ConvGeometry geometry;
        dnnl::convolution_forward::primitive_desc pd;
        dnnl::convolution_forward primitive;
        memory::desc weightsPlain;
        memory weights; // the packed constant weights
        memory srcUserMem, srcMem, dstUserMem, dstMem, zeroPointMem;
        dnnl::reorder srcReorder, dstReorder;
        bool reorderSrc = false, reorderDst = false;
        std::unordered_map<int, memory> args;
    };

    Entry *entryFor(const KernelContext &ctx, const Tensor &X, const Tensor &W)
    {
        const Key key{X.shape(), X.dataType(), W.shape()};
        if (m_last && m_lastKey == key)
            return m_last->usable ? m_last : nullptr;
        auto it = m_cache.find(key);
        if (it == m_cache.end())
            it = m_cache.emplace(key, makeEntry(ctx, X, W)).first;
        m_last = &it->second;
        m_lastKey = key;
        return m_last->usable ? m_last : nullptr;
    }

    Entry makeEntry(const KernelContext &ctx, const Tensor &X, const Tensor &W)
    {
        Entry e;
        const int spatial = X.rank() - 2;
        const int64_t group = ctx.node().intAttribute("group", 1);
        const int64_t C = X.dim(1), M = W.dim(0);
        if (group <= 0 || C % group || M % group || W.dim(1) * group != C)
            return e; // the plain loop reports it
        const std::vector<int64_t> in(X.shape().begin() + 2, X.shape().end());
        const std::vector<int64_t> k(W.shape().begin() + 2, W.shape().end());
        auto geometry = resolveConvGeometry(ctx.node(), in, k);
        if (!geometry)
            return e;
        e.geometry = *geometry;
        e.outShape = {X.dim(0), M};
        e.outShape.insert(e.outShape.end(), geometry->output.begin(), geometry->output.end());
        for (int64_t d : e.outShape)
            if (d <= 0)
                return e;

        using tag = memory::format_tag;
        const tag plainTag = spatial == 1 ? tag::ncw : spatial == 2 ? tag::nchw : tag::ncdhw;
        memory::dims wDims = toDims(W.shape());
        tag wTag = spatial == 1 ? tag::oiw : spatial == 2 ? tag::oihw : tag::oidhw;
        if (group > 1) {
            wDims.insert(wDims.begin(), group);
            wDims[1] /= group;
            wTag = spatial == 1 ? tag::goiw : spatial == 2 ? tag::goihw : tag::goidhw;
        }
        const auto srcType = dnnlType(X.dataType()), s8 = memory::data_type::s8,
                   s32 = memory::data_type::s32;
        const memory::desc srcUser(toDims(X.shape()), srcType, plainTag);
        const memory::desc dstUser(toDims(e.outShape), s32, plainTag);
        e.weightsPlain = memory::desc(wDims, s8, wTag);
        memory::dims dilations;
        for (int64_t d : geometry->dilations)
            dilations.push_back(d - 1); // oneDNN counts the gaps, ONNX the step
        // The x zero point is oneDNN's source zero point, set at run time unless it is a
        // constant 0. oneDNN takes padding as holding the zero point, as ONNX does.
        const bool zeroPoint =
            ctx.hasInput(m_ops.xZeroPoint) &&
            !(m_constXZeroPoint && scalarZeroPoint(ctx.input(m_ops.xZeroPoint)) == 0);
        try {
            dnnl::primitive_attr attr;
            if (zeroPoint)
                attr.set_zero_points(DNNL_ARG_SRC, 0, {DNNL_RUNTIME_S32_VAL});
            const dnnl::convolution_forward::desc desc(
                dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                memory::desc(toDims(X.shape()), srcType, tag::any),
                memory::desc(wDims, s8, tag::any), memory::desc(toDims(e.outShape), s32, tag::any),
                toDims(geometry->strides), dilations, toDims(geometry->padBegin),
                toDims(geometry->padEnd));
            e.pd = dnnl::convolution_forward::primitive_desc(desc, attr, dnnlEngine());
            e.primitive = dnnl::convolution_forward(e.pd);
            dnnl::engine &engine = dnnlEngine();
            e.reorderSrc = e.pd.src_desc() != srcUser;
            e.reorderDst = e.pd.dst_desc() != dstUser;
            e.srcUserMem = memory(srcUser, engine, DNNL_MEMORY_NONE);
            e.dstUserMem = memory(dstUser, engine, DNNL_MEMORY_NONE);
            e.srcMem =
                e.reorderSrc ? memory(e.pd.src_desc(), engine, DNNL_MEMORY_NONE) : e.srcUserMem;
            e.dstMem =
                e.reorderDst ? memory(e.pd.dst_desc(), engine, DNNL_MEMORY_NONE) : e.dstUserMem;
            if (e.reorderSrc)
                e.srcReorder = dnnl::reorder(e.srcUserMem, e.srcMem);
            if (e.reorderDst)
                e.dstReorder = dnnl::reorder(e.dstMem, e.dstUserMem);
            e.args = {{DNNL_ARG_SRC, e.srcMem}, {DNNL_ARG_DST, e.dstMem}};
            if (zeroPoint) {
                e.zeroPointMem = memory({{1}, s32, tag::x}, engine, &m_xZeroPoint);
                e.args.emplace(DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC, e.zeroPointMem);
            }
        } catch (const dnnl::error &) {
            return e; // a shape or type oneDNN has no int8 convolution for
        }
        e.usable = true;
        return e;
    }

    // Sums of kFloatExactLimit or more in magnitude, computed again exactly.
    static void recomputeLargeSums(const Tensor &X, const Tensor &W, int32_t xZp,
                                   const std::vector<int32_t> &wZp, const Entry &e, int32_t *acc)
    {
        const ConvGeometry &g = e.geometry;
        const size_t spatial = g.output.size();
        const int64_t C = X.dim(1), M = W.dim(0), Cg = W.dim(1), Mg = M / (C / Cg);
        int64_t outSize = 1, inSize = 1, kSize = 1;
        for (size_t s = 0; s < spatial; ++s) {
            outSize *= g.output[s];
            inSize *= X.dim(int(s) + 2);
            kSize *= W.dim(int(s) + 2);
        }
        const int64_t total = elementCount(e.outShape);
        parallelFor(total, 4096, [&](int64_t begin, int64_t end) {
            std::vector<int64_t> opos(spatial), kpos(spatial);
            for (int64_t i = begin; i < end; ++i) {
                if (std::abs(int64_t(acc[i])) < kFloatExactLimit)
                    continue;
                const int64_t nm = i / outSize, n = nm / M, m = nm % M, grp = m / Mg;
                int64_t rem = i % outSize;
                for (size_t s = spatial; s-- > 0;) {
                    opos[s] = rem % g.output[s];
                    rem /= g.output[s];
                }
                int32_t sum = 0;
                for (int64_t kk = 0; kk < kSize; ++kk) {
                    int64_t kr = kk, offset = 0, stride = 1;
                    bool inside = true;
                    for (size_t s = spatial; s-- > 0;) {
                        const int64_t extent = X.dim(int(s) + 2);
                        kpos[s] = kr % W.dim(int(s) + 2);
                        kr /= W.dim(int(s) + 2);
                        const int64_t p =
                            opos[s] * g.strides[s] - g.padBegin[s] + kpos[s] * g.dilations[s];
                        inside = inside && p >= 0 && p < extent;
                        offset += p * stride;
                        stride *= extent;
                    }
                    if (!inside)
                        continue; // padding holds the zero point
                    for (int64_t c = 0; c < Cg; ++c)
                        sum += (int8At(X, (n * C + grp * Cg + c) * inSize + offset) - xZp) *
                               (int8At(W, (m * Cg + c) * kSize + kk) - wZp[size_t(m)]);
                }
                acc[i] = sum;
            }
        });
    }

    IntegerOperands m_ops;
    Status (*m_fallback)(KernelContext &);
    bool m_constWeights;
    bool m_constXZeroPoint;
    bool m_weightsDoNotFit = false; // constant weights that leave int8 once shifted
    PackedWeights m_packed;
    int32_t m_xZeroPoint = 0; // read by the primitives' zero-point memory at execution

    using Key = std::tuple<Shape, DataType, Shape>; // input shape and type, weight shape
    std::map<Key, Entry> m_cache;
    Entry *m_last = nullptr;
    Key m_lastKey;
};

// ---------------------------------------------------------------------------------------------
// MatMulInteger / QLinearMatMul

// A [..., K] · B [K, N] with A's leading dimensions folded into rows, one primitive per row
// count; B is 2-D (weights) in every quantised model we know of.
class IntegerMatMulKernel final : public Kernel
{
public:
    IntegerMatMulKernel(const KernelInfo &info, const IntegerOperands &ops,
                        Status (*fallback)(KernelContext &))
        : m_ops(ops), m_fallback(fallback), m_constB(constantWeights(info, ops)),
          m_constAZeroPoint(constantInputZeroPoint(info, ops))
    {
    }

    bool packsInput(size_t index) const override { return index == m_ops.w && m_constB; }

    Status compute(KernelContext &ctx) override
    {
        const Tensor *a = ctx.input(m_ops.x), *b = ctx.input(m_ops.w);
        if (!exactInt8Isa() || !isInt8(a) || !isInt8(b) || a->rank() < 1 || b->rank() != 2 ||
            (m_constB && m_weightsDoNotFit))
            return m_fallback(ctx);
        const Tensor &A = *a, &B = *b;
        const int64_t K = A.shape().back(), N = B.dim(1);
        const int64_t rows = K ? A.elementCount() / K : 0;
        if (B.dim(0) != K || K == 0 || N == 0 || rows == 0)
            return m_fallback(ctx);
        // A per-row A zero point has no oneDNN form; the plain loop takes it.
        const std::optional<int32_t> aZp = scalarZeroPoint(ctx.input(m_ops.xZeroPoint));
        auto bZp = integerZeroPoints(ctx, ctx.input(m_ops.wZeroPoint), N, "B");
        if (!aZp || !bZp)
            return m_fallback(ctx);
        if (m_constB && !m_packed.check(B, *bZp, true)) {
            m_weightsDoNotFit = true;
            return m_fallback(ctx);
        }
        Entry *entry = entryFor(ctx, A, rows, K, N);
        if (!entry)
            return m_fallback(ctx);
        Entry &e = *entry;

        const memory::desc bPlain({K, N}, memory::data_type::s8, memory::format_tag::ab);
        std::optional<RuntimeWeights> runtime;
        int64_t channelSum = 0;
        if (m_constB) {
            if (!e.weights)
                e.weights = m_packed.packed(e.pd.weights_desc(), bPlain, B, *bZp, true);
            e.args[DNNL_ARG_WEIGHTS] = e.weights;
            channelSum = m_packed.largestChannelSum();
        } else {
            runtime = runtimeWeights(ctx, e.pd.weights_desc(), bPlain, B, *bZp, true);
            if (!runtime)
                return m_fallback(ctx);
            e.args[DNNL_ARG_WEIGHTS] = runtime->mem;
            channelSum = runtime->largestChannelSum;
        }

        std::optional<Requantization> rq;
        if (m_ops.qlinear) {
            auto made = requantizationOf(ctx, m_ops, N);
            if (!made)
                return made.status();
            rq = std::move(*made);
        }
        Shape outShape(A.shape().begin(), A.shape().end() - 1);
        outShape.push_back(N);
        Tensor *Y = m_ops.qlinear ? nullptr : &ctx.allocateOutput(0, DataType::Int32, outShape);
        std::shared_ptr<Storage> accScratch;
        int32_t *acc = nullptr;
        if (Y) {
            acc = Y->mutableData<int32_t>();
        } else {
            accScratch = ctx.scratch(size_t(rows * N) * sizeof(int32_t));
            acc = static_cast<int32_t *>(accScratch->data());
        }
        e.src.set_data_handle(const_cast<void *>(A.raw()));
        e.dst.set_data_handle(acc);
        m_aZeroPoint = *aZp;
        e.primitive.execute(dnnlStream(), e.args);
        dnnlStream().wait();

        if (channelSum * largestShiftedInput(A.dataType(), *aZp) >= kFloatExactLimit)
            recomputeLargeSums(A, B, *aZp, *bZp, rows, K, N, acc);
        if (!rq)
            return Status::ok();
        Tensor &out = ctx.allocateOutput(0, rq->type, outShape);
        return requantize(ctx, *rq, acc, rows, N, 1, out);
    }

private:
    struct Entry
    {
        bool usable = false;
        dnnl::matmul::primitive_desc pd;
        dnnl::matmul primitive;
        memory src, dst, weights, zeroPointMem;
        std::unordered_map<int, memory> args;
    };

    Entry *entryFor(const KernelContext &ctx, const Tensor &A, int64_t rows, int64_t K, int64_t N)
    {
        const Key key{rows, K, N, A.dataType()};
        if (m_last && m_lastKey == key)
            return m_last->usable ? m_last : nullptr;
        auto it = m_cache.find(key);
        if (it == m_cache.end())
            it = m_cache.emplace(key, makeEntry(ctx, A.dataType(), rows, K, N)).first;
        m_last = &it->second;
        m_lastKey = key;
        return m_last->usable ? m_last : nullptr;
    }

    Entry makeEntry(const KernelContext &ctx, DataType aType, int64_t rows, int64_t K, int64_t N)
    {
        Entry e;
        using tag = memory::format_tag;
        const memory::desc srcMd({rows, K}, dnnlType(aType), tag::ab);
        const memory::desc dstMd({rows, N}, memory::data_type::s32, tag::ab);
        // Constant B is packed once in the layout oneDNN asks for; B computed at run time is
        // read as it is.
        const memory::desc wMd({K, N}, memory::data_type::s8, m_constB ? tag::any : tag::ab);
        const bool zeroPoint =
            ctx.hasInput(m_ops.xZeroPoint) &&
            !(m_constAZeroPoint && scalarZeroPoint(ctx.input(m_ops.xZeroPoint)) == 0);
        try {
            dnnl::primitive_attr attr;
            if (zeroPoint)
                attr.set_zero_points(DNNL_ARG_SRC, 0, {DNNL_RUNTIME_S32_VAL});
            e.pd = dnnl::matmul::primitive_desc(dnnl::matmul::desc(srcMd, wMd, dstMd), attr,
                                                dnnlEngine());
            e.primitive = dnnl::matmul(e.pd);
            e.src = memory(srcMd, dnnlEngine(), DNNL_MEMORY_NONE);
            e.dst = memory(dstMd, dnnlEngine(), DNNL_MEMORY_NONE);
            e.args = {{DNNL_ARG_SRC, e.src}, {DNNL_ARG_DST, e.dst}};
            if (zeroPoint) {
                e.zeroPointMem =
                    memory({{1}, memory::data_type::s32, tag::x}, dnnlEngine(), &m_aZeroPoint);
                e.args.emplace(DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC, e.zeroPointMem);
            }
        } catch (const dnnl::error &) {
            return e;
        }
        e.usable = true;
        return e;
    }

    static void recomputeLargeSums(const Tensor &A, const Tensor &B, int32_t aZp,
                                   const std::vector<int32_t> &bZp, int64_t rows, int64_t K,
                                   int64_t N, int32_t *acc)
    {
        parallelFor(rows, 16, [&](int64_t begin, int64_t end) {
            for (int64_t r = begin; r < end; ++r)
                for (int64_t n = 0; n < N; ++n) {
                    int32_t &y = acc[r * N + n];
                    if (std::abs(int64_t(y)) < kFloatExactLimit)
                        continue;
                    int32_t sum = 0;
                    for (int64_t k = 0; k < K; ++k)
                        sum +=
                            (int8At(A, r * K + k) - aZp) * (int8At(B, k * N + n) - bZp[size_t(n)]);
                    y = sum;
                }
        });
    }

    IntegerOperands m_ops;
    Status (*m_fallback)(KernelContext &);
    bool m_constB;
    bool m_constAZeroPoint;
    bool m_weightsDoNotFit = false;
    PackedWeights m_packed;
    int32_t m_aZeroPoint = 0;

    using Key = std::tuple<int64_t, int64_t, int64_t,
                           DataType>; // rows (A's leading dimensions folded), K, N, A's type
    std::map<Key, Entry> m_cache;
    Entry *m_last = nullptr;
    Key m_lastKey;
};

} // namespace

KernelFactory dnnlIntegerConvKernel(const IntegerOperands &ops, Status (*fallback)(KernelContext &))
{
    return [ops, fallback](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        return std::unique_ptr<Kernel>(std::make_unique<IntegerConvKernel>(info, ops, fallback));
    };
}

KernelFactory dnnlIntegerMatMulKernel(const IntegerOperands &ops,
                                      Status (*fallback)(KernelContext &))
{
    return [ops, fallback](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        return std::unique_ptr<Kernel>(std::make_unique<IntegerMatMulKernel>(info, ops, fallback));
    };
}

} // namespace silica::runtime
