#pragma once
// The graph canvas: the main graph drawn top to bottom (see graph_drawing.h), zoom with
// Ctrl+wheel, +/- and Ctrl+0 (fit), pan by dragging or with the scroll bars, click to select.
// Nodes are coloured by the active overlay, explained by the legend panel in the top-left
// corner; the minimap in the bottom-right corner shows where the view is. Hovering a node
// shows its shapes and its overlay value.

#include "core/graph/model.h"
#include "core/layout/hierarchy.h"
#include "views/models/overlay_palette.h"

#include <QGraphicsView>
#include <QLineF>

#include <memory>
#include <set>
#include <string>
#include <unordered_map>

namespace silica {

class GraphMinimap;
class NodeItem;
class OverlayLegend;

class GraphView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit GraphView(QWidget *parent = nullptr);

    // Draws the main graph of `model`. A new version of the same document keeps zoom, scroll
    // position and the selection (when the node still exists); `keepView` false starts fresh.
    void setModel(ModelPtr model, bool keepView);
    void clear();
    const ModelPtr &model() const { return m_model; }

    // Colours the nodes by `palette`, now and after later setModel calls, and shows its
    // legend. A null palette brings back the op-category colours.
    void setOverlay(const OverlayPalette &palette);
    const OverlayPalette &overlay() const { return m_overlay; }
    // The fill of a node's box; invalid when it is not drawn.
    QColor nodeFill(NodeId id) const;
    // What hovering the node shows (rich text).
    QString toolTipFor(NodeId id) const;

    OverlayLegend *legend() const { return m_legend; }
    GraphMinimap *minimap() const { return m_minimap; }
    // The user's choice; the minimap also hides while the whole graph is in view.
    void setLegendShown(bool shown);
    void setMinimapShown(bool shown);

    NodeId selectedNode() const { return m_selected; }
    // Highlights the node and centres the view on it; emits nodeSelected when it changes.
    void selectNode(NodeId id);

    // The node's box in scene coordinates (null when it is not drawn).
    QRectF nodeRect(NodeId id) const;
    double zoom() const { return m_zoom; }
    int drawnNodeCount() const { return static_cast<int>(m_items.size()); }
    // Collapsed groups drawn (name scopes, or blocks; see core/layout/hierarchy.h). A model
    // opens with groups expanded breadth-first while at most kOpenItemBudget items show.
    int collapsedGroupCount() const { return static_cast<int>(m_groupItems.size()); }
    // The collapsed groups drawn, in hierarchy order.
    std::vector<int> collapsedGroups() const;
    const BoxHierarchy *hierarchy() const { return m_hierarchy.get(); }
    static constexpr size_t kOpenItemBudget = 300;
    // Expands a collapsed group in place (core/layout/hierarchy.h: openInPlace): its contents
    // are laid out where its box was and the rest of the graph keeps its place, only moving
    // aside and down to make room.
    void expandGroup(int group);
    // Expands the groups holding `id` so that it is drawn; false when it is not in the graph.
    bool revealNode(NodeId id);

public slots:
    void expandAllGroups();
    // Back to the depth the model opened at.
    void collapseGroupsToDefault();
    // Collapses the innermost expanded group holding the selected node.
    void collapseSelectedGroup();
    void zoomIn();
    void zoomOut();
    void fitToWindow();

signals:
    // The user (or selectNode) changed the selection; kInvalidNodeId when it was cleared.
    void nodeSelected(silica::NodeId id);
    void zoomChanged(double zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    bool viewportEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void setZoom(double zoom, ViewportAnchor anchor);
    double fitZoom() const;
    void setHighlighted(NodeId id);
    NodeItem *nodeItemAt(const QPoint &viewportPos) const;
    void applyOverlay();
    void placeCornerWidgets();
    void rebuildHierarchy(bool keepExpanded);
    void updateFarMode();
    void applyOverlayToGroups();
    void collectFarBoxes();
    std::set<int> expandedGroups() const;
    // Redraws the current model with the current groups, keeping zoom and selection.
    void redraw();
    // Marks `groups` (outermost first) expanded; opens them in place when they are drawn
    // collapsed now, so that the redraw keeps everything else where it is.
    void openGroups(const std::vector<int> &groups);
    // A layout computed earlier for the current expanded groups (expanding and then collapsing
    // a group brings back the picture from before), or null.
    std::shared_ptr<const PictureLayout> rememberedLayout(const std::set<int> &expanded) const;
    void rememberLayout(std::shared_ptr<const PictureLayout> layout);
    // The group chain (innermost first) holding a node; empty when it is in none.
    std::vector<int> groupsOf(NodeId id) const;

    QGraphicsScene *m_scene;
    ModelPtr m_model;
    std::unordered_map<NodeId, NodeItem *> m_items;
    std::unordered_map<int, NodeItem *> m_groupItems; // collapsed groups drawn
    std::shared_ptr<const ModelPicture> m_picture;    // of m_pictureModel, computed once per model
    ModelPtr m_pictureModel;
    std::shared_ptr<const BoxHierarchy> m_hierarchy;
    std::shared_ptr<const PictureLayout> m_drawnLayout;                // what the scene shows
    std::vector<std::shared_ptr<const PictureLayout>> m_recentLayouts; // newest last
    std::unordered_map<NodeId, int> m_boxOfNode;
    std::vector<NodeId> m_nodeOfBox;
    std::set<std::string> m_expandedPaths; // by path, so edits keep what the user opened
    QGraphicsItem *m_layer = nullptr;      // parent of all node and edge items
    bool m_farMode = false;
    std::vector<std::pair<QRectF, QColor>> m_farBoxes; // node boxes and fills, for far mode
    std::vector<QLineF> m_farLines;                    // edges as centre-to-centre lines
    NodeId m_selected = kInvalidNodeId;
    double m_zoom = 1.0;
    QPoint m_pressPos;
    bool m_pressed = false;
    OverlayPalette m_overlay;
    OverlayLegend *m_legend;
    GraphMinimap *m_minimap;
    bool m_legendShown = true;
    bool m_minimapShown = true;
};

} // namespace silica
