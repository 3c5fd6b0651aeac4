#pragma once
// Overlay files: per-node numbers or categories the user brings (a vendor profiler's export,
// their own measurements) as JSON keyed by node name. The format is documented in README
// "Overlay files"; in short:
//
//   { "channels": [ { "id": "npu.latency", "name": "NPU latency", "kind": "continuous",
//                     "unit": "ms", "worse": "higher",
//                     "values": { "/conv1/Conv": 0.42, "/fc/Gemm": { "value": 0.1,
//                                                                  "reason": "…" } } } ] }
//
// A file with one channel may also be that channel's object alone. Every error names the
// file, the key (as a path: channels[0].values["/conv1/Conv"]) and what is wrong; values for
// nodes the model does not have are dropped and counted as a warning.

#include "core/common/status.h"
#include "core/session/overlay.h"

#include <string>
#include <string_view>
#include <vector>

namespace silica {

struct LoadedOverlay
{
    std::vector<OverlayChannelPtr> channels;
    std::vector<std::string> warnings;
    size_t unknownNodeValues = 0; // values dropped because no node has that name
};

// Reads `path`. With a graph, values must name its main-graph nodes (overlayKey); others are
// dropped with a warning. Without one, every value is kept.
Expected<LoadedOverlay> loadOverlayFile(const std::string &path, const Graph *graph);
// The same from bytes already in memory; `fileName` is what messages call the file.
Expected<LoadedOverlay> parseOverlay(std::string_view json, const std::string &fileName,
                                     const Graph *graph);

} // namespace silica
