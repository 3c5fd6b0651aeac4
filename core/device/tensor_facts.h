#pragma once
// What the device analyses need to know about each value of a model's main graph: element
// type and shape (symbolic dimensions taken as 1, as a device compiler would fix them), and
// what is known at compile time — weights, and everything computed from weights and static
// shapes alone, which a converter folds away.

#include "core/graph/model.h"

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace silica::device {

class TensorFacts
{
public:
    struct Value
    {
        DataType elemType = DataType::Undefined;
        bool shapeKnown = false;
        std::vector<int64_t> dims; // symbolic dimensions as 1
        uint64_t elements() const;
    };

    // `observed`: shapes seen in a run, used where the model's own are not fully static.
    // `dims`: sizes of symbolic dimensions (others are 1).
    explicit TensorFacts(const Model &model,
                         const std::unordered_map<std::string, std::vector<int64_t>> *observed = nullptr,
                         const std::map<std::string, int64_t> *dims = nullptr);
    // Values of the main graph whose shape is not known statically.
    size_t unknownShapes() const { return m_unknownShapes; }
    // Values whose shape has a symbolic dimension.
    size_t symbolicShapes() const { return m_symbolicShapes; }

    const Value &value(const std::string &name) const;
    // A weight, or computable at compile time.
    bool isConstant(const std::string &name) const { return m_constant.count(name) > 0; }
    // Parameter elements the node reads: weights, and values computed from them at compile
    // time (the int8 weights behind a DequantizeLinear in a QDQ model).
    uint64_t weightElements(const Node &node) const;
    // The node needs no work at run time.
    bool isFolded(const Node &node) const { return m_folded.count(node.id) > 0; }
    std::string foldReason(const Node &node) const;
    // A QuantizeLinear / DequantizeLinear inside the graph (not at its inputs or outputs),
    // which converters merge into the quantized ops around it.
    bool absorbed(const Node &node) const;
    // Symbolic dimension names the graph's inputs carry ("batch").
    const std::set<std::string> &symbolicDims() const { return m_symbolic; }

private:
    GraphPtr m_graphHolder; // keeps the graph alive while the facts are shared
    const Graph &m_graph;
    std::unordered_map<std::string, Value> m_values;
    std::unordered_set<std::string> m_constant;
    std::unordered_map<NodeId, std::string> m_folded; // → reason
    std::set<std::string> m_symbolic;
    Value m_unknown;
    size_t m_unknownShapes = 0;
    size_t m_symbolicShapes = 0;
};

} // namespace silica::device
