#include "views/quant/calibration_dialog.h"

#include "views/common/dim_sizes.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace silica {

namespace {

QString groupFor(const QString &modelPath)
{
    if (modelPath.isEmpty())
        return QStringLiteral("quant/defaults");
    const QByteArray hash = QCryptographicHash::hash(QFileInfo(modelPath).absoluteFilePath().toUtf8(),
                                                     QCryptographicHash::Sha1);
    return QStringLiteral("quant/models/") + QString::fromLatin1(hash.toHex().left(16));
}

QString triple(const double v[3])
{
    return QStringLiteral("%1, %2, %3").arg(v[0]).arg(v[1]).arg(v[2]);
}

bool parseTriple(const QString &text, double out[3])
{
    const QStringList parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parts.size() != 3 && parts.size() != 1)
        return false;
    for (int i = 0; i < 3; ++i) {
        bool ok = false;
        out[i] = parts[parts.size() == 1 ? 0 : i].trimmed().toDouble(&ok);
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

QuantSettings QuantSettings::load(const QString &modelPath)
{
    QSettings s;
    QString group = groupFor(modelPath);
    if (!s.childGroups().contains(QStringLiteral("quant")) ||
        !s.contains(group + QStringLiteral("/precision")))
        group = groupFor(QString());
    QuantSettings q;
    if (!s.contains(group + QStringLiteral("/precision")))
        return q;
    s.beginGroup(group);
    q.paths = s.value(QStringLiteral("paths")).toStringList();
    q.data.image.resize = s.value(QStringLiteral("stretch")).toBool() ? quant::ImageOptions::Resize::Stretch
                                                                      : quant::ImageOptions::Resize::ShorterSideThenCrop;
    q.data.image.channelsLast = s.value(QStringLiteral("nhwc")).toBool();
    q.data.image.bgr = s.value(QStringLiteral("bgr")).toBool();
    q.data.image.scale = s.value(QStringLiteral("scale"), q.data.image.scale).toDouble();
    const QVariantList mean = s.value(QStringLiteral("mean")).toList(), std = s.value(QStringLiteral("std")).toList();
    for (int i = 0; i < 3 && mean.size() == 3 && std.size() == 3; ++i) {
        q.data.image.mean[i] = mean[i].toDouble();
        q.data.image.std[i] = std[i].toDouble();
    }
    parseDimSizes(s.value(QStringLiteral("dims")).toString(), q.data.dims);
    q.data.maxSamples = size_t(s.value(QStringLiteral("samples"), 64).toULongLong());
    quant::methodFromName(s.value(QStringLiteral("method"), QStringLiteral("minmax")).toString().toStdString(),
                          q.calibration.method);
    q.calibration.percentile = s.value(QStringLiteral("percentile"), q.calibration.percentile).toDouble();
    q.calibration.symmetric = s.value(QStringLiteral("symmetric")).toBool();
    q.signedActivations = s.value(QStringLiteral("signed")).toBool();
    q.precision = s.value(QStringLiteral("precision"), q.precision).toString();
    q.perChannel = s.value(QStringLiteral("perChannel"), true).toBool();
    q.errorSamples = s.value(QStringLiteral("errorSamples"), q.errorSamples).toInt();
    s.endGroup();
    return q;
}

void QuantSettings::save(const QString &modelPath) const
{
    QSettings s;
    for (const QString &group : {groupFor(modelPath), groupFor(QString())}) {
        s.beginGroup(group);
        s.setValue(QStringLiteral("paths"), paths);
        s.setValue(QStringLiteral("stretch"), data.image.resize == quant::ImageOptions::Resize::Stretch);
        s.setValue(QStringLiteral("nhwc"), data.image.channelsLast);
        s.setValue(QStringLiteral("bgr"), data.image.bgr);
        s.setValue(QStringLiteral("scale"), data.image.scale);
        s.setValue(QStringLiteral("mean"), QVariantList{data.image.mean[0], data.image.mean[1], data.image.mean[2]});
        s.setValue(QStringLiteral("std"), QVariantList{data.image.std[0], data.image.std[1], data.image.std[2]});
        s.setValue(QStringLiteral("dims"), dimSizesText(data.dims));
        s.setValue(QStringLiteral("samples"), qulonglong(data.maxSamples));
        s.setValue(QStringLiteral("method"), QString::fromLatin1(quant::methodName(calibration.method)));
        s.setValue(QStringLiteral("percentile"), calibration.percentile);
        s.setValue(QStringLiteral("symmetric"), calibration.symmetric);
        s.setValue(QStringLiteral("signed"), signedActivations);
        s.setValue(QStringLiteral("precision"), precision);
        s.setValue(QStringLiteral("perChannel"), perChannel);
        s.setValue(QStringLiteral("errorSamples"), errorSamples);
        s.endGroup();
    }
}

QString QuantSettings::label() const
{
    if (precision == QLatin1String("fp16"))
        return QObject::tr("FP16");
    QString method = QString::fromLatin1(quant::methodName(calibration.method));
    if (calibration.method == quant::CalibrationMethod::Percentile)
        method += QLatin1Char(' ') + QString::number(calibration.percentile);
    QString text = QObject::tr("%1 %2, %3")
                       .arg(precision.toUpper(), perChannel ? QObject::tr("per-channel") : QObject::tr("per-tensor"),
                            method);
    if (signedActivations)
        text += QObject::tr(", signed activations");
    if (!qdqKeepFloat.isEmpty())
        text += QObject::tr(", %n kept in float", nullptr, int(qdqKeepFloat.size()));
    if (!qdqWide.isEmpty())
        text += QObject::tr(", %n at 16 bits", nullptr, int(qdqWide.size()));
    return text;
}

CalibrationDialog::CalibrationDialog(const QuantSettings &settings, const QStringList &symbolicDims, QWidget *parent)
    : QDialog(parent), m_initial(settings), m_paths(new QLineEdit(this)), m_randomNote(new QLabel(this)),
      m_resize(new QComboBox(this)), m_layout(new QComboBox(this)), m_order(new QComboBox(this)),
      m_scale(new QDoubleSpinBox(this)), m_mean(new QLineEdit(this)), m_std(new QLineEdit(this)),
      m_dims(new QLineEdit(this)), m_method(new QComboBox(this)), m_percentile(new QDoubleSpinBox(this)),
      m_precision(new QComboBox(this)), m_perChannel(new QCheckBox(tr("Per-channel weights"), this)),
      m_symmetric(new QCheckBox(tr("Symmetric activations"), this)),
      m_signed(new QCheckBox(tr("Si&gned activations (int8 / int16)"), this)), m_samples(new QSpinBox(this)),
      m_errorSamples(new QSpinBox(this))
{
    setWindowTitle(tr("Quantize"));
    auto *layout = new QVBoxLayout(this);

    auto *data = new QGroupBox(tr("Calibration data"), this);
    auto *dataForm = new QFormLayout(data);
    auto *pathRow = new QHBoxLayout;
    m_paths->setPlaceholderText(tr("a folder of images, .npy / .pb tensors or WAV files; empty: random data"));
    m_paths->setText(settings.paths.join(QStringLiteral("; ")));
    pathRow->addWidget(m_paths, 1);
    auto *folder = new QPushButton(tr("Folder…"), this);
    auto *files = new QPushButton(tr("Files…"), this);
    pathRow->addWidget(folder);
    pathRow->addWidget(files);
    auto *sourceLabel = new QLabel(tr("&Source:"), data);
    sourceLabel->setBuddy(m_paths); // a row of several widgets gets no buddy of its own
    dataForm->addRow(sourceLabel, pathRow);
    m_randomNote->setWordWrap(true);
    m_randomNote->setStyleSheet(QStringLiteral("QLabel { color: #8a6d3b; }"));
    dataForm->addRow(QString(), m_randomNote);
    m_resize->addItem(tr("Shorter side, then centre crop"));
    m_resize->addItem(tr("Stretch"));
    m_resize->setCurrentIndex(settings.data.image.resize == quant::ImageOptions::Resize::Stretch ? 1 : 0);
    dataForm->addRow(tr("&Resize:"), m_resize);
    m_layout->addItem(tr("NCHW"));
    m_layout->addItem(tr("NHWC"));
    m_layout->setCurrentIndex(settings.data.image.channelsLast ? 1 : 0);
    dataForm->addRow(tr("&Layout:"), m_layout);
    m_order->addItem(tr("RGB"));
    m_order->addItem(tr("BGR"));
    m_order->setCurrentIndex(settings.data.image.bgr ? 1 : 0);
    dataForm->addRow(tr("Channel &order:"), m_order);
    m_scale->setDecimals(6);
    m_scale->setRange(1e-6, 1e6);
    m_scale->setValue(settings.data.image.scale);
    m_scale->setToolTip(tr("Applied to 8-bit pixel values first (1/255 maps them to [0, 1])"));
    dataForm->addRow(tr("S&cale:"), m_scale);
    m_mean->setText(triple(settings.data.image.mean));
    dataForm->addRow(tr("&Mean (R, G, B):"), m_mean);
    m_std->setText(triple(settings.data.image.std));
    dataForm->addRow(tr("S&td (R, G, B):"), m_std);
    m_dims->setText(dimSizesText(settings.data.dims));
    if (m_dims->text().isEmpty() && !symbolicDims.isEmpty()) {
        QStringList pairs;
        for (const QString &d : symbolicDims)
            pairs << d + QStringLiteral("=1");
        m_dims->setText(pairs.join(QStringLiteral(", ")));
    }
    m_dims->setToolTip(tr("Sizes of the inputs' symbolic dimensions, NAME=N separated by commas"));
    m_dims->setEnabled(!symbolicDims.isEmpty() || !m_dims->text().isEmpty());
    dataForm->addRow(tr("&Dimensions:"), m_dims);
    m_samples->setRange(1, 100000);
    m_samples->setValue(int(settings.data.maxSamples ? settings.data.maxSamples : 64));
    dataForm->addRow(tr("Sa&mples (at most):"), m_samples);
    layout->addWidget(data);

    auto *how = new QGroupBox(tr("Quantization"), this);
    auto *howForm = new QFormLayout(how);
    m_precision->addItem(tr("INT8 (8-bit activations, int8 weights)"), QStringLiteral("int8"));
    m_precision->addItem(tr("INT16 activations, int8 weights (opset 21)"), QStringLiteral("int16"));
    m_precision->addItem(tr("FP16 (weights and compute)"), QStringLiteral("fp16"));
    m_precision->setCurrentIndex(std::max(0, m_precision->findData(settings.precision)));
    howForm->addRow(tr("&Precision:"), m_precision);
    m_method->addItem(tr("Min-max"), QStringLiteral("minmax"));
    m_method->addItem(tr("Percentile"), QStringLiteral("percentile"));
    m_method->addItem(tr("Entropy (KL divergence)"), QStringLiteral("entropy"));
    m_method->addItem(tr("MSE-optimal"), QStringLiteral("mse"));
    m_method->setCurrentIndex(
        std::max(0, m_method->findData(QString::fromLatin1(quant::methodName(settings.calibration.method)))));
    howForm->addRow(tr("Calibration &method:"), m_method);
    m_percentile->setDecimals(4);
    m_percentile->setRange(50.0001, 100);
    m_percentile->setValue(settings.calibration.percentile);
    m_percentile->setSuffix(QStringLiteral(" %"));
    howForm->addRow(tr("P&ercentile kept:"), m_percentile);
    m_perChannel->setChecked(settings.perChannel);
    howForm->addRow(QString(), m_perChannel);
    m_symmetric->setChecked(settings.calibration.symmetric);
    howForm->addRow(QString(), m_symmetric);
    m_signed->setChecked(settings.signedActivations);
    m_signed->setToolTip(tr("Quantize activations to int8 (int16) instead of uint8 (uint16). TensorRT takes only "
                            "signed activations with zero point 0: choose this with symmetric activations."));
    howForm->addRow(QString(), m_signed);
    m_errorSamples->setRange(0, 100000);
    m_errorSamples->setSpecialValueText(tr("all"));
    m_errorSamples->setValue(settings.errorSamples);
    m_errorSamples->setToolTip(tr("Per-node error (injected and inherited) is measured over this many calibration "
                                  "samples; each costs about four inferences"));
    howForm->addRow(tr("Error over (samples):"), m_errorSamples);
    layout->addWidget(how);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Quantize"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &CalibrationDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(folder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Calibration Folder"), m_paths->text());
        if (!dir.isEmpty())
            m_paths->setText(dir);
    });
    connect(files, &QPushButton::clicked, this, [this] {
        const QStringList chosen = QFileDialog::getOpenFileNames(
            this, tr("Calibration Files"), QString(),
            tr("Calibration data (*.png *.jpg *.jpeg *.bmp *.npy *.pb *.wav);;All files (*)"));
        if (!chosen.isEmpty())
            m_paths->setText(chosen.join(QStringLiteral("; ")));
    });
    for (QComboBox *c : {m_method, m_precision})
        connect(c, &QComboBox::currentIndexChanged, this, &CalibrationDialog::updateEnabled);
    connect(m_paths, &QLineEdit::textChanged, this, &CalibrationDialog::updateEnabled);
    updateEnabled();
}

void CalibrationDialog::updateEnabled()
{
    const bool fp16 = m_precision->currentData().toString() == QLatin1String("fp16");
    m_method->setEnabled(!fp16);
    m_percentile->setEnabled(!fp16 && m_method->currentData().toString() == QLatin1String("percentile"));
    m_perChannel->setEnabled(!fp16);
    m_symmetric->setEnabled(!fp16);
    m_signed->setEnabled(!fp16);
    m_randomNote->setText(m_paths->text().trimmed().isEmpty()
                              ? tr("No data given: random inputs will be used. Ranges and error figures from random "
                                   "data say little about real inputs.")
                              : QString());
    m_randomNote->setVisible(m_paths->text().trimmed().isEmpty());
}

QuantSettings CalibrationDialog::settings() const
{
    QuantSettings q = m_initial;
    q.paths.clear();
    for (const QString &p : m_paths->text().split(QLatin1Char(';'), Qt::SkipEmptyParts))
        if (!p.trimmed().isEmpty())
            q.paths << p.trimmed();
    q.data.image.resize = m_resize->currentIndex() == 1 ? quant::ImageOptions::Resize::Stretch
                                                        : quant::ImageOptions::Resize::ShorterSideThenCrop;
    q.data.image.channelsLast = m_layout->currentIndex() == 1;
    q.data.image.bgr = m_order->currentIndex() == 1;
    q.data.image.scale = m_scale->value();
    parseTriple(m_mean->text(), q.data.image.mean);
    parseTriple(m_std->text(), q.data.image.std);
    parseDimSizes(m_dims->text(), q.data.dims);
    q.data.maxSamples = size_t(m_samples->value());
    quant::methodFromName(m_method->currentData().toString().toStdString(), q.calibration.method);
    q.calibration.percentile = m_percentile->value();
    q.calibration.symmetric = m_symmetric->isChecked();
    q.signedActivations = m_signed->isChecked();
    q.precision = m_precision->currentData().toString();
    q.perChannel = m_perChannel->isChecked();
    q.errorSamples = m_errorSamples->value();
    return q;
}

void CalibrationDialog::accept()
{
    double v[3];
    std::map<std::string, int64_t> dims;
    QString problem;
    if (!parseTriple(m_mean->text(), v))
        problem = tr("Mean takes three numbers separated by commas (R, G, B), or one for all.");
    else if (!parseTriple(m_std->text(), v) || v[0] == 0 || v[1] == 0 || v[2] == 0)
        problem = tr("Std takes three non-zero numbers separated by commas (R, G, B), or one for all.");
    else if (!parseDimSizes(m_dims->text(), dims))
        problem = tr("Dimensions take NAME=N pairs (N ≥ 1) separated by commas.");
    for (const QString &p : settings().paths)
        if (problem.isEmpty() && !QFileInfo::exists(p))
            problem = tr("%1 does not exist. Choose a folder or files of calibration data.").arg(p);
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, tr("Quantize"), problem);
        return;
    }
    QDialog::accept();
}

} // namespace silica
