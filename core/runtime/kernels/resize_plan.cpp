// Coordinates follow the ONNX reference implementation (onnx/reference/ops/op_resize.py),
// which produced the conformance data: "length_resized" in the coordinate formulas is input
// length × scale as a real number, not the rounded output length.

#include "core/runtime/kernels/resize_plan.h"

#include <algorithm>
#include <cmath>

namespace silica::runtime::resize {

namespace {

double cubicWeight(double x, double a)
{
    x = std::abs(x);
    if (x <= 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    if (x < 2.0)
        return ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a;
    return 0.0;
}

double originalCoordinate(const ResizeConfig &cfg, double x, double scale, int64_t inLen,
                          int64_t outLen, double roiStart, double roiEnd)
{
    const double resized = scale * double(inLen); // the reference's "output_width"
    const double in = double(inLen);
    switch (cfg.coord) {
    case Coord::HalfPixel:
        return (x + 0.5) / scale - 0.5;
    case Coord::HalfPixelSymmetric: {
        const double adjustment = double(outLen) / resized;
        const double offset = in / 2.0 * (1.0 - adjustment);
        return offset + (x + 0.5) / scale - 0.5;
    }
    case Coord::PytorchHalfPixel:
        return resized == 1.0 ? 0.0 : (x + 0.5) / scale - 0.5;
    case Coord::AlignCorners:
        return resized == 1.0 ? 0.0 : x * (in - 1.0) / (resized - 1.0);
    case Coord::Asymmetric:
        return x / scale;
    case Coord::TfHalfPixelForNN:
        return (x + 0.5) / scale;
    case Coord::TfCropAndResize:
        if (resized == 1.0)
            return (roiEnd - roiStart) * (in - 1.0) / 2.0 + roiStart * (in - 1.0);
        return x * (roiEnd - roiStart) * (in - 1.0) / (resized - 1.0) + roiStart * (in - 1.0);
    }
    return x;
}

} // namespace

AxisTaps planAxis(const ResizeConfig &cfg, int64_t inLen, int64_t outLen, double scale,
                  double roiStart, double roiEnd)
{
    AxisTaps axis;
    axis.inLen = inLen;
    axis.outLen = outLen;
    // Tap window: offsets start … start+taps-1 from floor(x). Antialiasing stretches the
    // kernel by 1/scale when shrinking (ONNX Resize-18 `antialias`).
    if (inLen <= 0 || outLen <= 0) {
        axis.identity = inLen == outLen;
        return axis;
    }
    // A non-empty output implies scale >= 0.5 / inLen, so the lower bound only keeps the tap
    // count finite for inputs that cannot occur.
    const double s = cfg.antialias ? std::clamp(scale, 0.25 / double(inLen + 1), 1.0) : 1.0;
    int start = 0;
    if (cfg.interp == Interp::Linear) {
        start = cfg.antialias ? int(std::floor(-1.0 / s) + 1.0) : 0;
        axis.taps = 2 - 2 * start;
    } else if (cfg.interp == Interp::Cubic) {
        start = cfg.antialias ? int(std::floor(-2.0 / s) + 1.0) : -1;
        axis.taps = 2 - 2 * start;
    }
    const size_t n = size_t(axis.taps);
    axis.index.assign(size_t(outLen) * n, 0);
    axis.weight.assign(size_t(outLen) * n, 0.0);
    axis.outside.assign(size_t(outLen), 0);
    bool identity = inLen == outLen;
    for (int64_t o = 0; o < outLen; ++o) {
        double x = originalCoordinate(cfg, double(o), scale, inLen, outLen, roiStart, roiEnd);
        if (!std::isfinite(x)) // a NaN / infinite roi
            x = cfg.coord == Coord::TfCropAndResize ? -1.0 : 0.0;
        int64_t *idx = axis.index.data() + size_t(o) * n;
        double *w = axis.weight.data() + size_t(o) * n;
        if (cfg.coord == Coord::TfCropAndResize && (x < 0.0 || x > double(inLen - 1))) {
            axis.outside[size_t(o)] = 1;
            identity = false;
            continue;
        }
        if (cfg.interp == Interp::Nearest) {
            double r = x;
            switch (cfg.rounding) {
            case Rounding::RoundPreferFloor:
                r = std::ceil(x - 0.5);
                break;
            case Rounding::RoundPreferCeil:
                r = std::floor(x + 0.5);
                break;
            case Rounding::Floor:
                r = std::floor(x);
                break;
            case Rounding::Ceil:
                r = std::ceil(x);
                break;
            case Rounding::Legacy:
                r = scale < 1.0 ? std::ceil(x) : std::floor(x);
                break;
            }
            idx[0] = std::clamp<int64_t>(int64_t(std::clamp(r, -1.0, double(inLen))), 0, inLen - 1);
            w[0] = 1.0;
            identity = identity && idx[0] == o;
            continue;
        }
        const double base = std::floor(x);
        const double ratio = x - base;
        double sum = 0.0;
        for (size_t k = 0; k < n; ++k) {
            const double offset = double(start) + double(k) - ratio; // tap position - x
            double weight;
            if (cfg.interp == Interp::Linear)
                weight = std::max(0.0, 1.0 - std::abs(offset * s));
            else
                weight = cubicWeight(offset * s, cfg.cubicA);
            const double pos = std::clamp(base + double(start) + double(k), -1.0, double(inLen));
            const int64_t at = int64_t(pos);
            if (cfg.excludeOutside && (at < 0 || at >= inLen))
                weight = 0.0;
            idx[k] = std::clamp<int64_t>(at, 0, inLen - 1);
            w[k] = weight;
            sum += weight;
        }
        // The antialiased kernels and exclude_outside renormalise the weights to sum to 1.
        if ((cfg.antialias || cfg.excludeOutside) && sum != 0.0)
            for (size_t k = 0; k < n; ++k)
                w[k] /= sum;
        for (size_t k = 0; k < n; ++k)
            if (w[k] != (idx[k] == o && k == size_t(-start) ? 1.0 : 0.0))
                identity = false;
    }
    axis.identity = identity;
    return axis;
}

} // namespace silica::runtime::resize
