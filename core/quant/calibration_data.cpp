#include "core/quant/calibration_data.h"

#include "core/runtime/random_inputs.h"
#include "core/runtime/tensor_io.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <cstring>

namespace silica::quant {

namespace {

using runtime::Shape;
using runtime::Tensor;

std::string str(const QString &s)
{
    return s.toStdString();
}

// The input's shape with symbolic dimensions sized from `dims` (others 1); -1 marks a
// dimension nothing fixes, which a sample may fill.
Shape concreteShape(const ValueInfo &input, const std::map<std::string, int64_t> &dims, bool keepFree)
{
    Shape s;
    for (const Dim &d : input.type.dims) {
        if (d.isKnown())
            s.push_back(d.value);
        else if (auto it = dims.find(d.param); it != dims.end())
            s.push_back(it->second);
        else
            s.push_back(keepFree ? -1 : 1);
    }
    return s;
}

std::string shapeText(const Shape &s)
{
    return runtime::shapeString(s);
}

Status checkShape(const std::string &file, const Tensor &t, const ValueInfo &input, const Shape &expected)
{
    if (t.dataType() != input.type.elemType)
        return Status(ErrorCode::InvalidArgument, "calibration file '" + file + "' holds " +
                                                      dataTypeName(t.dataType()) + " data; input '" + input.name +
                                                      "' takes " + dataTypeName(input.type.elemType));
    bool fits = t.rank() == int(expected.size());
    for (size_t d = 0; fits && d < expected.size(); ++d)
        fits = expected[d] < 0 || expected[d] == t.shape()[d];
    if (!fits)
        return Status(ErrorCode::InvalidArgument, "calibration file '" + file + "' has shape " +
                                                      shapeText(t.shape()) + "; input '" + input.name + "' needs " +
                                                      shapeText(expected) + " (" + input.type.toString() + ")");
    return Status::ok();
}

class RandomSource : public CalibrationSource
{
public:
    RandomSource(std::vector<ValueInfo> inputs, const CalibrationDataOptions &options)
        : m_inputs(std::move(inputs)), m_options(options)
    {
        m_warnings.push_back("No calibration data given: random inputs are used. Ranges and error figures from "
                             "random data say little about real inputs; give images, tensors or audio.");
    }
    size_t count() const override { return m_options.randomSamples; }
    Expected<Sample> sample(size_t index) const override
    {
        auto feeds = runtime::randomInputs(m_inputs, m_options.seed + index, m_options.dims);
        if (!feeds)
            return feeds.error();
        return Sample(feeds->begin(), feeds->end());
    }
    std::string description() const override
    {
        return std::to_string(count()) + " random samples (seed " + std::to_string(m_options.seed) + ")";
    }

private:
    std::vector<ValueInfo> m_inputs;
    CalibrationDataOptions m_options;
};

class ImageSource : public CalibrationSource
{
public:
    ImageSource(std::vector<std::string> files, ValueInfo input, Shape shape, bool channelsLast,
                const ImageOptions &options)
        : m_files(std::move(files)), m_input(std::move(input)), m_shape(std::move(shape)),
          m_channelsLast(channelsLast), m_options(options)
    {
    }
    size_t count() const override { return m_files.size(); }
    std::string description() const override
    {
        const int64_t h = m_shape[m_channelsLast ? 1 : 2], w = m_shape[m_channelsLast ? 2 : 3];
        auto triple = [](const double *v) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "%g %g %g", v[0], v[1], v[2]);
            return std::string(buf);
        };
        char scale[32];
        std::snprintf(scale, sizeof scale, "x·%g", m_options.scale);
        return std::to_string(count()) + " images (" + std::to_string(w) + "×" + std::to_string(h) + ", " +
               (m_channelsLast ? "NHWC" : "NCHW") + ", " + (m_options.bgr ? "BGR" : "RGB") + ", " +
               (m_options.resize == ImageOptions::Resize::Stretch ? "stretched" : "centre crop") + "; " +
               scale + ", mean " + triple(m_options.mean) + ", std " + triple(m_options.std) + ")";
    }
    Expected<Sample> sample(size_t index) const override
    {
        const std::string &file = m_files[index];
        QImage image(QString::fromStdString(file));
        if (image.isNull())
            return Status(ErrorCode::InvalidArgument,
                          "cannot read calibration image '" + file + "': not a PNG, JPEG or BMP image, or damaged");
        const int h = int(m_shape[m_channelsLast ? 1 : 2]), w = int(m_shape[m_channelsLast ? 2 : 3]);
        image = image.convertToFormat(QImage::Format_RGB888);
        if (m_options.resize == ImageOptions::Resize::Stretch) {
            image = image.scaled(w, h, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        } else {
            // The shorter side to the target, then the centre.
            image = image.scaled(w, h, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
            image = image.copy((image.width() - w) / 2, (image.height() - h) / 2, w, h);
        }
        Tensor t = Tensor::allocate(DataType::Float, m_shape);
        float *out = t.mutableData<float>();
        for (int y = 0; y < h; ++y) {
            const uchar *row = image.constScanLine(y);
            for (int x = 0; x < w; ++x)
                for (int c = 0; c < 3; ++c) {
                    const int source = m_options.bgr ? 2 - c : c;
                    const double v = (double(row[x * 3 + source]) * m_options.scale - m_options.mean[c]) /
                                     m_options.std[c];
                    const size_t at = m_channelsLast ? (size_t(y) * size_t(w) + size_t(x)) * 3 + size_t(c)
                                                     : (size_t(c) * size_t(h) + size_t(y)) * size_t(w) + size_t(x);
                    out[at] = float(v);
                }
        }
        return Sample{{m_input.name, std::move(t)}};
    }

private:
    std::vector<std::string> m_files;
    ValueInfo m_input;
    Shape m_shape;
    bool m_channelsLast;
    ImageOptions m_options;
};

// One sample per file (single input), or per folder (a file per input).
class TensorSource : public CalibrationSource
{
public:
    TensorSource(std::vector<std::string> samples, bool folders, std::vector<ValueInfo> inputs,
                 const CalibrationDataOptions &options)
        : m_samples(std::move(samples)), m_folders(folders), m_inputs(std::move(inputs)), m_options(options)
    {
    }
    size_t count() const override { return m_samples.size(); }
    std::string description() const override
    {
        return std::to_string(count()) + (m_folders ? " sample folders of tensors" : " tensor files");
    }
    Expected<Sample> sample(size_t index) const override
    {
        Sample s;
        for (const ValueInfo &input : m_inputs) {
            std::string file = m_samples[index];
            if (m_folders) {
                const QDir dir(QString::fromStdString(file));
                const QString safe = QString::fromStdString(runtime::safeFileName(input.name));
                file.clear();
                for (const char *ext : {".npy", ".pb"})
                    if (dir.exists(safe + QLatin1String(ext)))
                        file = str(dir.filePath(safe + QLatin1String(ext)));
                if (file.empty())
                    return Status(ErrorCode::InvalidArgument, "calibration sample folder '" + m_samples[index] +
                                                                  "' has no " + str(safe) + ".npy or " + str(safe) +
                                                                  ".pb for input '" + input.name + "'");
            }
            Expected<Tensor> t = runtime::loadTensorFile(file);
            if (!t)
                return t.error();
            if (Status ok = checkShape(file, *t, input, concreteShape(input, m_options.dims, true)); !ok)
                return ok;
            s.emplace_back(input.name, std::move(*t));
        }
        return s;
    }

private:
    std::vector<std::string> m_samples;
    bool m_folders;
    std::vector<ValueInfo> m_inputs;
    CalibrationDataOptions m_options;
};

// Windows of the input's length cut from each file.
class AudioSource : public CalibrationSource
{
public:
    AudioSource(std::vector<std::pair<std::string, size_t>> windows, ValueInfo input, Shape shape)
        : m_windows(std::move(windows)), m_input(std::move(input)), m_shape(std::move(shape))
    {
    }
    size_t count() const override { return m_windows.size(); }
    std::string description() const override
    {
        return std::to_string(count()) + " audio windows of " + std::to_string(runtime::elementCount(m_shape)) +
               " samples";
    }
    Expected<Sample> sample(size_t index) const override
    {
        const auto &[file, window] = m_windows[index];
        Expected<Audio> audio = readWav(file);
        if (!audio)
            return audio.error();
        const size_t n = size_t(runtime::elementCount(m_shape));
        Tensor t = Tensor::allocate(DataType::Float, m_shape);
        float *out = t.mutableData<float>();
        for (size_t k = 0; k < n; ++k) {
            const size_t at = window * n + k;
            out[k] = at < audio->samples.size() ? audio->samples[at] : 0.0f;
        }
        return Sample{{m_input.name, std::move(t)}};
    }

private:
    std::vector<std::pair<std::string, size_t>> m_windows; // file, window index
    ValueInfo m_input;
    Shape m_shape;
};

enum class Kind
{
    Image,
    Tensor,
    Audio,
    Other,
};

Kind kindOf(const QString &file)
{
    const QString ext = QFileInfo(file).suffix().toLower();
    if (ext == QLatin1String("png") || ext == QLatin1String("jpg") || ext == QLatin1String("jpeg") ||
        ext == QLatin1String("bmp"))
        return Kind::Image;
    if (ext == QLatin1String("npy") || ext == QLatin1String("pb"))
        return Kind::Tensor;
    if (ext == QLatin1String("wav"))
        return Kind::Audio;
    return Kind::Other;
}

const char *kindName(Kind k)
{
    switch (k) {
    case Kind::Image:
        return "images";
    case Kind::Tensor:
        return "tensors";
    case Kind::Audio:
        return "WAV files";
    case Kind::Other:
        break;
    }
    return "other files";
}

uint32_t le32(const char *p)
{
    return uint32_t(uint8_t(p[0])) | uint32_t(uint8_t(p[1])) << 8 | uint32_t(uint8_t(p[2])) << 16 |
           uint32_t(uint8_t(p[3])) << 24;
}

uint16_t le16(const char *p)
{
    return uint16_t(uint8_t(p[0]) | uint8_t(p[1]) << 8);
}

} // namespace

Expected<Audio> readWav(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return Status(ErrorCode::IoError, "cannot read audio file '" + path + "': " + str(f.errorString()));
    const QByteArray bytes = f.readAll();
    auto bad = [&](const std::string &what) {
        return Status(ErrorCode::InvalidArgument, "audio file '" + path + "' " + what);
    };
    if (bytes.size() < 12 || std::memcmp(bytes.constData(), "RIFF", 4) != 0 ||
        std::memcmp(bytes.constData() + 8, "WAVE", 4) != 0)
        return bad("is not a WAV file (no RIFF/WAVE header)");
    int format = 0, channels = 0, rate = 0, bits = 0;
    const char *data = nullptr;
    size_t dataBytes = 0;
    for (qsizetype at = 12; at + 8 <= bytes.size();) {
        const char *chunk = bytes.constData() + at;
        const size_t size = le32(chunk + 4);
        const char *body = chunk + 8;
        const size_t available = size_t(bytes.size() - at - 8);
        if (std::memcmp(chunk, "fmt ", 4) == 0 && size >= 16 && available >= 16) {
            format = le16(body);
            channels = le16(body + 2);
            rate = int(le32(body + 4));
            bits = le16(body + 14);
        } else if (std::memcmp(chunk, "data", 4) == 0) {
            data = body;
            dataBytes = std::min(size, available);
        }
        at += qsizetype(8 + size + (size & 1));
    }
    if (!data || channels < 1 || rate < 1)
        return bad("has no format or data chunk");
    const bool pcm16 = format == 1 && bits == 16, float32 = format == 3 && bits == 32;
    if (!pcm16 && !float32)
        return bad("is " + std::to_string(bits) + "-bit (format " + std::to_string(format) +
                   "); Silica reads 16-bit PCM and 32-bit float WAV");
    Audio audio;
    audio.rate = rate;
    const size_t frameBytes = size_t(channels) * size_t(bits / 8);
    const size_t frames = dataBytes / frameBytes;
    audio.samples.resize(frames);
    for (size_t i = 0; i < frames; ++i) {
        double sum = 0;
        for (int c = 0; c < channels; ++c) {
            const char *p = data + i * frameBytes + size_t(c) * size_t(bits / 8);
            if (pcm16) {
                sum += double(int16_t(le16(p))) / 32768.0;
            } else {
                float v;
                std::memcpy(&v, p, 4);
                sum += double(v);
            }
        }
        audio.samples[i] = float(sum / channels);
    }
    return audio;
}

Expected<std::unique_ptr<CalibrationSource>> openCalibrationSource(const std::vector<std::string> &paths,
                                                                   const std::vector<ValueInfo> &inputs,
                                                                   const CalibrationDataOptions &options)
{
    if (inputs.empty())
        return Status(ErrorCode::InvalidArgument, "the model has no inputs to calibrate with");
    if (paths.empty() || (paths.size() == 1 && paths[0] == "random"))
        return std::unique_ptr<CalibrationSource>(new RandomSource(inputs, options));

    // Files, folders' files, and sample sub-folders; all of one kind.
    std::vector<std::string> files, sampleFolders;
    for (const std::string &p : paths) {
        const QFileInfo info(QString::fromStdString(p));
        if (!info.exists())
            return Status(ErrorCode::NotFound, "calibration data '" + p + "' does not exist");
        if (info.isFile()) {
            files.push_back(p);
            continue;
        }
        const QDir dir(info.absoluteFilePath());
        for (const QFileInfo &entry : dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            if (entry.isDir())
                sampleFolders.push_back(str(entry.absoluteFilePath()));
            else if (kindOf(entry.fileName()) != Kind::Other)
                files.push_back(str(entry.absoluteFilePath()));
        }
        if (files.empty() && sampleFolders.empty())
            return Status(ErrorCode::InvalidArgument,
                          "calibration folder '" + p + "' has no images (PNG, JPEG, BMP), .npy/.pb tensors or .wav "
                          "files, and no sample sub-folders");
    }
    Kind kind = Kind::Other;
    for (const std::string &f : files) {
        const Kind k = kindOf(QString::fromStdString(f));
        if (k == Kind::Other)
            return Status(ErrorCode::InvalidArgument, "calibration file '" + f +
                                                          "' is not an image, a .npy/.pb tensor or a .wav file");
        if (kind != Kind::Other && k != kind)
            return Status(ErrorCode::InvalidArgument, std::string("calibration data mixes ") + kindName(kind) +
                                                          " and " + kindName(k) + "; give one kind");
        kind = k;
    }
    auto capped = [&](std::vector<std::string> v) {
        if (options.maxSamples && v.size() > options.maxSamples)
            v.resize(options.maxSamples);
        return v;
    };
    if (files.empty())
        return std::unique_ptr<CalibrationSource>(
            new TensorSource(capped(sampleFolders), true, inputs, options));
    const ValueInfo &input = inputs.front();
    if (kind == Kind::Tensor) {
        if (inputs.size() > 1)
            return Status(ErrorCode::InvalidArgument,
                          "the model has " + std::to_string(inputs.size()) +
                              " inputs: give one sub-folder per sample holding <input name>.npy for each");
        return std::unique_ptr<CalibrationSource>(new TensorSource(capped(files), false, inputs, options));
    }
    if (inputs.size() > 1)
        return Status(ErrorCode::InvalidArgument, std::string("the model has ") + std::to_string(inputs.size()) +
                                                      " inputs; " + kindName(kind) +
                                                      " calibrate single-input models only");
    if (input.type.elemType != DataType::Float)
        return Status(ErrorCode::InvalidArgument, "input '" + input.name + "' takes " +
                                                      dataTypeName(input.type.elemType) + "; " + kindName(kind) +
                                                      " become float tensors");
    const Shape shape = concreteShape(input, options.dims, false);
    if (kind == Kind::Image) {
        // [N, 3, H, W] or [N, H, W, 3].
        const bool nchw = shape.size() == 4 && shape[1] == 3;
        const bool nhwc = shape.size() == 4 && shape[3] == 3;
        if (!nchw && !nhwc)
            return Status(ErrorCode::InvalidArgument, "input '" + input.name + "' " + input.type.toString() +
                                                          " is not an image batch [N,3,H,W] or [N,H,W,3]");
        const bool channelsLast = nchw && nhwc ? options.image.channelsLast : nhwc;
        return std::unique_ptr<CalibrationSource>(
            new ImageSource(capped(files), input, shape, channelsLast, options.image));
    }
    // Audio: windows of the input's length from every file.
    const size_t window = size_t(runtime::elementCount(shape));
    std::vector<std::pair<std::string, size_t>> windows;
    for (const std::string &f : files) {
        Expected<Audio> audio = readWav(f);
        if (!audio)
            return audio.error();
        const size_t n = std::max<size_t>(1, audio->samples.size() / std::max<size_t>(1, window));
        for (size_t k = 0; k < n && (!options.maxSamples || windows.size() < options.maxSamples); ++k)
            windows.emplace_back(f, k);
    }
    auto source = std::make_unique<AudioSource>(std::move(windows), input, shape);
    return std::unique_ptr<CalibrationSource>(std::move(source));
}

} // namespace silica::quant
