#include "core/runtime/plan_fusion.h"

namespace silica::runtime {

std::vector<FusedGroup> singleNodeGroups(const std::vector<const Node *> &order)
{
    std::vector<FusedGroup> groups;
    groups.reserve(order.size());
    for (const Node *node : order)
        groups.push_back(FusedGroup{node, {node}, {}});
    return groups;
}

std::vector<FusedGroup>
planFusion(const Graph &, const std::vector<const Node *> &order,
           const std::function<const Tensor *(const std::string &)> &, const Model &,
           std::deque<Node> &)
{
    return singleNodeGroups(order);
}

} // namespace silica::runtime
