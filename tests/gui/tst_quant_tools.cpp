// The quantization lab in the real window, offscreen: quantizing (in the background) puts the
// output-SQNR and injected-SQNR overlays on the canvas with a value per quantized node, fills the
// Quantization dock (summary, node table sorted by injected error, error-by-depth plot);
// selecting a node draws its histogram with the clipping range and a Conv's per-channel weight
// ranges; sensitivity ranks the nodes, keep-worst-N previews and applies (re-quantizing without
// re-running calibration); the quantized model saves and loads; a newer request wins; settings
// are remembered per model.

#include "views/common/qcustomplot_include.h" // first: see there

#include "gui_test_models.h"
#include "window_helpers.h"

#include "app/gui/canvas_tools.h"
#include "app/gui/document_overlays.h"
#include "app/gui/main_window.h"
#include "app/gui/open_document.h"
#include "views/graph/graph_view.h"
#include "app/gui/quant_tools.h"
#include "core/graph/graph_index.h"
#include "core/graph/onnx_import.h"
#include "core/session/quant_overlays.h"
#include "views/quant/calibration_dialog.h"
#include "views/quant/quant_panel.h"

#include <QCheckBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace silica;

namespace {

constexpr int kTimeoutMs = 60000;

NodeId idOf(const MainWindow &w, const char *name)
{
    for (const NodePtr &n : w.document()->model()->graph->nodes)
        if (n->name == name)
            return n->id;
    return kInvalidNodeId;
}

QuantSettings randomSettings()
{
    QuantSettings s;
    s.data.maxSamples = 6;
    s.errorSamples = 4;
    return s;
}

bool quantize(MainWindow &w, const QuantSettings &s)
{
    QSignalSpy done(w.quantTools(), &QuantTools::quantized);
    w.quantTools()->quantize(s);
    return done.wait(kTimeoutMs) || done.count() > 0;
}

} // namespace

class TestQuantTools : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static bool open(MainWindow &w, const QString &path) { return guitest::showAndOpen(w, path, kTimeoutMs); }

private slots:
    void initTestCase()
    {
        guitest::isolateSettings(QStringLiteral("tst_quant_tools"));
        QVERIFY(m_dir.isValid());
    }

    void quantizingColoursTheGraphAndFillsTheDock()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QVERIFY(w.quantTools()->quantizeAction()->isEnabled());
        QCOMPARE(w.quantTools()->quantizeAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Q));
        QVERIFY(quantize(w, randomSettings()));
        DocumentOverlays *overlays = w.canvasTools()->overlays();
        QCOMPARE(overlays->activeId(), QString::fromLatin1(kQuantInjectedOverlayId.data()));
        QVERIFY(overlays->ids().contains(QString::fromLatin1(kQuantTotalOverlayId.data())));
        const OverlayChannelPtr injected = overlays->channels().find(kQuantInjectedOverlayId);
        QVERIFY(injected);
        // The Relu writes the quantized output (the Conv is fused into it): it injects error,
        // a finite SQNR, lower is worse.
        const OverlayValue *relu = injected->value("/features/relu/Relu");
        QVERIFY(relu);
        QVERIFY(std::isfinite(relu->number));
        QVERIFY(relu->reason.find("injected") != std::string::npos);
        QCOMPARE(injected->worse, WorseDirection::Lower);
        QuantPanel *panel = w.quantTools()->panel();
        QVERIFY(panel->summaryText().contains(QLatin1String("INT8 per-channel")));
        QVERIFY(panel->summaryText().contains(QLatin1String("random")));
        QVERIFY(panel->nodeTable()->rowCount() >= 2);
        QVERIFY(panel->depthPlot()->graphCount() == 2);
        QVERIFY(panel->depthPlot()->graph(0)->dataCount() >= 2);
        QVERIFY(w.quantTools()->dock()->isVisible());
    }

    void selectingANodeShowsItsHistogramAndWeights()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QVERIFY(quantize(w, randomSettings()));
        QuantPanel *panel = w.quantTools()->panel();
        w.graphView()->selectNode(idOf(w, "/features/conv/Conv"));
        QVERIFY(panel->histogramPlot()->plottableCount() == 1);
        QCOMPARE(panel->histogramPlot()->itemCount(), 2); // the clipping range's two ends
        QVERIFY(panel->weightPlot()->plottableCount() == 2);
        auto *bars = qobject_cast<QCPBars *>(panel->weightPlot()->plottable(0));
        QVERIFY(bars);
        QCOMPARE(bars->dataCount(), 4); // one per output channel
        // A node without a weight: no weight bars, a message.
        w.graphView()->selectNode(idOf(w, "/Flatten"));
        QCOMPARE(panel->weightPlot()->plottableCount(), 0);
    }

    void clickingANodeRowSelectsIt()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QVERIFY(quantize(w, randomSettings()));
        QTableWidget *table = w.quantTools()->panel()->nodeTable();
        int row = -1;
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->item(r, 0)->text() == QLatin1String("/features/relu/Relu"))
                row = r;
        QVERIFY(row >= 0);
        emit table->cellClicked(row, 0);
        QCOMPARE(w.graphView()->selectedNode(), idOf(w, "/features/relu/Relu"));
    }

    void sensitivityRanksAndKeepWorstAppliesWithoutRecalibrating()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QVERIFY(quantize(w, randomSettings()));
        QSignalSpy ranked(w.quantTools(), &QuantTools::sensitivityDone);
        w.quantTools()->runSensitivity();
        QVERIFY(ranked.wait(kTimeoutMs) || ranked.count() > 0);
        QuantPanel *panel = w.quantTools()->panel();
        QVERIFY(panel->sensitivityTable()->rowCount() >= 2);
        QSignalSpy previewed(w.quantTools(), &QuantTools::keepPreviewed);
        w.quantTools()->previewKeep(1);
        QVERIFY(previewed.wait(kTimeoutMs) || previewed.count() > 0);
        const auto before = w.quantTools()->outcome();
        const auto ranges = before->ranges;
        QSignalSpy done(w.quantTools(), &QuantTools::quantized);
        w.quantTools()->applyKeep(1);
        QVERIFY(done.wait(kTimeoutMs) || done.count() > 0);
        // The same histograms (the model did not run over the data again), one node fewer quantized.
        QCOMPARE(w.quantTools()->outcome()->ranges, ranges);
        int quantizedBefore = 0, quantizedAfter = 0;
        for (const quant::NodeError &e : before->report.nodes)
            quantizedBefore += e.quantized;
        for (const quant::NodeError &e : w.quantTools()->outcome()->report.nodes)
            quantizedAfter += e.quantized;
        QVERIFY(quantizedAfter < quantizedBefore);
    }

    void aNodeCanBeKeptInFloatOrMadeSixteenBit()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QVERIFY(quantize(w, randomSettings()));
        const auto ranges = w.quantTools()->outcome()->ranges;
        QSignalSpy done(w.quantTools(), &QuantTools::quantized);
        w.quantTools()->setNodePrecision(idOf(w, "/features/relu/Relu"), QStringLiteral("int16"));
        QVERIFY(done.wait(kTimeoutMs) || done.count() > 0);
        QCOMPARE(w.quantTools()->outcome()->ranges, ranges); // no new calibration run
        QVERIFY(w.quantTools()->outcome()->label.contains(QLatin1String("1 at 16 bits")));
        const GraphIndex &index = w.quantTools()->outcome()->quantizedModel->graph->index();
        QVERIFY(index.initializer("r_quant_zero_point"));
        QCOMPARE(index.initializer("r_quant_zero_point")->dataType, DataType::Uint16);
        w.quantTools()->setNodePrecision(idOf(w, "/features/relu/Relu"), QStringLiteral("fp32"));
        QVERIFY(done.wait(kTimeoutMs) || done.count() > 1);
        const quant::NodeError *relu = w.quantTools()->outcome()->report.find("/features/relu/Relu");
        QVERIFY(relu);
        QVERIFY(!relu->quantized);
    }

    void theQuantizedModelSavesAndLoads()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QString error;
        QVERIFY(!w.quantTools()->saveQuantized(m_dir.filePath(QStringLiteral("none.onnx")), error));
        QVERIFY(!error.isEmpty());
        QVERIFY(quantize(w, randomSettings()));
        const QString path = m_dir.filePath(QStringLiteral("q.onnx"));
        QVERIFY2(w.quantTools()->saveQuantized(path, error), qPrintable(error));
        auto loaded = loadModel(QFile::encodeName(path).toStdString());
        QVERIFY(loaded);
        int dq = 0;
        for (const NodePtr &n : loaded->model->graph->nodes)
            dq += n->opType == "DequantizeLinear";
        QVERIFY(dq >= 3);
    }

    void fp16ConvertsAndDisablesSensitivity()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QuantSettings s = randomSettings();
        s.precision = QStringLiteral("fp16");
        QVERIFY(quantize(w, s));
        QVERIFY(w.quantTools()->outcome()->fp16);
        QVERIFY(w.quantTools()->panel()->summaryText().contains(QLatin1String("FP16")));
        QVERIFY(!w.quantTools()->outcome()->report.outputs.empty());
    }

    void aNewerRequestWins()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QSignalSpy done(w.quantTools(), &QuantTools::quantized);
        QuantSettings first = randomSettings(), second = randomSettings();
        second.calibration.method = quant::CalibrationMethod::Percentile;
        w.quantTools()->quantize(first);
        w.quantTools()->quantize(second);
        QVERIFY(done.wait(kTimeoutMs) || done.count() > 0);
        QTest::qWait(200);
        QCOMPARE(done.count(), 1);
        QVERIFY(w.quantTools()->outcome()->label.contains(QLatin1String("percentile")));
    }

    void settingsAreRememberedPerModel()
    {
        const QString model = m_dir.filePath(QStringLiteral("remembered.onnx"));
        QuantSettings s = randomSettings();
        s.paths = {m_dir.path()};
        s.data.image.bgr = true;
        s.data.image.mean[1] = 0.25;
        s.calibration.method = quant::CalibrationMethod::Entropy;
        s.precision = QStringLiteral("int16");
        s.signedActivations = true;
        s.save(model);
        const QuantSettings back = QuantSettings::load(model);
        QCOMPARE(back.paths, s.paths);
        QVERIFY(back.data.image.bgr);
        QCOMPARE(back.data.image.mean[1], 0.25);
        QCOMPARE(back.calibration.method, quant::CalibrationMethod::Entropy);
        QCOMPARE(back.precision, QStringLiteral("int16"));
        QVERIFY(back.signedActivations);
        QCOMPARE(back.label(), QStringLiteral("INT16 per-channel, entropy, signed activations"));
    }

    // The dialog shows the settings it was given and returns what the user changed; FP16 turns
    // the integer-only choices off.
    void calibrationDialogEditsTheSettings()
    {
        QuantSettings s = randomSettings();
        s.calibration.symmetric = true;
        CalibrationDialog dialog(s, {});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCheckBox *signedBox = nullptr, *symmetricBox = nullptr;
        for (QCheckBox *box : dialog.findChildren<QCheckBox *>()) {
            if (box->text().startsWith(QStringLiteral("Si&gned")))
                signedBox = box;
            if (box->text() == QStringLiteral("Symmetric activations"))
                symmetricBox = box;
        }
        QVERIFY(signedBox && symmetricBox);
        QVERIFY(symmetricBox->isChecked());
        QVERIFY(!signedBox->isChecked());
        QTest::mouseClick(signedBox, Qt::LeftButton, {}, QPoint(4, signedBox->height() / 2));
        QVERIFY(signedBox->isChecked());
        QVERIFY(dialog.settings().signedActivations);
        QVERIFY(dialog.settings().calibration.symmetric);
        dialog.precisionCombo()->setCurrentIndex(dialog.precisionCombo()->findData(QStringLiteral("fp16")));
        QVERIFY(!signedBox->isEnabled());
        QVERIFY(!dialog.methodCombo()->isEnabled());
        QCOMPARE(dialog.settings().precision, QStringLiteral("fp16"));
    }

    void badCalibrationDataGetsAClearError()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QTemporaryDir empty;
        QuantSettings s = randomSettings();
        s.paths = {empty.path()};
        QSignalSpy failed(w.quantTools(), &QuantTools::failed);
        w.quantTools()->quantize(s);
        QVERIFY(failed.wait(kTimeoutMs) || failed.count() > 0);
        QVERIFY(failed.first().at(1).toString().contains(empty.path()));
    }
};

QTEST_MAIN(TestQuantTools)
#include "tst_quant_tools.moc"
