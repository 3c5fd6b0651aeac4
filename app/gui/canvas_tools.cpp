#include "app/gui/canvas_tools.h"

#include "app/gui/document_overlays.h"
#include "views/find/find_panel.h"
#include "views/graph/graph_view.h"
#include "views/models/bottleneck_model.h"
#include "views/overlay/bottleneck_panel.h"
#include "views/overlay/overlay_legend.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>

#include <spdlog/spdlog.h>

namespace silica {

namespace {

std::string utf8(const QString &s)
{
    return s.toUtf8().toStdString();
}

QFileInfo modelFile(const ModelPtr &model)
{
    return QFileInfo(QFile::decodeName(QByteArray::fromStdString(model->sourcePath)));
}

} // namespace

CanvasTools::CanvasTools(QMainWindow *window, GraphView *view, ProgressSurface *progress)
    : QObject(window), m_window(window), m_view(view),
      m_overlays(new DocumentOverlays(progress, this)), m_bottlenecks(new BottleneckPanel(window)),
      m_find(new FindPanel(window))
{
    createActions();
    connect(m_bottlenecks, &BottleneckPanel::nodeActivated, m_view, &GraphView::selectNode);
    connect(m_find, &FindPanel::nodeActivated, m_view, &GraphView::selectNode);
    connect(m_view->legend(), &OverlayLegend::channelChosen, m_overlays,
            &DocumentOverlays::setActive);
    connect(m_overlays, &DocumentOverlays::changed, this, &CanvasTools::applyOverlays);
    connect(m_overlays, &DocumentOverlays::fileLoaded, this,
            [this](const QString &path, const QStringList &warnings) {
                spdlog::info("Loaded overlay {}", utf8(path));
                for (const QString &w : warnings)
                    spdlog::warn("{}", utf8(w));
                const QString file = QFileInfo(path).fileName();
                showStatus(warnings.isEmpty()
                               ? tr("Loaded overlay %1").arg(file)
                               : tr("Loaded overlay %1 with %2 warnings; see the log.")
                                     .arg(file)
                                     .arg(warnings.size()),
                           8000);
                emit overlayFileDone();
            });
    connect(m_overlays, &DocumentOverlays::fileFailed, this,
            [this](const QString &, const QString &message) {
                spdlog::error("{}", utf8(message));
                emit failed(tr("Cannot Load Overlay"), message);
                emit overlayFileDone();
            });
}

CanvasTools::~CanvasTools() = default;

void CanvasTools::createActions()
{
    m_exportAction = new QAction(tr("&Export View…"), this);
    m_exportAction->setObjectName(QStringLiteral("actionExportView"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setStatusTip(tr("Save the whole graph as a PNG or SVG picture"));
    connect(m_exportAction, &QAction::triggered, this, &CanvasTools::showExportDialog);

    m_loadOverlayAction = new QAction(tr("&Load Overlay…"), this);
    m_loadOverlayAction->setObjectName(QStringLiteral("actionLoadOverlay"));
    m_loadOverlayAction->setStatusTip(
        tr("Colour the graph by per-node values from a JSON file (see README, Overlay files)"));
    connect(m_loadOverlayAction, &QAction::triggered, this, &CanvasTools::showLoadOverlayDialog);

    m_findAction = new QAction(tr("&Find…"), this);
    m_findAction->setObjectName(QStringLiteral("actionFind"));
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, &CanvasTools::showFind);

    m_nextAction = new QAction(tr("&Next Bottleneck"), this);
    m_nextAction->setObjectName(QStringLiteral("actionNextBottleneck"));
    m_nextAction->setShortcut(QKeySequence(Qt::Key_F8));
    connect(m_nextAction, &QAction::triggered, this, [this] { stepBottleneck(1); });
    m_previousAction = new QAction(tr("&Previous Bottleneck"), this);
    m_previousAction->setObjectName(QStringLiteral("actionPreviousBottleneck"));
    m_previousAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F8));
    connect(m_previousAction, &QAction::triggered, this, [this] { stepBottleneck(-1); });

    m_legendAction = new QAction(tr("Le&gend"), this);
    m_legendAction->setCheckable(true);
    m_legendAction->setChecked(true);
    connect(m_legendAction, &QAction::toggled, this, [this](bool on) {
        m_view->setLegendShown(on);
        QSettings().setValue(QStringLiteral("view/legend"), on);
    });
    m_minimapAction = new QAction(tr("&Minimap"), this);
    m_minimapAction->setCheckable(true);
    m_minimapAction->setChecked(true);
    connect(m_minimapAction, &QAction::toggled, this, [this](bool on) {
        m_view->setMinimapShown(on);
        QSettings().setValue(QStringLiteral("view/minimap"), on);
    });

    for (QAction *a :
         {m_exportAction, m_loadOverlayAction, m_findAction, m_nextAction, m_previousAction})
        a->setEnabled(false);
}

void CanvasTools::addDocks(QDockWidget *inspectorDock)
{
    m_bottleneckDock = new QDockWidget(tr("Bottlenecks"), m_window);
    m_bottleneckDock->setObjectName(QStringLiteral("bottleneckDock"));
    m_bottleneckDock->setWidget(m_bottlenecks);
    m_window->addDockWidget(Qt::RightDockWidgetArea, m_bottleneckDock);
    m_window->splitDockWidget(inspectorDock, m_bottleneckDock, Qt::Vertical);

    m_findDock = new QDockWidget(tr("Find"), m_window);
    m_findDock->setObjectName(QStringLiteral("findDock"));
    m_findDock->setWidget(m_find);
    m_window->addDockWidget(Qt::LeftDockWidgetArea, m_findDock);
    m_findDock->hide();

    m_window->resizeDocks({inspectorDock, m_bottleneckDock}, {420, 320}, Qt::Vertical);
    m_window->resizeDocks({m_findDock}, {340}, Qt::Horizontal);
}

void CanvasTools::addViewActions(QMenu *view)
{
    m_overlayMenu = view->addMenu(tr("&Overlay"));
    m_overlayMenu->setObjectName(QStringLiteral("overlayMenu"));
    m_overlayGroup = new QActionGroup(this);
    fillOverlayMenu();
    view->addAction(m_nextAction);
    view->addAction(m_previousAction);
    view->addSeparator();
    view->addAction(m_legendAction);
    view->addAction(m_minimapAction);
    view->addSeparator();
    QAction *bottlenecks = m_bottleneckDock->toggleViewAction();
    bottlenecks->setText(tr("&Bottlenecks"));
    view->addAction(bottlenecks);
    QAction *find = m_findDock->toggleViewAction();
    find->setText(tr("Fin&d Panel"));
    view->addAction(find);
}

void CanvasTools::restoreSettings()
{
    QSettings settings;
    m_legendAction->setChecked(settings.value(QStringLiteral("view/legend"), true).toBool());
    m_minimapAction->setChecked(settings.value(QStringLiteral("view/minimap"), true).toBool());
}

void CanvasTools::showModel(ModelPtr model, uint64_t versionId,
                            std::shared_ptr<const ModelStats> stats, bool newDocument)
{
    m_model = model;
    m_stats = std::move(stats);
    for (QAction *a :
         {m_exportAction, m_loadOverlayAction, m_findAction, m_nextAction, m_previousAction})
        a->setEnabled(model != nullptr);
    m_find->setModel(model);
    // Last: recolours the canvas and refills the bottleneck list (with m_stats).
    if (newDocument)
        m_overlays->reset(std::move(model), versionId);
    else
        m_overlays->setModel(std::move(model), versionId);
}

void CanvasTools::followSelection(NodeId id)
{
    m_bottlenecks->setCurrentNode(id);
}

void CanvasTools::applyOverlays()
{
    QElapsedTimer timer;
    timer.start();
    const OverlayPalette palette = m_overlays->palette();
    const qint64 paletteMs = timer.elapsed();
    m_view->setOverlay(palette);
    const qint64 viewMs = timer.elapsed();
    m_view->legend()->setChannels(m_overlays->ids(), m_overlays->names());
    m_view->legend()->setCurrentChannel(m_overlays->activeId());
    m_bottlenecks->setOverlay(m_overlays->model(), palette, m_stats);
    m_bottlenecks->setCurrentNode(m_view->selectedNode());
    fillOverlayMenu();
    spdlog::debug("Showed overlay {} in {} ms (palette {} ms, canvas {} ms, list {} ms)",
                  utf8(m_overlays->activeId()), timer.elapsed(), paletteMs, viewMs - paletteMs,
                  timer.elapsed() - viewMs);
}

void CanvasTools::fillOverlayMenu()
{
    if (!m_overlayMenu)
        return;
    m_overlayMenu->clear();
    for (QAction *a : m_overlayGroup->actions())
        m_overlayGroup->removeAction(a);
    const QStringList ids = m_overlays->ids();
    const QStringList names = m_overlays->names();
    for (qsizetype i = 0; i < ids.size(); ++i) {
        QAction *a = m_overlayMenu->addAction(names[i]);
        a->setCheckable(true);
        a->setChecked(ids[i] == m_overlays->activeId());
        a->setData(ids[i]);
        m_overlayGroup->addAction(a);
        const QString id = ids[i];
        connect(a, &QAction::triggered, this, [this, id] { m_overlays->setActive(id); });
    }
    if (ids.isEmpty())
        m_overlayMenu->addAction(tr("No Model Open"))->setEnabled(false);
    m_overlayMenu->addSeparator();
    m_overlayMenu->addAction(m_loadOverlayAction);
}

void CanvasTools::loadOverlay(const QString &path)
{
    if (!m_model)
        return;
    spdlog::info("Loading overlay {}", utf8(path));
    m_overlays->loadFile(path);
}

void CanvasTools::showLoadOverlayDialog()
{
    if (!m_model)
        return;
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Load Overlay"),
                                                      modelFile(m_model).absolutePath(),
                                                      tr("Overlay files (*.json);;All files (*)"));
    if (!path.isEmpty())
        loadOverlay(path);
}

void CanvasTools::showExportDialog()
{
    if (!m_model)
        return;
    const QString png = tr("PNG image (*.png)");
    const QString svg = tr("SVG image (*.svg)");
    const QFileInfo source = modelFile(m_model);
    QString filter = png;
    QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export View"), source.absoluteDir().filePath(source.completeBaseName()),
        png + QStringLiteral(";;") + svg, &filter);
    if (path.isEmpty())
        return;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg"))
        path += filter == svg ? QStringLiteral(".svg") : QStringLiteral(".png");
    exportView(path);
}

ViewExport CanvasTools::exportView(const QString &path)
{
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const ViewExport result =
        exportScene(*m_view->scene(), m_view->backgroundBrush().color(), m_view->overlay(), path);
    QApplication::restoreOverrideCursor();
    if (!result.error.isEmpty()) {
        spdlog::error("{}", utf8(result.error));
        emit failed(tr("Cannot Export View"), result.error);
        return result;
    }
    const QString file = QFileInfo(path).fileName();
    QString message =
        tr("Exported %1 (%2 × %3)").arg(file).arg(result.size.width()).arg(result.size.height());
    if (result.reduced)
        message = (result.noLabels
                       ? tr("Exported %1 at %2 % of full size (%3 × %4 pixels, the most a PNG "
                            "may have), too small for node labels; export SVG for full detail.")
                       : tr("Exported %1 at %2 % of full size (%3 × %4 pixels, the most a PNG "
                            "may have); export SVG for full detail."))
                      .arg(file)
                      .arg(qRound(result.scale * 100))
                      .arg(result.size.width())
                      .arg(result.size.height());
    spdlog::info("{}", utf8(message));
    showStatus(message, 10000);
    return result;
}

void CanvasTools::showFind()
{
    if (!m_model)
        return;
    m_findDock->show();
    m_findDock->raise();
    m_find->focusSearch();
}

void CanvasTools::stepBottleneck(int delta)
{
    if (!m_model)
        return;
    const NodeId id = m_bottlenecks->step(m_view->selectedNode(), delta);
    if (id == kInvalidNodeId) {
        showStatus(tr("The overlay has no values to walk."), 5000);
        return;
    }
    const BottleneckModel *list = m_bottlenecks->model();
    const int row = list->rowOf(id);
    showStatus(tr("Bottleneck %1 of %2: %3 (%4)")
                   .arg(row + 1)
                   .arg(list->rowCount())
                   .arg(list->index(row, BottleneckModel::NodeColumn).data().toString(),
                        list->index(row, BottleneckModel::ValueColumn).data().toString()),
               8000);
}

void CanvasTools::showStatus(const QString &text, int milliseconds)
{
    m_window->statusBar()->showMessage(text, milliseconds);
}

} // namespace silica
