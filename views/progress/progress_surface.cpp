#include "views/progress/progress_surface.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>

namespace silica {

ProgressSurface::ProgressSurface(QWidget *parent)
    : QWidget(parent), m_label(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_cancel(new QToolButton(this))
{
    m_bar->setFixedWidth(160);
    m_bar->setMaximumHeight(16);
    m_bar->setTextVisible(false);
    m_cancel->setObjectName(QStringLiteral("progressCancel"));
    m_cancel->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
    m_cancel->setToolTip(tr("Cancel"));
    m_cancel->setAutoRaise(true);
    connect(m_cancel, &QToolButton::clicked, this, &ProgressSurface::cancelCurrent);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(6);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    setVisible(false);
}

ProgressSurface::~ProgressSurface()
{
    // The watchers are children and die with us; their futures are owned by whoever started
    // the jobs, which cancel and wait for them.
    for (Task &t : m_tasks)
        t.watcher->disconnect(this);
}

void ProgressSurface::addTask(const QFuture<void> &future, const QString &title,
                              std::function<void()> cancel)
{
    auto *watcher = new QFutureWatcher<void>(this);
    m_tasks.push_back(Task{watcher, future, title, std::move(cancel)});
    connect(watcher, &QFutureWatcherBase::progressRangeChanged, this, &ProgressSurface::refresh);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this, &ProgressSurface::refresh);
    connect(watcher, &QFutureWatcherBase::progressTextChanged, this, &ProgressSurface::refresh);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] { removeTask(watcher); });
    watcher->setFuture(future);
    refresh();
}

void ProgressSurface::removeTask(QFutureWatcherBase *watcher)
{
    for (auto it = m_tasks.begin(); it != m_tasks.end(); ++it) {
        if (it->watcher == watcher) {
            m_tasks.erase(it);
            break;
        }
    }
    watcher->deleteLater();
    refresh();
}

QString ProgressSurface::text() const
{
    return m_label->text();
}

void ProgressSurface::cancelCurrent()
{
    if (m_tasks.empty())
        return;
    Task &t = m_tasks.back();
    if (!t.cancel)
        return;
    t.cancel();
    t.future.cancel();
    refresh();
}

void ProgressSurface::refresh()
{
    if (m_tasks.empty()) {
        setVisible(false);
        m_label->clear();
        return;
    }
    const Task &t = m_tasks.back();
    const QString step = t.future.progressText();
    QString text = step.isEmpty() ? t.title : tr("%1: %2").arg(t.title, step);
    if (t.future.isCanceled())
        text = tr("%1: cancelling…").arg(t.title);
    if (m_tasks.size() > 1)
        text = tr("%1 (+%2 more)").arg(text).arg(m_tasks.size() - 1);
    m_label->setText(text);
    const int min = t.future.progressMinimum();
    const int max = t.future.progressMaximum();
    m_bar->setRange(min, max); // 0..0 is the busy indicator
    if (max > min)
        m_bar->setValue(t.future.progressValue());
    m_cancel->setEnabled(bool(t.cancel) && !t.future.isCanceled());
    setVisible(true);
}

} // namespace silica
