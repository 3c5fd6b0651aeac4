#pragma once
// Cancellation and progress for long core functions. A job is
// `(snapshot, options, const CancelToken &, ProgressSink &) -> Expected<Result>`; the Qt runner
// in the app wires these to the status-bar progress surface.

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace silica {

// Shared between the thread that may cancel and the worker that polls. Copies share state.
class CancelToken
{
public:
    CancelToken() : m_flag(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const { m_flag->store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_flag->load(std::memory_order_relaxed); }

private:
    std::shared_ptr<std::atomic<bool>> m_flag;
};

// Receives progress in [0, 1] with a short description of the current step.
class ProgressSink
{
public:
    virtual ~ProgressSink() = default;
    virtual void report(double fraction, const std::string &step) = 0;

    static ProgressSink &none();
};

// Adapts a callable into a ProgressSink.
class CallbackProgress : public ProgressSink
{
public:
    explicit CallbackProgress(std::function<void(double, const std::string &)> fn)
        : m_fn(std::move(fn))
    {
    }
    void report(double fraction, const std::string &step) override
    {
        if (m_fn)
            m_fn(fraction, step);
    }

private:
    std::function<void(double, const std::string &)> m_fn;
};

} // namespace silica
