#include "core/session/remove_passthrough.h"

#include "core/graph/graph_index.h"
#include "core/graph/graph_validation.h"
#include "core/session/graph_edit.h"

#include <cstring>
#include <unordered_map>
#include <unordered_set>

namespace silica {

namespace {

// Dropout is a pass-through at inference unless its mask is used or training_mode is set to
// anything but a constant false.
bool isInferenceDropout(const Node &n, const GraphIndex &idx, int64_t opset)
{
    if (n.outputs.size() > 1 && !n.outputs[1].empty() &&
        (!idx.consumers(n.outputs[1]).empty() || idx.isGraphOutput(n.outputs[1])))
        return false;
    if (n.inputs.size() > 2 && !n.inputs[2].empty()) {
        const Tensor *t = idx.initializer(n.inputs[2]);
        if (!t || t->dataType != DataType::Bool || t->bytes.size != 1 || t->bytes.data()[0] != 0)
            return false;
    }
    // Dropout-1 and -6 default to training (is_test = 0); from opset 7 there is no is_test.
    if (opset < 7 && n.intAttribute("is_test", 0) == 0)
        return false;
    return true;
}

} // namespace

std::string PassthroughCleanup::summary() const
{
    auto plural = [](int n, const char *one, const char *many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    if (removedNodes() == 0 && unusedInitializers == 0)
        return "Nothing to remove";
    std::string s = "Removed " + plural(identities, "Identity", "Identity") + ", " +
                    plural(dropouts, "Dropout", "Dropout") + " and " +
                    plural(deadNodes, "dead node", "dead nodes");
    if (unusedInitializers)
        s += " (" + plural(unusedInitializers, "unused initializer", "unused initializers") + ")";
    return s;
}

PassthroughCleanup removePassthroughAndDeadNodes(const ModelPtr &model)
{
    PassthroughCleanup result;
    result.model = model;
    if (!model || !model->graph)
        return result;
    const Graph &g = *model->graph;
    const GraphIndex &idx = g.index();
    auto order = topologicalOrder(g);
    if (!order)
        return result;

    std::unordered_map<std::string, std::string> reads;         // value → replacement
    std::unordered_map<std::string, std::string> outputRenames; // producer output → new name
    std::unordered_set<std::string> renamedSources;
    auto resolve = [&](std::string v) {
        for (int guard = 0; guard < 1 << 20; ++guard) {
            auto it = reads.find(v);
            if (it == reads.end())
                break;
            v = it->second;
        }
        return v;
    };
    std::unordered_set<NodeId> removed;
    for (const Node *n : order.value()) {
        if (!isDefaultDomain(n->domain) || n->inputs.empty() || n->outputs.empty() ||
            n->inputs[0].empty() || n->outputs[0].empty())
            continue;
        const bool identity = n->opType == "Identity";
        const bool dropout =
            n->opType == "Dropout" && isInferenceDropout(*n, idx, model->opsetVersion(""));
        if (!identity && !dropout)
            continue;
        const std::string src = resolve(n->inputs[0]);
        const std::string &out = n->outputs[0];
        if (idx.isGraphOutput(out)) {
            // The output name is the model's interface: give it to the producer instead.
            const Node *producer = idx.producer(src);
            if (!producer || idx.isGraphOutput(src) || renamedSources.count(src))
                continue;
            outputRenames[src] = out;
            reads[src] = out;
            renamedSources.insert(src);
        } else {
            reads[out] = src;
        }
        removed.insert(n->id);
        (identity ? result.identities : result.dropouts)++;
    }

    GraphEdit edit(model);
    edit.removeNodes(removed);
    if (!reads.empty()) {
        std::unordered_map<std::string, std::string> resolved;
        for (const auto &kv : reads)
            resolved.emplace(kv.first, resolve(kv.first));
        edit.renameValues(resolved, outputRenames);
    }

    // Dead nodes: walk back from the graph outputs; whatever is not reached does nothing.
    {
        const Graph &cur = edit.graph();
        const GraphIndex &ci = cur.index();
        std::unordered_set<NodeId> live;
        std::vector<const Node *> stack;
        for (const ValueInfo &o : cur.outputs)
            if (const Node *p = ci.producer(o.name))
                stack.push_back(p);
        while (!stack.empty()) {
            const Node *n = stack.back();
            stack.pop_back();
            if (!live.insert(n->id).second)
                continue;
            for (const std::string &in : ci.allInputs(n->id))
                if (const Node *p = ci.producer(in))
                    if (!live.count(p->id))
                        stack.push_back(p);
        }
        std::unordered_set<NodeId> dead;
        for (const NodePtr &n : cur.nodes)
            if (!live.count(n->id))
                dead.insert(n->id);
        result.deadNodes = static_cast<int>(dead.size());
        edit.removeNodes(dead);
    }
    result.unusedInitializers = edit.removeUnusedInitializers();
    if (result.removedNodes() == 0 && result.unusedInitializers == 0)
        return result;
    edit.pruneValueInfo();
    result.model = edit.commit();
    return result;
}

} // namespace silica
