#pragma once
// The bottleneck list of an overlay: the nodes that have a value, worst first. F8 / Shift+F8
// walk it in this order.
//   continuous   by value, in the channel's bad direction (highest latency first)
//   categorical  by category severity (CPU fallbacks before accelerator nodes)
// Ties, and channels without a notion of bad such as op category, go by cost: MACs, then
// FLOPs, biggest first, then file order, so the heavy convolutions lead.

#include "core/graph/statistics.h"
#include "core/session/overlay.h"

#include <vector>

namespace silica {

struct RankedNode
{
    NodeId id = kInvalidNodeId;
    uint64_t macs = 0;
    uint64_t flops = 0;
};

// `stats` (of the same graph) breaks ties by cost; without it, ties stay in file order.
std::vector<RankedNode> rankNodes(const Graph &graph, const OverlayChannel &channel,
                                  const ModelStats *stats);

} // namespace silica
