#include "gui_test_models.h"

#include "app/gui/main_window.h"
#include "app/gui/open_document.h"
#include "app/gui/recent_files.h"
#include "core/graph/graph_builder.h"
#include "core/graph/graph_index.h"
#include "core/graph/onnx_export.h"
#include "views/graph/graph_view.h"
#include "views/inspector/inspector_widget.h"
#include "views/log/log_panel.h"
#include "views/models/node_inspector_model.h"
#include "views/progress/progress_surface.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDropEvent>
#include <QFile>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <QWheelEvent>

using namespace silica;

namespace {

constexpr int kLoadTimeoutMs = 20000;

QString valueOf(const NodeInspectorModel &m, const QModelIndex &parent, const QString &property)
{
    for (int r = 0; r < m.rowCount(parent); ++r)
        if (m.index(r, 0, parent).data().toString() == property)
            return m.index(r, 1, parent).data().toString();
    return QStringLiteral("<missing>");
}

QMessageBox *messageBox(QWidget *window)
{
    const auto boxes = window->findChildren<QMessageBox *>();
    for (QMessageBox *box : boxes)
        if (box->isVisible())
            return box;
    return nullptr;
}

size_t nodeCount(const MainWindow &w)
{
    return w.document() ? w.document()->model()->graph->nodes.size() : 0;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Opens `path` in `w` and waits until it is shown.
    static bool open(MainWindow &w, const QString &path)
    {
        QSignalSpy opened(&w, &MainWindow::modelOpened);
        w.openFile(path);
        return opened.wait(kLoadTimeoutMs) || opened.count() == 1;
    }

    QString cnnPath() { return guitest::passthroughCnnIn(m_dir.path()); }

private slots:
    void initTestCase()
    {
        guitest::isolateSettings(QStringLiteral("tst_main_window"));
        QVERIFY(m_dir.isValid());
        QVERIFY(!cnnPath().isEmpty());
    }

    void opensModelAndShowsSummary()
    {
        MainWindow w;
        w.show();
        const QString path = guitest::sampleOrTestModel();
        QVERIFY(open(w, path));
        QTRY_VERIFY(!w.isBusy());
        QVERIFY(w.document());
        const Model &model = *w.document()->model();
        static const QRegularExpression summary(
            QStringLiteral("^(\\d+) nodes · \\S+ params · \\S+ MACs · opset (\\d+)$"));
        const QRegularExpressionMatch m = summary.match(w.summaryText());
        QVERIFY2(m.hasMatch(), qPrintable(w.summaryText()));
        QCOMPARE(m.captured(1).toULongLong(), model.graph->nodes.size());
        QCOMPARE(m.captured(2).toLongLong(), model.opsetVersion(""));
        QCOMPARE(w.graphView()->drawnNodeCount(), int(model.graph->nodes.size()));
        QTRY_VERIFY(w.logPanel()->text().contains(QStringLiteral("Opened")));
        QCOMPARE(RecentFiles().files().value(0), QFileInfo(path).absoluteFilePath());
        QVERIFY(w.windowTitle().contains(QFileInfo(path).fileName()));
    }

    void clickingNodeShowsItInInspector()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(open(w, guitest::sampleOrTestModel()));
        const ModelPtr model = w.document()->model();
        const Graph &graph = *model->graph;
        const Node *target = nullptr;
        for (const NodePtr &n : graph.nodes)
            if (!n->attributes.empty() && !n->outputs.empty() &&
                graph.index().typeOf(n->outputs[0]).hasShape) {
                target = n.get();
                break;
            }
        QVERIFY(target);

        GraphView *view = w.graphView();
        const QRectF rect = view->nodeRect(target->id);
        QVERIFY(!rect.isNull());
        view->centerOn(rect.center());
        QSignalSpy selected(view, &GraphView::nodeSelected);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(rect.center()));
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.first().first().value<NodeId>(), target->id);
        QCOMPARE(view->selectedNode(), target->id);

        const NodeInspectorModel &inspector = *w.inspector()->model();
        QCOMPARE(inspector.node(), target->id);
        const QModelIndex node = inspector.sectionIndex(NodeInspectorModel::NodeSection);
        QCOMPARE(valueOf(inspector, node, QStringLiteral("Operator")),
                 QString::fromStdString(target->opType));
        const QModelIndex attrs = inspector.sectionIndex(NodeInspectorModel::AttributeSection);
        for (const Attribute &a : target->attributes)
            QCOMPARE(valueOf(inspector, attrs, QString::fromStdString(a.name)),
                     QString::fromStdString(a.valueString()));
        const QModelIndex outputs = inspector.sectionIndex(NodeInspectorModel::OutputSection);
        const std::string &out = target->outputs[0];
        QCOMPARE(valueOf(inspector, outputs, QString::fromStdString(out)),
                 QString::fromStdString(graph.index().typeOf(out).toString()));

        // Clicking the empty canvas clears the selection and the inspector.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->mapFromScene(rect.topLeft() - QPointF(30, 20)));
        QCOMPARE(view->selectedNode(), kInvalidNodeId);
        QVERIFY(inspector.isEmpty());
    }

    void removesPassthroughNodesWithUndoRedo()
    {
        MainWindow w;
        w.show();
        QVERIFY(open(w, cnnPath()));
        QCOMPARE(nodeCount(w), size_t(6));
        QVERIFY(w.summaryText().startsWith(QStringLiteral("6 nodes")));

        auto *action = w.findChild<QAction *>(QStringLiteral("actionRemovePassthrough"));
        QVERIFY(action);
        action->trigger();
        QCOMPARE(nodeCount(w), size_t(3));
        QVERIFY(w.summaryText().startsWith(QStringLiteral("3 nodes")));
        QUndoStack *undo = w.undoStack();
        QCOMPARE(undo->count(), 1);
        QCOMPARE(undo->undoText(), QStringLiteral("Remove 1 Identity, 1 Dropout and 1 dead nodes"));
        QTRY_VERIFY(w.logPanel()->text().contains(QStringLiteral("Removed 1 Identity")));
        QCOMPARE(w.graphView()->drawnNodeCount(), 3);
        QVERIFY(w.isWindowModified());

        undo->undo();
        QCOMPARE(nodeCount(w), size_t(6));
        QVERIFY(w.summaryText().startsWith(QStringLiteral("6 nodes")));
        QCOMPARE(w.graphView()->drawnNodeCount(), 6);
        QVERIFY(!w.isWindowModified());
        undo->redo();
        QCOMPARE(nodeCount(w), size_t(3));
        QVERIFY(w.summaryText().startsWith(QStringLiteral("3 nodes")));

        // Nothing left to remove: a message, no new undo entry.
        action->trigger();
        QCOMPARE(undo->count(), 1);
        QCOMPARE(nodeCount(w), size_t(3));
        QMessageBox *box = messageBox(&w);
        QVERIFY(box);
        QVERIFY(box->text().startsWith(QStringLiteral("Nothing to remove")));
        box->close();
    }

    void asksBeforeDiscardingEdits()
    {
        MainWindow w;
        w.show();
        QVERIFY(open(w, cnnPath()));
        QVERIFY(w.close()); // nothing edited: closes without asking
        w.show();
        w.findChild<QAction *>(QStringLiteral("actionRemovePassthrough"))->trigger();
        QVERIFY(w.isWindowModified());

        // Answer the question from inside its event loop: Cancel keeps the window open.
        auto answer = [](QMessageBox::StandardButton button) {
            QTimer::singleShot(0, [button] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box);
                QVERIFY(box->text().contains(QStringLiteral("not saved")));
                box->button(button)->click();
            });
        };
        answer(QMessageBox::Cancel);
        QVERIFY(!w.close());
        QVERIFY(w.isVisible());
        answer(QMessageBox::Discard);
        QVERIFY(w.close());
    }

    void keepsSelectionAcrossUndo()
    {
        MainWindow w;
        w.show();
        QVERIFY(open(w, cnnPath()));
        NodeId relu = kInvalidNodeId;
        for (const NodePtr &n : w.document()->model()->graph->nodes)
            if (n->opType == "Relu")
                relu = n->id;
        w.graphView()->selectNode(relu);
        QCOMPARE(w.inspector()->model()->node(), relu);
        w.findChild<QAction *>(QStringLiteral("actionRemovePassthrough"))->trigger();
        QCOMPARE(w.graphView()->selectedNode(), relu); // stable ids survive the edit
        QCOMPARE(w.inspector()->model()->node(), relu);
        w.undoStack()->undo();
        QCOMPARE(w.graphView()->selectedNode(), relu);
    }

    void badFileShowsErrorAndKeepsModel()
    {
        MainWindow w;
        w.show();
        const QString good = cnnPath();
        QVERIFY(open(w, good));
        const QString summary = w.summaryText();

        const QString bad = m_dir.filePath(QStringLiteral("garbage.onnx"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a protobuf at all \xff\xff\xff\xff");
        f.close();
        QSignalSpy failed(&w, &MainWindow::openFailed);
        w.openFile(bad);
        QVERIFY(failed.wait(kLoadTimeoutMs));
        const QString message = failed.first().at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("garbage.onnx")), qPrintable(message));
        QMessageBox *box = messageBox(&w);
        QVERIFY(box);
        QCOMPARE(box->text(), message);
        QCOMPARE(box->icon(), QMessageBox::Critical);
        box->close();
        QCOMPARE(w.document()->path(), good);
        QCOMPARE(w.summaryText(), summary);
        QTRY_VERIFY(w.logPanel()->text().contains(message));
    }

    void showsLoadWarningsInStatusBar()
    {
        // Opset 21 is newer than libonnx 1.12's checker: the model opens with a warning.
        GraphBuilder b("newer", 21);
        b.input("x", DataType::Float, {1, 4});
        b.node("Relu", {"x"}, {"y"}, "/Relu");
        b.output("y", DataType::Float, {1, 4});
        const QString path = m_dir.filePath(QStringLiteral("opset21.onnx"));
        QVERIFY(saveModel(b.build(), QFile::encodeName(path).toStdString()).isOk());

        MainWindow w;
        w.show();
        QVERIFY(open(w, path));
        QVERIFY(!w.document()->loadWarnings().empty());
        const QString warning = QString::fromStdString(w.document()->loadWarnings().front());
        const QString shown = w.statusBar()->currentMessage();
        QVERIFY2(shown.contains(QStringLiteral("arning")), qPrintable(shown));
        QTRY_VERIFY(w.logPanel()->text().contains(warning));
    }

    void cancelStopsLoading()
    {
        MainWindow w;
        w.show();
        QSignalSpy opened(&w, &MainWindow::modelOpened);
        w.openFile(cnnPath());
        QCOMPARE(w.progressSurface()->taskCount(), 1);
        w.progressSurface()->cancelCurrent();
        QTRY_VERIFY(!w.isBusy());
        QCOMPARE(opened.count(), 0);
        QVERIFY(!w.document());
        QTRY_COMPARE(w.progressSurface()->taskCount(), 0);
    }

    void missingRecentFileIsRemovedWithMessage()
    {
        MainWindow w;
        w.show();
        const QString missing = m_dir.filePath(QStringLiteral("gone.onnx"));
        RecentFiles().add(missing);
        auto *menu = w.findChild<QMenu *>(QStringLiteral("recentMenu"));
        QVERIFY(menu);
        emit menu->aboutToShow();
        QAction *entry = nullptr;
        for (QAction *a : menu->actions())
            if (a->toolTip() == missing)
                entry = a;
        QVERIFY(entry);
        entry->trigger();
        QMessageBox *box = messageBox(&w);
        QVERIFY(box);
        QVERIFY(box->text().contains(missing));
        box->close();
        QVERIFY(!RecentFiles().files().contains(missing));
        QVERIFY(!w.isBusy());
    }

    void recentFilesKeepTenNewestFirst()
    {
        RecentFiles recent;
        recent.clear();
        for (int i = 0; i < 12; ++i)
            recent.add(m_dir.filePath(QStringLiteral("m%1.onnx").arg(i)));
        recent.add(m_dir.filePath(QStringLiteral("m5.onnx")));
        const QStringList files = recent.files();
        QCOMPARE(files.size(), RecentFiles::kMaxEntries);
        QCOMPARE(files.first(), m_dir.filePath(QStringLiteral("m5.onnx")));
        QCOMPARE(files.count(m_dir.filePath(QStringLiteral("m5.onnx"))), 1);
        QVERIFY(!files.contains(m_dir.filePath(QStringLiteral("m0.onnx"))));
        recent.clear();
        QVERIFY(recent.files().isEmpty());
    }

    void droppingOnnxFileOpensIt()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(cnnPath())});
        const QPoint at = w.rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy opened(&w, &MainWindow::modelOpened);
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(opened.wait(kLoadTimeoutMs));
        QCOMPARE(opened.first().first().toString(), cnnPath());

        QMimeData text;
        text.setUrls({QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("notes.txt")))});
        QDragEnterEvent rejected(at, Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
        rejected.setAccepted(false);
        QApplication::sendEvent(&w, &rejected);
        QVERIFY(!rejected.isAccepted());
    }

    void zoomsWithKeysAndFits()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(open(w, cnnPath()));
        GraphView *view = w.graphView();
        view->setFocus();
        const double start = view->zoom();
        QTest::keyClick(view, Qt::Key_Plus);
        QVERIFY(view->zoom() > start);
        QTest::keyClick(view, Qt::Key_Minus);
        QTest::keyClick(view, Qt::Key_Minus);
        QVERIFY(view->zoom() < start);
        QWheelEvent wheel(QPointF(50, 50), view->viewport()->mapToGlobal(QPointF(50, 50)), QPoint(),
                          QPoint(0, 120), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase,
                          false);
        const double beforeWheel = view->zoom();
        QApplication::sendEvent(view->viewport(), &wheel);
        QVERIFY(view->zoom() > beforeWheel);
        QTest::keyClick(view, Qt::Key_0, Qt::ControlModifier);
        // Fitted: the whole drawing is inside the viewport.
        const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
        for (const NodePtr &n : w.document()->model()->graph->nodes)
            QVERIFY(visible.contains(view->nodeRect(n->id)));
    }

    void savesCurrentVersion()
    {
        MainWindow w;
        w.show();
        QVERIFY(open(w, cnnPath()));
        w.findChild<QAction *>(QStringLiteral("actionRemovePassthrough"))->trigger();
        const QString out = m_dir.filePath(QStringLiteral("cleaned.onnx"));
        QSignalSpy saved(&w, &MainWindow::saved);
        w.saveTo(out);
        QVERIFY(saved.wait(kLoadTimeoutMs));
        QVERIFY(!w.isWindowModified());
        QCOMPARE(w.document()->path(), out);

        MainWindow reopened;
        QVERIFY(open(reopened, out));
        QCOMPARE(nodeCount(reopened), size_t(3));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
