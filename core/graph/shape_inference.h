#pragma once
// ONNX's own checker and shape inference (libonnx), run on a weight-free copy of the model so
// that even models with gigabytes of weights are checked in milliseconds.

#include "core/common/progress.h"
#include "core/graph/model.h"

#include <string>
#include <vector>

namespace silica {

struct OnnxCheckOptions
{
    bool runChecker = true;
    bool inferShapes = true;
    // Run libonnx in a child process so that its crashes and hangs on malformed graphs become
    // warnings instead of taking Silica down.
    bool isolate = true;
    int timeoutMs = 60000;
};

// Returns a copy of `model` whose graphs carry the inferred types (Graph::inferred). Problems
// never fail the load: they are appended to `warnings`, each saying which check was skipped or
// failed and why.
Model checkAndInferShapes(const Model &model, const OnnxCheckOptions &options,
                          std::vector<std::string> &warnings,
                          const CancelToken &cancel = CancelToken());

// Whether ONNX 1.12's checker understands this model (IR ≤ 8, ai.onnx ≤ 17, ai.onnx.ml ≤ 3);
// otherwise `reason` says why not.
bool checkerApplies(const Model &model, std::string *reason);

} // namespace silica
