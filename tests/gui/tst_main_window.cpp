#include "gui_test_models.h"

#include "app/gui/main_window.h"
#include "app/gui/open_document.h"
#include "app/gui/recent_files.h"
#include "core/graph/graph_index.h"
#include "views/graph/graph_view.h"
#include "views/inspector/inspector_widget.h"
#include "views/log/log_panel.h"
#include "views/models/node_inspector_model.h"
#include "views/progress/progress_surface.h"

#include <QAction>
#include <QFile>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

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

    QString cnnPath()
    {
        const QString path = m_dir.filePath(QStringLiteral("passthrough_cnn.onnx"));
        if (!QFile::exists(path) && !guitest::writePassthroughCnn(path))
            return {};
        return path;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SilicaTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
        QSettings().clear();
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
