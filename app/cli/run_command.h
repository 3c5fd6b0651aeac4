#pragma once
// silica-cli run: runs a model on the host CPU with Silica's runtime.

#include <string>
#include <vector>

namespace silica {

// `args` starts after "run". Returns a CliExit code.
int runModelCommand(const std::vector<std::string> &args, std::string &out, std::string &err);

extern const char *const kRunUsage;

} // namespace silica
