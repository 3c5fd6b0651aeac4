// Partitioning (analysis.h): which nodes run on the device, in which segments, and which
// tensors cross between the device and the host.

#include "core/device/analysis.h"
#include "core/device/tensor_facts.h"
#include "core/graph/graph_index.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace silica::device {

const char *placementName(Placement p)
{
    switch (p) {
    case Placement::Accelerator:
        return "accelerator";
    case Placement::Cpu:
        return "cpu";
    case Placement::Stranded:
        return "stranded";
    case Placement::Folded:
        return "folded";
    }
    return "?";
}

const NodePlacement *Partition::forNode(NodeId id) const
{
    for (const NodePlacement &n : nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

int Partition::acceleratorSegments() const
{
    return int(std::count_if(segments.begin(), segments.end(), [](const Segment &s) { return s.accelerator; }));
}

size_t Partition::count(Placement p) const
{
    return size_t(std::count_if(nodes.begin(), nodes.end(), [&](const NodePlacement &n) { return n.placement == p; }));
}

Partition partitionFromSupport(const Model &model, const SupportAnalysis &support, const DeviceProfile &profile,
                               bool multipleSegments)
{
    Partition out;
    out.deviceId = profile.id;
    out.precision = support.precision;
    out.banners = support.banners;
    out.observedShapes = support.observedShapes;
    out.dims = support.dims;
    if (!model.graph)
        return out;
    const Graph &graph = *model.graph;
    const GraphIndex &index = graph.index();
    out.facts = support.facts ? support.facts
                              : std::make_shared<const TensorFacts>(model, support.observedShapes.get(), &support.dims);
    const TensorFacts &facts = *out.facts;

    // Placement per node.
    const NodeSupport *root = nullptr;
    for (const NodeSupport &s : support.nodes) {
        NodePlacement p;
        p.id = s.id;
        p.precision = s.precision;
        p.opClass = s.opClass;
        p.reason = s.reason;
        if (s.folded) {
            p.placement = Placement::Folded;
        } else if (!s.supported) {
            p.placement = Placement::Cpu;
            if (!multipleSegments && !root) {
                root = &s;
                p.rootCause = true;
            }
        } else if (!multipleSegments && root) {
            p.placement = Placement::Stranded;
            const Node *r = index.node(root->id);
            p.reason = "after the first unsupported op (" + (r ? r->displayName() : std::string("?")) +
                       "); " + profile.name + " maps ops only up to it";
        } else {
            p.placement = Placement::Accelerator;
        }
        out.nodes.push_back(std::move(p));
    }

    // Segments: a node's level counts the device/host switches on the way to it; nodes on the
    // same side and level form one segment, and segments run in level order.
    std::unordered_map<NodeId, size_t> at;
    for (size_t i = 0; i < out.nodes.size(); ++i)
        at[out.nodes[i].id] = i;
    auto onDevice = [](const NodePlacement &p) { return p.placement == Placement::Accelerator; };
    // The node whose work a value comes from, looking through folded pass-through nodes;
    // nullptr for graph inputs and constants.
    auto source = [&](std::string value) -> const NodePlacement * {
        for (int guard = 0; guard < 1000; ++guard) {
            const Node *p = index.producer(value);
            if (!p || facts.isConstant(value))
                return nullptr;
            const NodePlacement &np = out.nodes[at.at(p->id)];
            if (np.placement != Placement::Folded)
                return &np;
            if (p->inputs.empty())
                return nullptr;
            value = p->inputs[0];
        }
        return nullptr;
    };
    std::vector<int> level(out.nodes.size(), 0);
    std::map<std::pair<int, bool>, std::vector<size_t>> groups; // (level, on device) → nodes
    for (size_t i = 0; i < out.nodes.size(); ++i) {
        const NodePlacement &p = out.nodes[i];
        if (p.placement == Placement::Folded)
            continue;
        int l = 0;
        for (const std::string &in : index.allInputs(p.id)) {
            if (in.empty())
                continue;
            if (const NodePlacement *s = source(in))
                l = std::max(l, level[at.at(s->id)] + (onDevice(*s) != onDevice(p) ? 1 : 0));
        }
        level[i] = l;
        groups[{l, onDevice(p)}].push_back(i);
    }
    std::vector<std::vector<size_t>> ordered;
    for (auto &entry : groups)
        ordered.push_back(entry.second);
    std::stable_sort(ordered.begin(), ordered.end(), [&](const auto &a, const auto &b) {
        const int la = level[a.front()], lb = level[b.front()];
        return la != lb ? la < lb : a.front() < b.front();
    });
    if (!multipleSegments) {
        // One device subgraph: what comes before the first unsupported op, then the CPU runs
        // the rest in execution order.
        ordered.assign(2, {});
        for (size_t i = 0; i < out.nodes.size(); ++i)
            if (out.nodes[i].placement != Placement::Folded)
                ordered[onDevice(out.nodes[i]) ? 0 : 1].push_back(i);
        ordered.erase(std::remove_if(ordered.begin(), ordered.end(), [](const auto &g) { return g.empty(); }),
                      ordered.end());
    } else {
        // Neighbours on the same side run back to back: one segment.
        std::vector<std::vector<size_t>> merged;
        for (auto &members : ordered) {
            if (!merged.empty() && onDevice(out.nodes[merged.back().front()]) == onDevice(out.nodes[members.front()]))
                merged.back().insert(merged.back().end(), members.begin(), members.end());
            else
                merged.push_back(std::move(members));
        }
        for (auto &members : merged)
            std::sort(members.begin(), members.end());
        ordered = std::move(merged);
    }
    for (const auto &members : ordered) {
        Segment s;
        s.index = int(out.segments.size());
        s.accelerator = onDevice(out.nodes[members.front()]);
        for (size_t i : members) {
            out.nodes[i].segment = s.index;
            s.nodes.push_back(out.nodes[i].id);
        }
        out.segments.push_back(std::move(s));
    }

    // Crossings: values produced on one side and read on the other, once per reading segment;
    // graph inputs start on the host and graph outputs end there.
    auto bytesOf = [&](const std::string &value, Precision p) {
        const TensorFacts::Value &v = facts.value(value);
        return v.elements() * uint64_t(activationBytes(p));
    };
    std::map<std::pair<std::string, int>, bool> seen;
    for (const NodePlacement &p : out.nodes) {
        if (p.placement == Placement::Folded)
            continue;
        for (const std::string &in : index.allInputs(p.id)) {
            if (in.empty() || facts.isConstant(in))
                continue;
            const NodePlacement *s = source(in);
            const bool fromDevice = s && onDevice(*s);
            if (fromDevice == onDevice(p) || !seen.emplace(std::make_pair(in, p.segment), true).second)
                continue;
            out.crossings.push_back({in, s ? s->segment : -1, p.segment,
                                     bytesOf(in, onDevice(p) ? p.precision : s->precision)});
        }
    }
    for (const ValueInfo &o : graph.outputs)
        if (const NodePlacement *s = source(o.name); s && onDevice(*s))
            out.crossings.push_back({o.name, s->segment, -1, bytesOf(o.name, s->precision)});
    return out;
}

} // namespace silica::device
