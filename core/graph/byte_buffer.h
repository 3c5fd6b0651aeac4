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
    // Fails when the bytes may no longer be what was loaded (a mapped file was rewritten on
    // disk). Checked before saving and before reading weights for display.
    virtual Status verifyUnchanged() const { return Status::ok(); }
    // Lets the operating system drop the pages of [data, data + size) from memory. Only a
    // file mapping does anything: its pages are read back from the file when touched again,
    // so the bytes stay valid (the runtime calls this once it has packed a weight).
    virtual void releaseResidentPages(const uint8_t *data, uint64_t size) const
    {
        (void)data;
        (void)size;
    }
};

// Zero-filled memory of a fixed size, allocated in one call with its pages mapped up front
// (much cheaper than faulting in page by page). Filled once by the loader, then read-only.
class BlockBuffer final : public ByteBuffer
{
public:
    static Expected<std::shared_ptr<BlockBuffer>> allocate(uint64_t size);
    // The whole file, read in one pass. Unlike a mapping, the bytes stay as they were even if
    // the file is rewritten in place afterwards (exporters do that while the model is open).
    static Expected<std::shared_ptr<const BlockBuffer>> readFile(const std::string &path);
    ~BlockBuffer() override;
    BlockBuffer(const BlockBuffer &) = delete;
    BlockBuffer &operator=(const BlockBuffer &) = delete;

    const uint8_t *data() const override { return m_data; }
    uint8_t *mutableData() { return m_data; }
    uint64_t size() const override { return m_size; }

private:
    BlockBuffer() = default;
    uint8_t *m_data = nullptr;
    uint64_t m_size = 0;
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
    static Expected<std::shared_ptr<const MappedFile>> open(const std::string &path);
    ~MappedFile() override;
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    const uint8_t *data() const override { return m_data; }
    uint64_t size() const override { return m_size; }
    const std::string &path() const { return m_path; }
    void releaseResidentPages(const uint8_t *data, uint64_t size) const override;
    // A mapping shows the file as it is now: if another program rewrites or truncates it in
    // place, the weights change under us (or reading them faults). Compares the file's
    // identity and modification time with those at open.
    Status verifyUnchanged() const override;

private:
    MappedFile() = default;
    const uint8_t *m_data = nullptr;
    uint64_t m_size = 0;
    std::string m_path;
    uint64_t m_device = 0, m_inode = 0;
    int64_t m_mtimeNs = 0;
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
