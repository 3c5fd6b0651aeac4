#pragma once
// Overlays: one metric per node that the canvas colours by, the legend explains and the
// bottleneck list sorts. Every source fills the same OverlayChannel: the built-in op category,
// a JSON file the user brings (overlay_file.h), and the device support, latency, quantization
// error and memory-fit analyses. The views never need to know where the numbers came from.
//
// Values are keyed by node name (overlayKey): names survive edits and are what vendor
// profiles and users' own scripts know about a node.

#include "core/graph/model.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace silica {

// The channel every document has; files cannot replace it.
inline constexpr std::string_view kOpCategoryOverlayId = "op-category";

enum class OverlayKind
{
    Categorical, // a category per node: device support, op category
    Continuous,  // a number per node: latency, quantization error, memory fit
};

// Which end of a continuous scale is bad: latency and error are worse when higher, a
// signal-to-noise ratio or a throughput figure when lower.
enum class WorseDirection
{
    Higher,
    Lower,
};

struct OverlayCategory
{
    std::string id;    // what values refer to ("cpu", "compute")
    std::string label; // what the legend shows ("CPU fallback")
    int severity = 0;  // higher sorts first in the bottleneck list; 0 for neutral categories
    std::string color; // "#rrggbb" for the views, or "" to take the next palette colour
};

struct OverlayValue
{
    double number = 0;  // continuous channels
    int category = -1;  // categorical channels: index into OverlayChannel::categories
    std::string reason; // why, for the tooltip ("CPU fallback: op not supported"); may be ""
};

struct OverlayRange
{
    double min = 0;
    double max = 0;
    bool empty = true;
};

struct OverlayChannel
{
    std::string id;          // stable across runs: "op-category", "edgetpu.latency"
    std::string displayName; // "Op category", "Latency (Edge TPU, estimate)"
    OverlayKind kind = OverlayKind::Categorical;
    std::string unit;                                     // continuous: "ms", "dB", "×"; may be ""
    WorseDirection worse = WorseDirection::Higher;        // continuous
    std::vector<OverlayCategory> categories;              // categorical, in legend order
    std::unordered_map<std::string, OverlayValue> values; // by overlayKey()
    std::string source;        // the file it came from; "" for built-in and computed channels
    uint64_t graphVersion = 0; // the version it was computed from; 0 = by name, any version

    const OverlayValue *value(const std::string &key) const;
    const OverlayValue *value(const Node &node) const;
    // Index of the category with this id, or -1.
    int categoryIndex(std::string_view categoryId) const;
    // Smallest and largest value of a continuous channel.
    OverlayRange range() const;
    // True when `a` is worse than `b` (continuous: by direction; categorical: by severity).
    bool isWorse(const OverlayValue &a, const OverlayValue &b) const;
    // "0.42 ms", "CPU fallback": a value as tables and tooltips show it.
    std::string formatValue(const OverlayValue &v) const;
};
using OverlayChannelPtr = std::shared_ptr<const OverlayChannel>;

// The key of a node's values: its name, or the name of its first output when it has none
// (ONNX node names are optional; output names are unique).
std::string overlayKey(const Node &node);

// "0.421", "1.25e+06": numbers in tables, tooltips and the legend, 4 significant digits.
std::string formatOverlayNumber(double v);

// The channels one document shows, in the order they were added; one per id.
class OverlaySet
{
public:
    // Adds `channel`, or replaces the one with the same id in place.
    void put(OverlayChannelPtr channel);
    bool remove(std::string_view id);
    void clear() { m_channels.clear(); }
    OverlayChannelPtr find(std::string_view id) const;
    const std::vector<OverlayChannelPtr> &channels() const { return m_channels; }

private:
    std::vector<OverlayChannelPtr> m_channels;
};

} // namespace silica
