#pragma once
// exp / tanh / sigmoid for float that the compiler vectorizes: libm calls keep a loop scalar,
// and Sigmoid, Tanh and Exp sit on the hot path of EfficientNet / MobileNet-style models.
// Branch-free (selects only), so a loop over them becomes AVX2 code. Include only from files
// compiled with -fno-trapping-math semantics (see elementwise_loops.h), or the selects stay
// branches.

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace silica::runtime {

namespace floatmath {

constexpr float kMaxLog = 88.72283905f;  // ln(FLT_MAX)
constexpr float kMinLog = -87.33654475f; // ln(FLT_MIN)
constexpr float kMaxCoreArg = 88.37f;    // below 127.5·ln2, so n ≤ 127 in expCore

// e^x = e^r·2^n: range reduction x = n·ln2 + r with |r| ≤ ln2/2 (ln2 split in two parts), and
// the degree-6 minimax polynomial of Cephes' expf (S. Moshier) for e^r, within ~2 ulp.
// Returns e^r and sets n.
inline float expReduced(float x, float &n)
{
    // round(x / ln2) to nearest with the 1.5·2^23 trick (no libm call)
    n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    return p * r * r + r + 1.0f;
}

// 2^n for an integral n in [-126, 127], built in the exponent bits.
inline float pow2(float n)
{
    const int32_t bits = (int32_t(n) + 127) << 23;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

// e^x for x in [kMinLog, kMaxCoreArg] (no special values).
inline float expCore(float x)
{
    float n;
    const float p = expReduced(x, n);
    return p * pow2(n);
}

} // namespace floatmath

// e^x with IEEE special cases: overflow → inf, NaN → NaN; results below FLT_MIN flush to 0.
inline float fastExp(float x)
{
    using namespace floatmath;
    // argument order sends NaN to kMinLog, so the int conversion in pow2 stays defined
    const float xc = std::min(kMaxLog, std::max(kMinLog, x));
    float n;
    const float p = expReduced(xc, n);
    // n reaches 128 just below ln(FLT_MAX), one more than the exponent field holds
    const float nField = std::min(n, 127.0f);
    const float result = p * pow2(nField) * (1.0f + (n - nField));
    const float high = x > kMaxLog ? std::numeric_limits<float>::infinity() : result;
    const float low = x < kMinLog ? 0.0f : high;
    return x != x ? x : low;
}

// 1 / (1 + e^-x). Beyond the clamp the result is already 0 or 1 in float, so e^-x needs none
// of fastExp's special cases (a third faster).
inline float fastSigmoid(float x)
{
    using namespace floatmath;
    const float nx = std::min(kMaxCoreArg, std::max(kMinLog, -x)); // NaN → kMinLog
    const float s = 1.0f / (1.0f + expCore(nx));
    return x != x ? x : s;
}

// tanh: the Cephes tanhf polynomial for |x| < 0.625, where 1 - 2/(e^2|x| + 1) would cancel,
// and the exp form beyond (clamped: tanh is ±1 in float long before e^2|x| overflows).
inline float fastTanh(float x)
{
    using namespace floatmath;
    const float ax = std::fabs(x);
    const float z = x * x;
    float p = -5.70498872745e-3f;
    p = p * z + 2.06390887954e-2f;
    p = p * z - 5.37397155531e-2f;
    p = p * z + 1.33314422036e-1f;
    p = p * z - 3.33332819422e-1f;
    const float small = p * z * x + x;
    const float t = 1.0f - 2.0f / (expCore(std::min(kMaxCoreArg, 2.0f * ax)) + 1.0f);
    const float large = x < 0.0f ? -t : t;
    const float y = ax < 0.625f ? small : large;
    return x != x ? x : y;
}

// out[i] = √in[i]. std::sqrt keeps a libm call for negative inputs (to set errno), which stops
// the compiler vectorizing, and a per-function -fno-math-errno does not reach that expansion.
inline void sqrtRow(const float *in, float *out, int64_t n)
{
    int64_t i = 0;
#ifdef __AVX__
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(out + i, _mm256_sqrt_ps(_mm256_loadu_ps(in + i)));
#endif
    for (; i < n; ++i)
        out[i] = std::sqrt(in[i]);
}

} // namespace silica::runtime
