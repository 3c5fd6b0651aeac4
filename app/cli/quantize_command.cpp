#include "app/cli/quantize_command.h"

#include "app/cli/cli.h"
#include "core/graph/graph_index.h"
#include "core/graph/onnx_export.h"
#include "core/graph/onnx_import.h"
#include "core/quant/prepare.h"
#include "core/common/atomic_file.h"
#include "core/quant/error_analysis.h"
#include "core/quant/qdq.h"
#include "core/runtime/session.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace silica {

using namespace quant;

const char *const kQuantizeUsage =
    "  quantize MODEL --calib DIR|FILES|random [--method minmax|percentile|entropy|mse]\n"
    "      [--percentile P] [--per-channel|--per-tensor] [--precision int8|int16] [--keep-fp32 NODE,...]\n"
    "      [--samples N] [--error-samples N] [--dim NAME=N ...] -o OUT.onnx [--report ERROR.json]\n"
    "                                           calibrate, write the QDQ model, report output SQNR\n";

namespace {

std::string jsonEscape(const std::string &s)
{
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

} // namespace

int quantizeCommand(const std::vector<std::string> &args, std::string &out, std::string &err)
{
    std::string model, output, reportPath;
    size_t errorSamples = 0;
    std::vector<std::string> calib;
    QdqOptions options;
    options.calibration.method = CalibrationMethod::MinMax;
    options.calibration.type = QuantType::Uint8;
    CalibrationDataOptions data;
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
        } else if (a == "--precision" && hasValue) {
            const std::string p = args[++i];
            if (p == "int8")
                options.calibration.type = QuantType::Uint8;
            else if (p == "int16")
                options.calibration.type = QuantType::Uint16;
            else
                return bad("--precision takes int8 or int16 here, not '" + p + "' (fp16 conversion is not built yet)");
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
    if (calib.empty())
        return bad("say what to calibrate on: --calib DIR|FILES, or --calib random (error figures then mean little)");
    if (output.empty())
        return bad("say where the quantized model goes: -o OUT.onnx");
    LoadOptions load;
    load.runChecker = false;
    auto loaded = loadModel(model, load);
    if (!loaded) {
        err += "silica-cli: " + loaded.error().message() + "\n";
        return CliBadInput;
    }
    // Fold BatchNormalization into the convolutions first, as converters do.
    auto prepared = foldBatchNorms(*loaded->model);
    if (!prepared) {
        err += "silica-cli quantize: " + prepared.error().message() + "\n";
        return CliBadInput;
    }
    // 16-bit QuantizeLinear needs opset 21.
    if ((options.calibration.type == QuantType::Uint16 || options.calibration.type == QuantType::Int16) &&
        prepared->model.opsetVersion("") < 21) {
        auto raised = raiseOpset(prepared->model, 21);
        if (!raised) {
            err += "silica-cli quantize: 16-bit activations need opset 21: " + raised.error().message() + "\n";
            return CliBadInput;
        }
        prepared->model = std::move(*raised);
    }
    const auto preparedModel = std::make_shared<const Model>(std::move(prepared->model));
    const Model &m = *preparedModel;
    std::vector<ValueInfo> inputs;
    for (const ValueInfo &in : m.graph->inputs)
        if (!m.graph->index().initializer(in.name))
            inputs.push_back(in);
    auto source = openCalibrationSource(calib == std::vector<std::string>{"random"} ? std::vector<std::string>{} : calib,
                                        inputs, data);
    if (!source) {
        err += "silica-cli quantize: " + source.error().message() + "\n";
        return CliBadInput;
    }
    for (const std::string &w : (*source)->warnings())
        err += "silica-cli: warning: " + w + "\n";
    auto ranges = collectHistograms(m, **source);
    if (!ranges) {
        err += "silica-cli quantize: " + ranges.error().message() + "\n";
        return CliBadInput;
    }
    auto q = insertQdq(m, *ranges, options);
    if (!q) {
        err += "silica-cli quantize: " + q.error().message() + "\n";
        return CliBadInput;
    }
    for (const std::string &w : q->warnings)
        err += "silica-cli: warning: " + w + "\n";
    if (Status s = saveModel(q->model, output); !s) {
        err += "silica-cli: " + s.message() + "\n";
        return CliBadInput;
    }
    char line[512];
    std::snprintf(line, sizeof line,
                  "calibrated on %s with %s%s (%s activations, %s weights)\n"
                  "folded %zu BatchNormalization(s); quantized %zu of %zu nodes, %zu values; wrote %s\n",
                  (*source)->description().c_str(), methodName(options.calibration.method),
                  options.calibration.method == CalibrationMethod::Percentile
                      ? (" " + std::to_string(options.calibration.percentile)).c_str()
                      : "",
                  quantTypeName(options.calibration.type), options.perChannel ? "per-channel int8" : "per-tensor int8",
                  prepared->foldedBatchNorms, q->quantizedNodes, m.graph->nodes.size(), q->quantizedValues,
                  output.c_str());
    out += line;

    // Error against the float model (BatchNormalization folded, which is exact up to float
    // rounding, so a folded Conv keeps its own name): per node, with the split into injected and
    // inherited error, and at the outputs.
    ErrorAnalysisOptions analysis;
    analysis.maxSamples = errorSamples;
    auto report = analyseError(m, q->model, **source, analysis);
    if (!report) {
        err += "silica-cli quantize: cannot compare the quantized model with the float one: " +
               report.error().message() + "\n";
        return CliBadInput;
    }
    for (const std::string &w : report->warnings)
        err += "silica-cli: warning: " + w + "\n";
    for (const OutputError &o : report->outputs) {
        std::snprintf(line, sizeof line, "output %s: SQNR %.1f dB, cosine %.4f, max-abs %.4g", o.name.c_str(),
                      o.stats.sqnrDb(), o.stats.cosine(), o.stats.maxAbs);
        out += line;
        if (o.top1Rows) {
            std::snprintf(line, sizeof line, ", top-1 agreement %.1f %%", 100.0 * double(o.top1Agree) / double(o.top1Rows));
            out += line;
        }
        out += " against the float model over " + std::to_string(report->samples) + " sample(s)\n";
    }
    std::vector<const NodeError *> worst;
    for (const NodeError &n : report->nodes)
        if (n.quantized && !n.injected.empty())
            worst.push_back(&n);
    std::sort(worst.begin(), worst.end(),
              [](const NodeError *a, const NodeError *b) { return a->injected.sqnrDb() < b->injected.sqnrDb(); });
    if (!worst.empty()) {
        out += "nodes that inject the most error (SQNR of the node alone; total at its output):\n";
        for (size_t i = 0; i < worst.size() && i < 5; ++i) {
            std::snprintf(line, sizeof line, "  %-40s %-12s injected %6.1f dB  total %6.1f dB\n",
                          worst[i]->name.c_str(), worst[i]->opType.c_str(), worst[i]->injected.sqnrDb(),
                          worst[i]->total.sqnrDb());
            out += line;
        }
    }
    if (!reportPath.empty()) {
        std::string settings = "  \"model\": \"" + jsonEscape(model) + "\",\n  \"method\": \"" +
                               methodName(options.calibration.method) + "\",\n  \"activations\": \"" +
                               quantTypeName(options.calibration.type) + "\",\n  \"per_channel\": " +
                               (options.perChannel ? "true" : "false");
        const std::string json = errorReportJson(*report, settings);
        AtomicFileWriter file;
        Status s = file.open(reportPath);
        if (s)
            s = file.write(json.data(), json.size());
        if (s)
            s = file.commit();
        if (!s) {
            err += "silica-cli quantize: cannot write the report " + reportPath + ": " + s.message() + "\n";
            return CliBadInput;
        }
        out += "wrote the error report " + reportPath + "\n";
    }
    return CliOk;
}

} // namespace silica
