#pragma once
// Immutable byte storage shared by tensors and graph versions. Weights are held exactly once:
// either in a string taken over from the parsed protobuf, or in a read-only memory map of an
// external data file. Every tensor that refers to them holds a slice, never a copy.

#include "core/common/status.h"

#include <cstdint>
#include <memory>
#include <string>

namespace silica {

class ByteBuffer
{
public:
    virtual ~ByteBuffer() = default;
    virtual const uint8_t *data() const = 0;
    virtual uint64_t size() const = 0;
};

// Owns bytes moved in from a std::string (no copy when the caller moves).
class StringBuffer final : public ByteBuffer
{
public:
    explicit StringBuffer(std::string bytes) : m_bytes(std::move(bytes)) {}
    const uint8_t *data() const override
    {
        return reinterpret_cast<const uint8_t *>(m_bytes.data());
    }
    uint64_t size() const override { return m_bytes.size(); }

private:
    std::string m_bytes;
};

// A whole file mapped read-only. Pages are read from disk only when touched, so a model with
// tens of gigabytes of external weights opens instantly.
class MappedFile final : public ByteBuffer
{
public:
    enum class Access {
        Lazy,      // pages are read when touched (external weights)
        ReadWhole, // the caller reads every byte: map all pages up front in one call
    };
    static Expected<std::shared_ptr<const MappedFile>> open(const std::string &path,
                                                            Access access = Access::Lazy);
    ~MappedFile() override;
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    const uint8_t *data() const override { return m_data; }
    uint64_t size() const override { return m_size; }
    const std::string &path() const { return m_path; }

private:
    MappedFile() = default;
    const uint8_t *m_data = nullptr;
    uint64_t m_size = 0;
    std::string m_path;
};

// A view of [offset, offset + size) inside a shared buffer.
struct ByteSlice
{
    std::shared_ptr<const ByteBuffer> buffer;
    uint64_t offset = 0;
    uint64_t size = 0;

    const uint8_t *data() const { return buffer ? buffer->data() + offset : nullptr; }
    bool empty() const { return size == 0; }
    static ByteSlice fromString(std::string bytes);
};

} // namespace silica
