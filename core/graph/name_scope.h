#pragma once
// The scope hierarchy exporters write into node names: PyTorch's "/layer1/layer1.0/conv1/Conv"
// and TensorFlow's "model/block_1/conv/Conv2D" place the node in layer1 → layer1.0 → conv1.
// This is the grouping the canvas collapses and expands. A scope that would hold a single node
// and nothing else is not a group: the node stays in the parent scope.

#include "core/graph/model.h"

#include <string>
#include <vector>

namespace silica {

// Scope components of one node name ("/layer1/layer1.0/conv1/Conv" → layer1, layer1.0, conv1).
std::vector<std::string> nameScopes(const std::string &nodeName);

struct Scope
{
    std::string name; // last component ("layer1.0"); "" for the root
    std::string path; // "layer1/layer1.0"
    int parent = -1;
    std::vector<int> children; // scope indices, in first-appearance order
    std::vector<NodeId> nodes; // nodes directly in this scope
    uint64_t totalNodes = 0;   // nodes in this scope and below
};

class ScopeTree
{
public:
    static ScopeTree build(const Graph &graph);

    const std::vector<Scope> &scopes() const { return m_scopes; }
    const Scope &root() const { return m_scopes.front(); }
    // Index of the scope a node sits in directly (0 = root).
    int scopeOf(NodeId id) const;
    // Depth of the deepest scope (0 when the graph has no scopes).
    int depth() const;
    // Indented text form, one scope per line with its node count (for tests and the CLI).
    std::string toString() const;

private:
    std::vector<Scope> m_scopes;
    std::vector<std::pair<NodeId, int>> m_nodeScope; // sorted by id
};

} // namespace silica
