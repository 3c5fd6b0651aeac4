#pragma once
// Turns the main graph of a model into geometry for the canvas: one box per node plus
// pseudo-nodes for the graph inputs and outputs, placed top to bottom by layeredLayout, and one
// smooth curve with an arrowhead per producer → consumer link. Subgraph bodies (If, Loop, Scan)
// are not expanded: the owning node stands for them, and values they read from the main graph
// become edges into it. Pure data, no widgets, so it can be computed off the UI thread.

#include "core/graph/model.h"
#include "core/layout/hierarchy.h"
#include "views/graph/op_category.h"

#include <QFont>
#include <QPainterPath>
#include <QPolygonF>
#include <QRectF>
#include <QString>

#include <memory>
#include <set>
#include <vector>

namespace silica {

struct DrawnNode
{
    NodeId id = kInvalidNodeId; // kInvalidNodeId for graph input / output pseudo-nodes and groups
    int group = -1;             // a collapsed group (index into BoxHierarchy::groups()), or -1
    size_t groupSize = 0;       // nodes the collapsed group holds
    OpCategory category = OpCategory::Other;
    QString title;    // op type, or the value name for pseudo-nodes
    QString subtitle; // main weight shape, name tail, or the value's type
    QString toolTip;
    QRectF rect; // scene coordinates
};

struct DrawnEdge
{
    int from = 0; // indices into GraphDrawing::nodes
    int to = 0;
    QPainterPath path; // ends at the base of the arrowhead
    QPolygonF arrow;
    QString toolTip; // value name and type
};

struct GraphDrawing
{
    std::vector<DrawnNode> nodes;
    std::vector<DrawnEdge> edges;
    QRectF bounds;
    // With groups: what was drawn, for opening a group in place next (openInPlace).
    std::shared_ptr<const PictureLayout> layout;
};

struct DrawingFonts
{
    QFont title;
    QFont subtitle;
};

// The canvas's picture of the main graph (core/layout/model_layout.h), with the weight shapes
// of the op categories the canvas colours as compute and normalization in the subtitles.
ModelPicture canvasPicture(const Graph &graph);

// Label sizes measured with the canvas's fonts.
LabelMetrics labelMetrics(const DrawingFonts &fonts);

// The groups to draw collapsed: everything of `hierarchy` not in `expanded` shows as one box
// per outermost collapsed group. `picture`, when given, is canvasPicture(graph) computed once
// by the caller (and the picture `hierarchy` was built from). `layout`, when given, is where
// to draw (its `expanded` set is the one drawn); otherwise the picture is laid out afresh.
struct GroupState
{
    const BoxHierarchy *hierarchy = nullptr;
    std::set<int> expanded;
    const ModelPicture *picture = nullptr;
    std::shared_ptr<const PictureLayout> layout;
};

// Without `groups` (or its hierarchy) every node is drawn.
GraphDrawing drawGraph(const Graph &graph, const DrawingFonts &fonts,
                       const GroupState *groups = nullptr);

} // namespace silica
