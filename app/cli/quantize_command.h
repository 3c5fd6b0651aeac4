#pragma once
// silica-cli quantize: calibrate on real data, write the QDQ model, and say how far its outputs
// are from the float model's on the calibration samples.

#include <string>
#include <vector>

namespace silica {

int quantizeCommand(const std::vector<std::string> &args, std::string &out, std::string &err);

extern const char *const kQuantizeUsage;

} // namespace silica
