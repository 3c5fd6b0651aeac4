// The roofline cost model and the energy model (analysis.h).

#include "core/device/analysis.h"
#include "core/device/tensor_facts.h"
#include "core/graph/graph_index.h"
#include "core/graph/statistics.h"

#include <algorithm>

namespace silica::device {

const char *boundName(Bound b)
{
    switch (b) {
    case Bound::Compute:
        return "compute";
    case Bound::Memory:
        return "memory";
    case Bound::Overhead:
        return "overhead";
    case Bound::None:
        return "none";
    }
    return "?";
}

const NodeCost *Estimate::forNode(NodeId id) const
{
    for (const NodeCost &n : nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

Estimate rooflineEstimate(const Model &model, const Partition &partition, const DeviceProfile &profile)
{
    Estimate out;
    out.deviceId = profile.id;
    if (!model.graph)
        return out;
    const Graph &graph = *model.graph;
    const GraphIndex &index = graph.index();
    const std::shared_ptr<const TensorFacts> shared =
        partition.facts ? partition.facts
                        : std::make_shared<const TensorFacts>(model, partition.observedShapes.get(), &partition.dims);
    const TensorFacts &facts = *shared;

    double cachedWeights = 0;
    const double budget = profile.onChipBytes.value;
    size_t working = 0, onDevice = 0;
    for (const NodePlacement &p : partition.nodes) {
        NodeCost c;
        c.id = p.id;
        c.placement = p.placement;
        const Node *node = index.node(p.id);
        if (!node || p.placement == Placement::Folded) {
            out.nodes.push_back(c);
            continue;
        }
        ++working;
        const NodeStats stats = nodeStatistics(graph, *node);
        uint64_t activationElements = 0;
        for (const std::string &in : node->inputs)
            if (!in.empty() && !facts.isConstant(in))
                activationElements += facts.value(in).elements();
        uint64_t outputElements = 0;
        for (const std::string &o : node->outputs)
            if (!o.empty())
                outputElements += facts.value(o).elements();
        activationElements += outputElements;
        c.ops = stats.flops > 0 ? double(stats.flops) : double(outputElements);
        c.activationBytes = activationElements * uint64_t(activationBytes(p.precision));
        c.weightBytes = facts.weightElements(*node) * uint64_t(weightBytes(p.precision));
        if (budget > 0)
            c.memoryFit = double(c.weightBytes + c.activationBytes) / budget;

        double computeS = 0, memoryS = 0, overheadS = 0;
        if (p.placement == Placement::Accelerator) {
            ++onDevice;
            auto peak = profile.peakOps.find(p.precision);
            const double peakOps = peak != profile.peakOps.end() ? peak->second.value
                                                                  : profile.peakOps.at(profile.defaultPrecision).value;
            computeS = c.ops / (peakOps * profile.efficiencyOf(p.opClass).value);
            double weightTraffic = double(c.weightBytes);
            if (profile.weightsStreamFromHost) {
                weightTraffic = 0;
                if (cachedWeights + double(c.weightBytes) <= budget)
                    cachedWeights += double(c.weightBytes);
                else
                    c.streamedWeightBytes = c.weightBytes;
            }
            // Activations that fit in on-chip memory (VTCM, SRAM, L2) stay there between
            // layers; larger ones go through device memory.
            const double activationTraffic = double(c.activationBytes) > budget ? double(c.activationBytes) : 0;
            memoryS = (activationTraffic + weightTraffic) / profile.memoryBandwidth.value;
            if (c.streamedWeightBytes)
                memoryS += double(c.streamedWeightBytes) / profile.streamBandwidth.value;
            overheadS = profile.perNode.value;
        } else {
            computeS = c.ops / (profile.host.peakOps.value * profile.host.efficiency.value);
            memoryS = double(c.activationBytes + c.weightBytes) / profile.host.bandwidth.value;
            overheadS = profile.host.perNode.value;
        }
        c.computeMs = computeS * 1e3;
        c.memoryMs = memoryS * 1e3;
        c.overheadMs = overheadS * 1e3;
        c.ms = std::max(c.computeMs, c.memoryMs) + c.overheadMs;
        c.bound = c.overheadMs > std::max(c.computeMs, c.memoryMs) ? Bound::Overhead
                  : c.computeMs >= c.memoryMs                      ? Bound::Compute
                                                                   : Bound::Memory;
        const double watts = p.placement == Placement::Accelerator ? profile.activePower.value : profile.host.power.value;
        c.energyMj = c.ms * watts;
        (p.placement == Placement::Accelerator ? out.acceleratorMs : out.cpuMs) += c.ms;
        out.streamedWeightBytes += c.streamedWeightBytes;
        out.energyMj += c.energyMj;
        out.nodes.push_back(c);
    }
    out.onChipWeightBytes = uint64_t(cachedWeights);
    out.acceleratorOpShare = working ? double(onDevice) / double(working) : 0;

    // Segments in order: transfers coming in (and graph outputs going back), the per-segment
    // overhead of the device's, then the nodes.
    out.segments.resize(partition.segments.size());
    for (size_t s = 0; s < partition.segments.size(); ++s) {
        out.segments[s].segment = int(s);
        out.segments[s].accelerator = partition.segments[s].accelerator;
        if (partition.segments[s].accelerator)
            out.segments[s].overheadMs = profile.perSegment.value * 1e3;
        for (NodeId id : partition.segments[s].nodes)
            if (const NodeCost *c = out.forNode(id))
                out.segments[s].computeMs += c->ms;
    }
    for (const Crossing &x : partition.crossings) {
        const int s = x.toSegment >= 0 ? x.toSegment : x.fromSegment;
        if (s < 0 || size_t(s) >= out.segments.size())
            continue;
        const double ms = transferMs(x, profile);
        out.segments[size_t(s)].transferMs += ms;
        out.segments[size_t(s)].transferBytes += x.bytes;
        out.transferMs += ms;
    }
    double t = 0;
    const bool usesDevice = partition.acceleratorSegments() > 0;
    if (usesDevice) {
        out.overheadMs += profile.perInference.value * 1e3;
        t += profile.perInference.value * 1e3;
    }
    for (SegmentCost &s : out.segments) {
        s.startMs = t;
        out.overheadMs += s.overheadMs;
        t = s.endMs();
    }
    out.totalMs = t;
    out.energyMj += (out.transferMs + out.overheadMs) * profile.activePower.value;

    out.notes.push_back("Estimate from device profile '" + profile.id + "'" +
                        (profile.file.empty() ? std::string() : " (" + profile.file + ")") +
                        ": roofline of published figures, not a measurement.");
    std::string unconfirmed;
    for (const auto &[field, figure] : profile.figures())
        if (figure->unconfirmed())
            unconfirmed += (unconfirmed.empty() ? "" : ", ") + field;
    if (!unconfirmed.empty())
        out.notes.push_back("Unconfirmed figures in the profile: " + unconfirmed + ".");
    return out;
}

double transferMs(const Crossing &x, const DeviceProfile &profile)
{
    return (double(x.bytes) / profile.linkBandwidth.value + profile.linkLatency.value) * 1e3;
}

PowerAtRate powerAtRate(const Estimate &estimate, const DeviceProfile &profile, double rateHz)
{
    PowerAtRate p;
    p.rateHz = rateHz;
    const double busy = estimate.totalMs * 1e-3 * rateHz;
    p.saturated = busy > 1;
    p.dutyCycle = std::min(1.0, busy);
    const double perSecondJ = estimate.energyMj * 1e-3 * std::min(rateHz, estimate.totalMs > 0 ? 1e3 / estimate.totalMs : rateHz);
    p.averageW = perSecondJ + profile.idlePower.value * (1 - p.dutyCycle);
    return p;
}

} // namespace silica::device
