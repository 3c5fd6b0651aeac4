#include "core/quant/sensitivity.h"

#include "core/quant/error_analysis.h"

#include "core/graph/graph_index.h"
#include "core/runtime/session.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace silica::quant {

namespace {

Expected<std::shared_ptr<runtime::InferenceSession>> sessionFor(const Model &model, int threads)
{
    runtime::SessionOptions options;
    options.threads = threads;
    return runtime::InferenceSession::create(std::make_shared<const Model>(model), options);
}

} // namespace

Expected<OutputReference> referenceOutputs(const Model &floatModel, const CalibrationSource &source, size_t samples,
                                           const CancelToken &cancel, int threads)
{
    auto session = sessionFor(floatModel, threads);
    if (!session)
        return session.error();
    OutputReference ref;
    const size_t total = std::min(samples ? samples : source.count(), source.count());
    if (total == 0)
        return Status(ErrorCode::InvalidArgument, "the calibration data has no samples");
    for (size_t i = 0; i < total; ++i) {
        Expected<Sample> sample = source.sample(i);
        if (!sample)
            return sample.error();
        runtime::RunOptions run;
        run.cancel = &cancel;
        auto result = (*session)->run(runtime::NamedTensors(sample->begin(), sample->end()), run);
        if (!result)
            return result.error();
        for (auto &[name, t] : result->outputs)
            t = comparable(t);
        ref.samples.push_back(std::move(*sample));
        ref.outputs.push_back(std::move(result->outputs));
    }
    return ref;
}

Expected<double> outputSqnrDb(const Model &test, const OutputReference &reference, const CancelToken &cancel,
                              int threads)
{
    auto session = sessionFor(test, threads);
    if (!session)
        return session.error();
    ErrorStats all; // every float output of every sample together
    for (size_t i = 0; i < reference.samples.size(); ++i) {
        const Sample &s = reference.samples[i];
        runtime::RunOptions run;
        run.cancel = &cancel;
        auto result = (*session)->run(runtime::NamedTensors(s.begin(), s.end()), run);
        if (!result)
            return result.error();
        const Sample &want = reference.outputs[i];
        for (size_t o = 0; o < want.size() && o < result->outputs.size(); ++o) {
            OutputError compared;
            addOutputSample(compared, want[o].second, result->outputs[o].second);
            all.merge(compared.stats);
        }
    }
    return all.sqnrDb();
}

Expected<SensitivityReport> analyseSensitivity(const Model &floatModel, const CollectedHistograms &ranges,
                                               const QdqOptions &options, const CalibrationSource &source,
                                               const SensitivityOptions &sensitivity, const CancelToken &cancel,
                                               ProgressSink &progress)
{
    auto reference = referenceOutputs(floatModel, source, sensitivity.samples, cancel, sensitivity.threads);
    if (!reference)
        return reference.error();
    auto full = insertQdq(floatModel, ranges, options);
    if (!full)
        return full.error();
    SensitivityReport report;
    report.samples = reference->samples.size();
    auto fullSqnr = outputSqnrDb(full->model, *reference, cancel, sensitivity.threads);
    if (!fullSqnr)
        return fullSqnr.error();
    report.fullSqnrDb = *fullSqnr;
    const GraphIndex &index = floatModel.graph->index();
    const std::vector<NodeId> &ids = full->quantizedIds;
    for (size_t i = 0; i < ids.size(); ++i) {
        if (cancel.isCancelled())
            return Status(ErrorCode::Cancelled, "sensitivity analysis cancelled");
        const Node *n = index.node(ids[i]);
        if (!n)
            continue;
        progress.report(double(i) / double(ids.size()),
                        "sensitivity: " + n->displayName() + " (" + std::to_string(i + 1) + " of " +
                            std::to_string(ids.size()) + ")");
        NodeSensitivity s;
        s.node = n->id;
        s.name = n->name.empty() ? n->displayName() : n->name;
        s.opType = n->opType;
        QdqOptions alone = options;
        alone.onlyIds = {n->id};
        auto a = insertQdq(floatModel, ranges, alone);
        if (!a)
            return a.error();
        auto aloneSqnr = outputSqnrDb(a->model, *reference, cancel, sensitivity.threads);
        if (!aloneSqnr)
            return aloneSqnr.error();
        QdqOptions without = options;
        without.keepFloatIds.insert(n->id);
        auto w = insertQdq(floatModel, ranges, without);
        if (!w)
            return w.error();
        auto withoutSqnr = outputSqnrDb(w->model, *reference, cancel, sensitivity.threads);
        if (!withoutSqnr)
            return withoutSqnr.error();
        s.aloneSqnrDb = *aloneSqnr;
        s.withoutSqnrDb = *withoutSqnr;
        s.gainDb = std::isfinite(s.withoutSqnrDb) ? s.withoutSqnrDb - report.fullSqnrDb
                                                  : std::numeric_limits<double>::infinity();
        report.nodes.push_back(s);
    }
    std::stable_sort(report.nodes.begin(), report.nodes.end(), [](const NodeSensitivity &a, const NodeSensitivity &b) {
        if (a.gainDb != b.gainDb)
            return a.gainDb > b.gainDb;
        return a.aloneSqnrDb < b.aloneSqnrDb;
    });
    progress.report(1, "done");
    return report;
}

std::string sensitivityJson(const SensitivityReport &report)
{
    std::string out = "{\"samples\": " + std::to_string(report.samples) +
                      ", \"full_sqnr_db\": " + jsonNumber(report.fullSqnrDb) + ", \"nodes\": [";
    for (size_t i = 0; i < report.nodes.size(); ++i) {
        const NodeSensitivity &n = report.nodes[i];
        out += std::string(i ? ", " : "") + "{\"name\": " + jsonString(n.name) + ", \"op\": " + jsonString(n.opType) +
               ", \"alone_sqnr_db\": " + jsonNumber(n.aloneSqnrDb) + ", \"without_sqnr_db\": " +
               jsonNumber(n.withoutSqnrDb) + ", \"gain_db\": " + jsonNumber(n.gainDb) + "}";
    }
    return out + "]}";
}

Expected<KeepFloatPlan> keepWorstInFloat(const Model &floatModel, const CollectedHistograms &ranges,
                                         const QdqOptions &options, const SensitivityReport &sensitivity, size_t count,
                                         const OutputReference &reference, const CancelToken &cancel)
{
    KeepFloatPlan plan;
    QdqOptions keep = options;
    for (size_t i = 0; i < count && i < sensitivity.nodes.size(); ++i) {
        keep.keepFloatIds.insert(sensitivity.nodes[i].node);
        plan.kept.push_back(sensitivity.nodes[i].name);
    }
    auto q = insertQdq(floatModel, ranges, keep);
    if (!q)
        return q.error();
    auto sqnr = outputSqnrDb(q->model, reference, cancel);
    if (!sqnr)
        return sqnr.error();
    plan.outputSqnrDb = *sqnr;
    plan.quantized = std::move(*q);
    return plan;
}

} // namespace silica::quant
