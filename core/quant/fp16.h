#pragma once
// Float16 conversion of a model: weights stored as float16 and the compute in float16, with the
// model's interface unchanged (float graph inputs and outputs stay float32, a Cast right after
// each input and right before each output; outputs keep their names). A node stays float32
// when the user asks, when a weight or an observed value would overflow float16 (|x| > 65504),
// when its op is not one the runtime runs in float16, or when it holds subgraphs; a Cast sits
// at every boundary between float16 and float32 nodes. Non-float tensors are left alone. The
// result runs in Silica's runtime and in ONNX Runtime.

#include "core/quant/collect.h"

#include <set>
#include <string>
#include <vector>

namespace silica::quant {

struct Fp16Options
{
    std::set<std::string> keepFloat; // node names left in float32
    // Observed ranges (from collectHistograms): a node reading or writing a value beyond
    // float16's range stays float32. Without them only weights are checked.
    const CollectedHistograms *ranges = nullptr;
};

struct Fp16Result
{
    Model model;
    size_t convertedNodes = 0;         // compute nodes now in float16 (Constant nodes not counted)
    size_t keptNodes = 0;              // nodes reading or writing float32 values that stay float32
    std::vector<std::string> kept;     // "node name: reason", in execution order
    std::vector<std::string> warnings; // subgraphs left in float32, unknown keepFloat names, …
};

// The op types (ai.onnx) converted to float16: those the runtime runs in float16.
const std::set<std::string> &float16Ops();

Expected<Fp16Result> convertToFp16(const Model &model, const Fp16Options &options = {});

} // namespace silica::quant
