#pragma once
// Fusions the planner applies while compiling a graph (the model itself is never changed):
// BatchNormalization folded into the Conv / ConvTranspose / Gemm before it, and an activation
// after a Conv / Gemm run as the kernel's post-op. A fused group runs as one kernel; profiles
// attribute its time to all of its nodes.

#include "core/runtime/constant_table.h"

#include <deque>
#include <functional>
#include <vector>

namespace silica::runtime {

struct FusedGroup
{
    const Node *node = nullptr;      // the node to run (synthesised for a fusion)
    std::vector<const Node *> nodes; // the model's nodes it replaces, main node first
};

std::vector<FusedGroup> singleNodeGroups(const std::vector<const Node *> &order);

// `order`: runnable nodes in topological order. Synthesised nodes go into `storage`.
std::vector<FusedGroup> planFusion(const Graph &graph, const std::vector<const Node *> &order,
                                   ConstantTable &constants, const Model &model,
                                   std::deque<Node> &storage);

// Inputs of a fused Conv: X, W, B as in ONNX, then the residual operand of a fused Add and the
// scale, bias, mean and variance of a folded BatchNormalization ("" where absent).
constexpr size_t kConvResidual = 3;
constexpr size_t kConvBnScale = 4; // scale, bias, mean, var at 4..7
constexpr size_t kConvFusedInputs = 8;
constexpr const char *kFusedBnEpsilon = "silica.bn_epsilon"; // float, set when BN is folded

// Attribute a fused Conv / Gemm carries to name its activation post-op.
constexpr const char *kFusedActivation = "silica.fused_activation"; // string: op type
constexpr const char *kFusedAlpha = "silica.fused_alpha";           // float
constexpr const char *kFusedBeta = "silica.fused_beta";             // float

} // namespace silica::runtime
