#pragma once
// A graph compiled for execution: nodes in order with their kernels, every value numbered as a
// slot, constants evaluated once, and for each node the slots that die after it (so their
// buffers are recycled). Subgraphs of If / Loop / Scan are compiled into their own plans.

#include "core/runtime/kernel.h"

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace silica::runtime {

struct PlanOptions
{
    // Fold BatchNormalization into Conv / Gemm and fuse activations into them. Fused nodes
    // have no observable output, so tensor capture turns this off.
    bool fuse = true;
};

struct PlannedNode
{
    const Node *node = nullptr;      // what runs (may be a node the planner synthesised)
    std::vector<const Node *> nodes; // the model's nodes it stands for (fusion), first = main
    int opsetVersion = 0;
    std::unique_ptr<Kernel> kernel;
    std::vector<int> inputs;  // slot per input, -1 when omitted
    std::vector<int> outputs; // slot per output, -1 when omitted
    std::vector<int> outerInputs; // slots of outer-scope values its subgraphs read
    std::vector<int> release; // slots whose last reader this is
};

// An op the runtime cannot run, named before anything runs.
struct UnsupportedOp
{
    std::string domain;
    std::string opType;
    int opsetVersion = 0;
    std::vector<std::string> nodes; // display names of the nodes using it
    std::string reason;
};

class GraphPlan
{
public:
    // `outerScope`: names the graph may read from enclosing graphs.
    static Expected<std::shared_ptr<const GraphPlan>>
    compile(const Model &model, GraphPtr graph, const PlanOptions &options,
            const std::vector<std::string> &outerScope = {});
    // Ops in the graph (and its subgraphs) that no kernel implements.
    static std::vector<UnsupportedOp> findUnsupported(const Model &model);

    const Graph &graph() const { return *m_graph; }
    size_t slotCount() const { return m_slotNames.size(); }
    const std::string &slotName(int slot) const { return m_slotNames[size_t(slot)]; }
    int slotOf(const std::string &name) const;

    const std::vector<PlannedNode> &nodes() const { return m_nodes; }
    const std::vector<std::pair<int, Tensor>> &constants() const { return m_constants; }
    bool isConstantSlot(int slot) const { return m_constantSlot[size_t(slot)]; }
    const std::vector<int> &inputSlots() const { return m_inputSlots; }   // formal inputs
    const std::vector<int> &outputSlots() const { return m_outputSlots; } // graph outputs
    // Outer-scope slots: filled from the enclosing frame by name before running.
    const std::vector<int> &outerSlots() const { return m_outerSlots; }
    // Kernels carry state (cached primitives), so a plan runs one frame at a time.
    std::vector<PlannedNode> &mutableNodes() const { return m_nodes; }

private:
    GraphPlan() = default;
    int addSlot(const std::string &name);

    std::shared_ptr<const Graph> m_graph;
    std::vector<std::string> m_slotNames;
    std::unordered_map<std::string, int> m_slotByName;
    mutable std::vector<PlannedNode> m_nodes;
    std::deque<Node> m_synthesised; // fused nodes the planner built (stable addresses)
    std::vector<std::pair<int, Tensor>> m_constants;
    std::vector<bool> m_constantSlot; // by slot
    std::vector<int> m_inputSlots;
    std::vector<int> m_outputSlots;
    std::vector<int> m_outerSlots;
    friend class PlanBuilder;
};

} // namespace silica::runtime
