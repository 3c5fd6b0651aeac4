#include "views/inspector/inspector_widget.h"

#include "views/models/node_inspector_model.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace silica {

InspectorWidget::InspectorWidget(QWidget *parent)
    : QWidget(parent), m_model(new NodeInspectorModel(this)), m_tree(new QTreeView(this)),
      m_placeholder(new QLabel(this)), m_stack(new QStackedWidget(this))
{
    m_tree->setModel(m_model);
    m_tree->setObjectName(QStringLiteral("inspectorTree"));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setTextElideMode(Qt::ElideMiddle);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);

    m_placeholder->setText(tr("Select a node in the graph to see its properties."));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);
    m_placeholder->setMargin(12);

    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_tree);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
}

void InspectorWidget::setNode(ModelPtr model, NodeId node)
{
    m_model->setNode(std::move(model), node);
    if (m_model->isEmpty()) {
        m_stack->setCurrentWidget(m_placeholder);
        return;
    }
    m_stack->setCurrentWidget(m_tree);
    m_tree->expandAll();
    m_tree->resizeColumnToContents(0);
    // Long scoped value names must not push the values out of sight (their tooltips and the
    // elision keep them readable).
    const int maxWidth = std::max(160, width() * 3 / 5);
    if (m_tree->columnWidth(0) > maxWidth)
        m_tree->setColumnWidth(0, maxWidth);
}

void InspectorWidget::clear()
{
    setNode(nullptr, kInvalidNodeId);
}

} // namespace silica
