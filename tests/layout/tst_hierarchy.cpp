// Groups for collapsing: from name scopes, from blocks between cut points when names have
// none; what a set of expanded groups shows; the depth a model opens at; and expanding one
// group in place without re-arranging the rest.

#include "core/graph/graph_builder.h"
#include "core/layout/hierarchy.h"

#include <QTest>

using namespace silica;

namespace {

// `blocks` residual blocks (Conv → Relu → Conv → Add(skip)); scoped "/stage{s}/block{b}/…"
// names when `scoped`, bare "n12" names otherwise.
Model residualModel(int blocks, bool scoped)
{
    GraphBuilder b;
    b.input("x", DataType::Float, {1, 8, 8, 8});
    b.initializer("w", {8, 8, 3, 3}, std::vector<float>(8 * 8 * 9, 0.01f));
    std::string prev = "x";
    int counter = 0;
    auto name = [&](int block, const char *op) {
        ++counter;
        return scoped ? "/stage" + std::to_string(block / 4) + "/block" + std::to_string(block) + "/" + op
                      : "n" + std::to_string(counter);
    };
    for (int k = 0; k < blocks; ++k) {
        const std::string p = "b" + std::to_string(k);
        b.node("Conv", {prev, "w"}, {p + "c1"}, name(k, "Conv")).ints("pads", {1, 1, 1, 1});
        b.node("Relu", {p + "c1"}, {p + "r"}, name(k, "Relu"));
        b.node("Conv", {p + "r", "w"}, {p + "c2"}, name(k, "Conv_1")).ints("pads", {1, 1, 1, 1});
        b.node("Add", {p + "c2", prev}, {p + "sum"}, name(k, "Add"));
        prev = p + "sum";
    }
    b.output(prev, DataType::Float, {1, 8, 8, 8});
    return b.build();
}

} // namespace

class TestHierarchy : public QObject
{
    Q_OBJECT
private slots:
    void groupsFromNameScopes();
    void blocksWhenNamesHaveNoScopes();
    void collapsedGroupsStandForTheirContents();
    void opensToTheBudget();
    void expandingInPlaceKeepsTheRestInPlace();
};

void TestHierarchy::groupsFromNameScopes()
{
    const Model m = residualModel(8, true);
    const ModelPicture picture = modelPicture(*m.graph);
    const BoxHierarchy h = BoxHierarchy::build(*m.graph, picture);
    QVERIFY(h.fromScopes());
    QCOMPARE(h.topLevel().size(), size_t(2)); // stage0, stage1
    QCOMPARE(h.groups().size(), size_t(2 + 8));
    for (size_t b = 0; b < picture.boxes.size(); ++b) {
        const bool op = picture.boxes[b].kind == ModelBox::Kind::Op;
        QCOMPARE(h.groupOf(int(b)) >= 0, op); // inputs and outputs stay outside
    }
    const BoxGroup &stage = h.groups()[size_t(h.topLevel()[0])];
    QCOMPARE(stage.name, std::string("stage0"));
    QCOMPARE(stage.children.size(), size_t(4));
    QCOMPARE(stage.totalBoxes, size_t(16));
}

void TestHierarchy::blocksWhenNamesHaveNoScopes()
{
    const Model m = residualModel(40, false);
    const ModelPicture picture = modelPicture(*m.graph);
    const BoxHierarchy h = BoxHierarchy::build(*m.graph, picture);
    QVERIFY(!h.fromScopes());
    QVERIFY(h.groups().size() >= 10);
    // Every op box in exactly one block; blocks bundled by sixteens at the top.
    size_t inBlocks = 0;
    for (const BoxGroup &g : h.groups())
        inBlocks += g.boxes.size();
    QCOMPARE(inBlocks, size_t(40 * 4));
    QVERIFY(h.topLevel().size() <= 16);
    // A block never splits a residual block: its Add sits with the Conv that starts it.
    for (size_t b = 0; b + 3 < picture.boxes.size(); ++b)
        if (picture.boxes[b].title == "Conv" && picture.boxes[b + 3].title == "Add" &&
            picture.boxes[b + 1].title == "Relu")
            QCOMPARE(h.groupOf(int(b)), h.groupOf(int(b + 3)));
}

void TestHierarchy::collapsedGroupsStandForTheirContents()
{
    const Model m = residualModel(8, true);
    const ModelPicture picture = modelPicture(*m.graph);
    const BoxHierarchy h = BoxHierarchy::build(*m.graph, picture);
    const CollapsedPicture closed = collapse(picture, h, {});
    QCOMPARE(closed.items.size(), size_t(2 + 2)); // input, stage0, stage1, output
    QCOMPARE(closed.links.size(), size_t(3));      // a chain
    const CollapsedPicture open = collapse(picture, h, h.allGroups());
    QCOMPARE(open.items.size(), picture.boxes.size());
    std::set<int> onlyStage0{h.topLevel()[0]};
    const CollapsedPicture partly = collapse(picture, h, onlyStage0);
    QCOMPARE(partly.items.size(), size_t(2 + 4 + 1)); // input, 4 blocks, stage1, output
    const LayoutGraph lg = layoutGraphOf(partly, picture, h, estimatedLabelMetrics());
    QCOMPARE(lg.widths.size(), partly.items.size());
    const LayoutResult r = layeredLayout(lg, canvasLayoutOptions());
    QCOMPARE(countCrossings(r.routes), size_t(0));
}

void TestHierarchy::opensToTheBudget()
{
    const Model m = residualModel(40, true);
    const ModelPicture picture = modelPicture(*m.graph);
    const BoxHierarchy h = BoxHierarchy::build(*m.graph, picture);
    QCOMPARE(h.defaultExpanded(1000).size(), h.groups().size()); // small enough to show whole
    for (size_t budget : {20, 30, 60}) {
        const std::set<int> expanded = h.defaultExpanded(budget);
        const CollapsedPicture view = collapse(picture, h, expanded);
        QVERIFY2(view.items.size() <= budget, qPrintable(QString::number(view.items.size())));
        QVERIFY(!expanded.empty());
    }
}

void TestHierarchy::expandingInPlaceKeepsTheRestInPlace()
{
    const Model m = residualModel(12, true);
    const ModelPicture picture = modelPicture(*m.graph);
    const BoxHierarchy h = BoxHierarchy::build(*m.graph, picture);
    const CollapsedPicture view = collapse(picture, h, {});
    const LayoutGraph lg = layoutGraphOf(view, picture, h, estimatedLabelMetrics());
    const LayoutResult before = layeredLayout(lg, canvasLayoutOptions());
    // Open stage1 (the middle item of input, stage0, stage1, stage2, output).
    int grown = -1;
    for (size_t i = 0; i < view.items.size(); ++i)
        if (view.items[i].group == h.topLevel()[1])
            grown = int(i);
    QVERIFY(grown >= 0);
    const double w = 400, hgt = 900;
    const LayoutResult after = expandInPlace(lg, before, grown, w, hgt);
    const double dy = hgt - lg.heights[size_t(grown)];
    for (size_t i = 0; i < view.items.size(); ++i) {
        if (int(i) == grown)
            continue;
        QCOMPARE(after.centers[i].x, before.centers[i].x); // a chain: nothing beside it
        if (before.centers[i].y < before.centers[size_t(grown)].y)
            QCOMPARE(after.centers[i].y, before.centers[i].y); // above: untouched
        else
            QCOMPARE(after.centers[i].y, before.centers[i].y + dy); // below: moved down together
    }
    // The grown box keeps its top and no longer overlaps anything below it.
    const double top = before.centers[size_t(grown)].y - lg.heights[size_t(grown)] / 2;
    QCOMPARE(after.centers[size_t(grown)].y - hgt / 2, top);
    for (size_t i = 0; i < view.items.size(); ++i)
        if (after.centers[i].y > after.centers[size_t(grown)].y && int(i) != grown)
            QVERIFY(after.centers[i].y - lg.heights[i] / 2 >= top + hgt);
    // Routes follow: the edge out of the grown box leaves from its new bottom side.
    for (size_t e = 0; e < lg.edges.size(); ++e)
        if (lg.edges[e].first == grown)
            QCOMPARE(after.routes[e].front().y, top + hgt);
}

QTEST_GUILESS_MAIN(TestHierarchy)
#include "tst_hierarchy.moc"
