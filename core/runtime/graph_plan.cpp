#include "core/runtime/graph_plan.h"

#include "core/graph/graph_index.h"
#include "core/graph/graph_validation.h"
#include "core/runtime/constant_fold.h"
#include "core/runtime/constant_node.h"
#include "core/runtime/constant_table.h"
#include "core/runtime/plan_fusion.h"

#include <map>

namespace silica::runtime {

int GraphPlan::slotOf(const std::string &name) const
{
    auto it = m_slotByName.find(name);
    return it == m_slotByName.end() ? -1 : it->second;
}

int GraphPlan::addSlot(const std::string &name)
{
    auto it = m_slotByName.find(name);
    if (it != m_slotByName.end())
        return it->second;
    const int slot = int(m_slotNames.size());
    m_slotNames.push_back(name);
    m_slotByName.emplace(name, slot);
    return slot;
}

namespace {

void collectUnsupported(const Model &model, const Graph &graph,
                        std::map<std::string, UnsupportedOp> &found)
{
    const KernelRegistry &registry = KernelRegistry::builtin();
    for (const NodePtr &node : graph.nodes) {
        for (const GraphPtr &sub : node->subgraphs())
            collectUnsupported(model, *sub, found);
        if (isDefaultDomain(node->domain) && node->opType == "Constant")
            continue; // evaluated by the planner
        const int opset = int(model.opsetVersion(node->domain));
        if (registry.find(node->domain, node->opType, opset))
            continue;
        const std::string key = node->domain + "/" + node->opType;
        UnsupportedOp &op = found[key];
        if (op.opType.empty()) {
            op.domain = node->domain;
            op.opType = node->opType;
            op.opsetVersion = opset;
            const std::string domainName = node->domain.empty() ? "ai.onnx" : node->domain;
            op.reason = registry.knowsOp(node->domain, node->opType)
                            ? "Silica's runtime implements " + node->opType +
                                  " but not at opset " + std::to_string(opset) + " of " +
                                  domainName
                            : "Silica's runtime has no kernel for " + domainName + "." +
                                  node->opType;
        }
        op.nodes.push_back(node->displayName());
    }
}

} // namespace

std::vector<UnsupportedOp> GraphPlan::findUnsupported(const Model &model)
{
    std::map<std::string, UnsupportedOp> found;
    if (model.graph)
        collectUnsupported(model, *model.graph, found);
    std::vector<UnsupportedOp> out;
    for (auto &entry : found)
        out.push_back(std::move(entry.second));
    return out;
}

class PlanBuilder
{
public:
    PlanBuilder(const Model &model, GraphPtr graph, const PlanOptions &options)
        : m_model(model), m_options(options)
    {
        m_plan.reset(new GraphPlan());
        m_plan->m_graph = std::move(graph);
    }

    Expected<std::shared_ptr<const GraphPlan>> build(const std::vector<std::string> &outerScope)
    {
        GraphPlan &plan = *m_plan;
        const Graph &graph = *plan.m_graph;
        auto order = topologicalOrder(graph);
        if (!order)
            return order.status();

        ConstantTable constants;
        for (const TensorPtr &init : graph.initializers)
            constants.addWeight(init->name, init);
        for (const ValueInfo &in : graph.inputs) {
            plan.m_inputSlots.push_back(plan.addSlot(in.name));
            // An input with an initializer of the same name is an optional feed (IR < 4):
            // the initializer is its default.
        }
        for (const std::string &name : outerScope) {
            if (constants.contains(name) || plan.m_slotByName.count(name))
                continue;
            plan.m_outerSlots.push_back(plan.addSlot(name));
        }

        std::vector<const Node *> runnable;
        for (const Node *node : *order) {
            if (isDefaultDomain(node->domain) && node->opType == "Constant" &&
                node->outputs.size() == 1) {
                auto value = evaluateConstantNode(*node);
                if (!value)
                    return value.status();
                constants.addValue(node->outputs[0], *value);
                continue;
            }
            // Identity of a weight (exporters use it to share tensors, e.g. torch's
            // deduplicated BatchNorm statistics) is the weight itself: that keeps folding
            // and pre-packing possible behind it.
            if (isDefaultDomain(node->domain) && node->opType == "Identity" &&
                node->inputs.size() == 1 && node->outputs.size() == 1 &&
                constants.contains(node->inputs[0]) && !graph.index().isGraphOutput(node->outputs[0])) {
                constants.addAlias(node->outputs[0], node->inputs[0]);
                continue;
            }
            if (foldableAtPlanTime(*node) && foldsToConstants(graph, *node, constants)) {
                auto values = evaluateOnConstants(*node, int(m_model.opsetVersion(node->domain)),
                                                  constants);
                if (values) { // otherwise the node runs, and reports its error, with the model
                    for (size_t i = 0; i < node->outputs.size(); ++i)
                        if (!node->outputs[i].empty())
                            constants.addValue(node->outputs[i], std::move((*values)[i]));
                    continue;
                }
            }
            runnable.push_back(node);
        }
        const std::vector<std::string> constantNames = constants.names();
        for (const std::string &name : constantNames)
            plan.addSlot(name);

        auto constantOf = [&constants](const std::string &name) { return constants.value(name); };
        std::vector<FusedGroup> groups =
            m_options.fuse ? planFusion(graph, runnable, constants, m_model, plan.m_synthesised)
                           : singleNodeGroups(runnable);

        const GraphIndex &index = graph.index();
        std::vector<std::string> problems;
        for (FusedGroup &group : groups) {
            PlannedNode planned;
            planned.node = group.node;
            planned.nodes = group.nodes;
            const Node &node = *group.node;
            planned.opsetVersion = int(m_model.opsetVersion(node.domain));
            for (const std::string &in : node.inputs) {
                if (in.empty()) {
                    planned.inputs.push_back(-1);
                    continue;
                }
                const int slot = plan.slotOf(in);
                if (slot < 0) {
                    problems.push_back(node.opType + " '" + node.displayName() + "' reads '" +
                                       in + "', which nothing defines");
                    planned.inputs.push_back(-1);
                    continue;
                }
                planned.inputs.push_back(slot);
            }
            for (const std::string &out : node.outputs)
                planned.outputs.push_back(out.empty() ? -1 : plan.addSlot(out));
            if (!node.subgraphs().empty())
                for (const std::string &outer : index.allInputs(node.id)) {
                    const int slot = plan.slotOf(outer);
                    if (slot >= 0 && std::find(node.inputs.begin(), node.inputs.end(), outer) ==
                                         node.inputs.end())
                        planned.outerInputs.push_back(slot);
                }

            KernelInfo info{node, planned.opsetVersion, constantOf, {}, {}, {}};
            info.isConstant = [&constants](const std::string &name) { return constants.contains(name); };
            info.compileSubgraph = [this](const GraphPtr &sub) {
                std::vector<std::string> refs = outerScopeReferences(*sub);
                return GraphPlan::compile(m_model, sub, m_options, refs);
            };
            info.declaredType = [&index](const std::string &value) { return index.typeOf(value); };
            const KernelFactory *factory =
                KernelRegistry::builtin().find(node.domain, node.opType, planned.opsetVersion);
            if (!factory) {
                problems.push_back(node.opType + " '" + node.displayName() +
                                   "': no kernel for this op at opset " +
                                   std::to_string(planned.opsetVersion));
                continue;
            }
            auto kernel = (*factory)(info);
            if (!kernel) {
                problems.push_back(kernel.error().message());
                continue;
            }
            planned.kernel = std::move(*kernel);
            plan.m_nodes.push_back(std::move(planned));
        }
        if (!problems.empty()) {
            std::string message = "the runtime cannot run this model:";
            for (size_t i = 0; i < problems.size() && i < 20; ++i)
                message += "\n  " + problems[i];
            if (problems.size() > 20)
                message += "\n  … and " + std::to_string(problems.size() - 20) + " more";
            return Status(ErrorCode::Unsupported, message);
        }

        // Constants enter the plan as values, except weights every reader only packs: those
        // stay views of the model's bytes (no copy, see Kernel::packsInput).
        std::unordered_map<int, bool> packedOnly;
        for (const PlannedNode &n : plan.m_nodes)
            for (size_t i = 0; i < n.inputs.size(); ++i)
                if (n.inputs[i] >= 0) {
                    auto [it, fresh] = packedOnly.emplace(n.inputs[i], true);
                    it->second = it->second && n.kernel->packsInput(i);
                }
        for (const PlannedNode &n : plan.m_nodes)
            for (int s : n.outerInputs)
                packedOnly[s] = false;
        for (const ValueInfo &out : graph.outputs) // a result the caller reads
            if (const int s = plan.slotOf(out.name); s >= 0)
                packedOnly[s] = false;
        for (const std::string &name : constantNames) {
            const int slot = plan.slotOf(name);
            auto it = packedOnly.find(slot);
            if (it == packedOnly.end())
                continue; // nothing reads it (a weight only a folded node read)
            auto value = it->second ? constants.packedView(name) : constants.planValue(name);
            if (!value)
                return value.status();
            plan.m_constants.emplace_back(slot, *value);
        }

        for (const ValueInfo &out : graph.outputs) {
            const int slot = plan.slotOf(out.name);
            if (slot < 0)
                return Status(ErrorCode::InvalidModel,
                              "graph output '" + out.name + "' is never computed");
            plan.m_outputSlots.push_back(slot);
        }

        plan.m_constantSlot.assign(plan.m_slotNames.size(), false);
        for (const auto &[slot, tensor] : plan.m_constants)
            plan.m_constantSlot[size_t(slot)] = true;

        // Liveness: a slot dies after its last reader, unless it is a graph output.
        std::vector<int> lastUse(plan.m_slotNames.size(), -1);
        for (size_t i = 0; i < plan.m_nodes.size(); ++i) {
            for (int s : plan.m_nodes[i].inputs)
                if (s >= 0)
                    lastUse[size_t(s)] = int(i);
            for (int s : plan.m_nodes[i].outerInputs)
                lastUse[size_t(s)] = int(i);
            for (int s : plan.m_nodes[i].outputs) // unread outputs die at once
                if (s >= 0 && lastUse[size_t(s)] < int(i))
                    lastUse[size_t(s)] = int(i);
        }
        for (int s : plan.m_outputSlots)
            lastUse[size_t(s)] = -1;
        for (size_t s = 0; s < lastUse.size(); ++s)
            if (lastUse[s] >= 0)
                plan.m_nodes[size_t(lastUse[s])].release.push_back(int(s));
        return std::shared_ptr<const GraphPlan>(std::move(m_plan));
    }

private:
    // Whether every input of `node` is a constant and none of its outputs is a graph output
    // (a result the caller asked for keeps its node, so it is observed running).
    static bool foldsToConstants(const Graph &graph, const Node &node,
                                 const ConstantTable &constants)
    {
        for (const std::string &in : node.inputs)
            if (!in.empty() && !constants.contains(in))
                return false;
        for (const std::string &out : node.outputs)
            if (!out.empty() && graph.index().isGraphOutput(out))
                return false;
        return !node.inputs.empty();
    }

    const Model &m_model;
    PlanOptions m_options;
    std::shared_ptr<GraphPlan> m_plan;
};

Expected<std::shared_ptr<const GraphPlan>> GraphPlan::compile(const Model &model, GraphPtr graph,
                                                              const PlanOptions &options,
                                                              const std::vector<std::string> &outerScope)
{
    PlanBuilder builder(model, std::move(graph), options);
    return builder.build(outerScope);
}

} // namespace silica::runtime
