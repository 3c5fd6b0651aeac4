// Partitioning: segments on the device and the host in execution order, the tensors that cross
// between them with their bytes, and the Edge TPU rule that strands everything after the
// first unsupported op.

#include "core/device/analysis.h"
#include "tests/device/device_fixtures.h"

#include <QTest>

using namespace silica;
using namespace silica::device;

namespace {

// Runs Relu and Tanh at fp16 (2 bytes per activation); GlobalAveragePool and Sigmoid fall back.
DeviceProfile fp16Profile()
{
    return test::profileWithOps(
        R"({"Relu": {}, "Tanh": {}, "Identity": {}})",
        {{QStringLiteral("precisions"),
          QJsonObject{{QStringLiteral("fp16"),
                       QJsonObject{{QStringLiteral("peak_ops"), test::figureJson(1e12)}}}}},
         {QStringLiteral("default_precision"), QStringLiteral("fp16")}});
}

// x [1,8,4,4] → Relu a → GlobalAveragePool b [1,8,1,1] → Tanh y: device, host, device.
Model sandwich()
{
    GraphBuilder b;
    b.input("x", DataType::Float, {1, 8, 4, 4});
    b.node("Relu", {"x"}, {"a"}, "/relu");
    b.node("GlobalAveragePool", {"a"}, {"b"}, "/pool");
    b.node("Tanh", {"b"}, {"y"}, "/tanh");
    b.output("y", DataType::Float, {1, 8, 1, 1});
    return test::declare(
        b.build(), {{"a", DataType::Float, {1, 8, 4, 4}}, {"b", DataType::Float, {1, 8, 1, 1}}});
}

Partition partitionOf(const Model &m, const DeviceProfile &p, bool multipleSegments)
{
    return partitionFromSupport(m, analyzeSupportFromProfile(m, p, {}), p, multipleSegments);
}

std::string crossingsText(const Partition &p)
{
    std::string s;
    for (const Crossing &x : p.crossings)
        s += x.value + ":" + std::to_string(x.fromSegment) + "->" + std::to_string(x.toSegment) +
             ":" + std::to_string(x.bytes) + " ";
    return s;
}

} // namespace

class TestDevicePartition : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsIntoSegmentsAroundHostOps()
    {
        const Model m = sandwich();
        const Partition p = partitionOf(m, fp16Profile(), true);
        QCOMPARE(p.deviceId, std::string("test-npu"));
        QCOMPARE(p.precision, Precision::Fp16);
        QCOMPARE(p.segments.size(), size_t(3));
        QCOMPARE(p.acceleratorSegments(), 2);
        const std::vector<bool> sides{p.segments[0].accelerator, p.segments[1].accelerator,
                                      p.segments[2].accelerator};
        QCOMPARE(sides, (std::vector<bool>{true, false, true}));
        for (int s = 0; s < 3; ++s) {
            QCOMPARE(p.segments[size_t(s)].index, s);
            QCOMPARE(p.segments[size_t(s)].nodes.size(), size_t(1));
        }
        QCOMPARE(p.segments[0].nodes[0], test::idOf(m, "/relu"));
        QCOMPARE(p.segments[1].nodes[0], test::idOf(m, "/pool"));
        QCOMPARE(p.segments[2].nodes[0], test::idOf(m, "/tanh"));

        const NodePlacement *pool = p.forNode(test::idOf(m, "/pool"));
        QCOMPARE(pool->placement, Placement::Cpu);
        QCOMPARE(pool->reason, std::string("GlobalAveragePool is not in the test op list"));
        QVERIFY(!pool->rootCause); // several segments: nothing is stranded
        QCOMPARE(pool->segment, 1);
        QCOMPARE(p.forNode(test::idOf(m, "/tanh"))->placement, Placement::Accelerator);
        QCOMPARE(p.count(Placement::Accelerator), size_t(2));
        QCOMPARE(p.count(Placement::Stranded), size_t(0));

        // Elements × 2 bytes at fp16, in and out of each device segment.
        QCOMPARE(crossingsText(p), std::string("x:-1->0:256 a:0->1:256 b:1->2:16 y:2->-1:16 "));
    }

    void strandsEverythingAfterTheFirstUnsupportedOp()
    {
        const Model m = sandwich();
        const Partition p = partitionOf(m, fp16Profile(), false);
        const NodePlacement *pool = p.forNode(test::idOf(m, "/pool"));
        QCOMPARE(pool->placement, Placement::Cpu);
        QVERIFY(pool->rootCause);
        QCOMPARE(pool->reason, std::string("GlobalAveragePool is not in the test op list"));
        const NodePlacement *tanh = p.forNode(test::idOf(m, "/tanh"));
        QCOMPARE(tanh->placement, Placement::Stranded);
        QVERIFY(!tanh->rootCause);
        QCOMPARE(
            tanh->reason,
            std::string("after the first unsupported op (/pool); Test NPU maps ops only up to it"));
        QCOMPARE(p.forNode(test::idOf(m, "/relu"))->placement, Placement::Accelerator);
        QCOMPARE(p.segments.size(), size_t(2));
        QCOMPARE(p.acceleratorSegments(), 1);
        QCOMPARE(p.segments[1].nodes,
                 (std::vector<NodeId>{test::idOf(m, "/pool"), test::idOf(m, "/tanh")}));
        // The result stays on the host: only the device segment's input and output cross.
        QCOMPARE(crossingsText(p), std::string("x:-1->0:256 a:0->1:256 "));
    }

    void strandsAParallelBranchThatRunsLater()
    {
        // x → Relu → Sigmoid (unsupported) → s;  x → Relu → Tanh → t, listed after the Sigmoid.
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 8});
        b.node("Relu", {"x"}, {"r1"}, "/left/relu");
        b.node("Sigmoid", {"r1"}, {"s"}, "/left/sigmoid");
        b.node("Relu", {"x"}, {"r2"}, "/right/relu");
        b.node("Tanh", {"r2"}, {"t"}, "/right/tanh");
        b.output("s", DataType::Float, {1, 8});
        b.output("t", DataType::Float, {1, 8});
        const Model m = test::declare(
            b.build(), {{"r1", DataType::Float, {1, 8}}, {"r2", DataType::Float, {1, 8}}});
        const Partition p = partitionOf(m, fp16Profile(), false);
        QCOMPARE(p.forNode(test::idOf(m, "/left/relu"))->placement, Placement::Accelerator);
        QVERIFY(p.forNode(test::idOf(m, "/left/sigmoid"))->rootCause);
        for (const char *name : {"/right/relu", "/right/tanh"}) {
            const NodePlacement *n = p.forNode(test::idOf(m, name));
            QCOMPARE(n->placement, Placement::Stranded);
            QCOMPARE(n->reason, std::string("after the first unsupported op (/left/sigmoid); Test "
                                            "NPU maps ops only up to it"));
        }
        QCOMPARE(p.count(Placement::Stranded), size_t(2));
        QCOMPARE(p.acceleratorSegments(), 1);
        // With several segments the right branch runs on the device.
        const Partition multi = partitionOf(m, fp16Profile(), true);
        QCOMPARE(multi.forNode(test::idOf(m, "/right/tanh"))->placement, Placement::Accelerator);
        QCOMPARE(multi.count(Placement::Stranded), size_t(0));
    }

    void onlyTheFirstUnsupportedOpIsTheRootCause()
    {
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 8});
        b.node("Sigmoid", {"x"}, {"a"}, "/first");
        b.node("Relu", {"a"}, {"r"}, "/relu");
        b.node("Sigmoid", {"r"}, {"y"}, "/second");
        b.output("y", DataType::Float, {1, 8});
        const Model m = b.build();
        const Partition p = partitionOf(m, fp16Profile(), false);
        QVERIFY(p.forNode(test::idOf(m, "/first"))->rootCause);
        QCOMPARE(p.forNode(test::idOf(m, "/second"))->placement, Placement::Cpu);
        QVERIFY(!p.forNode(test::idOf(m, "/second"))->rootCause);
        QCOMPARE(p.forNode(test::idOf(m, "/relu"))->placement, Placement::Stranded);
        QCOMPARE(p.acceleratorSegments(), 0);
        QVERIFY(p.crossings.empty()); // all on the host
    }

    void crossesTheHostLinkAtGraphInputsAndOutputs()
    {
        // Two inputs and two outputs of one device segment; a value read twice in one segment
        // crosses once, weights never.
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 8});
        b.input("z", DataType::Float, {1, 3});
        b.initializer("w", {1, 8}, std::vector<float>(8, 0.5f));
        b.node("Relu", {"x"}, {"a"}, "/relu");
        b.node("Add", {"x", "a"}, {"s"}, "/add");
        b.node("Mul", {"s", "w"}, {"m"}, "/mul");
        b.node("Tanh", {"z"}, {"t"}, "/tanh");
        b.output("m", DataType::Float, {1, 8});
        b.output("t", DataType::Float, {1, 3});
        b.output("a", DataType::Float, {1, 8});
        const Model m = test::declare(b.build(), {{"s", DataType::Float, {1, 8}}});
        const DeviceProfile profile = test::profileWithOps(
            R"({"Relu": {}, "Add": {}, "Mul": {}, "Tanh": {}})",
            {{QStringLiteral("precisions"),
              QJsonObject{{QStringLiteral("fp32"),
                           QJsonObject{{QStringLiteral("peak_ops"), test::figureJson(1e11)}}}}},
             {QStringLiteral("default_precision"), QStringLiteral("fp32")}});
        const Partition p = partitionOf(m, profile, true);
        QCOMPARE(p.segments.size(), size_t(1));
        QCOMPARE(p.segments[0].nodes.size(), size_t(4));
        QCOMPARE(crossingsText(p),
                 std::string("x:-1->0:32 z:-1->0:12 m:0->-1:32 t:0->-1:12 a:0->-1:32 "));
    }

    void looksThroughFoldedNodesForCrossings()
    {
        // Relu (device) → Identity (folded) → Sigmoid (host): the Identity's output crosses,
        // produced by the Relu's segment.
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 8});
        b.node("Relu", {"x"}, {"a"}, "/relu");
        b.node("Identity", {"a"}, {"ai"}, "/identity");
        b.node("Sigmoid", {"ai"}, {"y"}, "/sigmoid");
        b.output("y", DataType::Float, {1, 8});
        const Model m = test::declare(
            b.build(), {{"a", DataType::Float, {1, 8}}, {"ai", DataType::Float, {1, 8}}});
        const Partition p = partitionOf(m, fp16Profile(), true);
        const NodePlacement *id = p.forNode(test::idOf(m, "/identity"));
        QCOMPARE(id->placement, Placement::Folded);
        QCOMPARE(id->segment, -1);
        QCOMPARE(p.segments.size(), size_t(2));
        QCOMPARE(crossingsText(p), std::string("x:-1->0:16 ai:0->1:16 "));
    }

    void carriesTheSupportBanners()
    {
        const Model m = sandwich();
        const DeviceProfile p = test::profileWithOps(R"({"Relu": {}})");
        const SupportAnalysis s = analyzeSupportFromProfile(m, p, {});
        const Partition part = partitionFromSupport(m, s, p, true);
        QCOMPARE(part.banners, s.banners);
        QCOMPARE(part.banners.size(), size_t(1));
        QCOMPARE(part.nodes.size(), s.nodes.size());
        for (size_t i = 0; i < s.nodes.size(); ++i) {
            QCOMPARE(part.nodes[i].id, s.nodes[i].id);
            QCOMPARE(part.nodes[i].precision, s.nodes[i].precision);
        }
    }
};

QTEST_GUILESS_MAIN(TestDevicePartition)
#include "tst_device_partition.moc"
