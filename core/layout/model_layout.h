#pragma once
// The canvas's picture of a model's main graph, as data: one box per node plus pseudo-nodes
// for the graph inputs and outputs, one link per producer → consumer pair (the values it
// carries listed), and the box sizes the canvas gives each label. The canvas (views/graph)
// measures labels with its fonts; `silica-cli layout` runs the same layout headless with an
// estimate of those fonts, so both lay out the same graph.

#include "core/graph/model.h"
#include "core/layout/layered_layout.h"

#include <functional>
#include <string>
#include <vector>

namespace silica {

struct ModelBox
{
    enum class Kind
    {
        Input,
        Op,
        Output
    };
    Kind kind = Kind::Op;
    NodeId id = kInvalidNodeId; // kInvalidNodeId for input / output pseudo-nodes
    std::string title;          // op type, or the value name for pseudo-nodes
    std::string subtitle;       // main weight shape, name tail, or the value's type
};

struct ModelLink
{
    int from = 0; // indices into ModelPicture::boxes
    int to = 0;
    std::vector<std::string> values; // the values the link carries
};

struct ModelPicture
{
    std::vector<ModelBox> boxes;
    std::vector<ModelLink> links; // ordered by (from, to): deterministic
    std::vector<int> anchors;     // graph inputs: where data comes from
};

// Whether an op type carries weights whose shape names the box better than the node's name.
using WeightedOpTest = std::function<bool(const std::string &opType)>;
// Conv, Gemm, MatMul and the other compute ops, the normalizations, recurrent ops.
bool carriesWeights(const std::string &opType);

// Subgraph bodies (If, Loop, Scan) are not expanded: the owning node stands for them, and
// values they read from the main graph become links into it.
ModelPicture modelPicture(const Graph &graph, const WeightedOpTest &weighted = carriesWeights);

// Label measures: the width of a title / subtitle text and the line heights.
struct LabelMetrics
{
    std::function<double(const std::string &)> titleWidth, subtitleWidth;
    double titleHeight = 16, subtitleHeight = 14;
};

// Metrics close to the canvas's fonts, for headless layout: an average advance per character.
LabelMetrics estimatedLabelMetrics();

// Box sizes for the picture (the canvas's padding and width limits) and its links as edges.
LayoutGraph layoutGraphOf(const ModelPicture &picture, const LabelMetrics &metrics);

// The spacing the canvas uses.
LayoutOptions canvasLayoutOptions();

} // namespace silica
