#pragma once
// Shared helpers for kernels: element-type dispatch, broadcasting, axes, attributes, threads.

#include "core/runtime/half.h"
#include "core/runtime/kernel.h"
#include "core/runtime/parallel.h"

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace silica::runtime {

// C++ element type of a DataType, for dispatch.
template <DataType> struct CppType;
template <> struct CppType<DataType::Float> { using type = float; };
template <> struct CppType<DataType::Double> { using type = double; };
template <> struct CppType<DataType::Float16> { using type = Half; };
template <> struct CppType<DataType::BFloat16> { using type = BFloat16; };
template <> struct CppType<DataType::Int8> { using type = int8_t; };
template <> struct CppType<DataType::Uint8> { using type = uint8_t; };
template <> struct CppType<DataType::Int16> { using type = int16_t; };
template <> struct CppType<DataType::Uint16> { using type = uint16_t; };
template <> struct CppType<DataType::Int32> { using type = int32_t; };
template <> struct CppType<DataType::Uint32> { using type = uint32_t; };
template <> struct CppType<DataType::Int64> { using type = int64_t; };
template <> struct CppType<DataType::Uint64> { using type = uint64_t; };
template <> struct CppType<DataType::Bool> { using type = bool; };

template <typename T> constexpr bool isFloatLike =
    std::is_floating_point_v<T> || std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>;

// Calls fn(T{}) with the C++ type for `type`, for the float types (float, double, float16,
// bfloat16). Returns an Unsupported error for other types.
template <typename Fn> Status dispatchFloat(DataType type, const KernelContext &ctx, Fn &&fn)
{
    switch (type) {
    case DataType::Float: return fn(float{});
    case DataType::Double: return fn(double{});
    case DataType::Float16: return fn(Half{});
    case DataType::BFloat16: return fn(BFloat16{});
    default:
        return ctx.error("element type " + dataTypeName(type) + " is not supported",
                         ErrorCode::Unsupported);
    }
}

// Float types plus all integer types (not bool).
template <typename Fn> Status dispatchNumeric(DataType type, const KernelContext &ctx, Fn &&fn)
{
    switch (type) {
    case DataType::Int8: return fn(int8_t{});
    case DataType::Uint8: return fn(uint8_t{});
    case DataType::Int16: return fn(int16_t{});
    case DataType::Uint16: return fn(uint16_t{});
    case DataType::Int32: return fn(int32_t{});
    case DataType::Uint32: return fn(uint32_t{});
    case DataType::Int64: return fn(int64_t{});
    case DataType::Uint64: return fn(uint64_t{});
    default: return dispatchFloat(type, ctx, std::forward<Fn>(fn));
    }
}

// Every fixed-size type including bool (copying / gathering kernels).
template <typename Fn> Status dispatchAll(DataType type, const KernelContext &ctx, Fn &&fn)
{
    if (type == DataType::Bool)
        return fn(bool{});
    return dispatchNumeric(type, ctx, std::forward<Fn>(fn));
}

// Multidirectional (numpy) broadcasting of two or more shapes; fails when they do not match.
Expected<Shape> broadcastShapes(const std::vector<const Shape *> &shapes);

// Element strides of `shape` when broadcast to `outShape` (0 along broadcast axes), aligned
// to the right; size == outShape.size().
std::vector<int64_t> broadcastStrides(const Shape &shape, const Shape &outShape);

// Calls fn(outIndex, offsetA, offsetB) for every element of `outShape`, with the offsets of
// the matching elements of two broadcast inputs. Fast paths for equal shapes and scalars are
// up to the caller; this walks the innermost axis in a tight loop.
template <typename Fn>
void forEachBroadcast2(const Shape &outShape, const Shape &a, const Shape &b, Fn &&fn)
{
    const int rank = int(outShape.size());
    const int64_t total = elementCount(outShape);
    if (total == 0)
        return;
    const std::vector<int64_t> sa = broadcastStrides(a, outShape);
    const std::vector<int64_t> sb = broadcastStrides(b, outShape);
    if (rank == 0) {
        fn(int64_t(0), int64_t(0), int64_t(0));
        return;
    }
    const int64_t inner = outShape[size_t(rank - 1)];
    const int64_t ia = sa[size_t(rank - 1)], ib = sb[size_t(rank - 1)];
    std::vector<int64_t> idx(size_t(rank), 0);
    int64_t offA = 0, offB = 0;
    for (int64_t out = 0; out < total; out += inner) {
        for (int64_t i = 0; i < inner; ++i)
            fn(out + i, offA + i * ia, offB + i * ib);
        for (int axis = rank - 2; axis >= 0; --axis) {
            if (++idx[size_t(axis)] < outShape[size_t(axis)]) {
                offA += sa[size_t(axis)];
                offB += sb[size_t(axis)];
                break;
            }
            offA -= sa[size_t(axis)] * (outShape[size_t(axis)] - 1);
            offB -= sb[size_t(axis)] * (outShape[size_t(axis)] - 1);
            idx[size_t(axis)] = 0;
        }
    }
}

// `t` itself when plain, else a plain float copy in the kernel's scratch storage (readers of
// channels-last / nChw8c / nChw16c tensors that need NCHW order).
Tensor plainOf(KernelContext &ctx, const Tensor &t);

// Row-major element strides of a shape.
std::vector<int64_t> stridesOf(const Shape &shape);

// Axis in [-rank, rank) → [0, rank); nullopt-like -1 with an error message when out of range.
Expected<int> normalizeAxis(int64_t axis, int rank, const KernelContext &ctx);


} // namespace silica::runtime
