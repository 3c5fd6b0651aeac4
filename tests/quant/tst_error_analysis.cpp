// Where quantization error comes from, checked against answers worked out here with the
// QuantizeLinear / DequantizeLinear arithmetic: each node's total error split into what it
// injects and what it inherits, output statistics with top-1 agreement, the JSON report,
// cancel, and mismatched models. Then what reduces the error: the sensitivity ranking,
// keeping the worst node in float, and bias correction.

#include "core/graph/graph_builder.h"
#include "core/quant/collect.h"
#include "core/quant/error_analysis.h"
#include "core/quant/qdq.h"
#include "core/quant/quant_params.h"
#include "core/quant/sensitivity.h"
#include "core/runtime/session.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace silica;
using namespace silica::quant;

namespace {

// Calibration data given in the test, so the expected quantization is known exactly.
class FixedSource : public CalibrationSource
{
public:
    explicit FixedSource(std::vector<Sample> samples) : m_samples(std::move(samples)) {}
    size_t count() const override { return m_samples.size(); }
    Expected<Sample> sample(size_t index) const override { return m_samples.at(index); }
    std::string description() const override { return std::to_string(m_samples.size()) + " fixed samples"; }

private:
    std::vector<Sample> m_samples;
};

constexpr float kC1 = 0.37f, kC2 = -1.9f;
constexpr int64_t kWidth = 16;

// x[1,16] → Mul(x, 0.37) → y1 → Mul(y1, -1.9) → y. Mul by a constant: only x and the outputs
// are quantized, the constant stays float, so every step can be redone by hand.
Model twoMuls(const std::string &secondName = "/scale2")
{
    GraphBuilder b;
    b.input("x", DataType::Float, {1, kWidth});
    b.initializer("c1", {1}, {kC1});
    b.initializer("c2", {1}, {kC2});
    b.node("Mul", {"x", "c1"}, {"y1"}, "/scale1");
    b.node("Mul", {"y1", "c2"}, {"y"}, secondName);
    b.output("y", DataType::Float, {1, kWidth});
    return b.build();
}

// Irregular values in about [-1.3, 2.1], different per sample.
std::vector<std::vector<float>> twoMulInputs()
{
    std::vector<std::vector<float>> xs(3, std::vector<float>(size_t(kWidth)));
    for (size_t s = 0; s < xs.size(); ++s)
        for (size_t i = 0; i < xs[s].size(); ++i)
            xs[s][i] = 1.7f * std::sin(0.9f * float(i) + 0.7f * float(s)) + 0.4f;
    return xs;
}

FixedSource sourceOf(const std::string &input, const std::vector<int64_t> &shape,
                     const std::vector<std::vector<float>> &xs)
{
    std::vector<Sample> samples;
    for (const std::vector<float> &x : xs)
        samples.push_back({{input, runtime::Tensor::fromVector<float>(DataType::Float, shape, x)}});
    return FixedSource(std::move(samples));
}

CollectedHistograms collect(const Model &m, const CalibrationSource &source)
{
    auto h = collectHistograms(m, source);
    return h ? *h : CollectedHistograms{};
}

// Min-max uint8 parameters of everything in `values`, as calibration computes them.
QuantParams paramsOf(const std::vector<std::vector<float>> &values)
{
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const std::vector<float> &v : values)
        for (float x : v) {
            lo = std::min(lo, double(x));
            hi = std::max(hi, double(x));
        }
    return paramsForRange(lo, hi, QuantType::Uint8, false);
}

std::vector<float> fakeQuantized(const std::vector<float> &v, const QuantParams &p)
{
    std::vector<float> out(v.size());
    for (size_t i = 0; i < v.size(); ++i)
        out[i] = dequantize(quantize(v[i], p), p);
    return out;
}

std::vector<float> times(const std::vector<float> &v, float c)
{
    std::vector<float> out(v.size());
    for (size_t i = 0; i < v.size(); ++i)
        out[i] = v[i] * c;
    return out;
}

// Σ (ref − test)² and max |ref − test| over all samples, computed here rather than by ErrorStats.
struct Expect
{
    double signal = 0;
    double noise = 0;
    double maxAbs = 0;
};

Expect expectError(const std::vector<std::vector<float>> &ref, const std::vector<std::vector<float>> &test)
{
    Expect e;
    for (size_t s = 0; s < ref.size(); ++s)
        for (size_t i = 0; i < ref[s].size(); ++i) {
            const double d = double(ref[s][i]) - double(test[s][i]);
            e.signal += double(ref[s][i]) * ref[s][i];
            e.noise += d * d;
            e.maxAbs = std::max(e.maxAbs, std::fabs(d));
        }
    return e;
}

bool close(double a, double b)
{
    return std::fabs(a - b) <= 1e-6 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

#define COMPARE_ERROR(stats, expected)                                                                              \
    do {                                                                                                            \
        const ErrorStats &s_ = (stats);                                                                             \
        const Expect &e_ = (expected);                                                                              \
        QVERIFY2(close(s_.noise, e_.noise),                                                                         \
                 qPrintable(QStringLiteral("noise %1, expected %2").arg(s_.noise, 0, 'g', 10).arg(e_.noise, 0, 'g', 10))); \
        QVERIFY2(close(s_.signal, e_.signal),                                                                       \
                 qPrintable(QStringLiteral("signal %1, expected %2").arg(s_.signal).arg(e_.signal)));               \
        QVERIFY2(close(s_.maxAbs, e_.maxAbs),                                                                       \
                 qPrintable(QStringLiteral("max-abs %1, expected %2").arg(s_.maxAbs).arg(e_.maxAbs)));              \
    } while (false)

// x[1,8] → MatMul(W1) → a → MatMul(W2) → b → MatMul(W3) → y. Row 0 of W2 holds 100s, but column
// 0 of W1 is zero so a[0] is always 0: the outliers never reach the output in float, yet they
// set the int8 scale of every W2 column, and W2's ordinary weights (|w| ≤ 0.3) round to 0.
Model outlierChain()
{
    constexpr int64_t n = 8;
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> d(-0.3f, 0.3f);
    std::vector<float> w1(n * n), w2(n * n), w3(n * n);
    for (float &w : w1)
        w = d(rng);
    for (float &w : w2)
        w = d(rng);
    for (float &w : w3)
        w = d(rng);
    for (int64_t r = 0; r < n; ++r)
        w1[size_t(r * n)] = 0; // column 0
    for (int64_t c = 0; c < n; ++c)
        w2[size_t(c)] = 100; // row 0
    GraphBuilder b;
    b.input("x", DataType::Float, {1, n});
    b.initializer("w1", {n, n}, w1);
    b.initializer("w2", {n, n}, w2);
    b.initializer("w3", {n, n}, w3);
    b.node("MatMul", {"x", "w1"}, {"a"}, "/first");
    b.node("MatMul", {"a", "w2"}, {"b"}, "/outlier");
    b.node("MatMul", {"b", "w3"}, {"y"}, "/last");
    b.output("y", DataType::Float, {1, n});
    return b.build();
}

} // namespace

class TestErrorAnalysis : public QObject
{
    Q_OBJECT

private slots:
    void statsOfKnownSignalAndNoise()
    {
        ErrorStats s;
        const float ref[] = {3, 4}, test[] = {3, 3};
        s.add(ref, test, 2);
        QCOMPARE(s.count, uint64_t(2));
        QCOMPARE(s.signal, 25.0);
        QCOMPARE(s.noise, 1.0);
        QCOMPARE(s.maxAbs, 1.0);
        QCOMPARE(s.mse(), 0.5);
        QVERIFY(std::fabs(s.sqnrDb() - 10 * std::log10(25.0)) < 1e-12);
        // (3·3 + 4·3) / (5 · √18)
        QVERIFY(std::fabs(s.cosine() - 21.0 / (5.0 * std::sqrt(18.0))) < 1e-12);

        ErrorStats t;
        const float ref2[] = {-2, 0, 1}, test2[] = {0, 0, 1};
        t.add(ref2, test2, 3);
        s.merge(t);
        QCOMPARE(s.count, uint64_t(5));
        QCOMPARE(s.signal, 30.0);
        QCOMPARE(s.noise, 5.0);
        QCOMPARE(s.maxAbs, 2.0);
        QVERIFY(std::fabs(s.sqnrDb() - 10 * std::log10(6.0)) < 1e-12);
        QVERIFY(std::fabs(s.cosine() - 22.0 / std::sqrt(30.0 * 19.0)) < 1e-12);
        // The larger max-abs survives a merge in either direction.
        ErrorStats u;
        u.merge(s);
        QCOMPARE(u.maxAbs, 2.0);
    }

    void statsOfTheEdgeCases()
    {
        ErrorStats exact;
        const float a[] = {1, -2, 3};
        exact.add(a, a, 3);
        QVERIFY(std::isinf(exact.sqnrDb()) && exact.sqnrDb() > 0);
        QCOMPARE(exact.cosine(), 1.0);
        QCOMPARE(exact.maxAbs, 0.0);

        ErrorStats zeroSignal; // all error, nothing to compare it with
        const float zeros[] = {0, 0}, ones[] = {1, -1};
        zeroSignal.add(zeros, ones, 2);
        QCOMPARE(zeroSignal.sqnrDb(), 0.0);
        QCOMPARE(zeroSignal.cosine(), 0.0);

        ErrorStats bothZero;
        bothZero.add(zeros, zeros, 2);
        QCOMPARE(bothZero.cosine(), 1.0);

        ErrorStats opposite;
        const float neg[] = {-1, 2, -3};
        opposite.add(a, neg, 3);
        QVERIFY(std::fabs(opposite.cosine() + 1.0) < 1e-12);
        QVERIFY(ErrorStats().empty());
    }

    void splitsErrorIntoInjectedAndInherited()
    {
        const Model m = twoMuls();
        const auto xs = twoMulInputs();
        const FixedSource source = sourceOf("x", {1, kWidth}, xs);
        QdqOptions options;
        auto q = insertQdq(m, collect(m, source), options);
        QVERIFY2(q, q ? "" : q.error().message().c_str());
        auto report = analyseError(m, q->model, source);
        QVERIFY2(report, report ? "" : report.error().message().c_str());
        QCOMPARE(report->samples, xs.size());

        // The same computation by hand: float values, their calibrated parameters, and what the
        // QDQ model makes of them.
        std::vector<std::vector<float>> y1(xs.size()), y(xs.size()), qy1(xs.size()), qy(xs.size()),
            layer2OnFloat(xs.size()), layer2OnQuantized(xs.size());
        for (size_t s = 0; s < xs.size(); ++s) {
            y1[s] = times(xs[s], kC1);
            y[s] = times(y1[s], kC2);
        }
        const QuantParams px = paramsOf(xs), p1 = paramsOf(y1), p2 = paramsOf(y);
        for (size_t s = 0; s < xs.size(); ++s) {
            qy1[s] = fakeQuantized(times(fakeQuantized(xs[s], px), kC1), p1);
            qy[s] = fakeQuantized(times(qy1[s], kC2), p2);
            layer2OnFloat[s] = fakeQuantized(times(y1[s], kC2), p2); // the quantized layer on float input
            layer2OnQuantized[s] = times(qy1[s], kC2);               // the float layer on quantized input
        }

        const NodeError *first = report->find("/scale1");
        const NodeError *second = report->find("/scale2");
        QVERIFY(first && second);
        QCOMPARE(first->value, std::string("y1"));
        QCOMPARE(first->opType, std::string("Mul"));
        QVERIFY(first->quantized && second->quantized);
        QCOMPARE(first->depth, 1);
        QCOMPARE(second->depth, 2);

        // Layer 1 reads the graph input: all its error is its own.
        COMPARE_ERROR(first->total, expectError(y1, qy1));
        COMPARE_ERROR(first->injected, expectError(y1, qy1));
        QVERIFY(first->total.noise > 0);
        QCOMPARE(first->inherited.noise, 0.0);
        QVERIFY(std::isinf(first->inherited.sqnrDb()));
        QCOMPARE(first->inherited.maxAbs, 0.0);

        // Layer 2: its own rounding on exact inputs, and layer 1's error as layer 2 passes it on.
        COMPARE_ERROR(second->total, expectError(y, qy));
        COMPARE_ERROR(second->injected, expectError(y, layer2OnFloat));
        COMPARE_ERROR(second->inherited, expectError(y, layer2OnQuantized));
        QVERIFY(second->injected.noise > 0 && second->inherited.noise > 0);

        // The graph output is layer 2's value.
        QCOMPARE(report->outputs.size(), size_t(1));
        QCOMPARE(report->outputs[0].name, std::string("y"));
        COMPARE_ERROR(report->outputs[0].stats, expectError(y, qy));
    }

    void nodeKeptInFloatInjectsNothing()
    {
        const Model m = twoMuls();
        const auto xs = twoMulInputs();
        const FixedSource source = sourceOf("x", {1, kWidth}, xs);
        QdqOptions options;
        options.keepFloat = {"/scale1"};
        auto q = insertQdq(m, collect(m, source), options);
        QVERIFY(q);
        auto report = analyseError(m, q->model, source);
        QVERIFY2(report, report ? "" : report.error().message().c_str());
        const NodeError *first = report->find("/scale1");
        const NodeError *second = report->find("/scale2");
        QVERIFY(first && second);
        QVERIFY(!first->quantized);
        QVERIFY(!first->injected.empty());
        QCOMPARE(first->injected.noise, 0.0);
        QCOMPARE(first->total.noise, 0.0);
        QVERIFY(std::isinf(first->injected.sqnrDb()));
        // Layer 2 now quantizes its float input itself: all of its error is its own.
        std::vector<std::vector<float>> y1, y, quantized;
        for (const std::vector<float> &x : xs) {
            y1.push_back(times(x, kC1));
            y.push_back(times(y1.back(), kC2));
        }
        const QuantParams p1 = paramsOf(y1), p2 = paramsOf(y);
        for (const std::vector<float> &v : y1)
            quantized.push_back(fakeQuantized(times(fakeQuantized(v, p1), kC2), p2));
        QVERIFY(second->quantized);
        COMPARE_ERROR(second->injected, expectError(y, quantized));
        COMPARE_ERROR(second->total, expectError(y, quantized));
        QCOMPARE(second->inherited.noise, 0.0);
    }

    void comparesClassifierOutputsRowByRow()
    {
        // logits[4, 5] = x · 1.5: rows with near ties, which rounding may break differently.
        GraphBuilder b;
        b.input("x", DataType::Float, {4, 5});
        b.initializer("k", {1}, {1.5f});
        b.node("Mul", {"x", "k"}, {"logits"}, "/head");
        b.output("logits", DataType::Float, {4, 5});
        const Model m = b.build();
        const std::vector<std::vector<float>> xs = {
            {0.50f, 0.503f, -1.0f, 0.1f, 0.2f, 1.0f, -0.4f, 0.3f, 0.2f, 0.1f,
             -0.2f, -0.2f, 0.9f, 0.905f, 0.0f, 1.2f, 0.4f, 0.1f, 0.0f, -0.9f},
            {0.1f, 0.2f, 0.3f, 0.4f, 0.401f, -1.0f, 1.3f, 1.302f, 0.0f, 0.2f,
             0.7f, 0.1f, 0.0f, 0.3f, 0.2f, 0.8f, 0.8f, -0.3f, 0.1f, 0.2f},
        };
        const FixedSource source = sourceOf("x", {4, 5}, xs);
        auto q = insertQdq(m, collect(m, source), {});
        QVERIFY(q);
        auto report = analyseError(m, q->model, source);
        QVERIFY2(report, report ? "" : report.error().message().c_str());
        QCOMPARE(report->outputs.size(), size_t(1));
        const OutputError &o = report->outputs[0];
        QCOMPARE(o.name, std::string("logits"));

        std::vector<std::vector<float>> ref, got;
        for (const std::vector<float> &x : xs)
            ref.push_back(times(x, 1.5f));
        const QuantParams px = paramsOf(xs), py = paramsOf(ref);
        for (const std::vector<float> &x : xs)
            got.push_back(fakeQuantized(times(fakeQuantized(x, px), 1.5f), py));
        COMPARE_ERROR(o.stats, expectError(ref, got));
        uint64_t agree = 0;
        for (size_t s = 0; s < xs.size(); ++s)
            for (size_t r = 0; r < 4; ++r) {
                const auto a = ref[s].begin() + long(r * 5), t = got[s].begin() + long(r * 5);
                agree += (std::max_element(a, a + 5) - a) == (std::max_element(t, t + 5) - t);
            }
        QVERIFY2(agree < 8, "the inputs should make some rows disagree");
        QVERIFY(agree > 0);
        QCOMPARE(o.top1Rows, uint64_t(8));
        QCOMPARE(o.top1Agree, agree);

        // compareOutputs counts the same.
        auto outputs = compareOutputs(m, q->model, source, 0);
        QVERIFY(outputs);
        QCOMPARE(outputs->size(), size_t(1));
        QCOMPARE(outputs->front().top1Rows, uint64_t(8));
        QCOMPARE(outputs->front().top1Agree, agree);
        COMPARE_ERROR(outputs->front().stats, expectError(ref, got));
    }

    void writesTheReportAsJson()
    {
        // A second node whose name needs escaping.
        const Model m = twoMuls("/scale \"2\"");
        const auto xs = twoMulInputs();
        const FixedSource source = sourceOf("x", {1, kWidth}, xs);
        auto q = insertQdq(m, collect(m, source), {});
        QVERIFY(q);
        auto report = analyseError(m, q->model, source);
        QVERIFY(report);
        const std::string text = errorReportJson(*report, "  \"method\": \"minmax\"");
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + QLatin1Char('\n') +
                                                                     QString::fromStdString(text)));
        const QJsonObject root = doc.object();
        QCOMPARE(root.value(QLatin1String("samples")).toInt(), int(xs.size()));
        QCOMPARE(root.value(QLatin1String("method")).toString(), QStringLiteral("minmax"));
        QVERIFY(root.value(QLatin1String("outputs")).toObject().contains(QLatin1String("y")));
        const QJsonObject nodes = root.value(QLatin1String("nodes")).toObject();
        QCOMPARE(nodes.size(), int(report->nodes.size()));
        for (const NodeError &n : report->nodes) {
            const QJsonObject node = nodes.value(QString::fromStdString(n.name)).toObject();
            QVERIFY2(!node.isEmpty(), n.name.c_str());
            QCOMPARE(node.value(QLatin1String("op")).toString(), QStringLiteral("Mul"));
            QCOMPARE(node.value(QLatin1String("quantized")).toBool(), true);
            for (const char *key : {"sqnr_db", "cosine", "max_abs", "injected", "inherited"})
                QVERIFY2(node.contains(QLatin1String(key)), key);
            QVERIFY(std::fabs(node.value(QLatin1String("sqnr_db")).toDouble() - n.total.sqnrDb()) <
                    1e-4 * std::fabs(n.total.sqnrDb()));
            for (const char *key : {"sqnr_db", "cosine", "max_abs"})
                QVERIFY2(node.value(QLatin1String("injected")).toObject().contains(QLatin1String(key)), key);
        }
        // Layer 1 inherits no error: infinite SQNR, written as null.
        const QJsonObject inherited =
            nodes.value(QLatin1String("/scale1")).toObject().value(QLatin1String("inherited")).toObject();
        QVERIFY(inherited.value(QLatin1String("sqnr_db")).isNull());
        QCOMPARE(inherited.value(QLatin1String("max_abs")).toDouble(), 0.0);
        QVERIFY(nodes.contains(QStringLiteral("/scale \"2\"")));
    }

    void stopsWhenCancelled()
    {
        const Model m = twoMuls();
        const FixedSource source = sourceOf("x", {1, kWidth}, twoMulInputs());
        auto q = insertQdq(m, collect(m, source), {});
        QVERIFY(q);
        CancelToken before;
        before.cancel();
        auto r = analyseError(m, q->model, source, {}, before);
        QVERIFY(!r);
        QCOMPARE(r.error().code(), ErrorCode::Cancelled);

        // Cancelled while the first sample runs.
        CancelToken during;
        CallbackProgress progress([&](double, const std::string &) { during.cancel(); });
        auto d = analyseError(m, q->model, source, {}, during, progress);
        QVERIFY(!d);
        QCOMPARE(d.error().code(), ErrorCode::Cancelled);

        auto c = compareOutputs(m, q->model, source, 0, before);
        QVERIFY(!c);
        QCOMPARE(c.error().code(), ErrorCode::Cancelled);
    }

    void survivesMismatchedModels_data()
    {
        QTest::addColumn<int>("other");
        QTest::newRow("same names, other ops") << 0;
        QTest::newRow("other input") << 1;
        QTest::newRow("same input, other values") << 2;
    }
    void survivesMismatchedModels()
    {
        QFETCH(int, other);
        const Model m = twoMuls();
        const FixedSource source = sourceOf("x", {1, kWidth}, twoMulInputs());
        GraphBuilder b;
        if (other == 0) {
            // y1 and y exist in both, computed differently and with another shape.
            b.input("x", DataType::Float, {1, kWidth});
            b.initializer(GraphBuilder::int64Tensor("s", {2}, {kWidth, 1}));
            b.node("Relu", {"x"}, {"r"}, "/relu");
            b.node("Reshape", {"r", "s"}, {"y1"}, "/reshape");
            b.node("Sigmoid", {"y1"}, {"y"}, "/scale2");
            b.output("y");
        } else if (other == 1) {
            b.input("z", DataType::Float, {2, 3});
            b.node("Relu", {"z"}, {"y"}, "/relu");
            b.output("y", DataType::Float, {2, 3});
        } else {
            b.input("x", DataType::Float, {1, kWidth});
            b.node("Relu", {"x"}, {"u"}, "/relu");
            b.node("Sigmoid", {"u"}, {"v"}, "/sigmoid");
            b.output("v", DataType::Float, {1, kWidth});
        }
        const Model otherModel = b.build();
        const CollectedHistograms ranges = collect(otherModel, sourceOf(otherModel.graph->inputs[0].name,
                                                                         other == 1 ? std::vector<int64_t>{2, 3}
                                                                                    : std::vector<int64_t>{1, kWidth},
                                                                         {std::vector<float>(kWidth, 0.5f)}));
        auto q = insertQdq(otherModel, ranges, {});
        QVERIFY2(q, q ? "" : q.error().message().c_str());
        auto report = analyseError(m, q->model, source);
        // An error or a report, but never a crash; a report compares nothing it cannot.
        if (report) {
            for (const NodeError &n : report->nodes)
                QVERIFY(n.total.count <= uint64_t(3 * kWidth));
        } else {
            QVERIFY(!report.error().message().empty());
        }
    }

    void ranksTheOutlierLayerMostSensitive()
    {
        const Model m = outlierChain();
        CalibrationDataOptions data;
        data.randomSamples = 8;
        auto source = openCalibrationSource({}, m.graph->inputs, data);
        QVERIFY(source);
        const CollectedHistograms ranges = collect(m, **source);
        QdqOptions options;
        auto sens = analyseSensitivity(m, ranges, options, **source);
        QVERIFY2(sens, sens ? "" : sens.error().message().c_str());
        QCOMPARE(sens->samples, size_t(4));
        QCOMPARE(sens->nodes.size(), size_t(3));
        const NodeSensitivity &worst = sens->nodes.front();
        QCOMPARE(worst.name, std::string("/outlier"));
        QCOMPARE(worst.opType, std::string("MatMul"));
        QVERIFY2(worst.gainDb > 10, qPrintable(QString::number(worst.gainDb)));
        for (size_t i = 1; i < sens->nodes.size(); ++i) {
            QVERIFY(sens->nodes[i].gainDb < worst.gainDb);
            QVERIFY(sens->nodes[i].aloneSqnrDb > worst.aloneSqnrDb);
        }
        QVERIFY(std::fabs(worst.withoutSqnrDb - sens->fullSqnrDb - worst.gainDb) < 1e-9);

        auto reference = referenceOutputs(m, **source, 4);
        QVERIFY(reference);
        auto full = insertQdq(m, ranges, options);
        QVERIFY(full);
        auto fullSqnr = outputSqnrDb(full->model, *reference);
        QVERIFY(fullSqnr);
        QVERIFY(std::fabs(*fullSqnr - sens->fullSqnrDb) < 1e-9);

        auto plan = keepWorstInFloat(m, ranges, options, *sens, 1, *reference);
        QVERIFY2(plan, plan ? "" : plan.error().message().c_str());
        QCOMPARE(plan->kept, std::vector<std::string>{"/outlier"});
        QCOMPARE(plan->quantized.quantizedNodes, size_t(2));
        QVERIFY2(plan->outputSqnrDb > sens->fullSqnrDb + 10,
                 qPrintable(QStringLiteral("%1 vs %2").arg(plan->outputSqnrDb).arg(sens->fullSqnrDb)));
        QVERIFY(std::fabs(plan->outputSqnrDb - worst.withoutSqnrDb) < 1e-9);
    }

    void biasCorrectionCentresTheOutputError()
    {
        // x[1,16,6,6] (uniform [0, 1): channel means 0.5) → Conv(8, 3×3, no padding) → y, with
        // per-tensor int8 weights coarse enough that their rounding shifts each output channel.
        std::mt19937 rng(3);
        std::normal_distribution<float> d(0, 0.05f);
        std::vector<float> w(8 * 16 * 9);
        for (float &v : w)
            v = d(rng);
        w[0] = 1.0f; // sets the per-tensor scale: the rest round coarsely
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 16, 6, 6});
        b.initializer("w", {8, 16, 3, 3}, w);
        b.initializer("bias", {8}, std::vector<float>(8, 0.1f));
        b.node("Conv", {"x", "w", "bias"}, {"y"}, "/conv");
        b.output("y", DataType::Float, {1, 8, 4, 4});
        const Model m = b.build();
        CalibrationDataOptions data;
        data.randomSamples = 16;
        auto source = openCalibrationSource({}, m.graph->inputs, data);
        QVERIFY(source);
        const CollectedHistograms ranges = collect(m, **source);
        QVERIFY(ranges.channelMeans.count("x"));

        // Mean output error per channel, over samples and positions.
        auto meanErrors = [&](bool correct) {
            QdqOptions options;
            options.perChannel = false;
            options.biasCorrection = correct;
            auto q = insertQdq(m, ranges, options);
            std::vector<double> sum(8, 0.0);
            if (!q)
                return sum;
            runtime::SessionOptions one;
            one.threads = 1;
            auto ref = runtime::InferenceSession::create(std::make_shared<const Model>(m), one);
            auto test = runtime::InferenceSession::create(std::make_shared<const Model>(q->model), one);
            if (!ref || !test)
                return sum;
            for (size_t s = 0; s < (*source)->count(); ++s) {
                auto sample = (*source)->sample(s);
                auto a = (*ref)->run(runtime::NamedTensors(sample->begin(), sample->end()));
                auto t = (*test)->run(runtime::NamedTensors(sample->begin(), sample->end()));
                if (!a || !t)
                    return sum;
                const float *x = a->outputs[0].second.data<float>(), *y = t->outputs[0].second.data<float>();
                for (int64_t i = 0; i < 8 * 16; ++i)
                    sum[size_t(i / 16)] += double(y[i]) - double(x[i]);
            }
            for (double &v : sum)
                v /= double((*source)->count() * 16);
            return sum;
        };
        const std::vector<double> plain = meanErrors(false), corrected = meanErrors(true);
        double plainShift = 0, correctedShift = 0;
        for (size_t c = 0; c < 8; ++c) {
            plainShift += std::fabs(plain[c]);
            correctedShift += std::fabs(corrected[c]);
        }
        QVERIFY2(plainShift > 0, "the weights should round with a shift");
        QVERIFY2(correctedShift < 0.5 * plainShift,
                 qPrintable(QStringLiteral("mean |error| %1 with bias correction, %2 without")
                                .arg(correctedShift)
                                .arg(plainShift)));
    }
};

QTEST_GUILESS_MAIN(TestErrorAnalysis)
#include "tst_error_analysis.moc"
