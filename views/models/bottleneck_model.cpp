#include "views/models/bottleneck_model.h"

#include "core/graph/graph_index.h"

namespace silica {

BottleneckModel::BottleneckModel(QObject *parent) : QAbstractTableModel(parent) {}

void BottleneckModel::setOverlay(ModelPtr model, const OverlayPalette &palette,
                                 std::shared_ptr<const ModelStats> stats)
{
    beginResetModel();
    m_model = std::move(model);
    m_palette = palette;
    m_stats = std::move(stats);
    m_rows.clear();
    m_rowOf.clear();
    if (m_model && m_model->graph && !m_palette.isNull())
        m_rows = rankNodes(*m_model->graph, *m_palette.channel(), m_stats.get());
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_rowOf.emplace(m_rows[i].id, static_cast<int>(i));
    endResetModel();
}

void BottleneckModel::clear()
{
    setOverlay(nullptr, OverlayPalette(), nullptr);
}

NodeId BottleneckModel::nodeAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[size_t(row)].id : kInvalidNodeId;
}

int BottleneckModel::rowOf(NodeId id) const
{
    auto it = m_rowOf.find(id);
    return it == m_rowOf.end() ? -1 : it->second;
}

int BottleneckModel::step(NodeId current, int delta) const
{
    const int n = rowCount();
    if (n == 0)
        return -1;
    const int row = rowOf(current);
    if (row < 0)
        return delta >= 0 ? 0 : n - 1;
    return ((row + delta) % n + n) % n;
}

int BottleneckModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int BottleneckModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BottleneckModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const RankedNode &ranked = m_rows[size_t(index.row())];
    const Node *node = m_model->graph->index().node(ranked.id);
    if (!node)
        return {};
    const OverlayValue *value = m_palette.channel()->value(*node);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NodeColumn:
            return QString::fromStdString(node->displayName());
        case OpColumn:
            return QString::fromStdString(node->opType);
        case ValueColumn:
            return m_palette.formatValue(value);
        case MacsColumn:
            return ranked.macs ? QString::fromStdString(formatCount(ranked.macs)) : QString();
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == ValueColumn)
            return m_palette.colorFor(value);
        break;
    case Qt::ToolTipRole: {
        QString tip = QString::fromStdString(node->displayName()).toHtmlEscaped();
        if (value && !value->reason.empty())
            tip += QStringLiteral("<br>") + QString::fromStdString(value->reason).toHtmlEscaped();
        return tip;
    }
    case Qt::TextAlignmentRole:
        if (index.column() == ValueColumn || index.column() == MacsColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant BottleneckModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NodeColumn:
        return tr("Node");
    case OpColumn:
        return tr("Op");
    case ValueColumn:
        return tr("Value");
    case MacsColumn:
        return tr("MACs");
    }
    return {};
}

} // namespace silica
