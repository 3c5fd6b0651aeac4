#pragma once
// Cost statistics per node and for the whole model: parameters, MACs, FLOPs and activation
// bytes. Counting conventions (documented in README "Statistics"):
//   MACs  multiply-accumulates of Conv, ConvTranspose, Gemm, MatMul and their quantized forms.
//   FLOPs 2 per MAC, plus bias adds, plus per-element costs for pooling, normalization,
//         element-wise and reduction ops (see flopsPerElement in statistics.cpp).
// Unknown (symbolic) dimensions count as 1 and mark the figure as inexact.

#include "core/graph/model.h"

#include <map>
#include <string>
#include <vector>

namespace silica {

struct NodeStats
{
    NodeId id = kInvalidNodeId;
    uint64_t params = 0; // elements of the initializers / constants the node reads
    uint64_t paramBytes = 0;
    uint64_t macs = 0;
    uint64_t flops = 0;
    uint64_t inputBytes = 0;  // activations read (non-initializer inputs)
    uint64_t outputBytes = 0; // activations written
    bool exact = true;        // false when a needed shape was unknown or symbolic
};

struct ModelStats
{
    std::vector<NodeStats> nodes; // main graph, in file order
    std::map<std::string, int> opHistogram;
    uint64_t nodeCount = 0; // main graph nodes
    uint64_t params = 0;    // unique initializers and Constant tensors, all graphs
    uint64_t paramBytes = 0;
    uint64_t macs = 0;
    uint64_t flops = 0;
    bool exact = true;

    const NodeStats *forNode(NodeId id) const;
};

NodeStats nodeStatistics(const Graph &graph, const Node &node);
ModelStats modelStatistics(const Model &model);

// "25.6M", "4.1G", "812" — compact counts for tables and the status bar.
std::string formatCount(uint64_t value);
// "97.5 MiB", "12.0 KiB", "312 B".
std::string formatBytes(uint64_t bytes);

} // namespace silica
