// Collecting histograms over calibration samples: every float value of the main graph, one
// sample at a time; progress, cancel, and a clear error for a sample the model cannot take.

#include "core/graph/graph_builder.h"
#include "core/quant/collect.h"

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
