// Overlay channels: loading JSON overlay files (values, errors, unknown nodes) and the
// bottleneck order of a channel.

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/onnx_export.h"
#include "core/graph/onnx_import.h"
#include "core/graph/statistics.h"
#include "core/session/overlay.h"
#include "core/session/overlay_file.h"
#include "core/session/overlay_ranking.h"
#include "tests/common/test_support.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace silica;

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

Expected<LoadedOverlay> parse(const QByteArray &json, const Graph *graph)
{
    return parseOverlay(std::string_view(json.constData(), static_cast<size_t>(json.size())),
                        "profile.json", graph);
}

// smallCnn() through the importer, so shape inference gives every node its MACs.
Model inferredSmallCnn()
{
    const Expected<std::string> bytes = serializeModel(test::smallCnn());
    Expected<LoadedModel> loaded = loadModelFromMemory(
        reinterpret_cast<const uint8_t *>(bytes->data()), bytes->size(), "small_cnn", "");
    return *loaded->model;
}

std::vector<std::string> rankedNames(const Model &m, const OverlayChannel &c)
{
    const ModelStats stats = modelStatistics(m);
    std::vector<std::string> names;
    for (const RankedNode &r : rankNodes(*m.graph, c, &stats))
        names.push_back(m.graph->index().node(r.id)->name);
    return names;
}

} // namespace

class TestOverlay : public QObject
{
    Q_OBJECT

private:
    Model m_model = test::smallCnn();

private Q_SLOTS:
    void loadsContinuousChannel()
    {
        const QByteArray json = R"({
            "silica_overlay": 1,
            "channels": [{
                "id": "npu.latency", "name": "NPU latency", "kind": "continuous",
                "unit": "ms", "worse": "higher",
                "values": {
                    "/features/conv/Conv": 0.42,
                    "/head/fc/Gemm": { "value": 0.1, "reason": "runs on the DSP" },
                    "/features/relu/Relu": null
                }
            }]
        })";
        const Expected<LoadedOverlay> loaded = parse(json, m_model.graph.get());
        QVERIFY2(loaded, loaded ? "" : loaded.error().message().c_str());
        QCOMPARE(loaded->channels.size(), size_t(1));
        QVERIFY(loaded->warnings.empty());
        const OverlayChannel &c = *loaded->channels[0];
        QCOMPARE(qs(c.id), QStringLiteral("npu.latency"));
        QCOMPARE(qs(c.displayName), QStringLiteral("NPU latency"));
        QCOMPARE(c.kind, OverlayKind::Continuous);
        QCOMPARE(c.worse, WorseDirection::Higher);
        QCOMPARE(qs(c.source), QStringLiteral("profile.json"));
        QCOMPARE(c.values.size(), size_t(2)); // null means no value
        QCOMPARE(c.value("/features/conv/Conv")->number, 0.42);
        QCOMPARE(qs(c.value("/head/fc/Gemm")->reason), QStringLiteral("runs on the DSP"));
        QVERIFY(!c.value("/features/relu/Relu"));
        QCOMPARE(qs(c.formatValue(*c.value("/features/conv/Conv"))), QStringLiteral("0.42 ms"));
        const OverlayRange r = c.range();
        QVERIFY(!r.empty);
        QCOMPARE(r.min, 0.1);
        QCOMPARE(r.max, 0.42);
    }

    void loadsCategoricalChannelAlone()
    {
        // A file with one channel may be the channel object itself.
        const QByteArray json = R"({
            "id": "tpu.support", "name": "Edge TPU support", "kind": "categorical",
            "categories": [
                { "id": "tpu", "label": "Edge TPU", "color": "#4caf50" },
                { "id": "cpu", "label": "CPU fallback", "color": "#e53935", "severity": 2 }
            ],
            "values": {
                "/features/conv/Conv": "tpu",
                "/head/fc/Gemm": { "category": "cpu", "reason": "CPU fallback: op not supported" }
            }
        })";
        const Expected<LoadedOverlay> loaded = parse(json, m_model.graph.get());
        QVERIFY2(loaded, loaded ? "" : loaded.error().message().c_str());
        const OverlayChannel &c = *loaded->channels.at(0);
        QCOMPARE(c.kind, OverlayKind::Categorical);
        QCOMPARE(c.categories.size(), size_t(2));
        QCOMPARE(qs(c.categories[1].color), QStringLiteral("#e53935"));
        QCOMPARE(c.categories[1].severity, 2);
        QCOMPARE(c.value("/features/conv/Conv")->category, 0);
        QCOMPARE(c.value("/head/fc/Gemm")->category, 1);
        QCOMPARE(qs(c.formatValue(*c.value("/head/fc/Gemm"))), QStringLiteral("CPU fallback"));
        QCOMPARE(qs(c.value("/head/fc/Gemm")->reason),
                 QStringLiteral("CPU fallback: op not supported"));
    }

    void derivesCategoriesFromValues()
    {
        const QByteArray json = R"({ "id": "placement", "kind": "categorical",
            "values": { "/features/conv/Conv": "npu", "/head/fc/Gemm": "cpu",
                        "/features/relu/Relu": "npu" } })";
        const Expected<LoadedOverlay> loaded = parse(json, m_model.graph.get());
        QVERIFY(loaded);
        const OverlayChannel &c = *loaded->channels.at(0);
        QCOMPARE(c.categories.size(), size_t(2));
        QCOMPARE(qs(c.categories[0].id), QStringLiteral("cpu"));
        QCOMPARE(qs(c.categories[1].id), QStringLiteral("npu"));
        QCOMPARE(qs(c.displayName), QStringLiteral("placement"));
    }

    void countsUnknownNodesAsWarning()
    {
        const QByteArray json = R"({ "id": "lat", "kind": "continuous", "worse": "higher",
            "values": { "/features/conv/Conv": 1, "/gone/a": 2, "/gone/b": 3 } })";
        const Expected<LoadedOverlay> loaded = parse(json, m_model.graph.get());
        QVERIFY(loaded);
        QCOMPARE(loaded->unknownNodeValues, size_t(2));
        QCOMPARE(loaded->warnings.size(), size_t(1));
        const QString warning = qs(loaded->warnings[0]);
        QVERIFY2(warning.contains(QStringLiteral("profile.json")), qPrintable(warning));
        QVERIFY2(warning.contains(QStringLiteral("2 of 3 values")), qPrintable(warning));
        QVERIFY2(warning.contains(QStringLiteral("\"/gone/a\"")), qPrintable(warning));
        // Dropped, so they do not stretch the colour scale.
        QCOMPARE(loaded->channels[0]->values.size(), size_t(1));
        QCOMPARE(loaded->channels[0]->range().max, 1.0);

        // Without a graph nothing can be checked and every value stays.
        const Expected<LoadedOverlay> unchecked = parse(json, nullptr);
        QVERIFY(unchecked);
        QCOMPARE(unchecked->unknownNodeValues, size_t(0));
        QCOMPARE(unchecked->channels[0]->values.size(), size_t(3));
    }

    void unnamedNodesAreKeyedByFirstOutput()
    {
        GraphBuilder b("unnamed");
        b.input("x", DataType::Float, {1, 4});
        b.node("Relu", {"x"}, {"y"});
        b.output("y", DataType::Float, {1, 4});
        const Model m = b.build();
        QCOMPARE(qs(overlayKey(*m.graph->nodes[0])), QStringLiteral("y"));
        const Expected<LoadedOverlay> loaded = parse(
            R"({"id":"e","kind":"continuous","worse":"lower","values":{"y":-3}})", m.graph.get());
        QVERIFY(loaded);
        QCOMPARE(loaded->unknownNodeValues, size_t(0));
        QCOMPARE(loaded->channels[0]->value(*m.graph->nodes[0])->number, -3.0);
    }

    void reportsErrorsWithFileAndKey_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json")
            << QByteArray("{ \"id\": ")
            << QStringLiteral(
                   "'profile.json' is not valid JSON: unterminated object at line 1, column 9");
        QTest::newRow("array root")
            << QByteArray("[1, 2]")
            << QStringLiteral("'profile.json': expected an object at the top, got an array");
        QTest::newRow("newer format")
            << QByteArray(R"({"silica_overlay": 2, "id": "a"})")
            << QStringLiteral("format version 2 is newer than this Silica reads");
        QTest::newRow("channels not array")
            << QByteArray(R"({"channels": {}})")
            << QStringLiteral("'profile.json': channels: expected an array of channel objects, "
                              "got an object");
        QTest::newRow("missing id")
            << QByteArray(R"({"channels": [{"kind": "continuous"}]})")
            << QStringLiteral("'profile.json': channels[0]: missing \"id\"");
        QTest::newRow("reserved id")
            << QByteArray(R"({"id": "op-category", "kind": "categorical", "values": {}})")
            << QStringLiteral("id: \"op-category\" is the built-in channel");
        QTest::newRow("duplicate id")
            << QByteArray(R"({"channels": [
                   {"id": "a", "kind": "categorical", "values": {}},
                   {"id": "a", "kind": "categorical", "values": {}}]})")
            << QStringLiteral("channels[1].id: channel id \"a\" is used twice");
        QTest::newRow("bad kind")
            << QByteArray(R"({"id": "a", "kind": "heat", "values": {}})")
            << QStringLiteral("'profile.json': kind: expected \"categorical\" or \"continuous\", "
                              "got \"heat\"");
        QTest::newRow("missing worse")
            << QByteArray(R"({"id": "a", "kind": "continuous", "values": {}})")
            << QStringLiteral("missing \"worse\": say which values are bad");
        QTest::newRow("bad worse")
            << QByteArray(R"({"id": "a", "kind": "continuous", "worse": "up", "values": {}})")
            << QStringLiteral("worse: expected \"higher\" or \"lower\", got \"up\"");
        QTest::newRow("missing values")
            << QByteArray(R"({"id": "a", "kind": "continuous", "worse": "higher"})")
            << QStringLiteral("missing \"values\"");
        QTest::newRow("string for number")
            << QByteArray(R"({"id": "a", "kind": "continuous", "worse": "higher",
                   "values": {"/features/conv/Conv": "fast"}})")
            << QStringLiteral("'profile.json': values[\"/features/conv/Conv\"]: expected a "
                              "number, got a string");
        QTest::newRow("object without value")
            << QByteArray(R"({"id": "a", "kind": "continuous", "worse": "higher",
                   "values": {"/features/conv/Conv": {"reason": "x"}}})")
            << QStringLiteral("values[\"/features/conv/Conv\"]: missing \"value\"");
        QTest::newRow("unknown category")
            << QByteArray(R"({"id": "s", "kind": "categorical",
                   "categories": [{"id": "tpu"}, {"id": "cpu"}],
                   "values": {"/head/fc/Gemm": "gpu"}})")
            << QStringLiteral("values[\"/head/fc/Gemm\"]: unknown category \"gpu\"; the "
                              "channel's categories are \"tpu\", \"cpu\"");
        QTest::newRow("bad colour")
            << QByteArray(R"({"id": "s", "kind": "categorical",
                   "categories": [{"id": "tpu", "color": "green"}], "values": {}})")
            << QStringLiteral("categories[0].color: expected a colour as \"#rrggbb\", got "
                              "\"green\"");
        QTest::newRow("fractional severity")
            << QByteArray(R"({"id": "s", "kind": "categorical",
                   "categories": [{"id": "tpu", "severity": 1.5}], "values": {}})")
            << QStringLiteral("categories[0].severity: expected a whole number");
        QTest::newRow("duplicate category")
            << QByteArray(R"({"id": "s", "kind": "categorical",
                   "categories": [{"id": "tpu"}, {"id": "tpu"}], "values": {}})")
            << QStringLiteral("categories[1].id: category \"tpu\" is listed twice");
        QTest::newRow("categories on continuous")
            << QByteArray(R"({"id": "a", "kind": "continuous", "worse": "higher",
                   "categories": [], "values": {}})")
            << QStringLiteral("categories: only categorical channels have categories");
    }

    void reportsErrorsWithFileAndKey()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const Expected<LoadedOverlay> loaded = parse(json, m_model.graph.get());
        QVERIFY(!loaded);
        const QString message = qs(loaded.error().message());
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("profile.json")), qPrintable(message));
    }

    void reportsUnreadableFile()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("missing.json"));
        const Expected<LoadedOverlay> loaded =
            loadOverlayFile(missing.toStdString(), m_model.graph.get());
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code(), ErrorCode::NotFound);
        QVERIFY(qs(loaded.error().message()).contains(missing));

        const QString good = dir.filePath(QStringLiteral("good.json"));
        QVERIFY(test::writeFile(
            good,
            R"({"id":"a","kind":"continuous","worse":"higher","values":{"/head/fc/Gemm":1}})"));
        const Expected<LoadedOverlay> read =
            loadOverlayFile(good.toStdString(), m_model.graph.get());
        QVERIFY(read);
        QCOMPARE(qs(read->channels[0]->source), good);
    }

    void ranksContinuousWorstFirst()
    {
        OverlayChannel c;
        c.kind = OverlayKind::Continuous;
        c.values["/features/conv/Conv"].number = 2;
        c.values["/head/fc/Gemm"].number = 5;
        c.values["/features/relu/Relu"].number = 1;
        QCOMPARE(rankedNames(m_model, c),
                 (std::vector<std::string>{"/head/fc/Gemm", "/features/conv/Conv",
                                           "/features/relu/Relu"}));
        c.worse = WorseDirection::Lower;
        QCOMPARE(rankedNames(m_model, c),
                 (std::vector<std::string>{"/features/relu/Relu", "/features/conv/Conv",
                                           "/head/fc/Gemm"}));
    }

    void ranksCategoriesBySeverityThenCost()
    {
        const Model model = inferredSmallCnn();
        OverlayChannel c;
        c.categories = {{"acc", "Accelerator", 0, {}}, {"cpu", "CPU fallback", 2, {}}};
        for (const NodePtr &n : model.graph->nodes)
            c.values[n->name].category = 0;
        c.values["/side/Sigmoid"].category = 1;
        const std::vector<std::string> names = rankedNames(model, c);
        QCOMPARE(names.size(), model.graph->nodes.size());
        QCOMPARE(names[0], std::string("/side/Sigmoid")); // the fallback first
        // Then by MACs: the Conv (4·3·3·3·64 = 6912) before the Gemm (2560).
        QCOMPARE(names[1], std::string("/features/conv/Conv"));
        QCOMPARE(QString::fromStdString(names[2]), QStringLiteral("/head/fc/Gemm"));
        // Nodes without a value are not listed.
        c.values.erase("/features/Identity");
        QCOMPARE(rankedNames(model, c).size(), model.graph->nodes.size() - 1);
    }

    void overlaySetReplacesById()
    {
        OverlaySet set;
        auto a = std::make_shared<OverlayChannel>();
        a->id = "a";
        auto b = std::make_shared<OverlayChannel>();
        b->id = "b";
        set.put(a);
        set.put(b);
        auto a2 = std::make_shared<OverlayChannel>();
        a2->id = "a";
        a2->displayName = "again";
        set.put(a2);
        QCOMPARE(set.channels().size(), size_t(2));
        QCOMPARE(set.channels()[0]->displayName, std::string("again"));
        QVERIFY(set.remove("b"));
        QVERIFY(!set.find("b"));
        QVERIFY(!set.remove("b"));
    }
};

QTEST_GUILESS_MAIN(TestOverlay)
#include "tst_overlay.moc"
