#include "views/graph/graph_minimap.h"

#include "views/graph/direct_painting.h"
#include "views/graph/graph_items.h"

#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

namespace silica {

namespace {

constexpr double kMaxWidth = 180;
constexpr double kMaxHeight = 220;
constexpr double kMinSide = 48;
constexpr double kBorder = 5;
// Up to this many items (nodes and edges) the minimap is the scene itself, edges included;
// beyond, drawing every curve would take a noticeable fraction of a second.
constexpr qsizetype kMaxRenderedItems = 6000;

const QColor kFrame(0x1a, 0x62, 0xd6);

} // namespace

GraphMinimap::GraphMinimap(QGraphicsView *view) : QWidget(view), m_view(view)
{
    setObjectName(QStringLiteral("graphMinimap"));
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Overview: click or drag to move the view"));
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void GraphMinimap::invalidate()
{
    m_dirty = true;
    updateSize();
    update();
}

QSizeF GraphMinimap::scale() const
{
    const QRectF scene = m_view->sceneRect();
    if (scene.isEmpty())
        return QSizeF(1, 1);
    const double s = std::min(kMaxWidth / scene.width(), kMaxHeight / scene.height());
    // A long chain of 20k nodes would be a line thinner than a pixel: stretch the narrow side
    // to a visible width (an overview says where you are, not the exact proportions).
    return QSizeF(std::max(s, kMinSide / scene.width()), std::max(s, kMinSide / scene.height()));
}

void GraphMinimap::updateSize()
{
    const QRectF scene = m_view->sceneRect();
    if (scene.isEmpty())
        return;
    const QSizeF s = scale();
    resize(static_cast<int>(std::ceil(scene.width() * s.width() + 2 * kBorder)),
           static_cast<int>(std::ceil(scene.height() * s.height() + 2 * kBorder)));
}

QRectF GraphMinimap::pictureRect() const
{
    const QRectF scene = m_view->sceneRect();
    const QSizeF s = scale();
    const QSizeF size(scene.width() * s.width(), scene.height() * s.height());
    return QRectF(QPointF((width() - size.width()) / 2, (height() - size.height()) / 2), size);
}

void GraphMinimap::render()
{
    QElapsedTimer timer;
    timer.start();
    m_dirty = false;
    const QRectF target = pictureRect();
    const qreal dpr = devicePixelRatioF();
    const QSize pixels = (target.size() * dpr).toSize().expandedTo(QSize(1, 1));
    m_picture = QPixmap(pixels);
    m_picture.setDevicePixelRatio(dpr);
    m_picture.fill(m_view->backgroundBrush().color());
    if (!m_view->scene())
        return;
    QGraphicsScene &scene = *m_view->scene();
    const QList<QGraphicsItem *> items = scene.items();
    QPainter p(&m_picture);
    if (items.size() <= kMaxRenderedItems) {
        p.setRenderHint(QPainter::Antialiasing);
        const DirectPainting direct(scene);
        scene.render(&p, QRectF(QPointF(0, 0), target.size()), m_view->sceneRect(),
                     Qt::IgnoreAspectRatio);
    } else {
        // Large graphs: node boxes only, each at least a pixel, in their canvas colours.
        const QRectF sceneRect = m_view->sceneRect();
        const QSizeF s = scale();
        for (const QGraphicsItem *item : items) {
            if (item->type() != NodeItem::Type)
                continue;
            const QRectF r = item->sceneBoundingRect();
            const QRectF box(
                (r.left() - sceneRect.left()) * s.width(), (r.top() - sceneRect.top()) * s.height(),
                std::max(1.0, r.width() * s.width()), std::max(1.0, r.height() * s.height()));
            p.fillRect(box, static_cast<const NodeItem *>(item)->fill());
        }
    }
    spdlog::debug("Rendered the minimap in {} ms", timer.elapsed());
}

QRectF GraphMinimap::viewportFrame() const
{
    const QRectF scene = m_view->sceneRect();
    const QRectF visible =
        m_view->mapToScene(m_view->viewport()->rect()).boundingRect().intersected(scene);
    const QRectF picture = pictureRect();
    const QSizeF s = scale();
    const QPointF offset = visible.topLeft() - scene.topLeft();
    QRectF frame(picture.topLeft() + QPointF(offset.x() * s.width(), offset.y() * s.height()),
                 QSizeF(visible.width() * s.width(), visible.height() * s.height()));
    // Far out on a huge graph the visible part is smaller than a pixel: keep it findable.
    if (frame.width() < 4)
        frame.adjust(-(4 - frame.width()) / 2, 0, (4 - frame.width()) / 2, 0);
    if (frame.height() < 4)
        frame.adjust(0, -(4 - frame.height()) / 2, 0, (4 - frame.height()) / 2);
    return frame;
}

QPointF GraphMinimap::sceneAt(const QPointF &widgetPos) const
{
    const QPointF d = widgetPos - pictureRect().topLeft();
    const QSizeF s = scale();
    return m_view->sceneRect().topLeft() + QPointF(d.x() / s.width(), d.y() / s.height());
}

void GraphMinimap::paintEvent(QPaintEvent *)
{
    if (m_dirty)
        render();
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF outer = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    p.setPen(QPen(QColor(0xd4, 0xd6, 0xda), 1));
    p.setBrush(m_view->backgroundBrush().color());
    p.drawRoundedRect(outer, 6, 6);
    p.drawPixmap(pictureRect().topLeft(), m_picture);

    const QRectF frame = viewportFrame();
    QColor fill = kFrame;
    fill.setAlpha(40);
    p.setPen(QPen(kFrame, 1.5));
    p.setBrush(fill);
    p.drawRect(frame.intersected(QRectF(rect()).adjusted(1, 1, -1, -1)));
}

void GraphMinimap::moveViewTo(const QPointF &widgetPos)
{
    m_view->centerOn(sceneAt(widgetPos));
    update();
}

void GraphMinimap::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_dragging = true;
    setCursor(Qt::ClosedHandCursor);
    moveViewTo(event->position());
    event->accept();
}

void GraphMinimap::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging)
        return QWidget::mouseMoveEvent(event);
    moveViewTo(event->position());
    event->accept();
}

void GraphMinimap::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_dragging) {
        m_dragging = false;
        setCursor(Qt::PointingHandCursor);
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

} // namespace silica
