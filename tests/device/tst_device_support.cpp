// Support analysis from profile data: every reason a node cannot run on a device, what
// converters fold away, the precision each node is analysed at, and the banners.

#include "core/device/analysis.h"
#include "tests/device/device_fixtures.h"

#include <QJsonArray>
#include <QTest>

#include <functional>

using namespace silica;
using namespace silica::device;
using test::Declared;

using ModelFactory = std::function<Model()>;
Q_DECLARE_METATYPE(ModelFactory)

namespace {

uint64_t count(const std::vector<int64_t> &dims)
{
    uint64_t n = 1;
    for (int64_t d : dims)
        n *= uint64_t(d);
    return n;
}

const NodeSupport &supportOf(const SupportAnalysis &a, const Model &m, const std::string &name)
{
    const NodeSupport *s = a.forNode(test::idOf(m, name));
    if (!s)
        qFatal("node '%s' not analysed", name.c_str());
    return *s;
}

using Attrs = std::function<void(GraphBuilder::NodeHandle &)>;

// x → Conv(w) → y; `w` gives the kernel (and the group through its second dimension).
Model convModel(std::vector<int64_t> x, std::vector<int64_t> w, const Attrs &attrs = {})
{
    GraphBuilder b;
    b.input("x", DataType::Float, x);
    b.initializer("w", w, std::vector<float>(count(w), 0.1f));
    auto n = b.node("Conv", {"x", "w"}, {"y"}, "/op");
    if (attrs)
        attrs(n);
    b.output("y");
    return b.build();
}

// x → op → y, with more inputs (graph inputs or initializers the caller adds in `extra`).
Model opModel(const std::string &op, std::vector<int64_t> x, std::vector<int64_t> y,
              const Attrs &attrs = {}, std::vector<std::string> moreInputs = {},
              const std::function<void(GraphBuilder &)> &extra = {})
{
    GraphBuilder b;
    b.input("x", DataType::Float, x);
    if (extra)
        extra(b);
    std::vector<std::string> inputs{"x"};
    inputs.insert(inputs.end(), moreInputs.begin(), moreInputs.end());
    auto n = b.node(op, inputs, {"y"}, "/op");
    if (attrs)
        attrs(n);
    if (y.empty())
        b.output("y");
    else
        b.output("y", DataType::Float, y);
    return b.build();
}

const char *const kConvKernelRules = R"({"Conv": {"rules": [
    {"check": "kernel_max", "value": 3, "when": "depthwise", "reason": "depthwise kernel larger than 3x3"},
    {"check": "kernel_equal", "value": 3, "when": "regular", "reason": "regular kernel must be 3x3"}]}})";

} // namespace

class TestDeviceSupport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rejectsOpsNotInTheOpList()
    {
        const DeviceProfile p = test::profileWithOps(R"({"Relu": {}, "Fancy": {}, "Block": {}})");
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4});
        b.node("Relu", {"x"}, {"r"}, "/relu");
        b.node("Sigmoid", {"r"}, {"s"}, "/sigmoid");
        b.node("Fancy", {"s"}, {"f"}, "/fancy").domain("com.acme");
        b.node("Block", {"f"}, {"y"}, "/block").domain("local.fn");
        b.output("y");
        Model m = b.build();
        m.functions.push_back({"local.fn", "Block", {}});
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        QCOMPARE(a.deviceId, std::string("test-npu"));
        QCOMPARE(a.nodes.size(), size_t(4));
        QVERIFY(supportOf(a, m, "/relu").supported);
        QCOMPARE(supportOf(a, m, "/relu").reason, std::string());
        const NodeSupport &sigmoid = supportOf(a, m, "/sigmoid");
        QVERIFY(!sigmoid.supported);
        QVERIFY(!sigmoid.folded);
        QCOMPARE(sigmoid.reason, std::string("Sigmoid is not in the test op list"));
        QCOMPARE(sigmoid.opClass, OpClass::Elementwise);
        // Listing the op type does not help ops of another domain.
        QCOMPARE(
            supportOf(a, m, "/fancy").reason,
            std::string("Fancy (a custom op in domain 'com.acme') is not in the test op list"));
        QCOMPARE(
            supportOf(a, m, "/block").reason,
            std::string(
                "Block (a model-local function in domain 'local.fn') is not in the test op list"));
        // "ai.onnx" is the default domain.
        GraphBuilder named;
        named.input("x", DataType::Float, {1, 4});
        named.node("Relu", {"x"}, {"y"}, "/relu").domain("ai.onnx");
        named.output("y");
        const Model n = named.build();
        QVERIFY(supportOf(analyzeSupportFromProfile(n, p, {}), n, "/relu").supported);
    }

    void theCpuBackendRunsEverything()
    {
        const DeviceProfile p =
            test::profileWithOps("{}", {{QStringLiteral("backend"), QStringLiteral("cpu")}});
        const Model m = opModel("Fancy", {1, 4}, {}, [](auto &n) { n.domain("com.acme"); });
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        QVERIFY(supportOf(a, m, "/op").supported);
        QCOMPARE(supportOf(a, m, "/op").reason, std::string());
    }

    void limitsOpsToTheirPrecisions()
    {
        const DeviceProfile p = test::profileWithOps(
            R"({"Softmax": {"precisions": ["fp16"]}, "Relu": {}})",
            {{QStringLiteral("precisions.fp16.peak_ops"), test::figureJson(5e11)}});
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 10});
        b.node("Relu", {"x"}, {"r"}, "/relu");
        b.node("Softmax", {"r"}, {"y"}, "/softmax");
        b.output("y");
        const Model m = b.build();
        const SupportAnalysis int8 = analyzeSupportFromProfile(m, p, {});
        QCOMPARE(int8.precision, Precision::Int8);
        QCOMPARE(supportOf(int8, m, "/softmax").reason,
                 std::string("Softmax runs only in fp16 on Test NPU, not int8"));
        QCOMPARE(supportOf(int8, m, "/relu").precision, Precision::Int8);

        AnalysisOptions fp16;
        fp16.precision = Precision::Fp16;
        const SupportAnalysis half = analyzeSupportFromProfile(m, p, fp16);
        QCOMPARE(half.precision, Precision::Fp16);
        QVERIFY(supportOf(half, m, "/softmax").supported);
        QCOMPARE(supportOf(half, m, "/softmax").precision, Precision::Fp16);
        QVERIFY(half.banners.empty()); // a float model at a float precision needs no warning

        // A precision the device does not run falls back to its default.
        AnalysisOptions fp32;
        fp32.precision = Precision::Fp32;
        QCOMPARE(analyzeSupportFromProfile(m, p, fp32).precision, Precision::Int8);
    }

    void checksRules_data()
    {
        QTest::addColumn<QByteArray>("ops");
        QTest::addColumn<ModelFactory>("model");
        QTest::addColumn<QString>("reason"); // empty: supported

        const QByteArray strides =
            R"({"Conv": {"rules": [{"check": "attr_max", "attr": "strides", "value": 2, "reason": "stride > 2"}]}})";
        QTest::newRow("attr_max over") << strides << ModelFactory([] {
            return convModel({1, 4, 9, 9}, {4, 4, 3, 3}, [](auto &n) {
                n.ints("strides", {3, 3});
            });
        }) << QStringLiteral("Conv: stride > 2");
        QTest::newRow("attr_max one element over") << strides << ModelFactory([] {
            return convModel({1, 4, 9, 9}, {4, 4, 3, 3}, [](auto &n) {
                n.ints("strides", {1, 3});
            });
        }) << QStringLiteral("Conv: stride > 2");
        QTest::newRow("attr_max at the limit") << strides << ModelFactory([] {
            return convModel({1, 4, 9, 9}, {4, 4, 3, 3}, [](auto &n) {
                n.ints("strides", {2, 2});
            });
        }) << QString();
        QTest::newRow("attr_max absent") << strides << ModelFactory([] {
            return convModel({1, 4, 9, 9}, {4, 4, 3, 3});
        }) << QString();

        const QByteArray l2 =
            R"({"LpNormalization": {"rules": [{"check": "attr_equal", "attr": "p", "value": 2, "reason": "only the L2 norm"}]}})";
        QTest::newRow("attr_equal differs") << l2 << ModelFactory([] {
            return opModel("LpNormalization", {1, 8}, {1, 8}, [](auto &n) { n.i("p", 1); });
        }) << QStringLiteral("LpNormalization: only the L2 norm");
        QTest::newRow("attr_equal equal") << l2 << ModelFactory([] {
            return opModel("LpNormalization", {1, 8}, {1, 8}, [](auto &n) { n.i("p", 2); });
        }) << QString();
        QTest::newRow("attr_equal absent, default passes") << l2 << ModelFactory([] {
            return opModel("LpNormalization", {1, 8}, {1, 8});
        }) << QString();
        QTest::newRow("attr_equal absent, default fails")
            << QByteArray(
                   R"({"Softmax": {"rules": [{"check": "attr_equal", "attr": "axis", "value": 1, "reason": "axis must be 1"}]}})")
            << ModelFactory([] {
                   return opModel("Softmax", {1, 8}, {1, 8});
               }) // opset 13+: axis defaults to -1
            << QStringLiteral("Softmax: axis must be 1");

        const QByteArray dilations =
            R"({"Conv": {"rules": [{"check": "attr_uniform", "attr": "dilations", "reason": "dilation differs in x and y"}]}})";
        QTest::newRow("attr_uniform differs") << dilations << ModelFactory([] {
            return convModel({1, 4, 9, 9}, {4, 4, 3, 3}, [](auto &n) {
                n.ints("dilations", {1, 2});
            });
        }) << QStringLiteral("Conv: dilation differs in x and y");
        QTest::newRow("attr_uniform same") << dilations << ModelFactory([] {
            return convModel({1, 4, 9, 9}, {4, 4, 3, 3}, [](auto &n) {
                n.ints("dilations", {2, 2});
            });
        }) << QString();

        const QByteArray pad =
            R"({"Pad": {"rules": [{"check": "attr_string", "attr": "mode", "values": ["constant"], "reason": "only zero padding"}]}})";
        auto padModel = [](const char *mode) {
            return ModelFactory([mode] {
                return opModel(
                    "Pad", {1, 4, 4, 4}, {1, 4, 6, 6},
                    [mode](auto &n) {
                        if (mode)
                            n.s("mode", mode);
                    },
                    {"pads"},
                    [](GraphBuilder &b) {
                        b.initializer(
                            GraphBuilder::int64Tensor("pads", {8}, {0, 0, 1, 1, 0, 0, 1, 1}));
                    });
            });
        };
        QTest::newRow("attr_string other")
            << pad << padModel("reflect") << QStringLiteral("Pad: only zero padding");
        QTest::newRow("attr_string listed") << pad << padModel("constant") << QString();
        QTest::newRow("attr_string absent, default listed")
            << pad << padModel(nullptr) << QString();

        const QByteArray kernels = kConvKernelRules;
        const auto group = [](int64_t g) { return [g](auto &n) { n.i("group", g); }; };
        QTest::newRow("depthwise 5x5") << kernels << ModelFactory([group] {
            return convModel({1, 4, 8, 8}, {4, 1, 5, 5}, [group](auto &n) {
                group(4)(n);
                n.ints("kernel_shape", {5, 5});
            });
        }) << QStringLiteral("Conv: depthwise kernel larger than 3x3");
        QTest::newRow("depthwise 3x3") << kernels << ModelFactory([group] {
            return convModel({1, 4, 8, 8}, {4, 1, 3, 3}, group(4));
        }) << QString();
        QTest::newRow("depthwise 1x1 (kernel_equal is for regular)")
            << kernels << ModelFactory([group] {
                   return convModel({1, 4, 8, 8}, {4, 1, 1, 1}, group(4));
               })
            << QString();
        QTest::newRow("regular 5x5") << kernels << ModelFactory([] {
            return convModel({1, 4, 8, 8}, {4, 4, 5, 5}, [](auto &n) {
                n.ints("kernel_shape", {5, 5});
            });
        }) << QStringLiteral("Conv: regular kernel must be 3x3");
        QTest::newRow("regular 5x5, kernel from the weights") << kernels << ModelFactory([] {
            return convModel({1, 4, 8, 8}, {4, 4, 5, 5});
        }) << QStringLiteral("Conv: regular kernel must be 3x3");
        QTest::newRow("regular 1x3") << kernels << ModelFactory([] {
            return convModel({1, 4, 8, 8}, {4, 4, 1, 3});
        }) << QStringLiteral("Conv: regular kernel must be 3x3");
        QTest::newRow("regular 3x3") << kernels << ModelFactory([] {
            return convModel({1, 4, 8, 8}, {4, 4, 3, 3});
        }) << QString();
        QTest::newRow("grouped 5x5 (neither rule)") << kernels << ModelFactory([group] {
            return convModel({1, 4, 8, 8}, {4, 2, 5, 5}, group(2));
        }) << QString();

        const QByteArray prelu =
            R"({"PRelu": {"rules": [{"check": "constant_input", "input": 1, "reason": "alpha must be constant"}]}})";
        QTest::newRow("constant_input from a graph input") << prelu << ModelFactory([] {
            return opModel("PRelu", {1, 4}, {1, 4}, {}, {"slope"}, [](GraphBuilder &b) {
                b.input("slope", DataType::Float, {1, 4});
            });
        }) << QStringLiteral("PRelu: alpha must be constant");
        QTest::newRow("constant_input from a weight") << prelu << ModelFactory([] {
            return opModel("PRelu", {1, 4}, {1, 4}, {}, {"slope"}, [](GraphBuilder &b) {
                b.initializer("slope", {1, 4}, {0.1f, 0.1f, 0.1f, 0.1f});
            });
        }) << QString();
        QTest::newRow("constant_input computed from weights") << prelu << ModelFactory([] {
            return opModel("PRelu", {1, 4}, {1, 4}, {}, {"slope"}, [](GraphBuilder &b) {
                b.initializer("s0", {1, 4}, {0.1f, 0.1f, 0.1f, 0.1f});
                b.node("Mul", {"s0", "s0"}, {"slope"}, "/slope");
            });
        }) << QString();
        QTest::newRow("constant_input omitted optional input")
            << QByteArray(
                   R"({"Clip": {"rules": [{"check": "constant_input", "input": 2, "reason": "max must be constant"}]}})")
            << ModelFactory([] {
                   return opModel("Clip", {1, 4}, {1, 4}, {}, {"", ""});
               })
            << QString();

        const QByteArray concat =
            R"({"Concat": {"rules": [{"check": "axis_not_batch", "attr": "axis", "reason": "along the batch"}]}})";
        auto concatModel = [](int64_t axis) {
            return ModelFactory([axis] {
                return opModel("Concat", {1, 4, 8, 8}, {}, [axis](auto &n) { n.i("axis", axis); },
                               {"x"});
            });
        };
        QTest::newRow("axis_not_batch 0")
            << concat << concatModel(0) << QStringLiteral("Concat: along the batch");
        QTest::newRow("axis_not_batch -4 of rank 4")
            << concat << concatModel(-4) << QStringLiteral("Concat: along the batch");
        QTest::newRow("axis_not_batch 1") << concat << concatModel(1) << QString();
        QTest::newRow("axis_not_batch -1") << concat << concatModel(-1) << QString();
        const QByteArray mean =
            R"({"ReduceMean": {"rules": [{"check": "axis_not_batch", "attr": "axes", "reason": "reduces the batch"}]}})";
        QTest::newRow("axis_not_batch, all axes") << mean << ModelFactory([] {
            return opModel("ReduceMean", {1, 4, 8, 8}, {});
        }) << QStringLiteral("ReduceMean: reduces the batch");
        QTest::newRow("axis_not_batch, spatial axes") << mean << ModelFactory([] {
            return opModel("ReduceMean", {1, 4, 8, 8}, {}, [](auto &n) { n.ints("axes", {2, 3}); });
        }) << QString();
        QTest::newRow("axis_not_batch, axes input with 0") << mean << ModelFactory([] {
            return opModel("ReduceMean", {1, 4, 8, 8}, {}, {}, {"axes"}, [](GraphBuilder &b) {
                b.initializer(GraphBuilder::int64Tensor("axes", {2}, {0, 1}));
            });
        }) << QStringLiteral("ReduceMean: reduces the batch");
        QTest::newRow("axis_not_batch, axes input without 0") << mean << ModelFactory([] {
            return opModel("ReduceMean", {1, 4, 8, 8}, {}, {}, {"axes"}, [](GraphBuilder &b) {
                b.initializer(GraphBuilder::int64Tensor("axes", {2}, {-2, -1}));
            });
        }) << QString();

        const QByteArray softmax = R"({"Softmax": {"rules": [
            {"check": "non_unit_dims_max", "value": 1, "reason": "input must be 1-D"},
            {"check": "elements_max", "value": 16000, "reason": "more than 16,000 elements"}]}})";
        QTest::newRow("non_unit_dims_max 1 of 1") << softmax << ModelFactory([] {
            return opModel("Softmax", {1, 1, 10}, {1, 1, 10});
        }) << QString();
        QTest::newRow("non_unit_dims_max 2 of 1") << softmax << ModelFactory([] {
            return opModel("Softmax", {2, 10}, {2, 10});
        }) << QStringLiteral("Softmax: input must be 1-D");
        QTest::newRow("elements_max over") << softmax << ModelFactory([] {
            return opModel("Softmax", {1, 16001}, {1, 16001});
        }) << QStringLiteral("Softmax: more than 16,000 elements");
        QTest::newRow("elements_max at") << softmax << ModelFactory([] {
            return opModel("Softmax", {1, 16000}, {1, 16000});
        }) << QString();

        const QByteArray pool =
            R"({"MaxPool": {"rules": [{"check": "output_spatial_max", "value": 4, "reason": "output wider than 4"}]}})";
        QTest::newRow("output_spatial_max over") << pool << ModelFactory([] {
            return opModel("MaxPool", {1, 4, 8, 8}, {1, 4, 8, 8}, [](auto &n) {
                n.ints("kernel_shape", {1, 1});
            });
        }) << QStringLiteral("MaxPool: output wider than 4");
        QTest::newRow("output_spatial_max one dim over") << pool << ModelFactory([] {
            return opModel("MaxPool", {1, 4, 8, 8}, {1, 4, 4, 8}, [](auto &n) {
                n.ints("kernel_shape", {2, 1}).ints("strides", {2, 1});
            });
        }) << QStringLiteral("MaxPool: output wider than 4");
        QTest::newRow("output_spatial_max at") << pool << ModelFactory([] {
            return opModel("MaxPool", {1, 4, 8, 8}, {1, 4, 4, 4}, [](auto &n) {
                n.ints("kernel_shape", {2, 2}).ints("strides", {2, 2});
            });
        }) << QString();

        const QByteArray inputs =
            R"({"Concat": {"rules": [{"check": "input_count_max", "value": 2, "reason": "more than 2 inputs"}]}})";
        QTest::newRow("input_count_max over") << inputs << ModelFactory([] {
            return opModel("Concat", {1, 4}, {1, 12}, [](auto &n) { n.i("axis", 1); }, {"x", "x"});
        }) << QStringLiteral("Concat: more than 2 inputs");
        QTest::newRow("input_count_max at") << inputs << ModelFactory([] {
            return opModel("Concat", {1, 4}, {1, 8}, [](auto &n) { n.i("axis", 1); }, {"x"});
        }) << QString();
    }
    void checksRules()
    {
        QFETCH(QByteArray, ops);
        QFETCH(ModelFactory, model);
        QFETCH(QString, reason);
        const DeviceProfile p = test::profileWithOps(ops.constData());
        const Model m = model();
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        const NodeSupport &s = supportOf(a, m, "/op");
        QCOMPARE(QString::fromStdString(s.reason), reason);
        QCOMPARE(s.supported, reason.isEmpty());
        QVERIFY(!s.folded);
    }

    void classifiesConvolutions()
    {
        const DeviceProfile p = test::profileWithOps(kConvKernelRules);
        auto classOf = [&](const Model &m) {
            return supportOf(analyzeSupportFromProfile(m, p, {}), m, "/op").opClass;
        };
        QCOMPARE(classOf(convModel({1, 4, 8, 8}, {4, 1, 3, 3}, [](auto &n) { n.i("group", 4); })),
                 OpClass::Depthwise);
        QCOMPARE(classOf(convModel({1, 4, 8, 8}, {4, 2, 3, 3}, [](auto &n) { n.i("group", 2); })),
                 OpClass::Conv);
        QCOMPARE(classOf(convModel({1, 4, 8, 8}, {4, 4, 3, 3})), OpClass::Conv);
        QCOMPARE(classOf(opModel("MaxPool", {1, 4, 8, 8}, {})), OpClass::Pool);
        QCOMPARE(classOf(opModel("Gemm", {1, 4}, {})), OpClass::Dense);
        QCOMPARE(classOf(opModel("Reshape", {1, 4}, {})), OpClass::Other);
        QCOMPARE(classOf(opModel("Sigmoid", {1, 4}, {})), OpClass::Elementwise);
    }

    void checksTensorRanks()
    {
        const DeviceProfile p = test::profileWithOps(
            R"({"Relu": {}})", {{QStringLiteral("support.max_rank"), test::figureJson(4)}});
        const Model five = opModel("Relu", {1, 2, 3, 4, 5}, {1, 2, 3, 4, 5});
        QCOMPARE(supportOf(analyzeSupportFromProfile(five, p, {}), five, "/op").reason,
                 std::string("tensor rank 5 > 4 ('x' [1,2,3,4,5])"));
        const Model four = opModel("Relu", {2, 3, 4, 5}, {2, 3, 4, 5});
        QVERIFY(supportOf(analyzeSupportFromProfile(four, p, {}), four, "/op").supported);
    }

    void checksInnermostDimensions_data()
    {
        QTest::addColumn<QList<qint64>>("shape");
        QTest::addColumn<QString>("reason");
        QTest::newRow("batch 2") << QList<qint64>{2, 1, 4, 4}
                                 << QStringLiteral(
                                        "tensor 'x' [2,1,4,4] has a dimension > 1 outside the "
                                        "innermost 3 (Tensor has unsupported rank)");
        QTest::newRow("rank 5, outer ones") << QList<qint64>{1, 1, 8, 4, 4} << QString();
        QTest::newRow("rank 5, second dim")
            << QList<qint64>{1, 3, 8, 4, 4}
            << QStringLiteral("tensor 'x' [1,3,8,4,4] has a dimension > 1 outside the innermost 3 "
                              "(Tensor has unsupported rank)");
        QTest::newRow("NCHW batch 1") << QList<qint64>{1, 8, 4, 4} << QString();
    }
    void checksInnermostDimensions()
    {
        QFETCH(QList<qint64>, shape);
        QFETCH(QString, reason);
        const DeviceProfile p = test::profileWithOps(
            R"({"Relu": {}})", {{QStringLiteral("support.innermost_dims"), test::figureJson(3)}});
        const std::vector<int64_t> dims(shape.begin(), shape.end());
        const Model m = opModel("Relu", dims, dims);
        QCOMPARE(
            QString::fromStdString(supportOf(analyzeSupportFromProfile(m, p, {}), m, "/op").reason),
            reason);
    }

    void needsStaticShapes()
    {
        const DeviceProfile p = test::profileWithOps(
            R"({"Relu": {}})", {{QStringLiteral("support.static_shapes"), true}});
        // A dimension with neither a value nor a name.
        GraphBuilder b;
        b.input("x", ValueType::tensor(DataType::Float, {-1, 4}));
        b.node("Relu", {"x"}, {"r"}, "/relu");
        b.node("Relu", {"r"}, {"y"}, "/relu2");
        b.output("y", DataType::Float, {1, 4});
        const Model m = b.build();
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        QCOMPARE(
            supportOf(a, m, "/relu").reason,
            std::string(
                "the shape of 'x' is not known at compile time; Test NPU needs static shapes"));
        // An intermediate value nobody declared is unknown too.
        QCOMPARE(
            supportOf(a, m, "/relu2").reason,
            std::string(
                "the shape of 'r' is not known at compile time; Test NPU needs static shapes"));
        QVERIFY(a.banners.size() == 1); // the float banner only: no symbolic dimension

        const Model declared = test::declare(m, {{"r", DataType::Float, {1, 4}}});
        QVERIFY(
            supportOf(analyzeSupportFromProfile(declared, p, {}), declared, "/relu2").supported);
        // Without the requirement unknown shapes are fine.
        const DeviceProfile relaxed = test::profileWithOps(R"({"Relu": {}})");
        QVERIFY(supportOf(analyzeSupportFromProfile(m, relaxed, {}), m, "/relu").supported);
    }

    void takesUnknownShapesFromTheShapeProbe()
    {
        // x → Relu → r (no declared shape) → Sigmoid (not in the op list) → y.
        const DeviceProfile p = test::profileWithOps(
            R"({"Relu": {}})", {{QStringLiteral("support.static_shapes"), true}});
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4});
        b.node("Relu", {"x"}, {"r"}, "/relu");
        b.node("Sigmoid", {"r"}, {"y"}, "/sigmoid");
        b.output("y", DataType::Float, {1, 4});
        const Model m = b.build();
        int calls = 0;
        AnalysisOptions options;
        options.shapeProbe = [&](const Model &, const CancelToken &) -> Expected<ShapeMap> {
            ++calls;
            return ShapeMap{{"r", {1, 4}}};
        };
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, options);
        QCOMPARE(calls, 1);
        QVERIFY2(supportOf(a, m, "/relu").supported, supportOf(a, m, "/relu").reason.c_str());
        QVERIFY(a.observedShapes);
        QCOMPARE(a.observedShapes->at("r"), (std::vector<int64_t>{1, 4}));
        QCOMPARE(
            a.banners.front(),
            std::string("Shape inference left some shapes unknown; they are taken from one run "
                        "of Silica's runtime with random inputs, as a compiler with fixed input "
                        "shapes would know them."));
        // The partition sizes the crossing from the observed shape: 4 int8 elements.
        const Partition part = partitionFromSupport(m, a, p, true);
        QCOMPARE(part.crossings.size(), size_t(2));
        QCOMPARE(part.crossings[1].value, std::string("r"));
        QCOMPARE(part.crossings[1].bytes, uint64_t(4));

        // Known shapes: the model is not run.
        const Model declared = test::declare(m, {{"r", DataType::Float, {1, 4}}});
        QVERIFY(!analyzeSupportFromProfile(declared, p, options).observedShapes);
        QCOMPARE(calls, 1);

        // A model that cannot run: the banner says why and the shape stays unknown.
        AnalysisOptions failing;
        failing.shapeProbe = [](const Model &, const CancelToken &) -> Expected<ShapeMap> {
            return Status(ErrorCode::Unsupported, "no kernel for Sigmoid");
        };
        const SupportAnalysis f = analyzeSupportFromProfile(m, p, failing);
        QCOMPARE(f.banners.front(),
                 std::string("Some shapes depend on the input sizes and the model could not be run to find "
                             "them (no kernel for Sigmoid); set the sizes of its symbolic dimensions."));
        QCOMPARE(
            supportOf(f, m, "/relu").reason,
            std::string(
                "the shape of 'r' is not known at compile time; Test NPU needs static shapes"));
        AnalysisOptions cancelled;
        cancelled.shapeProbe = [](const Model &, const CancelToken &) -> Expected<ShapeMap> {
            return Status(ErrorCode::Cancelled, "cancelled");
        };
        QCOMPARE(analyzeSupportFromProfile(m, p, cancelled).banners.size(),
                 size_t(1)); // the float banner only
    }

    void warnsAboutSymbolicDimensions_data()
    {
        QTest::addColumn<bool>("staticShapes");
        QTest::addColumn<QString>("banner");
        QTest::newRow("static shapes")
            << true
            << QStringLiteral("Dimension 'batch' is not fixed in the model; it is analysed as 1 (set its size). "
                              "Test NPU needs static shapes: fix it on export.");
        QTest::newRow("dynamic shapes")
            << false
            << QStringLiteral("Dimension 'batch' is not fixed in the model; it is analysed as 1 (set its size).");
    }
    void warnsAboutSymbolicDimensions()
    {
        QFETCH(bool, staticShapes);
        QFETCH(QString, banner);
        const DeviceProfile p = test::profileWithOps(
            R"({"Relu": {}})",
            {{QStringLiteral("support.static_shapes"), staticShapes},
             {QStringLiteral("precisions"),
              QJsonObject{{QStringLiteral("fp32"),
                           QJsonObject{{QStringLiteral("peak_ops"), test::figureJson(1e11)}}}}},
             {QStringLiteral("default_precision"), QStringLiteral("fp32")}});
        ValueType t = ValueType::tensor(DataType::Float, {1, 4});
        t.dims[0].hasValue = false;
        t.dims[0].param = "batch";
        GraphBuilder b;
        b.input("x", t);
        b.node("Relu", {"x"}, {"y"}, "/relu");
        b.output("y", DataType::Float, {1, 4});
        const Model m = b.build();
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        QCOMPARE(a.banners.size(), size_t(1));
        QCOMPARE(QString::fromStdString(a.banners[0]), banner);
        // Analysed as 1: a static shape.
        QVERIFY(supportOf(a, m, "/relu").supported);

        // A size given for it: the banner says so, and tensors take that size.
        AnalysisOptions sized;
        sized.dims["batch"] = 8;
        const SupportAnalysis b8 = analyzeSupportFromProfile(m, p, sized);
        QVERIFY(QString::fromStdString(b8.banners[0]).startsWith(
            QStringLiteral("Dimension 'batch' is not fixed in the model; it is analysed as 8.")));
        const Partition part = partitionFromSupport(m, b8, p, true);
        const Crossing *in = nullptr;
        for (const Crossing &x : part.crossings)
            if (x.value == "x")
                in = &x;
        QVERIFY(in);
        QCOMPARE(in->bytes, uint64_t(8 * 4 * 4)); // [8,4] float32
    }

    void checksIntegerTensorTypes_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QStringList>("precisions");
        QTest::addColumn<QString>("reason");
        QTest::newRow("int64 on int8")
            << int(DataType::Int64) << QStringList{QStringLiteral("int8")}
            << QStringLiteral("works on int64 tensors ('a'); Test NPU runs int8 only");
        QTest::newRow("int32 on int8, int16")
            << int(DataType::Int32) << QStringList{QStringLiteral("int8"), QStringLiteral("int16")}
            << QStringLiteral("works on int32 tensors ('a'); Test NPU runs int8, int16 only");
        QTest::newRow("bool on int8")
            << int(DataType::Bool) << QStringList{QStringLiteral("int8")}
            << QStringLiteral("works on bool tensors ('a'); Test NPU runs int8 only");
        QTest::newRow("int16 on int8")
            << int(DataType::Int16) << QStringList{QStringLiteral("int8")}
            << QStringLiteral("works on int16 tensors ('a'); Test NPU runs int8 only");
        QTest::newRow("int16 on int8, int16")
            << int(DataType::Int16) << QStringList{QStringLiteral("int8"), QStringLiteral("int16")}
            << QString();
        QTest::newRow("int64 on int8, fp16")
            << int(DataType::Int64) << QStringList{QStringLiteral("int8"), QStringLiteral("fp16")}
            << QString();
        QTest::newRow("uint8 on int8")
            << int(DataType::Uint8) << QStringList{QStringLiteral("int8")} << QString();
    }
    void checksIntegerTensorTypes()
    {
        QFETCH(int, type);
        QFETCH(QStringList, precisions);
        QFETCH(QString, reason);
        QJsonObject list;
        for (const QString &p : precisions)
            list[p] = QJsonObject{{QStringLiteral("peak_ops"), test::figureJson(1e12)}};
        const DeviceProfile p =
            test::profileWithOps(R"({"Add": {}})", {{QStringLiteral("precisions"), list}});
        GraphBuilder b;
        b.input("a", DataType(type), {4});
        b.input("b", DataType(type), {4});
        b.node("Add", {"a", "b"}, {"y"}, "/add");
        b.output("y", DataType(type), {4});
        const Model m = b.build();
        QCOMPARE(QString::fromStdString(
                     supportOf(analyzeSupportFromProfile(m, p, {}), m, "/add").reason),
                 reason);
    }

    void foldsWhatNeedsNoRunTimeWork()
    {
        const DeviceProfile p =
            test::profileWithOps(R"({"Conv": {}, "Relu": {}, "Mul": {}, "Add": {}})");
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4, 8, 8});
        b.input("u", ValueType::tensor(DataType::Float, {-1, 4}));
        b.initializer("w", {4, 4, 3, 3}, std::vector<float>(144, 0.1f));
        b.initializer("w2", {4, 4, 3, 3}, std::vector<float>(144, 0.2f));
        for (const char *name : {"scale", "bias", "mean", "var"})
            b.initializer(name, {4}, {1, 1, 1, 1});
        b.node("Constant", {}, {"k"}, "/const")
            .tensor("value", GraphBuilder::floatTensor("k", {1}, {2.0f}));
        b.node("Shape", {"x"}, {"xs"}, "/shape");
        b.node("Shape", {"u"}, {"us"}, "/shape_unknown");
        b.node("Transpose", {"w"}, {"wt"}, "/w_transpose");
        b.node("Mul", {"wt", "w2"}, {"wm"}, "/w_mul");
        b.node("Mul", {"wm", "k"}, {"wk"}, "/w_mul_const");
        b.node("Identity", {"x"}, {"xi"}, "/identity");
        b.node("Conv", {"xi", "wk"}, {"c"}, "/conv").ints("pads", {1, 1, 1, 1});
        b.node("BatchNormalization", {"c", "scale", "bias", "mean", "var"}, {"bn"}, "/bn");
        b.node("Conv", {"x", "w"}, {"c2"}, "/conv2").ints("pads", {1, 1, 1, 1});
        b.node("Relu", {"c2"}, {"r2"}, "/relu");
        b.node("Conv", {"x", "w"}, {"c3"}, "/conv3").ints("pads", {1, 1, 1, 1});
        b.node("Relu", {"c3"}, {"r3"}, "/relu_shared"); // c3 is read twice: nothing to fuse into
        b.node("Add", {"c3", "r3"}, {"s3"}, "/add");
        b.output("bn");
        b.output("r2");
        b.output("s3");
        b.output("xs");
        b.output("us");
        const Model m = b.build();
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        auto folded = [&](const char *name, const char *reason) {
            const NodeSupport &s = supportOf(a, m, name);
            QVERIFY2(s.folded && s.supported, name);
            QCOMPARE(s.reason, std::string(reason));
        };
        folded("/const", "a constant");
        folded("/shape", "a static shape, known at compile time");
        folded("/w_transpose", "computed from weights at compile time");
        folded("/w_mul", "computed from weights at compile time");
        folded("/w_mul_const", "computed from weights at compile time");
        folded("/identity", "removed by the converter");
        folded("/bn", "folded into /conv by the converter");
        folded("/relu", "fused into /conv2 by the converter");
        QVERIFY(!supportOf(a, m, "/shape_unknown").folded);
        QCOMPARE(supportOf(a, m, "/shape_unknown").reason,
                 std::string("Shape is not in the test op list"));
        for (const char *name : {"/conv", "/conv2", "/conv3", "/relu_shared", "/add"}) {
            QVERIFY2(!supportOf(a, m, name).folded, name);
            QVERIFY2(supportOf(a, m, name).supported, name);
        }
    }

    void fusesOnlyIntoSupportedOps()
    {
        // Relu after a Conv the device cannot run stays a Relu; without Relu in the op list
        // there is nothing to fuse either.
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4, 8, 8});
        b.initializer("w", {4, 4, 3, 3}, std::vector<float>(144, 0.1f));
        b.node("Conv", {"x", "w"}, {"c"}, "/conv").ints("pads", {1, 1, 1, 1});
        b.node("Relu", {"c"}, {"y"}, "/relu");
        b.output("y");
        const Model m = b.build();
        const DeviceProfile noConv = test::profileWithOps(R"({"Relu": {}})");
        const SupportAnalysis a = analyzeSupportFromProfile(m, noConv, {});
        QVERIFY(!supportOf(a, m, "/relu").folded);
        QVERIFY(supportOf(a, m, "/relu").supported);
        const DeviceProfile noRelu = test::profileWithOps(R"({"Conv": {}})");
        const SupportAnalysis c = analyzeSupportFromProfile(m, noRelu, {});
        QCOMPARE(supportOf(c, m, "/relu").reason, std::string("Relu is not in the test op list"));
    }

    void fusesReluAfterAFoldedBatchNormIntoTheConv()
    {
        // Conv → BatchNormalization → Relu: converters fold the normalization into the
        // convolution and fuse the activation into the same op.
        const DeviceProfile p = test::profileWithOps(R"({"Conv": {}, "Relu": {}})");
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4, 8, 8});
        b.initializer("w", {4, 4, 3, 3}, std::vector<float>(144, 0.1f));
        for (const char *name : {"scale", "bias", "mean", "var"})
            b.initializer(name, {4}, {1, 1, 1, 1});
        b.node("Conv", {"x", "w"}, {"c"}, "/conv").ints("pads", {1, 1, 1, 1});
        b.node("BatchNormalization", {"c", "scale", "bias", "mean", "var"}, {"bn"}, "/bn");
        b.node("Relu", {"bn"}, {"y"}, "/relu");
        b.output("y");
        const Model m = b.build();
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        QCOMPARE(supportOf(a, m, "/bn").reason, std::string("folded into /conv by the converter"));
        QVERIFY(supportOf(a, m, "/relu").folded);
        QCOMPARE(supportOf(a, m, "/relu").reason, std::string("fused into /conv by the converter"));
    }

    void checksBatchNormWithoutConvAsMul()
    {
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4, 8, 8});
        for (const char *name : {"scale", "bias", "mean", "var"})
            b.initializer(name, {4}, {1, 1, 1, 1});
        b.node("BatchNormalization", {"x", "scale", "bias", "mean", "var"}, {"y"}, "/bn");
        b.output("y");
        const Model m = b.build();

        const DeviceProfile asMul = test::profileWithOps(R"({"Mul": {}, "Add": {}})");
        const NodeSupport &s = supportOf(analyzeSupportFromProfile(m, asMul, {}), m, "/bn");
        QVERIFY(s.supported);
        QVERIFY(!s.folded);
        QCOMPARE(s.opClass, OpClass::Elementwise);
        // Mul's entry decides, named for the BatchNormalization.
        const DeviceProfile halfMul = test::profileWithOps(
            R"({"Mul": {"precisions": ["fp16"]}, "Add": {}})",
            {{QStringLiteral("precisions.fp16.peak_ops"), test::figureJson(5e11)}});
        QCOMPARE(supportOf(analyzeSupportFromProfile(m, halfMul, {}), m, "/bn").reason,
                 std::string("BatchNormalization runs only in fp16 on Test NPU, not int8"));
        const DeviceProfile noAdd = test::profileWithOps(R"({"Mul": {}})");
        QCOMPARE(supportOf(analyzeSupportFromProfile(m, noAdd, {}), m, "/bn").reason,
                 std::string("BatchNormalization is not in the test op list"));
    }

    void warnsThatAFloatModelIsAnalysedQuantized()
    {
        const Model m = opModel("Relu", {1, 4}, {1, 4});
        const DeviceProfile int8 = test::profileWithOps(R"({"Relu": {}})");
        const SupportAnalysis a = analyzeSupportFromProfile(m, int8, {});
        QVERIFY(!a.quantizedGraph);
        QCOMPARE(a.banners,
                 std::vector<std::string>{
                     "This float model is analysed as the int8 model it would have to "
                     "become for Test NPU. Quantize it to analyse the real quantized graph."});
        const DeviceProfile fp32 = test::profileWithOps(
            R"({"Relu": {}})",
            {{QStringLiteral("precisions.fp32.peak_ops"), test::figureJson(1e11)},
             {QStringLiteral("default_precision"), QStringLiteral("fp32")}});
        QVERIFY(analyzeSupportFromProfile(m, fp32, {}).banners.empty());
    }

    // x → Q → DQ → Conv(DQ(int8 w)) → Q → DQ → y, beside x → Relu → r that has no Q/DQ.
    void analysesQdqGraphs_data()
    {
        QTest::addColumn<int>("activationType");
        QTest::addColumn<bool>("int16Device");
        QTest::addColumn<int>("convPrecision");
        QTest::addColumn<QString>("floatReason");
        QTest::newRow("int8 on an int8 device")
            << int(DataType::Uint8) << false << int(Precision::Int8)
            << QStringLiteral("fp32 op on a device that runs only int8");
        QTest::newRow("int16 on an int8, int16 device")
            << int(DataType::Uint16) << true << int(Precision::Int16)
            << QStringLiteral("fp32 op on a device that runs only int8, int16");
    }
    void analysesQdqGraphs()
    {
        QFETCH(int, activationType);
        QFETCH(bool, int16Device);
        QFETCH(int, convPrecision);
        QFETCH(QString, floatReason);
        const DataType q = DataType(activationType);
        std::vector<std::pair<QString, QJsonValue>> changes;
        if (int16Device)
            changes.push_back(
                {QStringLiteral("precisions.int16.peak_ops"), test::figureJson(5e11)});
        const DeviceProfile p =
            test::profileWithOps(R"({"Conv": {}, "QuantizeLinear": {}, "Relu": {}})", changes);
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4, 8, 8});
        b.initializer("s", {}, {0.05f});
        b.initializer(test::zeroTensor("zp", q, {}));
        b.initializer(test::zeroTensor("wq", DataType::Int8, {4, 4, 3, 3}));
        b.initializer("ws", {}, {0.01f});
        b.initializer(test::zeroTensor("wzp", DataType::Int8, {}));
        b.node("QuantizeLinear", {"x", "s", "zp"}, {"xq"}, "/q_in");
        b.node("DequantizeLinear", {"xq", "s", "zp"}, {"xd"}, "/dq_in");
        b.node("DequantizeLinear", {"wq", "ws", "wzp"}, {"wd"}, "/dq_w");
        b.node("Conv", {"xd", "wd"}, {"c"}, "/conv").ints("pads", {1, 1, 1, 1});
        b.node("QuantizeLinear", {"c", "s", "zp"}, {"cq"}, "/q_out");
        b.node("DequantizeLinear", {"cq", "s", "zp"}, {"y"}, "/dq_out");
        b.node("Relu", {"x"}, {"r"}, "/relu_float");
        b.output("y", DataType::Float, {1, 4, 8, 8});
        b.output("r", DataType::Float, {1, 4, 8, 8});
        const Model m = test::declare(b.build(), {{"xq", q, {1, 4, 8, 8}},
                                                  {"xd", DataType::Float, {1, 4, 8, 8}},
                                                  {"wd", DataType::Float, {4, 4, 3, 3}},
                                                  {"c", DataType::Float, {1, 4, 8, 8}},
                                                  {"cq", q, {1, 4, 8, 8}}});
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        QVERIFY(a.quantizedGraph);
        QVERIFY(a.banners.empty());
        const NodeSupport &conv = supportOf(a, m, "/conv");
        QVERIFY2(conv.supported, conv.reason.c_str());
        QCOMPARE(int(conv.precision), convPrecision);
        QCOMPARE(supportOf(a, m, "/dq_in").reason,
                 std::string("absorbed into the quantized ops around it"));
        QCOMPARE(supportOf(a, m, "/q_out").reason,
                 std::string("absorbed into the quantized ops around it"));
        QVERIFY(supportOf(a, m, "/dq_in").folded && supportOf(a, m, "/q_out").folded);
        QCOMPARE(supportOf(a, m, "/dq_w").reason,
                 std::string("computed from weights at compile time"));
        // At the graph's edges the conversions stay: the input one runs on the device, the
        // output one is not in the op list.
        QVERIFY(supportOf(a, m, "/q_in").supported);
        QVERIFY(!supportOf(a, m, "/q_in").folded);
        QCOMPARE(supportOf(a, m, "/dq_out").reason,
                 std::string("DequantizeLinear is not in the test op list"));
        // The float op is float: the device runs no float.
        const NodeSupport &relu = supportOf(a, m, "/relu_float");
        QCOMPARE(relu.precision, Precision::Fp32);
        QCOMPARE(QString::fromStdString(relu.reason), floatReason);
    }

    void fusesTheActivationBeforeAQuantize()
    {
        // DQ → Conv → Relu → Q: converters fuse the Relu into the quantized Conv.
        const DeviceProfile p = test::profileWithOps(R"({"Conv": {}, "QuantizeLinear": {}})");
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4, 8, 8});
        b.initializer("s", {}, {0.05f});
        b.initializer(test::zeroTensor("zp", DataType::Uint8, {}));
        b.initializer(test::zeroTensor("wq", DataType::Int8, {4, 4, 3, 3}));
        b.initializer("ws", {}, {0.01f});
        b.initializer(test::zeroTensor("wzp", DataType::Int8, {}));
        b.node("QuantizeLinear", {"x", "s", "zp"}, {"xq"}, "/q_in");
        b.node("DequantizeLinear", {"xq", "s", "zp"}, {"xd"}, "/dq_in");
        b.node("DequantizeLinear", {"wq", "ws", "wzp"}, {"wd"}, "/dq_w");
        b.node("Conv", {"xd", "wd"}, {"c"}, "/conv").ints("pads", {1, 1, 1, 1});
        b.node("Relu", {"c"}, {"r"}, "/relu");
        b.node("QuantizeLinear", {"r", "s", "zp"}, {"rq"}, "/q_out");
        b.node("DequantizeLinear", {"rq", "s", "zp"}, {"y"}, "/dq_out");
        b.output("y", DataType::Float, {1, 4, 8, 8});
        const Model m = test::declare(b.build(), {{"xq", DataType::Uint8, {1, 4, 8, 8}},
                                                  {"xd", DataType::Float, {1, 4, 8, 8}},
                                                  {"wd", DataType::Float, {4, 4, 3, 3}},
                                                  {"c", DataType::Float, {1, 4, 8, 8}},
                                                  {"r", DataType::Float, {1, 4, 8, 8}},
                                                  {"rq", DataType::Uint8, {1, 4, 8, 8}}});
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        const NodeSupport &conv = supportOf(a, m, "/conv");
        QVERIFY2(conv.supported, conv.reason.c_str());
        QCOMPARE(conv.precision, Precision::Int8);
        // Not in this op list, so not folded into the Conv, but quantized all the same.
        const NodeSupport &relu = supportOf(a, m, "/relu");
        QCOMPARE(relu.precision, Precision::Int8);
        QCOMPARE(relu.reason, std::string("Relu is not in the test op list"));
    }

    void checksQOperatorFormsAsTheirFloatOps()
    {
        // QLinearConv becomes the device's quantized convolution: checked as Conv.
        const DeviceProfile p = test::profileWithOps(R"({"Conv": {}})");
        GraphBuilder b;
        b.input("x", DataType::Uint8, {1, 4, 8, 8});
        b.initializer("s", {}, {0.05f});
        b.initializer(test::zeroTensor("zp", DataType::Uint8, {}));
        b.initializer(test::zeroTensor("w", DataType::Uint8, {4, 4, 3, 3}));
        b.node("QLinearConv", {"x", "s", "zp", "w", "s", "zp", "s", "zp"}, {"y"}, "/qconv")
            .ints("pads", {1, 1, 1, 1});
        b.output("y", DataType::Uint8, {1, 4, 8, 8});
        const Model m = b.build();
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        const NodeSupport &conv = supportOf(a, m, "/qconv");
        QVERIFY2(conv.supported, conv.reason.c_str());
        QCOMPARE(conv.precision, Precision::Int8);
        const DeviceProfile none = test::profileWithOps(R"({"Relu": {}})");
        QCOMPARE(supportOf(analyzeSupportFromProfile(m, none, {}), m, "/qconv").reason,
                 std::string("QLinearConv is not in the test op list"));
    }

    void marksReasonsThatRestOnUnconfirmedFacts()
    {
        const DeviceProfile p = test::profileWithOps(
            R"({"Relu": {}})", {{QStringLiteral("support.unconfirmed_ops"), QJsonArray{QStringLiteral("Transpose")}},
                                {QStringLiteral("support.max_rank"), test::figureJson(4, "unconfirmed")}});
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 2, 3, 4, 5});
        b.node("Transpose", {"x"}, {"t"}, "/transpose");
        b.node("Relu", {"t"}, {"y"}, "/relu");
        b.output("y", DataType::Float, {5, 4, 3, 2, 1});
        const Model m = test::declare(b.build(), {{"t", DataType::Float, {5, 4, 3, 2, 1}}});
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        QCOMPARE(supportOf(a, m, "/transpose").reason,
                 std::string("Transpose is not in the test op list [unconfirmed: its entry could not be checked]"));
        QCOMPARE(supportOf(a, m, "/relu").reason,
                 std::string("tensor rank 5 > 4 ('t' [5,4,3,2,1]) [unconfirmed limit]"));
    }

    void warnsThatSubgraphBodiesAreNotCosted()
    {
        const DeviceProfile p = test::profileWithOps(R"({"If": {}})");
        GraphBuilder body;
        body.input("c", DataType::Float, {1});
        body.node("Relu", {"c"}, {"o"}, "/body/relu");
        body.output("o", DataType::Float, {1});
        GraphBuilder b;
        b.input("cond", DataType::Bool, {});
        b.input("v", DataType::Float, {1});
        b.node("Identity", {"v"}, {"vi"}, "/id");
        Model bodyModel = body.build();
        b.node("If", {"cond"}, {"y"}, "/if").graph("then_branch", bodyModel.graph).graph("else_branch", bodyModel.graph);
        b.output("y", DataType::Float, {1});
        const Model m = b.build();
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        bool warned = false;
        for (const std::string &banner : a.banners)
            warned = warned || banner == "1 node(s) with subgraphs (If, Loop, Scan) are analysed without their "
                                         "bodies: their cost is underestimated.";
        QVERIFY(warned);
    }

    void treatsAnOpWithAFloatGraphOutputAsFloat()
    {
        // DQ → Sigmoid → graph output: nothing quantizes the result, so the Sigmoid is a float
        // op even though its input is dequantized.
        const DeviceProfile p = test::profileWithOps(R"({"Sigmoid": {}, "QuantizeLinear": {}})");
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4});
        b.initializer("s", {}, {0.05f});
        b.initializer(test::zeroTensor("zp", DataType::Uint8, {}));
        b.node("QuantizeLinear", {"x", "s", "zp"}, {"xq"}, "/q");
        b.node("DequantizeLinear", {"xq", "s", "zp"}, {"xd"}, "/dq");
        b.node("Sigmoid", {"xd"}, {"y"}, "/sigmoid");
        b.output("y", DataType::Float, {1, 4});
        const Model m = test::declare(
            b.build(), {{"xq", DataType::Uint8, {1, 4}}, {"xd", DataType::Float, {1, 4}}});
        const SupportAnalysis a = analyzeSupportFromProfile(m, p, {});
        const NodeSupport &s = supportOf(a, m, "/sigmoid");
        QCOMPARE(s.precision, Precision::Fp32);
        QCOMPARE(s.reason, std::string("fp32 op on a device that runs only int8"));
    }
};

QTEST_GUILESS_MAIN(TestDeviceSupport)
#include "tst_device_support.moc"
