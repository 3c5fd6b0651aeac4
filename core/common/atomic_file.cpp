#include "core/common/atomic_file.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace silica {

AtomicFileWriter::~AtomicFileWriter()
{
    abandon();
}

Status AtomicFileWriter::open(const std::string &path)
{
    abandon();
    m_path = path;
    m_written = 0;
    // The new file gets the old file's permissions, or 0666 less the umask like any new file.
    struct stat st;
    const bool exists = ::stat(path.c_str(), &st) == 0;
    static std::atomic<unsigned> counter{0};
    for (int attempt = 0; attempt < 100; ++attempt) {
        m_tempPath = path + ".tmp-" + std::to_string(::getpid()) + "-" +
                     std::to_string(counter.fetch_add(1));
        m_fd = ::open(m_tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (m_fd >= 0 || errno != EEXIST)
            break;
    }
    if (m_fd < 0) {
        const int err = errno;
        m_tempPath.clear();
        return Status(ErrorCode::IoError, "cannot create '" + path + "': " + std::strerror(err) +
                                              " (check that the folder exists and is writable)");
    }
    if (exists && S_ISREG(st.st_mode))
        ::fchmod(m_fd, st.st_mode & 07777);
    return Status::ok();
}

Status AtomicFileWriter::write(const void *data, uint64_t size)
{
    if (m_fd < 0)
        return Status(ErrorCode::Internal, "write to '" + m_path + "' before open()");
    const auto *p = static_cast<const char *>(data);
    while (size > 0) {
        const ssize_t n = ::write(m_fd, p, size > (1u << 30) ? (1u << 30) : size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return Status(ErrorCode::IoError,
                          "cannot write '" + m_path + "': " + std::strerror(errno));
        }
        p += n;
        size -= static_cast<uint64_t>(n);
        m_written += static_cast<uint64_t>(n);
    }
    return Status::ok();
}

Status AtomicFileWriter::finish()
{
    if (m_fd < 0)
        return m_tempPath.empty()
                   ? Status(ErrorCode::Internal, "finish of '" + m_path + "' before open()")
                   : Status::ok();
    const bool synced = ::fsync(m_fd) == 0;
    const int syncErr = errno;
    const bool closed = ::close(m_fd) == 0;
    const int closeErr = errno;
    m_fd = -1;
    if (!synced || !closed) {
        const std::string err = std::strerror(!synced ? syncErr : closeErr);
        abandon();
        return Status(ErrorCode::IoError, "cannot write '" + m_path + "': " + err);
    }
    return Status::ok();
}

Status AtomicFileWriter::publish()
{
    if (m_tempPath.empty())
        return Status(ErrorCode::Internal, "publish of '" + m_path + "' without data");
    if (::rename(m_tempPath.c_str(), m_path.c_str()) != 0) {
        const std::string err = std::strerror(errno);
        abandon();
        return Status(ErrorCode::IoError, "cannot replace '" + m_path + "': " + err);
    }
    m_tempPath.clear();
    return Status::ok();
}

Status AtomicFileWriter::commit()
{
    Status s = finish();
    return s ? publish() : s;
}

void AtomicFileWriter::abandon()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_tempPath.empty()) {
        ::unlink(m_tempPath.c_str());
        m_tempPath.clear();
    }
}

} // namespace silica
