#include "core/graph/name_scope.h"

#include <algorithm>
#include <functional>
#include <map>

namespace silica {

std::vector<std::string> nameScopes(const std::string &nodeName)
{
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= nodeName.size()) {
        size_t end = nodeName.find('/', start);
        if (end == std::string::npos)
            end = nodeName.size();
        if (end > start)
            parts.push_back(nodeName.substr(start, end - start));
        start = end + 1;
    }
    if (!parts.empty())
        parts.pop_back(); // the node's own name
    return parts;
}

ScopeTree ScopeTree::build(const Graph &graph)
{
    // First pass: the full tree from every node's name.
    struct Raw
    {
        std::string name;
        int parent = -1;
        std::vector<int> children;
        std::map<std::string, int> childByName;
        std::vector<NodeId> nodes;
        uint64_t total = 0;
    };
    std::vector<Raw> raw(1);
    std::vector<std::pair<NodeId, int>> placement;
    for (const NodePtr &n : graph.nodes) {
        int cur = 0;
        for (const std::string &part : nameScopes(n->name)) {
            auto it = raw[static_cast<size_t>(cur)].childByName.find(part);
            if (it == raw[static_cast<size_t>(cur)].childByName.end()) {
                const int idx = static_cast<int>(raw.size());
                Raw r;
                r.name = part;
                r.parent = cur;
                raw.push_back(std::move(r));
                raw[static_cast<size_t>(cur)].childByName.emplace(part, idx);
                raw[static_cast<size_t>(cur)].children.push_back(idx);
                cur = idx;
            } else {
                cur = it->second;
            }
        }
        raw[static_cast<size_t>(cur)].nodes.push_back(n->id);
    }
    // Second pass: keep scopes that group more than one node; fold the rest into the parent.
    std::function<uint64_t(int)> total = [&](int i) {
        Raw &r = raw[static_cast<size_t>(i)];
        r.total = r.nodes.size();
        for (int c : r.children)
            r.total += total(c);
        return r.total;
    };
    total(0);

    ScopeTree tree;
    tree.m_scopes.push_back(Scope{});
    std::function<void(int, int)> emit = [&](int rawIdx, int outIdx) {
        const Raw &r = raw[static_cast<size_t>(rawIdx)];
        for (NodeId id : r.nodes) {
            tree.m_scopes[static_cast<size_t>(outIdx)].nodes.push_back(id);
            tree.m_nodeScope.emplace_back(id, outIdx);
        }
        for (int c : r.children) {
            const Raw &child = raw[static_cast<size_t>(c)];
            if (child.total <= 1) {
                emit(c, outIdx); // a lone node is not a group
                continue;
            }
            const int idx = static_cast<int>(tree.m_scopes.size());
            Scope s;
            s.name = child.name;
            const std::string &parentPath = tree.m_scopes[static_cast<size_t>(outIdx)].path;
            s.path = parentPath.empty() ? child.name : parentPath + "/" + child.name;
            s.parent = outIdx;
            s.totalNodes = child.total;
            tree.m_scopes.push_back(std::move(s));
            tree.m_scopes[static_cast<size_t>(outIdx)].children.push_back(idx);
            emit(c, idx);
        }
    };
    tree.m_scopes[0].totalNodes = raw[0].total;
    emit(0, 0);
    std::sort(tree.m_nodeScope.begin(), tree.m_nodeScope.end());
    return tree;
}

int ScopeTree::scopeOf(NodeId id) const
{
    auto it = std::lower_bound(m_nodeScope.begin(), m_nodeScope.end(), std::make_pair(id, -1));
    return it != m_nodeScope.end() && it->first == id ? it->second : 0;
}

int ScopeTree::depth() const
{
    int best = 0;
    for (size_t i = 1; i < m_scopes.size(); ++i) {
        int d = 0;
        for (int p = static_cast<int>(i); p > 0; p = m_scopes[static_cast<size_t>(p)].parent)
            ++d;
        best = std::max(best, d);
    }
    return best;
}

std::string ScopeTree::toString() const
{
    std::string out;
    std::function<void(int, int)> print = [&](int i, int indent) {
        const Scope &s = m_scopes[static_cast<size_t>(i)];
        if (i != 0)
            out += std::string(static_cast<size_t>(indent) * 2, ' ') + s.name + " (" +
                   std::to_string(s.totalNodes) + ")\n";
        for (int c : s.children)
            print(c, i == 0 ? 0 : indent + 1);
    };
    print(0, 0);
    return out;
}

} // namespace silica
