#include "core/graph/byte_buffer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace silica {

Expected<std::shared_ptr<const MappedFile>> MappedFile::open(const std::string &path)
{
    // Non-blocking so a FIFO cannot hang the open; only regular files are mapped anyway.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
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
        return Status(ErrorCode::IoError,
                      "'" + path +
                          "' is not a regular file (a folder or a device); choose an "
                          ".onnx file");
    }
    std::shared_ptr<MappedFile> file(new MappedFile);
    file->m_path = path;
    file->m_size = static_cast<uint64_t>(st.st_size);
    file->m_device = static_cast<uint64_t>(st.st_dev);
    file->m_inode = static_cast<uint64_t>(st.st_ino);
    file->m_mtimeNs = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    if (file->m_size > 0) {
        void *p = ::mmap(nullptr, file->m_size, PROT_READ, MAP_PRIVATE, fd, 0);
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

void MappedFile::releaseResidentPages(const uint8_t *data, uint64_t size) const
{
    // Whole pages inside the range only: a neighbouring weight may share the edge pages.
    const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + page - 1) / page * page;
    const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + size) / page * page;
    const uintptr_t mapBegin = reinterpret_cast<uintptr_t>(m_data);
    if (end <= begin || begin < mapBegin || end > mapBegin + m_size)
        return;
    // A private, read-only file mapping that was never written: MADV_DONTNEED just drops the
    // page cache references; the next access reads the file again.
    ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_DONTNEED);
}

Status MappedFile::verifyUnchanged() const
{
    struct stat st;
    const bool same =
        ::stat(m_path.c_str(), &st) == 0 && static_cast<uint64_t>(st.st_dev) == m_device &&
        static_cast<uint64_t>(st.st_ino) == m_inode &&
        static_cast<uint64_t>(st.st_size) == m_size &&
        static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec == m_mtimeNs;
    if (same)
        return Status::ok();
    return Status(ErrorCode::IoError, "'" + m_path +
                                          "' changed on disk since the model was opened; reopen "
                                          "the model to see the new weights");
}

Expected<std::shared_ptr<BlockBuffer>> BlockBuffer::allocate(uint64_t size)
{
    std::shared_ptr<BlockBuffer> block(new BlockBuffer);
    block->m_size = size;
    if (size == 0)
        return block;
    void *p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return Status(ErrorCode::IoError, "cannot allocate " + std::to_string(size >> 20) +
                                              " MiB for the weights: " + std::strerror(errno));
    // Huge pages where the kernel allows them: far fewer page faults and TLB misses while the
    // weights are copied in and read later.
    ::madvise(p, size, MADV_HUGEPAGE);
    block->m_data = static_cast<uint8_t *>(p);
    return block;
}

Expected<std::shared_ptr<const BlockBuffer>> BlockBuffer::readFile(const std::string &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return Status(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::IoError,
                      "cannot open '" + path + "': " + std::strerror(errno));
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return Status(ErrorCode::IoError,
                      "'" + path +
                          "' is not a regular file (a folder or a device); choose an "
                          ".onnx file");
    }
    auto block = allocate(static_cast<uint64_t>(st.st_size));
    if (!block) {
        ::close(fd);
        return block.error();
    }
    uint64_t done = 0;
    while (done < block.value()->m_size) {
        const ssize_t n = ::pread(fd, block.value()->m_data + done,
                                  std::min<uint64_t>(block.value()->m_size - done, 1u << 30),
                                  static_cast<off_t>(done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const std::string why = n < 0 ? std::strerror(errno) : "the file got shorter";
            ::close(fd);
            return Status(ErrorCode::IoError, "cannot read '" + path + "': " + why);
        }
        done += static_cast<uint64_t>(n);
    }
    ::close(fd);
    return std::shared_ptr<const BlockBuffer>(std::move(block).value());
}

BlockBuffer::~BlockBuffer()
{
    if (m_data)
        ::munmap(m_data, m_size);
}

ByteSlice ByteSlice::fromString(std::string bytes)
{
    ByteSlice slice;
    slice.size = bytes.size();
    slice.buffer = std::make_shared<StringBuffer>(std::move(bytes));
    return slice;
}

} // namespace silica
