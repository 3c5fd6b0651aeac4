#pragma once
// A tensor while a model runs: element type, shape and a view of 64-byte aligned storage.
//
// Copying a Tensor shares its storage (cheap, like a shared_ptr). Kernels write only into
// outputs they allocated. Reshape-like kernels may return a view of an input's storage.
// The executor recycles storage only when nothing else holds it, so an observer may keep any
// Tensor it was handed.

#include "core/common/status.h"
#include "core/graph/data_type.h"
#include "core/graph/model.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace silica::runtime {

using Shape = std::vector<int64_t>;

int64_t elementCount(const Shape &shape);
// "[1,3,224,224]"
std::string shapeString(const Shape &shape);

// Raw bytes a tensor lives in. Either owned aligned memory or a read-only view of a weight.
class Storage
{
public:
    // Uninitialized, 64-byte aligned, at least `bytes` long (never null, even for 0 bytes).
    static std::shared_ptr<Storage> allocate(size_t bytes);
    // The same as a raw object, for owners with their own deleter (BufferPool); free it with
    // destroy().
    static Storage *allocateRaw(size_t bytes);
    static void destroy(Storage *storage) { delete storage; }
    // Read-only view of bytes owned by `owner` (an initializer's buffer).
    static std::shared_ptr<Storage> view(std::shared_ptr<const void> owner, const void *data,
                                         size_t bytes);
    static std::shared_ptr<Storage> view(std::shared_ptr<const ByteBuffer> owner,
                                         const void *data, size_t bytes);
    // For a view of a file mapping: lets the system drop these bytes from memory (they are
    // read back from the file if touched again). A no-op for other storage.
    void releaseResidentPages() const;
    ~Storage();
    Storage(const Storage &) = delete;
    Storage &operator=(const Storage &) = delete;

    void *data() const { return m_data; }
    size_t capacity() const { return m_capacity; }
    bool isReadOnly() const { return m_owner != nullptr; }

private:
    Storage() = default;
    void *m_data = nullptr;
    size_t m_capacity = 0;
    std::shared_ptr<const void> m_owner; // set for views
    const ByteBuffer *m_pager = nullptr;  // the buffer behind a view of an initializer
};

// How a float 4-D [N,C,H,W] activation is stored. Besides plain NCHW, the layouts oneDNN's
// convolutions run fastest on: channels-last (NHWC) and channels in zero-padded groups of 8 or
// 16 (nChw8c / nChw16c). Only kernels that say so (Kernel::acceptsBlocked) see a non-plain
// tensor; the executor converts to plain for every other reader (core/runtime/layout.h).
enum class Layout : uint8_t
{
    Plain,
    ChannelsLast,
    Blocked8,
    Blocked16,
};

class Tensor
{
public:
    Tensor() = default;
    // Uninitialized storage of the right size.
    static Tensor allocate(DataType type, Shape shape);
    // Zero-filled.
    static Tensor zeros(DataType type, Shape shape);
    // A view of existing storage (shared, not copied).
    static Tensor wrap(DataType type, Shape shape, std::shared_ptr<Storage> storage,
                       size_t byteOffset = 0);
    // A graph initializer or Constant value, without copying its bytes when the layout allows.
    // Fails for string and sub-byte element types.
    static Expected<Tensor> fromGraphTensor(const silica::Tensor &tensor);
    // The same bytes without any copy, even when they are misaligned for the element type:
    // only for kernels that read them with memcpy while packing (Kernel::packsInput).
    static Expected<Tensor> viewOfGraphTensor(const silica::Tensor &tensor);
    // Float [N,C,H,W] storage in a non-plain layout (uninitialized, padding included).
    static Tensor allocateInLayout(Shape shape, Layout layout);
    static Tensor wrapInLayout(Shape shape, Layout layout, std::shared_ptr<Storage> storage);
    template <typename T> static Tensor scalar(DataType type, T value)
    {
        Tensor t = allocate(type, {});
        *t.mutableData<T>() = value;
        return t;
    }
    template <typename T>
    static Tensor fromVector(DataType type, Shape shape, const std::vector<T> &values);

    bool isValid() const { return m_type != DataType::Undefined; }
    DataType dataType() const { return m_type; }
    const Shape &shape() const { return m_shape; }
    int rank() const { return int(m_shape.size()); }
    int64_t dim(int axis) const { return m_shape[size_t(axis)]; }
    int64_t elementCount() const { return runtime::elementCount(m_shape); }
    // Bytes of storage the tensor spans (blocked: padding included).
    size_t byteSize() const;
    Layout layout() const { return m_layout; }
    bool isPlain() const { return m_layout == Layout::Plain; }

    const void *raw() const;
    void *mutableRaw();
    template <typename T> const T *data() const { return static_cast<const T *>(raw()); }
    template <typename T> T *mutableData() { return static_cast<T *>(mutableRaw()); }

    const std::shared_ptr<Storage> &storage() const { return m_storage; }
    size_t byteOffset() const { return m_offset; }

    // Same storage, new shape (element counts must match).
    Tensor reshaped(Shape shape) const;
    // A deep copy into fresh owned storage.
    Tensor clone() const;
    // Values as double / int64, whatever the element type (for small shape-like inputs and
    // for tests). Fails for string / undefined element types.
    std::vector<double> toDoubles() const;
    std::vector<int64_t> toInt64s() const;
    // "float[1,3,224,224]"
    std::string describe() const;

private:
    DataType m_type = DataType::Undefined;
    Shape m_shape;
    std::shared_ptr<Storage> m_storage;
    size_t m_offset = 0;
    Layout m_layout = Layout::Plain;
};

// Bytes a float [N,C,H,W] tensor needs in `layout` (channel padding included).
size_t layoutByteSize(const Shape &shape, Layout layout);

template <typename T>
Tensor Tensor::fromVector(DataType type, Shape shape, const std::vector<T> &values)
{
    Tensor t = allocate(type, std::move(shape));
    T *out = t.mutableData<T>();
    for (size_t i = 0; i < values.size() && int64_t(i) < t.elementCount(); ++i)
        out[i] = values[i];
    return t;
}

// A graph-level TensorPtr from a runtime tensor (for writing .pb files and Constant folding).
TensorPtr toGraphTensor(const Tensor &tensor, const std::string &name);

} // namespace silica::runtime
