#include "core/runtime/tensor.h"

#include "core/runtime/half.h"

#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <new>

namespace silica::runtime {

int64_t elementCount(const Shape &shape)
{
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

std::string shapeString(const Shape &shape)
{
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i)
            s += ',';
        s += std::to_string(shape[i]);
    }
    return s + "]";
}

Storage *Storage::allocateRaw(size_t bytes)
{
    std::unique_ptr<Storage> s(new Storage());
    const size_t rounded = ((bytes + 63) / 64) * 64;
    s->m_data = std::aligned_alloc(64, rounded == 0 ? 64 : rounded);
    if (!s->m_data)
        throw std::bad_alloc();
    s->m_capacity = bytes;
    return s.release();
}

std::shared_ptr<Storage> Storage::allocate(size_t bytes)
{
    return std::shared_ptr<Storage>(allocateRaw(bytes));
}

std::shared_ptr<Storage> Storage::view(std::shared_ptr<const void> owner, const void *data,
                                       size_t bytes)
{
    std::shared_ptr<Storage> s(new Storage());
    s->m_data = const_cast<void *>(data);
    s->m_capacity = bytes;
    s->m_owner = std::move(owner);
    if (!s->m_owner) // a view must keep something alive; a null owner still marks read-only
        s->m_owner = std::make_shared<int>(0);
    return s;
}

std::shared_ptr<Storage> Storage::view(std::shared_ptr<const ByteBuffer> owner, const void *data,
                                       size_t bytes)
{
    const ByteBuffer *pager = owner.get();
    std::shared_ptr<Storage> s = view(std::shared_ptr<const void>(std::move(owner)), data, bytes);
    s->m_pager = pager;
    return s;
}

void Storage::releaseResidentPages() const
{
    if (m_pager)
        m_pager->releaseResidentPages(static_cast<const uint8_t *>(m_data), m_capacity);
}

Storage::~Storage()
{
    if (!m_owner)
        std::free(m_data);
}

size_t layoutByteSize(const Shape &shape, Layout layout)
{
    const int64_t block = layout == Layout::Blocked8 ? 8 : layout == Layout::Blocked16 ? 16 : 1;
    int64_t n = 1;
    for (size_t i = 0; i < shape.size(); ++i)
        n *= i == 1 ? (shape[i] + block - 1) / block * block : shape[i];
    return size_t(n) * sizeof(float);
}

size_t Tensor::byteSize() const
{
    if (m_layout != Layout::Plain)
        return layoutByteSize(m_shape, m_layout);
    return size_t(dataTypeBytes(m_type, uint64_t(elementCount())));
}

Tensor Tensor::allocateInLayout(Shape shape, Layout layout)
{
    return wrapInLayout(shape, layout, Storage::allocate(layoutByteSize(shape, layout)));
}

Tensor Tensor::wrapInLayout(Shape shape, Layout layout, std::shared_ptr<Storage> storage)
{
    Tensor t;
    t.m_type = DataType::Float;
    t.m_shape = std::move(shape);
    t.m_storage = std::move(storage);
    t.m_layout = layout;
    return t;
}

const void *Tensor::raw() const
{
    return m_storage ? static_cast<const uint8_t *>(m_storage->data()) + m_offset : nullptr;
}

void *Tensor::mutableRaw()
{
    return m_storage ? static_cast<uint8_t *>(m_storage->data()) + m_offset : nullptr;
}

Tensor Tensor::allocate(DataType type, Shape shape)
{
    Tensor t;
    t.m_type = type;
    t.m_shape = std::move(shape);
    t.m_storage = Storage::allocate(t.byteSize());
    return t;
}

Tensor Tensor::zeros(DataType type, Shape shape)
{
    Tensor t = allocate(type, std::move(shape));
    std::memset(t.mutableRaw(), 0, t.byteSize());
    return t;
}

Tensor Tensor::wrap(DataType type, Shape shape, std::shared_ptr<Storage> storage,
                    size_t byteOffset)
{
    Tensor t;
    t.m_type = type;
    t.m_shape = std::move(shape);
    t.m_storage = std::move(storage);
    t.m_offset = byteOffset;
    return t;
}

Expected<Tensor> Tensor::fromGraphTensor(const silica::Tensor &tensor)
{
    const int bits = dataTypeBits(tensor.dataType);
    if (bits < 8)
        return Status(ErrorCode::Unsupported,
                      "tensor '" + tensor.name + "' has element type " +
                          dataTypeName(tensor.dataType) + ", which the runtime cannot hold");
    const Shape shape(tensor.dims.begin(), tensor.dims.end());
    const size_t bytes = size_t(tensor.expectedByteSize());
    if (tensor.bytes.size != bytes)
        return Status(ErrorCode::InvalidModel,
                      "tensor '" + tensor.name + "' holds " + std::to_string(tensor.bytes.size) +
                          " bytes, but its type and shape " + dataTypeName(tensor.dataType) +
                          shapeString(shape) + " need " + std::to_string(bytes));
    const uint8_t *data = tensor.bytes.data();
    // Kernels read elements through typed pointers: share the bytes only when they are
    // aligned for the element type (raw_data sits anywhere in a protobuf file).
    const size_t align = std::max<size_t>(1, size_t(bits / 8));
    if (bytes == 0 || reinterpret_cast<uintptr_t>(data) % align != 0) {
        Tensor t = allocate(tensor.dataType, shape);
        if (bytes)
            std::memcpy(t.mutableRaw(), data, bytes);
        return t;
    }
    return wrap(tensor.dataType, shape, Storage::view(tensor.bytes.buffer, data, bytes));
}

Expected<Tensor> Tensor::viewOfGraphTensor(const silica::Tensor &tensor)
{
    const size_t bytes = size_t(tensor.expectedByteSize());
    if (dataTypeBits(tensor.dataType) < 8 || tensor.bytes.size != bytes || bytes == 0)
        return fromGraphTensor(tensor);
    return wrap(tensor.dataType, Shape(tensor.dims.begin(), tensor.dims.end()),
                Storage::view(tensor.bytes.buffer, tensor.bytes.data(), bytes));
}

Tensor Tensor::reshaped(Shape shape) const
{
    Tensor t = *this;
    t.m_shape = std::move(shape);
    return t;
}

Tensor Tensor::clone() const
{
    Tensor t = isPlain() ? allocate(m_type, m_shape) : allocateInLayout(m_shape, m_layout);
    if (byteSize())
        std::memcpy(t.mutableRaw(), raw(), byteSize());
    return t;
}

namespace {
template <typename Out> std::vector<Out> convertAll(const Tensor &t)
{
    const int64_t n = t.elementCount();
    std::vector<Out> out(size_t(n > 0 ? n : 0));
    const void *p = t.raw();
    auto fill = [&](auto tag) {
        using T = decltype(tag);
        const T *src = static_cast<const T *>(p);
        for (int64_t i = 0; i < n; ++i)
            out[size_t(i)] = Out(src[i]);
    };
    switch (t.dataType()) {
    case DataType::Float: fill(float{}); break;
    case DataType::Double: fill(double{}); break;
    case DataType::Int8: fill(int8_t{}); break;
    case DataType::Uint8: fill(uint8_t{}); break;
    case DataType::Int16: fill(int16_t{}); break;
    case DataType::Uint16: fill(uint16_t{}); break;
    case DataType::Int32: fill(int32_t{}); break;
    case DataType::Uint32: fill(uint32_t{}); break;
    case DataType::Int64: fill(int64_t{}); break;
    case DataType::Uint64: fill(uint64_t{}); break;
    case DataType::Bool: fill(bool{}); break;
    case DataType::Float16: {
        const uint16_t *src = static_cast<const uint16_t *>(p);
        for (int64_t i = 0; i < n; ++i)
            out[size_t(i)] = Out(halfBitsToFloat(src[i]));
        break;
    }
    case DataType::BFloat16: {
        const uint16_t *src = static_cast<const uint16_t *>(p);
        for (int64_t i = 0; i < n; ++i)
            out[size_t(i)] = Out(bfloat16BitsToFloat(src[i]));
        break;
    }
    default: out.clear(); break;
    }
    return out;
}
} // namespace

std::vector<double> Tensor::toDoubles() const { return convertAll<double>(*this); }
std::vector<int64_t> Tensor::toInt64s() const { return convertAll<int64_t>(*this); }

std::string Tensor::describe() const { return dataTypeName(m_type) + shapeString(m_shape); }

TensorPtr toGraphTensor(const Tensor &tensor, const std::string &name)
{
    auto out = std::make_shared<silica::Tensor>();
    out->name = name;
    out->dataType = tensor.dataType();
    out->dims = tensor.shape();
    const auto *p = static_cast<const char *>(tensor.raw());
    out->bytes = ByteSlice::fromString(std::string(p, p + tensor.byteSize()));
    return out;
}

} // namespace silica::runtime
