// The editing IR: links between values and nodes, execution order, subgraphs, and the layered
// layout the first graph view draws.

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/graph_validation.h"
#include "core/graph/onnx_import.h"
#include "core/layout/layered_layout.h"
#include "tests/common/test_support.h"

#include <QtTest>

#include <set>

using namespace silica;

class TestGraphIr : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void linksProducersAndConsumers()
    {
        const Model m = test::smallCnn();
        const GraphIndex &idx = m.graph->index();
        const Node *relu = idx.producer("r");
        QVERIFY(relu);
        QCOMPARE(relu->opType, std::string("Relu"));
        QCOMPARE(idx.consumers("r").size(), size_t(2)); // Identity and the dead Sigmoid
        QVERIFY(idx.initializer("conv.w"));
        QVERIFY(!idx.producer("x"));
        QVERIFY(idx.graphInput("x"));
        QVERIFY(idx.isGraphOutput("logits"));
        QCOMPARE(idx.node(relu->id), relu);
        QCOMPARE(idx.typeOf("conv.w").toString(), std::string("float[4,3,3,3]"));
    }

    void ordersTopologicallyKeepingFileOrder()
    {
        GraphBuilder b("order");
        b.input("x", DataType::Float, {1});
        b.node("Relu", {"b"}, {"c"}, "third");
        b.node("Relu", {"x"}, {"a"}, "first");
        b.node("Relu", {"a"}, {"b"}, "second");
        b.node("Relu", {"x"}, {"d"}, "independent");
        b.output("c");
        b.output("d");
        const Model m = b.build();
        auto order = topologicalOrder(*m.graph);
        QVERIFY(order.hasValue());
        QStringList names;
        for (const Node *n : order.value())
            names << QString::fromStdString(n->name);
        QCOMPARE(names, (QStringList{QStringLiteral("first"), QStringLiteral("second"),
                                     QStringLiteral("third"), QStringLiteral("independent")}));
    }

    void keepsSubgraphsAndTheirOuterReferences()
    {
        const QString path = test::onnxTestDataDir() + QStringLiteral("/node/test_if/model.onnx");
        auto loaded = loadModel(path.toStdString());
        QVERIFY2(loaded.hasValue(), loaded.status().toString().c_str());
        const Graph &g = *loaded->model->graph;
        QCOMPARE(g.nodes.size(), size_t(1));
        const auto subgraphs = g.nodes[0]->subgraphs();
        QCOMPARE(subgraphs.size(), size_t(2));
        // Node ids are unique across the model, subgraphs included.
        std::set<NodeId> ids{g.nodes[0]->id};
        for (const GraphPtr &sub : subgraphs)
            for (const NodePtr &n : sub->nodes)
                QVERIFY(ids.insert(n->id).second);
        QCOMPARE(loaded->model->nextNodeId, NodeId(ids.size()));
    }

    void subgraphReadsCountAsConsumers()
    {
        GraphBuilder thenB("then_branch");
        thenB.node("Identity", {"outer"}, {"t"});
        thenB.output("t");
        GraphBuilder elseB("else_branch");
        elseB.node("Neg", {"outer"}, {"e"});
        elseB.output("e");
        GraphBuilder b("main");
        b.input("cond", DataType::Bool, {});
        b.input("x", DataType::Float, {2});
        b.node("Relu", {"x"}, {"outer"}, "producer");
        b.node("If", {"cond"}, {"y"}, "branch")
            .graph("then_branch", thenB.buildGraph())
            .graph("else_branch", elseB.buildGraph());
        b.output("y");
        const Model m = b.build();
        const GraphIndex &idx = m.graph->index();
        QCOMPARE(idx.consumers("outer").size(), size_t(1));
        QCOMPARE(idx.node(idx.consumers("outer")[0])->name, std::string("branch"));
        QVERIFY(validateModel(m, "inline").isOk());
        QCOMPARE(outerScopeReferences(*m.graph->nodes[1]->subgraphs()[0]),
                 std::vector<std::string>{"outer"});
    }

    void laysOutChainsStraightAndWithoutOverlap()
    {
        // A residual chain: 0→1→2→3 with a skip 0→3 and a side branch 1→4→3.
        LayoutGraph g;
        g.widths.assign(5, 80);
        g.heights.assign(5, 30);
        g.edges = {{0, 1}, {1, 2}, {2, 3}, {0, 3}, {1, 4}, {4, 3}};
        const LayoutResult r = layeredLayout(g);
        QCOMPARE(r.ranks, (std::vector<int>{0, 1, 2, 3, 2}));
        for (size_t e = 0; e < g.edges.size(); ++e) {
            const auto [from, to] = g.edges[e];
            QVERIFY(r.centers[static_cast<size_t>(from)].y < r.centers[static_cast<size_t>(to)].y);
            QVERIFY(r.routes[e].size() >= 2);
        }
        // Nodes on one rank never overlap.
        QVERIFY(std::abs(r.centers[2].x - r.centers[4].x) >= 80);
        // The main chain keeps a straight spine from top to bottom.
        QCOMPARE(r.centers[0].x, r.centers[1].x);
        QCOMPARE(countCrossings(g, r), size_t(0));
    }
    void placesWeightOnlyChainsNextToTheirUser()
    {
        // input 0 → 1 → 2 → 3 → 4; a Constant 5 → Cast 6 feeds node 4 only.
        LayoutGraph g;
        g.widths.assign(7, 60);
        g.heights.assign(7, 30);
        g.edges = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {5, 6}, {6, 4}};
        g.anchors = {0};
        const LayoutResult r = layeredLayout(g);
        QCOMPARE(r.ranks[4], 4);
        QCOMPARE(r.ranks[6], 3); // just above its user, not on rank 1
        QCOMPARE(r.ranks[5], 2);
        QCOMPARE(r.ranks[0], 0); // the anchor keeps its place
    }
};

QTEST_GUILESS_MAIN(TestGraphIr)
#include "tst_graph_ir.moc"
