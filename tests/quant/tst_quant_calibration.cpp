// Quantization arithmetic against the ONNX spec and its conformance data, quantization
// parameters from ranges, the streaming histogram, and each calibration method on
// distributions with a known answer.

#include "core/quant/calibration.h"
#include "core/runtime/tensor_io.h"

#include <QDir>
#include <QTest>

#include <cmath>
#include <random>

using namespace silica;
using namespace silica::quant;

namespace {

const QString kNodeTests = QStringLiteral("/usr/share/libonnx-testdata/data/node/");

std::vector<float> uniform(size_t n, float lo, float hi, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v(n);
    for (float &x : v)
        x = d(rng);
    return v;
}

std::vector<float> gaussianWithOutliers(size_t n, size_t outliers, float outlier, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0, 1);
    std::vector<float> v(n);
    for (float &x : v)
        x = d(rng);
    for (size_t k = 0; k < outliers; ++k)
        v[k * 997 % n] = outlier;
    return v;
}

TensorHistogram histogramOf(const std::vector<float> &v)
{
    TensorHistogram h;
    // In pieces, as calibration samples stream past.
    for (size_t at = 0; at < v.size(); at += 1000)
        h.add(v.data() + at, std::min<size_t>(1000, v.size() - at));
    return h;
}

} // namespace

class TestQuantCalibration : public QObject
{
    Q_OBJECT

private slots:
    void quantizeRoundsHalfToEvenAndSaturates()
    {
        const QuantParams p{1.0f, 0, QuantType::Uint8};
        QCOMPARE(quantize(2.5f, p), 2); // half to even
        QCOMPARE(quantize(3.5f, p), 4);
        QCOMPARE(quantize(-0.5f, p), 0);
        QCOMPARE(quantize(300.f, p), 255); // saturation
        QCOMPARE(quantize(-3.f, p), 0);
        const QuantParams s{0.5f, -10, QuantType::Int8};
        QCOMPARE(quantize(1.25f, s), -8); // 2.5 → 2, + zero point
        QCOMPARE(quantize(-1000.f, s), -128);
        QCOMPARE(quantize(1000.f, s), 127);
        QCOMPARE(dequantize(-8, s), 1.0f);
        const QuantParams w{1.0f, 0, QuantType::Int16};
        QCOMPARE(quantize(40000.f, w), 32767);
        QCOMPARE(quantize(std::nanf(""), p), 0);
    }

    void quantizeMatchesTheConformanceData_data()
    {
        QTest::addColumn<QString>("test");
        QTest::newRow("quantizelinear") << QStringLiteral("test_quantizelinear");
        QTest::newRow("dequantizelinear") << QStringLiteral("test_dequantizelinear");
    }
    void quantizeMatchesTheConformanceData()
    {
        QFETCH(QString, test);
        const QString dir = kNodeTests + test + QStringLiteral("/test_data_set_0/");
        if (!QDir(dir).exists())
            QSKIP("libonnx-testdata is not installed");
        auto load = [&](const char *name) {
            return runtime::loadTensorProto(QString(dir + QLatin1String(name)).toStdString());
        };
        auto x = load("input_0.pb");
        auto scale = load("input_1.pb");
        auto zp = load("input_2.pb");
        auto y = load("output_0.pb");
        QVERIFY(x && scale && zp && y);
        const QuantParams p{scale->data<float>()[0], int32_t(zp->data<uint8_t>()[0]), QuantType::Uint8};
        QCOMPARE(x->elementCount(), y->elementCount());
        for (int64_t i = 0; i < x->elementCount(); ++i) {
            if (test == QLatin1String("test_quantizelinear"))
                QCOMPARE(quantize(x->data<float>()[i], p), int32_t(y->data<uint8_t>()[i]));
            else
                QCOMPARE(dequantize(x->data<uint8_t>()[i], p), y->data<float>()[i]);
        }
    }

    void rangesMapZeroExactly()
    {
        const QuantParams a = paramsForRange(-1, 3, QuantType::Uint8, false);
        QCOMPARE(a.scale, float(4.0 / 255));
        QCOMPARE(a.zeroPoint, 64);
        QCOMPARE(dequantize(a.zeroPoint, a), 0.0f);
        // A range that does not contain 0 is widened to it.
        const QuantParams b = paramsForRange(2, 4, QuantType::Uint8, false);
        QCOMPARE(b.zeroPoint, 0);
        QCOMPARE(b.scale, float(4.0 / 255));
        // Symmetric: zero point 0 for signed, the middle for unsigned; the larger magnitude.
        const QuantParams s = paramsForRange(-2, 1, QuantType::Int8, true);
        QCOMPARE(s.zeroPoint, 0);
        QCOMPARE(s.scale, float(2.0 / 127));
        const QuantParams u = paramsForRange(-2, 1, QuantType::Uint8, true);
        QCOMPARE(u.zeroPoint, 128);
        QCOMPARE(u.scale, float(2.0 / 127.5));
        const QuantParams w = paramsForRange(-1, 1, QuantType::Int16, true);
        QCOMPARE(w.scale, float(1.0 / 32767));
        // Nothing but zeros: a usable scale.
        QCOMPARE(paramsForRange(0, 0, QuantType::Uint8, false).scale, 1.0f);
    }

    void perChannelParamsFollowTheAxis()
    {
        // [2, 3] along axis 0: rows; along axis 1: columns.
        const float w[] = {-1, 0, 2, 0.5f, -4, 1};
        const std::vector<QuantParams> rows = perChannelParams(w, {2, 3}, 0, QuantType::Int8, true);
        QCOMPARE(rows.size(), size_t(2));
        QCOMPARE(rows[0].scale, float(2.0 / 127));
        QCOMPARE(rows[1].scale, float(4.0 / 127));
        const std::vector<QuantParams> cols = perChannelParams(w, {2, 3}, -1, QuantType::Int8, true);
        QCOMPARE(cols.size(), size_t(3));
        QCOMPARE(cols[0].scale, float(1.0 / 127));
        QCOMPARE(cols[1].scale, float(4.0 / 127));
        QCOMPARE(cols[2].scale, float(2.0 / 127));
        QVERIFY(perChannelParams(w, {2, 3}, 2, QuantType::Int8, true).empty());
    }

    void histogramGrowsWithoutLosingValues()
    {
        TensorHistogram h(64);
        const float zeros[] = {0, 0, 0};
        h.add(zeros, 3);
        QCOMPARE(h.limit(), 0.0);
        const float small[] = {0.1f, -0.2f};
        h.add(small, 2);
        const float big[] = {100.f, -50.f, std::numeric_limits<float>::infinity()};
        h.add(big, 3);
        QCOMPARE(h.count(), uint64_t(7));
        QCOMPARE(h.nonFinite(), uint64_t(1));
        QCOMPARE(h.min(), -50.0);
        QCOMPARE(h.max(), 100.0);
        QVERIFY(h.limit() > 100);
        uint64_t total = 0;
        for (uint64_t c : h.counts())
            total += c;
        QCOMPARE(total, uint64_t(7));
        // Merging two halves gives the histogram of the whole.
        const std::vector<float> v = uniform(5000, -3, 3, 7);
        TensorHistogram all, a, b;
        all.add(v.data(), v.size());
        a.add(v.data(), 2500);
        b.add(v.data() + 2500, 2500);
        a.merge(b);
        QCOMPARE(a.count(), all.count());
        QCOMPARE(a.min(), all.min());
        QCOMPARE(a.max(), all.max());
        QCOMPARE(a.limit(), all.limit());
        // A histogram that has seen only zeros, merged with one that has seen values.
        TensorHistogram z(64), w(64);
        z.add(zeros, 3);
        w.add(small, 2);
        z.merge(w);
        QCOMPARE(z.count(), uint64_t(5));
        QCOMPARE(z.min(), double(-0.2f));
        QCOMPARE(z.max(), double(0.1f));
        uint64_t inBins = 0;
        for (uint64_t c : z.counts())
            inBins += c;
        QCOMPARE(inBins, uint64_t(5));
    }

    void minMaxKeepsTheWholeRange()
    {
        const TensorHistogram h = histogramOf(gaussianWithOutliers(100000, 10, 50, 1));
        const CalibratedRange r = calibratedRange(h, {CalibrationMethod::MinMax, 99.99, QuantType::Int8, true});
        QCOMPARE(r.hi, 50.0);
        QVERIFY(r.lo < -3.5);
    }

    void percentileClipsTheTails()
    {
        const TensorHistogram u = histogramOf(uniform(100000, -1, 1, 2));
        const CalibratedRange sym = calibratedRange(u, {CalibrationMethod::Percentile, 99, QuantType::Int8, true});
        QVERIFY2(std::fabs(sym.hi - 0.99) < 0.01 && std::fabs(sym.lo + 0.99) < 0.01,
                 qPrintable(QStringLiteral("%1 %2").arg(sym.lo).arg(sym.hi)));
        const CalibratedRange asym = calibratedRange(u, {CalibrationMethod::Percentile, 99, QuantType::Uint8, false});
        QVERIFY2(std::fabs(asym.hi - 0.99) < 0.01 && std::fabs(asym.lo + 0.99) < 0.01,
                 qPrintable(QStringLiteral("%1 %2").arg(asym.lo).arg(asym.hi)));
        // A normal distribution's 99.99th percentile of |x| is about 3.89; the outliers at 50
        // (0.01 % of the values) are clipped.
        const TensorHistogram g = histogramOf(gaussianWithOutliers(100000, 10, 50, 3));
        const CalibratedRange r = calibratedRange(g, {CalibrationMethod::Percentile, 99.9, QuantType::Int8, true});
        QVERIFY2(r.hi > 3.0 && r.hi < 3.6, qPrintable(QString::number(r.hi))); // |x| 99.9 % ≈ 3.29
    }

    void entropyIgnoresRareOutliers()
    {
        const TensorHistogram g = histogramOf(gaussianWithOutliers(100000, 10, 50, 4));
        const CalibratedRange r = calibratedRange(g, {CalibrationMethod::Entropy, 0, QuantType::Int8, true});
        QVERIFY2(r.hi > 2 && r.hi < 15, qPrintable(QString::number(r.hi)));
        QCOMPARE(r.lo, std::max(g.min(), -r.hi)); // symmetric, within what was seen
        // Uniform data has nothing to clip: the threshold stays near the edge.
        const TensorHistogram u = histogramOf(uniform(100000, -1, 1, 5));
        const CalibratedRange ru = calibratedRange(u, {CalibrationMethod::Entropy, 0, QuantType::Int8, true});
        QVERIFY2(ru.hi > 0.9, qPrintable(QString::number(ru.hi)));
        // Sixteen-bit codes outnumber the bins: the whole range.
        const CalibratedRange r16 = calibratedRange(g, {CalibrationMethod::Entropy, 0, QuantType::Int16, true});
        QCOMPARE(r16.hi, 50.0);
    }

    void mseBalancesClippingAndRounding()
    {
        // A normal distribution: clipping its rare tails costs less than the coarser steps a
        // range reaching the extremes would take.
        const TensorHistogram g = histogramOf(gaussianWithOutliers(100000, 0, 0, 6));
        const CalibrationOptions options{CalibrationMethod::Mse, 0, QuantType::Int8, true};
        const CalibratedRange r = calibratedRange(g, options);
        QVERIFY2(r.hi > 2 && r.hi < g.max(), qPrintable(QString::number(r.hi)));
        const double chosen = expectedSquaredError(g, calibratedParams(g, options));
        for (CalibrationMethod other : {CalibrationMethod::MinMax, CalibrationMethod::Percentile, CalibrationMethod::Entropy}) {
            const double e = expectedSquaredError(g, calibratedParams(g, {other, 99.9, QuantType::Int8, true}));
            QVERIFY2(chosen <= e * 1.001, methodName(other));
        }
        // Ten outliers at 50 among 100,000: clipping them costs more than the coarser steps,
        // so the error-optimal range keeps them (entropy clips them regardless).
        const TensorHistogram o = histogramOf(gaussianWithOutliers(100000, 10, 50, 6));
        QVERIFY(calibratedRange(o, options).hi > 40);
        // With nothing to clip the rounding error is scale² / 12.
        const TensorHistogram u = histogramOf(uniform(100000, -1, 1, 8));
        const QuantParams p = paramsForRange(-1.01, 1.01, QuantType::Int8, true);
        QVERIFY(std::fabs(expectedSquaredError(u, p) - double(p.scale) * p.scale / 12) < 1e-12);
    }

    void methodsHaveStableNames()
    {
        CalibrationMethod m = CalibrationMethod::MinMax;
        for (const char *name : {"minmax", "percentile", "entropy", "mse"}) {
            QVERIFY(methodFromName(name, m));
            QCOMPARE(std::string(methodName(m)), std::string(name));
        }
        QVERIFY(!methodFromName("kl", m));
    }
};

QTEST_GUILESS_MAIN(TestQuantCalibration)
#include "tst_quant_calibration.moc"
