#pragma once
// Recycles activation storage. Every buffer the pool hands out comes back to it when its last
// reference is dropped (a value whose readers have all run, a result the caller let go), and
// the next allocation of a similar size takes it. After the first run a session allocates
// nothing new and touches no fresh pages.

#include "core/runtime/tensor.h"

#include <map>
#include <memory>
#include <mutex>

namespace silica::runtime {

class BufferPool : public std::enable_shared_from_this<BufferPool>
{
public:
    static std::shared_ptr<BufferPool> create();
    ~BufferPool();

    std::shared_ptr<Storage> acquire(size_t bytes);
    size_t pooledBytes() const;

private:
    BufferPool() = default;
    void adopt(Storage *storage);
    std::shared_ptr<Storage> recycling(Storage *storage);

    mutable std::mutex m_mutex;
    std::multimap<size_t, Storage *> m_free; // by capacity; owned
    size_t m_pooledBytes = 0;
};

} // namespace silica::runtime
