// Load → save → load keeps every model semantically identical: nodes, attributes, initializer
// bytes, opsets, metadata and doc strings. Run over all of Debian's libonnx-testdata and over
// the real models fetched by scripts/fetch_models.sh.

#include "core/graph/model_compare.h"
#include "core/graph/onnx_export.h"
#include "core/graph/onnx_import.h"
#include "tests/common/test_support.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace silica;

class TestOnnxRoundTrip : public QObject
{
    Q_OBJECT

private:
    void roundTrip(const QString &path, bool externalData)
    {
        auto first = loadModel(path.toStdString());
        QVERIFY2(first.hasValue(), first.status().toString().c_str());
        // Zero-copy weights (slices of the mapped file) equal what protobuf itself parses.
        LoadOptions plain;
        plain.zeroCopyMinBytes = 0;
        plain.runChecker = plain.inferShapes = false;
        auto reference = loadModel(path.toStdString(), plain);
        QVERIFY2(reference.hasValue(), reference.status().toString().c_str());
        const std::string zeroCopyDiff = modelDifference(*first->model, *reference->model);
        QVERIFY2(zeroCopyDiff.empty(), zeroCopyDiff.c_str());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string out = dir.filePath(QStringLiteral("copy.onnx")).toStdString();
        SaveOptions options;
        options.externalData = externalData;
        Status saved = saveModel(*first->model, out, options);
        QVERIFY2(saved.isOk(), saved.toString().c_str());
        auto second = loadModel(out);
        QVERIFY2(second.hasValue(), second.status().toString().c_str());
        const std::string diff = modelDifference(*first->model, *second->model);
        QVERIFY2(diff.empty(), diff.c_str());
        // Shape inference sees the same model, so it finds the same types.
        QCOMPARE(second->model->graph->inferred.size(), first->model->graph->inferred.size());
    }

private Q_SLOTS:
    void roundTripsConformanceModels_data()
    {
        QTest::addColumn<QString>("path");
        const QStringList models = test::onnxTestModels();
        if (models.isEmpty())
            QTest::newRow("missing") << QString();
        for (const QString &m : models) {
            const QString name =
                m.mid(test::onnxTestDataDir().size() + 1).section(QLatin1Char('/'), 0, 1);
            QTest::newRow(name.toUtf8().constData()) << m;
        }
    }
    void roundTripsConformanceModels()
    {
        QFETCH(QString, path);
        QVERIFY2(!path.isEmpty(), "libonnx-testdata is missing: run scripts/setup.sh");
        roundTrip(path, false);
    }

    void conformanceDataIsInstalled()
    {
        // scripts/setup.sh installs libonnx-testdata; without it the suite above tests nothing.
        QVERIFY2(test::onnxTestModels().size() >= 1000,
                 "libonnx-testdata is missing: run scripts/setup.sh");
    }

    void roundTripsWithExternalData_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString &m : test::onnxTestModels())
            if (m.contains(QStringLiteral("/pytorch-converted/")))
                QTest::newRow(m.section(QLatin1Char('/'), -2, -2).toUtf8().constData()) << m;
        if (test::onnxTestModels().isEmpty())
            QTest::newRow("missing") << QString();
    }
    void roundTripsWithExternalData()
    {
        QFETCH(QString, path);
        QVERIFY2(!path.isEmpty(), "libonnx-testdata is missing: run scripts/setup.sh");
        roundTrip(path, true);
    }

    void roundTripsRealModels_data()
    {
        QTest::addColumn<QString>("path");
        const QString dir = test::realModelDir();
        if (dir.isEmpty()) {
            QTest::newRow("not-fetched") << QString();
            return;
        }
        QDirIterator it(dir, {QStringLiteral("*.onnx")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString p = it.next();
            QTest::newRow(p.mid(dir.size() + 1).toUtf8().constData()) << p;
        }
    }
    void roundTripsRealModels()
    {
        QFETCH(QString, path);
        if (path.isEmpty())
            QSKIP("real models not fetched (scripts/fetch_models.sh needs the npm registry)");
        roundTrip(path, false);
        if (QTest::currentTestFailed())
            return;
        roundTrip(path, true);
    }
};

QTEST_GUILESS_MAIN(TestOnnxRoundTrip)
#include "tst_onnx_roundtrip.moc"
