// MatMul (numpy semantics: 1-D promotion, broadcast batch dimensions) and Gemm, on oneDNN's
// sgemm for float32 and plain loops for the other numeric types.

#include "core/runtime/kernels/dnnl_support.h"
#include "core/runtime/kernels/kernel_util.h"

#include <algorithm>

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

} // namespace

void registerMatMulKernels(KernelRegistry &registry)
{
    registry.add("MatMul", 1, lambdaKernel(matMul));
    registry.add("Gemm", 1, lambdaKernel(gemm));
}

} // namespace silica::runtime
