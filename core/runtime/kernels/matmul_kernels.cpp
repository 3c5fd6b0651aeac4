// MatMul (numpy semantics: 1-D promotion, broadcast batch dimensions) and Gemm. Float32 with
// constant 2-D weights (fully connected layers, transformer projections) runs on oneDNN's
// matmul primitive with the weights packed once; other float32 cases run on oneDNN's sgemm,
// other numeric types on plain loops.

#include "core/runtime/kernels/dnnl_support.h"
#include "core/runtime/kernels/kernel_util.h"

#include <algorithm>
#include <map>

namespace silica::runtime {

namespace {

// C[M,N] (+)= A[M,K] · B[K,N], row-major, for any numeric T (float32 goes through sgemm).
template <typename T>
void gemmRowMajor(bool transA, bool transB, int64_t M, int64_t N, int64_t K, float alpha,
                  const T *A, const T *B, float beta, T *C)
{
    if constexpr (std::is_same_v<T, float>) {
        dnnl::sgemm(transA ? 'T' : 'N', transB ? 'T' : 'N', M, N, K, alpha, A, transA ? M : K, B,
                    transB ? K : N, beta, C, N);
    } else {
        using Acc = std::conditional_t<isFloatLike<T>, double, int64_t>;
        for (int64_t m = 0; m < M; ++m)
            for (int64_t n = 0; n < N; ++n) {
                Acc acc = 0;
                for (int64_t k = 0; k < K; ++k) {
                    const Acc a = Acc(transA ? A[k * M + m] : A[m * K + k]);
                    const Acc b = Acc(transB ? B[n * K + k] : B[k * N + n]);
                    acc += a * b;
                }
                const double prev = beta == 0.0f ? 0.0 : double(beta) * double(C[m * N + n]);
                C[m * N + n] = T(double(alpha) * double(acc) + prev);
            }
    }
}

Status matMul(KernelContext &ctx)
{
    auto a = ctx.requiredInput(0);
    auto b = ctx.requiredInput(1);
    if (!a || !b)
        return !a ? a.status() : b.status();
    const Tensor &A = **a, &B = **b;
    if (A.dataType() != B.dataType())
        return ctx.error("inputs have different element types: " + A.describe() + " and " + B.describe());
    if (A.rank() == 0 || B.rank() == 0)
        return ctx.error("MatMul needs inputs of rank ≥ 1, got " + A.describe() + " and " + B.describe());
    Shape sa = A.shape(), sb = B.shape();
    const bool aVec = sa.size() == 1, bVec = sb.size() == 1;
    if (aVec)
        sa.insert(sa.begin(), 1);
    if (bVec)
        sb.push_back(1);
    const int64_t M = sa[sa.size() - 2], K = sa.back(), N = sb.back();
    if (sb[sb.size() - 2] != K)
        return ctx.error("inner dimensions differ: " + A.describe() + " × " + B.describe());
    const Shape batchA(sa.begin(), sa.end() - 2), batchB(sb.begin(), sb.end() - 2);
    auto batch = broadcastShapes({&batchA, &batchB});
    if (!batch)
        return ctx.error("batch dimensions of " + A.describe() + " and " + B.describe() + " do not broadcast");
    Shape outShape = *batch;
    if (!aVec)
        outShape.push_back(M);
    if (!bVec)
        outShape.push_back(N);
    Tensor &Y = ctx.allocateOutput(0, A.dataType(), outShape);
    return dispatchNumeric(A.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        const T *ad = A.data<T>();
        const T *bd = B.data<T>();
        T *yd = Y.mutableData<T>();
        if (elementCount(outShape) == 0)
            return Status::ok();
        if (K == 0) {
            std::fill(yd, yd + Y.elementCount(), T(0.0f));
            return Status::ok();
        }
        // B shared by every batch: fold A's batch into M (one big GEMM, the transformer case).
        if (batchB.empty() || elementCount(batchB) == 1) {
            if (elementCount(batchA) == elementCount(*batch)) {
                gemmRowMajor<T>(false, false, elementCount(batchA) * M, N, K, 1.0f, ad, bd, 0.0f, yd);
                return Status::ok();
            }
        }
        const Shape &full = *batch;
        const std::vector<int64_t> stA = broadcastStrides(batchA, full), stB = broadcastStrides(batchB, full);
        const int64_t count = elementCount(full);
        std::vector<int64_t> idx(full.size(), 0);
        for (int64_t i = 0; i < count; ++i) {
            int64_t offA = 0, offB = 0;
            for (size_t d = 0; d < full.size(); ++d) {
                offA += idx[d] * stA[d];
                offB += idx[d] * stB[d];
            }
            gemmRowMajor<T>(false, false, M, N, K, 1.0f, ad + offA * M * K, bd + offB * K * N, 0.0f,
                            yd + i * M * N);
            for (size_t d = full.size(); d-- > 0;) {
                if (++idx[d] < full[d])
                    break;
                idx[d] = 0;
            }
        }
        return Status::ok();
    });
}

Status gemm(KernelContext &ctx)
{
    auto a = ctx.requiredInput(0);
    auto b = ctx.requiredInput(1);
    if (!a || !b)
        return !a ? a.status() : b.status();
    const Tensor &A = **a, &B = **b;
    const Tensor *C = ctx.input(2);
    const Node &node = ctx.node();
    const bool transA = node.intAttribute("transA", 0) != 0;
    const bool transB = node.intAttribute("transB", 0) != 0;
    const float alpha = node.floatAttribute("alpha", 1.0f);
    const float beta = node.floatAttribute("beta", 1.0f);
    if (A.rank() != 2 || B.rank() != 2)
        return ctx.error("Gemm needs 2-D inputs, got " + A.describe() + " and " + B.describe());
    if (A.dataType() != B.dataType() || (C && C->dataType() != A.dataType()))
        return ctx.error("inputs have different element types");
    const int64_t M = transA ? A.dim(1) : A.dim(0), K = transA ? A.dim(0) : A.dim(1);
    const int64_t KB = transB ? B.dim(1) : B.dim(0), N = transB ? B.dim(0) : B.dim(1);
    if (K != KB)
        return ctx.error("inner dimensions differ: " + A.describe() + (transA ? "ᵀ" : "") + " × " +
                         B.describe() + (transB ? "ᵀ" : ""));
    const Shape outShape{M, N};
    if (C) {
        auto ok = broadcastShapes({&C->shape(), &outShape});
        if (!ok || *ok != outShape)
            return ctx.error("C " + C->describe() + " does not broadcast to " + shapeString(outShape));
    }
    Tensor &Y = ctx.allocateOutput(0, A.dataType(), outShape);
    return dispatchNumeric(A.dataType(), ctx, [&](auto tag) -> Status {
        using T = decltype(tag);
        T *y = Y.mutableData<T>();
        const bool addC = C && beta != 0.0f;
        if (addC) {
            const T *c = C->data<T>();
            forEachBroadcast2(outShape, outShape, C->shape(),
                              [&](int64_t o, int64_t, int64_t ci) { y[o] = c[ci]; });
        } else {
            std::fill(y, y + M * N, T(0.0f));
        }
        if (K > 0 && M > 0 && N > 0)
            gemmRowMajor<T>(transA, transB, M, N, K, alpha, A.data<T>(), B.data<T>(),
                            addC ? beta : 0.0f, y);
        if constexpr (std::is_same_v<T, float>)
            applyFusedActivation(node, y, M * N);
        return Status::ok();
    });
}

// Y = act(alpha · A·B + beta · C) for float32 A of any batch and a constant 2-D B, on oneDNN's
// matmul primitive. A's leading dimensions fold into rows; one primitive per row count (a
// sequence length, a batch size), all sharing B packed once in the layout oneDNN asks for.
// Gemm's alpha is packed into B; a constant row-vector C becomes the bias; any other C is copied
// into Y and added as a sum post-op, before the fused activation.
class DenseKernel final : public Kernel
{
public:
    DenseKernel(const KernelInfo &info, Status (*fallback)(KernelContext &))
        : m_fallback(fallback), m_gemm(info.node.opType == "Gemm")
    {
        const Node &node = info.node;
        const Tensor *b = info.constantInput(1);
        m_packed = b && b->dataType() == DataType::Float && b->rank() == 2;
        if (m_gemm) {
            m_transA = node.intAttribute("transA", 0) != 0;
            m_transB = node.intAttribute("transB", 0) != 0;
            m_alpha = node.floatAttribute("alpha", 1.0f);
            m_beta = node.floatAttribute("beta", 1.0f);
            const Tensor *c = info.constantInput(2);
            const int64_t n = b ? b->dim(m_transB ? 0 : 1) : 0;
            // A constant C of N values (or one, broadcast) folds into the bias.
            if (c && c->dataType() == DataType::Float && m_beta != 0.0f &&
                (c->elementCount() == n || c->elementCount() == 1) &&
                (c->rank() <= 1 || (c->rank() == 2 && c->dim(0) == 1))) {
                const float *cv = c->data<float>();
                m_bias.resize(size_t(n));
                for (int64_t i = 0; i < n; ++i)
                    m_bias[size_t(i)] = m_beta * cv[c->elementCount() == 1 ? 0 : i];
            }
        }
        m_packed = m_packed && !m_transA && fusedPostOpsSupported(node);
    }

    bool packsInput(size_t index) const override { return index == 1 && m_packed; }

    Status compute(KernelContext &ctx) override
    {
        const Tensor *a = ctx.input(0), *b = ctx.input(1);
        if (!m_packed || !a || !b || a->dataType() != DataType::Float || a->rank() == 0 ||
            (m_gemm && a->rank() != 2))
            return m_fallback(ctx);
        const Tensor &A = *a, &B = *b;
        const int64_t K = A.shape().back();
        const int64_t KB = B.dim(m_transB ? 1 : 0), N = B.dim(m_transB ? 0 : 1);
        if (K != KB)
            return ctx.error("inner dimensions differ: " + A.describe() + " × " + B.describe() +
                             (m_transB ? "ᵀ" : ""));
        const int64_t M = A.elementCount() / std::max<int64_t>(K, 1);
        Shape outShape(A.shape().begin(), A.shape().end() - 1);
        outShape.push_back(N);
        const Tensor *C = m_gemm && m_bias.empty() && m_beta != 0.0f ? ctx.input(2) : nullptr;
        if (C && C->dataType() != DataType::Float)
            return ctx.error("C " + C->describe() + " must be float32 like A");
        if (C) {
            auto ok = broadcastShapes({&C->shape(), &outShape});
            if (!ok || *ok != outShape)
                return ctx.error("C " + C->describe() + " does not broadcast to " + shapeString(outShape));
        }
        if (M == 0 || N == 0 || K == 0)
            return m_fallback(ctx);
        auto entry = entryFor(ctx, M, K, N, B, C != nullptr);
        if (!entry)
            return entry.status();
        Entry &e = **entry;
        Tensor &Y = ctx.allocateOutput(0, DataType::Float, outShape);
        float *y = Y.mutableData<float>();
        if (C) {
            const float *c = C->data<float>();
            forEachBroadcast2(outShape, outShape, C->shape(),
                              [&](int64_t o, int64_t, int64_t ci) { y[o] = c[ci]; });
        }
        e.src.set_data_handle(const_cast<void *>(A.raw()));
        e.dst.set_data_handle(y);
        e.primitive.execute(dnnlStream(), e.args);
        dnnlStream().wait();
        return Status::ok();
    }

private:
    struct Entry
    {
        dnnl::matmul primitive;
        dnnl::memory src, dst;
        std::unordered_map<int, dnnl::memory> args;
    };

    static bool fusedPostOpsSupported(const Node &node)
    {
        dnnl::post_ops ops;
        return fusedPostOps(node, false, ops);
    }

    Expected<Entry *> entryFor(const KernelContext &ctx, int64_t M, int64_t K, int64_t N,
                               const Tensor &B, bool sumC)
    {
        auto it = m_entries.find({M, sumC});
        if (it != m_entries.end())
            return &it->second;
        if (m_entries.size() >= 32) // a row count that changes every run: start over
            m_entries.clear();
        using dnnl::memory;
        const auto f32 = memory::data_type::f32;
        try {
            const memory::desc srcMd({M, K}, f32, memory::format_tag::ab);
            const memory::desc dstMd({M, N}, f32, memory::format_tag::ab);
            const memory::desc wAny({K, N}, f32, memory::format_tag::any);
            const memory::desc biasMd({1, N}, f32, memory::format_tag::ab);
            dnnl::primitive_attr attr;
            dnnl::post_ops ops;
            if (sumC)
                ops.append_sum(m_beta);
            fusedPostOps(ctx.node(), false, ops);
            attr.set_post_ops(ops);
            const auto desc = m_bias.empty() ? dnnl::matmul::desc(srcMd, wAny, dstMd)
                                             : dnnl::matmul::desc(srcMd, wAny, biasMd, dstMd);
            const dnnl::matmul::primitive_desc pd(desc, attr, dnnlEngine());
            Entry e;
            e.primitive = dnnl::matmul(pd);
            e.src = memory(srcMd, dnnlEngine(), DNNL_MEMORY_NONE);
            e.dst = memory(dstMd, dnnlEngine(), DNNL_MEMORY_NONE);
            e.args = {{DNNL_ARG_SRC, e.src}, {DNNL_ARG_WEIGHTS, packedWeights(pd.weights_desc(), B, K, N)},
                      {DNNL_ARG_DST, e.dst}};
            if (!m_bias.empty())
                e.args.emplace(DNNL_ARG_BIAS, memory(biasMd, dnnlEngine(), m_bias.data()));
            return &m_entries.emplace(std::pair{M, sumC}, std::move(e)).first->second;
        } catch (const dnnl::error &err) {
            return ctx.error(std::string("oneDNN cannot build this matrix product: ") + err.what(),
                             ErrorCode::Unsupported);
        }
    }

    // B in the layout `want`, packed once per distinct layout (usually one for every row count).
    dnnl::memory packedWeights(const dnnl::memory::desc &want, const Tensor &B, int64_t K, int64_t N)
    {
        for (const auto &[desc, mem] : m_weights)
            if (desc == want)
                return mem;
        const dnnl::memory::desc given({K, N}, dnnl::memory::data_type::f32,
                                       m_transB ? dnnl::memory::format_tag::ba
                                                : dnnl::memory::format_tag::ab);
        dnnl::memory user(given, dnnlEngine(), const_cast<void *>(B.raw()));
        dnnl::memory packed(want, dnnlEngine());
        dnnl::primitive_attr scaled; // alpha goes into the packed weights
        if (m_alpha != 1.0f)
            scaled.set_output_scales(0, {m_alpha});
        dnnl::reorder(user, packed, scaled).execute(dnnlStream(), user, packed);
        dnnlStream().wait();
        B.storage()->releaseResidentPages(); // only the packed copy is read from now on
        m_weights.emplace_back(want, packed);
        return packed;
    }

    Status (*m_fallback)(KernelContext &);
    bool m_gemm;
    bool m_packed = false;
    bool m_transA = false, m_transB = false;
    float m_alpha = 1.0f, m_beta = 1.0f;
    std::vector<float> m_bias; // beta · C when C is a constant row
    std::map<std::pair<int64_t, bool>, Entry> m_entries; // by row count, C added as a sum
    std::vector<std::pair<dnnl::memory::desc, dnnl::memory>> m_weights;
};

template <Status (*Fallback)(KernelContext &)> KernelFactory denseKernel()
{
    return [](const KernelInfo &info) -> Expected<std::unique_ptr<Kernel>> {
        return std::unique_ptr<Kernel>(std::make_unique<DenseKernel>(info, Fallback));
    };
}

} // namespace

void registerMatMulKernels(KernelRegistry &registry)
{
    registry.add("MatMul", 1, denseKernel<matMul>());
    registry.add("Gemm", 1, denseKernel<gemm>());
}

} // namespace silica::runtime
