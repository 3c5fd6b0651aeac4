#include "app/gui/quant_tools.h"

#include "app/gui/device_tools.h"
#include "app/gui/document_overlays.h"
#include "core/device/backend.h"
#include "core/graph/graph_index.h"
#include "core/graph/onnx_export.h"
#include "core/session/quant_overlays.h"
#include "views/progress/progress_surface.h"
#include "views/quant/quant_panel.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPromise>
#include <QtConcurrent>

#include <spdlog/spdlog.h>

#include <cmath>

namespace silica {

using namespace quant;

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

// A QPromise as a core ProgressSink.
template <typename T> CallbackProgress promiseProgress(QPromise<T> &promise)
{
    return CallbackProgress([&promise](double fraction, const std::string &step) {
        promise.setProgressValueAndText(int(std::lround(fraction * 1000)), QString::fromStdString(step));
    });
}

// What identifies the data a run calibrated on: the same key means its histograms can be reused.
QString dataKey(const QuantSettings &s, uint64_t version)
{
    const quant::ImageOptions &i = s.data.image;
    QString key = QString::number(version) + QLatin1Char('|') + s.paths.join(QLatin1Char(';')) +
                  QStringLiteral("|%1|%2|%3|%4|%5").arg(int(i.resize)).arg(i.channelsLast).arg(i.bgr).arg(i.scale).arg(
                      qulonglong(s.data.maxSamples));
    for (int c = 0; c < 3; ++c)
        key += QStringLiteral("|%1/%2").arg(i.mean[c]).arg(i.std[c]);
    for (const auto &[name, n] : s.data.dims)
        key += QLatin1Char('|') + qs(name) + QLatin1Char('=') + QString::number(n);
    return key;
}

} // namespace

QuantTools::QuantTools(QMainWindow *window, DocumentOverlays *overlays, ProgressSurface *progress, DeviceTools *devices)
    : QObject(window), m_window(window), m_overlays(overlays), m_progress(progress), m_devices(devices),
      m_panel(new QuantPanel(window)), m_quantizeAction(new QAction(tr("&Quantize…"), this)),
      m_sensitivityAction(new QAction(tr("Run &Sensitivity"), this)),
      m_saveAction(new QAction(tr("Save &Quantized Model…"), this))
{
    m_quantizeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Q));
    m_quantizeAction->setStatusTip(tr("Calibrate, quantize to INT8 / INT16 / FP16 and measure the error each node adds"));
    m_sensitivityAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Y));
    m_sensitivityAction->setEnabled(false);
    m_saveAction->setEnabled(false);
    connect(m_quantizeAction, &QAction::triggered, this, &QuantTools::showDialog);
    connect(m_sensitivityAction, &QAction::triggered, this, &QuantTools::runSensitivity);
    connect(m_saveAction, &QAction::triggered, this, [this] {
        const QString suggested = QFileInfo(m_path).completeBaseName() + QStringLiteral("_") +
                                  m_settings.precision + QStringLiteral(".onnx");
        const QString path = QFileDialog::getSaveFileName(m_window, tr("Save Quantized Model"),
                                                          QFileInfo(m_path).dir().filePath(suggested),
                                                          tr("ONNX models (*.onnx)"));
        if (path.isEmpty())
            return;
        QString error;
        if (!saveQuantized(path, error))
            emit failed(tr("Cannot Save the Quantized Model"), error);
    });
    connect(m_panel, &QuantPanel::quantizeRequested, this, &QuantTools::showDialog);
    connect(m_panel, &QuantPanel::sensitivityRequested, this, &QuantTools::runSensitivity);
    connect(m_panel, &QuantPanel::saveRequested, m_saveAction, &QAction::trigger);
    connect(m_panel, &QuantPanel::keepPreviewRequested, this, &QuantTools::previewKeep);
    connect(m_panel, &QuantPanel::keepApplyRequested, this, &QuantTools::applyKeep);
    connect(m_panel, &QuantPanel::nodeActivated, this, &QuantTools::nodeActivated);
    connect(m_panel, &QuantPanel::precisionRequested, this, &QuantTools::setNodePrecision);
}

QuantTools::~QuantTools()
{
    m_cancel.cancel();
}

void QuantTools::addToWindow(QDockWidget *neighbour)
{
    m_dock = new QDockWidget(tr("Quantization"), m_window);
    m_dock->setObjectName(QStringLiteral("quantizationDock"));
    m_dock->setWidget(m_panel);
    m_window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    if (neighbour)
        m_window->tabifyDockWidget(neighbour, m_dock);
}

void QuantTools::addMenu(QMenu *before)
{
    auto *menu = new QMenu(tr("&Quantize"), m_window);
    menu->addAction(m_quantizeAction);
    menu->addAction(m_sensitivityAction);
    menu->addSeparator();
    menu->addAction(m_saveAction);
    if (m_dock) {
        menu->addSeparator();
        QAction *toggle = m_dock->toggleViewAction();
        toggle->setText(tr("Quantization &Panel"));
        toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        menu->addAction(toggle);
    }
    m_window->menuBar()->insertMenu(before ? before->menuAction() : nullptr, menu);
}

void QuantTools::showModel(ModelPtr model, uint64_t versionId, const QString &path)
{
    const bool another = path != m_path || !model;
    m_model = std::move(model);
    m_version = versionId;
    if (another) {
        m_path = path;
        m_cancel.cancel();
        ++m_generation;
        m_outcome.reset();
        m_sensitivity.reset();
        m_settings = QuantSettings::load(path); // overrides are not remembered: none yet
        m_panel->clear(tr("Quantize the model (Quantize → Quantize…, Ctrl+Shift+Q) to see where quantization error "
                          "comes from."));
        m_sensitivityAction->setEnabled(false);
        m_saveAction->setEnabled(false);
    } else if (m_outcome) {
        m_panel->setBusy(tr("The model changed since it was quantized: quantize again to update the figures."));
    }
}

void QuantTools::showNode(NodeId id)
{
    m_panel->showNode(id);
}

void QuantTools::showDialog()
{
    if (!m_model || !m_model->graph)
        return;
    QStringList dims;
    for (const ValueInfo &in : m_model->graph->inputs)
        for (const Dim &d : in.type.dims)
            if (!d.isKnown() && !d.param.empty() && !dims.contains(qs(d.param)))
                dims << qs(d.param);
    CalibrationDialog dialog(m_settings, dims, m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QuantSettings chosen = dialog.settings();
    chosen.qdqKeepFloat = m_settings.qdqKeepFloat;
    chosen.qdqWide = m_settings.qdqWide;
    quantize(chosen);
}

QdqOptions QuantTools::qdqOptions() const
{
    QdqOptions o;
    o.calibration = m_settings.calibration;
    TargetPrecision precision = TargetPrecision::Int8;
    targetPrecisionFromName(m_settings.precision.toStdString(), precision);
    o.calibration.type = activationType(precision, m_settings.signedActivations);
    o.perChannel = m_settings.perChannel;
    for (const QString &n : m_settings.qdqKeepFloat)
        o.keepFloat.insert(n.toStdString());
    for (const QString &n : m_settings.qdqWide)
        o.wideNodes.insert(n.toStdString());
    return o;
}

void QuantTools::quantize(const QuantSettings &settings)
{
    if (!m_model || !m_model->graph)
        return;
    const bool sameData = m_outcome && m_outcome->dataKey == dataKey(settings, m_version);
    m_settings = settings;
    m_settings.save(m_path);
    QuantizeRequest request;
    for (const QString &p : settings.paths)
        request.calibration.push_back(p.toStdString());
    request.data = settings.data;
    request.data.randomSamples = settings.data.maxSamples ? settings.data.maxSamples : 16;
    request.qdq = qdqOptions();
    targetPrecisionFromName(settings.precision.toStdString(), request.precision);
    request.signedActivations = settings.signedActivations;
    request.errorSamples = size_t(std::max(0, settings.errorSamples));
    if (sameData) {
        request.source = m_outcome->source;
        request.ranges = m_outcome->ranges;
    }
    const quint64 generation = ++m_generation;
    m_cancel.cancel();
    m_cancel = CancelToken();
    const CancelToken cancel = m_cancel;
    const ModelPtr model = m_model;
    const uint64_t version = m_version;
    const QString label = settings.label();
    const QString key = dataKey(settings, m_version);
    m_panel->setBusy(tr("Quantizing (%1)…").arg(label));
    ++m_running;
    using Result = Expected<QuantizeOutcome>;
    auto future = QtConcurrent::run([model, request, cancel](QPromise<Result> &promise) {
        promise.setProgressRange(0, 1000);
        CallbackProgress progress = promiseProgress(promise);
        promise.addResult(quantizeModel(*model, request, cancel, progress));
    });
    auto *watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [=] {
        watcher->deleteLater();
        --m_running;
        if (generation != m_generation || watcher->future().resultCount() == 0)
            return;
        Result result = watcher->result();
        if (!result) {
            m_panel->setBusy(qs(result.error().message()));
            if (result.error().code() != ErrorCode::Cancelled)
                emit failed(tr("Quantization Failed"), qs(result.error().message()));
            return;
        }
        auto outcome = std::make_shared<QuantOutcome>();
        outcome->floatModel = result->floatModel;
        outcome->quantizedModel = std::make_shared<const Model>(std::move(result->quantizedModel));
        outcome->ranges = result->ranges;
        outcome->source = result->source;
        outcome->calibration = request.qdq.calibration;
        outcome->report = std::move(result->report);
        outcome->fp16 = request.precision == TargetPrecision::Fp16;
        outcome->label = label;
        outcome->description = qs(result->source->description());
        outcome->dataKey = key;
        for (const std::string &n : result->notes)
            spdlog::info("{}", n);
        for (const std::string &w : result->warnings) {
            outcome->warnings << qs(w);
            spdlog::warn("{}", w);
        }
        m_outcome = outcome;
        m_sensitivity.reset();
        const std::vector<OverlayChannelPtr> channels =
            quantOverlays(*model, outcome->report, label.toStdString(), version);
        m_overlays->put(channels[0], false);
        m_overlays->put(channels[1], true);
        m_panel->setOutcome(outcome);
        m_sensitivityAction->setEnabled(!outcome->fp16);
        m_saveAction->setEnabled(true);
        if (m_dock) {
            m_dock->show();
            m_dock->raise();
        }
        emit quantized();
    });
    watcher->setFuture(future);
    if (m_progress)
        m_progress->addTask(future, tr("Quantizing (%1)").arg(label), [cancel] { cancel.cancel(); });
}

void QuantTools::runSensitivity()
{
    if (!m_outcome || m_outcome->fp16 || !m_outcome->ranges)
        return;
    const std::shared_ptr<const QuantOutcome> outcome = m_outcome;
    const QdqOptions options = qdqOptions();
    const quint64 generation = m_generation;
    CancelToken cancel = m_cancel;
    ++m_running;
    using Result = Expected<SensitivityReport>;
    auto future = QtConcurrent::run([outcome, options, cancel](QPromise<Result> &promise) {
        promise.setProgressRange(0, 1000);
        CallbackProgress progress = promiseProgress(promise);
        promise.addResult(analyseSensitivity(*outcome->floatModel, *outcome->ranges, options, *outcome->source,
                                             SensitivityOptions(), cancel, progress));
    });
    auto *watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [=] {
        watcher->deleteLater();
        --m_running;
        if (generation != m_generation || outcome != m_outcome || watcher->future().resultCount() == 0)
            return;
        Result result = watcher->result();
        if (!result) {
            if (result.error().code() != ErrorCode::Cancelled)
                emit failed(tr("Sensitivity Analysis Failed"), qs(result.error().message()));
            return;
        }
        m_sensitivity = std::make_shared<const SensitivityReport>(std::move(*result));
        m_panel->setSensitivity(m_sensitivity);
        emit sensitivityDone();
    });
    watcher->setFuture(future);
    if (m_progress)
        m_progress->addTask(future, tr("Sensitivity per node"), [cancel] { cancel.cancel(); });
}

void QuantTools::previewKeep(int count)
{
    if (!m_outcome || !m_sensitivity || count < 1)
        return;
    const std::shared_ptr<const QuantOutcome> outcome = m_outcome;
    const std::shared_ptr<const SensitivityReport> sens = m_sensitivity;
    const QdqOptions options = qdqOptions();
    const device::DevicePtr device = m_devices ? m_devices->registry().find(m_devices->deviceId().toStdString()) : nullptr;
    const quint64 generation = m_generation;
    CancelToken cancel = m_cancel;
    ++m_running;
    auto future = QtConcurrent::run([outcome, sens, options, device, count, cancel]() -> QString {
        auto reference = referenceOutputs(*outcome->floatModel, *outcome->source, sens->samples, cancel);
        if (!reference)
            return tr("Cannot preview: %1").arg(qs(reference.error().message()));
        auto plan = keepWorstInFloat(*outcome->floatModel, *outcome->ranges, options, *sens, size_t(count), *reference,
                                     cancel);
        if (!plan)
            return tr("Cannot preview: %1").arg(qs(plan.error().message()));
        QStringList names;
        for (const std::string &k : plan->kept)
            names << qs(k);
        QString text = tr("Keeping %1 in float: output SQNR %2 (fully quantized %3).")
                           .arg(names.join(QStringLiteral(", ")), sqnrText(plan->outputSqnrDb), sqnrText(sens->fullSqnrDb));
        if (device) {
            device::EstimateOptions estimate;
            estimate.measure = false;
            estimate.cancel = cancel;
            auto before = device::analyzeOnDevice(*outcome->quantizedModel, device, {}, estimate);
            auto after = device::analyzeOnDevice(plan->quantized.model, device, {}, estimate);
            if (before && after)
                text += QLatin1Char(' ') + tr("Estimated latency on %1: %2 ms (now %3 ms).")
                                               .arg(qs(device->profile().name))
                                               .arg(after->estimate.totalMs, 0, 'f', 2)
                                               .arg(before->estimate.totalMs, 0, 'f', 2);
        } else {
            text += QLatin1Char(' ') + tr("Choose a device in the toolbar to see the estimated latency too.");
        }
        return text;
    });
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [=] {
        watcher->deleteLater();
        --m_running;
        if (generation != m_generation || outcome != m_outcome || watcher->future().resultCount() == 0)
            return;
        m_panel->setKeepPreview(watcher->result());
        emit keepPreviewed();
    });
    watcher->setFuture(future);
    if (m_progress)
        m_progress->addTask(future, tr("Previewing %n node(s) kept in float", nullptr, count), [cancel] { cancel.cancel(); });
}

void QuantTools::applyKeep(int count)
{
    if (!m_sensitivity || count < 1)
        return;
    QuantSettings settings = m_settings;
    for (size_t i = 0; i < size_t(count) && i < m_sensitivity->nodes.size(); ++i)
        if (!settings.qdqKeepFloat.contains(qs(m_sensitivity->nodes[i].name)))
            settings.qdqKeepFloat << qs(m_sensitivity->nodes[i].name);
    quantize(settings); // the same data: its histograms are used again
}

void QuantTools::setNodePrecision(NodeId id, const QString &precision)
{
    if (!m_outcome || !m_outcome->floatModel)
        return;
    const Node *node = m_outcome->floatModel->graph->index().node(id);
    if (!node || node->name.empty())
        return;
    const QString name = qs(node->name);
    QuantSettings settings = m_settings;
    settings.qdqKeepFloat.removeAll(name);
    settings.qdqWide.removeAll(name);
    if (precision == QLatin1String("fp32"))
        settings.qdqKeepFloat << name;
    else if (precision == QLatin1String("int16"))
        settings.qdqWide << name;
    quantize(settings); // the same data: its histograms are used again
}

bool QuantTools::saveQuantized(const QString &path, QString &error)
{
    if (!m_outcome) {
        error = tr("Nothing is quantized yet.");
        return false;
    }
    if (Status s = saveModel(*m_outcome->quantizedModel, path.toStdString()); !s) {
        error = qs(s.message());
        return false;
    }
    spdlog::info("Saved the quantized model ({}) to {}", m_outcome->label.toStdString(), path.toStdString());
    return true;
}

} // namespace silica
