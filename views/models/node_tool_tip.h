#pragma once
// The canvas tooltip of a node: op type and category, name, every input and output with its
// type and shape (weights marked), and the active overlay's value with its reason. Rich text,
// built when the tooltip is about to show.

#include "views/models/overlay_palette.h"

#include <QString>

namespace silica {

QString nodeToolTip(const Graph &graph, const Node &node, const OverlayPalette &overlay);

} // namespace silica
