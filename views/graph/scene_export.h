#pragma once
// Export View: the whole drawing (not just the visible part) as a PNG or SVG picture, with
// the active overlay's legend in a column on the left. The file is written through a
// temporary and renamed, so an existing picture is replaced only by a complete one.
//
// PNG renders at twice the scene's scale for crisp text, reduced so the picture stays within
// 30 megapixels and 32000 pixels a side (Qt's raster limit); a reduced picture says so, and
// below 40 % labels are no longer drawn: export SVG for full detail at any size.

#include "views/models/overlay_palette.h"

#include <QColor>
#include <QSize>
#include <QString>

class QGraphicsScene;

namespace silica {

struct ViewExport
{
    QString error; // empty on success: what went wrong and with which file
    QSize size;    // pixels (PNG) or SVG units
    double scale = 1;
    bool reduced = false;  // PNG smaller than the preferred scale
    bool noLabels = false; // so small that node labels were left out
};

// The format follows the suffix of `path` (.png or .svg).
ViewExport exportScene(QGraphicsScene &scene, const QColor &background,
                       const OverlayPalette &legend, const QString &path);

} // namespace silica
