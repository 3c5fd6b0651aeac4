#include "core/runtime/buffer_pool.h"

namespace silica::runtime {

std::shared_ptr<BufferPool> BufferPool::create()
{
    return std::shared_ptr<BufferPool>(new BufferPool());
}

BufferPool::~BufferPool()
{
    for (auto &entry : m_free)
        Storage::destroy(entry.second);
}

std::shared_ptr<Storage> BufferPool::recycling(Storage *storage)
{
    std::weak_ptr<BufferPool> pool = weak_from_this();
    return std::shared_ptr<Storage>(storage, [pool](Storage *s) {
        if (auto p = pool.lock())
            p->adopt(s);
        else
            Storage::destroy(s);
    });
}

void BufferPool::adopt(Storage *storage)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_pooledBytes += storage->capacity();
    m_free.emplace(storage->capacity(), storage);
}

std::shared_ptr<Storage> BufferPool::acquire(size_t bytes)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        // Best fit, but never waste more than half of a buffer on a small tensor.
        auto it = m_free.lower_bound(bytes);
        if (it != m_free.end() && it->first <= bytes * 2 + 4096) {
            Storage *s = it->second;
            m_pooledBytes -= it->first;
            m_free.erase(it);
            return recycling(s);
        }
    }
    return recycling(Storage::allocateRaw(bytes));
}

size_t BufferPool::pooledBytes() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_pooledBytes;
}

} // namespace silica::runtime
