#include "core/layout/model_layout.h"

#include "core/graph/graph_index.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace silica {

namespace {

constexpr double kPadding = 10;
constexpr double kMinWidth = 72;
constexpr double kMaxWidth = 220;

std::string dimsText(const std::vector<int64_t> &dims)
{
    std::string s;
    for (size_t i = 0; i < dims.size(); ++i)
        s += (i ? "\u00d7" : "") + std::to_string(dims[i]);
    return s;
}

// The part of an exporter's scoped name that tells nodes of one op type apart:
// "/layer1/layer1.0/conv1/Conv" → "conv1".
std::string nameTail(const Node &node)
{
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= node.name.size()) {
        const size_t slash = node.name.find('/', start);
        const std::string part = node.name.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (!part.empty())
            parts.push_back(part);
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    while (!parts.empty() && parts.back() == node.opType)
        parts.pop_back();
    return parts.empty() ? std::string() : parts.back();
}

} // namespace

bool carriesWeights(const std::string &opType)
{
    static const char *const kWeighted[] = {"Conv", "ConvTranspose", "Gemm", "MatMul", "QLinearConv",
                                            "QLinearMatMul", "ConvInteger", "MatMulInteger",
                                            "BatchNormalization", "InstanceNormalization",
                                            "LayerNormalization", "GroupNormalization", "LSTM",
                                            "GRU", "RNN", "Einsum"};
    return std::find(std::begin(kWeighted), std::end(kWeighted), opType) != std::end(kWeighted);
}

namespace {

// The main weight's shape for ops that carry weights; small constant operands (Unsqueeze
// axes, Reshape targets) say less than the node's name.
std::string subtitleFor(const Node &node, const GraphIndex &index, const WeightedOpTest &isWeighted)
{
    const bool weighted = isWeighted(node.opType);
    for (size_t i = 1; i < node.inputs.size(); ++i) {
        const Tensor *t = index.initializer(node.inputs[i]);
        if (t && !t->dims.empty() && (weighted || t->elementCount() >= 16))
            return dimsText(t->dims);
    }
    return nameTail(node);
}

} // namespace

ModelPicture modelPicture(const Graph &graph, const WeightedOpTest &weighted)
{
    ModelPicture p;
    const GraphIndex &index = graph.index();
    std::unordered_map<std::string, int> source; // value → box that defines it
    for (const ValueInfo &in : graph.inputs) {
        if (index.initializer(in.name))
            continue;
        source[in.name] = int(p.boxes.size());
        p.anchors.push_back(int(p.boxes.size()));
        p.boxes.push_back({ModelBox::Kind::Input, kInvalidNodeId, in.name, in.type.toString()});
    }
    std::unordered_map<NodeId, int> boxOf;
    for (const NodePtr &node : graph.nodes) {
        const int at = int(p.boxes.size());
        boxOf[node->id] = at;
        for (const std::string &out : node->outputs)
            if (!out.empty())
                source.emplace(out, at);
        p.boxes.push_back({ModelBox::Kind::Op, node->id, node->opType, subtitleFor(*node, index, weighted)});
    }
    std::map<std::pair<int, int>, std::vector<std::string>> links;
    auto link = [&](const std::string &value, int to) {
        auto it = source.find(value);
        if (it == source.end() || it->second == to)
            return;
        links[{it->second, to}].push_back(value);
    };
    for (const NodePtr &node : graph.nodes)
        for (const std::string &value : index.allInputs(node->id))
            link(value, boxOf[node->id]);
    for (const ValueInfo &out : graph.outputs) {
        const ValueType type = out.type.kind == ValueType::Kind::None ? index.typeOf(out.name) : out.type;
        const int at = int(p.boxes.size());
        p.boxes.push_back({ModelBox::Kind::Output, kInvalidNodeId, out.name, type.toString()});
        link(out.name, at);
    }
    for (auto &[key, values] : links)
        p.links.push_back({key.first, key.second, std::move(values)});
    return p;
}

LabelMetrics estimatedLabelMetrics()
{
    // The canvas's title and subtitle fonts average about 7.2 and 6.3 px per character.
    LabelMetrics m;
    m.titleWidth = [](const std::string &s) { return 7.2 * double(s.size()); };
    m.subtitleWidth = [](const std::string &s) { return 6.3 * double(s.size()); };
    m.titleHeight = 17;
    m.subtitleHeight = 15;
    return m;
}

LayoutGraph layoutGraphOf(const ModelPicture &picture, const LabelMetrics &metrics)
{
    LayoutGraph lg;
    lg.anchors = picture.anchors;
    for (const ModelBox &b : picture.boxes) {
        const bool pseudo = b.kind != ModelBox::Kind::Op;
        double w = std::max(metrics.titleWidth(b.title), metrics.subtitleWidth(b.subtitle)) +
                   2 * kPadding + (pseudo ? 8 : 0);
        w = std::clamp(std::ceil(w), kMinWidth, kMaxWidth);
        const double h = b.subtitle.empty()
                             ? std::ceil(metrics.titleHeight + kPadding)
                             : std::ceil(metrics.titleHeight + metrics.subtitleHeight + kPadding);
        lg.widths.push_back(w);
        lg.heights.push_back(h);
    }
    for (const ModelLink &l : picture.links)
        lg.edges.emplace_back(l.from, l.to);
    return lg;
}

LayoutOptions canvasLayoutOptions()
{
    LayoutOptions options;
    options.rankGap = 36;
    options.nodeGap = 20;
    return options;
}

} // namespace silica
