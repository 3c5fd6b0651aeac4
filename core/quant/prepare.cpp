#include "core/quant/prepare.h"

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/tensor_stats.h"

#include <algorithm>
#include <cmath>
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

Expected<Model> raiseOpset(const Model &model, int64_t opset)
{
    if (!model.graph)
        return Status(ErrorCode::InvalidArgument, "the model has no graph");
    const int64_t from = model.opsetVersion("");
    if (from >= opset)
        return model;
    static const std::set<std::string> reduceOps = {"ReduceMean", "ReduceMax",       "ReduceMin",  "ReduceProd",
                                                    "ReduceL1",   "ReduceL2",        "ReduceLogSum",
                                                    "ReduceLogSumExp", "ReduceSumSquare"};
    const bool axesMove = from < 18 && opset >= 18;
    auto graph = std::make_shared<Graph>(*model.graph);
    graph->invalidateIndex();
    for (NodePtr &p : graph->nodes) {
        if (!isDefaultDomain(p->domain))
            continue;
        if (p->opType == "GroupNormalization" && opset >= 21)
            return Status(ErrorCode::Unsupported, "'" + p->displayName() + "': GroupNormalization changed meaning in "
                                                  "opset 21; the model cannot be raised from opset " +
                                                  std::to_string(from) + " to " + std::to_string(opset) + " here");
        for (const Attribute &a : p->attributes)
            if (a.type == AttributeType::Graph || a.type == AttributeType::Graphs)
                return Status(ErrorCode::Unsupported, "'" + p->displayName() + "' (" + p->opType +
                                                          ") has a subgraph body; raising the opset of a model with "
                                                          "subgraphs is not supported");
        if (!axesMove || !reduceOps.count(p->opType))
            continue;
        auto node = std::make_shared<Node>(*p);
        auto axes = std::find_if(node->attributes.begin(), node->attributes.end(),
                                 [](const Attribute &a) { return a.name == "axes"; });
        if (axes == node->attributes.end())
            continue;
        const std::string name = (node->name.empty() ? node->opType + "_" + std::to_string(node->id) : node->name) + "_axes";
        graph->initializers.push_back(GraphBuilder::int64Tensor(name, {int64_t(axes->ints.size())}, axes->ints));
        node->attributes.erase(axes);
        node->inputs.resize(1);
        node->inputs.push_back(name);
        p = node;
    }
    Model out = model;
    out.graph = graph;
    for (OpsetImport &o : out.opsets)
        if (isDefaultDomain(o.domain))
            o.version = opset;
    // IR versions that go with the opsets (ONNX's versioning table).
    const int64_t ir = opset >= 21 ? 10 : opset >= 19 ? 9 : 8;
    out.irVersion = std::max(out.irVersion, ir);
    return out;
}

} // namespace silica::quant
