#include "core/quant/prepare.h"

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/tensor_stats.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace silica::quant {

namespace {

std::vector<double> valuesOf(const Tensor *t)
{
    if (!t)
        return {};
    Expected<std::vector<double>> v = tensorValues(*t, t->elementCount());
    return v ? *v : std::vector<double>{};
}

} // namespace

Expected<PreparedModel> foldBatchNorms(const Model &model)
{
    if (!model.graph)
        return Status(ErrorCode::InvalidArgument, "the model has no graph");
    const Graph &graph = *model.graph;
    const GraphIndex &index = graph.index();
    auto out = std::make_shared<Graph>(graph);
    out->nodes.clear();
    out->invalidateIndex();
    std::unordered_map<NodeId, NodePtr> replacement; // conv id → folded conv
    std::unordered_set<NodeId> dropped;              // folded BatchNormalizations
    PreparedModel result;
    // The weight behind a value, looking through Identity nodes (PyTorch exports feed shared
    // BatchNorm parameters through them).
    auto weightOf = [&](std::string value) -> const Tensor * {
        for (int guard = 0; guard < 16; ++guard) {
            if (const Tensor *t = index.weight(value))
                return t;
            const Node *p = index.producer(value);
            if (!p || p->opType != "Identity" || p->inputs.empty())
                return nullptr;
            value = p->inputs[0];
        }
        return nullptr;
    };

    for (const NodePtr &bn : graph.nodes) {
        if (bn->opType != "BatchNormalization" || !isDefaultDomain(bn->domain) || bn->inputs.size() < 5 ||
            bn->outputs.size() != 1)
            continue; // training-mode outputs (mean, var) cannot be folded away
        const std::string &x = bn->inputs[0];
        const Node *conv = index.producer(x);
        if (!conv || conv->opType != "Conv" || !isDefaultDomain(conv->domain) || index.consumers(x).size() != 1 ||
            index.isGraphOutput(x) || replacement.count(conv->id) || conv->inputs.size() < 2)
            continue;
        const Tensor *w = weightOf(conv->inputs[1]);
        const std::vector<double> weights = valuesOf(w);
        const std::vector<double> gamma = valuesOf(weightOf(bn->inputs[1])),
                                  beta = valuesOf(weightOf(bn->inputs[2])),
                                  mean = valuesOf(weightOf(bn->inputs[3])),
                                  var = valuesOf(weightOf(bn->inputs[4]));
        if (!w || weights.empty() || w->dims.empty())
            continue;
        const size_t channels = size_t(w->dims[0]);
        if (gamma.size() != channels || beta.size() != channels || mean.size() != channels || var.size() != channels)
            continue;
        std::vector<double> bias(channels, 0);
        if (conv->inputs.size() > 2 && !conv->inputs[2].empty()) {
            bias = valuesOf(weightOf(conv->inputs[2]));
            if (bias.size() != channels)
                continue;
        }
        const double eps = bn->floatAttribute("epsilon", 1e-5f);
        const size_t per = weights.size() / channels;
        std::vector<float> w2(weights.size()), b2(channels);
        for (size_t c = 0; c < channels; ++c) {
            const double k = gamma[c] / std::sqrt(var[c] + eps);
            for (size_t i = 0; i < per; ++i)
                w2[c * per + i] = float(weights[c * per + i] * k);
            b2[c] = float((bias[c] - mean[c]) * k + beta[c]);
        }
        const std::string base = conv->name.empty() ? conv->outputs[0] : conv->name;
        out->initializers.push_back(GraphBuilder::floatTensor(base + "_bn_folded_W", w->dims, w2));
        out->initializers.push_back(GraphBuilder::floatTensor(base + "_bn_folded_B", {int64_t(channels)}, b2));
        auto folded = std::make_shared<Node>(*conv);
        folded->inputs.resize(3);
        folded->inputs[1] = base + "_bn_folded_W";
        folded->inputs[2] = base + "_bn_folded_B";
        folded->outputs = bn->outputs;
        replacement[conv->id] = folded;
        dropped.insert(bn->id);
        ++result.foldedBatchNorms;
    }
    for (const NodePtr &n : graph.nodes) {
        if (dropped.count(n->id))
            continue;
        auto r = replacement.find(n->id);
        out->nodes.push_back(r != replacement.end() ? r->second : n);
    }
    // Weights only the folded ops read are gone.
    std::unordered_set<std::string> read;
    for (const NodePtr &n : out->nodes)
        for (const std::string &in : n->inputs)
            read.insert(in);
    for (const ValueInfo &o : out->outputs)
        read.insert(o.name);
    std::unordered_set<std::string> inputs;
    for (const ValueInfo &in : out->inputs)
        inputs.insert(in.name);
    std::vector<TensorPtr> kept;
    for (const TensorPtr &t : out->initializers)
        if (read.count(t->name) || inputs.count(t->name))
            kept.push_back(t);
    out->initializers = std::move(kept);
    // Inferred types of values that no longer exist are dropped with them.
    std::vector<ValueInfo> inferred;
    for (const ValueInfo &v : out->inferred)
        if (read.count(v.name))
            inferred.push_back(v);
    out->inferred = std::move(inferred);
    result.model = model;
    result.model.graph = out;
    return result;
}

Model bypassWeightIdentities(const Model &model, size_t *removed)
{
    if (removed)
        *removed = 0;
    if (!model.graph)
        return model;
    const GraphIndex &index = model.graph->index();
    // Identity output → the initializer it passes on (chains followed).
    std::unordered_map<std::string, std::string> source;
    bool any = true;
    while (any) {
        any = false;
        for (const NodePtr &n : model.graph->nodes) {
            if (n->opType != "Identity" || !isDefaultDomain(n->domain) || n->inputs.size() != 1 ||
                n->outputs.size() != 1 || source.count(n->outputs[0]) || index.isGraphOutput(n->outputs[0]))
                continue;
            const std::string &in = n->inputs[0];
            if (index.initializer(in) && !index.graphInput(in)) {
                source[n->outputs[0]] = in;
                any = true;
            } else if (auto it = source.find(in); it != source.end()) {
                source[n->outputs[0]] = it->second;
                any = true;
            }
        }
    }
    if (source.empty())
        return model;
    auto graph = std::make_shared<Graph>(*model.graph);
    graph->nodes.clear();
    graph->invalidateIndex();
    for (const NodePtr &n : model.graph->nodes) {
        if (n->opType == "Identity" && n->outputs.size() == 1 && source.count(n->outputs[0])) {
            if (removed)
                ++*removed;
            continue;
        }
        bool reads = false;
        for (const std::string &in : n->inputs)
            reads = reads || source.count(in);
        if (!reads) {
            graph->nodes.push_back(n);
            continue;
        }
        auto node = std::make_shared<Node>(*n);
        for (std::string &in : node->inputs)
            if (auto it = source.find(in); it != source.end())
                in = it->second;
        graph->nodes.push_back(node);
    }
    Model out = model;
    out.graph = graph;
    return out;
}

namespace {

// Raises one node from opset `from` to `to`, appending the initializers and nodes it needs.
// False with `why` set when its meaning cannot be carried over.
class OpsetRaiser
{
public:
    OpsetRaiser(Graph &graph, NodeId &nextId, int64_t from, int64_t to)
        : m_graph(graph), m_nextId(nextId), m_from(from), m_to(to)
    {
    }

    bool raise(NodePtr &p, std::vector<NodePtr> &before, std::string &why)
    {
        static const std::set<std::string> reduceOps18 = {"ReduceMean", "ReduceMax",    "ReduceMin",
                                                          "ReduceProd", "ReduceL1",     "ReduceL2",
                                                          "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"};
        const std::string &op = p->opType;
        if ((op == "GroupNormalization" && m_to >= 21) || (op == "Upsample" && m_to >= 10) ||
            (op == "Resize" && m_from < 11 && m_to >= 11)) {
            why = op + " changed meaning between opset " + std::to_string(m_from) + " and " + std::to_string(m_to);
            return false;
        }
        for (const Attribute &a : p->attributes)
            if (a.type == AttributeType::Graph || a.type == AttributeType::Graphs) {
                why = "it has a subgraph body (raising subgraphs is not supported)";
                return false;
            }
        auto node = std::make_shared<Node>(*p);
        bool changed = false;
        auto crosses = [&](int64_t version) { return m_from < version && m_to >= version; };
        if (op == "Slice" && crosses(10)) {
            std::vector<std::string> inputs = {node->inputs.front(), ints(*node, "starts"), ints(*node, "ends")};
            if (node->attribute("axes"))
                inputs.push_back(ints(*node, "axes"));
            node->inputs = inputs;
            changed = true;
        } else if (op == "TopK" && crosses(10)) {
            node->inputs.resize(1);
            node->inputs.push_back(initializer(*node, "k", {1}, {node->intAttribute("k", 1)}));
            erase(*node, "k");
            changed = true;
        } else if (op == "Clip" && crosses(11)) {
            node->inputs.resize(1);
            node->inputs.push_back(node->attribute("min") ? scalar(*node, "min") : std::string());
            node->inputs.push_back(node->attribute("max") ? scalar(*node, "max") : std::string());
            while (!node->inputs.empty() && node->inputs.back().empty())
                node->inputs.pop_back();
            changed = true;
        } else if (op == "Pad" && crosses(11)) {
            node->inputs.resize(1);
            node->inputs.push_back(ints(*node, "pads"));
            if (node->attribute("value"))
                node->inputs.push_back(scalar(*node, "value"));
            changed = true;
        } else if ((op == "Squeeze" || op == "Unsqueeze" || op == "ReduceSum") && crosses(13)) {
            if (node->attribute("axes")) {
                node->inputs.resize(1);
                node->inputs.push_back(ints(*node, "axes"));
                changed = true;
            }
        } else if (op == "Split" && (crosses(13) || crosses(18))) {
            if (crosses(13) && node->attribute("split")) {
                node->inputs.resize(1);
                node->inputs.push_back(ints(*node, "split"));
                changed = true;
            }
            // Split-18 wants the sizes or `num_outputs` ("either input 'split' or the attribute
            // 'num_outputs' should be specified"); before, equal parts went without saying.
            if (crosses(18) && (node->inputs.size() < 2 || node->inputs[1].empty()) &&
                !node->attribute("num_outputs")) {
                node->attributes.push_back(GraphBuilder::intAttribute("num_outputs", int64_t(node->outputs.size())));
                changed = true;
            }
        } else if (reduceOps18.count(op) && crosses(18)) {
            if (node->attribute("axes")) {
                node->inputs.resize(1);
                node->inputs.push_back(ints(*node, "axes"));
                changed = true;
            }
        } else if (op == "Dropout" && crosses(12)) {
            changed = erase(*node, "ratio") || changed;
        } else if ((op == "Softmax" || op == "LogSoftmax" || op == "Hardmax") && crosses(13)) {
            // Before 13 the input is flattened to 2-D at `axis` (default 1) and normalised over
            // the second dimension; keep exactly that: Flatten → op over axis 1 → Reshape back.
            const int64_t axis = node->intAttribute("axis", 1);
            const std::string x = node->inputs.front(), base = nameOf(*node);
            before.push_back(make("Flatten", {x}, {base + "_flat"}, base + "_Flatten", axis));
            before.push_back(make("Shape", {x}, {base + "_shape"}, base + "_Shape"));
            const std::string y = node->outputs.front();
            auto inner = std::make_shared<Node>(*node);
            inner->inputs = {base + "_flat"};
            inner->outputs = {base + "_flat_out"};
            inner->attributes.clear();
            inner->attributes.push_back(GraphBuilder::intAttribute("axis", 1));
            before.push_back(inner);
            node = make("Reshape", {base + "_flat_out", base + "_shape"}, {y}, base + "_Reshape");
            changed = true;
        }
        if (changed)
            p = node;
        return true;
    }

private:
    static std::string nameOf(const Node &n)
    {
        return n.name.empty() ? n.opType + "_" + std::to_string(n.id) : n.name;
    }

    static bool erase(Node &n, const std::string &attr)
    {
        auto it = std::find_if(n.attributes.begin(), n.attributes.end(), [&](const Attribute &a) { return a.name == attr; });
        if (it == n.attributes.end())
            return false;
        n.attributes.erase(it);
        return true;
    }

    std::string initializer(const Node &n, const std::string &what, std::vector<int64_t> dims,
                            const std::vector<int64_t> &values)
    {
        const std::string name = nameOf(n) + "_" + what;
        m_graph.initializers.push_back(GraphBuilder::int64Tensor(name, std::move(dims), values));
        return name;
    }

    // An ints attribute moved to an int64 input.
    std::string ints(Node &n, const std::string &attr)
    {
        const std::vector<int64_t> v = n.intsAttribute(attr);
        erase(n, attr);
        return initializer(n, attr, {int64_t(v.size())}, v);
    }

    // A float attribute moved to a scalar float input.
    std::string scalar(Node &n, const std::string &attr)
    {
        const float v = n.floatAttribute(attr, 0.0f);
        erase(n, attr);
        const std::string name = nameOf(n) + "_" + attr;
        m_graph.initializers.push_back(GraphBuilder::floatTensor(name, {}, {v}));
        return name;
    }

    std::shared_ptr<Node> make(const std::string &op, std::vector<std::string> inputs, std::vector<std::string> outputs,
                               const std::string &name, std::optional<int64_t> axis = std::nullopt)
    {
        auto n = GraphBuilder::newNode(m_nextId, op, std::move(inputs), std::move(outputs), name);
        if (axis)
            n->attributes.push_back(GraphBuilder::intAttribute("axis", *axis));
        return n;
    }

    Graph &m_graph;
    NodeId &m_nextId;
    int64_t m_from, m_to;
};

} // namespace

Expected<Model> raiseOpset(const Model &model, int64_t opset)
{
    if (!model.graph)
        return Status(ErrorCode::InvalidArgument, "the model has no graph");
    const int64_t from = model.opsetVersion("");
    if (from >= opset)
        return model;
    if (from < 9)
        return Status(ErrorCode::Unsupported, "the model uses opset " + std::to_string(from) +
                                                  "; raising opsets older than 9 is not supported (convert it with "
                                                  "onnx.version_converter first)");
    Model out = model;
    auto graph = std::make_shared<Graph>(*model.graph);
    graph->nodes.clear();
    graph->invalidateIndex();
    OpsetRaiser raiser(*graph, out.nextNodeId, from, opset);
    for (const NodePtr &original : model.graph->nodes) {
        NodePtr p = original;
        std::vector<NodePtr> before;
        std::string why;
        if (isDefaultDomain(p->domain) && !raiser.raise(p, before, why))
            return Status(ErrorCode::Unsupported, "'" + original->displayName() + "' (" + original->opType +
                                                      ") cannot be raised from opset " + std::to_string(from) +
                                                      " to " + std::to_string(opset) + ": " + why);
        graph->nodes.insert(graph->nodes.end(), before.begin(), before.end());
        graph->nodes.push_back(p);
    }
    out.graph = graph;
    for (OpsetImport &o : out.opsets)
        if (isDefaultDomain(o.domain))
            o.version = opset;
    // The IR version that goes with the opset (ONNX's versioning table).
    const int64_t ir = opset >= 21 ? 10 : opset >= 19 ? 9 : opset >= 15 ? 8 : opset >= 12 ? 7 : opset >= 11 ? 6 : 5;
    out.irVersion = std::max(out.irVersion, ir);
    return out;
}

} // namespace silica::quant
