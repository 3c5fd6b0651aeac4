#include "views/models/node_search_model.h"

#include "core/graph/graph_index.h"

#include <algorithm>

namespace silica {

NodeSearchModel::NodeSearchModel(QObject *parent) : QAbstractTableModel(parent) {}

void NodeSearchModel::setModel(ModelPtr model)
{
    m_model = std::move(model);
    search();
}

void NodeSearchModel::setQuery(const NodeQuery &query)
{
    m_query = query;
    search();
}

void NodeSearchModel::search()
{
    beginResetModel();
    m_rows.clear();
    m_error.clear();
    if (m_model && m_model->graph) {
        Expected<std::vector<NodeId>> found = findNodes(*m_model->graph, m_query);
        if (found)
            m_rows = std::move(*found);
        else
            m_error = tr("Invalid regular expression: %1")
                          .arg(QString::fromStdString(found.error().message()));
    }
    endResetModel();
}

QString NodeSearchModel::statusText() const
{
    if (hasError())
        return m_error;
    if (m_query.text.empty() || !m_model)
        return {};
    if (m_rows.empty())
        return tr("No node matches");
    return tr("Matches: %1").arg(m_rows.size());
}

NodeId NodeSearchModel::nodeAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[size_t(row)] : kInvalidNodeId;
}

int NodeSearchModel::rowOf(NodeId id) const
{
    auto it = std::find(m_rows.begin(), m_rows.end(), id);
    return it == m_rows.end() ? -1 : static_cast<int>(it - m_rows.begin());
}

int NodeSearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int NodeSearchModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NodeSearchModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() ||
        (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const Node *node = m_model->graph->index().node(m_rows[size_t(index.row())]);
    if (!node)
        return {};
    if (index.column() == OpColumn)
        return QString::fromStdString(node->opType);
    return QString::fromStdString(node->displayName());
}

QVariant NodeSearchModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NodeColumn ? tr("Node") : tr("Op");
}

} // namespace silica
