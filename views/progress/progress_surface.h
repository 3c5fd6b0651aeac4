#pragma once
// The one place long jobs show progress: a status-bar widget with the job's title and current
// step, a progress bar and a cancel button. Any QFuture can be tracked; its progress range,
// value and text drive the bar (an empty range shows a busy indicator). Cancel calls
// QFuture::cancel() and the job's own cancel function (e.g. a core CancelToken). When several
// jobs run, the newest is shown; the surface hides when none is left.

#include <QFuture>
#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QProgressBar;
class QToolButton;
class QFutureWatcherBase;

namespace silica {

class ProgressSurface : public QWidget
{
    Q_OBJECT
public:
    explicit ProgressSurface(QWidget *parent = nullptr);
    ~ProgressSurface() override;

    // Tracks `future` until it finishes. `cancel` runs when the user presses the cancel
    // button, before future.cancel(); a task without one cannot be cancelled (button disabled).
    void addTask(const QFuture<void> &future, const QString &title,
                 std::function<void()> cancel = {});
    template <typename T>
    void addTask(const QFuture<T> &future, const QString &title, std::function<void()> cancel = {})
    {
        addTask(QFuture<void>(future), title, std::move(cancel));
    }

    int taskCount() const { return static_cast<int>(m_tasks.size()); }
    // The title and step shown, for tests.
    QString text() const;
    // Cancels the task shown (what the cancel button does).
    void cancelCurrent();

private:
    struct Task
    {
        QFutureWatcherBase *watcher = nullptr;
        QFuture<void> future;
        QString title;
        std::function<void()> cancel;
    };

    void refresh();
    void removeTask(QFutureWatcherBase *watcher);

    std::vector<Task> m_tasks;
    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
};

} // namespace silica
