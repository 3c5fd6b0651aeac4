#pragma once
// Fusions the planner applies while compiling a graph (the model itself is never changed):
// BatchNormalization folded into the Conv / ConvTranspose / Gemm before it, and an activation
// after a Conv / Gemm run as the kernel's post-op. A fused group runs as one kernel; profiles
// attribute its time to all of its nodes.

#include "core/runtime/tensor.h"

#include <deque>
#include <functional>
#include <vector>

namespace silica::runtime {

struct FusedGroup
{
    const Node *node = nullptr;      // the node to run (synthesised for a fusion)
    std::vector<const Node *> nodes; // the model's nodes it replaces, main node first
    std::vector<std::pair<std::string, Tensor>> newConstants; // folded weights
};

std::vector<FusedGroup> singleNodeGroups(const std::vector<const Node *> &order);

// `order`: runnable nodes in topological order. Synthesised nodes go into `storage`.
std::vector<FusedGroup>
planFusion(const Graph &graph, const std::vector<const Node *> &order,
           const std::function<const Tensor *(const std::string &)> &constantOf,
           const Model &model, std::deque<Node> &storage);

// Attribute a fused Conv / Gemm carries to name its activation post-op.
constexpr const char *kFusedActivation = "silica.fused_activation"; // string: op type
constexpr const char *kFusedAlpha = "silica.fused_alpha";           // float
constexpr const char *kFusedBeta = "silica.fused_beta";             // float

} // namespace silica::runtime
