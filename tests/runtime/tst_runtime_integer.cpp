// The integer compute ops (QLinearConv, ConvInteger, QLinearMatMul, MatMulInteger) give the
// exact ONNX result: int32 sums of (x − x_zp)(w − w_zp) plus bias, requantised as
// saturate(round_half_even(acc · x_scale · w_scale / y_scale) + y_zp) in float64. Seeded random
// models run through a session and are compared bit for bit against that formula computed here
// with int64 sums. The cases cover what runs on oneDNN (u8/s8 activations, s8 per-channel
// weights, padding, strides, groups, depthwise, bias, sums past float32's exact range) and what
// must fall back to the plain loops (weights that leave int8 once their zero point is
// subtracted, a per-row A zero point, batched B). CTest also runs this suite with oneDNN limited
// to pre-VNNI AVX-512, where every case takes the plain loops.

#include "core/graph/graph_builder.h"
#include "core/runtime/session.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

using namespace silica;
using namespace silica::runtime;

namespace {

// How a case's weights and their zero points are drawn.
enum class Weights
{
    Symmetric,    // s8 in [−127, 127], zero point 0
    PerChannelZp, // s8 in [−100, 100], per-channel zero points in [−10, 10]: fits int8 shifted
    Uint8Zp128,   // u8 over the whole range, zero point 128
    Large,        // s8 near 127 with inputs near their extreme: sums past 2^24
    PerChannelUnfit, // s8 over the whole range, per-channel zero points: −128 − 5 leaves int8
    Uint8Zp0,        // u8 over the whole range, zero point 0: 255 leaves int8
};

// A convolution case; the setters name what differs from the defaults.
struct ConvCase
{
    bool qlinear = true;
    DataType xType = DataType::Uint8;
    Shape xShape; // [N, C, spatial…]; N also runs as N + 1
    int64_t m = 0, group = 1, kernel = 3, stride = 1, pad = 0, dilation = 1;
    int32_t xZp = 0;
    bool zeroPoints = true; // ConvInteger: whether the zero-point inputs are given
    Weights weights = Weights::Symmetric;
    bool perChannelScale = true;
    bool bias = false;
    bool constWeights = true;
    unsigned seed = 1; // even seeds use power-of-two scales (exact .5 ties)

    static ConvCase make(bool qlinear, DataType x, Shape shape, int64_t m)
    {
        ConvCase c;
        c.qlinear = qlinear;
        c.xType = x;
        c.xShape = std::move(shape);
        c.m = m;
        return c;
    }
    ConvCase &groups(int64_t g) { return group = g, *this; }
    ConvCase &kernelSize(int64_t k) { return kernel = k, *this; }
    ConvCase &strides(int64_t s) { return stride = s, *this; }
    ConvCase &pads(int64_t p) { return pad = p, *this; }
    ConvCase &dilations(int64_t d) { return dilation = d, *this; }
    ConvCase &xZeroPoint(int32_t zp) { return xZp = zp, *this; }
    ConvCase &noZeroPoints() { return zeroPoints = false, *this; }
    ConvCase &with(Weights w) { return weights = w, *this; }
    ConvCase &perTensorScale() { return perChannelScale = false, *this; }
    ConvCase &withBias() { return bias = true, *this; }
    ConvCase &weightsFromInput() { return constWeights = false, *this; }
};

struct MatMulCase
{
    bool qlinear = true;
    DataType aType = DataType::Uint8;
    Shape aShape; // [..., M, K]
    Shape bShape; // [K, N] or batched
    int32_t aZp = 0;
    bool perRowAZp = false; // MatMulInteger only: a zero point per row of A
    Weights weights = Weights::Symmetric;
    bool perColumnScale = true;
    bool constB = true;
    unsigned seed = 1;

    static MatMulCase make(bool qlinear, DataType a, Shape aShape, Shape bShape)
    {
        MatMulCase c;
        c.qlinear = qlinear;
        c.aType = a;
        c.aShape = std::move(aShape);
        c.bShape = std::move(bShape);
        return c;
    }
    MatMulCase &aZeroPoint(int32_t zp) { return aZp = zp, *this; }
    MatMulCase &aZeroPointPerRow() { return perRowAZp = true, *this; }
    MatMulCase &with(Weights w) { return weights = w, *this; }
    MatMulCase &perTensorScale() { return perColumnScale = false, *this; }
    MatMulCase &bFromInput() { return constB = false, *this; }
};

} // namespace

Q_DECLARE_METATYPE(ConvCase)
Q_DECLARE_METATYPE(MatMulCase)

namespace {

int32_t typeMin(DataType t)
{
    return t == DataType::Uint8 ? 0 : -128;
}
int32_t typeMax(DataType t)
{
    return t == DataType::Uint8 ? 255 : 127;
}

runtime::Tensor int8Tensor(DataType type, const Shape &shape, const std::vector<int32_t> &values)
{
    if (type == DataType::Uint8)
        return runtime::Tensor::fromVector<uint8_t>(
            type, shape, std::vector<uint8_t>(values.begin(), values.end()));
    return runtime::Tensor::fromVector<int8_t>(type, shape,
                                               std::vector<int8_t>(values.begin(), values.end()));
}

runtime::Tensor floatTensor(const Shape &shape, const std::vector<float> &values)
{
    return runtime::Tensor::fromVector<float>(DataType::Float, shape, values);
}

// Activations: uniform over the type, or near the extreme that makes sums largest.
std::vector<int32_t> activations(DataType type, int64_t count, bool large, std::mt19937 &rng)
{
    std::vector<int32_t> v(static_cast<size_t>(count));
    std::uniform_int_distribution<int32_t> any(typeMin(type), typeMax(type)), near(0, 2);
    for (int32_t &x : v)
        x = !large ? any(rng) : type == DataType::Uint8 ? 255 - near(rng) : -128 + near(rng);
    return v;
}

struct DrawnWeights
{
    DataType type = DataType::Int8;
    std::vector<int32_t> values;
    std::vector<int32_t> zp; // one, or one per channel
};

// `count` weights in `channels` channels; channel of element i is channelOf(i).
template <typename ChannelOf>
DrawnWeights drawWeights(Weights mode, int64_t count, int64_t channels, ChannelOf channelOf,
                         std::mt19937 &rng)
{
    DrawnWeights w;
    w.values.resize(size_t(count));
    auto uniform = [&](int32_t lo, int32_t hi) {
        return std::uniform_int_distribution<int32_t>(lo, hi)(rng);
    };
    switch (mode) {
    case Weights::Symmetric:
        w.zp = {0};
        for (int32_t &v : w.values)
            v = uniform(-127, 127);
        break;
    case Weights::PerChannelZp:
    case Weights::PerChannelUnfit: {
        const bool fits = mode == Weights::PerChannelZp;
        for (int64_t c = 0; c < channels; ++c)
            w.zp.push_back(uniform(-10, 10));
        for (int32_t &v : w.values)
            v = fits ? uniform(-100, 100) : uniform(-128, 127);
        if (!fits) {
            w.zp[size_t(channelOf(0))] = 5;
            w.values[0] = -128; // −128 − 5 has no int8 form
        }
        break;
    }
    case Weights::Uint8Zp128:
    case Weights::Uint8Zp0:
        w.type = DataType::Uint8;
        w.zp = {mode == Weights::Uint8Zp128 ? 128 : 0};
        for (int32_t &v : w.values)
            v = uniform(0, 255);
        w.values[0] = 255;
        break;
    case Weights::Large:
        w.zp = {0};
        for (int32_t &v : w.values)
            v = 127 - uniform(0, 2);
        break;
    }
    return w;
}

int32_t zpOf(const DrawnWeights &w, int64_t channel)
{
    return w.zp.size() == 1 ? w.zp[0] : w.zp[size_t(channel)];
}

// saturate(round_half_even((acc + bias) · scale) + zp), the ONNX formula in float64.
int64_t requantized(int64_t acc, double scale, int32_t zp, DataType type)
{
    const double v = std::nearbyint(double(acc) * scale) + zp;
    return int64_t(std::clamp(v, double(typeMin(type)), double(typeMax(type))));
}

// Compares integer outputs exactly; reports the first difference.
void compareExactly(const runtime::Tensor &got, const std::vector<int64_t> &want,
                    const Shape &shape)
{
    QCOMPARE(got.shape(), shape);
    const std::vector<int64_t> g = got.toInt64s();
    QCOMPARE(g.size(), want.size());
    int64_t differing = 0;
    size_t first = 0;
    for (size_t i = 0; i < g.size(); ++i)
        if (g[i] != want[i] && differing++ == 0)
            first = i;
    QVERIFY2(differing == 0,
             qPrintable(QStringLiteral("%1 of %2 values differ; first at %3: %4, expected %5")
                            .arg(differing)
                            .arg(g.size())
                            .arg(first)
                            .arg(g[first])
                            .arg(want[first])));
}

ValueType symbolicBatch(DataType type, const Shape &shape)
{
    ValueType t = ValueType::tensor(type, shape);
    t.dims[0] = Dim();
    t.dims[0].param = "N";
    return t;
}

// ---------------------------------------------------------------------------------------------

struct ConvModel
{
    ModelPtr model;
    DrawnWeights w;
    float xScale = 0, yScale = 0;
    std::vector<float> wScale;
    std::vector<int32_t> bias;
    DataType yType = DataType::Uint8;
    int32_t yZp = 0;
    Shape wShape;
};

std::vector<int64_t> convOutputDims(const ConvCase &c, const Shape &xShape)
{
    std::vector<int64_t> out;
    for (size_t s = 2; s < xShape.size(); ++s)
        out.push_back((xShape[s] + 2 * c.pad - c.dilation * (c.kernel - 1) - 1) / c.stride + 1);
    return out;
}

// int64 sums of the convolution, [N, M, spatial…].
std::vector<int64_t> referenceConvSums(const ConvCase &c, const Shape &xShape,
                                       const std::vector<int32_t> &x, const ConvModel &m)
{
    const int64_t N = xShape[0], C = xShape[1], M = c.m, Cg = C / c.group, Mg = M / c.group;
    const std::vector<int64_t> out = convOutputDims(c, xShape);
    const bool oneD = xShape.size() == 3;
    const int64_t H = oneD ? 1 : xShape[2], W = xShape.back();
    const int64_t OH = oneD ? 1 : out[0], OW = out.back(), KH = oneD ? 1 : c.kernel, KW = c.kernel;
    const int64_t padH = oneD ? 0 : c.pad;
    std::vector<int64_t> acc(size_t(N * M * OH * OW), 0);
    for (int64_t n = 0; n < N; ++n)
        for (int64_t oc = 0; oc < M; ++oc) {
            const int64_t g = oc / Mg;
            const int32_t wzp = c.zeroPoints ? zpOf(m.w, oc) : 0;
            for (int64_t oy = 0; oy < OH; ++oy)
                for (int64_t ox = 0; ox < OW; ++ox) {
                    int64_t sum = 0;
                    for (int64_t ic = 0; ic < Cg; ++ic)
                        for (int64_t ky = 0; ky < KH; ++ky)
                            for (int64_t kx = 0; kx < KW; ++kx) {
                                const int64_t iy = oy * c.stride - padH + ky * c.dilation;
                                const int64_t ix = ox * c.stride - c.pad + kx * c.dilation;
                                if (iy < 0 || iy >= H || ix < 0 || ix >= W)
                                    continue; // padding is the zero point: contributes 0
                                const int64_t xv =
                                    x[size_t(((n * C + g * Cg + ic) * H + iy) * W + ix)];
                                const int64_t wv =
                                    m.w.values[size_t(((oc * Cg + ic) * KH + ky) * KW + kx)];
                                sum += (xv - (c.zeroPoints ? c.xZp : 0)) * (wv - wzp);
                            }
                    acc[size_t(((n * M + oc) * OH + oy) * OW + ox)] = sum;
                }
        }
    return acc;
}

ConvModel buildConv(const ConvCase &c)
{
    std::mt19937 rng(c.seed);
    ConvModel m;
    const int64_t C = c.xShape[1], Cg = C / c.group;
    m.wShape = {c.m, Cg};
    for (size_t s = 2; s < c.xShape.size(); ++s)
        m.wShape.push_back(c.kernel);
    const int64_t perChannel = elementCount(m.wShape) / c.m;
    m.w = drawWeights(
        c.weights, elementCount(m.wShape), c.m, [&](int64_t i) { return i / perChannel; }, rng);
    // Power-of-two scales in half the cases: sums times the scale then land exactly on .5
    // often, so round-half-even is exercised.
    const bool ties = c.seed % 2 == 0;
    m.xScale = ties ? 0.5f : 0.0173f;
    for (int64_t oc = 0; oc < (c.perChannelScale ? c.m : 1); ++oc)
        m.wScale.push_back(ties ? std::ldexp(1.0f, -int(oc % 3))
                                : 0.002f + 0.0007f * float(oc % 7));
    m.yType = c.xType;
    m.yZp = c.xType == DataType::Uint8 ? 9 : -3;
    if (c.bias) {
        std::uniform_int_distribution<int32_t> d(-3000, 3000);
        for (int64_t oc = 0; oc < c.m; ++oc)
            m.bias.push_back(d(rng));
    }
    // y_scale so that typical outputs land inside the output range (a few saturate): a random
    // sum is about √K · 74 · 73 (uniform 8-bit values), a Large one K · 255 · 127.
    const double typical = c.weights == Weights::Large ? double(perChannel) * 255 * 127
                                                       : std::sqrt(double(perChannel)) * 5400;
    m.yScale = ties ? std::ldexp(1.0f, int(std::lround(std::log2(0.5 * typical / 60))))
                    : float(typical * m.xScale * m.wScale[0] / 60);

    GraphBuilder b;
    b.input("x", symbolicBatch(c.xType, c.xShape));
    const int64_t channels = int64_t(m.w.zp.size());
    const std::string wName = c.constWeights ? "w" : "w_in";
    if (c.constWeights)
        b.initializer(toGraphTensor(int8Tensor(m.w.type, m.wShape, m.w.values), "w"));
    else
        b.input("w_in", m.w.type, m.wShape);
    std::vector<std::string> inputs;
    if (c.qlinear) {
        b.initializer(toGraphTensor(floatTensor({}, {m.xScale}), "x_scale"));
        b.initializer(toGraphTensor(int8Tensor(c.xType, {}, {c.xZp}), "x_zp"));
        b.initializer(toGraphTensor(floatTensor({int64_t(m.wScale.size())}, m.wScale), "w_scale"));
        b.initializer(toGraphTensor(
            int8Tensor(m.w.type, channels == 1 ? Shape{} : Shape{channels}, m.w.zp), "w_zp"));
        b.initializer(toGraphTensor(floatTensor({}, {m.yScale}), "y_scale"));
        b.initializer(toGraphTensor(int8Tensor(m.yType, {}, {m.yZp}), "y_zp"));
        inputs = {"x", "x_scale", "x_zp", wName, "w_scale", "w_zp", "y_scale", "y_zp"};
        if (c.bias) {
            b.initializer(toGraphTensor(
                runtime::Tensor::fromVector<int32_t>(DataType::Int32, {c.m}, m.bias), "bias"));
            inputs.push_back("bias");
        }
    } else {
        inputs = {"x", wName};
        if (c.zeroPoints) {
            b.initializer(toGraphTensor(int8Tensor(c.xType, {}, {c.xZp}), "x_zp"));
            b.initializer(toGraphTensor(
                int8Tensor(m.w.type, channels == 1 ? Shape{} : Shape{channels}, m.w.zp), "w_zp"));
            inputs.push_back("x_zp");
            inputs.push_back("w_zp");
        }
    }
    const int spatial = int(c.xShape.size()) - 2;
    b.node(c.qlinear ? "QLinearConv" : "ConvInteger", inputs, {"y"}, "conv")
        .i("group", c.group)
        .ints("strides", std::vector<int64_t>(size_t(spatial), c.stride))
        .ints("pads", std::vector<int64_t>(size_t(2 * spatial), c.pad))
        .ints("dilations", std::vector<int64_t>(size_t(spatial), c.dilation));
    b.output("y");
    m.model = std::make_shared<const Model>(b.build());
    return m;
}

// ---------------------------------------------------------------------------------------------

struct MatMulModel
{
    ModelPtr model;
    DrawnWeights b;
    std::vector<int32_t> aZp; // one, or one per row
    float aScale = 0, yScale = 0;
    std::vector<float> bScale;
    DataType yType = DataType::Uint8;
    int32_t yZp = 0;
};

MatMulModel buildMatMul(const MatMulCase &c)
{
    std::mt19937 rng(c.seed);
    MatMulModel m;
    const int64_t K = c.bShape[c.bShape.size() - 2], N = c.bShape.back(),
                  M = c.aShape[c.aShape.size() - 2];
    m.b = drawWeights(
        c.weights, elementCount(c.bShape), N, [&](int64_t i) { return i % N; }, rng);
    m.aZp = {c.aZp};
    if (c.perRowAZp)
        for (int64_t r = 1; r < M; ++r)
            m.aZp.push_back(c.aZp + int32_t(r % 5) - 2);
    const bool ties = c.seed % 2 == 0;
    m.aScale = ties ? 0.25f : 0.021f;
    for (int64_t n = 0; n < (c.perColumnScale ? N : 1); ++n)
        m.bScale.push_back(ties ? std::ldexp(1.0f, -int(n % 4)) : 0.003f + 0.0005f * float(n % 5));
    m.yType = c.aType;
    m.yZp = c.aType == DataType::Uint8 ? 120 : 4;
    const double typical =
        c.weights == Weights::Large ? double(K) * 255 * 127 : std::sqrt(double(K)) * 5400;
    m.yScale = ties ? std::ldexp(1.0f, int(std::lround(std::log2(0.25 * typical / 60))))
                    : float(typical * m.aScale * m.bScale[0] / 60);

    GraphBuilder g;
    g.input("a", c.aType, c.aShape);
    const std::string bName = c.constB ? "b" : "b_in";
    if (c.constB)
        g.initializer(toGraphTensor(int8Tensor(m.b.type, c.bShape, m.b.values), "b"));
    else
        g.input("b_in", m.b.type, c.bShape);
    const int64_t columns = int64_t(m.b.zp.size());
    const Shape bZpShape = columns == 1 ? Shape{} : Shape{columns};
    const Shape aZpShape = m.aZp.size() == 1 ? Shape{} : Shape{int64_t(m.aZp.size())};
    g.initializer(toGraphTensor(int8Tensor(c.aType, aZpShape, m.aZp), "a_zp"));
    g.initializer(toGraphTensor(int8Tensor(m.b.type, bZpShape, m.b.zp), "b_zp"));
    if (c.qlinear) {
        g.initializer(toGraphTensor(floatTensor({}, {m.aScale}), "a_scale"));
        g.initializer(toGraphTensor(floatTensor({int64_t(m.bScale.size())}, m.bScale), "b_scale"));
        g.initializer(toGraphTensor(floatTensor({}, {m.yScale}), "y_scale"));
        g.initializer(toGraphTensor(int8Tensor(m.yType, {}, {m.yZp}), "y_zp"));
        g.node("QLinearMatMul",
               {"a", "a_scale", "a_zp", bName, "b_scale", "b_zp", "y_scale", "y_zp"}, {"y"},
               "matmul");
    } else {
        g.node("MatMulInteger", {"a", bName, "a_zp", "b_zp"}, {"y"}, "matmul");
    }
    g.output("y");
    m.model = std::make_shared<const Model>(g.build());
    return m;
}

// int64 sums of A · B with numpy broadcasting of the batch dimensions (B's batch is either
// absent or equal to A's here).
std::vector<int64_t> referenceMatMulSums(const MatMulCase &c, const std::vector<int32_t> &a,
                                         const MatMulModel &m, Shape &outShape)
{
    const int64_t M = c.aShape[c.aShape.size() - 2], K = c.aShape.back(), N = c.bShape.back();
    const int64_t batches = elementCount(c.aShape) / (M * K);
    const bool bBatched = c.bShape.size() > 2;
    outShape = Shape(c.aShape.begin(), c.aShape.end() - 1);
    outShape.push_back(N);
    std::vector<int64_t> acc(size_t(batches * M * N));
    for (int64_t bt = 0; bt < batches; ++bt)
        for (int64_t r = 0; r < M; ++r)
            for (int64_t n = 0; n < N; ++n) {
                int64_t sum = 0;
                const int32_t azp = m.aZp.size() == 1 ? m.aZp[0] : m.aZp[size_t(r)];
                for (int64_t k = 0; k < K; ++k)
                    sum += int64_t(a[size_t((bt * M + r) * K + k)] - azp) *
                           (m.b.values[size_t((bBatched ? bt * K * N : 0) + k * N + n)] -
                            zpOf(m.b, n));
                acc[size_t((bt * M + r) * N + n)] = sum;
            }
    return acc;
}

} // namespace

class TestRuntimeInteger : public QObject
{
    Q_OBJECT
private slots:
    void convMatchesExactReference_data();
    void convMatchesExactReference();
    void matMulMatchesExactReference_data();
    void matMulMatchesExactReference();
    void rejectsScaleOfWrongLength();
    void reportsQLinearConvSpeed();
};

void TestRuntimeInteger::convMatchesExactReference_data()
{
    QTest::addColumn<ConvCase>("c");
    unsigned seed = 0;
    auto row = [&seed](const char *name, ConvCase c) {
        c.seed = ++seed;
        QTest::newRow(name) << c;
    };
    using W = Weights;
    const DataType u8 = DataType::Uint8, s8 = DataType::Int8;
    auto qconv = [](DataType x, Shape shape, int64_t m) {
        return ConvCase::make(true, x, shape, m);
    };
    auto iconv = [](DataType x, Shape shape, int64_t m) {
        return ConvCase::make(false, x, shape, m);
    };
    // QLinearConv on oneDNN.
    row("qlinear u8 3x3 pad per-channel bias",
        qconv(u8, {1, 16, 12, 12}, 32).pads(1).xZeroPoint(7).withBias());
    row("qlinear s8 3x3 stride 2 bias",
        qconv(s8, {1, 16, 11, 11}, 24).strides(2).pads(1).xZeroPoint(-5).withBias());
    row("qlinear u8 depthwise",
        qconv(u8, {1, 32, 10, 10}, 32).groups(32).pads(1).xZeroPoint(128).withBias());
    row("qlinear s8 depthwise stride 2",
        qconv(s8, {1, 32, 9, 9}, 32).groups(32).strides(2).pads(1).xZeroPoint(3).withBias());
    row("qlinear u8 4 groups", qconv(u8, {1, 24, 8, 8}, 48).groups(4).pads(1).xZeroPoint(200));
    row("qlinear s8 odd group widths",
        qconv(s8, {1, 6, 7, 7}, 9).groups(3).strides(2).pads(1).withBias());
    row("qlinear u8 1x1", qconv(u8, {2, 64, 7, 7}, 128).kernelSize(1).perTensorScale());
    row("qlinear dilation 2",
        qconv(u8, {1, 16, 13, 13}, 16).pads(2).dilations(2).xZeroPoint(50).withBias());
    row("qlinear per-channel weight zp",
        qconv(u8, {1, 16, 9, 9}, 16).pads(1).xZeroPoint(30).with(W::PerChannelZp).withBias());
    row("qlinear u8 weights zp 128",
        qconv(u8, {1, 8, 9, 9}, 8).pads(1).xZeroPoint(10).with(W::Uint8Zp128).withBias());
    row("qlinear weights from an input", qconv(s8, {1, 16, 8, 8}, 16)
                                             .groups(2)
                                             .pads(1)
                                             .xZeroPoint(-20)
                                             .with(W::PerChannelZp)
                                             .withBias()
                                             .weightsFromInput());
    row("qlinear 1-D", qconv(u8, {1, 16, 20}, 8).strides(2).pads(1).xZeroPoint(100).withBias());
    row("qlinear sums past 2^24", qconv(u8, {1, 256, 6, 6}, 16).pads(1).with(W::Large).withBias());
    // QLinearConv falling back to the plain loops.
    row("qlinear per-channel weight zp leaving int8",
        qconv(s8, {1, 8, 7, 7}, 8).pads(1).xZeroPoint(4).with(W::PerChannelUnfit).withBias());
    row("qlinear u8 weights zp 0",
        qconv(u8, {1, 8, 7, 7}, 8).pads(1).xZeroPoint(4).with(W::Uint8Zp0).withBias());
    // ConvInteger (the last one falls back).
    row("integer without zero points", iconv(u8, {1, 8, 10, 10}, 16).pads(1).noZeroPoints());
    row("integer u8 weights zp 128",
        iconv(u8, {1, 8, 10, 10}, 16).strides(2).pads(1).xZeroPoint(100).with(W::Uint8Zp128));
    row("integer s8 depthwise", iconv(s8, {1, 16, 10, 10}, 16).groups(16).pads(1).xZeroPoint(-7));
    row("integer sums past 2^24", iconv(s8, {1, 512, 5, 5}, 16).pads(1).with(W::Large));
    row("integer sums past 2^24 with zp",
        iconv(u8, {1, 256, 5, 5}, 16).pads(1).xZeroPoint(2).with(W::Large));
    row("integer weights from an input",
        iconv(u8, {1, 8, 10, 10}, 8).pads(1).xZeroPoint(5).weightsFromInput());
    row("integer u8 weights zp 0",
        iconv(u8, {1, 8, 10, 10}, 8).pads(1).xZeroPoint(5).with(W::Uint8Zp0));
}

void TestRuntimeInteger::convMatchesExactReference()
{
    QFETCH(ConvCase, c);
    const ConvModel m = buildConv(c);
    auto session = InferenceSession::create(m.model);
    QVERIFY2(session, session ? "" : session.error().message().c_str());
    // Two batch sizes (two cached primitives), the first one twice with new data.
    std::mt19937 rng(c.seed * 7919u);
    for (const int64_t batch : {c.xShape[0], c.xShape[0] + 1, c.xShape[0]}) {
        Shape xShape = c.xShape;
        xShape[0] = batch;
        const std::vector<int32_t> x =
            activations(c.xType, elementCount(xShape), c.weights == Weights::Large, rng);
        NamedTensors feeds{{"x", int8Tensor(c.xType, xShape, x)}};
        if (!c.constWeights)
            feeds.emplace_back("w_in", int8Tensor(m.w.type, m.wShape, m.w.values));
        auto r = (*session)->run(feeds);
        QVERIFY2(r, r ? "" : r.error().message().c_str());

        std::vector<int64_t> want = referenceConvSums(c, xShape, x, m);
        Shape outShape{batch, c.m};
        for (int64_t d : convOutputDims(c, xShape))
            outShape.push_back(d);
        if (c.weights == Weights::Large) {
            const int64_t largest =
                std::abs(*std::max_element(want.begin(), want.end(), [](int64_t a, int64_t b) {
                    return std::abs(a) < std::abs(b);
                }));
            QVERIFY2(largest > (int64_t(1) << 24),
                     "the case should reach sums past float32's exact range");
        }
        if (c.qlinear) {
            const int64_t inner = elementCount(outShape) / (batch * c.m);
            for (size_t i = 0; i < want.size(); ++i) {
                const size_t oc = size_t((int64_t(i) / inner) % c.m);
                const double scale = double(m.xScale) *
                                     double(m.wScale[m.wScale.size() == 1 ? 0 : oc]) /
                                     double(m.yScale);
                want[i] = requantized(want[i] + (c.bias ? m.bias[oc] : 0), scale, m.yZp, m.yType);
            }
        }
        compareExactly(r->outputs[0].second, want, outShape);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(r->outputs[0].second.dataType(), c.qlinear ? m.yType : DataType::Int32);
    }
}

void TestRuntimeInteger::matMulMatchesExactReference_data()
{
    QTest::addColumn<MatMulCase>("c");
    unsigned seed = 0;
    auto row = [&seed](const char *name, MatMulCase c) {
        c.seed = ++seed;
        QTest::newRow(name) << c;
    };
    using W = Weights;
    const DataType u8 = DataType::Uint8, s8 = DataType::Int8;
    auto qmm = [](DataType a, Shape as, Shape bs) { return MatMulCase::make(true, a, as, bs); };
    auto imm = [](DataType a, Shape as, Shape bs) { return MatMulCase::make(false, a, as, bs); };
    // QLinearMatMul (the last one falls back).
    row("qlinear u8 batch 2x3", qmm(u8, {2, 3, 5, 40}, {40, 24}).aZeroPoint(11));
    row("qlinear s8 per-column", qmm(s8, {4, 17, 64}, {64, 33}).aZeroPoint(-9));
    row("qlinear u8 B zp 128",
        qmm(u8, {7, 32}, {32, 16}).aZeroPoint(128).with(W::Uint8Zp128).perTensorScale());
    row("qlinear per-column B zp",
        qmm(u8, {2, 8, 48}, {48, 20}).aZeroPoint(3).with(W::PerChannelZp));
    row("qlinear single row", qmm(s8, {1, 64}, {64, 10}));
    row("qlinear B from an input", qmm(u8, {3, 6, 16}, {16, 12}).aZeroPoint(77).bFromInput());
    row("qlinear sums past 2^24", qmm(u8, {4, 2048}, {2048, 8}).with(W::Large));
    row("qlinear B zp leaving int8",
        qmm(u8, {2, 5, 16}, {16, 6}).aZeroPoint(3).with(W::PerChannelUnfit));
    // MatMulInteger (the last three fall back).
    row("integer u8 batch", imm(u8, {2, 4, 9, 30}, {30, 14}).aZeroPoint(5));
    row("integer s8 A, u8 B zp 128", imm(s8, {6, 50}, {50, 7}).aZeroPoint(-1).with(W::Uint8Zp128));
    row("integer sums past 2^24", imm(s8, {3, 4096}, {4096, 5}).with(W::Large));
    row("integer sums past 2^24 with zp",
        imm(u8, {3, 2048}, {2048, 5}).aZeroPoint(3).with(W::Large));
    row("integer per-row A zp", imm(u8, {6, 20}, {20, 4}).aZeroPoint(9).aZeroPointPerRow());
    row("integer batched B", imm(u8, {3, 4, 10}, {3, 10, 6}).aZeroPoint(2));
    row("integer u8 B zp 0", imm(u8, {4, 10}, {10, 6}).aZeroPoint(2).with(W::Uint8Zp0));
}

void TestRuntimeInteger::matMulMatchesExactReference()
{
    QFETCH(MatMulCase, c);
    const MatMulModel m = buildMatMul(c);
    auto session = InferenceSession::create(m.model);
    QVERIFY2(session, session ? "" : session.error().message().c_str());
    std::mt19937 rng(c.seed * 104729u);
    for (int repeat = 0; repeat < 2; ++repeat) {
        const std::vector<int32_t> a =
            activations(c.aType, elementCount(c.aShape), c.weights == Weights::Large, rng);
        NamedTensors feeds{{"a", int8Tensor(c.aType, c.aShape, a)}};
        if (!c.constB)
            feeds.emplace_back("b_in", int8Tensor(m.b.type, c.bShape, m.b.values));
        auto r = (*session)->run(feeds);
        QVERIFY2(r, r ? "" : r.error().message().c_str());
        Shape outShape;
        std::vector<int64_t> want = referenceMatMulSums(c, a, m, outShape);
        if (c.weights == Weights::Large) {
            int64_t largest = 0;
            for (int64_t v : want)
                largest = std::max(largest, std::abs(v));
            QVERIFY2(largest > (int64_t(1) << 24),
                     "the case should reach sums past float32's exact range");
        }
        if (c.qlinear) {
            const int64_t N = c.bShape.back();
            for (size_t i = 0; i < want.size(); ++i) {
                const size_t n = size_t(int64_t(i) % N);
                const double scale = double(m.aScale) *
                                     double(m.bScale[m.bScale.size() == 1 ? 0 : n]) /
                                     double(m.yScale);
                want[i] = requantized(want[i], scale, m.yZp, m.yType);
            }
        }
        compareExactly(r->outputs[0].second, want, outShape);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(r->outputs[0].second.dataType(), c.qlinear ? m.yType : DataType::Int32);
    }
}

void TestRuntimeInteger::rejectsScaleOfWrongLength()
{
    GraphBuilder b;
    b.input("x", DataType::Uint8, {1, 4, 5, 5});
    b.initializer(
        toGraphTensor(int8Tensor(DataType::Int8, {8, 4, 3, 3}, std::vector<int32_t>(288, 1)), "w"));
    b.initializer(toGraphTensor(floatTensor({}, {0.1f}), "x_scale"));
    b.initializer(toGraphTensor(int8Tensor(DataType::Uint8, {}, {0}), "x_zp"));
    b.initializer(toGraphTensor(floatTensor({3}, {0.1f, 0.2f, 0.3f}), "w_scale"));
    b.initializer(toGraphTensor(int8Tensor(DataType::Int8, {}, {0}), "w_zp"));
    b.initializer(toGraphTensor(floatTensor({}, {0.5f}), "y_scale"));
    b.initializer(toGraphTensor(int8Tensor(DataType::Uint8, {}, {0}), "y_zp"));
    b.node("QLinearConv", {"x", "x_scale", "x_zp", "w", "w_scale", "w_zp", "y_scale", "y_zp"},
           {"y"}, "conv1");
    b.output("y");
    auto session = InferenceSession::create(std::make_shared<const Model>(b.build()));
    QVERIFY2(session, session ? "" : session.error().message().c_str());
    auto r = (*session)->run({{"x", runtime::Tensor::zeros(DataType::Uint8, {1, 4, 5, 5})}});
    QVERIFY(!r);
    const QString message = QString::fromStdString(r.error().message());
    QVERIFY2(message.contains(QStringLiteral("conv1")) &&
                 message.contains(QStringLiteral("'w_scale'")) &&
                 message.contains(QStringLiteral("1 or 8 elements")),
             qPrintable(message));
}

// A ResNet-sized QLinearConv layer, timed and printed (not asserted: the machine is shared).
// Under ONEDNN_MAX_CPU_ISA=AVX512_CORE (the suite's second CTest run) it times the plain loop.
void TestRuntimeInteger::reportsQLinearConvSpeed()
{
    const ConvCase c =
        ConvCase::make(true, DataType::Uint8, {1, 64, 56, 56}, 64).pads(1).xZeroPoint(3).withBias();
    const ConvModel m = buildConv(c);
    auto session = InferenceSession::create(m.model);
    QVERIFY2(session, session ? "" : session.error().message().c_str());
    std::mt19937 rng(5);
    const NamedTensors feeds{
        {"x",
         int8Tensor(c.xType, c.xShape, activations(c.xType, elementCount(c.xShape), false, rng))}};
    QVERIFY((*session)->run(feeds)); // builds and packs
    double best = INFINITY;
    for (int i = 0; i < 5; ++i) {
        const auto start = std::chrono::steady_clock::now();
        QVERIFY((*session)->run(feeds));
        best = std::min(best, std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - start)
                                  .count());
    }
    qInfo("QLinearConv u8 1x64x56x56 -> 64, 3x3, pad 1: best of 5 runs %.2f ms", best);
}

QTEST_GUILESS_MAIN(TestRuntimeInteger)
#include "tst_runtime_integer.moc"
