#pragma once
// The quantization lab in the main window: Quantize… (calibration data and settings), the
// quantization-error overlays on the canvas (output SQNR and injected SQNR per node; the
// bottleneck list then sorts by them), the Quantization dock with its plots, sensitivity and
// keep-the-worst-N-in-float with its preview, and saving the quantized model. Every run is in the
// background with progress and cancel; results for another model or version are dropped.

#include "core/common/progress.h"
#include "core/quant/quantize_flow.h"
#include "core/quant/sensitivity.h"
#include "views/quant/calibration_dialog.h"

#include <QObject>

#include <memory>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace silica {

class DeviceTools;
class DocumentOverlays;
class ProgressSurface;
class QuantPanel;
struct QuantOutcome;

class QuantTools : public QObject
{
    Q_OBJECT
public:
    QuantTools(QMainWindow *window, DocumentOverlays *overlays, ProgressSurface *progress, DeviceTools *devices);
    ~QuantTools() override;

    void addToWindow(QDockWidget *neighbour);
    // The Quantize menu (before `before` in the menu bar).
    void addMenu(QMenu *before);

    // Version `versionId` of `model` (from `path`) is shown.
    void showModel(ModelPtr model, uint64_t versionId, const QString &path);
    void showNode(NodeId id);

    // Asks for settings, then quantizes.
    void showDialog();
    // Quantizes with `settings` (remembered for the model).
    void quantize(const QuantSettings &settings);
    void runSensitivity();
    void previewKeep(int count);
    void applyKeep(int count);
    // Quantizes again with `id` kept in float ("fp32"), with 16-bit activations ("int16"), or
    // at the default precision (""); the histograms are reused.
    void setNodePrecision(NodeId id, const QString &precision);
    // Writes the quantized model (temporary file, then rename); false with `error` set.
    bool saveQuantized(const QString &path, QString &error);

    QuantPanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    QAction *quantizeAction() const { return m_quantizeAction; }
    std::shared_ptr<const QuantOutcome> outcome() const { return m_outcome; }
    bool isBusy() const { return m_running > 0; }

signals:
    void quantized();          // an outcome for the shown version arrived (overlays in place)
    void sensitivityDone();
    void keepPreviewed();
    void nodeActivated(silica::NodeId id);
    void failed(const QString &title, const QString &message);

private:
    quant::QdqOptions qdqOptions() const;

    QMainWindow *m_window;
    DocumentOverlays *m_overlays;
    ProgressSurface *m_progress;
    DeviceTools *m_devices;
    QuantPanel *m_panel;
    QDockWidget *m_dock = nullptr;
    QAction *m_quantizeAction;
    QAction *m_sensitivityAction;
    QAction *m_saveAction;
    ModelPtr m_model;
    uint64_t m_version = 0;
    QString m_path;
    QuantSettings m_settings;
    quint64 m_generation = 0;
    CancelToken m_cancel;
    int m_running = 0;
    std::shared_ptr<const QuantOutcome> m_outcome;
    std::shared_ptr<const quant::SensitivityReport> m_sensitivity;
};

} // namespace silica
