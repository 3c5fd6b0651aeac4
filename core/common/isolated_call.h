#pragma once
// Runs a function in a forked child process and returns the bytes it produced. Used to call
// third-party code that may crash or hang on hostile input (libonnx 1.12's shape inference
// dereferences null on some malformed graphs): a crash or a hang in the child becomes an error
// value in the parent, never a crash of Silica.

#include "core/common/progress.h"
#include "core/common/status.h"

#include <functional>
#include <string>

namespace silica {

// `work` runs in the child; only its return value crosses back. Fails with Internal when the
// child crashed (the message names the signal), with Cancelled when `cancel` fired, and with
// Unsupported when it ran longer than `timeoutMs`.
Expected<std::string> runIsolated(const std::function<std::string()> &work, int timeoutMs,
                                  const CancelToken &cancel);

} // namespace silica
