#include "gui_test_models.h"
#include "views/models/node_inspector_model.h"

#include "core/graph/graph_index.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace silica;

class TestNodeInspectorModel : public QObject
{
    Q_OBJECT

private:
    ModelPtr m_model;

    NodeId nodeByOp(const std::string &op) const
    {
        for (const NodePtr &n : m_model->graph->nodes)
            if (n->opType == op)
                return n->id;
        return kInvalidNodeId;
    }

    // Value of the row whose property is `property` under `parent`; "<missing>" if none.
    static QString valueOf(const NodeInspectorModel &m, const QModelIndex &parent,
                           const QString &property)
    {
        for (int r = 0; r < m.rowCount(parent); ++r)
            if (m.index(r, 0, parent).data().toString() == property)
                return m.index(r, 1, parent).data().toString();
        return QStringLiteral("<missing>");
    }

    static QModelIndex rowOf(const NodeInspectorModel &m, const QModelIndex &parent,
                             const QString &property)
    {
        for (int r = 0; r < m.rowCount(parent); ++r)
            if (m.index(r, 0, parent).data().toString() == property)
                return m.index(r, 0, parent);
        return {};
    }

private slots:
    void initTestCase()
    {
        m_model = guitest::loadedPassthroughCnn();
        QVERIFY(m_model);
    }

    void passesModelTesterForEveryNode()
    {
        NodeInspectorModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.isEmpty());
        for (const NodePtr &n : m_model->graph->nodes) {
            model.setNode(m_model, n->id);
            QVERIFY(!model.isEmpty());
            QCOMPARE(model.rowCount(), 5);
        }
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void showsNodeIdentity()
    {
        NodeInspectorModel model;
        const NodeId conv = nodeByOp("Conv");
        model.setNode(m_model, conv);
        const QModelIndex node = model.sectionIndex(NodeInspectorModel::NodeSection);
        QCOMPARE(node.data().toString(), QStringLiteral("Node"));
        QCOMPARE(valueOf(model, node, QStringLiteral("Name")),
                 QStringLiteral("/features/conv/Conv"));
        QCOMPARE(valueOf(model, node, QStringLiteral("Operator")), QStringLiteral("Conv"));
        QCOMPARE(valueOf(model, node, QStringLiteral("Domain")), QStringLiteral("ai.onnx"));
        QCOMPARE(valueOf(model, node, QStringLiteral("Id")), QString::number(conv));
    }

    void listsAttributes_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<QString>("attribute");
        QTest::addColumn<QString>("value");
        QTest::newRow("conv kernel") << "Conv"
                                     << "kernel_shape"
                                     << "[3,3]";
        QTest::newRow("conv pads") << "Conv"
                                   << "pads"
                                   << "[1,1,1,1]";
        QTest::newRow("flatten axis") << "Flatten"
                                      << "axis"
                                      << "1";
    }

    void listsAttributes()
    {
        QFETCH(QString, op);
        QFETCH(QString, attribute);
        QFETCH(QString, value);
        NodeInspectorModel model;
        model.setNode(m_model, nodeByOp(op.toStdString()));
        const QModelIndex attrs = model.sectionIndex(NodeInspectorModel::AttributeSection);
        QCOMPARE(valueOf(model, attrs, attribute), value);
    }

    void showsInputTypesAndWeightStatistics()
    {
        NodeInspectorModel model;
        model.setNode(m_model, nodeByOp("Conv"));
        const QModelIndex inputs = model.sectionIndex(NodeInspectorModel::InputSection);
        QCOMPARE(model.rowCount(inputs), 3);
        QCOMPARE(valueOf(model, inputs, QStringLiteral("x")), QStringLiteral("float[1,1,8,8]"));
        QCOMPARE(model.rowCount(rowOf(model, inputs, QStringLiteral("x"))), 0);

        const QModelIndex w = rowOf(model, inputs, QStringLiteral("W"));
        QVERIFY(w.isValid());
        QCOMPARE(valueOf(model, inputs, QStringLiteral("W")),
                 QStringLiteral("float[4,1,3,3] (weight)"));
        // 0..35 with every third element (12 of them) zeroed.
        QCOMPARE(valueOf(model, w, QStringLiteral("Count")), QStringLiteral("36"));
        QCOMPARE(valueOf(model, w, QStringLiteral("Min")), QStringLiteral("0"));
        QCOMPARE(valueOf(model, w, QStringLiteral("Max")), QStringLiteral("35"));
        QCOMPARE(valueOf(model, w, QStringLiteral("Zeros")), QStringLiteral("33.3 %"));
        double sum = 0;
        for (int i = 0; i < 36; ++i)
            sum += i % 3 == 0 ? 0 : i;
        QCOMPARE(valueOf(model, w, QStringLiteral("Mean")), QLocale().toString(sum / 36, 'g', 5));
    }

    void showsOutputShapeFromShapeInference()
    {
        NodeInspectorModel model;
        model.setNode(m_model, nodeByOp("Conv"));
        const QModelIndex outputs = model.sectionIndex(NodeInspectorModel::OutputSection);
        QCOMPARE(valueOf(model, outputs, QStringLiteral("c")), QStringLiteral("float[1,4,8,8]"));
    }

    void showsCost()
    {
        NodeInspectorModel model;
        model.setNode(m_model, nodeByOp("Conv"));
        const QModelIndex cost = model.sectionIndex(NodeInspectorModel::CostSection);
        // 4 output channels × 8 × 8 positions × 9 taps.
        QCOMPARE(valueOf(model, cost, QStringLiteral("MACs")), QStringLiteral("2304"));
        QCOMPARE(valueOf(model, cost, QStringLiteral("Parameters")), QStringLiteral("40"));
        QCOMPARE(valueOf(model, cost, QStringLiteral("Activations out")),
                 QStringLiteral("1.0 KiB"));
    }

    void unknownNodeShowsNothing()
    {
        NodeInspectorModel model;
        model.setNode(m_model, nodeByOp("Conv"));
        model.setNode(m_model, 999999);
        QVERIFY(model.isEmpty());
        QCOMPARE(model.node(), kInvalidNodeId);
        model.setNode(nullptr, 0);
        QVERIFY(model.isEmpty());
    }
};

QTEST_MAIN(TestNodeInspectorModel)
#include "tst_node_inspector_model.moc"
