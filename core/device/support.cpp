// Support analysis from a device profile's data (analysis.h).

#include "core/device/analysis.h"
#include "core/device/tensor_facts.h"
#include "core/graph/graph_index.h"
#include "core/graph/graph_validation.h"
#include "core/graph/tensor_stats.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace silica::device {

const NodeSupport *SupportAnalysis::forNode(NodeId id) const
{
    for (const NodeSupport &n : nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

namespace {

bool isOp(const Node &n, const char *op)
{
    return n.opType == op && isDefaultDomain(n.domain);
}

bool isQuantizedOp(const Node &n)
{
    if (!isDefaultDomain(n.domain))
        return false;
    static const std::set<std::string> ops = {"QuantizeLinear", "DequantizeLinear", "QLinearConv",
                                              "QLinearMatMul",  "ConvInteger",      "MatMulInteger",
                                              "DynamicQuantizeLinear"};
    return ops.count(n.opType) > 0;
}

std::string joinPrecisions(const std::vector<Precision> &ps)
{
    std::string out;
    for (Precision p : ps)
        out += std::string(out.empty() ? "" : ", ") + precisionName(p);
    return out;
}

std::string shapeText(const std::vector<int64_t> &dims)
{
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i)
        s += (i ? "," : "") + std::to_string(dims[i]);
    return s + "]";
}

std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

class SupportChecker
{
public:
    SupportChecker(const Model &model, const DeviceProfile &profile, const TensorFacts &facts)
        : m_graph(*model.graph), m_index(m_graph.index()), m_profile(profile), m_facts(facts)
    {
        for (const FunctionDef &f : model.functions)
            m_functions.insert(f.domain + "::" + f.name);
    }

    // Why the device cannot run `node` at `precision`; "" when it can.
    // `asOp`: check the node as the op a converter turns it into.
    std::string whyNot(const Node &node, Precision precision, const std::string &asOp = {}) const
    {
        const std::string &dev = m_profile.name;
        if (!isDefaultDomain(node.domain)) {
            const bool function = m_functions.count(node.domain + "::" + node.opType) > 0;
            return node.opType + " (" + (function ? "a model-local function" : "a custom op") + " in domain '" +
                   node.domain + "') is not in " + listName();
        }
        auto op = m_profile.ops.find(asOp.empty() ? node.opType : asOp);
        if (op == m_profile.ops.end())
            return node.opType + " is not in " + listName() +
                   (isUnconfirmedOp(node.opType) ? " [unconfirmed: its entry could not be checked]" : "");
        if (!m_profile.supportsPrecision(precision))
            return std::string(precisionName(precision)) + " op on a device that runs only " +
                   joinPrecisions(m_profile.precisions());
        if (!op->second.precisions.empty() &&
            std::find(op->second.precisions.begin(), op->second.precisions.end(), precision) ==
                op->second.precisions.end())
            return node.opType + " runs only in " + joinPrecisions(op->second.precisions) + " on " + dev +
                   ", not " + precisionName(precision);
        if (std::string why = tensorProblem(node, precision); !why.empty())
            return why;
        for (const OpRule &rule : asOp.empty() ? op->second.rules : std::vector<OpRule>{})
            if (applies(rule, node) && !passes(rule, node))
                return node.opType + ": " + rule.reason;
        return {};
    }

private:
    bool isUnconfirmedOp(const std::string &op) const
    {
        return std::find(m_profile.unconfirmedOps.begin(), m_profile.unconfirmedOps.end(), op) !=
               m_profile.unconfirmedOps.end();
    }

    // "the Edge TPU op list"
    std::string listName() const
    {
        const std::string &l = m_profile.opList;
        return l.rfind("the ", 0) == 0 || l.rfind("The ", 0) == 0 ? l : "the " + l;
    }

    // Ranks, static shapes and element types of the tensors the node computes on.
    std::string tensorProblem(const Node &node, Precision precision) const
    {
        std::vector<std::string> values;
        for (const std::string &in : node.inputs)
            if (!in.empty() && !m_facts.isConstant(in))
                values.push_back(in);
        for (const std::string &out : node.outputs)
            if (!out.empty())
                values.push_back(out);
        for (const std::string &v : values) {
            const TensorFacts::Value &f = m_facts.value(v);
            if (m_profile.staticShapes && !f.shapeKnown)
                return "the shape of '" + v + "' is not known at compile time; " + m_profile.name +
                       " needs static shapes";
            if (m_profile.maxRank && f.shapeKnown && f.dims.size() > size_t(m_profile.maxRank->value))
                return "tensor rank " + std::to_string(f.dims.size()) + " > " + number(m_profile.maxRank->value) +
                       " ('" + v + "' " + shapeText(f.dims) + ")" +
                       (m_profile.maxRank->unconfirmed() ? " [unconfirmed limit]" : "");
            if (m_profile.innermostDims && f.shapeKnown) {
                const size_t keep = size_t(m_profile.innermostDims->value);
                for (size_t d = 0; d + keep < f.dims.size(); ++d)
                    if (f.dims[d] > 1)
                        return "tensor '" + v + "' " + shapeText(f.dims) + " has a dimension > 1 outside the " +
                               "innermost " + std::to_string(keep) + " (Tensor has unsupported rank)" +
                               (m_profile.innermostDims->unconfirmed() ? " [unconfirmed limit]" : "");
            }
            if (f.elemType != DataType::Undefined && !typeRunsOn(f.elemType, precision))
                return "works on " + std::string(dataTypeName(f.elemType)) + " tensors ('" + v + "'); " +
                       m_profile.name + " runs " + joinPrecisions(m_profile.precisions()) + " only";
        }
        return {};
    }

    // Float tensors become the analysed precision; integer tensors must be ones the device
    // has: 8-bit on every device, 16-bit with int16, 32-bit indices and shapes only where it
    // computes in float too.
    bool typeRunsOn(DataType t, Precision precision) const
    {
        const bool hasFloat = m_profile.supportsPrecision(Precision::Fp16) || m_profile.supportsPrecision(Precision::Fp32);
        switch (t) {
        case DataType::Float:
        case DataType::Float16:
        case DataType::BFloat16:
        case DataType::Double:
        case DataType::Int8:
        case DataType::Uint8:
            return true;
        case DataType::Int16:
        case DataType::Uint16:
            return m_profile.supportsPrecision(Precision::Int16) || hasFloat;
        case DataType::Int32:
        case DataType::Int64:
        case DataType::Bool:
            return hasFloat || precision == Precision::Fp32;
        default:
            return false;
        }
    }

    bool applies(const OpRule &rule, const Node &node) const
    {
        if (rule.when == OpRule::When::Always)
            return true;
        const int64_t group = node.intAttribute("group", 1);
        int64_t channels = -1;
        if (!node.inputs.empty()) {
            const TensorFacts::Value &x = m_facts.value(node.inputs[0]);
            if (x.shapeKnown && x.dims.size() >= 2)
                channels = x.dims[1];
        }
        const bool depthwise = group > 1 && group == channels;
        switch (rule.when) {
        case OpRule::When::Depthwise:
            return depthwise;
        case OpRule::When::Grouped:
            return group > 1 && !depthwise;
        case OpRule::When::Regular:
            return group == 1;
        case OpRule::When::Always:
            break;
        }
        return true;
    }

    std::vector<int64_t> kernel(const Node &node) const
    {
        if (const Attribute *k = node.attribute("kernel_shape"))
            return k->ints;
        if (node.inputs.size() > 1)
            if (const Tensor *w = m_index.weight(node.inputs[1]); w && w->dims.size() > 2)
                return std::vector<int64_t>(w->dims.begin() + 2, w->dims.end());
        return {};
    }

    bool passes(const OpRule &rule, const Node &node) const
    {
        switch (rule.check) {
        case OpRule::Check::AttrMax: {
            const Attribute *a = node.attribute(rule.attr);
            if (!a)
                return true;
            if (a->type == AttributeType::Int)
                return double(a->i) <= rule.value;
            return std::all_of(a->ints.begin(), a->ints.end(), [&](int64_t v) { return double(v) <= rule.value; });
        }
        case OpRule::Check::AttrEqual: {
            const Attribute *a = node.attribute(rule.attr);
            const int64_t v = a ? a->i : defaultInt(node, rule.attr);
            return double(v) == rule.value;
        }
        case OpRule::Check::AttrUniform: {
            const Attribute *a = node.attribute(rule.attr);
            return !a || std::adjacent_find(a->ints.begin(), a->ints.end(), std::not_equal_to<>()) == a->ints.end();
        }
        case OpRule::Check::AttrString: {
            const Attribute *a = node.attribute(rule.attr);
            const std::string v = a ? a->s : defaultString(node, rule.attr);
            return std::find(rule.values.begin(), rule.values.end(), v) != rule.values.end();
        }
        case OpRule::Check::KernelMax:
        case OpRule::Check::KernelEqual: {
            const std::vector<int64_t> k = kernel(node);
            return std::all_of(k.begin(), k.end(), [&](int64_t v) {
                return rule.check == OpRule::Check::KernelMax ? double(v) <= rule.value : double(v) == rule.value;
            });
        }
        case OpRule::Check::ConstantInput:
            return size_t(rule.input) >= node.inputs.size() || node.inputs[size_t(rule.input)].empty() ||
                   m_facts.isConstant(node.inputs[size_t(rule.input)]);
        case OpRule::Check::AxisNotBatch: {
            const Attribute *a = node.attribute(rule.attr);
            std::vector<int64_t> axes;
            if (a)
                axes = a->type == AttributeType::Int ? std::vector<int64_t>{a->i} : a->ints;
            else if (node.inputs.size() > 1 && !node.inputs[1].empty()) // opset-18 axes input
                if (const Tensor *t = m_index.weight(node.inputs[1]))
                    if (Expected<std::vector<double>> values = tensorValues(*t, 64))
                        axes.assign(values->begin(), values->end());
            if (!a && axes.empty() && (node.opType.rfind("Reduce", 0) == 0))
                return false; // all axes, the batch among them
            const TensorFacts::Value &x = m_facts.value(node.inputs.empty() ? std::string() : node.inputs[0]);
            const int64_t rank = x.shapeKnown ? int64_t(x.dims.size()) : 0;
            return std::none_of(axes.begin(), axes.end(), [&](int64_t axis) { return axis == 0 || axis + rank == 0; });
        }
        case OpRule::Check::NonUnitDimsMax: {
            const TensorFacts::Value &x = m_facts.value(node.inputs.empty() ? std::string() : node.inputs[0]);
            return !x.shapeKnown ||
                   double(std::count_if(x.dims.begin(), x.dims.end(), [](int64_t d) { return d > 1; })) <= rule.value;
        }
        case OpRule::Check::ElementsMax: {
            const TensorFacts::Value &y = m_facts.value(node.outputs.empty() ? std::string() : node.outputs[0]);
            return !y.shapeKnown || double(y.elements()) <= rule.value;
        }
        case OpRule::Check::OutputSpatialMax: {
            const TensorFacts::Value &y = m_facts.value(node.outputs.empty() ? std::string() : node.outputs[0]);
            for (size_t d = 2; y.shapeKnown && d < y.dims.size(); ++d)
                if (double(y.dims[d]) > rule.value)
                    return false;
            return true;
        }
        case OpRule::Check::InputCountMax:
            return double(std::count_if(node.inputs.begin(), node.inputs.end(),
                                        [](const std::string &s) { return !s.empty(); })) <= rule.value;
        }
        return true;
    }

    // ONNX defaults of the attributes rules look at, for nodes that leave them unset.
    static int64_t defaultInt(const Node &node, const std::string &attr)
    {
        if (attr == "group" || attr == "keepdims")
            return 1;
        if (attr == "axis")
            return node.opType == "Softmax" || node.opType == "LogSoftmax" ? -1 : 0;
        if (attr == "p")
            return node.opType == "LpNormalization" || node.opType == "LpPool" ? 2 : 0;
        return 0;
    }

    static std::string defaultString(const Node &node, const std::string &attr)
    {
        if (attr == "direction")
            return "forward";
        if (attr == "mode")
            return node.opType == "Pad" ? "constant" : node.opType == "DepthToSpace" ? "DCR" : "nearest";
        if (attr == "coordinate_transformation_mode")
            return "half_pixel";
        if (attr == "nearest_mode")
            return "round_prefer_floor";
        if (attr == "auto_pad")
            return "NOTSET";
        return {};
    }

    const Graph &m_graph;
    const GraphIndex &m_index;
    const DeviceProfile &m_profile;
    const TensorFacts &m_facts;
    std::unordered_set<std::string> m_functions;
};

OpClass classify(const Node &node, const TensorFacts &facts)
{
    static const std::set<std::string> conv = {"Conv", "ConvTranspose", "QLinearConv", "ConvInteger"};
    static const std::set<std::string> dense = {"MatMul", "Gemm", "QLinearMatMul", "MatMulInteger", "Einsum"};
    static const std::set<std::string> pool = {"AveragePool", "MaxPool", "GlobalAveragePool", "GlobalMaxPool",
                                               "ReduceMean", "ReduceMax", "ReduceMin", "ReduceSum", "LpPool",
                                               "ReduceL2", "ReduceProd", "ArgMax", "ArgMin"};
    static const std::set<std::string> movement = {
        "Reshape", "Transpose", "Concat", "Split", "Slice", "Gather", "Flatten", "Squeeze", "Unsqueeze", "Pad",
        "Resize", "Expand", "Tile", "DepthToSpace", "SpaceToDepth", "Cast", "Identity", "Shape", "ScatterND",
        "GatherElements", "GatherND", "TopK", "NonMaxSuppression"};
    if (!isDefaultDomain(node.domain))
        return OpClass::Elementwise;
    if (conv.count(node.opType)) {
        const int64_t group = node.intAttribute("group", 1);
        const TensorFacts::Value &x = facts.value(node.inputs.empty() ? std::string() : node.inputs[0]);
        if (group > 1 && x.shapeKnown && x.dims.size() >= 2 && x.dims[1] == group)
            return OpClass::Depthwise;
        return OpClass::Conv;
    }
    if (dense.count(node.opType))
        return OpClass::Dense;
    if (pool.count(node.opType))
        return OpClass::Pool;
    if (movement.count(node.opType))
        return OpClass::Other;
    return OpClass::Elementwise;
}

bool isFusedActivation(const Node &n)
{
    return isOp(n, "Relu") || isOp(n, "Clip") || isOp(n, "LeakyRelu") || isOp(n, "HardSwish");
}

// In a QDQ graph: the precision a node computes at, from the Quantize / Dequantize around it.
// Converters fuse an activation between a quantized op and its Quantize into that op, so
// Conv → Relu → Q counts as quantized on both sides of the Relu; `quantized` holds the nodes
// already found quantized (execution order).
std::optional<Precision> qdqPrecision(const Node &node, const GraphIndex &index, const TensorFacts &facts,
                                      const std::unordered_map<NodeId, Precision> &quantized)
{
    if (isOp(node, "QLinearConv") || isOp(node, "QLinearMatMul") || isOp(node, "ConvInteger") ||
        isOp(node, "MatMulInteger"))
        return Precision::Int8;
    bool anyActivation = false;
    bool sixteen = false;
    for (const std::string &in : node.inputs) {
        if (in.empty() || facts.isConstant(in))
            continue;
        const TensorFacts::Value &v = facts.value(in);
        if (v.elemType != DataType::Float && v.elemType != DataType::Float16 && v.elemType != DataType::Undefined)
            continue; // indices, shapes
        anyActivation = true;
        const Node *p = index.producer(in);
        if (p && isFusedActivation(node) && quantized.count(p->id) && index.consumers(in).size() == 1) {
            sixteen = sixteen || quantized.at(p->id) == Precision::Int16;
            continue;
        }
        if (!p || !isOp(*p, "DequantizeLinear"))
            return std::nullopt;
        const TensorFacts::Value &q = facts.value(p->inputs[0]);
        sixteen = sixteen || q.elemType == DataType::Int16 || q.elemType == DataType::Uint16;
    }
    // Every reader quantizes the result, directly or after a fused activation.
    auto quantizedReaders = [&](const std::string &out, bool throughActivation, auto &&self) -> bool {
        if (index.isGraphOutput(out))
            return false; // a float result: nothing quantizes it
        const std::vector<NodeId> &readers = index.consumers(out);
        if (readers.empty())
            return false;
        for (NodeId c : readers) {
            const Node *consumer = index.node(c);
            if (!consumer)
                return false;
            if (isOp(*consumer, "QuantizeLinear"))
                continue;
            if (!(throughActivation && readers.size() == 1 && isFusedActivation(*consumer) &&
                  !consumer->outputs.empty() && self(consumer->outputs[0], false, self)))
                return false;
        }
        return true;
    };
    for (const std::string &out : node.outputs)
        if (!out.empty() && !quantizedReaders(out, !isFusedActivation(node), quantizedReaders))
            return std::nullopt;
    if (!anyActivation)
        return std::nullopt;
    return sixteen ? Precision::Int16 : Precision::Int8;
}

} // namespace

SupportAnalysis analyzeSupportFromProfile(const Model &model, const DeviceProfile &profile,
                                          const AnalysisOptions &options)
{
    SupportAnalysis out;
    out.deviceId = profile.id;
    out.precision = options.precision && profile.supportsPrecision(*options.precision) ? *options.precision
                                                                                      : profile.defaultPrecision;
    if (options.precision && *options.precision != out.precision)
        out.banners.push_back(profile.name + " does not run " + precisionName(*options.precision) +
                              "; analysed at " + precisionName(out.precision) + " instead.");
    if (!model.graph)
        return out;
    const Graph &graph = *model.graph;
    const GraphIndex &index = graph.index();
    out.dims = options.dims;
    auto declared = std::make_shared<const TensorFacts>(model, nullptr, &out.dims);
    if (options.shapeProbe && (declared->unknownShapes() > 0 || declared->symbolicShapes() > 0)) {
        Expected<ShapeMap> seen = options.shapeProbe(model, options.cancel);
        if (seen) {
            out.observedShapes = std::make_shared<const ShapeMap>(std::move(*seen));
            if (declared->unknownShapes() > 0)
                out.banners.push_back("Shape inference left some shapes unknown; they are taken from one run of "
                                      "Silica's runtime with random inputs, as a compiler with fixed input shapes "
                                      "would know them.");
        } else if (seen.error().code() != ErrorCode::Cancelled) {
            out.banners.push_back("Some shapes depend on the input sizes and the model could not be run to find "
                                  "them (" + seen.error().message() + "); set the sizes of its symbolic dimensions.");
        }
    }
    // With shapes from a run, the facts are worked out again; otherwise they stand.
    out.facts = out.observedShapes ? std::make_shared<const TensorFacts>(model, out.observedShapes.get(), &out.dims)
                                   : std::move(declared);
    const TensorFacts &facts = *out.facts;
    for (const NodePtr &n : graph.nodes)
        out.quantizedGraph = out.quantizedGraph || isQuantizedOp(*n);

    const bool integer = out.precision == Precision::Int8 || out.precision == Precision::Int16;
    if (!out.quantizedGraph && integer)
        out.banners.push_back("This float model is analysed as the " + std::string(precisionName(out.precision)) +
                              " model it would have to become for " + profile.name +
                              ". Quantize it to analyse the real quantized graph.");
    for (const std::string &dim : facts.symbolicDims()) {
        auto given = out.dims.find(dim);
        out.banners.push_back("Dimension '" + dim + "' is not fixed in the model; it is analysed as " +
                              (given != out.dims.end() ? std::to_string(given->second) : std::string("1 (set its size)")) +
                              (profile.staticShapes ? ". " + profile.name + " needs static shapes: fix it on export." : "."));
    }

    for (const auto &[name, size] : out.dims)
        if (!facts.symbolicDims().count(name))
            out.banners.push_back("No input dimension of the model is named '" + name + "'; its size (" +
                                  std::to_string(size) + ") is not used.");
    size_t withBodies = 0;
    for (const NodePtr &n : graph.nodes)
        withBodies += n->subgraphs().empty() ? 0 : 1;
    if (withBodies)
        out.banners.push_back(std::to_string(withBodies) +
                              " node(s) with subgraphs (If, Loop, Scan) are analysed without their bodies: "
                              "their cost is underestimated.");
    if (out.quantizedGraph && !profile.supportsPrecision(Precision::Int8) && !profile.supportsPrecision(Precision::Int16))
        out.banners.push_back("This is a quantized model, and " + profile.name +
                              " runs no int8: analyse the float model (at " + precisionName(profile.defaultPrecision) +
                              ") instead.");

    Expected<std::vector<const Node *>> order = topologicalOrder(graph);
    std::vector<const Node *> nodes;
    if (order)
        nodes = *order;
    else
        for (const NodePtr &n : graph.nodes)
            nodes.push_back(n.get());
    const SupportChecker checker(model, profile, facts);
    const bool everything = profile.backend == "cpu"; // the host runs what Silica's runtime runs
    std::unordered_map<NodeId, size_t> done;          // → index into out.nodes
    std::unordered_map<NodeId, Precision> quantized;  // QDQ graphs: nodes computing quantized
    // The node producing a value when it is the only reader's input and runs on the device:
    // what converters fold BatchNormalization and activations into.
    auto foldTarget = [&](const Node &node, std::initializer_list<const char *> ops) -> const Node * {
        if (node.inputs.empty() || index.consumers(node.inputs[0]).size() != 1 || index.isGraphOutput(node.inputs[0]))
            return nullptr;
        const Node *p = index.producer(node.inputs[0]);
        // Conv → BatchNormalization → Relu: the normalization is folded into the Conv, so
        // the activation fuses into the Conv too.
        if (p && isOp(*p, "BatchNormalization") && done.count(p->id) && out.nodes[done[p->id]].folded)
            p = index.producer(p->inputs[0]);
        if (!p || !done.count(p->id) || !out.nodes[done[p->id]].supported || out.nodes[done[p->id]].folded)
            return nullptr;
        for (const char *op : ops)
            if (isOp(*p, op))
                return p;
        return nullptr;
    };
    for (const Node *node : nodes) {
        done[node->id] = out.nodes.size();
        NodeSupport s;
        s.id = node->id;
        s.opClass = classify(*node, facts);
        s.precision = out.precision;
        // Converters (TFLite, QNN, TensorRT) fold BatchNormalization into the convolution
        // before it and fuse Relu / Clip into the op before them.
        const bool activation = isOp(*node, "Relu") || isOp(*node, "Clip");
        if (!everything && (isOp(*node, "BatchNormalization") || (activation && profile.ops.count(node->opType)))) {
            if (const Node *into = foldTarget(*node, activation ? std::initializer_list<const char *>{"Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "QLinearConv"}
                                                                : std::initializer_list<const char *>{"Conv", "ConvTranspose", "Gemm", "QLinearConv"})) {
                s.supported = true;
                s.folded = true;
                s.reason = (activation ? "fused into " : "folded into ") + into->displayName() + " by the converter";
                out.nodes.push_back(std::move(s));
                continue;
            }
        }
        if (facts.isFolded(*node)) {
            s.supported = true;
            s.folded = true;
            s.reason = facts.foldReason(*node);
            out.nodes.push_back(std::move(s));
            continue;
        }
        if (out.quantizedGraph && isDefaultDomain(node->domain) &&
            (node->opType == "QuantizeLinear" || node->opType == "DequantizeLinear") && facts.absorbed(*node)) {
            s.supported = true;
            s.folded = true;
            s.reason = "absorbed into the quantized ops around it";
            out.nodes.push_back(std::move(s));
            continue;
        }
        if (out.quantizedGraph) {
            // Ops between Dequantize and Quantize compute quantized; the rest in float.
            if (const auto q = qdqPrecision(*node, index, facts, quantized)) {
                s.precision = *q;
                quantized[node->id] = *q;
            }
            else if (node->opType != "QuantizeLinear" && node->opType != "DequantizeLinear")
                s.precision = profile.supportsPrecision(Precision::Fp32) || !profile.supportsPrecision(Precision::Fp16)
                                  ? Precision::Fp32
                                  : Precision::Fp16;
        }
        if (everything) {
            s.supported = true;
        } else if ((isOp(*node, "QLinearConv") || isOp(*node, "ConvInteger")) && !profile.ops.count(node->opType)) {
            // Converters turn the QOperator forms into the device's quantized convolution.
            s.reason = checker.whyNot(*node, s.precision, "Conv");
            s.supported = s.reason.empty();
        } else if ((isOp(*node, "QLinearMatMul") || isOp(*node, "MatMulInteger")) && !profile.ops.count(node->opType)) {
            s.reason = checker.whyNot(*node, s.precision, "MatMul");
            s.supported = s.reason.empty();
        } else if (isOp(*node, "BatchNormalization") && !profile.ops.count("BatchNormalization") &&
                   profile.ops.count("Mul") && profile.ops.count("Add")) {
            // Converted to a per-channel Mul and Add.
            s.reason = checker.whyNot(*node, s.precision, "Mul");
            s.supported = s.reason.empty();
        } else {
            s.reason = checker.whyNot(*node, s.precision);
            if (!profile.supportsPrecision(s.precision) && s.reason.empty())
                s.reason = std::string(precisionName(s.precision)) + " op on a device that runs only " +
                           joinPrecisions(profile.precisions());
            s.supported = s.reason.empty();
        }
        out.nodes.push_back(std::move(s));
    }
    return out;
}

} // namespace silica::device
