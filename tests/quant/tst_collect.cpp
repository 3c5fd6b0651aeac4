// Collecting histograms over calibration samples: every float value of the main graph, one
// sample at a time; progress, cancel, and a clear error for a sample the model cannot take.

#include "core/graph/graph_builder.h"
#include "core/quant/collect.h"
#include "core/runtime/session.h"

#include <cmath>
#include <map>

#include <QTest>

using namespace silica;
using namespace silica::quant;

namespace {

// x[1,8] → Relu → r → Neg → y
Model reluNeg()
{
    GraphBuilder b;
    b.input("x", DataType::Float, {1, 8});
    b.node("Relu", {"x"}, {"r"}, "/relu");
    b.node("Neg", {"r"}, {"y"}, "/neg");
    b.output("y", DataType::Float, {1, 8});
    return b.build();
}

// x[1,C,14,14] → Conv(C → 32, 3×3) → Relu → Conv(32 → 24, 1×1) → y: Convs whose outputs oneDNN
// keeps channels-last or in nChw8c / nChw16c blocks (24 channels do not fill a 16-block).
Model blockedConvs(int64_t channels)
{
    GraphBuilder b;
    b.input("x", DataType::Float, {1, channels, 14, 14});
    std::vector<float> w1(size_t(32 * channels * 9)), w2(24 * 32);
    for (size_t i = 0; i < w1.size(); ++i)
        w1[i] = float(int(i * 7 % 13) - 6) * 0.05f;
    for (size_t i = 0; i < w2.size(); ++i)
        w2[i] = float(int(i * 5 % 11) - 5) * 0.07f;
    b.initializer("w1", {32, channels, 3, 3}, w1);
    b.initializer("w2", {24, 32, 1, 1}, w2);
    b.node("Conv", {"x", "w1"}, {"c1"}, "/conv1").ints("pads", {1, 1, 1, 1});
    b.node("Relu", {"c1"}, {"r1"}, "/relu");
    b.node("Conv", {"r1", "w2"}, {"y"}, "/conv2");
    b.output("y", DataType::Float, {1, 24, 14, 14});
    return b.build();
}

// The layouts the outputs come in when an observer takes them as they are.
class Layouts : public runtime::RunObserver
{
public:
    bool wantsOutputs() const override { return true; }
    bool acceptsLayouts() const override { return true; }
    void nodeFinished(const runtime::NodeEvent &event) override
    {
        for (const auto &[name, t] : event.outputs)
            layouts[name] = t.layout();
    }
    std::map<std::string, runtime::Layout> layouts;
};

// Per-channel means computed from plain copies of every value.
class PlainMeans : public runtime::RunObserver
{
public:
    bool wantsOutputs() const override { return true; }
    void nodeFinished(const runtime::NodeEvent &event) override
    {
        for (const auto &[name, t] : event.outputs) {
            QVERIFY(t.isPlain());
            const int64_t c = t.dim(1), inner = t.elementCount() / c;
            std::vector<double> &m = means[name];
            m.assign(size_t(c), 0.0);
            for (int64_t i = 0; i < t.elementCount(); ++i)
                m[size_t(i / inner)] += double(t.data<float>()[i]) / double(inner);
        }
    }
    std::map<std::string, std::vector<double>> means;
};

} // namespace

class TestCollect : public QObject
{
    Q_OBJECT

private slots:
    void keepsAHistogramPerValue()
    {
        const Model m = reluNeg();
        CalibrationDataOptions data;
        data.randomSamples = 5;
        auto source = openCalibrationSource({}, m.graph->inputs, data);
        QVERIFY(source);
        std::vector<double> steps;
        CallbackProgress progress([&](double f, const std::string &) { steps.push_back(f); });
        auto h = collectHistograms(m, **source, {}, CancelToken(), progress);
        QVERIFY2(h, h ? "" : h.error().message().c_str());
        QCOMPARE(h->samples, size_t(5));
        for (const char *v : {"x", "r", "y"}) {
            QVERIFY2(h->values.count(v), v);
            QCOMPARE(h->values.at(v).count(), uint64_t(5 * 8));
        }
        // Random inputs are uniform in [0, 1): Relu keeps them, Neg flips them.
        QVERIFY(h->values.at("r").min() >= 0);
        QVERIFY(h->values.at("y").max() <= 0);
        QCOMPARE(h->values.at("y").min(), -h->values.at("r").max());
        QCOMPARE(steps.back(), 1.0);
        QCOMPARE(h->warnings.size(), size_t(1)); // random data
    }

    // The observer reads outputs in the layout the kernels wrote: the channel means equal those
    // of plain copies, and the histograms count every element once.
    void readsEveryLayout_data()
    {
        QTest::addColumn<int>("channels");
        QTest::newRow("16 input channels") << 16;
        QTest::newRow("3 input channels") << 3;
    }
    void readsEveryLayout()
    {
        QFETCH(int, channels);
        const Model m = blockedConvs(channels);
        CalibrationDataOptions data;
        data.randomSamples = 1;
        auto source = openCalibrationSource({}, m.graph->inputs, data);
        QVERIFY(source);
        auto h = collectHistograms(m, **source);
        QVERIFY2(h, h ? "" : h.error().message().c_str());
        auto sample = (*source)->sample(0);
        QVERIFY(sample);
        runtime::SessionOptions options;
        options.fuse = false;
        auto session = runtime::InferenceSession::create(std::make_shared<const Model>(m), options);
        QVERIFY(session);
        PlainMeans plain;
        runtime::RunOptions run;
        run.observer = &plain;
        QVERIFY((*session)->run(runtime::NamedTensors(sample->begin(), sample->end()), run));
        Layouts layouts;
        run.observer = &layouts;
        QVERIFY((*session)->run(runtime::NamedTensors(sample->begin(), sample->end()), run));
        // What this test is about: the first Conv's output is not plain.
        QVERIFY(layouts.layouts.at("c1") != runtime::Layout::Plain);
        for (const char *value : {"c1", "r1", "y"}) {
            const std::vector<double> &expected = plain.means.at(value), &got = h->channelMeans.at(value);
            QCOMPARE(got.size(), expected.size());
            for (size_t c = 0; c < got.size(); ++c)
                QVERIFY2(std::fabs(got[c] - expected[c]) <= 1e-5 * (1 + std::fabs(expected[c])),
                         qPrintable(QStringLiteral("%1 channel %2: %3 vs %4").arg(QLatin1String(value)).arg(c).arg(got[c]).arg(expected[c])));
            QCOMPARE(h->values.at(value).count(), uint64_t(expected.size() * 14 * 14));
        }
    }

    void stopsWhenCancelled()
    {
        const Model m = reluNeg();
        auto source = openCalibrationSource({}, m.graph->inputs, {});
        QVERIFY(source);
        CancelToken cancel;
        cancel.cancel();
        auto h = collectHistograms(m, **source, {}, cancel);
        QVERIFY(!h);
        QCOMPARE(h.error().code(), ErrorCode::Cancelled);
    }

    void namesTheSampleTheModelCannotTake()
    {
        const Model m = reluNeg();
        // Data shaped for another model.
        ValueInfo other{"x", ValueType::tensor(DataType::Float, {1, 3}), {}, {}};
        auto source = openCalibrationSource({}, {other}, {});
        QVERIFY(source);
        auto h = collectHistograms(m, **source);
        QVERIFY(!h);
        QVERIFY2(h.error().message().rfind("calibration sample 1: ", 0) == 0, h.error().message().c_str());
    }
};

QTEST_GUILESS_MAIN(TestCollect)
#include "tst_collect.moc"
