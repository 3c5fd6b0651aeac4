#pragma once
// Without a display the app does not start its window: it prints the inspection report of the
// model (the argument, or the bundled sample) like `silica-cli inspect`, for scripts, CI and
// remote shells.

#include <QStringList>

#include <string>

namespace silica {

// False when neither X11 nor Wayland is reachable and no Qt platform was forced.
bool hasDisplay();

// Loads the model named in `arguments` (the command line without the program name) or the
// sample, writes the report to `out` or the error to `err`. Returns the exit code: 0, or 2 for
// bad input.
int runHeadlessReport(const QStringList &arguments, std::string &out, std::string &err);

} // namespace silica
