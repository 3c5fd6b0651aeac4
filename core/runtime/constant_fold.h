#pragma once
// Nodes the planner runs once, when a plan is compiled, because they only turn weights into
// weights: a DequantizeLinear of an int8 weight in a QDQ model would otherwise re-expand the
// whole weight on every inference.

#include "core/runtime/constant_table.h"

namespace silica::runtime {

// Whether `node` is an op worth evaluating at compile time when all its inputs are constant.
// Only ops whose output is at most a few times the size of their inputs qualify (no Expand,
// Tile or ConstantOfShape), so folding never multiplies memory.
bool foldableAtPlanTime(const Node &node);

// Runs `node` (of the given opset) on the values in `constants` and returns its outputs in
// order; an error when an input is not a constant or the kernel fails (the caller then leaves
// the node to run, and fail, with the model).
Expected<std::vector<Tensor>> evaluateOnConstants(const Node &node, int opsetVersion,
                                                  ConstantTable &constants);

} // namespace silica::runtime
