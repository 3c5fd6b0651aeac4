// Quantization: cost and accuracy of Silica's calibration, QDQ insertion and error analysis on
// real models, against the targets of the quantization issue, all measured in one run.
//
//   1. ResNet-50, 64 images: calibration (collectHistograms) + insertQdq + analyseError (split)
//      against 64 plain FP32 inferences plus one QDQ pass over the same 64; budget 2×.
//   2. Output SQNR of uint8-activation / per-channel int8-weight QDQ models for every
//      calibration method: ResNet-50 (BatchNorm folded) ≥ 25 dB and PP-OCRv4 rec ≥ 20 dB with
//      entropy or percentile; PP-OCR cls top-1 agreement; ResNet-50 with int16 activations.
//   3. openWakeWord (melspectrogram → embedding → alexa head): the embedding model and the head
//      quantized, max keyword score per clip against FP32; the positive score within 0.05.
//
// Models from scripts/fetch_models.sh and scripts/export_torch_models.py; photos from Debian's
// python3-skimage; speech from espeak-ng, resampled to 16 kHz by sox (scripts/setup.sh --test).
// A missing model or tool is reported and its part skipped. The exit code is 0 whatever the
// verdicts (this is a measurement); nonzero only when something fails to run.
//
//   build/bench/bench_quant [--models DIR] [--parts 123]
//   (parts: 1 time, 2 SQNR, 3 keyword spotter; all by default)

#include "core/graph/graph_index.h"
#include "core/graph/onnx_import.h"
#include "core/quant/calibration_data.h"
#include "core/quant/collect.h"
#include "core/quant/error_analysis.h"
#include "core/quant/prepare.h"
#include "core/quant/qdq.h"
#include "core/runtime/session.h"
#ifdef SILICA_HAVE_WAKEWORD
#include "tests/runtime/wakeword_pipeline.h"
#endif

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace silica;
using namespace silica::quant;
using runtime::InferenceSession;

namespace {

constexpr size_t kSamples = 64;
const char *const kSkimageData = "/usr/lib/python3/dist-packages/skimage/data";
const char *const kAlsaSounds = "/usr/share/sounds/alsa";

struct Row
{
    std::string target;
    std::string measured;
    std::string verdict; // PASS, MISS, SKIP, or "-" for figures without a target
};
std::vector<Row> g_summary;
bool g_failed = false;

std::string fmt(const char *format, double a, double b = 0, double c = 0)
{
    char buf[256];
    std::snprintf(buf, sizeof buf, format, a, b, c);
    return buf;
}

// `s` padded with spaces to `width` characters (printf's widths count bytes, and "≥", "×" and
// "±" take two or three).
std::string padded(const std::string &s, size_t width)
{
    const size_t chars =
        size_t(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
    return chars < width ? s + std::string(width - chars, ' ') : s;
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void fail(const std::string &what)
{
    std::printf("  error: %s\n", what.c_str());
    g_failed = true;
}

// Loaded, weights read past the Identity nodes in front of them, BatchNormalization folded into
// the convolutions and, when older, raised to `opset`: the preparation of quantizeModel
// (core/quant/quantize_flow.cpp, what silica-cli quantize and the app run).
struct PreparedFile
{
    ModelPtr model;
    size_t bypassed = 0;
    size_t folded = 0;
    int64_t opsetFrom = 0;
};

Expected<PreparedFile> prepareFile(const QString &file, int64_t opset)
{
    if (!QFileInfo::exists(file))
        return Status(ErrorCode::NotFound,
                      file.toStdString() + " not found (run scripts/fetch_models.sh)");
    LoadOptions load;
    load.runChecker = false;
    auto loaded = loadModel(file.toStdString(), load);
    if (!loaded)
        return loaded.error();
    PreparedFile p;
    auto folded = foldBatchNorms(bypassWeightIdentities(*loaded->model, &p.bypassed));
    if (!folded)
        return folded.error();
    p.folded = folded->foldedBatchNorms;
    p.opsetFrom = folded->model.opsetVersion("");
    if (p.opsetFrom < opset) {
        auto raised = raiseOpset(folded->model, opset);
        if (!raised)
            return raised.error();
        folded->model = std::move(*raised);
    }
    p.model = std::make_shared<const Model>(std::move(folded->model));
    return p;
}

// Samples held in memory (audio features cut by the wake-word framing).
class MemorySource : public CalibrationSource
{
public:
    MemorySource(std::vector<Sample> samples, std::string description)
        : m_samples(std::move(samples)), m_description(std::move(description))
    {
    }
    size_t count() const override { return m_samples.size(); }
    Expected<Sample> sample(size_t index) const override { return m_samples.at(index); }
    std::string description() const override { return m_description; }

private:
    std::vector<Sample> m_samples;
    std::string m_description;
};

struct Method
{
    const char *label;
    CalibrationMethod method;
    double percentile;
    bool counts; // one of "entropy or percentile", the methods the SQNR targets name
};
const Method kMethods[] = {
    {"minmax", CalibrationMethod::MinMax, 0, false},
    {"percentile 99.99", CalibrationMethod::Percentile, 99.99, true},
    {"percentile 99.999", CalibrationMethod::Percentile, 99.999, true},
    {"entropy", CalibrationMethod::Entropy, 0, true},
    {"mse", CalibrationMethod::Mse, 0, false},
};

QdqOptions qdqOptions(const Method &m, QuantType activations, QuantType weights = QuantType::Int8)
{
    QdqOptions o;
    o.calibration.method = m.method;
    if (m.method == CalibrationMethod::Percentile)
        o.calibration.percentile = m.percentile;
    o.calibration.type = activations;
    o.weights = weights;
    o.perChannel = true;
    return o;
}

// "[-3.1, 12.4]": the range `method` keeps of a value, to see what it clips.
std::string keptRange(const CollectedHistograms &ranges, const std::string &value,
                      const CalibrationOptions &options)
{
    auto it = ranges.values.find(value);
    if (it == ranges.values.end())
        return "?";
    const CalibratedRange r = calibratedRange(it->second, options);
    return fmt("[%.3g, %.3g]", r.lo, r.hi);
}

// The quantized nodes that inject the most error by themselves, with the range the method
// kept of their output against the observed one: where a method's error comes from.
void printWorstNodes(const ErrorReport &report, const CollectedHistograms &ranges,
                     const CalibrationOptions &options, size_t count)
{
    std::vector<const NodeError *> worst;
    for (const NodeError &n : report.nodes)
        if (n.quantized && !n.injected.empty())
            worst.push_back(&n);
    std::sort(worst.begin(), worst.end(), [](const NodeError *a, const NodeError *b) {
        return a->injected.sqnrDb() < b->injected.sqnrDb();
    });
    CalibrationOptions observed = options;
    observed.method = CalibrationMethod::MinMax;
    std::printf("  nodes injecting the most error (%s): injected / total SQNR; output range kept "
                "of observed\n",
                methodName(options.method));
    for (size_t i = 0; i < worst.size() && i < count; ++i) {
        const NodeError &n = *worst[i];
        std::printf("    %-40s %-10s %6.1f dB %6.1f dB  %s of %s\n", n.name.c_str(),
                    n.opType.c_str(), n.injected.sqnrDb(), n.total.sqnrDb(),
                    keptRange(ranges, n.value, options).c_str(),
                    keptRange(ranges, n.value, observed).c_str());
    }
}

// ---- the 64 images ---------------------------------------------------------------------------

// The skimage photos, then their mirror images, then crops, until there are 64; written as PNG
// into `dir` so that openCalibrationSource reads them like a user's folder.
bool writeImageSet(const QString &dir)
{
    struct Photo
    {
        QString name;
        QImage image;
    };
    std::vector<Photo> photos;
    std::vector<std::string> skipped;
    const QDir data{QLatin1String(kSkimageData)};
    for (const QFileInfo &f : data.entryInfoList({QStringLiteral("*.png"), QStringLiteral("*.jpg")},
                                                 QDir::Files, QDir::Name)) {
        QImage image(f.filePath());
        if (image.isNull()) {
            skipped.push_back(f.fileName().toStdString() + " (unreadable)");
            continue;
        }
        // Test patterns of a few pixels (block, checker, palette swatches) are not photos.
        if (std::min(image.width(), image.height()) < 64) {
            skipped.push_back(f.fileName().toStdString() + " (" + std::to_string(image.width()) +
                              "×" + std::to_string(image.height()) + ")");
            continue;
        }
        photos.push_back({f.completeBaseName(), image.convertToFormat(QImage::Format_RGB888)});
    }
    if (photos.empty()) {
        std::printf("  no photos in %s (install python3-skimage: scripts/setup.sh --test)\n",
                    kSkimageData);
        return false;
    }
    const char *const kVariants[] = {"original", "mirrored", "crop top-left 75%",
                                     "crop bottom-right 75%", "mirrored centre crop 60%"};
    size_t perVariant[5] = {};
    size_t written = 0;
    for (int variant = 0; variant < 5 && written < kSamples; ++variant) {
        for (size_t i = 0; i < photos.size() && written < kSamples; ++i) {
            const QImage &p = photos[i].image;
            const int w = p.width(), h = p.height();
            QImage out;
            switch (variant) {
            case 0:
                out = p;
                break;
            case 1:
                out = p.mirrored(true, false);
                break;
            case 2:
                out = p.copy(0, 0, w * 3 / 4, h * 3 / 4);
                break;
            case 3:
                out = p.copy(w / 4, h / 4, w - w / 4, h - h / 4);
                break;
            default:
                out = p.copy(w / 5, h / 5, w * 3 / 5, h * 3 / 5).mirrored(true, false);
                break;
            }
            const QString file = dir + QStringLiteral("/%1_%2_v%3.png")
                                           .arg(written, 2, 10, QLatin1Char('0'))
                                           .arg(photos[i].name)
                                           .arg(variant);
            if (!out.save(file, "PNG")) {
                fail("cannot write " + file.toStdString());
                return false;
            }
            ++perVariant[variant];
            ++written;
        }
    }
    std::printf("  %zu samples from %zu skimage photos (%s):", written, photos.size(),
                kSkimageData);
    for (int v = 0; v < 5; ++v)
        if (perVariant[v])
            std::printf("%s %zu %s", v ? "," : "", perVariant[v], kVariants[v]);
    std::printf("; written as PNG to a temporary folder\n");
    if (!skipped.empty()) {
        std::printf("  not used:");
        for (const std::string &s : skipped)
            std::printf(" %s", s.c_str());
        std::printf("\n");
    }
    return written == kSamples;
}

// ---- 1. time of calibration + error analysis ----------------------------------------------------

// Session creation plus one run per sample, in seconds.
Expected<double> timeInference(ModelPtr model, const std::vector<Sample> &samples)
{
    const auto start = std::chrono::steady_clock::now();
    auto session = InferenceSession::create(std::move(model));
    if (!session)
        return session.error();
    for (const Sample &s : samples) {
        auto r = (*session)->run(runtime::NamedTensors(s.begin(), s.end()));
        if (!r)
            return r.error();
    }
    return secondsSince(start);
}

struct ResnetState
{
    ModelPtr model;
    std::unique_ptr<CalibrationSource> source;
    CollectedHistograms ranges;
    double collectSeconds = 0;
};

// ResNet-50 prepared and calibrated on the images (what parts 1 and 2 share).
bool calibrateResnet(const QString &modelsDir, const QString &imageDir, ResnetState &state)
{
    auto prepared = prepareFile(modelsDir + QStringLiteral("/torch/resnet50.onnx"), 13);
    if (!prepared) {
        std::printf("  ResNet-50 skipped: %s\n", prepared.error().message().c_str());
        return false;
    }
    const Model &m = *prepared->model;
    std::printf("  torch/resnet50.onnx: %zu weight(s) read past Identity nodes, %zu "
                "BatchNormalization(s) folded; "
                "opset %lld\n",
                prepared->bypassed, prepared->folded, (long long)m.opsetVersion(""));
    auto source =
        openCalibrationSource({imageDir.toStdString()}, m.graph->index().fedInputs(), CalibrationDataOptions());
    if (!source) {
        fail(source.error().message());
        return false;
    }
    std::printf("  calibration source: %s\n", (*source)->description().c_str());
    const auto start = std::chrono::steady_clock::now();
    auto ranges = collectHistograms(m, **source);
    if (!ranges) {
        fail(ranges.error().message());
        return false;
    }
    state.collectSeconds = secondsSince(start);
    state.model = prepared->model;
    state.source = std::move(*source);
    state.ranges = std::move(*ranges);
    return true;
}

void timeCalibration(const ResnetState &state)
{
    std::printf("\n1. Calibration + error analysis time, ResNet-50 on %zu images\n", kSamples);
    const std::string target = "ResNet-50 calib+error ≤ 2× (64 FP32 + 1 QDQ pass)";
    if (!state.model) {
        g_summary.push_back({target, "", "SKIP"});
        return;
    }
    const Model &m = *state.model;
    std::vector<Sample> samples;
    const auto decodeStart = std::chrono::steady_clock::now();
    for (size_t i = 0; i < state.source->count(); ++i) {
        auto s = state.source->sample(i);
        if (!s) {
            fail(s.error().message());
            return;
        }
        samples.push_back(std::move(*s));
    }
    const double decode = secondsSince(decodeStart);

    // (c) first: it makes the QDQ model that (b) runs. Entropy is the dearest method to compute
    // (a KL search per tensor); the others are timed in part 2.
    const QdqOptions options = qdqOptions(kMethods[3], QuantType::Uint8);
    auto t0 = std::chrono::steady_clock::now();
    auto q = insertQdq(m, state.ranges, options);
    if (!q) {
        fail(q.error().message());
        return;
    }
    const double insert = secondsSince(t0);
    double analyse[2] = {};
    ErrorReport report;
    for (int k = 0; k < 2; ++k) {
        ErrorAnalysisOptions analysis;
        analysis.split = true;
        analysis.maxSamples = k == 0 ? 0 : 16;
        t0 = std::chrono::steady_clock::now();
        auto r = analyseError(m, q->model, *state.source, analysis);
        if (!r) {
            fail(r.error().message());
            return;
        }
        analyse[k] = secondsSince(t0);
        if (k == 0)
            report = std::move(*r);
    }
    auto plain = timeInference(state.model, samples);
    auto qdqPass = plain ? timeInference(std::make_shared<const Model>(q->model), samples) : plain;
    if (!plain || !qdqPass) {
        fail(plain ? qdqPass.error().message() : plain.error().message());
        return;
    }
    const double peer = *plain + *qdqPass;
    const double collect = state.collectSeconds;
    const double ours = collect + insert + analyse[0], ours16 = collect + insert + analyse[1];
    std::printf("  (a) %zu plain FP32 inferences (InferenceSession, default options, incl. "
                "creation) %7.2f s\n",
                samples.size(), *plain);
    std::printf("  (b) one QDQ pass over the same %zu samples (incl. session creation)             "
                "%7.2f s\n",
                samples.size(), *qdqPass);
    std::printf("  (c) collectHistograms %.2f s + insertQdq (entropy) %.2f s + analyseError "
                "(split, %zu samples) "
                "%.2f s = %.2f s\n",
                collect, insert, report.samples, analyse[0], ours);
    std::printf("      with analyseError on 16 samples: %.2f s + %.2f s + %.2f s = %.2f s\n",
                collect, insert, analyse[1], ours16);
    std::printf("      (decoding the %zu PNGs once takes %.2f s; (a) and (b) run pre-decoded "
                "tensors, (c) decodes "
                "in every pass)\n",
                samples.size(), decode);
    std::printf("  ratio (c) / ((a)+(b)) = %.2f   (budget 2.00)   %s\n", ours / peer,
                ours / peer <= 2 ? "PASS" : "MISS");
    std::printf("  ratio with error analysis on 16 samples = %.2f   (reference)\n", ours16 / peer);
    for (const OutputError &o : report.outputs)
        std::printf("  entropy QDQ output '%s': SQNR %.2f dB, top-1 agreement %llu/%llu\n",
                    o.name.c_str(), o.stats.sqnrDb(), (unsigned long long)o.top1Agree,
                    (unsigned long long)o.top1Rows);
    printWorstNodes(report, state.ranges, options.calibration, 4);
    g_summary.push_back({target, fmt("%.2f× (%.1f s vs %.1f s)", ours / peer, ours, peer),
                         ours / peer <= 2 ? "PASS" : "MISS"});
    g_summary.push_back(
        {"  same, error analysis on 16 samples (reference)", fmt("%.2f×", ours16 / peer), "-"});
}

// ---- 2. output SQNR by calibration method -------------------------------------------------------

struct MethodResult
{
    std::string label;
    bool counts = false;
    double sqnr = 0;
    double top1 = -1; // share of rows whose arg-max agrees; -1 when not a classifier output
};

std::vector<MethodResult> methodTable(const Model &m, const CollectedHistograms &ranges,
                                      const CalibrationSource &source, QuantType activations,
                                      QuantType weights, const std::vector<Method> &methods)
{
    // A quantized op writes the graph output through a Q/DQ pair too: how much of its range a
    // method clips shows in the last column (a Softmax output stays float: no column).
    const std::string output = m.graph->outputs.front().name;
    const Node *producer = m.graph->index().producer(output);
    const bool outputQuantized = producer && quantizableOps().count(producer->opType);
    std::printf("  %-20s %9s %10s %9s %9s %11s", "method", "insertQdq", "quantized", "SQNR dB",
                "cosine", "top-1 agree");
    if (outputQuantized)
        std::printf(
            "   output range kept (observed %s)",
            keptRange(ranges, output, qdqOptions(kMethods[0], activations).calibration).c_str());
    std::printf("\n");
    std::vector<MethodResult> results;
    std::set<std::string> warned;
    for (const Method &method : methods) {
        const auto start = std::chrono::steady_clock::now();
        const QdqOptions options = qdqOptions(method, activations, weights);
        auto q = insertQdq(m, ranges, options);
        if (!q) {
            fail(std::string(method.label) + ": " + q.error().message());
            continue;
        }
        const double insert = secondsSince(start);
        auto outputs = compareOutputs(m, q->model, source, 0);
        if (!outputs || outputs->empty()) {
            fail(std::string(method.label) + ": " +
                 (outputs ? "no outputs" : outputs.error().message()));
            continue;
        }
        const OutputError &o = outputs->front();
        MethodResult r{method.label, method.counts, o.stats.sqnrDb(), -1};
        char top1[32] = "-";
        if (o.top1Rows) {
            r.top1 = double(o.top1Agree) / double(o.top1Rows);
            std::snprintf(top1, sizeof top1, "%.1f %%", 100 * r.top1);
        }
        std::printf("  %-20s %7.2f s %5zu nodes %9.2f %9.5f %11s   %s\n", method.label, insert,
                    q->quantizedNodes, r.sqnr, o.stats.cosine(), top1,
                    outputQuantized ? keptRange(ranges, output, options.calibration).c_str() : "");
        for (const std::string &w : q->warnings)
            if (warned.insert(w).second)
                std::printf("    insertQdq warning: %s\n", w.c_str());
        results.push_back(r);
    }
    return results;
}

void sqnrVerdict(const std::string &model, const std::vector<MethodResult> &results, double target)
{
    const MethodResult *best = nullptr;
    for (const MethodResult &r : results)
        if (r.counts && (!best || r.sqnr > best->sqnr))
            best = &r;
    std::string all;
    for (const MethodResult &r : results)
        all += (all.empty() ? "" : ", ") + r.label + " " + fmt("%.1f", r.sqnr);
    if (!best) {
        g_summary.push_back({model + " SQNR ≥ " + fmt("%.0f dB", target), "", "SKIP"});
        return;
    }
    std::printf("  target ≥ %.0f dB with entropy or percentile: best %s %.2f dB  %s\n", target,
                best->label.c_str(), best->sqnr, best->sqnr >= target ? "PASS" : "MISS");
    g_summary.push_back({model + " SQNR ≥ " + fmt("%.0f dB", target) + " (entropy/percentile)",
                         best->label + " " + fmt("%.2f dB", best->sqnr),
                         best->sqnr >= target ? "PASS" : "MISS"});
    g_summary.push_back({"  all methods", all, "-"});
}

// An image model prepared, calibrated on the image folder and tabled by method.
struct ImageModel
{
    const char *label;
    const char *file;
    int64_t opset;
    std::map<std::string, int64_t> dims;
};

std::vector<MethodResult> ppocrTable(const QString &modelsDir, const QString &imageDir,
                                     const ImageModel &spec)
{
    std::printf("\n  %s (%s)\n", spec.label, spec.file);
    auto prepared =
        prepareFile(modelsDir + QLatin1Char('/') + QLatin1String(spec.file), spec.opset);
    if (!prepared) {
        std::printf("  skipped: %s\n", prepared.error().message().c_str());
        return {};
    }
    const Model &m = *prepared->model;
    std::printf("  %zu BatchNormalization(s) folded; opset %lld → %lld\n", prepared->folded,
                (long long)prepared->opsetFrom, (long long)m.opsetVersion(""));
    // PaddleOCR's recognizer and direction classifier read BGR (cv2), x/255 then (x − 0.5)/0.5.
    // PaddleOCR keeps the aspect ratio and pads the width; photos are stretched here instead.
    CalibrationDataOptions data;
    data.dims = spec.dims;
    data.image.resize = ImageOptions::Resize::Stretch;
    data.image.bgr = true;
    for (int c = 0; c < 3; ++c) {
        data.image.mean[c] = 0.5;
        data.image.std[c] = 0.5;
    }
    auto source = openCalibrationSource({imageDir.toStdString()}, m.graph->index().fedInputs(), data);
    if (!source) {
        fail(source.error().message());
        return {};
    }
    const auto start = std::chrono::steady_clock::now();
    auto ranges = collectHistograms(m, **source);
    if (!ranges) {
        fail(ranges.error().message());
        return {};
    }
    std::printf("  calibration source: %s; histograms in %.2f s\n",
                (*source)->description().c_str(), secondsSince(start));
    return methodTable(m, *ranges, **source, QuantType::Uint8, QuantType::Int8,
                       {std::begin(kMethods), std::end(kMethods)});
}

void outputSqnr(const QString &modelsDir, const QString &imageDir, const ResnetState &resnet)
{
    std::printf("\n2. Output SQNR: uint8 activations, per-channel int8 weights, bias correction; "
                "evaluated on "
                "the calibration samples\n");
    if (resnet.model) {
        std::printf("\n  ResNet-50 (BatchNorm folded), %s\n", resnet.source->description().c_str());
        const auto results =
            methodTable(*resnet.model, resnet.ranges, *resnet.source, QuantType::Uint8,
                        QuantType::Int8, {std::begin(kMethods), std::end(kMethods)});
        sqnrVerdict("ResNet-50", results, 25);

        // 16-bit activations need QuantizeLinear-21; value names survive the raise, so the
        // histograms of the opset-13 model serve. With 16-bit weights too, what is left is the
        // floor of rounding: the gap to it is what 8-bit weights cost.
        auto raised = raiseOpset(*resnet.model, 21);
        if (!raised) {
            fail("raiseOpset(ResNet-50, 21): " + raised.error().message());
        } else {
            for (QuantType weights : {QuantType::Int8, QuantType::Int16}) {
                std::printf("\n  ResNet-50, uint16 activations (opset 21), per-channel %s weights, "
                            "reference\n",
                            quantTypeName(weights));
                for (const MethodResult &r : methodTable(*raised, resnet.ranges, *resnet.source,
                                                         QuantType::Uint16, weights, {kMethods[0]}))
                    g_summary.push_back({std::string("ResNet-50 uint16 act., ") +
                                             quantTypeName(weights) + " weights, " + r.label +
                                             " (reference)",
                                         fmt("%.2f dB", r.sqnr), "-"});
            }
        }
    } else {
        g_summary.push_back({"ResNet-50 SQNR ≥ 25 dB (entropy/percentile)", "", "SKIP"});
    }

    const ImageModel rec{"PP-OCRv4 rec, input x [1,3,48,320]",
                         "ppocr/ch_PP-OCRv4_rec_infer.onnx",
                         13,
                         {{"p2o.DynamicDimension.0", 1}, {"p2o.DynamicDimension.1", 320}}};
    const auto recResults = ppocrTable(modelsDir, imageDir, rec);
    if (recResults.empty())
        g_summary.push_back({"PP-OCRv4 rec SQNR ≥ 20 dB (entropy/percentile)", "", "SKIP"});
    else
        sqnrVerdict("PP-OCRv4 rec", recResults, 20);

    const ImageModel cls{"PP-OCR mobile v2.0 cls, input x [1,3,48,192]",
                         "ppocr/ch_ppocr_mobile_v2.0_cls_infer.onnx",
                         13,
                         {{"p2o.DynamicDimension.0", 1},
                          {"p2o.DynamicDimension.1", 48},
                          {"p2o.DynamicDimension.2", 192}}};
    const auto clsResults = ppocrTable(modelsDir, imageDir, cls);
    std::string agree;
    for (const MethodResult &r : clsResults)
        agree += (agree.empty() ? "" : ", ") + r.label + " " +
                 fmt("%.1f %%", 100 * std::max(0.0, r.top1));
    g_summary.push_back(
        {"PP-OCR cls top-1 agreement (no target)", agree, clsResults.empty() ? "SKIP" : "-"});
}

// ---- 3. keyword spotter ------------------------------------------------------------------------

#ifdef SILICA_HAVE_WAKEWORD

struct Clip
{
    std::string label;
    bool positive = false;
    std::vector<int16_t> audio; // 16 kHz mono
};

bool runTool(const QString &program, const QStringList &args, std::string &error)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        error = program.toStdString() +
                " failed: " + QString::fromUtf8(p.readAllStandardError()).trimmed().toStdString();
        return false;
    }
    return true;
}

// Any WAV as 16 kHz mono int16 (espeak-ng writes 22.05 kHz; sox resamples).
std::vector<int16_t> to16k(const QString &wav, const QString &dir, std::string &error)
{
    const QString raw = dir + QStringLiteral("/clip.s16");
    // -R: sox's dither is seeded the same every run, so the clips are too.
    if (!runTool(QStringLiteral("sox"),
                 {QStringLiteral("-R"), wav, QStringLiteral("-r"), QStringLiteral("16000"),
                  QStringLiteral("-c"), QStringLiteral("1"), QStringLiteral("-b"),
                  QStringLiteral("16"), QStringLiteral("-e"), QStringLiteral("signed-integer"),
                  QStringLiteral("-L"), QStringLiteral("-t"), QStringLiteral("raw"), raw},
                 error))
        return {};
    QFile f(raw);
    if (!f.open(QIODevice::ReadOnly)) {
        error = "cannot read " + raw.toStdString();
        return {};
    }
    const QByteArray bytes = f.readAll();
    std::vector<int16_t> samples(size_t(bytes.size()) / 2);
    std::memcpy(samples.data(), bytes.constData(), samples.size() * 2);
    return samples;
}

std::vector<Clip> makeClips(const QString &dir)
{
    struct Spoken
    {
        const char *text;
        const char *voice;
        int speed; // words per minute (espeak-ng's default 175)
        bool positive;
    };
    const Spoken spoken[] = {
        {"Alexa", "en-us", 175, true},
        {"Alexa", "en", 175, true},
        {"Alexa", "en-gb-x-rp", 140, true},
        {"Alexa", "en-gb-scotland", 200, true},
        {"Alexa", "en-us+f3", 160, true},
        {"Alexa", "en-029", 190, true},
        {"Alexa", "en-us", 230, true},
        {"Alexa, turn on the lights", "en-us", 175, true},
        {"turn on the kitchen lights", "en-us", 175, false},
        {"what is the weather like today", "en-gb", 175, false},
        {"hello computer, play some music", "en-us+f3", 175, false},
        {"a lexical analysis", "en-us", 175, false},
        {"electric guitar", "en", 160, false},
    };
    std::vector<Clip> clips;
    std::string error;
    for (const Spoken &s : spoken) {
        const QString wav = dir + QStringLiteral("/spoken.wav");
        if (!runTool(QStringLiteral("espeak-ng"),
                     {QStringLiteral("-w"), wav, QStringLiteral("-v"), QLatin1String(s.voice),
                      QStringLiteral("-s"), QString::number(s.speed), QLatin1String(s.text)},
                     error)) {
            fail(error);
            continue;
        }
        Clip c{std::string("\"") + s.text + "\" " + s.voice + " " + std::to_string(s.speed) +
                   " wpm",
               s.positive, to16k(wav, dir, error)};
        if (c.audio.empty())
            fail(error);
        else
            clips.push_back(std::move(c));
    }
    const QDir alsa{QLatin1String(kAlsaSounds)};
    const QFileInfoList sounds =
        alsa.entryInfoList({QStringLiteral("*.wav")}, QDir::Files, QDir::Name);
    if (sounds.isEmpty())
        std::printf("  %s has no WAV files (alsa-utils is not installed, nor installed by "
                    "scripts/setup.sh): "
                    "negatives are espeak-ng phrases only\n",
                    kAlsaSounds);
    for (const QFileInfo &f : sounds) {
        Clip c{"alsa " + f.fileName().toStdString(), false, to16k(f.filePath(), dir, error)};
        if (c.audio.empty())
            fail(error);
        else
            clips.push_back(std::move(c));
    }
    return clips;
}

using wakeword::Stage;
using Sessions = std::map<Stage, std::shared_ptr<InferenceSession>>;

wakeword::StageRunner runnerFor(const Sessions &sessions,
                                std::vector<runtime::Tensor> *windows = nullptr,
                                std::vector<runtime::Tensor> *headInputs = nullptr)
{
    return [&sessions, windows,
            headInputs](Stage stage, const runtime::Tensor &input) -> Expected<runtime::Tensor> {
        // Streaming windows come one at a time; the batch of primer-noise windows (the same for
        // every clip) is left out of the calibration data.
        if (stage == Stage::Embedding && windows && input.shape().front() == 1)
            windows->push_back(input);
        if (stage == Stage::Head && headInputs)
            headInputs->push_back(input);
        InferenceSession &s = *sessions.at(stage);
        auto r = s.run({{s.inputs().front().name, input}});
        if (!r)
            return Status(r.error().code(),
                          std::string(wakeword::stageName(stage)) + ": " + r.error().message());
        return r->outputs.front().second;
    };
}

Expected<std::shared_ptr<InferenceSession>> sessionFor(ModelPtr model)
{
    runtime::SessionOptions options;
    options.threads = 1; // as openWakeWord runs its models: each run is small
    return InferenceSession::create(std::move(model), options);
}

void keywordSpotter(const QString &modelsDir)
{
    std::printf("\n3. Keyword spotter (openWakeWord melspectrogram → embedding → alexa_v0.1), INT8 "
                "vs FP32\n");
    const Row skip{"KWS positive max score within 0.05 of FP32", "", "SKIP"};
    for (const char *tool : {"espeak-ng", "sox"})
        if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty()) {
            std::printf("  skipped: %s is not installed (scripts/setup.sh --test installs it)\n",
                        tool);
            g_summary.push_back(skip);
            return;
        }
    const QString dir = modelsDir + QStringLiteral("/openwakeword/");
    auto mel = prepareFile(dir + QStringLiteral("melspectrogram.onnx"), 0);
    auto embedding = mel ? prepareFile(dir + QStringLiteral("embedding_model.onnx"), 13) : mel;
    auto head = embedding ? prepareFile(dir + QStringLiteral("alexa_v0.1.onnx"), 13) : embedding;
    if (!head) {
        std::printf("  skipped: %s\n", head.error().message().c_str());
        g_summary.push_back(skip);
        return;
    }
    QTemporaryDir tmp;
    if (!tmp.isValid()) {
        fail("cannot create a temporary folder");
        return;
    }
    const std::vector<Clip> clips = makeClips(tmp.path());
    if (clips.empty()) {
        fail("no clips");
        return;
    }

    Sessions floatSessions;
    for (auto [stage, model] :
         {std::pair{Stage::Melspectrogram, mel->model},
          std::pair{Stage::Embedding, embedding->model}, std::pair{Stage::Head, head->model}}) {
        auto s = sessionFor(model);
        if (!s) {
            fail(s.error().message());
            return;
        }
        floatSessions[stage] = *s;
    }
    // FP32 scores, recording the embedding windows and head inputs the framing makes: the
    // calibration data of the two models.
    // The highest score of every clip (with `lsbNoise`, each sample moved by -1, 0 or +1).
    auto maxScores = [&clips](const wakeword::StageRunner &runner, bool lsbNoise,
                              std::vector<float> &out) {
        std::mt19937 noise(11);
        for (const Clip &c : clips) {
            std::vector<int16_t> audio = c.audio;
            if (lsbNoise)
                for (int16_t &a : audio)
                    a = int16_t(std::clamp(int(a) + int(noise() % 3) - 1, -32768, 32767));
            auto scores = wakeword::scoreClip(runner, audio, /*seed=*/7);
            if (!scores) {
                fail(c.label + ": " + scores.error().message());
                return false;
            }
            out.push_back(*std::max_element(scores->begin(), scores->end()));
        }
        return true;
    };
    std::vector<runtime::Tensor> windows, headInputs;
    std::vector<float> floatMax, noisyMax;
    if (!maxScores(runnerFor(floatSessions, &windows, &headInputs), false, floatMax) ||
        !maxScores(runnerFor(floatSessions), true, noisyMax))
        return;
    auto toSource = [](const std::vector<runtime::Tensor> &tensors, const std::string &name,
                       const std::string &what) {
        std::vector<Sample> samples;
        for (const runtime::Tensor &t : tensors)
            samples.push_back(Sample{{name, t}});
        return MemorySource(std::move(samples), std::to_string(tensors.size()) + " " + what);
    };
    const MemorySource windowSource =
        toSource(windows, embedding->model->graph->index().fedInputs().front().name,
                 "mel windows [1,76,32,1] from the clips' streaming chunks");
    const MemorySource headSource = toSource(headInputs, head->model->graph->index().fedInputs().front().name,
                                             "embedding sequences [1,16,96] from the same chunks");
    std::printf(
        "  %zu clips (%zu positive); calibration: %s; %s (all clips, positives included)\n",
        clips.size(),
        size_t(std::count_if(clips.begin(), clips.end(), [](const Clip &c) { return c.positive; })),
        windowSource.description().c_str(), headSource.description().c_str());
    auto embeddingRanges = collectHistograms(*embedding->model, windowSource);
    auto headRanges = collectHistograms(*head->model, headSource);
    if (!embeddingRanges || !headRanges) {
        fail((embeddingRanges ? headRanges.error() : embeddingRanges.error()).message());
        return;
    }

    struct Config
    {
        std::string label;
        const char *column;
        bool embedding, head;
        const Method *method;
        std::vector<float> max;
    };
    std::vector<Config> configs = {
        {"both minmax", "minmax", true, true, &kMethods[0], {}},
        {"both percentile 99.999", "pct 99.999", true, true, &kMethods[2], {}},
        {"both entropy", "entropy", true, true, &kMethods[3], {}},
        {"both mse", "mse", true, true, &kMethods[4], {}},
        {"embedding only, minmax", "emb minmax", true, false, &kMethods[0], {}},
        {"head only, minmax", "head minmax", false, true, &kMethods[0], {}},
    };

    const std::string embeddingOutput = embedding->model->graph->outputs.front().name;
    std::printf("  %-24s %-9s  %-10s %-9s  embedding output range kept (observed %s)\n",
                "configuration", "emb SQNR", "head SQNR", "quantized",
                keptRange(*embeddingRanges, embeddingOutput,
                          qdqOptions(kMethods[0], QuantType::Uint8).calibration)
                    .c_str());
    for (Config &cfg : configs) {
        Sessions sessions = floatSessions;
        std::string sqnr[2] = {"float", "float"};
        size_t quantizedNodes = 0;
        for (int k = 0; k < 2; ++k) {
            if (!(k == 0 ? cfg.embedding : cfg.head))
                continue;
            const Model &fm = k == 0 ? *embedding->model : *head->model;
            auto q = insertQdq(fm, k == 0 ? *embeddingRanges : *headRanges,
                               qdqOptions(*cfg.method, QuantType::Uint8));
            if (!q) {
                fail(cfg.label + ": " + q.error().message());
                return;
            }
            quantizedNodes += q->quantizedNodes;
            if (k == 0 && cfg.method->method == CalibrationMethod::Entropy) {
                ErrorAnalysisOptions analysis;
                analysis.maxSamples = 16;
                if (auto report = analyseError(fm, q->model, windowSource, analysis))
                    printWorstNodes(*report, *embeddingRanges,
                                    qdqOptions(*cfg.method, QuantType::Uint8).calibration, 4);
            }
            auto outputs = compareOutputs(fm, q->model, k == 0 ? windowSource : headSource, 0);
            if (outputs && !outputs->empty())
                sqnr[k] = fmt("%.2f dB", outputs->front().stats.sqnrDb());
            auto s = sessionFor(std::make_shared<const Model>(std::move(q->model)));
            if (!s) {
                fail(cfg.label + ": " + s.error().message());
                return;
            }
            sessions[k == 0 ? Stage::Embedding : Stage::Head] = *s;
        }
        if (!maxScores(runnerFor(sessions), false, cfg.max))
            return;
        std::printf("  %-24s %-9s  %-10s %2zu nodes   %s\n", cfg.label.c_str(), sqnr[0].c_str(),
                    sqnr[1].c_str(), quantizedNodes,
                    cfg.embedding ? keptRange(*embeddingRanges, embeddingOutput,
                                              qdqOptions(*cfg.method, QuantType::Uint8).calibration)
                                        .c_str()
                                  : "float");
    }

    // A clip FP32 scores on the steep part of the sigmoid moves a lot for any small change; the
    // same audio with ±1 LSB of noise, through FP32, shows how much.
    configs.push_back({"FP32, audio ±1 LSB", "FP32 ±1LSB", false, false, nullptr, noisyMax});
    std::printf(
        "\n  max score per clip: FP32, then each configuration's score and its difference to FP32 "
        "(0.5 is openWakeWord's threshold)\n");
    std::printf("  %-40s %6s", "clip", "FP32");
    for (const Config &cfg : configs)
        std::printf("  %-13s", cfg.column);
    std::printf("\n");
    for (size_t i = 0; i < clips.size(); ++i) {
        std::printf("  %s %-38.38s %6.3f", clips[i].positive ? "+" : "-", clips[i].label.c_str(),
                    double(floatMax[i]));
        for (const Config &cfg : configs)
            std::printf("  %5.3f %+7.3f", double(cfg.max[i]), double(cfg.max[i] - floatMax[i]));
        std::printf("\n");
    }
    // The target is about the keyword: positives FP32 detects (≥ 0.5) decide; positives FP32
    // itself scores low (voices the head does not know) are listed with them.
    std::printf(
        "  worst |Δ| over: positives FP32 detects (target ≤ 0.05) / all positives / negatives\n");
    for (const Config &cfg : configs) {
        double detected = 0, positives = 0, negatives = 0;
        for (size_t i = 0; i < clips.size(); ++i) {
            const double d = std::fabs(double(cfg.max[i] - floatMax[i]));
            if (clips[i].positive && floatMax[i] >= 0.5f)
                detected = std::max(detected, d);
            double &worst = clips[i].positive ? positives : negatives;
            worst = std::max(worst, d);
        }
        const char *verdict = cfg.method ? (detected <= 0.05 ? "PASS" : "MISS") : "-";
        std::printf("    %s %.4f  %-4s / %.4f / %.4f\n", padded(cfg.label, 24).c_str(), detected,
                    verdict, positives, negatives);
        g_summary.push_back(
            {"KWS detected-positive score within 0.05, " + cfg.label,
             fmt("%.4f (all positives %.4f, negatives %.4f)", detected, positives, negatives),
             verdict});
    }
}

#else

void keywordSpotter(const QString &)
{
    std::printf(
        "\n3. Keyword spotter: skipped (built without the test suites, which hold the openWakeWord "
        "framing: configure with SILICA_BUILD_TESTS=ON)\n");
    g_summary.push_back({"KWS positive max score within 0.05 of FP32", "", "SKIP"});
}

#endif

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    // libpng's complaints about the photos' colour profiles, once per read.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.gui.imageio*=false"));
    QString models = QDir::home().filePath(QStringLiteral(".cache/silica/models"));
    if (const QByteArray env = qgetenv("SILICA_MODEL_DIR"); !env.isEmpty())
        models = QString::fromLocal8Bit(env);
    QString parts = QStringLiteral("123");
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--models") && i + 1 < args.size()) {
            models = args[++i];
        } else if (args[i] == QLatin1String("--parts") && i + 1 < args.size()) {
            parts = args[++i];
        } else {
            std::fprintf(stderr, "usage: bench_quant [--models DIR] [--parts 123]\n");
            return 1;
        }
    }
    std::printf("Quantization bench (models in %s, %d thread(s))\n\n", qPrintable(models),
                runtime::defaultThreadCount());
    const auto start = std::chrono::steady_clock::now();

    if (parts.contains(QLatin1Char('1')) || parts.contains(QLatin1Char('2'))) {
        QTemporaryDir images;
        if (images.isValid() && writeImageSet(images.path())) {
            ResnetState resnet;
            calibrateResnet(models, images.path(), resnet);
            if (parts.contains(QLatin1Char('1')))
                timeCalibration(resnet);
            if (parts.contains(QLatin1Char('2')))
                outputSqnr(models, images.path(), resnet);
        } else {
            g_summary.push_back(
                {"image targets (ResNet-50, PP-OCR)", "no calibration photos", "SKIP"});
        }
    }
    if (parts.contains(QLatin1Char('3')))
        keywordSpotter(models);

    std::printf("\nSummary (%.0f s)\n", secondsSince(start));
    for (const Row &r : g_summary)
        std::printf("  %s %s %s\n", padded(r.target, 66).c_str(), padded(r.measured, 56).c_str(),
                    r.verdict.c_str());
    if (g_failed)
        std::printf("\nSome measurements failed (see \"error:\" above).\n");
    return g_failed ? 2 : 0;
}
