#pragma once
// Element types, numbered as ONNX's TensorProto.DataType so they round-trip unchanged.

#include <cstddef>
#include <cstdint>
#include <string>

namespace silica {

enum class DataType : int32_t
{
    Undefined = 0,
    Float = 1,
    Uint8 = 2,
    Int8 = 3,
    Uint16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    Uint32 = 12,
    Uint64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
    Float8E4M3FN = 17,
    Float8E4M3FNUZ = 18,
    Float8E5M2 = 19,
    Float8E5M2FNUZ = 20,
    Uint4 = 21,
    Int4 = 22,
    Float4E2M1 = 23,
};

// Lower-case ONNX spelling ("float", "int8", "float16"); "type<N>" for unknown numbers.
std::string dataTypeName(DataType type);

// Size of one element in bits (4 for the packed int4 types, 0 for string/undefined).
int dataTypeBits(DataType type);

// Bytes needed for `count` elements, rounding packed sub-byte types up.
uint64_t dataTypeBytes(DataType type, uint64_t count);

bool isKnownDataType(int32_t value);

// float32 value of an IEEE half / bfloat16 bit pattern.
float halfToFloat(uint16_t bits);
float bfloat16ToFloat(uint16_t bits);

} // namespace silica
