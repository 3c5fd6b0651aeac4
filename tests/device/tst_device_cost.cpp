// The roofline cost model against hand-computed values: compute at peak × efficiency against
// bytes / bandwidth (weights, and activations only when they do not fit on chip), fixed costs
// per node, segment and inference, weights streamed past the on-chip cache, host-link
// transfers, energy and average power at a rate.
//
// The fixture profile (device_fixtures.h): int8 peak 1e12 ops/s; efficiency conv 0.5,
// depthwise 0.25, dense 0.4, elementwise 0.1; memory 1e10 B/s; link 1e8 B/s + 0.1 ms;
// 1e6 B on chip; overheads 1 ms per inference, 0.2 ms per segment, 10 µs per node; 2 W active,
// 0.5 W idle;
// host 1e10 ops/s × 0.5, 1e9 B/s, 20 µs per node, 10 W.

#include "core/device/analysis.h"
#include "tests/device/device_fixtures.h"

#include <QTest>

using namespace silica;
using namespace silica::device;

namespace {

Estimate estimateOf(const Model &m, const DeviceProfile &p)
{
    const Partition part =
        partitionFromSupport(m, analyzeSupportFromProfile(m, p, {}), p, p.multipleSegments);
    return rooflineEstimate(m, part, p);
}

// x [1,16,32,32] → Conv 3×3 pad 1 (w [32,16,3,3], bias [32]) → y [1,32,32,32].
Model convLayer()
{
    GraphBuilder b;
    b.input("x", DataType::Float, {1, 16, 32, 32});
    b.initializer("w", {32, 16, 3, 3}, std::vector<float>(32 * 16 * 9, 0.01f));
    b.initializer("b", {32}, std::vector<float>(32, 0.1f));
    b.node("Conv", {"x", "w", "b"}, {"y"}, "/conv").ints("pads", {1, 1, 1, 1});
    b.output("y", DataType::Float, {1, 32, 32, 32});
    return b.build();
}

// statistics.cpp: 2 FLOPs per MAC plus one bias add per output element.
constexpr double kConvMacs = 32.0 * 32 * 32 * (16 * 9);
constexpr double kConvFlops = 2 * kConvMacs + 32.0 * 32 * 32;
constexpr double kConvWeightBytes = 32 * 16 * 9 + 32; // int8: one byte per parameter
constexpr double kConvActivationBytes = 16.0 * 32 * 32 + 32.0 * 32 * 32;

} // namespace

class TestDeviceCost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void costsAConvLayer_data()
    {
        QTest::addColumn<double>("bandwidth");
        QTest::addColumn<double>("onChip");
        QTest::addColumn<double>("perNode");
        QTest::addColumn<int>("bound");
        // The layer's 49,152 activation bytes stay on chip in 1e6 bytes, not in 1e4.
        QTest::newRow("compute bound, activations on chip")
            << 1e9 << 1e6 << 1e-5 << int(Bound::Compute);
        QTest::newRow("compute bound, activations spill")
            << 1e10 << 1e4 << 1e-5 << int(Bound::Compute);
        QTest::newRow("memory bound, activations spill")
            << 1e9 << 1e4 << 1e-5 << int(Bound::Memory);
        QTest::newRow("overhead bound") << 1e10 << 1e6 << 1e-4 << int(Bound::Overhead);
    }
    void costsAConvLayer()
    {
        QFETCH(double, bandwidth);
        QFETCH(double, onChip);
        QFETCH(double, perNode);
        QFETCH(int, bound);
        DeviceProfile p = test::profileWithOps(R"({"Conv": {}})");
        p.memoryBandwidth.value = bandwidth;
        p.onChipBytes.value = onChip;
        p.perNode.value = perNode;
        const Model m = convLayer();
        const Estimate e = estimateOf(m, p);
        QCOMPARE(e.deviceId, std::string("test-npu"));
        QVERIFY(!e.measured);
        const NodeCost *c = e.forNode(test::idOf(m, "/conv"));
        QVERIFY(c);
        QCOMPARE(c->placement, Placement::Accelerator);
        QCOMPARE(kConvFlops, 9469952.0);
        QCOMPARE(c->ops, kConvFlops);
        QCOMPARE(c->weightBytes, uint64_t(kConvWeightBytes));
        QCOMPARE(c->activationBytes, uint64_t(kConvActivationBytes));
        QCOMPARE(c->streamedWeightBytes, uint64_t(0));
        const double computeMs = kConvFlops / (1e12 * 0.5) * 1e3;
        const double activationTraffic = kConvActivationBytes > onChip ? kConvActivationBytes : 0;
        const double memoryMs = (activationTraffic + kConvWeightBytes) / bandwidth * 1e3;
        QCOMPARE(c->computeMs, computeMs);
        QCOMPARE(c->memoryMs, memoryMs);
        QCOMPARE(c->overheadMs, perNode * 1e3);
        QCOMPARE(c->ms, std::max(computeMs, memoryMs) + perNode * 1e3);
        QCOMPARE(int(c->bound), bound);
        QCOMPARE(c->energyMj, c->ms * 2);
        QCOMPARE(c->memoryFit, (kConvActivationBytes + kConvWeightBytes) / onChip);
        QCOMPARE(e.acceleratorMs, c->ms);
        QCOMPARE(e.cpuMs, 0.0);
        QCOMPARE(e.acceleratorOpShare, 1.0);
    }

    void addsOverheadsAndTransfersPerInference()
    {
        const DeviceProfile p = test::profileWithOps(R"({"Conv": {}})");
        const Model m = convLayer();
        const Estimate e = estimateOf(m, p);
        const NodeCost *c = e.forNode(test::idOf(m, "/conv"));
        // x in and y out over the link, int8: one byte per element, plus the latency each.
        const double inMs = (16.0 * 32 * 32 / 1e8 + 1e-4) * 1e3;
        const double outMs = (32.0 * 32 * 32 / 1e8 + 1e-4) * 1e3;
        QCOMPARE(e.segments.size(), size_t(1));
        const SegmentCost &s = e.segments[0];
        QVERIFY(s.accelerator);
        QCOMPARE(s.startMs, 1.0); // after the per-inference overhead
        QCOMPARE(s.transferMs, inMs + outMs);
        QCOMPARE(s.transferBytes, uint64_t(16 * 32 * 32 + 32 * 32 * 32));
        QCOMPARE(s.overheadMs, 0.2);
        QCOMPARE(s.computeMs, c->ms);
        QCOMPARE(e.transferMs, inMs + outMs);
        QCOMPARE(e.overheadMs, 1.0 + 0.2);
        QCOMPARE(e.totalMs, 1.0 + inMs + outMs + 0.2 + c->ms);
        QCOMPARE(e.energyMj, c->ms * 2 + (inMs + outMs + 1.2) * 2);
        QCOMPARE(e.notes, std::vector<std::string>{
                              "Estimate from device profile 'test-npu' (fixture.json): roofline "
                              "of published figures, not a measurement."});
    }

    void costsHostOpsWithTheHostFigures()
    {
        const DeviceProfile p = test::profileWithOps("{}");
        const Model m = convLayer();
        const Estimate e = estimateOf(m, p);
        const NodeCost *c = e.forNode(test::idOf(m, "/conv"));
        QCOMPARE(c->placement, Placement::Cpu);
        const double computeMs = kConvFlops / (1e10 * 0.5) * 1e3;
        QCOMPARE(c->computeMs, computeMs);
        QCOMPARE(c->memoryMs, (kConvActivationBytes + kConvWeightBytes) / 1e9 * 1e3);
        QCOMPARE(c->overheadMs, 2e-5 * 1e3);
        QCOMPARE(c->ms, computeMs + 0.02);
        QCOMPARE(c->bound, Bound::Compute);
        QCOMPARE(c->energyMj, c->ms * 10);
        // No device segment: no per-inference overhead and nothing crosses.
        QCOMPARE(e.totalMs, c->ms);
        QCOMPARE(e.cpuMs, c->ms);
        QCOMPARE(e.acceleratorMs, 0.0);
        QCOMPARE(e.transferMs, 0.0);
        QCOMPARE(e.overheadMs, 0.0);
        QCOMPARE(e.acceleratorOpShare, 0.0);
        QCOMPARE(e.energyMj, c->ms * 10);
    }

    void usesTheEfficiencyOfTheOpClass_data()
    {
        QTest::addColumn<QByteArray>("op");
        QTest::addColumn<double>("flops");
        QTest::addColumn<double>("efficiency");
        QTest::newRow("depthwise") << QByteArray("depthwise") << 2.0 * 16 * 32 * 32 * 9 << 0.25;
        QTest::newRow("dense") << QByteArray("dense") << 2.0 * 10 * 256 + 10 << 0.4;
    }
    void usesTheEfficiencyOfTheOpClass()
    {
        QFETCH(QByteArray, op);
        QFETCH(double, flops);
        QFETCH(double, efficiency);
        GraphBuilder b;
        if (op == "depthwise") {
            b.input("x", DataType::Float, {1, 16, 32, 32});
            b.initializer("w", {16, 1, 3, 3}, std::vector<float>(144, 0.1f));
            b.node("Conv", {"x", "w"}, {"y"}, "/op").ints("pads", {1, 1, 1, 1}).i("group", 16);
            b.output("y", DataType::Float, {1, 16, 32, 32});
        } else {
            b.input("x", DataType::Float, {1, 256});
            b.initializer("w", {10, 256}, std::vector<float>(2560, 0.1f));
            b.initializer("b", {10}, std::vector<float>(10, 0.1f));
            b.node("Gemm", {"x", "w", "b"}, {"y"}, "/op").i("transB", 1);
            b.output("y", DataType::Float, {1, 10});
        }
        const Model m = b.build();
        DeviceProfile p = test::profileWithOps(R"({"Conv": {}, "Gemm": {}})");
        p.perNode.value = 0;
        const NodeCost *c = estimateOf(m, p).forNode(test::idOf(m, "/op"));
        QCOMPARE(c->ops, flops);
        QCOMPARE(c->computeMs, flops / (1e12 * efficiency) * 1e3);
    }

    void streamsWeightsBeyondTheOnChipCache()
    {
        // Three 16→16 3×3 convolutions of 2304 int8 weight bytes each and a 5000-byte cache:
        // the first two are cached, the third is streamed from the host on every inference.
        DeviceProfile p = test::profileWithOps(
            R"({"Conv": {}})", {{QStringLiteral("memory.weights_stream_from_host"), true},
                                {QStringLiteral("memory.stream_bandwidth"), test::figureJson(1e7)},
                                {QStringLiteral("memory.on_chip_bytes"), test::figureJson(5000)}});
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 16, 8, 8});
        b.initializer("w", {16, 16, 3, 3}, std::vector<float>(2304, 0.01f));
        b.node("Conv", {"x", "w"}, {"c1"}, "/conv1").ints("pads", {1, 1, 1, 1});
        b.node("Conv", {"c1", "w"}, {"c2"}, "/conv2").ints("pads", {1, 1, 1, 1});
        b.node("Conv", {"c2", "w"}, {"y"}, "/conv3").ints("pads", {1, 1, 1, 1});
        b.output("y", DataType::Float, {1, 16, 8, 8});
        const Model m = test::declare(b.build(), {{"c1", DataType::Float, {1, 16, 8, 8}},
                                                  {"c2", DataType::Float, {1, 16, 8, 8}}});
        const Estimate e = estimateOf(m, p);
        // 1024 activation elements in and 1024 out: 2048 bytes, on chip.
        const double computeMs = 2.0 * 1024 * 144 / (1e12 * 0.5) * 1e3;
        for (const char *name : {"/conv1", "/conv2"}) {
            const NodeCost *c = e.forNode(test::idOf(m, name));
            QCOMPARE(c->weightBytes, uint64_t(2304));
            QCOMPARE(c->streamedWeightBytes, uint64_t(0));
            QCOMPARE(c->memoryMs, 0.0); // cached weights and on-chip activations cost no traffic
            QCOMPARE(c->bound, Bound::Overhead);
        }
        const NodeCost *third = e.forNode(test::idOf(m, "/conv3"));
        QCOMPARE(third->streamedWeightBytes, uint64_t(2304));
        QCOMPARE(third->memoryMs, 2304 / 1e7 * 1e3);
        QCOMPARE(third->ms, third->memoryMs + 0.01);
        QCOMPARE(third->bound, Bound::Memory);
        QCOMPARE(third->computeMs, computeMs);
        QCOMPARE(e.onChipWeightBytes, uint64_t(4608));
        QCOMPARE(e.streamedWeightBytes, uint64_t(2304));

        // Without streaming, weights are read from device memory.
        p.weightsStreamFromHost = false;
        const NodeCost *plain = estimateOf(m, p).forNode(test::idOf(m, "/conv3"));
        QCOMPARE(plain->streamedWeightBytes, uint64_t(0));
        QCOMPARE(plain->memoryMs, 2304 / 1e10 * 1e3);
    }

    void countsTheWeightsOfAQdqConv()
    {
        // x → Q → DQ → Conv(DQ(int8 w [8,4,3,3]), bias) → Q → DQ → y: the Conv's parameters
        // are the int8 weights behind their DequantizeLinear, one byte each.
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4, 8, 8});
        b.initializer("s", {}, {0.05f});
        b.initializer(test::zeroTensor("zp", DataType::Uint8, {}));
        b.initializer(test::zeroTensor("wq", DataType::Int8, {8, 4, 3, 3}));
        b.initializer("ws", {}, {0.01f});
        b.initializer(test::zeroTensor("wzp", DataType::Int8, {}));
        b.initializer("bias", {8}, std::vector<float>(8, 0.1f));
        b.node("QuantizeLinear", {"x", "s", "zp"}, {"xq"}, "/q_in");
        b.node("DequantizeLinear", {"xq", "s", "zp"}, {"xd"}, "/dq_in");
        b.node("DequantizeLinear", {"wq", "ws", "wzp"}, {"wd"}, "/dq_w");
        b.node("Conv", {"xd", "wd", "bias"}, {"c"}, "/conv").ints("pads", {1, 1, 1, 1});
        b.node("QuantizeLinear", {"c", "s", "zp"}, {"cq"}, "/q_out");
        b.node("DequantizeLinear", {"cq", "s", "zp"}, {"y"}, "/dq_out");
        b.output("y", DataType::Float, {1, 8, 8, 8});
        const Model m = test::declare(b.build(), {{"xq", DataType::Uint8, {1, 4, 8, 8}},
                                                  {"xd", DataType::Float, {1, 4, 8, 8}},
                                                  {"wd", DataType::Float, {8, 4, 3, 3}},
                                                  {"c", DataType::Float, {1, 8, 8, 8}},
                                                  {"cq", DataType::Uint8, {1, 8, 8, 8}}});
        DeviceProfile p =
            test::profileWithOps(R"({"Conv": {}, "QuantizeLinear": {}, "DequantizeLinear": {}})");
        p.perNode.value = 0;
        const Estimate e = estimateOf(m, p);
        const NodeCost *conv = e.forNode(test::idOf(m, "/conv"));
        QCOMPARE(conv->placement, Placement::Accelerator);
        QCOMPARE(conv->ops, 2.0 * 8 * 8 * 8 * 36 + 8 * 8 * 8);
        QCOMPARE(conv->weightBytes, uint64_t(8 * 4 * 9 + 8));
        QCOMPARE(conv->activationBytes, uint64_t(4 * 8 * 8 + 8 * 8 * 8));
        QCOMPARE(conv->memoryMs, (8 * 4 * 9 + 8) / 1e10 * 1e3); // activations on chip
        QCOMPARE(e.forNode(test::idOf(m, "/dq_w"))->placement, Placement::Folded);
    }

    void chainsSegmentsWithTheirOverheadsAndTransfers()
    {
        // x [1,8,4,4] → Relu (device) → Sigmoid (host) → Relu (device) → y; 128 elements each.
        const DeviceProfile p = test::profileWithOps(R"({"Relu": {}})");
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 8, 4, 4});
        b.node("Relu", {"x"}, {"a"}, "/relu1");
        b.node("Sigmoid", {"a"}, {"s"}, "/sigmoid");
        b.node("Identity", {"s"}, {"si"}, "/identity");
        b.node("Relu", {"si"}, {"y"}, "/relu2");
        b.output("y", DataType::Float, {1, 8, 4, 4});
        const Model m = test::declare(b.build(), {{"a", DataType::Float, {1, 8, 4, 4}},
                                                  {"s", DataType::Float, {1, 8, 4, 4}},
                                                  {"si", DataType::Float, {1, 8, 4, 4}}});
        const Estimate e = estimateOf(m, p);
        QCOMPARE(e.segments.size(), size_t(3));

        const double reluMs =
            (128 / (1e12 * 0.1) + 1e-5) * 1e3;              // activations on chip, overhead 10 µs
        const double sigmoidMs = (256 / 1e9 + 2e-5) * 1e3;  // host: memory 256 B, overhead 20 µs
        const double transferMs = (128 / 1e8 + 1e-4) * 1e3; // one 128-byte tensor
        const NodeCost *relu = e.forNode(test::idOf(m, "/relu1"));
        QCOMPARE(relu->ms, reluMs);
        QCOMPARE(relu->computeMs, 128 / (1e12 * 0.1) * 1e3);
        QCOMPARE(relu->memoryMs, 0.0);
        QCOMPARE(relu->bound, Bound::Overhead);
        const NodeCost *sigmoid = e.forNode(test::idOf(m, "/sigmoid"));
        QCOMPARE(sigmoid->ms, sigmoidMs);
        QCOMPARE(sigmoid->ops, 3.0 * 128);
        const NodeCost *identity = e.forNode(test::idOf(m, "/identity"));
        QCOMPARE(identity->placement, Placement::Folded);
        QCOMPARE(identity->ms, 0.0);
        QCOMPARE(identity->bound, Bound::None);

        QCOMPARE(e.segments[0].startMs, 1.0);
        QCOMPARE(e.segments[0].transferMs, transferMs); // x in
        QCOMPARE(e.segments[0].overheadMs, 0.2);
        QCOMPARE(e.segments[1].startMs, e.segments[0].endMs());
        QCOMPARE(e.segments[1].transferMs, transferMs); // a to the host
        QCOMPARE(e.segments[1].overheadMs, 0.0);
        QCOMPARE(e.segments[1].computeMs, sigmoidMs);
        QCOMPARE(e.segments[2].startMs, e.segments[1].endMs());
        QCOMPARE(e.segments[2].transferMs, 2 * transferMs); // si back, y out
        QCOMPARE(e.totalMs, 1.0 + 4 * transferMs + 2 * 0.2 + 2 * reluMs + sigmoidMs);
        QCOMPARE(e.totalMs, e.segments[2].endMs());
        QCOMPARE(e.transferMs, 4 * transferMs);
        QCOMPARE(e.overheadMs, 1.4);
        QCOMPARE(e.acceleratorMs, 2 * reluMs);
        QCOMPARE(e.cpuMs, sigmoidMs);
        QCOMPARE(e.acceleratorOpShare, 2.0 / 3);
        QCOMPARE(e.energyMj, 2 * reluMs * 2 + sigmoidMs * 10 + (4 * transferMs + 1.4) * 2);
    }

    void namesUnconfirmedFigures()
    {
        QJsonObject o = test::minimalProfileJson();
        test::setPath(o, QStringLiteral("memory.bandwidth"), test::figureJson(1e10, "unconfirmed"));
        test::setPath(o, QStringLiteral("host.power"), test::figureJson(10, "unconfirmed"));
        const DeviceProfile p = test::profileFrom(o);
        const Estimate e = estimateOf(convLayer(), p);
        QCOMPARE(e.notes.size(), size_t(2));
        QCOMPARE(e.notes[1],
                 std::string("Unconfirmed figures in the profile: memory.bandwidth, host.power."));
    }

    void averagesPowerAtARate_data()
    {
        QTest::addColumn<double>("rate");
        QTest::addColumn<double>("averageW");
        QTest::addColumn<double>("dutyCycle");
        QTest::addColumn<bool>("saturated");
        // 10 ms and 20 mJ per inference, 0.5 W idle.
        QTest::newRow("idle") << 0.0 << 0.5 << 0.0 << false;
        QTest::newRow("half busy") << 50.0 << 20e-3 * 50 + 0.5 * 0.5 << 0.5 << false;
        QTest::newRow("mostly busy") << 80.0 << 20e-3 * 80 + 0.5 * 0.2 << 0.8 << false;
        QTest::newRow("saturated") << 400.0 << 20e-3 * 100 << 1.0 << true;
    }
    void averagesPowerAtARate()
    {
        QFETCH(double, rate);
        QFETCH(double, averageW);
        QFETCH(double, dutyCycle);
        QFETCH(bool, saturated);
        const DeviceProfile p = test::profileWithOps("{}");
        Estimate e;
        e.totalMs = 10;
        e.energyMj = 20;
        const PowerAtRate w = powerAtRate(e, p, rate);
        QCOMPARE(w.rateHz, rate);
        QCOMPARE(w.averageW, averageW);
        QCOMPARE(w.dutyCycle, dutyCycle);
        QCOMPARE(w.saturated, saturated);
    }
};

QTEST_GUILESS_MAIN(TestDeviceCost)
#include "tst_device_cost.moc"
