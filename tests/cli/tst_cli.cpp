// silica-cli as a user runs it: the real binary, its text and JSON output and exit codes.

#include "core/graph/model_compare.h"
#include "core/graph/onnx_import.h"
#include "tests/common/test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace silica;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runCli(const QStringList &args)
{
    QProcess p;
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
