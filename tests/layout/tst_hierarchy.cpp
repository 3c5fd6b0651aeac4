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
        return scoped ? "/stage" + std::to_string(block / 4) + "/block" + std::to_string(block) +
                            "/" + op
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

// Two scoped branches side by side ("/left/…", "/right/…", `depth` ops each) joined by an Add.
Model twoBranchModel(int depth)
{
    GraphBuilder b;
    b.input("x", DataType::Float, {1, 8});
    std::string ends[2];
    const char *sides[2] = {"left", "right"};
    for (int s = 0; s < 2; ++s) {
        std::string prev = "x";
        for (int k = 0; k < depth; ++k) {
            const std::string out = std::string(sides[s]) + std::to_string(k);
            b.node(k % 2 ? "Relu" : "Sigmoid", {prev}, {out},
                   "/" + std::string(sides[s]) + "/op" + std::to_string(k));
            prev = out;
        }
        ends[s] = prev;
    }
    b.node("Add", {ends[0], ends[1]}, {"y"}, "/join/Add");
    b.output("y", DataType::Float, {1, 8});
    return b.build();
}

int itemOfGroup(const CollapsedPicture &view, int group)
{
    for (size_t i = 0; i < view.items.size(); ++i)
        if (view.items[i].group == group)
            return int(i);
    return -1;
}

int groupNamed(const BoxHierarchy &h, const std::string &path)
{
    for (size_t g = 0; g < h.groups().size(); ++g)
        if (h.groups()[g].path == path)
            return int(g);
    return -1;
}

struct Box
{
    double left, top, right, bottom;
};

Box boxOf(const PictureLayout &pl, size_t i)
{
    const LayoutPoint c = pl.layout.centers[i];
    const double w = pl.graph.widths[i] / 2, h = pl.graph.heights[i] / 2;
    return {c.x - w, c.y - h, c.x + w, c.y + h};
}

// What any drawn picture must satisfy: every item placed, no two boxes overlapping, every
// link routed from its source box's side to its target box's side, going down overall.
QString pictureProblem(const PictureLayout &pl)
{
    const size_t n = pl.view.items.size();
    if (pl.layout.centers.size() != n || pl.layout.routes.size() != pl.view.links.size())
        return QStringLiteral("sizes");
    for (size_t i = 0; i < n; ++i)
        for (size_t j = i + 1; j < n; ++j) {
            const Box a = boxOf(pl, i), b = boxOf(pl, j);
            if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 &&
                b.top < a.bottom - 0.5)
                return QStringLiteral("items %1 and %2 overlap").arg(i).arg(j);
        }
    auto near = [](LayoutPoint p, const Box &b) {
        return p.x >= b.left - 1 && p.x <= b.right + 1 && p.y >= b.top - 1 && p.y <= b.bottom + 1;
    };
    for (size_t e = 0; e < pl.view.links.size(); ++e) {
        const auto &route = pl.layout.routes[e];
        const auto [from, to] = pl.view.links[e];
        if (route.size() < 2 || !near(route.front(), boxOf(pl, size_t(from))) ||
            !near(route.back(), boxOf(pl, size_t(to)))) {
            QString points;
            for (const LayoutPoint &p : route)
                points += QStringLiteral("(%1, %2) ").arg(p.x).arg(p.y);
            return QStringLiteral("link %1 → %2 is not routed between its boxes: %3")
                .arg(from)
                .arg(to)
                .arg(points);
        }
        if (route.back().y <= route.front().y)
            return QStringLiteral("link %1 → %2 goes up").arg(from).arg(to);
    }
    return {};
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
    void openingAGroupLaysOutOnlyItsInside();
    void openingABranchMovesItsNeighbourAside();
    void openingBlocksStepByStep();
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
    QCOMPARE(closed.links.size(), size_t(3));     // a chain
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

void TestHierarchy::openingAGroupLaysOutOnlyItsInside()
{
    const Model m = residualModel(12, true);
    const ModelPicture picture = modelPicture(*m.graph);
    const BoxHierarchy h = BoxHierarchy::build(*m.graph, picture);
    const LabelMetrics metrics = estimatedLabelMetrics();
    const PictureLayout before = layoutPicture(picture, h, {}, metrics, canvasLayoutOptions());
    QVERIFY(pictureProblem(before).isEmpty());
    const int stage1 = h.topLevel()[1];
    QVERIFY(!openInPlace(picture, h, before, h.groups()[size_t(stage1)].children[0], metrics,
                         canvasLayoutOptions())); // not drawn: its stage is closed
    const auto after = openInPlace(picture, h, before, stage1, metrics, canvasLayoutOptions());
    QVERIFY(after);
    QCOMPARE(after->expanded, std::set<int>{stage1});
    QCOMPARE(after->view.items.size(), collapse(picture, h, {stage1}).items.size());
    const QString problem = pictureProblem(*after);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // Above the group nothing moved; below it everything moved down by the same amount; the
    // group's inside sits between them.
    const int opened = itemOfGroup(before.view, stage1);
    const double top = boxOf(before, size_t(opened)).top;
    double insideBottom = top, shift = -1;
    for (size_t b = 0; b < picture.boxes.size(); ++b) {
        const size_t was = size_t(before.view.itemOfBox[b]), is = size_t(after->view.itemOfBox[b]);
        if (int(was) == opened) {
            QVERIFY(boxOf(*after, is).top >= top);
            insideBottom = std::max(insideBottom, boxOf(*after, is).bottom);
            continue;
        }
        QCOMPARE(after->layout.centers[is].x, before.layout.centers[was].x);
        if (before.layout.centers[was].y < top) {
            QCOMPARE(after->layout.centers[is].y, before.layout.centers[was].y);
        } else {
            const double dy = after->layout.centers[is].y - before.layout.centers[was].y;
            if (shift < 0)
                shift = dy;
            QCOMPARE(dy, shift);
        }
    }
    QVERIFY(shift > 0);
    for (size_t b = 0; b < picture.boxes.size(); ++b)
        if (before.view.itemOfBox[b] != opened &&
            before.layout.centers[size_t(before.view.itemOfBox[b])].y > top)
            QVERIFY(boxOf(*after, size_t(after->view.itemOfBox[b])).top > insideBottom);
    // Deterministic.
    const auto again = openInPlace(picture, h, before, stage1, metrics, canvasLayoutOptions());
    for (size_t i = 0; i < after->view.items.size(); ++i) {
        QCOMPARE(again->layout.centers[i].x, after->layout.centers[i].x);
        QCOMPARE(again->layout.centers[i].y, after->layout.centers[i].y);
    }
}

void TestHierarchy::openingABranchMovesItsNeighbourAside()
{
    const Model m = twoBranchModel(6);
    const ModelPicture picture = modelPicture(*m.graph);
    const BoxHierarchy h = BoxHierarchy::build(*m.graph, picture);
    const LabelMetrics metrics = estimatedLabelMetrics();
    const int left = groupNamed(h, "left"), right = groupNamed(h, "right");
    QVERIFY(left >= 0 && right >= 0);
    const PictureLayout before = layoutPicture(picture, h, {}, metrics, canvasLayoutOptions());
    const int l = itemOfGroup(before.view, left), r = itemOfGroup(before.view, right);
    QCOMPARE(before.layout.centers[size_t(l)].y,
             before.layout.centers[size_t(r)].y); // side by side
    const auto after = openInPlace(picture, h, before, left, metrics, canvasLayoutOptions());
    QVERIFY(after);
    const QString problem = pictureProblem(*after);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // The right branch stays on the right and at its height; the six ops of the left one
    // stand in a column where the group was, fed from above and feeding the Add below.
    const int r2 = itemOfGroup(after->view, right);
    QCOMPARE(after->layout.centers[size_t(r2)].y, before.layout.centers[size_t(r)].y);
    QVERIFY(after->layout.centers[size_t(r2)].x > before.layout.centers[size_t(r)].x);
    std::vector<double> xs, ys;
    for (size_t i = 0; i < after->view.items.size(); ++i) {
        const int box = after->view.items[i].box;
        if (box >= 0 && h.groupOf(box) == left) {
            xs.push_back(after->layout.centers[i].x);
            ys.push_back(after->layout.centers[i].y);
        }
    }
    QCOMPARE(xs.size(), size_t(6));
    for (double x : xs)
        QCOMPARE(x, xs.front());
    QVERIFY(std::is_sorted(ys.begin(), ys.end()));
    QVERIFY(xs.front() < after->layout.centers[size_t(r2)].x);
}

void TestHierarchy::openingBlocksStepByStep()
{
    // Opening every group one after the other, outermost first, keeps a valid picture at each
    // step — scoped and block groups alike.
    for (bool scoped : {true, false}) {
        const Model m = residualModel(scoped ? 12 : 40, scoped);
        const ModelPicture picture = modelPicture(*m.graph);
        const BoxHierarchy h = BoxHierarchy::build(*m.graph, picture);
        const LabelMetrics metrics = estimatedLabelMetrics();
        PictureLayout current = layoutPicture(picture, h, {}, metrics, canvasLayoutOptions());
        std::vector<int> order(h.topLevel().begin(), h.topLevel().end());
        for (size_t k = 0; k < order.size(); ++k) {
            const auto next =
                openInPlace(picture, h, current, order[k], metrics, canvasLayoutOptions());
            QVERIFY(next);
            const QString problem = pictureProblem(*next);
            QVERIFY2(problem.isEmpty(),
                     qPrintable(QStringLiteral("opening %1: %2")
                                    .arg(QString::fromStdString(h.groups()[size_t(order[k])].path),
                                         problem)));
            current = *next;
            const auto &children = h.groups()[size_t(order[k])].children;
            order.insert(order.end(), children.begin(), children.end());
        }
        QCOMPARE(current.view.items.size(), picture.boxes.size()); // all open
    }
}

QTEST_GUILESS_MAIN(TestHierarchy)
#include "tst_hierarchy.moc"
