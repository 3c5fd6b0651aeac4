#include "views/graph/graph_view.h"

#include "core/graph/graph_index.h"
#include "core/layout/model_layout.h"
#include "views/graph/graph_drawing.h"
#include "views/graph/graph_items.h"
#include "views/graph/graph_minimap.h"
#include "views/models/node_tool_tip.h"
#include "views/overlay/overlay_legend.h"

#include <QApplication>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <optional>

#include <spdlog/spdlog.h>

namespace silica {

namespace {

constexpr double kMaxZoom = 6.0;
constexpr double kZoomStep = 1.25;
// Margin around the drawing so the first and last nodes are not glued to the view's edges.
constexpr double kSceneMargin = 40;
// A fresh model opens at most at this scale; tiny graphs are not blown up.
constexpr double kInitialMaxZoom = 1.0;
// Tall graphs open readable, at the top, rather than fitted into unreadable dots.
constexpr double kInitialMinZoom = 0.75;
// Distance of the legend and the minimap from the canvas's edges.
constexpr int kCornerMargin = 12;
// Far mode (see updateFarMode): graphs of more items than this, at scales below this.
constexpr size_t kFarModeItems = 4000;
constexpr double kFarModeZoom = 0.12;

// The parent of every node and edge item, so far mode hides them all with one call.
class LayerItem final : public QGraphicsItem
{
public:
    LayerItem() { setFlag(ItemHasNoContents); }
    QRectF boundingRect() const override { return {}; }
    void paint(QPainter *, const QStyleOptionGraphicsItem *, QWidget *) override {}
};

} // namespace

GraphView::GraphView(QWidget *parent)
    : QGraphicsView(parent), m_scene(new QGraphicsScene(this)), m_legend(new OverlayLegend(this)),
      m_minimap(new GraphMinimap(this))
{
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    setOptimizationFlag(DontSavePainterState);
    // Files dropped on the canvas are for the window to open, not for the scene.
    setAcceptDrops(false);
    viewport()->setAcceptDrops(false);
    setFrameShape(QFrame::NoFrame);
    setBackgroundBrush(QColor(0xfa, 0xfa, 0xf8));
    m_legend->hide();
    m_minimap->hide();
    connect(this, &GraphView::zoomChanged, this, &GraphView::placeCornerWidgets);
}

void GraphView::clear()
{
    setModel(nullptr, false);
}

void GraphView::setModel(ModelPtr model, bool keepView)
{
    const QPointF oldCenter = mapToScene(viewport()->rect().center());
    const NodeId oldSelection = m_selected;
    m_items.clear();
    m_groupItems.clear();
    m_layer = nullptr;
    m_scene->clear();
    m_model = std::move(model);
    m_selected = kInvalidNodeId;
    rebuildHierarchy(keepView);

    if (m_model && m_model->graph) {
        QElapsedTimer timer;
        timer.start();
        GroupState groups;
        groups.hierarchy = m_hierarchy.get();
        groups.expanded = expandedGroups();
        groups.picture = m_picture.get();
        groups.layout = rememberedLayout(groups.expanded);
        const GraphDrawing drawing =
            drawGraph(*m_model->graph, DrawingFonts{nodeTitleFont(), nodeSubtitleFont()}, &groups);
        m_drawnLayout = drawing.layout;
        rememberLayout(drawing.layout);
        std::vector<NodeItem *> nodeItems;
        nodeItems.reserve(drawing.nodes.size());
        m_layer = new LayerItem;
        m_scene->addItem(m_layer);
        m_farBoxes.clear();
        m_farLines.clear();
        for (const DrawnNode &n : drawing.nodes) {
            auto *item = new NodeItem(n);
            item->setParentItem(m_layer);
            nodeItems.push_back(item);
            if (n.group >= 0)
                m_groupItems.emplace(n.group, item);
            else if (!item->isPseudoNode())
                m_items.emplace(n.id, item);
        }
        for (const DrawnEdge &e : drawing.edges) {
            m_farLines.emplace_back(drawing.nodes[size_t(e.from)].rect.center(),
                                    drawing.nodes[size_t(e.to)].rect.center());
            auto *item = new EdgeItem(e);
            item->setParentItem(m_layer);
            nodeItems[static_cast<size_t>(e.from)]->addEdge(item);
            nodeItems[static_cast<size_t>(e.to)]->addEdge(item);
        }
        // Room above the graph for the legend in the top-left corner, so the first nodes can
        // show below it.
        // (Room for five legend rows, as device overlays have, even while fewer show.)
        const double legendRoom =
            m_legend && m_legendShown ? (std::max(m_legend->sizeHint().height(), 176) + 12) / kInitialMinZoom : 0;
        m_scene->setSceneRect(drawing.bounds.adjusted(-kSceneMargin, -kSceneMargin - legendRoom, kSceneMargin,
                                                      kSceneMargin));
        spdlog::debug("Drew {} nodes and {} edges in {} ms", drawing.nodes.size(),
                      drawing.edges.size(), timer.elapsed());
    } else {
        m_scene->setSceneRect(QRectF());
    }

    if (keepView) {
        setZoom(m_zoom, NoAnchor);
        centerOn(oldCenter);
    } else {
        const double fit = fitZoom();
        if (fit >= kInitialMinZoom) {
            setZoom(std::min(fit, kInitialMaxZoom), NoAnchor);
            centerOn(m_scene->sceneRect().center());
        } else {
            setZoom(kInitialMinZoom, NoAnchor);
            const QRectF r = m_scene->sceneRect();
            centerOn(QPointF(r.center().x(), r.top() + viewport()->height() / m_zoom / 2));
        }
    }
    if (keepView && m_items.count(oldSelection))
        setHighlighted(oldSelection);
    else if (oldSelection != kInvalidNodeId)
        emit nodeSelected(kInvalidNodeId);
    applyOverlay();
}

void GraphView::updateFarMode()
{
    // Far out on a large graph every box is a few pixels: tens of thousands of items cost more
    // to walk than the picture is worth. Draw plain boxes and straight edges from flat arrays
    // instead (drawForeground) and hide the items.
    const bool far =
        m_layer && m_farLines.size() + m_items.size() > kFarModeItems && m_zoom < kFarModeZoom;
    if (far == m_farMode)
        return;
    m_farMode = far;
    if (m_layer)
        m_layer->setVisible(!far);
    viewport()->update();
}

void GraphView::collectFarBoxes()
{
    m_farBoxes.clear();
    if (!m_layer)
        return;
    for (QGraphicsItem *child : m_layer->childItems())
        if (child->type() == NodeItem::Type) {
            auto *node = static_cast<NodeItem *>(child);
            m_farBoxes.push_back({node->sceneBoundingRect(), node->fill()});
        }
}

void GraphView::drawForeground(QPainter *painter, const QRectF &rect)
{
    QGraphicsView::drawForeground(painter, rect);
    if (!m_farMode)
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    QVector<QLineF> lines;
    lines.reserve(int(m_farLines.size()));
    for (const QLineF &l : m_farLines)
        if (QRectF(l.p1(), l.p2()).normalized().adjusted(-1, -1, 1, 1).intersects(rect))
            lines.push_back(l);
    painter->setPen(QPen(QColor(0x9a, 0xa0, 0xaa), 0)); // cosmetic: one pixel at any zoom
    painter->drawLines(lines);
    // Each box at least a device pixel, or a tall graph far out would vanish.
    const double pixel = 1.0 / std::max(m_zoom, 1e-9);
    for (const auto &[box, colour] : m_farBoxes) {
        if (!box.intersects(rect))
            continue;
        QRectF r = box;
        if (r.width() < pixel)
            r.adjust(-(pixel - r.width()) / 2, 0, (pixel - r.width()) / 2, 0);
        if (r.height() < pixel)
            r.adjust(0, -(pixel - r.height()) / 2, 0, (pixel - r.height()) / 2);
        painter->fillRect(r, colour);
    }
    if (auto it = m_items.find(m_selected); it != m_items.end()) {
        painter->setPen(QPen(QColor(0x1a, 0x62, 0xd6), 3 / std::max(m_zoom, 1e-6)));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(it->second->sceneBoundingRect());
    }
    painter->restore();
}

void GraphView::setOverlay(const OverlayPalette &palette)
{
    m_overlay = palette;
    m_legend->setOverlay(palette);
    applyOverlay();
}

void GraphView::applyOverlay()
{
    if (m_model && m_model->graph) {
        const GraphIndex &index = m_model->graph->index();
        for (const auto &[id, item] : m_items) {
            const Node *node = index.node(id);
            if (!node)
                continue;
            if (m_overlay.isNull()) {
                item->setFill(categoryColor(opCategory(node->opType)), true);
                continue;
            }
            const OverlayValue *value = m_overlay.channel()->value(*node);
            item->setFill(m_overlay.colorFor(value), value != nullptr);
        }
    }
    applyOverlayToGroups();
    collectFarBoxes();
    updateFarMode();
    m_minimap->invalidate();
    placeCornerWidgets();
}

void GraphView::applyOverlayToGroups()
{
    if (!m_model || !m_model->graph || !m_hierarchy)
        return;
    const GraphIndex &index = m_model->graph->index();
    const BoxHierarchy &h = *m_hierarchy;
    for (const auto &[group, item] : m_groupItems) {
        const BoxGroup &g = h.groups()[size_t(group)];
        QString tip = QStringLiteral("<b>%1</b><br>%2")
                          .arg(QString::fromStdString(g.path).toHtmlEscaped(),
                               QCoreApplication::translate("GraphDrawing", "%n nodes", nullptr,
                                                           int(g.totalBoxes)));
        if (m_overlay.isNull()) {
            item->setToolTip(tip + QStringLiteral("<br>") +
                             QCoreApplication::translate("GraphDrawing", "Double-click to expand"));
            continue;
        }
        // A collapsed group stands for its worst node: its value, colour and name.
        const OverlayChannel &channel = *m_overlay.channel();
        const OverlayValue *worst = nullptr;
        const Node *worstNode = nullptr;
        std::vector<int> pending{group};
        while (!pending.empty()) {
            const BoxGroup &cur = h.groups()[size_t(pending.back())];
            pending.pop_back();
            pending.insert(pending.end(), cur.children.begin(), cur.children.end());
            for (int box : cur.boxes) {
                const Node *node = index.node(m_nodeOfBox[size_t(box)]);
                const OverlayValue *value = node ? channel.value(*node) : nullptr;
                if (value && (!worst || channel.isWorse(*value, *worst))) {
                    worst = value;
                    worstNode = node;
                }
            }
        }
        item->setFill(m_overlay.colorFor(worst), worst != nullptr);
        if (worst)
            tip += QStringLiteral("<br>") +
                   tr("Worst: %1 (%2)")
                       .arg(m_overlay.formatValue(worst).toHtmlEscaped(),
                            QString::fromStdString(worstNode->name).toHtmlEscaped());
        item->setToolTip(tip + QStringLiteral("<br>") +
                         QCoreApplication::translate("GraphDrawing", "Double-click to expand"));
    }
}

QColor GraphView::nodeFill(NodeId id) const
{
    auto it = m_items.find(id);
    return it == m_items.end() ? QColor() : it->second->fill();
}

QString GraphView::toolTipFor(NodeId id) const
{
    const Node *node = m_model && m_model->graph ? m_model->graph->index().node(id) : nullptr;
    return node ? nodeToolTip(*m_model->graph, *node, m_overlay) : QString();
}

void GraphView::setLegendShown(bool shown)
{
    m_legendShown = shown;
    placeCornerWidgets();
}

void GraphView::setMinimapShown(bool shown)
{
    m_minimapShown = shown;
    placeCornerWidgets();
}

void GraphView::placeCornerWidgets()
{
    const QRect area = viewport()->geometry();
    const bool hasGraph = m_model && !m_items.empty();
    m_legend->setVisible(hasGraph && m_legendShown && !m_overlay.isNull());
    if (m_legend->isVisible()) {
        m_legend->adjustSize();
        m_legend->move(area.topLeft() + QPoint(kCornerMargin, kCornerMargin));
        m_legend->raise();
    }
    // Only useful while part of the graph is out of view.
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    const QRectF drawing =
        m_scene->sceneRect().adjusted(kSceneMargin, kSceneMargin, -kSceneMargin, -kSceneMargin);
    const bool allVisible = visible.contains(drawing);
    m_minimap->setVisible(hasGraph && m_minimapShown && !allVisible);
    if (m_minimap->isVisible()) {
        m_minimap->updateSize();
        m_minimap->move(area.bottomRight() - QPoint(m_minimap->width() + kCornerMargin,
                                                    m_minimap->height() + kCornerMargin));
        m_minimap->raise();
        m_minimap->update();
    }
}

QRectF GraphView::nodeRect(NodeId id) const
{
    auto it = m_items.find(id);
    return it == m_items.end() ? QRectF() : it->second->sceneBoundingRect();
}

void GraphView::setHighlighted(NodeId id)
{
    if (auto it = m_items.find(m_selected); it != m_items.end())
        it->second->setHighlighted(false);
    m_selected = id;
    if (auto it = m_items.find(m_selected); it != m_items.end())
        it->second->setHighlighted(true);
}

void GraphView::selectNode(NodeId id)
{
    if (!m_items.count(id) && !revealNode(id))
        id = kInvalidNodeId;
    const bool changed = id != m_selected;
    setHighlighted(id);
    if (id != kInvalidNodeId)
        centerOn(m_items.at(id));
    if (changed)
        emit nodeSelected(id);
}

NodeItem *GraphView::nodeItemAt(const QPoint &viewportPos) const
{
    for (QGraphicsItem *item : items(viewportPos))
        if (item->type() == NodeItem::Type)
            return static_cast<NodeItem *>(item);
    return nullptr;
}

double GraphView::fitZoom() const
{
    const QRectF r = m_scene->sceneRect();
    if (r.isEmpty())
        return 1.0;
    const QSize v = viewport()->size();
    return std::min(v.width() / r.width(), v.height() / r.height());
}

void GraphView::setZoom(double zoom, ViewportAnchor anchor)
{
    const double minZoom = std::min(0.05, fitZoom() * 0.5);
    zoom = std::clamp(zoom, minZoom, kMaxZoom);
    const ViewportAnchor saved = transformationAnchor();
    setTransformationAnchor(anchor);
    setTransform(QTransform::fromScale(zoom, zoom));
    setTransformationAnchor(saved);
    if (!qFuzzyCompare(zoom, m_zoom)) {
        m_zoom = zoom;
        emit zoomChanged(zoom);
    }
    updateFarMode();
}

void GraphView::zoomIn()
{
    setZoom(m_zoom * kZoomStep, AnchorViewCenter);
}

void GraphView::zoomOut()
{
    setZoom(m_zoom / kZoomStep, AnchorViewCenter);
}

void GraphView::fitToWindow()
{
    setZoom(std::min(fitZoom(), 2.0), AnchorViewCenter);
    centerOn(m_scene->sceneRect().center());
}

void GraphView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const double steps = event->angleDelta().y() / 120.0;
        setZoom(m_zoom * std::pow(kZoomStep, steps), AnchorUnderMouse);
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void GraphView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        return;
    case Qt::Key_Minus:
        zoomOut();
        return;
    case Qt::Key_0:
        if (event->modifiers() & Qt::ControlModifier) {
            fitToWindow();
            return;
        }
        break;
    case Qt::Key_Escape:
        selectNode(kInvalidNodeId);
        return;
    default:
        break;
    }
    QGraphicsView::keyPressEvent(event);
}

void GraphView::mousePressEvent(QMouseEvent *event)
{
    m_pressed = event->button() == Qt::LeftButton;
    m_pressPos = event->position().toPoint();
    QGraphicsView::mousePressEvent(event);
}

void GraphView::mouseReleaseEvent(QMouseEvent *event)
{
    QGraphicsView::mouseReleaseEvent(event);
    if (!m_pressed || event->button() != Qt::LeftButton)
        return;
    m_pressed = false;
    // A drag pans; only a click without movement changes the selection.
    const QPoint pos = event->position().toPoint();
    if ((pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance())
        return;
    NodeItem *item = nodeItemAt(pos);
    if (item && (item->isPseudoNode() || item->group() >= 0))
        return;
    const NodeId id = item ? item->nodeId() : kInvalidNodeId;
    if (id == m_selected)
        return;
    setHighlighted(id);
    emit nodeSelected(id);
}

void GraphView::mouseDoubleClickEvent(QMouseEvent *event)
{
    NodeItem *item = nodeItemAt(event->position().toPoint());
    if (item && item->group() >= 0 && event->button() == Qt::LeftButton) {
        expandGroup(item->group());
        event->accept();
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void GraphView::rebuildHierarchy(bool keepExpanded)
{
    m_drawnLayout.reset();
    if (!m_model || !m_model->graph) {
        m_recentLayouts.clear();
        m_picture.reset();
        m_pictureModel.reset();
        m_hierarchy.reset();
        m_boxOfNode.clear();
        m_nodeOfBox.clear();
        m_expandedPaths.clear();
        return;
    }
    // Expanding and collapsing redraw the same model: its picture and groups stay.
    if (m_pictureModel != m_model) {
        m_pictureModel = m_model;
        m_recentLayouts.clear();
        auto picture = std::make_shared<ModelPicture>(canvasPicture(*m_model->graph));
        m_boxOfNode.clear();
        m_nodeOfBox.assign(picture->boxes.size(), kInvalidNodeId);
        for (size_t b = 0; b < picture->boxes.size(); ++b)
            if (picture->boxes[b].kind == ModelBox::Kind::Op) {
                m_boxOfNode[picture->boxes[b].id] = int(b);
                m_nodeOfBox[b] = picture->boxes[b].id;
            }
        auto h = std::make_shared<BoxHierarchy>(BoxHierarchy::build(*m_model->graph, *picture));
        const bool hadGroups = m_hierarchy != nullptr;
        m_picture = std::move(picture);
        m_hierarchy = h->groups().empty() ? nullptr : std::move(h);
        keepExpanded = keepExpanded && hadGroups;
    }
    if (!keepExpanded && m_hierarchy) {
        m_expandedPaths.clear();
        for (int g : m_hierarchy->defaultExpanded(kOpenItemBudget))
            m_expandedPaths.insert(m_hierarchy->groups()[size_t(g)].path);
    }
}

std::set<int> GraphView::expandedGroups() const
{
    std::set<int> expanded;
    if (!m_hierarchy)
        return expanded;
    for (size_t g = 0; g < m_hierarchy->groups().size(); ++g)
        if (m_expandedPaths.count(m_hierarchy->groups()[g].path))
            expanded.insert(int(g));
    return expanded;
}

std::vector<int> GraphView::groupsOf(NodeId id) const
{
    std::vector<int> chain;
    auto it = m_boxOfNode.find(id);
    if (!m_hierarchy || it == m_boxOfNode.end())
        return chain;
    for (int g = m_hierarchy->groupOf(it->second); g >= 0;
         g = m_hierarchy->groups()[size_t(g)].parent)
        chain.push_back(g);
    return chain;
}

void GraphView::redraw()
{
    const NodeId selected = m_selected;
    ModelPtr model = m_model;
    setModel(std::move(model), true);
    if (selected != kInvalidNodeId && m_items.count(selected))
        setHighlighted(selected);
}

std::shared_ptr<const PictureLayout>
GraphView::rememberedLayout(const std::set<int> &expanded) const
{
    for (auto it = m_recentLayouts.rbegin(); it != m_recentLayouts.rend(); ++it)
        if ((*it)->expanded == expanded)
            return *it;
    return nullptr;
}

void GraphView::rememberLayout(std::shared_ptr<const PictureLayout> layout)
{
    if (!layout)
        return;
    constexpr size_t kRemembered = 8;
    m_recentLayouts.erase(
        std::remove_if(m_recentLayouts.begin(), m_recentLayouts.end(),
                       [&](const auto &l) { return l->expanded == layout->expanded; }),
        m_recentLayouts.end());
    m_recentLayouts.push_back(std::move(layout));
    if (m_recentLayouts.size() > kRemembered)
        m_recentLayouts.erase(m_recentLayouts.begin());
}

void GraphView::openGroups(const std::vector<int> &groups)
{
    std::vector<int> closed;
    for (int g : groups)
        if (!m_expandedPaths.count(m_hierarchy->groups()[size_t(g)].path))
            closed.push_back(g);
    if (closed.empty())
        return;
    std::shared_ptr<const PictureLayout> current = m_drawnLayout;
    if (current && current->expanded == expandedGroups() && m_picture) {
        const LabelMetrics metrics =
            labelMetrics(DrawingFonts{nodeTitleFont(), nodeSubtitleFont()});
        for (int g : closed) {
            std::optional<PictureLayout> next =
                openInPlace(*m_picture, *m_hierarchy, *current, g, metrics, canvasLayoutOptions());
            if (!next) { // not drawn as one box: lay out afresh
                current.reset();
                break;
            }
            current = std::make_shared<const PictureLayout>(std::move(*next));
        }
        rememberLayout(current);
    }
    for (int g : closed)
        m_expandedPaths.insert(m_hierarchy->groups()[size_t(g)].path);
    redraw();
}

std::vector<int> GraphView::collapsedGroups() const
{
    std::vector<int> groups;
    for (const auto &entry : m_groupItems)
        groups.push_back(entry.first);
    std::sort(groups.begin(), groups.end());
    return groups;
}

void GraphView::expandGroup(int group)
{
    if (!m_hierarchy || group < 0 || size_t(group) >= m_hierarchy->groups().size())
        return;
    std::vector<int> chain; // outermost first
    for (int g = group; g >= 0; g = m_hierarchy->groups()[size_t(g)].parent)
        chain.insert(chain.begin(), g);
    openGroups(chain);
}

bool GraphView::revealNode(NodeId id)
{
    if (m_items.count(id))
        return true;
    std::vector<int> chain = groupsOf(id);
    if (chain.empty())
        return false;
    std::reverse(chain.begin(), chain.end());
    openGroups(chain);
    return m_items.count(id) > 0;
}

void GraphView::expandAllGroups()
{
    if (!m_hierarchy)
        return;
    for (const BoxGroup &g : m_hierarchy->groups())
        m_expandedPaths.insert(g.path);
    redraw();
}

void GraphView::collapseGroupsToDefault()
{
    if (!m_hierarchy)
        return;
    m_expandedPaths.clear();
    for (int g : m_hierarchy->defaultExpanded(kOpenItemBudget))
        m_expandedPaths.insert(m_hierarchy->groups()[size_t(g)].path);
    redraw();
}

void GraphView::collapseSelectedGroup()
{
    const std::vector<int> chain = groupsOf(m_selected);
    if (chain.empty())
        return;
    const int group = chain.front();
    const BoxGroup &g = m_hierarchy->groups()[size_t(group)];
    // Everything inside closes too, so reopening shows the group as it first opened.
    for (auto it = m_expandedPaths.begin(); it != m_expandedPaths.end();)
        it = (*it == g.path || it->rfind(g.path + "/", 0) == 0) ? m_expandedPaths.erase(it)
                                                                : std::next(it);
    redraw();
    if (auto item = m_groupItems.find(group); item != m_groupItems.end())
        centerOn(item->second);
}

bool GraphView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_model) {
        auto *help = static_cast<QHelpEvent *>(event);
        NodeItem *item = nodeItemAt(help->pos());
        if (item && item->group() >= 0) {
            QToolTip::showText(help->globalPos(), item->toolTip(), viewport());
            return true;
        }
        if (item && !item->isPseudoNode()) {
            const QRect area = mapFromScene(item->sceneBoundingRect()).boundingRect();
            QToolTip::showText(help->globalPos(), toolTipFor(item->nodeId()), viewport(), area);
            return true;
        }
    }
    return QGraphicsView::viewportEvent(event);
}

void GraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    placeCornerWidgets();
}

void GraphView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    if (m_minimap->isVisible())
        m_minimap->update();
}

void GraphView::drawBackground(QPainter *painter, const QRectF &rect)
{
    QGraphicsView::drawBackground(painter, rect);
    if (!m_model) {
        painter->save();
        painter->resetTransform();
        painter->setPen(QColor(0x80, 0x80, 0x80));
        painter->drawText(viewport()->rect(), Qt::AlignCenter,
                          tr("Open an ONNX model with File → Open or drop it here"));
        painter->restore();
    }
}

} // namespace silica
