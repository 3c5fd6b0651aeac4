#include "core/session/overlay.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace silica {

const OverlayValue *OverlayChannel::value(const std::string &key) const
{
    auto it = values.find(key);
    return it == values.end() ? nullptr : &it->second;
}

const OverlayValue *OverlayChannel::value(const Node &node) const
{
    return value(overlayKey(node));
}

int OverlayChannel::categoryIndex(std::string_view categoryId) const
{
    for (size_t i = 0; i < categories.size(); ++i)
        if (categories[i].id == categoryId)
            return static_cast<int>(i);
    return -1;
}

OverlayRange OverlayChannel::range() const
{
    OverlayRange r;
    if (kind != OverlayKind::Continuous)
        return r;
    for (const auto &entry : values) {
        const double v = entry.second.number;
        if (r.empty) {
            r.min = r.max = v;
            r.empty = false;
        } else {
            r.min = std::min(r.min, v);
            r.max = std::max(r.max, v);
        }
    }
    return r;
}

bool OverlayChannel::isWorse(const OverlayValue &a, const OverlayValue &b) const
{
    if (kind == OverlayKind::Continuous)
        return worse == WorseDirection::Higher ? a.number > b.number : a.number < b.number;
    auto severity = [this](const OverlayValue &v) {
        return v.category >= 0 && v.category < static_cast<int>(categories.size())
                   ? categories[static_cast<size_t>(v.category)].severity
                   : 0;
    };
    return severity(a) > severity(b);
}

std::string OverlayChannel::formatValue(const OverlayValue &v) const
{
    if (kind == OverlayKind::Categorical) {
        if (v.category < 0 || v.category >= static_cast<int>(categories.size()))
            return {};
        const OverlayCategory &c = categories[static_cast<size_t>(v.category)];
        return c.label.empty() ? c.id : c.label;
    }
    std::string text = formatOverlayNumber(v.number);
    if (!unit.empty())
        text += ' ' + unit;
    return text;
}

std::string overlayKey(const Node &node)
{
    if (!node.name.empty())
        return node.name;
    for (const std::string &out : node.outputs)
        if (!out.empty())
            return out;
    return {};
}

std::string formatOverlayNumber(double v)
{
    if (!std::isfinite(v))
        return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4g", v);
    return buffer;
}

void OverlaySet::put(OverlayChannelPtr channel)
{
    if (!channel)
        return;
    for (OverlayChannelPtr &existing : m_channels)
        if (existing->id == channel->id) {
            existing = std::move(channel);
            return;
        }
    m_channels.push_back(std::move(channel));
}

bool OverlaySet::remove(std::string_view id)
{
    auto it = std::find_if(m_channels.begin(), m_channels.end(),
                           [&](const OverlayChannelPtr &c) { return c->id == id; });
    if (it == m_channels.end())
        return false;
    m_channels.erase(it);
    return true;
}

OverlayChannelPtr OverlaySet::find(std::string_view id) const
{
    for (const OverlayChannelPtr &c : m_channels)
        if (c->id == id)
            return c;
    return nullptr;
}

} // namespace silica
