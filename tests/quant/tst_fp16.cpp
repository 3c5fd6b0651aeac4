// Float16 conversion: the interface stays float32 (Casts after the inputs and before the
// outputs), weights become float16, nodes kept in float32 (asked for, overflowing, subgraphs)
// get Casts around them, attributes naming float types follow, and every op converted runs in
// Silica's runtime close to its float32 result.

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/onnx_import.h"
#include "core/quant/fp16.h"
#include "core/runtime/half.h"
#include "core/runtime/session.h"
#include "tests/common/test_support.h"

#include <QFile>
#include <QTest>

#include <cmath>
#include <cstring>
#include <functional>
#include <random>

using namespace silica;
using namespace silica::quant;

namespace {

std::vector<float> randomValues(size_t n, float lo, float hi, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(lo, hi);
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
    b.initializer("w1", {8, 4, 3, 3}, randomValues(8 * 4 * 9, -0.3f, 0.3f, 1));
    b.initializer("b1", {8}, randomValues(8, -0.1f, 0.1f, 2));
    b.initializer("w2", {4, 8, 1, 1}, randomValues(4 * 8, -0.5f, 0.5f, 3));
    b.node("Conv", {"x", "w1", "b1"}, {"c1"}, "/conv1").ints("pads", {1, 1, 1, 1});
    b.node("Relu", {"c1"}, {"r1"}, "/relu");
    b.node("Conv", {"r1", "w2"}, {"y"}, "/conv2");
    b.output("y", DataType::Float, {1, 4, 8, 8});
    return b.build();
}

const Node *named(const Model &m, const std::string &name)
{
    for (const NodePtr &node : m.graph->nodes)
        if (node->name == name)
            return node.get();
    return nullptr;
}

const Node *producerOf(const Model &m, const std::string &value)
{
    return m.graph->index().producer(value);
}

size_t countOps(const Model &m, const char *op)
{
    size_t n = 0;
    for (const NodePtr &node : m.graph->nodes)
        n += node->opType == op ? 1 : 0;
    return n;
}

bool isCastTo(const Node *n, DataType type)
{
    return n && n->opType == "Cast" && n->intAttribute("to", 0) == int64_t(type);
}

bool contains(const std::vector<std::string> &lines, const std::string &text)
{
    for (const std::string &l : lines)
        if (l.find(text) != std::string::npos)
            return true;
    return false;
}

std::string joined(const std::vector<std::string> &lines)
{
    std::string s;
    for (const std::string &l : lines)
        s += l + "\n";
    return s;
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

double valueAt(const runtime::Tensor &t, int64_t i)
{
    switch (t.dataType()) {
    case DataType::Float:
        return t.data<float>()[i];
    case DataType::Float16:
        return float(t.data<runtime::Half>()[i]);
    case DataType::Int64:
        return double(t.data<int64_t>()[i]);
    case DataType::Bool:
        return t.data<bool>()[i] ? 1 : 0;
    default:
        return std::nan("");
    }
}

// Empty when `b` (float16 run) is within float16 rounding of `a` (float32 run): floats within
// 5e-3 relative (a few half-precision roundings, 2^-11 each), other types exactly equal.
QString compareOutputs(const runtime::NamedTensors &a, const runtime::NamedTensors &b)
{
    if (a.size() != b.size())
        return QStringLiteral("output count differs");
    for (size_t o = 0; o < a.size(); ++o) {
        const runtime::Tensor &x = a[o].second, &y = b[o].second;
        if (x.dataType() != y.dataType() || x.shape() != y.shape())
            return QStringLiteral("output %1: %2 vs %3")
                .arg(QString::fromStdString(a[o].first), QString::fromStdString(x.describe()),
                     QString::fromStdString(y.describe()));
        const bool isFloat = x.dataType() == DataType::Float;
        for (int64_t i = 0; i < x.elementCount(); ++i) {
            const double u = valueAt(x, i), v = valueAt(y, i);
            const double tolerance = isFloat ? 5e-3 * std::max(1.0, std::fabs(u)) : 0.0;
            if (!(std::fabs(u - v) <= tolerance))
                return QStringLiteral("output %1[%2]: %3 vs %4")
                    .arg(QString::fromStdString(a[o].first))
                    .arg(i)
                    .arg(u)
                    .arg(v);
        }
    }
    return {};
}

runtime::Tensor floatTensor(std::vector<int64_t> shape, const std::vector<float> &values)
{
    return runtime::Tensor::fromVector<float>(DataType::Float, shape, values);
}

// One op's model over x[2,3,4,4] in [-1, 1] and p[2,3,4,4] in [0.5, 2] (for Sqrt, Log, …).
struct OpCase
{
    const char *name; // the op, then what the case varies
    int64_t opset;
    std::function<void(GraphBuilder &)> build; // writes "y"
};

TensorPtr ints(const std::string &name, std::vector<int64_t> dims, std::vector<int64_t> values)
{
    return GraphBuilder::int64Tensor(name, std::move(dims), values);
}

void unary(GraphBuilder &b, const char *op, const char *in = "x")
{
    b.node(op, {in}, {"y"});
}

const std::vector<OpCase> &opCases()
{
    using B = GraphBuilder;
    static const std::vector<OpCase> cases = {
        {"Conv", 17, [](B &b) {
             b.initializer("w", {4, 3, 3, 3}, randomValues(108, -0.3f, 0.3f, 5));
             b.initializer("bias", {4}, {0.1f, -0.2f, 0.3f, 0.0f});
             b.node("Conv", {"x", "w", "bias"}, {"y"}).ints("pads", {1, 1, 1, 1});
         }},
        {"ConvTranspose", 17, [](B &b) {
             b.initializer("w", {3, 2, 3, 3}, randomValues(54, -0.3f, 0.3f, 6));
             b.node("ConvTranspose", {"x", "w"}, {"y"});
         }},
        {"MatMul", 17, [](B &b) {
             b.initializer("m", {4, 5}, randomValues(20, -1, 1, 7));
             b.node("MatMul", {"x", "m"}, {"y"});
         }},
        {"Gemm", 17, [](B &b) {
             b.initializer("g", {48, 6}, randomValues(288, -0.2f, 0.2f, 8));
             b.initializer("c", {6}, randomValues(6, -1, 1, 9));
             b.node("Flatten", {"x"}, {"f"});
             b.node("Gemm", {"f", "g", "c"}, {"y"});
         }},
        {"Einsum", 17, [](B &b) {
             b.initializer("m", {4, 5}, randomValues(20, -1, 1, 10));
             b.node("Einsum", {"x", "m"}, {"y"}).s("equation", "bchw,wk->bchk");
         }},
        {"Add", 17, [](B &b) { b.node("Add", {"x", "p"}, {"y"}); }},
        {"Sub", 17, [](B &b) { b.node("Sub", {"x", "p"}, {"y"}); }},
        {"Mul", 17, [](B &b) { b.node("Mul", {"x", "p"}, {"y"}); }},
        {"Div", 17, [](B &b) { b.node("Div", {"x", "p"}, {"y"}); }},
        {"Pow", 17, [](B &b) { b.node("Pow", {"p", "x"}, {"y"}); }},
        {"Min", 17, [](B &b) { b.node("Min", {"x", "p"}, {"y"}); }},
        {"Max", 17, [](B &b) { b.node("Max", {"x", "p"}, {"y"}); }},
        {"Mean", 17, [](B &b) { b.node("Mean", {"x", "p"}, {"y"}); }},
        {"Sum", 17, [](B &b) { b.node("Sum", {"x", "p", "x"}, {"y"}); }},
        {"Equal", 17, [](B &b) { b.node("Equal", {"x", "x"}, {"y"}); }},
        {"Less", 17, [](B &b) { b.node("Less", {"x", "p"}, {"y"}); }},
        {"Greater", 17, [](B &b) { b.node("Greater", {"p", "x"}, {"y"}); }},
        {"LessOrEqual", 17, [](B &b) { b.node("LessOrEqual", {"x", "p"}, {"y"}); }},
        {"GreaterOrEqual", 17, [](B &b) { b.node("GreaterOrEqual", {"p", "x"}, {"y"}); }},
        {"IsNaN", 17, [](B &b) { unary(b, "IsNaN"); }},
        {"IsInf", 17, [](B &b) { unary(b, "IsInf"); }},
        {"Where", 17, [](B &b) {
             b.initializer(GraphBuilder::floatTensor("zero", {}, {0.0f}));
             b.node("Greater", {"x", "zero"}, {"c"});
             b.node("Where", {"c", "x", "p"}, {"y"});
         }},
        {"Neg", 17, [](B &b) { unary(b, "Neg"); }},
        {"Abs", 17, [](B &b) { unary(b, "Abs"); }},
        {"Sqrt", 17, [](B &b) { unary(b, "Sqrt", "p"); }},
        {"Reciprocal", 17, [](B &b) { unary(b, "Reciprocal", "p"); }},
        {"Exp", 17, [](B &b) { unary(b, "Exp"); }},
        {"Log", 17, [](B &b) { unary(b, "Log", "p"); }},
        {"Erf", 17, [](B &b) { unary(b, "Erf"); }},
        {"Tanh", 17, [](B &b) { unary(b, "Tanh"); }},
        {"Sin", 17, [](B &b) { unary(b, "Sin"); }},
        {"Cos", 17, [](B &b) { unary(b, "Cos"); }},
        {"Floor", 17, [](B &b) { unary(b, "Floor"); }},
        {"Ceil", 17, [](B &b) { unary(b, "Ceil"); }},
        {"Round", 17, [](B &b) { unary(b, "Round"); }},
        {"Sign", 17, [](B &b) { unary(b, "Sign"); }},
        {"Clip", 17, [](B &b) {
             b.initializer(GraphBuilder::floatTensor("lo", {}, {-0.5f}));
             b.initializer(GraphBuilder::floatTensor("hi", {}, {0.5f}));
             b.node("Clip", {"x", "lo", "hi"}, {"y"});
         }},
        {"Relu", 17, [](B &b) { unary(b, "Relu"); }},
        {"LeakyRelu", 17, [](B &b) { unary(b, "LeakyRelu"); }},
        {"PRelu", 17, [](B &b) {
             b.initializer("slope", {3, 1, 1}, {0.1f, 0.2f, 0.3f});
             b.node("PRelu", {"x", "slope"}, {"y"});
         }},
        {"Elu", 17, [](B &b) { unary(b, "Elu"); }},
        {"Selu", 17, [](B &b) { unary(b, "Selu"); }},
        {"Celu", 17, [](B &b) { unary(b, "Celu"); }},
        {"Sigmoid", 17, [](B &b) { unary(b, "Sigmoid"); }},
        {"HardSigmoid", 17, [](B &b) { unary(b, "HardSigmoid"); }},
        {"HardSwish", 17, [](B &b) { unary(b, "HardSwish"); }},
        {"Softplus", 17, [](B &b) { unary(b, "Softplus"); }},
        {"Softsign", 17, [](B &b) { unary(b, "Softsign"); }},
        {"Gelu", 20, [](B &b) { unary(b, "Gelu"); }},
        {"Mish", 18, [](B &b) { unary(b, "Mish"); }},
        {"ThresholdedRelu", 17, [](B &b) { unary(b, "ThresholdedRelu"); }},
        {"BatchNormalization", 17, [](B &b) {
             b.initializer("s", {3}, {1.5f, 0.5f, 2.0f});
             b.initializer("bb", {3}, {0.1f, 0.0f, -0.1f});
             b.initializer("mean", {3}, {0.2f, -0.1f, 0.0f});
             b.initializer("var", {3}, {0.9f, 1.2f, 0.4f});
             b.node("BatchNormalization", {"x", "s", "bb", "mean", "var"}, {"y"});
         }},
        {"InstanceNormalization", 17, [](B &b) {
             b.initializer("s", {3}, {1.5f, 0.5f, 2.0f});
             b.initializer("bb", {3}, {0.1f, 0.0f, -0.1f});
             b.node("InstanceNormalization", {"x", "s", "bb"}, {"y"});
         }},
        {"LayerNormalization", 17, [](B &b) {
             b.initializer("s", {4}, {1.5f, 0.5f, 2.0f, 1.0f});
             b.initializer("bb", {4}, {0.1f, 0.0f, -0.1f, 0.2f});
             b.node("LayerNormalization", {"x", "s", "bb"}, {"y"});
         }},
        {"GroupNormalization", 18, [](B &b) {
             b.initializer("s", {3}, {1.5f, 0.5f, 2.0f});
             b.initializer("bb", {3}, {0.1f, 0.0f, -0.1f});
             b.node("GroupNormalization", {"x", "s", "bb"}, {"y"}).i("num_groups", 3);
         }},
        {"ReduceMean", 17, [](B &b) { b.node("ReduceMean", {"x"}, {"y"}).ints("axes", {2, 3}); }},
        {"ReduceSum", 17, [](B &b) {
             b.initializer(ints("axes", {1}, {1}));
             b.node("ReduceSum", {"x", "axes"}, {"y"});
         }},
        {"ReduceMax", 17, [](B &b) { b.node("ReduceMax", {"x"}, {"y"}).ints("axes", {3}); }},
        {"ReduceMin", 17, [](B &b) { b.node("ReduceMin", {"x"}, {"y"}).ints("axes", {3}); }},
        {"ReduceL2", 17, [](B &b) { b.node("ReduceL2", {"x"}, {"y"}).ints("axes", {3}); }},
        {"ReduceSumSquare", 17, [](B &b) { b.node("ReduceSumSquare", {"x"}, {"y"}).ints("axes", {3}); }},
        {"ArgMax", 17, [](B &b) { b.node("ArgMax", {"x"}, {"y"}).i("axis", 3); }},
        {"ArgMin", 17, [](B &b) { b.node("ArgMin", {"x"}, {"y"}).i("axis", 3); }},
        {"Softmax", 17, [](B &b) { unary(b, "Softmax"); }},
        {"LogSoftmax", 17, [](B &b) { unary(b, "LogSoftmax"); }},
        {"MaxPool", 17, [](B &b) { b.node("MaxPool", {"x"}, {"y"}).ints("kernel_shape", {2, 2}); }},
        {"AveragePool", 17, [](B &b) { b.node("AveragePool", {"x"}, {"y"}).ints("kernel_shape", {2, 2}); }},
        {"GlobalAveragePool", 17, [](B &b) { unary(b, "GlobalAveragePool"); }},
        {"GlobalMaxPool", 17, [](B &b) { unary(b, "GlobalMaxPool"); }},
        {"Resize", 17, [](B &b) {
             b.initializer("scales", {4}, {1, 1, 2, 2});
             b.node("Resize", {"x", "", "scales"}, {"y"}).s("mode", "linear");
         }},
        {"Resize with roi", 11, [](B &b) { // opset 11 exports write an empty float32 roi
             b.initializer("roi", {0}, {});
             b.initializer("scales", {4}, {1, 1, 0.5f, 0.5f});
             b.node("Resize", {"x", "roi", "scales"}, {"y"});
         }},
        {"Upsample", 9, [](B &b) {
             b.initializer("scales", {4}, {1, 1, 2, 2});
             b.node("Upsample", {"x", "scales"}, {"y"});
         }},
        {"Identity", 17, [](B &b) { unary(b, "Identity"); }},
        {"Dropout", 17, [](B &b) {
             b.initializer(GraphBuilder::floatTensor("ratio", {}, {0.25f}));
             b.node("Dropout", {"x", "ratio"}, {"y"});
         }},
        {"Reshape", 17, [](B &b) {
             b.initializer(ints("shape", {2}, {2, -1}));
             b.node("Reshape", {"x", "shape"}, {"y"});
         }},
        {"Flatten", 17, [](B &b) { unary(b, "Flatten"); }},
        {"Squeeze", 17, [](B &b) {
             b.initializer(ints("axes", {1}, {0}));
             b.node("Unsqueeze", {"x", "axes"}, {"u"});
             b.node("Squeeze", {"u", "axes"}, {"y"});
         }},
        {"Transpose", 17, [](B &b) { b.node("Transpose", {"x"}, {"y"}).ints("perm", {0, 2, 3, 1}); }},
        {"Concat", 17, [](B &b) { b.node("Concat", {"x", "p"}, {"y"}).i("axis", 1); }},
        {"Split", 17, [](B &b) { b.node("Split", {"x"}, {"y", "z"}).i("axis", 2); }},
        {"Slice", 17, [](B &b) {
             b.initializer(ints("starts", {1}, {1}));
             b.initializer(ints("ends", {1}, {3}));
             b.initializer(ints("axes", {1}, {2}));
             b.node("Slice", {"x", "starts", "ends", "axes"}, {"y"});
         }},
        {"Gather", 17, [](B &b) {
             b.initializer(ints("idx", {2}, {0, 2}));
             b.node("Gather", {"x", "idx"}, {"y"}).i("axis", 1);
         }},
        {"GatherElements", 17, [](B &b) {
             b.initializer(ints("idx", {1, 3, 4, 4}, std::vector<int64_t>(48, 1)));
             b.node("GatherElements", {"x", "idx"}, {"y"});
         }},
        {"GatherND", 17, [](B &b) {
             b.initializer(ints("idx", {2, 1}, {1, 0}));
             b.node("GatherND", {"x", "idx"}, {"y"});
         }},
        {"Expand", 17, [](B &b) {
             b.initializer(ints("shape", {5}, {2, 1, 1, 1, 1}));
             b.node("Expand", {"x", "shape"}, {"y"});
         }},
        {"Tile", 17, [](B &b) {
             b.initializer(ints("repeats", {4}, {1, 2, 1, 1}));
             b.node("Tile", {"x", "repeats"}, {"y"});
         }},
        {"Pad", 17, [](B &b) {
             b.initializer(ints("pads", {8}, {0, 0, 1, 1, 0, 0, 1, 1}));
             b.initializer(GraphBuilder::floatTensor("value", {}, {0.5f}));
             b.node("Pad", {"x", "pads", "value"}, {"y"});
         }},
        {"DepthToSpace", 17, [](B &b) {
             b.node("SpaceToDepth", {"x"}, {"s"}).i("blocksize", 2);
             b.node("DepthToSpace", {"s"}, {"y"}).i("blocksize", 2);
         }},
        {"Shape", 17, [](B &b) { unary(b, "Shape"); }},
        {"Size", 17, [](B &b) { unary(b, "Size"); }},
        {"Trilu", 17, [](B &b) { unary(b, "Trilu"); }},
        {"ScatterND", 17, [](B &b) {
             b.initializer(ints("idx", {1, 1}, {1}));
             b.initializer("updates", {1, 3, 4, 4}, randomValues(48, -1, 1, 11));
             b.node("ScatterND", {"x", "idx", "updates"}, {"y"});
         }},
        {"ScatterElements", 17, [](B &b) {
             b.initializer(ints("idx", {1, 3, 4, 4}, std::vector<int64_t>(48, 1)));
             b.initializer("updates", {1, 3, 4, 4}, randomValues(48, -1, 1, 12));
             b.node("ScatterElements", {"x", "idx", "updates"}, {"y"});
         }},
        {"Cast", 17, [](B &b) {
             b.node("Shape", {"x"}, {"s"});
             b.node("Cast", {"s"}, {"y"}).i("to", int64_t(DataType::Float));
         }},
        {"CastLike", 17, [](B &b) {
             b.node("Shape", {"x"}, {"s"});
             b.node("CastLike", {"s", "p"}, {"y"});
         }},
        {"ConstantOfShape", 17, [](B &b) {
             b.node("Shape", {"x"}, {"s"});
             b.node("ConstantOfShape", {"s"}, {"k"})
                 .tensor("value", GraphBuilder::floatTensor("", {1}, {0.25f}));
             b.node("Add", {"k", "x"}, {"y"});
         }},
    };
    return cases;
}

} // namespace

class TestFp16 : public QObject
{
    Q_OBJECT

private slots:
    void keepsTheInterfaceInFloat32()
    {
        const Model m = twoConvs();
        auto r = convertToFp16(m);
        QVERIFY2(r, r ? "" : r.error().message().c_str());
        QCOMPARE(r->convertedNodes, size_t(3));
        QCOMPARE(r->keptNodes, size_t(0));
        const Graph &g = *r->model.graph;
        QCOMPARE(g.inputs.size(), size_t(1));
        QCOMPARE(g.inputs[0].name, std::string("x"));
        QCOMPARE(g.inputs[0].type, m.graph->inputs[0].type);
        QCOMPARE(g.outputs[0].name, std::string("y"));
        QCOMPARE(g.outputs[0].type, m.graph->outputs[0].type);
        // x → Cast(float16) → /conv1 … /conv2 → Cast(float) → y, and nothing else cast.
        QCOMPARE(countOps(r->model, "Cast"), size_t(2));
        const Node *conv1 = named(r->model, "/conv1");
        QVERIFY(isCastTo(producerOf(r->model, conv1->inputs[0]), DataType::Float16));
        QCOMPARE(producerOf(r->model, conv1->inputs[0])->inputs[0], std::string("x"));
        const Node *last = producerOf(r->model, "y");
        QVERIFY(isCastTo(last, DataType::Float));
        QCOMPARE(producerOf(r->model, last->inputs[0]), named(r->model, "/conv2"));
        // New node ids continue the model's.
        QVERIFY(last->id >= m.nextNodeId);
        QVERIFY(r->model.nextNodeId > last->id);
        // The value between the convolutions is now float16 where it is declared.
        QCOMPARE(named(r->model, "/relu")->inputs[0], std::string("c1"));
    }

    void storesWeightsAsFloat16()
    {
        const Model m = twoConvs();
        auto r = convertToFp16(m);
        QVERIFY(r);
        for (const char *name : {"w1", "b1", "w2"}) {
            const Tensor *before = m.graph->index().initializer(name);
            const Tensor *after = r->model.graph->index().initializer(name);
            QVERIFY2(after, name);
            QCOMPARE(after->dataType, DataType::Float16);
            QCOMPARE(after->dims, before->dims);
            QCOMPARE(after->bytes.size, before->elementCount() * 2);
            for (uint64_t i = 0; i < before->elementCount(); ++i) {
                float f;
                uint16_t h;
                std::memcpy(&f, before->bytes.data() + 4 * i, 4);
                std::memcpy(&h, after->bytes.data() + 2 * i, 2);
                QVERIFY(std::fabs(runtime::halfBitsToFloat(h) - f) <= std::fabs(f) / 2048);
            }
        }
        QCOMPARE(r->model.graph->initializers.size(), m.graph->initializers.size());
    }

    void updatesDeclaredTypes()
    {
        Model m = twoConvs();
        auto g = std::make_shared<Graph>(*m.graph);
        g->valueInfos.push_back({"c1", ValueType::tensor(DataType::Float, {1, 8, 8, 8}), {}, {}});
        g->valueInfos.push_back({"r1", ValueType::tensor(DataType::Float, {1, 8, 8, 8}), {}, {}});
        m.graph = g;
        Fp16Options options;
        options.keepFloat = {"/relu"};
        auto r = convertToFp16(m, options);
        QVERIFY(r);
        const GraphIndex &index = r->model.graph->index();
        QCOMPARE(index.typeOf("c1"), ValueType::tensor(DataType::Float16, {1, 8, 8, 8}));
        QCOMPARE(index.typeOf("r1"), ValueType::tensor(DataType::Float, {1, 8, 8, 8}));
        const std::string relu = named(r->model, "/relu")->inputs[0];
        const std::string conv2 = named(r->model, "/conv2")->inputs[0];
        QCOMPARE(index.typeOf(relu), ValueType::tensor(DataType::Float, {1, 8, 8, 8}));
        QCOMPARE(index.typeOf(conv2), ValueType::tensor(DataType::Float16, {1, 8, 8, 8}));
        QCOMPARE(index.typeOf(producerOf(r->model, "y")->inputs[0]),
                 ValueType::tensor(DataType::Float16, {1, 4, 8, 8}));
    }

    void copiesWeightsListedAsGraphInputs()
    {
        // IR 3 style: the weight is also a graph input a caller may feed, so it stays float32.
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4});
        b.input("k", DataType::Float, {4});
        b.initializer("k", {4}, {0.5f, -1.0f, 2.0f, 0.25f});
        b.node("Mul", {"x", "k"}, {"y"}, "/mul");
        b.output("y", DataType::Float, {1, 4});
        const Model m = b.build();
        auto r = convertToFp16(m);
        QVERIFY(r);
        QCOMPARE(r->model.graph->inputs.size(), size_t(2));
        QCOMPARE(r->model.graph->inputs[1].type.elemType, DataType::Float);
        QCOMPARE(r->model.graph->index().initializer("k")->dataType, DataType::Float);
        const std::string copy = named(r->model, "/mul")->inputs[1];
        QVERIFY(copy != "k");
        QCOMPARE(r->model.graph->index().initializer(copy)->dataType, DataType::Float16);
        const runtime::NamedTensors feeds{{"x", floatTensor({1, 4}, {1.0f, 2.0f, 3.0f, 4.0f})}};
        auto a = run(m, feeds), c = run(r->model, feeds);
        QVERIFY2(a && c, c ? "" : c.error().message().c_str());
        QVERIFY(compareOutputs(*a, *c).isEmpty());
    }

    void runsCloseToTheFloat32Model()
    {
        const Model m = twoConvs();
        auto r = convertToFp16(m);
        QVERIFY(r);
        const runtime::NamedTensors feeds{
            {"x", floatTensor({1, 4, 8, 8}, randomValues(256, -1, 1, 42))}};
        auto a = run(m, feeds);
        auto b = run(r->model, feeds);
        QVERIFY2(a && b, b ? "" : b.error().message().c_str());
        QCOMPARE(b->front().second.dataType(), DataType::Float);
        const QString diff = compareOutputs(*a, *b);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void keepsChosenNodesInFloat32WithCastsAround()
    {
        const Model m = twoConvs();
        Fp16Options options;
        options.keepFloat = {"/relu", "/no-such-node"};
        auto r = convertToFp16(m, options);
        QVERIFY(r);
        QCOMPARE(r->convertedNodes, size_t(2));
        QCOMPARE(r->keptNodes, size_t(1));
        QCOMPARE(r->kept, std::vector<std::string>{"/relu: kept in float32 as asked"});
        QVERIFY2(contains(r->warnings, "'/no-such-node'"), joined(r->warnings).c_str());
        // conv1 (float16) → Cast(float) → relu → Cast(float16) → conv2 (float16)
        const Node *relu = named(r->model, "/relu");
        QVERIFY(isCastTo(producerOf(r->model, relu->inputs[0]), DataType::Float));
        QCOMPARE(producerOf(r->model, producerOf(r->model, relu->inputs[0])->inputs[0]),
                 named(r->model, "/conv1"));
        QCOMPARE(relu->outputs[0], std::string("r1"));
        const Node *conv2 = named(r->model, "/conv2");
        QVERIFY(isCastTo(producerOf(r->model, conv2->inputs[0]), DataType::Float16));
        QCOMPARE(producerOf(r->model, conv2->inputs[0])->inputs[0], std::string("r1"));
        QCOMPARE(countOps(r->model, "Cast"), size_t(4));

        // A convolution kept in float32 keeps its float32 weight.
        options.keepFloat = {"/conv2"};
        auto k = convertToFp16(m, options);
        QVERIFY(k);
        QCOMPARE(k->model.graph->index().initializer("w2")->dataType, DataType::Float);
        QCOMPARE(k->model.graph->index().initializer("w1")->dataType, DataType::Float16);
        QCOMPARE(named(k->model, "/conv2")->outputs[0],
                 std::string("y")); // no Cast before the output
        QCOMPARE(countOps(k->model, "Cast"), size_t(2));
        const runtime::NamedTensors feeds{
            {"x", floatTensor({1, 4, 8, 8}, randomValues(256, -1, 1, 43))}};
        auto a = run(m, feeds), b = run(r->model, feeds), c = run(k->model, feeds);
        QVERIFY2(a && b && c,
                 b ? (c ? "" : c.error().message().c_str()) : b.error().message().c_str());
        QVERIFY(compareOutputs(*a, *b).isEmpty());
        QVERIFY(compareOutputs(*a, *c).isEmpty());
    }

    void keepsNodesWhoseObservedRangeOverflows()
    {
        const Model m = twoConvs();
        CollectedHistograms ranges;
        TensorHistogram big, small;
        const float bigValues[] = {-3.0f, 1.0e5f}, smallValues[] = {-2.0f, 2.0f};
        big.add(bigValues, 2);
        small.add(smallValues, 2);
        ranges.values["x"] = small;
        ranges.values["c1"] = big; // written by /conv1, read by /relu
        ranges.values["r1"] = small;
        ranges.values["y"] = small;
        Fp16Options options;
        options.ranges = &ranges;
        auto r = convertToFp16(m, options);
        QVERIFY(r);
        QCOMPARE(r->keptNodes, size_t(2));
        QCOMPARE(r->kept, (std::vector<std::string>{
                              "/conv1: would overflow float16: |x| up to 100000 at 'c1'",
                              "/relu: would overflow float16: |x| up to 100000 at 'c1'"}));
        QCOMPARE(r->model.graph->index().initializer("w1")->dataType, DataType::Float);
        QCOMPARE(r->model.graph->index().initializer("w2")->dataType, DataType::Float16);
        QCOMPARE(named(r->model, "/conv1")->inputs[0], std::string("x"));
        QVERIFY(isCastTo(producerOf(r->model, named(r->model, "/conv2")->inputs[0]),
                         DataType::Float16));
        QVERIFY(!contains(r->warnings, "no observed ranges"));
    }

    void keepsNodesWhoseWeightOverflows()
    {
        // y = Relu(x · k) with k holding 1e5: the Mul stays float32, the Relu does not.
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4});
        b.initializer("k", {4}, {1.0f, 2.0f, 1.0e5f, -3.0f});
        b.node("Mul", {"x", "k"}, {"s"}, "/scale");
        b.node("Relu", {"s"}, {"y"}, "/relu");
        b.output("y", DataType::Float, {1, 4});
        const Model m = b.build();
        auto r = convertToFp16(m);
        QVERIFY(r);
        QCOMPARE(r->kept, std::vector<std::string>{
                              "/scale: would overflow float16: |x| up to 100000 in weight 'k'"});
        QCOMPARE(r->model.graph->index().initializer("k")->dataType, DataType::Float);
        QCOMPARE(r->convertedNodes, size_t(1));
        const runtime::NamedTensors feeds{{"x", floatTensor({1, 4}, {1e-3f, 0.5f, 1e-4f, -1.0f})}};
        auto a = run(m, feeds), c = run(r->model, feeds);
        QVERIFY2(a && c, c ? "" : c.error().message().c_str());
        QVERIFY(compareOutputs(*a, *c).isEmpty());
    }

    void followsAttributesThatNameFloatTypes()
    {
        // Shape → Cast(to FLOAT) and a ConstantOfShape(float) feed converted nodes; a Constant
        // holds a float weight; RandomNormal (scale 0: always its mean) stays float32.
        GraphBuilder b;
        b.input("x", DataType::Float, {2, 3});
        b.node("Shape", {"x"}, {"shape"}, "/shape");
        b.node("Cast", {"shape"}, {"dims"}, "/cast").i("to", int64_t(DataType::Float));
        b.node("ConstantOfShape", {"shape"}, {"fill"}, "/fill")
            .tensor("value", GraphBuilder::floatTensor("", {1}, {0.5f}));
        b.node("Constant", {}, {"k"}, "/k")
            .tensor("value", GraphBuilder::floatTensor("", {3}, {1.0f, -2.0f, 4.0f}));
        b.node("RandomNormal", {}, {"noise"}, "/noise")
            .ints("shape", {2, 3})
            .f("mean", 1.5f)
            .f("scale", 0.0f);
        b.node("Add", {"x", "fill"}, {"a"}, "/add");
        b.node("Mul", {"a", "k"}, {"m"}, "/mul");
        b.node("Add", {"m", "noise"}, {"n"}, "/add_noise");
        b.node("Gather", {"dims", "zero"}, {"d0"}, "/d0");
        b.initializer(GraphBuilder::int64Tensor("zero", {}, {0}));
        b.node("Div", {"n", "d0"}, {"y"}, "/div");
        b.output("y", DataType::Float, {2, 3});
        const Model m = b.build();
        auto r = convertToFp16(m);
        QVERIFY2(r, r ? "" : r.error().message().c_str());
        QCOMPARE(named(r->model, "/cast")->intAttribute("to", 0), int64_t(DataType::Float16));
        QCOMPARE(named(r->model, "/fill")->attribute("value")->t->dataType, DataType::Float16);
        QCOMPARE(named(r->model, "/k")->attribute("value")->t->dataType, DataType::Float16);
        QCOMPARE(r->kept,
                 std::vector<std::string>{
                     "/noise: random generators stay float32 (their dtype is part of the model)"});
        QVERIFY(isCastTo(producerOf(r->model, named(r->model, "/add_noise")->inputs[1]),
                         DataType::Float16));
        QCOMPARE(named(r->model, "/shape")->inputs[0],
                 named(r->model, "/add")->inputs[0]); // x in float16, once
        const runtime::NamedTensors feeds{
            {"x", floatTensor({2, 3}, {0.5f, -1.0f, 2.0f, 0.25f, 3.0f, -0.75f})}};
        auto a = run(m, feeds), c = run(r->model, feeds);
        QVERIFY2(a && c, c ? "" : c.error().message().c_str());
        const QString diff = compareOutputs(*a, *c);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void leavesSubgraphsInFloat32WithAWarning()
    {
        // r = Relu(x); y = If(c) then Identity(r) else Neg(r): the bodies read r by name.
        GraphBuilder thenBranch("then");
        thenBranch.node("Identity", {"r"}, {"t"}, "/then/identity");
        thenBranch.output("t", DataType::Float, {1, 4});
        GraphBuilder elseBranch("else");
        elseBranch.node("Neg", {"r"}, {"e"}, "/else/neg");
        elseBranch.output("e", DataType::Float, {1, 4});
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4});
        b.input("c", DataType::Bool, {});
        b.node("Relu", {"x"}, {"r"}, "/relu");
        b.node("If", {"c"}, {"y"}, "/if")
            .graph("then_branch", thenBranch.buildGraph())
            .graph("else_branch", elseBranch.buildGraph());
        b.output("y", DataType::Float, {1, 4});
        const Model m = b.build();
        auto r = convertToFp16(m);
        QVERIFY(r);
        QVERIFY2(contains(r->warnings, "'/if': its subgraph bodies stay float32"),
                 joined(r->warnings).c_str());
        QCOMPARE(r->kept,
                 std::vector<std::string>{"/if: holds subgraphs (their bodies are not converted)"});
        QCOMPARE(r->convertedNodes, size_t(1));
        // The Relu runs in float16; the name the bodies read is its float32 copy.
        QVERIFY(isCastTo(producerOf(r->model, "r"), DataType::Float));
        QCOMPARE(producerOf(r->model, producerOf(r->model, "r")->inputs[0]),
                 named(r->model, "/relu"));
        for (bool c : {true, false}) {
            runtime::Tensor cond = runtime::Tensor::zeros(DataType::Bool, {});
            cond.mutableData<bool>()[0] = c;
            const runtime::NamedTensors feeds{
                {"x", floatTensor({1, 4}, {0.5f, -1.0f, 2.0f, 0.25f})}, {"c", cond}};
            auto a = run(m, feeds), d = run(r->model, feeds);
            QVERIFY2(a && d, d ? "" : d.error().message().c_str());
            QVERIFY(compareOutputs(*a, *d).isEmpty());
        }
    }

    void rejectsAModelWithoutAGraph()
    {
        auto r = convertToFp16(Model{});
        QVERIFY(!r);
        QCOMPARE(r.error().code(), ErrorCode::InvalidArgument);
        QVERIFY2(r.error().message().find("has no graph") != std::string::npos,
                 r.error().message().c_str());
    }

    void runsEveryConvertedOpInFloat16_data()
    {
        QTest::addColumn<int>("index");
        for (size_t i = 0; i < opCases().size(); ++i)
            QTest::newRow(opCases()[i].name) << int(i);
    }

    void runsEveryConvertedOpInFloat16()
    {
        QFETCH(int, index);
        const OpCase &c = opCases()[size_t(index)];
        GraphBuilder b("main", c.opset);
        b.input("x", DataType::Float, {2, 3, 4, 4});
        b.input("p", DataType::Float, {2, 3, 4, 4});
        c.build(b);
        b.output("y");
        const Model m = b.build();
        auto r = convertToFp16(m);
        QVERIFY2(r, r ? "" : r.error().message().c_str());
        QVERIFY2(r->kept.empty(), joined(r->kept).c_str());
        QVERIFY(r->convertedNodes >= 1);
        const std::string op = std::string(c.name).substr(0, std::string(c.name).find(' '));
        bool found = false;
        for (const NodePtr &n : r->model.graph->nodes)
            found = found || (n->opType == op && float16Ops().count(op));
        QVERIFY2(found, "the op is on the converted list");
        const runtime::NamedTensors feeds{
            {"x", floatTensor({2, 3, 4, 4}, randomValues(96, -1, 1, 21))},
            {"p", floatTensor({2, 3, 4, 4}, randomValues(96, 0.5f, 2, 22))}};
        auto a = run(m, feeds), h = run(r->model, feeds);
        QVERIFY2(a, a ? "" : a.error().message().c_str());
        QVERIFY2(h, h ? "" : h.error().message().c_str());
        const QString diff = compareOutputs(*a, *h);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void convertsARealModelCloseToFloat32()
    {
        const QString dir = test::realModelDir();
        const QString path = dir + QStringLiteral("/ppocr/ch_ppocr_mobile_v2.0_cls_infer.onnx");
        if (dir.isEmpty() || !QFile::exists(path))
            QSKIP("the PP-OCR models are not fetched (scripts/fetch_models.sh)");
        auto loaded = loadModel(path.toStdString());
        QVERIFY2(loaded, loaded ? "" : loaded.error().message().c_str());
        auto r = convertToFp16(*loaded->model);
        QVERIFY(r);
        QVERIFY2(r->kept.empty(), joined(r->kept).c_str());
        // Weights held in Constant nodes (paddle2onnx) are float16 too.
        size_t floatConstants = 0;
        for (const NodePtr &n : r->model.graph->nodes)
            if (const Attribute *a = n->attribute("value"); n->opType == "Constant" && a && a->t)
                floatConstants += a->t->dataType == DataType::Float ? 1 : 0;
        QCOMPARE(floatConstants, size_t(0));
        // A 48×192 crop of smooth random "text": SQNR of the class probabilities.
        runtime::Tensor x = runtime::Tensor::zeros(DataType::Float, {1, 3, 48, 192});
        const std::vector<float> noise = randomValues(size_t(x.elementCount()), -1, 1, 7);
        std::memcpy(x.mutableData<float>(), noise.data(), noise.size() * sizeof(float));
        const runtime::NamedTensors feeds{{loaded->model->graph->inputs[0].name, x}};
        auto a = run(*loaded->model, feeds), h = run(r->model, feeds);
        QVERIFY2(a && h, h ? "" : h.error().message().c_str());
        double signal = 0, noisePower = 0;
        for (int64_t i = 0; i < a->front().second.elementCount(); ++i) {
            const double u = valueAt(a->front().second, i), v = valueAt(h->front().second, i);
            signal += u * u;
            noisePower += (u - v) * (u - v);
        }
        const double sqnr = 10 * std::log10(signal / std::max(noisePower, 1e-30));
        QVERIFY2(sqnr > 40, qPrintable(QString::number(sqnr)));
    }
};

QTEST_GUILESS_MAIN(TestFp16)
#include "tst_fp16.moc"
