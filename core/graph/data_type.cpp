#include "core/graph/data_type.h"

#include <cstring>

namespace silica {

std::string dataTypeName(DataType type)
{
    switch (type) {
    case DataType::Undefined:
        return "undefined";
    case DataType::Float:
        return "float";
    case DataType::Uint8:
        return "uint8";
    case DataType::Int8:
        return "int8";
    case DataType::Uint16:
        return "uint16";
    case DataType::Int16:
        return "int16";
    case DataType::Int32:
        return "int32";
    case DataType::Int64:
        return "int64";
    case DataType::String:
        return "string";
    case DataType::Bool:
        return "bool";
    case DataType::Float16:
        return "float16";
    case DataType::Double:
        return "double";
    case DataType::Uint32:
        return "uint32";
    case DataType::Uint64:
        return "uint64";
    case DataType::Complex64:
        return "complex64";
    case DataType::Complex128:
        return "complex128";
    case DataType::BFloat16:
        return "bfloat16";
    case DataType::Float8E4M3FN:
        return "float8e4m3fn";
    case DataType::Float8E4M3FNUZ:
        return "float8e4m3fnuz";
    case DataType::Float8E5M2:
        return "float8e5m2";
    case DataType::Float8E5M2FNUZ:
        return "float8e5m2fnuz";
    case DataType::Uint4:
        return "uint4";
    case DataType::Int4:
        return "int4";
    case DataType::Float4E2M1:
        return "float4e2m1";
    }
    return "type" + std::to_string(static_cast<int>(type));
}

int dataTypeBits(DataType type)
{
    switch (type) {
    case DataType::Bool:
    case DataType::Uint8:
    case DataType::Int8:
    case DataType::Float8E4M3FN:
    case DataType::Float8E4M3FNUZ:
    case DataType::Float8E5M2:
    case DataType::Float8E5M2FNUZ:
        return 8;
    case DataType::Uint16:
    case DataType::Int16:
    case DataType::Float16:
    case DataType::BFloat16:
        return 16;
    case DataType::Float:
    case DataType::Int32:
    case DataType::Uint32:
        return 32;
    case DataType::Int64:
    case DataType::Uint64:
    case DataType::Double:
    case DataType::Complex64:
        return 64;
    case DataType::Complex128:
        return 128;
    case DataType::Uint4:
    case DataType::Int4:
    case DataType::Float4E2M1:
        return 4;
    case DataType::String:
    case DataType::Undefined:
        return 0;
    }
    return 0;
}

uint64_t dataTypeBytes(DataType type, uint64_t count)
{
    return (count * static_cast<uint64_t>(dataTypeBits(type)) + 7) / 8;
}

bool isKnownDataType(int32_t value)
{
    return value >= 0 && value <= static_cast<int32_t>(DataType::Float4E2M1);
}

float halfToFloat(uint16_t h)
{
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    uint32_t exponent = (h >> 10) & 0x1fu;
    uint32_t mantissa = h & 0x3ffu;
    uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else { // subnormal: normalise
            exponent = 127 - 15 + 1;
            while ((mantissa & 0x400u) == 0) {
                mantissa <<= 1;
                --exponent;
            }
            mantissa &= 0x3ffu;
            bits = sign | (exponent << 23) | (mantissa << 13);
        }
    } else if (exponent == 0x1f) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

float bfloat16ToFloat(uint16_t b)
{
    const uint32_t bits = static_cast<uint32_t>(b) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

} // namespace silica
