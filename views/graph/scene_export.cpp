#include "views/graph/scene_export.h"

#include "core/common/atomic_file.h"
#include "views/graph/direct_painting.h"
#include "views/overlay/legend_drawing.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QImage>
#include <QImageWriter>
#include <QPainter>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace silica {

namespace {

constexpr double kPreferredScale = 2.0;
// 120 MB of pixels: image readers with a default limit (Qt's is 128 MiB) still open it.
constexpr double kMaxPixels = 30e6;
constexpr double kMaxSide = 32000;
// NodeItem draws labels from this scale up (graph_items.cpp).
constexpr double kLabelScale = 0.4;
constexpr double kLegendGap = 24;

struct Layout
{
    QSizeF size;    // scene units
    QRectF drawing; // where the scene goes
    QPointF legend; // the legend's top left
};

Layout layoutFor(const QRectF &scene, const LegendDrawing &legend)
{
    Layout l;
    if (legend.size().isEmpty()) {
        l.size = scene.size();
        l.drawing = QRectF(QPointF(0, 0), scene.size());
        return l;
    }
    l.legend = QPointF(kLegendGap, kLegendGap);
    const double left = kLegendGap + legend.size().width() + kLegendGap;
    l.drawing = QRectF(QPointF(left, 0), scene.size());
    l.size = QSizeF(left + scene.width(),
                    std::max(scene.height(), legend.size().height() + 2 * kLegendGap));
    return l;
}

void paintPicture(QPainter &p, QGraphicsScene &scene, const QColor &background,
                  const LegendDrawing &legend, const Layout &layout)
{
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.fillRect(QRectF(QPointF(0, 0), layout.size), background);
    const DirectPainting direct(scene);
    scene.render(&p, layout.drawing, scene.sceneRect(), Qt::KeepAspectRatio);
    legend.paint(p, layout.legend);
}

QString writeAtomically(const QString &path, const QByteArray &bytes)
{
    AtomicFileWriter writer;
    Status s = writer.open(QFile::encodeName(path).toStdString());
    if (s)
        s = writer.write(bytes.constData(), static_cast<uint64_t>(bytes.size()));
    if (s)
        s = writer.commit();
    return s ? QString() : QString::fromStdString(s.message());
}

} // namespace

ViewExport exportScene(QGraphicsScene &scene, const QColor &background,
                       const OverlayPalette &legendPalette, const QString &path)
{
    ViewExport result;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg")) {
        result.error =
            QCoreApplication::translate(
                "SceneExport", "Cannot export to %1: the file name must end in .png or .svg.")
                .arg(path);
        return result;
    }
    const QRectF sceneRect = scene.sceneRect();
    if (sceneRect.isEmpty()) {
        result.error = QCoreApplication::translate("SceneExport", "There is no graph to export.");
        return result;
    }
    QFont font;
    font.setPointSizeF(9);
    const LegendDrawing legend(legendPalette, font, true);
    const Layout layout = layoutFor(sceneRect, legend);

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (suffix == QLatin1String("svg")) {
        result.size = layout.size.toSize();
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(result.size);
        svg.setViewBox(QRectF(QPointF(0, 0), layout.size));
        svg.setTitle(QFileInfo(path).completeBaseName());
        svg.setDescription(
            QCoreApplication::translate("SceneExport", "Graph exported from Silica"));
        QPainter p;
        if (!p.begin(&svg)) {
            result.error =
                QCoreApplication::translate("SceneExport", "Cannot create the SVG picture for %1.")
                    .arg(path);
            return result;
        }
        paintPicture(p, scene, background, legend, layout);
        p.end();
    } else {
        const double area = layout.size.width() * layout.size.height();
        const double longest = std::max(layout.size.width(), layout.size.height());
        result.scale =
            std::min({kPreferredScale, std::sqrt(kMaxPixels / area), kMaxSide / longest});
        result.reduced = result.scale < 1.0;
        result.noLabels = result.scale < kLabelScale;
        result.size = QSize(std::max(1, int(std::ceil(layout.size.width() * result.scale))),
                            std::max(1, int(std::ceil(layout.size.height() * result.scale))));
        QImage image(result.size, QImage::Format_RGB32);
        if (image.isNull()) {
            result.error = QCoreApplication::translate(
                               "SceneExport", "Not enough memory for a %1 × %2 picture; export SVG "
                                              "instead.")
                               .arg(result.size.width())
                               .arg(result.size.height());
            return result;
        }
        QPainter p(&image);
        p.scale(result.scale, result.scale);
        paintPicture(p, scene, background, legend, layout);
        p.end();
        QImageWriter writer(&buffer, "png");
        if (!writer.write(image)) {
            result.error =
                QCoreApplication::translate("SceneExport", "Cannot encode the PNG picture: %1")
                    .arg(writer.errorString());
            return result;
        }
    }
    buffer.close();
    const QString error = writeAtomically(path, bytes);
    if (!error.isEmpty())
        result.error =
            QCoreApplication::translate("SceneExport", "Cannot export the view: %1").arg(error);
    return result;
}

} // namespace silica
