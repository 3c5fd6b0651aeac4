#pragma once
// The main window: the graph canvas in the middle, the inspector (right) and log (bottom) in
// docks, the status bar with the model summary and the progress surface. It wires actions to
// the open document, the undo stack and the background loader; the views only display.

#include "app/gui/recent_files.h"
#include "core/graph/onnx_import.h"
#include "views/graph/scene_export.h"

#include <QFuture>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QUndoStack;

namespace silica {

class CanvasTools;
class DeviceTools;
class QuantTools;
class GraphView;
class InspectorWidget;
class LogPanel;
class ModelLoader;
class OpenDocument;
class ProgressSurface;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts loading `path` in the background; the current model stays until it succeeds.
    void openFile(const QString &path);
    // Saves the current version (in the background); `path` becomes the document's file.
    void saveTo(const QString &path);

    OpenDocument *document() const { return m_document; }
    bool isBusy() const;
    // Asks before unsaved edits are thrown away (closing, opening another model).
    bool confirmDiscardEdits();
    GraphView *graphView() const { return m_view; }
    InspectorWidget *inspector() const { return m_inspector; }
    LogPanel *logPanel() const { return m_log; }
    ProgressSurface *progressSurface() const { return m_progress; }
    QUndoStack *undoStack() const { return m_undo; }
    // Overlays, bottlenecks, Find and Export View.
    CanvasTools *canvasTools() const { return m_tools; }
    // The device toolbar, profile dock and device overlays.
    DeviceTools *deviceTools() const { return m_devices; }
    // The quantization lab: Quantize…, its overlays and dock.
    QuantTools *quantTools() const { return m_quant; }
    // "64 nodes · 1.2M params · 45.3M MACs · opset 17"
    QString summaryText() const;

    // What a screenshot shows (for docs and visual checks).
    struct ScreenshotOptions
    {
        QString file;        // where the picture goes
        QString node;        // select the node with this name
        bool fit = false;    // fit the graph into the window
        QString overlayFile; // load this overlay file (its first channel becomes active)
        QString overlay;     // then show the overlay with this id
        QString find;        // open Find with this text
        int bottlenecks = 0; // press F8 this many times
        QString exportFile;  // also export the view (PNG or SVG) to this file
        QString device;      // analyse on this device first (its support overlay shows)
        QString deviceTab;   // and show this tab of the device profile dock
        QString deviceDims;  // with these sizes of symbolic dimensions ("width=320")
        QString quantize;    // quantize on this calibration data ("random" for random data) first
        QString quantTab;    // and show this tab of the quantization dock
    };
    // Saves a picture of the window once the next model (and overlay file) has loaded, then
    // quits.
    void screenshotAfterLoad(const ScreenshotOptions &options);

signals:
    void modelOpened(const QString &path);
    void openFailed(const QString &path, const QString &message);
    void saved(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void showOpenDialog();
    void showSaveDialog();
    void fillRecentMenu();
    void openRecent(const QString &path);
    void removePassthroughNodes();
    void showAbout();
    void chooseLanguage(const QString &code);

    void onLoaded(const QString &path, const LoadedModel &loaded, qint64 milliseconds);
    void onLoadFailed(const QString &path, const QString &message);
    // Redraws and re-summarizes the current version; `keepView` keeps zoom and selection.
    void showCurrentVersion(bool keepView);
    void onNodeSelected(NodeId id);
    void updateTitle();
    void updateActions();
    void showMessage(int icon, const QString &title, const QString &text);
    void takeScreenshot();

    GraphView *m_view;
    InspectorWidget *m_inspector;
    LogPanel *m_log;
    ProgressSurface *m_progress;
    QLabel *m_summary;
    QUndoStack *m_undo;
    ModelLoader *m_loader;
    OpenDocument *m_document = nullptr;
    RecentFiles m_recent;
    QFuture<QString> m_saveFuture;
    CanvasTools *m_tools;
    DeviceTools *m_devices;
    QuantTools *m_quant;

    QAction *m_openAction = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_removePassthroughAction = nullptr;
    QAction *m_zoomInAction = nullptr;
    QAction *m_zoomOutAction = nullptr;
    QAction *m_fitAction = nullptr;
    QAction *m_expandAllAction = nullptr;
    QAction *m_collapseAllAction = nullptr;
    QAction *m_collapseSelectedAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QDockWidget *m_inspectorDock = nullptr;
    QDockWidget *m_logDock = nullptr;

    ScreenshotOptions m_screenshot;
};

} // namespace silica
