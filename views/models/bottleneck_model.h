#pragma once
// The bottleneck list of the active overlay as a table (node, op, value, MACs), worst first in
// the order of rankNodes(). F8 / Shift+F8 walk it with step(). Qt Core/Gui only, tested
// without a window.

#include "core/graph/statistics.h"
#include "core/session/overlay_ranking.h"
#include "views/models/overlay_palette.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace silica {

class BottleneckModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NodeColumn = 0,
        OpColumn,
        ValueColumn,
        MacsColumn,
        ColumnCount
    };

    explicit BottleneckModel(QObject *parent = nullptr);

    // Lists the nodes of `model`'s main graph that have a value in the palette's channel.
    // `stats` (of the same model) orders ties and fills the MACs column.
    void setOverlay(ModelPtr model, const OverlayPalette &palette,
                    std::shared_ptr<const ModelStats> stats);
    void clear();

    const OverlayPalette &palette() const { return m_palette; }
    NodeId nodeAt(int row) const;
    // The row of `id`, or -1 when it is not listed.
    int rowOf(NodeId id) const;
    // The row `delta` entries after (negative: before) the row of `current`, wrapping around
    // at both ends. When `current` is not listed, forward starts at the first row and backward
    // at the last. -1 when the list is empty.
    int step(NodeId current, int delta) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    ModelPtr m_model;
    OverlayPalette m_palette;
    std::shared_ptr<const ModelStats> m_stats;
    std::vector<RankedNode> m_rows;
    std::unordered_map<NodeId, int> m_rowOf;
};

} // namespace silica
