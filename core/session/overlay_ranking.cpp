#include "core/session/overlay_ranking.h"

#include <algorithm>
#include <unordered_map>

namespace silica {

std::vector<RankedNode> rankNodes(const Graph &graph, const OverlayChannel &channel,
                                  const ModelStats *stats)
{
    std::unordered_map<NodeId, const NodeStats *> cost;
    if (stats)
        for (const NodeStats &s : stats->nodes)
            cost.emplace(s.id, &s);

    struct Entry
    {
        RankedNode node;
        const OverlayValue *value;
        size_t position;
    };
    std::vector<Entry> entries;
    entries.reserve(graph.nodes.size());
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        const Node &node = *graph.nodes[i];
        const OverlayValue *value = channel.value(node);
        if (!value)
            continue;
        RankedNode ranked;
        ranked.id = node.id;
        if (auto it = cost.find(node.id); it != cost.end()) {
            ranked.macs = it->second->macs;
            ranked.flops = it->second->flops;
        }
        entries.push_back({ranked, value, i});
    }
    std::stable_sort(entries.begin(), entries.end(), [&](const Entry &a, const Entry &b) {
        if (channel.isWorse(*a.value, *b.value))
            return true;
        if (channel.isWorse(*b.value, *a.value))
            return false;
        if (a.node.macs != b.node.macs)
            return a.node.macs > b.node.macs;
        if (a.node.flops != b.node.flops)
            return a.node.flops > b.node.flops;
        return a.position < b.position;
    });
    std::vector<RankedNode> ranked;
    ranked.reserve(entries.size());
    for (const Entry &e : entries)
        ranked.push_back(e.node);
    return ranked;
}

} // namespace silica
