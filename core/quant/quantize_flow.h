#pragma once
// The whole quantization lab run as one function, shared by silica-cli quantize and the app:
// fold BatchNormalization into the convolutions, raise the opset when the precision needs it,
// open the calibration data, collect histograms, write the QDQ (or float16) model, and measure
// its error per node against the float model.

#include "core/common/progress.h"
#include "core/quant/calibration_data.h"
#include "core/quant/collect.h"
#include "core/quant/error_analysis.h"
#include "core/quant/qdq.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace silica::quant {

enum class TargetPrecision
{
    Int8,  // uint8 activations, int8 weights
    Int16, // uint16 activations (opset 21), int8 weights
    Fp16,
};
const char *targetPrecisionName(TargetPrecision p); // "int8", "int16", "fp16"
// The activation type of an integer precision: uint8 / uint16, or int8 / int16 when signed
// (TensorRT takes only signed, zero-point-0 activations).
QuantType activationType(TargetPrecision p, bool signedActivations);
bool targetPrecisionFromName(const std::string &name, TargetPrecision &out);

struct QuantizeRequest
{
    std::vector<std::string> calibration; // files / folders; empty: random data
    CalibrationDataOptions data;
    QdqOptions qdq; // method, activation type (set from `precision`), per-channel, kept nodes
    TargetPrecision precision = TargetPrecision::Int8;
    bool signedActivations = false; // int8 / int16 activations instead of uint8 / uint16
    size_t errorSamples = 0; // 0: every sample
    bool analyseError = true;
    // A run over the same model and data before: its source and histograms are used again, so
    // switching method, precision or kept nodes does not re-run the model over the data.
    std::shared_ptr<CalibrationSource> source;
    std::shared_ptr<const CollectedHistograms> ranges;
};

struct QuantizeOutcome
{
    std::shared_ptr<const Model> floatModel; // BatchNorm folded (and opset raised): the reference
    Model quantizedModel;
    std::shared_ptr<const CollectedHistograms> ranges;
    std::shared_ptr<CalibrationSource> source;
    ErrorReport report; // empty without analyseError
    size_t foldedBatchNorms = 0;
    size_t quantizedNodes = 0;
    size_t quantizedValues = 0;
    size_t keptNodes = 0; // fp16: nodes kept in float32
    std::vector<std::string> kept; // fp16: "name: reason"
    std::vector<std::string> notes;    // what was done on the way ("raised the opset to 13")
    std::vector<std::string> warnings; // the source's, the QDQ builder's, the analysis'
};

Expected<QuantizeOutcome> quantizeModel(const Model &model, const QuantizeRequest &request,
                                        const CancelToken &cancel = CancelToken(),
                                        ProgressSink &progress = ProgressSink::none());

} // namespace silica::quant
