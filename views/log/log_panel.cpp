#include "views/log/log_panel.h"

#include <QMenu>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QVBoxLayout>

#include <mutex>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>

namespace silica {

// Formats on the logging thread and posts the line to the panel's thread.
class LogPanelSink : public spdlog::sinks::base_sink<std::mutex>
{
public:
    explicit LogPanelSink(LogPanel *panel) : m_panel(panel)
    {
        set_formatter_(std::make_unique<spdlog::pattern_formatter>(
            "%H:%M:%S.%e %^%l%$  %v", spdlog::pattern_time_type::local, std::string()));
    }

    void detach()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        m_panel = nullptr;
    }

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override
    {
        if (!m_panel)
            return;
        spdlog::memory_buf_t buf;
        formatter_->format(msg, buf);
        const QString line = QString::fromUtf8(buf.data(), static_cast<qsizetype>(buf.size()));
        const auto level = static_cast<LogPanel::Level>(msg.level);
        LogPanel *panel = m_panel;
        // Queued even on the GUI thread: logging must never re-enter widget code.
        QMetaObject::invokeMethod(
            panel, [panel, level, line] { panel->appendLine(level, line); }, Qt::QueuedConnection);
    }
    void flush_() override {}

private:
    LogPanel *m_panel; // guarded by mutex_
};

namespace {

// Enough to read back a session; older lines are dropped so memory stays bounded.
constexpr int kMaxLines = 5000;

QColor levelColor(LogPanel::Level level)
{
    switch (level) {
    case LogPanel::Trace:
    case LogPanel::Debug:
        return QColor(0x80, 0x80, 0x80);
    case LogPanel::Warning:
        return QColor(0xb0, 0x60, 0x00);
    case LogPanel::Error:
    case LogPanel::Critical:
        return QColor(0xc0, 0x1c, 0x1c);
    case LogPanel::Info:
        break;
    }
    return {};
}

} // namespace

LogPanel::LogPanel(QWidget *parent)
    : QWidget(parent), m_text(new QPlainTextEdit(this)),
      m_sink(std::make_shared<LogPanelSink>(this))
{
    m_text->setObjectName(QStringLiteral("logText"));
    m_text->setReadOnly(true);
    m_text->setMaximumBlockCount(kMaxLines);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFont(QStringLiteral("monospace")));
    m_text->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_text, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        std::unique_ptr<QMenu> menu(m_text->createStandardContextMenu(pos));
        menu->addSeparator();
        menu->addAction(tr("Clear Log"), this, &LogPanel::clear);
        menu->exec(m_text->mapToGlobal(pos));
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
}

LogPanel::~LogPanel()
{
    m_sink->detach();
}

std::shared_ptr<spdlog::sinks::sink> LogPanel::sink() const
{
    return m_sink;
}

void LogPanel::appendLine(Level level, const QString &text)
{
    QScrollBar *bar = m_text->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    QTextCharFormat format;
    const QColor color = levelColor(level);
    if (color.isValid())
        format.setForeground(color);
    if (level >= Error)
        format.setFontWeight(QFont::Bold);
    QTextCursor cursor(m_text->document());
    cursor.movePosition(QTextCursor::End);
    if (!m_text->document()->isEmpty())
        cursor.insertBlock();
    cursor.insertText(text, format);
    if (atEnd)
        bar->setValue(bar->maximum());
}

QString LogPanel::text() const
{
    return m_text->toPlainText();
}

void LogPanel::clear()
{
    m_text->clear();
}

} // namespace silica
