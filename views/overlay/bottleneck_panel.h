#pragma once
// The bottleneck list of the active overlay (BottleneckModel): worst nodes first. Clicking an
// entry, or moving to it with the keys, selects and centres it on the canvas; F8 / Shift+F8
// (window actions) walk the list from the selected node.

#include "core/graph/statistics.h"
#include "views/models/overlay_palette.h"

#include <QWidget>

#include <memory>

class QLabel;
class QModelIndex;
class QTreeView;

namespace silica {

class BottleneckModel;

class BottleneckPanel : public QWidget
{
    Q_OBJECT
public:
    explicit BottleneckPanel(QWidget *parent = nullptr);

    void setOverlay(ModelPtr model, const OverlayPalette &palette,
                    std::shared_ptr<const ModelStats> stats);
    void clear();

    // Follows the canvas's selection without emitting anything.
    void setCurrentNode(NodeId id);
    // The entry `delta` steps from `current` (wrapping around) becomes current and is
    // emitted as activated. Returns it (kInvalidNodeId when the list is empty).
    NodeId step(NodeId current, int delta);

    BottleneckModel *model() const { return m_model; }
    QTreeView *treeView() const { return m_tree; }

signals:
    void nodeActivated(silica::NodeId id);

private:
    void activate(const QModelIndex &index);

    BottleneckModel *m_model;
    QTreeView *m_tree;
    QLabel *m_caption;
    bool m_following = false;
};

} // namespace silica
