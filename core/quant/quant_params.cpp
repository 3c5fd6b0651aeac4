#include "core/quant/quant_params.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace silica::quant {

const char *quantTypeName(QuantType t)
{
    switch (t) {
    case QuantType::Int8:
        return "int8";
    case QuantType::Uint8:
        return "uint8";
    case QuantType::Int16:
        return "int16";
    case QuantType::Uint16:
        return "uint16";
    }
    return "?";
}

QuantRange rangeOf(QuantType t)
{
    switch (t) {
    case QuantType::Int8:
        return {-128, 127};
    case QuantType::Uint8:
        return {0, 255};
    case QuantType::Int16:
        return {-32768, 32767};
    case QuantType::Uint16:
        return {0, 65535};
    }
    return {0, 255};
}

QuantParams paramsForRange(double lo, double hi, QuantType type, bool symmetric)
{
    QuantParams p;
    p.type = type;
    const QuantRange r = rangeOf(type);
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    if (symmetric) {
        const double a = std::max(std::fabs(lo), std::fabs(hi));
        const bool isSigned = r.min < 0;
        // Signed: [-a, a] on [-(2^(b-1) - 1), 2^(b-1) - 1], zero point 0 (the most negative
        // code stays unused, so the range is symmetric). Unsigned: the middle code is 0.
        const double levels = isSigned ? double(r.max) : (double(r.max) - double(r.min)) / 2.0;
        p.scale = a > 0 ? float(a / levels) : 1.0f;
        p.zeroPoint = isSigned ? 0 : int32_t((r.max - r.min + 1) / 2);
        return p;
    }
    const double span = hi - lo;
    if (!(span > 0)) {
        p.scale = 1;
        p.zeroPoint = std::clamp<int32_t>(0, r.min, r.max);
        return p;
    }
    p.scale = float(span / (double(r.max) - double(r.min)));
    // 0 must map to an integer code: the zero point, rounded and kept in range.
    const double zp = double(r.min) - lo / double(p.scale);
    p.zeroPoint = int32_t(std::clamp(std::nearbyint(zp), double(r.min), double(r.max)));
    return p;
}

int32_t quantize(float x, const QuantParams &p)
{
    const QuantRange r = rangeOf(p.type);
    if (std::isnan(x))
        return std::clamp<int32_t>(p.zeroPoint, r.min, r.max);
    // Round half to even (the default rounding mode), as the ONNX spec requires.
    const double q = std::nearbyint(double(x) / double(p.scale)) + double(p.zeroPoint);
    return int32_t(std::clamp(q, double(r.min), double(r.max)));
}

float dequantize(int32_t q, const QuantParams &p)
{
    return float(double(q - p.zeroPoint) * double(p.scale));
}

std::vector<QuantParams> perChannelParams(const float *data, const std::vector<int64_t> &dims, int axis,
                                          QuantType type, bool symmetric)
{
    const int rank = int(dims.size());
    if (axis < 0)
        axis += rank;
    if (axis < 0 || axis >= rank)
        return {};
    int64_t outer = 1, inner = 1;
    for (int d = 0; d < axis; ++d)
        outer *= dims[size_t(d)];
    for (int d = axis + 1; d < rank; ++d)
        inner *= dims[size_t(d)];
    const int64_t channels = dims[size_t(axis)];
    std::vector<double> lo(size_t(channels), std::numeric_limits<double>::infinity());
    std::vector<double> hi(size_t(channels), -std::numeric_limits<double>::infinity());
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t c = 0; c < channels; ++c) {
            const float *row = data + (o * channels + c) * inner;
            for (int64_t i = 0; i < inner; ++i) {
                lo[size_t(c)] = std::min(lo[size_t(c)], double(row[i]));
                hi[size_t(c)] = std::max(hi[size_t(c)], double(row[i]));
            }
        }
    std::vector<QuantParams> out;
    out.reserve(size_t(channels));
    for (int64_t c = 0; c < channels; ++c)
        out.push_back(paramsForRange(std::isfinite(lo[size_t(c)]) ? lo[size_t(c)] : 0,
                                     std::isfinite(hi[size_t(c)]) ? hi[size_t(c)] : 0, type, symmetric));
    return out;
}

} // namespace silica::quant
