#include "views/graph/graph_items.h"

#include "views/models/overlay_palette.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

namespace silica {

namespace {

// Below this scale labels are too small to read: draw boxes only.
constexpr double kTextLevelOfDetail = 0.4;
// Below this scale rounded corners and outlines are invisible anyway.
constexpr double kOutlineLevelOfDetail = 0.2;
constexpr double kHighlightMargin = 3;

const QColor kHighlight(0x1a, 0x62, 0xd6);
// Collapsed groups: a neutral slate card with a second card behind it, like a stack.
const QColor kGroupFill(0xdc, 0xe1, 0xea);
constexpr double kStackOffset = 4;
const QColor kEdgeColor(0x6b, 0x72, 0x80);

} // namespace

QFont nodeTitleFont()
{
    QFont f;
    f.setPointSizeF(9.5);
    f.setBold(true);
    return f;
}

QFont nodeSubtitleFont()
{
    QFont f;
    f.setPointSizeF(8);
    return f;
}

NodeItem::NodeItem(const DrawnNode &node)
    : m_id(node.id), m_group(node.group), m_category(node.category), m_title(node.title),
      m_fill(node.group >= 0 ? kGroupFill : categoryColor(node.category)), m_text(textColorOn(m_fill))
{
    m_rect = QRectF(-node.rect.width() / 2, -node.rect.height() / 2, node.rect.width(),
                    node.rect.height());
    setPos(node.rect.center());
    setToolTip(node.toolTip);
    const double textWidth = m_rect.width() - 8;
    m_titleText = QFontMetricsF(nodeTitleFont()).elidedText(node.title, Qt::ElideMiddle, textWidth);
    m_subtitleText =
        QFontMetricsF(nodeSubtitleFont()).elidedText(node.subtitle, Qt::ElideMiddle, textWidth);
    // Repainting a cached pixmap is much cheaper than laying out text on every scroll step.
    setCacheMode(DeviceCoordinateCache);
    setZValue(1);
}

void NodeItem::setFill(const QColor &fill, bool hasValue)
{
    if (isPseudoNode() || (fill == m_fill && hasValue == m_hasValue))
        return;
    m_fill = fill;
    m_text = textColorOn(fill);
    m_hasValue = hasValue;
    update();
}

void NodeItem::setHighlighted(bool on)
{
    if (m_highlighted == on)
        return;
    m_highlighted = on;
    setZValue(on ? 3 : 1);
    for (EdgeItem *edge : m_edges)
        edge->setHighlighted(on);
    update();
}

QRectF NodeItem::boundingRect() const
{
    const double stack = m_group >= 0 ? kStackOffset : 0;
    return m_rect.adjusted(-kHighlightMargin, -kHighlightMargin, kHighlightMargin + stack,
                           kHighlightMargin + stack);
}

QPainterPath NodeItem::shape() const
{
    QPainterPath p;
    p.addRect(m_rect);
    return p;
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const bool pseudo = isPseudoNode();
    if (lod < kOutlineLevelOfDetail) {
        painter->fillRect(m_rect, m_highlighted ? kHighlight : m_fill);
        return;
    }
    const double radius = pseudo ? m_rect.height() / 2 : 5;
    if (m_group >= 0) {
        painter->setPen(QPen(m_fill.darker(150), 1));
        painter->setBrush(m_fill.darker(108));
        painter->drawRoundedRect(m_rect.translated(kStackOffset, kStackOffset), radius, radius);
    }
    if (m_highlighted) {
        painter->setPen(QPen(kHighlight, 2.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(m_rect.adjusted(-1.5, -1.5, 1.5, 1.5), radius + 1.5, radius + 1.5);
    }
    QPen outline(m_fill.darker(pseudo ? 100 : 150), 1);
    if (!m_hasValue) {
        outline.setColor(m_fill.darker(170));
        outline.setStyle(Qt::DashLine);
    }
    painter->setPen(outline);
    painter->setBrush(m_fill);
    painter->drawRoundedRect(m_rect, radius, radius);
    if (lod < kTextLevelOfDetail)
        return;

    // Subtitles a shade softer than titles, on light and on dark fills.
    const QColor title = pseudo ? QColor(Qt::white) : m_text;
    QColor subtitle = title;
    subtitle.setAlphaF(0.85f);
    painter->setPen(title);
    QRectF titleRect = m_rect;
    if (!m_subtitleText.isEmpty()) {
        const double titleHeight = QFontMetricsF(nodeTitleFont()).height();
        titleRect = QRectF(m_rect.left(), m_rect.top() + 4, m_rect.width(), titleHeight);
        QRectF subtitleRect(m_rect.left(), titleRect.bottom(), m_rect.width(),
                            m_rect.bottom() - 4 - titleRect.bottom());
        painter->setFont(nodeSubtitleFont());
        painter->setPen(subtitle);
        painter->drawText(subtitleRect, Qt::AlignCenter, m_subtitleText);
        painter->setPen(title);
    }
    painter->setFont(nodeTitleFont());
    painter->drawText(titleRect, Qt::AlignCenter, m_titleText);
}

EdgeItem::EdgeItem(const DrawnEdge &edge) : m_path(edge.path), m_arrow(edge.arrow)
{
    m_bounds = (m_path.boundingRect() | m_arrow.boundingRect()).adjusted(-2, -2, 2, 2);
    setToolTip(edge.toolTip);
    setZValue(0);
}

void EdgeItem::setHighlighted(bool on)
{
    if (m_highlighted == on)
        return;
    m_highlighted = on;
    setZValue(on ? 2 : 0);
    update();
}

QPainterPath EdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(6);
    QPainterPath p = stroker.createStroke(m_path);
    p.addPolygon(m_arrow);
    return p;
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QColor color = m_highlighted ? kHighlight : kEdgeColor;
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    QPen pen(color, m_highlighted ? 2.0 : 1.2);
    if (lod < kOutlineLevelOfDetail)
        pen.setCosmetic(true); // keep far-out edges one pixel wide instead of fading away
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    if (lod < kOutlineLevelOfDetail)
        return;
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(m_arrow);
}

} // namespace silica
