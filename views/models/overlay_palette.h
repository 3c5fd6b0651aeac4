#pragma once
// The colours of an overlay, in one place so the canvas, the legend, the minimap and exported
// pictures agree exactly:
//   categorical  the category's own colour ("color" in the file), else a qualitative palette
//   continuous   a sequential ramp from pale yellow (best) to dark red (worst), interpolated
//                in OKLab so equal steps look equally different; logarithmic when all values
//                are positive and span two decades or more (latencies usually do)
//   no value     grey (nodes the overlay says nothing about)

#include "core/session/overlay.h"

#include <QColor>
#include <QString>

#include <vector>

namespace silica {

class OverlayPalette
{
public:
    struct Entry
    {
        QString label;
        QColor color;
        int count = 0; // nodes of the graph with this category
        int severity = 0;
    };

    OverlayPalette() = default;
    // `graph` (optional) is counted for the legend: nodes per category, nodes without value.
    OverlayPalette(OverlayChannelPtr channel, const Graph *graph);

    bool isNull() const { return !m_channel; }
    const OverlayChannelPtr &channel() const { return m_channel; }
    QString title() const;
    bool isContinuous() const;

    QColor colorFor(const OverlayValue *value) const;
    QColor colorFor(const Node &node) const;

    // Categorical: the legend rows, in the channel's order.
    const std::vector<Entry> &categories() const { return m_categories; }
    QColor categoryColor(int index) const;

    // Continuous: where a value sits on the ramp, 0 (best) to 1 (worst), and the ramp itself.
    double rampPosition(double value) const;
    static QColor rampColor(double position);
    bool isLogarithmic() const { return m_log; }
    OverlayRange range() const { return m_range; }
    // "0.42 ms" at the best / worst end of the ramp.
    QString bestText() const;
    QString worstText() const;

    int missingCount() const { return m_missing; }
    static QColor missingColor();

    // "0.42 ms", "CPU fallback"; "" for no value.
    QString formatValue(const OverlayValue *value) const;

private:
    OverlayChannelPtr m_channel;
    std::vector<Entry> m_categories;
    OverlayRange m_range;
    bool m_log = false;
    int m_missing = 0;
};

// Dark or white text, whichever reads better on `fill`.
QColor textColorOn(const QColor &fill);

} // namespace silica
