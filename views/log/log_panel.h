#pragma once
// The log panel: lines logged through spdlog anywhere in the process, coloured by level. Its
// sink may be called from any thread; lines reach the widget through queued calls, and a sink
// that outlives its panel drops them.

#include <QWidget>

#include <memory>

class QPlainTextEdit;

namespace spdlog::sinks {
class sink;
}

namespace silica {

class LogPanelSink;

class LogPanel : public QWidget
{
    Q_OBJECT
public:
    // spdlog's levels, so the panel does not need spdlog in its interface.
    enum Level
    {
        Trace = 0,
        Debug,
        Info,
        Warning,
        Error,
        Critical
    };

    explicit LogPanel(QWidget *parent = nullptr);
    ~LogPanel() override;

    // Add this to a logger (e.g. spdlog::default_logger()->sinks()) to see its lines here.
    std::shared_ptr<spdlog::sinks::sink> sink() const;

    void appendLine(Level level, const QString &text);
    QString text() const;
    void clear();

private:
    QPlainTextEdit *m_text;
    std::shared_ptr<LogPanelSink> m_sink;
};

} // namespace silica
