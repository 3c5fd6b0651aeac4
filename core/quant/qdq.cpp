#include "core/quant/qdq.h"

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/graph_validation.h"
#include "core/graph/tensor_stats.h"

#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace silica::quant {

const std::set<std::string> &quantizableOps()
{
    static const std::set<std::string> ops = {
        "Conv",        "Gemm",       "MatMul",  "Add",     "Mul",      "Relu",          "Clip",
        "MaxPool",     "AveragePool", "GlobalAveragePool", "Concat", "Sigmoid", "LeakyRelu", "HardSwish",
        "Resize",      "Reshape",    "Flatten", "Transpose", "Squeeze", "Unsqueeze"};
    return ops;
}

bool matchesNodeSet(const Node &node, const std::set<std::string> &patterns)
{
    if (patterns.count(node.name))
        return true;
    for (const std::string &p : patterns)
        if (!p.empty() && p.back() == '/' && node.name.compare(0, p.size(), p) == 0)
            return true;
    return false;
}

namespace {

// Zero points (and 8- / 16-bit weights) in their own type.
TensorPtr quantizedTensor(const std::string &name, QuantType type, std::vector<int64_t> dims,
                          const std::vector<int32_t> &values)
{
    switch (type) {
    case QuantType::Int8:
        return GraphBuilder::typedTensor(name, DataType::Int8, std::move(dims),
                                         std::vector<int8_t>(values.begin(), values.end()));
    case QuantType::Uint8:
        return GraphBuilder::typedTensor(name, DataType::Uint8, std::move(dims),
                                         std::vector<uint8_t>(values.begin(), values.end()));
    case QuantType::Int16:
        return GraphBuilder::typedTensor(name, DataType::Int16, std::move(dims),
                                         std::vector<int16_t>(values.begin(), values.end()));
    case QuantType::Uint16:
        return GraphBuilder::typedTensor(name, DataType::Uint16, std::move(dims),
                                         std::vector<uint16_t>(values.begin(), values.end()));
    }
    return nullptr;
}

class QdqBuilder
{
public:
    QdqBuilder(const Model &model, const CollectedHistograms &ranges, const QdqOptions &options)
        : m_model(model), m_graph(*model.graph), m_index(m_graph.index()), m_ranges(ranges), m_options(options),
          m_nextId(model.nextNodeId)
    {
        m_axisAllowed = model.opsetVersion("") >= 13;
        for (const NodePtr &p : m_graph.nodes)
            m_nodes[p->id] = p;
    }

    Expected<QdqResult> build()
    {
        const int64_t opset = m_model.opsetVersion("");
        if (opset < 10)
            return Status(ErrorCode::Unsupported, "the model uses opset " + std::to_string(opset) +
                                                      ", older than QuantizeLinear (opset 10); convert it to opset "
                                                      "13 or newer first");
        const bool sixteen = m_options.calibration.type == QuantType::Int16 ||
                             m_options.calibration.type == QuantType::Uint16 || !m_options.wideNodes.empty();
        if (sixteen && opset < 21)
            return Status(ErrorCode::Unsupported, "16-bit QuantizeLinear needs opset 21; the model uses opset " +
                                                      std::to_string(opset) + " (convert it first)");
        if (!m_axisAllowed && m_options.perChannel)
            m_result.warnings.push_back("opset " + std::to_string(opset) +
                                        " has no per-channel QuantizeLinear (opset 13): weights are per tensor");
        Expected<std::vector<const Node *>> order = topologicalOrder(m_graph);
        if (!order)
            return order.error();
        // Which nodes are quantized: a quantizable op whose float activations all have a range.
        for (const Node *n : *order)
            if (quantizes(*n)) {
                m_quantized.insert(n->id);
                m_result.quantizedIds.push_back(n->id);
            }
        // A Conv / Gemm / MatMul / Add whose only reader is a quantized Relu or Clip writes float
        // into it: converters fuse the activation, so the pair is quantized once, at the
        // activation's output (its range has no negative half to waste codes on).
        for (const Node *n : *order)
            if (m_quantized.count(n->id) && fusesActivation(*n))
                m_fusedOutputs.insert(n->outputs.front());
        // The activations of the 16-bit nodes (what they read and write).
        for (const Node *n : *order)
            if (m_quantized.count(n->id) && matchesNodeSet(*n, m_options.wideNodes)) {
                for (const std::string &v : n->inputs)
                    if (isActivation(v))
                        m_wide.insert(v);
                for (const std::string &v : n->outputs)
                    m_wide.insert(v);
            }
        auto graph = std::make_shared<Graph>(m_graph);
        graph->nodes.clear();
        graph->invalidateIndex();
        m_out = graph.get();
        for (const Node *n : *order) {
            if (!m_quantized.count(n->id)) {
                m_out->nodes.push_back(m_nodes.at(n->id));
                continue;
            }
            emitQuantized(*n);
        }
        m_result.model = m_model;
        m_result.model.graph = graph;
        m_result.model.nextNodeId = m_nextId;
        m_result.quantizedNodes = m_quantized.size();
        m_result.quantizedValues = m_params.size();
        return std::move(m_result);
    }

private:
    // A float value computed at run time (a type left undeclared counts when calibration saw
    // float values there).
    bool isActivation(const std::string &v) const
    {
        if (v.empty() || m_index.weight(v))
            return false;
        const DataType t = m_index.typeOf(v).elemType;
        return t == DataType::Float || (t == DataType::Undefined && m_ranges.values.count(v));
    }

    bool quantizes(const Node &n)
    {
        if (!isDefaultDomain(n.domain) || !quantizableOps().count(n.opType) || matchesNodeSet(n, m_options.keepFloat) ||
            m_options.keepFloatIds.count(n.id) || (!m_options.onlyIds.empty() && !m_options.onlyIds.count(n.id)))
            return false;
        bool any = false;
        for (const std::string &v : n.inputs)
            if (isActivation(v)) {
                any = true;
                if (!m_ranges.values.count(v)) {
                    m_result.warnings.push_back("'" + n.displayName() + "' stays float: no range for its input '" +
                                                v + "' (not seen during calibration)");
                    return false;
                }
            }
        if (!any) // shape arithmetic (an int64 Concat, say): nothing to quantize, nothing to say
            return false;
        for (const std::string &v : n.outputs)
            if (!v.empty() && !m_ranges.values.count(v)) {
                m_result.warnings.push_back("'" + n.displayName() + "' stays float: no range for its output '" + v +
                                            "'");
                return false;
            }
        return true;
    }

    bool fusesActivation(const Node &n) const
    {
        static const std::set<std::string> producers = {"Conv", "Gemm", "MatMul", "Add"};
        if (!producers.count(n.opType) || n.outputs.size() != 1 || m_index.isGraphOutput(n.outputs.front()))
            return false;
        const std::vector<NodeId> &readers = m_index.consumers(n.outputs.front());
        if (readers.size() != 1 || !m_quantized.count(readers.front()))
            return false;
        const Node *reader = m_index.node(readers.front());
        return reader && (reader->opType == "Relu" || reader->opType == "Clip") && reader->inputs.front() == n.outputs.front();
    }

    const QuantParams &activationParams(const std::string &v)
    {
        auto it = m_params.find(v);
        if (it == m_params.end()) {
            CalibrationOptions calibration = m_options.calibration;
            if (m_wide.count(v))
                calibration.type = calibration.type == QuantType::Int8 ? QuantType::Int16 : QuantType::Uint16;
            // A graph input is the data itself (an image's 256 levels, normalised): clipping it
            // loses detail every layer after it inherits, and its observed range costs no
            // resolution the data had. Only activations are clipped.
            if (m_index.graphInput(v))
                calibration.method = CalibrationMethod::MinMax;
            it = m_params.emplace(v, calibratedParams(m_ranges.values.at(v), calibration)).first;
        }
        return it->second;
    }

    NodePtr makeNode(const std::string &op, std::vector<std::string> inputs, std::vector<std::string> outputs,
                     const std::string &name, std::vector<Attribute> attributes = {})
    {
        auto n = GraphBuilder::newNode(m_nextId, op, std::move(inputs), std::move(outputs), name);
        n->attributes = std::move(attributes);
        return n;
    }

    // Scale and zero point initializers for `params` (vectors with per-channel ones).
    std::pair<std::string, std::string> paramTensors(const std::string &base, const std::vector<QuantParams> &params,
                                                     bool vector)
    {
        std::vector<float> scales;
        std::vector<int32_t> zps;
        for (const QuantParams &p : params) {
            scales.push_back(p.scale);
            zps.push_back(p.zeroPoint);
        }
        const std::vector<int64_t> dims = vector ? std::vector<int64_t>{int64_t(params.size())} : std::vector<int64_t>{};
        m_out->initializers.push_back(GraphBuilder::floatTensor(base + "_scale", dims, scales));
        m_out->initializers.push_back(quantizedTensor(base + "_zero_point", params.front().type, dims, zps));
        return {base + "_scale", base + "_zero_point"};
    }

    // Q → DQ on activation `v`; returns the dequantized name (once per value).
    std::string quantizeInput(const std::string &v)
    {
        if (auto done = m_dequantized.find(v); done != m_dequantized.end())
            return done->second;
        if (m_fusedOutputs.count(v))
            return v;
        const auto [scale, zp] = paramTensors(v + "_quant", {activationParams(v)}, false);
        const std::string q = v + "_quantized", dq = v + "_dequantized";
        m_out->nodes.push_back(makeNode("QuantizeLinear", {v, scale, zp}, {q}, v + "_QuantizeLinear"));
        m_out->nodes.push_back(makeNode("DequantizeLinear", {q, scale, zp}, {dq}, v + "_DequantizeLinear"));
        m_dequantized[v] = dq;
        return dq;
    }

    // The weight of a Conv / Gemm / MatMul as 8-bit integers with a DequantizeLinear; `error`
    // gets dequantized − float per element.
    std::string quantizeWeight(const Node &n, const std::string &w, std::vector<QuantParams> &params,
                               std::vector<float> &error)
    {
        const Tensor *t = m_index.weight(w);
        Expected<std::vector<double>> values = tensorValues(*t, t->elementCount());
        if (!values)
            return {};
        std::vector<float> data(values->begin(), values->end());
        int axis = -1; // per tensor
        if (m_options.perChannel && m_axisAllowed && t->dims.size() >= 2) {
            if (n.opType == "Conv")
                axis = 0;
            else if (n.opType == "Gemm")
                axis = n.intAttribute("transB", 0) ? 0 : 1;
            else if (n.opType == "MatMul" && t->dims.size() == 2)
                axis = 1;
        }
        if (axis >= 0) {
            params = perChannelParams(data.data(), t->dims, axis, m_options.weights, true);
        } else {
            double lo = 0, hi = 0;
            for (float v : data) {
                lo = std::min(lo, double(v));
                hi = std::max(hi, double(v));
            }
            params = {paramsForRange(lo, hi, m_options.weights, true)};
        }
        // Quantize along the axis.
        int64_t inner = 1;
        for (size_t d = size_t(axis < 0 ? t->dims.size() : size_t(axis) + 1); d < t->dims.size(); ++d)
            inner *= t->dims[d];
        const int64_t channels = axis < 0 ? 1 : t->dims[size_t(axis)];
        std::vector<int32_t> q(data.size());
        error.assign(data.size(), 0.0f);
        for (size_t i = 0; i < data.size(); ++i) {
            const size_t c = axis < 0 ? 0 : size_t((int64_t(i) / inner) % channels);
            q[i] = quantize(data[i], params[c]);
            error[i] = dequantize(q[i], params[c]) - data[i];
        }
        const std::string base = w + "_" + std::to_string(n.id);
        m_out->initializers.push_back(
            quantizedTensor(base + "_quantized", m_options.weights, t->dims, q));
        const auto [scale, zp] = paramTensors(base, params, axis >= 0);
        std::vector<Attribute> attrs;
        if (axis >= 0)
            attrs.push_back(GraphBuilder::intAttribute("axis", axis));
        m_out->nodes.push_back(makeNode("DequantizeLinear", {base + "_quantized", scale, zp}, {base + "_dequantized"},
                                        base + "_DequantizeLinear", std::move(attrs)));
        return base + "_dequantized";
    }

    // The shift weight rounding (`error`, per element of `w`) adds to each output channel on
    // average, Σ ΔW·E[x] over the channel's inputs (bias correction, Nagel et al. 2019), from the
    // calibration's per-channel input means; empty when they are unknown.
    std::vector<double> biasCorrection(const Node &n, const Tensor &w, const std::vector<float> &error)
    {
        auto means = m_ranges.channelMeans.find(n.inputs[0]);
        if (!m_options.biasCorrection || means == m_ranges.channelMeans.end() || error.size() != size_t(w.elementCount()))
            return {};
        const std::vector<double> &mu = means->second;
        const std::vector<int64_t> &d = w.dims;
        if (n.opType == "Conv" && d.size() >= 3) {
            const int64_t out = d[0], perGroup = d[1], groups = std::max<int64_t>(1, n.intAttribute("group", 1));
            int64_t kernel = 1;
            for (size_t i = 2; i < d.size(); ++i)
                kernel *= d[i];
            if (int64_t(mu.size()) != perGroup * groups || out % groups)
                return {};
            std::vector<double> shift(size_t(out), 0.0);
            for (int64_t o = 0; o < out; ++o) {
                const int64_t g = o / (out / groups);
                for (int64_t c = 0; c < perGroup; ++c) {
                    double e = 0;
                    for (int64_t k = 0; k < kernel; ++k)
                        e += error[size_t((o * perGroup + c) * kernel + k)];
                    shift[size_t(o)] += e * mu[size_t(g * perGroup + c)];
                }
            }
            return shift;
        }
        if (n.opType == "Gemm" && d.size() == 2 && !n.intAttribute("transA", 0)) {
            const bool transB = n.intAttribute("transB", 0) != 0;
            const int64_t k = transB ? d[1] : d[0], out = transB ? d[0] : d[1];
            if (int64_t(mu.size()) != k)
                return {};
            std::vector<double> shift(size_t(out), 0.0);
            for (int64_t o = 0; o < out; ++o)
                for (int64_t i = 0; i < k; ++i)
                    shift[size_t(o)] += error[size_t(transB ? o * k + i : i * out + o)] * mu[size_t(i)];
            return shift;
        }
        return {};
    }

    // A bias as int32 with scale = input scale × weight scale (per channel).
    std::string quantizeBias(const Node &n, const std::string &b, const std::vector<double> &values,
                             const QuantParams &input, const std::vector<QuantParams> &weights)
    {
        std::vector<float> scales(values.size());
        std::vector<int32_t> q(values.size()), zps(values.size(), 0);
        for (size_t i = 0; i < values.size(); ++i) {
            scales[i] = input.scale * weights[weights.size() == 1 ? 0 : i].scale;
            q[i] = int32_t(std::clamp(std::nearbyint(values[i] / double(scales[i])), -2147483648.0, 2147483647.0));
        }
        const std::vector<int64_t> dims = {int64_t(values.size())};
        const std::string base = b + "_" + std::to_string(n.id);
        m_out->initializers.push_back(GraphBuilder::typedTensor(base + "_quantized", DataType::Int32, dims, q));
        m_out->initializers.push_back(GraphBuilder::floatTensor(base + "_scale", dims, scales));
        m_out->initializers.push_back(GraphBuilder::typedTensor(base + "_zero_point", DataType::Int32, dims, zps));
        std::vector<Attribute> attrs;
        if (m_axisAllowed)
            attrs.push_back(GraphBuilder::intAttribute("axis", 0));
        m_out->nodes.push_back(makeNode("DequantizeLinear", {base + "_quantized", base + "_scale", base + "_zero_point"},
                                        {base + "_dequantized"}, base + "_DequantizeLinear", std::move(attrs)));
        return base + "_dequantized";
    }

    void emitQuantized(const Node &n)
    {
        auto node = std::make_shared<Node>(n);
        std::vector<QuantParams> weightParams;
        std::vector<float> weightError;
        const bool hasWeight = (n.opType == "Conv" || n.opType == "Gemm" || n.opType == "MatMul") &&
                               n.inputs.size() > 1 && m_index.weight(n.inputs[1]);
        for (size_t i = 0; i < n.inputs.size(); ++i) {
            const std::string &v = n.inputs[i];
            if (isActivation(v)) {
                node->inputs[i] = quantizeInput(v);
            } else if (i == 1 && hasWeight) {
                const std::string dq = quantizeWeight(n, v, weightParams, weightError);
                if (!dq.empty())
                    node->inputs[i] = dq;
            }
        }
        if (hasWeight && !weightParams.empty() && isActivation(n.inputs[0]) &&
            (n.opType == "Conv" || n.opType == "Gemm")) {
            // The bias, corrected for the weight rounding's average shift; a Conv / Gemm without
            // one gets one when there is a shift to correct.
            const Tensor *w = m_index.weight(n.inputs[1]);
            const std::vector<double> shift = biasCorrection(n, *w, weightError);
            const Tensor *b = n.inputs.size() > 2 ? m_index.weight(n.inputs[2]) : nullptr;
            std::vector<double> bias;
            if (b) {
                Expected<std::vector<double>> values = tensorValues(*b, b->elementCount());
                if (values && b->dims.size() == 1)
                    bias = *values;
            } else if (!shift.empty() && (n.inputs.size() < 3 || n.inputs[2].empty())) {
                bias.assign(shift.size(), 0.0); // no bias yet: one to carry the correction
            }
            if (!bias.empty() && (shift.empty() || shift.size() == bias.size())) {
                for (size_t i = 0; i < shift.size(); ++i)
                    bias[i] -= shift[i];
                const std::string name = b ? n.inputs[2] : n.inputs[1] + "_bias";
                const std::string dq = quantizeBias(n, name, bias, activationParams(n.inputs[0]), weightParams);
                node->inputs.resize(std::max<size_t>(node->inputs.size(), 3));
                node->inputs[2] = dq;
            }
        }
        // Outputs: the node writes a float value that is quantized and dequantized under the
        // original name, so every reader (and the graph output) sees the quantized result.
        std::vector<std::pair<std::string, std::string>> renamed;
        for (std::string &out : node->outputs) {
            if (out.empty() || m_fusedOutputs.count(out))
                continue;
            const std::string original = out;
            out = original + "_float";
            renamed.emplace_back(original, out);
        }
        m_out->nodes.push_back(node);
        for (const auto &[original, written] : renamed) {
            const auto [scale, zp] = paramTensors(original + "_quant", {activationParams(original)}, false);
            m_out->nodes.push_back(
                makeNode("QuantizeLinear", {written, scale, zp}, {original + "_quantized"}, original + "_QuantizeLinear"));
            m_out->nodes.push_back(makeNode("DequantizeLinear", {original + "_quantized", scale, zp}, {original},
                                            original + "_DequantizeLinear"));
            m_dequantized[original] = original; // readers already see the dequantized value
        }
    }

    const Model &m_model;
    const Graph &m_graph;
    const GraphIndex &m_index;
    const CollectedHistograms &m_ranges;
    QdqOptions m_options;
    NodeId m_nextId;
    bool m_axisAllowed = true;
    std::unordered_map<NodeId, NodePtr> m_nodes;
    std::unordered_set<NodeId> m_quantized;
    std::unordered_set<std::string> m_fusedOutputs; // written in float straight into a fused activation
    std::unordered_set<std::string> m_wide;         // activations quantized to 16 bits
    std::map<std::string, QuantParams> m_params;
    std::unordered_map<std::string, std::string> m_dequantized;
    Graph *m_out = nullptr;
    QdqResult m_result;
};

} // namespace

Expected<QdqResult> insertQdq(const Model &model, const CollectedHistograms &ranges, const QdqOptions &options)
{
    if (!model.graph)
        return Status(ErrorCode::InvalidArgument, "the model has no graph");
    return QdqBuilder(model, ranges, options).build();
}

} // namespace silica::quant
