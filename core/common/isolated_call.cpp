#include "core/common/isolated_call.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace silica {

namespace {

bool writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

} // namespace

Expected<std::string> runIsolated(const std::function<std::string()> &work, int timeoutMs,
                                  const CancelToken &cancel)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return Status(ErrorCode::IoError,
                      std::string("cannot create a pipe: ") + std::strerror(errno));
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return Status(ErrorCode::IoError, std::string("cannot fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        // Child: default signal dispositions, so a crash ends only this process, quietly.
        for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
            std::signal(sig, SIG_DFL);
        ::close(fds[0]);
        std::string result;
        try {
            result = work();
        } catch (...) {
            ::_exit(3);
        }
        ::_exit(writeAll(fds[1], result.data(), result.size()) ? 0 : 4);
    }
    ::close(fds[1]);
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    Status failure;
    char buffer[65536];
    while (true) {
        if (cancel.isCancelled()) {
            failure = Status(ErrorCode::Cancelled, "cancelled");
            break;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            failure = Status(ErrorCode::Unsupported,
                             "did not finish within " + std::to_string(timeoutMs / 1000) + " s");
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 100)));
        if (ready < 0 && errno != EINTR) {
            failure =
                Status(ErrorCode::IoError, std::string("poll failed: ") + std::strerror(errno));
            break;
        }
        if (ready <= 0)
            continue;
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n > 0) {
            output.append(buffer, static_cast<size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break; // EOF: the child closed its end (finished or died)
    }
    ::close(fds[0]);
    if (!failure.isOk())
        ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!failure.isOk())
        return failure;
    if (WIFSIGNALED(status))
        return Status(ErrorCode::Internal, std::string("crashed with signal ") +
                                               std::to_string(WTERMSIG(status)) + " (" +
                                               strsignal(WTERMSIG(status)) + ")");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return Status(ErrorCode::Internal,
                      "failed with exit code " + std::to_string(WEXITSTATUS(status)));
    return output;
}

} // namespace silica
