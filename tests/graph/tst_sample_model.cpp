// The bundled sample is exactly what scripts/make_sample produces, and it contains what the
// sample is for: Swish-β activations, BatchNorms to fuse, a Transpose, export leftovers.

#include "core/graph/graph_index.h"
#include "core/graph/onnx_import.h"
#include "core/graph/statistics.h"
#include "tests/common/test_support.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace silica;

namespace {
const QString kSample = QStringLiteral(SILICA_SOURCE_DIR "/resources/samples/kws_swish.onnx");
}

class TestSampleModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void committedSampleIsReproducible()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("kws.onnx"));
        QCOMPARE(QProcess::execute(QStringLiteral(SILICA_MAKE_SAMPLE_PATH), {out}), 0);
        QFile a(out), b(kSample);
        QVERIFY(a.open(QIODevice::ReadOnly));
        QVERIFY2(b.open(QIODevice::ReadOnly), "resources/samples/kws_swish.onnx is missing");
        QVERIFY2(a.readAll() == b.readAll(),
                 "the committed sample differs from the generator's output: regenerate it with "
                 "silica-make-sample resources/samples/kws_swish.onnx");
    }

    void containsSwishBetaBatchNormsAndTranspose()
    {
        auto loaded = loadModel(kSample.toStdString());
        QVERIFY2(loaded.hasValue(), loaded.status().toString().c_str());
        QVERIFY(loaded->warnings.empty());
        const Model &m = *loaded->model;
        const ModelStats stats = modelStatistics(m);
        QCOMPARE(stats.opHistogram.at("BatchNormalization"), 7);
        QCOMPARE(stats.opHistogram.at("Transpose"), 1);
        QCOMPARE(stats.opHistogram.at("Identity"), 1);
        QCOMPARE(stats.opHistogram.at("Dropout"), 1);

        // Swish-β: Mul(β, x) → Sigmoid → Mul(x, ·), β a learnable one-element initializer.
        const GraphIndex &idx = m.graph->index();
        int swish = 0;
        for (const NodePtr &n : m.graph->nodes) {
            if (n->opType != "Sigmoid")
                continue;
            const Node *scale = idx.producer(n->inputs[0]);
            QVERIFY(scale && scale->opType == "Mul");
            const Tensor *beta = idx.initializer(scale->inputs[0]);
            QVERIFY(beta && beta->elementCount() == 1);
            const auto &users = idx.consumers(n->outputs[0]);
            QCOMPARE(users.size(), size_t(1));
            const Node *gate = idx.node(users[0]);
            QCOMPARE(gate->opType, std::string("Mul"));
            QCOMPARE(gate->inputs[0], scale->inputs[1]); // the same x
            ++swish;
        }
        QCOMPARE(swish, 4);
        QCOMPARE(idx.typeOf("scores").shapeString(), std::string("[1,12]"));
    }
};

QTEST_GUILESS_MAIN(TestSampleModel)
#include "tst_sample_model.moc"
