#pragma once
// The two item kinds of the graph canvas. Both paint by level of detail: far out a node is a
// plain coloured block and text is skipped, which keeps panning smooth on large graphs.

#include "views/graph/graph_drawing.h"

#include <QGraphicsItem>

#include <vector>

namespace silica {

class EdgeItem;

class NodeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 1
    };

    explicit NodeItem(const DrawnNode &node);

    NodeId nodeId() const { return m_id; }
    bool isPseudoNode() const { return m_id == kInvalidNodeId && m_group < 0; }
    // A collapsed group (index into the view's BoxHierarchy), or -1.
    int group() const { return m_group; }
    const QString &title() const { return m_title; }
    void addEdge(EdgeItem *edge) { m_edges.push_back(edge); }
    // The overlay colour; `hasValue` false draws the outline dashed (the overlay says nothing
    // about this node). Labels switch to white on dark fills.
    void setFill(const QColor &fill, bool hasValue);
    const QColor &fill() const { return m_fill; }
    bool hasValue() const { return m_hasValue; }
    // Highlights the node and the edges into and out of it.
    void setHighlighted(bool on);
    bool isHighlighted() const { return m_highlighted; }

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    NodeId m_id;
    int m_group = -1;
    OpCategory m_category;
    QRectF m_rect; // item coordinates, centred on the origin
    QString m_title;
    QString m_titleText; // elided to the box
    QString m_subtitleText;
    QColor m_fill;
    QColor m_text;
    bool m_hasValue = true;
    std::vector<EdgeItem *> m_edges;
    bool m_highlighted = false;
};

class EdgeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 2
    };

    explicit EdgeItem(const DrawnEdge &edge);

    void setHighlighted(bool on);

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_bounds; }
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QPainterPath m_path;
    QPolygonF m_arrow;
    QRectF m_bounds;
    bool m_highlighted = false;
};

// Shared look of the canvas.
QFont nodeTitleFont();
QFont nodeSubtitleFont();

} // namespace silica
