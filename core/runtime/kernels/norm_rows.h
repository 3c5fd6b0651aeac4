#pragma once
// Row primitives of the normalisation kernels (BatchNorm, InstanceNorm, LayerNorm, GroupNorm,
// MVN): mean and variance of a contiguous row, and y = x·a + b. float rows run as vectorized
// loops; 16-bit floats convert element by element; double stays double.

#include "core/runtime/kernels/kernel_util.h"

#include <cmath>

namespace silica::runtime {

// The arithmetic type of a normalisation over T.
template <typename T>
using NormCompute = std::conditional_t<std::is_same_v<T, double>, double, float>;

// Mean and population variance of x[0, n), two passes (the second over x - mean, which keeps
// the variance accurate when the mean is large). Variance 0 and mean NaN for n == 0.
template <typename T, typename C = NormCompute<T>>
void rowMoments(const T *x, int64_t n, C &mean, C &variance)
{
    C sum = 0;
#pragma omp simd reduction(+ : sum)
    for (int64_t i = 0; i < n; ++i)
        sum += C(x[i]);
    mean = sum / C(n);
    C squares = 0;
#pragma omp simd reduction(+ : squares)
    for (int64_t i = 0; i < n; ++i) {
        const C d = C(x[i]) - mean;
        squares += d * d;
    }
    variance = n > 0 ? squares / C(n) : C(0);
}

// y[i] = x[i] · a + b; y may alias x.
template <typename T, typename C = NormCompute<T>>
void scaleShiftRow(const T *x, T *y, int64_t n, C a, C b)
{
#pragma omp simd
    for (int64_t i = 0; i < n; ++i)
        y[i] = T(C(x[i]) * a + b);
}

} // namespace silica::runtime
