#pragma once
// exp / tanh / sigmoid for float that the compiler vectorizes: libm calls keep a loop scalar,
// and Sigmoid, Tanh and Exp sit on the hot path of EfficientNet / MobileNet-style models.
// Branch-free (selects only), so a loop over them becomes AVX2 code.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace silica::runtime {

// e^x, within ~2 ulp. Range reduction x = n·ln2 + r with |r| ≤ ln2/2 and ln2 split in two
// parts, then the degree-6 minimax polynomial of Cephes' expf (S. Moshier); 2^n built in the
// exponent bits.
inline float fastExp(float x)
{
    constexpr float kMaxLog = 88.72283905f;  // ln(FLT_MAX)
    constexpr float kMinLog = -87.33654475f; // ln(FLT_MIN): below, the result is ~0
    // argument order sends NaN to kMinLog, so the int conversion below stays defined
    const float xc = std::min(kMaxLog, std::max(kMinLog, x));
    // round(xc / ln2) to nearest with the 1.5·2^23 trick (no libm call, no int conversion)
    const float n = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    const float r = (xc - n * 0.693359375f) + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    // 2^(n-1) then ·2, so n = 128 (x near ln FLT_MAX) stays a finite exponent field
    const int32_t bits = (int32_t(n) + 126) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof scale);
    const float result = p * scale * 2.0f;
    const float big = x > kMaxLog ? std::numeric_limits<float>::infinity() : result;
    return x != x ? x : big; // NaN passes through
}

inline float fastSigmoid(float x)
{
    return 1.0f / (1.0f + fastExp(-x));
}

// tanh: the Cephes tanhf polynomial for |x| < 0.625, where 1 - 2/(e^2|x| + 1) would cancel,
// and the exp form beyond.
inline float fastTanh(float x)
{
    const float ax = std::fabs(x);
    const float z = x * x;
    float p = -5.70498872745e-3f;
    p = p * z + 2.06390887954e-2f;
    p = p * z - 5.37397155531e-2f;
    p = p * z + 1.33314422036e-1f;
    p = p * z - 3.33332819422e-1f;
    const float small = p * z * x + x;
    const float t = 1.0f - 2.0f / (fastExp(2.0f * ax) + 1.0f);
    const float large = x < 0.0f ? -t : t;
    return ax < 0.625f ? small : large;
}

} // namespace silica::runtime
