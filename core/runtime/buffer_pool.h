#pragma once
// Recycles activation storage: a tensor's buffer goes back to the pool when its last reader
// has run and nobody else holds it; the next allocation of a similar size takes it. After the
// first run a session allocates nothing new.

#include "core/runtime/tensor.h"

#include <map>
#include <memory>
#include <mutex>

namespace silica::runtime {

class BufferPool
{
public:
    std::shared_ptr<Storage> acquire(size_t bytes);
    // Takes the storage back if nothing else refers to it.
    void release(std::shared_ptr<Storage> &&storage);
    size_t pooledBytes() const;

private:
    mutable std::mutex m_mutex;
    std::multimap<size_t, std::shared_ptr<Storage>> m_free; // by capacity
    size_t m_pooledBytes = 0;
};

} // namespace silica::runtime
