#include "gui_test_models.h"
#include "views/graph/graph_drawing.h"
#include "views/graph/graph_items.h"

#include "core/graph/graph_builder.h"

#include <QTest>

using namespace silica;

class TestGraphDrawing : public QObject
{
    Q_OBJECT

private:
    static GraphDrawing draw(const Model &model)
    {
        return drawGraph(*model.graph, DrawingFonts{nodeTitleFont(), nodeSubtitleFont()});
    }

    static int indexOf(const GraphDrawing &d, const QString &title)
    {
        for (size_t i = 0; i < d.nodes.size(); ++i)
            if (d.nodes[i].title == title)
                return static_cast<int>(i);
        return -1;
    }

    static bool hasEdge(const GraphDrawing &d, const QString &from, const QString &to)
    {
        const int f = indexOf(d, from), t = indexOf(d, to);
        for (const DrawnEdge &e : d.edges)
            if (e.from == f && e.to == t)
                return true;
        return false;
    }

private slots:
    void drawsNodesInputsAndOutputs()
    {
        const GraphDrawing d = draw(guitest::passthroughCnn());
        QCOMPARE(d.nodes.size(), size_t(8)); // 6 nodes, input x, output y (weights are not drawn)
        QCOMPARE(d.nodes[static_cast<size_t>(indexOf(d, QStringLiteral("x")))].category,
                 OpCategory::GraphInput);
        QCOMPARE(d.nodes[static_cast<size_t>(indexOf(d, QStringLiteral("y")))].category,
                 OpCategory::GraphOutput);
        const DrawnNode &conv = d.nodes[static_cast<size_t>(indexOf(d, QStringLiteral("Conv")))];
        QCOMPARE(conv.category, OpCategory::Compute);
        QCOMPARE(conv.subtitle, QString::fromUtf8("4×1×3×3"));
        const DrawnNode &relu = d.nodes[static_cast<size_t>(indexOf(d, QStringLiteral("Relu")))];
        QCOMPARE(relu.subtitle, QStringLiteral("relu"));
        QCOMPARE(d.edges.size(), size_t(7));
        QVERIFY(hasEdge(d, QStringLiteral("x"), QStringLiteral("Conv")));
        QVERIFY(hasEdge(d, QStringLiteral("Conv"), QStringLiteral("Sigmoid")));
        QVERIFY(hasEdge(d, QStringLiteral("Flatten"), QStringLiteral("y")));
    }

    void placesNodesTopToBottomWithoutOverlap()
    {
        const GraphDrawing d = draw(guitest::passthroughCnn());
        for (size_t a = 0; a < d.nodes.size(); ++a)
            for (size_t b = a + 1; b < d.nodes.size(); ++b)
                QVERIFY2(!d.nodes[a].rect.intersects(d.nodes[b].rect),
                         qPrintable(d.nodes[a].title + QLatin1Char('/') + d.nodes[b].title));
        for (const DrawnEdge &e : d.edges) {
            const QRectF &from = d.nodes[static_cast<size_t>(e.from)].rect;
            const QRectF &to = d.nodes[static_cast<size_t>(e.to)].rect;
            QVERIFY(from.bottom() < to.top());
            // The curve leaves the source's bottom side and the arrow tip touches the target.
            QCOMPARE(e.path.pointAtPercent(0).y(), from.bottom());
            QCOMPARE(e.arrow.first().y(), to.top());
            QVERIFY(d.bounds.contains(from) && d.bounds.contains(to));
        }
    }

    void linksOuterValuesIntoControlFlowNodes()
    {
        GraphBuilder thenBranch("then");
        thenBranch.node("Relu", {"a"}, {"t"});
        thenBranch.output("t", DataType::Float, {2});
        GraphBuilder elseBranch("else");
        elseBranch.node("Neg", {"a"}, {"e"});
        elseBranch.output("e", DataType::Float, {2});

        GraphBuilder b("control");
        b.input("a", DataType::Float, {2});
        b.input("cond", DataType::Bool, {});
        b.node("If", {"cond"}, {"z"}, "/branch/If")
            .graph("then_branch", thenBranch.buildGraph())
            .graph("else_branch", elseBranch.buildGraph());
        b.output("z", DataType::Float, {2});
        const GraphDrawing d = draw(b.build());
        // Subgraph bodies are not drawn; the value they read becomes an edge into If.
        QCOMPARE(d.nodes.size(), size_t(4));
        QVERIFY(hasEdge(d, QStringLiteral("a"), QStringLiteral("If")));
        QVERIFY(hasEdge(d, QStringLiteral("cond"), QStringLiteral("If")));
        QCOMPARE(d.nodes[static_cast<size_t>(indexOf(d, QStringLiteral("If")))].category,
                 OpCategory::ControlFlow);
    }
};

QTEST_MAIN(TestGraphDrawing)
#include "tst_graph_drawing.moc"
