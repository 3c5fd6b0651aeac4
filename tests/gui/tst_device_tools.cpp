// The device lane in the real window, offscreen: the toolbar lists the installed devices,
// choosing one analyses in the background and puts the support / latency / memory overlays on
// the canvas with the colours and reasons of each node, the precision choice re-analyses,
// the profile dock fills (summary with sourced figures, timeline, layers, roofline), clicking a
// layer bar selects its node, Compare All fills a row per device, and a new graph version is
// re-analysed.

#include "views/common/qcustomplot_include.h" // first: see there

#include "gui_test_models.h"
#include "window_helpers.h"

#include "app/gui/canvas_tools.h"
#include "app/gui/device_tools.h"
#include "app/gui/document_overlays.h"
#include "app/gui/main_window.h"
#include "app/gui/open_document.h"
#include "core/session/device_overlays.h"
#include "views/device/profile_panel.h"
#include "views/graph/graph_view.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QAction>

using namespace silica;

namespace {

constexpr int kTimeoutMs = 30000;

NodeId idOf(const MainWindow &w, const char *name)
{
    for (const NodePtr &n : w.document()->model()->graph->nodes)
        if (n->name == name)
            return n->id;
    return kInvalidNodeId;
}

} // namespace

class TestDeviceTools : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static bool open(MainWindow &w, const QString &path) { return guitest::showAndOpen(w, path, kTimeoutMs); }

    static bool analyse(MainWindow &w, const QString &device)
    {
        QSignalSpy done(w.deviceTools(), &DeviceTools::analysed);
        if (!w.deviceTools()->setDevice(device))
            return false;
        return done.wait(kTimeoutMs) || done.count() > 0;
    }

private slots:
    void initTestCase()
    {
        guitest::isolateSettings(QStringLiteral("tst_device_tools"));
        QVERIFY(m_dir.isValid());
    }

    void toolbarListsTheInstalledDevices()
    {
        MainWindow w;
        QComboBox *combo = w.deviceTools()->deviceCombo();
        QStringList ids;
        for (int i = 0; i < combo->count(); ++i)
            ids << combo->itemData(i).toString();
        for (const char *id : {"", "coral-usb", "coral-usb-std", "hexagon-v73", "hexagon-v68", "jetson-nano",
                               "host-cpu", "raspberry-pi-4"})
            QVERIFY2(ids.contains(QLatin1String(id)), id);
        QVERIFY(!w.deviceTools()->setDevice(QStringLiteral("no-such-device")));
    }

    void choosingADeviceColoursTheGraph()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QVERIFY(analyse(w, QStringLiteral("coral-usb")));
        DocumentOverlays *overlays = w.canvasTools()->overlays();
        QCOMPARE(overlays->activeId(), QString::fromLatin1(kDeviceSupportOverlayId.data()));
        QVERIFY(overlays->ids().contains(QString::fromLatin1(kDeviceLatencyOverlayId.data())));
        QVERIFY(overlays->ids().contains(QString::fromLatin1(kDeviceMemoryOverlayId.data())));
        // Conv runs on the Edge TPU (green); Identity and Dropout are folded; Flatten maps.
        const OverlayChannelPtr support = overlays->channels().find(kDeviceSupportOverlayId);
        QVERIFY(support);
        const OverlayValue *conv = support->value("/features/conv/Conv");
        QVERIFY(conv);
        QCOMPARE(support->categories[size_t(conv->category)].id, std::string("accelerator"));
        QCOMPARE(w.graphView()->nodeFill(idOf(w, "/features/conv/Conv")), QColor(0x4c, 0xaf, 0x50));
        const OverlayValue *identity = support->value("/features/Identity");
        QVERIFY(identity);
        QCOMPARE(support->categories[size_t(identity->category)].id, std::string("folded"));
        // A float model on an int8-only device: the banner says so.
        QVERIFY(w.deviceTools()->banner()->text().contains(QLatin1String("int8")));
        QVERIFY(w.deviceTools()->precisionCombo()->count() == 1);
        // The profile dock: summary with sourced figures, plots filled.
        ProfilePanel *panel = w.deviceTools()->panel();
        QVERIFY(panel->summaryText().contains(QLatin1String("memory.on_chip_bytes")));
        QVERIFY(panel->summaryText().contains(QLatin1String("Number of Edge TPU subgraphs: 1")));
        QVERIFY(panel->summaryText().contains(QLatin1String("[unconfirmed]")));
        QVERIFY(panel->timelinePlot()->itemCount() >= 1);
        QVERIFY(panel->layerPlot()->plottableCount() >= 1);
        QVERIFY(panel->rooflinePlot()->graphCount() >= 2); // the roof and the nodes
    }

    void clickingALayerBarSelectsItsNode()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QVERIFY(analyse(w, QStringLiteral("jetson-nano")));
        ProfilePanel *panel = w.deviceTools()->panel();
        QCustomPlot *plot = panel->layerPlot();
        w.deviceTools()->dock()->show();
        panel->tabs()->setCurrentWidget(plot);
        plot->resize(600, 300);
        plot->replot();
        // The slowest node is the top bar; the Conv does the most work here.
        auto *bars = qobject_cast<QCPBars *>(plot->plottable(0));
        QVERIFY(bars);
        double topKey = -1;
        QCPBars *topBars = nullptr;
        for (int p = 0; p < plot->plottableCount(); ++p)
            if (auto *b = qobject_cast<QCPBars *>(plot->plottable(p)))
                for (int i = 0; i < b->dataCount(); ++i)
                    if (b->data()->at(i)->key > topKey) {
                        topKey = b->data()->at(i)->key;
                        topBars = b;
                    }
        QVERIFY(topBars);
        QSignalSpy activated(panel, &ProfilePanel::nodeActivated);
        const double value = topBars->data()->at(topBars->dataCount() - 1)->value;
        const QPoint at(int(plot->xAxis->coordToPixel(value / 2)), int(plot->yAxis->coordToPixel(topKey)));
        QTest::mouseClick(plot, Qt::LeftButton, {}, at);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(w.graphView()->selectedNode(), activated.first().first().value<NodeId>());
    }

    void precisionAndEditsReanalyse()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QVERIFY(analyse(w, QStringLiteral("jetson-nano")));
        QCOMPARE(w.deviceTools()->precisionCombo()->currentData().toString(), QStringLiteral("fp16"));
        const double fp16 = w.deviceTools()->report()->estimate.totalMs;
        QSignalSpy done(w.deviceTools(), &DeviceTools::analysed);
        QVERIFY(w.deviceTools()->setPrecision(QStringLiteral("fp32")));
        QVERIFY(done.wait(kTimeoutMs) || done.count() > 0);
        QCOMPARE(w.deviceTools()->report()->support.precision, device::Precision::Fp32);
        QVERIFY(w.deviceTools()->report()->estimate.totalMs > fp16);
        // An edit makes a new version: its analysis replaces the old one.
        done.clear();
        const uint64_t before = w.document()->current()->id;
        QAction *remove = nullptr; // Edit → Remove Identity/Dropout and dead nodes
        for (QAction *a : w.findChildren<QAction *>())
            if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R))
                remove = a;
        QVERIFY(remove);
        remove->trigger();
        QVERIFY(QTest::qWaitFor([&] { return w.document()->current()->id != before; }, kTimeoutMs));
        QVERIFY(done.wait(kTimeoutMs) || done.count() > 0);
        const OverlayChannelPtr support = w.canvasTools()->overlays()->channels().find(kDeviceSupportOverlayId);
        QVERIFY(support);
        QCOMPARE(support->graphVersion, w.document()->current()->id);
        QVERIFY(!support->value("/features/Identity")); // removed by the edit
    }

    void compareAllFillsARowPerDevice()
    {
        MainWindow w;
        QVERIFY(open(w, guitest::passthroughCnnIn(m_dir.path())));
        QSignalSpy compared(w.deviceTools(), &DeviceTools::compared);
        w.deviceTools()->compareAll();
        QVERIFY(compared.wait(kTimeoutMs) || compared.count() == 1);
        QTableWidget *table = w.deviceTools()->panel()->comparisonTable();
        QCOMPARE(table->rowCount(), int(w.deviceTools()->registry().devices().size()));
        QStringList sources;
        for (int r = 0; r < table->rowCount(); ++r) {
            sources << table->item(r, 3)->text();
            QVERIFY(table->item(r, 2)->data(Qt::DisplayRole).toDouble() > 0); // latency
            QVERIFY(table->item(r, 5)->data(Qt::DisplayRole).toDouble() > 0); // average W
        }
        QCOMPARE(sources.count(QStringLiteral("measured")), 1); // the host CPU
    }
};

QTEST_MAIN(TestDeviceTools)
#include "tst_device_tools.moc"
