#pragma once
// Finding nodes of the main graph (the canvas's Find):
//   NameContains  the node's name contains the text (unnamed nodes: "OpType#id")
//   OpType        the op type is the text ("conv" finds Conv, not ConvTranspose)
//   Regex         a Perl-style regular expression found anywhere in the name
// Case is ignored unless asked for. Results are in file order.

#include "core/common/status.h"
#include "core/graph/model.h"

#include <string>
#include <vector>

namespace silica {

enum class NodeMatch
{
    NameContains,
    OpType,
    Regex,
};

struct NodeQuery
{
    NodeMatch match = NodeMatch::NameContains;
    std::string text;
    bool caseSensitive = false;
};

// An invalid regular expression is an InvalidArgument error saying what is wrong and at which
// character ("missing closing parenthesis at character 5"). Empty text finds nothing.
Expected<std::vector<NodeId>> findNodes(const Graph &graph, const NodeQuery &query);

} // namespace silica
