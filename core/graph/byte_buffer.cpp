#include "core/graph/byte_buffer.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace silica {

Expected<std::shared_ptr<const MappedFile>> MappedFile::open(const std::string &path,
                                                             Access access)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return Status(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::IoError,
                      "cannot open '" + path + "': " + std::strerror(errno));
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return Status(ErrorCode::IoError, "cannot stat '" + path + "': " + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return Status(ErrorCode::InvalidArgument, "'" + path + "' is not a regular file");
    }
    std::shared_ptr<MappedFile> file(new MappedFile);
    file->m_path = path;
    file->m_size = static_cast<uint64_t>(st.st_size);
    if (file->m_size > 0) {
        // Faulting in a whole file page by page costs several times more than mapping it in
        // one go when every byte will be read anyway.
        const int flags = MAP_PRIVATE | (access == Access::ReadWhole ? MAP_POPULATE : 0);
        void *p = ::mmap(nullptr, file->m_size, PROT_READ, flags, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            return Status(ErrorCode::IoError, "cannot map '" + path + "': " + std::strerror(err));
        }
        file->m_data = static_cast<const uint8_t *>(p);
    }
    ::close(fd);
    return std::shared_ptr<const MappedFile>(std::move(file));
}

MappedFile::~MappedFile()
{
    if (m_data)
        ::munmap(const_cast<uint8_t *>(m_data), m_size);
}

ByteSlice ByteSlice::fromString(std::string bytes)
{
    ByteSlice slice;
    slice.size = bytes.size();
    slice.buffer = std::make_shared<StringBuffer>(std::move(bytes));
    return slice;
}

} // namespace silica
