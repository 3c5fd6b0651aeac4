#include "views/overlay/bottleneck_panel.h"

#include "views/common/scoped_name_delegate.h"
#include "views/models/bottleneck_model.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace silica {

BottleneckPanel::BottleneckPanel(QWidget *parent)
    : QWidget(parent), m_model(new BottleneckModel(this)), m_tree(new QTreeView(this)),
      m_caption(new QLabel(this))
{
    m_tree->setObjectName(QStringLiteral("bottleneckTree"));
    m_tree->setModel(m_model);
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setItemDelegateForColumn(BottleneckModel::NodeColumn, new ScopedNameDelegate(m_tree));
    m_tree->setAllColumnsShowFocus(true);
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(BottleneckModel::NodeColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(BottleneckModel::OpColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(BottleneckModel::ValueColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(BottleneckModel::MacsColumn, QHeaderView::ResizeToContents);
    header->setMinimumSectionSize(40);

    m_caption->setObjectName(QStringLiteral("bottleneckCaption"));
    m_caption->setWordWrap(true);
    m_caption->setMargin(4);
    m_caption->setStyleSheet(QStringLiteral("color: #6b7280;"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addWidget(m_tree);

    connect(m_tree, &QAbstractItemView::clicked, this, &BottleneckPanel::activate);
    connect(m_tree, &QAbstractItemView::activated, this, &BottleneckPanel::activate);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                // Arrow keys in the list walk it too; following the canvas does not echo.
                if (!m_following && m_tree->hasFocus())
                    activate(current);
            });
    clear();
}

void BottleneckPanel::setOverlay(ModelPtr model, const OverlayPalette &palette,
                                 std::shared_ptr<const ModelStats> stats)
{
    m_model->setOverlay(std::move(model), palette, std::move(stats));
    // Long op types and category labels are elided rather than pushing the names away.
    for (auto [column, widest] : {std::pair{int(BottleneckModel::OpColumn), 90},
                                  std::pair{int(BottleneckModel::ValueColumn), 120}}) {
        m_tree->resizeColumnToContents(column);
        m_tree->setColumnWidth(column, std::min(m_tree->columnWidth(column), widest));
    }
    if (palette.isNull()) {
        m_caption->setText(tr("Open a model to see its bottlenecks."));
        return;
    }
    const bool ranked = palette.isContinuous() ||
                        std::any_of(palette.categories().begin(), palette.categories().end(),
                                    [](const OverlayPalette::Entry &e) { return e.severity != 0; });
    const QString order = ranked ? tr("%1, worst first (ties by MACs): %2 nodes.")
                                 : tr("%1, by MACs, largest first: %2 nodes.");
    m_caption->setText(order.arg(palette.title()).arg(m_model->rowCount()) + QLatin1Char(' ') +
                       tr("F8 / Shift+F8 walk the list."));
}

void BottleneckPanel::clear()
{
    setOverlay(nullptr, OverlayPalette(), nullptr);
}

void BottleneckPanel::setCurrentNode(NodeId id)
{
    m_following = true;
    const int row = m_model->rowOf(id);
    if (row < 0) {
        m_tree->selectionModel()->clear();
    } else {
        const QModelIndex index = m_model->index(row, 0);
        m_tree->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
        m_tree->scrollTo(index);
    }
    m_following = false;
}

NodeId BottleneckPanel::step(NodeId current, int delta)
{
    const int row = m_model->step(current, delta);
    if (row < 0)
        return kInvalidNodeId;
    const NodeId id = m_model->nodeAt(row);
    setCurrentNode(id);
    emit nodeActivated(id);
    return id;
}

void BottleneckPanel::activate(const QModelIndex &index)
{
    const NodeId id = m_model->nodeAt(index.row());
    if (id != kInvalidNodeId)
        emit nodeActivated(id);
}

} // namespace silica
