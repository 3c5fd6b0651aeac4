// Every kind of bad input gets one clear error naming the file, the node or tensor, and what
// is wrong — never a crash, a hang or a partial output file.

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/onnx_export.h"
#include "core/graph/onnx_import.h"
#include "tests/common/test_support.h"

#include <onnx/onnx_pb.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace silica;

namespace {

Model modelWith(const std::function<void(GraphBuilder &)> &fill)
{
    GraphBuilder b("bad");
    b.input("x", DataType::Float, {1, 4});
    fill(b);
    return b.build();
}

} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    // Loads `file` and checks the error: its code, and that the message names the file and
    // contains every fragment in `mustMention`.
    void expectError(const QString &file, ErrorCode code, const QStringList &mustMention)
    {
        auto loaded = loadModel(file.toStdString());
        QVERIFY2(!loaded.hasValue(), "bad input was accepted");
        const QString message = QString::fromStdString(loaded.error().message());
        QCOMPARE(errorCodeName(loaded.error().code()), errorCodeName(code));
        QVERIFY2(message.contains(QFileInfo(file).fileName()), qPrintable(message));
        for (const QString &m : mustMention)
            QVERIFY2(message.contains(m),
                     qPrintable(QStringLiteral("'%1' not in: %2").arg(m, message)));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void rejectsMissingFile()
    {
        expectError(path("does-not-exist.onnx"), ErrorCode::NotFound,
                    {QStringLiteral("cannot open")});
    }

    void rejectsDirectory()
    {
        QDir(m_dir.path()).mkdir(QStringLiteral("folder.onnx"));
        expectError(path("folder.onnx"), ErrorCode::IoError,
                    {QStringLiteral("not a regular file")});
    }

    void rejectsEmptyFile()
    {
        QVERIFY(test::writeFile(path("empty.onnx"), {}));
        expectError(path("empty.onnx"), ErrorCode::ParseError, {QStringLiteral("empty")});
    }

    void rejectsNonOnnx_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("hint");
        QTest::newRow("text") << QByteArray("hello, this is not a model\n")
                              << QStringLiteral("not");
        QTest::newRow("json") << QByteArray("{\"model\": 1}") << QStringLiteral("text file");
        QTest::newRow("tflite") << QByteArray("\x1c\x00\x00\x00TFL3\x00\x00\x00\x00", 12)
                                << QStringLiteral("TensorFlow Lite");
        QTest::newRow("zip") << QByteArray("PK\x03\x04garbage", 11) << QStringLiteral("zip");
    }
    void rejectsNonOnnx()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, hint);
        QVERIFY(test::writeFile(path("other.onnx"), bytes.toStdString()));
        auto loaded = loadModel(path("other.onnx").toStdString());
        QVERIFY(!loaded.hasValue());
        QCOMPARE(loaded.error().code(), ErrorCode::ParseError);
        const QString message = QString::fromStdString(loaded.error().message());
        QVERIFY2(message.contains(QStringLiteral("other.onnx")), qPrintable(message));
        QVERIFY2(message.contains(hint), qPrintable(message));
    }

    void rejectsTruncatedProtobuf_data()
    {
        QTest::addColumn<double>("fraction");
        QTest::newRow("10%") << 0.1;
        QTest::newRow("50%") << 0.5;
        QTest::newRow("90%") << 0.9;
    }
    void rejectsTruncatedProtobuf()
    {
        QFETCH(double, fraction);
        auto bytes = serializeModel(test::smallCnn());
        QVERIFY(bytes.hasValue());
        const std::string cut = bytes->substr(0, static_cast<size_t>(bytes->size() * fraction));
        QVERIFY(test::writeFile(path("truncated.onnx"), cut));
        expectError(path("truncated.onnx"), ErrorCode::ParseError,
                    {QStringLiteral("truncated or corrupt")});
    }

    void rejectsCorruptProtobuf()
    {
        auto bytes = serializeModel(test::smallCnn());
        QVERIFY(bytes.hasValue());
        std::string bad = bytes.value();
        bad[0] = '\x07'; // field 0 with wire type 7: invalid in every protobuf
        QVERIFY(test::writeFile(path("corrupt.onnx"), bad));
        expectError(path("corrupt.onnx"), ErrorCode::ParseError, {QStringLiteral("corrupt")});
    }

    void rejectsMissingOpsetImport()
    {
        Model m = test::smallCnn();
        m.opsets.clear();
        QVERIFY(test::writeModel(path("noopset.onnx"), m));
        expectError(path("noopset.onnx"), ErrorCode::InvalidModel, {QStringLiteral("opset")});
    }

    void rejectsWrongTensorSize()
    {
        onnx::ModelProto proto;
        auto bytes = serializeModel(test::smallCnn());
        QVERIFY(proto.ParseFromString(bytes.value()));
        proto.mutable_graph()->mutable_initializer(0)->mutable_raw_data()->resize(12);
        QVERIFY(test::writeFile(path("badtensor.onnx"), proto.SerializeAsString()));
        expectError(path("badtensor.onnx"), ErrorCode::InvalidModel,
                    {QStringLiteral("'conv.w'"), QStringLiteral("holds 12 bytes")});
    }

    void rejectsMissingExternalData()
    {
        const QString model = path("ext_missing.onnx");
        SaveOptions options;
        options.externalData = true;
        QVERIFY(saveModel(test::smallCnn(), model.toStdString(), options).isOk());
        QVERIFY(QFile::remove(model + QStringLiteral(".data")));
        expectError(model, ErrorCode::NotFound,
                    {QStringLiteral("ext_missing.onnx.data"), QStringLiteral("'fc.w'"),
                     QStringLiteral("missing")});
    }

    void rejectsShortExternalData()
    {
        const QString model = path("ext_short.onnx");
        SaveOptions options;
        options.externalData = true;
        options.externalThreshold = 16;
        QVERIFY(saveModel(test::smallCnn(), model.toStdString(), options).isOk());
        QFile data(model + QStringLiteral(".data"));
        QVERIFY(data.resize(200));
        expectError(model, ErrorCode::InvalidModel,
                    {QStringLiteral("ext_short.onnx.data"), QStringLiteral("too short")});
    }

    void rejectsExternalDataOutsideModelFolder()
    {
        onnx::ModelProto proto;
        QVERIFY(proto.ParseFromString(serializeModel(test::smallCnn()).value()));
        auto *t = proto.mutable_graph()->mutable_initializer(0);
        t->clear_raw_data();
        t->set_data_location(onnx::TensorProto::EXTERNAL);
        auto *kv = t->add_external_data();
        kv->set_key("location");
        kv->set_value("../../etc/passwd");
        QVERIFY(test::writeFile(path("escape.onnx"), proto.SerializeAsString()));
        expectError(path("escape.onnx"), ErrorCode::InvalidModel,
                    {QStringLiteral("relative path inside the model's folder")});
    }

    void rejectsGraphCycle()
    {
        Model m = modelWith([](GraphBuilder &b) {
            b.node("Add", {"x", "b"}, {"a"}, "first");
            b.node("Relu", {"a"}, {"b"}, "second");
            b.output("b", DataType::Float, {1, 4});
        });
        QVERIFY(test::writeModel(path("cycle.onnx"), m));
        expectError(
            path("cycle.onnx"), ErrorCode::InvalidModel,
            {QStringLiteral("cycle"), QStringLiteral("'first'"), QStringLiteral("'second'")});
    }

    void rejectsDanglingInput()
    {
        Model m = modelWith([](GraphBuilder &b) {
            b.node("Add", {"x", "nowhere"}, {"y"}, "adder");
            b.output("y", DataType::Float, {1, 4});
        });
        QVERIFY(test::writeModel(path("dangling.onnx"), m));
        expectError(path("dangling.onnx"), ErrorCode::InvalidModel,
                    {QStringLiteral("'adder'"), QStringLiteral("'nowhere'"),
                     QStringLiteral("no node, graph input or initializer")});
    }

    void rejectsUndefinedGraphOutput()
    {
        Model m = modelWith([](GraphBuilder &b) {
            b.node("Relu", {"x"}, {"y"}, "relu");
            b.output("z", DataType::Float, {1, 4});
        });
        QVERIFY(test::writeModel(path("noout.onnx"), m));
        expectError(path("noout.onnx"), ErrorCode::InvalidModel,
                    {QStringLiteral("graph output 'z'")});
    }

    void rejectsUnknownDomain()
    {
        Model m = modelWith([](GraphBuilder &b) {
            b.node("Frobnicate", {"x"}, {"y"}, "custom").domain("com.acme");
            b.output("y", DataType::Float, {1, 4});
            b.opset("com.acme", 1);
        });
        QVERIFY(test::writeModel(path("domain.onnx"), m));
        expectError(path("domain.onnx"), ErrorCode::Unsupported,
                    {QStringLiteral("'custom'"), QStringLiteral("Frobnicate"),
                     QStringLiteral("'com.acme'")});
    }

    void rejectsNewerIrVersion()
    {
        Model m = test::smallCnn();
        m.irVersion = 42;
        QVERIFY(test::writeModel(path("future_ir.onnx"), m));
        expectError(path("future_ir.onnx"), ErrorCode::Unsupported,
                    {QStringLiteral("IR version 42"), QStringLiteral("newer")});
    }

    void rejectsNewerOpset()
    {
        Model m = test::smallCnn();
        m.opsets = {{"", 99}};
        QVERIFY(test::writeModel(path("future_opset.onnx"), m));
        expectError(path("future_opset.onnx"), ErrorCode::Unsupported,
                    {QStringLiteral("opset ai.onnx 99"), QStringLiteral("newer")});
    }

    void opensNewerModelWithCheckerWarning()
    {
        Model m = test::smallCnn();
        m.irVersion = 10;
        m.opsets = {{"", 21}};
        QVERIFY(test::writeModel(path("ir10.onnx"), m));
        auto loaded = loadModel(path("ir10.onnx").toStdString());
        QVERIFY2(loaded.hasValue(), loaded.status().toString().c_str());
        QVERIFY(!loaded->warnings.empty());
        const QString w = QString::fromStdString(loaded->warnings.front());
        QVERIFY2(w.contains(QStringLiteral("checker skipped")) &&
                     w.contains(QStringLiteral("IR version 10")),
                 qPrintable(w));
        // Shape inference still ran.
        QCOMPARE(loaded->model->graph->index().typeOf("r").shapeString(), std::string("[1,4,8,8]"));
    }

    void reportsCheckerFailureAsWarning()
    {
        Model m = modelWith([](GraphBuilder &b) {
            b.node("Relu", {"x"}, {"y"}, "relu").i("not_an_attribute", 3);
            b.output("y", DataType::Float, {1, 4});
        });
        QVERIFY(test::writeModel(path("checker.onnx"), m));
        auto loaded = loadModel(path("checker.onnx").toStdString());
        QVERIFY2(loaded.hasValue(), loaded.status().toString().c_str());
        QVERIFY(!loaded->warnings.empty());
        QVERIFY2(QString::fromStdString(loaded->warnings.front())
                     .contains(QStringLiteral("ONNX checker")),
                 loaded->warnings.front().c_str());
    }

    void saveLeavesNoPartialFileOnFailure()
    {
        // A folder that does not exist: nothing may be created.
        const QString out = path("missing-folder/out.onnx");
        Status s = saveModel(test::smallCnn(), out.toStdString());
        QVERIFY(!s.isOk());
        QCOMPARE(s.code(), ErrorCode::IoError);
        QVERIFY(QString::fromStdString(s.message()).contains(QStringLiteral("out.onnx")));
        QVERIFY(!QFile::exists(out));

        // An existing file stays untouched when the new save fails.
        const QString existing = path("keep.onnx");
        QVERIFY(test::writeFile(existing, "previous contents"));
        QDir(m_dir.path()).mkdir(QStringLiteral("keep.onnx.data")); // blocks the data file
        SaveOptions options;
        options.externalData = true;
        s = saveModel(test::smallCnn(), existing.toStdString(), options);
        QVERIFY(!s.isOk());
        QFile f(existing);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("previous contents"));
        const QStringList leftovers = QDir(m_dir.path()).entryList({QStringLiteral("*.tmp-*")});
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));
    }

    void cancelsLoading()
    {
        QVERIFY(test::writeModel(path("cancel.onnx"), test::smallCnn()));
        CancelToken cancel;
        cancel.cancel();
        auto loaded = loadModel(path("cancel.onnx").toStdString(), {}, cancel);
        QVERIFY(!loaded.hasValue());
        QCOMPARE(loaded.error().code(), ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_bad_input.moc"
