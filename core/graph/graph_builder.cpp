#include "core/graph/graph_builder.h"

#include <cstring>
#include <functional>

namespace silica {

namespace {
Attribute &addAttribute(Node *n, const std::string &name, AttributeType type)
{
    Attribute a;
    a.name = name;
    a.type = type;
    n->attributes.push_back(std::move(a));
    return n->attributes.back();
}
} // namespace

GraphBuilder::NodeHandle &GraphBuilder::NodeHandle::ints(const std::string &name,
                                                         std::vector<int64_t> values)
{
    addAttribute(m_node, name, AttributeType::Ints).ints = std::move(values);
    return *this;
}

GraphBuilder::NodeHandle &GraphBuilder::NodeHandle::i(const std::string &name, int64_t value)
{
    addAttribute(m_node, name, AttributeType::Int).i = value;
    return *this;
}

GraphBuilder::NodeHandle &GraphBuilder::NodeHandle::f(const std::string &name, float value)
{
    addAttribute(m_node, name, AttributeType::Float).f = value;
    return *this;
}

GraphBuilder::NodeHandle &GraphBuilder::NodeHandle::floats(const std::string &name,
                                                           std::vector<float> values)
{
    addAttribute(m_node, name, AttributeType::Floats).floats = std::move(values);
    return *this;
}

GraphBuilder::NodeHandle &GraphBuilder::NodeHandle::s(const std::string &name, std::string value)
{
    addAttribute(m_node, name, AttributeType::String).s = std::move(value);
    return *this;
}

GraphBuilder::NodeHandle &GraphBuilder::NodeHandle::tensor(const std::string &name, TensorPtr value)
{
    addAttribute(m_node, name, AttributeType::Tensor).t = std::move(value);
    return *this;
}

GraphBuilder::NodeHandle &GraphBuilder::NodeHandle::graph(const std::string &name, GraphPtr value)
{
    addAttribute(m_node, name, AttributeType::Graph).g = std::move(value);
    return *this;
}

GraphBuilder::NodeHandle &GraphBuilder::NodeHandle::domain(std::string d)
{
    m_node->domain = std::move(d);
    return *this;
}

GraphBuilder::GraphBuilder(std::string graphName, int64_t opsetVersion)
{
    m_graph.name = std::move(graphName);
    m_model.irVersion = 8;
    m_model.opsets.push_back({"", opsetVersion});
    m_model.producerName = "silica";
}

GraphBuilder &GraphBuilder::input(const std::string &name, DataType type,
                                  std::vector<int64_t> shape)
{
    return input(name, ValueType::tensor(type, shape));
}

GraphBuilder &GraphBuilder::input(const std::string &name, ValueType type)
{
    m_graph.inputs.push_back({name, std::move(type), {}, {}});
    return *this;
}

GraphBuilder &GraphBuilder::output(const std::string &name, DataType type,
                                   std::vector<int64_t> shape)
{
    m_graph.outputs.push_back({name, ValueType::tensor(type, shape), {}, {}});
    return *this;
}

GraphBuilder &GraphBuilder::output(const std::string &name)
{
    m_graph.outputs.push_back({name, {}, {}, {}});
    return *this;
}

GraphBuilder &GraphBuilder::initializer(const std::string &name, std::vector<int64_t> dims,
                                        const std::vector<float> &values)
{
    return initializer(floatTensor(name, std::move(dims), values));
}

GraphBuilder &GraphBuilder::initializer(TensorPtr tensor)
{
    m_graph.initializers.push_back(std::move(tensor));
    return *this;
}

GraphBuilder::NodeHandle GraphBuilder::node(const std::string &opType,
                                            std::vector<std::string> inputs,
                                            std::vector<std::string> outputs,
                                            const std::string &name)
{
    auto n = newNode(m_nextId, opType, std::move(inputs), std::move(outputs), name);
    m_nodes.push_back(n);
    return NodeHandle(n.get());
}

GraphBuilder &GraphBuilder::opset(const std::string &domain, int64_t version)
{
    for (OpsetImport &o : m_model.opsets) {
        if (o.domain == domain) {
            o.version = version;
            return *this;
        }
    }
    m_model.opsets.push_back({domain, version});
    return *this;
}

GraphBuilder &GraphBuilder::producer(std::string name, std::string version)
{
    m_model.producerName = std::move(name);
    m_model.producerVersion = std::move(version);
    return *this;
}

GraphBuilder &GraphBuilder::docString(std::string doc)
{
    m_model.docString = std::move(doc);
    return *this;
}

GraphBuilder &GraphBuilder::metadata(std::string key, std::string value)
{
    m_model.metadata.push_back({std::move(key), std::move(value)});
    return *this;
}

GraphPtr GraphBuilder::buildGraph() const
{
    auto g = std::make_shared<Graph>(m_graph);
    for (const auto &n : m_nodes)
        g->nodes.push_back(std::make_shared<const Node>(*n));
    return g;
}

Model GraphBuilder::build() const
{
    Model m = m_model;
    m.graph = buildGraph();
    // Renumber so ids are unique across the model, subgraphs included.
    NodeId next = 0;
    std::function<GraphPtr(const GraphPtr &)> renumber = [&](const GraphPtr &g) {
        auto copy = std::make_shared<Graph>(*g);
        for (NodePtr &n : copy->nodes) {
            auto nn = std::make_shared<Node>(*n);
            nn->id = next++;
            for (Attribute &a : nn->attributes) {
                if (a.g)
                    a.g = renumber(a.g);
                for (GraphPtr &sub : a.graphs)
                    sub = renumber(sub);
            }
            n = std::move(nn);
        }
        return GraphPtr(std::move(copy));
    };
    m.graph = renumber(m.graph);
    m.nextNodeId = next;
    return m;
}

TensorPtr GraphBuilder::floatTensor(const std::string &name, std::vector<int64_t> dims,
                                    const std::vector<float> &values)
{
    return typedTensor(name, DataType::Float, std::move(dims), values);
}

TensorPtr GraphBuilder::int64Tensor(const std::string &name, std::vector<int64_t> dims,
                                    const std::vector<int64_t> &values)
{
    return typedTensor(name, DataType::Int64, std::move(dims), values);
}

TensorPtr GraphBuilder::rawTensor(const std::string &name, DataType type, std::vector<int64_t> dims,
                                  const void *data, size_t bytes)
{
    auto t = std::make_shared<Tensor>();
    t->name = name;
    t->dataType = type;
    t->dims = std::move(dims);
    std::string copy(bytes, '\0');
    if (bytes)
        std::memcpy(copy.data(), data, bytes);
    t->bytes = ByteSlice::fromString(std::move(copy));
    return t;
}

std::shared_ptr<Node> GraphBuilder::newNode(NodeId &nextId, const std::string &opType,
                                            std::vector<std::string> inputs, std::vector<std::string> outputs,
                                            const std::string &name)
{
    auto n = std::make_shared<Node>();
    n->id = nextId++;
    n->opType = opType;
    n->name = name;
    n->inputs = std::move(inputs);
    n->outputs = std::move(outputs);
    return n;
}

Attribute GraphBuilder::intAttribute(const std::string &name, int64_t value)
{
    Attribute a;
    a.name = name;
    a.type = AttributeType::Int;
    a.i = value;
    return a;
}

} // namespace silica
