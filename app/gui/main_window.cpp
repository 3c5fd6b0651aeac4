#include "app/gui/main_window.h"

#include "app/gui/canvas_tools.h"
#include "app/gui/device_tools.h"
#include "app/gui/quant_tools.h"
#include "views/common/dim_sizes.h"
#include "views/quant/quant_panel.h"
#include "views/device/profile_panel.h"
#include "app/gui/document_commands.h"
#include "app/gui/document_overlays.h"
#include "app/gui/language.h"
#include "app/gui/model_loader.h"
#include "app/gui/open_document.h"
#include "core/graph/onnx_export.h"
#include "core/graph/statistics.h"
#include "views/find/find_panel.h"
#include "views/graph/graph_view.h"
#include "views/inspector/inspector_widget.h"
#include "views/log/log_panel.h"
#include "views/progress/progress_surface.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLineEdit>
#include <QTabWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>
#include <QtConcurrent>

#include <spdlog/spdlog.h>

namespace silica {

namespace {

std::string utf8(const QString &s)
{
    return s.toUtf8().toStdString();
}

bool isOnnxFile(const QString &path)
{
    return path.endsWith(QLatin1String(".onnx"), Qt::CaseInsensitive);
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_view(new GraphView(this)), m_inspector(new InspectorWidget(this)),
      m_log(new LogPanel(this)), m_progress(new ProgressSurface(this)), m_summary(new QLabel(this)),
      m_undo(new QUndoStack(this)), m_loader(new ModelLoader(m_progress, this)),
      m_tools(new CanvasTools(this, m_view, m_progress)),
      m_devices(new DeviceTools(this, m_tools->overlays(), m_progress)),
      m_quant(new QuantTools(this, m_tools->overlays(), m_progress, m_devices))
{
    setObjectName(QStringLiteral("mainWindow"));
    setCentralWidget(m_view);
    setAcceptDrops(true);
    m_view->setObjectName(QStringLiteral("graphView"));
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_summary);

    spdlog::default_logger()->sinks().push_back(m_log->sink());

    createActions();
    createDocks();
    createMenus();

    connect(m_loader, &ModelLoader::loaded, this, &MainWindow::onLoaded);
    connect(m_loader, &ModelLoader::failed, this, &MainWindow::onLoadFailed);
    connect(m_loader, &ModelLoader::cancelled, this, [this](const QString &path) {
        spdlog::info("Opening {} cancelled", utf8(path));
        statusBar()->showMessage(tr("Opening %1 cancelled").arg(QFileInfo(path).fileName()), 5000);
    });
    connect(m_view, &GraphView::nodeSelected, this, &MainWindow::onNodeSelected);
    connect(m_devices, &DeviceTools::failed, this, [this](const QString &title, const QString &text) {
        showMessage(QMessageBox::Warning, title, text);
    });
    connect(m_devices, &DeviceTools::nodeActivated, m_view, &GraphView::selectNode);
    connect(m_quant, &QuantTools::nodeActivated, m_view, &GraphView::selectNode);
    connect(m_quant, &QuantTools::failed, this, [this](const QString &title, const QString &text) {
        showMessage(QMessageBox::Warning, title, text);
    });
    connect(m_tools, &CanvasTools::failed, this, [this](const QString &title, const QString &text) {
        showMessage(QMessageBox::Critical, title, text);
    });
    connect(m_tools, &CanvasTools::overlayFileDone, this, [this] {
        if (!m_screenshot.file.isEmpty())
            QTimer::singleShot(300, this, &MainWindow::takeScreenshot);
    });
    connect(m_undo, &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);

    updateTitle();
    updateActions();
    resize(1400, 900);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_tools->restoreSettings();
}

MainWindow::~MainWindow()
{
    // Jobs first: nothing may log into the panel's sink once it is gone.
    delete m_loader;
    m_loader = nullptr;
    m_saveFuture.waitForFinished();
    auto &sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), m_log->sink()), sinks.end());
}

void MainWindow::createActions()
{
    m_openAction = new QAction(tr("&Open…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::showOpenDialog);

    m_saveAsAction = new QAction(tr("Save &As…"), this);
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_saveAsAction, &QAction::triggered, this, &MainWindow::showSaveDialog);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_removePassthroughAction = new QAction(tr("&Remove Identity/Dropout and Dead Nodes"), this);
    m_removePassthroughAction->setObjectName(QStringLiteral("actionRemovePassthrough"));
    m_removePassthroughAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(m_removePassthroughAction, &QAction::triggered, this,
            &MainWindow::removePassthroughNodes);

    m_zoomInAction = new QAction(tr("Zoom &In"), this);
    m_zoomInAction->setShortcut(QKeySequence::ZoomIn);
    connect(m_zoomInAction, &QAction::triggered, m_view, &GraphView::zoomIn);
    m_zoomOutAction = new QAction(tr("Zoom &Out"), this);
    m_zoomOutAction->setShortcut(QKeySequence::ZoomOut);
    connect(m_zoomOutAction, &QAction::triggered, m_view, &GraphView::zoomOut);
    m_fitAction = new QAction(tr("&Fit to Window"), this);
    m_fitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_fitAction, &QAction::triggered, m_view, &GraphView::fitToWindow);

    // Groups (name scopes or blocks): double-click a group box to expand it.
    m_expandAllAction = new QAction(tr("E&xpand All Groups"), this);
    m_expandAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Plus));
    connect(m_expandAllAction, &QAction::triggered, m_view, &GraphView::expandAllGroups);
    m_collapseAllAction = new QAction(tr("&Collapse Groups"), this);
    m_collapseAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Minus));
    connect(m_collapseAllAction, &QAction::triggered, m_view, &GraphView::collapseGroupsToDefault);
    m_collapseSelectedAction = new QAction(tr("Collapse the Selected Node's &Group"), this);
    m_collapseSelectedAction->setShortcut(QKeySequence(Qt::Key_Backspace));
    connect(m_collapseSelectedAction, &QAction::triggered, m_view, &GraphView::collapseSelectedGroup);
}

void MainWindow::createDocks()
{
    m_inspectorDock = new QDockWidget(tr("Inspector"), this);
    m_inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    m_inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);

    m_logDock = new QDockWidget(tr("Log"), this);
    m_logDock->setObjectName(QStringLiteral("logDock"));
    m_logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    m_tools->addDocks(m_inspectorDock);
    m_devices->addToWindow(m_logDock);
    m_quant->addToWindow(m_devices->dock());
    resizeDocks({m_inspectorDock}, {430}, Qt::Horizontal);
    resizeDocks({m_logDock}, {150}, Qt::Vertical);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addAction(m_saveAsAction);
    file->addAction(m_tools->exportAction());
    file->addSeparator();
    file->addAction(m_tools->loadOverlayAction());
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(m_tools->findAction());
    edit->addSeparator();
    edit->addAction(m_removePassthroughAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_zoomInAction);
    m_viewMenu->addAction(m_zoomOutAction);
    m_viewMenu->addAction(m_fitAction);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_expandAllAction);
    m_viewMenu->addAction(m_collapseAllAction);
    m_viewMenu->addAction(m_collapseSelectedAction);
    m_viewMenu->addSeparator();
    m_tools->addViewActions(m_viewMenu);
    m_devices->addViewActions(m_viewMenu);
    QAction *inspectorToggle = m_inspectorDock->toggleViewAction();
    inspectorToggle->setText(tr("&Inspector"));
    m_viewMenu->addAction(inspectorToggle);
    QAction *logToggle = m_logDock->toggleViewAction();
    logToggle->setText(tr("&Log"));
    m_viewMenu->addAction(logToggle);

    m_quant->addMenu(nullptr);

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    QMenu *language = settings->addMenu(tr("&Language"));
    auto *group = new QActionGroup(this);
    const QString current = storedLanguage();
    auto addLanguage = [&](const QString &code, const QString &label) {
        QAction *a = language->addAction(label);
        a->setCheckable(true);
        a->setChecked(code == current);
        a->setData(code);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] { chooseLanguage(code); });
    };
    addLanguage(QString(), tr("System Default"));
    language->addSeparator();
    for (const QString &code : availableLanguages())
        addLanguage(code, nativeLanguageName(code));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Silica"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);
}

bool MainWindow::isBusy() const
{
    return (m_loader && m_loader->isLoading()) || m_saveFuture.isRunning();
}

void MainWindow::openFile(const QString &path)
{
    spdlog::info("Opening {}", utf8(path));
    m_loader->load(path);
}

bool MainWindow::confirmDiscardEdits()
{
    if (!m_undo || m_undo->isClean())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved Edits"),
        tr("The model has edits that are not saved. Discard them?\n\nTo keep them, cancel "
           "and use File → Save As."),
        QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
    return answer == QMessageBox::Discard;
}

void MainWindow::showOpenDialog()
{
    if (!confirmDiscardEdits())
        return;
    const QString dir = m_document ? QFileInfo(m_document->path()).absolutePath() : QString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Model"), dir,
                                                      tr("ONNX models (*.onnx);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_recent.files();
    for (int i = 0; i < files.size(); ++i) {
        const QString &path = files[i];
        QAction *a = m_recentMenu->addAction(
            tr("&%1 %2").arg(i + 1 < 10 ? QString::number(i + 1) : QStringLiteral("1&0"),
                             QFileInfo(path).fileName()));
        a->setToolTip(path);
        a->setStatusTip(path);
        connect(a, &QAction::triggered, this, [this, path] { openRecent(path); });
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("No Recent Files"))->setEnabled(false);
    m_recentMenu->addSeparator();
    QAction *clear = m_recentMenu->addAction(tr("&Clear Recent Files"));
    clear->setEnabled(!files.isEmpty());
    connect(clear, &QAction::triggered, this, [this] { m_recent.clear(); });
}

void MainWindow::openRecent(const QString &path)
{
    if (!QFileInfo::exists(path)) {
        m_recent.remove(path);
        spdlog::warn("Recent file {} no longer exists", utf8(path));
        showMessage(QMessageBox::Warning, tr("File Not Found"),
                    tr("%1 no longer exists. It was removed from the recent files.").arg(path));
        return;
    }
    if (confirmDiscardEdits())
        openFile(path);
}

void MainWindow::onLoaded(const QString &path, const LoadedModel &loaded, qint64 milliseconds)
{
    m_undo->clear();
    if (m_document)
        m_document->deleteLater();
    m_document = new OpenDocument(loaded.model, path, loaded.warnings, this);
    connect(m_document, &OpenDocument::versionChanged, this, [this] { showCurrentVersion(true); });
    m_recent.add(path);

    m_inspector->clear();
    showCurrentVersion(false);
    for (const std::string &w : loaded.warnings)
        spdlog::warn("{}", w);
    spdlog::info("Opened {}: {} nodes in {} ms", utf8(path), loaded.model->graph->nodes.size(),
                 milliseconds);
    if (loaded.warnings.size() == 1)
        statusBar()->showMessage(tr("Warning: %1").arg(QString::fromStdString(loaded.warnings[0])));
    else if (!loaded.warnings.empty())
        statusBar()->showMessage(
            tr("Opened with %1 warnings; see the log.").arg(loaded.warnings.size()));
    else
        statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 5000);
    emit modelOpened(path);
    if (m_screenshot.file.isEmpty())
        return;
    if (!m_screenshot.quantize.isEmpty()) {
        // The screenshot follows the quantization (and the device analysis, if asked, first).
        auto *once = new QObject(this);
        connect(m_quant, &QuantTools::quantized, once, [this, once] {
            once->deleteLater();
            QTimer::singleShot(300, this, &MainWindow::takeScreenshot);
        });
        connect(m_quant, &QuantTools::failed, once, [this, once] {
            once->deleteLater();
            QTimer::singleShot(300, this, &MainWindow::takeScreenshot);
        });
        if (!m_screenshot.device.isEmpty())
            m_devices->setDevice(m_screenshot.device);
        QuantSettings settings = QuantSettings::load(path);
        settings.paths.clear();
        if (m_screenshot.quantize != QLatin1String("random"))
            settings.paths = m_screenshot.quantize.split(QLatin1Char(';'), Qt::SkipEmptyParts);
        std::map<std::string, int64_t> dims;
        if (parseDimSizes(m_screenshot.deviceDims, dims) && !dims.empty())
            settings.data.dims = dims;
        settings.errorSamples = 4;
        m_quant->quantize(settings);
    } else if (!m_screenshot.device.isEmpty()) {
        // The screenshot follows the device analysis.
        auto *once = new QObject(this);
        connect(m_devices, &DeviceTools::analysed, once, [this, once] {
            once->deleteLater();
            QTimer::singleShot(300, this, &MainWindow::takeScreenshot);
        });
        if (!m_screenshot.deviceDims.isEmpty())
            m_devices->dimsEdit()->setText(m_screenshot.deviceDims);
        if (!m_devices->setDevice(m_screenshot.device)) {
            spdlog::warn("No device {}", utf8(m_screenshot.device));
            once->deleteLater();
            QTimer::singleShot(500, this, &MainWindow::takeScreenshot);
        }
    } else if (!m_screenshot.overlayFile.isEmpty())
        m_tools->loadOverlay(m_screenshot.overlayFile); // the screenshot follows the overlay
    else
        QTimer::singleShot(500, this, &MainWindow::takeScreenshot);
}

void MainWindow::onLoadFailed(const QString &path, const QString &message)
{
    spdlog::error("{}", utf8(message));
    showMessage(QMessageBox::Critical, tr("Cannot Open Model"), message);
    emit openFailed(path, message);
    if (!m_screenshot.file.isEmpty())
        QTimer::singleShot(500, this, &MainWindow::takeScreenshot);
}

void MainWindow::showCurrentVersion(bool keepView)
{
    const ModelPtr model = m_document ? m_document->model() : nullptr;
    const NodeId selected = m_view->selectedNode();
    m_view->setModel(model, keepView);
    // The inspector follows the selection the view kept (or cleared).
    if (m_view->selectedNode() == selected && selected != kInvalidNodeId)
        m_inspector->setNode(model, selected);
    auto stats = model ? std::make_shared<const ModelStats>(modelStatistics(*model)) : nullptr;
    if (model) {
        m_summary->setText(tr("%1 nodes · %2 params · %3 MACs · opset %4")
                               .arg(stats->nodeCount)
                               .arg(QString::fromStdString(formatCount(stats->params)),
                                    QString::fromStdString(formatCount(stats->macs)))
                               .arg(model->opsetVersion("")));
    } else {
        m_summary->clear();
    }
    m_tools->showModel(model, m_document ? m_document->current()->id : 0, std::move(stats),
                       !keepView);
    m_devices->showModel(model, m_document ? m_document->current()->id : 0);
    m_quant->showModel(model, m_document ? m_document->current()->id : 0, m_document ? m_document->path() : QString());
    updateTitle();
    updateActions();
}

void MainWindow::onNodeSelected(NodeId id)
{
    m_inspector->setNode(m_document ? m_document->model() : nullptr, id);
    m_tools->followSelection(id);
    m_quant->showNode(id);
}

QString MainWindow::summaryText() const
{
    return m_summary->text();
}

void MainWindow::removePassthroughNodes()
{
    if (!m_document)
        return;
    QString summary;
    ChangeGraphVersion *command = RemovePassthroughNodes::apply(*m_document, summary);
    spdlog::info("{}", utf8(summary));
    if (!command) {
        showMessage(QMessageBox::Information, tr("Remove Identity/Dropout and Dead Nodes"),
                    summary);
        return;
    }
    m_undo->push(command);
    statusBar()->showMessage(summary, 8000);
}

void MainWindow::showSaveDialog()
{
    if (!m_document)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Model As"), m_document->path(),
                                                      tr("ONNX models (*.onnx)"));
    if (!path.isEmpty())
        saveTo(isOnnxFile(path) ? path : path + QStringLiteral(".onnx"));
}

void MainWindow::saveTo(const QString &path)
{
    if (!m_document || m_saveFuture.isRunning())
        return;
    const ModelPtr model = m_document->model();
    const std::string file = QFile::encodeName(path).toStdString();
    m_saveFuture = QtConcurrent::run([model, file] {
        const Status s = saveModel(*model, file, defaultSaveOptions(*model));
        return s ? QString() : QString::fromStdString(s.message());
    });
    m_progress->addTask(m_saveFuture, tr("Saving %1").arg(QFileInfo(path).fileName()));
    auto *watcher = new QFutureWatcher<QString>(this);
    QPointer<OpenDocument> document = m_document;
    const int undoIndex = m_undo->index();
    connect(watcher, &QFutureWatcherBase::finished, this, [=] {
        watcher->deleteLater();
        const QString error = watcher->result();
        if (!error.isEmpty()) {
            spdlog::error("{}", utf8(error));
            showMessage(QMessageBox::Critical, tr("Cannot Save Model"), error);
            return;
        }
        spdlog::info("Saved {}", utf8(path));
        statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
        m_recent.add(path);
        if (document == m_document && document) {
            document->setPath(path);
            if (m_undo->index() == undoIndex)
                m_undo->setClean();
            updateTitle();
        }
        emit saved(path);
    });
    watcher->setFuture(m_saveFuture);
}

void MainWindow::updateTitle()
{
    if (!m_document) {
        setWindowTitle(QStringLiteral("Silica"));
        return;
    }
    setWindowTitle(tr("%1[*] — Silica").arg(m_document->fileName()));
    setWindowModified(!m_undo->isClean());
}

void MainWindow::updateActions()
{
    const bool hasModel = m_document != nullptr;
    m_saveAsAction->setEnabled(hasModel);
    m_removePassthroughAction->setEnabled(hasModel);
    m_zoomInAction->setEnabled(hasModel);
    m_zoomOutAction->setEnabled(hasModel);
    m_fitAction->setEnabled(hasModel);
}

void MainWindow::chooseLanguage(const QString &code)
{
    if (code == storedLanguage())
        return;
    storeLanguage(code);
    showMessage(QMessageBox::Information, tr("Language"),
                tr("The new language will be used the next time Silica starts."));
}

void MainWindow::showAbout()
{
    showMessage(QMessageBox::NoIcon, tr("About Silica"),
                tr("<h3>Silica %1</h3>"
                   "<p>A workbench for deploying ONNX neural networks to edge accelerators: "
                   "look at a model, optimize it and export it for the device.</p>"
                   "<p>Built with Qt %2.</p>")
                    .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::showMessage(int icon, const QString &title, const QString &text)
{
    // Window-modal but not blocking: background jobs keep reporting and tests keep running.
    auto *box =
        new QMessageBox(static_cast<QMessageBox::Icon>(icon), title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("messageBox"));
    box->open();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!confirmDiscardEdits()) {
        event->ignore();
        return;
    }
    if (m_loader)
        m_loader->cancel();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile() && isOnnxFile(urls.first().toLocalFile()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    if (confirmDiscardEdits())
        openFile(urls.first().toLocalFile());
}

void MainWindow::screenshotAfterLoad(const ScreenshotOptions &options)
{
    m_screenshot = options;
}

void MainWindow::takeScreenshot()
{
    if (m_document && !m_screenshot.overlay.isEmpty() &&
        !m_tools->overlays()->setActive(m_screenshot.overlay))
        spdlog::warn("No overlay {}", utf8(m_screenshot.overlay));
    if (m_document && !m_screenshot.node.isEmpty()) {
        for (const NodePtr &n : m_document->model()->graph->nodes)
            if (QString::fromStdString(n->name) == m_screenshot.node) {
                m_view->selectNode(n->id);
                break;
            }
    }
    for (int i = 0; i < m_screenshot.bottlenecks; ++i)
        m_tools->stepBottleneck(1);
    if (m_document && !m_screenshot.find.isEmpty()) {
        m_tools->showFind();
        m_tools->findPanel()->lineEdit()->setText(m_screenshot.find);
        m_tools->findPanel()->jump(1);
    }
    if (m_screenshot.fit)
        m_view->fitToWindow();
    if (!m_screenshot.deviceTab.isEmpty()) {
        m_devices->dock()->show();
        m_devices->dock()->raise();
        QTabWidget *tabs = m_devices->panel()->tabs();
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i).compare(m_screenshot.deviceTab, Qt::CaseInsensitive) == 0)
                tabs->setCurrentIndex(i);
    }
    if (!m_screenshot.quantTab.isEmpty()) {
        m_quant->dock()->show();
        m_quant->dock()->raise();
        QTabWidget *tabs = m_quant->panel()->tabs();
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i).compare(m_screenshot.quantTab, Qt::CaseInsensitive) == 0)
                tabs->setCurrentIndex(i);
    }
    if (m_document && !m_screenshot.exportFile.isEmpty())
        m_tools->exportView(m_screenshot.exportFile);
    QTimer::singleShot(300, this, [this] {
        // From the screen, so open dialogs (an error message) are in the picture too; the
        // widget's own rendering where the platform cannot grab the screen.
        const QRect frame = frameGeometry();
        QPixmap shot = screen()->grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height());
        if (shot.isNull())
            shot = grab();
        const bool ok = shot.save(m_screenshot.file);
        if (ok)
            spdlog::info("Saved screenshot {}", utf8(m_screenshot.file));
        else
            spdlog::error("Cannot write screenshot {}", utf8(m_screenshot.file));
        QCoreApplication::exit(ok ? 0 : 1);
    });
}

} // namespace silica
