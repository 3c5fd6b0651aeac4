#pragma once
// Runs the model over calibration samples and keeps a histogram of every float value of its
// main graph (graph inputs and node outputs). One sample at a time, so memory stays flat; the
// histograms are what every calibration method reads, so switching method does not re-run.

#include "core/common/progress.h"
#include "core/quant/calibration.h"
#include "core/quant/calibration_data.h"

#include <map>
#include <string>

namespace silica::quant {

struct CollectedHistograms
{
    std::map<std::string, TensorHistogram> values; // by value name
    // The mean of every channel (axis 1) of values of rank 2 to 5: what bias correction needs.
    std::map<std::string, std::vector<double>> channelMeans;
    size_t samples = 0;
    std::vector<std::string> warnings; // the source's, and values that were never finite
};

struct CollectOptions
{
    int threads = 0;  // 0: all cores
    size_t bins = 2048;
};

Expected<CollectedHistograms> collectHistograms(const Model &model, const CalibrationSource &source,
                                                const CollectOptions &options = {},
                                                const CancelToken &cancel = CancelToken(),
                                                ProgressSink &progress = ProgressSink::none());

} // namespace silica::quant
