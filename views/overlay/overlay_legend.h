#pragma once
// The legend panel floating in the canvas's top-left corner: a combo box that chooses the
// overlay the canvas is coloured by, and that overlay's legend (LegendDrawing) below it.

#include "views/models/overlay_palette.h"

#include <QFrame>
#include <QStringList>

#include <memory>

class QComboBox;

namespace silica {

class LegendDrawing;

class OverlayLegend : public QFrame
{
    Q_OBJECT
public:
    explicit OverlayLegend(QWidget *parent = nullptr);
    ~OverlayLegend() override;

    // The overlays to choose from: ids and display names, in menu order.
    void setChannels(const QStringList &ids, const QStringList &names);
    void setCurrentChannel(const QString &id);
    QString currentChannel() const;
    void setOverlay(const OverlayPalette &palette);

    QComboBox *comboBox() const { return m_combo; }
    // The drawing shown and the widget it is painted on (its top left is the drawing's).
    const LegendDrawing &drawing() const { return *m_drawing; }
    QWidget *drawingWidget() const { return m_canvas; }

signals:
    void channelChosen(const QString &id);

private:
    class Canvas;

    QComboBox *m_combo;
    QWidget *m_canvas; // a Canvas
    std::unique_ptr<LegendDrawing> m_drawing;
};

} // namespace silica
