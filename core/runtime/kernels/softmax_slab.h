#pragma once
// Softmax, LogSoftmax and Hardmax over one axis of an [outer, reduced, inner] block, in float
// or double. Shared by the Softmax-family kernels and SoftmaxCrossEntropyLoss.

#include "core/runtime/kernels/reduce_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace silica::runtime {

// e^x for float in a branch-free form the compiler vectorizes (std::exp does not vectorize
// without -ffast-math). e^x = 2^n · e^r with n = round(x / ln 2) and |r| <= ln 2 / 2, where
// the degree-7 Taylor polynomial of e^r is within 1e-8 relative; ln 2 is split in two
// (Cody–Waite) so that n · ln 2 is exact.
inline float expApprox(float x)
{
    constexpr float kLow = -87.0f, kHigh = 88.0f; // keep 2^n a normal float
    float c = x > kLow ? x : kLow;
    c = c < kHigh ? c : kHigh;
    const float n = std::floor(c * 1.44269504088896341f + 0.5f);
    const float r = (c - n * 0.693145751953125f) - n * 1.42860682030941723e-6f;
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    const int32_t bits = (int32_t(n) + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof scale);
    const float e = p * scale;
    // Underflow to 0 and overflow to inf as std::exp does; NaN stays NaN.
    return x < kLow ? 0.0f : (x > kHigh ? std::numeric_limits<float>::infinity() : (x == x ? e : x));
}

inline float expOf(float x) { return expApprox(x); }
inline double expOf(double x) { return std::exp(x); }

enum class SoftmaxMode { Softmax, LogSoftmax, Hardmax };

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
    C sum = 0;
    if (mode == SoftmaxMode::LogSoftmax) {
#pragma omp simd reduction(+ : sum)
        for (int64_t i = 0; i < n; ++i)
            sum += expOf(x[i] - m);
        const C shift = m + std::log(sum);
#pragma omp simd
        for (int64_t i = 0; i < n; ++i)
            y[i] = x[i] - shift;
        return;
    }
#pragma omp simd reduction(+ : sum)
    for (int64_t i = 0; i < n; ++i) {
        const C e = expOf(x[i] - m);
        y[i] = e;
        sum += e;
    }
    const C scale = C(1) / sum;
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
        for (int64_t i = 0; i < n; ++i) {
            const C e = expOf(x[r * stride + i] - m[i]);
            if (mode == SoftmaxMode::Softmax)
                y[r * stride + i] = e;
            sum[i] += e;
        }
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
