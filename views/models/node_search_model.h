#pragma once
// The results of Find (findNodes in core) as a table (node, op), with the message the find
// panel shows: how many matched, or why the query is invalid. Qt Core/Gui only.

#include "core/session/node_search.h"

#include <QAbstractTableModel>

#include <vector>

namespace silica {

class NodeSearchModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NodeColumn = 0,
        OpColumn,
        ColumnCount
    };

    explicit NodeSearchModel(QObject *parent = nullptr);

    // Searches `model` again with the current query (a new graph version).
    void setModel(ModelPtr model);
    void setQuery(const NodeQuery &query);
    const NodeQuery &query() const { return m_query; }

    bool hasError() const { return !m_error.isEmpty(); }
    // "Invalid regular expression: …" or "" when the query is fine.
    QString errorText() const { return m_error; }
    // "Matches: 3", "No node matches", the error, or "" for an empty query.
    QString statusText() const;

    NodeId nodeAt(int row) const;
    int rowOf(NodeId id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void search();

    ModelPtr m_model;
    NodeQuery m_query;
    std::vector<NodeId> m_rows;
    QString m_error;
};

} // namespace silica
