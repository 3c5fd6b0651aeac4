#pragma once
// Per-node host latency: runs a session warm-up + repeat times with a timing observer and
// keeps, for every node (or fused group), the median of its wall times. The result says which
// graph version and thread count it was measured with.

#include "core/runtime/session.h"

#include <string>
#include <vector>

namespace silica::runtime {

struct ProfileOptions
{
    int warmup = 1;
    int repeat = 10;
};

struct NodeTiming
{
    std::vector<std::string> nodes; // display names of the model's nodes (fused groups: all)
    std::vector<NodeId> nodeIds;
    std::string opType;             // the main node's op ("Conv+Relu" for fused groups)
    double medianMs = 0;
    double share = 0; // of the sum of node medians
};

struct ProfileResult
{
    int threads = 1;
    int runs = 0;
    double medianMs = 0;         // whole-run median
    std::vector<double> runsMs;  // every timed run, in order
    std::vector<NodeTiming> nodes; // in run order
    RunResult lastRun;           // outputs of the last run
};

Expected<ProfileResult> profileSession(InferenceSession &session, const NamedTensors &feeds,
                                       const ProfileOptions &options,
                                       const CancelToken &cancel = CancelToken(),
                                       ProgressSink &progress = ProgressSink::none());

double medianOf(std::vector<double> values);

} // namespace silica::runtime
