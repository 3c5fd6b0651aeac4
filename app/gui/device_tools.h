#pragma once
// The device lane of the main window: a toolbar to pick the target device and its precision,
// the device profile dock (views/device/profile_panel.h) and the support / latency / memory
// overlays on the canvas. Choosing a device, a precision, or showing another graph version
// re-analyses in the background (the window never waits); results for a version or device no
// longer shown are dropped. The host CPU is measured with Silica's runtime, the other devices
// estimated from their profiles.

#include "core/common/progress.h"
#include "core/device/device_registry.h"

#include <QObject>

#include <memory>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMainWindow;
class QMenu;
class QToolBar;

namespace silica {

class DocumentOverlays;
class ProfilePanel;
class ProgressSurface;

class DeviceTools : public QObject
{
    Q_OBJECT
public:
    DeviceTools(QMainWindow *window, DocumentOverlays *overlays, ProgressSurface *progress);
    ~DeviceTools() override;

    // The toolbar (top) and the profile dock (tabified with `neighbour`, or bottom).
    void addToWindow(QDockWidget *neighbour);
    void addViewActions(QMenu *view);

    // Version `versionId` of `model` is shown.
    void showModel(ModelPtr model, uint64_t versionId);
    // Chooses a device by id ("" for none); false for an unknown id.
    bool setDevice(const QString &id);
    QString deviceId() const;
    bool setPrecision(const QString &name);

    const device::DeviceRegistry &registry() const { return m_registry; }
    ProfilePanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    QComboBox *deviceCombo() const { return m_deviceCombo; }
    QComboBox *precisionCombo() const { return m_precisionCombo; }
    QLabel *banner() const { return m_banner; }
    // Sizes of the model's symbolic dimensions ("width=320, batch=1"); shown when it has any.
    QLineEdit *dimsEdit() const { return m_dims; }
    std::shared_ptr<const device::DeviceReport> report() const { return m_report; }
    bool isBusy() const { return m_running > 0; }
    void compareAll();

signals:
    // A report for the shown version arrived (overlays are in place).
    void analysed();
    void compared();
    void nodeActivated(silica::NodeId id);
    void failed(const QString &title, const QString &message);

private:
    void analyse();
    void fillPrecisions();
    device::DevicePtr current() const;
    // The sizes typed into the dims field; false (and the field marked) when it does not parse.
    bool parseDims(std::map<std::string, int64_t> &dims) const;

    QMainWindow *m_window;
    DocumentOverlays *m_overlays;
    ProgressSurface *m_progress;
    device::DeviceRegistry m_registry;
    ProfilePanel *m_panel;
    QDockWidget *m_dock = nullptr;
    QToolBar *m_toolBar = nullptr;
    QComboBox *m_deviceCombo;
    QComboBox *m_precisionCombo;
    QLabel *m_banner;
    QLineEdit *m_dims;
    QAction *m_dimsAction = nullptr;
    QAction *m_compareAction = nullptr;
    QAction *m_bannerAction = nullptr; // the banner's place in the toolbar
    ModelPtr m_model;
    uint64_t m_version = 0;
    quint64 m_generation = 0; // bumped by every new request; older results are dropped
    CancelToken m_analysisCancel; // of the analysis running; a new request cancels it
    CancelToken m_compareCancel;
    int m_running = 0;
    std::shared_ptr<const device::DeviceReport> m_report;
};

} // namespace silica
