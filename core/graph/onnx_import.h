#pragma once
// Loading ONNX models into the IR.

#include "core/common/progress.h"
#include "core/common/status.h"
#include "core/graph/model.h"

#include <string>
#include <vector>

namespace silica {

struct LoadOptions
{
    bool runChecker = true;  // ONNX's checker, where it applies (IR ≤ 8, opset ≤ 17)
    bool inferShapes = true; // ONNX shape inference; results land in Graph::inferred
    bool isolateOnnx = true; // run libonnx in a child process (see shape_inference.h)
    // Main-graph weights of at least this many bytes are not copied: they stay slices of the
    // memory-mapped file (see onnx_skeleton.h). 0 parses the file with protobuf as it is.
    uint64_t zeroCopyMinBytes = 4096;
    // Map the file instead of reading it. Weights then stay file-backed: the runtime can let
    // the system drop them from memory once packed (silica-cli run does). The model then
    // follows the file on disk, so only use it when nothing rewrites the file meanwhile.
    bool mapFile = false;
};

struct LoadedModel
{
    ModelPtr model;
    std::vector<std::string> warnings; // things the user should know; the model is usable
};

// Reads `path` (memory-mapped), resolves external data relative to its folder, validates the
// graph and runs the checker and shape inference. Every failure names the file and, where
// there is one, the graph, node or tensor at fault.
Expected<LoadedModel> loadModel(const std::string &path, const LoadOptions &options = {},
                                const CancelToken &cancel = CancelToken(),
                                ProgressSink &progress = ProgressSink::none());

// The same from bytes in memory; `displayName` names the model in messages and `baseDir` is
// where external data files are looked up ("" for none).
Expected<LoadedModel> loadModelFromMemory(const uint8_t *data, uint64_t size,
                                          const std::string &displayName,
                                          const std::string &baseDir,
                                          const LoadOptions &options = {},
                                          const CancelToken &cancel = CancelToken(),
                                          ProgressSink &progress = ProgressSink::none());

} // namespace silica
