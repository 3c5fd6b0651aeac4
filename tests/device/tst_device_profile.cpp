// Device profiles as files: the shipped ones parse with every figure sourced, and a broken
// file is rejected with a message naming the file, the field and what was expected there.

#include "core/device/device_profile.h"
#include "tests/device/device_fixtures.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <set>

using namespace silica;
using namespace silica::device;

namespace {

QStringList shippedProfileFiles()
{
    QStringList files;
    const QDir root(QStringLiteral(SILICA_SOURCE_DIR "/resources/devices"));
    for (const QString &family : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QDir devices(root.filePath(family));
        for (const QString &f :
             devices.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            files << devices.filePath(f);
    }
    return files;
}

} // namespace

class TestDeviceProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shipsEightProfilesWithUniqueIds()
    {
        const QStringList files = shippedProfileFiles();
        QCOMPARE(files.size(), 8);
        std::set<std::string> ids;
        for (const QString &file : files) {
            Expected<DeviceProfile> p = loadDeviceProfile(file.toStdString());
            QVERIFY2(p.hasValue(), p ? "" : p.error().message().c_str());
            QVERIFY2(ids.insert(p->id).second, p->id.c_str());
        }
        QCOMPARE(ids,
                 (std::set<std::string>{"coral-usb", "coral-usb-std", "hexagon-v68", "hexagon-v73",
                                        "jetson-nano", "host-cpu", "raspberry-pi-4",
                                        "snapdragon-8gen2-cpu"}));
    }

    void shippedProfileParses_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &file : shippedProfileFiles())
            QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
    }
    void shippedProfileParses()
    {
        QFETCH(QString, file);
        Expected<DeviceProfile> p = loadDeviceProfile(file.toStdString());
        QVERIFY2(p.hasValue(), p ? "" : p.error().message().c_str());
        // The file is named for the id and lies in its backend's folder.
        QCOMPARE(QString::fromStdString(p->id), QFileInfo(file).completeBaseName());
        QCOMPARE(QString::fromStdString(p->backend),
                 QFileInfo(file).dir().dirName());
        QCOMPARE(QString::fromStdString(p->file), file);
        QVERIFY(p->supportsPrecision(p->defaultPrecision));
        QVERIFY(!p->name.empty());
        QVERIFY(!p->host.name.empty());
        // figures(): 1 per precision, 9 device-wide (10 when weights stream), 6 efficiencies,
        // 5 host ones and the optional rank limits.
        const size_t expected = p->peakOps.size() + 9 + (p->weightsStreamFromHost ? 1 : 0) + 6 + 5 +
                                (p->maxRank ? 1 : 0) + (p->innermostDims ? 1 : 0);
        QCOMPARE(p->figures().size(), expected);
        for (const auto &[field, figure] : p->figures())
            QVERIFY2(!figure->source.empty(), field.c_str());
        for (const auto &[field, figure] : p->figures())
            QVERIFY2(figure->value >= 0, field.c_str());
        for (const auto &[op, support] : p->ops)
            for (const OpRule &rule : support.rules)
                QVERIFY2(!rule.reason.empty(), op.c_str());
        if (p->backend == "edgetpu") {
            QVERIFY(!p->multipleSegments);
            QVERIFY(p->weightsStreamFromHost);
            QCOMPARE(p->precisions(), std::vector<Precision>{Precision::Int8});
        }
    }

    void readsTheMinimalProfile()
    {
        Expected<DeviceProfile> p =
            parseDeviceProfile(test::toText(test::minimalProfileJson()), "mini.json");
        QVERIFY2(p.hasValue(), p ? "" : p.error().message().c_str());
        QCOMPARE(p->id, std::string("test-npu"));
        QCOMPARE(p->file, std::string("mini.json"));
        QCOMPARE(p->defaultPrecision, Precision::Int8);
        QCOMPARE(p->peakOps.at(Precision::Int8).value, 1e12);
        QCOMPARE(p->efficiencyOf(OpClass::Depthwise).value, 0.25);
        QCOMPARE(p->linkLatency.value, 1e-4);
        QCOMPARE(p->host.perNode.value, 2e-5);
        QCOMPARE(p->multipleSegments, true);
        QCOMPARE(p->weightsStreamFromHost, false);
        QVERIFY(!p->maxRank);
        QVERIFY(p->ops.empty());
    }

    void readsTagsAndRules()
    {
        QJsonObject o = test::minimalProfileJson();
        test::setPath(o, QStringLiteral("memory.bandwidth"), test::figureJson(5e9, "unconfirmed"));
        test::setPath(o, QStringLiteral("host.efficiency"), test::figureJson(0.3, "calibrated"));
        test::setPath(o, QStringLiteral("support.ops"), test::parseObject(R"({
            "Conv": {"rules": [
                {"check": "kernel_max", "value": 3, "when": "depthwise", "reason": "big dw kernel"},
                {"check": "attr_string", "attr": "auto_pad", "values": ["NOTSET", "VALID"], "reason": "pad"},
                {"check": "constant_input", "input": 1, "reason": "weights"}],
              "source": "conv rules"},
            "Relu": {}})"));
        Expected<DeviceProfile> p = parseDeviceProfile(test::toText(o), "tags.json");
        QVERIFY2(p.hasValue(), p ? "" : p.error().message().c_str());
        QVERIFY(p->memoryBandwidth.unconfirmed());
        QCOMPARE(p->host.efficiency.tag, Figure::Tag::Calibrated);
        QCOMPARE(p->ops.size(), size_t(2));
        const OpSupport &conv = p->ops.at("Conv");
        QCOMPARE(conv.source, std::string("conv rules"));
        QCOMPARE(conv.rules.size(), size_t(3));
        QCOMPARE(conv.rules[0].check, OpRule::Check::KernelMax);
        QCOMPARE(conv.rules[0].when, OpRule::When::Depthwise);
        QCOMPARE(conv.rules[0].value, 3.0);
        QCOMPARE(conv.rules[1].values, (std::vector<std::string>{"NOTSET", "VALID"}));
        QCOMPARE(conv.rules[2].input, 1);
        QVERIFY(p->ops.at("Relu").rules.empty());
    }

    void rejectsNonJsonWithLineAndColumn()
    {
        const std::string text = "{\n  \"schema\": 1,\n  \"id\": \"x\",,\n}\n";
        Expected<DeviceProfile> p = parseDeviceProfile(text, "/tmp/broken.json");
        QVERIFY(!p);
        const std::string m = p.error().message();
        QVERIFY2(m.find("device profile '/tmp/broken.json' is not valid JSON: ") == 0, m.c_str());
        // The stray comma is column 13; Qt's error offset points just past it.
        QVERIFY2(m.find("unterminated object at line 3, column 14") != std::string::npos,
                 m.c_str());

        Expected<DeviceProfile> array = parseDeviceProfile("[1, 2]", "list.json");
        QVERIFY(!array);
        QCOMPARE(array.error().message(),
                 std::string("device profile 'list.json': expected a JSON object at the top"));
    }

    // Each row changes the minimal profile at one path (an undefined value removes it).
    void rejectsBadField_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("message");
        const QJsonValue removed = QJsonValue(QJsonValue::Undefined);
        QTest::newRow("missing top-level field")
            << QStringLiteral("memory") << removed << QStringLiteral("missing \"memory\"");
        QTest::newRow("missing nested field") << QStringLiteral("host_link.latency") << removed
                                              << QStringLiteral("host_link: missing \"latency\"");
        QTest::newRow("number as string")
            << QStringLiteral("precisions.int8.peak_ops.value")
            << QJsonValue(QStringLiteral("fast"))
            << QStringLiteral("precisions.int8.peak_ops.value: expected a number, got a string");
        QTest::newRow("figure as number")
            << QStringLiteral("memory.bandwidth") << QJsonValue(1e9)
            << QStringLiteral("memory.bandwidth: expected a figure {\"value\": number, \"source\": "
                              "string}, got a number");
        QTest::newRow("bool as string")
            << QStringLiteral("partitioning.multiple_segments") << QJsonValue(QStringLiteral("no"))
            << QStringLiteral(
                   "partitioning.multiple_segments: expected true or false, got a string");
        QTest::newRow("unknown top-level field")
            << QStringLiteral("colour") << QJsonValue(QStringLiteral("red"))
            << QStringLiteral("colour: unknown field (expected one of: schema, id, name");
        QTest::newRow("unknown nested field")
            << QStringLiteral("memory.speed") << QJsonValue(test::figureJson(1))
            << QStringLiteral("memory.speed: unknown field (expected one of: bandwidth, "
                              "on_chip_bytes, weights_stream_from_host, stream_bandwidth)");
        QTest::newRow("unknown figure field")
            << QStringLiteral("power.idle.unit") << QJsonValue(QStringLiteral("W"))
            << QStringLiteral(
                   "power.idle.unit: unknown field (expected one of: value, source, tag)");
        QTest::newRow("bad precision name")
            << QStringLiteral("precisions.int4")
            << QJsonValue(QJsonObject{{QStringLiteral("peak_ops"), test::figureJson(1e12)}})
            << QStringLiteral(
                   "precisions.int4: expected a precision (int8, int16, fp16, fp32), got \"int4\"");
        QTest::newRow("no precision")
            << QStringLiteral("precisions") << QJsonValue(QJsonObject())
            << QStringLiteral("precisions: lists no precision; the device must run at least one");
        QTest::newRow("default precision not offered")
            << QStringLiteral("default_precision") << QJsonValue(QStringLiteral("fp16"))
            << QStringLiteral("default_precision: \"fp16\" is not one of the device's precisions");
        QTest::newRow("default precision unknown")
            << QStringLiteral("default_precision") << QJsonValue(QStringLiteral("float"))
            << QStringLiteral("default_precision: expected a precision (int8, int16, fp16, fp32), "
                              "got \"float\"");
        QTest::newRow("figure without source")
            << QStringLiteral("memory.bandwidth.source") << removed
            << QStringLiteral("memory.bandwidth: missing \"source\"");
        QTest::newRow("figure with empty source")
            << QStringLiteral("power.active.source") << QJsonValue(QString())
            << QStringLiteral("power.active.source: must say where the number comes from");
        QTest::newRow("bad tag") << QStringLiteral("power.active.tag")
                                 << QJsonValue(QStringLiteral("guess"))
                                 << QStringLiteral(
                                        "power.active.tag: expected \"src\", \"derived\", "
                                        "\"calibrated\" or \"unconfirmed\", got \"guess\"");
        QTest::newRow("efficiency above 1")
            << QStringLiteral("efficiency.conv.value") << QJsonValue(1.5)
            << QStringLiteral(
                   "efficiency.conv.value: expected a value between 1e-06 and 1, got 1.5");
        QTest::newRow("zero bandwidth")
            << QStringLiteral("host.bandwidth.value") << QJsonValue(0)
            << QStringLiteral("host.bandwidth.value: expected a value between 1 and 1e+300, got 0");
        QTest::newRow("schema 2")
            << QStringLiteral("schema") << QJsonValue(2)
            << QStringLiteral("schema: expected 1 (the format this Silica reads), got 2");
        QTest::newRow("id with capitals")
            << QStringLiteral("id") << QJsonValue(QStringLiteral("My-NPU"))
            << QStringLiteral("id: expected lower-case letters, digits and '-', got \"My-NPU\"");
        QTest::newRow("ops not an object")
            << QStringLiteral("support.ops") << QJsonValue(QJsonArray())
            << QStringLiteral(
                   "support.ops: expected an object of ONNX op type → entry, got an array");
    }
    void rejectsBadField()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, message);
        QJsonObject o = test::minimalProfileJson();
        test::setPath(o, path, value);
        Expected<DeviceProfile> p = parseDeviceProfile(test::toText(o), "/profiles/bad.json");
        QVERIFY(!p);
        const QString m = QString::fromStdString(p.error().message());
        QVERIFY2(m.startsWith(QStringLiteral("device profile '/profiles/bad.json': ") + message),
                 qPrintable(m));
    }

    // support.ops entries: each row is the Conv entry.
    void rejectsBadOpEntry_data()
    {
        QTest::addColumn<QByteArray>("entry");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown check")
            << QByteArray(R"({"rules": [{"check": "kernel_min", "value": 1, "reason": "r"}]})")
            << QStringLiteral(
                   "support.ops.Conv.rules[0].check: unknown check \"kernel_min\" (known: "
                   "attr_max, attr_equal, "
                   "attr_uniform, attr_string, kernel_max, kernel_equal, constant_input, "
                   "axis_not_batch, "
                   "non_unit_dims_max, elements_max, output_spatial_max, input_count_max)");
        QTest::newRow("second rule")
            << QByteArray(
                   R"({"rules": [{"check": "attr_uniform", "attr": "dilations", "reason": "r"},
                                                                  {"check": "bogus", "reason": "r"}]})")
            << QStringLiteral("support.ops.Conv.rules[1].check: unknown check \"bogus\"");
        QTest::newRow("missing parameter")
            << QByteArray(R"({"rules": [{"check": "attr_max", "value": 3, "reason": "r"}]})")
            << QStringLiteral("support.ops.Conv.rules[0]: missing \"attr\"");
        QTest::newRow("missing reason")
            << QByteArray(R"({"rules": [{"check": "kernel_max", "value": 3}]})")
            << QStringLiteral("support.ops.Conv.rules[0]: missing \"reason\"");
        QTest::newRow("value as string")
            << QByteArray(R"({"rules": [{"check": "kernel_max", "value": "3", "reason": "r"}]})")
            << QStringLiteral("support.ops.Conv.rules[0].value: expected a number, got a string");
        QTest::newRow("negative input")
            << QByteArray(R"({"rules": [{"check": "constant_input", "input": -1, "reason": "r"}]})")
            << QStringLiteral("support.ops.Conv.rules[0].input: expected an input index (0, 1, …)");
        QTest::newRow("bad when")
            << QByteArray(
                   R"({"rules": [{"check": "kernel_max", "value": 3, "when": "always", "reason": "r"}]})")
            << QStringLiteral("support.ops.Conv.rules[0].when: expected \"depthwise\", \"grouped\" "
                              "or \"regular\", got \"always\"");
        QTest::newRow("unknown rule field")
            << QByteArray(
                   R"({"rules": [{"check": "kernel_max", "value": 3, "reason": "r", "max": 4}]})")
            << QStringLiteral("support.ops.Conv.rules[0].max: unknown field");
        QTest::newRow("values not an array")
            << QByteArray(
                   R"({"rules": [{"check": "attr_string", "attr": "mode", "values": "constant", "reason": "r"}]})")
            << QStringLiteral(
                   "support.ops.Conv.rules[0].values: expected an array of strings, got a string");
        QTest::newRow("values not strings")
            << QByteArray(
                   R"({"rules": [{"check": "attr_string", "attr": "mode", "values": ["constant", 0], "reason": "r"}]})")
            << QStringLiteral(
                   "support.ops.Conv.rules[0].values[1]: expected a string, got a number");
        QTest::newRow("rules not an array")
            << QByteArray(R"({"rules": {}})")
            << QStringLiteral(
                   "support.ops.Conv.rules: expected an array of rule objects, got an object");
        QTest::newRow("unknown op field")
            << QByteArray(R"({"limits": []})")
            << QStringLiteral("support.ops.Conv.limits: unknown field (expected one of: "
                              "precisions, rules, source)");
        QTest::newRow("bad op precision")
            << QByteArray(R"({"precisions": ["int8", "fp64"]})")
            << QStringLiteral("support.ops.Conv.precisions[1]: expected a precision (int8, int16, "
                              "fp16, fp32), got \"fp64\"");
        QTest::newRow("op precision not offered")
            << QByteArray(R"({"precisions": ["fp16"]})")
            << QStringLiteral("support.ops.Conv.precisions[0]: \"fp16\" is not one of the device's "
                              "precisions");
        QTest::newRow("entry not an object")
            << QByteArray(R"(true)")
            << QStringLiteral(
                   "support.ops.Conv: expected an op entry object (may be {}), got true/false");
    }
    void rejectsBadOpEntry()
    {
        QFETCH(QByteArray, entry);
        QFETCH(QString, message);
        QJsonObject o = test::minimalProfileJson();
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("{\"Conv\": ") + entry + "}");
        QVERIFY(doc.isObject());
        test::setPath(o, QStringLiteral("support.ops"), doc.object());
        Expected<DeviceProfile> p = parseDeviceProfile(test::toText(o), "ops.json");
        QVERIFY(!p);
        const QString m = QString::fromStdString(p.error().message());
        QVERIFY2(m.startsWith(QStringLiteral("device profile 'ops.json': ") + message),
                 qPrintable(m));
    }

    void loadReportsAMissingFile()
    {
        Expected<DeviceProfile> p = loadDeviceProfile("/nonexistent/dir/npu.json");
        QVERIFY(!p);
        QCOMPARE(p.error().code(), ErrorCode::IoError);
        QVERIFY2(
            p.error().message().find("cannot read device profile '/nonexistent/dir/npu.json'") == 0,
            p.error().message().c_str());
    }
};

QTEST_GUILESS_MAIN(TestDeviceProfile)
#include "tst_device_profile.moc"
