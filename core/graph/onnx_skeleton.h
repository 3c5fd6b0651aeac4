#pragma once
// Fast loading of large weights. Protobuf copies every `raw_data` string into its own fresh
// allocation; for hundreds of megabytes that second copy (and the page faults of its memory)
// dominates load time. Instead, a wire-level pass over the file's bytes (read once, in bulk,
// into memory the model owns) finds the main graph's initializer payloads and writes a
// "skeleton" copy of the model without them; protobuf parses only the skeleton, and the
// initializers become slices of the file's bytes.

#include "core/graph/byte_buffer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace silica {

struct ModelSkeleton
{
    std::string bytes; // the model with large main-graph raw_data payloads removed
    // Per main-graph initializer, in file order: its removed raw_data, a slice of the file.
    std::vector<std::optional<ByteSlice>> rawData;
};

// nullopt when the file uses encodings the fast path does not handle (repeated graph fields,
// groups, a tensor with two raw_data fields, malformed varints); the caller then parses the
// file as it is. Payloads smaller than `minBytes` stay in the skeleton.
std::optional<ModelSkeleton> buildModelSkeleton(const std::shared_ptr<const ByteBuffer> &file,
                                                uint64_t minBytes = 4096);

} // namespace silica
