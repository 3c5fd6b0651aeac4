#include "app/cli/quantize_command.h"

#include "app/cli/cli.h"
#include "core/graph/graph_index.h"
#include "core/graph/onnx_export.h"
#include "core/graph/onnx_import.h"
#include "core/quant/prepare.h"
#include "core/quant/qdq.h"
#include "core/runtime/session.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace silica {

using namespace quant;

const char *const kQuantizeUsage =
    "  quantize MODEL --calib DIR|FILES|random [--method minmax|percentile|entropy|mse]\n"
    "      [--percentile P] [--per-channel|--per-tensor] [--precision int8|int16] [--keep-fp32 NODE,...]\n"
    "      [--samples N] [--dim NAME=N ...] -o OUT.onnx\n"
    "                                           calibrate, write the QDQ model, report output SQNR\n";

namespace {

// Runs `model` on a sample; the outputs in graph order.
Expected<runtime::NamedTensors> runOn(const std::shared_ptr<runtime::InferenceSession> &session, const Sample &s)
{
    auto r = session->run(runtime::NamedTensors(s.begin(), s.end()));
    if (!r)
        return r.error();
    return r->outputs;
}

} // namespace

int quantizeCommand(const std::vector<std::string> &args, std::string &out, std::string &err)
{
    std::string model, output;
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

    // Output SQNR of the QDQ model against the float one, over (up to 8 of) the samples.
    // Against the model as opened (before folding).
    auto floatSession = runtime::InferenceSession::create(loaded->model);
    auto qdqSession = runtime::InferenceSession::create(std::make_shared<const Model>(q->model));
    if (!floatSession || !qdqSession) {
        err += "silica-cli quantize: cannot run the models to compare them: " +
               (!floatSession ? floatSession.error().message() : qdqSession.error().message()) + "\n";
        return CliBadInput;
    }
    std::vector<double> signal(m.graph->outputs.size(), 0), noise(m.graph->outputs.size(), 0);
    const size_t compared = std::min<size_t>(8, (*source)->count());
    for (size_t i = 0; i < compared; ++i) {
        auto sample = (*source)->sample(i);
        if (!sample)
            break;
        auto a = runOn(*floatSession, *sample), b = runOn(*qdqSession, *sample);
        if (!a || !b) {
            err += "silica-cli quantize: " + (!a ? a.error().message() : b.error().message()) + "\n";
            return CliBadInput;
        }
        for (size_t o = 0; o < a->size() && o < b->size(); ++o) {
            const runtime::Tensor &x = (*a)[o].second, &y = (*b)[o].second;
            if (x.dataType() != DataType::Float || y.dataType() != DataType::Float)
                continue;
            for (int64_t k = 0; k < x.elementCount() && k < y.elementCount(); ++k) {
                const double u = x.data<float>()[k], v = y.data<float>()[k];
                signal[o] += u * u;
                noise[o] += (u - v) * (u - v);
            }
        }
    }
    for (size_t o = 0; o < signal.size(); ++o) {
        std::snprintf(line, sizeof line, "output %s: SQNR %.1f dB against the float model over %zu sample(s)\n",
                      m.graph->outputs[o].name.c_str(), 10 * std::log10(signal[o] / std::max(noise[o], 1e-30)),
                      compared);
        out += line;
    }
    return CliOk;
}

} // namespace silica
