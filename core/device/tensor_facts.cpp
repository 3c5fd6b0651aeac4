#include "core/device/tensor_facts.h"

#include "core/graph/graph_index.h"
#include "core/graph/graph_validation.h"

namespace silica::device {

uint64_t TensorFacts::Value::elements() const
{
    uint64_t n = 1;
    for (int64_t d : dims)
        n *= uint64_t(std::max<int64_t>(d, 0));
    return n;
}

namespace {

bool isOp(const Node &n, const char *op)
{
    return n.opType == op && isDefaultDomain(n.domain);
}

} // namespace

TensorFacts::TensorFacts(const Model &model, const std::unordered_map<std::string, std::vector<int64_t>> *observed,
                         const std::map<std::string, int64_t> *dims)
    : m_graphHolder(model.graph), m_graph(*m_graphHolder)
{
    const GraphIndex &index = m_graph.index();
    auto describe = [&](const std::string &name) {
        Value v;
        const ValueType t = index.typeOf(name);
        v.elemType = t.elemType;
        bool symbolic = false;
        if (t.isTensor() && t.hasShape) {
            v.shapeKnown = true;
            for (const Dim &d : t.dims) {
                if (d.isKnown()) {
                    v.dims.push_back(d.value);
                } else if (!d.param.empty()) {
                    symbolic = true;
                    auto given = dims ? dims->find(d.param) : std::map<std::string, int64_t>::const_iterator();
                    v.dims.push_back(dims && given != dims->end() ? given->second : 1);
                } else {
                    v.shapeKnown = false;
                    v.dims.push_back(1);
                }
            }
        }
        if ((!v.shapeKnown || symbolic) && observed) {
            auto seen = observed->find(name);
            if (seen != observed->end()) {
                v.shapeKnown = true;
                v.dims = seen->second;
            }
        }
        m_unknownShapes += v.shapeKnown ? 0 : 1;
        m_symbolicShapes += symbolic ? 1 : 0;
        m_values[name] = std::move(v);
    };
    for (const ValueInfo &in : m_graph.inputs) {
        describe(in.name);
        for (const Dim &d : in.type.dims)
            if (!d.isKnown() && !d.param.empty())
                m_symbolic.insert(d.param);
    }
    for (const TensorPtr &t : m_graph.initializers) {
        Value v;
        v.elemType = t->dataType;
        v.shapeKnown = true;
        v.dims = t->dims;
        m_values[t->name] = std::move(v);
        m_constant.insert(t->name);
    }
    for (const NodePtr &n : m_graph.nodes)
        for (const std::string &out : n->outputs)
            if (!out.empty())
                describe(out);

    Expected<std::vector<const Node *>> order = topologicalOrder(m_graph);
    if (!order)
        return;
    for (const Node *node : *order) {
        std::string reason;
        bool allConstant = true, anyInput = false;
        for (const std::string &in : node->inputs) {
            if (in.empty())
                continue;
            anyInput = true;
            allConstant = allConstant && m_constant.count(in) > 0;
        }
        if (isOp(*node, "Constant"))
            reason = "a constant";
        else if (anyInput && allConstant && node->subgraphs().empty())
            reason = "computed from weights at compile time";
        else if ((isOp(*node, "Shape") || isOp(*node, "Size")) && !node->inputs.empty() &&
                 value(node->inputs[0]).shapeKnown)
            reason = "a static shape, known at compile time";
        else if (isOp(*node, "Identity") || isOp(*node, "Dropout"))
            reason = "removed by the converter";
        if (reason.empty())
            continue;
        m_folded[node->id] = reason;
        const bool constantOut = reason != "removed by the converter" || allConstant;
        if (constantOut)
            for (const std::string &out : node->outputs)
                if (!out.empty())
                    m_constant.insert(out);
    }
}

const TensorFacts::Value &TensorFacts::value(const std::string &name) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? m_unknown : it->second;
}

uint64_t TensorFacts::weightElements(const Node &node) const
{
    const GraphIndex &index = m_graph.index();
    uint64_t n = 0;
    std::set<std::string> seen;
    for (const std::string &in : node.inputs) {
        if (in.empty() || !seen.insert(in).second)
            continue;
        if (const Tensor *t = index.weight(in))
            n += t->elementCount();
        else if (isConstant(in))
            n += value(in).elements();
    }
    return n;
}

std::string TensorFacts::foldReason(const Node &node) const
{
    auto it = m_folded.find(node.id);
    return it == m_folded.end() ? std::string() : it->second;
}

bool TensorFacts::absorbed(const Node &node) const
{
    const GraphIndex &index = m_graph.index();
    if (isOp(node, "QuantizeLinear"))
        return !node.inputs.empty() && !index.graphInput(node.inputs[0]) && !m_constant.count(node.inputs[0]);
    if (isOp(node, "DequantizeLinear"))
        return !node.outputs.empty() && !index.isGraphOutput(node.outputs[0]);
    return false;
}

} // namespace silica::device
