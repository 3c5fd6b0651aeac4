#include "core/graph/statistics.h"

#include "core/graph/graph_index.h"

#include <cstdio>
#include <unordered_map>
#include <unordered_set>

namespace silica {

namespace {

struct Shape
{
    std::vector<int64_t> dims;
    bool known = false; // rank known
    bool exact = false; // every dim known
    uint64_t elements() const
    {
        uint64_t n = 1;
        for (int64_t d : dims)
            n *= d >= 0 ? static_cast<uint64_t>(d) : 1;
        return n;
    }
};

Shape shapeOf(const GraphIndex &idx, const std::string &value)
{
    Shape s;
    if (value.empty())
        return s;
    const ValueType t = idx.typeOf(value);
    if (!t.isTensor() || !t.hasShape)
        return s;
    s.known = true;
    s.exact = true;
    for (const Dim &d : t.dims) {
        s.dims.push_back(d.isKnown() ? d.value : 1);
        s.exact = s.exact && d.isKnown();
    }
    return s;
}

uint64_t bytesOf(const GraphIndex &idx, const std::string &value, bool &exact)
{
    const ValueType t = idx.typeOf(value);
    if (!t.isTensor() || !t.hasShape) {
        exact = false;
        return 0;
    }
    uint64_t n = 1;
    for (const Dim &d : t.dims) {
        if (d.isKnown())
            n *= static_cast<uint64_t>(d.value);
        else
            exact = false;
    }
    return dataTypeBytes(t.elemType, n);
}

uint64_t product(const std::vector<int64_t> &v, size_t from = 0)
{
    uint64_t n = 1;
    for (size_t i = from; i < v.size(); ++i)
        n *= v[i] >= 0 ? static_cast<uint64_t>(v[i]) : 1;
    return n;
}

// FLOPs per output element for ops whose cost scales with their output. Multi-step
// activations count their steps (sigmoid = exp, add, divide).
const std::unordered_map<std::string, uint64_t> &flopsPerElement()
{
    static const std::unordered_map<std::string, uint64_t> table = {
        {"Add", 1},
        {"Sub", 1},
        {"Mul", 1},
        {"Div", 1},
        {"Pow", 1},
        {"Neg", 1},
        {"Abs", 1},
        {"Reciprocal", 1},
        {"Sqrt", 1},
        {"Exp", 1},
        {"Log", 1},
        {"Floor", 1},
        {"Ceil", 1},
        {"Round", 1},
        {"Sign", 1},
        {"Erf", 1},
        {"Sin", 1},
        {"Cos", 1},
        {"Tan", 1},
        {"Relu", 1},
        {"LeakyRelu", 2},
        {"PRelu", 2},
        {"Clip", 2},
        {"Max", 1},
        {"Min", 1},
        {"Mean", 1},
        {"Where", 1},
        {"Equal", 1},
        {"Less", 1},
        {"Greater", 1},
        {"LessOrEqual", 1},
        {"GreaterOrEqual", 1},
        {"And", 1},
        {"Or", 1},
        {"Xor", 1},
        {"Not", 1},
        {"Mod", 1},
        {"BitShift", 1},
        {"Sigmoid", 3},
        {"Tanh", 5},
        {"HardSigmoid", 3},
        {"HardSwish", 4},
        {"Elu", 3},
        {"Selu", 4},
        {"Celu", 4},
        {"Softplus", 3},
        {"Softsign", 3},
        {"ThresholdedRelu", 1},
        {"Gelu", 8},
        {"Mish", 6},
        {"Softmax", 3},
        {"LogSoftmax", 4},
        {"Hardmax", 1},
        {"BatchNormalization", 2}, // inference form: per-channel scale, shift
        {"InstanceNormalization", 7},
        {"LayerNormalization", 7},
        {"GroupNormalization", 7},
        {"MeanVarianceNormalization", 7},
        {"LpNormalization", 3},
        {"LRN", 4},
        {"QuantizeLinear", 3},
        {"DequantizeLinear", 2},
        {"DynamicQuantizeLinear", 4},
        {"Cast", 1},
    };
    return table;
}

// Ops whose cost scales with their (largest) input: one FLOP per element read.
bool isReduction(const std::string &op)
{
    return op.rfind("Reduce", 0) == 0 || op == "GlobalAveragePool" || op == "GlobalMaxPool" ||
           op == "GlobalLpPool" || op == "ArgMax" || op == "ArgMin" || op == "CumSum";
}

void countCompute(const GraphIndex &idx, const Node &n, NodeStats &s)
{
    const std::string &op = n.opType;
    auto in = [&](size_t i) { return i < n.inputs.size() ? shapeOf(idx, n.inputs[i]) : Shape(); };
    const Shape y = n.outputs.empty() ? Shape() : shapeOf(idx, n.outputs[0]);
    auto need = [&](const Shape &sh) {
        if (!sh.exact)
            s.exact = false;
        return sh.known;
    };
    if (!isDefaultDomain(n.domain) && n.domain != "com.microsoft")
        return;

    if (op == "Conv" || op == "ConvInteger" || op == "QLinearConv") {
        const size_t wIdx = op == "QLinearConv" ? 3 : 1;
        const Shape w = in(wIdx);
        if (need(w) && need(y) && w.dims.size() >= 2) {
            s.macs = y.elements() * product(w.dims, 1);
            s.flops = 2 * s.macs;
            const size_t biasIdx = op == "QLinearConv" ? 8 : 2;
            if (op != "ConvInteger" && n.inputs.size() > biasIdx && !n.inputs[biasIdx].empty())
                s.flops += y.elements();
        }
        return;
    }
    if (op == "ConvTranspose") {
        const Shape x = in(0), w = in(1);
        if (need(x) && need(w) && w.dims.size() >= 2) {
            s.macs = x.elements() * product(w.dims, 1);
            s.flops = 2 * s.macs;
            if (n.inputs.size() > 2 && !n.inputs[2].empty() && need(y))
                s.flops += y.elements();
        }
        return;
    }
    if (op == "Gemm") {
        const Shape a = in(0);
        if (need(a) && need(y) && a.dims.size() == 2) {
            const uint64_t k =
                static_cast<uint64_t>(n.intAttribute("transA", 0) ? a.dims[0] : a.dims[1]);
            s.macs = y.elements() * k;
            s.flops = 2 * s.macs;
            if (n.inputs.size() > 2 && !n.inputs[2].empty())
                s.flops += y.elements();
        }
        return;
    }
    if (op == "MatMul" || op == "MatMulInteger" || op == "QLinearMatMul" || op == "FusedMatMul") {
        const Shape a = in(0);
        if (need(a) && need(y) && !a.dims.empty()) {
            s.macs = y.elements() * static_cast<uint64_t>(std::max<int64_t>(1, a.dims.back()));
            s.flops = 2 * s.macs;
        }
        return;
    }
    if (op == "MaxPool" || op == "AveragePool" || op == "LpPool") {
        if (need(y))
            s.flops = y.elements() * product(n.intsAttribute("kernel_shape"));
        return;
    }
    if (isReduction(op)) {
        const Shape x = in(0);
        if (need(x))
            s.flops = x.elements();
        return;
    }
    if (op == "Sum") {
        if (need(y) && n.inputs.size() > 1)
            s.flops = y.elements() * (n.inputs.size() - 1);
        return;
    }
    auto it = flopsPerElement().find(op);
    if (it != flopsPerElement().end() && need(y))
        s.flops = y.elements() * it->second;
}

} // namespace

NodeStats nodeStatistics(const Graph &graph, const Node &node)
{
    const GraphIndex &idx = graph.index();
    NodeStats s;
    s.id = node.id;
    std::unordered_set<std::string> seen;
    for (const std::string &in : node.inputs) {
        if (in.empty() || !seen.insert(in).second)
            continue;
        if (const Tensor *t = idx.weight(in)) {
            s.params += t->elementCount();
            s.paramBytes += t->bytes.size;
        } else {
            s.inputBytes += bytesOf(idx, in, s.exact);
        }
    }
    if (node.opType == "Constant" && isDefaultDomain(node.domain)) {
        if (const Attribute *a = node.attribute("value"); a && a->t) {
            s.params += a->t->elementCount();
            s.paramBytes += a->t->bytes.size;
        }
    }
    for (const std::string &out : node.outputs)
        if (!out.empty())
            s.outputBytes += bytesOf(idx, out, s.exact);
    countCompute(idx, node, s);
    // Control flow: count the bodies once (a Loop's trip count is not known statically).
    for (const GraphPtr &sub : node.subgraphs()) {
        s.exact = false;
        for (const NodePtr &inner : sub->nodes) {
            const NodeStats is = nodeStatistics(*sub, *inner);
            s.macs += is.macs;
            s.flops += is.flops;
            s.params += is.params;
            s.paramBytes += is.paramBytes;
        }
    }
    return s;
}

namespace {
void countParams(const Graph &g, std::unordered_set<const Tensor *> &seen, ModelStats &stats)
{
    for (const TensorPtr &t : g.initializers) {
        if (seen.insert(t.get()).second) {
            stats.params += t->elementCount();
            stats.paramBytes += t->bytes.size;
        }
    }
    for (const NodePtr &n : g.nodes) {
        if (n->opType == "Constant" && isDefaultDomain(n->domain))
            if (const Attribute *a = n->attribute("value");
                a && a->t && seen.insert(a->t.get()).second) {
                stats.params += a->t->elementCount();
                stats.paramBytes += a->t->bytes.size;
            }
        for (const GraphPtr &sub : n->subgraphs())
            countParams(*sub, seen, stats);
    }
}
} // namespace

ModelStats modelStatistics(const Model &model)
{
    ModelStats stats;
    if (!model.graph)
        return stats;
    const Graph &g = *model.graph;
    stats.nodes.reserve(g.nodes.size());
    for (const NodePtr &n : g.nodes) {
        NodeStats s = nodeStatistics(g, *n);
        stats.macs += s.macs;
        stats.flops += s.flops;
        stats.exact = stats.exact && s.exact;
        stats.nodes.push_back(s);
        const std::string key =
            isDefaultDomain(n->domain) ? n->opType : n->domain + "." + n->opType;
        ++stats.opHistogram[key];
    }
    stats.nodeCount = g.nodes.size();
    std::unordered_set<const Tensor *> seen;
    countParams(g, seen, stats);
    return stats;
}

const NodeStats *ModelStats::forNode(NodeId id) const
{
    for (const NodeStats &s : nodes)
        if (s.id == id)
            return &s;
    return nullptr;
}

std::string formatCount(uint64_t v)
{
    char buf[32];
    if (v >= 1000000000000ull)
        std::snprintf(buf, sizeof buf, "%.1fT", static_cast<double>(v) / 1e12);
    else if (v >= 1000000000ull)
        std::snprintf(buf, sizeof buf, "%.2fG", static_cast<double>(v) / 1e9);
    else if (v >= 1000000ull)
        std::snprintf(buf, sizeof buf, "%.2fM", static_cast<double>(v) / 1e6);
    else if (v >= 10000ull)
        std::snprintf(buf, sizeof buf, "%.1fK", static_cast<double>(v) / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(v));
    return buf;
}

std::string formatBytes(uint64_t b)
{
    char buf[32];
    if (b >= (1ull << 30))
        std::snprintf(buf, sizeof buf, "%.2f GiB", static_cast<double>(b) / (1ull << 30));
    else if (b >= (1ull << 20))
        std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(b) / (1ull << 20));
    else if (b >= (1ull << 10))
        std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(b) / (1ull << 10));
    else
        std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(b));
    return buf;
}

} // namespace silica
