// Statistics against values computed by hand from the layer definitions.

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/shape_inference.h"
#include "core/graph/statistics.h"
#include "tests/common/test_support.h"

#include <QtTest>

using namespace silica;

namespace {

// Builds a one-node model, runs shape inference, returns that node's statistics.
NodeStats statsOf(const std::function<void(GraphBuilder &)> &fill)
{
    GraphBuilder b("stats");
    fill(b);
    std::vector<std::string> warnings;
    Model m = checkAndInferShapes(b.build(), {false, true}, warnings);
    return nodeStatistics(*m.graph, *m.graph->nodes.back());
}

std::vector<float> zeros(size_t n)
{
    return std::vector<float>(n, 0.0f);
}

} // namespace

class TestStatistics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsResNetBottleneckConv()
    {
        // ResNet-50 layer1 3×3 conv: 64 → 64 channels on 56×56, with bias.
        const NodeStats s = statsOf([](GraphBuilder &b) {
            b.input("x", DataType::Float, {1, 64, 56, 56});
            b.initializer("w", {64, 64, 3, 3}, zeros(64 * 64 * 9));
            b.initializer("b", {64}, zeros(64));
            b.node("Conv", {"x", "w", "b"}, {"y"})
                .ints("kernel_shape", {3, 3})
                .ints("pads", {1, 1, 1, 1});
            b.output("y");
        });
        QCOMPARE(s.macs, quint64(56) * 56 * 64 * 64 * 9); // 115,605,504
        QCOMPARE(s.flops, 2 * s.macs + quint64(56) * 56 * 64);
        QCOMPARE(s.params, quint64(64 * 64 * 9 + 64)); // 36,928
        QCOMPARE(s.paramBytes, quint64(36928 * 4));
        QCOMPARE(s.inputBytes, quint64(64 * 56 * 56 * 4));
        QCOMPARE(s.outputBytes, quint64(64 * 56 * 56 * 4));
        QVERIFY(s.exact);
    }

    void countsStridedDepthwiseConv()
    {
        // MobileNetV2 depthwise 3×3, 96 channels, stride 2: 112×112 → 56×56, no bias.
        const NodeStats s = statsOf([](GraphBuilder &b) {
            b.input("x", DataType::Float, {1, 96, 112, 112});
            b.initializer("w", {96, 1, 3, 3}, zeros(96 * 9));
            b.node("Conv", {"x", "w"}, {"y"})
                .ints("kernel_shape", {3, 3})
                .ints("pads", {1, 1, 1, 1})
                .ints("strides", {2, 2})
                .i("group", 96);
            b.output("y");
        });
        QCOMPARE(s.macs, quint64(56) * 56 * 96 * 9); // 2,709,504
        QCOMPARE(s.flops, 2 * s.macs);
        QCOMPARE(s.params, quint64(864));
    }

    void countsConvTranspose()
    {
        // 2× upsampling: 16 → 8 channels, kernel 2, stride 2, on 10×10 input.
        const NodeStats s = statsOf([](GraphBuilder &b) {
            b.input("x", DataType::Float, {1, 16, 10, 10});
            b.initializer("w", {16, 8, 2, 2}, zeros(16 * 8 * 4));
            b.node("ConvTranspose", {"x", "w"}, {"y"})
                .ints("kernel_shape", {2, 2})
                .ints("strides", {2, 2});
            b.output("y");
        });
        QCOMPARE(s.macs, quint64(16) * 10 * 10 * 8 * 2 * 2); // every input pixel × kernel × Cout
        QCOMPARE(s.outputBytes, quint64(8 * 20 * 20 * 4));
    }

    void countsGemmClassifier()
    {
        // ResNet-50 classifier: 2048 → 1000 with bias (transB weights).
        const NodeStats s = statsOf([](GraphBuilder &b) {
            b.input("x", DataType::Float, {1, 2048});
            b.initializer("w", {1000, 2048}, zeros(2048000));
            b.initializer("b", {1000}, zeros(1000));
            b.node("Gemm", {"x", "w", "b"}, {"y"}).i("transB", 1);
            b.output("y");
        });
        QCOMPARE(s.macs, quint64(2048000));
        QCOMPARE(s.flops, quint64(2 * 2048000 + 1000));
        QCOMPARE(s.params, quint64(2049000));
    }

    void countsBatchedMatMul()
    {
        // Attention scores: [2, 8, 16, 64] × [2, 8, 64, 16].
        const NodeStats s = statsOf([](GraphBuilder &b) {
            b.input("q", DataType::Float, {2, 8, 16, 64});
            b.input("k", DataType::Float, {2, 8, 64, 16});
            b.node("MatMul", {"q", "k"}, {"y"});
            b.output("y");
        });
        QCOMPARE(s.macs, quint64(2) * 8 * 16 * 16 * 64);
        QCOMPARE(s.params, quint64(0));
    }

    void countsPoolingNormalizationAndElementwise()
    {
        const NodeStats pool = statsOf([](GraphBuilder &b) {
            b.input("x", DataType::Float, {1, 64, 112, 112});
            b.node("MaxPool", {"x"}, {"y"})
                .ints("kernel_shape", {3, 3})
                .ints("strides", {2, 2})
                .ints("pads", {1, 1, 1, 1});
            b.output("y");
        });
        QCOMPARE(pool.macs, quint64(0));
        QCOMPARE(pool.flops, quint64(64) * 56 * 56 * 9);

        const NodeStats gap = statsOf([](GraphBuilder &b) {
            b.input("x", DataType::Float, {1, 2048, 7, 7});
            b.node("GlobalAveragePool", {"x"}, {"y"});
            b.output("y");
        });
        QCOMPARE(gap.flops, quint64(2048 * 49));

        const NodeStats bn = statsOf([](GraphBuilder &b) {
            b.input("x", DataType::Float, {1, 32, 10, 10});
            for (const char *n : {"scale", "bias", "mean", "var"})
                b.initializer(n, {32}, zeros(32));
            b.node("BatchNormalization", {"x", "scale", "bias", "mean", "var"}, {"y"});
            b.output("y");
        });
        QCOMPARE(bn.flops, quint64(2 * 3200));
        QCOMPARE(bn.params, quint64(128));

        const NodeStats add = statsOf([](GraphBuilder &b) {
            b.input("a", DataType::Float, {1, 256, 14, 14});
            b.input("c", DataType::Float, {1, 256, 14, 14});
            b.node("Add", {"a", "c"}, {"y"});
            b.output("y");
        });
        QCOMPARE(add.flops, quint64(256 * 196));
        QCOMPARE(add.inputBytes, quint64(2 * 256 * 196 * 4));

        const NodeStats sigmoid = statsOf([](GraphBuilder &b) {
            b.input("a", DataType::Float, {1, 100});
            b.node("Sigmoid", {"a"}, {"y"});
            b.output("y");
        });
        QCOMPARE(sigmoid.flops, quint64(300));
    }

    void marksSymbolicShapesInexact()
    {
        GraphBuilder b("dyn");
        ValueType t = ValueType::tensor(DataType::Float, {-1, 2048});
        t.dims[0].value = -1;
        t.dims[0].hasValue = false;
        t.dims[0].param = "batch";
        b.input("x", t);
        b.initializer("w", {1000, 2048}, zeros(2048000));
        b.node("Gemm", {"x", "w"}, {"y"}).i("transB", 1);
        b.output("y");
        std::vector<std::string> warnings;
        Model m = checkAndInferShapes(b.build(), {false, true}, warnings);
        const NodeStats s = nodeStatistics(*m.graph, *m.graph->nodes.back());
        QCOMPARE(s.macs, quint64(2048000)); // batch counted as 1
        QVERIFY(!s.exact);
    }

    void totalsCountSharedWeightsOnce()
    {
        GraphBuilder b("shared");
        b.input("x", DataType::Float, {1, 8});
        b.initializer("w", {8, 8}, zeros(64));
        b.node("MatMul", {"x", "w"}, {"a"});
        b.node("MatMul", {"a", "w"}, {"y"});
        b.output("y");
        std::vector<std::string> warnings;
        Model m = checkAndInferShapes(b.build(), {false, true}, warnings);
        const ModelStats s = modelStatistics(m);
        QCOMPARE(s.params, quint64(64));
        QCOMPARE(s.macs, quint64(2 * 64));
        QCOMPARE(s.nodeCount, quint64(2));
        QCOMPARE(s.opHistogram.at("MatMul"), 2);
        QCOMPARE(s.nodes[0].params, quint64(64)); // per node, the weight counts for each user
    }

    void countsWeightsFedByConstantNodes()
    {
        // paddle2onnx stores conv weights in Constant nodes instead of initializers.
        GraphBuilder b("constant_weights");
        b.input("x", DataType::Float, {1, 3, 8, 8});
        b.node("Constant", {}, {"w"}, "w_const")
            .tensor("value", GraphBuilder::floatTensor("", {4, 3, 3, 3}, zeros(108)));
        b.node("Conv", {"x", "w"}, {"y"}, "conv").ints("kernel_shape", {3, 3});
        b.output("y");
        std::vector<std::string> warnings;
        Model m = checkAndInferShapes(b.build(), {false, true}, warnings);
        const NodeStats conv = nodeStatistics(*m.graph, *m.graph->nodes.back());
        QCOMPARE(conv.params, quint64(108));
        QCOMPARE(conv.inputBytes, quint64(3 * 64 * 4)); // only x is an activation
        QCOMPARE(conv.macs, quint64(4 * 6 * 6 * 27));
        QCOMPARE(modelStatistics(m).params, quint64(108)); // counted once in the total
    }

    void formatsCounts()
    {
        QCOMPARE(formatCount(812), std::string("812"));
        QCOMPARE(formatCount(25557032), std::string("25.56M"));
        QCOMPARE(formatCount(4089184256ull), std::string("4.09G"));
        QCOMPARE(formatBytes(102228128), std::string("97.5 MiB"));
    }
};

QTEST_GUILESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
