// InferenceSession behaviour a user relies on: fused and unfused runs agree, bad feeds and
// unsupported ops get clear errors before anything runs, NaN/Inf are traced to the node that
// made them, observers see every node, buffers are recycled, cancel stops a run.

#include "core/graph/graph_builder.h"
#include "core/runtime/profiler.h"
#include "core/runtime/random_inputs.h"
#include "core/runtime/session.h"
#include "core/runtime/half.h"
#include "core/runtime/kernels/kernel_util.h"
#include "core/runtime/tensor_io.h"

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cmath>
#include <omp.h>
#include <cstring>
#include <random>
#include <set>

using namespace silica;
using namespace silica::runtime;

namespace {

std::vector<float> seeded(size_t n, unsigned seed, float scale = 0.3f)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0.0f, scale);
    std::vector<float> v(n);
    for (float &x : v)
        x = d(rng);
    return v;
}

// Conv → BN → Relu → Conv(1×1) → Add(residual) → Relu → Conv → Sigmoid·Mul (SiLU) → GAP → Flatten → Gemm
ModelPtr residualCnn()
{
    GraphBuilder b;
    b.input("x", DataType::Float, {1, 8, 12, 12});
    b.initializer("w1", {8, 8, 3, 3}, seeded(8 * 8 * 9, 1));
    b.initializer("b1", {8}, seeded(8, 2));
    b.initializer("scale", {8}, std::vector<float>{1.1f, 0.9f, 1.0f, 1.2f, 0.8f, 1.0f, 1.05f, 0.95f});
    b.initializer("bias", {8}, seeded(8, 3, 0.1f));
    b.initializer("mean", {8}, seeded(8, 4, 0.1f));
    b.initializer("var", {8}, std::vector<float>(8, 0.7f));
    b.initializer("w2", {8, 8, 1, 1}, seeded(64, 5));
    b.initializer("w3", {8, 8, 3, 3}, seeded(8 * 8 * 9, 6));
    b.initializer("fc_w", {3, 8}, seeded(24, 7));
    b.initializer("fc_b", {3}, seeded(3, 8));
    b.node("Conv", {"x", "w1", "b1"}, {"c1"}, "conv1").ints("pads", {1, 1, 1, 1});
    b.node("BatchNormalization", {"c1", "scale", "bias", "mean", "var"}, {"bn1"}, "bn1");
    b.node("Relu", {"bn1"}, {"r1"}, "relu1");
    b.node("Conv", {"r1", "w2"}, {"c2"}, "conv2");
    b.node("Add", {"c2", "r1"}, {"sum"}, "add");
    b.node("Relu", {"sum"}, {"r2"}, "relu2");
    b.node("Conv", {"r2", "w3"}, {"c3"}, "conv3").ints("pads", {1, 1, 1, 1}).ints("strides", {2, 2});
    b.node("Sigmoid", {"c3"}, {"s3"}, "sigmoid3");
    b.node("Mul", {"c3", "s3"}, {"silu"}, "silu");
    b.node("GlobalAveragePool", {"silu"}, {"gap"}, "gap");
    b.node("Flatten", {"gap"}, {"flat"}, "flatten");
    b.node("Gemm", {"flat", "fc_w", "fc_b"}, {"y"}, "fc").i("transB", 1);
    b.output("y", DataType::Float, {1, 3});
    return std::make_shared<const Model>(b.build());
}

runtime::Tensor input(const Shape &shape, unsigned seed)
{
    const std::vector<float> v = seeded(size_t(elementCount(shape)), seed, 1.0f);
    return runtime::Tensor::fromVector<float>(DataType::Float, shape, v);
}

double maxAbsDiff(const runtime::Tensor &a, const runtime::Tensor &b)
{
    const std::vector<double> x = a.toDoubles(), y = b.toDoubles();
    double m = x.size() == y.size() ? 0 : INFINITY;
    for (size_t i = 0; i < x.size() && i < y.size(); ++i)
        m = std::max(m, std::fabs(x[i] - y[i]));
    return m;
}

// Whole channel blocks (16 → 32) on a 28×28 plane, so that on AVX-512 the 3×3 layer takes
// oneDNN's Winograd path with a folded BatchNormalization, and a squeeze-excitation scale multiplies an nChw16c
// tensor by a per-channel one: Conv → BN → Relu → [GAP → Conv → Sigmoid] → Mul → Sub(bias).
constexpr int64_t kSide = 28; // squeezeExcitationCnn's plane
constexpr size_t kPlane = size_t(kSide * kSide);

ModelPtr squeezeExcitationCnn()
{
    GraphBuilder b;
    b.input("x", DataType::Float, {1, 16, kSide, kSide});
    b.initializer("w1", {32, 16, 3, 3}, seeded(32 * 16 * 9, 21));
    b.initializer("scale", {32}, seeded(32, 22, 0.5f));
    b.initializer("bias", {32}, seeded(32, 23, 0.1f));
    b.initializer("mean", {32}, seeded(32, 24, 0.1f));
    b.initializer("var", {32}, std::vector<float>(32, 0.6f));
    b.initializer("w2", {32, 32, 1, 1}, seeded(32 * 32, 25));
    b.initializer("shift", {1, 32, 1, 1}, seeded(32, 26));
    b.node("Conv", {"x", "w1"}, {"c1"}, "conv1").ints("pads", {1, 1, 1, 1});
    b.node("BatchNormalization", {"c1", "scale", "bias", "mean", "var"}, {"bn1"}, "bn1");
    b.node("Relu", {"bn1"}, {"r1"}, "relu1");
    b.node("GlobalAveragePool", {"r1"}, {"gap"}, "gap");
    b.node("Conv", {"gap", "w2"}, {"c2"}, "conv2");
    b.node("Sigmoid", {"c2"}, {"gate"}, "gate");
    b.node("Mul", {"r1", "gate"}, {"scaled"}, "se_scale");
    b.node("Sub", {"shift", "scaled"}, {"y"}, "shift");
    b.output("y", DataType::Float, {1, 32, kSide, kSide});
    return std::make_shared<const Model>(b.build());
}

// squeezeExcitationCnn computed directly in double.
std::vector<double> referenceSqueezeExcitation(const std::vector<double> &relu)
{
    const std::vector<float> w2 = seeded(32 * 32, 25), shift = seeded(32, 26);
    std::vector<double> gap(32, 0.0), out(relu.size());
    for (size_t c = 0; c < 32; ++c)
        for (size_t p = 0; p < kPlane; ++p)
            gap[c] += relu[c * kPlane + p] / double(kPlane);
    for (size_t m = 0; m < 32; ++m) {
        double z = 0;
        for (size_t c = 0; c < 32; ++c)
            z += w2[m * 32 + c] * gap[c];
        const double gate = 1.0 / (1.0 + std::exp(-z));
        for (size_t p = 0; p < kPlane; ++p)
            out[m * kPlane + p] = shift[m] - relu[m * kPlane + p] * gate;
    }
    return out;
}

// conv1 → bn1 → relu1 of squeezeExcitationCnn, computed directly in double.
std::vector<double> referenceConvBnRelu(const runtime::Tensor &x)
{
    const std::vector<float> w = seeded(32 * 16 * 9, 21), scale = seeded(32, 22, 0.5f),
                             bias = seeded(32, 23, 0.1f), mean = seeded(32, 24, 0.1f);
    const std::vector<double> in = x.toDoubles();
    std::vector<double> out(32 * kPlane);
    for (int m = 0; m < 32; ++m)
        for (int oy = 0; oy < kSide; ++oy)
            for (int ox = 0; ox < kSide; ++ox) {
                double acc = 0;
                for (int c = 0; c < 16; ++c)
                    for (int ky = 0; ky < 3; ++ky)
                        for (int kx = 0; kx < 3; ++kx) {
                            const int iy = oy + ky - 1, ix = ox + kx - 1;
                            if (iy >= 0 && iy < kSide && ix >= 0 && ix < kSide)
                                acc += in[size_t((c * kSide + iy) * kSide + ix)] *
                                       w[size_t(((m * 16 + c) * 3 + ky) * 3 + kx)];
                        }
                const double v = (acc - mean[size_t(m)]) * scale[size_t(m)] / std::sqrt(0.6 + 1e-5) +
                                 bias[size_t(m)];
                out[size_t((m * kSide + oy) * kSide + ox)] = std::max(0.0, v);
            }
    return out;
}

// A dense layer with constant weights (packed once on oneDNN's matmul) and its reference.
struct DenseCase
{
    const char *name;
    bool gemm;
    Shape a;           // MatMul: any batch; Gemm: [M, K]
    int64_t n;
    bool transB;
    float alpha, beta;
    Shape c;           // empty: no C
    bool cIsInput;     // C fed at run time instead of an initializer
    const char *activation; // fused by the planner, or nullptr
};

ModelPtr denseModel(const DenseCase &d)
{
    const int64_t k = d.a.back();
    const Shape bShape = d.transB ? Shape{d.n, k} : Shape{k, d.n};
    GraphBuilder b;
    b.input("a", DataType::Float, d.a);
    b.initializer("b", bShape, seeded(size_t(k * d.n), 31));
    std::vector<std::string> inputs{"a", "b"};
    if (!d.c.empty()) {
        if (d.cIsInput)
            b.input("c", DataType::Float, d.c);
        else
            b.initializer("c", d.c, seeded(size_t(elementCount(d.c)), 32));
        inputs.push_back("c");
    }
    Shape out(d.a.begin(), d.a.end() - 1);
    out.push_back(d.n);
    const std::string dense = d.activation ? "z" : "y";
    if (d.gemm)
        b.node("Gemm", inputs, {dense}, "dense")
            .i("transB", d.transB ? 1 : 0)
            .f("alpha", d.alpha)
            .f("beta", d.beta);
    else
        b.node("MatMul", inputs, {dense}, "dense");
    if (d.activation)
        b.node(d.activation, {"z"}, {"y"}, "act");
    b.output("y", DataType::Float, out);
    return std::make_shared<const Model>(b.build());
}

std::vector<double> denseReference(const DenseCase &d, const runtime::Tensor &a,
                                   const runtime::Tensor *c)
{
    const int64_t k = d.a.back(), m = elementCount(d.a) / k;
    const std::vector<float> w = seeded(size_t(k * d.n), 31);
    const std::vector<double> av = a.toDoubles();
    const std::vector<double> cv = c ? c->toDoubles() : std::vector<double>{};
    std::vector<double> y(size_t(m * d.n));
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < d.n; ++j) {
            double acc = 0;
            for (int64_t p = 0; p < k; ++p)
                acc += av[size_t(i * k + p)] * w[size_t(d.transB ? j * k + p : p * d.n + j)];
            double v = d.alpha * acc;
            if (c) // C broadcasts as [N], [1, N], [M, 1] or [M, N]
                v += d.beta * cv[size_t(d.c.size() == 2 && d.c[0] == m ? (d.c[1] == 1 ? i : i * d.n + j)
                                                                         : (cv.size() == 1 ? 0 : j))];
            y[size_t(i * d.n + j)] = d.activation ? std::max(0.0, v) : v;
        }
    return y;
}

ModelPtr unaryChain(const std::string &op, int length, Shape shape)
{
    GraphBuilder b;
    b.input("x", DataType::Float, shape);
    std::string prev = "x";
    for (int i = 0; i < length; ++i) {
        const std::string out = i + 1 == length ? "y" : "v" + std::to_string(i);
        b.node(op, {prev}, {out}, op + std::to_string(i));
        prev = out;
    }
    b.output("y", DataType::Float, shape);
    return std::make_shared<const Model>(b.build());
}

} // namespace

class TestRuntimeSession : public QObject
{
    Q_OBJECT
private slots:
    void fusedRunMatchesUnfusedRun();
    void threadCountDoesNotChangeResults();
    void blockedLayoutsMatchPlainComputation();
    void denseLayersMatchReference();
    void rejectsMissingInput();
    void rejectsWrongElementType();
    void rejectsWrongShape();
    void bindsSymbolicDimensionsConsistently();
    void listsUnsupportedOpsBeforeRunning();
    void tracesNonFiniteValuesToTheirNode();
    void observerSeesEveryNodeOutput();
    void profilesEveryNode();
    void recyclesActivationBuffers();
    void cancelledRunStops();
    void npyFilesRoundTrip();
    void randomInputsFollowDeclaredShapes();
    void float16ModelsRunThroughFloat32Kernels();
    void loopWithoutIterationsKeepsScanTypes();
    void kernelExceptionsInWorkerThreadsBecomeErrors();
    void weightDequantizationRunsOnceAtCompileTime();
    void quantizeLinearRoundsAndSaturatesLikeTheSpec();
};

void TestRuntimeSession::fusedRunMatchesUnfusedRun()
{
    const ModelPtr model = residualCnn();
    auto fused = InferenceSession::create(model, {1, true});
    auto plain = InferenceSession::create(model, {1, false});
    QVERIFY2(fused, fused ? "" : fused.error().message().c_str());
    QVERIFY2(plain, plain ? "" : plain.error().message().c_str());
    // BN folded into conv1 with its Relu; conv2 + Add + Relu; conv3 + SiLU.
    QCOMPARE((*plain)->plan().nodes().size(), size_t(12));
    QCOMPARE((*fused)->plan().nodes().size(), size_t(6));
    const NamedTensors feeds{{"x", input({1, 8, 12, 12}, 11)}};
    auto a = (*fused)->run(feeds);
    auto b = (*plain)->run(feeds);
    QVERIFY2(a && b, a ? (b ? "" : b.error().message().c_str()) : a.error().message().c_str());
    QCOMPARE(a->outputs[0].second.shape(), Shape({1, 3}));
    QVERIFY2(maxAbsDiff(a->outputs[0].second, b->outputs[0].second) < 1e-4,
             qPrintable(QString::number(maxAbsDiff(a->outputs[0].second, b->outputs[0].second))));
}

void TestRuntimeSession::threadCountDoesNotChangeResults()
{
    const ModelPtr model = residualCnn();
    const NamedTensors feeds{{"x", input({1, 8, 12, 12}, 12)}};
    auto one = InferenceSession::create(model, {1, true});
    auto two = InferenceSession::create(model, {2, true});
    QVERIFY(one && two);
    QCOMPARE((*two)->options().threads, 2);
    auto a = (*one)->run(feeds);
    auto b = (*two)->run(feeds);
    QVERIFY(a && b);
    QVERIFY(maxAbsDiff(a->outputs[0].second, b->outputs[0].second) < 1e-5);
}

void TestRuntimeSession::blockedLayoutsMatchPlainComputation()
{
    const ModelPtr model = squeezeExcitationCnn();
    const NamedTensors feeds{{"x", input({1, 16, kSide, kSide}, 27)}};
    auto fused = InferenceSession::create(model, {1, true});
    auto plain = InferenceSession::create(model, {1, false});
    QVERIFY(fused && plain);
    auto a = (*fused)->run(feeds);
    auto b = (*plain)->run(feeds);
    QVERIFY2(a && b, a ? (b ? "" : b.error().message().c_str()) : a.error().message().c_str());
    const double diff = maxAbsDiff(a->outputs[0].second, b->outputs[0].second);
    QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));

    // The convolution itself (Winograd with the folded BatchNormalization on AVX-512) against
    // a direct computation, read through an observer as a plain tensor.
    struct Capture : RunObserver
    {
        std::vector<double> relu;
        bool wantsOutputs() const override { return true; }
        void nodeFinished(const NodeEvent &e) override
        {
            for (const auto &[name, t] : e.outputs)
                if (name == "r1")
                    relu = t.toDoubles();
        }
    } capture;
    RunOptions observed;
    observed.observer = &capture;
    auto c = (*fused)->run(feeds, observed);
    QVERIFY(c);
    const std::vector<double> expected = referenceConvBnRelu(feeds[0].second);
    QCOMPARE(capture.relu.size(), expected.size());
    double worst = 0;
    for (size_t i = 0; i < expected.size(); ++i)
        worst = std::max(worst, std::fabs(capture.relu[i] - expected[i]));
    QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
    // …and the squeeze-excitation tail (per-channel Mul and Sub on the blocked tensor).
    const std::vector<double> y = c->outputs[0].second.toDoubles(),
                              yExpected = referenceSqueezeExcitation(expected);
    QCOMPARE(y.size(), yExpected.size());
    worst = 0;
    for (size_t i = 0; i < y.size(); ++i)
        worst = std::max(worst, std::fabs(y[i] - yExpected[i]));
    QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
}

void TestRuntimeSession::denseLayersMatchReference()
{
    const DenseCase cases[] = {
        {"Gemm, transB, alpha, beta, bias row", true, {3, 20}, 17, true, 0.5f, 2.0f, {17}, false, nullptr},
        {"Gemm, full C added, Relu fused", true, {4, 9}, 33, false, 1.0f, 0.75f, {4, 33}, false, "Relu"},
        {"Gemm, column C", true, {5, 8}, 6, true, 1.5f, 1.0f, {5, 1}, false, nullptr},
        {"Gemm, C fed at run time", true, {2, 16}, 40, true, 1.0f, 1.0f, {1, 40}, true, nullptr},
        {"Gemm, scalar C", true, {1, 64}, 10, false, 1.0f, -1.0f, {1}, false, nullptr},
        {"MatMul, batched A", false, {2, 3, 24}, 19, false, 1.0f, 1.0f, {}, false, nullptr},
        {"MatMul, vector A", false, {24}, 7, false, 1.0f, 1.0f, {}, false, nullptr},
    };
    for (const DenseCase &d : cases) {
        const ModelPtr model = denseModel(d);
        auto session = InferenceSession::create(model, {1, true});
        QVERIFY2(session, session ? "" : session.error().message().c_str());
        NamedTensors feeds{{"a", input(d.a, 33)}};
        if (d.cIsInput)
            feeds.push_back({"c", input(d.c, 34)});
        const runtime::Tensor cConst =
            runtime::Tensor::fromVector<float>(DataType::Float, d.c, seeded(size_t(elementCount(d.c)), 32));
        const runtime::Tensor *c = d.c.empty() ? nullptr : d.cIsInput ? &feeds[1].second : &cConst;
        const std::vector<double> expected = denseReference(d, feeds[0].second, c);
        for (int run = 0; run < 2; ++run) { // the second run reuses the packed weights
            auto r = (*session)->run(feeds);
            QVERIFY2(r, r ? "" : r.error().message().c_str());
            const std::vector<double> y = r->outputs[0].second.toDoubles();
            QCOMPARE(y.size(), expected.size());
            double worst = 0;
            for (size_t i = 0; i < y.size(); ++i)
                worst = std::max(worst, std::fabs(y[i] - expected[i]));
            QVERIFY2(worst < 1e-4, qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(d.name)).arg(worst)));
        }
    }
}

void TestRuntimeSession::rejectsMissingInput()
{
    auto s = InferenceSession::create(residualCnn());
    QVERIFY(s);
    auto r = (*s)->run({});
    QVERIFY(!r);
    QCOMPARE(r.error().code(), ErrorCode::InvalidArgument);
    QVERIFY2(r.error().message().find("'x'") != std::string::npos &&
                 r.error().message().find("missing") != std::string::npos,
             r.error().message().c_str());
}

void TestRuntimeSession::rejectsWrongElementType()
{
    auto s = InferenceSession::create(residualCnn());
    QVERIFY(s);
    auto r = (*s)->run({{"x", runtime::Tensor::zeros(DataType::Double, {1, 8, 12, 12})}});
    QVERIFY(!r);
    QVERIFY2(r.error().message().find("must be float") != std::string::npos &&
                 r.error().message().find("double[1,8,12,12]") != std::string::npos,
             r.error().message().c_str());
}

void TestRuntimeSession::rejectsWrongShape()
{
    auto s = InferenceSession::create(residualCnn());
    QVERIFY(s);
    auto r = (*s)->run({{"x", runtime::Tensor::zeros(DataType::Float, {1, 8, 12, 13})}});
    QVERIFY(!r);
    QVERIFY2(r.error().message().find("dimension 3") != std::string::npos, r.error().message().c_str());
    auto r2 = (*s)->run({{"x", runtime::Tensor::zeros(DataType::Float, {8, 12, 12})}});
    QVERIFY(!r2);
    QVERIFY2(r2.error().message().find("rank 4") != std::string::npos, r2.error().message().c_str());
    auto r3 = (*s)->run({{"x", runtime::Tensor::zeros(DataType::Float, {1, 8, 12, 12})},
                         {"nope", runtime::Tensor::zeros(DataType::Float, {1})}});
    QVERIFY(!r3);
    QVERIFY2(r3.error().message().find("no input named 'nope'") != std::string::npos,
             r3.error().message().c_str());
}

void TestRuntimeSession::bindsSymbolicDimensionsConsistently()
{
    GraphBuilder b;
    ValueType t = ValueType::tensor(DataType::Float, {-1, 4});
    t.dims[0].hasValue = false;
    t.dims[0].param = "batch";
    b.input("a", t).input("b", t);
    b.node("Add", {"a", "b"}, {"y"}, "add");
    b.output("y");
    auto s = InferenceSession::create(std::make_shared<const Model>(b.build()));
    QVERIFY(s);
    auto ok = (*s)->run({{"a", runtime::Tensor::zeros(DataType::Float, {3, 4})},
                         {"b", runtime::Tensor::zeros(DataType::Float, {3, 4})}});
    QVERIFY2(ok, ok ? "" : ok.error().message().c_str());
    auto bad = (*s)->run({{"a", runtime::Tensor::zeros(DataType::Float, {3, 4})},
                          {"b", runtime::Tensor::zeros(DataType::Float, {2, 4})}});
    QVERIFY(!bad);
    QVERIFY2(bad.error().message().find("batch = 2") != std::string::npos, bad.error().message().c_str());
}

void TestRuntimeSession::listsUnsupportedOpsBeforeRunning()
{
    GraphBuilder b;
    b.opset("com.example", 1);
    b.input("x", DataType::Float, {2});
    b.node("FancyOp", {"x"}, {"a"}, "fancy1").domain("com.example");
    b.node("FancyOp", {"a"}, {"y"}, "fancy2").domain("com.example");
    b.output("y", DataType::Float, {2});
    const Model model = b.build();
    const auto missing = GraphPlan::findUnsupported(model);
    QCOMPARE(missing.size(), size_t(1));
    QCOMPARE(missing[0].opType, std::string("FancyOp"));
    QCOMPARE(missing[0].nodes, std::vector<std::string>({"fancy1", "fancy2"}));
    auto s = InferenceSession::create(std::make_shared<const Model>(model));
    QVERIFY(!s);
    QCOMPARE(s.error().code(), ErrorCode::Unsupported);
    QVERIFY2(s.error().message().find("com.example.FancyOp") != std::string::npos &&
                 s.error().message().find("2 nodes") != std::string::npos,
             s.error().message().c_str());
}

void TestRuntimeSession::tracesNonFiniteValuesToTheirNode()
{
    GraphBuilder b;
    b.input("x", DataType::Float, {4});
    b.node("Relu", {"x"}, {"r"}, "relu");
    b.node("Log", {"r"}, {"l"}, "log_of_relu");
    b.node("Neg", {"l"}, {"y"}, "neg");
    b.output("y", DataType::Float, {4});
    auto s = InferenceSession::create(std::make_shared<const Model>(b.build()));
    QVERIFY2(s, s ? "" : s.error().message().c_str());
    const NamedTensors feeds{{"x", runtime::Tensor::fromVector<float>(DataType::Float, {4}, {1, 2, -1, 3})}};
    RunOptions options;
    options.finiteCheck = FiniteCheck::Error;
    auto r = (*s)->run(feeds, options);
    QVERIFY(!r);
    QVERIFY2(r.error().message().find("log_of_relu") != std::string::npos &&
                 r.error().message().find("element 2") != std::string::npos,
             r.error().message().c_str());
    options.finiteCheck = FiniteCheck::Warn;
    auto w = (*s)->run(feeds, options);
    QVERIFY(w);
    QVERIFY2(w->finiteWarning.find("log_of_relu") != std::string::npos, w->finiteWarning.c_str());
}

void TestRuntimeSession::observerSeesEveryNodeOutput()
{
    struct Capture : RunObserver
    {
        std::vector<std::string> names;
        bool wantsOutputs() const override { return true; }
        void nodeFinished(const NodeEvent &e) override
        {
            for (const auto &[name, tensor] : e.outputs) {
                QVERIFY(tensor.isValid());
                names.push_back(name);
            }
        }
    } capture;
    auto s = InferenceSession::create(residualCnn(), {1, false});
    QVERIFY(s);
    RunOptions options;
    options.observer = &capture;
    QVERIFY((*s)->run({{"x", input({1, 8, 12, 12}, 3)}}, options));
    QCOMPARE(capture.names.size(), size_t(12));
    QCOMPARE(capture.names.front(), std::string("c1"));
    QCOMPARE(capture.names[2], std::string("r1"));
    QCOMPARE(capture.names.back(), std::string("y"));
}

void TestRuntimeSession::profilesEveryNode()
{
    auto s = InferenceSession::create(residualCnn(), {1, true});
    QVERIFY(s);
    ProfileOptions options;
    options.warmup = 1;
    options.repeat = 3;
    auto p = profileSession(**s, {{"x", input({1, 8, 12, 12}, 4)}}, options);
    QVERIFY2(p, p ? "" : p.error().message().c_str());
    QCOMPARE(p->runs, 3);
    QCOMPARE(p->runsMs.size(), size_t(3));
    QCOMPARE(p->nodes.size(), (*s)->plan().nodes().size());
    QCOMPARE(p->nodes[0].opType, std::string("Conv+BatchNormalization+Relu"));
    QCOMPARE(p->nodes[0].nodes, std::vector<std::string>({"conv1", "bn1", "relu1"}));
    double share = 0;
    for (const NodeTiming &t : p->nodes) {
        QVERIFY(t.medianMs >= 0);
        share += t.share;
    }
    QVERIFY(std::fabs(share - 1.0) < 1e-6);
}

void TestRuntimeSession::recyclesActivationBuffers()
{
    // Twelve Relus over 1 MiB tensors: a value dies after its reader, so two buffers suffice
    // (plus the input, which belongs to the caller).
    struct Addresses : RunObserver
    {
        std::set<const void *> seen;
        bool wantsOutputs() const override { return true; }
        void nodeFinished(const NodeEvent &e) override
        {
            for (const auto &out : e.outputs)
                seen.insert(out.second.raw());
        }
    } addresses;
    auto s = InferenceSession::create(unaryChain("Relu", 12, {256, 1024}), {1, false});
    QVERIFY(s);
    RunOptions options;
    options.observer = &addresses;
    const NamedTensors feeds{{"x", input({256, 1024}, 5)}};
    QVERIFY((*s)->run(feeds));
    QVERIFY((*s)->run(feeds, options));
    QVERIFY2(addresses.seen.size() <= 3, qPrintable(QString::number(addresses.seen.size())));
}

void TestRuntimeSession::cancelledRunStops()
{
    auto s = InferenceSession::create(unaryChain("Relu", 4, {16}));
    QVERIFY(s);
    CancelToken cancel;
    cancel.cancel();
    RunOptions options;
    options.cancel = &cancel;
    auto r = (*s)->run({{"x", input({16}, 6)}}, options);
    QVERIFY(!r);
    QCOMPARE(r.error().code(), ErrorCode::Cancelled);
}

void TestRuntimeSession::npyFilesRoundTrip()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("t.npy")).toStdString();
    const runtime::Tensor t = input({2, 3, 5}, 7);
    QVERIFY(saveNpy(path, t));
    auto back = loadNpy(path);
    QVERIFY2(back, back ? "" : back.error().message().c_str());
    QCOMPARE(back->shape(), t.shape());
    QCOMPARE(maxAbsDiff(*back, t), 0.0);
    const runtime::Tensor scalar = runtime::Tensor::scalar<int64_t>(DataType::Int64, 42);
    QVERIFY(saveNpy(path, scalar));
    auto s = loadNpy(path);
    QVERIFY(s);
    QCOMPARE(s->shape(), Shape());
    QCOMPARE(s->toInt64s().at(0), int64_t(42));
    QCOMPARE(safeFileName("conv1/out:0"), std::string("conv1_out_0"));
    auto bad = loadNpy(dir.filePath(QStringLiteral("missing.npy")).toStdString());
    QVERIFY(!bad);
    QVERIFY(bad.error().message().find("missing.npy") != std::string::npos);
}

void TestRuntimeSession::randomInputsFollowDeclaredShapes()
{
    ValueInfo in;
    in.name = "tokens";
    in.type = ValueType::tensor(DataType::Int64, {-1, 7});
    in.type.dims[0].hasValue = false;
    in.type.dims[0].param = "batch";
    auto feeds = randomInputs({in}, 1, {{"batch", 3}});
    QVERIFY(feeds);
    QCOMPARE(feeds->at(0).second.shape(), Shape({3, 7}));
    auto again = randomInputs({in}, 1, {{"batch", 3}});
    QCOMPARE(maxAbsDiff(feeds->at(0).second, again->at(0).second), 0.0);
}

void TestRuntimeSession::float16ModelsRunThroughFloat32Kernels()
{
    // The same convolution with float32 and with float16 weights and activations.
    const std::vector<float> w = seeded(8 * 8 * 3 * 3, 21);
    std::string halfBytes(w.size() * 2, '\0');
    for (size_t i = 0; i < w.size(); ++i) {
        const uint16_t bits = runtime::floatToHalfBits(w[i]);
        std::memcpy(&halfBytes[2 * i], &bits, 2);
    }
    auto halfW = std::make_shared<silica::Tensor>();
    halfW->name = "w16";
    halfW->dataType = DataType::Float16;
    halfW->dims = {8, 8, 3, 3};
    halfW->bytes = ByteSlice::fromString(halfBytes);

    GraphBuilder b;
    b.input("x", DataType::Float, {1, 8, 10, 10});
    b.initializer("w32", {8, 8, 3, 3}, w);
    b.initializer(halfW);
    b.node("Conv", {"x", "w32"}, {"c32"}, "conv32").ints("pads", {1, 1, 1, 1});
    b.node("Cast", {"x"}, {"x16"}, "to_half").i("to", int64_t(DataType::Float16));
    b.node("Conv", {"x16", "w16"}, {"c16"}, "conv16").ints("pads", {1, 1, 1, 1});
    b.node("MatMul", {"c16", "c16"}, {"m16"}, "matmul16");
    b.node("Cast", {"c16"}, {"y16"}, "to_float").i("to", int64_t(DataType::Float));
    b.output("c32", DataType::Float, {1, 8, 10, 10});
    b.output("y16", DataType::Float, {1, 8, 10, 10});
    b.output("m16", DataType::Float16, {1, 8, 10, 10});
    auto s = InferenceSession::create(std::make_shared<const Model>(b.build()));
    QVERIFY2(s, s ? "" : s.error().message().c_str());
    auto r = (*s)->run({{"x", input({1, 8, 10, 10}, 22)}});
    QVERIFY2(r, r ? "" : r.error().message().c_str());
    const std::vector<double> full = r->outputs[0].second.toDoubles();
    const std::vector<double> half = r->outputs[1].second.toDoubles();
    double worst = 0, scale = 0;
    for (size_t i = 0; i < full.size(); ++i) {
        worst = std::max(worst, std::fabs(full[i] - half[i]));
        scale = std::max(scale, std::fabs(full[i]));
    }
    // float16 inputs and weights carry 11 significant bits: a relative error near 2^-10.
    QVERIFY2(worst <= 4e-3 * scale, qPrintable(QStringLiteral("%1 of %2").arg(worst).arg(scale)));
    QCOMPARE(r->outputs[2].second.dataType(), DataType::Float16);

    // A dense layer with float16 weights and bias: converted once, packed as float32, and the
    // same on every run.
    auto halfTensor = [](const std::string &name, Shape dims, const std::vector<float> &v) {
        std::string bytes(v.size() * 2, '\0');
        for (size_t i = 0; i < v.size(); ++i) {
            const uint16_t bits = runtime::floatToHalfBits(v[i]);
            std::memcpy(&bytes[2 * i], &bits, 2);
        }
        auto t = std::make_shared<silica::Tensor>();
        t->name = name;
        t->dataType = DataType::Float16;
        t->dims = std::move(dims);
        t->bytes = ByteSlice::fromString(bytes);
        return t;
    };
    const std::vector<float> gw = seeded(8 * 5, 23), gb = seeded(5, 24);
    GraphBuilder g;
    g.input("a", DataType::Float, {2, 8});
    g.initializer(halfTensor("gw", {8, 5}, gw));
    g.initializer(halfTensor("gb", {5}, gb));
    g.node("Cast", {"a"}, {"a16"}, "to_half").i("to", int64_t(DataType::Float16));
    g.node("Gemm", {"a16", "gw", "gb"}, {"y16"}, "dense16");
    g.node("Cast", {"y16"}, {"y"}, "to_float").i("to", int64_t(DataType::Float));
    g.output("y", DataType::Float, {2, 5});
    auto dense = InferenceSession::create(std::make_shared<const Model>(g.build()));
    QVERIFY2(dense, dense ? "" : dense.error().message().c_str());
    const runtime::Tensor a = input({2, 8}, 25);
    const std::vector<double> av = a.toDoubles();
    for (int run = 0; run < 2; ++run) {
        auto y = (*dense)->run({{"a", a}});
        QVERIFY2(y, y ? "" : y.error().message().c_str());
        const std::vector<double> yv = y->outputs[0].second.toDoubles();
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 5; ++j) {
                double ref = gb[size_t(j)];
                for (int k = 0; k < 8; ++k)
                    ref += av[size_t(i * 8 + k)] * gw[size_t(k * 5 + j)];
                QVERIFY2(std::fabs(yv[size_t(i * 5 + j)] - ref) <= 1e-2 * (1 + std::fabs(ref)),
                         qPrintable(QStringLiteral("y[%1,%2] = %3, expected %4")
                                        .arg(i).arg(j).arg(yv[size_t(i * 5 + j)]).arg(ref)));
            }
    }
}

void TestRuntimeSession::loopWithoutIterationsKeepsScanTypes()
{
    // Loop(M = trips, cond = true, v) with body (i, cond, v) → (cond, v + 1, [i, i]).
    GraphBuilder body;
    body.input("i", DataType::Int64, {});
    body.input("cond_in", DataType::Bool, {});
    body.input("v_in", DataType::Int64, {});
    auto int64Tensor = [](const std::string &name, std::vector<int64_t> dims, int64_t value) {
        auto t = std::make_shared<silica::Tensor>();
        t->name = name;
        t->dataType = DataType::Int64;
        t->dims = std::move(dims);
        t->bytes = ByteSlice::fromString(std::string(reinterpret_cast<const char *>(&value), 8));
        return t;
    };
    body.initializer(int64Tensor("one", {}, 1));
    body.initializer(int64Tensor("pair_shape", {1}, 2));
    body.node("Identity", {"cond_in"}, {"cond_out"}, "keep_going");
    body.node("Add", {"v_in", "one"}, {"v_out"}, "count");
    body.node("Expand", {"i", "pair_shape"}, {"pair"}, "pair");
    body.output("cond_out", DataType::Bool, {});
    body.output("v_out", DataType::Int64, {});
    body.output("pair", DataType::Int64, {2});
    GraphBuilder b;
    b.input("trips", DataType::Int64, {});
    b.input("cond", DataType::Bool, {});
    b.input("v", DataType::Int64, {});
    b.node("Loop", {"trips", "cond", "v"}, {"v_final", "pairs"}, "loop").graph("body", body.buildGraph());
    b.output("v_final", DataType::Int64, {});
    b.output("pairs");
    auto s = InferenceSession::create(std::make_shared<const Model>(b.build()));
    QVERIFY2(s, s ? "" : s.error().message().c_str());
    for (int64_t trips : {3, 0}) {
        auto r = (*s)->run({{"trips", runtime::Tensor::scalar<int64_t>(DataType::Int64, trips)},
                            {"cond", runtime::Tensor::scalar<bool>(DataType::Bool, true)},
                            {"v", runtime::Tensor::scalar<int64_t>(DataType::Int64, 10)}});
        QVERIFY2(r, r ? "" : r.error().message().c_str());
        QCOMPARE(r->outputs[0].second.toInt64s(), std::vector<int64_t>{10 + trips});
        QCOMPARE(r->outputs[1].second.dataType(), DataType::Int64);
        QCOMPARE(r->outputs[1].second.shape(), Shape({trips, 2}));
    }
}

void TestRuntimeSession::kernelExceptionsInWorkerThreadsBecomeErrors()
{
    // A throw inside a parallel region would end the process; parallelFor hands the first
    // one back to the caller instead, whichever thread threw it.
    omp_set_num_threads(2);
    std::atomic<int> chunksRun{0};
    bool caught = false;
    try {
        parallelFor(1000, 10, [&](int64_t begin, int64_t) {
            ++chunksRun;
            if (begin == 500 || begin == 990)
                throw std::runtime_error("chunk " + std::to_string(begin));
        });
    } catch (const std::runtime_error &e) {
        caught = std::string(e.what()).rfind("chunk ", 0) == 0;
    }
    QVERIFY(caught);
    QVERIFY(chunksRun.load() <= 100);
}

// A QDQ convolution: the weight's DequantizeLinear is evaluated when the plan is compiled (no
// node left for it), and the result is bit-identical to the same Conv on float weights
// dequantized here. A DequantizeLinear whose output the caller asked for still runs.
void TestRuntimeSession::weightDequantizationRunsOnceAtCompileTime()
{
    const std::vector<int8_t> codes = [] {
        std::vector<int8_t> c(8 * 4 * 9);
        for (size_t i = 0; i < c.size(); ++i)
            c[i] = int8_t(int(i * 37 % 255) - 127);
        return c;
    }();
    const std::vector<float> scales = {0.01f, 0.02f, 0.005f, 0.03f, 0.011f, 0.007f, 0.019f, 0.023f};
    const std::vector<int8_t> zeros(8, 0);
    auto build = [&](bool quantized) {
        GraphBuilder b("qdq", 13);
        b.input("x", DataType::Float, {1, 4, 6, 6});
        if (quantized) {
            b.initializer(GraphBuilder::typedTensor<int8_t>("w_q", DataType::Int8, {8, 4, 3, 3}, codes));
            b.initializer("w_scale", {8}, scales);
            b.initializer(GraphBuilder::typedTensor<int8_t>("w_zp", DataType::Int8, {8}, zeros));
            b.node("DequantizeLinear", {"w_q", "w_scale", "w_zp"}, {"w"}, "w_dq").i("axis", 0);
            b.node("DequantizeLinear", {"w_q", "w_scale", "w_zp"}, {"w_out"}, "w_dq_out").i("axis", 0);
            b.output("w_out", DataType::Float, {8, 4, 3, 3});
        } else {
            std::vector<float> w(codes.size());
            for (size_t i = 0; i < w.size(); ++i)
                w[i] = float(codes[i]) * scales[i / 36];
            b.initializer("w", {8, 4, 3, 3}, w);
        }
        b.node("Conv", {"x", "w"}, {"y"}, "conv").ints("pads", {1, 1, 1, 1});
        b.output("y", DataType::Float, {1, 8, 6, 6});
        return std::make_shared<const Model>(b.build());
    };
    auto q = InferenceSession::create(build(true), {1, true});
    auto f = InferenceSession::create(build(false), {1, true});
    QVERIFY2(q && f, q ? "" : q.error().message().c_str());
    std::vector<std::string> ops;
    for (const PlannedNode &n : (*q)->plan().nodes())
        ops.push_back(n.node->name);
    QCOMPARE(ops, std::vector<std::string>({"w_dq_out", "conv"}));
    const runtime::Tensor x = input({1, 4, 6, 6}, 9);
    auto a = (*q)->run({{"x", x}});
    auto b = (*f)->run({{"x", x}});
    QVERIFY(a && b);
    QCOMPARE(a->outputs.size(), size_t(2));
    const runtime::Tensor &y = a->outputs[0].first == "y" ? a->outputs[0].second : a->outputs[1].second;
    const runtime::Tensor &w = a->outputs[0].first == "y" ? a->outputs[1].second : a->outputs[0].second;
    QCOMPARE(maxAbsDiff(y, b->outputs[0].second), 0.0);
    QCOMPARE(w.data<float>()[36], float(codes[36]) * scales[1]);
}

// The vectorised float → 8-bit path: round half to even, zero point, saturation, NaN → 0,
// per tensor and per axis.
void TestRuntimeSession::quantizeLinearRoundsAndSaturatesLikeTheSpec()
{
    const std::vector<float> x = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 300.0f, -300.0f, NAN,
                                  INFINITY, -INFINITY, 1e30f, 7.49f};
    GraphBuilder b("q", 13);
    b.input("x", DataType::Float, {2, 6});
    b.initializer("s", {}, std::vector<float>{1.0f});
    b.initializer(GraphBuilder::typedTensor<uint8_t>("z", DataType::Uint8, {}, std::vector<uint8_t>{10}));
    b.initializer("sa", {6}, std::vector<float>{1, 1, 1, 1, 1, 0.5f});
    b.initializer(GraphBuilder::typedTensor<int8_t>("za", DataType::Int8, {6}, std::vector<int8_t>{0, 0, 0, 0, 0, -1}));
    b.node("QuantizeLinear", {"x", "s", "z"}, {"u"}, "q_tensor");
    b.node("QuantizeLinear", {"x", "sa", "za"}, {"i"}, "q_axis").i("axis", 1);
    b.output("u", DataType::Uint8, {2, 6});
    b.output("i", DataType::Int8, {2, 6});
    auto s = InferenceSession::create(std::make_shared<const Model>(b.build()), {1, true});
    QVERIFY(s);
    auto r = (*s)->run({{"x", runtime::Tensor::fromVector<float>(DataType::Float, {2, 6}, x)}});
    QVERIFY2(r, r ? "" : r.error().message().c_str());
    const runtime::Tensor &u = r->outputs[0].first == "u" ? r->outputs[0].second : r->outputs[1].second;
    const runtime::Tensor &i = r->outputs[0].first == "u" ? r->outputs[1].second : r->outputs[0].second;
    const std::vector<int64_t> expectU = {10, 12, 12, 10, 8, 255, 0, 0, 255, 0, 255, 17};
    // axis 1: columns 0–4 scale 1 zero 0; column 5 scale 0.5 zero −1
    const std::vector<int64_t> expectI = {0, 2, 2, 0, -2, 127, -128, 0, 127, -128, 127, 14};
    QCOMPARE(u.toInt64s(), expectU);
    QCOMPARE(i.toInt64s(), expectI);
}

QTEST_GUILESS_MAIN(TestRuntimeSession)
#include "tst_runtime_session.moc"

