// External data: relative location / offset / length, memory-mapped and never copied, and
// models whose weights exceed protobuf's 2 GiB limit.

#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/model_compare.h"
#include "core/graph/onnx_export.h"
#include "core/graph/onnx_import.h"
#include "core/graph/statistics.h"
#include "core/graph/tensor_stats.h"
#include "tests/common/test_support.h"

#include <onnx/onnx_pb.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <cstring>
#include <fcntl.h>
#include <unistd.h>

using namespace silica;

class TestExternalData : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void savesAndLoadsExternalData()
    {
        const QString path = m_dir.filePath(QStringLiteral("ext.onnx"));
        const Model original = test::smallCnn();
        SaveOptions options;
        options.externalData = true;
        QVERIFY(saveModel(original, path.toStdString(), options).isOk());
        QVERIFY(QFile::exists(path + QStringLiteral(".data")));
        // Only small tensors stay inline: the model file itself is small.
        QVERIFY(QFileInfo(path).size() < 2000);

        auto loaded = loadModel(path.toStdString());
        QVERIFY2(loaded.hasValue(), loaded.status().toString().c_str());
        const std::string diff = modelDifference(original, *loaded->model);
        QVERIFY2(diff.empty(), diff.c_str());
        const Tensor *w = loaded->model->graph->index().initializer("fc.w");
        QVERIFY(w);
        QCOMPARE(QString::fromStdString(w->externalLocation), QStringLiteral("ext.onnx.data"));
        QCOMPARE(w->bytes.offset % 64, quint64(0));
    }

    void sharesOneMappingAcrossTensors()
    {
        const QString path = m_dir.filePath(QStringLiteral("shared.onnx"));
        SaveOptions options;
        options.externalData = true;
        options.externalThreshold = 0;
        QVERIFY(saveModel(test::smallCnn(), path.toStdString(), options).isOk());
        auto loaded = loadModel(path.toStdString());
        QVERIFY(loaded.hasValue());
        const auto &inits = loaded->model->graph->initializers;
        QVERIFY(inits.size() >= 2);
        for (const TensorPtr &t : inits)
            QCOMPARE(t->bytes.buffer.get(), inits.front()->bytes.buffer.get());
    }

    void readsLocationInSubfolderWithOffset()
    {
        // Two tensors in one file under weights/, the second at an offset.
        QDir(m_dir.path()).mkdir(QStringLiteral("weights"));
        std::string blob(4096, '\0');
        std::vector<float> w(16);
        for (size_t i = 0; i < w.size(); ++i)
            w[i] = static_cast<float>(i) + 0.5f;
        std::memcpy(&blob[1024], w.data(), 64);
        QVERIFY(test::writeFile(m_dir.filePath(QStringLiteral("weights/w.bin")), blob));

        GraphBuilder b("sub");
        b.input("x", DataType::Float, {1, 4});
        b.initializer("w", {4, 4}, std::vector<float>(16, 0.0f));
        b.node("MatMul", {"x", "w"}, {"y"}, "mm");
        b.output("y");
        onnx::ModelProto proto;
        QVERIFY(proto.ParseFromString(serializeModel(b.build()).value()));
        pointAtExternal(proto.mutable_graph()->mutable_initializer(0), "weights/w.bin", 1024, 64);
        const QString path = m_dir.filePath(QStringLiteral("sub.onnx"));
        QVERIFY(test::writeFile(path, proto.SerializeAsString()));

        auto loaded = loadModel(path.toStdString());
        QVERIFY2(loaded.hasValue(), loaded.status().toString().c_str());
        const Tensor *t = loaded->model->graph->index().initializer("w");
        QVERIFY(t);
        QCOMPARE(t->bytes.size, quint64(64));
        float got[16];
        std::memcpy(got, t->bytes.data(), 64);
        QCOMPARE(got[3], 3.5f);
    }

    void opensModelWithMoreThanTwoGigabytesOfWeights()
    {
        // A 2.5 GiB weight in a sparse external file: mapped, never read, never copied.
        const QString dataPath = m_dir.filePath(QStringLiteral("big.bin"));
        const quint64 elements = 640ull * 1024 * 1024;
        {
            const int fd = ::open(dataPath.toLocal8Bit().constData(), O_CREAT | O_WRONLY, 0644);
            QVERIFY(fd >= 0);
            QVERIFY(::ftruncate(fd, static_cast<off_t>(elements * 4)) == 0);
            ::close(fd);
        }
        GraphBuilder b("big");
        b.input("x", DataType::Float, {1, 640});
        b.initializer("huge", {1, 1}, {0.0f});
        b.node("MatMul", {"x", "huge"}, {"y"}, "big_matmul");
        b.output("y");
        onnx::ModelProto proto;
        QVERIFY(proto.ParseFromString(serializeModel(b.build()).value()));
        auto *t = proto.mutable_graph()->mutable_initializer(0);
        t->clear_dims();
        t->add_dims(640);
        t->add_dims(1024 * 1024);
        pointAtExternal(t, "big.bin", 0, elements * 4);
        const QString modelPath = m_dir.filePath(QStringLiteral("big.onnx"));
        QVERIFY(test::writeFile(modelPath, proto.SerializeAsString()));

        auto loaded = loadModel(modelPath.toStdString());
        QVERIFY2(loaded.hasValue(), loaded.status().toString().c_str());
        const Tensor *huge = loaded->model->graph->index().initializer("huge");
        QVERIFY(huge);
        QCOMPARE(huge->bytes.size, elements * 4);
        const ModelStats stats = modelStatistics(*loaded->model);
        QCOMPARE(stats.params, elements);
        QCOMPARE(stats.macs, elements);
        QCOMPARE(loaded->model->graph->index().typeOf("y").shapeString(),
                 std::string("[1,1048576]"));

        // Inline saving would exceed protobuf's limit: refused with advice, nothing written.
        const QString out = m_dir.filePath(QStringLiteral("inline.onnx"));
        Status s = saveModel(*loaded->model, out.toStdString());
        QCOMPARE(s.code(), ErrorCode::Unsupported);
        QVERIFY(QString::fromStdString(s.message()).contains(QStringLiteral("external")));
        QVERIFY(!QFile::exists(out));
    }

    void defaultSaveKeepsExternalData()
    {
        QVERIFY(!defaultSaveOptions(test::smallCnn()).externalData);
        const QString path = m_dir.filePath(QStringLiteral("keep.onnx"));
        SaveOptions options;
        options.externalData = true;
        QVERIFY(saveModel(test::smallCnn(), path.toStdString(), options).isOk());
        auto loaded = loadModel(path.toStdString());
        QVERIFY(loaded.hasValue());
        QVERIFY(defaultSaveOptions(*loaded->model).externalData);
    }

    void refusesWeightsRewrittenOnDisk()
    {
        const QString path = m_dir.filePath(QStringLiteral("rewritten.onnx"));
        SaveOptions options;
        options.externalData = true;
        QVERIFY(saveModel(test::smallCnn(), path.toStdString(), options).isOk());
        auto loaded = loadModel(path.toStdString());
        QVERIFY(loaded.hasValue());
        const Tensor *w = loaded->model->graph->index().initializer("fc.w");
        QVERIFY(tensorStatistics(*w).hasValue());

        // An exporter rewrites the data file in place while the model is open.
        QThread::msleep(20);
        QFile data(path + QStringLiteral(".data"));
        QVERIFY(data.open(QIODevice::ReadWrite));
        QVERIFY(data.write(QByteArray(64, '\x7f')) == 64);
        data.close();

        auto stats = tensorStatistics(*w);
        QVERIFY(!stats.hasValue());
        QVERIFY2(QString::fromStdString(stats.error().message())
                     .contains(QStringLiteral("changed on disk")),
                 stats.error().message().c_str());
        const QString out = m_dir.filePath(QStringLiteral("resaved.onnx"));
        QVERIFY(!saveModel(*loaded->model, out.toStdString()).isOk());
        QVERIFY(!QFile::exists(out));
    }

    void keepsWeightsWhenTheModelFileIsRewritten()
    {
        // Inline weights are read into memory the model owns, not mapped.
        const QString path = m_dir.filePath(QStringLiteral("inline.onnx"));
        GraphBuilder b("inline");
        b.input("x", DataType::Float, {1, 2048});
        b.initializer("w", {2048, 4}, std::vector<float>(8192, 1.0f));
        b.node("MatMul", {"x", "w"}, {"y"}, "mm");
        b.output("y");
        QVERIFY(test::writeModel(path, b.build()));
        auto loaded = loadModel(path.toStdString());
        QVERIFY(loaded.hasValue());
        QVERIFY(test::writeFile(path, "overwritten"));
        auto stats = tensorStatistics(*loaded->model->graph->index().initializer("w"));
        QVERIFY(stats.hasValue());
        QCOMPARE(stats->mean, 1.0);
    }

private:
    static void pointAtExternal(onnx::TensorProto *t, const std::string &location, quint64 offset,
                                quint64 length)
    {
        t->clear_raw_data();
        t->clear_float_data();
        t->set_data_location(onnx::TensorProto::EXTERNAL);
        auto add = [t](const char *key, const std::string &value) {
            auto *kv = t->add_external_data();
            kv->set_key(key);
            kv->set_value(value);
        };
        add("location", location);
        add("offset", std::to_string(offset));
        add("length", std::to_string(length));
    }
};

QTEST_GUILESS_MAIN(TestExternalData)
#include "tst_external_data.moc"
