#include "core/device/cpu_backend.h"

#include <cstdio>
#include <unordered_map>

namespace silica::device {

std::string CpuBackend::description() const
{
    return "CPU: every op runs; the host is measured with Silica's runtime, other CPUs estimated";
}

Partition CpuBackend::compile(const Model &model, const SupportAnalysis &support, const DeviceProfile &profile) const
{
    // The CPU is the host: nothing crosses a link.
    Partition p = partitionFromSupport(model, support, profile, true);
    p.crossings.clear();
    return p;
}

Expected<Estimate> CpuBackend::estimate(const Model &model, const Partition &partition,
                                        const DeviceProfile &profile,
                                        const EstimateOptions &options) const
{
    Estimate e = rooflineEstimate(model, partition, profile);
    if (!profile.measuredOnHost || !options.measure)
        return e;
    if (!options.hostTimer) {
        e.notes.push_back("Not measured: this program has no runtime to time the model with.");
        return e;
    }
    Expected<HostTiming> timing = options.hostTimer(
        model, options.cancel, options.progress ? *options.progress : ProgressSink::none());
    if (!timing) {
        if (timing.error().code() == ErrorCode::Cancelled)
            return timing.error();
        e.notes.push_back("Not measured (" + timing.error().message() +
                          "); the figures are estimates.");
        return e;
    }
    std::unordered_map<NodeId, double> ms(timing->nodeMs.begin(), timing->nodeMs.end());
    e.measured = true;
    e.acceleratorMs = 0;
    e.energyMj = 0;
    for (NodeCost &c : e.nodes) {
        auto it = ms.find(c.id);
        if (c.placement == Placement::Folded || it == ms.end()) {
            c.ms = 0;
            continue;
        }
        c.ms = it->second;
        // Timed, not modelled: no roofline terms.
        c.computeMs = c.memoryMs = c.overheadMs = 0;
        c.bound = Bound::None;
        c.energyMj = c.ms * profile.activePower.value;
        e.acceleratorMs += c.ms;
        e.energyMj += c.energyMj;
    }
    for (SegmentCost &s : e.segments) {
        s.computeMs = 0;
        for (NodeId id : partition.segments[size_t(s.segment)].nodes)
            if (const NodeCost *c = e.forNode(id))
                s.computeMs += c->ms;
    }
    // The whole run's median, not the sum of node medians: the difference is the executor's
    // own work (scheduling, buffers), which belongs to no node.
    e.totalMs = timing->totalMs;
    e.transferMs = e.overheadMs = 0;
    for (SegmentCost &s : e.segments)
        s.transferMs = s.overheadMs = s.startMs = 0;
    e.energyMj = e.totalMs * profile.activePower.value;
    e.notes.clear();
    e.notes.push_back("Measured on this machine with Silica's runtime: median of " +
                      std::to_string(timing->runs) + " runs on " + std::to_string(timing->threads) +
                      " thread(s), random inputs. A fused group's time is given to its first node.");
    char line[160];
    std::snprintf(line, sizeof line, "Nodes account for %.3f ms of the %.3f ms; the rest is the runtime's own work.",
                  e.acceleratorMs, e.totalMs);
    e.notes.push_back(line);
    return e;
}

DeviceProfile fallbackHostProfile()
{
    const std::string why = "placeholder: the cpu plugin and its profiles were not found";
    auto placeholder = [&](double v) { return Figure{v, why, Figure::Tag::Unconfirmed}; };
    DeviceProfile p;
    p.id = "host-cpu";
    p.name = "This computer (CPU)";
    p.description = "Built-in fallback: latency is measured with Silica's runtime.";
    p.backend = CpuBackend::kFamily;
    p.measuredOnHost = true;
    p.peakOps[Precision::Fp32] = placeholder(1e11);
    p.defaultPrecision = Precision::Fp32;
    p.memoryBandwidth = placeholder(1e10);
    p.onChipBytes = placeholder(1 << 20);
    p.linkBandwidth = placeholder(1e10);
    p.linkLatency = placeholder(0);
    p.perInference = placeholder(0);
    p.perSegment = placeholder(0);
    p.perNode = placeholder(2e-6);
    p.activePower = placeholder(15);
    p.idlePower = placeholder(2);
    for (Figure &f : p.efficiency)
        f = placeholder(0.3);
    p.host = {"This computer",   placeholder(1e11), placeholder(0.3),
              placeholder(1e10), placeholder(2e-6), placeholder(15)};
    p.opList = "Silica's CPU runtime";
    return p;
}

} // namespace silica::device
