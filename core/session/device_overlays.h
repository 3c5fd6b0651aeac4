#pragma once
// The canvas overlays of a device analysis (core/device): where each node runs (accelerator,
// CPU fallback with the root cause of a cascade marked apart, stranded, folded) with its
// reason; its estimated (or measured) latency and what bounds it; and how its weights and
// activations fit the device's on-chip memory.

#include "core/device/backend.h"
#include "core/session/overlay.h"

namespace silica {

// Channel ids: "device.support", "device.latency", "device.memory".
inline constexpr std::string_view kDeviceSupportOverlayId = "device.support";
inline constexpr std::string_view kDeviceLatencyOverlayId = "device.latency";
inline constexpr std::string_view kDeviceMemoryOverlayId = "device.memory";

// The three channels for `report` on `model`, tagged with `graphVersion`.
std::vector<OverlayChannelPtr> deviceOverlays(const Model &model, const device::DeviceReport &report,
                                              uint64_t graphVersion);

} // namespace silica
