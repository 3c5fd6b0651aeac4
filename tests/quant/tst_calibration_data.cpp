// Calibration data sources: images with their preprocessing, tensor files and sample folders,
// WAV windows, random data with its warning, and a clear error for each kind of bad data.

#include "core/quant/calibration_data.h"
#include "core/runtime/tensor_io.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>

using namespace silica;
using namespace silica::quant;

namespace {

ValueInfo floatInput(const std::string &name, std::vector<int64_t> shape)
{
    return ValueInfo{name, ValueType::tensor(DataType::Float, shape), {}, {}};
}

// A 16-bit PCM mono WAV of `samples` (in [-1, 1]) at `rate`, or 8-bit when asked.
QByteArray wav(const std::vector<float> &samples, int rate, int bits = 16)
{
    QByteArray data;
    for (float s : samples) {
        if (bits == 16) {
            const int16_t v = int16_t(std::lround(s * 32767));
            data.append(char(v & 0xff)).append(char((v >> 8) & 0xff));
        } else {
            data.append(char(uint8_t(std::lround((s + 1) * 127.5))));
        }
    }
    auto u32 = [](uint32_t v) {
        QByteArray b(4, 0);
        for (int i = 0; i < 4; ++i)
            b[i] = char((v >> (8 * i)) & 0xff);
        return b;
    };
    auto u16 = [](uint16_t v) {
        QByteArray b(2, 0);
        b[0] = char(v & 0xff);
        b[1] = char(v >> 8);
        return b;
    };
    QByteArray fmt = u16(1) + u16(1) + u32(uint32_t(rate)) + u32(uint32_t(rate * bits / 8)) + u16(uint16_t(bits / 8)) +
                     u16(uint16_t(bits));
    QByteArray out = QByteArray("WAVE") + "fmt " + u32(16) + fmt + "data" + u32(uint32_t(data.size())) + data;
    return QByteArray("RIFF") + u32(uint32_t(out.size())) + out;
}

bool write(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestCalibrationData : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString folder(const QString &name)
    {
        QDir(m_dir.path()).mkpath(name);
        return m_dir.filePath(name);
    }

private slots:
    void randomDataComesWithAWarning()
    {
        CalibrationDataOptions options;
        options.randomSamples = 3;
        auto source = openCalibrationSource({}, {floatInput("x", {1, 4})}, options);
        QVERIFY(source);
        QCOMPARE((*source)->count(), size_t(3));
        QCOMPARE((*source)->warnings().size(), size_t(1));
        QVERIFY((*source)->warnings()[0].find("random") != std::string::npos);
        auto s = (*source)->sample(1);
        QVERIFY(s);
        QCOMPARE(s->size(), size_t(1));
        QCOMPARE(s->front().second.shape(), (runtime::Shape{1, 4}));
    }

    void imagesArePreprocessed_data()
    {
        QTest::addColumn<bool>("channelsLast");
        QTest::newRow("NCHW") << false;
        QTest::newRow("NHWC") << true;
    }
    void imagesArePreprocessed()
    {
        QFETCH(bool, channelsLast);
        const QString dir = folder(QStringLiteral("images"));
        QImage red(40, 20, QImage::Format_RGB888);
        red.fill(QColor(255, 0, 0));
        QVERIFY(red.save(dir + QStringLiteral("/a.png")));
        QVERIFY(red.save(dir + QStringLiteral("/b.png")));
        const ValueInfo input = floatInput("x", channelsLast ? std::vector<int64_t>{1, 8, 8, 3}
                                                             : std::vector<int64_t>{1, 3, 8, 8});
        auto source = openCalibrationSource({dir.toStdString()}, {input}, {});
        QVERIFY2(source, source ? "" : source.error().message().c_str());
        QCOMPARE((*source)->count(), size_t(2));
        auto s = (*source)->sample(0);
        QVERIFY2(s, s ? "" : s.error().message().c_str());
        const runtime::Tensor &t = s->front().second;
        QCOMPARE(t.shape(), input.type.staticShape().value());
        // ImageNet normalisation of pure red: (1 - 0.485) / 0.229 and (0 - 0.456) / 0.224.
        const float *v = t.data<float>();
        const size_t redAt = 0, greenAt = channelsLast ? 1 : 64;
        QVERIFY(std::fabs(v[redAt] - float((1 - 0.485) / 0.229)) < 1e-4);
        QVERIFY(std::fabs(v[greenAt] - float((0 - 0.456) / 0.224)) < 1e-4);
        QVERIFY((*source)->description().find(channelsLast ? "NHWC" : "NCHW") != std::string::npos);
        // BGR: the first channel holds blue.
        CalibrationDataOptions bgr;
        bgr.image.bgr = true;
        auto b = openCalibrationSource({dir.toStdString()}, {input}, bgr);
        QVERIFY(b);
        QVERIFY(std::fabs((*(*b)->sample(0)).front().second.data<float>()[0] - float((0 - 0.485) / 0.229)) < 1e-4);
    }

    void tensorsMustFitTheInput()
    {
        const QString dir = folder(QStringLiteral("tensors"));
        const runtime::Tensor good = runtime::Tensor::fromVector<float>(DataType::Float, {1, 4}, {1, 2, 3, 4});
        const runtime::Tensor bad = runtime::Tensor::fromVector<float>(DataType::Float, {1, 2}, {1, 2});
        QVERIFY(runtime::saveNpy(QString(dir + QStringLiteral("/0.npy")).toStdString(), good).isOk());
        QVERIFY(runtime::saveNpy(QString(dir + QStringLiteral("/1.npy")).toStdString(), bad).isOk());
        auto source = openCalibrationSource({dir.toStdString()}, {floatInput("x", {1, 4})}, {});
        QVERIFY(source);
        QCOMPARE((*source)->count(), size_t(2));
        auto s0 = (*source)->sample(0);
        QVERIFY(s0);
        QCOMPARE(s0->front().second.data<float>()[3], 4.0f);
        auto s1 = (*source)->sample(1);
        QVERIFY(!s1);
        QVERIFY2(s1.error().message().find("has shape [1,2]; input 'x' needs [1,4]") != std::string::npos,
                 s1.error().message().c_str());
    }

    void sampleFoldersFeedSeveralInputs()
    {
        const QString dir = folder(QStringLiteral("samples"));
        QDir(dir).mkpath(QStringLiteral("s0"));
        QVERIFY(runtime::saveNpy(QString(dir + QStringLiteral("/s0/a.npy")).toStdString(),
                                 runtime::Tensor::fromVector<float>(DataType::Float, {2}, {1, 2}))
                    .isOk());
        const std::vector<ValueInfo> inputs{floatInput("a", {2}), floatInput("b", {2})};
        auto source = openCalibrationSource({dir.toStdString()}, inputs, {});
        QVERIFY(source);
        QCOMPARE((*source)->count(), size_t(1));
        auto s = (*source)->sample(0);
        QVERIFY(!s);
        QVERIFY2(s.error().message().find("has no b.npy or b.pb for input 'b'") != std::string::npos,
                 s.error().message().c_str());
        QVERIFY(runtime::saveNpy(QString(dir + QStringLiteral("/s0/b.npy")).toStdString(),
                                 runtime::Tensor::fromVector<float>(DataType::Float, {2}, {3, 4}))
                    .isOk());
        auto ok = (*source)->sample(0);
        QVERIFY(ok);
        QCOMPARE(ok->size(), size_t(2));
    }

    void audioIsCutIntoWindows()
    {
        const QString dir = folder(QStringLiteral("audio"));
        std::vector<float> samples(2500);
        for (size_t i = 0; i < samples.size(); ++i)
            samples[i] = float(std::sin(double(i) * 0.01) * 0.5);
        QVERIFY(write(dir + QStringLiteral("/a.wav"), wav(samples, 16000)));
        auto audio = readWav(QString(dir + QStringLiteral("/a.wav")).toStdString());
        QVERIFY(audio);
        QCOMPARE(audio->rate, 16000);
        QCOMPARE(audio->samples.size(), size_t(2500));
        auto source = openCalibrationSource({dir.toStdString()}, {floatInput("pcm", {1, 1000})}, {});
        QVERIFY(source);
        QCOMPARE((*source)->count(), size_t(2)); // 2.5 windows of 1000
        auto s = (*source)->sample(1);
        QVERIFY(s);
        QVERIFY(std::fabs(s->front().second.data<float>()[0] - samples[1000]) < 1e-4);
        // 8-bit PCM is refused with what Silica reads.
        QVERIFY(write(dir + QStringLiteral("/../eight.wav"), wav(samples, 16000, 8)));
        auto eight = readWav(QString(dir + QStringLiteral("/../eight.wav")).toStdString());
        QVERIFY(!eight);
        QVERIFY2(eight.error().message().find("8-bit") != std::string::npos, eight.error().message().c_str());
    }

    void badDataGetsClearErrors()
    {
        const std::vector<ValueInfo> image{floatInput("x", {1, 3, 8, 8})};
        // An empty folder.
        const QString empty = folder(QStringLiteral("empty"));
        auto e = openCalibrationSource({empty.toStdString()}, image, {});
        QVERIFY(!e);
        QVERIFY2(e.error().message().find("has no images") != std::string::npos, e.error().message().c_str());
        // A missing path.
        auto m = openCalibrationSource({"/nonexistent/calib"}, image, {});
        QVERIFY(!m);
        QVERIFY(m.error().message().find("'/nonexistent/calib' does not exist") != std::string::npos);
        // A damaged image: found at open, reported when read, with its name.
        const QString damaged = folder(QStringLiteral("damaged"));
        QVERIFY(write(damaged + QStringLiteral("/x.png"), "not a png"));
        auto d = openCalibrationSource({damaged.toStdString()}, image, {});
        QVERIFY(d);
        auto ds = (*d)->sample(0);
        QVERIFY(!ds);
        QVERIFY2(ds.error().message().find("x.png': not a PNG, JPEG or BMP") != std::string::npos,
                 ds.error().message().c_str());
        // Images and tensors mixed.
        const QString mixed = folder(QStringLiteral("mixed"));
        QImage(4, 4, QImage::Format_RGB888).save(mixed + QStringLiteral("/a.png"));
        runtime::saveNpy(QString(mixed + QStringLiteral("/b.npy")).toStdString(),
                         runtime::Tensor::fromVector<float>(DataType::Float, {1}, {1}));
        auto x = openCalibrationSource({mixed.toStdString()}, image, {});
        QVERIFY(!x);
        QVERIFY2(x.error().message().find("mixes images and tensors") != std::string::npos,
                 x.error().message().c_str());
        // Images for an input that is not an image batch.
        auto notImage = openCalibrationSource({QString(mixed + QStringLiteral("/a.png")).toStdString()},
                                              {floatInput("v", {1, 10})}, {});
        QVERIFY(!notImage);
        QVERIFY(notImage.error().message().find("is not an image batch") != std::string::npos);
        // A file that is no WAV.
        QVERIFY(write(m_dir.filePath(QStringLiteral("fake.wav")), "RIFF....JUNK"));
        auto w = readWav(m_dir.filePath(QStringLiteral("fake.wav")).toStdString());
        QVERIFY(!w);
        QVERIFY(w.error().message().find("is not a WAV file") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestCalibrationData)
#include "tst_calibration_data.moc"
