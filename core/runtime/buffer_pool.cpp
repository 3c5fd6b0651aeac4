#include "core/runtime/buffer_pool.h"

namespace silica::runtime {

std::shared_ptr<Storage> BufferPool::acquire(size_t bytes)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        // Best fit, but never waste more than half of a buffer on a small tensor.
        auto it = m_free.lower_bound(bytes);
        if (it != m_free.end() && it->first <= bytes * 2 + 4096) {
            std::shared_ptr<Storage> s = std::move(it->second);
            m_pooledBytes -= it->first;
            m_free.erase(it);
            return s;
        }
    }
    return Storage::allocate(bytes);
}

void BufferPool::release(std::shared_ptr<Storage> &&storage)
{
    if (!storage || storage.use_count() != 1 || storage->isReadOnly())
        return;
    std::lock_guard<std::mutex> lock(m_mutex);
    m_pooledBytes += storage->capacity();
    m_free.emplace(storage->capacity(), std::move(storage));
}

size_t BufferPool::pooledBytes() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_pooledBytes;
}

} // namespace silica::runtime
