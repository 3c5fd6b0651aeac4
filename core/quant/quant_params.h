#pragma once
// Quantization parameters and the arithmetic of ONNX QuantizeLinear / DequantizeLinear:
//   q = saturate(round_half_to_even(x / scale) + zero_point),  x' = (q - zero_point) · scale.
// A real range [lo, hi] maps to parameters so that 0 is exactly representable (zero padding
// and ReLU outputs stay exact); symmetric parameters centre the range on 0 (zero point 0 for
// signed types, the middle of the range for unsigned ones), as per-channel weights and most
// accelerators require.

#include <cstdint>
#include <string>
#include <vector>

namespace silica::quant {

enum class QuantType
{
    Int8,
    Uint8,
    Int16,
    Uint16,
};
const char *quantTypeName(QuantType t); // "int8", …

struct QuantRange
{
    int32_t min = 0;
    int32_t max = 0;
};
QuantRange rangeOf(QuantType t);

struct QuantParams
{
    float scale = 1;
    int32_t zeroPoint = 0;
    QuantType type = QuantType::Uint8;
};

// Parameters for values in [lo, hi] (widened to include 0; a zero-width range gets scale 1).
QuantParams paramsForRange(double lo, double hi, QuantType type, bool symmetric);

// ONNX QuantizeLinear / DequantizeLinear for one value.
int32_t quantize(float x, const QuantParams &p);
float dequantize(int32_t q, const QuantParams &p);
// Quantize then dequantize: what a QDQ pair makes of x.
inline float fakeQuantize(float x, const QuantParams &p)
{
    return dequantize(quantize(x, p), p);
}

// Per-channel parameters of a weight tensor (row-major `dims`) along `axis`, from each
// channel's min and max.
std::vector<QuantParams> perChannelParams(const float *data, const std::vector<int64_t> &dims, int axis,
                                          QuantType type, bool symmetric);

} // namespace silica::quant
