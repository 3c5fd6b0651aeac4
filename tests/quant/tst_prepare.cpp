// Raising a model's opset before quantizing it: ops whose attributes became inputs, and the
// pre-13 Softmax family with its flatten-to-2-D semantics, compute exactly what they did at
// opset 9 (every output, in Silica's runtime); ops that cannot be carried over are named; the
// IR version follows ONNX's versioning table.

#include "core/graph/graph_builder.h"
#include "core/quant/prepare.h"
#include "core/runtime/session.h"

#include <QTest>

#include <cmath>
#include <cstring>
#include <map>
#include <random>

using namespace silica;
using namespace silica::quant;

namespace {

struct OldModel
{
    Model model;
    std::vector<std::pair<std::string, std::vector<int64_t>>> inputs; // float inputs and their shapes
};

// Opset-9 models, one per op family that changed between 9 and 21.
OldModel oldModel(const QString &kind)
{
    GraphBuilder b("old", 9);
    OldModel m;
    auto input = [&](const std::string &name, std::vector<int64_t> shape) {
        b.input(name, DataType::Float, shape);
        m.inputs.emplace_back(name, shape);
    };
    if (kind == QLatin1String("Slice")) {
        input("x", {3, 8, 5});
        b.node("Slice", {"x"}, {"a"}, "/slice_axes").ints("starts", {1, 2}).ints("ends", {3, -1}).ints("axes", {0, 1});
        b.node("Slice", {"x"}, {"b"}, "/slice_all")
            .ints("starts", {0, -6, 1})
            .ints("ends", {2, 1000, 4}); // past the end: clamped
        b.output("a");
        b.output("b");
    } else if (kind == QLatin1String("Clip")) {
        input("x", {2, 3, 4});
        b.node("Clip", {"x"}, {"a"}, "/clip_both").f("min", -0.3f).f("max", 0.5f);
        b.node("Clip", {"x"}, {"b"}, "/clip_max").f("max", 0.2f);
        b.node("Clip", {"x"}, {"c"}, "/clip_min").f("min", -0.1f);
        b.output("a");
        b.output("b");
        b.output("c");
    } else if (kind == QLatin1String("Pad")) {
        input("x", {2, 4, 5});
        b.node("Pad", {"x"}, {"a"}, "/pad_constant").ints("pads", {0, 1, 2, 1, 2, 0}).f("value", 0.7f);
        b.node("Pad", {"x"}, {"b"}, "/pad_zero").ints("pads", {0, 0, 1, 0, 0, 3});
        b.node("Pad", {"x"}, {"c"}, "/pad_reflect").ints("pads", {0, 1, 2, 0, 2, 1}).s("mode", "reflect");
        b.output("a");
        b.output("b");
        b.output("c");
    } else if (kind == QLatin1String("Squeeze/Unsqueeze")) {
        input("x", {2, 1, 5, 1});
        b.node("Squeeze", {"x"}, {"s"}, "/squeeze").ints("axes", {1});
        b.node("Unsqueeze", {"s"}, {"a"}, "/unsqueeze").ints("axes", {0, 3});
        b.node("Squeeze", {"x"}, {"b"}, "/squeeze_all"); // no axes: every 1
        b.output("a");
        b.output("b");
    } else if (kind == QLatin1String("Softmax")) {
        // Before opset 13, axis 1 of a [2, 3, 4] input normalises over 12 values, not 3.
        input("x", {2, 3, 4});
        b.node("Softmax", {"x"}, {"a"}, "/softmax").i("axis", 1);
        b.node("LogSoftmax", {"x"}, {"b"}, "/log_softmax"); // default axis 1
        b.node("Hardmax", {"x"}, {"c"}, "/hardmax").i("axis", 2);
        b.node("Softmax", {"x"}, {"d"}, "/softmax_0").i("axis", 0);
        b.output("a");
        b.output("b");
        b.output("c");
        b.output("d");
    } else if (kind == QLatin1String("Reduce")) {
        input("x", {2, 3, 4});
        b.node("ReduceMean", {"x"}, {"a"}, "/mean").ints("axes", {1});
        b.node("ReduceMean", {"x"}, {"b"}, "/mean_flat").ints("axes", {0, 2}).i("keepdims", 0);
        b.node("ReduceSum", {"x"}, {"c"}, "/sum").ints("axes", {2});
        b.node("ReduceMax", {"x"}, {"d"}, "/max").ints("axes", {0}).i("keepdims", 0);
        b.node("ReduceMean", {"x"}, {"e"}, "/mean_all");
        b.output("a");
        b.output("b");
        b.output("c");
        b.output("d");
        b.output("e");
    } else if (kind == QLatin1String("Split")) {
        input("x", {2, 6});
        b.node("Split", {"x"}, {"a", "b"}, "/split_sizes").i("axis", 1).ints("split", {2, 4});
        b.node("Split", {"x"}, {"c", "d", "e"}, "/split_equal").i("axis", 1);
        for (const char *o : {"a", "b", "c", "d", "e"})
            b.output(o);
    } else if (kind == QLatin1String("TopK")) {
        input("x", {3, 7});
        b.node("TopK", {"x"}, {"v", "i"}, "/topk").i("k", 3);
        b.output("v");
        b.output("i");
    }
    m.model = b.build();
    return m;
}

runtime::NamedTensors randomFeeds(const OldModel &m)
{
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> d(-2, 2);
    runtime::NamedTensors feeds;
    for (const auto &[name, shape] : m.inputs) {
        std::vector<float> v(size_t(runtime::elementCount(shape)));
        for (float &x : v)
            x = d(rng);
        feeds.emplace_back(name, runtime::Tensor::fromVector<float>(DataType::Float, shape, v));
    }
    return feeds;
}

Expected<runtime::NamedTensors> run(const Model &m, const runtime::NamedTensors &feeds)
{
    auto session = runtime::InferenceSession::create(std::make_shared<const Model>(m));
    if (!session)
        return session.error();
    auto r = (*session)->run(feeds);
    if (!r)
        return r.error();
    return r->outputs;
}

// Attributes that are inputs at `opset`: none of them may be left on a raised node.
bool hasStaleAttribute(const Node &n, int64_t opset)
{
    static const std::map<std::string, std::vector<std::string>> moved = {
        {"Slice", {"starts", "ends", "axes"}}, {"Clip", {"min", "max"}},    {"Pad", {"pads", "value"}},
        {"Squeeze", {"axes"}},                {"Unsqueeze", {"axes"}},     {"ReduceSum", {"axes"}},
        {"Split", {"split"}},                 {"TopK", {"k"}},
    };
    auto it = moved.find(n.opType);
    if (it != moved.end())
        for (const std::string &a : it->second)
            if (n.attribute(a))
                return true;
    return opset >= 18 && n.opType.rfind("Reduce", 0) == 0 && n.attribute("axes");
}

} // namespace

class TestPrepare : public QObject
{
    Q_OBJECT

private slots:
    void raisedModelComputesTheSame_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("opset");
        for (const char *kind : {"Slice", "Clip", "Pad", "Squeeze/Unsqueeze", "Softmax", "Reduce", "Split", "TopK"})
            for (int opset : {13, 21})
                QTest::addRow("%s to %d", kind, opset) << QString::fromLatin1(kind) << opset;
    }
    void raisedModelComputesTheSame()
    {
        QFETCH(QString, kind);
        QFETCH(int, opset);
        const OldModel old = oldModel(kind);
        auto raised = raiseOpset(old.model, opset);
        QVERIFY2(raised, raised ? "" : raised.error().message().c_str());
        QCOMPARE(raised->opsetVersion(""), int64_t(opset));
        QCOMPARE(old.model.opsetVersion(""), int64_t(9)); // the original is left alone
        for (const NodePtr &n : raised->graph->nodes)
            QVERIFY2(!hasStaleAttribute(*n, opset), (n->name + " still has an attribute that is an input now").c_str());

        const runtime::NamedTensors feeds = randomFeeds(old);
        auto before = run(old.model, feeds);
        QVERIFY2(before, before ? "" : before.error().message().c_str());
        auto after = run(*raised, feeds);
        QVERIFY2(after, after ? "" : after.error().message().c_str());
        QCOMPARE(after->size(), before->size());
        for (size_t o = 0; o < before->size(); ++o) {
            const runtime::Tensor &a = (*before)[o].second, &b = (*after)[o].second;
            const QByteArray what = QByteArray::fromStdString((*before)[o].first);
            QCOMPARE((*after)[o].first, (*before)[o].first);
            QVERIFY2(a.shape() == b.shape(), what.constData());
            QVERIFY2(a.dataType() == b.dataType(), what.constData());
            QVERIFY2(a.isPlain() && b.isPlain(), what.constData());
            QVERIFY2(std::memcmp(a.raw(), b.raw(), a.byteSize()) == 0, what.constData());
        }
    }

    void splitIntoEqualPartsSaysHowManyFromOpset18()
    {
        // Split-18: "Either input 'split' or the attribute 'num_outputs' should be specified".
        const OldModel old = oldModel(QStringLiteral("Split"));
        auto raised = raiseOpset(old.model, 21);
        QVERIFY(raised);
        for (const NodePtr &n : raised->graph->nodes) {
            if (n->opType != "Split")
                continue;
            const bool sizes = n->inputs.size() > 1 && !n->inputs[1].empty();
            QVERIFY2(sizes != bool(n->attribute("num_outputs")), n->name.c_str());
            if (!sizes)
                QCOMPARE(n->intAttribute("num_outputs", 0), int64_t(n->outputs.size()));
        }
        // Before 18 there is no such attribute.
        auto at13 = raiseOpset(old.model, 13);
        QVERIFY(at13);
        for (const NodePtr &n : at13->graph->nodes)
            QVERIFY(!n->attribute("num_outputs"));
    }

    void softmaxKeepsItsFlattenSemantics()
    {
        const OldModel old = oldModel(QStringLiteral("Softmax"));
        auto raised = raiseOpset(old.model, 13);
        QVERIFY(raised);
        size_t flatten = 0, reshape = 0;
        for (const NodePtr &n : raised->graph->nodes) {
            flatten += n->opType == "Flatten";
            reshape += n->opType == "Reshape";
            if (n->name == "/softmax")
                QCOMPARE(n->intAttribute("axis", -1), int64_t(1)); // over the flattened row
        }
        QCOMPARE(flatten, size_t(4));
        QCOMPARE(reshape, size_t(4));
        // Normalised over all 12 values of each batch row, as at opset 9.
        const runtime::NamedTensors feeds = randomFeeds(old);
        auto out = run(*raised, feeds);
        QVERIFY(out);
        const float *a = out->front().second.data<float>();
        for (int r = 0; r < 2; ++r) {
            double sum = 0;
            for (int i = 0; i < 12; ++i)
                sum += a[r * 12 + i];
            QVERIFY(std::fabs(sum - 1) < 1e-5);
        }
    }

    void namesTheNodeThatCannotBeRaised()
    {
        GraphBuilder b("old", 9);
        b.input("x", DataType::Float, {1, 2, 3, 3});
        b.initializer("scales", {4}, {1, 1, 2, 2});
        b.node("Relu", {"x"}, {"r"}, "/relu");
        b.node("Upsample", {"r", "scales"}, {"y"}, "/decoder/up");
        b.output("y");
        const Model m = b.build();
        auto raised = raiseOpset(m, 13);
        QVERIFY(!raised);
        QCOMPARE(raised.error().code(), ErrorCode::Unsupported);
        const std::string &message = raised.error().message();
        QVERIFY2(message.find("/decoder/up") != std::string::npos, message.c_str());
        QVERIFY2(message.find("Upsample") != std::string::npos, message.c_str());
        QVERIFY2(message.find("opset 9") != std::string::npos, message.c_str());
    }

    void refusesOpsetsOlderThan9()
    {
        GraphBuilder b("older", 8);
        b.input("x", DataType::Float, {1, 4});
        b.node("Relu", {"x"}, {"y"}, "/relu");
        b.output("y");
        auto raised = raiseOpset(b.build(), 13);
        QVERIFY(!raised);
        QVERIFY2(raised.error().message().find("opset 8") != std::string::npos, raised.error().message().c_str());
    }

    void leavesANewEnoughModelUnchanged_data()
    {
        QTest::addColumn<int>("opset");
        QTest::addColumn<int>("target");
        QTest::newRow("same") << 13 << 13;
        QTest::newRow("newer") << 17 << 13;
    }
    void leavesANewEnoughModelUnchanged()
    {
        QFETCH(int, opset);
        QFETCH(int, target);
        GraphBuilder b("new", opset);
        b.input("x", DataType::Float, {2, 3, 4});
        b.node("Softmax", {"x"}, {"y"}, "/softmax").i("axis", 1);
        b.output("y");
        Model m = b.build();
        m.irVersion = 5;
        auto raised = raiseOpset(m, target);
        QVERIFY(raised);
        QCOMPARE(raised->opsetVersion(""), int64_t(opset));
        QCOMPARE(raised->irVersion, int64_t(5));
        QCOMPARE(raised->graph.get(), m.graph.get());
    }

    void raisesTheIrVersion_data()
    {
        // ONNX's versioning table (docs/Versioning.md): the IR version each opset came with.
        QTest::addColumn<int>("opset");
        QTest::addColumn<int>("ir");
        QTest::newRow("10") << 10 << 5;
        QTest::newRow("11") << 11 << 6;
        QTest::newRow("12") << 12 << 7;
        QTest::newRow("13") << 13 << 7;
        QTest::newRow("15") << 15 << 8;
        QTest::newRow("18") << 18 << 8;
        QTest::newRow("19") << 19 << 9;
        QTest::newRow("21") << 21 << 10;
    }
    void raisesTheIrVersion()
    {
        QFETCH(int, opset);
        QFETCH(int, ir);
        GraphBuilder b("old", 9);
        b.input("x", DataType::Float, {1, 4});
        b.node("Relu", {"x"}, {"y"}, "/relu");
        b.output("y");
        Model m = b.build();
        m.irVersion = 4; // as opset 9 came
        auto raised = raiseOpset(m, opset);
        QVERIFY(raised);
        QCOMPARE(raised->irVersion, int64_t(ir));
        // Never lowered.
        m.irVersion = 10;
        auto kept = raiseOpset(m, opset);
        QVERIFY(kept);
        QCOMPARE(kept->irVersion, int64_t(10));
    }
};

QTEST_GUILESS_MAIN(TestPrepare)
#include "tst_prepare.moc"
