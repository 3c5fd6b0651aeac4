#pragma once
// Where quantization error comes from. The float model and its QDQ version run side by side
// on the calibration samples; every node of the float model gets its output compared:
//
//   total      the QDQ model's value against the float one: all the error up to this node;
//   injected   the node's quantized version (its input Q/DQ, weight DQ and output Q/DQ) fed
//              with the float model's inputs: the error this node adds by itself;
//   inherited  the float node fed with the QDQ model's inputs: the error that reaches it from
//              upstream, as the node passes it on.
//
// Each as SQNR (dB), cosine similarity and max-abs error, summed over the samples. The QDQ
// model must keep the float model's value names for the values it quantizes (insertQdq does:
// a quantized value is dequantized under its original name).

#include "core/common/progress.h"
#include "core/quant/calibration_data.h"

#include <map>
#include <string>
#include <vector>

namespace silica::quant {

// Running sums for comparing a test tensor against a reference over many samples.
struct ErrorStats
{
    double signal = 0; // Σ ref²
    double noise = 0;  // Σ (ref − test)²
    double dot = 0;    // Σ ref·test
    double test = 0;   // Σ test²
    double maxAbs = 0;
    uint64_t count = 0;

    void add(const float *ref, const float *test, size_t n);
    void merge(const ErrorStats &other);
    bool empty() const { return count == 0; }
    // 10·log10(signal / noise); +inf when there is no error, and 0 dB for a zero signal with error.
    double sqnrDb() const;
    double cosine() const;
    double mse() const { return count ? noise / double(count) : 0; }
};

struct NodeError
{
    NodeId node = 0;
    std::string name;   // the node's name (its display name when unnamed)
    std::string opType;
    std::string value;  // the output compared (the first float output)
    int depth = 0;      // longest path from the graph inputs, in nodes
    bool quantized = false; // the QDQ model quantizes this node (it has its own Q/DQ)
    ErrorStats total;
    ErrorStats injected;
    ErrorStats inherited;
};

struct OutputError
{
    std::string name;
    ErrorStats stats;
    // Classifier-like outputs ([…, classes] with classes > 1): rows whose arg-max agrees.
    uint64_t top1Rows = 0;
    uint64_t top1Agree = 0;
};

struct ErrorReport
{
    std::vector<NodeError> nodes; // in execution order of the float model
    std::vector<OutputError> outputs;
    size_t samples = 0;
    std::vector<std::string> warnings;

    const NodeError *find(const std::string &nodeName) const;
    // The quantized nodes that inject the most error, worst first, at most `count`.
    std::vector<const NodeError *> worstInjected(size_t count) const;
};

struct ErrorAnalysisOptions
{
    int threads = 0;
    size_t maxSamples = 0; // 0: every sample of the source
    bool split = true;     // also measure injected and inherited error (two more passes)
};

Expected<ErrorReport> analyseError(const Model &floatModel, const Model &qdqModel, const CalibrationSource &source,
                                   const ErrorAnalysisOptions &options = {}, const CancelToken &cancel = CancelToken(),
                                   ProgressSink &progress = ProgressSink::none());

// Adds one sample of an output to `o`: `test` against `reference` (both float, same shape, any
// layout; anything else is skipped), and for classifier-like outputs whether each row's arg-max
// agrees.
void addOutputSample(OutputError &o, const runtime::Tensor &reference, const runtime::Tensor &test);

// Output-level comparison only (no per-node split), streaming over the samples.
Expected<std::vector<OutputError>> compareOutputs(const Model &floatModel, const Model &testModel,
                                                  const CalibrationSource &source, size_t maxSamples,
                                                  const CancelToken &cancel = CancelToken(), int threads = 0);

// `t` in plain layout, float16 values as float: what comparisons read.
runtime::Tensor comparable(const runtime::Tensor &t);

// JSON pieces the reports are written with: a quoted, escaped string, and a number (null when
// not finite, as an SQNR without error is).
std::string jsonString(const std::string &s);
std::string jsonNumber(double v);

// The report as JSON: {"samples", "outputs": {name: {...}}, "nodes": {node name: {"op",
// "value", "depth", "quantized", "sqnr_db", "cosine", "max_abs", "injected": {...},
// "inherited": {...}}}}. Infinite SQNR (no error) is written as null.
std::string errorReportJson(const ErrorReport &report, const std::string &extraFields = {});

} // namespace silica::quant
