#include "app/cli/quantize_command.h"

#include "app/cli/cli.h"
#include "core/graph/graph_index.h"
#include "core/graph/onnx_export.h"
#include "core/graph/onnx_import.h"
#include "core/common/atomic_file.h"
#include "core/device/device_registry.h"
#include "core/quant/error_analysis.h"
#include "core/quant/qdq.h"
#include "core/quant/quantize_flow.h"
#include "core/quant/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace silica {

using namespace quant;

const char *const kQuantizeUsage =
    "  quantize MODEL --calib DIR|FILES|random [--method minmax|percentile|entropy|mse]\n"
    "      [--percentile P] [--per-channel|--per-tensor] [--symmetric] [--signed] [--precision int8|int16|fp16]\n"
    "      [--keep-fp32 NODE,...]\n"
    "      [--int16 NODE|/SCOPE/,...]\n"
    "      [--samples N] [--error-samples N] [--dim NAME=N ...] -o OUT.onnx [--report ERROR.json]\n"
    "      [--resize crop|stretch] [--layout nchw|nhwc] [--bgr] [--pixel-scale S]\n"
    "      [--mean A,B,C] [--std A,B,C]  images: x·S, then (x − mean)/std in the model's channel\n"
    "                                    order (RGB, or BGR with --bgr); defaults: ImageNet's RGB\n"
    "      [--sensitivity [--keep-worst N] [--device ID]]\n"
    "                                           calibrate, write the QDQ model, report output SQNR\n";

namespace {

bool writeText(const std::string &path, const std::string &text, std::string &err)
{
    AtomicFileWriter file;
    Status s = file.open(path);
    if (s)
        s = file.write(text.data(), text.size());
    if (s)
        s = file.commit();
    if (!s)
        err += "silica-cli quantize: cannot write " + path + ": " + s.message() + "\n";
    return bool(s);
}

void printOutputs(const ErrorReport &report, std::string &out)
{
    char line[512];
    for (const OutputError &o : report.outputs) {
        std::snprintf(line, sizeof line, "output %s: SQNR %.1f dB, cosine %.4f, max-abs %.4g", o.name.c_str(),
                      o.stats.sqnrDb(), o.stats.cosine(), o.stats.maxAbs);
        out += line;
        if (o.top1Rows) {
            std::snprintf(line, sizeof line, ", top-1 agreement %.1f %%", 100.0 * double(o.top1Agree) / double(o.top1Rows));
            out += line;
        }
        out += " against the float model over " + std::to_string(report.samples) + " sample(s)\n";
    }
}

} // namespace

int quantizeCommand(const std::vector<std::string> &args, std::string &out, std::string &err)
{
    std::string model, output, reportPath, deviceId;
    size_t errorSamples = 0, keepWorst = 0;
    bool sensitivity = false;
    std::vector<std::string> calib;
    QuantizeRequest request;
    QdqOptions &options = request.qdq;
    options.calibration.method = CalibrationMethod::MinMax;
    CalibrationDataOptions &data = request.data;
    data.maxSamples = 64;
    auto bad = [&](const std::string &what) {
        err += "silica-cli quantize: " + what + "\n\nusage:\n" + kQuantizeUsage;
        return CliUsage;
    };
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == "--calib" && hasValue) {
            calib.push_back(args[++i]);
        } else if (a == "--method" && hasValue) {
            if (!methodFromName(args[++i], options.calibration.method))
                return bad("--method takes minmax, percentile, entropy or mse, not '" + args[i] + "'");
        } else if (a == "--percentile" && hasValue) {
            char *end = nullptr;
            options.calibration.percentile = std::strtod(args[++i].c_str(), &end);
            if (!end || *end || !(options.calibration.percentile > 50 && options.calibration.percentile <= 100))
                return bad("--percentile takes the share of values kept, in (50, 100], not '" + args[i] + "'");
        } else if (a == "--per-channel") {
            options.perChannel = true;
        } else if (a == "--per-tensor") {
            options.perChannel = false;
        } else if (a == "--symmetric") {
            options.calibration.symmetric = true;
        } else if (a == "--signed") {
            request.signedActivations = true;
        } else if (a == "--precision" && hasValue) {
            if (!targetPrecisionFromName(args[++i], request.precision))
                return bad("--precision takes int8, int16 or fp16, not '" + args[i] + "'");
        } else if (a == "--int16" && hasValue) {
            std::stringstream names(args[++i]);
            for (std::string n; std::getline(names, n, ',');)
                if (!n.empty())
                    options.wideNodes.insert(n);
        } else if (a == "--keep-fp32" && hasValue) {
            std::stringstream names(args[++i]);
            for (std::string n; std::getline(names, n, ',');)
                if (!n.empty())
                    options.keepFloat.insert(n);
        } else if (a == "--samples" && hasValue) {
            data.maxSamples = size_t(std::strtoull(args[++i].c_str(), nullptr, 10));
            data.randomSamples = data.maxSamples ? data.maxSamples : 16;
            if (!data.maxSamples)
                return bad("--samples takes a positive count");
        } else if (a == "--dim" && hasValue) {
            const std::string d = args[++i];
            const size_t eq = d.find('=');
            const long long n = eq == std::string::npos ? 0 : std::atoll(d.c_str() + eq + 1);
            if (eq == std::string::npos || eq == 0 || n < 1)
                return bad("--dim takes NAME=N with N ≥ 1, not '" + d + "'");
            data.dims[d.substr(0, eq)] = n;
        } else if (a == "--resize" && hasValue) {
            const std::string &v = args[++i];
            if (v != "crop" && v != "stretch")
                return bad("--resize takes crop (shorter side, then the centre) or stretch, not '" + v + "'");
            data.image.resize = v == "crop" ? ImageOptions::Resize::ShorterSideThenCrop : ImageOptions::Resize::Stretch;
        } else if (a == "--layout" && hasValue) {
            const std::string &v = args[++i];
            if (v != "nchw" && v != "nhwc")
                return bad("--layout takes nchw or nhwc, not '" + v + "'");
            data.image.channelsLast = v == "nhwc";
        } else if (a == "--bgr") {
            data.image.bgr = true;
        } else if (a == "--pixel-scale" && hasValue) {
            char *end = nullptr;
            data.image.scale = std::strtod(args[++i].c_str(), &end);
            if (end == args[i].c_str() || *end || !std::isfinite(data.image.scale) || data.image.scale == 0)
                return bad("--pixel-scale takes a non-zero number (1/255 maps 8-bit values to [0, 1]), not '" +
                           args[i] + "'");
        } else if ((a == "--mean" || a == "--std") && hasValue) {
            double *target = a == "--mean" ? data.image.mean : data.image.std;
            std::istringstream in(args[++i]);
            std::string item;
            int n = 0;
            bool ok = true;
            while (ok && std::getline(in, item, ',')) {
                char *end = nullptr;
                const double v = std::strtod(item.c_str(), &end);
                ok = n < 3 && end != item.c_str() && !*end && std::isfinite(v) && (a == "--mean" || v > 0);
                if (ok)
                    target[n++] = v;
            }
            if (!ok || (n != 1 && n != 3))
                return bad(a + " takes one number or three, comma-separated, in the model's channel order" +
                           (a == "--std" ? std::string(", each > 0") : std::string()) + ", not '" + args[i] + "'");
            if (n == 1)
                target[1] = target[2] = target[0];
        } else if (a == "--sensitivity") {
            sensitivity = true;
        } else if (a == "--keep-worst" && hasValue) {
            keepWorst = size_t(std::strtoull(args[++i].c_str(), nullptr, 10));
            if (!keepWorst)
                return bad("--keep-worst takes a positive count of nodes to keep in float");
            sensitivity = true;
        } else if (a == "--device" && hasValue) {
            deviceId = args[++i];
        } else if (a == "--report" && hasValue) {
            reportPath = args[++i];
        } else if (a == "--error-samples" && hasValue) {
            errorSamples = size_t(std::strtoull(args[++i].c_str(), nullptr, 10));
            if (!errorSamples)
                return bad("--error-samples takes a positive count");
        } else if (a == "-o" && hasValue) {
            output = args[++i];
        } else if (!a.empty() && a[0] == '-') {
            return bad("unknown option '" + a + "'");
        } else if (model.empty()) {
            model = a;
        } else {
            return bad("unexpected argument '" + a + "'");
        }
    }
    if (model.empty())
        return bad("no model file given");
    const bool fp16 = request.precision == TargetPrecision::Fp16;
    if (fp16 && (sensitivity || !options.wideNodes.empty() || request.signedActivations))
        return bad("--sensitivity, --keep-worst, --int16 and --signed are for int8 / int16 quantization, not fp16");
    if (calib.empty())
        return bad("say what to calibrate on: --calib DIR|FILES, or --calib random (error figures then mean little)");
    if (output.empty())
        return bad("say where the quantized model goes: -o OUT.onnx");
    // The report's folder must take a file before anything is written.
    if (!reportPath.empty()) {
        AtomicFileWriter probe;
        if (Status s = probe.open(reportPath); !s) {
            err += "silica-cli quantize: cannot write " + reportPath + ": " + s.message() + "\n";
            return CliBadInput;
        }
        probe.abandon();
    }
    LoadOptions load;
    load.runChecker = false;
    auto loaded = loadModel(model, load);
    if (!loaded) {
        err += "silica-cli: " + loaded.error().message() + "\n";
        return CliBadInput;
    }
    if (calib != std::vector<std::string>{"random"})
        request.calibration = calib;
    request.errorSamples = errorSamples;
    options.calibration.type = activationType(request.precision, request.signedActivations);
    auto done = quantizeModel(*loaded->model, request);
    if (!done) {
        err += "silica-cli quantize: " + done.error().message() + "\n";
        return CliBadInput;
    }
    for (const std::string &w : done->warnings)
        err += "silica-cli: warning: " + w + "\n";
    for (const std::string &n : done->notes)
        out += n + "\n";
    if (Status s = saveModel(done->quantizedModel, output); !s) {
        err += "silica-cli: " + s.message() + "\n";
        return CliBadInput;
    }
    const Model &m = *done->floatModel;
    char line[512];
    if (fp16) {
        std::snprintf(line, sizeof line,
                      "folded %zu BatchNormalization(s); converted %zu nodes to float16, kept %zu in float32; wrote %s\n",
                      done->foldedBatchNorms, done->quantizedNodes, done->keptNodes, output.c_str());
        out += line;
        for (const std::string &k : done->kept)
            out += "  kept in float32: " + k + "\n";
    } else {
        std::snprintf(line, sizeof line,
                      "calibrated on %s with %s%s (%s activations, %s weights)\n"
                      "folded %zu BatchNormalization(s); quantized %zu of %zu nodes, %zu values; wrote %s\n",
                      done->source->description().c_str(), methodName(options.calibration.method),
                      options.calibration.method == CalibrationMethod::Percentile
                          ? (" " + std::to_string(options.calibration.percentile)).c_str()
                          : "",
                      quantTypeName(options.calibration.type),
                      options.perChannel ? "per-channel int8" : "per-tensor int8", done->foldedBatchNorms,
                      done->quantizedNodes, m.graph->nodes.size(), done->quantizedValues, output.c_str());
        out += line;
    }
    const ErrorReport *report = &done->report;
    const std::shared_ptr<const CollectedHistograms> ranges = done->ranges;
    const std::shared_ptr<CalibrationSource> source = done->source;
    printOutputs(*report, out);
    const std::vector<const NodeError *> worst = report->worstInjected(5);
    if (!worst.empty()) {
        out += "nodes that inject the most error (SQNR of the node alone; total at its output):\n";
        for (size_t i = 0; i < worst.size(); ++i) {
            std::snprintf(line, sizeof line, "  %-40s %-12s injected %6.1f dB  total %6.1f dB\n",
                          worst[i]->name.c_str(), worst[i]->opType.c_str(), worst[i]->injected.sqnrDb(),
                          worst[i]->total.sqnrDb());
            out += line;
        }
    }
    // Sensitivity: each node quantized alone, and each left in float; then the worst N kept in
    // float, with the output error (and the device's estimated latency) it gives.
    std::string sensitivityJson;
    if (sensitivity) {
        SensitivityOptions so;
        auto sens = analyseSensitivity(m, *ranges, options, *source, so);
        if (!sens) {
            err += "silica-cli quantize: sensitivity: " + sens.error().message() + "\n";
            return CliBadInput;
        }
        std::snprintf(line, sizeof line,
                      "sensitivity over %zu sample(s), fully quantized output SQNR %.1f dB; keeping a node in float "
                      "gives:\n",
                      sens->samples, sens->fullSqnrDb);
        out += line;
        for (size_t i = 0; i < sens->nodes.size() && i < 10; ++i) {
            const NodeSensitivity &n = sens->nodes[i];
            std::snprintf(line, sizeof line, "  %-40s %-12s %+6.2f dB (quantized alone: %.1f dB)\n", n.name.c_str(),
                          n.opType.c_str(), n.gainDb, n.aloneSqnrDb);
            out += line;
        }
        sensitivityJson = "  \"sensitivity\": " + quant::sensitivityJson(*sens);
        if (keepWorst) {
            auto reference = referenceOutputs(m, *source, so.samples);
            auto plan = reference ? keepWorstInFloat(m, *ranges, options, *sens, keepWorst, *reference)
                                  : Expected<KeepFloatPlan>(reference.error());
            if (!plan) {
                err += "silica-cli quantize: --keep-worst: " + plan.error().message() + "\n";
                return CliBadInput;
            }
            std::snprintf(line, sizeof line, "keeping the worst %zu in float: output SQNR %.1f dB (was %.1f dB)",
                          plan->kept.size(), plan->outputSqnrDb, sens->fullSqnrDb);
            out += line;
            if (!deviceId.empty()) {
                device::DeviceRegistry registry;
                registry.load(device::DeviceRegistry::defaultPluginDirs(), device::DeviceRegistry::defaultProfileDirs());
                device::DevicePtr d = registry.find(deviceId);
                if (!d) {
                    err += "silica-cli quantize: no device '" + deviceId + "' (see silica-cli devices)\n";
                    return CliUsage;
                }
                device::EstimateOptions estimate;
                estimate.measure = false;
                auto before = device::analyzeOnDevice(done->quantizedModel, d, {}, estimate);
                auto after = device::analyzeOnDevice(plan->quantized.model, d, {}, estimate);
                if (before && after) {
                    std::snprintf(line, sizeof line, "; estimated latency on %s %.2f ms (was %.2f ms)",
                                  deviceId.c_str(), after->estimate.totalMs, before->estimate.totalMs);
                    out += line;
                }
            }
            out += "\n";
            // The model written is the one with the worst nodes kept in float.
            if (Status st = saveModel(plan->quantized.model, output); !st) {
                err += "silica-cli: " + st.message() + "\n";
                return CliBadInput;
            }
            out += "wrote " + output + " with";
            for (const std::string &k : plan->kept)
                out += " " + k;
            out += " kept in float\n";
        }
    }
    if (!reportPath.empty()) {
        std::string settings = "  \"model\": " + jsonString(model) + ",\n  \"precision\": \"" +
                               targetPrecisionName(request.precision) + "\",\n  \"method\": \"" +
                               methodName(options.calibration.method) + "\",\n  \"activations\": \"" +
                               quantTypeName(options.calibration.type) + "\",\n  \"per_channel\": " +
                               (options.perChannel ? "true" : "false");
        if (!sensitivityJson.empty())
            settings += ",\n" + sensitivityJson;
        if (!writeText(reportPath, errorReportJson(*report, settings), err))
            return CliBadInput;
        out += "wrote the error report " + reportPath + "\n";
    }
    return CliOk;
}

} // namespace silica
