#include "app/gui/device_tools.h"

#include "app/gui/document_overlays.h"
#include "core/device/host_timer.h"
#include "core/session/device_overlays.h"
#include "views/common/dim_sizes.h"
#include "views/device/profile_panel.h"
#include "views/progress/progress_surface.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QToolBar>
#include <QtConcurrent>

#include <spdlog/spdlog.h>

namespace silica {

using namespace device;

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

DeviceTools::DeviceTools(QMainWindow *window, DocumentOverlays *overlays, ProgressSurface *progress)
    : QObject(window), m_window(window), m_overlays(overlays), m_progress(progress),
      m_panel(new ProfilePanel(window)), m_deviceCombo(new QComboBox(window)),
      m_precisionCombo(new QComboBox(window)), m_banner(new QLabel(window)), m_dims(new QLineEdit(window))
{
    m_registry.load(DeviceRegistry::defaultPluginDirs(), DeviceRegistry::defaultProfileDirs());
    for (const std::string &p : m_registry.problems())
        spdlog::warn("{}", p);
    for (const std::string &n : m_registry.notes())
        spdlog::info("{}", n);
    spdlog::info("{} device profiles from {} backends", m_registry.devices().size(), m_registry.families().size());

    m_deviceCombo->addItem(tr("No device"), QString());
    for (const DevicePtr &d : m_registry.devices())
        m_deviceCombo->addItem(qs(d->profile().name), qs(d->id()));
    m_deviceCombo->setToolTip(tr("Target device: where each node runs, latency and energy (estimates from the "
                                 "device profile; the host CPU is measured)"));
    m_deviceCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_precisionCombo->setToolTip(tr("Precision the model is analysed at on this device"));
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; padding: 2px 6px; }"));
    m_dims->setToolTip(tr("Sizes of the model's symbolic dimensions, as NAME=N separated by commas: static-shape "
                          "devices need them fixed (unnamed ones are 1)"));
    m_dims->setMinimumWidth(220);
    m_dims->setMaximumWidth(380);
    connect(m_dims, &QLineEdit::editingFinished, this, [this] {
        if (m_dims->isModified()) {
            m_dims->setModified(false);
            analyse();
        }
    });

    connect(m_deviceCombo, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(QStringLiteral("device/id"), deviceId());
        fillPrecisions();
        analyse();
    });
    connect(m_precisionCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (m_precisionCombo->signalsBlocked())
            return;
        QSettings().setValue(QStringLiteral("device/precision/") + deviceId(), m_precisionCombo->currentData());
        analyse();
    });
    connect(m_panel, &ProfilePanel::nodeActivated, this, &DeviceTools::nodeActivated);
    connect(m_panel, &ProfilePanel::compareRequested, this, &DeviceTools::compareAll);
    fillPrecisions();
}

DeviceTools::~DeviceTools() = default;

void DeviceTools::addToWindow(QDockWidget *neighbour)
{
    m_toolBar = m_window->addToolBar(tr("Device"));
    m_toolBar->setObjectName(QStringLiteral("deviceToolBar"));
    m_toolBar->addWidget(new QLabel(tr(" Device: "), m_window));
    m_toolBar->addWidget(m_deviceCombo);
    m_toolBar->addWidget(m_precisionCombo);
    m_dimsAction = m_toolBar->addWidget(m_dims);
    m_dimsAction->setVisible(false);
    m_compareAction = m_toolBar->addAction(tr("Compare All"), this, &DeviceTools::compareAll);
    m_compareAction->setToolTip(tr("Analyse the model on every installed device and compare them"));
    m_bannerAction = m_toolBar->addWidget(m_banner);
    m_bannerAction->setVisible(false);

    m_dock = new QDockWidget(tr("Device Profile"), m_window);
    m_dock->setObjectName(QStringLiteral("deviceProfileDock"));
    m_dock->setWidget(m_panel);
    m_window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    if (neighbour)
        m_window->tabifyDockWidget(neighbour, m_dock);
    m_window->resizeDocks({m_dock}, {320}, Qt::Vertical);
    const QString saved = QSettings().value(QStringLiteral("device/id")).toString();
    if (!saved.isEmpty())
        setDevice(saved);
}

void DeviceTools::addViewActions(QMenu *view)
{
    if (m_dock) {
        QAction *toggle = m_dock->toggleViewAction();
        toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
        view->addAction(toggle);
    }
    if (m_compareAction)
        view->addAction(m_compareAction);
}

QString DeviceTools::deviceId() const
{
    return m_deviceCombo->currentData().toString();
}

DevicePtr DeviceTools::current() const
{
    return m_registry.find(deviceId().toStdString());
}

bool DeviceTools::setDevice(const QString &id)
{
    const int index = m_deviceCombo->findData(id);
    if (index < 0)
        return false;
    m_deviceCombo->setCurrentIndex(index);
    return true;
}

bool DeviceTools::setPrecision(const QString &name)
{
    const int index = m_precisionCombo->findData(name);
    if (index < 0)
        return false;
    m_precisionCombo->setCurrentIndex(index);
    return true;
}

void DeviceTools::fillPrecisions()
{
    const QSignalBlocker block(m_precisionCombo);
    m_precisionCombo->clear();
    const DevicePtr d = current();
    if (!d) {
        m_precisionCombo->setEnabled(false);
        return;
    }
    const QString saved = QSettings().value(QStringLiteral("device/precision/") + deviceId()).toString();
    for (Precision p : d->profile().precisions())
        m_precisionCombo->addItem(QString::fromLatin1(precisionName(p)).toUpper(), QLatin1String(precisionName(p)));
    int index = m_precisionCombo->findData(saved);
    if (index < 0)
        index = m_precisionCombo->findData(QLatin1String(precisionName(d->profile().defaultPrecision)));
    m_precisionCombo->setCurrentIndex(std::max(0, index));
    m_precisionCombo->setEnabled(m_precisionCombo->count() > 1);
}

void DeviceTools::showModel(ModelPtr model, uint64_t versionId)
{
    const bool another = !m_model || !model || m_model->sourcePath != model->sourcePath;
    m_model = std::move(model);
    m_version = versionId;
    // The symbolic dimensions of the inputs, each with a size to edit (kept across versions).
    QStringList names;
    if (m_model && m_model->graph)
        for (const ValueInfo &in : m_model->graph->inputs)
            for (const Dim &d : in.type.dims)
                if (!d.isKnown() && !d.param.empty() && !names.contains(qs(d.param)))
                    names << qs(d.param);
    if (another) {
        QStringList pairs;
        for (const QString &n : names)
            pairs << n + QStringLiteral("=1");
        m_dims->setText(pairs.join(QStringLiteral(", ")));
        m_dims->setModified(false);
    }
    if (m_dimsAction)
        m_dimsAction->setVisible(!names.isEmpty());
    analyse();
}

bool DeviceTools::parseDims(std::map<std::string, int64_t> &dims) const
{
    if (!parseDimSizes(m_dims->text(), dims)) {
        m_dims->setStyleSheet(QStringLiteral("QLineEdit { background: #fdecea; }"));
        return false;
    }
    m_dims->setStyleSheet(QString());
    return true;
}

void DeviceTools::analyse()
{
    const quint64 generation = ++m_generation;
    m_analysisCancel.cancel(); // its result would be dropped anyway
    m_analysisCancel = CancelToken();
    const DevicePtr device = current();
    m_report.reset();
    if (!device || !m_model || !m_model->graph) {
            m_panel->clear(device ? tr("No model.") : tr("Choose a device in the toolbar to see where the model runs and how fast."));
        return;
    }
    AnalysisOptions analysis;
    analysis.precision = precisionFromName(m_precisionCombo->currentData().toString().toStdString());
    if (!parseDims(analysis.dims)) {
        m_panel->clear(tr("The sizes field does not read as NAME=N, …: fix it to analyse."));
        return;
    }
    analysis.shapeProbe = runtimeShapeProbe(analysis.dims);
    analysis.cancel = m_analysisCancel;
    EstimateOptions estimate;
    estimate.hostTimer = runtimeHostTimer(5, 0, analysis.dims);
    estimate.cancel = analysis.cancel;
    const CancelToken cancel = estimate.cancel;
    const ModelPtr model = m_model;
    const uint64_t version = m_version;
    m_panel->setBusy(tr("Analysing on %1…").arg(qs(device->profile().name)));
    ++m_running;
    auto future = QtConcurrent::run([model, device, analysis, estimate] {
        return analyzeOnDevice(*model, device, analysis, estimate);
    });
    auto *watcher = new QFutureWatcher<Expected<DeviceReport>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [=] {
        watcher->deleteLater();
        --m_running;
        if (generation != m_generation)
            return; // another device, precision or version was asked for meanwhile
        Expected<DeviceReport> result = watcher->result();
        if (!result) {
            if (result.error().code() != ErrorCode::Cancelled)
                emit failed(tr("Device analysis failed"), qs(result.error().message()));
            m_panel->clear(qs(result.error().message()));
            return;
        }
        auto report = std::make_shared<const DeviceReport>(std::move(*result));
        m_report = report;
        const QString active = m_overlays->activeId();
        const bool showSupport = !active.startsWith(QLatin1String("device."));
        const std::vector<OverlayChannelPtr> channels = deviceOverlays(*model, *report, version);
        for (size_t i = 0; i < channels.size(); ++i)
            m_overlays->put(channels[i], i == 0 && showSupport);
        QStringList banners;
        for (const std::string &b : report->partition.banners)
            banners << qs(b);
        m_banner->setText(banners.isEmpty() ? QString() : QStringLiteral("⚠ ") + banners.front());
        m_banner->setToolTip(banners.join(QStringLiteral("\n\n")));
        if (m_bannerAction)
            m_bannerAction->setVisible(!banners.isEmpty());
        m_panel->setReport(model, report);
        emit analysed();
    });
    watcher->setFuture(future);
    if (m_progress)
        m_progress->addTask(future, tr("Analysing on %1").arg(qs(device->profile().name)),
                            [cancel] { cancel.cancel(); });
}

void DeviceTools::compareAll()
{
    if (!m_model || !m_model->graph)
        return;
    const ModelPtr model = m_model;
    const std::vector<DevicePtr> devices = m_registry.devices();
    AnalysisOptions analysis;
    if (!parseDims(analysis.dims))
        return;
    m_compareCancel.cancel(); // a comparison still running is replaced
    m_compareCancel = CancelToken();
    analysis.cancel = m_compareCancel;
    EstimateOptions estimate;
    estimate.hostTimer = runtimeHostTimer(5, 0, analysis.dims);
    analysis.shapeProbe = runtimeShapeProbe(analysis.dims);
    estimate.cancel = analysis.cancel;
    const CancelToken cancel = estimate.cancel;
    ++m_running;
    // Each device at the precision chosen for it last (its default otherwise).
    std::vector<std::optional<Precision>> precisions;
    for (const DevicePtr &d : devices)
        precisions.push_back(precisionFromName(
            QSettings().value(QStringLiteral("device/precision/") + qs(d->id())).toString().toStdString()));
    using Results = std::pair<std::vector<std::shared_ptr<const DeviceReport>>, QStringList>;
    auto future = QtConcurrent::run([model, devices, precisions, analysis, estimate] {
        Results results;
        for (size_t i = 0; i < devices.size(); ++i) {
            if (estimate.cancel.isCancelled())
                break;
            AnalysisOptions options = analysis;
            options.precision = precisions[i];
            Expected<DeviceReport> r = analyzeOnDevice(*model, devices[i], options, estimate);
            if (r)
                results.first.push_back(std::make_shared<const DeviceReport>(std::move(*r)));
            else if (r.error().code() != ErrorCode::Cancelled)
                results.second << qs(devices[i]->profile().name) + QStringLiteral(": ") + qs(r.error().message());
        }
        return results;
    });
    auto *watcher = new QFutureWatcher<Results>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [=] {
        watcher->deleteLater();
        --m_running;
        if (model != m_model)
            return;
        const Results results = watcher->result();
        m_panel->setComparison(results.first, results.second);
        emit compared();
    });
    watcher->setFuture(future);
    if (m_progress)
        m_progress->addTask(future, tr("Comparing %n device(s)", nullptr, int(devices.size())),
                            [cancel] { cancel.cancel(); });
}

} // namespace silica
