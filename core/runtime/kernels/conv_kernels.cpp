// Conv on oneDNN (primitives and reordered weights cached per input shape; weights are never
// reordered per call when they are constant), ConvTranspose as GEMM + col2im.

#include "core/runtime/kernels/conv_geometry.h"
#include "core/runtime/kernels/dnnl_support.h"
#include "core/runtime/kernels/float_math.h"
#include "core/runtime/kernels/kernel_util.h"
#include "core/runtime/layout.h"
#include "core/runtime/plan_fusion.h"

#include <cmath>
#include <cstring>
#include <map>
#include <tuple>

namespace silica::runtime {

namespace {

using dnnl::memory;

// x · sigmoid(alpha · x) = x / (1 + e^(−alpha·x)) over 16 floats, AVX-512: e^t as 2^n · p(r)
// with float_math.h's range reduction and polynomial, the division as a reciprocal estimate
// refined by one Newton step (relative error ~1e-7, below float32's rounding of the rest).
__attribute__((target("avx512f"))) void swishAvx512(float *data, int64_t count, float alpha)
{
    using namespace floatmath;
    const __m512 va = _mm512_set1_ps(-alpha);
    const __m512 lo = _mm512_set1_ps(kMinLog), hi = _mm512_set1_ps(kMaxCoreArg);
    const __m512 one = _mm512_set1_ps(1.0f), two = _mm512_set1_ps(2.0f);
    const __m512 log2e = _mm512_set1_ps(1.44269504088896341f);
    const __m512 ln2hi = _mm512_set1_ps(0.693359375f), ln2lo = _mm512_set1_ps(-2.12194440e-4f);
    const float coeffs[] = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
                            4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};
    int64_t i = 0;
    for (; i + 16 <= count; i += 16) {
        const __m512 x = _mm512_loadu_ps(data + i);
        const __m512 t = _mm512_min_ps(hi, _mm512_max_ps(lo, _mm512_mul_ps(va, x)));
        const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(t, log2e), _MM_FROUND_TO_NEAREST_INT);
        const __m512 r = _mm512_fnmadd_ps(n, ln2lo, _mm512_fnmadd_ps(n, ln2hi, t));
        __m512 p = _mm512_set1_ps(coeffs[0]);
        for (int c = 1; c < 6; ++c)
            p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(coeffs[c]));
        p = _mm512_fmadd_ps(_mm512_mul_ps(p, r), r, _mm512_add_ps(r, one));
        const __m512 e = _mm512_scalef_ps(p, n); // p · 2^n
        const __m512 d = _mm512_add_ps(one, e);
        __m512 inv = _mm512_rcp14_ps(d);
        inv = _mm512_mul_ps(inv, _mm512_fnmadd_ps(d, inv, two)); // Newton: inv·(2 − d·inv)
        _mm512_storeu_ps(data + i, _mm512_mul_ps(x, inv));
    }
    for (; i < count; ++i)
        data[i] *= fastSigmoid(alpha * data[i]);
}

// x · sigmoid(alpha · x) in place; NaN stays NaN (the clamp passes it through: max_ps returns
// its second operand when either is NaN).
void swishInPlace(float *data, int64_t count, float alpha)
{
    static const bool avx512 = __builtin_cpu_supports("avx512f");
    parallelFor(count, 1 << 14, [&](int64_t begin, int64_t end) {
        if (avx512) {
            swishAvx512(data + begin, end - begin, alpha);
        } else {
            for (int64_t i = begin; i < end; ++i)
                data[i] *= fastSigmoid(alpha * data[i]);
        }
    });
}

class ConvKernel final : public Kernel
{
public:
    explicit ConvKernel(const KernelInfo &info)
        : m_constWeights(info.isConstantInput(1)),
          m_hasSum(info.node.intAttribute("silica.fused_sum", 0) != 0),
          m_ownSwish(info.node.stringAttribute(kFusedActivation, "") == "Swish"),
          m_swishAlpha(info.node.floatAttribute(kFusedAlpha, 1.0f))
    {
        // A folded BatchNormalization (planner-checked: constant weights, bias and BN
        // parameters): y = k·(W∗x + B − mean) + beta with k = scale / √(var + ε) per output
        // channel, i.e. weights k·W and bias k·(B − mean) + beta.
        const Tensor *scale = info.constantInput(kConvBnScale);
        if (!scale || !m_constWeights)
            return;
        const Tensor *beta = info.constantInput(kConvBnScale + 1);
        const Tensor *mean = info.constantInput(kConvBnScale + 2);
        const Tensor *var = info.constantInput(kConvBnScale + 3);
        const Tensor *bias = info.constantInput(2);
        const float eps = info.node.floatAttribute(kFusedBnEpsilon, 1e-5f);
        const int64_t channels = scale->elementCount();
        m_foldScale.resize(size_t(channels));
        m_foldedBias.resize(size_t(channels));
        for (int64_t c = 0; c < channels; ++c) {
            const float k = scale->data<float>()[c] / std::sqrt(var->data<float>()[c] + eps);
            const float b = bias ? bias->data<float>()[c] : 0.0f;
            m_foldScale[size_t(c)] = k;
            m_foldedBias[size_t(c)] = (b - mean->data<float>()[c]) * k + beta->data<float>()[c];
        }
    }

    Status compute(KernelContext &ctx) override
    {
        auto x = ctx.requiredInput(0);
        auto w = ctx.requiredInput(1);
        if (!x || !w)
            return !x ? x.status() : w.status();
        const Tensor &X = **x, &W = **w;
        const Tensor *B = ctx.input(2);
        if (X.dataType() != DataType::Float || W.dataType() != DataType::Float ||
            (B && B->dataType() != DataType::Float))
            return ctx.error("only float32 convolution is supported (got " + X.describe() +
                                 " and weights " + W.describe() + ")",
                             ErrorCode::Unsupported);
        if (X.rank() < 3 || X.rank() > 5 || W.rank() != X.rank())
            return ctx.error("input " + X.describe() + " and weights " + W.describe() +
                             " must both have rank 3, 4 or 5");
        const int64_t group = ctx.node().intAttribute("group", 1);
        const int64_t C = X.dim(1), M = W.dim(0);
        if (group <= 0 || C % group != 0 || M % group != 0 || W.dim(1) * group != C)
            return ctx.error("input channels " + std::to_string(C) + ", weights " + W.describe() +
                             " and group " + std::to_string(group) + " do not fit together");
        if (B && (B->rank() != 1 || B->dim(0) != M))
            return ctx.error("bias " + B->describe() + " must have " + std::to_string(M) + " elements");
        if (!m_foldScale.empty() && int64_t(m_foldScale.size()) != M)
            return ctx.error("the folded BatchNormalization has " + std::to_string(m_foldScale.size()) +
                                 " channels for " + std::to_string(M) + " outputs",
                             ErrorCode::Internal);

        // A fused residual whose shape differs from the output (a broadcasting Add) cannot be
        // oneDNN's sum accumulator: run the plain convolution and add afterwards.
        const Tensor *addend = m_hasSum ? ctx.input(3) : nullptr;
        if (m_hasSum && !addend)
            return ctx.error("the fused residual input is missing", ErrorCode::Internal);
        Entry *entry = nullptr;
        bool postOps = true;
        for (int attempt = 0; attempt < 2 && !entry; ++attempt) {
            entry = findEntry(X, postOps);
            if (!entry) {
                auto made = makeEntry(ctx, X, W, group, postOps);
                if (!made)
                    return made.status();
                // Inputs whose shape changes every run (dynamic sizes) would grow the cache
                // without bound: past a few dozen shapes, start over.
                if (m_cache.size() >= kMaxCachedShapes) {
                    m_cache.clear();
                    m_last = nullptr;
                }
                entry = &m_cache.emplace(Key{X.shape(), X.layout(), postOps}, std::move(*made))
                             .first->second;
            }
            m_last = entry;
            if (postOps && addend && (addend->shape() != entry->outShape ||
                                      addend->dataType() != DataType::Float)) {
                entry = nullptr;
                postOps = false;
            }
        }

        const bool sumInPlace = m_hasSum && postOps;
        // The residual is oneDNN's accumulator: write into its storage when it dies here,
        // otherwise into a copy.
        const bool overwrite = sumInPlace && addend->layout() == entry->outLayout &&
                               ctx.mayOverwriteInput(kConvResidual);
        Tensor &Y = overwrite ? ctx.setOutput(0, *addend)
                    : entry->outLayout != Layout::Plain
                        ? ctx.allocateOutputInLayout(0, entry->outShape, entry->outLayout)
                        : ctx.allocateOutput(0, DataType::Float, entry->outShape);
        if (sumInPlace && !overwrite)
            copyInto(ctx, *addend, Y);
        // Memory objects, reorders and argument lists live in the entry; a run only points them
        // at this run's buffers.
        dnnl::stream &stream = dnnlStream();
        Entry &e = *entry;
        e.srcUserMem.set_data_handle(const_cast<void *>(X.raw()));
        e.dstUserMem.set_data_handle(Y.mutableRaw());
        std::shared_ptr<Storage> srcScratch, dstScratch, wScratch;
        if (e.srcReorder) {
            srcScratch = ctx.scratch(e.pd.src_desc().get_size());
            e.srcMem.set_data_handle(srcScratch->data());
            e.srcReorderPrim.execute(stream, e.srcUserMem, e.srcMem);
        }
        if (e.dstReorder) {
            dstScratch = ctx.scratch(e.pd.dst_desc().get_size());
            e.dstMem.set_data_handle(dstScratch->data());
            if (sumInPlace)
                e.dstInReorderPrim.execute(stream, e.dstUserMem, e.dstMem);
        }
        if (!m_constWeights) {
            memory wUser(e.weightsPlain, dnnlEngine(), const_cast<void *>(W.raw()));
            wScratch = ctx.scratch(e.pd.weights_desc().get_size());
            e.weights.set_data_handle(wScratch->data());
            dnnl::reorder(wUser, e.weights).execute(stream, wUser, e.weights);
        }
        if (e.hasBias)
            e.biasMem.set_data_handle(!m_foldedBias.empty() ? m_foldedBias.data()
                                                             : const_cast<void *>(B->raw()));
        e.primitive.execute(stream, e.args);
        if (e.dstReorder)
            e.dstOutReorderPrim.execute(stream, e.dstMem, e.dstUserMem);
        stream.wait();
        if (!postOps)
            return addAfterwards(ctx, Y, plainOf(ctx, *addend));
        if (m_ownSwish) // over the whole storage: swish(0) = 0 keeps channel padding zero
            swishInPlace(Y.mutableData<float>(), int64_t(Y.byteSize() / sizeof(float)), m_swishAlpha);
        return Status::ok();
    }

    bool acceptsBlocked(size_t index) const override { return index == 0 || index == 3; }
    bool packsInput(size_t index) const override { return index == 1 && m_constWeights; }

private:
    // The residual into the output's storage, converting between layouts as needed.
    static void copyInto(KernelContext &ctx, const Tensor &from, Tensor &to)
    {
        if (from.layout() == to.layout()) {
            std::memcpy(to.mutableRaw(), from.raw(), to.byteSize());
        } else if (from.isPlain()) {
            fromPlain(from.data<float>(), to);
        } else if (to.isPlain()) {
            toPlain(from, to.mutableData<float>());
        } else {
            fromPlain(plainOf(ctx, from).data<float>(), to);
        }
    }

    Status addAfterwards(KernelContext &ctx, Tensor &Y, const Tensor &addend)
    {
        if (addend.dataType() != DataType::Float)
            return ctx.error("the residual input " + addend.describe() + " is not float32");
        auto shape = broadcastShapes({&Y.shape(), &addend.shape()});
        if (!shape || *shape != Y.shape())
            return ctx.error("the residual input " + addend.describe() +
                             " does not broadcast to the convolution output " + Y.describe());
        float *y = Y.mutableData<float>();
        const float *a = addend.data<float>();
        forEachBroadcast2(Y.shape(), Y.shape(), addend.shape(),
                          [&](int64_t o, int64_t, int64_t ai) { y[o] += a[ai]; });
        applyFusedActivation(ctx.node(), y, Y.elementCount());
        return Status::ok();
    }

    struct Entry
    {
        dnnl::convolution_forward::primitive_desc pd;
        dnnl::convolution_forward primitive;
        memory::desc srcUser, dstUser, weightsPlain; // the tensors' own layouts
        memory weights; // reordered once when the weights are constant
        memory srcUserMem, dstUserMem, srcMem, dstMem, biasMem;
        dnnl::reorder srcReorderPrim, dstInReorderPrim, dstOutReorderPrim;
        std::unordered_map<int, memory> args;
        bool hasBias = false;
        bool srcReorder = false, dstReorder = false;
        Layout outLayout = Layout::Plain; // kept as oneDNN wrote it (see Layout)
        Shape inShape;
        Layout inLayout = Layout::Plain;
        bool postOps = true;
        Shape outShape;
    };

    Expected<Entry> makeEntry(const KernelContext &ctx, const Tensor &X, const Tensor &W,
                              int64_t group, bool withPostOps)
    {
        const int spatial = X.rank() - 2;
        std::vector<int64_t> in(X.shape().begin() + 2, X.shape().end());
        std::vector<int64_t> k(W.shape().begin() + 2, W.shape().end());
        const std::vector<int64_t> kernelAttr = ctx.node().intsAttribute("kernel_shape");
        if (!kernelAttr.empty() && kernelAttr != k)
            return ctx.error("kernel_shape " + shapeString(kernelAttr) +
                             " does not match the weights " + W.describe());
        auto geometry = resolveConvGeometry(ctx.node(), in, k);
        if (!geometry)
            return geometry.status();
        const ConvGeometry &g = *geometry;
        Entry e;
        e.inShape = X.shape();
        e.inLayout = X.layout();
        e.postOps = withPostOps;
        e.outShape = {X.dim(0), W.dim(0)};
        e.outShape.insert(e.outShape.end(), g.output.begin(), g.output.end());
        for (int64_t d : e.outShape)
            if (d <= 0)
                return ctx.error("the output would be empty: " + shapeString(e.outShape));

        const auto f32 = memory::data_type::f32;
        const auto plainTag = spatial == 1 ? memory::format_tag::ncw
                              : spatial == 2 ? memory::format_tag::nchw
                                             : memory::format_tag::ncdhw;
        memory::dims wDims = toDims(W.shape());
        memory::format_tag wTag = spatial == 1 ? memory::format_tag::oiw
                                  : spatial == 2 ? memory::format_tag::oihw
                                                 : memory::format_tag::oidhw;
        if (group > 1) {
            wDims.insert(wDims.begin(), group);
            wDims[1] /= group;
            wTag = spatial == 1 ? memory::format_tag::goiw
                   : spatial == 2 ? memory::format_tag::goihw
                                  : memory::format_tag::goidhw;
        }
        e.srcUser = memory::desc(toDims(X.shape()), f32,
                                 spatial == 2 ? dnnlTag(X.layout()) : plainTag);
        e.dstUser = memory::desc(toDims(e.outShape), f32, plainTag);
        e.weightsPlain = memory::desc(wDims, f32, wTag);
        // Activation layout: nChw16c on AVX-512 (see preferChannelBlocks16) for output planes
        // of at least 28×28; on smaller planes (deep layers) oneDNN's own choice, channels-last,
        // runs 3×3 layers 15–25% faster (its brgconv kernel) and 1×1 layers about as fast
        // (ResNet-50, EfficientNet-B0 and MobileNetV2 all measured faster with this split than
        // with either layout throughout). Elsewhere oneDNN picks; the input is reordered when
        // it differs (the first layer's 3-channel image stays as it is).
        const bool blocks16 =
            spatial == 2 && preferChannelBlocks16() && g.output[0] * g.output[1] >= 28 * 28;
        const auto srcTag = blocks16 && (X.layout() == Layout::Blocked16 || X.dim(1) % 16 == 0)
                                ? memory::format_tag::nChw16c
                                : memory::format_tag::any;
        memory::desc srcAny(toDims(X.shape()), f32, srcTag);
        memory::desc dstAny(toDims(e.outShape), f32,
                            blocks16 ? memory::format_tag::nChw16c : memory::format_tag::any);
        const memory::desc wAny(wDims, f32, memory::format_tag::any);
        const memory::desc biasMd({W.dim(0)}, f32, memory::format_tag::x);
        memory::dims dil;
        for (int64_t d : g.dilations)
            dil.push_back(d - 1); // oneDNN counts the gaps, ONNX the step
        const bool hasBias = ctx.hasInput(2) || !m_foldedBias.empty();
        dnnl::post_ops ops;
        if (withPostOps && !fusedPostOps(ctx.node(), m_hasSum, ops, !m_ownSwish))
            return ctx.error("fused activation is not supported by oneDNN", ErrorCode::Internal);
        dnnl::primitive_attr attr;
        attr.set_post_ops(ops);
        auto primitiveDesc = [&](dnnl::algorithm algorithm) {
            auto desc = hasBias
                            ? dnnl::convolution_forward::desc(
                                  dnnl::prop_kind::forward_inference, algorithm, srcAny, wAny,
                                  biasMd, dstAny, toDims(g.strides), dil, toDims(g.padBegin),
                                  toDims(g.padEnd))
                            : dnnl::convolution_forward::desc(
                                  dnnl::prop_kind::forward_inference, algorithm, srcAny, wAny,
                                  dstAny, toDims(g.strides), dil, toDims(g.padBegin),
                                  toDims(g.padEnd));
            return dnnl::convolution_forward::primitive_desc(desc, attr, dnnlEngine());
        };
        // Winograd for 3×3 stride-1 layers with whole channel blocks, where oneDNN has it
        // (AVX-512), so only on the nChw16c planes of at least 28×28. There it takes ~40% off the
        // layer (ResNet-50's first two stages, measured); its transformed weights are up to 4×
        // the size of the originals, which on the deep layers, where most of a network's
        // weights sit and the gain is smaller, would more than double the model's memory.
        // Its float32 rounding differs from direct convolution by ~1e-6 relative. Anything it
        // declines runs direct.
        const bool winograd = blocks16 && group == 1 && k == std::vector<int64_t>{3, 3} &&
                              g.strides == std::vector<int64_t>{1, 1} &&
                              g.dilations == std::vector<int64_t>{1, 1} && X.dim(1) % 16 == 0 &&
                              W.dim(0) % 16 == 0;
        try {
            bool built = false;
            if (winograd) {
                try {
                    e.pd = primitiveDesc(dnnl::algorithm::convolution_winograd);
                    built = true;
                } catch (const dnnl::error &) {
                }
            }
            if (!built)
                e.pd = primitiveDesc(dnnl::algorithm::convolution_direct);
            // Some shapes (odd group widths) have no optimised nChw16c kernel: when oneDNN
            // would fall back to its reference code, let it choose the layouts instead.
            if (blocks16 && std::string(e.pd.impl_info_str()).rfind("ref", 0) == 0) {
                srcAny = memory::desc(toDims(X.shape()), f32, memory::format_tag::any);
                dstAny = memory::desc(toDims(e.outShape), f32, memory::format_tag::any);
                e.pd = primitiveDesc(dnnl::algorithm::convolution_direct);
            }
            e.primitive = dnnl::convolution_forward(e.pd);
            // Keep oneDNN's output layout (the next convolution wants it so); the fallback
            // path without post-ops adds in plain layout.
            Layout chosen;
            if (spatial == 2 && withPostOps && layoutOf(e.pd.dst_desc(), e.outShape, chosen)) {
                e.outLayout = chosen;
                e.dstUser = e.pd.dst_desc();
            }
            e.srcReorder = e.pd.src_desc() != e.srcUser;
            e.dstReorder = e.pd.dst_desc() != e.dstUser;
            dnnl::engine &engine = dnnlEngine();
            e.srcUserMem = memory(e.srcUser, engine, DNNL_MEMORY_NONE);
            e.dstUserMem = memory(e.dstUser, engine, DNNL_MEMORY_NONE);
            e.srcMem = e.srcReorder ? memory(e.pd.src_desc(), engine, DNNL_MEMORY_NONE) : e.srcUserMem;
            e.dstMem = e.dstReorder ? memory(e.pd.dst_desc(), engine, DNNL_MEMORY_NONE) : e.dstUserMem;
            if (e.srcReorder)
                e.srcReorderPrim = dnnl::reorder(e.srcUserMem, e.srcMem);
            if (e.dstReorder) {
                e.dstInReorderPrim = dnnl::reorder(e.dstUserMem, e.dstMem);
                e.dstOutReorderPrim = dnnl::reorder(e.dstMem, e.dstUserMem);
            }
            if (!m_constWeights)
                e.weights = memory(e.pd.weights_desc(), engine, DNNL_MEMORY_NONE);
            e.hasBias = hasBias;
            if (hasBias)
                e.biasMem = memory(e.pd.bias_desc(), engine, DNNL_MEMORY_NONE);
            if (m_constWeights) {
                // Pack once. The model's copy is then no longer read: if it is a view of a
                // file mapping, the system may drop it from memory.
                e.weights = memory(e.pd.weights_desc(), dnnlEngine());
                packWeights(W, e, group);
                W.storage()->releaseResidentPages();
            }
        } catch (const dnnl::error &err) {
            return ctx.error(std::string("oneDNN cannot build this convolution: ") + err.what(),
                             ErrorCode::Unsupported);
        }
        e.args = {{DNNL_ARG_SRC, e.srcMem}, {DNNL_ARG_WEIGHTS, e.weights}, {DNNL_ARG_DST, e.dstMem}};
        if (e.hasBias)
            e.args.emplace(DNNL_ARG_BIAS, e.biasMem);
        return e;
    }

    bool m_constWeights; // weights reordered once, at the first run
    bool m_hasSum;
    // A fused Swish runs as its own pass after the convolution: oneDNN 2.6's swish post-op
    // costs more than the convolution itself on EfficientNet's layers (2.1 of its 9.2 ms,
    // measured against a Relu post-op), more than a second pass over the output.
    bool m_ownSwish;
    float m_swishAlpha;
    std::vector<float> m_foldScale;  // per output channel, when a BatchNormalization is folded
    std::vector<float> m_foldedBias; // the bias after folding
    // Packs constant weights straight from the model's bytes into oneDNN's layout, folding
    // the BatchNormalization scale in as the reorder's per-output-channel scale (no temporary
    // copy: the packed weights are the only extra memory).
    void packWeights(const Tensor &W, Entry &e, int64_t group)
    {
        memory wUser(e.weightsPlain, dnnlEngine(), const_cast<void *>(W.raw()));
        std::vector<float> scaled;
        dnnl::primitive_attr attr;
        if (!m_foldScale.empty()) {
            if (e.pd.weights_desc().data.format_kind == dnnl_format_kind_wino) {
                // The Winograd weight transform ignores reorder scales: scale a copy first.
                const int64_t perChannel = W.elementCount() / int64_t(m_foldScale.size());
                const float *w = W.data<float>();
                scaled.resize(size_t(W.elementCount()));
                for (size_t i = 0; i < scaled.size(); ++i)
                    scaled[i] = w[i] * m_foldScale[i / size_t(perChannel)];
                wUser.set_data_handle(scaled.data());
            } else { // output channels are dims 0 (and 1 when grouped) of the weights
                attr.set_output_scales(group > 1 ? 0x3 : 0x1, m_foldScale);
            }
        }
        dnnl::reorder(wUser, e.weights, attr).execute(dnnlStream(), wUser, e.weights);
        dnnlStream().wait();
    }

    // The entry for this input; the last one used is checked first (shapes rarely change).
    Entry *findEntry(const Tensor &X, bool postOps)
    {
        if (m_last && m_last->inShape == X.shape() && m_last->inLayout == X.layout() &&
            m_last->postOps == postOps)
            return m_last;
        auto it = m_cache.find(Key{X.shape(), X.layout(), postOps});
        return it == m_cache.end() ? nullptr : &it->second;
    }

    static constexpr size_t kMaxCachedShapes = 32;
    using Key = std::tuple<Shape, Layout, bool>; // input shape and layout, post-ops on
    std::map<Key, Entry> m_cache;
    Entry *m_last = nullptr;
};

} // namespace

void registerConvTransposeKernels(KernelRegistry &registry);

void registerConvKernels(KernelRegistry &registry)
{
    registry.add("Conv", 1, [](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        return std::unique_ptr<Kernel>(std::make_unique<ConvKernel>(info));
    });
    registerConvTransposeKernels(registry);
}

} // namespace silica::runtime
