#include "views/graph/graph_drawing.h"

#include "core/graph/graph_index.h"
#include "core/layout/layered_layout.h"
#include "core/layout/model_layout.h"

#include <QCoreApplication>
#include <QFontMetricsF>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace silica {

namespace {

constexpr double kArrowLength = 7;
constexpr double kArrowHalfWidth = 3.5;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
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

ModelPicture canvasPicture(const Graph &graph)
{
    return modelPicture(graph, [](const std::string &op) {
        const OpCategory c = opCategory(op);
        return c == OpCategory::Compute || c == OpCategory::Normalization;
    });
}

LabelMetrics labelMetrics(const DrawingFonts &fonts)
{
    LabelMetrics metrics;
    const QFontMetricsF title(fonts.title), subtitle(fonts.subtitle);
    metrics.titleWidth = [title](const std::string &s) { return title.horizontalAdvance(qs(s)); };
    metrics.subtitleWidth = [subtitle](const std::string &s) {
        return subtitle.horizontalAdvance(qs(s));
    };
    metrics.titleHeight = title.height();
    metrics.subtitleHeight = subtitle.height();
    return metrics;
}

GraphDrawing drawGraph(const Graph &graph, const DrawingFonts &fonts, const GroupState *groups)
{
    GraphDrawing d;
    const GraphIndex &index = graph.index();
    const bool given = groups && groups->picture;
    const ModelPicture computed = given ? ModelPicture{} : canvasPicture(graph);
    const ModelPicture &picture = given ? *groups->picture : computed;
    std::unordered_map<NodeId, const Node *> nodeOf;
    for (const NodePtr &node : graph.nodes)
        nodeOf[node->id] = node.get();
    auto boxNode = [&](const ModelBox &box) {
        DrawnNode n;
        n.id = box.id;
        n.title = qs(box.title);
        n.subtitle = qs(box.subtitle);
        if (box.kind == ModelBox::Kind::Op) {
            const Node &node = *nodeOf.at(box.id);
            n.category = opCategory(node.opType);
            n.toolTip = nodeToolTip(node, index);
        } else {
            n.category = box.kind == ModelBox::Kind::Input ? OpCategory::GraphInput
                                                           : OpCategory::GraphOutput;
            n.toolTip =
                QStringLiteral("%1<br>%2").arg(n.title.toHtmlEscaped(), n.subtitle.toHtmlEscaped());
        }
        return n;
    };
    const LabelMetrics metrics = labelMetrics(fonts);

    // Items: every box, or with groups the collapsed picture; links carry their values.
    std::vector<std::pair<int, int>> links;
    std::map<std::pair<int, int>, QStringList> linkValues;
    LayoutGraph ownGraph;
    LayoutResult ownLayout;
    const LayoutGraph *lgp = &ownGraph;
    const LayoutResult *layoutp = &ownLayout;
    auto valueLines = [&](const ModelLink &link) {
        QStringList lines;
        for (const std::string &value : link.values)
            lines << QStringLiteral("%1  %2").arg(qs(value), qs(index.typeOf(value).toString()));
        return lines;
    };
    if (groups && groups->hierarchy) {
        const BoxHierarchy &h = *groups->hierarchy;
        d.layout = groups->layout
                       ? groups->layout
                       : std::make_shared<const PictureLayout>(layoutPicture(
                             picture, h, groups->expanded, metrics, canvasLayoutOptions()));
        const CollapsedPicture &view = d.layout->view;
        for (const VisibleItem &item : view.items) {
            if (item.box >= 0) {
                d.nodes.push_back(boxNode(picture.boxes[size_t(item.box)]));
                continue;
            }
            const BoxGroup &g = h.groups()[size_t(item.group)];
            DrawnNode n;
            n.group = item.group;
            n.groupSize = g.totalBoxes;
            n.category = OpCategory::Other;
            n.title = qs(g.name);
            n.subtitle =
                QCoreApplication::translate("GraphDrawing", "%n nodes", nullptr, int(g.totalBoxes));
            n.toolTip =
                QStringLiteral("<b>%1</b><br>%2<br>%3")
                    .arg(qs(g.path).toHtmlEscaped(), n.subtitle,
                         QCoreApplication::translate("GraphDrawing", "Double-click to expand"));
            d.nodes.push_back(std::move(n));
        }
        for (const ModelLink &link : picture.links) {
            const int a = view.itemOfBox[size_t(link.from)], b = view.itemOfBox[size_t(link.to)];
            if (a != b)
                linkValues[{a, b}] << valueLines(link);
        }
        lgp = &d.layout->graph;
        layoutp = &d.layout->layout;
        links = view.links;
    } else {
        for (const ModelBox &box : picture.boxes)
            d.nodes.push_back(boxNode(box));
        for (const ModelLink &link : picture.links) {
            linkValues[{link.from, link.to}] << valueLines(link);
            links.emplace_back(link.from, link.to);
        }
        ownGraph = layoutGraphOf(picture, metrics);
        ownLayout = layeredLayout(ownGraph, canvasLayoutOptions());
    }
    for (const auto &[from, to] : links) {
        DrawnEdge e;
        e.from = from;
        e.to = to;
        e.toolTip = linkValues[{from, to}].join(QLatin1Char('\n'));
        d.edges.push_back(std::move(e));
    }
    const LayoutGraph &lg = *lgp;
    const LayoutResult &layout = *layoutp;
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
        std::sort(ends.begin(), ends.end(),
                  [&](size_t a, size_t b) { return nextX(a) < nextX(b); });
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
