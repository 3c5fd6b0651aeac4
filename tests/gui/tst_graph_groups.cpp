// Collapsed groups on the canvas: a model larger than the opening budget opens collapsed by
// its name scopes; double-clicking a group expands it with its top kept in place on screen;
// selecting a node hidden in a group (what Find and F8 do) opens the groups around it; the
// selected node's group collapses again; far out on a large graph the canvas draws plain boxes.

#include "core/graph/graph_builder.h"
#include "core/session/overlay.h"
#include "views/graph/graph_items.h"
#include "views/graph/graph_view.h"

#include <QApplication>

#include <QSignalSpy>
#include <QTest>
#include <map>

using namespace silica;

namespace {

// `stages` × 8 blocks × 4 nodes with "/stage{s}/block{b}/op" names: 32 × stages nodes.
ModelPtr scopedModel(int stages)
{
    GraphBuilder b;
    b.input("x", DataType::Float, {1, 4});
    std::string prev = "x";
    int n = 0;
    for (int s = 0; s < stages; ++s)
        for (int k = 0; k < 8; ++k)
            for (const char *op : {"Relu", "Sigmoid", "Tanh", "Abs"}) {
                const std::string out = "v" + std::to_string(n++);
                b.node(op, {prev}, {out},
                       "/stage" + std::to_string(s) + "/block" + std::to_string(k) + "/" + op);
                prev = out;
            }
    b.output(prev, DataType::Float, {1, 4});
    return std::make_shared<const Model>(b.build());
}

NodeItem *groupItem(GraphView &view, const std::string &path)
{
    for (QGraphicsItem *item : view.scene()->items())
        if (item->type() == NodeItem::Type) {
            auto *node = static_cast<NodeItem *>(item);
            if (node->group() >= 0 &&
                view.hierarchy()->groups()[size_t(node->group())].path == path)
                return node;
        }
    return nullptr;
}

} // namespace

class TestGraphGroups : public QObject
{
    Q_OBJECT
private slots:
    void largeModelsOpenCollapsed();
    void doubleClickExpandsInPlace();
    void selectingAHiddenNodeRevealsIt();
    void collapseAndExpandAll();
    void farOutDrawsPlainBoxes();
    void collapsedGroupsShowTheirWorstValue();
};

void TestGraphGroups::largeModelsOpenCollapsed()
{
    GraphView view;
    view.resize(1200, 800);
    view.setModel(scopedModel(2), false); // 64 nodes: fits the budget, drawn whole
    QCOMPARE(view.drawnNodeCount(), 64);
    QCOMPARE(view.collapsedGroupCount(), 0);
    view.setModel(scopedModel(40), false); // 1,280 nodes in 40 stages
    QVERIFY(view.collapsedGroupCount() > 0);
    QVERIFY(size_t(view.drawnNodeCount() + view.collapsedGroupCount()) <=
            GraphView::kOpenItemBudget);
}

void TestGraphGroups::doubleClickExpandsInPlace()
{
    GraphView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setModel(scopedModel(40), false);
    // The last stage: opening the model ran out of budget before it.
    const std::string path = "stage39";
    NodeItem *group = groupItem(view, path);
    QVERIFY(group);
    view.centerOn(group);
    const QRectF box = group->sceneBoundingRect();
    // Where everything else is on screen, by node id or group path.
    auto keyOf = [&](const NodeItem *node) {
        return node->group() >= 0 ? view.hierarchy()->groups()[size_t(node->group())].path
                                  : std::to_string(node->nodeId());
    };
    std::map<std::string, QPointF> before;
    for (QGraphicsItem *item : view.scene()->items())
        if (item->type() == NodeItem::Type && item != group)
            before[keyOf(static_cast<NodeItem *>(item))] =
                view.mapFromScene(item->sceneBoundingRect().center());
    const int items = view.drawnNodeCount() + view.collapsedGroupCount();
    QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(box.center()));
    QVERIFY(!groupItem(view, path));
    QCOMPARE(view.drawnNodeCount() + view.collapsedGroupCount(), items - 1 + 8); // its 8 blocks

    // Above the stage nothing moved on screen; below it everything moved down together; what
    // the stage holds fills the room between them, starting where its box was.
    QRectF contents;
    double shift = -1;
    for (QGraphicsItem *item : view.scene()->items()) {
        if (item->type() != NodeItem::Type)
            continue;
        auto *node = static_cast<NodeItem *>(item);
        const std::string key = keyOf(node);
        if (node->group() >= 0 && key.rfind(path + "/", 0) == 0) {
            contents |= node->sceneBoundingRect();
            continue;
        }
        QVERIFY2(before.count(key), key.c_str());
        const QPointF was = before[key];
        const QPointF is = view.mapFromScene(item->sceneBoundingRect().center());
        QVERIFY(std::abs(is.x() - was.x()) <= 1);
        if (item->sceneBoundingRect().bottom() <= box.top()) {
            QVERIFY(std::abs(is.y() - was.y()) <= 1);
        } else {
            if (shift < 0)
                shift = is.y() - was.y();
            QVERIFY(std::abs(is.y() - was.y() - shift) <= 1);
            QVERIFY(item->sceneBoundingRect().top() > contents.bottom());
        }
    }
    QVERIFY(shift > 0);
    QVERIFY(!contents.isNull());
    QVERIFY(contents.top() >= box.top());
    QVERIFY(contents.top() < box.top() + 60);
    QVERIFY(contents.center().x() > box.left() && contents.center().x() < box.right());

    // Opening a block and collapsing it again brings back the picture from before.
    std::map<std::string, QRectF> opened;
    for (QGraphicsItem *item : view.scene()->items())
        if (item->type() == NodeItem::Type)
            opened[keyOf(static_cast<NodeItem *>(item))] = item->sceneBoundingRect();
    NodeItem *block = groupItem(view, path + "/block3");
    QVERIFY(block);
    view.expandGroup(block->group());
    QVERIFY(!groupItem(view, path + "/block3"));
    NodeId inside = kInvalidNodeId;
    for (const NodePtr &node : view.model()->graph->nodes)
        if (node->name == "/stage39/block3/Tanh")
            inside = node->id;
    QVERIFY(view.nodeRect(inside).isValid());
    view.selectNode(inside);
    view.collapseSelectedGroup();
    std::map<std::string, QRectF> closedAgain;
    for (QGraphicsItem *item : view.scene()->items())
        if (item->type() == NodeItem::Type)
            closedAgain[keyOf(static_cast<NodeItem *>(item))] = item->sceneBoundingRect();
    QCOMPARE(closedAgain, opened);
}

void TestGraphGroups::selectingAHiddenNodeRevealsIt()
{
    GraphView view;
    view.resize(1200, 800);
    view.setModel(scopedModel(40), false);
    const NodePtr &deep = view.model()->graph->nodes[1000]; // in a collapsed stage
    QVERIFY(view.nodeRect(deep->id).isNull());
    QSignalSpy selected(&view, &GraphView::nodeSelected);
    view.selectNode(deep->id);
    QCOMPARE(view.selectedNode(), deep->id);
    QVERIFY(!view.nodeRect(deep->id).isNull());
    QCOMPARE(selected.count(), 1);
    // Its group collapses again, selection and all.
    view.collapseSelectedGroup();
    QVERIFY(view.nodeRect(deep->id).isNull());
}

void TestGraphGroups::collapseAndExpandAll()
{
    GraphView view;
    view.resize(1200, 800);
    view.setModel(scopedModel(40), false);
    const int opened = view.drawnNodeCount();
    view.expandAllGroups();
    QCOMPARE(view.drawnNodeCount(), 1280);
    QCOMPARE(view.collapsedGroupCount(), 0);
    view.collapseGroupsToDefault();
    QCOMPARE(view.drawnNodeCount(), opened);
    // An edit (a new version of the same document) keeps what the user opened.
    view.expandAllGroups();
    view.setModel(view.model(), true);
    QCOMPARE(view.drawnNodeCount(), 1280);
}

void TestGraphGroups::farOutDrawsPlainBoxes()
{
    GraphView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setModel(scopedModel(200), false); // 6,400 nodes
    view.expandAllGroups();
    view.fitToWindow();
    // Far out: the items are hidden and the picture still shows the graph.
    QImage far = view.viewport()->grab().toImage();
    int coloured = 0;
    for (int y = 0; y < far.height(); ++y)
        for (int x = 0; x < far.width(); ++x)
            coloured += far.pixelColor(x, y) != view.backgroundBrush().color();
    QVERIFY2(coloured > 100, qPrintable(QString::number(coloured)));
    for (int i = 0; i < 20; ++i)
        view.zoomIn();
    QVERIFY(view.zoom() > 0.12);
    const NodePtr &node = view.model()->graph->nodes[3000];
    view.selectNode(node->id);
    QVERIFY(view.items(view.mapFromScene(view.nodeRect(node->id).center())).size() > 0);
}

void TestGraphGroups::collapsedGroupsShowTheirWorstValue()
{
    GraphView view;
    view.resize(1200, 800);
    const ModelPtr model = scopedModel(40);
    view.setModel(model, false);
    // A latency channel: every node 1 ms, one node deep in the last stage 9 ms.
    auto channel = std::make_shared<OverlayChannel>();
    channel->id = "test.latency";
    channel->displayName = "Latency";
    channel->kind = OverlayKind::Continuous;
    channel->unit = "ms";
    channel->worse = WorseDirection::Higher;
    for (const NodePtr &node : model->graph->nodes)
        channel->values[overlayKey(*node)] = OverlayValue{1.0, -1, ""};
    const NodePtr &slow = model->graph->nodes[model->graph->nodes.size() - 3];
    channel->values[overlayKey(*slow)] = OverlayValue{9.0, -1, "slow"};
    const OverlayPalette palette(channel, model->graph.get());
    view.setOverlay(palette);
    NodeItem *stage = groupItem(view, "stage39");
    QVERIFY(stage);
    QCOMPARE(stage->fill(), palette.colorFor(channel->value(*slow)));
    QVERIFY(stage->toolTip().contains(QString::fromStdString(slow->name)));
    NodeItem *other = groupItem(view, "stage38");
    QVERIFY(other);
    QCOMPARE(other->fill(), palette.colorFor(channel->value(*model->graph->nodes[0])));
}

QTEST_MAIN(TestGraphGroups)
#include "tst_graph_groups.moc"
