// Element-wise and pooling ops on channels-last and blocked (nChw{8,16}c) tensors, so that
// chains of convolutions stay in oneDNN's layout across activations, residual adds,
// squeeze-excitation scales and pools.
//
// Element-wise ops reuse the plain kernels: a tensor's storage is handed to them as a plain
// tensor of another shape (flat for same-shape operands; [N, HW, C] against [N, 1, C], or
// [N, C/b, HW, b] against [N, C/b, 1, b], for a per-channel operand) and the result is
// re-wrapped in the layout. Pools run on oneDNN in the input's layout.

#include "core/runtime/kernels/dnnl_support.h"
#include "core/runtime/kernels/kernel_util.h"
#include "core/runtime/kernels/proxy_context.h"
#include "core/runtime/layout.h"

#include <map>

namespace silica::runtime {

namespace {

Shape flatStorageShape(const Tensor &t) { return {int64_t(t.byteSize() / sizeof(float))}; }

Tensor viewAs(const Tensor &t, Shape shape)
{
    return Tensor::wrap(DataType::Float, std::move(shape), t.storage(), t.byteOffset());
}

// Images in the batch of a per-channel operand: [N,C,1,1], [1,C,1,1] or [C,1,1] against a
// full [N,C,H,W] tensor; -1 when it is not one.
int64_t perChannelBatch(const Tensor &p, const Tensor &full)
{
    if (full.rank() != 4 || p.dataType() != DataType::Float)
        return -1;
    if (p.rank() == 3 && p.dim(0) == full.dim(1) && p.dim(1) == 1 && p.dim(2) == 1)
        return 1;
    if (p.rank() == 4 && (p.dim(0) == 1 || p.dim(0) == full.dim(0)) && p.dim(1) == full.dim(1) &&
        p.dim(2) == 1 && p.dim(3) == 1)
        return p.dim(0);
    return -1;
}

int64_t blockOf(Layout layout) { return layout == Layout::Blocked8 ? 8 : 16; }

// out = full ∘ part (or part ∘ full) for a per-channel `part` against an nChw{B}c `full`:
// each block's B channel values stay in registers over its H·W pixels. The general
// broadcasting loop walks the same data as rows of B elements, at several times the cost.
template <int B, typename Op>
void perChannelBlocked(const float *full, const float *part, float *out, int64_t n, int64_t cb,
                       int64_t hw, bool partPerImage, bool fullFirst, Op op)
{
    parallelFor(n * cb, 1, [&](int64_t begin, int64_t end) {
        for (int64_t nb = begin; nb < end; ++nb) {
            const float *s = part + (partPerImage ? nb : nb % cb) * B;
            const float *f = full + nb * hw * B;
            float *o = out + nb * hw * B;
            float v[B];
            for (int j = 0; j < B; ++j)
                v[j] = s[j];
            for (int64_t p = 0; p < hw; ++p, f += B, o += B)
                for (int j = 0; j < B; ++j)
                    o[j] = fullFirst ? op(f[j], v[j]) : op(v[j], f[j]);
        }
    });
}

// Unary float ops whose value at 0 stays finite, so the zero padding stays harmless.
class BlockedUnary final : public Kernel
{
public:
    explicit BlockedUnary(std::unique_ptr<Kernel> base) : m_base(std::move(base)) {}
    bool acceptsBlocked(size_t index) const override { return index == 0; }
    Status compute(KernelContext &ctx) override
    {
        const Tensor *x = ctx.input(0);
        if (!x || x->isPlain())
            return m_base->compute(ctx);
        const Tensor flat = viewAs(*x, flatStorageShape(*x));
        std::vector<const Tensor *> inputs{&flat};
        for (size_t i = 1; i < ctx.inputCount(); ++i)
            inputs.push_back(ctx.input(i));
        ProxyContext proxy(ctx, inputs);
        Status s = m_base->compute(proxy);
        if (!s)
            return s;
        ctx.setOutput(0, Tensor::wrapInLayout(x->shape(), x->layout(), proxy.m_output.storage()));
        return Status::ok();
    }

private:
    std::unique_ptr<Kernel> m_base;
};

class BlockedBinary final : public Kernel
{
public:
    explicit BlockedBinary(std::unique_ptr<Kernel> base) : m_base(std::move(base)) {}
    bool acceptsBlocked(size_t index) const override { return index < 2; }
    Status compute(KernelContext &ctx) override
    {
        const Tensor *a = ctx.input(0), *b = ctx.input(1);
        if (!a || !b || (a->isPlain() && b->isPlain()))
            return m_base->compute(ctx);
        // Division would put 0/0 into the zero channel padding of nChw8c/16c storage (which
        // oneDNN requires to stay zero): divide in plain layout there.
        const bool padded = a->layout() == Layout::Blocked8 || a->layout() == Layout::Blocked16 ||
                            b->layout() == Layout::Blocked8 || b->layout() == Layout::Blocked16;
        if (padded && ctx.node().opType == "Div")
            return runPlain(ctx, *a, *b);
        if (a->layout() == b->layout() && a->shape() == b->shape())
            return run(ctx, viewAs(*a, flatStorageShape(*a)), viewAs(*b, flatStorageShape(*b)), *a);
        // A scalar operand (HardSwish written out: x + 3, · / 6) broadcasts over the storage
        // as it is; channel padding only ever meets finite values.
        if (b->isPlain() && b->elementCount() == 1 && b->rank() <= a->rank())
            return run(ctx, viewAs(*a, flatStorageShape(*a)), b->reshaped({1}), *a);
        if (a->isPlain() && a->elementCount() == 1 && a->rank() <= b->rank())
            return run(ctx, a->reshaped({1}), viewAs(*b, flatStorageShape(*b)), *b);
        // Same shape, one plain: bring the plain one into the other's layout.
        if (a->shape() == b->shape() && a->dataType() == b->dataType() && a->rank() == 4) {
            const Tensor &other = a->isPlain() ? *b : *a;
            const Tensor &plain = a->isPlain() ? *a : *b;
            if (plain.isPlain()) {
                Tensor converted = Tensor::wrapInLayout(other.shape(), other.layout(),
                                                        ctx.scratch(other.byteSize()));
                fromPlain(plain.data<float>(), converted);
                const Tensor va = viewAs(a->isPlain() ? converted : *a, flatStorageShape(other));
                const Tensor vb = viewAs(b->isPlain() ? converted : *b, flatStorageShape(other));
                return run(ctx, va, vb, other);
            }
        }
        // A full non-plain tensor against a per-channel operand (squeeze-excitation scales,
        // biases): both viewed so that plain broadcasting over their storage is right.
        const bool aFull = !a->isPlain() && perChannelBatch(*b, *a) > 0;
        const bool bFull = !b->isPlain() && perChannelBatch(*a, *b) > 0;
        if (aFull || bFull) {
            const Tensor &full = aFull ? *a : *b;
            const Tensor &part = aFull ? *b : *a;
            const int64_t n = full.dim(0), c = full.dim(1), hw = full.dim(2) * full.dim(3);
            const int64_t pn = perChannelBatch(part, full);
            Tensor fullView, partView;
            if (full.layout() == Layout::ChannelsLast) {
                const Tensor p = plainOf(ctx, part);
                fullView = viewAs(full, {n, hw, c});
                partView = viewAs(p, {pn, 1, c});
            } else {
                const int64_t block = blockOf(full.layout());
                const int64_t cb = (c + block - 1) / block;
                Tensor p = Tensor::wrapInLayout({pn, c, 1, 1}, full.layout(),
                                                ctx.scratch(layoutByteSize({pn, c, 1, 1}, full.layout())));
                if (part.layout() == full.layout())
                    p = Tensor::wrapInLayout({pn, c, 1, 1}, full.layout(), part.storage());
                else
                    fromPlain(plainOf(ctx, part).data<float>(), p);
                const std::string &op = ctx.node().opType;
                if (op != "Div") {
                    // In place when the full operand dies here (an SE scale's input usually does).
                    const size_t fullIndex = aFull ? 0 : 1;
                    Tensor &y = ctx.mayOverwriteInput(fullIndex)
                                    ? ctx.setOutput(0, full)
                                    : ctx.allocateOutputInLayout(0, full.shape(), full.layout());
                    const float *fp = full.data<float>(), *pp = p.data<float>();
                    float *yp = y.mutableData<float>();
                    auto apply = [&](auto f) {
                        if (block == 16)
                            perChannelBlocked<16>(fp, pp, yp, n, cb, hw, pn > 1, aFull, f);
                        else
                            perChannelBlocked<8>(fp, pp, yp, n, cb, hw, pn > 1, aFull, f);
                        return Status::ok();
                    };
                    if (op == "Mul")
                        return apply([](float x, float y) { return x * y; });
                    if (op == "Add")
                        return apply([](float x, float y) { return x + y; });
                    return apply([](float x, float y) { return x - y; });
                }
                fullView = viewAs(full, {n, cb, hw, block});
                partView = viewAs(p, {pn, cb, 1, block});
            }
            return aFull ? run(ctx, fullView, partView, full) : run(ctx, partView, fullView, full);
        }
        return runPlain(ctx, *a, *b); // anything else
    }

private:
    // The plain kernel on plain copies of both operands.
    Status runPlain(KernelContext &ctx, const Tensor &a, const Tensor &b)
    {
        const Tensor pa = plainOf(ctx, a), pb = plainOf(ctx, b);
        ProxyContext proxy(ctx, {&pa, &pb});
        Status s = m_base->compute(proxy);
        if (s)
            ctx.setOutput(0, proxy.m_output);
        return s;
    }

    Status run(KernelContext &ctx, const Tensor &va, const Tensor &vb, const Tensor &full)
    {
        ProxyContext proxy(ctx, {&va, &vb});
        Status s = m_base->compute(proxy);
        if (!s)
            return s;
        if (proxy.m_output.dataType() != DataType::Float)
            return ctx.error("non-plain layouts only hold float results", ErrorCode::Internal);
        ctx.setOutput(0, Tensor::wrapInLayout(full.shape(), full.layout(), proxy.m_output.storage()));
        return Status::ok();
    }

    std::unique_ptr<Kernel> m_base;
};

// MaxPool / AveragePool (2-D, no ceil_mode, no Indices) and GlobalAveragePool / GlobalMaxPool
// on oneDNN in the input's blocked layout.
class BlockedPool final : public Kernel
{
public:
    BlockedPool(std::unique_ptr<Kernel> base, const Node &node)
        : m_base(std::move(base)), m_global(node.opType.rfind("Global", 0) == 0),
          m_max(node.opType.find("Max") != std::string::npos)
    {
        const std::vector<int64_t> kernel = node.intsAttribute("kernel_shape");
        const size_t strides = node.intsAttribute("strides").size();
        const size_t pads = node.intsAttribute("pads").size();
        m_supported = m_global || (kernel.size() == 2 && (strides == 0 || strides == 2) &&
                                   (pads == 0 || pads == 4) && node.intAttribute("ceil_mode", 0) == 0 &&
                                   (node.outputs.size() < 2 || node.outputs[1].empty()) &&
                                   node.stringAttribute("auto_pad", "NOTSET") == "NOTSET");
        for (int64_t d : node.intsAttribute("dilations"))
            m_supported = m_supported && d == 1;
    }
    bool acceptsBlocked(size_t index) const override { return index == 0 && m_supported; }
    Status compute(KernelContext &ctx) override
    {
        const Tensor *x = ctx.input(0);
        if (!x || x->isPlain())
            return m_base->compute(ctx);
        const Node &node = ctx.node();
        std::vector<int64_t> kernel, strides, padBegin{0, 0}, padEnd{0, 0};
        if (m_global) {
            kernel = {x->dim(2), x->dim(3)};
            strides = {1, 1};
        } else {
            kernel = node.intsAttribute("kernel_shape");
            strides = node.intsAttribute("strides");
            if (strides.empty())
                strides = {1, 1};
            const std::vector<int64_t> pads = node.intsAttribute("pads");
            if (pads.size() == 4) {
                padBegin = {pads[0], pads[1]};
                padEnd = {pads[2], pads[3]};
            }
        }
        Shape out{x->dim(0), x->dim(1), 0, 0};
        for (int i = 0; i < 2; ++i) {
            const int64_t span = x->dim(2 + i) + padBegin[size_t(i)] + padEnd[size_t(i)] - kernel[size_t(i)];
            if (span < 0 || strides[size_t(i)] <= 0)
                return ctx.error("the pooling window does not fit the input " + x->describe());
            out[size_t(2 + i)] = span / strides[size_t(i)] + 1;
        }
        const bool includePad = node.intAttribute("count_include_pad", 0) != 0;
        const auto tag = dnnlTag(x->layout());
        const auto f32 = dnnl::memory::data_type::f32;
        const std::tuple<Shape, Layout> key{x->shape(), x->layout()};
        auto it = m_cache.find(key);
        if (it == m_cache.end()) {
            try {
                const dnnl::memory::desc src(toDims(x->shape()), f32, tag), dst(toDims(out), f32, tag);
                const auto alg = m_max ? dnnl::algorithm::pooling_max
                                 : includePad ? dnnl::algorithm::pooling_avg_include_padding
                                              : dnnl::algorithm::pooling_avg_exclude_padding;
                dnnl::pooling_forward::desc desc(dnnl::prop_kind::forward_inference, alg, src, dst,
                                                 toDims(strides), toDims(kernel), toDims(padBegin),
                                                 toDims(padEnd));
                dnnl::pooling_forward::primitive_desc pd(desc, dnnlEngine());
                it = m_cache.emplace(key, Entry{pd, dnnl::pooling_forward(pd)}).first;
            } catch (const dnnl::error &e) {
                return ctx.error(std::string("oneDNN cannot build this pooling: ") + e.what(),
                                 ErrorCode::Unsupported);
            }
        }
        Tensor &y = ctx.allocateOutputInLayout(0, out, x->layout());
        dnnl::memory src(it->second.pd.src_desc(), dnnlEngine(), const_cast<void *>(x->raw()));
        dnnl::memory dst(it->second.pd.dst_desc(), dnnlEngine(), y.mutableRaw());
        it->second.primitive.execute(dnnlStream(), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
        dnnlStream().wait();
        return Status::ok();
    }

private:
    struct Entry
    {
        dnnl::pooling_forward::primitive_desc pd;
        dnnl::pooling_forward primitive;
    };
    std::unique_ptr<Kernel> m_base;
    bool m_global, m_max, m_supported = false;
    std::map<std::tuple<Shape, Layout>, Entry> m_cache;
};

template <typename Wrapper> KernelFactory wrapWith(KernelFactory base)
{
    return [base](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        auto k = base(info);
        if (!k)
            return k;
        if constexpr (std::is_same_v<Wrapper, BlockedPool>)
            return std::unique_ptr<Kernel>(std::make_unique<BlockedPool>(std::move(*k), info.node));
        else
            return std::unique_ptr<Kernel>(std::make_unique<Wrapper>(std::move(*k)));
    };
}

} // namespace

void registerBlockedLayoutKernels(KernelRegistry &registry)
{
    for (const char *op : {"Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Clip",
                           "Elu", "Selu", "Softplus", "Neg", "Abs"})
        registry.wrap(op, wrapWith<BlockedUnary>);
    for (const char *op : {"Add", "Mul", "Sub", "Div"})
        registry.wrap(op, wrapWith<BlockedBinary>);
    for (const char *op : {"MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool"})
        registry.wrap(op, wrapWith<BlockedPool>);
}

} // namespace silica::runtime
