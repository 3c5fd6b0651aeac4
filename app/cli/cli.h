#pragma once
// silica-cli: the headless front end over core/. Subcommands share one binary.
//   silica-cli inspect MODEL [--json]
//   silica-cli convert MODEL -o OUT.onnx [--external-data]
//   silica-cli clean MODEL -o OUT.onnx
//   silica-cli run MODEL [--input NAME=FILE] [--random] [--profile] … (see run_command.h)
// Exit codes: 0 success, 1 usage error, 2 bad input (the model or a file), 3 internal error.

#include <string>
#include <vector>

namespace silica {

enum CliExit
{
    CliOk = 0,
    CliUsage = 1,
    CliBadInput = 2,
    CliInternal = 3
};

// Runs one command line; writes results to `out` and diagnostics to `err`.
int runCli(const std::vector<std::string> &args, std::string &out, std::string &err);

} // namespace silica
