#pragma once
// The legend of an overlay as a drawing: a swatch per category (with how many nodes have it)
// or the colour ramp with its best and worst values, and a "no value" swatch when some nodes
// have none. Painted by the canvas's legend panel and into exported pictures, from the same
// OverlayPalette the nodes are coloured with, so the colours match exactly.

#include "views/models/overlay_palette.h"

#include <QCoreApplication>
#include <QFont>
#include <QRectF>

#include <vector>

class QPainter;

namespace silica {

class LegendDrawing
{
    Q_DECLARE_TR_FUNCTIONS(LegendDrawing)
public:
    struct Swatch
    {
        QRectF rect; // relative to the drawing's top left
        QColor color;
        QString label;
        bool dashed = false; // the "no value" swatch
    };

    // `withTitle` puts the overlay's name on top (exported pictures; the panel has its own).
    LegendDrawing(const OverlayPalette &palette, const QFont &font, bool withTitle);

    QSizeF size() const { return m_size; }
    void paint(QPainter &painter, const QPointF &topLeft) const;

    const std::vector<Swatch> &swatches() const { return m_swatches; }
    // The colour ramp of a continuous overlay, best at the left (null otherwise).
    QRectF rampRect() const { return m_ramp; }

private:
    struct Text
    {
        QRectF rect;
        QString text;
        Qt::Alignment align;
        bool bold = false;
        bool muted = false;
    };

    void addText(const QRectF &rect, const QString &text, Qt::Alignment align, bool bold = false,
                 bool muted = false);

    OverlayPalette m_palette;
    QFont m_font;
    QSizeF m_size;
    std::vector<Swatch> m_swatches;
    std::vector<Text> m_texts;
    QRectF m_ramp;
};

} // namespace silica
