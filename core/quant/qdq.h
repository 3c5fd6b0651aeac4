#pragma once
// The standard QDQ form of a quantized model: QuantizeLinear / DequantizeLinear pairs around
// every activation a quantized op reads or writes (their parameters from calibration), weights
// stored as 8-bit integers with a DequantizeLinear (per output channel by default), biases as
// int32 with scale = input scale × weight scale. Ops outside the quantized set, and nodes the
// user keeps in float, read and write float as before. The result runs in Silica's runtime
// and in ONNX Runtime.

#include "core/quant/calibration.h"
#include "core/quant/collect.h"

#include <set>
#include <string>
#include <vector>

namespace silica::quant {

struct QdqOptions
{
    CalibrationOptions calibration; // method and its setting; `type` is the activation type
    QuantType weights = QuantType::Int8;
    bool perChannel = true;
    // Fold the average output shift of weight rounding into the bias (needs the calibration's
    // per-channel input means).
    bool biasCorrection = true;
    std::set<std::string> keepFloat; // node names left in float, or "/scope/" regions
    std::set<NodeId> keepFloatIds;   // the same, by node id
    std::set<NodeId> onlyIds;        // when not empty: quantize only these nodes
    // Nodes whose activations are 16-bit (uint16) while the rest follow `calibration.type`: node
    // names, or name-scope regions written as a prefix ending in '/' ("/layer4/"). Needs opset 21.
    std::set<std::string> wideNodes;
};

struct QdqResult
{
    Model model;
    size_t quantizedNodes = 0;
    std::vector<NodeId> quantizedIds; // in execution order
    size_t quantizedValues = 0;
    std::vector<std::string> warnings; // values left in float for want of a range, …
};

// True when `node` is named in `patterns` or lies in a region given there as "/scope/".
bool matchesNodeSet(const Node &node, const std::set<std::string> &patterns);

// The op types quantized (ai.onnx).
const std::set<std::string> &quantizableOps();

Expected<QdqResult> insertQdq(const Model &model, const CollectedHistograms &ranges, const QdqOptions &options);

} // namespace silica::quant
