#include "core/quant/calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace silica::quant {

TensorHistogram::TensorHistogram(size_t bins) : m_bins(std::max<size_t>(8, bins / 4 * 4), 0) {}

void TensorHistogram::growTo(double magnitude)
{
    // Double the range until it holds `magnitude`: bin j of [-L, L] lies inside bin
    // N/4 + j/2 of [-2L, 2L], so merging is exact.
    const size_t n = m_bins.size();
    while (magnitude >= m_limit) {
        std::vector<uint64_t> grown(n, 0);
        for (size_t j = 0; j < n; ++j)
            grown[n / 4 + j / 2] += m_bins[j];
        m_bins.swap(grown);
        m_limit *= 2;
    }
}

void TensorHistogram::add(const float *values, size_t count, const ParallelFor &parallel)
{
    // First the block's range (a loop the compiler vectorises), so the bins are grown at most
    // once per block; then the binning, without per-value branches.
    float lo = std::numeric_limits<float>::infinity(), hi = -lo, largest = 0;
    size_t finite = 0;
#pragma omp simd reduction(min : lo) reduction(max : hi, largest) reduction(+ : finite)
    for (size_t k = 0; k < count; ++k) {
        const float v = values[k];
        const bool ok = v - v == 0; // false for NaN and ±inf
        lo = std::min(lo, ok ? v : lo);
        hi = std::max(hi, ok ? v : hi);
        largest = std::max(largest, ok ? std::fabs(v) : 0.0f);
        finite += ok;
    }
    m_nonFinite += count - finite;
    if (finite == 0)
        return;
    m_min = m_count ? std::min(m_min, double(lo)) : double(lo);
    m_max = m_count ? std::max(m_max, double(hi)) : double(hi);
    m_count += finite;
    const size_t n = m_bins.size();
    if (m_limit == 0) {
        if (largest == 0) {
            m_zeros += finite;
            return;
        }
        // The first non-zero value sets the range; the zeros seen so far go to bin N/2.
        for (size_t k = 0; k < count; ++k)
            if (const float v = values[k]; v - v == 0 && v != 0) {
                m_limit = std::fabs(double(v)) * (1 + 1e-6);
                break;
            }
        m_bins[n / 2] += m_zeros;
        m_zeros = 0;
    }
    if (double(largest) >= m_limit)
        growTo(largest);
    // Bin indices a chunk at a time in float (vectorised), then the counting, into counts per
    // part of the values so parts can run on threads; non-finite values go to a spare bin
    // past the end.
    const float limit = float(m_limit), perBin = float(double(n) / (2 * m_limit));
    const float last = float(n - 1);
    constexpr int64_t kPart = 1 << 18;
    const int64_t parts = int64_t((count + kPart - 1) / kPart);
    std::vector<std::vector<uint32_t>> counts(static_cast<size_t>(parts));
    auto binPart = [&](int64_t part) {
        std::vector<uint32_t> &c = counts[size_t(part)];
        c.assign(n + 1, 0);
        constexpr size_t kChunk = 1024;
        uint32_t index[kChunk];
        const size_t partEnd = std::min(count, size_t(part + 1) * size_t(kPart));
        for (size_t begin = size_t(part) * size_t(kPart); begin < partEnd; begin += kChunk) {
            const size_t len = std::min(kChunk, partEnd - begin);
            const float *v = values + begin;
            for (size_t k = 0; k < len; ++k) {
                const float position = std::min(std::max((v[k] + limit) * perBin, 0.0f), last);
                index[k] = v[k] - v[k] == 0 ? uint32_t(position) : uint32_t(n);
            }
            for (size_t k = 0; k < len; ++k)
                ++c[index[k]];
        }
    };
    if (parallel && parts > 1)
        parallel(parts, 1, [&](int64_t begin, int64_t end) {
            for (int64_t part = begin; part < end; ++part)
                binPart(part);
        });
    else
        for (int64_t part = 0; part < parts; ++part)
            binPart(part);
    for (const std::vector<uint32_t> &c : counts)
        for (size_t j = 0; j < n; ++j)
            m_bins[j] += c[j];
}

void TensorHistogram::merge(const TensorHistogram &other)
{
    if (other.m_count == 0 && other.m_nonFinite == 0)
        return;
    m_nonFinite += other.m_nonFinite;
    if (other.m_count == 0)
        return;
    m_min = m_count ? std::min(m_min, other.m_min) : other.m_min;
    m_max = m_count ? std::max(m_max, other.m_max) : other.m_max;
    m_count += other.m_count;
    if (other.m_limit == 0) {
        if (m_limit == 0)
            m_zeros += other.m_zeros;
        else
            m_bins[m_bins.size() / 2] += other.m_zeros;
        return;
    }
    // Bring both to the wider range, then add bin by bin (re-binning the other's bins by
    // their centres when the widths differ).
    if (m_limit == 0) { // this one has seen only zeros (or nothing): take the other's bins
        const uint64_t zeros = m_zeros, count = m_count, nonFinite = m_nonFinite;
        const double lo = m_min, hi = m_max;
        *this = other;
        m_bins[m_bins.size() / 2] += zeros;
        m_count = count;
        m_nonFinite = nonFinite;
        m_min = lo;
        m_max = hi;
        return;
    }
    growTo(other.m_limit * (1 - 1e-12));
    const size_t n = m_bins.size();
    for (size_t j = 0; j < other.m_bins.size(); ++j) {
        if (!other.m_bins[j])
            continue;
        const double c = other.binCenter(j);
        const size_t bin = std::min(n - 1, size_t(std::max(0.0, (c + m_limit) / (2 * m_limit) * double(n))));
        m_bins[bin] += other.m_bins[j];
    }
}

std::vector<uint64_t> TensorHistogram::magnitudes() const
{
    const size_t half = m_bins.size() / 2;
    std::vector<uint64_t> m(half, 0);
    for (size_t k = 0; k < half; ++k)
        m[k] = m_bins[half + k] + m_bins[half - 1 - k];
    if (m_limit == 0 && !m.empty())
        m[0] += m_zeros;
    return m;
}

const char *methodName(CalibrationMethod m)
{
    switch (m) {
    case CalibrationMethod::MinMax:
        return "minmax";
    case CalibrationMethod::Percentile:
        return "percentile";
    case CalibrationMethod::Entropy:
        return "entropy";
    case CalibrationMethod::Mse:
        return "mse";
    }
    return "?";
}

bool methodFromName(const std::string &name, CalibrationMethod &out)
{
    for (CalibrationMethod m : {CalibrationMethod::MinMax, CalibrationMethod::Percentile, CalibrationMethod::Entropy,
                                CalibrationMethod::Mse})
        if (name == methodName(m)) {
            out = m;
            return true;
        }
    return false;
}

namespace {

// The value below which `fraction` of the histogram's mass lies (linear within a bin), over
// bins of `width` starting at `start`.
double quantile(const std::vector<uint64_t> &bins, double start, double width, double fraction)
{
    uint64_t total = 0;
    for (uint64_t c : bins)
        total += c;
    if (total == 0)
        return start;
    const double target = fraction * double(total);
    double seen = 0;
    for (size_t i = 0; i < bins.size(); ++i) {
        if (seen + double(bins[i]) >= target && bins[i] > 0)
            return start + width * (double(i) + (target - seen) / double(bins[i]));
        seen += double(bins[i]);
    }
    return start + width * double(bins.size());
}

// TensorRT-style entropy calibration over the magnitude histogram: the threshold (in bins)
// whose clipped distribution, quantized to `levels` levels, is closest in KL divergence.
size_t entropyThresholdBins(const std::vector<uint64_t> &m, size_t levels)
{
    const size_t bins = m.size();
    if (levels >= bins)
        return bins;
    size_t last = bins;
    while (last > levels && m[last - 1] == 0)
        --last; // nothing beyond the last non-empty bin changes the answer
    double best = std::numeric_limits<double>::infinity();
    size_t bestBins = last;
    std::vector<double> p, q;
    for (size_t i = levels; i <= last; ++i) {
        p.assign(m.begin(), m.begin() + long(i));
        double outliers = 0;
        for (size_t k = i; k < bins; ++k)
            outliers += double(m[k]);
        p.back() += outliers;
        // Quantize the first i bins into `levels` groups, spread each group's mass over its
        // non-empty bins.
        q.assign(i, 0);
        const double per = double(i) / double(levels);
        for (size_t g = 0; g < levels; ++g) {
            const size_t a = size_t(std::floor(double(g) * per));
            const size_t b = std::max(a + 1, size_t(std::floor(double(g + 1) * per)));
            double mass = 0;
            size_t nonEmpty = 0;
            for (size_t k = a; k < b && k < i; ++k) {
                mass += double(m[k]);
                nonEmpty += m[k] ? 1 : 0;
            }
            if (nonEmpty == 0)
                continue;
            for (size_t k = a; k < b && k < i; ++k)
                if (m[k])
                    q[k] = mass / double(nonEmpty);
        }
        double sp = 0, sq = 0;
        for (size_t k = 0; k < i; ++k) {
            sp += p[k];
            sq += q[k];
        }
        if (sp <= 0 || sq <= 0)
            continue;
        double kl = 0;
        for (size_t k = 0; k < i; ++k) {
            if (p[k] <= 0)
                continue;
            const double pk = p[k] / sp;
            const double qk = std::max(q[k] / sq, 1e-12); // smoothing: an outlier bin Q left empty
            kl += pk * std::log(pk / qk);
        }
        if (kl < best) {
            best = kl;
            bestBins = i;
        }
    }
    return bestBins;
}

CalibratedRange symmetricClip(const TensorHistogram &h, double threshold)
{
    return {std::max(h.min(), -threshold), std::min(h.max(), threshold)};
}

} // namespace

double expectedSquaredError(const TensorHistogram &h, const QuantParams &params)
{
    const QuantRange r = rangeOf(params.type);
    const double lo = dequantize(r.min, params), hi = dequantize(r.max, params);
    const double rounding = double(params.scale) * double(params.scale) / 12;
    double sum = 0;
    for (size_t i = 0; i < h.bins(); ++i) {
        if (!h.counts()[i])
            continue;
        const double c = h.binCenter(i);
        // Inside the representable range the rounding error is uniform; outside, the clip.
        const double e = c < lo ? (lo - c) * (lo - c) : c > hi ? (c - hi) * (c - hi) : rounding;
        sum += e * double(h.counts()[i]);
    }
    return h.count() ? sum / double(h.count()) : 0;
}

CalibratedRange calibratedRange(const TensorHistogram &h, const CalibrationOptions &options)
{
    if (h.empty())
        return {};
    const double absMax = std::max(std::fabs(h.min()), std::fabs(h.max()));
    switch (options.method) {
    case CalibrationMethod::MinMax:
        break;
    case CalibrationMethod::Percentile: {
        const double keep = std::clamp(options.percentile, 0.0, 100.0) / 100;
        if (options.symmetric) {
            const std::vector<uint64_t> m = h.magnitudes();
            return symmetricClip(h, quantile(m, 0, h.limit() / double(m.size()), keep));
        }
        const double tail = (1 - keep) / 2;
        const double lo = quantile(h.counts(), -h.limit(), h.binWidth(), tail);
        const double hi = quantile(h.counts(), -h.limit(), h.binWidth(), 1 - tail);
        return {std::max(h.min(), lo), std::min(h.max(), hi)};
    }
    case CalibrationMethod::Entropy: {
        std::vector<uint64_t> m = h.magnitudes();
        // The first bin holds the exact zeros (half of every ReLU output): left in, it makes
        // the finest grouping (the smallest threshold) look best whatever the tail holds.
        if (!m.empty())
            m[0] = 0;
        const QuantRange r = rangeOf(options.type);
        // Codes available over [0, T]: all of an unsigned type's for data that is never
        // negative, half of them otherwise.
        const int64_t codes = int64_t(r.max) - int64_t(r.min) + 1;
        const bool oneSided = h.min() >= 0 && r.min == 0 && !options.symmetric;
        const size_t levels = size_t(oneSided ? codes : codes / 2);
        const size_t bins = entropyThresholdBins(m, levels);
        return symmetricClip(h, std::min(absMax, double(bins) * h.limit() / double(m.size())));
    }
    case CalibrationMethod::Mse: {
        // Shrink the observed range step by step; keep the one with the least expected error.
        constexpr int kSteps = 200;
        CalibratedRange best{h.min(), h.max()};
        double bestError = std::numeric_limits<double>::infinity();
        for (int k = kSteps; k >= 1; --k) {
            const double f = double(k) / kSteps;
            const CalibratedRange candidate =
                options.symmetric ? symmetricClip(h, absMax * f) : CalibratedRange{h.min() * f, h.max() * f};
            const double e = expectedSquaredError(
                h, paramsForRange(candidate.lo, candidate.hi, options.type, options.symmetric));
            if (e < bestError) {
                bestError = e;
                best = candidate;
            }
        }
        return best;
    }
    }
    return {h.min(), h.max()};
}

QuantParams calibratedParams(const TensorHistogram &h, const CalibrationOptions &options)
{
    const CalibratedRange r = calibratedRange(h, options);
    return paramsForRange(r.lo, r.hi, options.type, options.symmetric);
}

} // namespace silica::quant
