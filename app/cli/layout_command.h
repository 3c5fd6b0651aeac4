#pragma once
// silica-cli layout: the canvas's layout, headless: what the open-time and layout benchmarks use.

#include <string>
#include <vector>

namespace silica {

// `args` starts after "layout". Returns a CliExit code.
int layoutCommand(const std::vector<std::string> &args, std::string &out, std::string &err);

extern const char *const kLayoutUsage;

} // namespace silica
