#pragma once
// Softmax, LogSoftmax and Hardmax over one axis of an [outer, reduced, inner] block, in float
// or double. Shared by the Softmax-family kernels and SoftmaxCrossEntropyLoss.

#include "core/runtime/kernels/reduce_layout.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace silica::runtime {

// e^x for float, used where the argument is x - max(x) <= 0. e^x = 2^n · e^r with
// n = round(x / ln 2) and |r| <= ln 2 / 2, where the degree-7 Taylor polynomial of e^r is
// within 1e-8 relative; ln 2 is split in two (Cody–Waite) so that n · ln 2 is exact. Below
// kExpLow the result is 0 (2^n must stay a normal float), above kExpHigh inf (std::exp would
// overflow at 88.72), NaN stays NaN.
constexpr float kExpLow = -87.0f, kExpHigh = 88.3f;
constexpr float kLog2e = 1.44269504088896341f;
constexpr float kLn2Hi = 0.693145751953125f, kLn2Lo = 1.42860682030941723e-6f;

inline float expApprox(float x)
{
    if (!(x >= kExpLow)) // also NaN
        return x != x ? x : 0.0f;
    if (x > kExpHigh)
        return std::numeric_limits<float>::infinity();
    // n = floor(x·log2 e + 0.5); the shifted argument is positive, so truncation floors.
    const int32_t ni = int32_t(x * kLog2e + 128.5f) - 128;
    const float n = float(ni);
    const float r = (x - n * kLn2Hi) - n * kLn2Lo;
    float p = 1.0f / 5040.0f;
    for (float c : {1.0f / 720.0f, 1.0f / 120.0f, 1.0f / 24.0f, 1.0f / 6.0f, 0.5f, 1.0f, 1.0f})
        p = p * r + c;
    const int32_t bits = (ni + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

#if defined(__AVX2__) && defined(__FMA__)
// expApprox on 8 lanes. Written with intrinsics because GCC will not if-convert the scalar
// form's range checks under -ftrapping-math, which leaves every loop over it scalar.
inline __m256 expApprox8(__m256 x)
{
    const __m256 c = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(kExpLow)),
                                   _mm256_set1_ps(kExpHigh)); // NaN becomes kExpLow
    const __m256i ni = _mm256_sub_epi32(
        _mm256_cvttps_epi32(_mm256_fmadd_ps(c, _mm256_set1_ps(kLog2e), _mm256_set1_ps(128.5f))),
        _mm256_set1_epi32(128));
    const __m256 n = _mm256_cvtepi32_ps(ni);
    const __m256 r =
        _mm256_fnmadd_ps(n, _mm256_set1_ps(kLn2Lo), _mm256_fnmadd_ps(n, _mm256_set1_ps(kLn2Hi), c));
    __m256 p = _mm256_set1_ps(1.0f / 5040.0f);
    for (float k : {1.0f / 720.0f, 1.0f / 120.0f, 1.0f / 24.0f, 1.0f / 6.0f, 0.5f, 1.0f, 1.0f})
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(k));
    const __m256 scale =
        _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(ni, _mm256_set1_epi32(127)), 23));
    __m256 e = _mm256_mul_ps(p, scale);
    e = _mm256_blendv_ps(e, _mm256_setzero_ps(),
                         _mm256_cmp_ps(x, _mm256_set1_ps(kExpLow), _CMP_LT_OQ));
    e = _mm256_blendv_ps(e, _mm256_set1_ps(std::numeric_limits<float>::infinity()),
                         _mm256_cmp_ps(x, _mm256_set1_ps(kExpHigh), _CMP_GT_OQ));
    return _mm256_blendv_ps(e, x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}
#endif

// Σ e^(x[i] - shift), each term also stored to y unless y is null.
inline float expShiftSum(const float *x, float shift, float *y, int64_t n)
{
    int64_t i = 0;
    float sum = 0;
#if defined(__AVX2__) && defined(__FMA__)
    __m256 acc = _mm256_setzero_ps();
    const __m256 s = _mm256_set1_ps(shift);
    for (; i + 8 <= n; i += 8) {
        const __m256 e = expApprox8(_mm256_sub_ps(_mm256_loadu_ps(x + i), s));
        if (y)
            _mm256_storeu_ps(y + i, e);
        acc = _mm256_add_ps(acc, e);
    }
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, acc);
    for (float v : lanes)
        sum += v;
#endif
    for (; i < n; ++i) {
        const float e = expApprox(x[i] - shift);
        if (y)
            y[i] = e;
        sum += e;
    }
    return sum;
}

inline double expShiftSum(const double *x, double shift, double *y, int64_t n)
{
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) {
        const double e = std::exp(x[i] - shift);
        if (y)
            y[i] = e;
        sum += e;
    }
    return sum;
}

// sum[i] += e^(x[i] - shift[i]), each term also stored to y unless y is null.
inline void expShiftAccumulate(const float *x, const float *shift, float *y, float *sum, int64_t n)
{
    int64_t i = 0;
#if defined(__AVX2__) && defined(__FMA__)
    for (; i + 8 <= n; i += 8) {
        const __m256 e =
            expApprox8(_mm256_sub_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(shift + i)));
        if (y)
            _mm256_storeu_ps(y + i, e);
        _mm256_storeu_ps(sum + i, _mm256_add_ps(_mm256_loadu_ps(sum + i), e));
    }
#endif
    for (; i < n; ++i) {
        const float e = expApprox(x[i] - shift[i]);
        if (y)
            y[i] = e;
        sum[i] += e;
    }
}

inline void expShiftAccumulate(const double *x, const double *shift, double *y, double *sum,
                               int64_t n)
{
    for (int64_t i = 0; i < n; ++i) {
        const double e = std::exp(x[i] - shift[i]);
        if (y)
            y[i] = e;
        sum[i] += e;
    }
}

enum class SoftmaxMode
{
    Softmax,
    LogSoftmax,
    Hardmax
};

// One contiguous row of n elements; y may alias x.
template <typename C> void softmaxRow(const C *x, C *y, int64_t n, SoftmaxMode mode)
{
    C m = -std::numeric_limits<C>::infinity();
    if (mode == SoftmaxMode::Hardmax) { // one-hot at the first maximum
        int64_t best = 0;
        for (int64_t i = 0; i < n; ++i)
            if (x[i] > x[best])
                best = i;
        std::fill(y, y + n, C(0));
        if (n > 0)
            y[best] = C(1);
        return;
    }
#pragma omp simd reduction(max : m)
    for (int64_t i = 0; i < n; ++i)
        m = x[i] > m ? x[i] : m;
    if (mode == SoftmaxMode::LogSoftmax) {
        const C shift = m + std::log(expShiftSum(x, m, static_cast<C *>(nullptr), n));
#pragma omp simd
        for (int64_t i = 0; i < n; ++i)
            y[i] = x[i] - shift;
        return;
    }
    const C scale = C(1) / expShiftSum(x, m, y, n);
#pragma omp simd
    for (int64_t i = 0; i < n; ++i)
        y[i] *= scale;
}

// Columns [0, n) of a block whose reduced axis has `rows` entries `stride` apart (the softmax
// axis is not the innermost one); n <= kInnerChunk. y may alias x.
template <typename C>
void softmaxColumns(const C *x, C *y, int64_t rows, int64_t stride, int64_t n, SoftmaxMode mode)
{
    constexpr int64_t kColumns = kInnerChunk;
    C m[kColumns], sum[kColumns];
    n = std::min(n, kColumns);
    std::fill(m, m + n, -std::numeric_limits<C>::infinity());
    if (mode == SoftmaxMode::Hardmax) {
        int64_t best[kColumns] = {};
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t i = 0; i < n; ++i)
                if (x[r * stride + i] > m[i] || r == 0) {
                    m[i] = x[r * stride + i];
                    best[i] = r;
                }
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t i = 0; i < n; ++i)
                y[r * stride + i] = best[i] == r ? C(1) : C(0);
        return;
    }
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t i = 0; i < n; ++i)
            m[i] = x[r * stride + i] > m[i] ? x[r * stride + i] : m[i];
    std::fill(sum, sum + n, C(0));
    for (int64_t r = 0; r < rows; ++r)
        expShiftAccumulate(x + r * stride, m,
                           mode == SoftmaxMode::Softmax ? y + r * stride : nullptr, sum, n);
    if (mode == SoftmaxMode::LogSoftmax) {
        for (int64_t i = 0; i < n; ++i)
            m[i] += std::log(sum[i]);
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t i = 0; i < n; ++i)
                y[r * stride + i] = x[r * stride + i] - m[i];
        return;
    }
    for (int64_t i = 0; i < n; ++i)
        sum[i] = C(1) / sum[i];
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t i = 0; i < n; ++i)
            y[r * stride + i] *= sum[i];
}

} // namespace silica::runtime
