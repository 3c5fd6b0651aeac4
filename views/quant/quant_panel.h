#pragma once
// The quantization lab's dock: where the error comes from and what to do about it.
//   Summary      the setting, output SQNR / cosine / top-1 agreement, warnings, the actions;
//   Nodes        every node with its injected, inherited and total error (worst injected first);
//   Depth        SQNR of each node's output and of the error it injects, along the network;
//   Histogram    the selected node's float values with the clipping range calibration chose;
//   Weights      the per-output-channel weight ranges of the selected Conv / Gemm;
//   Sensitivity  each node quantized alone / left in float, ranked, and the keep-worst-N preview.
// Clicking a row or a point selects the node on the canvas.

#include "core/quant/collect.h"
#include "core/quant/error_analysis.h"
#include "core/quant/sensitivity.h"

#include <QWidget>

#include <memory>

class QCustomPlot;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;
class QTextBrowser;

namespace silica {

// "31.2 dB", or "no error" for an infinite SQNR.
QString sqnrText(double db);

struct QuantOutcome
{
    ModelPtr floatModel;     // what was quantized (BatchNorm folded)
    ModelPtr quantizedModel; // QDQ or float16
    std::shared_ptr<const quant::CollectedHistograms> ranges;
    std::shared_ptr<quant::CalibrationSource> source; // what it calibrated on (for sensitivity)
    QString dataKey; // the same data and model version: the histograms can be reused
    quant::CalibrationOptions calibration;
    quant::ErrorReport report;
    bool fp16 = false;   // a float16 conversion, not QDQ
    QString label;       // "INT8 per-channel, entropy"
    QString description; // the calibration source
    QStringList warnings;
};

class QuantPanel : public QWidget
{
    Q_OBJECT
public:
    explicit QuantPanel(QWidget *parent = nullptr);

    void clear(const QString &message);
    void setBusy(const QString &message);
    void setOutcome(std::shared_ptr<const QuantOutcome> outcome);
    void setSensitivity(std::shared_ptr<const quant::SensitivityReport> report);
    // The keep-worst-N preview: output SQNR and (when a device is chosen) estimated latency.
    void setKeepPreview(const QString &text);
    // Follows the canvas selection (histogram, weights).
    void showNode(NodeId id);

    QTabWidget *tabs() const { return m_tabs; }
    QTableWidget *nodeTable() const { return m_nodes; }
    QTableWidget *sensitivityTable() const { return m_sensitivity; }
    QCustomPlot *depthPlot() const { return m_depth; }
    QCustomPlot *histogramPlot() const { return m_histogram; }
    QCustomPlot *weightPlot() const { return m_weights; }
    QSpinBox *keepCount() const { return m_keepCount; }
    QString summaryText() const;

signals:
    void nodeActivated(silica::NodeId id);
    void quantizeRequested();
    void sensitivityRequested();
    void keepPreviewRequested(int count);
    void keepApplyRequested(int count);
    void saveRequested();
    // From the Nodes table's context menu: quantize again with this node kept in float, or with
    // 16-bit activations, or back to the default.
    void precisionRequested(silica::NodeId id, const QString &precision);

private:
    void fillSummary();
    void fillNodes();
    void fillDepth();

    std::shared_ptr<const QuantOutcome> m_outcome;
    std::shared_ptr<const quant::SensitivityReport> m_sens;
    QTabWidget *m_tabs;
    QLabel *m_status;
    QTextBrowser *m_summary;
    QTableWidget *m_nodes;
    QCustomPlot *m_depth;
    QCustomPlot *m_histogram;
    QCustomPlot *m_weights;
    QTableWidget *m_sensitivity;
    QSpinBox *m_keepCount;
    QLabel *m_keepPreview;
    QPushButton *m_quantize;
    QPushButton *m_sensButton;
    QPushButton *m_preview;
    QPushButton *m_apply;
    QPushButton *m_save;
    std::vector<NodeId> m_depthNodes; // point index → node, for clicks
};

} // namespace silica
