#pragma once
// Quantize…: what to calibrate on and how. Calibration data is a folder of images, .npy / .pb
// tensor files, WAV audio, or random data (the error figures then say little, and the dialog
// says so); images have their resize, layout, channel order, scale and mean / std. Settings are
// remembered per model (and the last ones used are the defaults for a new model).

#include "core/quant/calibration.h"
#include "core/quant/calibration_data.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace silica {

struct QuantSettings
{
    QStringList paths; // files or folders; empty = random data
    quant::CalibrationDataOptions data;
    quant::CalibrationOptions calibration;
    QString precision = QStringLiteral("int8"); // int8, int16, fp16
    bool perChannel = true;
    bool signedActivations = false; // int8 / int16 activations (TensorRT) instead of uint8 / uint16
    int errorSamples = 16; // samples the per-node error is measured over (0: all)
    QStringList qdqKeepFloat; // node names kept in float (not remembered across sessions)
    QStringList qdqWide;      // node names (or "/scope/" regions) with 16-bit activations

    // Remembered per model file (`modelPath`), and as the defaults for models not seen yet.
    static QuantSettings load(const QString &modelPath);
    void save(const QString &modelPath) const;
    // "INT8 per-channel, entropy"
    QString label() const;
};

class CalibrationDialog : public QDialog
{
    Q_OBJECT
public:
    CalibrationDialog(const QuantSettings &settings, const QStringList &symbolicDims, QWidget *parent = nullptr);
    QuantSettings settings() const;

    QLineEdit *pathsEdit() const { return m_paths; }
    QComboBox *methodCombo() const { return m_method; }
    QComboBox *precisionCombo() const { return m_precision; }

private:
    void updateEnabled();
    void accept() override;

    QuantSettings m_initial;
    QLineEdit *m_paths;
    QLabel *m_randomNote;
    QComboBox *m_resize;
    QComboBox *m_layout;
    QComboBox *m_order;
    QDoubleSpinBox *m_scale;
    QLineEdit *m_mean;
    QLineEdit *m_std;
    QLineEdit *m_dims;
    QComboBox *m_method;
    QDoubleSpinBox *m_percentile;
    QComboBox *m_precision;
    QCheckBox *m_perChannel;
    QCheckBox *m_symmetric;
    QCheckBox *m_signed;
    QSpinBox *m_samples;
    QSpinBox *m_errorSamples;
};

} // namespace silica
