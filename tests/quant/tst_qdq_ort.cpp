// The QDQ model insertQdq writes runs in Silica's runtime and in ONNX Runtime 1.30 (the peer, out
// of process via bench/ort/ort_run.mjs) on the same input, and both give the same outputs: every
// element within one step of the output's quantization scale, and almost all of them identical.
//
// Why not all identical: ORT fuses DequantizeLinear → Conv / Gemm / Add / … → QuantizeLinear
// into integer kernels (QLinearConv, QGemm, QLinearAdd, …) that requantize the int32 sum with
// their own float multiplier, where Silica runs the graph as written (dequantize, float op,
// quantize). The two round differently only for a value within float rounding of a rounding
// boundary.
//
// Cases: PyTorch-converted convolutions from the ONNX conformance data (opset 6, declared at 13
// for per-channel weights) checked on their own input, and small models built here for the paths
// ORT fuses differently: an activation folded into Conv / Gemm, Gemm weights per channel on either
// axis, MatMul, a residual Add, pools, SiLU, int8 and 16-bit activations. Node or onnxruntime-node
// missing skips with the reason (scripts/fetch_peers.sh installs it).

#include "tests/common/test_support.h"

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/onnx_export.h"
#include "core/graph/onnx_import.h"
#include "core/graph/tensor_stats.h"
#include "core/quant/qdq.h"
#include "core/runtime/session.h"
#include "core/runtime/tensor_io.h"

#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <random>

using namespace silica;
using namespace silica::quant;

namespace {

const QString kOrtRun = QStringLiteral(SILICA_SOURCE_DIR "/bench/ort/ort_run.mjs");
constexpr int kPeerTimeoutMs = 120000;

// At most this share of an output's elements may differ (by one step) between the runtimes.
// Measured on these cases (ORT 1.30 on AVX-512 VNNI): none differ; the margin is for other
// kernels MLAS picks on other CPUs.
constexpr double kMaxDifferingShare = 0.02;

std::vector<float> randomValues(size_t n, float scale, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0, scale);
    std::vector<float> v(n);
    for (float &x : v)
        x = d(rng);
    return v;
}

runtime::Tensor uniformTensor(const runtime::Shape &shape, float lo, float hi, unsigned seed)
{
    runtime::Tensor t = runtime::Tensor::allocate(DataType::Float, shape);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(lo, hi);
    float *p = t.mutableData<float>();
    for (int64_t i = 0; i < t.elementCount(); ++i)
        p[i] = d(rng);
    return t;
}

// x → Conv 3×3 (bias) → Relu → Conv 1×1 (bias) → y: ORT folds the Relu into QLinearConv.
Model convReluConv(int64_t opset)
{
    GraphBuilder b("conv_relu_conv", opset);
    b.input("x", DataType::Float, {1, 4, 8, 8});
    b.initializer("w1", {8, 4, 3, 3}, randomValues(8 * 4 * 9, 0.3f, 1));
    b.initializer("b1", {8}, randomValues(8, 0.1f, 2));
    b.initializer("w2", {4, 8, 1, 1}, randomValues(4 * 8, 0.4f, 3));
    b.initializer("b2", {4}, randomValues(4, 0.1f, 4));
    b.node("Conv", {"x", "w1", "b1"}, {"c1"}, "/conv1").ints("pads", {1, 1, 1, 1});
    b.node("Relu", {"c1"}, {"r1"}, "/relu");
    b.node("Conv", {"r1", "w2", "b2"}, {"y"}, "/conv2");
    b.output("y", DataType::Float, {1, 4, 8, 8});
    return b.build();
}

// Depthwise strided Conv → Clip(0, 6) → pointwise Conv: MobileNet's block.
Model depthwiseClip()
{
    GraphBuilder b("depthwise_clip");
    b.input("x", DataType::Float, {1, 8, 10, 10});
    b.initializer("dw", {8, 1, 3, 3}, randomValues(8 * 9, 0.5f, 5));
    b.initializer("db", {8}, randomValues(8, 0.2f, 6));
    b.initializer("pw", {16, 8, 1, 1}, randomValues(16 * 8, 0.4f, 7));
    b.initializer("lo", {}, {0.0f});
    b.initializer("hi", {}, {6.0f});
    b.node("Conv", {"x", "dw", "db"}, {"d"}, "/dw")
        .i("group", 8)
        .ints("pads", {1, 1, 1, 1})
        .ints("strides", {2, 2});
    b.node("Clip", {"d", "lo", "hi"}, {"c"}, "/relu6");
    b.node("Conv", {"c", "pw"}, {"y"}, "/pw");
    b.output("y", DataType::Float, {1, 16, 5, 5});
    return b.build();
}

// Gemm with transB (weight channels on axis 0) → Relu → Gemm without (axis 1).
Model twoGemms()
{
    GraphBuilder b("two_gemms");
    b.input("x", DataType::Float, {3, 32});
    b.initializer("w1", {16, 32}, randomValues(16 * 32, 0.3f, 8));
    b.initializer("b1", {16}, randomValues(16, 0.2f, 9));
    b.initializer("w2", {16, 10}, randomValues(16 * 10, 0.4f, 10));
    b.initializer("b2", {10}, randomValues(10, 0.2f, 11));
    b.node("Gemm", {"x", "w1", "b1"}, {"g1"}, "/fc1").i("transB", 1);
    b.node("Relu", {"g1"}, {"r1"}, "/relu");
    b.node("Gemm", {"r1", "w2", "b2"}, {"y"}, "/fc2");
    b.output("y", DataType::Float, {3, 10});
    return b.build();
}

// MatMul (weight per channel on axis 1) plus the input: an attention-style residual.
Model matmulResidual()
{
    GraphBuilder b("matmul_residual");
    b.input("x", DataType::Float, {1, 5, 16});
    b.initializer("w", {16, 16}, randomValues(16 * 16, 0.3f, 12));
    b.node("MatMul", {"x", "w"}, {"m"}, "/matmul");
    b.node("Add", {"m", "x"}, {"a"}, "/add");
    b.node("Sigmoid", {"a"}, {"y"}, "/sigmoid");
    b.output("y", DataType::Float, {1, 5, 16});
    return b.build();
}

// Conv → Relu added to its input, MaxPool, GlobalAveragePool, Flatten, Gemm: a ResNet's tail.
Model residualPools()
{
    GraphBuilder b("residual_pools");
    b.input("x", DataType::Float, {1, 8, 8, 8});
    b.initializer("w", {8, 8, 3, 3}, randomValues(8 * 8 * 9, 0.2f, 13));
    b.initializer("b", {8}, randomValues(8, 0.1f, 14));
    b.initializer("fw", {10, 8}, randomValues(10 * 8, 0.5f, 15));
    b.initializer("fb", {10}, randomValues(10, 0.1f, 16));
    b.node("Conv", {"x", "w", "b"}, {"c"}, "/conv").ints("pads", {1, 1, 1, 1});
    b.node("Relu", {"c"}, {"r"}, "/relu");
    b.node("Add", {"x", "r"}, {"s"}, "/add");
    b.node("MaxPool", {"s"}, {"p"}, "/maxpool")
        .ints("kernel_shape", {2, 2})
        .ints("strides", {2, 2});
    b.node("GlobalAveragePool", {"p"}, {"g"}, "/gap");
    b.node("Flatten", {"g"}, {"f"}, "/flatten");
    b.node("Gemm", {"f", "fw", "fb"}, {"y"}, "/fc").i("transB", 1);
    b.output("y", DataType::Float, {1, 10});
    return b.build();
}

// Conv → x·sigmoid(x) (SiLU as EfficientNet exports it) → AveragePool.
Model silu()
{
    GraphBuilder b("silu");
    b.input("x", DataType::Float, {1, 4, 8, 8});
    b.initializer("w", {8, 4, 3, 3}, randomValues(8 * 4 * 9, 0.3f, 17));
    b.initializer("b", {8}, randomValues(8, 0.1f, 18));
    b.node("Conv", {"x", "w", "b"}, {"c"}, "/conv").ints("pads", {1, 1, 1, 1});
    b.node("Sigmoid", {"c"}, {"s"}, "/sigmoid");
    b.node("Mul", {"c", "s"}, {"m"}, "/mul");
    b.node("AveragePool", {"m"}, {"y"}, "/avgpool")
        .ints("kernel_shape", {2, 2})
        .ints("strides", {2, 2});
    b.output("y", DataType::Float, {1, 8, 4, 4});
    return b.build();
}

struct BuiltCase
{
    const char *label;
    Model (*build)();
    QuantType activations;
    runtime::Shape shape;
};

const BuiltCase kBuilt[] = {
    {"conv_relu_conv", [] { return convReluConv(17); }, QuantType::Uint8, {1, 4, 8, 8}},
    {"conv_relu_conv_s8", [] { return convReluConv(17); }, QuantType::Int8, {1, 4, 8, 8}},
    {"conv_relu_conv_u16", [] { return convReluConv(21); }, QuantType::Uint16, {1, 4, 8, 8}},
    {"depthwise_clip", depthwiseClip, QuantType::Uint8, {1, 8, 10, 10}},
    {"two_gemms", twoGemms, QuantType::Uint8, {3, 32}},
    {"matmul_residual", matmulResidual, QuantType::Uint8, {1, 5, 16}},
    {"residual_pools", residualPools, QuantType::Uint8, {1, 8, 8, 8}},
    {"silu", silu, QuantType::Uint8, {1, 4, 8, 8}},
};

// PyTorch-converted convolutions (opset 6, weights as initializers).
const char *const kConformance[] = {
    "test_Conv2d",         "test_Conv2d_depthwise", "test_Conv2d_depthwise_with_multiplier",
    "test_Conv2d_groups",  "test_Conv2d_strided",   "test_Conv2d_dilated",
    "test_Conv2d_no_bias",
};

// "" when node and onnxruntime-node are usable, else why not.
QString peerMissingReason()
{
    if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
        return QStringLiteral("node is not installed (Debian: apt-get install nodejs)");
    // Serve mode with no requests loads onnxruntime-node and exits: 0, or 3 when it is missing.
    QProcess p;
    p.start(QStringLiteral("node"), {kOrtRun, QStringLiteral("--serve")});
    p.closeWriteChannel();
    if (!p.waitForFinished(kPeerTimeoutMs))
        return QStringLiteral("node %1 --serve did not finish").arg(kOrtRun);
    if (p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
        return {};
    return QString::fromUtf8(p.readAllStandardError()).trimmed();
}

// The scale of the DequantizeLinear writing graph output `name`; 0 when none does.
double outputStep(const Model &m, const std::string &name)
{
    for (const NodePtr &n : m.graph->nodes) {
        if (n->opType != "DequantizeLinear" || n->outputs.front() != name || n->inputs.size() < 2)
            continue;
        const Tensor *scale = m.graph->index().initializer(n->inputs[1]);
        if (!scale)
            return 0.0;
        auto v = tensorValues(*scale, 1);
        return v && !v->empty() ? v->front() : 0.0;
    }
    return 0.0;
}

} // namespace

class TestQdqOrt : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void agreesWithOnnxRuntime_data();
    void agreesWithOnnxRuntime();

private:
    // Calibrates `m` on `calibFiles` (.npy / .pb, one per sample), quantizes it, runs the QDQ
    // model on `input` in both runtimes and compares every output.
    void checkAgreement(const Model &m, QuantType activations,
                        const std::vector<std::string> &calibFiles, const runtime::Tensor &input,
                        const QString &dir);

    QString m_peerMissing;
};

void TestQdqOrt::initTestCase()
{
    m_peerMissing = peerMissingReason();
    if (!m_peerMissing.isEmpty())
        qInfo("ONNX Runtime peer unavailable, every case will skip: %s", qPrintable(m_peerMissing));
}

void TestQdqOrt::agreesWithOnnxRuntime_data()
{
    QTest::addColumn<int>("built");           // index into kBuilt, or -1
    QTest::addColumn<QString>("conformance"); // pytorch-converted test folder
    for (int i = 0; i < int(std::size(kBuilt)); ++i)
        QTest::newRow(kBuilt[i].label) << i << QString();
    for (const char *t : kConformance)
        QTest::newRow(t) << -1 << QString::fromLatin1(t);
}

void TestQdqOrt::agreesWithOnnxRuntime()
{
    QFETCH(int, built);
    QFETCH(QString, conformance);
    if (!m_peerMissing.isEmpty())
        QSKIP(qPrintable(m_peerMissing));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    if (built >= 0) {
        const BuiltCase &c = kBuilt[built];
        const Model m = c.build();
        // Calibration and the checked input from one distribution, negative values included
        // so that activation zero points are not 0.
        std::vector<std::string> calib;
        for (unsigned s = 0; s < 8; ++s) {
            const std::string file =
                dir.filePath(QStringLiteral("calib%1.npy").arg(s)).toStdString();
            QVERIFY(runtime::saveNpy(file, uniformTensor(c.shape, -1.5f, 1.5f, 100 + s)).isOk());
            calib.push_back(file);
        }
        checkAgreement(m, c.activations, calib, uniformTensor(c.shape, -1.5f, 1.5f, 200),
                       dir.path());
        return;
    }

    const QString testDir =
        silica::test::onnxTestDataDir() + QStringLiteral("/pytorch-converted/") + conformance;
    const QString modelFile = testDir + QStringLiteral("/model.onnx");
    const QString input = testDir + QStringLiteral("/test_data_set_0/input_0.pb");
    if (!QFileInfo::exists(modelFile) || !QFileInfo::exists(input))
        QSKIP(qPrintable(testDir + QStringLiteral(" is missing (Debian libonnx-testdata)")));
    LoadOptions load;
    load.runChecker = false;
    auto loaded = loadModel(modelFile.toStdString(), load);
    QVERIFY2(loaded, loaded ? "" : loaded.error().message().c_str());
    // raiseOpset starts at opset 9; these models hold a single Conv, whose definition has not
    // changed since opset 1, so declaring opset 13 is enough.
    Model m = *loaded->model;
    for (OpsetImport &o : m.opsets)
        if (isDefaultDomain(o.domain))
            o.version = 13;
    m.irVersion = std::max<int64_t>(m.irVersion, 7); // opset 13 came with IR version 7
    auto x = runtime::loadTensorFile(input.toStdString());
    QVERIFY2(x, x ? "" : x.error().message().c_str());
    checkAgreement(m, QuantType::Uint8, {input.toStdString()}, *x, dir.path());
}

void TestQdqOrt::checkAgreement(const Model &m, QuantType activations,
                                const std::vector<std::string> &calibFiles,
                                const runtime::Tensor &input, const QString &dir)
{
    const std::vector<ValueInfo> inputs = m.graph->index().fedInputs();
    QCOMPARE(inputs.size(), size_t(1));
    auto source = openCalibrationSource(calibFiles, inputs, {});
    QVERIFY2(source, source ? "" : source.error().message().c_str());
    auto ranges = collectHistograms(m, **source);
    QVERIFY2(ranges, ranges ? "" : ranges.error().message().c_str());
    QdqOptions options;
    options.calibration.method = CalibrationMethod::MinMax;
    options.calibration.type = activations;
    options.perChannel = true;
    auto q = insertQdq(m, *ranges, options);
    QVERIFY2(q, q ? "" : q.error().message().c_str());
    QVERIFY(q->quantizedNodes > 0);

    auto session = runtime::InferenceSession::create(std::make_shared<const Model>(q->model));
    QVERIFY2(session, session ? "" : session.error().message().c_str());
    auto ours = (*session)->run({{inputs.front().name, input}});
    QVERIFY2(ours, ours ? "" : ours.error().message().c_str());

    const QString modelFile = dir + QStringLiteral("/qdq.onnx");
    const QString inputFile = dir + QStringLiteral("/input.npy");
    const QString outDir = dir + QStringLiteral("/ort");
    QVERIFY(saveModel(q->model, modelFile.toStdString()).isOk());
    QVERIFY(runtime::saveNpy(inputFile.toStdString(), input).isOk());
    QProcess ort;
    ort.start(QStringLiteral("node"),
              {kOrtRun, modelFile, QStringLiteral("--input"),
               QString::fromStdString(inputs.front().name) + QLatin1Char('=') + inputFile,
               QStringLiteral("--output-dir"), outDir, QStringLiteral("--json")});
    QVERIFY2(ort.waitForFinished(kPeerTimeoutMs), "ort_run.mjs timed out");
    QVERIFY2(ort.exitStatus() == QProcess::NormalExit && ort.exitCode() == 0,
             ort.readAllStandardError().constData());

    QCOMPARE(ours->outputs.size(), q->model.graph->outputs.size());
    for (const auto &[name, tensor] : ours->outputs) {
        auto reference =
            runtime::loadNpy(outDir.toStdString() + '/' + runtime::safeFileName(name) + ".npy");
        QVERIFY2(reference, reference ? "" : reference.error().message().c_str());
        QCOMPARE(runtime::shapeString(tensor.shape()), runtime::shapeString(reference->shape()));
        const double step = outputStep(q->model, name);
        QVERIFY2(step > 0, ("output " + name + " is not written by a DequantizeLinear").c_str());
        const std::vector<double> a = tensor.toDoubles(), b = reference->toDoubles();
        double maxSteps = 0;
        size_t differing = 0;
        for (size_t i = 0; i < a.size(); ++i) {
            const double steps = std::fabs(a[i] - b[i]) / step;
            maxSteps = std::max(maxSteps, std::isnan(steps) ? INFINITY : steps);
            // Half a step apart is a different code; closer is float rounding of one code.
            differing += steps > 0.5 ? 1 : 0;
        }
        const double share = a.empty() ? 0.0 : double(differing) / double(a.size());
        qInfo("%s %s: max |Silica - ORT| %.3g steps of %.3g, %zu of %zu elements differ",
              name.c_str(), tensor.describe().c_str(), maxSteps, step, differing, a.size());
        QVERIFY2(maxSteps <= 1.001,
                 qPrintable(QStringLiteral("%1: Silica and ORT differ by %2 steps")
                                .arg(QString::fromStdString(name))
                                .arg(maxSteps)));
        QVERIFY2(share <= kMaxDifferingShare,
                 qPrintable(QStringLiteral("%1: %2 of %3 elements differ by a step")
                                .arg(QString::fromStdString(name))
                                .arg(differing)
                                .arg(a.size())));
    }
}

QTEST_GUILESS_MAIN(TestQdqOrt)
#include "tst_qdq_ort.moc"
