#include "core/quant/quantize_flow.h"

#include "core/graph/graph_index.h"
#include "core/quant/fp16.h"
#include "core/quant/prepare.h"

#include <algorithm>

namespace silica::quant {

QuantType activationType(TargetPrecision p, bool signedActivations)
{
    if (p == TargetPrecision::Int16)
        return signedActivations ? QuantType::Int16 : QuantType::Uint16;
    return signedActivations ? QuantType::Int8 : QuantType::Uint8;
}

const char *targetPrecisionName(TargetPrecision p)
{
    switch (p) {
    case TargetPrecision::Int8:
        return "int8";
    case TargetPrecision::Int16:
        return "int16";
    case TargetPrecision::Fp16:
        return "fp16";
    }
    return "int8";
}

bool targetPrecisionFromName(const std::string &name, TargetPrecision &out)
{
    for (TargetPrecision p : {TargetPrecision::Int8, TargetPrecision::Int16, TargetPrecision::Fp16})
        if (name == targetPrecisionName(p)) {
            out = p;
            return true;
        }
    return false;
}

namespace {

// Progress of one step mapped into [from, to] of the whole.
class Span : public ProgressSink
{
public:
    Span(ProgressSink &outer, double from, double to) : m_outer(outer), m_from(from), m_to(to) {}
    void report(double fraction, const std::string &step) override
    {
        m_outer.report(m_from + (m_to - m_from) * fraction, step);
    }

private:
    ProgressSink &m_outer;
    double m_from, m_to;
};

} // namespace

Expected<QuantizeOutcome> quantizeModel(const Model &model, const QuantizeRequest &request, const CancelToken &cancel,
                                        ProgressSink &progress)
{
    QuantizeOutcome out;
    progress.report(0, "preparing the model");
    size_t bypassed = 0;
    const Model direct = bypassWeightIdentities(model, &bypassed);
    auto prepared = foldBatchNorms(direct);
    if (!prepared)
        return prepared.error();
    out.foldedBatchNorms = prepared->foldedBatchNorms;
    if (bypassed)
        out.notes.push_back("read " + std::to_string(bypassed) + " weight(s) past the Identity nodes in front of them");
    QdqOptions options = request.qdq;
    const bool fp16 = request.precision == TargetPrecision::Fp16;
    const bool sixteen = request.precision == TargetPrecision::Int16 || !request.qdq.wideNodes.empty();
    options.calibration.type = activationType(request.precision, request.signedActivations);
    // QuantizeLinear needs opset 10, per-channel weights 13, 16-bit activations 21: raise the
    // model's opset when it is older (one that cannot be raised keeps its own when enough).
    const int64_t opset = prepared->model.opsetVersion("");
    const int64_t wanted = sixteen ? 21 : 13, needed = sixteen ? 21 : 10;
    if (!fp16 && opset < wanted) {
        auto raised = raiseOpset(prepared->model, wanted);
        if (raised) {
            out.notes.push_back("raised the model from opset " + std::to_string(opset) + " to " +
                                std::to_string(wanted) +
                                (sixteen ? " for 16-bit QuantizeLinear" : " for per-channel weights"));
            prepared->model = std::move(*raised);
        } else if (opset < needed) {
            return Status(ErrorCode::Unsupported, std::string(sixteen ? "16-bit activations need" : "QuantizeLinear needs") +
                                                      " opset " + std::to_string(needed) + ": " +
                                                      raised.error().message());
        }
    }
    out.floatModel = std::make_shared<const Model>(std::move(prepared->model));
    const Model &m = *out.floatModel;
    const std::vector<ValueInfo> inputs = m.graph->index().fedInputs();
    if (request.source) {
        out.source = request.source;
    } else {
        auto source = openCalibrationSource(request.calibration, inputs, request.data);
        if (!source)
            return source.error();
        out.source = std::shared_ptr<CalibrationSource>(std::move(*source));
    }
    out.warnings = out.source->warnings();
    if (request.ranges && request.source) {
        out.ranges = request.ranges;
        out.notes.push_back("used the histograms of the previous run (same model and data)");
    } else {
        Span collecting(progress, 0.0, request.analyseError ? 0.35 : 0.9);
        auto ranges = collectHistograms(m, *out.source, CollectOptions(), cancel, collecting);
        if (!ranges)
            return ranges.error();
        out.ranges = std::make_shared<const CollectedHistograms>(std::move(*ranges));
    }
    for (const std::string &w : out.ranges->warnings)
        if (std::find(out.warnings.begin(), out.warnings.end(), w) == out.warnings.end())
            out.warnings.push_back(w);
    if (cancel.isCancelled())
        return Status(ErrorCode::Cancelled, "quantization cancelled");
    if (fp16) {
        Fp16Options f;
        f.keepFloat = options.keepFloat;
        f.ranges = out.ranges.get();
        auto converted = convertToFp16(m, f);
        if (!converted)
            return converted.error();
        out.quantizedModel = std::move(converted->model);
        out.quantizedNodes = converted->convertedNodes;
        out.keptNodes = converted->keptNodes;
        out.kept = converted->kept;
        out.warnings.insert(out.warnings.end(), converted->warnings.begin(), converted->warnings.end());
    } else {
        auto q = insertQdq(m, *out.ranges, options);
        if (!q)
            return q.error();
        out.quantizedModel = std::move(q->model);
        out.quantizedNodes = q->quantizedNodes;
        out.quantizedValues = q->quantizedValues;
        out.warnings.insert(out.warnings.end(), q->warnings.begin(), q->warnings.end());
    }
    if (request.analyseError) {
        ErrorAnalysisOptions analysis;
        analysis.maxSamples = request.errorSamples;
        analysis.split = !fp16; // float16 nodes cannot be fed float32 values as they are
        Span measuring(progress, 0.35, 1.0);
        auto report = analyseError(m, out.quantizedModel, *out.source, analysis, cancel, measuring);
        if (!report)
            return Status(report.error().code(),
                          "measuring the error against the float model: " + report.error().message());
        out.report = std::move(*report);
        out.warnings.insert(out.warnings.end(), out.report.warnings.begin(), out.report.warnings.end());
    }
    progress.report(1, "done");
    return out;
}

} // namespace silica::quant
