#include "views/models/overlay_palette.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace silica {

namespace {

// Light qualitative colours for categories that bring none, so dark labels stay readable;
// none of them is grey, which means "no value".
const std::array<QColor, 10> kQualitative = {QColor(0x8e, 0xca, 0xe6), QColor(0xff, 0xd1, 0x66),
                                             QColor(0x95, 0xd5, 0xb2), QColor(0xf4, 0xa2, 0x61),
                                             QColor(0xcd, 0xb4, 0xdb), QColor(0xf2, 0x84, 0x82),
                                             QColor(0x84, 0xdc, 0xc6), QColor(0xbd, 0xe0, 0xfe),
                                             QColor(0xe9, 0xc4, 0x6a), QColor(0xff, 0xaf, 0xcc)};

// Sequential stops, best to worst: lightness falls steadily, hue goes yellow → red.
const std::array<QColor, 5> kRampStops = {QColor(0xff, 0xf2, 0xb3), QColor(0xfe, 0xc8, 0x65),
                                          QColor(0xf8, 0x89, 0x3f), QColor(0xde, 0x4a, 0x2e),
                                          QColor(0x9e, 0x1c, 0x3a)};

// Values spanning at least this ratio get a logarithmic ramp.
constexpr double kLogRatio = 100;

struct Lab
{
    double l, a, b;
};

double toLinear(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double fromLinear(double c)
{
    c = std::clamp(c, 0.0, 1.0);
    return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1 / 2.4) - 0.055;
}

// OKLab (Björn Ottosson, 2020): the published sRGB ↔ LMS ↔ Lab matrices.
Lab toOkLab(const QColor &c)
{
    const double r = toLinear(c.redF()), g = toLinear(c.greenF()), b = toLinear(c.blueF());
    const double l = std::cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
    const double m = std::cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
    const double s = std::cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
    return {0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
            1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
            0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s};
}

QColor fromOkLab(const Lab &lab)
{
    const double l = std::pow(lab.l + 0.3963377774 * lab.a + 0.2158037573 * lab.b, 3);
    const double m = std::pow(lab.l - 0.1055613458 * lab.a - 0.0638541728 * lab.b, 3);
    const double s = std::pow(lab.l - 0.0894841775 * lab.a - 1.2914855480 * lab.b, 3);
    return QColor::fromRgbF(
        float(fromLinear(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s)),
        float(fromLinear(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s)),
        float(fromLinear(-0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s)));
}

// 256 steps are finer than the eye can tell apart on a node box, and make the canvas and the
// legend read the very same table.
const std::array<QColor, 256> &rampTable()
{
    static const std::array<QColor, 256> table = [] {
        std::array<QColor, 256> t;
        const int segments = static_cast<int>(kRampStops.size()) - 1;
        for (size_t i = 0; i < t.size(); ++i) {
            const double x = double(i) / (t.size() - 1) * segments;
            const int k = std::min(static_cast<int>(x), segments - 1);
            const double f = x - k;
            const Lab a = toOkLab(kRampStops[size_t(k)]), b = toOkLab(kRampStops[size_t(k) + 1]);
            t[i] = fromOkLab({a.l + (b.l - a.l) * f, a.a + (b.a - a.a) * f, a.b + (b.b - a.b) * f})
                       .toRgb();
        }
        return t;
    }();
    return table;
}

} // namespace

OverlayPalette::OverlayPalette(OverlayChannelPtr channel, const Graph *graph)
    : m_channel(std::move(channel))
{
    if (!m_channel)
        return;
    const OverlayChannel &c = *m_channel;
    if (c.kind == OverlayKind::Continuous) {
        m_range = c.range();
        m_log = !m_range.empty && m_range.min > 0 && m_range.max / m_range.min >= kLogRatio;
    }
    for (size_t i = 0; i < c.categories.size(); ++i) {
        const OverlayCategory &category = c.categories[i];
        Entry e;
        e.label = QString::fromStdString(category.label.empty() ? category.id : category.label);
        e.color = category.color.empty()
                      ? QColor()
                      : QColor::fromString(QString::fromStdString(category.color));
        if (!e.color.isValid()) {
            const size_t n = kQualitative.size();
            e.color = kQualitative[i % n].darker(100 + 25 * static_cast<int>(i / n));
        }
        e.severity = category.severity;
        m_categories.push_back(std::move(e));
    }
    if (!graph)
        return;
    for (const NodePtr &node : graph->nodes) {
        const OverlayValue *v = c.value(*node);
        if (!v)
            ++m_missing;
        else if (v->category >= 0 && v->category < static_cast<int>(m_categories.size()))
            ++m_categories[size_t(v->category)].count;
    }
}

QString OverlayPalette::title() const
{
    return m_channel ? QString::fromStdString(m_channel->displayName) : QString();
}

bool OverlayPalette::isContinuous() const
{
    return m_channel && m_channel->kind == OverlayKind::Continuous;
}

QColor OverlayPalette::colorFor(const OverlayValue *value) const
{
    if (!value || !m_channel)
        return missingColor();
    if (isContinuous())
        return rampColor(rampPosition(value->number));
    return categoryColor(value->category);
}

QColor OverlayPalette::colorFor(const Node &node) const
{
    return colorFor(m_channel ? m_channel->value(node) : nullptr);
}

QColor OverlayPalette::categoryColor(int index) const
{
    if (index < 0 || index >= static_cast<int>(m_categories.size()))
        return missingColor();
    return m_categories[size_t(index)].color;
}

double OverlayPalette::rampPosition(double value) const
{
    if (m_range.empty || !(m_range.max > m_range.min))
        return m_range.empty ? 0.0 : 1.0; // one value: it is the worst there is
    double t = m_log ? (std::log(value) - std::log(m_range.min)) /
                           (std::log(m_range.max) - std::log(m_range.min))
                     : (value - m_range.min) / (m_range.max - m_range.min);
    t = std::clamp(t, 0.0, 1.0);
    return m_channel->worse == WorseDirection::Higher ? t : 1.0 - t;
}

QColor OverlayPalette::rampColor(double position)
{
    const auto &table = rampTable();
    const double p = std::isfinite(position) ? std::clamp(position, 0.0, 1.0) : 0.0;
    return table[static_cast<size_t>(std::lround(p * double(table.size() - 1)))];
}

QString OverlayPalette::bestText() const
{
    if (m_range.empty)
        return {};
    OverlayValue v;
    v.number = m_channel->worse == WorseDirection::Higher ? m_range.min : m_range.max;
    return formatValue(&v);
}

QString OverlayPalette::worstText() const
{
    if (m_range.empty)
        return {};
    OverlayValue v;
    v.number = m_channel->worse == WorseDirection::Higher ? m_range.max : m_range.min;
    return formatValue(&v);
}

QColor OverlayPalette::missingColor()
{
    return QColor(0xbf, 0xbf, 0xbf);
}

QString OverlayPalette::formatValue(const OverlayValue *value) const
{
    if (!value || !m_channel)
        return {};
    return QString::fromStdString(m_channel->formatValue(*value));
}

QColor textColorOn(const QColor &fill)
{
    // Relative luminance (sRGB, WCAG 2): dark text down to about mid-grey backgrounds.
    const double y = 0.2126 * toLinear(fill.redF()) + 0.7152 * toLinear(fill.greenF()) +
                     0.0722 * toLinear(fill.blueF());
    return y > 0.22 ? QColor(0x1c, 0x1c, 0x1c) : QColor(Qt::white);
}

} // namespace silica
