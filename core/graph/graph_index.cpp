#include "core/graph/graph_index.h"

#include <algorithm>
#include <set>

namespace silica {

namespace {

void collectOuterReferences(const Graph &graph, std::set<std::string> &out)
{
    std::unordered_set<std::string> defined;
    for (const ValueInfo &in : graph.inputs)
        defined.insert(in.name);
    for (const TensorPtr &t : graph.initializers)
        defined.insert(t->name);
    for (const std::string &s : graph.sparseInitializerNames)
        defined.insert(s);
    for (const NodePtr &n : graph.nodes)
        for (const std::string &o : n->outputs)
            defined.insert(o);
    std::set<std::string> used;
    for (const NodePtr &n : graph.nodes) {
        for (const std::string &i : n->inputs)
            if (!i.empty())
                used.insert(i);
        for (const GraphPtr &sub : n->subgraphs())
            collectOuterReferences(*sub, used);
    }
    for (const ValueInfo &o : graph.outputs)
        used.insert(o.name);
    for (const std::string &name : used)
        if (!defined.count(name))
            out.insert(name);
}

} // namespace

std::vector<std::string> outerScopeReferences(const Graph &graph)
{
    std::set<std::string> refs;
    collectOuterReferences(graph, refs);
    return {refs.begin(), refs.end()};
}

GraphIndex::GraphIndex(const Graph &graph) : m_graph(graph)
{
    m_position.reserve(graph.nodes.size());
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        const Node &node = *graph.nodes[i];
        m_position.emplace(node.id, static_cast<int>(i));
        for (const std::string &out : node.outputs)
            if (!out.empty())
                m_producer.emplace(out, &node);

        std::vector<std::string> reads;
        for (const std::string &in : node.inputs)
            if (!in.empty())
                reads.push_back(in);
        const auto subgraphs = node.subgraphs();
        if (!subgraphs.empty()) {
            std::set<std::string> outer;
            for (const GraphPtr &sub : subgraphs)
                collectOuterReferences(*sub, outer);
            reads.insert(reads.end(), outer.begin(), outer.end());
        }
        std::vector<std::string> unique;
        for (const std::string &r : reads) {
            if (std::find(unique.begin(), unique.end(), r) == unique.end()) {
                unique.push_back(r);
                m_consumers[r].push_back(node.id);
            }
        }
        m_allInputs.emplace(node.id, std::move(unique));
    }
    for (const TensorPtr &t : graph.initializers)
        m_initializers.emplace(t->name, t.get());
    // A declared type wins over an inferred one only when it says at least as much: a file
    // that declares "float" without a shape must not hide the shape inference found.
    auto declare = [this](const ValueInfo &v) {
        const bool informative =
            v.type.kind == ValueType::Kind::Other || (v.type.isTensor() && v.type.hasShape);
        if (informative || !m_declared.count(v.name))
            m_declared[v.name] = &v;
    };
    for (const ValueInfo &v : graph.inferred)
        m_declared[v.name] = &v;
    for (const ValueInfo &v : graph.valueInfos)
        declare(v);
    for (const ValueInfo &v : graph.outputs) {
        m_outputs.insert(v.name);
        declare(v);
    }
    for (const ValueInfo &v : graph.inputs) {
        m_inputs.emplace(v.name, &v);
        declare(v);
    }
}

int GraphIndex::position(NodeId id) const
{
    auto it = m_position.find(id);
    return it == m_position.end() ? -1 : it->second;
}

const Node *GraphIndex::node(NodeId id) const
{
    const int pos = position(id);
    return pos < 0 ? nullptr : m_graph.nodes[static_cast<size_t>(pos)].get();
}

const Node *GraphIndex::producer(const std::string &value) const
{
    auto it = m_producer.find(value);
    return it == m_producer.end() ? nullptr : it->second;
}

const std::vector<NodeId> &GraphIndex::consumers(const std::string &value) const
{
    static const std::vector<NodeId> none;
    auto it = m_consumers.find(value);
    return it == m_consumers.end() ? none : it->second;
}

const Tensor *GraphIndex::initializer(const std::string &name) const
{
    auto it = m_initializers.find(name);
    return it == m_initializers.end() ? nullptr : it->second;
}

const Tensor *GraphIndex::weight(const std::string &value) const
{
    if (const Tensor *t = initializer(value))
        return t;
    const Node *p = producer(value);
    if (p && p->opType == "Constant" && isDefaultDomain(p->domain))
        if (const Attribute *a = p->attribute("value"); a && a->t)
            return a->t.get();
    return nullptr;
}

const ValueInfo *GraphIndex::graphInput(const std::string &name) const
{
    auto it = m_inputs.find(name);
    return it == m_inputs.end() ? nullptr : it->second;
}

std::vector<ValueInfo> GraphIndex::fedInputs() const
{
    std::vector<ValueInfo> fed;
    for (const ValueInfo &in : m_graph.inputs)
        if (!initializer(in.name))
            fed.push_back(in);
    return fed;
}

bool GraphIndex::isGraphOutput(const std::string &name) const
{
    return m_outputs.count(name) != 0;
}

ValueType GraphIndex::typeOf(const std::string &value) const
{
    auto it = m_declared.find(value);
    if (it != m_declared.end() && it->second->type.kind != ValueType::Kind::None)
        return it->second->type;
    if (const Tensor *t = initializer(value))
        return ValueType::tensor(t->dataType, t->dims);
    return {};
}

const std::vector<std::string> &GraphIndex::allInputs(NodeId id) const
{
    static const std::vector<std::string> none;
    auto it = m_allInputs.find(id);
    return it == m_allInputs.end() ? none : it->second;
}

} // namespace silica
