#pragma once
// The device profile panel: what the chosen device does with the model. Tabs:
//   Summary   banners, totals, energy and average power at an inference rate, the device's
//             figures with their sources ([unconfirmed] marked), the compiler's log;
//   Timeline  the segments in order on the device and CPU lanes, transfers shaded (Gantt);
//   Layers    the slowest nodes as bars coloured by where they run (click selects);
//   Roofline  every node on the device's roofline: attained ops/s against ops per byte;
//   Compare   every installed device side by side (latency, energy, ops on the device,
//             segments), filled on request.

#include "core/device/backend.h"

#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QTabWidget;
class QTextBrowser;

namespace silica {

class ProfilePanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProfilePanel(QWidget *parent = nullptr);

    // Shows `report` for `model`; null clears the panel with `message` (e.g. "Choose a device").
    void setReport(ModelPtr model, std::shared_ptr<const device::DeviceReport> report);
    void clear(const QString &message);
    // One row per device (average power at the panel's rate), then one per device whose analysis
    // failed ("Jetson Nano: …"); an empty list clears the table.
    void setComparison(const std::vector<std::shared_ptr<const device::DeviceReport>> &reports,
                       const QStringList &failures);
    // "Analysing…" while a job runs.
    void setBusy(const QString &text);

    double rateHz() const;
    QTabWidget *tabs() const { return m_tabs; }
    QTableWidget *comparisonTable() const { return m_compare; }
    QCustomPlot *timelinePlot() const { return m_timeline; }
    QCustomPlot *layerPlot() const { return m_layers; }
    QCustomPlot *rooflinePlot() const { return m_roofline; }
    QString summaryText() const;

signals:
    void nodeActivated(silica::NodeId id);
    void compareRequested();

private:
    void fillSummary();
    void fillTimeline();
    void fillLayers();
    void fillRoofline();

    ModelPtr m_model;
    std::shared_ptr<const device::DeviceReport> m_report;
    std::vector<NodeId> m_layerNodes; // bar i → node
    std::vector<std::shared_ptr<const device::DeviceReport>> m_compareReports;
    QTabWidget *m_tabs;
    QLabel *m_status;
    QDoubleSpinBox *m_rate;
    QTextBrowser *m_summary;
    QCustomPlot *m_timeline;
    QCustomPlot *m_layers;
    QCustomPlot *m_roofline;
    QTableWidget *m_compare;
    QPushButton *m_compareButton;
};

} // namespace silica
