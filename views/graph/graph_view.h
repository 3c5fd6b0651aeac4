#pragma once
// The graph canvas: the main graph drawn top to bottom (see graph_drawing.h), zoom with
// Ctrl+wheel, +/- and Ctrl+0 (fit), pan by dragging or with the scroll bars, click to select.
// Nodes are coloured by the active overlay, explained by the legend panel in the top-left
// corner; the minimap in the bottom-right corner shows where the view is. Hovering a node
// shows its shapes and its overlay value.

#include "core/graph/model.h"
#include "views/models/overlay_palette.h"

#include <QGraphicsView>

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

public slots:
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
    void drawBackground(QPainter *painter, const QRectF &rect) override;
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

    QGraphicsScene *m_scene;
    ModelPtr m_model;
    std::unordered_map<NodeId, NodeItem *> m_items;
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
