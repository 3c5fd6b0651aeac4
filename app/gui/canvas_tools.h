#pragma once
// The canvas's tools, wired for the main window: overlays (View → Overlay, Load Overlay…, the
// legend's combo box), the bottleneck list with F8 / Shift+F8, Find (Ctrl+F), Export View
// (Ctrl+E) and the legend and minimap switches. The window adds the actions to its menus and
// the panels to its docks, and tells the tools which graph version is shown.

#include "core/graph/statistics.h"
#include "views/graph/scene_export.h"

#include <QObject>

#include <memory>

class QAction;
class QActionGroup;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace silica {

class BottleneckPanel;
class DocumentOverlays;
class FindPanel;
class GraphView;
class ProgressSurface;

class CanvasTools : public QObject
{
    Q_OBJECT
public:
    CanvasTools(QMainWindow *window, GraphView *view, ProgressSurface *progress);
    ~CanvasTools() override;

    // Places the bottleneck dock below `inspectorDock` and Find (hidden) on the left.
    void addDocks(QDockWidget *inspectorDock);
    // View menu entries: the overlay submenu, bottleneck walking, legend, minimap, docks.
    void addViewActions(QMenu *view);
    QAction *exportAction() const { return m_exportAction; }
    QAction *loadOverlayAction() const { return m_loadOverlayAction; }
    QAction *findAction() const { return m_findAction; }
    QDockWidget *bottleneckDock() const { return m_bottleneckDock; }
    QDockWidget *findDock() const { return m_findDock; }

    // Version `versionId` (`model`, with its statistics `stats`) is shown. A new document
    // drops overlay files; a new version of the same document keeps them.
    void showModel(ModelPtr model, uint64_t versionId, std::shared_ptr<const ModelStats> stats,
                   bool newDocument);
    // The canvas's selection changed.
    void followSelection(NodeId id);
    // Restores the legend and minimap switches (after the window restored its state).
    void restoreSettings();

    void loadOverlay(const QString &path);
    ViewExport exportView(const QString &path);
    void showFind();
    void stepBottleneck(int delta);

    DocumentOverlays *overlays() const { return m_overlays; }
    BottleneckPanel *bottleneckPanel() const { return m_bottlenecks; }
    FindPanel *findPanel() const { return m_find; }

signals:
    // Something failed that needs the user's attention (a message box).
    void failed(const QString &title, const QString &message);
    // An overlay file finished loading, successfully or not.
    void overlayFileDone();

private:
    void createActions();
    void applyOverlays();
    void fillOverlayMenu();
    void showLoadOverlayDialog();
    void showExportDialog();
    void showStatus(const QString &text, int milliseconds);

    QMainWindow *m_window;
    GraphView *m_view;
    DocumentOverlays *m_overlays;
    BottleneckPanel *m_bottlenecks;
    FindPanel *m_find;
    ModelPtr m_model;
    std::shared_ptr<const ModelStats> m_stats;
    QString m_modelPath;

    QAction *m_exportAction = nullptr;
    QAction *m_loadOverlayAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_nextAction = nullptr;
    QAction *m_previousAction = nullptr;
    QAction *m_legendAction = nullptr;
    QAction *m_minimapAction = nullptr;
    QMenu *m_overlayMenu = nullptr;
    QActionGroup *m_overlayGroup = nullptr;
    QDockWidget *m_bottleneckDock = nullptr;
    QDockWidget *m_findDock = nullptr;
};

} // namespace silica
