// Device-latency validation: Silica's estimate for every published latency point whose
// architecture we can build, next to the published figure (DEVICES.md, with its source).
// Points marked "fit" were used to calibrate the profiles' efficiency figures; all points are
// reported, and the goal is within ±30 % for at least 80 % of them.
//
//   bash scripts/fetch_models.sh --fidelity
//   build/bench/bench_device_fidelity [--models DIR]

#include "core/device/device_registry.h"
#include "core/graph/onnx_import.h"

#include <QCoreApplication>
#include <QDir>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using namespace silica;
using namespace silica::device;

namespace {

struct Point
{
    const char *model;     // file in the fidelity folder
    const char *label;     // as the source names it
    const char *device;    // profile id
    const char *precision; // analysed at
    double publishedMs;
    const char *source;
    bool fit; // used to calibrate
};

// DEVICES.md §1.6 (Coral), §2 (Jetson Nano), §3.4 (AI Hub), §4 (Raspberry Pi 4).
const Point kPoints[] = {
    {"mobilenet_v1.onnx", "MobileNet v1 (224)", "coral-usb", "int8", 2.4, "coral.ai benchmarks, D+USB3", true},
    {"mobilenet_v2.onnx", "MobileNet v2 (224)", "coral-usb", "int8", 2.6, "coral.ai benchmarks, D+USB3", false},
    {"googlenet.onnx", "Inception v1 (224)", "coral-usb", "int8", 3.4, "coral.ai benchmarks, D+USB3", false},
    {"resnet50_299.onnx", "ResNet-50 V1 (299)", "coral-usb", "int8", 49, "coral.ai benchmarks, D+USB3", true},
    {"squeezenet1_0.onnx", "SqueezeNet (224)", "coral-usb", "int8", 2.1, "coral.ai benchmarks, D+USB3", false},
    {"mobilenet_v1.onnx", "MobileNet v1 (224)", "coral-usb", "int8", 2.2, "FAQ-era Coral table (freedomtan README)", false},
    {"mobilenet_v1.onnx", "MobileNetV1", "coral-usb-std", "int8", 3.9, "x2q.net 2026, i9-13900K, libedgetpu1-std", false},
    {"resnet18.onnx", "resnet18", "jetson-nano", "fp16", 11.4, "torch2trt jetson_nano.md, TRT FP16", false},
    {"resnet34.onnx", "resnet34", "jetson-nano", "fp16", 20.2, "torch2trt jetson_nano.md, TRT FP16", false},
    {"resnet50.onnx", "resnet50", "jetson-nano", "fp16", 29.8, "torch2trt jetson_nano.md, TRT FP16", true},
    {"mobilenet_v2_300.onnx", "MobileNet-v2 (300x300), 64 FPS", "jetson-nano", "fp16", 15.6,
     "NVIDIA blog via jkjung-avt (secondhand)", true},
    {"resnet50.onnx", "ResNet-50 w8a8, TFLite", "hexagon-v73", "int8", 0.773, "AI Hub perf.yaml, Galaxy S23", true},
    {"resnet50.onnx", "ResNet-50 w8a8, QNN DLC", "hexagon-v73", "int8", 0.899, "AI Hub perf.yaml, Galaxy S23", false},
    {"resnet50.onnx", "ResNet-50 float, TFLite", "hexagon-v73", "fp16", 2.254, "AI Hub perf.yaml, Galaxy S23", true},
    {"mobilenet_v2.onnx", "MobileNet-v2 float, TFLite", "hexagon-v73", "fp16", 0.862, "AI Hub perf.yaml, Galaxy S23", false},
    {"mobilenet_v2.onnx", "MobileNet-v2 w8a16, QNN DLC", "hexagon-v73", "int16", 0.823, "AI Hub perf.yaml, Galaxy S23", false},
    {"resnet50.onnx", "ResNet-50 w8a8, TFLite", "hexagon-v68", "int8", 2.612, "AI Hub perf.yaml, RB3 Gen 2", true},
    {"mobilenet_v1.onnx", "FP32 MobileNet v1 1.0", "raspberry-pi-4", "fp32", 77, "XNNPACK README, RPi 4 ARM64", false},
    {"mobilenet_v2.onnx", "FP32 MobileNet v2 1.0", "raspberry-pi-4", "fp32", 46, "XNNPACK README, RPi 4 ARM64", true},
    {"mobilenet_v3_large.onnx", "FP32 MobileNet v3 Large", "raspberry-pi-4", "fp32", 40, "XNNPACK README, RPi 4 ARM64", false},
    {"mobilenet_v3_small.onnx", "FP32 MobileNet v3 Small", "raspberry-pi-4", "fp32", 15, "XNNPACK README, RPi 4 ARM64", false},
    {"mobilenet_v1.onnx", "INT8 MobileNet v1 (per-channel)", "raspberry-pi-4", "int8", 24, "XNNPACK README, RPi 4 ARM64", false},
    {"mobilenet_v2.onnx", "INT8 MobileNet v2 (per-channel)", "raspberry-pi-4", "int8", 17, "XNNPACK README, RPi 4 ARM64", true},
};

// Published points whose architecture or device Silica does not build, listed so the table
// says what it leaves out.
const char *const kNotBuilt[] = {
    "Coral: Inception v4, Inception-ResNet V2, ResNet-50 V2, SSD MobileNet v1/v2, DeepLab V3, UNet Mv2, "
    "EfficientNet-EdgeTpu S/M (architectures not in torchvision)",
    "Coral Dev Board column (no Dev Board profile)",
    "Jetson Nano: Inception V4 11 FPS (not in torchvision); kentaroy47 256x256 runs (other input size)",
    "Hexagon: Galaxy S24 (v75) points (no v75 profile); MobileNet-v2 w8a16 under ONNX Runtime 58.7 ms and RB3 "
    "CPU-only points (CPU fallback runtimes not modelled)",
    "Raspberry Pi 4: 32-bit column (the ARM64 column is used)",
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString models = QDir::home().filePath(QStringLiteral(".cache/silica/models/fidelity"));
    if (const QByteArray env = qgetenv("SILICA_MODEL_DIR"); !env.isEmpty())
        models = QDir(QString::fromLocal8Bit(env)).filePath(QStringLiteral("fidelity"));
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--models") && i + 1 < args.size()) {
            models = args[++i];
        } else {
            std::fprintf(stderr, "usage: bench_device_fidelity [--models DIR]\n");
            return 1;
        }
    }
    DeviceRegistry registry;
    registry.load(DeviceRegistry::defaultPluginDirs(), DeviceRegistry::defaultProfileDirs());
    for (const std::string &p : registry.problems())
        std::fprintf(stderr, "warning: %s\n", p.c_str());

    std::printf("Device latency: Silica's estimate against published latencies (models in %s)\n\n",
                qPrintable(models));
    std::printf("%-32s %-15s %-6s %10s %10s %7s %-4s %s\n", "model", "device", "prec", "published", "estimate",
                "ratio", "fit", "source");
    int evaluated = 0, within = 0, withinUnfitted = 0, unfitted = 0;
    double sumLog = 0;
    for (const Point &p : kPoints) {
        const QString file = QDir(models).filePath(QLatin1String(p.model));
        DevicePtr device = registry.find(p.device);
        if (!device) {
            std::printf("%-32s %-15s skipped: device profile not installed\n", p.label, p.device);
            continue;
        }
        LoadOptions options;
        options.runChecker = false;
        auto loaded = loadModel(file.toStdString(), options);
        if (!loaded) {
            std::printf("%-32s %-15s skipped: %s (run scripts/fetch_models.sh --fidelity)\n", p.label, p.device,
                        loaded.error().message().c_str());
            continue;
        }
        AnalysisOptions analysis;
        analysis.precision = precisionFromName(p.precision);
        EstimateOptions estimate;
        estimate.measure = false;
        auto report = analyzeOnDevice(*loaded->model, device, analysis, estimate);
        if (!report) {
            std::printf("%-32s %-15s failed: %s\n", p.label, p.device, report.error().message().c_str());
            continue;
        }
        const double ms = report->estimate.totalMs;
        const double ratio = ms / p.publishedMs;
        const bool ok = std::fabs(ratio - 1) <= 0.3;
        ++evaluated;
        within += ok;
        if (!p.fit) {
            ++unfitted;
            withinUnfitted += ok;
        }
        sumLog += std::log(ratio);
        std::printf("%-32s %-15s %-6s %8.3f ms %7.3f ms %7.2f %-4s %s%s\n", p.label, p.device, p.precision,
                    p.publishedMs, ms, ratio, p.fit ? "fit" : "", p.source,
                    ok ? "" : "  [outside ±30 %]");
    }
    std::printf("\nwithin ±30 %%: %d of %d points (%.0f %%; goal 80 %%); of the points not used for fitting: %d of %d; "
                "geometric mean ratio %.2f\n",
                within, evaluated, evaluated ? 100.0 * within / evaluated : 0.0, withinUnfitted, unfitted,
                evaluated ? std::exp(sumLog / evaluated) : 0.0);
    std::printf("\nPublished points not evaluated:\n");
    for (const char *n : kNotBuilt)
        std::printf("  - %s\n", n);
    return 0;
}
