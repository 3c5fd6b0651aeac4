// silica-cli as a user runs it: the real binary, its text and JSON output and exit codes.

#include "core/graph/model_compare.h"
#include "core/graph/graph_index.h"
#include "core/graph/onnx_import.h"
#include "core/graph/tensor_stats.h"
#include "tests/common/test_support.h"

#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace silica;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Device profiles come from the plugins only: an empty user profile folder, no extra paths.
QProcessEnvironment cliEnvironment()
{
    static QTemporaryDir dataHome;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), dataHome.path());
    env.remove(QStringLiteral("SILICA_DEVICE_PATH"));
    env.remove(QStringLiteral("SILICA_PLUGIN_PATH"));
    return env;
}

const QStringList kDeviceIds{QStringLiteral("coral-usb"),     QStringLiteral("coral-usb-std"),
                             QStringLiteral("hexagon-v73"),   QStringLiteral("hexagon-v68"),
                             QStringLiteral("jetson-nano"),   QStringLiteral("host-cpu"),
                             QStringLiteral("raspberry-pi-4"), QStringLiteral("snapdragon-8gen2-cpu")};

Run runCli(const QStringList &args)
{
    QProcess p;
    p.setProcessEnvironment(cliEnvironment());
    p.start(QStringLiteral(SILICA_CLI_PATH), args);
    Run r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_model;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_model = m_dir.filePath(QStringLiteral("small.onnx"));
        QVERIFY(test::writeModel(m_model, test::smallCnn()));
    }

    void inspectPrintsSummaryAndNodeTable()
    {
        const Run r = runCli({QStringLiteral("inspect"), m_model});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        for (const char *expected :
             {"IR version:  8", "Opsets:      ai.onnx 17", "Producer:    silica-tests 1",
              "x                        float[1,3,8,8]", "logits                   float[1,10]",
              "Nodes:       7", "Parameters:  2685 (10.5 KiB)", "MACs:        9472",
              "/features/conv/Conv", "[1,4,8,8]"})
            QVERIFY2(r.out.contains(QLatin1String(expected)), expected);
    }

    void inspectJsonIsStable()
    {
        const Run r = runCli({QStringLiteral("inspect"), m_model, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject root = doc.object();
        QCOMPARE(root[QStringLiteral("node_count")].toInt(), 7);
        QCOMPARE(root[QStringLiteral("ir_version")].toInt(), 8);
        QCOMPARE(root[QStringLiteral("parameters")].toInteger(), 4 * 27 + 4 + 2560 + 10 + 3);
        QCOMPARE(root[QStringLiteral("macs")].toInteger(), 8 * 8 * 4 * 27 + 2560);
        QCOMPARE(root[QStringLiteral("op_histogram")].toObject()[QStringLiteral("Conv")].toInt(),
                 1);
        const QJsonArray inputs = root[QStringLiteral("inputs")].toArray();
        QCOMPARE(inputs.size(), 1);
        QCOMPARE(inputs[0].toObject()[QStringLiteral("shape")].toArray(), (QJsonArray{1, 3, 8, 8}));
        const QJsonArray nodes = root[QStringLiteral("nodes")].toArray();
        QCOMPARE(nodes.size(), 7);
        const QJsonObject conv = nodes[0].toObject();
        QCOMPARE(conv[QStringLiteral("name")].toString(), QStringLiteral("/features/conv/Conv"));
        QCOMPARE(conv[QStringLiteral("op")].toString(), QStringLiteral("Conv"));
        QCOMPARE(conv[QStringLiteral("macs")].toInteger(), 6912);
        QCOMPARE(conv[QStringLiteral("params")].toInteger(), 112);
        QCOMPARE(conv[QStringLiteral("scope")].toString(), QStringLiteral("features"));
        QCOMPARE(conv[QStringLiteral("outputs")]
                     .toArray()[0]
                     .toObject()[QStringLiteral("shape")]
                     .toArray(),
                 (QJsonArray{1, 4, 8, 8}));
    }

    void inspectsEveryConformanceModelAsJson()
    {
        // A sample across op families: JSON parses and node_count matches the nodes array.
        int checked = 0;
        const QStringList models = test::onnxTestModels();
        for (int i = 0; i < models.size(); i += 53) {
            const Run r = runCli({QStringLiteral("inspect"), models[i], QStringLiteral("--json")});
            QVERIFY2(r.exitCode == 0, qPrintable(models[i] + r.err));
            const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
            QCOMPARE(root[QStringLiteral("node_count")].toInt(),
                     root[QStringLiteral("nodes")].toArray().size());
            ++checked;
        }
        QVERIFY(checked > 10);
    }

    void layoutReportsTimeAndQuality()
    {
        for (const QString &mode : {QString(), QStringLiteral("--expand-all")}) {
            QStringList args{QStringLiteral("layout"), m_model, QStringLiteral("--json")};
            if (!mode.isEmpty())
                args << mode;
            const Run r = runCli(args);
            QCOMPARE(r.exitCode, 0);
            const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
            for (const char *key : {"nodes", "links", "groups", "visible_items", "layout_s",
                                    "crossings", "edge_length", "width", "height"})
                QVERIFY2(o.contains(QLatin1String(key)), key);
            QVERIFY(o.value(QStringLiteral("nodes")).toInt() > 2);
            QVERIFY(o.value(QStringLiteral("layout_s")).toDouble() >= 0);
            QVERIFY(o.value(QStringLiteral("edge_length")).toDouble() > 0);
        }
        const Run text = runCli({QStringLiteral("layout"), m_model});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains(QStringLiteral("edge crossings")), qPrintable(text.out));
        QCOMPARE(runCli({QStringLiteral("layout")}).exitCode, 1);
        QCOMPARE(runCli({QStringLiteral("layout"), m_model, QStringLiteral("--bogus")}).exitCode, 1);
        QCOMPARE(runCli({QStringLiteral("layout"), m_dir.filePath(QStringLiteral("nope.onnx"))}).exitCode, 2);
    }

    void badInputExitsWithTwo_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("not onnx") << QByteArray("just text")
                                  << QStringLiteral("not a valid ONNX file");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
    }
    void badInputExitsWithTwo()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        const QString path = m_dir.filePath(QStringLiteral("bad.onnx"));
        QVERIFY(test::writeFile(path, bytes.toStdString()));
        const Run r = runCli({QStringLiteral("inspect"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(message) && r.err.contains(QStringLiteral("bad.onnx")),
                 qPrintable(r.err));
    }

    void missingFileExitsWithTwo()
    {
        const Run r =
            runCli({QStringLiteral("inspect"), m_dir.filePath(QStringLiteral("nope.onnx"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("nope.onnx")));
    }

    void usageErrorsExitWithOne()
    {
        QCOMPARE(runCli({}).exitCode, 1);
        QCOMPARE(runCli({QStringLiteral("frobnicate")}).exitCode, 1);
        QCOMPARE(runCli({QStringLiteral("convert"), m_model}).exitCode, 1); // no -o
        QCOMPARE(runCli({QStringLiteral("inspect"), m_model, QStringLiteral("--bogus")}).exitCode,
                 1);
        QCOMPARE(runCli({QStringLiteral("help")}).exitCode, 0);
    }

    void convertRoundTrips_data()
    {
        QTest::addColumn<bool>("external");
        QTest::newRow("inline") << false;
        QTest::newRow("external data") << true;
    }
    void convertRoundTrips()
    {
        QFETCH(bool, external);
        const QString out =
            m_dir.filePath(external ? QStringLiteral("ext.onnx") : QStringLiteral("copy.onnx"));
        QStringList args{QStringLiteral("convert"), m_model, QStringLiteral("-o"), out};
        if (external)
            args << QStringLiteral("--external-data");
        const Run r = runCli(args);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QFile::exists(out + QStringLiteral(".data")), external);
        auto a = loadModel(m_model.toStdString());
        auto b = loadModel(out.toStdString());
        QVERIFY(a.hasValue() && b.hasValue());
        const std::string diff = modelDifference(*a->model, *b->model);
        QVERIFY2(diff.empty(), diff.c_str());
    }

    void convertFailureLeavesNoOutput()
    {
        const QString out = m_dir.filePath(QStringLiteral("no-such-dir/out.onnx"));
        const Run r = runCli({QStringLiteral("convert"), m_model, QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("out.onnx")));
        QVERIFY(!QFile::exists(out));
    }

    void devicesListsTheInstalledProfiles()
    {
        const Run r = runCli({QStringLiteral("devices")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        for (const QString &id : kDeviceIds)
            QVERIFY2(r.out.contains(QLatin1Char('\n') + id + QStringLiteral("  ")) ||
                         r.out.startsWith(id + QStringLiteral("  ")),
                     qPrintable(id + QStringLiteral(" in:\n") + r.out));
        QVERIFY(r.out.contains(
            QStringLiteral("coral-usb  Coral USB Accelerator (max clock)\n    backend edgetpu (")));
        QVERIFY(r.out.contains(QStringLiteral("from :/silica/devices/tensorrt/jetson-nano.json")));
        QVERIFY(r.out.contains(
            QStringLiteral("Add or override profiles by dropping JSON files into ")));

        const Run json = runCli({QStringLiteral("devices"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QStringList ids;
        for (const QJsonValue &d : root[QStringLiteral("devices")].toArray())
            ids << d.toObject()[QStringLiteral("id")].toString();
        ids.sort();
        QStringList expected = kDeviceIds;
        expected.sort();
        QCOMPARE(ids, expected);
        QCOMPARE(root[QStringLiteral("problems")].toArray().size(), 0);
        QVERIFY(root[QStringLiteral("user_profile_dir")].toString().endsWith(
            QStringLiteral("/silica/devices")));
        QCOMPARE(runCli({QStringLiteral("devices"), QStringLiteral("--bogus")}).exitCode, 1);
    }

    void devicesReadsProfileFolders()
    {
        QTemporaryDir dir;
        QFile shipped(QStringLiteral(SILICA_SOURCE_DIR "/resources/devices/edgetpu/coral-usb.json"));
        QVERIFY(shipped.open(QIODevice::ReadOnly));
        QJsonObject copy = QJsonDocument::fromJson(shipped.readAll()).object();
        copy[QStringLiteral("id")] = QStringLiteral("coral-pcie");
        QVERIFY(test::writeFile(dir.filePath(QStringLiteral("pcie.json")),
                                QJsonDocument(copy).toJson().toStdString()));
        QVERIFY(test::writeFile(dir.filePath(QStringLiteral("bad.json")), "{\"schema\": 1}"));
        const Run r = runCli({QStringLiteral("devices"), QStringLiteral("--profiles"), dir.path()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("coral-pcie  Coral USB Accelerator (max clock)")),
                 qPrintable(r.out));
        QVERIFY2(r.err.contains(QStringLiteral("silica-cli: warning: device profile '") +
                                dir.filePath(QStringLiteral("bad.json")) +
                                QStringLiteral("': missing \"id\" — skipped")),
                 qPrintable(r.err));
    }

    void profileReportsEveryNodeAsJson()
    {
        const Run r = runCli({QStringLiteral("profile"), m_model, QStringLiteral("--device"),
                              QStringLiteral("coral-usb"), QStringLiteral("--rate"),
                              QStringLiteral("10"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(root[QStringLiteral("model")].toString(), m_model);
        const QJsonArray devices = root[QStringLiteral("devices")].toArray();
        QCOMPARE(devices.size(), 1);
        const QJsonObject d = devices[0].toObject();
        QCOMPARE(d[QStringLiteral("device")].toString(), QStringLiteral("coral-usb"));
        QCOMPARE(d[QStringLiteral("precision")].toString(), QStringLiteral("int8"));
        QCOMPARE(d[QStringLiteral("measured")].toBool(), false);
        QVERIFY(d[QStringLiteral("banners")].toArray()[0].toString().startsWith(
            QStringLiteral("This float model is analysed as the int8 model")));
        QVERIFY(d[QStringLiteral("compiler_log")].toArray().contains(
            QStringLiteral("Number of Edge TPU subgraphs: 1")));

        const QJsonArray nodes = d[QStringLiteral("nodes")].toArray();
        QCOMPARE(nodes.size(), 7);
        QStringList summary;
        double nodeMs = 0;
        for (const QJsonValue &v : nodes) {
            const QJsonObject n = v.toObject();
            for (const char *key :
                 {"name", "op", "placement", "reason", "precision", "segment", "latency_ms",
                  "bound", "weight_bytes", "activation_bytes", "energy_mj"})
                QVERIFY2(n.contains(QLatin1String(key)), key);
            summary << n[QStringLiteral("name")].toString() + QLatin1Char(' ') +
                           n[QStringLiteral("placement")].toString();
            nodeMs += n[QStringLiteral("latency_ms")].toDouble();
        }
        QCOMPARE(summary, (QStringList{QStringLiteral("/features/conv/Conv accelerator"),
                                       QStringLiteral("/features/relu/Relu folded"),
                                       QStringLiteral("/features/Identity folded"),
                                       QStringLiteral("/head/dropout/Dropout folded"),
                                       QStringLiteral("/head/Flatten accelerator"),
                                       QStringLiteral("/head/fc/Gemm accelerator"),
                                       QStringLiteral("/side/Sigmoid accelerator")}));
        const QJsonObject conv = nodes[0].toObject();
        QCOMPARE(conv[QStringLiteral("reason")].toString(), QString());
        QCOMPARE(conv[QStringLiteral("segment")].toInt(), 0);
        QCOMPARE(conv[QStringLiteral("weight_bytes")].toInteger(), 4 * 27 + 4); // int8
        QVERIFY(conv[QStringLiteral("latency_ms")].toDouble() > 0);
        const QJsonObject relu = nodes[1].toObject();
        QCOMPARE(relu[QStringLiteral("reason")].toString(),
                 QStringLiteral("fused into /features/conv/Conv by the converter"));
        QCOMPARE(relu[QStringLiteral("latency_ms")].toDouble(), 0.0);
        QCOMPARE(relu[QStringLiteral("bound")].toString(), QStringLiteral("none"));
        QCOMPARE(relu[QStringLiteral("segment")].toInt(), -1);

        const QJsonObject totals = d[QStringLiteral("totals")].toObject();
        QCOMPARE(totals[QStringLiteral("accelerator_segments")].toInt(), 1);
        QCOMPARE(totals[QStringLiteral("accelerator_share")].toDouble(), 1.0);
        QCOMPARE(totals[QStringLiteral("cpu_ms")].toDouble(), 0.0);
        QCOMPARE(totals[QStringLiteral("accelerator_ms")].toDouble(), nodeMs);
        const double total = totals[QStringLiteral("latency_ms")].toDouble();
        QCOMPARE(total, nodeMs + totals[QStringLiteral("transfer_ms")].toDouble() +
                            totals[QStringLiteral("overhead_ms")].toDouble());
        const QJsonArray segments = d[QStringLiteral("segments")].toArray();
        QCOMPARE(segments.size(), 1);
        QCOMPARE(segments[0].toObject()[QStringLiteral("nodes")].toInt(), 4);
        // x in (192 int8 bytes) and the logits out (10).
        QStringList crossings;
        for (const QJsonValue &x : d[QStringLiteral("crossings")].toArray())
            crossings << x.toObject()[QStringLiteral("value")].toString() + QLatin1Char(':') +
                             QString::number(x.toObject()[QStringLiteral("bytes")].toInteger());
        QCOMPARE(crossings, (QStringList{QStringLiteral("x:192"), QStringLiteral("logits:10")}));
        const QJsonObject energy = d[QStringLiteral("energy")].toObject();
        QCOMPARE(energy[QStringLiteral("rate_hz")].toDouble(), 10.0);
        QCOMPARE(energy[QStringLiteral("duty_cycle")].toDouble(), total * 1e-3 * 10);
        QVERIFY(energy[QStringLiteral("average_w")].toDouble() > 0);
    }

    void profileComparesAllDevices()
    {
        const Run r = runCli({QStringLiteral("profile"), m_model, QStringLiteral("--all-devices")});
        QCOMPARE(r.exitCode, 0);
        const qsizetype table = r.out.indexOf(QStringLiteral(
            "device                 latency (ms)     source  energy (mJ)  on device  segments\n"));
        QVERIFY2(table >= 0, qPrintable(r.out));
        const QStringList rows =
            r.out.mid(table).split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(1);
        QCOMPARE(rows.size(), kDeviceIds.size());
        for (const QString &id : kDeviceIds)
            QVERIFY2(std::any_of(
                         rows.begin(), rows.end(),
                         [&](const QString &row) { return row.startsWith(id + QLatin1Char(' ')); }),
                     qPrintable(id));
        for (const QString &row : rows)
            QVERIFY2(row.contains(row.startsWith(QStringLiteral("host-cpu "))
                                      ? QStringLiteral(" measured ")
                                      : QStringLiteral(" estimate ")),
                     qPrintable(row));
        QVERIFY(r.out.contains(QStringLiteral(
            "== Coral USB Accelerator (max clock) (coral-usb) at int8, estimate ==")));
    }

    void profileRejectsBadArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown device")
            << QStringList{QStringLiteral("--device"), QStringLiteral("tpu-v9")} << 1
            << QStringLiteral("silica-cli profile: no device 'tpu-v9' (installed: ");
        QTest::newRow("rate 0") << QStringList{QStringLiteral("--device"),
                                               QStringLiteral("coral-usb"),
                                               QStringLiteral("--rate"), QStringLiteral("0")}
                                << 1
                                << QStringLiteral("silica-cli profile: --rate takes inferences per "
                                                  "second (a positive number), not '0'");
        QTest::newRow("rate not a number")
            << QStringList{QStringLiteral("--device"), QStringLiteral("coral-usb"),
                           QStringLiteral("--rate"), QStringLiteral("fast")}
            << 1
            << QStringLiteral("--rate takes inferences per second (a positive number), not 'fast'");
        QTest::newRow("no device")
            << QStringList{} << 1
            << QStringLiteral(
                   "say which device: --device ID (see 'silica-cli devices') or --all-devices");
        QTest::newRow("bad precision")
            << QStringList{QStringLiteral("--device"), QStringLiteral("coral-usb"),
                           QStringLiteral("--precision"), QStringLiteral("int4")}
            << 1 << QStringLiteral("--precision takes int8, int16, fp16 or fp32, not 'int4'");
        QTest::newRow("rate infinite")
            << QStringList{QStringLiteral("--device"), QStringLiteral("coral-usb"), QStringLiteral("--rate"),
                           QStringLiteral("inf")}
            << 1 << QStringLiteral("--rate takes inferences per second (a positive number), not 'inf'");
        QTest::newRow("dim without size")
            << QStringList{QStringLiteral("--device"), QStringLiteral("coral-usb"), QStringLiteral("--dim"),
                           QStringLiteral("batch")}
            << 1 << QStringLiteral("--dim takes NAME=N with N ≥ 1 (a symbolic dimension of the model), not 'batch'");
        QTest::newRow("device and all devices")
            << QStringList{QStringLiteral("--device"), QStringLiteral("coral-usb"), QStringLiteral("--all-devices")}
            << 1 << QStringLiteral("give --device or --all-devices, not both");
        QTest::newRow("profiles folder missing")
            << QStringList{QStringLiteral("--device"), QStringLiteral("coral-usb"), QStringLiteral("--profiles"),
                           QStringLiteral("/nonexistent/profiles")}
            << 2 << QStringLiteral("--profiles: '/nonexistent/profiles' is not a folder of device profiles");
        QTest::newRow("dim zero")
            << QStringList{QStringLiteral("--device"), QStringLiteral("coral-usb"), QStringLiteral("--dim"),
                           QStringLiteral("batch=0")}
            << 1 << QStringLiteral("not 'batch=0'");
    }
    void profileRejectsBadArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run r = runCli(QStringList{QStringLiteral("profile"), m_model} + args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        if (QTest::currentDataTag() == QByteArray("unknown device"))
            for (const QString &id : kDeviceIds)
                QVERIFY2(r.err.contains(id), qPrintable(id));
    }

    void profileOfAMissingModelExitsWithTwo()
    {
        const Run r =
            runCli({QStringLiteral("profile"), m_dir.filePath(QStringLiteral("nope.onnx")),
                    QStringLiteral("--device"), QStringLiteral("coral-usb")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("nope.onnx")), qPrintable(r.err));
    }

    void quantizeWritesAQdqModelAndItsSqnr()
    {
        const QString out = m_dir.filePath(QStringLiteral("small_qdq.onnx"));
        const Run r = runCli({QStringLiteral("quantize"), m_model, QStringLiteral("--calib"), QStringLiteral("random"),
                              QStringLiteral("--samples"), QStringLiteral("4"), QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QStringLiteral("random inputs are used")), qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("calibrated on 4 random samples (seed 1) with minmax")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("output logits: SQNR ")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral(" against the float model over 4 sample(s)")), qPrintable(r.out));
        QVERIFY(QFile::exists(out));
        // The written model opens and holds QuantizeLinear nodes.
        const Run inspect = runCli({QStringLiteral("inspect"), out});
        QCOMPARE(inspect.exitCode, 0);
        QVERIFY(inspect.out.contains(QStringLiteral("QuantizeLinear")));
    }

    void quantizeWritesAnErrorReportPerNode()
    {
        const QString out = m_dir.filePath(QStringLiteral("report_qdq.onnx"));
        const QString report = m_dir.filePath(QStringLiteral("report.json"));
        const Run r = runCli({QStringLiteral("quantize"), m_model, QStringLiteral("--calib"), QStringLiteral("random"),
                              QStringLiteral("--samples"), QStringLiteral("4"), QStringLiteral("--error-samples"),
                              QStringLiteral("2"), QStringLiteral("-o"), out, QStringLiteral("--report"), report});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("wrote the error report ") + report), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("nodes that inject the most error")), qPrintable(r.out));
        // The nodes the written model quantizes: they read a dequantized value or write one to
        // be quantized (Relu reads its Conv's float output, fused).
        auto qdq = loadModel(out.toStdString());
        QVERIFY(qdq.hasValue());
        QStringList quantized;
        for (const NodePtr &n : qdq->model->graph->nodes) {
            if (n->opType == "QuantizeLinear" || n->opType == "DequantizeLinear")
                continue;
            const auto endsWith = [](const std::string &s, const std::string &suffix) {
                return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
            };
            bool q = false;
            for (const std::string &in : n->inputs)
                q = q || endsWith(in, "_dequantized");
            for (const std::string &o : n->outputs)
                q = q || endsWith(o, "_float");
            if (q)
                quantized << QString::fromStdString(n->name);
        }
        QVERIFY(quantized.contains(QStringLiteral("/features/conv/Conv")));
        QVERIFY(quantized.contains(QStringLiteral("/head/fc/Gemm")));
        QVERIFY2(r.out.contains(QStringLiteral("quantized %1 of ").arg(quantized.size())), qPrintable(r.out));

        QFile file(report);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(file.readAll(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(root.value(QStringLiteral("samples")).toInt(), 2);
        QCOMPARE(root.value(QStringLiteral("method")).toString(), QStringLiteral("minmax"));
        QVERIFY(root.value(QStringLiteral("outputs")).toObject().contains(QStringLiteral("logits")));
        const QJsonObject nodes = root.value(QStringLiteral("nodes")).toObject();
        int quantizedEntries = 0;
        for (auto it = nodes.begin(); it != nodes.end(); ++it)
            quantizedEntries += it.value().toObject().value(QStringLiteral("quantized")).toBool() ? 1 : 0;
        QCOMPARE(quantizedEntries, quantized.size());
        for (const QString &name : std::as_const(quantized)) {
            const QJsonObject node = nodes.value(name).toObject();
            QVERIFY2(!node.isEmpty(), qPrintable(name));
            QVERIFY2(node.value(QStringLiteral("quantized")).toBool(), qPrintable(name));
            for (const char *key : {"sqnr_db", "cosine", "max_abs"})
                QVERIFY2(node.contains(QLatin1String(key)), key);
            for (const char *part : {"injected", "inherited"}) {
                const QJsonObject split = node.value(QLatin1String(part)).toObject();
                for (const char *key : {"sqnr_db", "cosine", "max_abs"})
                    QVERIFY2(split.contains(QLatin1String(key)), qPrintable(name + QLatin1Char(' ') +
                                                                         QLatin1String(part) + QLatin1Char(' ') +
                                                                         QLatin1String(key)));
            }
            QVERIFY(node.value(QStringLiteral("cosine")).toDouble() > 0.9);
        }
        // The first layer reads the model input: it inherits no error (infinite SQNR, null).
        QVERIFY(nodes.value(QStringLiteral("/features/conv/Conv"))
                    .toObject()
                    .value(QStringLiteral("inherited"))
                    .toObject()
                    .value(QStringLiteral("sqnr_db"))
                    .isNull());
    }

    void quantizeToFloat16ReportsItsSqnr()
    {
        const QString out = m_dir.filePath(QStringLiteral("small_fp16.onnx"));
        const Run r = runCli({QStringLiteral("quantize"), m_model, QStringLiteral("--calib"), QStringLiteral("random"),
                              QStringLiteral("--samples"), QStringLiteral("4"), QStringLiteral("--precision"),
                              QStringLiteral("fp16"), QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral(" nodes to float16, kept ")), qPrintable(r.out));
        static const QRegularExpression sqnr(QStringLiteral("output logits: SQNR (\\d+\\.\\d) dB, cosine "));
        const QRegularExpressionMatch m = sqnr.match(r.out);
        QVERIFY2(m.hasMatch(), qPrintable(r.out));
        QVERIFY2(m.captured(1).toDouble() > 40, qPrintable(r.out)); // float16 is close to float32
        auto converted = loadModel(out.toStdString());
        QVERIFY(converted.hasValue());
        bool half = false;
        for (const TensorPtr &t : converted->model->graph->initializers)
            half = half || t->dataType == DataType::Float16;
        QVERIFY(half);
    }

    void quantizeRanksNodesBySensitivity()
    {
        const QString out = m_dir.filePath(QStringLiteral("sens_qdq.onnx"));
        const Run r = runCli({QStringLiteral("quantize"), m_model, QStringLiteral("--calib"), QStringLiteral("random"),
                              QStringLiteral("--samples"), QStringLiteral("4"), QStringLiteral("--sensitivity"),
                              QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("sensitivity over 4 sample(s), fully quantized output SQNR ")),
                 qPrintable(r.out));
        // One line per quantized node: name, op, gain, and its SQNR quantized alone.
        static const QRegularExpression line(
            QStringLiteral("^  (\\S+)\\s+(\\w+)\\s+([+-]\\d+\\.\\d\\d|[+-]?inf) dB \\(quantized alone: "),
            QRegularExpression::MultilineOption);
        QStringList ranked;
        for (auto it = line.globalMatch(r.out.section(QStringLiteral("sensitivity over"), 1)); it.hasNext();)
            ranked << it.next().captured(1);
        QVERIFY2(ranked.contains(QStringLiteral("/features/conv/Conv")), qPrintable(r.out));
        QVERIFY2(ranked.contains(QStringLiteral("/head/fc/Gemm")), qPrintable(r.out));
        QVERIFY(!r.out.contains(QStringLiteral("keeping the worst")));
    }

    void quantizeKeepsTheWorstNodeInFloat()
    {
        const QString out = m_dir.filePath(QStringLiteral("keep_qdq.onnx"));
        const Run r = runCli({QStringLiteral("quantize"), m_model, QStringLiteral("--calib"), QStringLiteral("random"),
                              QStringLiteral("--samples"), QStringLiteral("4"), QStringLiteral("--keep-worst"),
                              QStringLiteral("1"), QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("keeping the worst 1 in float: output SQNR ")), qPrintable(r.out));
        // The node kept is the top of the ranking, and the model written keeps it in float.
        static const QRegularExpression first(QStringLiteral("keeping a node in float gives:\\n  (\\S+) "));
        const QString worst = first.match(r.out).captured(1);
        QVERIFY2(!worst.isEmpty(), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("wrote ") + out + QStringLiteral(" with ") + worst +
                                QStringLiteral(" kept in float")),
                 qPrintable(r.out));
        auto written = loadModel(out.toStdString());
        QVERIFY(written.hasValue());
        bool found = false;
        for (const NodePtr &n : written->model->graph->nodes)
            if (QString::fromStdString(n->name) == worst) {
                found = true;
                for (const std::string &o : n->outputs)
                    QVERIFY2(o.find("_float") == std::string::npos, o.c_str());
            }
        QVERIFY(found);
    }

    void quantizeReportToAnUnwritablePathFails_data()
    {
        QTest::addColumn<QString>("report");
        QTest::newRow("folder under a file") << QStringLiteral("small.onnx/report.json");
        QTest::newRow("a folder") << QStringLiteral("reports");
    }
    void quantizeReportToAnUnwritablePathFails()
    {
        QFETCH(QString, report);
        QTemporaryDir dir;
        QVERIFY(QFile::copy(m_model, dir.filePath(QStringLiteral("small.onnx"))));
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("reports")));
        const QString path = dir.filePath(report);
        const Run r = runCli({QStringLiteral("quantize"), m_model, QStringLiteral("--calib"), QStringLiteral("random"),
                              QStringLiteral("--samples"), QStringLiteral("2"), QStringLiteral("-o"),
                              m_dir.filePath(QStringLiteral("unwritable_qdq.onnx")), QStringLiteral("--report"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("silica-cli quantize: cannot write ") + path), qPrintable(r.err));
        QVERIFY(!r.out.contains(QStringLiteral("wrote the error report")));
        // Nothing left behind: no report, no temporary file beside it.
        QVERIFY(!QFileInfo(path).isFile());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::NoDotAndDotDot), QStringList{QStringLiteral("small.onnx")});
        QVERIFY(QDir(dir.filePath(QStringLiteral("reports"))).isEmpty());
    }

    void quantizeRejectsBadArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("no calibration data") << QStringList{QStringLiteral("-o"), QStringLiteral("x.onnx")} << 1
                                             << QStringLiteral("say what to calibrate on");
        QTest::newRow("no output") << QStringList{QStringLiteral("--calib"), QStringLiteral("random")} << 1
                                   << QStringLiteral("say where the quantized model goes");
        QTest::newRow("bad method")
            << QStringList{QStringLiteral("--calib"), QStringLiteral("random"), QStringLiteral("--method"),
                           QStringLiteral("kl"), QStringLiteral("-o"), QStringLiteral("x.onnx")}
            << 1 << QStringLiteral("--method takes minmax, percentile, entropy or mse, not 'kl'");
        QTest::newRow("missing data")
            << QStringList{QStringLiteral("--calib"), QStringLiteral("/nonexistent/calib"), QStringLiteral("-o"),
                           QStringLiteral("x.onnx")}
            << 2 << QStringLiteral("calibration data '/nonexistent/calib' does not exist");
        const QStringList calibAndOutput{QStringLiteral("--calib"), QStringLiteral("random"), QStringLiteral("-o"),
                                         QStringLiteral("x.onnx")};
        QTest::newRow("bad precision") << calibAndOutput + QStringList{QStringLiteral("--precision"), QStringLiteral("int4")}
                                       << 1 << QStringLiteral("--precision takes int8, int16 or fp16, not 'int4'");
        QTest::newRow("keep none") << calibAndOutput + QStringList{QStringLiteral("--keep-worst"), QStringLiteral("0")}
                                   << 1 << QStringLiteral("--keep-worst takes a positive count");
        QTest::newRow("no error samples")
            << calibAndOutput + QStringList{QStringLiteral("--error-samples"), QStringLiteral("0")} << 1
            << QStringLiteral("--error-samples takes a positive count");
        QTest::newRow("two means") << calibAndOutput + QStringList{QStringLiteral("--mean"), QStringLiteral("0.4,0.5")}
                                   << 1 << QStringLiteral("--mean takes one number or three, comma-separated");
        QTest::newRow("zero std") << calibAndOutput + QStringList{QStringLiteral("--std"), QStringLiteral("0.2,0,0.2")}
                                  << 1 << QStringLiteral("--std takes one number or three, comma-separated, in the model's channel order, each > 0");
        QTest::newRow("bad layout") << calibAndOutput + QStringList{QStringLiteral("--layout"), QStringLiteral("chw")}
                                    << 1 << QStringLiteral("--layout takes nchw or nhwc, not 'chw'");
        QTest::newRow("bad resize") << calibAndOutput + QStringList{QStringLiteral("--resize"), QStringLiteral("fit")}
                                    << 1 << QStringLiteral("--resize takes crop");
        QTest::newRow("zero pixel scale")
            << calibAndOutput + QStringList{QStringLiteral("--pixel-scale"), QStringLiteral("0")} << 1
            << QStringLiteral("--pixel-scale takes a non-zero number");
        QTest::newRow("sensitivity of fp16")
            << calibAndOutput + QStringList{QStringLiteral("--precision"), QStringLiteral("fp16"),
                                            QStringLiteral("--sensitivity")}
            << 1 << QStringLiteral("--sensitivity, --keep-worst, --int16 and --signed are for int8 / int16 quantization");
    }

    // Signed, symmetric activations (what TensorRT takes): int8 zero points, all 0.
    void quantizeToSignedSymmetricActivations()
    {
        const QString out = m_dir.filePath(QStringLiteral("signed_qdq.onnx"));
        const Run r = runCli({QStringLiteral("quantize"), m_model, QStringLiteral("--calib"), QStringLiteral("random"),
                              QStringLiteral("--samples"), QStringLiteral("4"), QStringLiteral("--signed"),
                              QStringLiteral("--symmetric"), QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("(int8 activations, per-channel int8 weights)")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("output logits: SQNR ")), qPrintable(r.out));
        auto written = loadModel(out.toStdString());
        QVERIFY(written.hasValue());
        const GraphIndex &index = written->model->graph->index();
        int quantizers = 0;
        for (const NodePtr &n : written->model->graph->nodes) {
            if (n->opType != "QuantizeLinear")
                continue;
            ++quantizers;
            const Tensor *zero = index.initializer(n->inputs.at(2));
            QVERIFY(zero);
            QCOMPARE(zero->dataType, DataType::Int8);
            auto values = tensorValues(*zero, 1 << 20);
            QVERIFY(values.hasValue());
            for (double v : *values)
                QCOMPARE(v, 0.0);
        }
        QVERIFY(quantizers > 0);
    }

    // Image preprocessing from the command line reaches the calibration source.
    void quantizeTakesImagePreprocessing()
    {
        QTemporaryDir images;
        for (int i = 0; i < 2; ++i) {
            QImage image(12, 10, QImage::Format_RGB32);
            image.fill(QColor(40 * i, 200, 90));
            QVERIFY(image.save(images.filePath(QStringLiteral("img%1.png").arg(i))));
        }
        const QString out = m_dir.filePath(QStringLiteral("images_qdq.onnx"));
        const Run r = runCli({QStringLiteral("quantize"), m_model, QStringLiteral("--calib"), images.path(),
                              QStringLiteral("--resize"), QStringLiteral("stretch"), QStringLiteral("--bgr"),
                              QStringLiteral("--pixel-scale"), QStringLiteral("0.5"), QStringLiteral("--mean"),
                              QStringLiteral("0.5"), QStringLiteral("--std"), QStringLiteral("2,3,4"),
                              QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral(
                     "2 images (8×8, NCHW, BGR, stretched; x·0.5, mean 0.5 0.5 0.5, std 2 3 4)")),
                 qPrintable(r.out));
    }

    void quantizeRejectsBadArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run r = runCli(QStringList{QStringLiteral("quantize"), m_model} + args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void cleanRemovesPassthroughNodes()
    {
        const QString out = m_dir.filePath(QStringLiteral("clean.onnx"));
        const Run r = runCli({QStringLiteral("clean"), m_model, QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Removed 1 Identity, 1 Dropout and 1 dead node")),
                 qPrintable(r.out));
        auto cleaned = loadModel(out.toStdString());
        QVERIFY(cleaned.hasValue());
        QCOMPARE(cleaned->model->graph->nodes.size(), size_t(4));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
