// The canvas's tools in the real window, offscreen: overlay colours against the legend,
// overlay file errors, Find, the bottleneck list with F8 / Shift+F8, tooltips, the minimap and
// Export View.

#include "gui_test_models.h"
#include "window_helpers.h"

#include "app/gui/canvas_tools.h"
#include "app/gui/document_overlays.h"
#include "app/gui/main_window.h"
#include "app/gui/open_document.h"
#include "core/graph/graph_index.h"
#include "views/find/find_panel.h"
#include "views/graph/graph_minimap.h"
#include "views/graph/graph_view.h"
#include "views/graph/op_category.h"
#include "views/graph/scene_export.h"
#include "views/inspector/inspector_widget.h"
#include "views/log/log_panel.h"
#include "views/models/bottleneck_model.h"
#include "views/models/node_inspector_model.h"
#include "views/models/node_search_model.h"
#include "views/overlay/bottleneck_panel.h"
#include "views/overlay/legend_drawing.h"
#include "views/overlay/overlay_legend.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QGraphicsScene>
#include <QHelpEvent>
#include <QImage>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QTreeView>
#include <QUndoStack>

using namespace silica;

namespace {

constexpr int kTimeoutMs = 20000;

const char kLatency[] = R"({"id": "lat", "name": "Latency", "kind": "continuous",
    "unit": "ms", "worse": "higher", "values": {
        "/features/conv/Conv": 4.0, "/features/relu/Relu": 1.0, "/Flatten": 2.5,
        "/head/Sigmoid": 3.0, "/not/in/this/model": 9.0 } })";

const char kSupport[] = R"({"id": "npu", "name": "NPU support", "kind": "categorical",
    "categories": [ { "id": "npu", "label": "NPU", "color": "#2e7d32" },
                    { "id": "cpu", "label": "CPU fallback", "severity": 1 } ],
    "values": { "/features/conv/Conv": "npu", "/features/relu/Relu": "npu",
                "/Flatten": { "category": "cpu", "reason": "CPU fallback: op not supported" } } })";

QMessageBox *messageBox(QWidget *window)
{
    const auto boxes = window->findChildren<QMessageBox *>();
    for (QMessageBox *box : boxes)
        if (box->isVisible())
            return box;
    return nullptr;
}

NodeId idOf(const MainWindow &w, const char *name)
{
    for (const NodePtr &n : w.document()->model()->graph->nodes)
        if (n->name == name)
            return n->id;
    return kInvalidNodeId;
}

bool centred(GraphView *view, NodeId id)
{
    const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
    return visible.contains(view->nodeRect(id).center());
}

} // namespace

class TestCanvasTools : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
        return path;
    }

    // A window showing the passthrough CNN, zoomed in so not everything is in view.
    static bool open(MainWindow &w, const QString &path) { return guitest::showAndOpen(w, path, kTimeoutMs); }

    static bool loadOverlay(MainWindow &w, const QString &path)
    {
        DocumentOverlays *overlays = w.canvasTools()->overlays();
        QSignalSpy loaded(overlays, &DocumentOverlays::fileLoaded);
        QSignalSpy failed(overlays, &DocumentOverlays::fileFailed);
        w.canvasTools()->loadOverlay(path);
        return QTest::qWaitFor([&] { return loaded.count() + failed.count() > 0; }, kTimeoutMs) &&
               loaded.count() == 1;
    }

    QString cnnPath() { return guitest::passthroughCnnIn(m_dir.path()); }

private slots:
    void initTestCase()
    {
        guitest::isolateSettings(QStringLiteral("tst_canvas_tools"));
        QVERIFY(m_dir.isValid());
        QVERIFY(!cnnPath().isEmpty());
    }

    void opCategoryIsTheDefaultOverlay()
    {
        MainWindow w;
        QVERIFY(open(w, cnnPath()));
        DocumentOverlays *overlays = w.canvasTools()->overlays();
        QCOMPARE(overlays->activeId(), QStringLiteral("op-category"));
        QCOMPARE(overlays->ids(), QStringList{QStringLiteral("op-category")});
        QVERIFY(w.graphView()->legend()->isVisible());
        QCOMPARE(w.graphView()->legend()->comboBox()->currentText(), QStringLiteral("Op category"));
        QCOMPARE(w.graphView()->nodeFill(idOf(w, "/features/conv/Conv")),
                 categoryColor(OpCategory::Compute));
        // Every node is listed, the Conv (the only MACs) first.
        const BottleneckModel *list = w.canvasTools()->bottleneckPanel()->model();
        QCOMPARE(list->rowCount(), 6);
        QCOMPARE(list->nodeAt(0), idOf(w, "/features/conv/Conv"));
    }

    void overlayColoursMatchTheLegend()
    {
        MainWindow w;
        QVERIFY(open(w, cnnPath()));
        QVERIFY(loadOverlay(w, write(QStringLiteral("support.json"), kSupport)));
        GraphView *view = w.graphView();
        QCOMPARE(w.canvasTools()->overlays()->activeId(), QStringLiteral("npu"));
        const OverlayPalette &palette = view->overlay();
        QCOMPARE(palette.title(), QStringLiteral("NPU support"));

        // The legend as the user sees it: sample each swatch's centre in the painted panel.
        OverlayLegend *legend = view->legend();
        QVERIFY(legend->isVisible());
        QCOMPARE(legend->comboBox()->currentText(), QStringLiteral("NPU support"));
        const QImage painted = legend->drawingWidget()->grab().toImage();
        const qreal dpr = painted.devicePixelRatio();
        QMap<QString, QColor> legendColour;
        for (const LegendDrawing::Swatch &s : legend->drawing().swatches()) {
            const QColor shown = painted.pixelColor((s.rect.center() * dpr).toPoint());
            QCOMPARE(shown.rgb(), s.color.rgb());
            legendColour[s.label] = shown;
        }
        QCOMPARE(legendColour.keys(),
                 (QStringList{QStringLiteral("CPU fallback"), QStringLiteral("NPU"),
                              QStringLiteral("No value")}));

        // Every node's fill is its category's swatch, grey for nodes without a value.
        auto expect = [&](const char *node, const QString &label) {
            const QColor fill = view->nodeFill(idOf(w, node));
            QVERIFY2(fill.rgb() == legendColour.value(label).rgb(), node);
        };
        expect("/features/conv/Conv", QStringLiteral("NPU"));
        expect("/features/relu/Relu", QStringLiteral("NPU"));
        expect("/Flatten", QStringLiteral("CPU fallback"));
        expect("/features/Identity", QStringLiteral("No value"));
        expect("/head/Sigmoid", QStringLiteral("No value"));
        QCOMPARE(view->nodeFill(idOf(w, "/features/conv/Conv")), QColor(0x2e, 0x7d, 0x32));

        // A continuous overlay: the ramp's ends are the best and the worst node's colours.
        QVERIFY(loadOverlay(w, write(QStringLiteral("latency.json"), kLatency)));
        QCOMPARE(view->overlay().title(), QStringLiteral("Latency"));
        const QImage ramp = legend->drawingWidget()->grab().toImage();
        const QRectF r = legend->drawing().rampRect();
        QVERIFY(!r.isNull());
        // The first and the last pixel column of the ramp.
        const int y = int(r.center().y() * dpr);
        const QColor bestShown = ramp.pixelColor(int(r.left() * dpr), y);
        const QColor worstShown = ramp.pixelColor(int(r.right() * dpr) - 1, y);
        QCOMPARE(view->nodeFill(idOf(w, "/features/relu/Relu")).rgb(), bestShown.rgb());
        QCOMPARE(view->nodeFill(idOf(w, "/features/conv/Conv")).rgb(), worstShown.rgb());
        // The value not in the model was reported, not shown.
        QTRY_VERIFY(w.logPanel()->text().contains(QStringLiteral("1 of 5 values")));

        // The legend's combo box and the View → Overlay menu switch back.
        QComboBox *combo = legend->comboBox();
        QCOMPARE(combo->count(), 3);
        const int npu = combo->findData(QStringLiteral("npu"));
        combo->setCurrentIndex(npu);
        emit combo->activated(npu);
        QCOMPARE(w.canvasTools()->overlays()->activeId(), QStringLiteral("npu"));
        QCOMPARE(view->nodeFill(idOf(w, "/Flatten")).rgb(),
                 legendColour[QStringLiteral("CPU fallback")].rgb());
        auto *menu = w.findChild<QMenu *>(QStringLiteral("overlayMenu"));
        QVERIFY(menu);
        QAction *opCategory = nullptr;
        for (QAction *a : menu->actions())
            if (a->data().toString() == QLatin1String("op-category"))
                opCategory = a;
        QVERIFY(opCategory);
        opCategory->trigger();
        QCOMPARE(combo->currentData().toString(), QStringLiteral("op-category"));
        QCOMPARE(view->nodeFill(idOf(w, "/Flatten")), categoryColor(OpCategory::DataMovement));
    }

    void overlaysFollowEditsAndNewModels()
    {
        MainWindow w;
        QVERIFY(open(w, cnnPath()));
        QVERIFY(loadOverlay(w, write(QStringLiteral("support.json"), kSupport)));
        w.findChild<QAction *>(QStringLiteral("actionRemovePassthrough"))->trigger();
        // Keyed by name: the file's channel stays and still colours the Conv.
        QCOMPARE(w.canvasTools()->overlays()->activeId(), QStringLiteral("npu"));
        QCOMPARE(w.graphView()->nodeFill(idOf(w, "/features/conv/Conv")), QColor(0x2e, 0x7d, 0x32));
        QCOMPARE(w.canvasTools()->bottleneckPanel()->model()->rowCount(), 3);
        // Another model drops it.
        w.undoStack()->setClean();
        QVERIFY(open(w, cnnPath()));
        QCOMPARE(w.canvasTools()->overlays()->ids(), QStringList{QStringLiteral("op-category")});
    }

    void computedChannelsFollowTheirVersion()
    {
        MainWindow w;
        QVERIFY(open(w, cnnPath()));
        DocumentOverlays *overlays = w.canvasTools()->overlays();
        // What a latency analysis of the shown version would hand over.
        auto computed = std::make_shared<OverlayChannel>();
        computed->id = "cpu.latency";
        computed->displayName = "Host CPU latency (estimate)";
        computed->kind = OverlayKind::Continuous;
        computed->unit = "ms";
        computed->graphVersion = w.document()->current()->id;
        computed->values["/features/conv/Conv"].number = 2;
        computed->values["/features/relu/Relu"].number = 1;
        QVERIFY(overlays->put(computed, true));
        QCOMPARE(overlays->activeId(), QStringLiteral("cpu.latency"));
        QCOMPARE(w.graphView()->legend()->comboBox()->currentText(),
                 QStringLiteral("Host CPU latency (estimate)"));
        QCOMPARE(w.canvasTools()->bottleneckPanel()->model()->rowCount(), 2);

        // An edit makes a new version: the result is stale, op category shows again.
        const uint64_t before = w.document()->current()->id;
        w.findChild<QAction *>(QStringLiteral("actionRemovePassthrough"))->trigger();
        QVERIFY(!overlays->channels().find("cpu.latency"));
        QCOMPARE(overlays->activeId(), QStringLiteral("op-category"));
        // A result that arrives late for the old version is refused.
        auto late = std::make_shared<OverlayChannel>(*computed);
        late->graphVersion = before;
        QVERIFY(!overlays->put(late, true));
        QCOMPARE(overlays->ids(), QStringList{QStringLiteral("op-category")});
        w.undoStack()->setClean();
    }

    void overlayFileErrorsNameFileAndKey_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("syntax") << QByteArray("{\"id\": \"a\",\n \"kind\": }")
                                << QStringLiteral("at line 2, column");
        QTest::newRow("bad value")
            << QByteArray(R"({"id": "a", "kind": "continuous", "worse": "higher",
                             "values": {"/Flatten": [1]}})")
            << QStringLiteral("values[\"/Flatten\"]: expected a number, got an array");
    }

    void overlayFileErrorsNameFileAndKey()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        MainWindow w;
        QVERIFY(open(w, cnnPath()));
        const QString path = write(QStringLiteral("broken.json"), json);
        QVERIFY(!loadOverlay(w, path));
        QMessageBox *box = messageBox(&w);
        QVERIFY(box);
        QCOMPARE(box->windowTitle(), QStringLiteral("Cannot Load Overlay"));
        QVERIFY2(box->text().contains(path), qPrintable(box->text()));
        QVERIFY2(box->text().contains(expected), qPrintable(box->text()));
        box->close();
        // Nothing changed.
        QCOMPARE(w.canvasTools()->overlays()->ids(), QStringList{QStringLiteral("op-category")});
    }

    void findsByNameOpTypeAndRegex()
    {
        MainWindow w;
        QVERIFY(open(w, cnnPath()));
        QAction *find = w.findChild<QAction *>(QStringLiteral("actionFind"));
        QCOMPARE(find->shortcut(), QKeySequence(QKeySequence::Find));
        find->trigger();
        FindPanel *panel = w.canvasTools()->findPanel();
        QVERIFY(w.canvasTools()->findDock()->isVisible());
        QTRY_VERIFY(panel->lineEdit()->hasFocus());

        QSignalSpy selected(w.graphView(), &GraphView::nodeSelected);
        QTest::keyClicks(panel->lineEdit(), QStringLiteral("features"));
        QCOMPARE(panel->model()->rowCount(), 4);
        QCOMPARE(panel->statusLabel()->text(), QStringLiteral("Matches: 4"));
        // Enter jumps to the first result, again to the next.
        QTest::keyClick(panel->lineEdit(), Qt::Key_Return);
        QCOMPARE(w.graphView()->selectedNode(), idOf(w, "/features/conv/Conv"));
        QTest::keyClick(panel->lineEdit(), Qt::Key_Return);
        QCOMPARE(w.graphView()->selectedNode(), idOf(w, "/features/Identity"));
        QVERIFY(centred(w.graphView(), idOf(w, "/features/Identity")));
        QTest::keyClick(panel->lineEdit(), Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(w.graphView()->selectedNode(), idOf(w, "/features/conv/Conv"));

        panel->modeBox()->setCurrentIndex(FindPanel::OpTypeMode);
        panel->lineEdit()->setText(QStringLiteral("sigmoid"));
        QCOMPARE(panel->model()->rowCount(), 1);
        // Double-clicking a result jumps to it.
        QTreeView *results = panel->resultView();
        QTRY_VERIFY(results->visualRect(panel->model()->index(0, 0)).isValid());
        const QRect row = results->visualRect(panel->model()->index(0, 0));
        // (Qt Test's double click only counts after a press on the same row, as by a user.)
        QTest::mouseClick(results->viewport(), Qt::LeftButton, {}, row.center());
        QCOMPARE(w.graphView()->selectedNode(), idOf(w, "/features/conv/Conv"));
        QTest::mouseDClick(results->viewport(), Qt::LeftButton, {}, row.center());
        QCOMPARE(w.graphView()->selectedNode(), idOf(w, "/head/Sigmoid"));

        panel->modeBox()->setCurrentIndex(FindPanel::RegexMode);
        panel->lineEdit()->setText(QStringLiteral("^/features/(conv|relu)/"));
        QCOMPARE(panel->model()->rowCount(), 2);
        panel->caseBox()->setChecked(true);
        panel->lineEdit()->setText(QStringLiteral("^/features/(Conv|relu)/"));
        QCOMPARE(panel->model()->rowCount(), 1);

        panel->lineEdit()->setText(QStringLiteral("features/(conv"));
        QCOMPARE(panel->model()->rowCount(), 0);
        const QString message = panel->statusLabel()->text();
        QVERIFY2(message.startsWith(QStringLiteral("Invalid regular expression: missing closing "
                                                   "parenthesis")),
                 qPrintable(message));
        QVERIFY(panel->statusLabel()->isVisible());
        QTest::keyClick(panel->lineEdit(), Qt::Key_Return); // nothing to jump to, no crash
        QCOMPARE(w.graphView()->selectedNode(), idOf(w, "/head/Sigmoid"));
    }

    void f8WalksTheBottlenecksWorstFirst()
    {
        MainWindow w;
        QVERIFY(open(w, cnnPath()));
        QVERIFY(loadOverlay(w, write(QStringLiteral("latency.json"), kLatency)));
        GraphView *view = w.graphView();
        view->setFocus();
        QApplication::setActiveWindow(&w);
        QTRY_VERIFY(w.isActiveWindow());
        auto *next = w.findChild<QAction *>(QStringLiteral("actionNextBottleneck"));
        auto *previous = w.findChild<QAction *>(QStringLiteral("actionPreviousBottleneck"));
        QCOMPARE(next->shortcut(), QKeySequence(Qt::Key_F8));
        QCOMPARE(previous->shortcut(), QKeySequence(Qt::SHIFT | Qt::Key_F8));

        const std::vector<NodeId> order = {idOf(w, "/features/conv/Conv"), idOf(w, "/head/Sigmoid"),
                                           idOf(w, "/Flatten"), idOf(w, "/features/relu/Relu")};
        QTreeView *list = w.canvasTools()->bottleneckPanel()->treeView();
        for (NodeId expected : order) {
            QTest::keyClick(view, Qt::Key_F8);
            QCOMPARE(view->selectedNode(), expected);
            QVERIFY(centred(view, expected));
            QCOMPARE(w.inspector()->model()->node(), expected);
            QCOMPARE(list->currentIndex().row(),
                     w.canvasTools()->bottleneckPanel()->model()->rowOf(expected));
        }
        QTest::keyClick(view, Qt::Key_F8); // wraps to the worst
        QCOMPARE(view->selectedNode(), order[0]);
        QVERIFY(w.statusBar()->currentMessage().startsWith(QStringLiteral("Bottleneck 1 of 4")));
        QTest::keyClick(view, Qt::Key_F8, Qt::ShiftModifier); // and back round
        QCOMPARE(view->selectedNode(), order[3]);
        QTest::keyClick(view, Qt::Key_F8, Qt::ShiftModifier);
        QCOMPARE(view->selectedNode(), order[2]);

        // From a node that is not listed, F8 starts at the top.
        view->selectNode(idOf(w, "/features/Identity"));
        QTest::keyClick(view, Qt::Key_F8);
        QCOMPARE(view->selectedNode(), order[0]);

        // Clicking an entry selects and centres it.
        const QModelIndex third = w.canvasTools()->bottleneckPanel()->model()->index(2, 0);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(third).center());
        QCOMPARE(view->selectedNode(), order[2]);
        QVERIFY(centred(view, order[2]));
    }

    void toolTipShowsShapesAndValue()
    {
        MainWindow w;
        QVERIFY(open(w, cnnPath()));
        QVERIFY(loadOverlay(w, write(QStringLiteral("support.json"), kSupport)));
        const QString tip = w.graphView()->toolTipFor(idOf(w, "/Flatten"));
        QVERIFY2(tip.contains(QStringLiteral("float[1,4,8,8]")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("float[1,256]")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("CPU fallback: op not supported")), qPrintable(tip));

        // Hovering shows it.
        GraphView *view = w.graphView();
        const NodeId flatten = idOf(w, "/Flatten");
        view->centerOn(view->nodeRect(flatten).center());
        const QPoint at = view->mapFromScene(view->nodeRect(flatten).center());
        QHelpEvent hover(QEvent::ToolTip, at, view->viewport()->mapToGlobal(at));
        QApplication::sendEvent(view->viewport(), &hover);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QStringLiteral("float[1,256]")),
                 qPrintable(QToolTip::text()));
        QToolTip::hideText();
    }

    void minimapMovesTheView()
    {
        MainWindow w;
        QVERIFY(open(w, cnnPath()));
        GraphView *view = w.graphView();
        for (int i = 0; i < 12; ++i)
            view->zoomIn();
        GraphMinimap *minimap = view->minimap();
        QTRY_VERIFY(minimap->isVisible());
        const QRectF scene = view->sceneRect();
        // Click near the bottom of the overview: the view moves to the end of the graph.
        const QPointF target = minimap->rect().center() + QPointF(0, minimap->height() * 0.4);
        QTest::mouseClick(minimap, Qt::LeftButton, {}, target.toPoint());
        const QPointF centre = view->mapToScene(view->viewport()->rect().center());
        QVERIFY2(centre.y() > scene.center().y(), qPrintable(QString::number(centre.y())));
        QVERIFY(minimap->viewportFrame().contains(target) ||
                minimap->viewportFrame().center().y() > minimap->height() / 2.0);
        // Hidden once the whole graph is in view, and on request.
        view->fitToWindow();
        QTRY_VERIFY(!minimap->isVisible());
    }

    void exportsPngAndSvg()
    {
        MainWindow w;
        QVERIFY(open(w, cnnPath()));
        QVERIFY(loadOverlay(w, write(QStringLiteral("support.json"), kSupport)));
        const QString png = m_dir.filePath(QStringLiteral("view.png"));
        const ViewExport a = w.canvasTools()->exportView(png);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), a.size);
        QVERIFY(!a.reduced);
        // Twice the scene's scale, plus the legend column.
        QVERIFY(image.height() >= int(w.graphView()->sceneRect().height() * 2) - 1);
        QVERIFY(w.statusBar()->currentMessage().startsWith(QStringLiteral("Exported view.png")));
        // The Conv's overlay colour is in the picture.
        bool found = false;
        for (int y = 0; y < image.height() && !found; y += 2)
            for (int x = 0; x < image.width() && !found; x += 2)
                found = image.pixelColor(x, y).rgb() == QColor(0x2e, 0x7d, 0x32).rgb();
        QVERIFY(found);

        const QString svg = m_dir.filePath(QStringLiteral("view.svg"));
        const ViewExport b = w.canvasTools()->exportView(svg);
        QVERIFY2(b.error.isEmpty(), qPrintable(b.error));
        QSvgRenderer renderer(svg);
        QVERIFY(renderer.isValid());
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains(">Flatten<")); // labels are text, not pixels
        QVERIFY(!text.contains("<image"));
        QVERIFY(text.contains(">NPU support<"));

        // Written through a temporary file that is gone afterwards; a bad name is an error.
        const QStringList leftovers =
            QDir(m_dir.path()).entryList({QStringLiteral("*.tmp-*")}, QDir::Files);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));
        const ViewExport c =
            w.canvasTools()->exportView(m_dir.filePath(QStringLiteral("view.bmp")));
        QVERIFY(c.error.contains(QStringLiteral(".png or .svg")));
        QMessageBox *box = messageBox(&w);
        QVERIFY(box);
        box->close();
        const ViewExport d =
            w.canvasTools()->exportView(m_dir.filePath(QStringLiteral("no/such/folder/view.png")));
        QVERIFY2(d.error.contains(QStringLiteral("no/such/folder")), qPrintable(d.error));
    }

    void exportReducesHugeGraphs()
    {
        // A drawing of a 100k-node model's proportions: the PNG is scaled down to the cap and
        // says so; the SVG keeps full size.
        QGraphicsScene scene;
        scene.setSceneRect(0, 0, 8000, 120000);
        scene.addRect(100, 100, 200, 40, QPen(Qt::black), QBrush(Qt::red));
        const QString png = m_dir.filePath(QStringLiteral("huge.png"));
        const ViewExport result = exportScene(scene, Qt::white, OverlayPalette(), png);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QVERIFY(result.reduced);
        QVERIFY(result.noLabels);
        QVERIFY(double(result.size.width()) * result.size.height() <= 30e6 * 1.001);
        QImageReader reader(png);
        QCOMPARE(reader.size(), result.size);
        QVERIFY(!reader.read().isNull()); // within Qt's default reading limit

        const ViewExport svg = exportScene(scene, Qt::white, OverlayPalette(),
                                           m_dir.filePath(QStringLiteral("huge.svg")));
        QVERIFY(svg.error.isEmpty());
        QCOMPARE(svg.size, QSize(8000, 120000));
    }
};

QTEST_MAIN(TestCanvasTools)
#include "tst_canvas_tools.moc"
