// The backend plugins as the executables load them: the four families and their eight
// profiles from the build tree, user profile folders (added, overriding, broken or for a
// backend that is not installed), and what each backend adds to the generic engine: the
// Edge TPU's single subgraph and compiler log, measuring on the host CPU, TensorRT's opset
// ceiling and Hexagon's segment warning.

#include "core/device/device_registry.h"
#include "tests/device/device_fixtures.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace silica;
using namespace silica::device;

namespace {

const std::string kPluginDir = SILICA_BINARY_DIR "/plugins/devices";

QJsonObject shippedProfile(const char *family, const char *id)
{
    QFile f(QStringLiteral(SILICA_SOURCE_DIR "/resources/devices/") + QLatin1String(family) +
            QLatin1Char('/') + QLatin1String(id) + QStringLiteral(".json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read the shipped profile %s", id);
    return QJsonDocument::fromJson(f.readAll()).object();
}

bool writeJson(const QString &path, const QJsonObject &o)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(o).toJson()) > 0;
}

bool contains(const std::vector<std::string> &lines, const std::string &line)
{
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

std::string joined(const std::vector<std::string> &lines)
{
    std::string s;
    for (const std::string &l : lines)
        s += l + "\n";
    return s;
}

// "%-30s %-10d %s", the Edge TPU compiler's operator table.
std::string tableLine(const std::string &op, int count, const std::string &status)
{
    const std::string n = std::to_string(count);
    return op + std::string(30 - op.size(), ' ') + " " + n + std::string(10 - n.size(), ' ') + " " +
           status;
}

// x [1,8,8,8] → Conv → Exp (no Edge TPU op) → Conv → y, all shapes static.
Model convExpConv()
{
    GraphBuilder b;
    b.input("x", DataType::Float, {1, 8, 8, 8});
    b.initializer("w", {8, 8, 3, 3}, std::vector<float>(576, 0.01f));
    b.node("Conv", {"x", "w"}, {"c1"}, "/conv1").ints("pads", {1, 1, 1, 1});
    b.node("Exp", {"c1"}, {"e"}, "/exp");
    b.node("Conv", {"e", "w"}, {"y"}, "/conv2").ints("pads", {1, 1, 1, 1});
    b.output("y", DataType::Float, {1, 8, 8, 8});
    return test::declare(
        b.build(), {{"c1", DataType::Float, {1, 8, 8, 8}}, {"e", DataType::Float, {1, 8, 8, 8}}});
}

} // namespace

class TestDevicePlugins : public QObject
{
    Q_OBJECT

    DeviceRegistry m_registry;

    DevicePtr device(const char *id) const
    {
        DevicePtr d = m_registry.find(id);
        if (!d)
            qFatal("device %s is not installed", id);
        return d;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_registry.load({kPluginDir}, {});
        QVERIFY2(m_registry.problems().empty(), joined(m_registry.problems()).c_str());
    }

    void loadsFourFamiliesAndEightProfiles()
    {
        QCOMPARE(m_registry.families(),
                 (std::vector<std::string>{"cpu", "edgetpu", "hexagon", "tensorrt"}));
        QCOMPARE(m_registry.devices().size(), size_t(8));
        const std::pair<const char *, const char *> expected[] = {
            {"coral-usb", "edgetpu"},   {"coral-usb-std", "edgetpu"}, {"hexagon-v73", "hexagon"},
            {"hexagon-v68", "hexagon"}, {"jetson-nano", "tensorrt"},  {"host-cpu", "cpu"},
            {"raspberry-pi-4", "cpu"},  {"snapdragon-8gen2-cpu", "cpu"},
        };
        for (const auto &[id, family] : expected) {
            DevicePtr d = m_registry.find(id);
            QVERIFY2(d, id);
            QCOMPARE(d->profile().backend, std::string(family));
            QCOMPARE(d->backend().family(), std::string(family));
            QCOMPARE(d->profile().file,
                     ":/silica/devices/" + std::string(family) + "/" + id + ".json");
        }
        QVERIFY(!m_registry.find("coral"));
        QVERIFY(m_registry.notes().empty());
    }

    void fallsBackToTheBuiltInCpuWithoutPlugins()
    {
        // One backend always exists: this computer's CPU, measured, with placeholder figures.
        DeviceRegistry r;
        r.load({"/nonexistent/plugins"}, {});
        QCOMPARE(r.families(), std::vector<std::string>{"cpu"});
        QCOMPARE(r.devices().size(), size_t(1));
        const DevicePtr host = r.find("host-cpu");
        QVERIFY(host);
        QVERIFY(host->profile().measuredOnHost);
        QVERIFY(host->profile().memoryBandwidth.unconfirmed());
        QVERIFY(r.problems().empty());
        QCOMPARE(r.notes().size(), size_t(1));
        QVERIFY(r.notes()[0].find("built-in CPU backend") != std::string::npos);
    }

    void loadsUserProfiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QJsonObject copy = shippedProfile("edgetpu", "coral-usb");
        copy[QStringLiteral("id")] = QStringLiteral("coral-usb-overclocked");
        test::setPath(copy, QStringLiteral("precisions.int8.peak_ops.value"), 5e12);
        QVERIFY(writeJson(dir.filePath(QStringLiteral("overclocked.json")), copy));
        QJsonObject broken = shippedProfile("edgetpu", "coral-usb");
        broken[QStringLiteral("id")] = QStringLiteral("coral-broken");
        test::setPath(broken, QStringLiteral("precisions.int8.peak_ops.value"),
                      QStringLiteral("fast"));
        QVERIFY(writeJson(dir.filePath(QStringLiteral("broken.json")), broken));
        QJsonObject openvino = shippedProfile("cpu", "raspberry-pi-4");
        openvino[QStringLiteral("id")] = QStringLiteral("myriad-x");
        openvino[QStringLiteral("backend")] = QStringLiteral("openvino");
        QVERIFY(writeJson(dir.filePath(QStringLiteral("myriad.json")), openvino));
        QJsonObject nano = shippedProfile("tensorrt", "jetson-nano");
        nano[QStringLiteral("name")] = QStringLiteral("Jetson Nano (10 W mode)");
        QVERIFY(writeJson(dir.filePath(QStringLiteral("nano.json")), nano));
        QFile notes(dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(notes.open(QIODevice::WriteOnly) && notes.write("not a profile") > 0);
        notes.close();

        DeviceRegistry r;
        r.load({kPluginDir}, {dir.path().toStdString()});
        QCOMPARE(r.devices().size(), size_t(9));
        DevicePtr added = r.find("coral-usb-overclocked");
        QVERIFY(added);
        QCOMPARE(added->profile().peakOps.at(Precision::Int8).value, 5e12);
        QCOMPARE(added->profile().file,
                 dir.filePath(QStringLiteral("overclocked.json")).toStdString());
        QCOMPARE(added->backend().family(), std::string("edgetpu"));
        QVERIFY(!r.find("coral-broken"));
        QVERIFY(!r.find("myriad-x"));
        QCOMPARE(r.find("jetson-nano")->profile().name, std::string("Jetson Nano (10 W mode)"));

        const std::string base = dir.path().toStdString() + "/";
        QCOMPARE(r.problems(),
                 (std::vector<std::string>{
                     "device profile '" + base +
                         "broken.json': precisions.int8.peak_ops.value: expected a number, "
                         "got a string — skipped",
                     "device profile '" + base +
                         "myriad.json': backend: \"openvino\" is not an installed backend "
                         "(installed: cpu, edgetpu, hexagon, tensorrt) — skipped"}));
        QCOMPARE(r.notes(),
                 std::vector<std::string>{"device 'jetson-nano' from '" + base +
                                          "nano.json' replaces the one from "
                                          "':/silica/devices/tensorrt/jetson-nano.json'"});
    }

    void refusesProfilesOfMissingBackends()
    {
        DeviceRegistry r;
        Status s = r.addProfile(test::profileWithOps("{}"));
        QVERIFY(!s);
        QCOMPARE(s.code(), ErrorCode::NotFound);
        QCOMPARE(s.message(),
                 std::string(
                     "device profile 'fixture.json': backend: \"test\" is not an installed backend "
                     "(installed: none)"));
    }

    void edgeTpuStrandsEverythingAfterTheFirstUnsupportedOp()
    {
        const DevicePtr coral = device("coral-usb");
        const Model m = convExpConv();
        Expected<DeviceReport> r = analyzeOnDevice(m, coral);
        QVERIFY(r.hasValue());
        const Partition &p = r->partition;
        QCOMPARE(p.forNode(test::idOf(m, "/conv1"))->placement, Placement::Accelerator);
        QCOMPARE(p.forNode(test::idOf(m, "/conv1"))->precision, Precision::Int8);
        const NodePlacement *exp = p.forNode(test::idOf(m, "/exp"));
        QCOMPARE(exp->placement, Placement::Cpu);
        QVERIFY(exp->rootCause);
        QCOMPARE(exp->reason, std::string("Exp is not in the Edge TPU op list"));
        const NodePlacement *conv2 = p.forNode(test::idOf(m, "/conv2"));
        QCOMPARE(conv2->placement, Placement::Stranded);
        QCOMPARE(
            conv2->reason,
            std::string("More than one subgraph is not supported (after the first unsupported op "
                        "(/exp); Coral USB Accelerator (max clock) maps ops only up to it)"));
        QCOMPARE(p.acceleratorSegments(), 1);
        const std::vector<std::string> head(p.log.begin(),
                                            p.log.begin() + std::min<size_t>(8, p.log.size()));
        QCOMPARE(head,
                 (std::vector<std::string>{
                     "Edge TPU Compiler rules (estimated by Silica from the published behaviour)",
                     "Number of Edge TPU subgraphs: 1",
                     "Total number of operations: 3",
                     "Number of operations that will run on Edge TPU: 1",
                     "Number of operations that will run on CPU: 2",
                     "On-chip memory used for caching model parameters: 0.00MiB",
                     "Off-chip memory used for streaming uncached model parameters: 0.00MiB",
                     "Operator                       Count      Status",
                 }));
        QVERIFY2(contains(p.log, tableLine("CONV_2D", 1, "Mapped to Edge TPU")),
                 joined(p.log).c_str());
        QVERIFY2(
            contains(p.log, tableLine("CONV_2D", 1, "More than one subgraph is not supported")),
            joined(p.log).c_str());
        QVERIFY2(contains(p.log, tableLine("Exp", 1, "Operation not supported")),
                 joined(p.log).c_str());
        QCOMPARE(p.log.size(), size_t(11));
        // A float model on an int8 device: the banner says so.
        QCOMPARE(p.banners.size(), size_t(1));
        QVERIFY(p.banners[0].find("analysed as the int8 model") != std::string::npos);
        // The estimate runs the stranded Conv on the host.
        QCOMPARE(r->estimate.forNode(test::idOf(m, "/conv2"))->placement, Placement::Stranded);
        QCOMPARE(r->estimate.acceleratorOpShare, 1.0 / 3);
    }

    void edgeTpuLogsCachedAndStreamedParameters()
    {
        // Sixteen 256→256 3×3 convolutions of 589,824 int8 weight bytes each: the cache holds
        // the first 14, the last two are streamed.
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 256, 4, 4});
        b.initializer("w", {256, 256, 3, 3}, std::vector<float>(256 * 256 * 9, 0.01f));
        std::string prev = "x";
        std::vector<test::Declared> declared;
        for (int k = 0; k < 16; ++k) {
            const std::string out = k == 15 ? "y" : "c" + std::to_string(k);
            b.node("Conv", {prev, "w"}, {out}, "/conv" + std::to_string(k))
                .ints("pads", {1, 1, 1, 1});
            if (k < 15)
                declared.push_back({out, DataType::Float, {1, 256, 4, 4}});
            prev = out;
        }
        b.output("y", DataType::Float, {1, 256, 4, 4});
        const Model m = test::declare(b.build(), declared);
        const DevicePtr coral = device("coral-usb");
        const Partition p = coral->compile(m, coral->analyzeSupport(m));
        QCOMPARE(p.count(Placement::Accelerator), size_t(16));
        // 8,408,105 cache bytes hold 14 of the 589,824-byte kernels (8,257,536 B = 7.88 MiB).
        QVERIFY2(contains(p.log, "On-chip memory used for caching model parameters: 7.88MiB"),
                 joined(p.log).c_str());
        QVERIFY2(contains(p.log,
                          "Off-chip memory used for streaming uncached model parameters: 1.12MiB"),
                 joined(p.log).c_str());
        QVERIFY2(contains(p.log, tableLine("CONV_2D", 16, "Mapped to Edge TPU")),
                 joined(p.log).c_str());
        Expected<Estimate> e = coral->estimate(m, p);
        QVERIFY(e.hasValue());
        QCOMPARE(e->onChipWeightBytes, uint64_t(14 * 589824));
        QCOMPARE(e->streamedWeightBytes, uint64_t(2 * 589824));
    }

    void edgeTpuCachesTheInt8WeightsOfAQdqModel()
    {
        // The weights of a quantized model are int8 initializers behind a DequantizeLinear.
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 256, 4, 4});
        b.initializer("s", {}, {0.05f});
        b.initializer(test::zeroTensor("zp", DataType::Int8, {}));
        b.initializer(test::zeroTensor("wq", DataType::Int8, {256, 256, 3, 3}));
        b.node("QuantizeLinear", {"x", "s", "zp"}, {"xq"}, "/q_in");
        b.node("DequantizeLinear", {"xq", "s", "zp"}, {"xd"}, "/dq_in");
        b.node("DequantizeLinear", {"wq", "s", "zp"}, {"wd"}, "/dq_w");
        b.node("Conv", {"xd", "wd"}, {"c"}, "/conv").ints("pads", {1, 1, 1, 1});
        b.node("QuantizeLinear", {"c", "s", "zp"}, {"y"}, "/q_out");
        b.output("y", DataType::Int8, {1, 256, 4, 4});
        const Model m = test::declare(b.build(), {{"xq", DataType::Int8, {1, 256, 4, 4}},
                                                  {"xd", DataType::Float, {1, 256, 4, 4}},
                                                  {"wd", DataType::Float, {256, 256, 3, 3}},
                                                  {"c", DataType::Float, {1, 256, 4, 4}}});
        const DevicePtr coral = device("coral-usb");
        Expected<DeviceReport> r = analyzeOnDevice(m, coral);
        QVERIFY(r.hasValue());
        QVERIFY(r->support.quantizedGraph);
        QCOMPARE(r->partition.forNode(test::idOf(m, "/conv"))->placement, Placement::Accelerator);
        QVERIFY2(
            contains(r->partition.log, "On-chip memory used for caching model parameters: 0.56MiB"),
            joined(r->partition.log).c_str());
        QCOMPARE(r->estimate.forNode(test::idOf(m, "/conv"))->weightBytes, uint64_t(589824));
        // Plus the input QuantizeLinear's scale and zero point, one byte each.
        QCOMPARE(r->estimate.onChipWeightBytes, uint64_t(589824 + 2));
    }

    void cpuMeasuresWithTheHostTimer()
    {
        const DevicePtr host = device("host-cpu");
        QVERIFY(host->profile().measuredOnHost);
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4});
        b.node("Relu", {"x"}, {"r"}, "/relu");
        b.node("Fancy", {"r"}, {"y"}, "/fancy").domain("com.acme");
        b.output("y", DataType::Float, {1, 4});
        const Model m = b.build();
        const NodeId relu = test::idOf(m, "/relu"), fancy = test::idOf(m, "/fancy");
        int calls = 0;
        EstimateOptions options;
        options.hostTimer = [&](const Model &timed, const CancelToken &,
                                ProgressSink &) -> Expected<HostTiming> {
            ++calls;
            if (timed.graph->nodes.size() != 2)
                return Status(ErrorCode::Internal, "another model");
            HostTiming t;
            t.nodeMs = {{relu, 1.5}, {fancy, 2.5}};
            t.totalMs = 4.5;
            t.threads = 2;
            t.runs = 7;
            return t;
        };
        Expected<DeviceReport> r = analyzeOnDevice(m, host, {}, options);
        QVERIFY(r.hasValue());
        QCOMPARE(calls, 1);
        // The host runs everything, custom ops included.
        QCOMPARE(r->partition.count(Placement::Accelerator), size_t(2));
        const Estimate &e = r->estimate;
        QVERIFY(e.measured);
        QCOMPARE(e.forNode(relu)->ms, 1.5);
        QCOMPARE(e.forNode(fancy)->ms, 2.5);
        QCOMPARE(e.totalMs, 4.5);
        QCOMPARE(e.acceleratorMs, 4.0);
        QCOMPARE(e.segments.size(), size_t(1));
        QCOMPARE(e.segments[0].computeMs, 4.0);
        const double watts = host->profile().activePower.value;
        QCOMPARE(e.forNode(relu)->energyMj, 1.5 * watts);
        QCOMPARE(e.energyMj, 4.5 * watts); // the whole run, the runtime's own work included
        QCOMPARE(e.transferMs, 0.0);        // the CPU is the host: nothing crosses a link
        QVERIFY(r->partition.crossings.empty());
        QCOMPARE(e.notes,
                 (std::vector<std::string>{"Measured on this machine with Silica's runtime: median of 7 runs on 2 "
                                           "thread(s), random inputs. A fused group's time is given to its first node.",
                                           "Nodes account for 4.000 ms of the 4.500 ms; the rest is the runtime's "
                                           "own work."}));

        // Asked not to measure, or measuring another CPU: the roofline, without calling the timer.
        options.measure = false;
        Expected<DeviceReport> estimated = analyzeOnDevice(m, host, {}, options);
        QVERIFY(!estimated->estimate.measured);
        QVERIFY(estimated->estimate.forNode(relu)->ms != 1.5);
        options.measure = true;
        Expected<DeviceReport> pi = analyzeOnDevice(m, device("raspberry-pi-4"), {}, options);
        QVERIFY(!pi->estimate.measured);
        QCOMPARE(calls, 1);
    }

    void cpuEstimatesWithoutATimer()
    {
        const DevicePtr host = device("host-cpu");
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 4});
        b.node("Relu", {"x"}, {"y"}, "/relu");
        b.output("y", DataType::Float, {1, 4});
        const Model m = b.build();
        Expected<DeviceReport> none = analyzeOnDevice(m, host);
        QVERIFY(none.hasValue());
        QVERIFY(!none->estimate.measured);
        QVERIFY(contains(none->estimate.notes,
                         "Not measured: this program has no runtime to time the model with."));
        QVERIFY(none->estimate.totalMs > 0);

        EstimateOptions failing;
        failing.hostTimer = [](const Model &, const CancelToken &,
                               ProgressSink &) -> Expected<HostTiming> {
            return Status(ErrorCode::Unsupported, "no kernel for Relu");
        };
        Expected<DeviceReport> failed = analyzeOnDevice(m, host, {}, failing);
        QVERIFY(failed.hasValue());
        QVERIFY(!failed->estimate.measured);
        QVERIFY(contains(failed->estimate.notes,
                         "Not measured (no kernel for Relu); the figures are estimates."));

        EstimateOptions cancelled;
        cancelled.hostTimer = [](const Model &, const CancelToken &,
                                 ProgressSink &) -> Expected<HostTiming> {
            return Status(ErrorCode::Cancelled, "cancelled");
        };
        Expected<DeviceReport> stopped = analyzeOnDevice(m, host, {}, cancelled);
        QVERIFY(!stopped);
        QCOMPARE(stopped.error().code(), ErrorCode::Cancelled);
    }

    void tensorRtWarnsAboutOpsetsItsParserCannotRead_data()
    {
        QTest::addColumn<int>("opset");
        QTest::addColumn<bool>("warns");
        QTest::newRow("opset 17") << 17 << true;
        QTest::newRow("opset 13") << 13 << false;
    }
    void tensorRtWarnsAboutOpsetsItsParserCannotRead()
    {
        QFETCH(int, opset);
        QFETCH(bool, warns);
        GraphBuilder b("main", opset);
        b.input("x", DataType::Float, {1, 4});
        b.node("Relu", {"x"}, {"y"}, "/relu");
        b.output("y", DataType::Float, {1, 4});
        const Model m = b.build();
        const DevicePtr nano = device("jetson-nano");
        const SupportAnalysis s = nano->analyzeSupport(m);
        const std::string banner =
            "The model uses opset 17; TensorRT 8.2's ONNX parser reads opsets up to 13. "
            "Export at opset 13 for the Jetson Nano (JetPack 4.6).";
        QCOMPARE(s.banners, warns ? std::vector<std::string>{banner} : std::vector<std::string>{});
        QCOMPARE(s.precision, Precision::Fp16);
        QVERIFY(s.forNode(test::idOf(m, "/relu"))->supported);
        const Partition p = nano->compile(m, s);
        QCOMPARE(p.log, (std::vector<std::string>{"TensorRT engines (estimated by Silica): 1",
                                                  "Layers in engines: 1, on the CPU: 0"}));
    }

    void hexagonWarnsAboutSeveralSegments()
    {
        GraphBuilder b;
        b.input("x", DataType::Float, {1, 8, 4, 4});
        b.node("Relu", {"x"}, {"a"}, "/relu1");
        b.node("Fancy", {"a"}, {"f"}, "/fancy").domain("com.acme");
        b.node("Relu", {"f"}, {"y"}, "/relu2");
        b.output("y", DataType::Float, {1, 8, 4, 4});
        const Model m = test::declare(b.build(), {{"a", DataType::Float, {1, 8, 4, 4}},
                                                  {"f", DataType::Float, {1, 8, 4, 4}}});
        const DevicePtr htp = device("hexagon-v73");
        const Partition p = htp->compile(m, htp->analyzeSupport(m));
        QCOMPARE(p.acceleratorSegments(), 2);
        QVERIFY2(contains(p.log, "HTP segments: 2"), joined(p.log).c_str());
        QVERIFY2(contains(p.log, "Ops on the HTP: 2, on the CPU: 1"), joined(p.log).c_str());
        QCOMPARE(p.banners.size(), size_t(2)); // the float model, the segments
        QVERIFY2(
            p.banners[1].find(
                "The model splits into 2 HTP segments; every switch to the CPU and back costs a "
                "round trip.") == 0,
            p.banners[1].c_str());
    }
};

QTEST_GUILESS_MAIN(TestDevicePlugins)
#include "tst_device_plugins.moc"
