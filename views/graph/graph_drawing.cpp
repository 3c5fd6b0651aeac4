#include "views/graph/graph_drawing.h"

#include "core/graph/graph_index.h"
#include "core/layout/layered_layout.h"

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace silica {

namespace {

constexpr double kPadding = 10;
constexpr double kMinWidth = 72;
constexpr double kMaxWidth = 220;
constexpr double kArrowLength = 7;
constexpr double kArrowHalfWidth = 3.5;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString dimsText(const std::vector<int64_t> &dims)
{
    QStringList parts;
    for (int64_t d : dims)
        parts << QString::number(d);
    return parts.join(QChar(0x00d7));
}

// The part of an exporter's scoped name that tells nodes of one op type apart:
// "/layer1/layer1.0/conv1/Conv" → "conv1".
QString nameTail(const Node &node)
{
    QStringList parts = qs(node.name).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    while (!parts.isEmpty() && parts.last() == qs(node.opType))
        parts.removeLast();
    return parts.isEmpty() ? QString() : parts.last();
}

// The main weight's shape for ops that carry weights; small constant operands (Unsqueeze
// axes, Reshape targets) say less than the node's name.
QString subtitleFor(const Node &node, const GraphIndex &index)
{
    const OpCategory category = opCategory(node.opType);
    const bool weighted = category == OpCategory::Compute || category == OpCategory::Normalization;
    for (size_t i = 1; i < node.inputs.size(); ++i) {
        const Tensor *t = index.initializer(node.inputs[i]);
        if (t && !t->dims.empty() && (weighted || t->elementCount() >= 16))
            return dimsText(t->dims);
    }
    return nameTail(node);
}

QString nodeToolTip(const Node &node, const GraphIndex &index)
{
    QString tip = QStringLiteral("<b>%1</b> <i>%2</i>")
                      .arg(qs(node.opType).toHtmlEscaped(),
                           categoryName(opCategory(node.opType)).toHtmlEscaped());
    if (!node.name.empty())
        tip += QStringLiteral("<br>%1").arg(qs(node.name).toHtmlEscaped());
    for (const std::string &out : node.outputs)
        if (!out.empty())
            tip += QStringLiteral("<br>%1 %2")
                       .arg(QChar(0x2192), qs(index.typeOf(out).toString()).toHtmlEscaped());
    return tip;
}

struct EdgeKey
{
    int from;
    int to;
    bool operator<(const EdgeKey &o) const { return from != o.from ? from < o.from : to < o.to; }
};

// Cubic segments whose tangents are vertical at every route point: the curve leaves a node
// straight down, passes the dummy points of long edges smoothly and enters the target from
// above.
QPainterPath smoothPath(const std::vector<QPointF> &points)
{
    QPainterPath path(points.front());
    for (size_t k = 1; k < points.size(); ++k) {
        const QPointF &a = points[k - 1];
        const QPointF &b = points[k];
        const double dy = (b.y() - a.y()) / 2;
        path.cubicTo(QPointF(a.x(), a.y() + dy), QPointF(b.x(), b.y() - dy), b);
    }
    return path;
}

// Spreads the ends of several edges over the middle of a node's top or bottom side, ordered
// by where they come from, so parallel edges do not merge into one line.
double portX(const QRectF &rect, int slot, int count)
{
    if (count <= 1)
        return rect.center().x();
    const double span = std::min(rect.width() * 0.6, 14.0 * (count - 1));
    return rect.center().x() - span / 2 + span * slot / (count - 1);
}

} // namespace

GraphDrawing drawGraph(const Graph &graph, const DrawingFonts &fonts)
{
    GraphDrawing d;
    const GraphIndex &index = graph.index();
    const QFontMetricsF titleMetrics(fonts.title);
    const QFontMetricsF subtitleMetrics(fonts.subtitle);

    std::unordered_map<std::string, int> source; // value → drawn node that defines it
    std::vector<int> anchors;                    // graph inputs: where data comes from
    for (const ValueInfo &in : graph.inputs) {
        if (index.initializer(in.name))
            continue;
        DrawnNode n;
        n.category = OpCategory::GraphInput;
        n.title = qs(in.name);
        n.subtitle = qs(in.type.toString());
        n.toolTip =
            QStringLiteral("%1<br>%2").arg(n.title.toHtmlEscaped(), n.subtitle.toHtmlEscaped());
        source[in.name] = static_cast<int>(d.nodes.size());
        anchors.push_back(static_cast<int>(d.nodes.size()));
        d.nodes.push_back(std::move(n));
    }
    std::unordered_map<NodeId, int> drawnOf;
    for (const NodePtr &node : graph.nodes) {
        DrawnNode n;
        n.id = node->id;
        n.category = opCategory(node->opType);
        n.title = qs(node->opType);
        n.subtitle = subtitleFor(*node, index);
        n.toolTip = nodeToolTip(*node, index);
        const int at = static_cast<int>(d.nodes.size());
        drawnOf[node->id] = at;
        for (const std::string &out : node->outputs)
            if (!out.empty())
                source.emplace(out, at);
        d.nodes.push_back(std::move(n));
    }

    std::map<EdgeKey, QStringList> links; // ordered, so the drawing is deterministic
    auto link = [&](const std::string &value, int to) {
        auto it = source.find(value);
        if (it == source.end() || it->second == to)
            return;
        links[{it->second, to}] << QStringLiteral("%1  %2").arg(qs(value),
                                                                qs(index.typeOf(value).toString()));
    };
    for (const NodePtr &node : graph.nodes)
        for (const std::string &value : index.allInputs(node->id))
            link(value, drawnOf[node->id]);
    for (const ValueInfo &out : graph.outputs) {
        DrawnNode n;
        n.category = OpCategory::GraphOutput;
        n.title = qs(out.name);
        ValueType type = out.type.kind == ValueType::Kind::None ? index.typeOf(out.name) : out.type;
        n.subtitle = qs(type.toString());
        n.toolTip =
            QStringLiteral("%1<br>%2").arg(n.title.toHtmlEscaped(), n.subtitle.toHtmlEscaped());
        const int at = static_cast<int>(d.nodes.size());
        d.nodes.push_back(std::move(n));
        link(out.name, at);
    }

    LayoutGraph lg;
    lg.anchors = anchors;
    for (DrawnNode &n : d.nodes) {
        const bool pseudo = n.id == kInvalidNodeId;
        double w = std::max(titleMetrics.horizontalAdvance(n.title),
                            subtitleMetrics.horizontalAdvance(n.subtitle)) +
                   2 * kPadding + (pseudo ? 8 : 0);
        w = std::clamp(std::ceil(w), kMinWidth, kMaxWidth);
        const double h =
            n.subtitle.isEmpty()
                ? std::ceil(titleMetrics.height() + kPadding)
                : std::ceil(titleMetrics.height() + subtitleMetrics.height() + kPadding);
        lg.widths.push_back(w);
        lg.heights.push_back(h);
    }
    for (const auto &[key, values] : links) {
        lg.edges.emplace_back(key.from, key.to);
        DrawnEdge e;
        e.from = key.from;
        e.to = key.to;
        e.toolTip = values.join(QLatin1Char('\n'));
        d.edges.push_back(std::move(e));
    }

    LayoutOptions options;
    options.rankGap = 36;
    options.nodeGap = 20;
    const LayoutResult layout = layeredLayout(lg, options);
    for (size_t i = 0; i < d.nodes.size(); ++i) {
        const QPointF c(layout.centers[i].x, layout.centers[i].y);
        d.nodes[i].rect = QRectF(c.x() - lg.widths[i] / 2, c.y() - lg.heights[i] / 2, lg.widths[i],
                                 lg.heights[i]);
        d.bounds |= d.nodes[i].rect;
    }

    // Route points per edge, then port slots at both ends ordered by the neighbouring point.
    std::vector<std::vector<QPointF>> routes(d.edges.size());
    std::vector<std::vector<size_t>> outgoing(d.nodes.size()), incoming(d.nodes.size());
    for (size_t e = 0; e < d.edges.size(); ++e) {
        for (const LayoutPoint &p : layout.routes[e])
            routes[e].emplace_back(p.x, p.y);
        outgoing[static_cast<size_t>(d.edges[e].from)].push_back(e);
        incoming[static_cast<size_t>(d.edges[e].to)].push_back(e);
    }
    // The layout puts each edge end where the line towards its next point leaves the box; ends
    // that would (nearly) coincide, as for several edges going straight down, are spread over
    // the middle of the side instead, ordered by where they go.
    auto spreadIfCrowded = [&](std::vector<size_t> &ends, const QRectF &rect, bool front) {
        auto endX = [&](size_t e) { return front ? routes[e].front().x() : routes[e].back().x(); };
        auto nextX = [&](size_t e) {
            return front ? routes[e][1].x() : routes[e][routes[e].size() - 2].x();
        };
        std::sort(ends.begin(), ends.end(), [&](size_t a, size_t b) { return nextX(a) < nextX(b); });
        bool crowded = false;
        for (size_t k = 1; k < ends.size(); ++k)
            crowded = crowded || endX(ends[k]) - endX(ends[k - 1]) < 6.0;
        if (!crowded)
            return;
        for (size_t k = 0; k < ends.size(); ++k) {
            const double x = portX(rect, static_cast<int>(k), static_cast<int>(ends.size()));
            if (front)
                routes[ends[k]].front().setX(x);
            else
                routes[ends[k]].back().setX(x);
        }
    };
    for (size_t n = 0; n < d.nodes.size(); ++n) {
        spreadIfCrowded(outgoing[n], d.nodes[n].rect, true);
        spreadIfCrowded(incoming[n], d.nodes[n].rect, false);
    }
    for (size_t e = 0; e < d.edges.size(); ++e) {
        std::vector<QPointF> &r = routes[e];
        const QPointF tip = r.back();
        r.back().ry() -= kArrowLength;
        d.edges[e].path = smoothPath(r);
        d.edges[e].arrow << tip << QPointF(tip.x() - kArrowHalfWidth, tip.y() - kArrowLength)
                         << QPointF(tip.x() + kArrowHalfWidth, tip.y() - kArrowLength);
    }
    return d;
}

} // namespace silica
