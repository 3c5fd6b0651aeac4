#pragma once
// Derived, read-only lookups over one Graph: nodes by id, the producer and consumers of every
// value, types by value name, initializers by name. Built once per graph version.

#include "core/graph/model.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace silica {

class GraphIndex
{
public:
    explicit GraphIndex(const Graph &graph);

    const Graph &graph() const { return m_graph; }

    // Position of the node in graph().nodes, or -1.
    int position(NodeId id) const;
    const Node *node(NodeId id) const;
    // The node in this graph that produces `value`, or nullptr (graph input, initializer,
    // outer-scope value or dangling).
    const Node *producer(const std::string &value) const;
    // Nodes of this graph that read `value`, directly or from inside one of their subgraphs.
    const std::vector<NodeId> &consumers(const std::string &value) const;

    const Tensor *initializer(const std::string &name) const;
    // The weight behind a value: an initializer, or the tensor of the Constant node producing
    // it (paddle2onnx and others store weights that way). nullptr for activations.
    const Tensor *weight(const std::string &value) const;
    const ValueInfo *graphInput(const std::string &name) const;
    // The graph inputs a caller feeds: those without an initializer of the same name (before
    // IR 4, exporters list weights as inputs too).
    std::vector<ValueInfo> fedInputs() const;
    bool isGraphOutput(const std::string &name) const;
    // Declared type: graph input/output or value_info, then initializer. Kind::None if unknown.
    ValueType typeOf(const std::string &value) const;

    // Values a node reads: its inputs plus the outer-scope values its subgraphs use.
    const std::vector<std::string> &allInputs(NodeId id) const;

private:
    const Graph &m_graph;
    std::unordered_map<NodeId, int> m_position;
    std::unordered_map<std::string, const Node *> m_producer;
    std::unordered_map<std::string, std::vector<NodeId>> m_consumers;
    std::unordered_map<std::string, const Tensor *> m_initializers;
    std::unordered_map<std::string, const ValueInfo *> m_inputs;
    std::unordered_map<std::string, const ValueInfo *> m_declared;
    std::unordered_set<std::string> m_outputs;
    std::unordered_map<NodeId, std::vector<std::string>> m_allInputs;
};

// Names a graph uses but does not define (its outer-scope references), recursively through
// nested subgraphs. Sorted, without duplicates.
std::vector<std::string> outerScopeReferences(const Graph &graph);

} // namespace silica
