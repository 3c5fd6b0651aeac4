#pragma once
// The properties of one node as a two-column tree (property, value) for the inspector:
//   Node        name, operator, domain, id
//   Attributes  one row per attribute
//   Inputs      one row per input (type and shape); weights also get count, range, mean,
//               standard deviation and the share of zeros as child rows
//   Outputs     one row per output (type and shape)
//   Cost        parameters, MACs, FLOPs, activation bytes read and written
// Qt Core/Gui only, so it is tested without a window.

#include "core/graph/model.h"

#include <QAbstractItemModel>
#include <QString>

#include <vector>

namespace silica {

class NodeInspectorModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        PropertyColumn = 0,
        ValueColumn = 1,
        ColumnCount
    };
    // Rows under the top level, so views and tests can find a section without matching text.
    enum Section
    {
        NodeSection = 0,
        AttributeSection,
        InputSection,
        OutputSection,
        CostSection
    };

    explicit NodeInspectorModel(QObject *parent = nullptr);

    // Shows `node` of the main graph of `model`; an unknown id or a null model clears the tree.
    void setNode(ModelPtr model, NodeId node);
    void clear();
    NodeId node() const { return m_node; }
    bool isEmpty() const { return m_items.size() <= 1; }

    // The index of a top-level section (invalid when the model is empty).
    QModelIndex sectionIndex(Section section) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Item
    {
        QString property;
        QString value;
        QString toolTip;
        int parent = -1;
        int row = 0;
        std::vector<int> children;
    };

    int addItem(int parent, const QString &property, const QString &value = {},
                const QString &toolTip = {});
    void build(const Graph &graph, const Node &node);
    void addWeightStatistics(int parent, const Tensor &tensor);
    const Item *itemFor(const QModelIndex &index) const;

    std::vector<Item> m_items; // m_items[0] is the invisible root
    ModelPtr m_model;
    NodeId m_node = kInvalidNodeId;
};

} // namespace silica
