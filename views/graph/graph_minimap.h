#pragma once
// The minimap in the canvas's bottom-right corner: the whole drawing in small, with the part
// the view shows outlined. Clicking or dragging in it moves the view there. The picture is
// rendered again only after the drawing or its colours change, and only when it is shown.

#include <QPixmap>
#include <QWidget>

class QGraphicsView;

namespace silica {

class GraphMinimap : public QWidget
{
    Q_OBJECT
public:
    explicit GraphMinimap(QGraphicsView *view);

    // The drawing changed (new model, new colours): render it again before the next paint.
    void invalidate();
    // Fits the widget to the scene's proportions within its maximum size.
    void updateSize();

    // Where the view's visible area is, in widget coordinates (for tests).
    QRectF viewportFrame() const;
    QPointF sceneAt(const QPointF &widgetPos) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QRectF pictureRect() const;
    QSizeF scale() const; // horizontal and vertical
    void render();
    void moveViewTo(const QPointF &widgetPos);

    QGraphicsView *m_view;
    QPixmap m_picture;
    bool m_dirty = true;
    bool m_dragging = false;
};

} // namespace silica
