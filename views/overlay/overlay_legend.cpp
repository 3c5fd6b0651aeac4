#include "views/overlay/overlay_legend.h"

#include "views/overlay/legend_drawing.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace silica {

class OverlayLegend::Canvas : public QWidget
{
public:
    explicit Canvas(OverlayLegend *legend) : QWidget(legend), m_legend(legend) {}

    QSize sizeHint() const override { return m_legend->drawing().size().toSize(); }
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        p.setRenderHint(QPainter::TextAntialiasing);
        m_legend->drawing().paint(p, QPointF(0, 0));
    }

private:
    OverlayLegend *m_legend;
};

OverlayLegend::OverlayLegend(QWidget *parent)
    : QFrame(parent), m_combo(new QComboBox(this)), m_canvas(new Canvas(this)),
      m_drawing(std::make_unique<LegendDrawing>(OverlayPalette(), font(), false))
{
    setObjectName(QStringLiteral("overlayLegend"));
    setStyleSheet(QStringLiteral("#overlayLegend { background: rgba(255, 255, 255, 238); "
                                 "border: 1px solid #d4d6da; border-radius: 6px; }"));
    setAutoFillBackground(false);
    m_combo->setObjectName(QStringLiteral("overlayCombo"));
    m_combo->setToolTip(tr("The overlay the graph is coloured by"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    auto *caption = new QLabel(tr("Colour by"), this);
    caption->setStyleSheet(QStringLiteral("color: #6b7280;"));
    auto *header = new QHBoxLayout;
    header->setSpacing(6);
    header->addWidget(caption);
    header->addWidget(m_combo, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 10);
    layout->setSpacing(8);
    layout->addLayout(header);
    layout->addWidget(m_canvas);
    layout->setSizeConstraint(QLayout::SetFixedSize);

    connect(m_combo, &QComboBox::activated, this,
            [this](int index) { emit channelChosen(m_combo->itemData(index).toString()); });
}

OverlayLegend::~OverlayLegend() = default;

void OverlayLegend::setChannels(const QStringList &ids, const QStringList &names)
{
    const QSignalBlocker blocker(m_combo);
    const QString current = currentChannel();
    m_combo->clear();
    for (qsizetype i = 0; i < ids.size(); ++i)
        m_combo->addItem(names.value(i, ids[i]), ids[i]);
    setCurrentChannel(current);
}

void OverlayLegend::setCurrentChannel(const QString &id)
{
    const QSignalBlocker blocker(m_combo);
    const int index = m_combo->findData(id);
    if (index >= 0)
        m_combo->setCurrentIndex(index);
}

QString OverlayLegend::currentChannel() const
{
    return m_combo->currentData().toString();
}

void OverlayLegend::setOverlay(const OverlayPalette &palette)
{
    m_drawing = std::make_unique<LegendDrawing>(palette, font(), false);
    m_canvas->updateGeometry();
    m_canvas->update();
    adjustSize();
}

} // namespace silica
