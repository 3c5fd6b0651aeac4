#pragma once
// Writes a file so that readers see either the old file or the complete new one, never a
// half-written one: data goes to a temporary file in the same folder, which replaces the
// target only on commit(). Dropping the writer without commit() removes the temporary.

#include "core/common/status.h"

#include <cstdint>
#include <string>

namespace silica {

class AtomicFileWriter
{
public:
    AtomicFileWriter() = default;
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter &) = delete;
    AtomicFileWriter &operator=(const AtomicFileWriter &) = delete;

    Status open(const std::string &path);
    Status write(const void *data, uint64_t size);
    uint64_t bytesWritten() const { return m_written; }
    // Flushes, syncs and renames the temporary file over the target.
    Status commit();
    // commit() in two steps, so that several files can be synced first and then renamed
    // back to back (a model and its external data file).
    Status finish();
    Status publish();
    // Removes the temporary file (also done by the destructor when not committed).
    void abandon();

private:
    std::string m_path;
    std::string m_tempPath;
    int m_fd = -1;
    uint64_t m_written = 0;
};

} // namespace silica
