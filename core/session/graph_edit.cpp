#include "core/session/graph_edit.h"

#include "core/graph/graph_index.h"

namespace silica {

namespace {

// Returns the graph with reads renamed, or the same pointer when nothing changed (sharing).
GraphPtr renameReads(const GraphPtr &graph,
                     const std::unordered_map<std::string, std::string> &reads)
{
    std::shared_ptr<Graph> copy;
    for (size_t i = 0; i < graph->nodes.size(); ++i) {
        const Node &n = *graph->nodes[i];
        std::shared_ptr<Node> changed;
        auto node = [&]() -> Node & {
            if (!changed)
                changed = std::make_shared<Node>(n);
            return *changed;
        };
        for (size_t k = 0; k < n.inputs.size(); ++k) {
            auto it = reads.find(n.inputs[k]);
            if (it != reads.end())
                node().inputs[k] = it->second;
        }
        for (size_t a = 0; a < n.attributes.size(); ++a) {
            const Attribute &attr = n.attributes[a];
            if (attr.g) {
                GraphPtr g = renameReads(attr.g, reads);
                if (g != attr.g)
                    node().attributes[a].g = g;
            }
            for (size_t k = 0; k < attr.graphs.size(); ++k) {
                GraphPtr g = renameReads(attr.graphs[k], reads);
                if (g != attr.graphs[k])
                    node().attributes[a].graphs[k] = g;
            }
        }
        if (changed) {
            if (!copy)
                copy = std::make_shared<Graph>(*graph);
            copy->nodes[i] = std::move(changed);
        }
    }
    // Subgraph outputs may name outer values directly.
    for (size_t k = 0; k < graph->outputs.size(); ++k) {
        auto it = reads.find(graph->outputs[k].name);
        if (it != reads.end() && graph.get() != nullptr) {
            if (!copy)
                copy = std::make_shared<Graph>(*graph);
            copy->outputs[k].name = it->second;
        }
    }
    return copy ? GraphPtr(std::move(copy)) : graph;
}

} // namespace

GraphEdit::GraphEdit(ModelPtr base)
    : m_base(std::move(base)), m_graph(std::make_shared<Graph>(*m_base->graph)),
      m_nextId(m_base->nextNodeId)
{
}

Graph &GraphEdit::mutableGraph()
{
    m_graph->invalidateIndex();
    return *m_graph;
}

void GraphEdit::removeNodes(const std::unordered_set<NodeId> &ids)
{
    if (ids.empty())
        return;
    Graph &g = mutableGraph();
    std::vector<NodePtr> kept;
    kept.reserve(g.nodes.size());
    for (NodePtr &n : g.nodes)
        if (!ids.count(n->id))
            kept.push_back(std::move(n));
    g.nodes = std::move(kept);
}

void GraphEdit::renameValues(const std::unordered_map<std::string, std::string> &reads,
                             const std::unordered_map<std::string, std::string> &outputRenames)
{
    Graph &g = mutableGraph();
    // Main-graph outputs keep their names: the model's interface does not change. Rename
    // reads in the main graph's nodes only (not its output list).
    Graph nodesOnly;
    nodesOnly.nodes = g.nodes;
    GraphPtr renamed = renameReads(std::make_shared<Graph>(nodesOnly), reads);
    g.nodes = renamed->nodes;
    if (!outputRenames.empty()) {
        for (NodePtr &n : g.nodes) {
            bool hit = false;
            for (const std::string &o : n->outputs)
                hit = hit || outputRenames.count(o);
            if (!hit)
                continue;
            auto copy = std::make_shared<Node>(*n);
            for (std::string &o : copy->outputs) {
                auto it = outputRenames.find(o);
                if (it != outputRenames.end())
                    o = it->second;
            }
            n = std::move(copy);
        }
    }
}

int GraphEdit::removeUnusedInitializers()
{
    const GraphIndex &idx = m_graph->index();
    std::vector<TensorPtr> kept;
    int removed = 0;
    for (const TensorPtr &t : m_graph->initializers) {
        if (!idx.consumers(t->name).empty() || idx.graphInput(t->name) ||
            idx.isGraphOutput(t->name))
            kept.push_back(t);
        else
            ++removed;
    }
    if (removed)
        mutableGraph().initializers = std::move(kept);
    return removed;
}

void GraphEdit::pruneValueInfo()
{
    const GraphIndex &idx = m_graph->index();
    std::vector<ValueInfo> kept;
    for (const ValueInfo &v : m_graph->valueInfos)
        if (idx.producer(v.name) || idx.initializer(v.name) || idx.graphInput(v.name))
            kept.push_back(v);
    std::vector<ValueInfo> inferred;
    for (const ValueInfo &v : m_graph->inferred)
        if (idx.producer(v.name))
            inferred.push_back(v);
    Graph &g = mutableGraph();
    g.valueInfos = std::move(kept);
    g.inferred = std::move(inferred);
}

NodeId GraphEdit::addNode(Node node)
{
    node.id = m_nextId++;
    const NodeId id = node.id;
    mutableGraph().nodes.push_back(std::make_shared<const Node>(std::move(node)));
    return id;
}

ModelPtr GraphEdit::commit() const
{
    auto m = std::make_shared<Model>(*m_base);
    auto g = std::make_shared<Graph>(*m_graph);
    m->graph = std::move(g);
    m->nextNodeId = m_nextId;
    return m;
}

} // namespace silica
