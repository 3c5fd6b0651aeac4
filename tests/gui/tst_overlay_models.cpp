// The overlay item models and colours without a window: the palette, the built-in op-category
// channel, the bottleneck list (order, F8 stepping), Find's model and the node tooltip.

#include "gui_test_models.h"

#include "core/graph/graph_index.h"
#include "core/session/overlay_file.h"
#include "views/graph/op_category.h"
#include "views/models/bottleneck_model.h"
#include "views/models/node_search_model.h"
#include "views/models/node_tool_tip.h"
#include "views/models/op_category_overlay.h"
#include "views/models/overlay_palette.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace silica;

namespace {

NodeId idOf(const Model &m, const char *name)
{
    for (const NodePtr &n : m.graph->nodes)
        if (n->name == name)
            return n->id;
    return kInvalidNodeId;
}

OverlayChannelPtr channelFrom(const Model &m, const QByteArray &json)
{
    const Expected<LoadedOverlay> loaded = parseOverlay(
        std::string_view(json.constData(), size_t(json.size())), "test.json", m.graph.get());
    return loaded ? loaded->channels.at(0) : nullptr;
}

const QByteArray kLatency = R"({"id": "lat", "name": "Latency", "kind": "continuous",
    "unit": "ms", "worse": "higher", "values": {
        "/features/conv/Conv": 4.0, "/features/relu/Relu": 1.0, "/Flatten": 2.5,
        "/head/Sigmoid": { "value": 3.0, "reason": "runs twice" } } })";

const QByteArray kSupport = R"({"id": "npu", "name": "NPU support", "kind": "categorical",
    "categories": [ { "id": "npu", "label": "NPU", "color": "#2e7d32" },
                    { "id": "cpu", "label": "CPU fallback", "severity": 1 },
                    { "id": "none", "label": "Unsupported", "severity": 2 } ],
    "values": { "/features/conv/Conv": "npu", "/features/relu/Relu": "npu",
                "/Flatten": { "category": "cpu", "reason": "CPU fallback: op not supported" } } })";

} // namespace

class TestOverlayModels : public QObject
{
    Q_OBJECT

private:
    ModelPtr m_model = guitest::loadedPassthroughCnn();

private slots:
    void opCategoryChannelCoversEveryNode()
    {
        const OverlayChannelPtr c = opCategoryOverlay(*m_model->graph);
        QCOMPARE(QString::fromStdString(c->id), QStringLiteral("op-category"));
        QCOMPARE(c->values.size(), m_model->graph->nodes.size());
        const OverlayPalette palette(c, m_model->graph.get());
        QCOMPARE(palette.missingCount(), 0);
        // The canvas's usual category colours.
        const Node *conv = m_model->graph->index().node(idOf(*m_model, "/features/conv/Conv"));
        QCOMPARE(palette.colorFor(*conv), categoryColor(OpCategory::Compute));
        QCOMPARE(palette.categories()[0].count, 1); // one Conv
    }

    void categoricalColoursComeFromFileOrPalette()
    {
        const OverlayPalette palette(channelFrom(*m_model, kSupport), m_model->graph.get());
        QCOMPARE(palette.categories().size(), size_t(3));
        QCOMPARE(palette.categoryColor(0), QColor(0x2e, 0x7d, 0x32));
        QVERIFY(palette.categoryColor(1).isValid());
        QVERIFY(palette.categoryColor(1) != palette.categoryColor(2));
        QVERIFY(palette.categoryColor(1) != OverlayPalette::missingColor());
        QCOMPARE(palette.categories()[0].count, 2);
        QCOMPARE(palette.categories()[1].count, 1);
        QCOMPARE(palette.categories()[2].count, 0);
        QCOMPARE(palette.missingCount(), 3); // Identity, Dropout, Sigmoid
        const Node *identity = m_model->graph->index().node(idOf(*m_model, "/features/Identity"));
        QCOMPARE(palette.colorFor(*identity), OverlayPalette::missingColor());
    }

    void continuousRampRunsFromBestToWorst()
    {
        const OverlayChannelPtr c = channelFrom(*m_model, kLatency);
        const OverlayPalette palette(c, m_model->graph.get());
        QVERIFY(palette.isContinuous());
        QVERIFY(!palette.isLogarithmic());
        QCOMPARE(palette.rampPosition(1.0), 0.0);
        QCOMPARE(palette.rampPosition(4.0), 1.0);
        QCOMPARE(palette.bestText(), QStringLiteral("1 ms"));
        QCOMPARE(palette.worstText(), QStringLiteral("4 ms"));
        const QColor best = OverlayPalette::rampColor(0), worst = OverlayPalette::rampColor(1);
        // Worse is darker: the ramp's lightness falls monotonically.
        double previous = 2;
        for (int i = 0; i <= 20; ++i) {
            const double lightness = OverlayPalette::rampColor(i / 20.0).lightnessF();
            QVERIFY2(lightness <= previous + 1e-3, qPrintable(QString::number(i)));
            previous = lightness;
        }
        QVERIFY(best.lightnessF() > 0.8 && worst.lightnessF() < 0.45);
        QCOMPARE(textColorOn(worst), QColor(Qt::white));
        QCOMPARE(textColorOn(best), QColor(0x1c, 0x1c, 0x1c));

        // Lower is worse: the same values, the ramp reversed.
        auto reversed = std::make_shared<OverlayChannel>(*c);
        reversed->worse = WorseDirection::Lower;
        const OverlayPalette lower(reversed, m_model->graph.get());
        QCOMPARE(lower.rampPosition(1.0), 1.0);
        QCOMPARE(lower.worstText(), QStringLiteral("1 ms"));

        // Values over two decades: logarithmic, so the middle decade sits mid-ramp.
        auto wide = std::make_shared<OverlayChannel>(*c);
        wide->values["/features/relu/Relu"].number = 0.01;
        wide->values["/features/conv/Conv"].number = 10;
        const OverlayPalette log(wide, m_model->graph.get());
        QVERIFY(log.isLogarithmic());
        QVERIFY(std::abs(log.rampPosition(0.1) - 1.0 / 3) < 1e-9);
    }

    void bottleneckListIsWorstFirstAndSteps()
    {
        BottleneckModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const OverlayPalette palette(channelFrom(*m_model, kLatency), m_model->graph.get());
        model.setOverlay(m_model, palette, nullptr);
        QCOMPARE(model.rowCount(), 4);
        QStringList names;
        for (int r = 0; r < model.rowCount(); ++r)
            names << model.index(r, BottleneckModel::NodeColumn).data().toString();
        QCOMPARE(names, (QStringList{QStringLiteral("/features/conv/Conv"),
                                     QStringLiteral("/head/Sigmoid"), QStringLiteral("/Flatten"),
                                     QStringLiteral("/features/relu/Relu")}));
        QCOMPARE(model.index(0, BottleneckModel::ValueColumn).data().toString(),
                 QStringLiteral("4 ms"));
        QCOMPARE(model.index(0, BottleneckModel::OpColumn).data().toString(),
                 QStringLiteral("Conv"));
        QCOMPARE(
            model.index(0, BottleneckModel::ValueColumn).data(Qt::DecorationRole).value<QColor>(),
            palette.colorFor(palette.channel()->value("/features/conv/Conv")));
        QVERIFY(model.index(1, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("runs twice")));
        QCOMPARE(model.headerData(BottleneckModel::ValueColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Value"));

        const NodeId conv = idOf(*m_model, "/features/conv/Conv");
        const NodeId relu = idOf(*m_model, "/features/relu/Relu");
        QCOMPARE(model.step(kInvalidNodeId, 1), 0);  // F8 with nothing listed selected
        QCOMPARE(model.step(kInvalidNodeId, -1), 3); // Shift+F8 starts at the end
        QCOMPARE(model.step(conv, 1), 1);
        QCOMPARE(model.step(conv, -1), 3);                                // wraps
        QCOMPARE(model.step(relu, 1), 0);                                 // wraps
        QCOMPARE(model.step(idOf(*m_model, "/features/Identity"), 1), 0); // not listed

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.step(conv, 1), -1);
    }

    void searchModelReportsMatchesAndErrors()
    {
        NodeSearchModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setModel(m_model);
        QCOMPARE(model.statusText(), QString());
        model.setQuery(NodeQuery{NodeMatch::OpType, "relu", false});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.nodeAt(0), idOf(*m_model, "/features/relu/Relu"));
        QCOMPARE(model.index(0, NodeSearchModel::OpColumn).data().toString(),
                 QStringLiteral("Relu"));
        QCOMPARE(model.statusText(), QStringLiteral("Matches: 1"));
        model.setQuery(NodeQuery{NodeMatch::NameContains, "nothing-like-this", false});
        QCOMPARE(model.statusText(), QStringLiteral("No node matches"));
        model.setQuery(NodeQuery{NodeMatch::Regex, "[a-", false});
        QVERIFY(model.hasError());
        QCOMPARE(model.rowCount(), 0);
        QVERIFY2(model.errorText().startsWith(QStringLiteral("Invalid regular expression: ")),
                 qPrintable(model.errorText()));
        QCOMPARE(model.statusText(), model.errorText());
    }

    void toolTipShowsShapesAndOverlayValue()
    {
        const Graph &graph = *m_model->graph;
        const Node *flatten = graph.index().node(idOf(*m_model, "/Flatten"));
        const OverlayPalette support(channelFrom(*m_model, kSupport), &graph);
        const QString tip = nodeToolTip(graph, *flatten, support);
        QVERIFY2(tip.contains(QStringLiteral("float[1,4,8,8]")), qPrintable(tip)); // input
        QVERIFY2(tip.contains(QStringLiteral("float[1,256]")), qPrintable(tip));   // output
        QVERIFY2(tip.contains(QStringLiteral("NPU support:</b> CPU fallback")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("CPU fallback: op not supported")), qPrintable(tip));

        const Node *conv = graph.index().node(idOf(*m_model, "/features/conv/Conv"));
        const QString convTip = nodeToolTip(graph, *conv, OverlayPalette());
        QVERIFY2(convTip.contains(QStringLiteral("float[4,1,3,3] (weight)")), qPrintable(convTip));

        const Node *identity = graph.index().node(idOf(*m_model, "/features/Identity"));
        QVERIFY(nodeToolTip(graph, *identity, support).contains(QStringLiteral("no value")));
    }
};

QTEST_GUILESS_MAIN(TestOverlayModels)
#include "tst_overlay_models.moc"
