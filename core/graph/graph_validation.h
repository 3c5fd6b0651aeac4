#pragma once
// Structural checks Silica needs before it can analyse a graph: execution order, cycles,
// references to values nothing defines, domains it does not know, versions newer than it
// understands. Each failure names the model file, the graph, the node and the value.

#include "core/common/status.h"
#include "core/graph/model.h"

#include <string>
#include <vector>

namespace silica {

// Newest ONNX format this build understands (ONNX 1.18: IR 11, ai.onnx opset 23).
constexpr int64_t kNewestIrVersion = 11;
constexpr int64_t kNewestDefaultOpset = 23;
constexpr int64_t kNewestMlOpset = 5;

// Nodes in an order where every node comes after the producers of everything it reads
// (including values its subgraphs read from outer scope). Stable: keeps file order where the
// graph allows. Fails with the nodes of one cycle when there is one.
Expected<std::vector<const Node *>> topologicalOrder(const Graph &graph);

// Operator domains Silica knows, besides the model's own function domains.
bool isKnownDomain(const std::string &domain);

// Whole-model checks: versions, domains, dangling references, duplicate definitions and
// cycles, recursively through subgraphs. `file` names the model in messages.
Status validateModel(const Model &model, const std::string &file);

} // namespace silica
