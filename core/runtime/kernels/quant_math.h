#pragma once
// Saturating conversion to an integer type, as ONNX's quantisation ops define it.

#include <cmath>
#include <cstdint>
#include <limits>

namespace silica::runtime {

template <typename T> T saturateTo(double v)
{
    constexpr double lo = double(std::numeric_limits<T>::min());
    constexpr double hi = double(std::numeric_limits<T>::max());
    if (std::isnan(v))
        return T(0);
    return T(v < lo ? lo : v > hi ? hi : v);
}

} // namespace silica::runtime
