#pragma once
// Model-like DAGs for layout tests and benchmarks: a main chain of ops with residual blocks
// (a body of 2–4 nodes and a skip edge into an Add, sometimes through a projection node)
// and inception-style branch blocks (2–3 parallel chains joined by a Concat), in the
// proportions of CNN and transformer exports; one residual Add in eight also reads a value
// from up to 30 blocks back (U-Net / FPN skips, attention masks). Deterministic for a (size, seed) pair, so the
// C++ bench and the JavaScript peers (via the JSON the bench writes) lay out the same graph.

#include "core/layout/layered_layout.h"

#include <cstdint>

namespace silica {

LayoutGraph modelLikeDag(int nodeCount, uint32_t seed = 1);

} // namespace silica
