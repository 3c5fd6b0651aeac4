// Name-scope hierarchy from exporter node names.

#include "core/graph/graph_builder.h"
#include "core/graph/name_scope.h"

#include <QtTest>

using namespace silica;

class TestNameScope : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsNodeNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("scopes");
        QTest::newRow("pytorch") << QStringLiteral("/layer1/layer1.0/conv1/Conv")
                                 << QStringList{QStringLiteral("layer1"),
                                                QStringLiteral("layer1.0"),
                                                QStringLiteral("conv1")};
        QTest::newRow("tensorflow")
            << QStringLiteral("model/block_1/Conv2D")
            << QStringList{QStringLiteral("model"), QStringLiteral("block_1")};
        QTest::newRow("flat") << QStringLiteral("Conv_0") << QStringList{};
        QTest::newRow("empty") << QString() << QStringList{};
        QTest::newRow("double slash")
            << QStringLiteral("//a//b") << QStringList{QStringLiteral("a")};
    }
    void splitsNodeNames()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, scopes);
        QStringList got;
        for (const std::string &s : nameScopes(name.toStdString()))
            got << QString::fromStdString(s);
        QCOMPARE(got, scopes);
    }

    void buildsHierarchyAndFoldsSingletons()
    {
        GraphBuilder b("resnet-ish");
        b.input("x", DataType::Float, {1, 4});
        const char *names[] = {
            "/conv1/Conv",
            "/relu/Relu",
            "/layer1/layer1.0/conv1/Conv",
            "/layer1/layer1.0/relu/Relu",
            "/layer1/layer1.0/conv2/Conv",
            "/layer1/layer1.0/Add",
            "/layer1/layer1.1/conv1/Conv",
            "/layer1/layer1.1/relu/Relu",
            "/fc/Gemm",
        };
        std::string prev = "x";
        int i = 0;
        for (const char *n : names) {
            const std::string out = "v" + std::to_string(i++);
            b.node("Relu", {prev}, {out}, n);
            prev = out;
        }
        b.output(prev);
        const Model m = b.build();
        const ScopeTree tree = ScopeTree::build(*m.graph);
        // conv1, relu, fc and the per-op scopes hold one node each: not groups.
        QCOMPARE(QString::fromStdString(tree.toString()),
                 QStringLiteral("layer1 (6)\n  layer1.0 (4)\n  layer1.1 (2)\n"));
        QCOMPARE(tree.depth(), 2);
        QCOMPARE(tree.root().nodes.size(), size_t(3));
        const Scope &inner =
            tree.scopes()[static_cast<size_t>(tree.scopeOf(m.graph->nodes[2]->id))];
        QCOMPARE(QString::fromStdString(inner.path), QStringLiteral("layer1/layer1.0"));
        QCOMPARE(tree.scopeOf(m.graph->nodes[0]->id), 0);
    }
};

QTEST_GUILESS_MAIN(TestNameScope)
#include "tst_name_scope.moc"
