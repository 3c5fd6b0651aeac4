#pragma once
// Saving the IR back to ONNX.

#include "core/common/status.h"
#include "core/graph/model.h"

#include <string>

namespace silica {

struct SaveOptions
{
    // Move every tensor of at least `externalThreshold` bytes into one external data file next
    // to the model (named `externalFileName`, default "<model file name>.data").
    bool externalData = false;
    std::string externalFileName;
    uint64_t externalThreshold = 1024;
};

// Options that keep a model's storage: external data when it was loaded with external data
// or when its weights do not fit protobuf's 2 GiB limit.
SaveOptions defaultSaveOptions(const Model &model);

// Writes atomically: on any failure neither the model nor its data file is left half-written.
Status saveModel(const Model &model, const std::string &path, const SaveOptions &options = {});

// The model as ONNX protobuf bytes with all weights inline (for tests and small models).
Expected<std::string> serializeModel(const Model &model);

} // namespace silica
