#pragma once
// silica-cli devices / profile: the installed device profiles, and what a model does on them —
// per node placement (accelerator / cpu / stranded) with the reason, estimated latency and
// what bounds it, the segments, totals, energy and average power at an inference rate.

#include <string>
#include <vector>

namespace silica {

// `args` start after the command name. Return CliExit codes.
int devicesCommand(const std::vector<std::string> &args, std::string &out, std::string &err);
int profileCommand(const std::vector<std::string> &args, std::string &out, std::string &err);

extern const char *const kDeviceUsage;

} // namespace silica
