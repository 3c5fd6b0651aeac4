#include "core/session/device_overlays.h"

#include "core/graph/graph_index.h"

#include <cstdio>

namespace silica {

using namespace device;

namespace {

std::string ms(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g ms", v);
    return buf;
}

} // namespace

std::vector<OverlayChannelPtr> deviceOverlays(const Model &model, const DeviceReport &report, uint64_t graphVersion)
{
    const DeviceProfile &profile = report.device->profile();
    const GraphIndex &index = model.graph->index();
    const std::string what = report.estimate.measured ? "measured" : "estimate";
    const std::string suffix = " (" + profile.name + ", " + what + ")";

    auto support = std::make_shared<OverlayChannel>();
    support->id = std::string(kDeviceSupportOverlayId);
    support->displayName = "Support (" + profile.name + ", " + precisionName(report.support.precision) + ")";
    support->kind = OverlayKind::Categorical;
    support->categories = {
        {"accelerator", "On the device", 0, "#4caf50"},
        {"folded", "Folded away", 0, "#cfd8dc"},
        {"stranded", "Stranded on the CPU", 2, "#ffb300"},
        {"cpu", "CPU fallback", 3, "#e53935"},
        {"root", "CPU fallback: root cause", 4, "#8e0000"},
    };
    support->graphVersion = graphVersion;

    auto latency = std::make_shared<OverlayChannel>();
    latency->id = std::string(kDeviceLatencyOverlayId);
    latency->displayName = "Latency" + suffix;
    latency->kind = OverlayKind::Continuous;
    latency->unit = "ms";
    latency->worse = WorseDirection::Higher;
    latency->graphVersion = graphVersion;

    auto memory = std::make_shared<OverlayChannel>();
    memory->id = std::string(kDeviceMemoryOverlayId);
    memory->displayName = "On-chip memory fit (" + profile.name + ")";
    memory->kind = OverlayKind::Continuous;
    memory->unit = "×";
    memory->worse = WorseDirection::Higher;
    memory->graphVersion = graphVersion;

    for (size_t i = 0; i < report.partition.nodes.size(); ++i) {
        const NodePlacement &p = report.partition.nodes[i];
        const Node *node = index.node(p.id);
        if (!node)
            continue;
        const std::string key = overlayKey(*node);
        OverlayValue s;
        s.category = p.rootCause                            ? 4
                     : p.placement == Placement::Accelerator ? 0
                     : p.placement == Placement::Folded      ? 1
                     : p.placement == Placement::Stranded    ? 2
                                                             : 3;
        s.reason = p.reason;
        support->values[key] = std::move(s);
        if (p.placement == Placement::Folded || i >= report.estimate.nodes.size())
            continue;
        const NodeCost &c = report.estimate.nodes[i];
        OverlayValue l;
        l.number = c.ms;
        l.reason = report.estimate.measured
                       ? "measured"
                       : std::string(boundName(c.bound)) + "-bound: compute " + ms(c.computeMs) + ", memory " +
                             ms(c.memoryMs) + (c.streamedWeightBytes ? ", weights streamed from the host" : "");
        latency->values[key] = std::move(l);
        if (profile.onChipBytes.value > 0) {
            OverlayValue m;
            m.number = c.memoryFit;
            m.reason = c.memoryFit > 1 ? "weights and activations exceed the on-chip memory" : "fits on chip";
            memory->values[key] = std::move(m);
        }
    }
    return {support, latency, memory};
}

} // namespace silica
