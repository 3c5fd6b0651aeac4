#pragma once
// Semantic comparison of two models: same nodes, attributes, initializer bytes, opsets,
// metadata and doc strings. Used by round-trip tests and to verify edits that must not change
// anything else. Node ids and inferred shapes are not part of the model and are ignored.

#include "core/graph/model.h"

#include <string>

namespace silica {

// "" when the models are the same; otherwise a description of the first difference found.
std::string modelDifference(const Model &a, const Model &b);

} // namespace silica
