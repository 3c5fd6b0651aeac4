#pragma once
// Builds models in code: the sample model generator and test fixtures use it.
//
//   GraphBuilder b("kws");
//   b.input("x", DataType::Float, {1, 1, 49, 40});
//   b.initializer("w", {8, 1, 3, 3}, weights);
//   b.node("Conv", {"x", "w"}, {"y"}, "/conv1/Conv").ints("pads", {1, 1, 1, 1});
//   b.output("y", DataType::Float, {1, 8, 49, 40});
//   Model m = b.build();

#include "core/graph/model.h"

#include <string>
#include <vector>

namespace silica {

class GraphBuilder
{
public:
    class NodeHandle
    {
    public:
        NodeHandle &ints(const std::string &name, std::vector<int64_t> values);
        NodeHandle &i(const std::string &name, int64_t value);
        NodeHandle &f(const std::string &name, float value);
        NodeHandle &floats(const std::string &name, std::vector<float> values);
        NodeHandle &s(const std::string &name, std::string value);
        NodeHandle &tensor(const std::string &name, TensorPtr value);
        NodeHandle &graph(const std::string &name, GraphPtr value);
        NodeHandle &domain(std::string d);

    private:
        friend class GraphBuilder;
        explicit NodeHandle(Node *node) : m_node(node) {}
        Node *m_node;
    };

    explicit GraphBuilder(std::string graphName = "main", int64_t opset = 17);

    GraphBuilder &input(const std::string &name, DataType type, std::vector<int64_t> shape);
    // Symbolic dimensions: pass -1 in `shape` and the name in `params` at that index.
    GraphBuilder &input(const std::string &name, ValueType type);
    GraphBuilder &output(const std::string &name, DataType type, std::vector<int64_t> shape);
    GraphBuilder &output(const std::string &name); // type left to shape inference
    GraphBuilder &initializer(const std::string &name, std::vector<int64_t> dims,
                              const std::vector<float> &values);
    GraphBuilder &initializer(TensorPtr tensor);
    NodeHandle node(const std::string &opType, std::vector<std::string> inputs,
                    std::vector<std::string> outputs, const std::string &name = {});

    GraphBuilder &opset(const std::string &domain, int64_t version);
    GraphBuilder &producer(std::string name, std::string version);
    GraphBuilder &docString(std::string doc);
    GraphBuilder &metadata(std::string key, std::string value);

    GraphPtr buildGraph() const; // for subgraphs
    Model build() const;

    static TensorPtr floatTensor(const std::string &name, std::vector<int64_t> dims,
                                 const std::vector<float> &values);
    static TensorPtr int64Tensor(const std::string &name, std::vector<int64_t> dims,
                                 const std::vector<int64_t> &values);
    // A tensor of element type `type` holding `values` (T the matching C++ type: int8_t for
    // Int8, uint16_t for Uint16 and for Float16 bits, …).
    template <typename T>
    static TensorPtr typedTensor(const std::string &name, DataType type, std::vector<int64_t> dims,
                                 const std::vector<T> &values)
    {
        return rawTensor(name, type, std::move(dims), values.data(), values.size() * sizeof(T));
    }
    static TensorPtr rawTensor(const std::string &name, DataType type, std::vector<int64_t> dims,
                               const void *data, size_t bytes);

    // For code that adds to an existing graph (quantization, passes): a node taking the next id
    // from `nextId`, and an int attribute.
    static std::shared_ptr<Node> newNode(NodeId &nextId, const std::string &opType,
                                         std::vector<std::string> inputs, std::vector<std::string> outputs,
                                         const std::string &name = {});
    static Attribute intAttribute(const std::string &name, int64_t value);

private:
    Graph m_graph;
    std::vector<std::shared_ptr<Node>> m_nodes;
    Model m_model;
    NodeId m_nextId = 0;
};

} // namespace silica
