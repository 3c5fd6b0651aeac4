#pragma once
// The canvas overlays of a quantization error analysis (core/quant/error_analysis.h): the SQNR
// of each node's output against the float model (all the error up to there), and the SQNR of
// the error the node injects by itself. Lower is worse. A BatchNormalization folded into its
// convolution before quantizing shows the convolution's figures, as does the convolution.

#include "core/quant/error_analysis.h"
#include "core/session/overlay.h"

namespace silica {

// Channel ids: "quant.total", "quant.injected".
inline constexpr std::string_view kQuantTotalOverlayId = "quant.total";
inline constexpr std::string_view kQuantInjectedOverlayId = "quant.injected";

// The two channels for `report` on the document's `model` (the model the user sees), tagged
// with `graphVersion`. `label` names the setting ("INT8 per-channel, entropy").
std::vector<OverlayChannelPtr> quantOverlays(const Model &model, const quant::ErrorReport &report,
                                             const std::string &label, uint64_t graphVersion);

} // namespace silica
