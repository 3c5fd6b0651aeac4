#include "core/session/node_search.h"

#include <QRegularExpression>
#include <QString>

namespace silica {

namespace {

QString nameOf(const Node &node)
{
    return QString::fromStdString(node.displayName());
}

} // namespace

Expected<std::vector<NodeId>> findNodes(const Graph &graph, const NodeQuery &query)
{
    std::vector<NodeId> found;
    const QString text = QString::fromStdString(query.text);
    if (text.isEmpty())
        return found;
    const Qt::CaseSensitivity cs = query.caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive;

    QRegularExpression re;
    if (query.match == NodeMatch::Regex) {
        re.setPattern(text);
        if (!query.caseSensitive)
            re.setPatternOptions(QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid())
            return Status(ErrorCode::InvalidArgument,
                          re.errorString().toStdString() + " at character " +
                              std::to_string(re.patternErrorOffset() + 1));
        re.optimize();
    }

    for (const NodePtr &node : graph.nodes) {
        bool hit = false;
        switch (query.match) {
        case NodeMatch::NameContains:
            hit = nameOf(*node).contains(text, cs);
            break;
        case NodeMatch::OpType:
            hit = QString::fromStdString(node->opType).compare(text, cs) == 0;
            break;
        case NodeMatch::Regex:
            hit = re.match(nameOf(*node)).hasMatch();
            break;
        }
        if (hit)
            found.push_back(node->id);
    }
    return found;
}

} // namespace silica
