#pragma once
// Driving the real main window in GUI suites.

#include "app/gui/main_window.h"

#include <QSignalSpy>
#include <QTest>

namespace silica::guitest {

// Shows `w`, opens `path` and waits until the model is shown; false on failure or timeout.
inline bool showAndOpen(MainWindow &w, const QString &path, int timeoutMs)
{
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return false;
    QSignalSpy opened(&w, &MainWindow::modelOpened);
    w.openFile(path);
    return opened.wait(timeoutMs) || opened.count() == 1;
}

} // namespace silica::guitest
