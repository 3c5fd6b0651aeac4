#pragma once
// An edit transaction on one model. It starts from an immutable version, collects changes, and
// commit() yields a new Model that shares every node, tensor and subgraph it did not touch
// with the base (weights are never deep-copied). New nodes get fresh stable ids.

#include "core/graph/model.h"

#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace silica {

class GraphEdit
{
public:
    explicit GraphEdit(ModelPtr base);

    const Model &base() const { return *m_base; }
    // The main graph as edited so far (indexed lazily; valid until the next change).
    const Graph &graph() const { return *m_graph; }

    void removeNodes(const std::unordered_set<NodeId> &ids);
    // Rewrites every read of a value named in `map` (main graph and nested subgraphs) and
    // renames node outputs listed in `outputRenames`. Graph outputs keep their names.
    void renameValues(const std::unordered_map<std::string, std::string> &reads,
                      const std::unordered_map<std::string, std::string> &outputRenames);
    // Drops initializers nothing reads any more (keeps those that are also graph inputs).
    // Returns how many were removed.
    int removeUnusedInitializers();
    // Drops value_info entries for values that no longer exist.
    void pruneValueInfo();
    NodeId addNode(Node node);

    ModelPtr commit() const;

private:
    Graph &mutableGraph();

    ModelPtr m_base;
    std::shared_ptr<Graph> m_graph;
    NodeId m_nextId;
};

} // namespace silica
