// `silica-cli run` as a user runs it: the real binary, its files, tables, JSON and exit codes.

#include "core/graph/graph_builder.h"
#include "core/runtime/tensor_io.h"
#include "tests/common/test_support.h"

#include <QDir>
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
    p.start(QStringLiteral(SILICA_CLI_PATH), QStringList{QStringLiteral("run")} + args);
    Run r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QByteArray describe(const Run &r)
{
    return (QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(r.exitCode).arg(r.out, r.err)).toUtf8();
}

} // namespace

class TestCliRun : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_model;

    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_model = path(QStringLiteral("small.onnx"));
        QVERIFY(test::writeModel(m_model, test::smallCnn()));
    }

    void writesEveryOutputAsNpy()
    {
        const QString out = path(QStringLiteral("out"));
        const Run r = runCli({m_model, QStringLiteral("--random"), QStringLiteral("--output-dir"), out});
        QVERIFY2(r.exitCode == 0, describe(r));
        QVERIFY2(r.out.contains(QStringLiteral("logits  float[1,10]")), describe(r));
        auto logits = runtime::loadNpy(QString(out + QStringLiteral("/logits.npy")).toStdString());
        QVERIFY2(logits, logits ? "" : logits.error().message().c_str());
        QCOMPARE(logits->shape(), runtime::Shape({1, 10}));
    }

    void inputFilesGiveTheSameResultEveryTime()
    {
        runtime::Tensor x = runtime::Tensor::allocate(DataType::Float, {1, 3, 8, 8});
        for (int64_t i = 0; i < x.elementCount(); ++i)
            x.mutableData<float>()[i] = float(i % 13) * 0.1f - 0.5f;
        const QString in = path(QStringLiteral("x.npy"));
        QVERIFY(runtime::saveNpy(in.toStdString(), x));
        const QString a = path(QStringLiteral("a")), b = path(QStringLiteral("b"));
        const Run one = runCli({m_model, QStringLiteral("--input"), QStringLiteral("x=") + in,
                                QStringLiteral("--output-dir"), a, QStringLiteral("--threads"), QStringLiteral("1")});
        const Run two = runCli({m_model, QStringLiteral("--input"), QStringLiteral("x=") + in,
                                QStringLiteral("--output-dir"), b, QStringLiteral("--threads"), QStringLiteral("2")});
        QVERIFY2(one.exitCode == 0 && two.exitCode == 0, QByteArray(describe(one) + describe(two)).constData());
        auto ya = runtime::loadNpy(QString(a + QStringLiteral("/logits.npy")).toStdString());
        auto yb = runtime::loadNpy(QString(b + QStringLiteral("/logits.npy")).toStdString());
        QVERIFY(ya && yb);
        const std::vector<double> va = ya->toDoubles(), vb = yb->toDoubles();
        for (size_t i = 0; i < va.size(); ++i)
            QVERIFY(std::fabs(va[i] - vb[i]) < 1e-6);
        // Conv(3x3) → Relu → mean-ish Gemm with 0.01 weights: a fixed, non-trivial result.
        QVERIFY(va[0] > 0.0);
    }

    void jsonReportsMedianAndOutputs()
    {
        const Run r = runCli({m_model, QStringLiteral("--random"), QStringLiteral("--repeat"),
                              QStringLiteral("5"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, describe(r));
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY2(root.value(QStringLiteral("median_ms")).toDouble() > 0.0, describe(r));
        QCOMPARE(root.value(QStringLiteral("runs_ms")).toArray().size(), 5);
        QCOMPARE(root.value(QStringLiteral("repeat")).toInt(), 5);
        const QJsonObject out = root.value(QStringLiteral("outputs")).toArray().at(0).toObject();
        QCOMPARE(out.value(QStringLiteral("name")).toString(), QStringLiteral("logits"));
        QCOMPARE(out.value(QStringLiteral("shape")).toArray(), QJsonArray({1, 10}));
    }

    void profilePrintsNodesSortedByCost()
    {
        const Run r = runCli({m_model, QStringLiteral("--random"), QStringLiteral("--repeat"),
                              QStringLiteral("3"), QStringLiteral("--profile")});
        QVERIFY2(r.exitCode == 0, describe(r));
        QVERIFY2(r.out.contains(QStringLiteral("per-node latency (median of 3, sorted by cost)")), describe(r));
        // Conv and its Relu run fused: one row names both nodes.
        QVERIFY2(r.out.contains(QStringLiteral("Conv+Relu")), describe(r));
        QVERIFY2(r.out.contains(QStringLiteral("/features/conv/Conv, /features/relu/Relu")), describe(r));
        QVector<double> ms;
        const QStringList lines = r.out.split(QLatin1Char('\n'));
        const qsizetype header = lines.indexOf(QStringLiteral("      ms   share  op                  node"));
        QVERIFY(header > 0);
        for (qsizetype i = header + 1; i < lines.size() && !lines[i].trimmed().isEmpty(); ++i)
            ms << lines[i].trimmed().section(QLatin1Char(' '), 0, 0).toDouble();
        QVERIFY(ms.size() >= 4);
        for (qsizetype i = 1; i < ms.size(); ++i)
            QVERIFY(ms[i - 1] >= ms[i]);
        const Run json = runCli({m_model, QStringLiteral("--random"), QStringLiteral("--profile"), QStringLiteral("--json")});
        const QJsonArray profile = QJsonDocument::fromJson(json.out.toUtf8()).object().value(QStringLiteral("profile")).toArray();
        QVERIFY2(!profile.isEmpty(), describe(json));
        QVERIFY(profile.at(0).toObject().contains(QStringLiteral("share")));
    }

    void dumpDirHoldsEveryIntermediateTensor()
    {
        const QString dump = path(QStringLiteral("dump"));
        const Run r = runCli({m_model, QStringLiteral("--random"), QStringLiteral("--dump-dir"), dump});
        QVERIFY2(r.exitCode == 0, describe(r));
        const QStringList files = QDir(dump).entryList({QStringLiteral("*.npy")}, QDir::Files, QDir::Name);
        // Every node output, each under its value name: c, r, r_id, d, f, logits, dead.
        QCOMPARE(files, QStringList({QStringLiteral("c.npy"), QStringLiteral("d.npy"), QStringLiteral("dead.npy"),
                                     QStringLiteral("f.npy"), QStringLiteral("logits.npy"), QStringLiteral("r.npy"),
                                     QStringLiteral("r_id.npy")}));
    }

    void valueNamesBecomeSafeFileNames()
    {
        GraphBuilder b;
        b.input("in:0", DataType::Float, {2});
        b.node("Relu", {"in:0"}, {"block/relu:0"}, "relu");
        b.output("block/relu:0", DataType::Float, {2});
        const QString model = path(QStringLiteral("names.onnx"));
        QVERIFY(test::writeModel(model, b.build()));
        const QString out = path(QStringLiteral("names"));
        const Run r = runCli({model, QStringLiteral("--random"), QStringLiteral("--output-dir"), out});
        QVERIFY2(r.exitCode == 0, describe(r));
        QVERIFY(QFile::exists(out + QStringLiteral("/block_relu_0.npy")));
    }

    void wrongInputShapeNamesTheInput()
    {
        const QString in = path(QStringLiteral("bad.npy"));
        QVERIFY(runtime::saveNpy(in.toStdString(), runtime::Tensor::zeros(DataType::Float, {1, 3, 8, 9})));
        const Run r = runCli({m_model, QStringLiteral("--input"), QStringLiteral("x=") + in});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("input 'x' must be float[1,3,8,8], got float[1,3,8,9]")), describe(r));
    }

    void missingInputSuggestsWhatToDo()
    {
        const Run r = runCli({m_model});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("input 'x'")) && r.err.contains(QStringLiteral("--random")), describe(r));
    }

    void unreadableInputFileIsNamed()
    {
        const Run r = runCli({m_model, QStringLiteral("--input"), QStringLiteral("x=") + path(QStringLiteral("none.npy"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("none.npy")), describe(r));
        const QString junk = path(QStringLiteral("junk.npy"));
        QVERIFY(test::writeFile(junk, "not numpy"));
        const Run j = runCli({m_model, QStringLiteral("--input"), QStringLiteral("x=") + junk});
        QCOMPARE(j.exitCode, 2);
        QVERIFY2(j.err.contains(QStringLiteral("junk.npy")) && j.err.contains(QStringLiteral(".npy")), describe(j));
    }

    void unsupportedOpsAreListedBeforeRunning()
    {
        GraphBuilder b;
        b.opset("com.microsoft", 1);
        b.input("x", DataType::Float, {4});
        b.node("QuickGelu", {"x"}, {"y"}, "magic").domain("com.microsoft");
        b.output("y", DataType::Float, {4});
        const QString model = path(QStringLiteral("magic.onnx"));
        QVERIFY(test::writeModel(model, b.build()));
        const Run r = runCli({model, QStringLiteral("--random")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("com.microsoft.QuickGelu")) && r.err.contains(QStringLiteral("'magic'")), describe(r));
    }

    void nonFiniteValuesAreTracedToTheirNode()
    {
        GraphBuilder b;
        b.input("x", DataType::Float, {3});
        b.node("Log", {"x"}, {"l"}, "the_log");
        b.node("Relu", {"l"}, {"y"}, "relu");
        b.output("y", DataType::Float, {3});
        const QString model = path(QStringLiteral("log.onnx"));
        QVERIFY(test::writeModel(model, b.build()));
        const QString in = path(QStringLiteral("neg.npy"));
        QVERIFY(runtime::saveNpy(in.toStdString(),
                                 runtime::Tensor::fromVector<float>(DataType::Float, {3}, {1.0f, -1.0f, 2.0f})));
        const Run r = runCli({model, QStringLiteral("--input"), QStringLiteral("x=") + in});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QStringLiteral("Log 'the_log' produced a non-finite value")), describe(r));
        const Run strict = runCli({model, QStringLiteral("--input"), QStringLiteral("x=") + in,
                                   QStringLiteral("--strict-finite")});
        QCOMPARE(strict.exitCode, 2);
        QVERIFY2(strict.err.contains(QStringLiteral("'the_log'")) && strict.err.contains(QStringLiteral("element 1")),
                 describe(strict));
    }

    void usageErrorsExitWithOne()
    {
        QCOMPARE(runCli({}).exitCode, 1);
        QCOMPARE(runCli({m_model, QStringLiteral("--threads"), QStringLiteral("0")}).exitCode, 1);
        QCOMPARE(runCli({m_model, QStringLiteral("--input"), QStringLiteral("x")}).exitCode, 1);
        QCOMPARE(runCli({m_model, QStringLiteral("--repeat")}).exitCode, 1);
        QCOMPARE(runCli({m_model, QStringLiteral("--frobnicate")}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "tst_cli_run.moc"
