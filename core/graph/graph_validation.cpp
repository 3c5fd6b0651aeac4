#include "core/graph/graph_validation.h"

#include "core/graph/graph_index.h"

#include <algorithm>
#include <queue>
#include <unordered_map>
#include <unordered_set>

namespace silica {

namespace {

std::string quoted(const std::string &s)
{
    return "'" + s + "'";
}

std::string nodeLabel(const Node &n)
{
    return quoted(n.displayName()) + " (" + n.opType + ")";
}

// Reports one cycle among `remaining` nodes (those Kahn's algorithm could not order).
std::string describeCycle(const Graph &graph, const std::vector<bool> &done)
{
    const GraphIndex &idx = graph.index();
    // Walk backwards along unfinished producers until a node repeats.
    size_t start = 0;
    while (start < done.size() && done[start])
        ++start;
    std::vector<int> path;
    std::unordered_map<int, size_t> seenAt;
    int cur = static_cast<int>(start);
    while (cur >= 0 && !seenAt.count(cur)) {
        seenAt[cur] = path.size();
        path.push_back(cur);
        int next = -1;
        const Node &n = *graph.nodes[static_cast<size_t>(cur)];
        for (const std::string &in : idx.allInputs(n.id)) {
            const Node *p = idx.producer(in);
            if (p) {
                const int pos = idx.position(p->id);
                if (!done[static_cast<size_t>(pos)]) {
                    next = pos;
                    break;
                }
            }
        }
        cur = next;
    }
    if (cur < 0)
        return "a cycle";
    std::vector<int> cycle(path.begin() + static_cast<long>(seenAt[cur]), path.end());
    std::reverse(cycle.begin(), cycle.end());
    std::string text;
    for (int c : cycle)
        text += nodeLabel(*graph.nodes[static_cast<size_t>(c)]) + " → ";
    return text + nodeLabel(*graph.nodes[static_cast<size_t>(cycle.front())]);
}

struct Validator
{
    const Model &model;
    std::string file;
    std::unordered_set<std::string> functionDomains;
    std::unordered_set<std::string> importedDomains;

    Status graph(const Graph &g, std::vector<std::unordered_set<std::string>> &scopes,
                 const std::string &where)
    {
        std::unordered_set<std::string> local;
        auto visible = [&](const std::string &name) {
            if (local.count(name))
                return true;
            for (const auto &s : scopes)
                if (s.count(name))
                    return true;
            return false;
        };
        for (const ValueInfo &v : g.inputs)
            if (!local.insert(v.name).second)
                return Status(ErrorCode::InvalidModel,
                              where + ": graph input " + quoted(v.name) + " is declared twice");
        for (const TensorPtr &t : g.initializers)
            local.insert(t->name);
        for (const std::string &s : g.sparseInitializerNames)
            local.insert(s);
        std::unordered_map<std::string, const Node *> producedBy;
        for (const NodePtr &n : g.nodes) {
            for (const std::string &o : n->outputs) {
                if (o.empty())
                    continue;
                if (local.count(o) && !producedBy.count(o))
                    return Status(ErrorCode::InvalidModel,
                                  where + ", node " + nodeLabel(*n) + " writes " + quoted(o) +
                                      ", which is already a graph input or initializer; ONNX "
                                      "requires each value to be defined once");
                auto [it, fresh] = producedBy.emplace(o, n.get());
                if (!fresh)
                    return Status(ErrorCode::InvalidModel,
                                  where + ": value " + quoted(o) + " is produced twice, by " +
                                      nodeLabel(*it->second) + " and " + nodeLabel(*n) +
                                      "; ONNX requires each value to have one producer");
                local.insert(o);
            }
        }
        for (const NodePtr &n : g.nodes) {
            const std::string nodeWhere = where + ", node " + nodeLabel(*n);
            if (!isDefaultDomain(n->domain) && !isKnownDomain(n->domain) &&
                !functionDomains.count(n->domain))
                return Status(ErrorCode::Unsupported,
                              nodeWhere + " is in operator domain " + quoted(n->domain) +
                                  ", which Silica does not know (known: ai.onnx, ai.onnx.ml, "
                                  "ai.onnx.preview.training, com.microsoft, and the model's own "
                                  "functions); replace the custom op before opening the model");
            const std::string domainKey = isDefaultDomain(n->domain) ? "" : n->domain;
            if (!importedDomains.count(domainKey) && !functionDomains.count(n->domain))
                return Status(ErrorCode::InvalidModel,
                              nodeWhere + " uses domain " +
                                  quoted(domainKey.empty() ? "ai.onnx" : domainKey) +
                                  " but the model imports no opset for it");
            for (const std::string &in : n->inputs) {
                if (!in.empty() && !visible(in))
                    return Status(ErrorCode::InvalidModel,
                                  nodeWhere + " reads " + quoted(in) +
                                      ", which no node, graph input or initializer defines");
            }
            const auto subgraphs = n->subgraphs();
            if (!subgraphs.empty()) {
                scopes.push_back(local);
                for (const GraphPtr &sub : subgraphs) {
                    Status s = graph(*sub, scopes,
                                     nodeWhere + ", subgraph " +
                                         quoted(sub->name.empty() ? "(unnamed)" : sub->name));
                    if (!s) {
                        scopes.pop_back();
                        return s;
                    }
                }
                scopes.pop_back();
            }
        }
        for (const ValueInfo &o : g.outputs)
            if (!visible(o.name))
                return Status(ErrorCode::InvalidModel,
                              where + ": graph output " + quoted(o.name) +
                                  " is not produced by any node, input or initializer");
        auto order = topologicalOrder(g);
        if (!order)
            return Status(ErrorCode::InvalidModel, where + ": " + order.error().message());
        return Status::ok();
    }
};

} // namespace

bool isKnownDomain(const std::string &domain)
{
    static const std::unordered_set<std::string> known = {
        "",
        "ai.onnx",
        "ai.onnx.ml",
        "ai.onnx.preview.training",
        "com.microsoft",
        "com.microsoft.nchwc",
        "com.microsoft.experimental",
        "com.ms.internal.nhwc",
    };
    return known.count(domain) != 0;
}

Expected<std::vector<const Node *>> topologicalOrder(const Graph &graph)
{
    const GraphIndex &idx = graph.index();
    const size_t n = graph.nodes.size();
    std::vector<int> pending(n, 0);
    std::vector<std::vector<int>> users(n);
    for (size_t i = 0; i < n; ++i) {
        const Node &node = *graph.nodes[i];
        std::unordered_set<int> deps;
        for (const std::string &in : idx.allInputs(node.id)) {
            if (const Node *p = idx.producer(in)) {
                const int pos = idx.position(p->id);
                if (deps.insert(pos).second)
                    users[static_cast<size_t>(pos)].push_back(static_cast<int>(i));
            }
        }
        pending[i] = static_cast<int>(deps.size());
    }
    // Min-heap on file position keeps the original order wherever it is already valid.
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
    for (size_t i = 0; i < n; ++i)
        if (pending[i] == 0)
            ready.push(static_cast<int>(i));
    std::vector<const Node *> order;
    order.reserve(n);
    std::vector<bool> done(n, false);
    while (!ready.empty()) {
        const int i = ready.top();
        ready.pop();
        done[static_cast<size_t>(i)] = true;
        order.push_back(graph.nodes[static_cast<size_t>(i)].get());
        for (int u : users[static_cast<size_t>(i)])
            if (--pending[static_cast<size_t>(u)] == 0)
                ready.push(u);
    }
    if (order.size() != n)
        return Status(ErrorCode::InvalidModel,
                      "the graph has a cycle: " + describeCycle(graph, done));
    return order;
}

Status validateModel(const Model &model, const std::string &file)
{
    if (model.irVersion <= 0)
        return Status(ErrorCode::InvalidModel,
                      file + ": no IR version; this is not an ONNX model or it is corrupt");
    if (model.irVersion > kNewestIrVersion)
        return Status(ErrorCode::Unsupported,
                      file + ": IR version " + std::to_string(model.irVersion) +
                          " is newer than Silica understands (up to " +
                          std::to_string(kNewestIrVersion) +
                          "); re-export the model with an older ONNX version");
    if (!model.graph)
        return Status(ErrorCode::InvalidModel, file + ": the model has no graph");
    Validator v{model, file, {}, {}};
    for (const OpsetImport &o : model.opsets) {
        v.importedDomains.insert(isDefaultDomain(o.domain) ? "" : o.domain);
        const bool isDefault = isDefaultDomain(o.domain);
        if (isDefault && o.version > kNewestDefaultOpset)
            return Status(ErrorCode::Unsupported, file + ": opset ai.onnx " +
                                                      std::to_string(o.version) +
                                                      " is newer than Silica understands (up to " +
                                                      std::to_string(kNewestDefaultOpset) +
                                                      "); re-export the model with a lower opset");
        if (o.domain == "ai.onnx.ml" && o.version > kNewestMlOpset)
            return Status(ErrorCode::Unsupported, file + ": opset ai.onnx.ml " +
                                                      std::to_string(o.version) +
                                                      " is newer than Silica understands (up to " +
                                                      std::to_string(kNewestMlOpset) + ")");
    }
    // IR < 3 predates opset_import: such models use the default domain implicitly.
    if (model.opsets.empty()) {
        if (model.irVersion >= 3)
            return Status(ErrorCode::InvalidModel,
                          file + ": the model imports no opset (required since IR version 3); "
                                 "the file is probably truncated");
        v.importedDomains.insert("");
    }
    for (const FunctionDef &f : model.functions)
        v.functionDomains.insert(f.domain);
    std::vector<std::unordered_set<std::string>> scopes;
    return v.graph(*model.graph, scopes, file);
}

} // namespace silica
