// QDQ insertion: the structure (Q/DQ around quantized ops, 8-bit per-channel weights with their
// axis, int32 biases at input scale × weight scale, nodes kept in float), and the quantized
// model running in Silica's runtime close to the float one.

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/quant/prepare.h"
#include "core/quant/qdq.h"
#include "core/runtime/session.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace silica;
using namespace silica::quant;

namespace {

std::vector<float> randomValues(size_t n, float scale, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0, scale);
    std::vector<float> v(n);
    for (float &x : v)
        x = d(rng);
    return v;
}

// x[1,4,8,8] → Conv(8, 3×3, bias) → Relu → Conv(4, 1×1) → y
Model twoConvs()
{
    GraphBuilder b;
    b.input("x", DataType::Float, {1, 4, 8, 8});
    b.initializer("w1", {8, 4, 3, 3}, randomValues(8 * 4 * 9, 0.2f, 1));
    b.initializer("b1", {8}, randomValues(8, 0.1f, 2));
    b.initializer("w2", {4, 8, 1, 1}, randomValues(4 * 8, 0.3f, 3));
    b.node("Conv", {"x", "w1", "b1"}, {"c1"}, "/conv1").ints("pads", {1, 1, 1, 1});
    b.node("Relu", {"c1"}, {"r1"}, "/relu");
    b.node("Conv", {"r1", "w2"}, {"y"}, "/conv2");
    b.output("y", DataType::Float, {1, 4, 8, 8});
    return b.build();
}

size_t countOps(const Model &m, const char *op)
{
    size_t n = 0;
    for (const NodePtr &node : m.graph->nodes)
        n += node->opType == op ? 1 : 0;
    return n;
}

const Node *named(const Model &m, const std::string &name)
{
    for (const NodePtr &node : m.graph->nodes)
        if (node->name == name)
            return node.get();
    return nullptr;
}

Expected<runtime::Tensor> run(const Model &m, const runtime::NamedTensors &feeds)
{
    auto session = runtime::InferenceSession::create(std::make_shared<const Model>(m));
    if (!session)
        return session.error();
    auto r = (*session)->run(feeds);
    if (!r)
        return r.error();
    return r->outputs.front().second;
}

} // namespace

class TestQdq : public QObject
{
    Q_OBJECT

private:
    CollectedHistograms collect(const Model &m)
    {
        CalibrationDataOptions data;
        data.randomSamples = 8;
        auto source = openCalibrationSource({}, m.graph->inputs, data);
        auto h = collectHistograms(m, **source);
        return h ? *h : CollectedHistograms{};
    }

private slots:
    void wrapsQuantizedOpsInQdqPairs()
    {
        const Model m = twoConvs();
        QdqOptions options;
        options.calibration.type = QuantType::Uint8;
        auto q = insertQdq(m, collect(m), options);
        QVERIFY2(q, q ? "" : q.error().message().c_str());
        QCOMPARE(q->quantizedNodes, size_t(3));
        // Activations x, r1, y: one QuantizeLinear each (c1 goes in float into the Relu fused
        // with its Conv); their DequantizeLinears plus one per weight (2) and per bias (2: the
        // second Conv gets one for the bias correction).
        QCOMPARE(countOps(q->model, "QuantizeLinear"), size_t(3));
        QVERIFY(!named(q->model, "c1_QuantizeLinear"));
        QCOMPARE(countOps(q->model, "DequantizeLinear"), size_t(3 + 2 + 2));
        // The first weight: int8, per output channel.
        const Node *wdq = named(q->model, "w1_" + std::to_string(named(m, "/conv1")->id) + "_DequantizeLinear");
        QVERIFY(wdq);
        QCOMPARE(wdq->intAttribute("axis", -1), int64_t(0));
        const Tensor *wq = q->model.graph->index().initializer(wdq->inputs[0]);
        QVERIFY(wq);
        QCOMPARE(wq->dataType, DataType::Int8);
        const Tensor *scales = q->model.graph->index().initializer(wdq->inputs[1]);
        QCOMPARE(scales->dims, std::vector<int64_t>{8});
        // The bias: int32 at input scale × weight scale.
        const Node *conv1 = named(q->model, "/conv1");
        QVERIFY(conv1);
        const Tensor *bq = q->model.graph->index().initializer(
            named(q->model, "b1_" + std::to_string(conv1->id) + "_DequantizeLinear")->inputs[0]);
        QCOMPARE(bq->dataType, DataType::Int32);
        // The graph output keeps its name: the dequantized result.
        QCOMPARE(q->model.graph->outputs.front().name, std::string("y"));
        QVERIFY(named(q->model, "y_DequantizeLinear"));
    }

    // Shape arithmetic (an int64 Concat) is not a quantization candidate and draws no warning;
    // a float node whose output calibration never saw stays float and says so.
    void warnsOnlyAboutFloatNodesLeftFloat()
    {
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4, 8, 8});
        b.initializer("w1", {8, 4, 3, 3}, randomValues(8 * 4 * 9, 0.2f, 1));
        b.node("Conv", {"x", "w1"}, {"y"}, "/conv");
        b.node("Shape", {"x"}, {"s"}, "/shape");
        b.node("Concat", {"s", "s"}, {"ss"}, "/concat").i("axis", 0);
        b.output("y", DataType::Float, {1, 8, 6, 6});
        b.output("ss", DataType::Int64, {8});
        const Model m = b.build();
        CollectedHistograms ranges = collect(m);
        auto q = insertQdq(m, ranges, {});
        QVERIFY(q);
        QCOMPARE(q->quantizedNodes, size_t(1));
        QVERIFY2(q->warnings.empty(), q->warnings.empty() ? "" : q->warnings.front().c_str());
        ranges.values.erase("y");
        q = insertQdq(m, ranges, {});
        QVERIFY(q);
        QCOMPARE(q->quantizedNodes, size_t(0));
        QCOMPARE(q->warnings, std::vector<std::string>{"'/conv' stays float: no range for its output 'y'"});
    }

    void aRegionCanBeSixteenBit()
    {
        Model m = twoConvs();
        m.opsets = {{"", 21}};
        QdqOptions options;
        options.calibration.type = QuantType::Uint8;
        options.wideNodes = {"/conv2"};
        auto q = insertQdq(m, collect(m), options);
        QVERIFY2(q, q ? "" : q.error().message().c_str());
        // /conv2 reads r1 and writes y at 16 bits; x (read by /conv1 only) stays 8-bit.
        const GraphIndex &index = q->model.graph->index();
        QCOMPARE(index.initializer("r1_quant_zero_point")->dataType, DataType::Uint16);
        QCOMPARE(index.initializer("y_quant_zero_point")->dataType, DataType::Uint16);
        QCOMPARE(index.initializer("x_quant_zero_point")->dataType, DataType::Uint8);
        // A region by name scope, and the opset it needs.
        options.wideNodes = {"/conv"};
        q = insertQdq(m, collect(m), options);
        QVERIFY(q);
        QCOMPARE(q->model.graph->index().initializer("r1_quant_zero_point")->dataType, DataType::Uint8);
        m.opsets = {{"", 17}};
        options.wideNodes = {"/"};
        QVERIFY(!insertQdq(m, collect(m), options));
    }

    void runsCloseToTheFloatModel()
    {
        const Model m = twoConvs();
        QdqOptions options;
        options.calibration.type = QuantType::Uint8;
        auto q = insertQdq(m, collect(m), options);
        QVERIFY(q);
        std::vector<float> xs(4 * 64);
        std::mt19937 rng(42);
        std::uniform_real_distribution<float> d(0, 1);
        for (float &x : xs)
            x = d(rng);
        const runtime::NamedTensors feeds{{"x", runtime::Tensor::fromVector<float>(DataType::Float, {1, 4, 8, 8}, xs)}};
        auto ref = run(m, feeds);
        auto got = run(q->model, feeds);
        QVERIFY2(ref && got, got ? "" : got.error().message().c_str());
        double signal = 0, noise = 0;
        for (int64_t i = 0; i < ref->elementCount(); ++i) {
            const double a = ref->data<float>()[i], b = got->data<float>()[i];
            signal += a * a;
            noise += (a - b) * (a - b);
        }
        const double sqnr = 10 * std::log10(signal / std::max(noise, 1e-30));
        QVERIFY2(sqnr > 30, qPrintable(QString::number(sqnr)));
        QVERIFY2(sqnr < 80, qPrintable(QString::number(sqnr))); // it did quantize
    }

    void keepsChosenNodesInFloat()
    {
        const Model m = twoConvs();
        QdqOptions options;
        options.keepFloat = {"/conv2"};
        auto q = insertQdq(m, collect(m), options);
        QVERIFY(q);
        QCOMPARE(q->quantizedNodes, size_t(2));
        const Node *conv2 = named(q->model, "/conv2");
        QCOMPARE(conv2->inputs[1], std::string("w2")); // the float weight
        QCOMPARE(conv2->inputs[0], std::string("r1")); // the (dequantized) Relu output
    }

    void foldsBatchNormIntoConv()
    {
        // x → Conv(w, b) → BatchNormalization (γ through an Identity, as PyTorch exports it) → Relu
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4, 6, 6});
        b.initializer("w", {3, 4, 3, 3}, randomValues(3 * 4 * 9, 0.3f, 11));
        b.initializer("b", {3}, {0.1f, -0.2f, 0.3f});
        b.initializer("gamma0", {3}, {1.5f, 0.5f, 2.0f});
        b.initializer("beta", {3}, {0.05f, 0.0f, -0.1f});
        b.initializer("mean", {3}, {0.2f, -0.1f, 0.0f});
        b.initializer("var", {3}, {0.9f, 1.2f, 0.4f});
        b.node("Identity", {"gamma0"}, {"gamma"}, "/gamma_identity");
        b.node("Conv", {"x", "w", "b"}, {"c"}, "/conv").ints("pads", {1, 1, 1, 1});
        b.node("BatchNormalization", {"c", "gamma", "beta", "mean", "var"}, {"n"}, "/bn").f("epsilon", 1e-5f);
        b.node("Relu", {"n"}, {"y"}, "/relu");
        b.output("y", DataType::Float, {1, 3, 6, 6});
        const Model m = b.build();
        auto p = foldBatchNorms(m);
        QVERIFY(p);
        QCOMPARE(p->foldedBatchNorms, size_t(1));
        QVERIFY(!named(p->model, "/bn"));
        const Node *conv = named(p->model, "/conv");
        QVERIFY(conv);
        QCOMPARE(conv->id, named(m, "/conv")->id); // what the user saw
        QCOMPARE(conv->outputs[0], std::string("n"));
        std::vector<float> xs(4 * 36);
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> d(-1, 1);
        for (float &x : xs)
            x = d(rng);
        const runtime::NamedTensors feeds{{"x", runtime::Tensor::fromVector<float>(DataType::Float, {1, 4, 6, 6}, xs)}};
        auto a = run(m, feeds), f = run(p->model, feeds);
        QVERIFY2(a && f, f ? "" : f.error().message().c_str());
        for (int64_t i = 0; i < a->elementCount(); ++i)
            QVERIFY(std::fabs(a->data<float>()[i] - f->data<float>()[i]) <= 1e-5f * (1 + std::fabs(a->data<float>()[i])));
    }

    void refusesOpsetsWithoutQuantizeLinear()
    {
        GraphBuilder b("main", 9);
        b.input("x", DataType::Float, {1, 4});
        b.node("Relu", {"x"}, {"y"}, "/relu");
        b.output("y", DataType::Float, {1, 4});
        const Model m = b.build();
        auto q = insertQdq(m, collect(m), {});
        QVERIFY(!q);
        QVERIFY2(q.error().message().find("opset 9, older than QuantizeLinear (opset 10)") != std::string::npos,
                 q.error().message().c_str());
    }
};

QTEST_GUILESS_MAIN(TestQdq)
#include "tst_qdq.moc"
