#pragma once
// The built-in overlay every document starts with: each node's op category (op_category.h),
// in the canvas's usual category colours.

#include "core/session/overlay.h"

namespace silica {

OverlayChannelPtr opCategoryOverlay(const Graph &graph);

} // namespace silica
