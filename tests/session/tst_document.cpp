// Document versions, sharing between versions, and the remove-Identity/Dropout/dead edit.

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/graph_validation.h"
#include "core/graph/onnx_import.h"
#include "core/session/document.h"
#include "core/session/remove_passthrough.h"
#include "tests/common/test_support.h"

#include <QtTest>

using namespace silica;

namespace {
int count(const Model &m, const std::string &op)
{
    int n = 0;
    for (const NodePtr &node : m.graph->nodes)
        n += node->opType == op;
    return n;
}
} // namespace

class TestDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void removesIdentityDropoutAndDeadNodes()
    {
        auto base = std::make_shared<const Model>(test::smallCnn());
        const PassthroughCleanup r = removePassthroughAndDeadNodes(base);
        QCOMPARE(r.identities, 1);
        QCOMPARE(r.dropouts, 1);
        QCOMPARE(r.deadNodes, 1); // the Sigmoid nobody reads
        QCOMPARE(r.unusedInitializers, 1);
        QCOMPARE(
            QString::fromStdString(r.summary()),
            QStringLiteral("Removed 1 Identity, 1 Dropout and 1 dead node (1 unused initializer)"));
        const Model &m = *r.model;
        QCOMPARE(m.graph->nodes.size(), size_t(4));
        QCOMPARE(count(m, "Identity"), 0);
        QCOMPARE(count(m, "Dropout"), 0);
        // Flatten now reads the Relu output directly; the model interface is unchanged.
        const GraphIndex &idx = m.graph->index();
        QCOMPARE(idx.node(idx.consumers("r")[0])->opType, std::string("Flatten"));
        QCOMPARE(m.graph->outputs[0].name, std::string("logits"));
        QVERIFY(!idx.initializer("unused"));
    }

    void sharesUnchangedNodesAndWeights()
    {
        auto base = std::make_shared<const Model>(test::smallCnn());
        const PassthroughCleanup r = removePassthroughAndDeadNodes(base);
        const GraphIndex &before = base->graph->index();
        const GraphIndex &after = r.model->graph->index();
        // Conv and Gemm were not touched: the very same node objects and weight buffers.
        const Node *convBefore = before.producer("c");
        QCOMPARE(after.producer("c"), convBefore);
        QCOMPARE(after.producer("logits"), before.producer("logits"));
        QCOMPARE(after.initializer("fc.w"), before.initializer("fc.w"));
        // Flatten changed its input: a new node object that keeps its stable id.
        QVERIFY(after.producer("f") != before.producer("f"));
        QCOMPARE(after.producer("f")->id, before.producer("f")->id);
        // The base version is unchanged.
        QCOMPARE(base->graph->nodes.size(), size_t(7));
    }

    void keepsGraphOutputNamesWhenIdentityFeedsThem()
    {
        GraphBuilder b("out");
        b.input("x", DataType::Float, {1});
        b.node("Relu", {"x"}, {"r"}, "relu");
        b.node("Identity", {"r"}, {"y"}, "id");
        b.node("Identity", {"x"}, {"z"}, "input_passthrough"); // input → output: must stay
        b.output("y");
        b.output("z");
        auto base = std::make_shared<const Model>(b.build());
        const PassthroughCleanup r = removePassthroughAndDeadNodes(base);
        QCOMPARE(r.identities, 1);
        const GraphIndex &idx = r.model->graph->index();
        QCOMPARE(idx.producer("y")->opType, std::string("Relu"));
        QCOMPARE(idx.producer("z")->opType, std::string("Identity"));
    }

    void keepsDropoutWhoseMaskIsUsed()
    {
        GraphBuilder b("mask");
        b.input("x", DataType::Float, {4});
        b.node("Dropout", {"x"}, {"y", "mask"}, "drop");
        b.output("y");
        b.output("mask");
        auto base = std::make_shared<const Model>(b.build());
        const PassthroughCleanup r = removePassthroughAndDeadNodes(base);
        QCOMPARE(r.dropouts, 0);
        QCOMPARE(r.model, ModelPtr(base)); // nothing changed: the same version
    }

    void undoAndRedoMoveBetweenVersions()
    {
        auto base = std::make_shared<const Model>(test::smallCnn());
        Document doc(base, "small.onnx");
        QVERIFY(!doc.canUndo());
        const uint64_t first = doc.current()->id;
        const PassthroughCleanup r = removePassthroughAndDeadNodes(doc.model());
        doc.commit(r.model, r.summary());
        QCOMPARE(doc.model()->graph->nodes.size(), size_t(4));
        QVERIFY(doc.canUndo());
        doc.undo();
        QCOMPARE(doc.model(), ModelPtr(base));
        QCOMPARE(doc.current()->id, first);
        QVERIFY(doc.canRedo());
        doc.redo();
        QCOMPARE(doc.model(), r.model);
        QVERIFY(doc.setCurrent(first));
        // A new edit after undo drops the redo branch.
        doc.commit(base, "again");
        QVERIFY(!doc.canRedo());
        QCOMPARE(doc.history().size(), size_t(2));
    }

    void cleansConformanceModelsWithoutBreakingThem()
    {
        // Every conformance model stays valid after the edit (dead-node removal included).
        int edited = 0;
        for (const QString &path : test::onnxTestModels()) {
            auto loaded = loadModel(path.toStdString(), {false, false});
            QVERIFY2(loaded.hasValue(), qPrintable(path));
            const PassthroughCleanup r = removePassthroughAndDeadNodes(loaded->model);
            if (r.model == loaded->model)
                continue;
            ++edited;
            const Status s = validateModel(*r.model, path.toStdString());
            QVERIFY2(s.isOk(), s.toString().c_str());
        }
        QVERIFY(edited > 0);
    }
};

QTEST_GUILESS_MAIN(TestDocument)
#include "tst_document.moc"
