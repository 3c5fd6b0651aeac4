#include "core/common/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
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
    m_tempPath = path + ".tmp-XXXXXX";
    m_fd = ::mkstemp(m_tempPath.data());
    if (m_fd < 0) {
        const int err = errno;
        m_tempPath.clear();
        return Status(ErrorCode::IoError, "cannot create '" + path + "': " + std::strerror(err) +
                                              " (check that the folder exists and is writable)");
    }
    ::fchmod(m_fd, 0644);
    m_written = 0;
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

Status AtomicFileWriter::commit()
{
    if (m_fd < 0)
        return Status(ErrorCode::Internal, "commit of '" + m_path + "' before open()");
    if (::fsync(m_fd) != 0 || ::close(m_fd) != 0) {
        m_fd = -1;
        const std::string err = std::strerror(errno);
        abandon();
        return Status(ErrorCode::IoError, "cannot write '" + m_path + "': " + err);
    }
    m_fd = -1;
    if (::rename(m_tempPath.c_str(), m_path.c_str()) != 0) {
        const std::string err = std::strerror(errno);
        abandon();
        return Status(ErrorCode::IoError, "cannot replace '" + m_path + "': " + err);
    }
    m_tempPath.clear();
    return Status::ok();
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
