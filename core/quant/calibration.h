#pragma once
// Calibration: what range of a tensor's values to quantize, from the values seen over the
// calibration samples. A TensorHistogram collects them as they stream past (memory stays flat
// however many samples there are); every method then reads the same histogram, so switching
// method or its setting does not re-run the model.
//
//   min-max     the whole observed range;
//   percentile  clip the given share of the largest magnitudes (symmetric) or of each tail;
//   entropy     the clipping threshold whose quantized distribution keeps the most
//               information: minimum KL divergence between the histogram and its quantized
//               version (the TensorRT calibration method);
//   mse         the threshold with the least expected squared error of quantize-dequantize
//               (clipping error against rounding error).

#include "core/quant/quant_params.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace silica::quant {

// Values binned over a symmetric range [-limit, limit] that doubles (merging bin pairs, so
// nothing is lost) whenever a value falls outside it. Exact min, max and count on the side.
class TensorHistogram
{
public:
    explicit TensorHistogram(size_t bins = 2048);

    // Runs fn(begin, end) over [0, count), possibly split across threads (the runtime's
    // parallelFor); the quantization core itself has no threads.
    using ParallelFor =
        std::function<void(int64_t count, int64_t grain, const std::function<void(int64_t, int64_t)> &fn)>;

    // Adds `count` values (NaN and ±inf are counted apart); the binning may use `parallel`.
    void add(const float *values, size_t count, const ParallelFor &parallel = {});
    void merge(const TensorHistogram &other);

    bool empty() const { return m_count == 0; }
    uint64_t count() const { return m_count; }
    double min() const { return m_min; }
    double max() const { return m_max; }
    double limit() const { return m_limit; }
    size_t bins() const { return m_bins.size(); }
    const std::vector<uint64_t> &counts() const { return m_bins; }
    uint64_t nonFinite() const { return m_nonFinite; }
    double binWidth() const { return 2 * m_limit / double(m_bins.size()); }
    double binCenter(size_t i) const { return -m_limit + (double(i) + 0.5) * binWidth(); }

    // The histogram of |x|: `bins() / 2` bins over [0, limit].
    std::vector<uint64_t> magnitudes() const;

private:
    void growTo(double magnitude);

    std::vector<uint64_t> m_bins;
    double m_limit = 0; // 0 until the first non-zero value
    uint64_t m_zeros = 0; // values seen while the range is still unknown (all exactly 0)
    uint64_t m_count = 0;
    uint64_t m_nonFinite = 0;
    double m_min = 0;
    double m_max = 0;
};

enum class CalibrationMethod
{
    MinMax,
    Percentile,
    Entropy,
    Mse,
};
const char *methodName(CalibrationMethod m); // "minmax", "percentile", "entropy", "mse"
bool methodFromName(const std::string &name, CalibrationMethod &out);

struct CalibrationOptions
{
    CalibrationMethod method = CalibrationMethod::MinMax;
    double percentile = 99.999; // percentile: the share of values kept, in %
    QuantType type = QuantType::Uint8;
    bool symmetric = false;
};

struct CalibratedRange
{
    double lo = 0;
    double hi = 0;
};

// The range to quantize, by the chosen method; [0, 0] for an empty histogram.
CalibratedRange calibratedRange(const TensorHistogram &h, const CalibrationOptions &options);
// The quantization parameters for that range.
QuantParams calibratedParams(const TensorHistogram &h, const CalibrationOptions &options);

// The expected squared error of quantize-dequantize over the histogram with `params`.
double expectedSquaredError(const TensorHistogram &h, const QuantParams &params);

} // namespace silica::quant
