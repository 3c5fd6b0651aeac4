#include "views/overlay/legend_drawing.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace silica {

namespace {

constexpr double kRampWidth = 180;
constexpr double kRampHeight = 12;
constexpr double kGap = 6;

const QColor kText(0x1c, 0x1c, 0x1c);
const QColor kMuted(0x6b, 0x72, 0x80);

} // namespace

LegendDrawing::LegendDrawing(const OverlayPalette &palette, const QFont &font, bool withTitle)
    : m_palette(palette), m_font(font)
{
    const QFontMetricsF fm(font);
    const double line = std::ceil(fm.height());
    const double swatch = std::round(line * 0.8);
    double y = 0, width = 0;
    auto addRow = [&](const QColor &color, const QString &label, int count, bool dashed) {
        const QRectF box(0, y + (line - swatch) / 2, swatch, swatch);
        m_swatches.push_back({box, color, label, dashed});
        const double labelWidth = fm.horizontalAdvance(label);
        addText(QRectF(swatch + kGap, y, labelWidth + 1, line), label, Qt::AlignLeft);
        const QString n = QString::number(count);
        const double countWidth = fm.horizontalAdvance(n);
        const double left = swatch + kGap + labelWidth + 2 * kGap;
        addText(QRectF(left, y, countWidth + 1, line), n, Qt::AlignRight, false, true);
        width = std::max(width, left + countWidth + 1);
        y += line + 2;
    };

    if (withTitle && !palette.isNull()) {
        QFont bold = font;
        bold.setBold(true);
        const double w = QFontMetricsF(bold).horizontalAdvance(palette.title()) + 1;
        addText(QRectF(0, y, w, line), palette.title(), Qt::AlignLeft, true);
        width = std::max(width, w);
        y += line + 4;
    }

    if (palette.isNull()) {
        // Nothing to explain.
    } else if (palette.isContinuous()) {
        if (palette.range().empty) {
            const QString none = tr("No values");
            addText(QRectF(0, y, fm.horizontalAdvance(none) + 1, line), none, Qt::AlignLeft, false,
                    true);
            width = std::max(width, fm.horizontalAdvance(none) + 1);
            y += line + 2;
        } else {
            m_ramp = QRectF(0, y + 2, kRampWidth, kRampHeight);
            y += kRampHeight + 4;
            addText(QRectF(0, y, kRampWidth / 2, line), palette.bestText(), Qt::AlignLeft);
            addText(QRectF(kRampWidth / 2, y, kRampWidth / 2, line), palette.worstText(),
                    Qt::AlignRight);
            y += line;
            const bool higher = palette.channel()->worse == WorseDirection::Higher;
            QString caption = higher ? tr("higher is worse") : tr("lower is worse");
            if (palette.isLogarithmic())
                caption = tr("%1, log scale").arg(caption);
            addText(QRectF(0, y, kRampWidth, line), caption, Qt::AlignLeft, false, true);
            width = std::max({width, kRampWidth, fm.horizontalAdvance(caption) + 1});
            y += line + 4;
        }
    } else {
        const auto &entries = palette.categories();
        // Categories no node has are left out, except bad ones: "0 CPU fallbacks" is news.
        const bool anyCounted =
            std::any_of(entries.begin(), entries.end(), [](const auto &e) { return e.count > 0; });
        for (const OverlayPalette::Entry &e : entries)
            if (!anyCounted || e.count > 0 || e.severity > 0)
                addRow(e.color, e.label, e.count, false);
    }
    if (!palette.isNull() && palette.missingCount() > 0)
        addRow(OverlayPalette::missingColor(), tr("No value"), palette.missingCount(), true);

    m_size = QSizeF(std::ceil(width), std::ceil(std::max(0.0, y - 2)));
}

void LegendDrawing::addText(const QRectF &rect, const QString &text, Qt::Alignment align, bool bold,
                            bool muted)
{
    m_texts.push_back({rect, text, align | Qt::AlignVCenter, bold, muted});
}

void LegendDrawing::paint(QPainter &painter, const QPointF &topLeft) const
{
    painter.save();
    painter.translate(topLeft);
    for (const Swatch &s : m_swatches) {
        QPen pen(s.color.darker(s.dashed ? 170 : 150), 1);
        if (s.dashed)
            pen.setStyle(Qt::DashLine);
        painter.setPen(pen);
        painter.setBrush(s.color);
        painter.drawRoundedRect(s.rect.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2);
    }
    if (!m_ramp.isNull()) {
        // One column per step of the ramp, from the very function that colours the nodes.
        painter.save();
        painter.setPen(Qt::NoPen);
        painter.setRenderHint(QPainter::Antialiasing, false);
        const int columns = static_cast<int>(m_ramp.width());
        for (int x = 0; x < columns; ++x) {
            painter.setBrush(OverlayPalette::rampColor(double(x) / (columns - 1)));
            painter.drawRect(QRectF(m_ramp.left() + x, m_ramp.top(), 1.0, m_ramp.height()));
        }
        painter.restore();
        // The frame goes around the ramp, not over its first and last columns.
        painter.setPen(QPen(kMuted, 1));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(m_ramp.adjusted(-0.5, -0.5, 0.5, 0.5));
    }
    for (const Text &t : m_texts) {
        QFont f = m_font;
        f.setBold(t.bold);
        painter.setFont(f);
        painter.setPen(t.muted ? kMuted : kText);
        painter.drawText(t.rect, static_cast<int>(t.align), t.text);
    }
    painter.restore();
}

} // namespace silica
