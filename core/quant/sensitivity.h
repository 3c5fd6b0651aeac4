#pragma once
// How much each quantized node matters to the model's output. For every node the QDQ model
// quantizes, two variants are run on a few calibration samples and their outputs compared with
// the float model's:
//
//   alone    only this node quantized, everything else float: the damage it does by itself;
//   without  everything quantized but this node, which stays float: what keeping it in higher
//            precision buys.
//
// Ranked by what keeping the node in float buys. keepWorstInFloat() then builds the QDQ model
// with the worst N kept in float and measures its output error, so the user sees the result
// before applying it.

#include "core/common/progress.h"
#include "core/quant/calibration_data.h"
#include "core/quant/collect.h"
#include "core/quant/qdq.h"

#include <string>
#include <vector>

namespace silica::quant {

struct NodeSensitivity
{
    NodeId node = 0;
    std::string name;
    std::string opType;
    double aloneSqnrDb = 0;   // output SQNR with only this node quantized (+inf: no effect)
    double withoutSqnrDb = 0; // output SQNR with all but this node quantized
    double gainDb = 0;        // withoutSqnrDb − the fully quantized model's output SQNR
};

struct SensitivityReport
{
    double fullSqnrDb = 0; // the fully quantized model's output SQNR
    size_t samples = 0;
    std::vector<NodeSensitivity> nodes; // most sensitive first (largest gain)
};

struct SensitivityOptions
{
    size_t samples = 4; // calibration samples each variant runs on
    int threads = 0;
};

// The output SQNR (dB) of `test` against the float outputs over all float outputs together.
struct OutputReference
{
    std::vector<Sample> samples;
    std::vector<Sample> outputs; // the float model's outputs, per sample
};
Expected<OutputReference> referenceOutputs(const Model &floatModel, const CalibrationSource &source, size_t samples,
                                           const CancelToken &cancel = CancelToken(), int threads = 0);
Expected<double> outputSqnrDb(const Model &test, const OutputReference &reference,
                              const CancelToken &cancel = CancelToken(), int threads = 0);

Expected<SensitivityReport> analyseSensitivity(const Model &floatModel, const CollectedHistograms &ranges,
                                               const QdqOptions &options, const CalibrationSource &source,
                                               const SensitivityOptions &sensitivity = {},
                                               const CancelToken &cancel = CancelToken(),
                                               ProgressSink &progress = ProgressSink::none());

// {"samples", "full_sqnr_db", "nodes": [{"name", "op", "alone_sqnr_db", "without_sqnr_db",
// "gain_db"}, …]} in the report's order; infinite SQNR as null.
std::string sensitivityJson(const SensitivityReport &report);

struct KeepFloatPlan
{
    std::vector<std::string> kept; // node names kept in float, worst first
    double outputSqnrDb = 0;       // of the model with them kept in float
    QdqResult quantized;
};

// The QDQ model with the `count` most sensitive nodes kept in float, and its output error.
Expected<KeepFloatPlan> keepWorstInFloat(const Model &floatModel, const CollectedHistograms &ranges,
                                         const QdqOptions &options, const SensitivityReport &sensitivity, size_t count,
                                         const OutputReference &reference, const CancelToken &cancel = CancelToken());

} // namespace silica::quant
