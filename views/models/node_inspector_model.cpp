#include "views/models/node_inspector_model.h"

#include "core/graph/graph_index.h"
#include "core/graph/statistics.h"
#include "core/graph/tensor_stats.h"

#include <QFont>
#include <QLocale>

namespace silica {

namespace {

// Statistics of larger weights would hold up the UI thread for a noticeable time on a click.
constexpr uint64_t kMaxStatisticsElements = 64ull * 1024 * 1024;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString number(double v)
{
    return QLocale().toString(v, 'g', 5);
}

} // namespace

NodeInspectorModel::NodeInspectorModel(QObject *parent) : QAbstractItemModel(parent)
{
    m_items.emplace_back();
}

void NodeInspectorModel::clear()
{
    setNode(nullptr, kInvalidNodeId);
}

void NodeInspectorModel::setNode(ModelPtr model, NodeId node)
{
    beginResetModel();
    m_items.clear();
    m_items.emplace_back();
    m_model = std::move(model);
    m_node = kInvalidNodeId;
    const Node *n = nullptr;
    if (m_model && m_model->graph)
        n = m_model->graph->index().node(node);
    if (n) {
        m_node = node;
        build(*m_model->graph, *n);
    } else {
        m_model.reset();
    }
    endResetModel();
}

int NodeInspectorModel::addItem(int parent, const QString &property, const QString &value,
                                const QString &toolTip)
{
    Item item;
    item.property = property;
    item.value = value;
    item.toolTip = toolTip;
    item.parent = parent;
    item.row = static_cast<int>(m_items[parent].children.size());
    const int id = static_cast<int>(m_items.size());
    m_items.push_back(std::move(item));
    m_items[parent].children.push_back(id);
    return id;
}

void NodeInspectorModel::build(const Graph &graph, const Node &node)
{
    const GraphIndex &index = graph.index();

    const int nodeSection = addItem(0, tr("Node"));
    addItem(nodeSection, tr("Name"), node.name.empty() ? tr("(unnamed)") : qs(node.name));
    addItem(nodeSection, tr("Operator"), qs(node.opType));
    addItem(nodeSection, tr("Domain"),
            isDefaultDomain(node.domain) ? QStringLiteral("ai.onnx") : qs(node.domain));
    addItem(nodeSection, tr("Id"), QString::number(node.id));

    const int attributeSection =
        addItem(0, tr("Attributes"), QString::number(node.attributes.size()));
    for (const Attribute &a : node.attributes)
        addItem(attributeSection, qs(a.name), qs(a.valueString()), qs(a.docString));

    const int inputSection = addItem(0, tr("Inputs"), QString::number(node.inputs.size()));
    for (size_t i = 0; i < node.inputs.size(); ++i) {
        const std::string &name = node.inputs[i];
        if (name.empty()) {
            addItem(inputSection, tr("(omitted)"), QString(), tr("Optional input %1").arg(i));
            continue;
        }
        const Tensor *weight = index.weight(name);
        QString type = qs(index.typeOf(name).toString());
        if (weight)
            type = tr("%1 (weight)").arg(type);
        const int row =
            addItem(inputSection, qs(name), type, tr("Input %1: %2").arg(i).arg(qs(name)));
        if (weight)
            addWeightStatistics(row, *weight);
    }

    const int outputSection = addItem(0, tr("Outputs"), QString::number(node.outputs.size()));
    for (size_t i = 0; i < node.outputs.size(); ++i) {
        const std::string &name = node.outputs[i];
        if (name.empty()) {
            addItem(outputSection, tr("(omitted)"), QString(), tr("Optional output %1").arg(i));
            continue;
        }
        addItem(outputSection, qs(name), qs(index.typeOf(name).toString()),
                tr("Output %1: %2").arg(i).arg(qs(name)));
    }

    const NodeStats stats = nodeStatistics(graph, node);
    const int costSection = addItem(0, tr("Cost"), stats.exact ? QString() : tr("estimate"));
    auto count = [&](const QString &what, uint64_t v) {
        addItem(costSection, what, qs(formatCount(v)),
                QLocale().toString(qulonglong(v)));
    };
    auto bytes = [&](const QString &what, uint64_t v) {
        addItem(costSection, what, qs(formatBytes(v)),
                tr("%1 bytes").arg(QLocale().toString(qulonglong(v))));
    };
    count(tr("Parameters"), stats.params);
    bytes(tr("Parameter bytes"), stats.paramBytes);
    count(tr("MACs"), stats.macs);
    count(tr("FLOPs"), stats.flops);
    bytes(tr("Activations in"), stats.inputBytes);
    bytes(tr("Activations out"), stats.outputBytes);
}

void NodeInspectorModel::addWeightStatistics(int parent, const Tensor &tensor)
{
    const uint64_t elements = tensor.elementCount();
    if (elements > kMaxStatisticsElements) {
        addItem(parent, tr("Count"), QLocale().toString(qulonglong(elements)));
        addItem(parent, tr("Statistics"), tr("not computed for tensors this large"));
        return;
    }
    const Expected<TensorStatistics> stats = tensorStatistics(tensor);
    if (!stats) {
        addItem(parent, tr("Count"), QLocale().toString(qulonglong(elements)));
        addItem(parent, tr("Statistics"), tr("not available"), qs(stats.error().message()));
        return;
    }
    const TensorStatistics &s = stats.value();
    addItem(parent, tr("Count"), QLocale().toString(qulonglong(s.count)));
    addItem(parent, tr("Min"), number(s.min));
    addItem(parent, tr("Max"), number(s.max));
    addItem(parent, tr("Mean"), number(s.mean));
    addItem(parent, tr("Std"), number(s.stddev), tr("Standard deviation"));
    const double zeroShare = s.count ? 100.0 * static_cast<double>(s.zeros) / s.count : 0.0;
    addItem(
        parent, tr("Zeros"), tr("%1 %").arg(QLocale().toString(zeroShare, 'f', 1)),
        tr("%1 of %2 elements are zero")
            .arg(QLocale().toString(qulonglong(s.zeros)), QLocale().toString(qulonglong(s.count))));
    if (s.nonFinite)
        addItem(parent, tr("NaN / Inf"), QLocale().toString(qulonglong(s.nonFinite)));
}

QModelIndex NodeInspectorModel::sectionIndex(Section section) const
{
    return index(static_cast<int>(section), PropertyColumn);
}

const NodeInspectorModel::Item *NodeInspectorModel::itemFor(const QModelIndex &index) const
{
    if (!index.isValid())
        return &m_items[0];
    const quintptr id = index.internalId();
    return id < m_items.size() ? &m_items[id] : nullptr;
}

QModelIndex NodeInspectorModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (parent.isValid() && parent.column() != PropertyColumn)
        return {};
    const Item *p = itemFor(parent);
    if (!p || row >= static_cast<int>(p->children.size()))
        return {};
    return createIndex(row, column, static_cast<quintptr>(p->children[row]));
}

QModelIndex NodeInspectorModel::parent(const QModelIndex &child) const
{
    const Item *item = child.isValid() ? itemFor(child) : nullptr;
    if (!item || item->parent <= 0)
        return {};
    const Item &p = m_items[item->parent];
    return createIndex(p.row, PropertyColumn, static_cast<quintptr>(item->parent));
}

int NodeInspectorModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != PropertyColumn)
        return 0;
    const Item *item = itemFor(parent);
    return item ? static_cast<int>(item->children.size()) : 0;
}

int NodeInspectorModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant NodeInspectorModel::data(const QModelIndex &index, int role) const
{
    const Item *item = index.isValid() ? itemFor(index) : nullptr;
    if (!item)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == PropertyColumn ? item->property : item->value;
    case Qt::ToolTipRole:
        // Long scoped names are elided in the tree: the tooltip always has the full text.
        if (!item->toolTip.isEmpty())
            return item->toolTip;
        return index.column() == PropertyColumn ? item->property : item->value;
    case Qt::FontRole:
        if (item->parent == 0 && index.column() == PropertyColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default:
        return {};
    }
}

QVariant NodeInspectorModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == PropertyColumn ? tr("Property") : tr("Value");
}

} // namespace silica
