#include "core/quant/fp16.h"

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/graph_validation.h"
#include "core/runtime/half.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace silica::quant {

const std::set<std::string> &float16Ops()
{
    // Each runs in Silica's runtime on float16 tensors (tst_fp16 runs them against float32).
    static const std::set<std::string> ops = {
        // compute on the float32 kernels through their float16 wrapper (accumulating in float32)
        "Conv", "ConvTranspose", "MatMul", "Gemm", "Einsum",
        // element-wise
        "Add", "Sub", "Mul", "Div", "Pow", "Neg", "Abs", "Sqrt", "Reciprocal", "Exp", "Log", "Erf",
        "Tanh", "Sin", "Cos", "Floor", "Ceil", "Round", "Sign", "Min", "Max", "Mean", "Sum", "Clip",
        "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "IsNaN", "IsInf", "Where",
        // activations
        "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Sigmoid", "HardSigmoid", "HardSwish",
        "Softplus", "Softsign", "Gelu", "Mish", "ThresholdedRelu",
        // normalization, reductions, softmax, pooling
        "BatchNormalization", "InstanceNormalization", "LayerNormalization", "GroupNormalization",
        "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceL2", "ReduceSumSquare",
        "ArgMax", "ArgMin", "Softmax", "LogSoftmax", "MaxPool", "AveragePool", "GlobalAveragePool",
        "GlobalMaxPool", "Resize", "Upsample",
        // moving data around
        "Identity", "Dropout", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "Concat",
        "Split", "Slice", "Gather", "GatherElements", "GatherND", "Expand", "Tile", "Pad",
        "DepthToSpace", "SpaceToDepth", "Shape", "Size", "Trilu", "ScatterND", "ScatterElements",
        // types
        "Cast", "CastLike", "ConstantOfShape"};
    return ops;
}

namespace {

// IEEE 754 binary16: the largest finite value and half the smallest subnormal (2^-25), below
// which a value rounds to zero.
constexpr double kFloat16Max = 65504.0;
constexpr double kFloat16Underflow = 2.98023223876953125e-8;

// Ops kept in float32 for what their tensors mean, not for want of a kernel.
std::string fixedReason(const std::string &op)
{
    if (op == "NonMaxSuppression" || op == "RoiAlign")
        return "its boxes stay float32 (coordinates past 2048 are not exact in float16)";
    if (op == "QuantizeLinear" || op == "DequantizeLinear" || op == "DynamicQuantizeLinear")
        return "quantization scales stay float32";
    if (op.rfind("Random", 0) == 0 || op == "Bernoulli" || op == "Multinomial")
        return "random generators stay float32 (their dtype is part of the model)";
    return {};
}

// Inputs that are not of the op's main type T, so keep theirs when the node runs in float16:
// Resize's roi (T2) and scales (tensor(float) in every opset), Upsample's scales.
bool keepsInputType(const Node &n, size_t input)
{
    if (n.opType == "Resize")
        return input == 1 || input == 2;
    if (n.opType == "Upsample")
        return input == 1;
    return false;
}

// LayerNormalization's Mean and InvStdDev are in stash_type (float32), not T.
bool keepsOutputType(const Node &n, size_t output)
{
    return n.opType == "LayerNormalization" && output > 0;
}

std::string magnitudeText(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

// Cast-1 … 5 name the type as a string, later versions by number.
DataType castTarget(const Node &n)
{
    const Attribute *to = n.attribute("to");
    if (!to)
        return DataType::Undefined;
    if (to->type == AttributeType::Int)
        return isKnownDataType(int32_t(to->i)) ? DataType(to->i) : DataType::Undefined;
    static const std::map<std::string, DataType> names = {
        {"FLOAT", DataType::Float}, {"FLOAT16", DataType::Float16}, {"DOUBLE", DataType::Double},
        {"INT64", DataType::Int64}, {"INT32", DataType::Int32},     {"BOOL", DataType::Bool},
        {"UINT8", DataType::Uint8}, {"INT8", DataType::Int8}};
    const auto it = names.find(to->s);
    return it == names.end() ? DataType::Undefined : it->second;
}

// A float32 tensor's values; nullopt when its bytes are missing or short.
std::optional<std::vector<float>> floatValues(const Tensor &t)
{
    const uint64_t count = t.elementCount();
    if (t.dataType != DataType::Float || t.bytes.size < count * sizeof(float) ||
        (count && !t.bytes.data()))
        return std::nullopt;
    std::vector<float> values(count);
    if (count)
        std::memcpy(values.data(), t.bytes.data(), count * sizeof(float));
    return values;
}

// `t` (dims, doc string kept) as float16 under `name`.
TensorPtr float16Copy(const Tensor &t, const std::string &name, const std::vector<float> &values)
{
    std::string bytes(values.size() * 2, '\0');
    for (size_t i = 0; i < values.size(); ++i) {
        const uint16_t h = runtime::floatToHalfBits(values[i]);
        std::memcpy(bytes.data() + 2 * i, &h, 2);
    }
    auto h = std::make_shared<Tensor>(t);
    h->name = name;
    h->dataType = DataType::Float16;
    h->bytes = ByteSlice::fromString(std::move(bytes));
    h->externalLocation.clear();
    return h;
}

void collectNames(const Graph &g, std::unordered_set<std::string> &values,
                  std::unordered_set<std::string> &nodes)
{
    for (const ValueInfo &v : g.inputs)
        values.insert(v.name);
    for (const ValueInfo &v : g.outputs)
        values.insert(v.name);
    for (const TensorPtr &t : g.initializers)
        values.insert(t->name);
    for (const NodePtr &n : g.nodes) {
        nodes.insert(n->name);
        values.insert(n->inputs.begin(), n->inputs.end());
        values.insert(n->outputs.begin(), n->outputs.end());
        for (const GraphPtr &sub : n->subgraphs())
            collectNames(*sub, values, nodes);
    }
}

class Fp16Converter
{
public:
    Fp16Converter(const Model &model, const Fp16Options &options)
        : m_model(model), m_graph(*model.graph), m_index(m_graph.index()), m_options(options),
          m_nextId(model.nextNodeId)
    {
        collectNames(m_graph, m_valueNames, m_nodeNames);
    }

    Expected<Fp16Result> run()
    {
        Expected<std::vector<const Node *>> order = topologicalOrder(m_graph);
        if (!order)
            return order.error();
        inferTypes(*order);
        for (const Node *n : *order)
            classify(*n);
        noteOptions();
        for (const Node *n : *order)
            countNeeds(*n);
        for (const ValueInfo &v : m_graph.outputs)
            if (isFloat(v.name)) {
                m_needs32.insert(v.name);
                m_pinned.insert(v.name);
            }
        auto graph = std::make_shared<Graph>(m_graph);
        graph->nodes.clear();
        graph->invalidateIndex();
        m_out = graph.get();
        for (const ValueInfo &v : m_graph.inputs)
            if (isFloat(v.name) && !m_index.initializer(v.name))
                m_fp32[v.name] = v.name;
        convertInitializers();
        for (const Node *n : *order)
            emit(*n);
        updateValueInfos();
        if (m_underflows)
            m_result.warnings.push_back(
                std::to_string(m_underflows) + " weight values in " +
                std::to_string(m_underflowTensors) +
                " tensors are below float16's smallest subnormal (6e-8) and became 0");
        m_result.model = m_model;
        m_result.model.graph = graph;
        m_result.model.nextNodeId = m_nextId;
        return std::move(m_result);
    }

private:
    enum class Plan
    {
        Untouched, // reads and writes no float32 value
        Float16,
        Float32,
    };

    DataType typeOf(const std::string &v) const
    {
        const auto it = m_types.find(v);
        return it == m_types.end() ? DataType::Undefined : it->second;
    }
    bool isFloat(const std::string &v) const { return !v.empty() && typeOf(v) == DataType::Float; }

    // Element types of every value: declared or found by shape inference, else what the op
    // produces (so hand-built graphs without value_info work too).
    void inferTypes(const std::vector<const Node *> &order)
    {
        for (const ValueInfo &v : m_graph.inputs)
            m_types[v.name] = v.type.elemType;
        for (const TensorPtr &t : m_graph.initializers)
            m_types[t->name] = t->dataType;
        for (const Node *n : order)
            for (size_t k = 0; k < n->outputs.size(); ++k) {
                if (n->outputs[k].empty())
                    continue;
                DataType t = m_index.typeOf(n->outputs[k]).elemType;
                if (t == DataType::Undefined)
                    t = outputType(*n, k);
                m_types[n->outputs[k]] = t;
            }
    }

    DataType inputType(const Node &n, size_t i) const
    {
        return i < n.inputs.size() ? typeOf(n.inputs[i]) : DataType::Undefined;
    }

    DataType outputType(const Node &n, size_t k) const
    {
        if (!isDefaultDomain(n.domain))
            return DataType::Undefined;
        const std::string &op = n.opType;
        auto dtype = [&](DataType fallback) {
            const Attribute *a = n.attribute("dtype");
            return a ? DataType(a->i) : fallback;
        };
        if (op == "Constant") {
            if (const Attribute *a = n.attribute("value"); a && a->t)
                return a->t->dataType;
            if (n.attribute("value_float") || n.attribute("value_floats"))
                return DataType::Float;
            if (n.attribute("value_int") || n.attribute("value_ints"))
                return DataType::Int64;
            return DataType::Undefined;
        }
        if (op == "Cast")
            return castTarget(n);
        if (op == "CastLike")
            return inputType(n, 1);
        if (op == "ConstantOfShape") {
            const Attribute *a = n.attribute("value");
            return a && a->t ? a->t->dataType : DataType::Float;
        }
        static const std::set<std::string> int64Ops = {"Shape",  "Size",   "NonZero",
                                                       "ArgMax", "ArgMin", "NonMaxSuppression"};
        static const std::set<std::string> boolOps = {
            "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Not",
            "And",   "Or",   "Xor",     "IsNaN",       "IsInf"};
        if (int64Ops.count(op))
            return DataType::Int64;
        if (boolOps.count(op))
            return DataType::Bool;
        if (k > 0 && (op == "MaxPool" || op == "TopK" || op == "Unique"))
            return DataType::Int64;
        if (k > 0 && op == "Dropout")
            return DataType::Bool;
        if (k > 0 && op == "LayerNormalization")
            return DataType(n.intAttribute("stash_type", int64_t(DataType::Float)));
        if (op == "RandomNormal" || op == "RandomUniform")
            return dtype(DataType::Float);
        if (op == "RandomNormalLike" || op == "RandomUniformLike" || op == "EyeLike" ||
            op == "Bernoulli")
            return dtype(inputType(n, 0));
        if (op == "Multinomial")
            return dtype(DataType::Int32);
        if (op == "Where")
            return inputType(n, 1);
        if (op == "DequantizeLinear")
            return inputType(n, 1);
        for (size_t i = 0; i < n.inputs.size(); ++i)
            if (!n.inputs[i].empty())
                return inputType(n, i);
        return DataType::Undefined;
    }

    // The float32 tensor behind a weight: an initializer, or a Constant node's value.
    const Tensor *floatWeight(const std::string &v)
    {
        if (const Tensor *t = m_index.initializer(v))
            return t->dataType == DataType::Float ? t : nullptr;
        const Node *p = m_index.producer(v);
        if (!p || p->opType != "Constant" || !isDefaultDomain(p->domain))
            return nullptr;
        if (const Attribute *a = p->attribute("value"); a && a->t)
            return a->t->dataType == DataType::Float ? a->t.get() : nullptr;
        auto it = m_scalarConstants.find(v);
        if (it == m_scalarConstants.end()) {
            TensorPtr t;
            if (const Attribute *a = p->attribute("value_float"))
                t = GraphBuilder::floatTensor(v, {}, {a->f});
            else if (const Attribute *b = p->attribute("value_floats"))
                t = GraphBuilder::floatTensor(v, {int64_t(b->floats.size())}, b->floats);
            it = m_scalarConstants.emplace(v, t).first;
        }
        return it->second.get();
    }

    // Largest finite magnitude of a weight, or nullopt when its bytes cannot be read.
    std::optional<double> weightMagnitude(const std::string &v, const Tensor &t)
    {
        auto it = m_magnitudes.find(v);
        if (it != m_magnitudes.end())
            return it->second;
        std::optional<double> magnitude;
        if (const auto values = floatValues(t)) {
            double m = 0;
            for (float x : *values)
                if (std::isfinite(x))
                    m = std::max(m, double(std::fabs(x)));
            magnitude = m;
        }
        m_magnitudes[v] = magnitude;
        return magnitude;
    }

    // Why `n` stays float32, or "" when it can run in float16.
    std::string keepReason(const Node &n)
    {
        if (m_options.keepFloat.count(n.name))
            return "kept in float32 as asked";
        if (!n.subgraphs().empty())
            return "holds subgraphs (their bodies are not converted)";
        if (!isDefaultDomain(n.domain))
            return "op of domain '" + n.domain + "' is not converted";
        if (std::string fixed = fixedReason(n.opType); !fixed.empty())
            return fixed;
        if (!float16Ops().count(n.opType))
            return n.opType + " is not among the ops the runtime runs in float16";
        std::vector<std::string> values;
        for (const std::string &v : n.inputs)
            if (!v.empty())
                values.push_back(v);
        for (const std::string &v : n.outputs)
            if (!v.empty())
                values.push_back(v);
        for (const std::string &v : values)
            if (typeOf(v) == DataType::Undefined)
                return "the element type of '" + v +
                       "' is unknown (run shape inference on the model first)";
        for (size_t i = 0; i < n.inputs.size(); ++i) {
            if (!isFloat(n.inputs[i]) || keepsInputType(n, i))
                continue;
            const Tensor *w = floatWeight(n.inputs[i]);
            if (!w)
                continue;
            const std::optional<double> m = weightMagnitude(n.inputs[i], *w);
            if (!m)
                return "weight '" + n.inputs[i] + "' could not be read";
            if (*m > kFloat16Max)
                return "would overflow float16: |x| up to " + magnitudeText(*m) + " in weight '" +
                       n.inputs[i] + "'";
        }
        if (m_options.ranges)
            for (const std::string &v : values) {
                const auto it = m_options.ranges->values.find(v);
                if (!isFloat(v) || it == m_options.ranges->values.end() || it->second.empty())
                    continue;
                const double m = std::max(std::fabs(it->second.min()), std::fabs(it->second.max()));
                if (m > kFloat16Max)
                    return "would overflow float16: |x| up to " + magnitudeText(m) + " at '" + v +
                           "'";
            }
        if (n.opType == "ConstantOfShape" && isFloat(n.outputs[0])) {
            const Attribute *a = n.attribute("value");
            if (a && a->t) {
                const auto values = floatValues(*a->t);
                if (!values)
                    return "its value could not be read";
                if (!values->empty() && std::isfinite(values->front()) &&
                    std::fabs(values->front()) > kFloat16Max)
                    return "would overflow float16: |x| up to " +
                           magnitudeText(std::fabs(values->front())) + " in its value";
            }
        }
        return {};
    }

    bool touchesFloat(const Node &n) const
    {
        for (const std::string &v : m_index.allInputs(n.id))
            if (isFloat(v))
                return true;
        for (const std::string &v : n.outputs)
            if (isFloat(v))
                return true;
        return false;
    }

    static bool isConstant(const Node &n)
    {
        return n.opType == "Constant" && isDefaultDomain(n.domain);
    }

    void classify(const Node &n)
    {
        if (!n.subgraphs().empty())
            m_result.warnings.push_back(
                "'" + n.displayName() +
                "': its subgraph bodies stay float32 (If / Loop / Scan bodies are not converted)");
        if (isConstant(n) || !touchesFloat(n)) {
            m_plans[n.id] = Plan::Untouched;
            return;
        }
        const std::string reason = keepReason(n);
        if (reason.empty()) {
            m_plans[n.id] = Plan::Float16;
            ++m_result.convertedNodes;
            return;
        }
        m_plans[n.id] = Plan::Float32;
        ++m_result.keptNodes;
        m_result.kept.push_back(n.displayName() + ": " + reason);
    }

    void noteOptions()
    {
        for (const std::string &name : m_options.keepFloat)
            if (!m_nodeNames.count(name))
                m_result.warnings.push_back("keepFloat names '" + name +
                                            "', which no node of the main graph has");
        if (!m_options.ranges)
            m_result.warnings.push_back(
                "no observed ranges given: only weights were checked for float16 overflow "
                "(collect ranges on representative inputs to check activations too)");
    }

    // Which form of each float value its readers want.
    void countNeeds(const Node &n)
    {
        const Plan plan = m_plans.at(n.id);
        if (plan == Plan::Untouched)
            return;
        for (size_t i = 0; i < n.inputs.size(); ++i)
            if (isFloat(n.inputs[i]))
                (plan == Plan::Float16 && !keepsInputType(n, i) ? m_needs16 : m_needs32)
                    .insert(n.inputs[i]);
        // Subgraph bodies read outer values by name, in float32: those names must stay float32.
        for (const GraphPtr &sub : n.subgraphs())
            for (const std::string &v : outerScopeReferences(*sub))
                if (isFloat(v)) {
                    m_needs32.insert(v);
                    m_pinned.insert(v);
                }
    }

    // A float16 weight replaces the float32 one under its own name when nothing else reads
    // that name; otherwise it is a copy beside it.
    bool convertsInPlace(const std::string &v) const
    {
        return !m_needs32.count(v) && !m_pinned.count(v) && !m_index.graphInput(v);
    }

    std::string fresh(const std::string &base, std::unordered_set<std::string> &taken)
    {
        std::string name = base;
        for (int k = 1; taken.count(name); ++k)
            name = base + "_" + std::to_string(k);
        taken.insert(name);
        return name;
    }

    void countUnderflows(const std::vector<float> &values)
    {
        size_t n = 0;
        for (float x : values)
            n += x != 0 && std::fabs(x) < kFloat16Underflow ? 1 : 0;
        if (n) {
            m_underflows += n;
            ++m_underflowTensors;
        }
    }

    void convertInitializers()
    {
        std::vector<TensorPtr> copies; // appended after the loop: it walks the same vector
        for (TensorPtr &t : m_out->initializers) {
            if (t->dataType != DataType::Float || !m_needs16.count(t->name))
                continue;
            const auto values = floatValues(*t);
            if (!values)
                continue; // its readers were kept in float32
            countUnderflows(*values);
            const std::string name = t->name;
            if (convertsInPlace(name)) {
                t = float16Copy(*t, name, *values);
                m_fp16[name] = name;
                m_retyped.insert(name);
            } else {
                copies.push_back(float16Copy(*t, fresh(name + "_float16", m_valueNames), *values));
                m_fp16[name] = copies.back()->name;
            }
        }
        m_out->initializers.insert(m_out->initializers.end(), copies.begin(), copies.end());
        for (const TensorPtr &t : m_graph.initializers)
            if (t->dataType == DataType::Float && !m_retyped.count(t->name))
                m_fp32[t->name] = t->name;
    }

    NodePtr castNode(const std::string &from, const std::string &to, DataType type)
    {
        auto n = GraphBuilder::newNode(m_nextId, "Cast", {from}, {to}, fresh(to + "_Cast", m_nodeNames));
        Attribute a;
        a.name = "to";
        if (m_model.opsetVersion("") < 6) {
            a.type = AttributeType::String;
            a.s = type == DataType::Float16 ? "FLOAT16" : "FLOAT";
        } else {
            a.type = AttributeType::Int;
            a.i = int64_t(type);
        }
        n->attributes.push_back(std::move(a));
        return n;
    }

    // The name of `v` in float16 (float32), casting it there before its first such reader.
    std::string inType(const std::string &v, DataType type)
    {
        auto &have = type == DataType::Float16 ? m_fp16 : m_fp32;
        if (auto it = have.find(v); it != have.end())
            return it->second;
        const auto &other = type == DataType::Float16 ? m_fp32 : m_fp16;
        const auto src = other.find(v);
        if (src == other.end())
            return v; // defined nowhere in this graph: validation reports it, not us
        const std::string name =
            fresh(v + (type == DataType::Float16 ? "_float16" : "_float32"), m_valueNames);
        m_out->nodes.push_back(castNode(src->second, name, type));
        m_newValues.push_back({name, v, type});
        have[v] = name;
        return name;
    }

    const NodePtr &originalOf(const Node &n) const
    {
        return m_graph.nodes[size_t(m_index.position(n.id))];
    }

    void emitConstant(const Node &n)
    {
        m_out->nodes.push_back(originalOf(n));
        if (n.outputs.empty() || !isFloat(n.outputs[0]))
            return;
        const std::string &v = n.outputs[0];
        const Tensor *t = m_needs16.count(v) ? floatWeight(v) : nullptr;
        const auto values = t ? floatValues(*t) : std::nullopt;
        if (!values) {
            m_fp32[v] = v;
            return;
        }
        countUnderflows(*values);
        auto node = std::make_shared<Node>(n);
        node->attributes.erase(
            std::remove_if(node->attributes.begin(), node->attributes.end(),
                           [](const Attribute &a) { return a.name.rfind("value", 0) == 0; }),
            node->attributes.end());
        Attribute a;
        a.name = "value";
        a.type = AttributeType::Tensor;
        a.t = float16Copy(*t, t->name, *values);
        node->attributes.push_back(std::move(a));
        if (convertsInPlace(v)) {
            m_out->nodes.back() = node;
            m_fp16[v] = v;
            m_retyped.insert(v);
            return;
        }
        node->id = m_nextId++;
        node->name = fresh((n.name.empty() ? v : n.name) + "_float16", m_nodeNames);
        node->outputs[0] = fresh(v + "_float16", m_valueNames);
        m_out->nodes.push_back(node);
        m_fp16[v] = node->outputs[0];
        m_fp32[v] = v;
        m_newValues.push_back({node->outputs[0], v, DataType::Float16});
    }

    // Attributes that name a float type: a Cast to float32 now casts to float16, a
    // ConstantOfShape fills with a float16 value.
    void retypeAttributes(Node &node)
    {
        if (node.opType == "Cast" && castTarget(node) == DataType::Float)
            for (Attribute &a : node.attributes)
                if (a.name == "to") {
                    a.i = int64_t(DataType::Float16);
                    a.s = a.type == AttributeType::String ? "FLOAT16" : a.s;
                }
        if (node.opType == "ConstantOfShape") {
            auto it = std::find_if(node.attributes.begin(), node.attributes.end(),
                                   [](const Attribute &a) { return a.name == "value"; });
            if (it == node.attributes.end()) {
                Attribute a; // absent: a float32 zero
                a.name = "value";
                a.type = AttributeType::Tensor;
                node.attributes.push_back(std::move(a));
                it = node.attributes.end() - 1;
                it->t = float16Copy(*GraphBuilder::floatTensor({}, {1}, {0.0f}), {}, {0.0f});
            } else if (it->t) {
                it->t = float16Copy(*it->t, it->t->name,
                                    floatValues(*it->t).value_or(std::vector<float>{}));
            }
        }
    }

    void emit(const Node &n)
    {
        if (isConstant(n))
            return emitConstant(n);
        const Plan plan = m_plans.at(n.id);
        if (plan == Plan::Untouched) {
            m_out->nodes.push_back(originalOf(n));
            return;
        }
        auto node = std::make_shared<Node>(n);
        for (size_t i = 0; i < n.inputs.size(); ++i)
            if (isFloat(n.inputs[i]))
                node->inputs[i] = inType(n.inputs[i], plan == Plan::Float16 && !keepsInputType(n, i)
                                                          ? DataType::Float16
                                                          : DataType::Float);
        std::vector<NodePtr> after;
        for (size_t k = 0; k < n.outputs.size(); ++k) {
            const std::string &v = n.outputs[k];
            if (!isFloat(v))
                continue;
            if (plan == Plan::Float32 || keepsOutputType(n, k)) {
                m_fp32[v] = v;
                continue;
            }
            if (!m_pinned.count(v)) {
                m_fp16[v] = v;
                m_retyped.insert(v);
                continue;
            }
            // A graph output (or a name a subgraph reads) keeps its name and float32 type.
            const std::string written = fresh(v + "_float16", m_valueNames);
            node->outputs[k] = written;
            after.push_back(castNode(written, v, DataType::Float));
            m_newValues.push_back({written, v, DataType::Float16});
            m_fp16[v] = written;
            m_fp32[v] = v;
        }
        if (plan == Plan::Float16)
            retypeAttributes(*node);
        const bool unchanged = plan == Plan::Float32 && node->inputs == n.inputs;
        m_out->nodes.push_back(unchanged ? originalOf(n) : node); // share what did not change
        m_out->nodes.insert(m_out->nodes.end(), after.begin(), after.end());
    }

    // Declared types follow: converted values say float16, new values get the declaration of
    // the value they stand for with their own element type.
    void updateValueInfos()
    {
        for (std::vector<ValueInfo> *list : {&m_out->valueInfos, &m_out->inferred})
            for (ValueInfo &v : *list)
                if (m_retyped.count(v.name) && v.type.isTensor())
                    v.type.elemType = DataType::Float16;
        auto find = [](std::vector<ValueInfo> &list, const std::string &name) -> ValueInfo * {
            for (ValueInfo &v : list)
                if (v.name == name)
                    return &v;
            return nullptr;
        };
        for (const NewValue &nv : m_newValues) {
            std::vector<ValueInfo> *target = &m_out->valueInfos;
            const ValueInfo *from = find(m_out->valueInfos, nv.original);
            if (!from)
                from = find(m_out->outputs, nv.original);
            if (!from)
                from = find(m_out->inputs, nv.original);
            if (!from) {
                from = find(m_out->inferred, nv.original);
                target = &m_out->inferred;
            }
            if (!from || !from->type.isTensor())
                continue;
            ValueInfo info = *from;
            info.name = nv.name;
            info.docString.clear();
            info.type.elemType = nv.type;
            target->push_back(std::move(info));
        }
    }

    struct NewValue
    {
        std::string name;
        std::string original;
        DataType type;
    };

    const Model &m_model;
    const Graph &m_graph;
    const GraphIndex &m_index;
    const Fp16Options &m_options;
    NodeId m_nextId;
    std::unordered_set<std::string> m_valueNames, m_nodeNames;
    std::unordered_map<std::string, DataType> m_types;
    std::unordered_map<NodeId, Plan> m_plans;
    std::unordered_map<std::string, TensorPtr> m_scalarConstants;
    std::unordered_map<std::string, std::optional<double>> m_magnitudes;
    std::unordered_set<std::string> m_needs16, m_needs32, m_pinned, m_retyped;
    std::unordered_map<std::string, std::string> m_fp16, m_fp32; // value → its name in that type
    std::vector<NewValue> m_newValues;
    size_t m_underflows = 0, m_underflowTensors = 0;
    Graph *m_out = nullptr;
    Fp16Result m_result;
};

} // namespace

Expected<Fp16Result> convertToFp16(const Model &model, const Fp16Options &options)
{
    if (!model.graph)
        return Status(ErrorCode::InvalidArgument,
                      "the model has no graph: load or build a model before converting it "
                      "to float16");
    return Fp16Converter(model, options).run();
}

} // namespace silica::quant
