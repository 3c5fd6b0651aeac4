// Real models through Silica's runtime and through ONNX Runtime 1.30 (the peer, out of process
// via bench/ort/ort_run.mjs): every output must agree on the same seeded input. Then
// openWakeWord's keyword pipeline end to end on phrases spoken by espeak-ng, in both engines.
//
// Models come from scripts/fetch_models.sh, the peer from scripts/fetch_peers.sh; either one
// missing skips with the reason. A model Silica cannot run yet fails with the runtime's message.

#include "tests/common/test_support.h"
#include "wakeword_pipeline.h"

#include "core/graph/onnx_import.h"
#include "core/runtime/session.h"
#include "core/runtime/tensor_io.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <random>

namespace runtime = silica::runtime;
namespace wakeword = silica::wakeword;
using runtime::Tensor;
using silica::DataType;
using silica::ErrorCode;
using silica::Expected;
using silica::Status;

namespace {

const QString kOrtRun = QStringLiteral(SILICA_SOURCE_DIR "/bench/ort/ort_run.mjs");
constexpr int kPeerTimeoutMs = 300000;

// Agreement thresholds for float32 outputs: both engines compute in float32 with different
// summation orders, fusions and algorithms (Winograd, blocked layouts), so differences are
// rounding only. Measured on these models: max |diff| ≤ 3e-6 × max |reference|, 1 - cosine
// < 1e-12. The bound is relative to the output's own scale without a floor, because the
// random-weight torchvision models (no BatchNorm recalibration) have outputs near 1e-9..1e-13.
constexpr double kMinCosine = 0.999999;
constexpr double kMaxAbsPerScale = 1e-4; // times max |reference|
constexpr double kMaxScoreDiff = 1e-3;   // wake-word scores (sigmoid outputs in [0, 1])

struct ModelCase
{
    const char *label;
    const char *file; // under realModelDir()
    runtime::Shape shape;
    float lo, hi; // the seeded uniform input's range
};

// Dynamic dimensions get the sizes the models are used at (PP-OCR: 48-pixel text lines, the
// recognizer's 320-pixel crops and the classifier's 192).
const ModelCase kModels[] = {
    {"resnet50", "torch/resnet50.onnx", {1, 3, 224, 224}, -2, 2},
    {"mobilenet_v2", "torch/mobilenet_v2.onnx", {1, 3, 224, 224}, -2, 2},
    {"mobilenet_v3_small", "torch/mobilenet_v3_small.onnx", {1, 3, 224, 224}, -2, 2},
    {"efficientnet_b0", "torch/efficientnet_b0.onnx", {1, 3, 224, 224}, -2, 2},
    {"transformer_encoder", "torch/transformer_encoder.onnx", {1, 64, 256}, -1, 1},
    {"swish_beta_cnn", "torch/swish_beta_cnn.onnx", {1, 3, 64, 64}, -2, 2},
    {"ppocr_cls", "ppocr/ch_ppocr_mobile_v2.0_cls_infer.onnx", {1, 3, 48, 192}, -1, 1},
    {"ppocr_v4_rec", "ppocr/ch_PP-OCRv4_rec_infer.onnx", {1, 3, 48, 320}, -1, 1},
    // 1 s of noise at speech-like amplitude (int16 values as float).
    {"oww_melspectrogram", "openwakeword/melspectrogram.onnx", {1, 16000}, -4000, 4000},
    // Transformed mel frames (x/10 + 2) lie roughly in [-4, 4].
    {"oww_embedding", "openwakeword/embedding_model.onnx", {4, 76, 32, 1}, -4, 4},
    {"oww_alexa", "openwakeword/alexa_v0.1.onnx", {1, 16, 96}, -2, 2},
};

Tensor randomTensor(const runtime::Shape &shape, float lo, float hi, uint32_t seed)
{
    Tensor t = Tensor::allocate(DataType::Float, shape);
    std::mt19937 gen(seed);
    float *p = t.mutableData<float>();
    for (int64_t i = 0; i < t.elementCount(); ++i)
        p[i] = lo + (hi - lo) * float(gen() >> 8) / float(1u << 24);
    return t;
}

struct Agreement
{
    double maxAbs = 0;    // max |ours - reference|
    double refMaxAbs = 0; // max |reference|
    double cosine = 1;
};

Agreement agreement(const Tensor &ours, const Tensor &reference)
{
    const std::vector<double> a = ours.toDoubles(), b = reference.toDoubles();
    Agreement r;
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
        r.maxAbs = std::max(r.maxAbs, std::fabs(a[i] - b[i]));
        if (std::isnan(a[i]) != std::isnan(b[i]))
            r.maxAbs = INFINITY;
        r.refMaxAbs = std::max(r.refMaxAbs, std::fabs(b[i]));
        dot += a[i] * b[i];
        na += a[i] * a[i];
        nb += b[i] * b[i];
    }
    r.cosine = na == 0 && nb == 0 ? 1.0 : dot / std::sqrt(na * nb);
    return r;
}

QString modelPath(const char *file)
{
    const QString dir = silica::test::realModelDir();
    const QString path = dir.isEmpty() ? QString() : dir + QLatin1Char('/') + QLatin1String(file);
    return QFileInfo::exists(path) ? path : QString();
}

// Silica's session for a model; empty with `error` set when it cannot load or run it.
std::shared_ptr<runtime::InferenceSession> silicaSession(const QString &path, QString &error,
                                                         int threads = 0)
{
    auto loaded = silica::loadModel(path.toStdString());
    if (!loaded) {
        error = QStringLiteral("Silica: ") + QString::fromStdString(loaded.error().message());
        return nullptr;
    }
    runtime::SessionOptions options;
    options.threads = threads;
    auto session = runtime::InferenceSession::create(loaded->model, options);
    if (!session) {
        error = QStringLiteral("Silica: ") + QString::fromStdString(session.error().message());
        return nullptr;
    }
    return *session;
}

// "" when node and onnxruntime-node are usable, else why not.
QString peerMissingReason()
{
    if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
        return QStringLiteral("node is not installed (Debian: apt-get install nodejs)");
    // Serve mode with no requests loads onnxruntime-node and exits: 0, or 3 when it is missing.
    QProcess p;
    p.start(QStringLiteral("node"), {kOrtRun, QStringLiteral("--serve")});
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        return QStringLiteral("node %1 --serve did not finish").arg(kOrtRun);
    if (p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
        return {};
    return QString::fromUtf8(p.readAllStandardError()).trimmed();
}

// ONNX Runtime answering many small runs from one process (ort_run.mjs --serve).
class OrtServer
{
public:
    ~OrtServer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.closeWriteChannel();
            if (!m_process.waitForFinished(10000))
                m_process.kill();
        }
    }

    bool start(QString &error)
    {
        if (!m_dir.isValid()) {
            error = QStringLiteral("no temporary folder");
            return false;
        }
        m_process.start(QStringLiteral("node"), {kOrtRun, QStringLiteral("--serve")});
        if (!m_process.waitForStarted()) {
            error = m_process.errorString();
            return false;
        }
        return true;
    }

    // Runs `model` on one input; returns its only output.
    Expected<Tensor> run(const QString &model, const std::string &inputName, const Tensor &input)
    {
        const QString in = m_dir.filePath(QStringLiteral("input.npy"));
        if (Status s = runtime::saveNpy(in.toStdString(), input); !s)
            return s;
        QJsonObject inputs;
        inputs.insert(QString::fromStdString(inputName), in);
        QJsonObject request;
        request.insert(QStringLiteral("model"), model);
        request.insert(QStringLiteral("inputs"), inputs);
        request.insert(QStringLiteral("output_dir"), m_dir.path());
        m_process.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
        while (!m_process.canReadLine())
            if (!m_process.waitForReadyRead(kPeerTimeoutMs))
                return Status(ErrorCode::Internal,
                              "ONNX Runtime server gave no answer: " +
                                  m_process.readAllStandardError().toStdString());
        const QJsonObject reply = QJsonDocument::fromJson(m_process.readLine()).object();
        if (!reply.value(QStringLiteral("ok")).toBool())
            return Status(ErrorCode::Internal,
                          "ONNX Runtime: " +
                              reply.value(QStringLiteral("error")).toString().toStdString());
        const QJsonObject outputs = reply.value(QStringLiteral("outputs")).toObject();
        if (outputs.size() != 1)
            return Status(ErrorCode::Internal, "ONNX Runtime: expected one output");
        const QJsonObject out = outputs.begin()->toObject();
        return runtime::loadNpy(out.value(QStringLiteral("file")).toString().toStdString());
    }

private:
    QProcess m_process;
    QTemporaryDir m_dir;
};

// The phrase as 16 kHz mono int16 samples (espeak-ng speaks at 22.05 kHz; sox resamples).
std::vector<int16_t> speak(const QString &phrase, const QString &dir, QString &error)
{
    const QString wav = dir + QStringLiteral("/phrase.wav");
    const QString raw = dir + QStringLiteral("/phrase.s16");
    auto runTool = [&](const QString &program, const QStringList &args) {
        QProcess p;
        p.start(program, args);
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit ||
            p.exitCode() != 0) {
            error = program + QStringLiteral(" failed: ") +
                    QString::fromUtf8(p.readAllStandardError()).trimmed();
            return false;
        }
        return true;
    };
    if (!runTool(QStringLiteral("espeak-ng"), {QStringLiteral("-w"), wav, phrase}) ||
        !runTool(QStringLiteral("sox"),
                 {wav, QStringLiteral("-r"), QStringLiteral("16000"), QStringLiteral("-c"),
                  QStringLiteral("1"), QStringLiteral("-b"), QStringLiteral("16"),
                  QStringLiteral("-e"), QStringLiteral("signed-integer"), QStringLiteral("-L"),
                  QStringLiteral("-t"), QStringLiteral("raw"), raw}))
        return {};
    QFile f(raw);
    if (!f.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("cannot read ") + raw;
        return {};
    }
    const QByteArray bytes = f.readAll();
    std::vector<int16_t> samples(size_t(bytes.size()) / 2);
    std::memcpy(samples.data(), bytes.constData(), samples.size() * 2);
    return samples;
}

} // namespace

class TestRuntimeModels : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void agreesWithOnnxRuntime_data();
    void agreesWithOnnxRuntime();
    void wakewordScoresAgreeWithOnnxRuntime_data();
    void wakewordScoresAgreeWithOnnxRuntime();

private:
    QString m_peerMissing;
};

void TestRuntimeModels::initTestCase()
{
    m_peerMissing = peerMissingReason();
    if (!m_peerMissing.isEmpty())
        qInfo("ONNX Runtime peer unavailable, agreement checks will skip: %s",
              qPrintable(m_peerMissing));
}

void TestRuntimeModels::agreesWithOnnxRuntime_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < int(std::size(kModels)); ++i)
        QTest::newRow(kModels[i].label) << i;
}

void TestRuntimeModels::agreesWithOnnxRuntime()
{
    QFETCH(int, index);
    const ModelCase &c = kModels[index];
    const QString path = modelPath(c.file);
    if (path.isEmpty())
        QSKIP(qPrintable(QStringLiteral("%1 not fetched (run scripts/fetch_models.sh)")
                             .arg(QLatin1String(c.file))));

    QString error;
    const auto session = silicaSession(path, error);
    if (!session)
        QFAIL(qPrintable(error));
    QCOMPARE(session->inputs().size(), size_t(1));
    const std::string inputName = session->inputs().front().name;
    const Tensor input = randomTensor(c.shape, c.lo, c.hi, 1000u + uint32_t(index));
    auto ours = session->run({{inputName, input}});
    if (!ours)
        QFAIL(qPrintable(
            QStringLiteral("Silica failed to run %1: %2")
                .arg(QLatin1String(c.label), QString::fromStdString(ours.error().message()))));

    if (!m_peerMissing.isEmpty())
        QSKIP(qPrintable(m_peerMissing));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString inputFile = dir.filePath(QStringLiteral("input.npy"));
    QVERIFY(runtime::saveNpy(inputFile.toStdString(), input).isOk());
    const QString outDir = dir.filePath(QStringLiteral("ort"));
    QProcess ort;
    ort.start(QStringLiteral("node"),
              {kOrtRun, path, QStringLiteral("--input"),
               QString::fromStdString(inputName) + QLatin1Char('=') + inputFile,
               QStringLiteral("--output-dir"), outDir, QStringLiteral("--json")});
    QVERIFY2(ort.waitForFinished(kPeerTimeoutMs), "ort_run.mjs timed out");
    QVERIFY2(ort.exitStatus() == QProcess::NormalExit && ort.exitCode() == 0,
             ort.readAllStandardError().constData());

    for (const auto &[name, tensor] : ours->outputs) {
        const std::string file = outDir.toStdString() + '/' + runtime::safeFileName(name) + ".npy";
        auto reference = runtime::loadNpy(file);
        QVERIFY2(reference.hasValue(), reference.status().message().c_str());
        QCOMPARE(silica::dataTypeName(tensor.dataType()),
                 silica::dataTypeName(reference->dataType()));
        QCOMPARE(runtime::shapeString(tensor.shape()), runtime::shapeString(reference->shape()));
        const Agreement a = agreement(tensor, *reference);
        qInfo("%s %s %s: max|diff| %.3g (max|ref| %.3g), 1 - cosine %.3g", c.label, name.c_str(),
              tensor.describe().c_str(), a.maxAbs, a.refMaxAbs, 1.0 - a.cosine);
        QVERIFY2(a.cosine >= kMinCosine, qPrintable(QStringLiteral("%1: cosine %2 < %3")
                                                        .arg(QString::fromStdString(name))
                                                        .arg(a.cosine, 0, 'g', 9)
                                                        .arg(kMinCosine)));
        const double bound = kMaxAbsPerScale * a.refMaxAbs;
        QVERIFY2(a.maxAbs <= bound, qPrintable(QStringLiteral("%1: max|diff| %2 > %3")
                                                   .arg(QString::fromStdString(name))
                                                   .arg(a.maxAbs)
                                                   .arg(bound)));
    }
}

void TestRuntimeModels::wakewordScoresAgreeWithOnnxRuntime_data()
{
    QTest::addColumn<QString>("phrase");
    QTest::addColumn<bool>("isKeyword");
    QTest::newRow("alexa") << QStringLiteral("alexa") << true;
    QTest::newRow("other phrase") << QStringLiteral("turn on the kitchen lights") << false;
}

void TestRuntimeModels::wakewordScoresAgreeWithOnnxRuntime()
{
    using wakeword::Stage;
    QFETCH(QString, phrase);
    QFETCH(bool, isKeyword);

    const std::map<Stage, QString> models = {
        {Stage::Melspectrogram, modelPath("openwakeword/melspectrogram.onnx")},
        {Stage::Embedding, modelPath("openwakeword/embedding_model.onnx")},
        {Stage::Head, modelPath("openwakeword/alexa_v0.1.onnx")},
    };
    for (const auto &[stage, path] : models)
        if (path.isEmpty())
            QSKIP("the openWakeWord models are not fetched (run scripts/fetch_models.sh)");
    for (const char *tool : {"espeak-ng", "sox"})
        if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
            QSKIP(qPrintable(QStringLiteral("%1 is not installed (scripts/setup.sh --test)")
                                 .arg(QLatin1String(tool))));

    std::map<Stage, std::shared_ptr<runtime::InferenceSession>> sessions;
    for (const auto &[stage, path] : models) {
        QString error;
        // One thread, as openWakeWord runs its models: each run is small.
        sessions[stage] = silicaSession(path, error, 1);
        if (!sessions[stage])
            QFAIL(qPrintable(error));
    }
    const wakeword::StageRunner silicaRunner = [&](Stage stage,
                                                   const Tensor &input) -> Expected<Tensor> {
        runtime::InferenceSession &s = *sessions.at(stage);
        auto r = s.run({{s.inputs().front().name, input}});
        if (!r)
            return Status(r.error().code(),
                          std::string(wakeword::stageName(stage)) + ": " + r.error().message());
        return r->outputs.front().second;
    };

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    const std::vector<int16_t> audio = speak(phrase, dir.path(), error);
    QVERIFY2(!audio.empty(), qPrintable(error));

    auto ours = wakeword::scoreClip(silicaRunner, audio, /*seed=*/7);
    QVERIFY2(ours.hasValue(), ours.status().message().c_str());
    const float oursMax = *std::max_element(ours->begin(), ours->end());
    // openWakeWord's default detection threshold.
    if (isKeyword)
        QVERIFY2(oursMax >= 0.5f, qPrintable(QStringLiteral("\"%1\" not detected: max score %2")
                                                 .arg(phrase)
                                                 .arg(double(oursMax))));
    else
        QVERIFY2(
            oursMax < 0.5f,
            qPrintable(
                QStringLiteral("\"%1\" detected: max score %2").arg(phrase).arg(double(oursMax))));

    if (!m_peerMissing.isEmpty())
        QSKIP(qPrintable(m_peerMissing));
    OrtServer ort;
    QVERIFY2(ort.start(error), qPrintable(error));
    const wakeword::StageRunner ortRunner = [&](Stage stage,
                                                const Tensor &input) -> Expected<Tensor> {
        return ort.run(models.at(stage), sessions.at(stage)->inputs().front().name, input);
    };
    auto reference = wakeword::scoreClip(ortRunner, audio, /*seed=*/7);
    QVERIFY2(reference.hasValue(), reference.status().message().c_str());
    QCOMPARE(ours->size(), reference->size());

    double maxDiff = 0;
    for (size_t i = 0; i < ours->size(); ++i)
        maxDiff = std::max(maxDiff, double(std::fabs((*ours)[i] - (*reference)[i])));
    const float refMax = *std::max_element(reference->begin(), reference->end());
    qInfo("\"%s\" (%s, %.2f s, %zu chunks): max score Silica %.4f, ONNX Runtime %.4f; "
          "max |score diff| %.3g",
          qPrintable(phrase), isKeyword ? "keyword" : "other phrase",
          double(audio.size()) / wakeword::kSampleRate, ours->size(), double(oursMax),
          double(refMax), maxDiff);
    QVERIFY2(
        maxDiff <= kMaxScoreDiff,
        qPrintable(QStringLiteral("scores differ by %1 > %2").arg(maxDiff).arg(kMaxScoreDiff)));
}

QTEST_GUILESS_MAIN(TestRuntimeModels)
#include "tst_runtime_models.moc"
