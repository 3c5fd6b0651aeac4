#pragma once
// The node inspector: the properties of the selected node as a tree (NodeInspectorModel), or a
// hint when nothing is selected. The window puts it in a dock.

#include "core/graph/model.h"

#include <QWidget>

class QLabel;
class QStackedWidget;
class QTreeView;

namespace silica {

class NodeInspectorModel;

class InspectorWidget : public QWidget
{
    Q_OBJECT
public:
    explicit InspectorWidget(QWidget *parent = nullptr);

    void setNode(ModelPtr model, NodeId node);
    void clear();

    NodeInspectorModel *model() const { return m_model; }
    QTreeView *treeView() const { return m_tree; }

private:
    NodeInspectorModel *m_model;
    QTreeView *m_tree;
    QLabel *m_placeholder;
    QStackedWidget *m_stack;
};

} // namespace silica
