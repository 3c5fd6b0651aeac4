#include "core/graph/tensor_stats.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace silica {

namespace {

template <typename T> double load(const uint8_t *p)
{
    T v;
    std::memcpy(&v, p, sizeof v);
    return static_cast<double>(v);
}

// Decodes element i; returns false for types we do not decode.
using Decoder = double (*)(const uint8_t *);

Decoder decoderFor(DataType type, size_t &stride)
{
    switch (type) {
    case DataType::Float:
        stride = 4;
        return &load<float>;
    case DataType::Double:
        stride = 8;
        return &load<double>;
    case DataType::Float16:
        stride = 2;
        return [](const uint8_t *p) {
            uint16_t h;
            std::memcpy(&h, p, 2);
            return static_cast<double>(halfToFloat(h));
        };
    case DataType::BFloat16:
        stride = 2;
        return [](const uint8_t *p) {
            uint16_t h;
            std::memcpy(&h, p, 2);
            return static_cast<double>(bfloat16ToFloat(h));
        };
    case DataType::Int8:
        stride = 1;
        return &load<int8_t>;
    case DataType::Uint8:
    case DataType::Bool:
        stride = 1;
        return &load<uint8_t>;
    case DataType::Int16:
        stride = 2;
        return &load<int16_t>;
    case DataType::Uint16:
        stride = 2;
        return &load<uint16_t>;
    case DataType::Int32:
        stride = 4;
        return &load<int32_t>;
    case DataType::Uint32:
        stride = 4;
        return &load<uint32_t>;
    case DataType::Int64:
        stride = 8;
        return &load<int64_t>;
    case DataType::Uint64:
        stride = 8;
        return &load<uint64_t>;
    default:
        stride = 0;
        return nullptr;
    }
}

} // namespace

Expected<TensorStatistics> tensorStatistics(const Tensor &tensor)
{
    if (tensor.bytes.buffer)
        if (Status s = tensor.bytes.buffer->verifyUnchanged(); !s)
            return s;
    size_t stride = 0;
    Decoder decode = decoderFor(tensor.dataType, stride);
    if (!decode)
        return Status(ErrorCode::Unsupported,
                      "no statistics for " + dataTypeName(tensor.dataType) + " tensors");
    TensorStatistics s;
    const uint64_t n = std::min<uint64_t>(tensor.elementCount(), tensor.bytes.size / stride);
    const uint8_t *p = tensor.bytes.data();
    double sum = 0, sumSq = 0;
    s.min = std::numeric_limits<double>::infinity();
    s.max = -std::numeric_limits<double>::infinity();
    uint64_t finite = 0;
    for (uint64_t i = 0; i < n; ++i) {
        const double v = decode(p + i * stride);
        if (!std::isfinite(v)) {
            ++s.nonFinite;
            continue;
        }
        ++finite;
        s.min = std::min(s.min, v);
        s.max = std::max(s.max, v);
        sum += v;
        sumSq += v * v;
        if (v == 0)
            ++s.zeros;
    }
    s.count = n;
    if (finite == 0) {
        s.min = s.max = 0;
        return s;
    }
    s.mean = sum / static_cast<double>(finite);
    s.stddev = std::sqrt(std::max(0.0, sumSq / static_cast<double>(finite) - s.mean * s.mean));
    return s;
}

Expected<std::vector<double>> tensorValues(const Tensor &tensor, uint64_t limit)
{
    if (tensor.bytes.buffer)
        if (Status s = tensor.bytes.buffer->verifyUnchanged(); !s)
            return s;
    size_t stride = 0;
    Decoder decode = decoderFor(tensor.dataType, stride);
    if (!decode)
        return Status(ErrorCode::Unsupported,
                      "cannot show values of " + dataTypeName(tensor.dataType) + " tensors");
    const uint64_t n =
        std::min<uint64_t>({tensor.elementCount(), tensor.bytes.size / stride, limit});
    std::vector<double> values;
    values.reserve(n);
    for (uint64_t i = 0; i < n; ++i)
        values.push_back(decode(tensor.bytes.data() + i * stride));
    return values;
}

} // namespace silica
